//! Bluesky sessions kept between requests. Bluesky allows 30 sign-ins in 5
//! minutes and 300 a day, so a session is made once (when the connection is
//! made), kept sealed with its tokens' expiry, and refreshed when its
//! access token runs out. One refresh at a time per connection: a refresh
//! uses up the refresh token, so a second one at once would be wasted, or
//! refused. In one server a lock per connection keeps the others waiting;
//! across servers the database holds the renewal (`claim_renewal`). A new
//! sign-in happens only when the refresh token is gone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::outbox::TryResult;

use super::bluesky::{self, Session};
use super::Publisher;
use crate::storage::{Connection, NewSession};

/// How long one renewal may take before another server may try.
const RENEWAL_LEASE_MS: i64 = 30_000;
/// Looks, 200 ms apart, at a renewal another server holds before giving up
/// for this try.
const LOOKS_AT_A_RENEWAL: u32 = 200;

/// One lock per connection, so one request in this server renews its
/// session while the others wait for the new tokens.
#[derive(Default)]
pub(super) struct SessionLocks(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl SessionLocks {
    fn for_connection(&self, connection_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.0.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(connection_id.to_string()).or_default().clone()
    }
}

/// What the sealed tokens are bound to (never the app password's binding,
/// so one cannot be put in place of the other).
fn binding(connection_id: &str) -> String {
    format!("bluesky-session:{connection_id}")
}

fn store_error(error: impl std::fmt::Display) -> TryResult {
    TryResult::TryAgain(format!("the kept session could not be read: {error}"))
}

impl Publisher {
    /// Runs `call` with the connection's session. When Bluesky says the
    /// access token has expired, the session is renewed once and `call`
    /// runs again; when it says to wait (429), every request on the
    /// connection waits.
    pub(super) async fn with_bluesky<T, F, Fut>(
        &self,
        connection: &Connection,
        call: F,
    ) -> Result<T, TryResult>
    where
        F: Fn(Session) -> Fut,
        Fut: std::future::Future<Output = Result<T, TryResult>>,
    {
        let session = self.bluesky_session(connection, None).await?;
        let answer = match call(session.clone()).await {
            Err(result) if bluesky::token_expired(&result) => {
                tracing::info!(
                    connection = %connection.connection_id,
                    "Bluesky said the access token expired: renewing"
                );
                let renewed = self
                    .bluesky_session(connection, Some(&session.access_jwt))
                    .await?;
                match call(renewed).await {
                    // Refused again at once: a clock far out, say. Not the
                    // post's fault, so never a reason to give it up.
                    Err(result) if bluesky::token_expired(&result) => Err(TryResult::TryAgain(
                        format!("a new session was refused too: {result:?}"),
                    )),
                    other => other,
                }
            }
            other => other,
        };
        if let Err(TryResult::Busy { until, .. }) = &answer {
            self.busy_until(connection, *until).await;
        }
        answer
    }

    /// Keeps the session made when the connection was made.
    pub(super) async fn keep_session(
        &self,
        connection_id: &str,
        session: &Session,
    ) -> anyhow::Result<()> {
        let sealed = self.seal_session(connection_id, session)?;
        self.storage
            .keep_new_session(connection_id, Self::new_session(&sealed, session))
            .await?;
        Ok(())
    }

    fn seal_session(&self, connection_id: &str, session: &Session) -> anyhow::Result<String> {
        let json = serde_json::to_string(session)?;
        self.sealer.seal(&json, &binding(connection_id))
    }

    fn new_session<'a>(sealed: &'a str, session: &Session) -> NewSession<'a> {
        NewSession {
            sealed,
            access_until: bluesky::use_until(&session.access_jwt),
            refresh_until: bluesky::use_until(&session.refresh_jwt),
        }
    }

    async fn busy_until(&self, connection: &Connection, until: i64) {
        if let Err(error) = self
            .storage
            .keep_busy_until(&connection.connection_id, until)
            .await
        {
            tracing::warn!(error = %format!("{error:#}"), "could not keep Bluesky's wait");
        }
    }

    /// A session to use: the kept one while its access token lasts (and is
    /// not `stale`, the one Bluesky just refused), else a renewed one.
    async fn bluesky_session(
        &self,
        connection: &Connection,
        stale: Option<&str>,
    ) -> Result<Session, TryResult> {
        let id = &connection.connection_id;
        let lock = self.session_locks.for_connection(id);
        let _one_at_a_time = lock.lock().await;
        let me = format!("renew-{}", crate::storage::new_id());
        for _ in 0..LOOKS_AT_A_RENEWAL {
            let kept = self.storage.kept_session(id).await.map_err(store_error)?;
            let now = self.clock.now_ms();
            if kept.busy_until > now {
                return Err(TryResult::Busy {
                    why: "Bluesky asked for a wait".into(),
                    until: kept.busy_until,
                });
            }
            let tokens = (!kept.sealed.is_empty())
                .then(|| self.sealer.open(&kept.sealed, &binding(id)).ok())
                .flatten()
                .and_then(|json| serde_json::from_str::<Session>(&json).ok());
            if let Some(session) = &tokens {
                if now < kept.access_until && stale != Some(session.access_jwt.as_str()) {
                    return Ok(session.clone());
                }
            }
            if kept.renewing_until.is_some_and(|until| until >= now) {
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            let claimed = self
                .storage
                .claim_renewal(id, kept.version, &me, now, now + RENEWAL_LEASE_MS)
                .await
                .map_err(store_error)?;
            if !claimed {
                continue;
            }
            let refresh = tokens.filter(|_| now < kept.refresh_until);
            return self.renew(connection, &me, refresh).await;
        }
        Err(TryResult::TryAgain(
            "another server is still renewing the Bluesky session".into(),
        ))
    }

    /// Renews the session `me` holds the renewal of: refreshed while the
    /// refresh token lasts, else signed in again with the app password.
    async fn renew(
        &self,
        connection: &Connection,
        me: &str,
        tokens: Option<Session>,
    ) -> Result<Session, TryResult> {
        let id = &connection.connection_id;
        let server = &connection.server_url;
        let refreshed = match &tokens {
            Some(tokens) => bluesky::refresh_session(&self.http, server, &tokens.refresh_jwt).await,
            None => Err(TryResult::Refused("no refresh token".into())),
        };
        let renewed = match refreshed {
            // Refused (expired, or no longer known): sign in again.
            Err(TryResult::Refused(why) | TryResult::NeedsReconnecting(why)) => {
                tracing::info!(connection = %id, "signing in to Bluesky again: {why}");
                match self.sealer.open(&connection.sealed_secret, id) {
                    Ok(password) => {
                        bluesky::create_session(
                            &self.http,
                            server,
                            &connection.remote_name,
                            &password,
                        )
                        .await
                    }
                    Err(error) => Err(TryResult::NeedsReconnecting(format!(
                        "the secret does not open: {error}"
                    ))),
                }
            }
            other => other,
        };
        let session = match renewed {
            Ok(session) => session,
            Err(result) => {
                if let TryResult::Busy { until, .. } = &result {
                    self.busy_until(connection, *until).await;
                }
                if let Err(error) = self.storage.drop_renewal(id, me).await {
                    tracing::warn!(error = %format!("{error:#}"), "could not let go of a renewal");
                }
                return Err(result);
            }
        };
        let kept = match self.seal_session(id, &session) {
            Ok(sealed) => self
                .storage
                .keep_renewed(id, me, Self::new_session(&sealed, &session))
                .await
                .map_err(|e| anyhow::anyhow!(e)),
            Err(error) => Err(error),
        };
        match kept {
            Ok(true) => {}
            // Still good to use now; the next request renews again.
            Ok(false) => {
                tracing::warn!(connection = %id, "a renewed session came too late to keep")
            }
            Err(error) => {
                tracing::warn!(error = %format!("{error:#}"), "could not keep a renewed session");
                let _ = self.storage.drop_renewal(id, me).await;
            }
        }
        Ok(session)
    }
}
