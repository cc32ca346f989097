//! Sentence to symbols: each word, or name of several words ("ice cream"),
//! gets its best fitting symbol; words with none stay as plain word tiles;
//! each tile offers other symbols to swap to.
//!
//! The best symbol comes from, in order: the reviewed vocabulary
//! (`reviewed`), the curated map of everyday words (`vocabulary`), a symbol
//! named by the word itself or one of its forms (the same stem), then the
//! same for a synonym.

use serde::{Deserialize, Serialize};

use super::post::{SymbolRef, Tile};
use super::reviewed::{reviewed_stem, reviewed_word, Choice};
use super::symbols::{Symbol, SymbolIndex};
use super::vocabulary::{curated, curated_exactly, is_curated_phrase, synonyms};
use super::words::words;

/// How many other symbols each word offers.
pub const ALTERNATIVES: usize = 8;

/// A symbol as the sentence-to-symbols result shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SymbolChoice {
    pub set: String,
    pub id: String,
    pub label: String,
}

impl SymbolChoice {
    fn from_symbol(symbol: &Symbol) -> SymbolChoice {
        SymbolChoice {
            set: symbol.symbol.set.clone(),
            id: symbol.symbol.id.clone(),
            label: symbol.word.clone(),
        }
    }

    /// The reference a post tile keeps.
    pub fn symbol_ref(&self) -> SymbolRef {
        SymbolRef {
            set: self.set.clone(),
            id: self.id.clone(),
        }
    }
}

/// One word of the sentence and its symbols.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub word: String,
    pub symbol: Option<SymbolChoice>,
    pub alternatives: Vec<SymbolChoice>,
}

impl Token {
    /// The post tile for this word.
    pub fn tile(&self) -> Tile {
        Tile {
            symbol: self.symbol.as_ref().map(SymbolChoice::symbol_ref),
            word: self.word.clone(),
        }
    }
}

/// Small words that carry no picture of their own.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "but", "so", "if", "as", "at", "by", "for", "from",
    "in", "into", "on", "onto", "with", "about", "than", "that", "this", "these", "those", "it",
    "its", "it's", "is", "are", "was", "were", "be", "been", "am", "has", "have", "had", "do",
    "does", "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
    "who", "which", "what", "when", "there", "their", "our", "your", "my", "his", "her", "them",
    "they", "we", "us", "you", "i", "me", "he", "she", "him", "up", "out", "off", "all", "some",
    "any", "very", "too", "also", "just", "then", "lots", "lot", "every", "each", "again", "let's",
    "let", "not",
];

/// True for a word that needs a picture of its own.
pub fn is_content_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    !STOP_WORDS.contains(&lower.as_str()) && !lower.chars().all(|c| c.is_ascii_digit())
}

/// The best fitting symbol for one word (or a name of several words), if
/// any, in this order: the reviewed vocabulary's choice for the word (which
/// may be no picture), the curated choice for it, a symbol with exactly its
/// name ("glasses", not the drinking glass), the review's choice for
/// another form of it ("loved" → love), then the automatic choice.
pub fn best_symbol<'a>(index: &'a SymbolIndex, word: &str) -> Option<&'a Symbol> {
    let lower = word.to_lowercase();
    if let Some(choice) = reviewed_word(&lower) {
        return chosen(index, choice, &lower);
    }
    if let Some(symbol) = curated_exactly(&lower).and_then(|r| index.get(&r)) {
        return Some(symbol);
    }
    if let Some(symbol) = index.named(&lower) {
        return Some(symbol);
    }
    if let Some(choice) = reviewed_stem(&lower) {
        return chosen(index, choice, &lower);
    }
    automatic_symbol(index, &lower)
}

/// The symbol a review chose for `word`: `None` for a word tile on
/// purpose; the automatic choice if the sets no longer hold the picture.
fn chosen<'a>(index: &'a SymbolIndex, choice: &Choice, word: &str) -> Option<&'a Symbol> {
    match choice {
        Choice::Picture(symbol) => index.get(symbol).or_else(|| automatic_symbol(index, word)),
        Choice::WordTile => None,
    }
}

/// The choice before review: the curated choice for the word or its stem,
/// then a symbol named by it or one of its forms, then the same for a
/// synonym.
pub fn automatic_symbol<'a>(index: &'a SymbolIndex, word: &str) -> Option<&'a Symbol> {
    let lower = word.to_lowercase();
    if let Some(symbol) = curated(&lower).and_then(|r| index.get(&r)) {
        return Some(symbol);
    }
    if let Some(symbol) = index.best_fitting(&lower) {
        return Some(symbol);
    }
    synonyms(&lower).iter().find_map(|synonym| {
        curated(synonym)
            .and_then(|r| index.get(&r))
            .or_else(|| index.best_fitting(synonym))
    })
}

/// Every word of `text` with its best symbol and others to swap to.
/// Small words ("the", "to") stay words; they still offer symbols.
/// The words of `text` as tiles would show them: a full stop, `!` or `?`
/// stays on the word before it, so the sentences survive.
pub fn tile_words(text: &str) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for piece in text.split_whitespace() {
        let found = words(piece);
        let end: String = piece
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .filter(|c| matches!(c, '.' | '!' | '?'))
            .take(1)
            .collect();
        if found.is_empty() {
            if let Some(last) = out.last_mut() {
                if !end.is_empty() && !last.0.ends_with(['.', '!', '?']) {
                    last.0.push_str(&end);
                }
            }
            continue;
        }
        let count = found.len();
        for (n, word) in found.into_iter().enumerate() {
            let shown = if n + 1 == count {
                format!("{word}{end}")
            } else {
                word.to_string()
            };
            out.push((shown, word));
        }
    }
    out
}

/// The longest name a tile may hold, in words.
pub const LONGEST_PHRASE: usize = 4;

/// The tiles of `text`: each word, or a name of several words that one
/// picture shows ("ice cream", "bus stop", "thank you"), as
/// `(shown, words)`. A name starts with a word that needs a picture and
/// stays inside one sentence.
pub fn tile_phrases(index: &SymbolIndex, text: &str) -> Vec<(String, String)> {
    let words = tile_words(text);
    let mut out = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let length = (2..=LONGEST_PHRASE.min(words.len() - at))
            .rev()
            .find(|&n| is_phrase(index, &words[at..at + n]))
            .unwrap_or(1);
        let group = &words[at..at + length];
        let shown: Vec<&str> = group.iter().map(|(shown, _)| shown.as_str()).collect();
        let plain: Vec<&str> = group.iter().map(|(_, word)| *word).collect();
        out.push((shown.join(" "), plain.join(" ")));
        at += length;
    }
    out
}

fn is_phrase(index: &SymbolIndex, group: &[(String, &str)]) -> bool {
    let inside_one_sentence = group[..group.len() - 1]
        .iter()
        .all(|(shown, _)| !shown.ends_with(['.', '!', '?']));
    if !inside_one_sentence || !is_content_word(group[0].1) {
        return false;
    }
    let phrase = group
        .iter()
        .map(|(_, word)| word.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    index.names_phrase(&phrase) || is_curated_phrase(&phrase)
}

/// True for a word, or a name of several words, that needs a picture.
fn needs_picture(words: &str) -> bool {
    words.split(' ').any(is_content_word)
}

pub fn symbolise(index: &SymbolIndex, text: &str) -> Vec<Token> {
    tile_phrases(index, text)
        .into_iter()
        .map(|(shown, word)| {
            let symbol = needs_picture(&word)
                .then(|| best_symbol(index, &word))
                .flatten();
            let mut alternatives: Vec<SymbolChoice> = Vec::new();
            for other in index.search(&word, ALTERNATIVES + 1) {
                if Some(&other.symbol) != symbol.map(|s| &s.symbol) {
                    alternatives.push(SymbolChoice::from_symbol(other));
                }
            }
            alternatives.truncate(ALTERNATIVES);
            Token {
                word: shown,
                symbol: symbol.map(SymbolChoice::from_symbol),
                alternatives,
            }
        })
        .collect()
}

/// How many content words (or names of several words) of `texts` got a
/// symbol, of how many, and the ones that got none.
pub fn coverage<'a>(
    index: &SymbolIndex,
    texts: impl IntoIterator<Item = &'a str>,
) -> (usize, usize, Vec<String>) {
    let (mut covered, mut total, mut missed) = (0, 0, Vec::new());
    for text in texts {
        for (_, word) in tile_phrases(index, text) {
            if !needs_picture(&word) {
                continue;
            }
            total += 1;
            if best_symbol(index, &word).is_some() {
                covered += 1;
            } else {
                missed.push(word.to_lowercase());
            }
        }
    }
    (covered, total, missed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::symbols::{MULBERRY, OPENMOJI};

    fn symbol(set: &str, id: &str, word: &str, tags: &str) -> Symbol {
        Symbol {
            symbol: SymbolRef {
                set: set.into(),
                id: id.into(),
            },
            word: word.into(),
            tags: tags.split_whitespace().map(str::to_string).collect(),
            category: String::new(),
        }
    }

    fn index() -> SymbolIndex {
        SymbolIndex::new(vec![
            symbol(MULBERRY, "go_,_to", "go", ""),
            symbol(MULBERRY, "park_,_to", "park", "car"),
            symbol(MULBERRY, "dog", "dog", "pet"),
            symbol(MULBERRY, "dog_food", "dog food", ""),
            symbol(MULBERRY, "happy_man", "happy man", "smile"),
            symbol(OPENMOJI, "1F333", "deciduous tree", "tree park"),
            symbol(OPENMOJI, "1F600", "grinning face", "happy smile"),
            symbol(MULBERRY, "ice", "ice", "cold"),
            symbol(MULBERRY, "cream", "cream", ""),
            symbol(OPENMOJI, "1F368", "ice cream", "dessert"),
            symbol(MULBERRY, "bus_stop", "bus stop", ""),
            symbol(MULBERRY, "at_key", "at key", ""),
            symbol(MULBERRY, "moth", "moth", "insect"),
            symbol(MULBERRY, "boar", "boar", "pig"),
            symbol(OPENMOJI, "1F64F", "folded hands", "please thanks"),
        ])
    }

    fn picked(tokens: &[Token]) -> Vec<(&str, Option<&str>)> {
        tokens
            .iter()
            .map(|t| (t.word.as_str(), t.symbol.as_ref().map(|s| s.id.as_str())))
            .collect()
    }

    #[test]
    fn a_name_of_several_words_is_one_tile_with_one_picture() {
        let tokens = symbolise(&index(), "We had ice cream at the bus stops.");
        assert_eq!(
            picked(&tokens),
            vec![
                ("We", None),
                ("had", None),
                ("ice cream", Some("1F368")),
                ("at", None),
                ("the", None),
                ("bus stops.", Some("bus_stop")),
            ]
        );
        assert_eq!(tokens[2].tile().word, "ice cream");
        let thanks = symbolise(&index(), "Thank you!");
        assert_eq!(picked(&thanks), vec![("Thank you!", Some("1F64F"))]);
    }

    #[test]
    fn a_name_starts_with_a_content_word_and_stays_in_its_sentence() {
        let tokens = symbolise(&index(), "Look at key dates. I like ice. Cream too");
        let words: Vec<_> = tokens.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(
            words,
            vec!["Look", "at", "key", "dates.", "I", "like", "ice.", "Cream", "too"]
        );
        assert_eq!(
            tokens[6].symbol.as_ref().map(|s| s.id.as_str()),
            Some("ice")
        );
    }

    #[test]
    fn a_longer_word_never_gets_the_picture_of_a_shorter_one() {
        let tokens = symbolise(&index(), "mother board");
        assert_eq!(picked(&tokens), vec![("mother", None), ("board", None)]);
        let (covered, total, _) = coverage(&index(), ["ice cream with mother"]);
        assert_eq!((covered, total), (1, 2));
    }

    #[test]
    fn each_word_gets_its_best_symbol_and_small_words_stay_words() {
        let tokens = symbolise(&index(), "We went to the dogs");
        let words: Vec<_> = tokens.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, vec!["We", "went", "to", "the", "dogs"]);
        let ids: Vec<_> = tokens
            .iter()
            .map(|t| t.symbol.as_ref().map(|s| s.id.as_str()))
            .collect();
        assert_eq!(ids, vec![None, Some("go_,_to"), None, None, Some("dog")]);
    }

    #[test]
    fn a_word_with_no_symbol_stays_a_word_tile() {
        let tokens = symbolise(&index(), "zebra");
        assert_eq!(tokens[0].symbol, None);
        assert_eq!(
            tokens[0].tile(),
            Tile {
                symbol: None,
                word: "zebra".into()
            }
        );
    }

    #[test]
    fn alternatives_leave_out_the_chosen_symbol() {
        let tokens = symbolise(&index(), "dog");
        assert_eq!(
            tokens[0].symbol.as_ref().map(|s| s.id.as_str()),
            Some("dog")
        );
        let alternatives: Vec<_> = tokens[0]
            .alternatives
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(alternatives, vec!["dog_food"]);
    }

    #[test]
    fn the_curated_map_wins_over_a_verb_with_the_same_name() {
        // "park" the noun is the tree picture, not Mulberry's "park a car".
        let tokens = symbolise(&index(), "park");
        assert_eq!(
            tokens[0].symbol.as_ref().map(|s| s.id.as_str()),
            Some("1F333")
        );
        let happy = symbolise(&index(), "happy");
        assert_eq!(
            happy[0].symbol.as_ref().map(|s| s.id.as_str()),
            Some("1F600")
        );
    }

    #[test]
    fn a_synonym_is_tried_when_the_word_has_no_symbol() {
        let tokens = symbolise(&index(), "puppy");
        assert_eq!(
            tokens[0].symbol.as_ref().map(|s| s.id.as_str()),
            Some("dog")
        );
    }

    #[test]
    fn sentence_ends_stay_on_their_word() {
        let shown: Vec<String> =
            tile_words("We went to the park. It was fun !  Right? “Yes,” said Sam…")
                .into_iter()
                .map(|(shown, _)| shown)
                .collect();
        assert_eq!(
            shown,
            vec![
                "We", "went", "to", "the", "park.", "It", "was", "fun!", "Right?", "Yes", "said",
                "Sam"
            ]
        );
        let tokens = symbolise(&index(), "the dog.");
        assert_eq!(tokens[1].word, "dog.");
        assert_eq!(
            tokens[1].symbol.as_ref().map(|s| s.id.as_str()),
            Some("dog")
        );
    }

    #[test]
    fn coverage_counts_content_words_only() {
        let (covered, total, missed) = coverage(&index(), ["The dog went to the zebra", "3 dogs"]);
        assert_eq!((covered, total), (3, 4));
        assert_eq!(missed, vec!["zebra"]);
    }

    #[test]
    fn tokens_come_as_json_in_the_public_shape() {
        let json = serde_json::to_value(symbolise(&index(), "dog bowl")).expect("json");
        assert_eq!(json[0]["word"], "dog");
        assert_eq!(json[0]["symbol"]["set"], "mulberry");
        assert_eq!(json[0]["symbol"]["id"], "dog");
        assert_eq!(json[0]["symbol"]["label"], "dog");
        assert!(json[0]["alternatives"].is_array());
    }
}
