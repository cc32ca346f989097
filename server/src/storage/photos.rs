//! Who may see a photo. A photo in a published post is public; any other
//! photo only for the person who added it and the people who may read a
//! post (or a kept version of one) that shows it.

use super::error::db;
use app::ports::StoreResult;
use sqlx::Row;

use super::Storage;
use app::domain::lifecycle::Status;

/// The posts that show a photo, and who added it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhotoUse {
    /// Whether a published post shows it.
    pub published: bool,
    /// (author, account) of each post that shows it, now or in a version.
    pub posts: Vec<(String, String)>,
    /// The people who added it.
    pub added_by: Vec<String>,
}

impl Storage {
    /// Notes that `person_id` added the photo `photo_id`.
    pub async fn note_photo_added(
        &self,
        photo_id: &str,
        person_id: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "insert into photo_upload (photo_id, person_id, created_at) values ($1, $2, $3) \
             on conflict (photo_id, person_id) do nothing",
        )
        .bind(photo_id)
        .bind(person_id)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Where the photo `photo_id` (a SHA-256 in hex, checked by the caller)
    /// is used.
    pub async fn photo_use(&self, photo_id: &str) -> StoreResult<PhotoUse> {
        let pattern = format!("%{photo_id}%");
        let rows = sqlx::query(
            "select author_id, service_account_id, status from post \
             where tiles like $1 \
                or post_id in (select post_id from post_version where tiles like $2)",
        )
        .bind(&pattern)
        .bind(&pattern)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut found = PhotoUse::default();
        for row in rows {
            let status: String = row.try_get("status").map_err(db)?;
            found.published |= status == Status::Published.as_str();
            found.posts.push((
                row.try_get("author_id").map_err(db)?,
                row.try_get("service_account_id").map_err(db)?,
            ));
        }
        found.added_by = sqlx::query("select person_id from photo_upload where photo_id = $1")
            .bind(photo_id)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(|row| row.try_get("person_id"))
            .collect::<Result<_, _>>()
            .map_err(db)?;
        Ok(found)
    }
}
