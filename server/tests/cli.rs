//! The command-line tools, run as a person would run them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn ourvoice(args: &[&str]) -> Output {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    Command::new(env!("CARGO_BIN_EXE_ourvoice"))
        .args(args)
        .current_dir(&repo)
        .env("OURVOICE_SYMBOLS", repo.join("assets/symbols"))
        .output()
        .expect("ourvoice runs")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on standard output")
}

fn jpeg(path: &Path, width: u32, height: u32) {
    image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 60])
    })
    .save(path)
    .expect("fixture");
}

#[test]
fn check_text_prints_every_hint_as_json() {
    let out = json(&ourvoice(&[
        "check-text",
        "Please don't attend the NHS meeting. The cake was made by three people.",
    ]));
    let hints = out["hints"].as_array().expect("hints");
    let rules: Vec<&str> = hints
        .iter()
        .map(|h| h["rule"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        rules,
        vec![
            "negative",
            "hard_word",
            "acronym",
            "passive",
            "number_as_words"
        ]
    );
    assert_eq!(hints[2]["text"], "NHS");
    assert_eq!(hints[2]["message"], "Say what NHS means.");
    let long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
    let out = json(&ourvoice(&["check-text", long]));
    assert_eq!(out["hints"][0]["rule"], "long_sentence");
    assert_eq!(out["hints"][0]["text"], long);
    let out = json(&ourvoice(&["check-text", "We went to the park."]));
    assert_eq!(out, serde_json::json!({"hints": [], "safeguarding": []}));
}

#[test]
fn check_text_lists_personal_details() {
    let out = json(&ourvoice(&[
        "check-text",
        "Ring Sam Smith on 07700 900123 or sam@example.org. NHS number 943 476 5919, born 12/03/1985, at 14 Elm Road, LS1 4AP.",
    ]));
    let found: Vec<(String, String)> = out["safeguarding"]
        .as_array()
        .expect("safeguarding")
        .iter()
        .map(|f| {
            assert_eq!(
                f.as_object().map(|o| o.len()),
                Some(2),
                "kind and text only"
            );
            (
                f["kind"].as_str().unwrap_or("").to_string(),
                f["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [
        ("full_name", "Sam Smith"),
        ("phone", "07700 900123"),
        ("email", "sam@example.org"),
        ("nhs_number", "943 476 5919"),
        ("date_of_birth", "12/03/1985"),
        ("address", "14 Elm Road"),
        ("postcode", "LS1 4AP"),
    ];
    assert_eq!(found, expected.map(|(k, t)| (k.to_string(), t.to_string())));
    let out = json(&ourvoice(&["check-text", "We are on Ward 12 in 2026."]));
    assert_eq!(out["safeguarding"], serde_json::json!([]));
}

#[test]
fn symbolise_prints_tokens_with_symbols_and_alternatives() {
    let out = json(&ourvoice(&["symbolise", "I went to the park"]));
    let tokens = out["tokens"].as_array().expect("tokens");
    assert_eq!(tokens.len(), 5);
    assert_eq!(tokens[1]["word"], "went");
    assert_eq!(tokens[1]["symbol"]["set"], "mulberry");
    assert_eq!(tokens[1]["symbol"]["id"], "go_,_to");
    assert_eq!(tokens[1]["symbol"]["label"], "go");
    assert!(tokens[2]["symbol"].is_null());
    assert!(
        tokens[4]["alternatives"]
            .as_array()
            .expect("alternatives")
            .len()
            > 1
    );
    for alternative in tokens[4]["alternatives"].as_array().expect("list") {
        assert!(
            alternative["set"].is_string()
                && alternative["id"].is_string()
                && alternative["label"].is_string()
        );
    }
}

#[test]
fn card_draws_a_png_under_a_megabyte() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("card.png");
    let result = ourvoice(&[
        "card",
        "--text",
        "I went to the park",
        out.to_str().expect("path"),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let bytes = std::fs::read(&out).expect("card written");
    assert!(bytes.len() <= 1_000_000);
    let image = image::load_from_memory(&bytes).expect("png");
    assert_eq!(image.width(), 1200);
}

#[test]
fn photo_writes_a_small_upright_jpeg() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let input = dir.path().join("in.jpg");
    let output = dir.path().join("out.jpg");
    jpeg(&input, 2400, 1800);
    let result = ourvoice(&[
        "photo",
        input.to_str().expect("path"),
        output.to_str().expect("path"),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let image = image::open(&output).expect("jpeg");
    assert_eq!((image.width(), image.height()), (1600, 1200));
}

#[test]
fn photo_refuses_a_bad_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let input = dir.path().join("holiday.jpg");
    let output = dir.path().join("out.jpg");
    std::fs::write(&input, "not a picture").expect("fixture");
    let result = ourvoice(&[
        "photo",
        input.to_str().expect("path"),
        output.to_str().expect("path"),
    ]);
    assert!(!result.status.success());
    assert!(String::from_utf8_lossy(&result.stderr)
        .contains("This picture did not work. Try another one."));
    assert!(!output.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no partial file"
    );

    let missing = ourvoice(&[
        "photo",
        "/nonexistent/in.jpg",
        output.to_str().expect("path"),
    ]);
    assert!(!missing.status.success());
    assert!(!output.exists());
}

/// Runs `ourvoice` and returns whether it succeeded and its peak memory in
/// bytes, from the kernel's own count for the finished child.
#[allow(clippy::zombie_processes)] // waited for with wait4, which std cannot see
fn peak_memory(args: &[&str]) -> (bool, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_ourvoice"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("ourvoice starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (success, usage.ru_maxrss as u64 * 1024)
}

#[test]
fn hostile_pictures_are_refused_within_bounded_memory() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = dir.path().join("out.jpg");
    // 48 megapixels of black in a small PNG, and a header claiming
    // 30,000 x 30,000 pixels.
    let bomb = dir.path().join("bomb.png");
    image::GrayImage::new(8000, 6000).save(&bomb).expect("bomb");
    assert!(std::fs::metadata(&bomb).expect("size").len() < 1_000_000);
    let huge = dir.path().join("huge.jpg");
    let mut header = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    header.extend_from_slice(&30_000u16.to_be_bytes());
    header.extend_from_slice(&30_000u16.to_be_bytes());
    header.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    std::fs::write(&huge, header).expect("header");
    for input in [&bomb, &huge] {
        let (success, peak) = peak_memory(&[
            "photo",
            input.to_str().expect("path"),
            output.to_str().expect("path"),
        ]);
        assert!(!success, "{} was refused", input.display());
        assert!(
            peak < 100 * 1024 * 1024,
            "{}: peak {peak} bytes",
            input.display()
        );
        assert!(!output.exists());
    }
    // A real 12-megapixel photo stays well under 200 MB too.
    let big = dir.path().join("big.jpg");
    jpeg(&big, 4000, 3000);
    let (success, peak) = peak_memory(&[
        "photo",
        big.to_str().expect("path"),
        output.to_str().expect("path"),
    ]);
    assert!(success);
    assert!(peak < 200 * 1024 * 1024, "peak {peak} bytes");
}

#[test]
fn speak_writes_a_wav_and_the_time_of_each_word() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let wav = dir.path().join("post.wav");
    let timings = dir.path().join("post.json");
    let text = "Come to our café on Friday at 2 pm. Bring a friend, bring a friend!";
    let output = ourvoice(&[
        "speak",
        text,
        wav.to_str().expect("path"),
        "--timings",
        timings.to_str().expect("path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&wav).expect("the WAV was written");
    let (rate, samples) = ourvoice::speech::wav::describe(&bytes).expect("16-bit mono PCM");
    let length_ms = samples as u64 * 1000 / u64::from(rate);
    let json: Value =
        serde_json::from_slice(&std::fs::read(&timings).expect("timings")).expect("JSON");
    assert_eq!(json["duration_ms"].as_u64(), Some(length_ms));
    let words = json["words"].as_array().expect("words");
    let texts: Vec<&str> = words
        .iter()
        .map(|w| w["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(texts, text.split_whitespace().collect::<Vec<_>>());
    let starts: Vec<u64> = words
        .iter()
        .map(|w| w["start_ms"].as_u64().expect("ms"))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    assert!(*starts.last().expect("words") < length_ms);

    // Without --timings only the sound is written; a slower rate is longer.
    let slow = dir.path().join("slow.wav");
    let output = ourvoice(&[
        "speak",
        text,
        slow.to_str().expect("path"),
        "--rate",
        "slower",
    ]);
    assert!(output.status.success());
    let (_, slow_samples) =
        ourvoice::speech::wav::describe(&std::fs::read(&slow).expect("wav")).expect("wav");
    assert!(slow_samples > samples);
}

#[test]
fn speak_refuses_bad_input_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let wav = dir.path().join("out.wav");
    let long = "word ".repeat(250);
    for args in [
        vec!["speak", "Hello", "VOICE", "--voice", "robot"],
        vec!["speak", "Hello", "VOICE", "--rate", "ludicrous"],
        vec!["speak", long.as_str(), "VOICE"],
        vec!["speak", " ... ", "VOICE"],
    ] {
        let args: Vec<&str> = args
            .into_iter()
            .map(|a| {
                if a == "VOICE" {
                    wav.to_str().expect("path")
                } else {
                    a
                }
            })
            .collect();
        let output = ourvoice(&args);
        assert!(!output.status.success(), "{args:?}");
        assert!(!String::from_utf8_lossy(&output.stderr).trim().is_empty());
        assert!(!wav.exists(), "nothing written for {args:?}");
    }
}
