//! Sign-in attempts (see `auth::throttle`): a slot is claimed in one
//! statement that also checks the limits, so concurrent attempts cannot
//! all slip under them.

use super::error::db;
use app::ports::StoreResult;
use sqlx::Row;

use super::{new_id, Backend, Storage};

/// The limits a claim is checked against.
#[derive(Clone, Copy, Debug)]
pub struct AttemptLimits {
    /// Attempts counted for one name.
    pub per_name: i64,
    /// Attempts counted for one address.
    pub per_address: i64,
    /// Only attempts after this moment (ms) count.
    pub since: i64,
}

/// Why a claim was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimRefused {
    Name,
    Address,
}

impl Storage {
    /// Claims one attempt for `name_key` (and `address_key`) at `now`,
    /// unless either already has its limit of attempts since
    /// `limits.since`. Older attempts are deleted first.
    pub async fn claim_attempt(
        &self,
        name_key: &str,
        address_key: Option<&str>,
        now: i64,
        limits: AttemptLimits,
    ) -> StoreResult<Result<String, ClaimRefused>> {
        sqlx::query("delete from signin_attempt where at <= $1")
            .bind(limits.since)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        let id = new_id();
        let mut tx = self.pool.begin().await.map_err(db)?;
        if self.backend == Backend::Postgres {
            // Servers sharing the database claim for one name (and one
            // address) one at a time, so a burst spread over them cannot
            // pass the limit. Names lock before addresses: no deadlock.
            sqlx::query("select pg_advisory_xact_lock(1, hashtext($1))")
                .bind(name_key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            if let Some(address) = address_key {
                sqlx::query("select pg_advisory_xact_lock(2, hashtext($1))")
                    .bind(address)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
        }
        let claimed = sqlx::query(
            "insert into signin_attempt (attempt_id, name_key, address_key, at)
             select $1, $2, $3, $4
             where (select count(*) from signin_attempt
                    where name_key = $5 and at > $6) < $7
               and ($8 = '' or (select count(*) from signin_attempt
                    where address_key = $9 and at > $10) < $11)",
        )
        .bind(&id)
        .bind(name_key)
        .bind(address_key)
        .bind(now)
        .bind(name_key)
        .bind(limits.since)
        .bind(limits.per_name)
        .bind(address_key.unwrap_or_default())
        .bind(address_key.unwrap_or_default())
        .bind(limits.since)
        .bind(limits.per_address)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        tx.commit().await.map_err(db)?;
        if claimed == 1 {
            return Ok(Ok(id));
        }
        let on_name: i64 =
            sqlx::query("select count(*) as n from signin_attempt where name_key = $1 and at > $2")
                .bind(name_key)
                .bind(limits.since)
                .fetch_one(&self.pool)
                .await
                .map_err(db)?
                .try_get("n")
                .map_err(db)?;
        Ok(Err(if on_name >= limits.per_name {
            ClaimRefused::Name
        } else {
            ClaimRefused::Address
        }))
    }

    /// Gives back a claimed attempt that was never checked.
    pub async fn release_attempt(&self, attempt_id: &str) -> StoreResult<()> {
        sqlx::query("delete from signin_attempt where attempt_id = $1")
            .bind(attempt_id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// The right secret for `name_key`: its earlier attempts are forgotten.
    pub async fn forget_attempts(&self, name_key: &str) -> StoreResult<()> {
        sqlx::query("delete from signin_attempt where name_key = $1")
            .bind(name_key)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}
