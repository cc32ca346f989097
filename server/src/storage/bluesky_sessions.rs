//! Bluesky sessions kept between requests: the sealed tokens with their
//! expiry, renewed by one server at a time, and how long the network asked
//! everyone to wait.

use app::ports::StoreResult;
use sqlx::Row;

use super::error::db;
use super::{text, Storage};

/// A connection's kept session as stored (the tokens still sealed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptSession {
    /// Empty when there is no session yet.
    pub sealed: String,
    pub access_until: i64,
    pub refresh_until: i64,
    pub version: i64,
    /// Someone is renewing the session until then (ms), if at all.
    pub renewing_until: Option<i64>,
    pub busy_until: i64,
}

/// New tokens to keep.
pub struct NewSession<'a> {
    pub sealed: &'a str,
    pub access_until: i64,
    pub refresh_until: i64,
}

impl Storage {
    /// The connection's kept session (an empty one the first time). Read
    /// first: the row is written only when it is missing, so the requests
    /// that use a kept session only read.
    pub async fn kept_session(&self, connection_id: &str) -> StoreResult<KeptSession> {
        if let Some(kept) = self.read_kept_session(connection_id).await? {
            return Ok(kept);
        }
        sqlx::query(
            "insert into bluesky_session (connection_id) values ($1) \
             on conflict (connection_id) do nothing",
        )
        .bind(connection_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        self.read_kept_session(connection_id)
            .await?
            .ok_or_else(|| super::error::other("the kept session was not made"))
    }

    async fn read_kept_session(&self, connection_id: &str) -> StoreResult<Option<KeptSession>> {
        let row = sqlx::query(
            "select sealed, access_until, refresh_until, version, renewing_until, busy_until \
             from bluesky_session where connection_id = $1",
        )
        .bind(connection_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(KeptSession {
            sealed: text(&row, "sealed").map_err(db)?,
            access_until: row.try_get("access_until").map_err(db)?,
            refresh_until: row.try_get("refresh_until").map_err(db)?,
            version: row.try_get("version").map_err(db)?,
            renewing_until: row.try_get("renewing_until").map_err(db)?,
            busy_until: row.try_get("busy_until").map_err(db)?,
        }))
    }

    /// Takes the right to renew the session seen at `version`, until
    /// `until`: false when someone else renewed it since, or is renewing it.
    pub async fn claim_renewal(
        &self,
        connection_id: &str,
        version: i64,
        worker: &str,
        now: i64,
        until: i64,
    ) -> StoreResult<bool> {
        let claimed = sqlx::query(
            "update bluesky_session set renewing_by = $1, renewing_until = $2 \
             where connection_id = $3 and version = $4 \
             and (renewing_until is null or renewing_until < $5)",
        )
        .bind(worker)
        .bind(until)
        .bind(connection_id)
        .bind(version)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(claimed == 1)
    }

    /// Keeps the tokens `worker` renewed, and lets go of the renewal. False
    /// when its claim was lost (it took too long, or the connection was
    /// made again): the tokens are not kept.
    pub async fn keep_renewed(
        &self,
        connection_id: &str,
        worker: &str,
        new: NewSession<'_>,
    ) -> StoreResult<bool> {
        let kept = sqlx::query(
            "update bluesky_session set sealed = $1, access_until = $2, refresh_until = $3, \
             version = version + 1, renewing_by = null, renewing_until = null \
             where connection_id = $4 and renewing_by = $5",
        )
        .bind(new.sealed)
        .bind(new.access_until)
        .bind(new.refresh_until)
        .bind(connection_id)
        .bind(worker)
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        Ok(kept == 1)
    }

    /// Lets go of a renewal that did not get new tokens.
    pub async fn drop_renewal(&self, connection_id: &str, worker: &str) -> StoreResult<()> {
        sqlx::query(
            "update bluesky_session set renewing_by = null, renewing_until = null \
             where connection_id = $1 and renewing_by = $2",
        )
        .bind(connection_id)
        .bind(worker)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Keeps the session made when the connection was made, in place of any
    /// earlier one (whoever was renewing that).
    pub async fn keep_new_session(
        &self,
        connection_id: &str,
        new: NewSession<'_>,
    ) -> StoreResult<()> {
        sqlx::query(
            "insert into bluesky_session (connection_id, sealed, access_until, refresh_until, \
             version) values ($1, $2, $3, $4, 1) on conflict (connection_id) do update set \
             sealed = excluded.sealed, access_until = excluded.access_until, \
             refresh_until = excluded.refresh_until, \
             version = bluesky_session.version + 1, renewing_by = null, \
             renewing_until = null, busy_until = 0",
        )
        .bind(connection_id)
        .bind(new.sealed)
        .bind(new.access_until)
        .bind(new.refresh_until)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// The network asked everyone on this connection to wait until
    /// `until` (ms); a later time already set stays.
    pub async fn keep_busy_until(&self, connection_id: &str, until: i64) -> StoreResult<()> {
        sqlx::query(
            "update bluesky_session set busy_until = $1 \
             where connection_id = $2 and busy_until < $1",
        )
        .bind(until)
        .bind(connection_id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}
