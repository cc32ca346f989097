//! Everything kept about one person, gathered for their subject access
//! request.

use app::ports::StoreResult;
use sqlx::Row;

use super::error::db;
use super::running::{accounts_of, log_line};
use super::Storage;

/// A row as JSON: each column by name, as text, a number or null.
fn row_json(row: &sqlx::any::AnyRow) -> serde_json::Value {
    use sqlx::Column;
    let mut object = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = row
            .try_get::<Option<String>, _>(i)
            .map(|v| v.map(serde_json::Value::from))
            .or_else(|_| {
                row.try_get::<Option<i64>, _>(i)
                    .map(|v| v.map(serde_json::Value::from))
            })
            .or_else(|_| {
                row.try_get::<Option<f64>, _>(i)
                    .map(|v| v.map(serde_json::Value::from))
            })
            .ok()
            .flatten()
            .unwrap_or(serde_json::Value::Null);
        object.insert(column.name().to_string(), value);
    }
    serde_json::Value::Object(object)
}

impl Storage {
    async fn rows_json(&self, sql: &str, person_id: &str) -> StoreResult<Vec<serde_json::Value>> {
        let rows = sqlx::query(sql)
            .bind(person_id)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        Ok(rows.iter().map(row_json).collect())
    }

    /// Everything about one person, for their subject access request.
    /// Secrets (password hashes, a card's or a link's secret hash) stay out.
    pub async fn person_data(&self, person_id: &str) -> StoreResult<crate::export::PersonData> {
        let mine = "select post_id from post where author_id = $1";
        let person = self
            .rows_json(
                "select person_id, user_name, display_name, public_name, email, created_at, \
                 updated_at, stopped_at from person where person_id = $1",
                person_id,
            )
            .await?
            .pop()
            .unwrap_or_default();
        Ok(crate::export::PersonData {
            person,
            roles: self
                .rows_json(
                    "select a.name as account, m.role, m.created_at from membership m \
                     join service_account a on a.service_account_id = m.service_account_id \
                     where m.person_id = $1 order by a.name",
                    person_id,
                )
                .await?,
            posts: self
                .rows_json(
                    "select p.post_id, a.name as account, p.status, p.tiles, p.feedback, \
                     p.created_at, p.updated_at, p.published_at, p.scheduled_for, p.version \
                     from post p join service_account a \
                     on a.service_account_id = p.service_account_id \
                     where p.author_id = $1 order by p.created_at",
                    person_id,
                )
                .await?,
            versions: self
                .rows_json(
                    &format!(
                        "select post_id, version, kind, tiles, created_at from post_version \
                         where post_id in ({mine}) order by post_id, version"
                    ),
                    person_id,
                )
                .await?,
            steps: self
                .rows_json(
                    &format!(
                        "select post_id, from_status, to_status, note, created_at from post_event \
                         where post_id in ({mine}) order by post_id, seq"
                    ),
                    person_id,
                )
                .await?,
            favourites: self
                .rows_json(
                    "select symbol_set, symbol_id, word, created_at from favourite \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            recent: self
                .rows_json(
                    "select symbol_set, symbol_id, word, used_at from recent_symbol \
                     where person_id = $1 order by used_at",
                    person_id,
                )
                .await?,
            my_words: self
                .rows_json(
                    "select symbol_set, symbol_id, word, created_at from my_word \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            speech: self
                .rows_json(
                    "select settings, updated_at from speech_setting where person_id = $1",
                    person_id,
                )
                .await?,
            profile: self
                .rows_json(
                    "select profile, updated_at from communication_profile where person_id = $1",
                    person_id,
                )
                .await?,
            cards: self
                .rows_json(
                    "select created_at, expires_at, revoked_at from signin_card \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            links: self
                .rows_json(
                    "select created_at, expires_at, used_at from welcome_link \
                     where person_id = $1 order by created_at",
                    person_id,
                )
                .await?,
            log: self
                .rows_json(
                    "select a.name as account, e.what, e.created_at from account_event e \
                     join service_account a on a.service_account_id = e.service_account_id \
                     where e.subject_id = $1 order by e.created_at",
                    person_id,
                )
                .await?,
        })
    }

    /// Notes in each of the person's accounts' logs that `by` downloaded
    /// their data.
    pub async fn log_data_download(&self, person_id: &str, by: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        for account_id in accounts_of(&mut tx, person_id).await.map_err(db)? {
            log_line(
                &mut tx,
                &account_id,
                by,
                "data downloaded",
                Some(person_id),
                now,
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}
