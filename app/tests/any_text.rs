//! Every text rule on any text: no panics, places that point at the words
//! they name, and Bluesky lengths that are Unicode's grapheme count.

use app::domain::{easy_read, hashtags, reach, safeguarding, speech, symbolise, words};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces that have broken text rules before: every kind of space, marks,
/// joiners, flags, right-to-left scripts, numbers and addresses.
const PIECES: &[&str] = &[
    " ",
    "\u{a0}",
    "\u{2009}",
    "\u{3000}",
    "\t",
    "\n",
    "\r\n",
    "\u{2028}",
    "\u{200b}",
    "\u{200d}",
    "\u{200f}",
    "\u{301}",
    "\u{308}",
    "\u{fe0f}",
    "👨‍👩‍👧‍👦",
    "🇬🇧",
    "🇵🇰",
    "👍🏽",
    "1️⃣",
    "❤️",
    "हम पार्क गए",
    "ਅਸੀਂ ਪਾਰਕ ਗਏ",
    "ہم پارک گئے۔",
    "ذَهَبْنَا",
    "הָלַכְנוּ",
    "เราไปสวน",
    "한국",
    "Call",
    "Ann",
    "Lee",
    "Sarah",
    "Jones",
    "14",
    "Elm",
    "Road",
    "LS1",
    "4AP",
    "0113",
    "496",
    "0000",
    "07700",
    "900123",
    "+44",
    "(0)",
    "943 476 5919",
    "born",
    "3rd",
    "March",
    "1990",
    "12/03/1985",
    "#Leeds",
    "#",
    "https://x.org/a",
    "sam@example.org",
    ".",
    "!",
    "?",
    ",",
    "£",
    "'",
    "“",
    "”",
    "-",
    "café",
    "went",
    "mother",
];

fn hard_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![hard_text(), any::<String>(), "\\PC{0,200}"]
}

/// The corpus of hard texts with Unicode's grapheme counts, shared with the
/// browser's check (`end2end/tests/unicode.spec.js`).
fn corpus() -> Vec<(String, String, usize)> {
    let raw = include_str!("../../tests/corpus/hard-text.json");
    let items: Vec<serde_json::Value> = serde_json::from_str(raw).expect("corpus");
    items
        .into_iter()
        .map(|item| {
            (
                item["name"].as_str().expect("name").to_string(),
                item["text"].as_str().expect("text").to_string(),
                usize::try_from(item["graphemes"].as_u64().expect("count")).expect("count"),
            )
        })
        .collect()
}

/// Runs every rule on `text` and checks what each says about places.
fn every_rule_holds(text: &str) {
    for finding in safeguarding::check(text) {
        assert_eq!(
            text.get(finding.start..finding.end),
            Some(finding.text.as_str()),
            "{finding:?} in {text:?}"
        );
    }
    for sentence in easy_read::sentences(text) {
        assert!(text.contains(sentence), "{sentence:?} in {text:?}");
    }
    let _ = easy_read::check(text);
    for (start, end, tag) in hashtags::hashtag_spans(text) {
        assert_eq!(text.get(start..end), Some(format!("#{tag}").as_str()));
    }
    assert_eq!(
        reach::graphemes(text),
        text.graphemes(true).count(),
        "{text:?}"
    );
    for target in [
        reach::Target::Feed,
        reach::Target::Mastodon { limit: 500 },
        reach::Target::Bluesky,
    ] {
        let _ = target.room(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let spoken = speech::spoken_words(text);
    for word in &spoken {
        let shown: String = chars[word.start..word.end].iter().collect();
        assert_eq!(shown, word.text);
    }
    let marks: Vec<(usize, u32)> = spoken
        .iter()
        .enumerate()
        .map(|(i, w)| (w.start, u32::try_from(i).unwrap_or(0) * 300))
        .collect();
    let starts = speech::align(&spoken, &marks, 600_000);
    assert_eq!(starts.len(), spoken.len());
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    let units = text.encode_utf16().count();
    assert!(speech::char_from_utf16(text, units) <= chars.len());
    for (_, word) in symbolise::tile_words(text) {
        assert!(text.contains(word), "{word:?} in {text:?}");
        let _ = words::stem(word);
        let _ = symbolise::is_content_word(word);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn no_rule_panics_and_every_place_is_right(text in any_text()) {
        every_rule_holds(&text);
    }
}

#[test]
fn the_hard_texts_pass_every_rule_and_count_as_unicode_does() {
    for (name, text, graphemes) in corpus() {
        every_rule_holds(&text);
        assert_eq!(reach::graphemes(&text), graphemes, "{name}");
    }
}

#[test]
fn text_of_ten_thousand_characters_passes_every_rule() {
    let long: String = PIECES.iter().cycle().take(3_000).copied().collect();
    let long: String = long.chars().take(10_000).collect();
    assert_eq!(long.chars().count(), 10_000);
    every_rule_holds(&long);
}

#[test]
fn thin_spaces_hide_no_personal_details_and_break_nothing() {
    let text =
        "Call Ann\u{2009}Lee now on 0113\u{2009}496\u{2009}0000 at 3\u{2009}High\u{2009}Street";
    let found: Vec<(safeguarding::Kind, &str)> = safeguarding::check(text)
        .into_iter()
        .map(|f| (f.kind, &text[f.start..f.end]))
        .collect();
    assert_eq!(
        found,
        vec![
            (safeguarding::Kind::FullName, "Ann\u{2009}Lee"),
            (safeguarding::Kind::Phone, "0113\u{2009}496\u{2009}0000"),
            (safeguarding::Kind::Address, "3\u{2009}High\u{2009}Street"),
        ]
    );
}

#[test]
fn no_break_spaces_highlight_the_right_words() {
    let text = "Sarah\u{a0}Jones lives at 14\u{a0}Elm Road";
    let found: Vec<String> = safeguarding::check(text)
        .into_iter()
        .map(|f| f.text)
        .collect();
    assert_eq!(found, ["Sarah\u{a0}Jones", "14\u{a0}Elm Road"]);
}
