//! `POST /speech`: Our Voice's voice with the start time of every word.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{spawn_app, Person};

const POST: &str = "I went to the park with my friend Sam. We had 2 ice creams and saw 14 ducks. It was a lovely day, a lovely lovely day!";

/// Asks for `text` to be spoken; `extra` is `&voice=…&rate=…` as in a
/// query, turned into the JSON body's fields.
async fn speak(person: &Person, text: &str, extra: &str) -> reqwest::Response {
    let mut body = serde_json::json!({ "text": text });
    for pair in extra.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').expect("name=value");
        body[name] = Value::from(value);
    }
    person.post_json("/speech", &body).await
}

/// Sample rate and number of samples of a 16-bit mono WAV.
fn wav_samples(bytes: &[u8]) -> (u32, usize) {
    ourvoice::speech::wav::describe(bytes).expect("a 16-bit mono PCM WAV")
}

#[tokio::test]
async fn a_post_is_spoken_with_one_time_per_word_inside_the_audio() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let response = speak(&sam, POST, "&voice=en-gb&rate=slower").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        !response.headers().contains_key("x-speech-cache"),
        "whether the cache answered is not told"
    );
    let speech: Value = response.json().await.expect("json");
    let words = speech["words"].as_array().expect("words");
    let expected: Vec<&str> = POST.split_whitespace().collect();
    let got: Vec<&str> = words
        .iter()
        .map(|w| w["text"].as_str().expect("text"))
        .collect();
    assert_eq!(got, expected, "one timing per word, in order");
    let starts: Vec<u64> = words
        .iter()
        .map(|w| w["start_ms"].as_u64().expect("ms"))
        .collect();
    assert_eq!(starts[0], 0);
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "times go forward: {starts:?}"
    );

    let audio = sam.get(speech["audio"].as_str().expect("audio url")).await;
    assert_eq!(audio.status(), StatusCode::OK);
    assert_eq!(audio.headers()["content-type"], "audio/wav");
    let bytes = audio.bytes().await.expect("audio");
    let (rate, samples) = wav_samples(&bytes);
    let length_ms = samples as u64 * 1000 / u64::from(rate);
    assert_eq!(speech["duration_ms"].as_u64(), Some(length_ms));
    assert!(*starts.last().expect("a word") < length_ms);
    // Slower speech: about 120 words a minute, so 27 words take a while.
    assert!(length_ms > 9_000, "{length_ms} ms");
    // Sound, not silence, in the middle of the audio.
    let middle = &bytes[44 + samples..44 + samples + 4_000];
    assert!(middle.iter().any(|&b| b != 0 && b != 0xff));
}

#[tokio::test]
async fn a_repeat_comes_from_the_cache_without_running_espeak() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let first = speak(&alex, "See you at the café at 3 pm.", "").await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.expect("json");
    assert_eq!(app.speech.syntheses(), 1);
    // Someone else asks for the same words: same answer, engine not run.
    let sam = app.signed_in("sam").await;
    let again = speak(
        &sam,
        "See you at the café at 3 pm.",
        "&voice=en-gb&rate=normal",
    )
    .await;
    let again: Value = again.json().await.expect("json");
    assert_eq!(again, first);
    assert_eq!(app.speech.syntheses(), 1, "the cache answered");
    // Another voice or speed is new sound.
    let faster = speak(&sam, "See you at the café at 3 pm.", "&rate=faster").await;
    let faster: Value = faster.json().await.expect("json");
    assert!(faster["duration_ms"].as_u64() < first["duration_ms"].as_u64());
    let welsh = speak(&sam, "See you at the café at 3 pm.", "&voice=cy").await;
    assert_eq!(welsh.status(), StatusCode::OK);
    assert_eq!(app.speech.syntheses(), 3);
}

#[tokio::test]
async fn refusals_are_easy_read_and_run_nothing() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let cases: [(String, &str, &str); 6] = [
        (
            "word ".repeat(201),
            "",
            "That is a lot to read aloud at once. Try fewer words.",
        ),
        (
            "Hello".into(),
            "&voice=robot",
            "We do not have that voice. Choose another one.",
        ),
        (
            "Hello".into(),
            "&voice=en-gb%3B%20rm%20-rf%20%2F",
            "We do not have that voice. Choose another one.",
        ),
        (
            "Hello".into(),
            "&rate=ludicrous",
            "Choose slower, normal or faster.",
        ),
        (" ... ! ".into(), "", "There are no words to read aloud."),
        (String::new(), "", "There are no words to read aloud."),
    ];
    for (text, extra, message) in cases {
        let response = speak(&sam, &text, extra).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{extra}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["message"], message);
    }
    // Exactly 1,000 characters is allowed.
    let most = format!("{}.", "a".repeat(999));
    assert_eq!(speak(&sam, &most, "").await.status(), StatusCode::OK);
    assert_eq!(app.speech.syntheses(), 1);

    let visitor = app.visitor();
    let response = speak(&visitor, "Hello", "").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["message"], "Please sign in first.");
    assert_eq!(app.speech.syntheses(), 1);
    // The audio needs a sign-in too, and only cache names are served.
    let first: Value = speak(&sam, "Hello there", "")
        .await
        .json()
        .await
        .expect("json");
    let url = first["audio"].as_str().expect("audio url");
    assert_eq!(visitor.get(url).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        sam.get("/speech/..%2F..%2Fourvoice.db.wav").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sam.get(&format!("/speech/{}.wav", "0".repeat(64)))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn fifty_wait_and_the_next_hears_a_clear_busy() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    // 70 different long texts at once: the engine makes one at a time, so
    // at most 50 may wait; the rest are told to try again.
    let requests = (0..70).map(|n| {
        let text = format!(
            "Number {n}. {}",
            "We are all going on a long walk by the river today. ".repeat(18)
        );
        let sam = &sam;
        async move {
            let response = speak(sam, text.trim(), "").await;
            let status = response.status();
            let body: Value = response.json().await.expect("json");
            (status, body)
        }
    });
    let answers = futures::future::join_all(requests).await;
    let spoken = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert_eq!(spoken + busy.len(), 70, "only spoken or busy");
    assert!(!busy.is_empty(), "the 51st is refused");
    assert!(spoken >= 50, "fifty may wait: {spoken}");
    for (_, body) in busy {
        assert_eq!(
            body["message"],
            "Lots of people are listening now. Try again in a moment."
        );
    }
    assert_eq!(
        app.speech.syntheses(),
        spoken as u64,
        "no work for refused requests"
    );
    // Once the queue is empty, speech works again.
    assert_eq!(
        speak(&sam, "Hello again", "").await.status(),
        StatusCode::OK
    );
}

async fn id_of(person: &Person) -> String {
    person.me().await["person_id"]
        .as_str()
        .expect("person id")
        .to_string()
}

async fn own_settings(person: &Person) -> Value {
    let response = person.call("speech/settings", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn settings(voice: &str, rate: &str, speak_on_tap: bool) -> Value {
    serde_json::json!({
        "source": "our_voice",
        "voice": voice,
        "rate": rate,
        "speak_on_tap": speak_on_tap,
        "highlight": true
    })
}

#[tokio::test]
async fn settings_are_saved_per_person_and_a_supporter_sets_them_for_an_author() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let sam_id = id_of(&sam).await;

    // Everyone starts with the defaults: Our Voice chooses, normal speed.
    let mine: Value = own_settings(&sam).await;
    assert_eq!(mine["source"], "auto");
    assert_eq!(mine["rate"], "normal");
    assert_eq!(mine["speak_on_tap"], true);

    // Sam turns speaking on tap off (quiet building).
    let body =
        serde_json::json!({ "person_id": null, "settings": settings("en-gb-2", "faster", false) });
    let response = sam.call_json("speech/save-settings", body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mine: Value = own_settings(&sam).await;
    assert_eq!(mine, settings("en-gb-2", "faster", false));

    // Alex supports Sam's account: sees and changes Sam's settings.
    let response = alex
        .call("speech/settings-for", &[("person_id", &sam_id)])
        .await;
    let seen: Value = response.json().await.expect("json");
    assert_eq!(seen["voice"], "en-gb-2");
    let body =
        serde_json::json!({ "person_id": sam_id, "settings": settings("en-gb", "slower", false) });
    assert_eq!(
        alex.call_json("speech/save-settings", body).await.status(),
        StatusCode::OK
    );
    let mine: Value = own_settings(&sam).await;
    assert_eq!(mine["rate"], "slower");
    // Alex's own settings did not change.
    let alexs: Value = own_settings(&alex).await;
    assert_eq!(alexs["rate"], "normal");
}

#[tokio::test]
async fn settings_refusals_change_nothing() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let alex = app.signed_in("alex").await;
    let sam_id = id_of(&sam).await;
    let alex_id = id_of(&alex).await;
    let before: Value = own_settings(&sam).await;
    let change =
        serde_json::json!({ "person_id": sam_id, "settings": settings("cy", "faster", false) });

    let visitor = app.visitor();
    let upward =
        serde_json::json!({ "person_id": alex_id, "settings": settings("cy", "faster", false) });
    let robot =
        serde_json::json!({ "person_id": null, "settings": settings("robot", "normal", true) });
    let read_sams = serde_json::json!({ "person_id": sam_id });
    let refused: [(&str, &Person, &str, &Value, StatusCode); 8] = [
        (
            "signed out",
            &visitor,
            "speech/settings",
            &Value::Null,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "signed out",
            &visitor,
            "speech/save-settings",
            &change,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "another co-producer",
            &robin,
            "speech/save-settings",
            &change,
            StatusCode::FORBIDDEN,
        ),
        (
            "another co-producer",
            &robin,
            "speech/settings-for",
            &read_sams,
            StatusCode::FORBIDDEN,
        ),
        (
            "another account's supporter",
            &casey,
            "speech/save-settings",
            &change,
            StatusCode::FORBIDDEN,
        ),
        (
            "another account's supporter",
            &casey,
            "speech/settings-for",
            &read_sams,
            StatusCode::FORBIDDEN,
        ),
        (
            "an author for their supporter",
            &sam,
            "speech/save-settings",
            &upward,
            StatusCode::FORBIDDEN,
        ),
        (
            "an unknown voice",
            &sam,
            "speech/save-settings",
            &robot,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (who, person, endpoint, body, status) in refused {
        let body = if body.is_null() {
            serde_json::json!({})
        } else {
            body.clone()
        };
        let response = person.call_json(endpoint, body).await;
        assert_eq!(response.status(), status, "{who}: {endpoint}");
    }
    // A cross-site request from someone who may change them.
    let response = alex
        .call_with_header(
            "speech/save-settings",
            ("origin", "https://evil.example"),
            &change,
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let after: Value = own_settings(&sam).await;
    assert_eq!(after, before, "nothing changed");
}

#[tokio::test]
async fn the_words_go_in_the_body_never_in_the_address() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    // The old address with the words in it speaks nothing.
    let old = sam
        .get("/speech?text=Call%20me%20on%2007700%20900123")
        .await;
    assert_eq!(old.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(app.speech.syntheses(), 0);

    // A body far over the limit is refused before it is read whole.
    let huge = serde_json::json!({ "text": "a ".repeat(20_000) });
    let response = sam.post_json("/speech", &huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["message"],
        "That is a lot to read aloud at once. Try fewer words."
    );

    // A body that is not the right shape gets a clear message.
    let response = sam
        .http
        .post(format!("{}/speech", sam.base))
        .header("content-type", "application/json")
        .body("{\"words\": 1}")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["message"], "We could not read that. Please try again.");
    assert_eq!(app.speech.syntheses(), 0);
}
