//! Every route and layer, in the order a request meets them.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::from_fn;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use axum_login::AuthManagerLayer;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::LeptosRoutes;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::page_cache::{self, PageCache};
use super::parts::Parts;
use super::{app_routes, loggable_path, AppState, MAX_BODY_BYTES};
use crate::auth::{self, Backend};
use crate::card::{self};
use crate::speech::{self};
use crate::storage::Storage;
use crate::{feed, media, symbols, Config};

/// Every route and layer: the app's pages and server functions, sign-in,
/// symbols, the front end, photos, data downloads, cards, speech and the
/// Atom feed, behind the session, sign-in, cross-site, header,
/// compression and trace layers.
pub(super) fn router(
    config: &Config,
    parts: &Parts,
    auth_layer: AuthManagerLayer<Backend, super::Sessions>,
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
    // The feed page shares its route with its Atom feed (feed::router).
    let (feed_page, pages): (Vec<_>, Vec<_>) = app_routes()
        .into_iter()
        .partition(|route| route.path() == feed::PAGE_PATH);
    assert_eq!(feed_page.len(), 1, "the app has one feed page");
    let page_context = {
        let state = state.clone();
        let context = context.clone();
        move || {
            provide_context(state.clone());
            context();
        }
    };
    let draw_page = leptos_axum::render_app_async_with_context(page_context, {
        let options = options.clone();
        move || app::shell(options.clone())
    });
    // Pages drawn again only when something changed (SQLite files).
    let kept_pages = storage
        .data_version()
        .map(|version| std::sync::Arc::new(PageCache::new(version, parts.services.clock.clone())));
    let feed_page: feed::Page = std::sync::Arc::new(move |request| {
        let draw = draw_page(request);
        Box::pin(async move { draw.await.into_response() })
    });
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .leptos_routes_with_context(&state, pages, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .merge(feed::router(
            feed::Feeds {
                storage: storage.clone(),
                public_url: config.public_url.clone(),
            },
            feed_page,
        ))
        .merge(auth::router(sign_in_rules.clone()))
        .merge(symbols::router(&config.symbols_dir))
        .merge(pkg_router(&options))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(from_fn(deadline))
        .layer(axum::middleware::from_fn_with_state(
            kept_pages,
            page_cache::serve,
        ))
        .merge(media::router(
            parts.photos.clone(),
            storage.clone(),
            sign_in_rules.clock.clone(),
        ))
        .merge(crate::export::router(
            storage.clone(),
            parts.cards.clone(),
            parts.photos.clone(),
        ))
        .merge(card::router(storage.clone(), parts.cards.clone()))
        .merge(speech::router(parts.speech.clone()))
        .route_layer(axum::middleware::from_fn_with_state(
            parts.publisher.metrics(),
            crate::metrics::count_requests,
        ))
        .layer(from_fn(auth::attach_viewer))
        .layer(Extension(sign_in_rules))
        .layer(auth_layer)
        .layer(from_fn(auth::refuse_cross_site))
        .layer(axum::middleware::map_response(
            move |response: Response| async move { crate::headers::secure(response, https) },
        ))
        // Pages are compressed as they go out: brotli's quickest level costs a
        // quarter of the CPU of level 5 for a few hundred bytes more a page
        // (docs/PERFORMANCE.md, "Posts to check under load"). Static files
        // are precompressed at the highest level when built.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// The compiled front end, cached for a year when file names carry hashes.
pub(super) fn pkg_router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
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
pub(super) const PAGE_DEADLINE: Duration = Duration::from_secs(30);

pub(super) async fn deadline(request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    match tokio::time::timeout(PAGE_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(%uri, "no answer within {} seconds", PAGE_DEADLINE.as_secs());
            (StatusCode::SERVICE_UNAVAILABLE, app::strings::ERR_SERVER).into_response()
        }
    }
}

/// Alive: the server answers. A balancer restarts a server that does not.
pub(super) async fn healthz(State(storage): State<Storage>) -> StatusCode {
    if storage.is_healthy().await {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

/// Ready: the database answers with every migration this server needs, and
/// the media store (photos, cards, speech) answers. A balancer sends
/// people only to a ready server.
pub(super) async fn readyz(State(storage): State<Storage>) -> Response {
    let why = match storage.not_ready().await {
        Some(why) => Some(why),
        None => storage.media_not_ready().await,
    };
    match why {
        None => (StatusCode::OK, "ready").into_response(),
        Some(why) => {
            tracing::warn!(%why, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}")).into_response()
        }
    }
}

/// The span each request is traced in. Card and welcome links carry their
/// secret in the path, so those paths are cut before they reach a log.
pub(super) fn request_span(request: &Request) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
    )
}
