//! The public feed of a service account at `/feed/<slug>`: the feed page,
//! and its Atom feed at `/feed/<slug>.atom` with the same posts (links are
//! absolute, built from the request).

use std::future::Future;
use std::pin::Pin;

use app::ports::{AccountStore, PostRecord, PostStore, StoreError};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::reply::{HttpError, HttpResult};
use crate::storage::Storage;

/// The feed page's path, as the app's routes name it.
pub const PAGE_PATH: &str = "/feed/{slug}";

/// What the Atom feed reads: the posts, and the public address for links.
#[derive(Clone)]
pub struct Feeds {
    pub storage: Storage,
    pub public_url: Option<String>,
}

/// How the app draws a page for a request (its feed page here).
pub type Page =
    std::sync::Arc<dyn Fn(Request) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// `GET /feed/<slug>` draws the feed page and `GET /feed/<slug>.atom`
/// answers the Atom feed. One route serves both: the router matches whole
/// path segments, so `<slug>.atom` and `<slug>` are the same route.
pub fn router<S>(feeds: Feeds, page: Page) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route(
            PAGE_PATH,
            get(
                move |State(feeds): State<Feeds>, Path(slug): Path<String>, request: Request| {
                    let page = page.clone();
                    async move {
                        match slug.strip_suffix(".atom") {
                            Some(slug) => {
                                atom(&feeds, slug, request.headers()).await.into_response()
                            }
                            None => page(request).await,
                        }
                    }
                },
            ),
        )
        .with_state(feeds)
}

async fn atom(state: &Feeds, slug: &str, headers: &HeaderMap) -> HttpResult {
    let store = &state.storage;
    let account = match store.account_by_slug(slug).await {
        Err(StoreError::NotFound) => {
            return Err(HttpError::new(StatusCode::NOT_FOUND, "No such feed.").as_text())
        }
        other => other?,
    };
    let posts = store
        .published_posts(&account.account_id, app::feed::FEED_LENGTH)
        .await?;
    let base = base_url(state, headers);
    let body = render(&base, &account.name, &account.slug, &posts);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}

fn base_url(state: &Feeds, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The Atom document for an account's published posts.
pub fn render(base: &str, name: &str, slug: &str, posts: &[PostRecord]) -> String {
    let page = format!("{base}/feed/{slug}");
    let updated = posts.iter().map(published).max().unwrap_or(0);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n\
         <id>{page}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <author><name>{title}</name></author>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{page}.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
         <rights>{credit}</rights>\n",
        page = escape(&page),
        title = escape(name),
        updated = rfc3339(updated),
        credit = escape(app::strings::SYMBOL_CREDIT),
    );
    for post in posts {
        xml.push_str(&entry(base, &page, post));
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(base: &str, page: &str, post: &PostRecord) -> String {
    let text = app::domain::post::post_text(&post.tiles);
    let html = format!(
        "<p><img src=\"{}/cards/{}.png\" alt=\"{}\" width=\"1200\"/></p><p>{}</p>",
        escape(base),
        escape(&post.post_id),
        escape(&text),
        escape(&text)
    );
    let when = rfc3339(published(post));
    format!(
        "<entry>\n<id>urn:uuid:{id}</id>\n<title>{title}</title>\n\
         <updated>{when}</updated>\n<published>{when}</published>\n\
         <author><name>{author}</name></author>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}#post-{id}\"/>\n\
         <content type=\"html\">{content}</content>\n</entry>\n",
        id = escape(&post.post_id),
        title = escape(&text),
        author = escape(&app::feed::byline(
            &post.account_name,
            post.author_public_name.as_deref()
        )),
        page = escape(page),
        content = escape(&html),
    )
}

fn published(post: &PostRecord) -> i64 {
    post.published_at.unwrap_or(post.updated_at)
}

fn rfc3339(millis: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn times_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_910_400_123), "2026-11-29T00:00:00.123Z");
    }

    #[test]
    fn an_empty_feed_is_still_a_complete_document() {
        let xml = render("http://x", "Our <Voice>", "s", &[]);
        assert!(xml.starts_with("<?xml"));
        assert!(xml.contains("<title>Our &lt;Voice&gt;</title>"));
        assert!(xml.trim_end().ends_with("</feed>"));
    }
}
