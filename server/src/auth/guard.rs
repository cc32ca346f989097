//! Refuses cross-site requests that could change data (CSRF): any request
//! other than GET, HEAD or OPTIONS whose `Origin` is another site, or whose
//! `Sec-Fetch-Site` says `cross-site`, gets 403 before it reaches a handler.
//! A change that carries neither header is refused too, unless it is a JSON
//! server-function call (`Content-Type: application/json`), which a plain
//! HTML form on another site cannot send.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if is_cross_site_change(&request) {
        tracing::warn!(
            path = %crate::http::loggable_path(request.uri().path()),
            "cross-site request refused"
        );
        return (StatusCode::FORBIDDEN, "Cross-site requests are refused.").into_response();
    }
    next.run(request).await
}

fn is_cross_site_change(request: &Request) -> bool {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return false;
    }
    let headers = request.headers();
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return !headers.contains_key("sec-fetch-site") && !is_json(headers);
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin.to_str().ok().and_then(origin_host), host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        _ => true,
    }
}

/// Whether the body is JSON: a form cannot send it across sites without
/// the browser asking first.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// `http://example.org:3000` → `example.org:3000`; `null` → `None`.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin.split_once("://")?.1;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(method: Method, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri("/api/x");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).expect("request")
    }

    #[test]
    fn a_same_origin_post_passes() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000"),
            ],
        );
        assert!(!is_cross_site_change(&r));
    }

    #[test]
    fn a_post_from_another_origin_is_refused() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://evil.example"),
            ],
        );
        assert!(is_cross_site_change(&r));
    }

    #[test]
    fn a_post_marked_cross_site_is_refused_even_without_origin() {
        let r = request(
            Method::POST,
            &[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")],
        );
        assert!(is_cross_site_change(&r));
    }

    #[test]
    fn an_opaque_null_origin_is_refused() {
        let r = request(
            Method::POST,
            &[("host", "127.0.0.1:3000"), ("origin", "null")],
        );
        assert!(is_cross_site_change(&r));
    }

    #[test]
    fn a_form_post_with_neither_origin_nor_fetch_site_is_refused() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
        );
        assert!(is_cross_site_change(&r));
        let bare = request(Method::POST, &[("host", "127.0.0.1:3000")]);
        assert!(is_cross_site_change(&bare));
    }

    #[test]
    fn a_json_call_without_origin_passes() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("content-type", "application/json; charset=utf-8"),
            ],
        );
        assert!(!is_cross_site_change(&r));
    }

    #[test]
    fn a_same_origin_fetch_site_without_origin_passes() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin"),
            ],
        );
        assert!(!is_cross_site_change(&r));
    }

    #[test]
    fn reading_is_never_refused() {
        let r = request(
            Method::GET,
            &[
                ("host", "a"),
                ("origin", "http://b"),
                ("sec-fetch-site", "cross-site"),
            ],
        );
        assert!(!is_cross_site_change(&r));
    }

    #[test]
    fn a_post_from_another_port_is_refused() {
        let r = request(
            Method::POST,
            &[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:4000"),
            ],
        );
        assert!(is_cross_site_change(&r));
    }
}
