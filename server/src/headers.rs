//! The security headers every answer carries: a strict Content Security
//! Policy (pages set their own, with the nonce of their start-up script),
//! no MIME sniffing, no referrer to other sites, no framing, and HSTS when
//! the service is reached over https.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

/// HSTS: a year, this host and the hosts under it.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to `response`, keeping a policy a page set itself.
pub fn secure(mut response: Response, https: bool) -> Response {
    add(response.headers_mut(), https);
    response
}

fn add(headers: &mut HeaderMap, https: bool) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(policy) = app::app::content_security_policy(None).parse() {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
}

/// Whether a public address is reached over https.
pub fn is_https(public_url: Option<&str>) -> bool {
    public_url.is_some_and(|url| url.trim().to_ascii_lowercase().starts_with("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn answer(headers: &[(header::HeaderName, &str)]) -> Response {
        let mut response = Response::new(Body::empty());
        for (name, value) in headers {
            response
                .headers_mut()
                .insert(name.clone(), value.parse().expect("value"));
        }
        response
    }

    #[test]
    fn every_answer_gets_the_policy_and_no_framing() {
        let r = secure(answer(&[]), false);
        let policy = r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text");
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
        ] {
            assert!(policy.contains(part), "{policy} has {part}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(r.headers()[header::REFERRER_POLICY], "same-origin");
        assert!(!r.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn a_page_keeps_its_own_policy() {
        let r = secure(
            answer(&[(header::CONTENT_SECURITY_POLICY, "script-src 'nonce-x'")]),
            true,
        );
        assert_eq!(
            r.headers()[header::CONTENT_SECURITY_POLICY],
            "script-src 'nonce-x'"
        );
        assert_eq!(r.headers()[header::STRICT_TRANSPORT_SECURITY], HSTS);
    }

    #[test]
    fn https_is_read_from_the_public_address() {
        assert!(is_https(Some("https://voice.example.org")));
        assert!(is_https(Some(" HTTPS://voice.example.org/")));
        assert!(!is_https(Some("http://127.0.0.1:3000")));
        assert!(!is_https(None));
    }
}
