//! The symbol index and its search ranking.
//!
//! Ranking: the exact word first, then a tag, then a word that starts with
//! the query, then a tag that does; shorter words first inside each rank.

use serde::{Deserialize, Serialize};

use super::post::SymbolRef;

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
pub fn word_from_file_name(name: &str) -> String {
    let base = name.split("_,_").next().unwrap_or(name);
    base.replace('_', " ").trim().to_string()
}

/// All symbols, searchable. Built once at start; read-only afterwards.
#[derive(Clone, Debug, Default)]
pub struct SymbolIndex {
    symbols: Vec<Symbol>,
    /// Lower-case word of each symbol, same order as `symbols`.
    words: Vec<String>,
}

impl SymbolIndex {
    /// Builds the index from every symbol of every set.
    pub fn new(symbols: Vec<Symbol>) -> SymbolIndex {
        let words = symbols.iter().map(|s| s.word.to_lowercase()).collect();
        SymbolIndex { symbols, words }
    }

    /// How many symbols the index holds.
    pub fn len(&self) -> usize {
        self.symbols.len()
    }

    /// True when no symbol was loaded.
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// Finds a symbol by set and id.
    pub fn get(&self, symbol: &SymbolRef) -> Option<&Symbol> {
        self.symbols.iter().find(|s| &s.symbol == symbol)
    }

    /// The best `limit` symbols for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Symbol> {
        let query = query.trim().to_lowercase();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut ranked: Vec<(u8, usize, &str, usize)> = self
            .symbols
            .iter()
            .zip(&self.words)
            .enumerate()
            .filter_map(|(i, (symbol, word))| {
                rank(&query, word, &symbol.tags).map(|r| (r, word.len(), word.as_str(), i))
            })
            .collect();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, _, _, i)| &self.symbols[i])
            .collect()
    }
}

/// 0 exact word, 1 exact tag, 2 word prefix, 3 tag prefix; `None` no match.
fn rank(query: &str, word: &str, tags: &[String]) -> Option<u8> {
    if word == query {
        Some(0)
    } else if tags.iter().any(|t| t == query) {
        Some(1)
    } else if word.starts_with(query) || word.split(' ').any(|w| w.starts_with(query)) {
        Some(2)
    } else if tags.iter().any(|t| t.starts_with(query)) {
        Some(3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(id: &str, tags: &str) -> Symbol {
        Symbol {
            symbol: SymbolRef {
                set: "mulberry".into(),
                id: id.into(),
            },
            word: word_from_file_name(id),
            tags: tags.split_whitespace().map(str::to_string).collect(),
            category: "Test".into(),
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
            vec!["cat", "dog", "dog_food"]
        );
    }

    #[test]
    fn prefix_matches_follow_shorter_words_first() {
        assert_eq!(
            ids(index().search("dog", 10)),
            vec!["dog", "hot_dog", "dog_food", "doghouse"]
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
    fn a_sense_marker_is_dropped_from_the_word() {
        assert_eq!(word_from_file_name("bake_,_to"), "bake");
        assert_eq!(word_from_file_name("hot_dog"), "hot dog");
        assert_eq!(word_from_file_name("a_-_lower_case"), "a - lower case");
    }
}
