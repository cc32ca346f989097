//! The HTTP stack: routes, layers and the server's life from start to a
//! graceful stop.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context;
use app::ports::Services;
use axum::extract::{FromRef, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::auth::{self, Backend};
use crate::card::{self, CardRenderer};
use crate::media::PhotoStore;
use crate::publish::seal::Sealer;
use crate::publish::Publisher;
use crate::speech::{self, SpeechService};
use crate::storage::Storage;
use crate::{demo, feed, media, symbols, Config};

/// The app's pages, worked out once per process. Working them out runs the
/// app with data loading switched off for the whole process, so a page that
/// another server in the process starts drawing at that moment would wait
/// for its data forever.
fn app_routes() -> Vec<AxumRouteListing> {
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
    storage: Storage,
    speech: SpeechService,
    workers: Workers,
    password_checks: auth::PasswordChecks,
    /// Held while the server runs: `ourvoice restore` waits for it.
    _data_lock: std::fs::File,
}

/// What the server runs on, opened once at start.
struct Parts {
    storage: Storage,
    photos: PhotoStore,
    cards: CardRenderer,
    publisher: Arc<Publisher>,
    services: Services,
    speech: SpeechService,
}

impl Parts {
    /// Opens storage (with the demo data when asked), the photo store, the
    /// symbols, the sealing key, the card renderer, the publisher and the
    /// speech cache, and joins them into the services pages reach.
    async fn open(config: &Config, demo: bool) -> anyhow::Result<Parts> {
        let photos = PhotoStore::open(&config.data_dir)?;
        let clock: Arc<dyn app::ports::Clock> =
            Arc::new(crate::clock::ServerClock::new(config.clock_file.clone()));
        let storage = Storage::connect(&config.database_url)
            .await?
            .with_files(photos.dir(), &config.data_dir.join("cards"))
            .with_clock(clock.clone());
        if demo {
            demo::seed(&storage, &config.demo_password).await?;
        }
        let symbols = Arc::new(symbols::load_index(&config.symbols_dir)?);
        tracing::info!(symbols = symbols.len(), "symbols loaded");
        let sealer = Sealer::load(config.secret_key.as_deref(), &config.data_dir)?;
        let cards = CardRenderer::new(&config.symbols_dir)?
            .with_photos(photos.dir())
            .keeping_in(&config.data_dir.join("cards"))?;
        let publisher = Publisher::new(
            storage.clone(),
            clock.clone(),
            sealer,
            cards.clone(),
            photos.dir().to_path_buf(),
            config.publish.clone(),
        )?;
        let services = Services {
            store: Arc::new(storage.clone()),
            publishing: publisher.clone(),
            clock,
            running: Arc::new(storage.clone()),
            symbols,
            public_url: config.public_url.clone(),
        };
        let speech = SpeechService::open(&config.data_dir)?;
        Ok(Parts {
            storage,
            photos,
            cards,
            publisher,
            services,
            speech,
        })
    }
}

/// Every route and layer: the app's pages and server functions, sign-in,
/// symbols, the front end, photos, data downloads, cards, speech and the
/// Atom feed, behind the session, sign-in, cross-site, header,
/// compression and trace layers.
fn router(
    config: &Config,
    parts: &Parts,
    auth_layer: AuthManagerLayer<Backend, SqliteStore>,
    sign_in_rules: auth::SignInRules,
) -> Router {
    let https = crate::headers::is_https(config.public_url.as_deref());
    let state = AppState {
        leptos_options: config.leptos.clone(),
        storage: parts.storage.clone(),
        public_url: config.public_url.clone(),
    };
    let services = parts.services.clone();
    let context = move || provide_context(services.clone());
    let options = config.leptos.clone();
    let storage = &parts.storage;
    Router::new()
        .route("/healthz", get(healthz))
        .leptos_routes_with_context(&state, app_routes(), context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .merge(auth::router(sign_in_rules.clone()))
        .merge(symbols::router(&config.symbols_dir))
        .merge(pkg_router(&options))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(from_fn(deadline))
        .merge(media::router(
            parts.photos.clone(),
            storage.clone(),
            sign_in_rules.clock.clone(),
        ))
        .merge(crate::export::router(
            storage.clone(),
            parts.cards.clone(),
            parts.photos.dir(),
        ))
        .merge(card::router(storage.clone(), parts.cards.clone()))
        .merge(speech::router(parts.speech.clone()))
        .layer(from_fn_with_state(
            feed::Feeds {
                storage: storage.clone(),
                public_url: config.public_url.clone(),
            },
            feed::atom_or_next,
        ))
        .layer(from_fn(auth::attach_viewer))
        .layer(Extension(sign_in_rules))
        .layer(auth_layer)
        .layer(from_fn(auth::refuse_cross_site))
        .layer(axum::middleware::map_response(
            move |response: Response| async move { crate::headers::secure(response, https) },
        ))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// The work that runs beside the requests.
struct Workers {
    session_cleanup: JoinHandle<()>,
    mailer: Option<JoinHandle<()>>,
    publishers: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts the mailer (when mail is set up; its links start with
    /// `link_base`) and the publisher's workers.
    fn start(
        config: &Config,
        parts: &Parts,
        session_cleanup: JoinHandle<()>,
        link_base: String,
    ) -> anyhow::Result<Workers> {
        let mailer = match config.mail.clone() {
            Some(mail) => {
                tracing::info!(host = %mail.host, port = mail.port, tls = ?mail.tls, "emailing notifications");
                Some(crate::mail::start(parts.storage.clone(), mail, link_base)?)
            }
            None => None,
        };
        Ok(Workers {
            session_cleanup,
            mailer,
            publishers: parts.publisher.start(),
        })
    }

    fn stop(&self) {
        self.session_cleanup.abort();
        if let Some(mailer) = &self.mailer {
            mailer.abort();
        }
        for worker in &self.publishers {
            worker.abort();
        }
    }
}

impl Server {
    /// Opens what the server runs on, builds the routes, binds the address
    /// and starts the workers.
    pub async fn build(config: Config, demo: bool) -> anyhow::Result<Server> {
        let data_lock = crate::backup::hold_data_folder(&config.data_dir)?;
        let parts = Parts::open(&config, demo).await?;
        let (session_layer, session_cleanup) = sessions(&config).await?;
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
        let workers = Workers::start(&config, &parts, session_cleanup, link_base)?;
        Ok(Server {
            listener,
            router,
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
        let result = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("The server stopped with an error");
        self.workers.stop();
        result
    }
}

/// Cookie sessions stored in SQLite: HttpOnly, SameSite=Strict.
async fn sessions(
    config: &Config,
) -> anyhow::Result<(SessionManagerLayer<SqliteStore>, JoinHandle<()>)> {
    use tower_sessions::session_store::ExpiredDeletion;
    anyhow::ensure!(
        config.database_url.starts_with("sqlite:"),
        "Only SQLite databases are supported so far"
    );
    let pool = sqlx::SqlitePool::connect(&config.database_url)
        .await
        .context("Failed to open the session database")?;
    let store = SqliteStore::new(pool);
    store
        .migrate()
        .await
        .context("Failed to prepare the session table")?;
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

/// The compiled front end, cached for a year when file names carry hashes.
fn pkg_router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Router::new()
        .nest_service(
            "/pkg",
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ))
}

/// Longest a page or a server function may take. Leptos 0.8 can, rarely,
/// lose the wake-up for a page's data on a busy multi-threaded server; the
/// person then hears "Something went wrong" instead of waiting for ever.
const PAGE_DEADLINE: Duration = Duration::from_secs(30);

async fn deadline(request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    match tokio::time::timeout(PAGE_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(%uri, "no answer within {} seconds", PAGE_DEADLINE.as_secs());
            (StatusCode::SERVICE_UNAVAILABLE, app::strings::ERR_SERVER).into_response()
        }
    }
}

async fn healthz(State(storage): State<Storage>) -> StatusCode {
    if storage.is_healthy().await {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

/// The span each request is traced in. Card and welcome links carry their
/// secret in the path, so those paths are cut before they reach a log.
fn request_span(request: &Request) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
    )
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
