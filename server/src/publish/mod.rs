//! The outbox: approved posts go out to each connected network exactly once.
//! Approval writes one job per connection in its own transaction (see
//! `storage::publish`); workers here take due jobs with a lease, send them,
//! and record how the try went. A crash between sending and recording is
//! safe: Mastodon gets the same `Idempotency-Key` on every try and Bluesky
//! the same record key, so a retry finds the first attempt.

mod bluesky;
mod counting;
mod mastodon;
pub mod seal;
mod service;
mod sessions;
mod worker;

use std::sync::Arc;
use std::time::Duration;

use app::domain::outbox::{self, TryResult};
use app::ports::Clock;
use reqwest::{Client, StatusCode};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::card::CardRenderer;
use crate::media::PhotoStore;
use crate::storage::Storage;
use seal::Sealer;

/// How the outbox runs.
#[derive(Clone, Debug)]
pub struct PublishConfig {
    /// Longest wait for one request to a network.
    pub timeout: Duration,
    /// Workers in this process.
    pub workers: usize,
    /// Longest rest between looks at the outbox (a new approval wakes the
    /// workers at once).
    pub idle: Duration,
    /// The wait after a first failed try (it doubles after each).
    pub first_wait: Duration,
    /// How long a worker holds a job (`OURVOICE_PUBLISH_LEASE_SECONDS`);
    /// after it, another worker may take the job again. A retry never
    /// posts twice, so a short lease only costs a repeated request.
    pub lease: Duration,
    /// How often live posts' responses are counted
    /// (`OURVOICE_RESPONSES_SECONDS`, default 15 minutes; a post's first
    /// day only, then every 6 hours, for 30 days).
    pub count_every: Duration,
    /// How often the counter looks for posts due a count (at least as
    /// often as `count_every`; default a minute), so a post published
    /// just after a round waits a minute for its first count, not a round.
    pub count_look: Duration,
}

impl PublishConfig {
    /// The defaults, with the lease from `OURVOICE_PUBLISH_LEASE_SECONDS`.
    pub fn from_env() -> anyhow::Result<PublishConfig> {
        let mut config = PublishConfig::default();
        if let Some(seconds) = std::env::var("OURVOICE_PUBLISH_LEASE_SECONDS")
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            let seconds: u64 = seconds
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("OURVOICE_PUBLISH_LEASE_SECONDS must be a number"))?;
            config.lease = Duration::from_secs(seconds.max(1));
        }
        if let Some(seconds) = std::env::var("OURVOICE_RESPONSES_SECONDS")
            .ok()
            .filter(|v| !v.trim().is_empty())
        {
            let seconds: u64 = seconds
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("OURVOICE_RESPONSES_SECONDS must be a number"))?;
            config.count_every = Duration::from_secs(seconds.max(1));
        }
        Ok(config)
    }
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            timeout: Duration::from_secs(30),
            workers: 2,
            idle: Duration::from_secs(2),
            first_wait: Duration::from_millis(outbox::FIRST_WAIT_MS as u64),
            lease: Duration::from_millis(outbox::LEASE_MS as u64),
            count_every: Duration::from_secs(15 * 60),
            count_look: Duration::from_secs(60),
        }
    }
}

/// Why a connection could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum ConnectError {
    /// The server said no to the token or password.
    Refused,
    /// The server could not be reached or answered nonsense.
    Unreachable,
}

/// One picture to send, with its alt text.
#[derive(Clone, Debug)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub file_name: String,
    pub alt: String,
}

/// A post as it goes out.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub text: String,
    pub images: Vec<Image>,
    pub language: &'static str,
    pub idempotency_key: String,
    pub record_key: String,
    /// RFC 3339.
    pub created_at: String,
}

/// What the network's answer means for the job.
pub(crate) fn classify(status: StatusCode, body: &str) -> TryResult {
    let said: String = body.chars().take(200).collect();
    let what = format!("{status}: {said}");
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => TryResult::NeedsReconnecting(what),
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => TryResult::TryAgain(what),
        s if s.is_server_error() => TryResult::TryAgain(what),
        _ => TryResult::Refused(what),
    }
}

/// A request that got no answer: always worth another try.
pub(crate) fn failure(error: &reqwest::Error) -> TryResult {
    let kind = if error.is_timeout() {
        "no answer in time"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    TryResult::TryAgain(kind.to_string())
}

/// The most of any one network answer that is read: a hostile or broken
/// server cannot fill the memory.
pub(crate) const ANSWER_LIMIT: usize = 1024 * 1024;

/// A network answer's body, at most [`ANSWER_LIMIT`] bytes.
pub(crate) async fn bounded_body(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    if response
        .content_length()
        .is_some_and(|length| length > ANSWER_LIMIT as u64)
    {
        return Err("the answer is too long".into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("the answer broke off: {e}"))?
    {
        if body.len() + chunk.len() > ANSWER_LIMIT {
            return Err("the answer is too long".into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A network's JSON answer, read within [`ANSWER_LIMIT`].
pub(crate) async fn bounded_json<T: for<'de> serde::Deserialize<'de>>(
    response: reqwest::Response,
) -> Result<T, String> {
    let body = bounded_body(response).await?;
    serde_json::from_slice(&body).map_err(|e| format!("unreadable answer: {e}"))
}

/// A network's refusal, as text for sorting it (empty when unreadable).
pub(crate) async fn bounded_text(response: reqwest::Response) -> String {
    bounded_body(response)
        .await
        .map(|body| String::from_utf8_lossy(&body).into_owned())
        .unwrap_or_default()
}

/// Reads a network's JSON answer, sorting a failure into try again,
/// reconnect, refused or busy.
pub(crate) async fn read_json<T: for<'de> serde::Deserialize<'de>>(
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<T, TryResult> {
    let response = sent.map_err(|error| failure(&error))?;
    if response.status().is_success() {
        return bounded_json(response).await.map_err(TryResult::TryAgain);
    }
    Err(refusal(response).await)
}

/// What a network's answer that is not a success means for the job: a 429
/// waits as long as the network said, the rest as [`classify`] sorts them.
pub(crate) async fn refusal(response: reqwest::Response) -> TryResult {
    let status = response.status();
    let until = (status == StatusCode::TOO_MANY_REQUESTS)
        .then(|| busy_until(response.headers(), crate::clock::wall_ms()));
    let body = bounded_text(response).await;
    match (classify(status, &body), until) {
        (TryResult::TryAgain(why), Some(until)) => TryResult::Busy { why, until },
        (result, _) => result,
    }
}

/// When a network that answered 429 may be asked again (ms since the
/// epoch), from its headers: `Retry-After` (seconds, or an HTTP date),
/// else `RateLimit-Reset` (Bluesky: the second since the epoch; a small
/// number is seconds from now), else `X-RateLimit-Reset` (Mastodon: an
/// RFC 3339 time). A minute when none says.
pub(crate) fn busy_until(headers: &reqwest::header::HeaderMap, now: i64) -> i64 {
    use time::format_description::well_known::{Rfc2822, Rfc3339};
    use time::OffsetDateTime;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let seconds_or_time = |value: &str| -> Option<i64> {
        let seconds: i64 = value.parse().ok()?;
        Some(if seconds > 1_000_000_000 {
            seconds.saturating_mul(1_000)
        } else {
            now.saturating_add(seconds.max(0).saturating_mul(1_000))
        })
    };
    let date = |value: &str| -> Option<i64> {
        let at = OffsetDateTime::parse(value, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(&value.replace("GMT", "+0000"), &Rfc2822))
            .ok()?;
        i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
    };
    let retry_after = header("retry-after").and_then(|v| {
        v.parse::<i64>()
            .ok()
            .map(|s| now.saturating_add(s.max(0).saturating_mul(1_000)))
            .or_else(|| date(v))
    });
    retry_after
        .or_else(|| header("ratelimit-reset").and_then(seconds_or_time))
        .or_else(|| {
            header("x-ratelimit-reset").and_then(|v| date(v).or_else(|| seconds_or_time(v)))
        })
        .unwrap_or(now + 60_000)
}

/// Connections, the outbox and its workers.
pub struct Publisher {
    storage: Storage,
    clock: Arc<dyn Clock>,
    sealer: Sealer,
    http: Client,
    cards: CardRenderer,
    photos: PhotoStore,
    wake: Notify,
    config: PublishConfig,
    metrics: crate::metrics::Metrics,
    session_locks: sessions::SessionLocks,
}

impl Publisher {
    pub fn new(
        storage: Storage,
        clock: Arc<dyn Clock>,
        sealer: Sealer,
        cards: CardRenderer,
        photos: PhotoStore,
        config: PublishConfig,
    ) -> anyhow::Result<Arc<Publisher>> {
        let http = Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("OurVoice/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Arc::new(Publisher {
            storage,
            clock,
            sealer,
            http,
            cards,
            photos,
            wake: Notify::new(),
            config,
            metrics: crate::metrics::Metrics::default(),
            session_locks: sessions::SessionLocks::default(),
        }))
    }

    /// The counters this server's metrics show (the workers record their
    /// tries in them).
    pub fn metrics(&self) -> crate::metrics::Metrics {
        self.metrics.clone()
    }

    /// Starts the workers and the response counter (none with no
    /// workers); they stop when the returned tasks are aborted.
    pub fn start(self: &Arc<Self>) -> Vec<JoinHandle<()>> {
        let mut tasks: Vec<JoinHandle<()>> = (0..self.config.workers)
            .map(|n| {
                let publisher = Arc::clone(self);
                let name = format!("{}-{n}", crate::storage::new_id());
                tokio::spawn(async move { publisher.work(name).await })
            })
            .collect();
        if self.config.workers > 0 {
            let publisher = Arc::clone(self);
            tasks.push(tokio::spawn(async move {
                let look = publisher
                    .config
                    .count_look
                    .min(publisher.config.count_every);
                loop {
                    tokio::time::sleep(look).await;
                    publisher.count_responses().await;
                }
            }));
        }
        tasks
    }
}

fn rfc3339(millis: i64) -> String {
    let nanos = i128::from(millis) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod busy_tests {
    use super::busy_until;
    use reqwest::header::HeaderMap;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("value"));
        }
        map
    }

    const NOW: i64 = 1_764_000_000_000;

    #[test]
    fn a_429_waits_as_long_as_the_network_says() {
        // Retry-After in seconds, or as an HTTP date.
        assert_eq!(
            busy_until(&headers(&[("retry-after", "30")]), NOW),
            NOW + 30_000
        );
        let date = headers(&[("retry-after", "Mon, 24 Nov 2025 16:00:00 GMT")]);
        assert_eq!(busy_until(&date, NOW), 1_764_000_000_000);
        // Bluesky's RateLimit-Reset: the second it resets.
        let reset = headers(&[("ratelimit-reset", "1764000300")]);
        assert_eq!(busy_until(&reset, NOW), NOW + 300_000);
        // A small number is seconds from now.
        assert_eq!(
            busy_until(&headers(&[("ratelimit-reset", "90")]), NOW),
            NOW + 90_000
        );
        // Mastodon's X-RateLimit-Reset: an RFC 3339 time.
        let mastodon = headers(&[("x-ratelimit-reset", "2025-11-24T16:05:00.000Z")]);
        assert_eq!(busy_until(&mastodon, NOW), NOW + 300_000);
        // Retry-After wins; nothing readable means a minute.
        let both = headers(&[("retry-after", "5"), ("ratelimit-reset", "1764000300")]);
        assert_eq!(busy_until(&both, NOW), NOW + 5_000);
        assert_eq!(
            busy_until(&headers(&[("retry-after", "soon")]), NOW),
            NOW + 60_000
        );
        assert_eq!(busy_until(&HeaderMap::new(), NOW), NOW + 60_000);
    }
}

#[cfg(test)]
mod answer_limit_tests {
    use super::{bounded_body, ANSWER_LIMIT};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A loopback server that answers `size` bytes, either with their
    /// length declared or in chunks of unknown length.
    async fn hostile_server(size: usize, chunked: bool) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let body = vec![b'x'; size];
            if chunked {
                let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                for chunk in body.chunks(64 * 1024) {
                    let _ = socket
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await;
                    let _ = socket.write_all(chunk).await;
                    let _ = socket.write_all(b"\r\n").await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            } else {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n");
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            }
        });
        format!("http://{address}/")
    }

    #[tokio::test]
    async fn an_answer_over_the_limit_is_refused_with_or_without_a_length() {
        for chunked in [false, true] {
            let url = hostile_server(ANSWER_LIMIT + 1, chunked).await;
            let response = reqwest::get(url).await.expect("get");
            assert_eq!(
                bounded_body(response).await,
                Err("the answer is too long".to_string()),
                "chunked: {chunked}"
            );
        }
    }

    #[tokio::test]
    async fn an_answer_at_the_limit_is_read_whole() {
        for chunked in [false, true] {
            let url = hostile_server(ANSWER_LIMIT, chunked).await;
            let response = reqwest::get(url).await.expect("get");
            assert_eq!(
                bounded_body(response).await.map(|body| body.len()),
                Ok(ANSWER_LIMIT),
                "chunked: {chunked}"
            );
        }
    }
}
