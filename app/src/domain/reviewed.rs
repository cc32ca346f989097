//! The reviewed vocabulary: the most frequent content words of English
//! (from `app/vocabulary/word-frequency-en.txt`), each with the picture it
//! gets from the two symbol sets, or kept as a word tile on purpose where
//! no picture fits ("about", "really"). The review is data,
//! `app/vocabulary/pictures.tsv`, one line a word:
//!
//! ```text
//! word <TAB> set/id, or "word tile" <TAB> the picture's own name
//! ```
//!
//! The picture's own name is there for the people reviewing; a test checks
//! every line against the real sets.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::post::SymbolRef;
use super::words::stem;

/// The review data, built into the program.
pub const DATA: &str = include_str!("../../vocabulary/pictures.tsv");

/// What the review chose for one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// This picture.
    Picture(SymbolRef),
    /// No picture fits: the word stays a word tile.
    WordTile,
}

/// One reviewed word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub word: String,
    pub choice: Choice,
    /// The picture's own name, as the set calls it ("" for a word tile).
    pub name: String,
}

/// Reads one line of the review; `None` for a comment or a blank line,
/// `Some(Err)` for a line that is not in the shape above.
pub fn parse_line(line: &str) -> Option<Result<Entry, String>> {
    let line = line.trim_end();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split('\t');
    let (Some(word), Some(choice)) = (fields.next(), fields.next()) else {
        return Some(Err(format!("needs a word and a choice: {line:?}")));
    };
    let name = fields.next().unwrap_or("").to_string();
    let choice = if choice == "word tile" {
        Choice::WordTile
    } else if let Some((set, id)) = choice.split_once('/') {
        Choice::Picture(SymbolRef {
            set: set.to_string(),
            id: id.to_string(),
        })
    } else {
        return Some(Err(format!("a choice is set/id or word tile: {line:?}")));
    };
    if word.is_empty() || word != word.to_lowercase() {
        return Some(Err(format!("a word is lower case: {line:?}")));
    }
    Some(Ok(Entry {
        word: word.to_string(),
        choice,
        name,
    }))
}

/// Every reviewed word, in frequency order.
pub fn entries() -> &'static [Entry] {
    &lookup().entries
}

struct Lookup {
    entries: Vec<Entry>,
    by_word: HashMap<String, usize>,
    /// Each stem to the shortest reviewed word with it (the most frequent
    /// on a tie).
    by_stem: HashMap<String, usize>,
}

fn lookup() -> &'static Lookup {
    static LOOKUP: OnceLock<Lookup> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        let entries: Vec<Entry> = DATA.lines().filter_map(parse_line).flatten().collect();
        let mut by_word = HashMap::new();
        let mut by_stem = HashMap::new();
        for (at, entry) in entries.iter().enumerate() {
            by_word.entry(entry.word.clone()).or_insert(at);
            // The plain form speaks for its stem: "train", not "training".
            let best = by_stem.entry(stem(&entry.word)).or_insert(at);
            if entry.word.len() < entries[*best].word.len() {
                *best = at;
            }
        }
        Lookup {
            entries,
            by_word,
            by_stem,
        }
    })
}

/// The review's choice for `word` (lower case) itself.
pub fn reviewed_word(word: &str) -> Option<&'static Choice> {
    let lookup = lookup();
    lookup
        .by_word
        .get(word)
        .map(|&at| &lookup.entries[at].choice)
}

/// The review's choice for the plainest reviewed word of the same stem as
/// `word` ("loved" → love, "trains" → train).
pub fn reviewed_stem(word: &str) -> Option<&'static Choice> {
    let lookup = lookup();
    lookup
        .by_stem
        .get(&stem(word))
        .map(|&at| &lookup.entries[at].choice)
}

/// The review's choice for `word` (lower case), or else for another form
/// of it.
pub fn reviewed(word: &str) -> Option<&'static Choice> {
    reviewed_word(word).or_else(|| reviewed_stem(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_review_is_in_shape_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for line in DATA.lines() {
            if let Some(entry) = parse_line(line) {
                let entry = entry.expect("a line in shape");
                assert!(seen.insert(entry.word.clone()), "{} twice", entry.word);
                if let Choice::Picture(_) = entry.choice {
                    assert!(!entry.name.is_empty(), "{}: no name", entry.word);
                }
            }
        }
        assert!(seen.len() >= 2000, "{} words", seen.len());
    }

    #[test]
    fn lines_out_of_shape_are_refused() {
        assert!(parse_line("# a note").is_none());
        assert!(parse_line("").is_none());
        assert!(parse_line("dog").is_some_and(|e| e.is_err()));
        assert!(parse_line("dog\tmulberry").is_some_and(|e| e.is_err()));
        assert!(parse_line("Dog\tmulberry/dog\tdog").is_some_and(|e| e.is_err()));
        assert_eq!(
            parse_line("really\tword tile"),
            Some(Ok(Entry {
                word: "really".into(),
                choice: Choice::WordTile,
                name: String::new()
            }))
        );
    }

    #[test]
    fn another_form_of_a_reviewed_word_gets_its_choice() {
        let dog = reviewed("dog").expect("dog is reviewed");
        assert_eq!(reviewed("dogs"), Some(dog));
        // "training" is a word tile on purpose; "trains" are still trains.
        assert_eq!(reviewed_word("training"), Some(&Choice::WordTile));
        assert_eq!(reviewed("trains"), reviewed_word("train"));
        assert!(matches!(reviewed("trains"), Some(Choice::Picture(_))));
        assert_eq!(reviewed("zzzz"), None);
    }
}
