//! Favourites, recent pictures, the "My words" board and how each person
//! hears things.

use app::boards::BoardItem;
use app::domain::post::{SymbolRef, Tile};
use app::domain::profile::Profile;
use app::domain::speech::SpeechSettings;
use app::ports::{StoreError, StoreResult};
use sqlx::any::AnyRow;

use super::{new_id, text, Storage};

/// How many recent pictures are kept per person.
pub const RECENT_KEPT: i64 = 24;

fn db(error: sqlx::Error) -> StoreError {
    StoreError::Other(error.to_string())
}

fn item(row: &AnyRow, id_column: Option<&str>) -> Result<BoardItem, StoreError> {
    Ok(BoardItem {
        symbol: SymbolRef {
            set: text(row, "symbol_set").map_err(db)?,
            id: text(row, "symbol_id").map_err(db)?,
        },
        word: text(row, "word").map_err(db)?,
        id: match id_column {
            Some(column) => Some(text(row, column).map_err(db)?),
            None => None,
        },
    })
}

impl Storage {
    pub(crate) async fn board_favourites(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select symbol_set, symbol_id, word from favourite where person_id = $1 \
             order by created_at, symbol_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|row| item(row, None)).collect()
    }

    pub(crate) async fn board_set_favourite(
        &self,
        person_id: &str,
        item: &BoardItem,
        on: bool,
    ) -> StoreResult<()> {
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
        query.execute(&self.pool).await.map_err(db)?;
        Ok(())
    }

    pub(crate) async fn board_recent(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select symbol_set, symbol_id, word from recent_symbol where person_id = $1 \
             order by used_at desc, symbol_id limit $2",
        )
        .bind(person_id)
        .bind(RECENT_KEPT)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|row| item(row, None)).collect()
    }

    /// Remembers the symbols of these tiles as used now (photos are not
    /// shared across posts, so they are left out), keeping the newest 24.
    pub(crate) async fn board_record_recent(
        &self,
        person_id: &str,
        tiles: &[Tile],
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
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
            .map_err(db)?;
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
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    pub(crate) async fn board_my_words(&self, person_id: &str) -> StoreResult<Vec<BoardItem>> {
        let rows = sqlx::query(
            "select my_word_id, symbol_set, symbol_id, word from my_word where person_id = $1 \
             order by created_at, my_word_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| item(row, Some("my_word_id")))
            .collect()
    }

    pub(crate) async fn board_add_my_word(
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
        .map_err(db)?;
        Ok(id)
    }

    pub(crate) async fn board_remove_my_word(
        &self,
        person_id: &str,
        my_word_id: &str,
    ) -> StoreResult<()> {
        let done = sqlx::query("delete from my_word where person_id = $1 and my_word_id = $2")
            .bind(person_id)
            .bind(my_word_id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub(crate) async fn load_speech_settings(
        &self,
        person_id: &str,
    ) -> StoreResult<Option<SpeechSettings>> {
        let settings: Option<SpeechSettings> = self
            .load_person_json("speech_setting", "settings", person_id)
            .await?;
        Ok(settings.map(SpeechSettings::checked))
    }

    pub(crate) async fn store_speech_settings(
        &self,
        person_id: &str,
        settings: &SpeechSettings,
        by: &str,
    ) -> StoreResult<()> {
        self.store_person_json("speech_setting", "settings", person_id, settings, by)
            .await
    }

    /// A JSON document kept per person in `table`'s `column`.
    async fn load_person_json<T: serde::de::DeserializeOwned>(
        &self,
        table: &'static str,
        column: &'static str,
        person_id: &str,
    ) -> StoreResult<Option<T>> {
        let row = sqlx::query(&format!(
            "select {column} as doc from {table} where person_id = $1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let json = text(&row, "doc").map_err(db)?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StoreError::Other(e.to_string()))
    }

    /// Saves a person's JSON document in `table`'s `column`, with who
    /// changed it and when.
    async fn store_person_json<T: serde::Serialize>(
        &self,
        table: &'static str,
        column: &'static str,
        person_id: &str,
        value: &T,
        by: &str,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))?;
        sqlx::query(&format!(
            "insert into {table} (person_id, {column}, updated_by, updated_at) \
             values ($1, $2, $3, $4) \
             on conflict (person_id) do update set {column} = excluded.{column}, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at"
        ))
        .bind(person_id)
        .bind(json)
        .bind(by)
        .bind(self.now())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}

impl Storage {
    pub(crate) async fn load_profile(&self, person_id: &str) -> StoreResult<Option<Profile>> {
        self.load_person_json("communication_profile", "profile", person_id)
            .await
    }

    pub(crate) async fn store_profile(
        &self,
        person_id: &str,
        profile: &Profile,
        by: &str,
    ) -> StoreResult<()> {
        self.store_person_json("communication_profile", "profile", person_id, profile, by)
            .await
    }
}
