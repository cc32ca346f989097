//! Each account's hashtag sets.

use app::domain::hashtags::HashtagSet;
use app::ports::HashtagStore;
use app::ports::{StoreError, StoreResult};
use async_trait::async_trait;

use super::{account_event, new_id, text, Storage};

fn db(error: sqlx::Error) -> StoreError {
    StoreError::Other(error.to_string())
}

#[async_trait]
impl HashtagStore for Storage {
    async fn hashtag_sets(&self, account_id: &str) -> StoreResult<Vec<HashtagSet>> {
        let rows = sqlx::query(
            "select hashtag_set_id, event, tags from hashtag_set \
             where service_account_id = $1 order by event, created_at",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(HashtagSet {
                    set_id: text(row, "hashtag_set_id")?,
                    event: text(row, "event")?,
                    tags: text(row, "tags")?
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db)
    }

    /// Adds a set (no `set_id`) or changes one of this account's; returns
    /// its id. The account's log says who did it.
    async fn save_hashtag_set(
        &self,
        account_id: &str,
        set_id: Option<&str>,
        event: &str,
        tags: &[String],
        by: &str,
    ) -> StoreResult<String> {
        let now = self.now();
        let joined = tags.join(" ");
        let mut tx = self.pool.begin().await.map_err(db)?;
        let id = match set_id {
            Some(id) => {
                let changed = sqlx::query(
                    "update hashtag_set set event = $1, tags = $2, updated_at = $3 \
                     where hashtag_set_id = $4 and service_account_id = $5",
                )
                .bind(event)
                .bind(&joined)
                .bind(now)
                .bind(id)
                .bind(account_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
                if changed == 0 {
                    return Err(StoreError::NotFound);
                }
                id.to_string()
            }
            None => {
                let id = new_id();
                sqlx::query(
                    "insert into hashtag_set (hashtag_set_id, service_account_id, event, tags, \
                     created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)",
                )
                .bind(&id)
                .bind(account_id)
                .bind(event)
                .bind(&joined)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                id
            }
        };
        account_event(
            &mut tx,
            account_id,
            by,
            &format!("hashtags for {event}: {joined}"),
            now,
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    async fn remove_hashtag_set(
        &self,
        account_id: &str,
        set_id: &str,
        by: &str,
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let gone = sqlx::query(
            "delete from hashtag_set where hashtag_set_id = $1 and service_account_id = $2",
        )
        .bind(set_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        account_event(&mut tx, account_id, by, "hashtag set taken off", now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}
