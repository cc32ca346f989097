//! Loads the symbol sets from disk into the search index and serves their
//! SVG files with long cache lifetimes.

use std::path::Path;

use anyhow::Context;
use app::domain::post::SymbolRef;
use app::domain::symbols::{word_from_file_name, Symbol, SymbolIndex, MULBERRY, OPENMOJI};
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Reads Mulberry's CSV (`symbol-id,symbol,grammar,category-id,category,
/// rated,tags`). Rated symbols (intimate body parts) are left out of search.
pub fn load_mulberry(symbols_dir: &Path) -> anyhow::Result<Vec<Symbol>> {
    let csv_path = symbols_dir.join(MULBERRY).join("symbol-info-en.csv");
    let mut reader = csv::Reader::from_path(&csv_path)
        .with_context(|| format!("Failed to open {}", csv_path.display()))?;
    let mut symbols = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("Failed to read {}", csv_path.display()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if field(5) == "1" {
            continue;
        }
        let id = field(1).to_string();
        if id.is_empty() {
            continue;
        }
        symbols.push(Symbol {
            word: word_from_file_name(&id),
            symbol: SymbolRef {
                set: MULBERRY.to_string(),
                id,
            },
            tags: field(6).split_whitespace().map(str::to_lowercase).collect(),
            category: field(4).to_string(),
        });
    }
    Ok(symbols)
}

/// One entry of OpenMoji's `data/openmoji.json` (only the fields we use).
#[derive(serde::Deserialize)]
struct OpenMojiEntry {
    hexcode: String,
    group: String,
    #[serde(default)]
    subgroups: String,
    annotation: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    openmoji_tags: String,
    #[serde(default)]
    skintone: serde_json::Value,
}

/// Reads OpenMoji's `openmoji.json`, leaving out the brand logos, the
/// skin-tone variants and the bare skin-tone swatches. The category is the
/// emoji group ("food-drink").
pub fn load_openmoji(symbols_dir: &Path) -> anyhow::Result<Vec<Symbol>> {
    let json_path = symbols_dir.join(OPENMOJI).join("openmoji.json");
    let text = std::fs::read_to_string(&json_path)
        .with_context(|| format!("Failed to open {}", json_path.display()))?;
    let entries: Vec<OpenMojiEntry> = serde_json::from_str(&text)
        .with_context(|| format!("Failed to read {}", json_path.display()))?;
    Ok(entries
        .into_iter()
        .filter(|e| {
            e.group != "brand"
                && e.subgroups != "brand"
                && e.group != "component"
                && matches!(&e.skintone, serde_json::Value::String(s) if s.is_empty())
        })
        .map(|e| {
            let mut tags: Vec<String> = Vec::new();
            for tag in e.tags.split(',').chain(e.openmoji_tags.split(',')) {
                let tag = tag.trim().to_lowercase();
                if !tag.is_empty() && !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            Symbol {
                word: e.annotation.trim().to_string(),
                symbol: SymbolRef {
                    set: OPENMOJI.to_string(),
                    id: e.hexcode,
                },
                tags,
                category: e.group,
            }
        })
        .collect())
}

/// The search index over every symbol set. OpenMoji is optional (the
/// server starts without it and says so); Mulberry is required.
pub fn load_index(symbols_dir: &Path) -> anyhow::Result<SymbolIndex> {
    let mut symbols = load_mulberry(symbols_dir)?;
    anyhow::ensure!(
        !symbols.is_empty(),
        "No symbols found in {}",
        symbols_dir.display()
    );
    match load_openmoji(symbols_dir) {
        Ok(openmoji) => symbols.extend(openmoji),
        Err(error) => tracing::warn!(
            "OpenMoji is missing, only Mulberry can be searched ({error:#}). \
             Run scripts/setup.sh to copy it in."
        ),
    }
    Ok(SymbolIndex::new(symbols))
}

/// `/symbols/<set>/<id>.svg`, cached for a year (symbol files never change).
pub fn router<S: Clone + Send + Sync + 'static>(symbols_dir: &Path) -> Router<S> {
    Router::new()
        .nest_service(
            &format!("/symbols/{MULBERRY}"),
            ServeDir::new(symbols_dir.join(MULBERRY).join("EN"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .nest_service(
            &format!("/symbols/{OPENMOJI}"),
            ServeDir::new(symbols_dir.join(OPENMOJI).join("svg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
}

#[cfg(test)]
mod fit;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use app::domain::symbolise::{best_symbol, symbolise};
    use app::domain::vocabulary::{all_curated, all_synonyms};

    use super::*;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn index() -> SymbolIndex {
        load_index(&repo().join("assets/symbols")).expect("symbols load")
    }

    #[test]
    fn both_sets_load_without_brands_or_skin_tones() {
        let openmoji = load_openmoji(&repo().join("assets/symbols")).expect("OpenMoji");
        assert!(openmoji.len() > 2000, "{}", openmoji.len());
        assert!(openmoji
            .iter()
            .all(|s| s.category != "brand" && s.category != "component"));
        assert!(!openmoji.iter().any(|s| s.word.contains("skin tone")));
        assert!(!openmoji
            .iter()
            .any(|s| s.word.eq_ignore_ascii_case("github")));
        let dog = openmoji
            .iter()
            .find(|s| s.symbol.id == "1F415")
            .expect("dog");
        assert_eq!(dog.word, "dog");
        assert!(dog.tags.contains(&"pet".to_string()));
        let index = index();
        assert!(index.len() > 5000);
        for symbol in openmoji.iter().take(50) {
            let file = repo()
                .join("assets/symbols/openmoji/svg")
                .join(format!("{}.svg", symbol.symbol.id));
            assert!(file.exists(), "{}", file.display());
        }
    }

    #[test]
    fn search_ranks_across_both_sets_mulberry_first_on_ties() {
        let index = index();
        let found = index.search("dog", 5);
        assert_eq!(found[0].symbol.set, MULBERRY);
        assert!(found.iter().any(|s| s.symbol.set == OPENMOJI));
        let baking = index.search("baking", 3);
        assert_eq!(baking[0].word, "bake");
    }

    #[test]
    fn every_curated_symbol_and_synonym_exists() {
        let index = index();
        for (word, symbol) in all_curated() {
            assert!(index.get(&symbol).is_some(), "{word} → {symbol:?}");
        }
        for (word, synonyms) in all_synonyms() {
            assert!(
                synonyms.iter().any(|s| best_symbol(&index, s).is_some()),
                "{word}: no synonym has a symbol"
            );
        }
    }

    #[test]
    fn everyday_words_get_fitting_symbols() {
        let index = index();
        let id = |word: &str| {
            symbolise(&index, word)[0]
                .symbol
                .as_ref()
                .map(|s| format!("{}/{}", s.set, s.id))
        };
        assert_eq!(id("happy").as_deref(), Some("openmoji/1F600"));
        assert_ne!(id("park").as_deref(), Some("mulberry/park_,_to"));
        assert!(id("friend").is_some());
        assert_eq!(id("doctor").as_deref(), Some("mulberry/doctor_1a"));
    }
}
