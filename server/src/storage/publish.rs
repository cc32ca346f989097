//! The outbox: one job per approved post and connection, taken by workers
//! with a lease, tried again on its own schedule, and listed for admins.

use app::domain::outbox::{JobState, Network, NextStep};
use app::domain::responses::Responses;
use app::ports::StoreResult;
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::connections::{connection, Connection, CONNECTED, CONNECTION_COLUMNS, REMOVED};
use super::error::{db, other};
use super::{new_id, text, Backend, Storage};

/// A job a worker took, with what it needs to send the post.
#[derive(Clone, Debug)]
pub struct TakenJob {
    pub job_id: String,
    pub post_id: String,
    pub attempts: u32,
    pub connection: Connection,
    /// The post was taken down: this try deletes it on the network.
    pub deleting: bool,
    /// What the network calls the post, once known.
    pub remote_id: Option<String>,
}

/// One job, as `ourvoice publish-status` lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct JobLine {
    pub job_id: String,
    pub post_id: String,
    pub network: String,
    pub state: String,
    pub attempts: i64,
    pub next_try_at: i64,
    pub remote_url: Option<String>,
    pub last_error: Option<String>,
}

/// One post on one network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobOfPost {
    pub network: Network,
    pub state: JobState,
    pub attempts: u32,
    pub remote_url: Option<String>,
    /// Once counted.
    pub responses: Option<Responses>,
}

/// What one try at taking a job came to.
enum Claim {
    /// No job is due.
    Nothing,
    /// Another worker took the job first: look again.
    Lost,
    /// This worker holds the job.
    Won(String),
}

/// Takes the job that has waited longest among those due, if no other
/// worker takes it first. `lock` ends the select (Postgres's row lock).
async fn claim_job(
    conn: &mut AnyConnection,
    worker: &str,
    now: i64,
    lease_ms: i64,
    lock: &str,
) -> Result<Claim, sqlx::Error> {
    let Some(row) = sqlx::query(&format!(
        "select j.job_id, j.attempts from publish_job j \
         join connection c on c.connection_id = j.connection_id \
         where c.state = $1 and ((j.state = $2 and j.next_try_at <= $3) \
         or (j.state = $4 and j.lease_until < $3) \
         or (j.state = $5 and j.next_try_at <= $3 \
             and (j.lease_until is null or j.lease_until < $3))) \
         order by j.next_try_at limit 1{lock}"
    ))
    .bind(CONNECTED)
    .bind(JobState::Waiting.as_str())
    .bind(now)
    .bind(JobState::Sending.as_str())
    .bind(JobState::Deleting.as_str())
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(Claim::Nothing);
    };
    let job_id = text(&row, "job_id")?;
    let attempts = row.try_get::<i64, _>("attempts")?;
    // Only one worker wins: the update names the attempts it saw. A job
    // being deleted stays "deleting" while a worker holds it.
    let won = sqlx::query(
        "update publish_job set state = case when state = $8 then $8 else $1 end, \
         lease_until = $2, leased_by = $3, \
         attempts = attempts + 1, updated_at = $4 where job_id = $5 and attempts = $6 \
         and ((state = $7 and next_try_at <= $4) or (state = $1 and lease_until < $4) \
         or (state = $8 and next_try_at <= $4 \
             and (lease_until is null or lease_until < $4)))",
    )
    .bind(JobState::Sending.as_str())
    .bind(now + lease_ms)
    .bind(worker)
    .bind(now)
    .bind(&job_id)
    .bind(attempts)
    .bind(JobState::Waiting.as_str())
    .bind(JobState::Deleting.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    Ok(if won { Claim::Won(job_id) } else { Claim::Lost })
}

impl Storage {
    /// How many outbox jobs each network has in each state.
    pub async fn outbox_counts(&self) -> StoreResult<Vec<(String, String, i64)>> {
        let rows = sqlx::query(
            "select network, state, count(*) as n from publish_job \
             group by network, state order by network, state",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok((
                    text(row, "network").map_err(db)?,
                    text(row, "state").map_err(db)?,
                    row.try_get::<i64, _>("n").map_err(db)?,
                ))
            })
            .collect()
    }

    /// Takes the job that has waited longest among those due, holding it
    /// for `lease_ms`. A job whose worker died is taken again when its
    /// lease ends. Jobs on connections that need reconnecting wait.
    pub async fn take_job(&self, worker: &str, lease_ms: i64) -> StoreResult<Option<TakenJob>> {
        let now = self.now();
        loop {
            // Postgres: servers sharing the database skip the jobs another
            // is taking instead of queueing behind its lock. SQLite has one
            // writer at a time; the update below settles who won.
            let claim = match self.backend {
                Backend::Postgres => {
                    let mut tx = self.pool.begin().await.map_err(db)?;
                    let claim = claim_job(
                        &mut tx,
                        worker,
                        now,
                        lease_ms,
                        " for update of j skip locked",
                    )
                    .await
                    .map_err(db)?;
                    tx.commit().await.map_err(db)?;
                    claim
                }
                Backend::Sqlite => {
                    let mut conn = self.pool.acquire().await.map_err(db)?;
                    claim_job(&mut conn, worker, now, lease_ms, "")
                        .await
                        .map_err(db)?
                }
            };
            let job_id = match claim {
                Claim::Nothing => return Ok(None),
                Claim::Lost => continue,
                Claim::Won(job_id) => job_id,
            };
            let row = sqlx::query(&format!(
                "select j.job_id, j.post_id, j.attempts, j.state as job_state, j.remote_id, \
                 {CONNECTION_COLUMNS} \
                 from publish_job j join connection c on c.connection_id = j.connection_id \
                 where j.job_id = $1"
            ))
            .bind(&job_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
            return Ok(Some(TakenJob {
                job_id,
                post_id: text(&row, "post_id").map_err(db)?,
                attempts: u32::try_from(row.try_get::<i64, _>("attempts").map_err(db)?)
                    .unwrap_or(u32::MAX),
                connection: connection(&row)?,
                deleting: text(&row, "job_state").map_err(db)? == JobState::Deleting.as_str(),
                remote_id: row.try_get("remote_id").map_err(db)?,
            }));
        }
    }

    /// Records how a try went, if this worker still holds the job. A live
    /// post keeps where it is; an error is kept for `publish-status`.
    pub async fn finish_try(
        &self,
        job_id: &str,
        worker: &str,
        step: &NextStep,
        remote: Option<(&str, &str)>,
        error: Option<&str>,
    ) -> StoreResult<bool> {
        let now = self.now();
        let changed = sqlx::query(
            "update publish_job set next_try_at = $2, attempts = $3, \
             lease_until = null, leased_by = null, remote_id = coalesce($4, remote_id), \
             remote_url = coalesce($5, remote_url), last_error = $6, updated_at = $7, \
             state = case when $1 = $11 and (select c.state from connection c \
             where c.connection_id = publish_job.connection_id) = $12 then $13 else $1 end \
             where job_id = $8 and leased_by = $9 and state = $10",
        )
        .bind(step.state.as_str())
        .bind(step.next_try_at)
        .bind(i64::from(step.attempts))
        .bind(remote.map(|(id, _)| id.to_string()))
        .bind(remote.map(|(_, url)| url.to_string()))
        .bind(error.map(str::to_string))
        .bind(now)
        .bind(job_id)
        .bind(worker)
        .bind(JobState::Sending.as_str())
        .bind(JobState::Waiting.as_str())
        .bind(REMOVED)
        .bind(JobState::Stopped.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        if changed == 1 {
            return Ok(true);
        }
        // Taken down while this try was out: keep what the network calls
        // the post, so the delete finds it, and let the delete go.
        let kept = sqlx::query(
            "update publish_job set remote_id = coalesce($1, remote_id), \
             remote_url = coalesce($2, remote_url), lease_until = null, leased_by = null, \
             updated_at = $3 where job_id = $4 and leased_by = $5 and state = $6",
        )
        .bind(remote.map(|(id, _)| id.to_string()))
        .bind(remote.map(|(_, url)| url.to_string()))
        .bind(now)
        .bind(job_id)
        .bind(worker)
        .bind(JobState::Deleting.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(kept == 1)
    }

    /// Records how a try at deleting a taken-down post went, if this worker
    /// still holds the job.
    pub async fn finish_delete(
        &self,
        job_id: &str,
        worker: &str,
        step: &NextStep,
        error: Option<&str>,
    ) -> StoreResult<bool> {
        let changed = sqlx::query(
            "update publish_job set state = $1, next_try_at = $2, attempts = $3, \
             lease_until = null, leased_by = null, last_error = $4, updated_at = $5 \
             where job_id = $6 and leased_by = $7 and state = $8",
        )
        .bind(step.state.as_str())
        .bind(step.next_try_at)
        .bind(i64::from(step.attempts))
        .bind(error.map(str::to_string))
        .bind(self.now())
        .bind(job_id)
        .bind(worker)
        .bind(JobState::Deleting.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Where one post stands on each network.
    pub async fn jobs_of_post(&self, post_id: &str) -> StoreResult<Vec<JobOfPost>> {
        let rows = sqlx::query(
            "select network, state, attempts, remote_url, replies, reposts, likes, counted_at \
             from publish_job where post_id = $1 order by network",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let network = text(row, "network").map_err(db)?;
                let state = text(row, "state").map_err(db)?;
                Ok(JobOfPost {
                    network: Network::parse(&network)
                        .ok_or_else(|| other(format!("unknown network {network}")))?,
                    state: JobState::parse(&state)
                        .ok_or_else(|| other(format!("unknown job state {state}")))?,
                    attempts: u32::try_from(row.try_get::<i64, _>("attempts").map_err(db)?)
                        .unwrap_or(0),
                    remote_url: row.try_get::<Option<String>, _>("remote_url").map_err(db)?,
                    responses: match row.try_get::<Option<i64>, _>("counted_at").map_err(db)? {
                        None => None,
                        Some(_) => {
                            let n = |column: &str| -> StoreResult<u64> {
                                let value = row.try_get::<Option<i64>, _>(column).map_err(db)?;
                                Ok(value.and_then(|v| u64::try_from(v).ok()).unwrap_or(0))
                            };
                            Some(Responses {
                                replies: n("replies")?,
                                reposts: n("reposts")?,
                                likes: n("likes")?,
                            })
                        }
                    },
                })
            })
            .collect()
    }

    /// Every job, newest first (at most `limit`).
    pub async fn job_lines(&self, limit: u32) -> StoreResult<Vec<JobLine>> {
        let rows = sqlx::query(
            "select job_id, post_id, network, state, attempts, next_try_at, remote_url, \
             last_error from publish_job order by created_at desc, job_id limit $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(JobLine {
                    job_id: text(row, "job_id").map_err(db)?,
                    post_id: text(row, "post_id").map_err(db)?,
                    network: text(row, "network").map_err(db)?,
                    state: text(row, "state").map_err(db)?,
                    attempts: row.try_get("attempts").map_err(db)?,
                    next_try_at: row.try_get("next_try_at").map_err(db)?,
                    remote_url: row.try_get("remote_url").map_err(db)?,
                    last_error: row.try_get("last_error").map_err(db)?,
                })
            })
            .collect()
    }

    /// How many jobs are in each state, over every network.
    pub async fn job_counts(&self) -> StoreResult<std::collections::BTreeMap<String, i64>> {
        let mut counts = std::collections::BTreeMap::new();
        for (_, state, n) in self.outbox_counts().await? {
            *counts.entry(state).or_insert(0) += n;
        }
        Ok(counts)
    }

    /// Makes a waiting or failed job due now with its tries counted afresh.
    /// Returns false when there is no such job (or it is live or stopped).
    pub async fn retry_job(&self, job_id: &str) -> StoreResult<bool> {
        let now = self.now();
        let changed = sqlx::query(
            "update publish_job set state = $1, attempts = 0, next_try_at = $2, \
             last_error = null, updated_at = $2 where job_id = $3 and state in ($1, $4)",
        )
        .bind(JobState::Waiting.as_str())
        .bind(now)
        .bind(job_id)
        .bind(JobState::Failed.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(changed == 1)
    }
}

/// Writes one job per working connection of the post's account: called in
/// the approval's own transaction, so an approved post always has its jobs.
pub(super) async fn add_jobs(
    tx: &mut Transaction<'static, Any>,
    post_id: &str,
    due_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "select c.connection_id, c.network from connection c join post p \
         on p.service_account_id = c.service_account_id where p.post_id = $1 and c.state <> $2",
    )
    .bind(post_id)
    .bind(REMOVED)
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        sqlx::query(
            "insert into publish_job (job_id, post_id, connection_id, network, state, \
             next_try_at, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7) \
             on conflict (post_id, connection_id) do nothing",
        )
        .bind(new_id())
        .bind(post_id)
        .bind(text(&row, "connection_id")?)
        .bind(text(&row, "network")?)
        .bind(JobState::Waiting.as_str())
        .bind(due_at)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Taking a post down: its jobs never tried stop; the others are deleted on
/// their networks by the workers (see `outbox::on_take_down`). In the take-
/// down's own transaction.
pub(super) async fn take_down_jobs(
    tx: &mut Transaction<'_, Any>,
    post_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    use app::domain::outbox::on_take_down;
    let rows = sqlx::query("select job_id, state, attempts from publish_job where post_id = $1")
        .bind(post_id)
        .fetch_all(&mut **tx)
        .await?;
    for row in rows {
        let state = JobState::parse(&text(&row, "state")?).unwrap_or(JobState::Failed);
        let attempts = u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(1);
        let next = on_take_down(state, attempts);
        if next == state {
            continue;
        }
        // A job a worker holds keeps its lease: the delete waits for it.
        sqlx::query(
            "update publish_job set state = $1, attempts = 0, next_try_at = $2, \
             last_error = null, updated_at = $2 where job_id = $3",
        )
        .bind(next.as_str())
        .bind(now)
        .bind(text(&row, "job_id")?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
