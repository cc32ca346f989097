//! Crashes while publishing: the real `ourvoice` program, killed with
//! SIGKILL at random moments while it sends 500 approved posts to a real
//! Mastodon API peer, and started again each time. The peer must end with
//! exactly 500 statuses: none missing, none twice. The token never shows in
//! what the program writes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{Person, PASSWORD};
use crate::peers::{FaultProxy, MastodonPeer};

const POSTS: usize = 500;

/// The `ourvoice` program built beside this test.
pub fn program() -> PathBuf {
    let exe = std::env::current_exe().expect("test path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile folder");
    let program = dir.join("ourvoice");
    assert!(program.exists(), "{} is missing", program.display());
    program
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub struct Running {
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the program on `data` and waits until it answers.
async fn start(data: &Path, port: u16, run: usize) -> Running {
    start_with(
        data,
        &["serve", "--demo"],
        port,
        run,
        &crate::helpers::database_env(data),
    )
    .await
}

/// A second program beside the one on `first`: its own data folder, the
/// first one's database and the shared sealing key.
async fn start_beside(first: &Path, data: &Path, port: u16, run: usize) -> Running {
    let env = [
        ("DATABASE_URL", crate::helpers::database_url(first)),
        (
            "OURVOICE_SECRET_KEY",
            crate::helpers::TEST_SECRET_KEY.to_string(),
        ),
        ("OURVOICE_PUBLIC_URL", format!("http://127.0.0.1:{port}")),
    ];
    start_with(data, &["serve"], port, run, &env).await
}

pub async fn start_with(
    data: &Path,
    args: &[&str],
    port: u16,
    run: usize,
    env: &[(&'static str, String)],
) -> Running {
    let log = std::fs::File::create(data.join(format!("run-{run}.log"))).expect("log file");
    let child = Command::new(program())
        .args(args)
        .current_dir(repo())
        .env("OURVOICE_DATA", data)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("OURVOICE_ADDR", format!("127.0.0.1:{port}"))
        .env("OURVOICE_SYMBOLS", repo().join("assets/symbols"))
        .env("OURVOICE_DEMO_PASSWORD", PASSWORD)
        .env("OURVOICE_PUBLISH_LEASE_SECONDS", "2")
        .env("RUST_LOG", "debug,sqlx=warn,hyper=info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("ourvoice starts");
    let running = Running { child };
    let http = reqwest::Client::new();
    let started = Instant::now();
    while !http
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status() == StatusCode::OK)
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "ourvoice did not start: {}",
            std::fs::read_to_string(data.join(format!("run-{run}.log"))).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    running
}

pub fn kill(mut running: Running) {
    // SIGKILL: no clean-up of any kind.
    running.child.kill().expect("kill");
    running.child.wait().expect("reaped");
}

/// Jobs by state, from `ourvoice publish-status --json`.
fn job_states(data: &Path) -> Vec<String> {
    let output = Command::new(program())
        .args(["publish-status", "--json", "--limit", "100000"])
        .env("OURVOICE_DATA", data)
        .envs(crate::helpers::database_env(data))
        .output()
        .expect("publish-status runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: Value = serde_json::from_slice(&output.stdout).expect("json");
    out["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|j| j["state"].as_str().unwrap_or("").to_string())
        .collect()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// Writes and approves `posts` posts on `base` (sam writes, alex approves).
async fn approve_posts(base: &str, account: &str, posts: usize) {
    let (sam, alex) = (
        Person::signed_in_at(base, "sam").await,
        Person::signed_in_at(base, "alex").await,
    );
    for n in 0..posts {
        let post_id: String = sam
            .call_json("posts/new", json!({"account_id": account}))
            .await
            .json()
            .await
            .expect("post id");
        let tiles = json!([
            {"symbol": {"set": "mulberry", "id": "dog"}, "word": "Dog"},
            {"symbol": null, "word": format!("walk {n}.")}
        ]);
        let sent = sam.send(&post_id, tiles, 1).await;
        assert_eq!(sent.status(), StatusCode::OK, "post {n}");
        assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    }
}

/// The peer's statuses hold `posts` posts exactly once each.
async fn each_status_once(peer: &MastodonPeer, posts: usize) {
    let statuses = peer.statuses().await;
    let mut texts: Vec<String> = statuses
        .iter()
        .map(|s| s["content"].as_str().unwrap_or("").to_string())
        .collect();
    texts.sort();
    let count = texts.len();
    texts.dedup();
    assert_eq!(count, posts, "exactly {posts} statuses");
    assert_eq!(texts.len(), posts, "none twice");
    for n in [0, 1, posts / 2, posts - 1] {
        assert!(
            texts.iter().any(|t| t.contains(&format!("walk {n}."))),
            "post {n} is there"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_posts_go_out_once_when_one_of_two_servers_is_killed_again_and_again() {
    const TWO_HUNDRED: usize = 200;
    let peer = MastodonPeer::start().await;
    let proxy = FaultProxy::start(&peer.base).await;
    let (a_data, b_data) = (
        tempfile::tempdir().expect("A's data"),
        tempfile::tempdir().expect("B's data"),
    );
    let (a_port, b_port) = (free_port(), free_port());
    // A, with the shared key too, so B can open what A sealed.
    let mut a_env = crate::helpers::database_env(a_data.path());
    a_env.retain(|(k, _)| *k != "OURVOICE_SECRET_KEY");
    a_env.push((
        "OURVOICE_SECRET_KEY",
        crate::helpers::TEST_SECRET_KEY.to_string(),
    ));
    let a = start_with(a_data.path(), &["serve", "--demo"], a_port, 0, &a_env).await;
    let mut b = start_beside(a_data.path(), b_data.path(), b_port, 0).await;
    let a_base = format!("http://127.0.0.1:{a_port}");
    let jo = Person::signed_in_at(&a_base, "jo").await;
    let account = jo.first_account().await;
    let connected = jo
        .connect_mastodon(&account, &proxy.base, &peer.token)
        .await;
    assert_eq!(connected.status(), StatusCode::OK);

    proxy.slow(Duration::from_millis(400));
    approve_posts(&a_base, &account, TWO_HUNDRED).await;
    proxy.slow(Duration::from_millis(25));

    // B is killed at random moments and started again; A runs on.
    let mut kills = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(150 + jitter(600))).await;
        let states = job_states(a_data.path());
        assert_eq!(states.len(), TWO_HUNDRED, "one job per post");
        if states.iter().all(|s| s == "live") {
            break;
        }
        assert!(
            !states.iter().any(|s| s == "failed" || s == "stopped"),
            "{states:?}"
        );
        if kills < 6 {
            kill(b);
            kills += 1;
            b = start_beside(a_data.path(), b_data.path(), b_port, kills).await;
        }
        assert!(kills < 100, "publishing never finished");
    }
    drop((a, b));
    assert!(kills >= 2, "B was killed only {kills} times before the end");
    each_status_once(&peer, TWO_HUNDRED).await;
    // B took part: it published some of the posts.
    let b_sent: usize = (0..=kills)
        .map(|run| {
            std::fs::read_to_string(b_data.path().join(format!("run-{run}.log")))
                .expect("B's log")
                .lines()
                .filter(|line| line.contains("live") && line.contains("http://"))
                .count()
        })
        .sum();
    assert!(b_sent > 0, "B published nothing");
}

/// A number from the clock, for kill times.
fn jitter(up_to_ms: u64) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    u64::from(nanos) % up_to_ms
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_posts_go_out_exactly_once_through_repeated_crashes() {
    let peer = MastodonPeer::start().await;
    // Each request takes the peer a little while, as on a real server, so
    // the crashes land while posts are on their way.
    let proxy = FaultProxy::start(&peer.base).await;
    proxy.slow(Duration::from_millis(25));
    let data = tempfile::tempdir().expect("data folder");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut runs = 0;
    let mut running = start(data.path(), port, runs).await;

    let jo = Person::signed_in_at(&base, "jo").await;
    let account = jo.first_account().await;
    let connected = jo
        .connect_mastodon(&account, &proxy.base, &peer.token)
        .await;
    assert_eq!(connected.status(), StatusCode::OK);

    // 500 posts, each approved: publishing starts with the first. While
    // they are written the peer answers slowly, so most posts are still to
    // go when the crashes start, however fast this machine writes them.
    proxy.slow(Duration::from_millis(400));
    approve_posts(&base, &account, POSTS).await;

    proxy.slow(Duration::from_millis(25));

    // Kill it at random moments while it publishes, and start it again.
    let mut kills = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(150 + jitter(600))).await;
        let states = job_states(data.path());
        assert_eq!(states.len(), POSTS, "one job per post");
        let live = states.iter().filter(|s| *s == "live").count();
        if live == POSTS {
            break;
        }
        assert!(
            !states.iter().any(|s| s == "failed" || s == "stopped"),
            "{states:?}"
        );
        if kills < 12 {
            kill(running);
            kills += 1;
            runs += 1;
            running = start(data.path(), port, runs).await;
        }
        assert!(runs < 100, "publishing never finished");
    }
    drop(running);
    assert!(kills >= 3, "killed only {kills} times before the end");

    each_status_once(&peer, POSTS).await;
    // Nothing the program wrote holds the token.
    for run in 0..=runs {
        let log = std::fs::read_to_string(data.path().join(format!("run-{run}.log"))).expect("log");
        assert!(!log.contains(&peer.token), "run {run} logged the token");
    }
}
