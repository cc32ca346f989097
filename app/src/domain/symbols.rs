//! The symbol index and its search ranking.
//!
//! Ranking across every set: the exact word first, then a word form ("dogs"
//! finds dog, "baking" finds bake), then a tag, then a word that starts with
//! the query, then a tag that does. Inside each rank Mulberry comes before
//! the other sets, then shorter words first.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::post::SymbolRef;
use super::words::stem;

/// The main symbol set, first on ties.
pub const MULBERRY: &str = "mulberry";
/// The second symbol set.
pub const OPENMOJI: &str = "openmoji";

/// One symbol that can be searched for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    /// Which set and which file.
    pub symbol: SymbolRef,
    /// The everyday word for the symbol, e.g. "bake" for `bake_,_to`.
    pub word: String,
    /// Extra search words, lower case.
    pub tags: Vec<String>,
    /// The set's own category name.
    pub category: String,
}

/// The word a symbol file name stands for: `_` becomes a space and a
/// `_,_sense` part is dropped (`bake_,_to` → "bake").
/// A numbered variant is the same word (`doctor_1a`, `cafe_2` → "doctor",
/// "cafe").
pub fn word_from_file_name(name: &str) -> String {
    let base = name.split("_,_").next().unwrap_or(name);
    let mut parts: Vec<&str> = base.split('_').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| is_variant_number(p)) {
        parts.pop();
    }
    parts.join(" ").trim().to_string()
}

/// "2", "1a", "12b".
fn is_variant_number(part: &str) -> bool {
    let digits = part.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && part.len() - digits.len() <= 1
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// All symbols, searchable. Built once at start; read-only afterwards.
#[derive(Clone, Debug, Default)]
pub struct SymbolIndex {
    symbols: Vec<Symbol>,
    /// Lower-case word of each symbol, same order as `symbols`.
    words: Vec<String>,
    /// The stem of each word, and of each of its tags, same order.
    stems: Vec<Stems>,
    /// The stems of every name of several words ("ice cream").
    phrases: HashSet<String>,
}

/// A symbol's word and tags as stems, worked out once.
#[derive(Clone, Debug, Default)]
struct Stems {
    word: String,
    tags: Vec<String>,
}

impl SymbolIndex {
    /// Builds the index from every symbol of every set.
    pub fn new(symbols: Vec<Symbol>) -> SymbolIndex {
        let words = symbols.iter().map(|s| s.word.to_lowercase()).collect();
        let stems: Vec<Stems> = symbols
            .iter()
            .map(|s| Stems {
                word: stem(&s.word),
                tags: s.tags.iter().map(|t| stem(t)).collect(),
            })
            .collect();
        let phrases = stems
            .iter()
            .map(|s: &Stems| &s.word)
            .filter(|w| w.contains(' '))
            .cloned()
            .collect();
        SymbolIndex {
            symbols,
            words,
            stems,
            phrases,
        }
    }

    /// How many symbols the index holds.
    pub fn len(&self) -> usize {
        self.symbols.len()
    }

    /// True when no symbol was loaded.
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// True when a symbol is named by `phrase` (several words) or another
    /// form of it: "ice cream", "bus stops".
    pub fn names_phrase(&self, phrase: &str) -> bool {
        self.phrases.contains(&stem(phrase))
    }

    /// Finds a symbol by set and id.
    pub fn get(&self, symbol: &SymbolRef) -> Option<&Symbol> {
        self.symbols.iter().find(|s| &s.symbol == symbol)
    }

    /// The best `limit` symbols for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Symbol> {
        self.ranked(query, limit)
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    /// Like `search`, with each symbol's rank: 0 exact word, 1 word form,
    /// 2 tag, 3 word prefix, 4 tag prefix.
    pub fn ranked(&self, query: &str, limit: usize) -> Vec<(u8, &Symbol)> {
        let query = query.trim().to_lowercase();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let query_stem = stem(&query);
        let mut ranked: Vec<(u8, u8, usize, &str, usize)> = self
            .symbols
            .iter()
            .zip(&self.words)
            .zip(&self.stems)
            .enumerate()
            .filter_map(|(i, ((symbol, word), stems))| {
                rank(&query, &query_stem, word, &symbol.tags, stems).map(|r| {
                    (
                        r,
                        set_priority(&symbol.symbol.set),
                        word.len(),
                        word.as_str(),
                        i,
                    )
                })
            })
            .collect();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .take(limit)
            .map(|(r, .., i)| (r, &self.symbols[i]))
            .collect()
    }

    /// The best symbol named by `word` or one of its forms. Tags and
    /// prefixes are too loose to pick a symbol on their own ("party" is a
    /// tag of the DJ); they only offer alternatives.
    pub fn best_fitting(&self, word: &str) -> Option<&Symbol> {
        self.ranked(word, 1)
            .into_iter()
            .find(|(rank, _)| *rank <= 1)
            .map(|(_, s)| s)
    }

    /// The best symbol named by exactly `word`.
    pub fn named(&self, word: &str) -> Option<&Symbol> {
        self.ranked(word, 1)
            .into_iter()
            .find(|(rank, _)| *rank == 0)
            .map(|(_, s)| s)
    }

    /// The categories of one set, in the order first seen, with the first
    /// symbol of each as its picture.
    pub fn categories(&self, set: &str) -> Vec<(&str, &Symbol)> {
        let mut seen: Vec<(&str, &Symbol)> = Vec::new();
        for symbol in self.symbols.iter().filter(|s| s.symbol.set == set) {
            if !symbol.category.is_empty() && !seen.iter().any(|(c, _)| *c == symbol.category) {
                seen.push((symbol.category.as_str(), symbol));
            }
        }
        seen
    }

    /// Every symbol of one category of one set, in file order.
    pub fn in_category(&self, set: &str, category: &str) -> Vec<&Symbol> {
        self.symbols
            .iter()
            .filter(|s| s.symbol.set == set && s.category == category)
            .collect()
    }
}

/// Mulberry first on ties.
fn set_priority(set: &str) -> u8 {
    u8::from(set != MULBERRY)
}

/// 0 exact word, 1 a word form (the same stem), 2 a tag or its form,
/// 3 word prefix, 4 tag prefix; `None` no match.
fn rank(query: &str, query_stem: &str, word: &str, tags: &[String], stems: &Stems) -> Option<u8> {
    if word == query {
        Some(0)
    } else if !query_stem.is_empty() && stems.word == query_stem {
        Some(1)
    } else if tags.iter().any(|t| t == query) || stems.tags.iter().any(|t| t == query_stem) {
        Some(2)
    } else if word.starts_with(query) || word.split(' ').any(|w| w.starts_with(query)) {
        Some(3)
    } else if tags.iter().any(|t| t.starts_with(query)) {
        Some(4)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(id: &str, tags: &str) -> Symbol {
        in_set(MULBERRY, id, &word_from_file_name(id), tags)
    }

    fn in_set(set: &str, id: &str, word: &str, tags: &str) -> Symbol {
        Symbol {
            symbol: SymbolRef {
                set: set.into(),
                id: id.into(),
            },
            word: word.into(),
            tags: tags.split_whitespace().map(str::to_string).collect(),
            category: if set == MULBERRY { "Test" } else { "Other" }.into(),
        }
    }

    fn index() -> SymbolIndex {
        SymbolIndex::new(vec![
            symbol("dog_food", "animal pet food"),
            symbol("hot_dog", "food"),
            symbol("cat", "animal pet"),
            symbol("dog", "animal pet"),
            symbol("doghouse", "home"),
            symbol("bake_,_to", "cook oven"),
            in_set(OPENMOJI, "1F415", "dog", "pet"),
            in_set(OPENMOJI, "1F3B5", "musical note", "music song"),
            symbol("party_celebration", "party"),
        ])
    }

    fn ids(found: Vec<&Symbol>) -> Vec<&str> {
        found.into_iter().map(|s| s.symbol.id.as_str()).collect()
    }

    #[test]
    fn the_exact_word_comes_first() {
        assert_eq!(ids(index().search("dog", 10))[0], "dog");
    }

    #[test]
    fn a_tag_match_ranks_above_a_prefix_match() {
        assert_eq!(
            ids(index().search("pet", 10)),
            vec!["cat", "dog", "dog_food", "1F415"]
        );
    }

    #[test]
    fn prefix_matches_follow_shorter_words_first() {
        assert_eq!(
            ids(index().search("dog", 10)),
            vec!["dog", "1F415", "hot_dog", "dog_food", "doghouse"]
        );
    }

    #[test]
    fn a_tag_prefix_is_the_last_resort() {
        assert_eq!(ids(index().search("ove", 10)), vec!["bake_,_to"]);
    }

    #[test]
    fn search_ignores_case_and_outer_spaces() {
        assert_eq!(ids(index().search("  CAT ", 10)), vec!["cat"]);
    }

    #[test]
    fn an_empty_query_or_zero_limit_finds_nothing() {
        assert!(index().search("   ", 10).is_empty());
        assert!(index().search("dog", 0).is_empty());
    }

    #[test]
    fn the_limit_is_respected() {
        assert_eq!(index().search("dog", 2).len(), 2);
    }

    #[test]
    fn mulberry_comes_first_on_a_tie_then_the_other_set() {
        let index = index();
        let found = index.search("dog", 10);
        assert_eq!(found[0].symbol.set, MULBERRY);
        assert_eq!(found[1].symbol.set, OPENMOJI);
        assert_eq!(found[1].word, "dog");
    }

    #[test]
    fn word_forms_rank_after_the_exact_word_and_before_tags() {
        assert_eq!(ids(index().search("dogs", 10))[..2], ["dog", "1F415"]);
        assert_eq!(ids(index().search("baking", 10)), vec!["bake_,_to"]);
        assert_eq!(
            ids(index().search("parties", 10)),
            vec!["party_celebration"]
        );
    }

    #[test]
    fn a_tag_of_the_other_set_is_found() {
        assert_eq!(ids(index().search("song", 10)), vec!["1F3B5"]);
    }

    #[test]
    fn best_fitting_needs_the_word_or_a_form_of_it() {
        let index = index();
        let best = |w: &str| index.best_fitting(w).map(|s| s.symbol.id.clone());
        assert_eq!(best("Dogs").as_deref(), Some("dog"));
        assert_eq!(best("song"), None);
        assert_eq!(best("do"), None);
        assert_eq!(best("zebra"), None);
    }

    #[test]
    fn categories_list_each_once_with_a_picture() {
        let index = index();
        let categories = index.categories(MULBERRY);
        assert_eq!(categories.len(), 1);
        assert_eq!(categories[0].0, "Test");
        assert_eq!(index.in_category(MULBERRY, "Test").len(), 7);
        assert!(index.in_category(OPENMOJI, "Test").is_empty());
    }

    #[test]
    fn a_sense_marker_is_dropped_from_the_word() {
        assert_eq!(word_from_file_name("bake_,_to"), "bake");
        assert_eq!(word_from_file_name("hot_dog"), "hot dog");
        assert_eq!(word_from_file_name("a_-_lower_case"), "a - lower case");
        assert_eq!(word_from_file_name("doctor_1a"), "doctor");
        assert_eq!(word_from_file_name("cafe_2"), "cafe");
        assert_eq!(word_from_file_name("celebrate_1_,_to"), "celebrate");
        assert_eq!(word_from_file_name("10"), "10");
    }
}
