//! Room left on each place a post goes to, by that network's own rule:
//! Mastodon counts characters with every link as 23; Bluesky counts
//! graphemes (what a reader sees as one letter or emoji), at most 300; the
//! built-in feed has no limit.

use serde::{Deserialize, Serialize};

/// Mastodon's default post length.
pub const MASTODON_DEFAULT_LIMIT: usize = 500;
/// Every link counts as this many characters on Mastodon.
pub const MASTODON_LINK_LENGTH: usize = 23;
/// Bluesky's post length, in graphemes.
pub const BLUESKY_LIMIT: usize = 300;
/// "Nearly full" from this share of the limit.
pub const NEARLY_FULL_PERCENT: usize = 90;

/// A place an account publishes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "network")]
pub enum Target {
    Feed,
    Mastodon { limit: usize },
    Bluesky,
}

impl Target {
    /// Reads an account's list, e.g. `feed mastodon:500 bluesky`. Unknown
    /// words are skipped.
    pub fn parse_list(list: &str) -> Vec<Target> {
        list.split_whitespace()
            .filter_map(|item| match item.split_once(':') {
                None if item == "feed" => Some(Target::Feed),
                None if item == "bluesky" => Some(Target::Bluesky),
                None if item == "mastodon" => Some(Target::Mastodon {
                    limit: MASTODON_DEFAULT_LIMIT,
                }),
                Some(("mastodon", limit)) => limit
                    .parse()
                    .ok()
                    .filter(|&l| l > 0)
                    .map(|limit| Target::Mastodon { limit }),
                _ => None,
            })
            .collect()
    }

    /// The most this place takes, if it has a limit.
    pub fn limit(self) -> Option<usize> {
        match self {
            Target::Feed => None,
            Target::Mastodon { limit } => Some(limit),
            Target::Bluesky => Some(BLUESKY_LIMIT),
        }
    }

    /// How long `text` is by this place's rule.
    pub fn length(self, text: &str) -> usize {
        match self {
            Target::Feed => text.chars().count(),
            Target::Mastodon { .. } => mastodon_length(text),
            Target::Bluesky => graphemes(text),
        }
    }

    /// How full the post is on this place.
    pub fn room(self, text: &str) -> Room {
        let used = self.length(text);
        let level = match self.limit() {
            None => Level::Fits,
            Some(limit) if used > limit => Level::TooLong,
            Some(limit) if used * 100 >= limit * NEARLY_FULL_PERCENT => Level::NearlyFull,
            Some(_) => Level::Fits,
        };
        Room {
            target: self,
            used,
            limit: self.limit(),
            level,
        }
    }
}

/// The picture a meter shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Fits,
    NearlyFull,
    TooLong,
}

/// One meter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub target: Target,
    pub used: usize,
    pub limit: Option<usize>,
    pub level: Level,
}

/// Characters, with each `http://` or `https://` link counted as 23.
pub fn mastodon_length(text: &str) -> usize {
    text.split_inclusive(char::is_whitespace)
        .map(|piece| {
            let word = piece.trim_end_matches(char::is_whitespace);
            let space = piece.chars().count() - word.chars().count();
            let is_link = (word.starts_with("http://") || word.starts_with("https://"))
                && word.len() > "https://".len();
            space
                + if is_link {
                    MASTODON_LINK_LENGTH
                } else {
                    word.chars().count()
                }
        })
        .sum()
}

/// Graphemes as Unicode counts them (UAX #29: what a reader sees as one
/// letter or emoji), as Bluesky does. On the server, where the check that
/// decides is made, with `unicode-segmentation`; in the browser with its
/// own `Intl.Segmenter`, which agrees (both are tested against
/// `tests/corpus/hard-text.json`). A browser without it counts characters,
/// which is never fewer.
pub fn graphemes(text: &str) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_segmentation::UnicodeSegmentation;
        text.graphemes(true).count()
    }
    #[cfg(target_arch = "wasm32")]
    {
        browser_graphemes(text).unwrap_or_else(|| text.chars().count())
    }
}

#[cfg(target_arch = "wasm32")]
fn browser_graphemes(text: &str) -> Option<usize> {
    use wasm_bindgen::{JsCast, JsValue};
    let get = |on: &JsValue, name: &str| js_sys::Reflect::get(on, &JsValue::from_str(name)).ok();
    let intl = get(&js_sys::global().into(), "Intl")?;
    let class: js_sys::Function = get(&intl, "Segmenter")?.dyn_into().ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(
        &options,
        &JsValue::from_str("granularity"),
        &JsValue::from_str("grapheme"),
    )
    .ok()?;
    let segmenter =
        js_sys::Reflect::construct(&class, &js_sys::Array::of2(&JsValue::UNDEFINED, &options))
            .ok()?;
    let segment: js_sys::Function = get(&segmenter, "segment")?.dyn_into().ok()?;
    let segments = segment.call1(&segmenter, &JsValue::from_str(text)).ok()?;
    Some(js_sys::try_iter(&segments).ok()??.count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_list_is_read() {
        assert_eq!(
            Target::parse_list("feed mastodon:1000 bluesky nonsense mastodon:x"),
            vec![
                Target::Feed,
                Target::Mastodon { limit: 1000 },
                Target::Bluesky
            ]
        );
        assert_eq!(
            Target::parse_list("mastodon"),
            vec![Target::Mastodon { limit: 500 }]
        );
        assert!(Target::parse_list("").is_empty());
    }

    #[test]
    fn a_link_counts_as_23_on_mastodon() {
        let link = "https://example.org/a/very/long/path/that/goes/on/and/on";
        assert_eq!(mastodon_length(link), 23);
        assert_eq!(mastodon_length(&format!("See {link} now")), 4 + 23 + 4);
        assert_eq!(mastodon_length("https://"), 8);
        assert_eq!(mastodon_length("café"), 4);
    }

    #[test]
    fn graphemes_count_what_a_reader_sees() {
        assert_eq!(graphemes("dog"), 3);
        assert_eq!(graphemes("cafe\u{301}"), 4);
        assert_eq!(graphemes("👍🏽"), 1);
        assert_eq!(graphemes("👨‍👩‍👧"), 1);
        assert_eq!(graphemes("🇬🇧🇫🇷"), 2);
        assert_eq!(graphemes("❤️"), 1);
        assert_eq!(graphemes("a\r\nb"), 3);
        assert_eq!(graphemes(""), 0);
    }

    #[test]
    fn meters_show_fits_nearly_full_and_too_long() {
        let mastodon = Target::Mastodon { limit: 100 };
        assert_eq!(mastodon.room(&"a".repeat(89)).level, Level::Fits);
        assert_eq!(mastodon.room(&"a".repeat(90)).level, Level::NearlyFull);
        assert_eq!(mastodon.room(&"a".repeat(100)).level, Level::NearlyFull);
        assert_eq!(mastodon.room(&"a".repeat(101)).level, Level::TooLong);
        let bluesky = Target::Bluesky.room(&"👍🏽".repeat(301));
        assert_eq!((bluesky.used, bluesky.level), (301, Level::TooLong));
        assert_eq!(
            Target::Bluesky.room(&"👍🏽".repeat(300)).level,
            Level::NearlyFull
        );
    }

    #[test]
    fn the_feed_has_no_limit() {
        let room = Target::Feed.room(&"a".repeat(100_000));
        assert_eq!((room.limit, room.level), (None, Level::Fits));
    }
}
