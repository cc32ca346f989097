//! The networks each account is connected to: saved with their secret
//! sealed, taken off, and marked when they need connecting again.

use app::domain::outbox::{JobState, Network};
use app::ports::StoreResult;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::error::{db, other};
use super::{account_event, new_id, text, Storage};

/// A connection with its sealed secret (never leaves the server).
#[derive(Clone, Debug)]
pub struct Connection {
    pub connection_id: String,
    pub account_id: String,
    pub network: Network,
    pub server_url: String,
    pub remote_name: String,
    pub sealed_secret: String,
    pub working: bool,
    pub text_limit: usize,
}

/// What to keep for a new or renewed connection.
pub struct NewConnection<'a> {
    pub account_id: &'a str,
    pub network: Network,
    pub server_url: &'a str,
    pub remote_name: &'a str,
    pub text_limit: usize,
    pub by: &'a str,
}

pub(super) const CONNECTED: &str = "connected";

pub(super) const NEEDS_RECONNECTING: &str = "needs_reconnecting";

pub(super) const REMOVED: &str = "removed";

pub(super) fn connection(row: &AnyRow) -> StoreResult<Connection> {
    let network = text(row, "network").map_err(db)?;
    Ok(Connection {
        connection_id: text(row, "connection_id").map_err(db)?,
        account_id: text(row, "service_account_id").map_err(db)?,
        network: Network::parse(&network)
            .ok_or_else(|| other(format!("unknown network {network}")))?,
        server_url: text(row, "server_url").map_err(db)?,
        remote_name: text(row, "remote_name").map_err(db)?,
        sealed_secret: text(row, "secret").map_err(db)?,
        working: text(row, "state").map_err(db)? == CONNECTED,
        text_limit: usize::try_from(row.try_get::<i64, _>("text_limit").map_err(db)?).unwrap_or(0),
    })
}

pub(super) const CONNECTION_COLUMNS: &str = "c.connection_id, c.service_account_id, c.network, \
     c.server_url, c.remote_name, c.secret, c.state, c.text_limit";

impl Storage {
    /// An account's connections (not the removed ones).
    pub async fn connections(&self, account_id: &str) -> StoreResult<Vec<Connection>> {
        let rows = sqlx::query(&format!(
            "select {CONNECTION_COLUMNS} from connection c \
             where c.service_account_id = $1 and c.state <> $2 order by c.network"
        ))
        .bind(account_id)
        .bind(REMOVED)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(connection).collect()
    }

    /// The id a connection of `account_id` to `network` has or will have:
    /// an account keeps one id per network, so its secret can be sealed
    /// to that id before it is stored.
    pub async fn connection_id(&self, account_id: &str, network: Network) -> StoreResult<String> {
        let row = sqlx::query(
            "select connection_id from connection where service_account_id = $1 and network = $2",
        )
        .bind(account_id)
        .bind(network.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(match row {
            Some(row) => text(&row, "connection_id").map_err(db)?,
            None => new_id(),
        })
    }

    /// Keeps a connection (replacing the account's earlier one to the same
    /// network), and adds the network to the account's targets so the
    /// composer measures posts against it.
    pub async fn save_connection(
        &self,
        connection_id: &str,
        new: NewConnection<'_>,
        sealed_secret: &str,
    ) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "insert into connection (connection_id, service_account_id, network, server_url, \
             remote_name, secret, state, text_limit, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
             on conflict (service_account_id, network) do update set \
             server_url = excluded.server_url, remote_name = excluded.remote_name, \
             secret = excluded.secret, state = excluded.state, \
             text_limit = excluded.text_limit, updated_at = excluded.updated_at",
        )
        .bind(connection_id)
        .bind(new.account_id)
        .bind(new.network.as_str())
        .bind(new.server_url)
        .bind(new.remote_name)
        .bind(sealed_secret)
        .bind(CONNECTED)
        .bind(i64::try_from(new.text_limit).unwrap_or(i64::MAX))
        .bind(new.by)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let target = match new.network {
            Network::Mastodon => format!("mastodon:{}", new.text_limit),
            Network::Bluesky => "bluesky".to_string(),
        };
        // Posts that waited for the connection may go now.
        sqlx::query(
            "update publish_job set next_try_at = $1, updated_at = $1 \
             where connection_id = $2 and state = $3",
        )
        .bind(now)
        .bind(connection_id)
        .bind(JobState::Waiting.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        set_target(&mut tx, new.account_id, new.network, Some(&target), now)
            .await
            .map_err(db)?;
        account_event(
            &mut tx,
            new.account_id,
            new.by,
            &format!("connected {} as {}", new.network.as_str(), new.remote_name),
            now,
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// Forgets an account's connection to `network` and stops its jobs
    /// that have not gone out. Returns false when there was none.
    pub async fn remove_connection(
        &self,
        account_id: &str,
        network: Network,
        by: &str,
    ) -> StoreResult<bool> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let changed = sqlx::query(
            "update connection set state = $1, secret = '', updated_at = $2 \
             where service_account_id = $3 and network = $4 and state <> $1",
        )
        .bind(REMOVED)
        .bind(now)
        .bind(account_id)
        .bind(network.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        sqlx::query(
            "update publish_job set state = $1, updated_at = $2 where state = $3 and \
             connection_id in (select connection_id from connection \
             where service_account_id = $4 and network = $5)",
        )
        .bind(JobState::Stopped.as_str())
        .bind(now)
        .bind(JobState::Waiting.as_str())
        .bind(account_id)
        .bind(network.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // A kept Bluesky session goes with the password.
        sqlx::query(
            "update bluesky_session set sealed = '', access_until = 0, refresh_until = 0, \
             version = version + 1, renewing_by = null, renewing_until = null \
             where connection_id in (select connection_id from connection \
             where service_account_id = $1 and network = $2)",
        )
        .bind(account_id)
        .bind(network.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        set_target(&mut tx, account_id, network, None, now)
            .await
            .map_err(db)?;
        account_event(
            &mut tx,
            account_id,
            by,
            &format!("took off {}", network.as_str()),
            now,
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// Marks a connection as needing reconnecting (its network refused the
    /// secret) and tells the account's admins, once.
    pub async fn needs_reconnecting(&self, connection_id: &str, post_id: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let changed = sqlx::query(
            "update connection set state = $1, updated_at = $2 where connection_id = $3 and state = $4",
        )
        .bind(NEEDS_RECONNECTING)
        .bind(now)
        .bind(connection_id)
        .bind(CONNECTED)
        .execute(&mut *tx)
        .await.map_err(db)?
        .rows_affected();
        if changed == 1 {
            super::notifications::tell_admins(&mut tx, connection_id, post_id, now)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}

/// Puts `target` in place of the account's earlier one for `network` (or
/// only takes that off, for `None`).
async fn set_target(
    tx: &mut Transaction<'static, Any>,
    account_id: &str,
    network: Network,
    target: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query("select targets from service_account where service_account_id = $1")
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?;
    let mut targets: Vec<String> = text(&row, "targets")?
        .split_whitespace()
        .filter(|t| t.split(':').next() != Some(network.as_str()))
        .map(str::to_string)
        .collect();
    targets.extend(target.map(str::to_string));
    sqlx::query(
        "update service_account set targets = $1, updated_at = $2 where service_account_id = $3",
    )
    .bind(targets.join(" "))
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
