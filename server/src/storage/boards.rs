//! Favourites, recent pictures and the "My words" board.

use app::boards::BoardItem;
use app::domain::post::{SymbolRef, Tile};
use app::ports::{BoardStore, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::any::AnyRow;

use super::error::other;
use super::{new_id, text, Storage};

/// How many recent pictures are kept per person.
pub const RECENT_KEPT: i64 = 24;

fn item(row: &AnyRow, id_column: Option<&str>) -> Result<BoardItem, StoreError> {
    Ok(BoardItem {
        symbol: SymbolRef {
            set: text(row, "symbol_set").map_err(other)?,
            id: text(row, "symbol_id").map_err(other)?,
        },
        word: text(row, "word").map_err(other)?,
        id: match id_column {
            Some(column) => Some(text(row, column).map_err(other)?),
            None => None,
        },
    })
}

#[async_trait]
impl BoardStore for Storage {
    async fn favourites(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select symbol_set, symbol_id, word from favourite where person_id = $1 \
             order by created_at, symbol_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter().map(|row| item(row, None)).collect()
    }

    async fn set_favourite(&self, person_id: &str, item: &BoardItem, on: bool) -> StoreResult<()> {
        let query = if on {
            sqlx::query(
                "insert into favourite (person_id, symbol_set, symbol_id, word, created_at) \
                 values ($1, $2, $3, $4, $5) \
                 on conflict (person_id, symbol_set, symbol_id) do update set word = excluded.word",
            )
            .bind(person_id)
            .bind(&item.symbol.set)
            .bind(&item.symbol.id)
            .bind(&item.word)
            .bind(self.now())
        } else {
            sqlx::query(
                "delete from favourite where person_id = $1 and symbol_set = $2 and symbol_id = $3",
            )
            .bind(person_id)
            .bind(&item.symbol.set)
            .bind(&item.symbol.id)
        };
        query.execute(&self.pool).await.map_err(other)?;
        Ok(())
    }

    async fn recent(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select symbol_set, symbol_id, word from recent_symbol where person_id = $1 \
             order by used_at desc, symbol_id limit $2",
        )
        .bind(person_id)
        .bind(RECENT_KEPT)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter().map(|row| item(row, None)).collect()
    }

    /// Remembers the symbols of these tiles as used now (photos are not
    /// shared across posts, so they are left out), keeping the newest 24.
    async fn record_recent(&self, person_id: &str, tiles: &[Tile]) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(other)?;
        for tile in tiles {
            let Some(symbol) = tile.symbol.as_ref().filter(|s| !s.is_photo()) else {
                continue;
            };
            sqlx::query(
                "insert into recent_symbol (person_id, symbol_set, symbol_id, word, used_at) \
                 values ($1, $2, $3, $4, $5) \
                 on conflict (person_id, symbol_set, symbol_id) \
                 do update set used_at = excluded.used_at, word = excluded.word",
            )
            .bind(person_id)
            .bind(&symbol.set)
            .bind(&symbol.id)
            .bind(tile.word.trim_end_matches(['.', '!', '?']))
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(other)?;
        }
        sqlx::query(
            "delete from recent_symbol where person_id = $1 and used_at < coalesce(( \
             select used_at from recent_symbol where person_id = $2 \
             order by used_at desc limit 1 offset $3), 0)",
        )
        .bind(person_id)
        .bind(person_id)
        .bind(RECENT_KEPT - 1)
        .execute(&mut *tx)
        .await
        .map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn my_words(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select my_word_id, symbol_set, symbol_id, word from my_word where person_id = $1 \
             order by created_at, my_word_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter()
            .map(|row| item(row, Some("my_word_id")))
            .collect()
    }

    async fn add_my_word(
        &self,
        person_id: &str,
        item: &BoardItem,
        added_by: &str,
    ) -> StoreResult<String> {
        let id = new_id();
        sqlx::query(
            "insert into my_word (my_word_id, person_id, symbol_set, symbol_id, word, added_by, \
             created_at) values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(person_id)
        .bind(&item.symbol.set)
        .bind(&item.symbol.id)
        .bind(&item.word)
        .bind(added_by)
        .bind(self.now())
        .execute(&self.pool)
        .await
        .map_err(other)?;
        Ok(id)
    }

    async fn remove_my_word(&self, person_id: &str, my_word_id: &str) -> StoreResult<()> {
        let done = sqlx::query("delete from my_word where person_id = $1 and my_word_id = $2")
            .bind(person_id)
            .bind(my_word_id)
            .execute(&self.pool)
            .await
            .map_err(other)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
