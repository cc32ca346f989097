//! Hashtag sets: an account's hashtags for an event (a board meeting, a
//! weekly chat), which authors add to a post with one tap.

use serde::{Deserialize, Serialize};

use super::post::{SymbolRef, Tile};
use super::symbols::OPENMOJI;

/// Longest name of a set's event, in characters.
pub const MAX_EVENT_CHARS: usize = 60;
/// Most hashtags in one set.
pub const MAX_TAGS: usize = 6;
/// Longest hashtag, in characters without the `#` (Mastodon's and
/// Bluesky's limits are both well above this).
pub const MAX_TAG_CHARS: usize = 40;
/// Most sets on one account.
pub const MAX_SETS: usize = 30;
/// The picture beside a hashtag: OpenMoji's keycap number sign.
pub const HASHTAG_SYMBOL: &str = "0023-FE0F-20E3";

/// One set as an admin wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashtagSet {
    pub set_id: String,
    /// What the set is for: "Board meeting".
    pub event: String,
    /// Each with its `#`: "#BoardMeeting".
    pub tags: Vec<String>,
}

/// Why a set was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetProblem {
    NoEvent,
    EventTooLong,
    NoTags,
    TooManyTags,
    /// A tag with a space, a sign or too many letters.
    BadTag,
}

/// Checks an event name and the hashtags written for it ("#BoardMeeting
/// LeedsVoices, #weekly"): spaces or commas between tags, the `#` added
/// where it is missing, each tag letters, digits and `_` only (and not
/// digits only, which the networks do not link). Repeats are dropped.
pub fn parse_set(event: &str, tags: &str) -> Result<(String, Vec<String>), SetProblem> {
    let event = event.split_whitespace().collect::<Vec<_>>().join(" ");
    if event.is_empty() {
        return Err(SetProblem::NoEvent);
    }
    if event.chars().count() > MAX_EVENT_CHARS {
        return Err(SetProblem::EventTooLong);
    }
    let mut out: Vec<String> = Vec::new();
    for raw in tags.split(|c: char| c.is_whitespace() || c == ',') {
        let bare = raw.strip_prefix('#').unwrap_or(raw);
        if raw.is_empty() {
            continue;
        }
        let good = !bare.is_empty()
            && bare.chars().count() <= MAX_TAG_CHARS
            && bare.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !bare.chars().all(|c| c.is_ascii_digit());
        if !good {
            return Err(SetProblem::BadTag);
        }
        let tag = format!("#{bare}");
        if !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    if out.is_empty() {
        return Err(SetProblem::NoTags);
    }
    if out.len() > MAX_TAGS {
        return Err(SetProblem::TooManyTags);
    }
    Ok((event, out))
}

/// The tiles a set adds to a post: one per hashtag, each with the `#`
/// picture.
pub fn tiles(set: &HashtagSet) -> Vec<Tile> {
    set.tags
        .iter()
        .map(|tag| Tile {
            symbol: Some(SymbolRef {
                set: OPENMOJI.into(),
                id: HASHTAG_SYMBOL.into(),
            }),
            word: tag.clone(),
        })
        .collect()
}

/// Whether a word is a hashtag ("#Leeds", "#Leeds."): the easy-read
/// checker leaves them alone.
pub fn is_hashtag(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|rest| rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// Where each hashtag sits in `text`, as byte ranges (what Bluesky's tag
/// facets need), with the tag without its `#`. A tag ends at the first
/// character that is not a letter, digit or `_`.
pub fn hashtag_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let starts_word = previous.is_none_or(char::is_whitespace);
        previous = Some(c);
        if c != '#' || !starts_word {
            continue;
        }
        let mut end = start + 1;
        while let Some(&(i, n)) = chars.peek() {
            if n.is_alphanumeric() || n == '_' {
                end = i + n.len_utf8();
                previous = Some(n);
                chars.next();
            } else {
                break;
            }
        }
        let tag = &text[start + 1..end];
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
            spans.push((start, end, tag.to_string()));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_on_spaces_and_commas_and_get_their_hash() {
        let (event, tags) =
            parse_set("  Board   meeting ", "#BoardMeeting LeedsVoices,#weekly, ,").unwrap();
        assert_eq!(event, "Board meeting");
        assert_eq!(tags, ["#BoardMeeting", "#LeedsVoices", "#weekly"]);
    }

    #[test]
    fn repeats_are_dropped_whatever_their_capitals() {
        let (_, tags) = parse_set("Chat", "#Leeds leeds LEEDS #Chat").unwrap();
        assert_eq!(tags, ["#Leeds", "#Chat"]);
    }

    #[test]
    fn bad_sets_are_refused_with_their_reason() {
        assert_eq!(parse_set(" ", "#a"), Err(SetProblem::NoEvent));
        assert_eq!(
            parse_set(&"a".repeat(61), "#a"),
            Err(SetProblem::EventTooLong)
        );
        assert_eq!(parse_set("Chat", " , "), Err(SetProblem::NoTags));
        assert_eq!(parse_set("Chat", "#"), Err(SetProblem::BadTag));
        assert_eq!(parse_set("Chat", "#board-meeting"), Err(SetProblem::BadTag));
        assert_eq!(parse_set("Chat", "#2024"), Err(SetProblem::BadTag));
        assert_eq!(parse_set("Chat", &"a".repeat(41)), Err(SetProblem::BadTag));
        assert_eq!(
            parse_set("Chat", "a b c d e f g"),
            Err(SetProblem::TooManyTags)
        );
        assert!(parse_set("Chat", "a b c d e f").is_ok());
        assert!(parse_set("Café", "#Café_2024").is_ok());
    }

    #[test]
    fn each_tag_becomes_a_tile_with_the_hash_picture() {
        let set = HashtagSet {
            set_id: "s".into(),
            event: "Board meeting".into(),
            tags: vec!["#BoardMeeting".into(), "#Leeds".into()],
        };
        let tiles = tiles(&set);
        assert_eq!(tiles.len(), 2);
        assert_eq!(tiles[1].word, "#Leeds");
        let symbol = tiles[0].symbol.as_ref().unwrap();
        assert_eq!(
            (symbol.set.as_str(), symbol.id.as_str()),
            (OPENMOJI, HASHTAG_SYMBOL)
        );
    }

    #[test]
    fn spans_find_tags_as_byte_ranges() {
        let text = "Café news. #Leeds #Board_Meeting, see x#not #2024 #";
        let spans = hashtag_spans(text);
        let tags: Vec<&str> = spans.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(tags, ["Leeds", "Board_Meeting"]);
        for (start, end, tag) in &spans {
            assert_eq!(&text[*start..*end], format!("#{tag}"));
        }
        assert_eq!(spans[0].0, "Café news. ".len());
    }

    #[test]
    fn hashtags_are_told_from_other_words() {
        assert!(is_hashtag("#Leeds"));
        assert!(is_hashtag("#Leeds."));
        assert!(!is_hashtag("#"));
        assert!(!is_hashtag("Leeds"));
        assert!(!is_hashtag("# Leeds"));
    }
}
