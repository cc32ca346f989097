//! Each person's own pictures: favourites, the ones used lately, and the
//! "My words" board a supporter fills for an author.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::post::SymbolRef;
use crate::error::AppError;

pub use crate::records::BoardItem;

pub use page::{BoardsPanel, MyWordsPage};

/// Everything on the signed-in person's boards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Boards {
    pub favourites: Vec<BoardItem>,
    pub recent: Vec<BoardItem>,
    pub my_words: Vec<BoardItem>,
}

/// Someone whose "My words" a supporter may fill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub person_id: String,
    pub display_name: String,
}

/// Most items on one person's "My words".
pub const MAX_MY_WORDS: usize = 60;

#[server(endpoint = "boards/mine", input = Json)]
pub async fn my_boards() -> Result<Boards, AppError> {
    crate::ports::answer(flows::my_boards().await)
}

#[server(endpoint = "boards/favourite", input = Json)]
pub async fn set_favourite(symbol: SymbolRef, word: String, on: bool) -> Result<(), AppError> {
    crate::ports::answer(flows::set_favourite(symbol, word, on).await)
}

#[server(endpoint = "boards/authors", input = Json)]
pub async fn authors() -> Result<Vec<Author>, AppError> {
    crate::ports::answer(flows::authors().await)
}

#[server(endpoint = "boards/words-for", input = Json)]
pub async fn words_for(author_id: String) -> Result<Vec<BoardItem>, AppError> {
    crate::ports::answer(flows::words_for(author_id).await)
}

#[server(endpoint = "boards/add-word", input = Json)]
pub async fn add_word(author_id: String, symbol: SymbolRef, word: String) -> Result<(), AppError> {
    crate::ports::answer(flows::add_word(author_id, symbol, word).await)
}

#[server(endpoint = "boards/remove-word", input = Json)]
pub async fn remove_word(author_id: String, my_word_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::remove_word(author_id, my_word_id).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use super::{Author, BoardItem, Boards, MAX_MY_WORDS};
    use crate::accounts::Person;
    use crate::domain::post::{SymbolRef, Tile, Tiles};
    use crate::error::AppError;
    use crate::ports;

    /// A board item passes the same checks as a post tile, and only real
    /// symbols go on boards (photos belong to one post).
    fn checked(symbol: SymbolRef, word: String) -> Result<BoardItem, AppError> {
        if symbol.is_photo() {
            return Err(AppError::BadInput(crate::strings::ERR_BAD_SYMBOL.into()));
        }
        let tiles = Tiles::parse(vec![Tile {
            symbol: Some(symbol),
            word,
        }])?;
        let tile = tiles.into_inner().remove(0);
        let symbol = tile.symbol.ok_or(AppError::Server)?;
        if ports::services()?.symbols.get(&symbol).is_none() {
            return Err(AppError::BadInput(crate::strings::ERR_BAD_SYMBOL.into()));
        }
        Ok(BoardItem {
            symbol,
            word: tile.word,
            id: None,
        })
    }

    pub async fn my_boards() -> Result<Boards, AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        Ok(Boards {
            favourites: store.favourites(&person.person_id).await?,
            recent: store.recent(&person.person_id).await?,
            my_words: store.my_words(&person.person_id).await?,
        })
    }

    pub async fn set_favourite(symbol: SymbolRef, word: String, on: bool) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        let item = checked(symbol, word)?;
        let store = ports::services()?.store;
        Ok(store.set_favourite(&person.person_id, &item, on).await?)
    }

    /// The supporter may fill the board of anyone on an account where the
    /// supporter checks posts.
    pub(crate) async fn may_fill(supporter: &Person, author_id: &str) -> Result<(), AppError> {
        let checked = supporter.checked_accounts();
        if checked.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let store = ports::services()?.store;
        let author = store.person(author_id).await?;
        if author
            .memberships
            .iter()
            .any(|m| checked.contains(&m.account_id))
        {
            Ok(())
        } else {
            Err(AppError::NotAllowed)
        }
    }

    pub async fn authors() -> Result<Vec<Author>, AppError> {
        let person = ports::signed_in().await?;
        let checked = person.checked_accounts();
        if checked.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let people = ports::services()?.store.authors_on(&checked).await?;
        Ok(people
            .into_iter()
            .filter(|p| p.person_id != person.person_id)
            .map(|p| Author {
                person_id: p.person_id,
                display_name: p.display_name,
            })
            .collect())
    }

    pub async fn words_for(author_id: String) -> Result<Vec<BoardItem>, AppError> {
        let person = ports::signed_in().await?;
        may_fill(&person, &author_id).await?;
        Ok(ports::services()?.store.my_words(&author_id).await?)
    }

    pub async fn add_word(
        author_id: String,
        symbol: SymbolRef,
        word: String,
    ) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        may_fill(&person, &author_id).await?;
        let item = checked(symbol, word)?;
        let store = ports::services()?.store;
        if store.my_words(&author_id).await?.len() >= MAX_MY_WORDS {
            return Err(AppError::BadInput(crate::strings::ERR_BOARD_FULL.into()));
        }
        store
            .add_my_word(&author_id, &item, &person.person_id)
            .await?;
        Ok(())
    }

    pub async fn remove_word(author_id: String, my_word_id: String) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        may_fill(&person, &author_id).await?;
        Ok(ports::services()?
            .store
            .remove_my_word(&author_id, &my_word_id)
            .await?)
    }
}
