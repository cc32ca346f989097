//! How people responded to posts that are out: the rounds of counting,
//! and the admin's report.

use app::domain::lifecycle::Status;
use app::domain::outbox::JobState;
use app::domain::responses::{self, Responses};
use app::ports::StoreResult;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::connections::{connection, Connection, CONNECTED, CONNECTION_COLUMNS};
use super::error::db;
use super::{text, Storage};

/// How long a counter holds a post it is counting before another server's
/// counter may (only if the first stopped in the middle).
pub const COUNT_LEASE_MS: i64 = 60 * 1000;

/// A live post whose responses are due to be counted.
pub struct ToCount {
    pub job_id: String,
    pub remote_id: String,
    pub connection: Connection,
}

/// One author's line in an account's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorCounts {
    pub author_name: String,
    pub posts: u64,
    pub responses: Responses,
}

impl Storage {
    /// Live posts due for counting at `now` (see `responses::due`), oldest
    /// count first, at most `limit`, each taken for the counter `worker`
    /// for [`COUNT_LEASE_MS`]: a post another server's counter holds, or
    /// has just counted, is left to it.
    pub async fn jobs_to_count(
        &self,
        now: i64,
        every_ms: i64,
        limit: usize,
        worker: &str,
    ) -> StoreResult<Vec<ToCount>> {
        let rows = sqlx::query(&format!(
            "select j.job_id, j.remote_id, j.counted_at, p.published_at, {CONNECTION_COLUMNS} \
             from publish_job j join connection c on c.connection_id = j.connection_id \
             join post p on p.post_id = j.post_id \
             where j.state = $1 and j.remote_id is not null and c.state = $2 \
             and p.published_at > $3 \
             and (j.count_lease_until is null or j.count_lease_until < $4) \
             order by coalesce(j.counted_at, 0), j.job_id"
        ))
        .bind(JobState::Live.as_str())
        .bind(CONNECTED)
        .bind(now - responses::COUNT_FOR_MS)
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out = Vec::new();
        for row in &rows {
            let counted = row.try_get::<Option<i64>, _>("counted_at").map_err(db)?;
            let published = row
                .try_get::<Option<i64>, _>("published_at")
                .map_err(db)?
                .unwrap_or(0);
            if !responses::due(published, counted, now, every_ms) {
                continue;
            }
            // Taken only if nobody took it or counted it since the list.
            let job_id = text(row, "job_id").map_err(db)?;
            let taken = sqlx::query(
                "update publish_job set count_leased_by = $1, count_lease_until = $2 \
                 where job_id = $3 and coalesce(counted_at, 0) = $4 \
                 and (count_lease_until is null or count_lease_until < $5)",
            )
            .bind(worker)
            .bind(now + COUNT_LEASE_MS)
            .bind(&job_id)
            .bind(counted.unwrap_or(0))
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db)?
            .rows_affected();
            if taken != 1 {
                continue;
            }
            out.push(ToCount {
                job_id,
                remote_id: text(row, "remote_id").map_err(db)?,
                connection: connection(row)?,
            });
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Keeps the counts fetched for a job, and lets go of it.
    pub async fn save_counts(&self, job_id: &str, counts: &Responses, now: i64) -> StoreResult<()> {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        sqlx::query(
            "update publish_job set replies = $1, reposts = $2, likes = $3, counted_at = $4, \
             count_leased_by = null, count_lease_until = null where job_id = $5",
        )
        .bind(n(counts.replies))
        .bind(n(counts.reposts))
        .bind(n(counts.likes))
        .bind(now)
        .bind(job_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Lets go of a job whose count failed, so the next round tries again.
    pub async fn release_count(&self, job_id: &str) -> StoreResult<()> {
        sqlx::query(
            "update publish_job set count_leased_by = null, count_lease_until = null \
             where job_id = $1",
        )
        .bind(job_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Published posts and their responses per author of an account.
    pub async fn author_counts(&self, account_id: &str) -> StoreResult<Vec<AuthorCounts>> {
        let rows = sqlx::query(
            "select pe.display_name, count(distinct p.post_id) as posts, \
             cast(coalesce(sum(j.replies), 0) as bigint) as replies, \
             cast(coalesce(sum(j.reposts), 0) as bigint) as reposts, \
             cast(coalesce(sum(j.likes), 0) as bigint) as likes \
             from post p join person pe on pe.person_id = p.author_id \
             left join publish_job j on j.post_id = p.post_id \
             where p.service_account_id = $1 and p.status = $2 \
             group by pe.person_id, pe.display_name order by pe.display_name",
        )
        .bind(account_id)
        .bind(Status::Published.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let n = |row: &AnyRow, column: &str| -> StoreResult<u64> {
            Ok(u64::try_from(row.try_get::<i64, _>(column).map_err(db)?).unwrap_or(0))
        };
        rows.iter()
            .map(|row| {
                Ok(AuthorCounts {
                    author_name: text(row, "display_name").map_err(db)?,
                    posts: n(row, "posts")?,
                    responses: Responses {
                        replies: n(row, "replies")?,
                        reposts: n(row, "reposts")?,
                        likes: n(row, "likes")?,
                    },
                })
            })
            .collect()
    }

    /// For each of an account's posts that a supporter said yes to: the time
    /// from the author's last send before the yes to the first yes.
    pub async fn times_to_approval(&self, account_id: &str) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "select e.post_id, e.to_status, e.created_at from post_event e \
             join post p on p.post_id = e.post_id \
             where p.service_account_id = $1 and e.to_status in ($2, $3) \
             order by e.post_id, e.created_at",
        )
        .bind(account_id)
        .bind(Status::Submitted.as_str())
        .bind(Status::Approved.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut times = Vec::new();
        let (mut post, mut sent, mut done) = (String::new(), None::<i64>, false);
        for row in &rows {
            let post_id = text(row, "post_id").map_err(db)?;
            if post_id != post {
                (post, sent, done) = (post_id, None, false);
            }
            let at = row.try_get::<i64, _>("created_at").map_err(db)?;
            if text(row, "to_status").map_err(db)? == Status::Submitted.as_str() {
                sent = Some(at);
            } else if let (Some(from), false) = (sent, done) {
                times.push(at - from);
                done = true;
            }
        }
        Ok(times)
    }
}
