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

impl From<&crate::domain::symbols::Symbol> for SymbolHit {
    fn from(symbol: &crate::domain::symbols::Symbol) -> SymbolHit {
        SymbolHit {
            symbol: symbol.symbol.clone(),
            word: symbol.word.clone(),
        }
    }
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
                .map(SymbolHit::from)
                .collect())
        }
        .await,
    )
}

/// Longest text turned into symbols at once.
pub const MAX_SENTENCE_CHARS: usize = 600;

/// Each word of a sentence with its best picture and others to swap to.
#[server(endpoint = "symbols/sentence", input = Json)]
pub async fn sentence_to_symbols(
    text: String,
) -> Result<Vec<crate::domain::symbolise::Token>, AppError> {
    crate::ports::answer(
        async move {
            crate::ports::signed_in().await?;
            if text.chars().count() > MAX_SENTENCE_CHARS {
                return Err(AppError::BadInput(
                    crate::strings::ERR_TOO_MANY_WORDS.into(),
                ));
            }
            let services = crate::ports::services()?;
            Ok(crate::domain::symbolise::symbolise(
                &services.symbols,
                &text,
            ))
        }
        .await,
    )
}

/// A category of pictures, with one of its pictures to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    pub picture: SymbolRef,
}

/// Mulberry's categories, each with a picture.
#[server(endpoint = "symbols/categories", input = Json)]
pub async fn symbol_categories() -> Result<Vec<Category>, AppError> {
    crate::ports::answer(
        async move {
            crate::ports::signed_in().await?;
            let services = crate::ports::services()?;
            Ok(services
                .symbols
                .categories(crate::domain::symbols::MULBERRY)
                .into_iter()
                .map(|(name, symbol)| Category {
                    name: name.to_string(),
                    picture: symbol.symbol.clone(),
                })
                .collect())
        }
        .await,
    )
}

/// Every picture in one of Mulberry's categories.
#[server(endpoint = "symbols/category", input = Json)]
pub async fn symbols_in_category(name: String) -> Result<Vec<SymbolHit>, AppError> {
    crate::ports::answer(
        async move {
            crate::ports::signed_in().await?;
            let services = crate::ports::services()?;
            let found = services
                .symbols
                .in_category(crate::domain::symbols::MULBERRY, &name);
            if found.is_empty() {
                return Err(AppError::NotFound);
            }
            Ok(found.into_iter().map(SymbolHit::from).collect())
        }
        .await,
    )
}
