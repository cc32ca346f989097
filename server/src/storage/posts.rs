//! Posts and their audit log.

use app::domain::lifecycle::Status;
use app::domain::post::Tile;
use app::domain::reach::Target;
use app::ports::{PostRecord, PostStore, PostUpdate, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row};

use super::error::{db, other};
use super::post_update::{review_parts, save_tiles};
use super::{new_id, text, Storage};

const POST_COLUMNS: &str =
    "select p.post_id, p.service_account_id, a.slug, a.name as account_name, a.targets, \
     a.time_zone, \
     p.author_id, u.display_name, u.public_name, u.removed_at as author_removed, p.status, p.tiles, p.revision, p.feedback, \
     p.created_at, p.updated_at, p.published_at, p.scheduled_for, p.version, \
     p.consented_version, \
     a.approvals_needed, p.suggested_version, \
     (select count(*) from sign_off s where s.post_id = p.post_id) as sign_offs, \
     (select max(v.version) from post_version v where v.post_id = p.post_id) as last_version, \
     (select v.tiles from post_version v where v.post_id = p.post_id \
      and v.version = p.suggested_version) as suggestion \
     from post p \
     join service_account a on a.service_account_id = p.service_account_id \
     join person u on u.person_id = p.author_id";

/// Writes an empty draft; answers its id.
pub(super) async fn insert_draft<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    account_id: &str,
    author_id: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let post_id = new_id();
    sqlx::query(
        "insert into post (post_id, service_account_id, author_id, status, tiles, revision, \
         created_at, updated_at) values ($1, $2, $3, $4, '[]', 0, $5, $5)",
    )
    .bind(&post_id)
    .bind(account_id)
    .bind(author_id)
    .bind(Status::Draft.as_str())
    .bind(now)
    .execute(executor)
    .await?;
    Ok(post_id)
}

fn post_from_row(row: &AnyRow) -> Result<PostRecord, StoreError> {
    let status = text(row, "status").map_err(db)?;
    let tiles: Vec<Tile> = serde_json::from_str(&text(row, "tiles").map_err(db)?).map_err(other)?;
    Ok(PostRecord {
        post_id: text(row, "post_id").map_err(db)?,
        account_id: text(row, "service_account_id").map_err(db)?,
        account_slug: text(row, "slug").map_err(db)?,
        account_name: text(row, "account_name").map_err(db)?,
        time_zone: text(row, "time_zone").map_err(db)?,
        targets: Target::parse_list(&text(row, "targets").map_err(db)?),
        author_id: text(row, "author_id").map_err(db)?,
        author_name: author_name(row)?,
        author_public_name: row.try_get("public_name").map_err(db)?,
        status: Status::parse(&status).ok_or_else(|| other(format!("unknown status {status}")))?,
        tiles,
        revision: row.try_get("revision").map_err(db)?,
        feedback: row.try_get("feedback").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        updated_at: row.try_get("updated_at").map_err(db)?,
        published_at: row.try_get("published_at").map_err(db)?,
        scheduled_for: row.try_get("scheduled_for").map_err(db)?,
        is_sign_off: row.try_get::<i64, _>("sign_offs").map_err(db)? > 0,
        version: row.try_get("version").map_err(db)?,
        consented_version: row.try_get("consented_version").map_err(db)?,
        last_version: row
            .try_get::<Option<i64>, _>("last_version")
            .map_err(db)?
            .unwrap_or(0),
        suggestion: match (
            row.try_get::<Option<i64>, _>("suggested_version")
                .map_err(db)?,
            row.try_get::<Option<String>, _>("suggestion").map_err(db)?,
        ) {
            (Some(number), Some(json)) => {
                Some((number, serde_json::from_str(&json).map_err(other)?))
            }
            _ => None,
        },
        approved_by: Vec::new(),
        approvals_needed: super::accounts::needed(row.try_get("approvals_needed").map_err(db)?),
    })
}

/// The author's name, or "A member of <account>" once they were removed.
fn author_name(row: &AnyRow) -> Result<String, StoreError> {
    if row
        .try_get::<Option<i64>, _>("author_removed")
        .map_err(db)?
        .is_some()
    {
        let account = text(row, "account_name").map_err(db)?;
        return Ok(format!("{} {account}", app::strings::A_MEMBER_OF));
    }
    text(row, "display_name").map_err(db)
}

impl Storage {
    /// Everyone with a role on any of these accounts (removed people have
    /// none), by name.
    pub(super) async fn people_ids_on(&self, account_ids: &[String]) -> StoreResult<Vec<String>> {
        if account_ids.is_empty() {
            return Ok(Vec::new());
        }
        let places: Vec<String> = (1..=account_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "select distinct p.person_id, p.display_name from person p \
             join membership m on m.person_id = p.person_id \
             where m.service_account_id in ({}) order by p.display_name, p.person_id",
            places.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in account_ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter()
            .map(|row| text(row, "person_id").map_err(db))
            .collect()
    }

    /// Fills in who approved each post's current version, in one query.
    async fn with_approvals(&self, mut posts: Vec<PostRecord>) -> StoreResult<Vec<PostRecord>> {
        if posts.is_empty() {
            return Ok(posts);
        }
        let places: Vec<String> = (1..=posts.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "select post_id, version, person_id from post_approval where post_id in ({}) \
             order by created_at, person_id",
            places.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for post in &posts {
            query = query.bind(post.post_id.clone());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        for row in rows {
            let post_id = text(&row, "post_id").map_err(db)?;
            let version: i64 = row.try_get("version").map_err(db)?;
            let person = text(&row, "person_id").map_err(db)?;
            if let Some(post) = posts
                .iter_mut()
                .find(|p| p.post_id == post_id && p.version == version)
            {
                post.approved_by.push(person);
            }
        }
        Ok(posts)
    }

    async fn posts_where(&self, rows: Vec<AnyRow>) -> StoreResult<Vec<PostRecord>> {
        let posts = rows.iter().map(post_from_row).collect::<StoreResult<_>>()?;
        self.with_approvals(posts).await
    }
}

#[async_trait]
impl PostStore for Storage {
    async fn create_post(&self, account_id: &str, author_id: &str) -> StoreResult<String> {
        insert_draft(&self.pool, account_id, author_id, self.now())
            .await
            .map_err(db)
    }

    async fn post(&self, post_id: &str) -> StoreResult<PostRecord> {
        let row = sqlx::query(&format!("{POST_COLUMNS} where p.post_id = $1"))
            .bind(post_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        let mut posts = self.posts_where(vec![row]).await?;
        posts.pop().ok_or(StoreError::NotFound)
    }

    async fn update_post(&self, post_id: &str, update: PostUpdate) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let now = self.now();
        if let Some((tiles, revision)) = &update.tiles {
            save_tiles(&mut tx, post_id, tiles.as_slice(), *revision, now).await?;
        }
        for change in &update.changes {
            let moved = sqlx::query(
                "update post set status = $1, updated_at = $2 where post_id = $3 and status = $4",
            )
            .bind(change.to.as_str())
            .bind(now)
            .bind(post_id)
            .bind(change.from.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if moved.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
            sqlx::query(
                "insert into post_event (post_event_id, post_id, actor_id, from_status, to_status, \
                 note, created_at, seq) values ($1, $2, $3, $4, $5, $6, $7, \
                 (select coalesce(max(e.seq), 0) + 1 from post_event e where e.post_id = $2))",
            )
            .bind(new_id())
            .bind(post_id)
            .bind(change.actor_id.clone())
            .bind(change.from.as_str())
            .bind(change.to.as_str())
            .bind(change.note.clone())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        review_parts(&mut tx, post_id, &update, now).await?;
        if update.changes.iter().any(|c| c.to == Status::TakenDown) {
            super::publish::take_down_jobs(&mut tx, post_id, now)
                .await
                .map_err(db)?;
        }
        super::notifications::notify(&mut tx, post_id, &update.changes, now).await?;
        if let Some(feedback) = &update.feedback {
            sqlx::query("update post set feedback = $1 where post_id = $2")
                .bind(feedback.clone())
                .bind(post_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        if let Some(at) = update.scheduled_for {
            sqlx::query("update post set scheduled_for = $1 where post_id = $2")
                .bind(at)
                .bind(post_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        if update.published {
            sqlx::query("update post set published_at = $1 where post_id = $2")
                .bind(now)
                .bind(post_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            // One outbox job per connected network, in the same transaction.
            super::publish::add_jobs(&mut tx, post_id, now, now)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn posts_by_author(&self, author_id: &str) -> StoreResult<Vec<PostRecord>> {
        let rows = sqlx::query(&format!(
            "{POST_COLUMNS} where p.author_id = $1 order by p.updated_at desc limit 100"
        ))
        .bind(author_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        self.posts_where(rows).await
    }

    async fn posts_in_status(
        &self,
        account_ids: &[String],
        status: Status,
    ) -> StoreResult<Vec<PostRecord>> {
        if account_ids.is_empty() {
            return Ok(Vec::new());
        }
        let places: Vec<String> = (0..account_ids.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        let sql = format!(
            "{POST_COLUMNS} where p.status = $1 and p.service_account_id in ({}) \
             order by p.updated_at asc limit 200",
            places.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(status.as_str());
        for id in account_ids {
            query = query.bind(id.as_str());
        }
        self.posts_where(query.fetch_all(&self.pool).await.map_err(db)?)
            .await
    }

    async fn published_posts(&self, account_id: &str, limit: u32) -> StoreResult<Vec<PostRecord>> {
        let rows = sqlx::query(&format!(
            "{POST_COLUMNS} where p.service_account_id = $1 and p.status = $2 \
             order by p.published_at desc limit $3"
        ))
        .bind(account_id)
        .bind(Status::Published.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        self.posts_where(rows).await
    }

    async fn posts_due(&self, now: i64) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "select post_id from post where status = $1 and scheduled_for <= $2 \
             order by scheduled_for limit 100",
        )
        .bind(Status::Scheduled.as_str())
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| text(r, "post_id").map_err(db))
            .collect()
    }

    async fn posts_in_week(
        &self,
        account_id: &str,
        from: i64,
        to: i64,
    ) -> StoreResult<Vec<PostRecord>> {
        let rows = sqlx::query(&format!(
            "{POST_COLUMNS} where p.service_account_id = $1 and ( \
             (p.status = $2 and p.scheduled_for >= $3 and p.scheduled_for < $4) or \
             (p.status = $5 and p.published_at >= $3 and p.published_at < $4)) \
             order by coalesce(p.published_at, p.scheduled_for) limit 500"
        ))
        .bind(account_id)
        .bind(Status::Scheduled.as_str())
        .bind(from)
        .bind(to)
        .bind(Status::Published.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        self.posts_where(rows).await
    }
}
