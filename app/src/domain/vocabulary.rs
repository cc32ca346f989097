//! Everyday words the symbol sets miss or name another way, mapped by hand
//! to the best symbol ("happy" → the happy face, "park" the place rather
//! than Mulberry's "park a car"), and synonyms to try when a word has no
//! symbol of its own.

use std::sync::OnceLock;

use super::post::SymbolRef;
use super::symbols::{MULBERRY, OPENMOJI};
use super::words::stem;

/// Word → (set, symbol id). Checked against the real sets in a test.
const CURATED: &[(&str, &str, &str)] = &[
    // Feelings that Mulberry names by phrase.
    ("happy", OPENMOJI, "1F600"),
    ("sad", OPENMOJI, "1F622"),
    ("hope", OPENMOJI, "1F91E"),
    ("thank", OPENMOJI, "1F64F"),
    ("thank you", OPENMOJI, "1F64F"),
    // Names of several words that no set names.
    ("coffee morning", MULBERRY, "coffee"),
    ("board meeting", OPENMOJI, "1F91D"),
    ("thanks", OPENMOJI, "1F64F"),
    ("please", OPENMOJI, "1F64F"),
    // People.
    ("friend", OPENMOJI, "1F9D1-200D-1F91D-200D-1F9D1"),
    ("group", OPENMOJI, "1F465"),
    ("everyone", OPENMOJI, "1F465"),
    ("everybody", OPENMOJI, "1F465"),
    ("people", OPENMOJI, "1F465"),
    ("team", OPENMOJI, "1F465"),
    ("staff", OPENMOJI, "1F9D1-200D-2695-FE0F"),
    ("care", MULBERRY, "care_assistant_1a"),
    ("carer", MULBERRY, "care_assistant_1a"),
    ("old", OPENMOJI, "1F9D3"),
    // Feelings and health.
    ("feel", OPENMOJI, "1F642"),
    ("ill", OPENMOJI, "1F912"),
    ("sick", OPENMOJI, "1F912"),
    ("fun", MULBERRY, "funny_laugh"),
    ("safe", OPENMOJI, "E247"),
    ("flu", OPENMOJI, "1F912"),
    // Places: Mulberry's "park" is the verb (park a car).
    ("park", OPENMOJI, "1F333"),
    ("seaside", MULBERRY, "beach"),
    ("online", MULBERRY, "internet"),
    ("inside", MULBERRY, "inside_room"),
    ("home", MULBERRY, "house"),
    ("garden", MULBERRY, "back_garden"),
    ("clinic", OPENMOJI, "1F3E5"),
    ("library", OPENMOJI, "1F4DA"),
    ("museum", OPENMOJI, "1F5BC"),
    ("theatre", OPENMOJI, "1F3AD"),
    ("theater", OPENMOJI, "1F3AD"),
    ("river", OPENMOJI, "1F6A3"),
    ("pool", MULBERRY, "swim_,_to"),
    ("hall", OPENMOJI, "1F3DB"),
    ("club", OPENMOJI, "1F465"),
    ("website", MULBERRY, "internet"),
    // Time: days and months show the calendar, clock times the clock.
    ("monday", MULBERRY, "calendar"),
    ("tuesday", MULBERRY, "calendar"),
    ("wednesday", MULBERRY, "calendar"),
    ("thursday", MULBERRY, "calendar"),
    ("friday", MULBERRY, "calendar"),
    ("saturday", MULBERRY, "calendar"),
    ("sunday", MULBERRY, "calendar"),
    ("january", MULBERRY, "calendar_month"),
    ("february", MULBERRY, "calendar_month"),
    ("march", MULBERRY, "calendar_month"),
    ("april", MULBERRY, "calendar_month"),
    ("june", MULBERRY, "calendar_month"),
    ("july", MULBERRY, "calendar_month"),
    ("august", MULBERRY, "calendar_month"),
    ("september", MULBERRY, "calendar_month"),
    ("october", MULBERRY, "calendar_month"),
    ("november", MULBERRY, "calendar_month"),
    ("december", MULBERRY, "calendar_month"),
    ("clock", MULBERRY, "clock"),
    // Health.
    ("jab", OPENMOJI, "1F489"),
    // Activities.
    ("match", MULBERRY, "football"),
    ("win", MULBERRY, "winner"),
    ("won", MULBERRY, "winner"),
    ("trip", MULBERRY, "bus"),
    ("birthday", MULBERRY, "birthday_cake"),
    ("party", MULBERRY, "party_celebration"),
    ("festival", MULBERRY, "party_celebration"),
    ("band", OPENMOJI, "1F3B8"),
    ("class", MULBERRY, "class_room"),
    ("film", OPENMOJI, "1F3A5"),
    ("movie", OPENMOJI, "1F3A5"),
    ("game", OPENMOJI, "1F3B2"),
    ("book", OPENMOJI, "1F4D6"),
    ("clothes", MULBERRY, "clothes_medium"),
    ("wash", OPENMOJI, "E0B2"),
    ("clean", MULBERRY, "clean_room"),
    ("hand", MULBERRY, "right_hand"),
    ("start", MULBERRY, "begin_start"),
    ("new", OPENMOJI, "1F195"),
    ("check", OPENMOJI, "2705"),
    ("tell", MULBERRY, "talk_1_,_to"),
    ("saw", MULBERRY, "look_,_to"),
    ("see", MULBERRY, "look_,_to"),
    ("rubbish", MULBERRY, "bin_bag"),
    ("vote", MULBERRY, "vote_,_to"),
];

/// Word → words with the same meaning that may have a symbol.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("puppy", &["dog"]),
    ("election", &["vote"]),
    ("choir", &["sing"]),
    ("say", &["talk"]),
    ("speak", &["talk"]),
    ("chat", &["talk"]),
    ("volunteer", &["help"]),
    ("support", &["help"]),
    ("vaccine", &["jab"]),
    ("injection", &["jab"]),
    ("litter", &["rubbish"]),
    ("trash", &["rubbish"]),
    ("pal", &["friend"]),
    ("mate", &["friend"]),
    ("glad", &["happy"]),
    ("pleased", &["happy"]),
    ("seashore", &["beach"]),
    ("internet", &["online"]),
];

/// The hand-picked symbol for exactly `word` (lower case), or the clock
/// for a clock time.
pub fn curated_exactly(word: &str) -> Option<SymbolRef> {
    let word = if is_clock_time(word) { "clock" } else { word };
    CURATED
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, set, id)| SymbolRef {
            set: (*set).to_string(),
            id: (*id).to_string(),
        })
}

/// The stem of each curated word, same order as `CURATED`.
fn curated_stems() -> &'static [String] {
    static STEMS: OnceLock<Vec<String>> = OnceLock::new();
    STEMS.get_or_init(|| CURATED.iter().map(|(w, _, _)| stem(w)).collect())
}

/// The hand-picked symbol for `word` (lower case) or another form of it
/// ("parties" → party), if there is one. A clock time ("2pm", "10:30am")
/// shows the clock.
pub fn curated(word: &str) -> Option<SymbolRef> {
    curated_exactly(word).or_else(|| {
        let word_stem = stem(word);
        let at = curated_stems().iter().position(|s| *s == word_stem)?;
        let (_, set, id) = CURATED[at];
        Some(SymbolRef {
            set: set.to_string(),
            id: id.to_string(),
        })
    })
}

/// True when the curated map names `phrase` (several words, lower case).
pub fn is_curated_phrase(phrase: &str) -> bool {
    phrase.contains(' ') && curated(phrase).is_some()
}

/// Other words to try for `word` (lower case) or another form of it.
pub fn synonyms(word: &str) -> &'static [&'static str] {
    let found = SYNONYMS.iter().find(|(w, _)| *w == word).or_else(|| {
        let word_stem = stem(word);
        SYNONYMS.iter().find(|(w, _)| stem(w) == word_stem)
    });
    found.map_or(&[], |(_, s)| s)
}

/// Every curated entry, for checking against the sets.
pub fn all_curated() -> impl Iterator<Item = (&'static str, SymbolRef)> {
    CURATED.iter().map(|(w, set, id)| {
        (
            *w,
            SymbolRef {
                set: (*set).to_string(),
                id: (*id).to_string(),
            },
        )
    })
}

/// Every synonym entry, for checking.
pub fn all_synonyms() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    SYNONYMS.iter().copied()
}

/// "2pm", "10am", "10:30pm", "14:00".
fn is_clock_time(word: &str) -> bool {
    let digits = word
        .strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .unwrap_or(word);
    let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "00"));
    let has_mark = digits.len() != word.len() || word.contains(':');
    has_mark
        && (1..=2).contains(&hours.len())
        && minutes.len() == 2
        && hours
            .chars()
            .chain(minutes.chars())
            .all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_show_the_clock() {
        for time in ["2pm", "10am", "10:30pm", "14:00"] {
            assert_eq!(
                curated(time).map(|r| r.id),
                Some("clock".to_string()),
                "{time}"
            );
        }
        for other in ["pm", "2", "123pm", "ham", "1:3pm"] {
            assert_eq!(curated(other), None, "{other}");
        }
    }

    #[test]
    fn days_and_months_show_the_calendar() {
        assert_eq!(
            curated("monday").map(|r| r.id),
            Some("calendar".to_string())
        );
        assert_eq!(
            curated("june").map(|r| r.id),
            Some("calendar_month".to_string())
        );
    }

    #[test]
    fn every_word_is_listed_once() {
        let mut words: Vec<&str> = CURATED.iter().map(|(w, _, _)| *w).collect();
        words.extend(SYNONYMS.iter().map(|(w, _)| *w));
        let count = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), count);
    }
}
