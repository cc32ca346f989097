//! Prometheus metrics, served on their own address (`OURVOICE_METRICS_ADDR`)
//! so they never face the public: requests by route and status, outbox jobs
//! by network and state, how long each try at a network takes, the
//! speech queue, and the media store (whether it answers, and its
//! operations by folder and result).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::blobs::Blobs;
use crate::speech::SpeechService;
use crate::storage::Storage;

/// Upper bounds (seconds) of the publish-latency buckets.
const BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// The server's counters. Cheap to clone; every clone counts into the same.
#[derive(Clone, Default)]
pub struct Metrics(Arc<Inner>);

#[derive(Default)]
struct Inner {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    publish: Mutex<BTreeMap<&'static str, Histogram>>,
}

#[derive(Clone, Default)]
struct Histogram {
    /// How many tries took at most each bound of [`BUCKETS`].
    within: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Metrics {
    /// Counts one answered request of the route `route`.
    pub fn request(&self, route: &str, status: u16) {
        let mut requests = self.0.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((route.to_string(), status)).or_default() += 1;
    }

    /// Records how long one try at `network` took.
    pub fn publish_try(&self, network: &'static str, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut publish = self.0.publish.lock().unwrap_or_else(|e| e.into_inner());
        let histogram = publish.entry(network).or_default();
        for (bound, within) in BUCKETS.iter().zip(histogram.within.iter_mut()) {
            if seconds <= *bound {
                *within += 1;
            }
        }
        histogram.sum += seconds;
        histogram.count += 1;
    }

    /// Everything, in Prometheus's text format.
    pub async fn render(&self, storage: &Storage, speech: &SpeechService, media: &Blobs) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP ourvoice_http_requests_total Requests answered, by route and status.\n",
        );
        out.push_str("# TYPE ourvoice_http_requests_total counter\n");
        let requests = self
            .0
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for ((route, status), n) in requests {
            let _ = writeln!(
                out,
                "ourvoice_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                label(&route)
            );
        }
        out.push_str("# HELP ourvoice_outbox_jobs Outbox jobs, by network and state.\n");
        out.push_str("# TYPE ourvoice_outbox_jobs gauge\n");
        match storage.outbox_counts().await {
            Ok(counts) => {
                for (network, state, n) in counts {
                    let _ = writeln!(
                        out,
                        "ourvoice_outbox_jobs{{network=\"{}\",state=\"{}\"}} {n}",
                        label(&network),
                        label(&state)
                    );
                }
            }
            Err(error) => tracing::warn!(%error, "metrics: could not count the outbox"),
        }
        out.push_str("# HELP ourvoice_publish_seconds How long each try at a network took.\n");
        out.push_str("# TYPE ourvoice_publish_seconds histogram\n");
        let publish = self
            .0
            .publish
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for (network, histogram) in publish {
            for (bound, within) in BUCKETS.iter().zip(histogram.within) {
                let _ = writeln!(
                    out,
                    "ourvoice_publish_seconds_bucket{{network=\"{network}\",le=\"{bound}\"}} {within}"
                );
            }
            let _ = writeln!(
                out,
                "ourvoice_publish_seconds_bucket{{network=\"{network}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "ourvoice_publish_seconds_sum{{network=\"{network}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "ourvoice_publish_seconds_count{{network=\"{network}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP ourvoice_speech_queue Speech requests waiting for or being spoken by the engine.\n");
        out.push_str("# TYPE ourvoice_speech_queue gauge\n");
        let _ = writeln!(out, "ourvoice_speech_queue {}", speech.in_queue());
        out.push_str("# HELP ourvoice_speech_syntheses_total Times the speech engine ran.\n");
        out.push_str("# TYPE ourvoice_speech_syntheses_total counter\n");
        let _ = writeln!(
            out,
            "ourvoice_speech_syntheses_total {}",
            speech.syntheses()
        );
        out.push_str(
            "# HELP ourvoice_media_up 1 when the media store (folder or object store) answers.\n",
        );
        out.push_str("# TYPE ourvoice_media_up gauge\n");
        let up = u8::from(media.not_ready().await.is_none());
        let _ = writeln!(out, "ourvoice_media_up {up}");
        out.push_str("# HELP ourvoice_media_operations_total Operations on the media store, by operation, folder and result.\n");
        out.push_str("# TYPE ourvoice_media_operations_total counter\n");
        for ((operation, folder, succeeded), n) in media.operations() {
            let result = if succeeded { "ok" } else { "error" };
            let _ = writeln!(
                out,
                "ourvoice_media_operations_total{{operation=\"{operation}\",folder=\"{folder}\",result=\"{result}\"}} {n}"
            );
        }
        out
    }
}

/// A label value with Prometheus's three escapes.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Counts each answered request under its route's pattern (never the path
/// itself: paths can carry secrets, and would make endless series).
pub async fn count_requests(
    State(metrics): State<Metrics>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "other".to_string());
    let response = next.run(request).await;
    metrics.request(&route, response.status().as_u16());
    response
}

/// What the metrics address serves: `GET /metrics`.
pub fn router(metrics: Metrics, storage: Storage, speech: SpeechService, media: Blobs) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let (metrics, storage, speech, media) = (
                metrics.clone(),
                storage.clone(),
                speech.clone(),
                media.clone(),
            );
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    metrics.render(&storage, &speech, &media).await,
                )
                    .into_response()
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_try_counts_in_every_bucket_it_fits_and_labels_are_escaped() {
        let metrics = Metrics::default();
        metrics.publish_try("mastodon", Duration::from_millis(300));
        let publish = metrics.0.publish.lock().expect("lock").clone();
        let histogram = &publish["mastodon"];
        assert_eq!(histogram.count, 1);
        // 0.3 s: not within 0.05, 0.1 or 0.25; within 0.5 and above.
        assert_eq!(histogram.within, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
