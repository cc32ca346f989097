//! The HTTP stack: routes, layers and the server's life from start to a
//! graceful stop.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::OnceLock;

use anyhow::Context;
use axum::extract::FromRef;
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, AxumRouteListing};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::{self, Backend};
use crate::speech::SpeechService;
use crate::storage::Storage;
use crate::Config;
mod page_cache;
mod parts;
mod routes;
mod session_store;

use parts::{Parts, Workers};
use routes::router;
pub use session_store::{Sessions, SESSION_TABLE};

/// The app's pages, worked out once per process. Working them out runs the
/// app with data loading switched off for the whole process, so a page that
/// another server in the process starts drawing at that moment would wait
/// for its data forever.
pub(super) fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Largest request body accepted, except photo uploads (posts are small
/// JSON; photos have their own limit).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What handlers outside Leptos share.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub storage: Storage,
    pub public_url: Option<String>,
}

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    router: Router,
    /// Prometheus metrics on their own address, when one is set.
    metrics: Option<(TcpListener, Router)>,
    storage: Storage,
    speech: SpeechService,
    workers: Workers,
    password_checks: auth::PasswordChecks,
    /// Held while the server runs: `ourvoice restore` waits for it.
    _data_lock: std::fs::File,
}

impl Server {
    /// Opens what the server runs on, builds the routes, binds the address
    /// and starts the workers.
    pub async fn build(config: Config, demo: bool) -> anyhow::Result<Server> {
        let data_lock = crate::backup::hold_data_folder(&config.data_dir)?;
        let parts = Parts::open(&config, demo).await?;
        let (session_layer, session_cleanup) =
            sessions(&config, parts.storage.data_version()).await?;
        let clock = parts.services.clock.clone();
        let backend = Backend::new(parts.storage.clone(), clock.clone());
        let password_checks = backend.checks();
        let auth_layer = AuthManagerLayerBuilder::new(backend, session_layer).build();
        let sign_in_rules = auth::SignInRules {
            throttle: auth::Throttle::new(parts.storage.clone(), clock.clone()),
            trusted: config.trusted_proxies.clone(),
            clock,
            secure_cookies: config.secure_cookies,
        };
        let router = router(&config, &parts, auth_layer, sign_in_rules);
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("Failed to listen on {}", config.addr))?;
        let link_base = match &config.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", listener.local_addr()?),
        };
        let metrics = match config.metrics_addr {
            Some(addr) => Some((
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("Failed to listen for metrics on {addr}"))?,
                crate::metrics::router(
                    parts.publisher.metrics(),
                    parts.storage.clone(),
                    parts.speech.clone(),
                    parts.media.clone(),
                ),
            )),
            None => None,
        };
        let workers = Workers::start(&config, &parts, session_cleanup, link_base)?;
        Ok(Server {
            listener,
            router,
            metrics,
            storage: parts.storage,
            speech: parts.speech,
            workers,
            password_checks,
            _data_lock: data_lock,
        })
    }

    /// The address the server listens on (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The address metrics are served on, when they are.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|(listener, _)| {
            listener
                .local_addr()
                .expect("a bound listener has an address")
        })
    }

    /// The server's storage (for tests and tools).
    pub fn storage(&self) -> Storage {
        self.storage.clone()
    }

    /// The server's speech service (for tests: it counts syntheses).
    pub fn speech(&self) -> SpeechService {
        self.speech.clone()
    }

    /// How many passwords were checked against their hash (for tests).
    pub fn password_checks(&self) -> auth::PasswordChecks {
        self.password_checks.clone()
    }

    /// Serves until `shutdown` completes, then finishes open requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "metrics stopped");
                }
            })
        });
        let result = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("The server stopped with an error");
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        self.workers.stop();
        result
    }
}

/// Cookie sessions stored in the database: HttpOnly, SameSite=Strict.
async fn sessions(
    config: &Config,
    version: Option<std::sync::Arc<crate::storage::DataVersion>>,
) -> anyhow::Result<(SessionManagerLayer<Sessions>, JoinHandle<()>)> {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = Sessions::open(&config.database_url, version).await?;
    let cleanup = tokio::spawn({
        let store = store.clone();
        async move {
            if let Err(error) = store
                .continuously_delete_expired(std::time::Duration::from_secs(600))
                .await
            {
                tracing::error!(%error, "Failed to delete expired sessions");
            }
        }
    });
    let layer = SessionManagerLayer::new(store)
        .with_name("ourvoice_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    Ok((layer, cleanup))
}

/// The path without any secret in it; queries are never logged.
pub fn loggable_path(path: &str) -> String {
    for secret in ["/card/", "/welcome/"] {
        if let Some(rest) = path.strip_prefix(secret) {
            if !rest.is_empty() {
                return format!("{secret}…");
            }
        }
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn card_and_welcome_secrets_never_reach_a_log() {
        assert_eq!(loggable_path("/card/9f8e7d6c5b4a"), "/card/…");
        assert_eq!(loggable_path("/welcome/abc123"), "/welcome/…");
        assert_eq!(loggable_path("/check/42"), "/check/42");
        assert_eq!(loggable_path("/card/"), "/card/");
    }
}
