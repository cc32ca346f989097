//! Symbol search as the browser sees it.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::post::SymbolRef;
use crate::error::AppError;

/// How many pictures one search shows.
pub const RESULTS_SHOWN: usize = 24;
/// Longest search text accepted.
pub const MAX_QUERY_CHARS: usize = 60;

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SymbolHit {
    pub symbol: SymbolRef,
    pub word: String,
}

/// The best pictures for a word. Signed-in people only.
#[server(endpoint = "symbols/search", input = Json)]
pub async fn search_symbols(query: String) -> Result<Vec<SymbolHit>, AppError> {
    crate::ports::answer(
        async move {
            crate::ports::signed_in().await?;
            let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
            let services = crate::ports::services()?;
            Ok(services
                .symbols
                .search(&query, RESULTS_SHOWN)
                .into_iter()
                .map(|s| SymbolHit {
                    symbol: s.symbol.clone(),
                    word: s.word.clone(),
                })
                .collect())
        }
        .await,
    )
}
