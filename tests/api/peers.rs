//! Real peers for publishing: the Mastodon API server from PyPI
//! `mastodon-mock` (installed into `tools/py` by `scripts/setup.sh test`),
//! started on loopback for each test, and a small fault proxy that sits in
//! front of it to answer 500s, hold requests past the client's timeout, or
//! pass a request on and lose its answer.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A running Mastodon peer with one account and its token.
pub struct MastodonPeer {
    child: Child,
    pub base: String,
    pub token: String,
    pub account_id: String,
    pub http: reqwest::Client,
}

impl Drop for MastodonPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

fn mock_program() -> PathBuf {
    let program = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/py/bin/mastodon_mock");
    assert!(
        program.exists(),
        "the Mastodon peer is missing: run ./scripts/setup.sh test"
    );
    program
}

impl MastodonPeer {
    /// Starts the peer and makes the account `ourvoice` with a token. The
    /// free port is only free when asked: if another test takes it first,
    /// the peer cannot listen and exits, and it starts again on another.
    pub async fn start() -> MastodonPeer {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        let started = Instant::now();
        let (child, base) = loop {
            let port = free_port();
            let mut child = Command::new(mock_program())
                .args(["serve", "--in-memory", "--host", "127.0.0.1"])
                .args(["--port", &port.to_string(), "--log-level", "warning"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("mastodon_mock starts");
            let base = format!("http://localhost:{port}");
            // Ready when it answers as a Mastodon server, not when anything
            // on the port answers; gone if it could not listen.
            let ready = loop {
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "mastodon_mock did not start"
                );
                if child.try_wait().ok().flatten().is_some() {
                    break false;
                }
                let instance = http.get(format!("{base}/api/v2/instance")).send().await;
                if instance.is_ok_and(|answer| answer.status().is_success()) {
                    break true;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            if ready {
                break (child, base);
            }
        };
        let user: Value = http
            .post(format!("{base}/api/v1/_mock/dev_user"))
            .json(&json!({"username": "ourvoice", "display_name": "Our Voice Leeds"}))
            .send()
            .await
            .expect("dev user")
            .json()
            .await
            .expect("json");
        MastodonPeer {
            child,
            base,
            token: user["access_token"].as_str().expect("token").to_string(),
            account_id: user["id"].as_str().expect("id").to_string(),
            http,
        }
    }

    /// Every status of the account, newest first.
    pub async fn statuses(&self) -> Vec<Value> {
        let mut all = Vec::new();
        let mut max_id: Option<String> = None;
        loop {
            let mut url = format!(
                "{}/api/v1/accounts/{}/statuses?limit=40",
                self.base, self.account_id
            );
            if let Some(id) = &max_id {
                url.push_str(&format!("&max_id={id}"));
            }
            let page: Vec<Value> = self
                .http
                .get(url)
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("statuses")
                .json()
                .await
                .expect("json");
            let Some(last) = page.last() else {
                return all;
            };
            max_id = last["id"].as_str().map(str::to_string);
            all.extend(page);
        }
    }
}

/// What the proxy does with the next requests that match a path.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status without passing the request on.
    Status(u16),
    /// Hold the request longer than the client waits.
    Hang(Duration),
    /// Pass the request on, then lose the answer (as if the connection
    /// broke after the peer did the work).
    LoseAnswer,
    /// Answer this status, headers and body without passing the request on.
    Answer(u16, Vec<(&'static str, String)>, String),
}

#[derive(Default)]
struct Rules {
    /// Added to every request passed on, as a real server's own time.
    delay: Duration,
    /// (path ending, matching requests to let pass first, fault), used
    /// once each, in order.
    faults: VecDeque<(String, usize, Fault)>,
    /// Every request seen: method and path.
    seen: Vec<String>,
}

/// A proxy in front of a peer that injects faults.
#[derive(Clone)]
pub struct FaultProxy {
    pub base: String,
    rules: Arc<Mutex<Rules>>,
}

#[derive(Clone)]
struct ProxyState {
    peer: String,
    rules: Arc<Mutex<Rules>>,
    http: reqwest::Client,
}

impl FaultProxy {
    /// Starts a proxy to `peer` on a free loopback port.
    pub async fn start(peer: &str) -> FaultProxy {
        let rules = Arc::new(Mutex::new(Rules::default()));
        let state = ProxyState {
            peer: peer.to_string(),
            rules: rules.clone(),
            http: reqwest::Client::new(),
        };
        let app = axum::Router::new().fallback(forward).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("proxy port");
        let port = listener.local_addr().expect("address").port();
        // By name, as the Mastodon peer names itself in its links.
        let base = format!("http://localhost:{port}");
        tokio::spawn(async move { axum::serve(listener, app).await });
        FaultProxy { base, rules }
    }

    /// The next request whose path ends with `path` meets `fault`; with a
    /// method first (`"DELETE /api/v1/statuses/1"`), only a request with
    /// that method does.
    pub fn add(&self, path: &str, fault: Fault) {
        self.add_after(path, 0, fault);
    }

    /// After `pass` requests whose path ends with `path` went through, the
    /// next one meets `fault`.
    pub fn add_after(&self, path: &str, pass: usize, fault: Fault) {
        self.rules
            .lock()
            .expect("rules")
            .faults
            .push_back((path.to_string(), pass, fault));
    }

    /// Adds `delay` to every request passed on.
    pub fn slow(&self, delay: Duration) {
        self.rules.lock().expect("rules").delay = delay;
    }

    /// How many requests with this method and path ending came through.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.rules
            .lock()
            .expect("rules")
            .seen
            .iter()
            .filter(|s| s.starts_with(method) && s.ends_with(path))
            .count()
    }
}

async fn forward(State(state): State<ProxyState>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let (fault, delay) = {
        let mut rules = state.rules.lock().expect("rules");
        rules.seen.push(format!("{method} {path}"));
        let found = rules
            .faults
            .iter()
            .position(|(p, _, _)| match p.split_once(' ') {
                Some((only, p)) => method.as_str() == only && path.ends_with(p),
                None => path.ends_with(p.as_str()),
            });
        let mut fault = None;
        if let Some(i) = found {
            if rules.faults[i].1 > 0 {
                rules.faults[i].1 -= 1;
            } else {
                fault = rules.faults.remove(i).map(|(_, _, f)| f);
            }
        }
        (fault, rules.delay)
    };
    tokio::time::sleep(delay).await;
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).expect("status");
            return (status, "injected fault").into_response();
        }
        Some(Fault::Answer(code, headers, body)) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = StatusCode::from_u16(code).expect("status");
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(name, value.parse().expect("header value"));
            }
            return response;
        }
        Some(Fault::Hang(wait)) => {
            tokio::time::sleep(wait).await;
            return (StatusCode::GATEWAY_TIMEOUT, "held").into_response();
        }
        _ => {}
    }
    let url = format!(
        "{}{}",
        state.peer,
        request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let mut outgoing = state.http.request(method, url);
    for (name, value) in request.headers() {
        if name != "host" && name != "content-length" {
            outgoing = outgoing.header(name, value);
        }
    }
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024 * 1024)
        .await
        .expect("request body");
    let answer = outgoing.body(body).send().await.expect("peer answers");
    if matches!(fault, Some(Fault::LoseAnswer)) {
        // The peer did the work; the client never hears.
        return (StatusCode::BAD_GATEWAY, "answer lost").into_response();
    }
    let status = StatusCode::from_u16(answer.status().as_u16()).expect("status");
    let content_type = answer.headers().get("content-type").cloned();
    let bytes = answer.bytes().await.expect("peer body");
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    if let Some(content_type) = content_type {
        response.headers_mut().insert("content-type", content_type);
    }
    response
}

/// A running Bluesky server (PDS from `@atproto/dev-env`, installed into
/// `tools/pds` by `scripts/setup.sh test`) with the account `leeds.test`
/// and an app password.
pub struct BlueskyPeer {
    child: Child,
    _scratch: tempfile::TempDir,
    pub url: String,
    pub handle: String,
    pub did: String,
    pub app_password: String,
    /// Another account that answers posts (with the AppView only).
    pub fan: Option<(String, String)>,
    http: reqwest::Client,
}

impl Drop for BlueskyPeer {
    fn drop(&mut self) {
        // Asked first: the AppView's script stops its Postgres and Redis.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl BlueskyPeer {
    /// A PDS alone (with an in-memory PLC directory).
    pub async fn start() -> BlueskyPeer {
        Self::start_with_access_seconds(None).await
    }

    /// A PDS whose access tokens last `seconds` (Bluesky's own last two
    /// hours), so a test sees them run out.
    pub async fn start_with_access_seconds(seconds: Option<u32>) -> BlueskyPeer {
        let seconds = seconds.map(|s| s.to_string()).unwrap_or_default();
        Self::launch_with(
            &[
                "start.js",
                &free_port().to_string(),
                &free_port().to_string(),
            ],
            &[("PDS_ACCESS_SECONDS", seconds.as_str())],
        )
        .await
    }

    /// A whole network with its AppView (which counts likes, reposts and
    /// replies), on its own Postgres cluster and Redis, and a second
    /// account, `fan`.
    pub async fn with_appview() -> BlueskyPeer {
        Self::launch(&["appview.js"]).await
    }

    async fn launch(args: &[&str]) -> BlueskyPeer {
        Self::launch_with(args, &[]).await
    }

    async fn launch_with(args: &[&str], env: &[(&str, &str)]) -> BlueskyPeer {
        use std::io::BufRead;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/pds");
        let node = dir.join("node_modules/node/bin");
        assert!(
            node.join("node").exists(),
            "the Bluesky server is missing: run ./scripts/setup.sh test"
        );
        let scratch = tempfile::tempdir().expect("scratch");
        let path = format!(
            "{}:{}",
            node.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut child = Command::new(node.join("node"))
            .args(args)
            .current_dir(&dir)
            .env("PATH", path)
            .env("TMPDIR", scratch.path())
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the Bluesky server starts");
        let stdout = child.stdout.take().expect("stdout");
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map(|_| line)
        });
        let line = tokio::time::timeout(Duration::from_secs(90), line)
            .await
            .expect("the Bluesky server started within 90 seconds")
            .expect("joined")
            .expect("its first line");
        let started: Value = serde_json::from_str(&line).expect("its account as JSON");
        let text = |k: &str| started[k].as_str().expect(k).to_string();
        BlueskyPeer {
            child,
            _scratch: scratch,
            url: text("url"),
            handle: text("handle"),
            did: text("did"),
            app_password: text("app_password"),
            fan: started["fan_handle"]
                .as_str()
                .map(|handle| (handle.to_string(), text("fan_password"))),
            http: reqwest::Client::new(),
        }
    }

    /// Every post record of the account.
    pub async fn posts(&self) -> Vec<Value> {
        let list: Value = self
            .http
            .get(format!("{}/xrpc/com.atproto.repo.listRecords", self.url))
            .query(&[
                ("repo", self.did.as_str()),
                ("collection", "app.bsky.feed.post"),
                ("limit", "100"),
            ])
            .send()
            .await
            .expect("listRecords")
            .json()
            .await
            .expect("json");
        list["records"].as_array().cloned().unwrap_or_default()
    }
}

/// A running S3-compatible object store (PyPI `moto[server]`, installed
/// into `tools/py` by `scripts/setup.sh test`) on loopback, with one empty
/// bucket.
pub struct S3Peer {
    child: Option<Child>,
    pub endpoint: String,
    pub bucket: String,
    http: reqwest::Client,
}

impl Drop for S3Peer {
    fn drop(&mut self) {
        self.stop();
    }
}

impl S3Peer {
    /// Starts the store and makes the bucket `ourvoice-media`.
    pub async fn start() -> S3Peer {
        let program = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/py/bin/moto_server");
        assert!(
            program.exists(),
            "the object store is missing: run ./scripts/setup.sh test"
        );
        let port = free_port();
        let child = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let endpoint = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        let started = Instant::now();
        while http.get(format!("{endpoint}/")).send().await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto_server did not start"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let bucket = "ourvoice-media".to_string();
        let made = http
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .expect("make the bucket");
        assert!(made.status().is_success(), "{}", made.status());
        S3Peer {
            child: Some(child),
            endpoint,
            bucket,
            http,
        }
    }

    /// What a server needs to keep its media here, under `prefix`.
    pub fn env(&self, prefix: &str) -> Vec<(&'static str, String)> {
        vec![
            ("OURVOICE_MEDIA", format!("s3://{}/{prefix}", self.bucket)),
            ("AWS_ENDPOINT", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_REGION", "eu-west-2".into()),
            ("AWS_ACCESS_KEY_ID", "ourvoice-test".into()),
            ("AWS_SECRET_ACCESS_KEY", "ourvoice-test-secret".into()),
        ]
    }

    /// Every key in the bucket, in order.
    pub async fn keys(&self) -> Vec<String> {
        let listing = self
            .http
            .get(format!("{}/{}?list-type=2", self.endpoint, self.bucket))
            .send()
            .await
            .expect("list the bucket")
            .text()
            .await
            .expect("listing");
        assert!(
            !listing.contains("<IsTruncated>true"),
            "more keys than one page"
        );
        listing
            .split("<Key>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</Key>").map(|(key, _)| key.to_string()))
            .collect()
    }

    /// When `key` was last written, as the bucket's listing says.
    pub async fn last_modified(&self, key: &str) -> String {
        let listing = self
            .http
            .get(format!(
                "{}/{}?list-type=2&prefix={key}",
                self.endpoint, self.bucket
            ))
            .send()
            .await
            .expect("list the bucket")
            .text()
            .await
            .expect("listing");
        let after = listing
            .split_once(&format!("<Key>{key}</Key>"))
            .unwrap_or_else(|| panic!("{key} is not in the bucket: {listing}"))
            .1;
        after
            .split_once("<LastModified>")
            .and_then(|(_, rest)| rest.split_once("</LastModified>"))
            .map(|(date, _)| date.to_string())
            .expect("a date")
    }

    /// Stops the store, as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
