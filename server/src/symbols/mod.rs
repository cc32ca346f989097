//! Loads the symbol sets from disk into the search index and serves their
//! SVG files with long cache lifetimes.

use std::path::Path;

use anyhow::Context;
use app::domain::post::SymbolRef;
use app::domain::symbols::{word_from_file_name, Symbol, SymbolIndex};
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The Mulberry set's folder name under the symbols folder.
pub const MULBERRY: &str = "mulberry";

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

/// The search index over every symbol set.
pub fn load_index(symbols_dir: &Path) -> anyhow::Result<SymbolIndex> {
    let index = SymbolIndex::new(load_mulberry(symbols_dir)?);
    anyhow::ensure!(
        !index.is_empty(),
        "No symbols found in {}",
        symbols_dir.display()
    );
    Ok(index)
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
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
}
