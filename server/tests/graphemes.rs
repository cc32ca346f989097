//! The browser-side grapheme count (no Unicode tables, to keep the page
//! small) agrees with the full Unicode rules on the text posts carry.

use app::domain::reach::graphemes;
use unicode_segmentation::UnicodeSegmentation;

#[test]
fn the_light_count_matches_unicode_on_post_text() {
    let samples = [
        "We went to the park. It was fun!",
        "Café crème, naïve façade, Zoë",
        "Thank you 🙏🏽 to everyone 👨‍👩‍👧‍👦 who came 🎉🎉",
        "Flags: 🇬🇧 🇮🇪 🏴󠁧󠁢󠁷󠁬󠁳󠁿 and hearts ❤️ 💙",
        "Numbers 1️⃣ 2️⃣ and #️⃣",
        "Line one\r\nLine two\nLine three",
        "Ünïcödé with combining: e\u{301} a\u{308} o\u{302}\u{323}",
        "Skin tones 👋🏻 👋🏼 👋🏽 👋🏾 👋🏿 and 🧑🏽‍🦽 and 🏳️‍🌈",
        "Emoji sequence 🧑‍🤝‍🧑 and 👩🏽‍💻",
        "Ελληνικά, Русский, Polski: zażółć gęślą jaźń",
    ];
    for text in samples {
        assert_eq!(graphemes(text), text.graphemes(true).count(), "{text}");
    }
}
