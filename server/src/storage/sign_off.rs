//! The end-of-day sign-off: which post holds each account's words, its
//! time, and the daily copies that go out.

use super::error::db;
use app::domain::lifecycle::Status;
use app::domain::sign_off::due;
use app::domain::zone::Zone;
use app::ports::SignOffStore;
use app::ports::{PostStore, SignOffRecord, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

use super::posts::insert_draft;
use super::{account_event, new_id, text, Storage};

impl Storage {
    /// Sends the sign-off of every account whose time has come today, if
    /// the account posted today and none went out yet: a new published post
    /// with the approved words, its outbox jobs in the same transaction.
    /// Answers the new posts' ids.
    pub async fn release_sign_offs(&self, now: i64) -> StoreResult<Vec<String>> {
        // The newest approved sign-off of each account, with its clock.
        let rows = sqlx::query(
            "select s.service_account_id, a.sign_off_minute, a.time_zone, s.post_id \
             from sign_off s join post p on p.post_id = s.post_id \
             join service_account a on a.service_account_id = s.service_account_id \
             where p.status = $1 and a.closed_at is null \
             order by s.service_account_id, s.created_at desc, s.post_id",
        )
        .bind(Status::Approved.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut released = Vec::new();
        let mut seen = Vec::<String>::new();
        for row in &rows {
            let account_id = text(row, "service_account_id").map_err(db)?;
            if seen.contains(&account_id) {
                continue;
            }
            seen.push(account_id.clone());
            // Today and its minutes are the account's own.
            let zone = Zone::named(&text(row, "time_zone").map_err(db)?);
            let day = zone.day_of(now);
            let minute =
                u32::try_from(row.try_get::<i64, _>("sign_off_minute").map_err(db)?).unwrap_or(0);
            let counts = sqlx::query(
                "select (select count(*) from sign_off_day d where d.service_account_id = $1 \
                  and d.day = $2) as sent, \
                 (select count(*) from post q where q.service_account_id = $1 \
                  and q.status = $3 and q.published_at >= $4 and q.published_at <= $5 \
                  and q.post_id not in (select d.post_id from sign_off_day d \
                  where d.service_account_id = $1)) as posted",
            )
            .bind(&account_id)
            .bind(day)
            .bind(Status::Published.as_str())
            .bind(zone.day_start(day))
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
            let sent = counts.try_get::<i64, _>("sent").map_err(db)? > 0;
            let posted = counts.try_get::<i64, _>("posted").map_err(db)? > 0;
            if !due(zone.minute_of_day(now), minute, posted, sent) {
                continue;
            }
            let words_from = text(row, "post_id").map_err(db)?;
            if let Some(post_id) = self
                .send_sign_off(&account_id, &words_from, day, now)
                .await?
            {
                released.push(post_id);
            }
        }
        Ok(released)
    }

    async fn send_sign_off(
        &self,
        account_id: &str,
        words_from: &str,
        day: i64,
        now: i64,
    ) -> StoreResult<Option<String>> {
        let post_id = new_id();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let copied = sqlx::query(
            "insert into post (post_id, service_account_id, author_id, status, tiles, revision, \
             created_at, updated_at, published_at, version, consented_version) \
             select $1, service_account_id, author_id, $2, tiles, 0, $3, $3, $3, version, \
             consented_version from post where post_id = $4 and status = $5",
        )
        .bind(&post_id)
        .bind(Status::Published.as_str())
        .bind(now)
        .bind(words_from)
        .bind(Status::Approved.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if copied != 1 {
            // The words changed since they were read: next round.
            tx.rollback().await.map_err(db)?;
            return Ok(None);
        }
        let first = sqlx::query(
            "insert into sign_off_day (service_account_id, day, post_id) values ($1, $2, $3) \
             on conflict (service_account_id, day) do nothing",
        )
        .bind(account_id)
        .bind(day)
        .bind(&post_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected()
            == 1;
        if !first {
            // Another worker or server sent today's: this one never was.
            tx.rollback().await.map_err(db)?;
            return Ok(None);
        }
        sqlx::query(
            "insert into post_event (post_event_id, post_id, actor_id, from_status, to_status, \
             note, created_at, seq) values ($1, $2, null, $3, $4, $5, $6, 1)",
        )
        .bind(new_id())
        .bind(&post_id)
        .bind(Status::Approved.as_str())
        .bind(Status::Published.as_str())
        .bind(format!(
            "end-of-day sign-off: the approved words of post {words_from}"
        ))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        super::publish::add_jobs(&mut tx, &post_id, now, now)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Some(post_id))
    }
}

#[async_trait]
impl SignOffStore for Storage {
    /// Starts a sign-off post for the account, written by `author_id`.
    async fn start_sign_off(&self, account_id: &str, author_id: &str) -> StoreResult<String> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let post_id = insert_draft(&mut *tx, account_id, author_id, now)
            .await
            .map_err(db)?;
        sqlx::query(
            "insert into sign_off (post_id, service_account_id, created_at) values ($1, $2, $3)",
        )
        .bind(&post_id)
        .bind(account_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(post_id)
    }

    async fn sign_off(&self, account_id: &str) -> StoreResult<SignOffRecord> {
        let row = sqlx::query(
            "select sign_off_minute from service_account where service_account_id = $1",
        )
        .bind(account_id)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let minute = u32::try_from(row.try_get::<i64, _>("sign_off_minute").map_err(db)?)
            .unwrap_or(app::domain::sign_off::DEFAULT_MINUTE);
        let rows = sqlx::query(
            "select s.post_id, p.status from sign_off s join post p on p.post_id = s.post_id \
             where s.service_account_id = $1 and p.status <> $2 \
             order by s.created_at desc, s.post_id",
        )
        .bind(account_id)
        .bind(Status::Withdrawn.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut record = SignOffRecord {
            minute,
            newest: None,
            approved: None,
        };
        for (n, row) in rows.iter().enumerate() {
            let post_id = text(row, "post_id").map_err(db)?;
            let approved = text(row, "status").map_err(db)? == Status::Approved.as_str();
            let post = if n == 0 || approved {
                Some(self.post(&post_id).await?)
            } else {
                None
            };
            if n == 0 {
                record.newest = post.clone();
            }
            if approved {
                record.approved = post;
                break;
            }
        }
        Ok(record)
    }

    async fn set_sign_off_minute(
        &self,
        account_id: &str,
        minute: u32,
        by: &str,
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "update service_account set sign_off_minute = $1, updated_at = $2 \
             where service_account_id = $3",
        )
        .bind(i64::from(minute))
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let time = app::domain::sign_off::time_text(minute);
        account_event(
            &mut tx,
            account_id,
            by,
            &format!("sign-off time: {time}"),
            now,
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }
}
