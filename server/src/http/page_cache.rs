//! Pages drawn once and sent again while nothing changed. A page is a
//! function of its address, the cookies and host it was asked with, the
//! data and the time: so a drawn page is kept for the same address, cookies
//! and host while the database's data version has not moved (no one
//! changed anything) and for a few seconds at most (words about time stay
//! right). Only SQLite files have a data version; on
//! PostgreSQL every page is drawn each time.
//!
//! Each answer still carries a nonce of its own in its policy and on its
//! scripts: the kept page is cut where the nonce goes.

use std::collections::HashMap;
use std::sync::Arc;

use app::ports::Clock;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::storage::{AtVersion, DataVersion};

/// Longest a drawn page is sent again, even when nothing changed.
pub const KEEP_MS: i64 = 5_000;

/// Most pages kept at one data version.
const KEPT_PAGES: usize = 256;

/// Largest page read whole to be kept.
const LARGEST_PAGE: usize = 16 * 1024 * 1024;

/// Drawn pages kept at the current data version.
pub struct PageCache {
    clock: Arc<dyn Clock>,
    pages: AtVersion<Key, Arc<Kept>>,
    /// One drawing at a time per page: when a kept page runs out, the
    /// many asking for it at that moment wait for one drawing instead of
    /// each drawing it again.
    drawing: std::sync::Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

/// What a page was asked with.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    cookies: Vec<u8>,
    host: Vec<u8>,
}

impl Key {
    fn of(request: &Request) -> Key {
        let header = |name: header::HeaderName| {
            let mut all = Vec::new();
            for value in request.headers().get_all(name) {
                all.extend_from_slice(value.as_bytes());
                all.push(b'\n');
            }
            all
        };
        Key {
            uri: request.uri().to_string(),
            cookies: header(header::COOKIE),
            host: header(header::HOST),
        }
    }
}

/// A drawn page: its headers and its HTML, cut where the nonce of its
/// start-up script goes, so each answer carries a new one.
struct Kept {
    at_ms: i64,
    headers: HeaderMap,
    pieces: Vec<String>,
}

impl PageCache {
    pub fn new(version: Arc<DataVersion>, clock: Arc<dyn Clock>) -> PageCache {
        PageCache {
            clock,
            pages: AtVersion::new(version, KEPT_PAGES),
            drawing: Default::default(),
        }
    }

    /// The kept page for `key`, if it is still right.
    fn kept(&self, version: i64, key: &Key, now: i64) -> Option<Arc<Kept>> {
        self.pages
            .get(version, key)
            .filter(|kept| (0..KEEP_MS).contains(&(now - kept.at_ms)))
    }

    /// The lock that lets one request at a time draw the page `key`.
    fn drawing(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut drawing = self
            .drawing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Locks no one holds or waits for are let go as the map grows.
        if drawing.len() >= KEPT_PAGES {
            drawing.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        drawing.entry(key.clone()).or_default().clone()
    }
}

/// Sends a kept page when there is one still right, or draws the page and
/// keeps it when it is a whole HTML page that went well.
pub async fn serve(
    State(cache): State<Option<Arc<PageCache>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = cache else {
        return next.run(request).await;
    };
    // Pages only: the app's code, pictures and server functions are not.
    let path = request.uri().path();
    let not_a_page = ["/pkg/", "/symbols/", "/api/"]
        .iter()
        .any(|files| path.starts_with(files));
    if *request.method() != Method::GET || not_a_page {
        return next.run(request).await;
    }
    let Some(version) = cache.pages.now() else {
        return next.run(request).await;
    };
    let key = Key::of(&request);
    let now = cache.clock.now_ms();
    if let Some(kept) = cache.kept(version, &key, now) {
        return kept.answer();
    }
    let lock = cache.drawing(&key);
    let _drawing = lock.lock().await;
    // Drawn by another request while this one waited? The version is read
    // again: the page drawn next is drawn from what is there now.
    let Some(version) = cache.pages.now() else {
        return next.run(request).await;
    };
    let now = cache.clock.now_ms();
    if let Some(kept) = cache.kept(version, &key, now) {
        return kept.answer();
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !is_html
        || response.headers().contains_key(header::SET_COOKIE)
        // A page that sends people on (asked for by a client that is not a
        // browser, the status stays 200): never kept for a browser to get.
        || response.headers().contains_key(header::LOCATION)
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(html) => html,
        Err(error) => {
            tracing::error!(%error, "Failed to draw a page");
            return (StatusCode::INTERNAL_SERVER_ERROR, app::strings::ERR_SERVER).into_response();
        }
    };
    let Ok(text) = std::str::from_utf8(&html) else {
        return (parts, Body::from(html)).into_response();
    };
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    let nonce = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|policy| policy.to_str().ok())
        .and_then(nonce_in);
    let pieces = match nonce {
        Some(nonce) => text.split(nonce).map(str::to_string).collect(),
        None => vec![text.to_string()],
    };
    let kept = Arc::new(Kept {
        at_ms: now,
        headers,
        pieces,
    });
    cache.pages.keep(version, key, kept.clone());
    kept.answer()
}

impl Kept {
    /// The page with a new nonce in its policy and its scripts. It goes
    /// out uncompressed: the compression layer packs it on the way.
    fn answer(&self) -> Response {
        let mut headers = self.headers.clone();
        let html = if self.pieces.len() > 1 {
            let nonce = leptos::nonce::Nonce::new().to_string();
            if let Ok(policy) = app::app::content_security_policy(Some(&nonce)).parse() {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            self.pieces.join(&nonce)
        } else {
            self.pieces.concat()
        };
        let mut response = Response::new(Body::from(html));
        *response.headers_mut() = headers;
        response
    }
}

/// The nonce a Content Security Policy names.
fn nonce_in(policy: &str) -> Option<&str> {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .filter(|nonce| !nonce.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_answer_has_its_own_nonce_in_policy_and_page() {
        let kept = Kept {
            at_ms: 0,
            headers: HeaderMap::new(),
            pieces: vec!["<script nonce=\"".into(), "\">go()</script>".into()],
        };
        let mut nonces = Vec::new();
        for _ in 0..2 {
            let answer = kept.answer();
            let policy = answer.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("text")
                .to_string();
            let nonce = nonce_in(&policy).expect("a nonce").to_string();
            let page = axum::body::to_bytes(answer.into_body(), 1024)
                .await
                .expect("page");
            let expected = format!("<script nonce=\"{nonce}\">go()</script>");
            assert_eq!(page, expected.as_bytes(), "the page carries it");
            assert!(nonce.len() >= 22, "128 bits");
            nonces.push(nonce);
        }
        assert_ne!(nonces[0], nonces[1]);
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let policy = app::app::content_security_policy(Some("abc-_1"));
        assert_eq!(nonce_in(&policy), Some("abc-_1"));
        assert_eq!(nonce_in(&app::app::content_security_policy(None)), None);
    }
}
