//! Benchmark (run by `bench/publish.sh`, not by `make test`): 1,000
//! approved posts to the Mastodon peer. First the peer's own time: a plain
//! client making the same requests (the card uploaded with its alt text,
//! then the status with an Idempotency-Key, 2 at a time). Then ours: the
//! outbox filled with 1,000 jobs while no worker runs (each post's card is
//! drawn when it is approved), then a server with 2 workers timed until
//! every job is live. Both on a fresh peer each round; `BENCH_ROUNDS`
//! rounds (default 3), medians compared. Prints a table for
//! `docs/PERFORMANCE.md`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{add_people, test_config, three_tiles, Person};
use crate::peers::MastodonPeer;

const POSTS: usize = 1_000;
const AT_ONCE: usize = 2;

fn card() -> Vec<u8> {
    let symbols = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/symbols");
    let tiles: Vec<app::domain::post::Tile> = serde_json::from_value(three_tiles()).expect("tiles");
    ourvoice::card::CardRenderer::new(&symbols)
        .expect("renderer")
        .render(&tiles)
        .expect("card")
}

/// The peer's own time for `POSTS` posts made by a plain client.
async fn peer_time(peer: &MastodonPeer, card: Arc<Vec<u8>>) -> Duration {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..AT_ONCE {
        let (http, card) = (http.clone(), card.clone());
        let (base, token) = (peer.base.clone(), peer.token.clone());
        tasks.push(tokio::spawn(async move {
            for n in (worker..POSTS).step_by(AT_ONCE) {
                let form = reqwest::multipart::Form::new()
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(card.to_vec())
                            .file_name("card.png")
                            .mime_str("image/png")
                            .expect("mime"),
                    )
                    .text("description", "Easy read card: I dog park");
                let media: serde_json::Value = http
                    .post(format!("{base}/api/v2/media"))
                    .bearer_auth(&token)
                    .multipart(form)
                    .send()
                    .await
                    .expect("media")
                    .json()
                    .await
                    .expect("json");
                let status = http
                    .post(format!("{base}/api/v1/statuses"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("plain-{n}"))
                    .json(
                        &json!({"status": format!("I dog park {n}"), "media_ids": [media["id"]],
                        "visibility": "public", "language": "en"}),
                    )
                    .send()
                    .await
                    .expect("status");
                assert_eq!(status.status(), StatusCode::OK);
            }
        }));
    }
    for task in tasks {
        task.await.expect("client");
    }
    started.elapsed()
}

/// Our outbox's time for `POSTS` posts on one server on SQLite: the
/// outbox filled by a server with no worker (cards drawn at approval),
/// then a server with 2 workers timed from the moment it has started them
/// until every job is live.
async fn our_time(peer: &MastodonPeer) -> Duration {
    let data = tempfile::tempdir().expect("data");
    let url = ourvoice::storage::Storage::sqlite_url(data.path()).expect("url");
    fill(data.path(), &url, peer).await;
    send(data.path(), &url, 1).await
}

/// The same on `servers` servers on the Postgres database of `data` (the
/// suite's throwaway cluster), sharing one data folder for the cards.
async fn our_time_on_postgres(peer: &MastodonPeer, servers: usize) -> Duration {
    let data = tempfile::tempdir().expect("data");
    let url = crate::helpers::database_url(data.path());
    assert!(url.starts_with("postgres"), "{url}");
    fill(data.path(), &url, peer).await;
    send(data.path(), &url, servers).await
}

/// Fills the outbox of the database at `url` with `POSTS` approved posts
/// to `peer`, through a server with no worker.
async fn fill(data: &std::path::Path, url: &str, peer: &MastodonPeer) {
    let mut config = test_config(data, None, 0);
    config.database_url = url.to_string();
    let filling = ourvoice::Server::build(config, true)
        .await
        .expect("server starts");
    let storage = filling.storage();
    add_people(&storage).await;
    let base = format!("http://{}", filling.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(filling.run_until(async move {
        let _ = stopped.await;
    }));
    let (jo, sam, alex) = (
        Person::signed_in_at(&base, "jo").await,
        Person::signed_in_at(&base, "sam").await,
        Person::signed_in_at(&base, "alex").await,
    );
    let leeds = jo.first_account().await;
    let connected = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(connected.status(), StatusCode::OK);
    for n in 0..POSTS {
        let post_id = sam.start_post(&leeds).await;
        let mut tiles = three_tiles();
        tiles
            .as_array_mut()
            .expect("tiles")
            .push(json!({"symbol": null, "word": n.to_string()}));
        assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);
        assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    }
    let _ = stop.send(());
    running.await.expect("stopped").expect("server");
    let waiting = storage.job_lines(100_000).await.expect("jobs");
    assert_eq!(waiting.len(), POSTS);
    assert!(waiting.iter().all(|j| j.state == "waiting"));
}

/// Starts `servers` servers with 2 workers each on the database at `url`
/// and times them from then until every job is live. Responses are
/// counted as in production (every 15 minutes), not every second as in
/// the other tests.
async fn send(data: &std::path::Path, url: &str, servers: usize) -> Duration {
    let mut started_servers = Vec::new();
    for n in 0..servers {
        let mut config = test_config(data, None, 2);
        config.database_url = url.to_string();
        config.publish.count_every = ourvoice::publish::PublishConfig::default().count_every;
        config.publish.count_look = ourvoice::publish::PublishConfig::default().count_look;
        started_servers.push(
            ourvoice::Server::build(config, n == 0)
                .await
                .expect("server starts"),
        );
    }
    let storage = started_servers[0].storage();
    let started = Instant::now();
    let running: Vec<_> = started_servers
        .into_iter()
        .map(|server| tokio::spawn(server.run_until(std::future::pending())))
        .collect();
    loop {
        let counts = storage.job_counts().await.expect("jobs");
        if counts.get("live").copied() == Some(POSTS as i64) {
            break;
        }
        assert!(!counts.contains_key("failed"), "a job failed: {counts:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ours = started.elapsed();
    for server in running {
        server.abort();
    }
    ours
}

/// Statuses on the peer, and how many of them repeat another's words.
async fn statuses_and_repeats(peer: &MastodonPeer) -> (usize, usize) {
    let statuses = peer.statuses().await;
    let mut texts: Vec<String> = statuses
        .iter()
        .map(|s| s["content"].as_str().unwrap_or("").to_string())
        .collect();
    texts.sort();
    texts.dedup();
    (statuses.len(), statuses.len() - texts.len())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: bench/publish.sh runs it"]
async fn publishing_a_thousand_posts() {
    let card = Arc::new(card());
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let (mut plain, mut ours) = (Vec::new(), Vec::new());
    // Each round: the plain client and then ours, each on a fresh peer, so
    // both meet the machine in the same state.
    for round in 1..=rounds {
        let plain_peer = MastodonPeer::start().await;
        plain.push(peer_time(&plain_peer, card.clone()).await);
        assert_eq!(statuses_and_repeats(&plain_peer).await, (POSTS, 0));
        drop(plain_peer);

        let peer = MastodonPeer::start().await;
        ours.push(our_time(&peer).await);
        assert_eq!(
            statuses_and_repeats(&peer).await,
            (POSTS, 0),
            "every post once"
        );
        println!(
            "round {round}: plain {:.2} s, ours {:.2} s",
            plain[round - 1].as_secs_f64(),
            ours[round - 1].as_secs_f64()
        );
    }
    let (plain, ours) = (median(plain), median(ours));
    let share = (ours.as_secs_f64() - plain.as_secs_f64()) / plain.as_secs_f64() * 100.0;
    println!("| Run (median of {rounds} rounds) | Posts | Time | Posts per second | Statuses on the peer | Duplicates |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| Plain client (the peer's own time) | {POSTS} | {:.2} s | {:.0} | {POSTS} | 0 |",
        plain.as_secs_f64(),
        POSTS as f64 / plain.as_secs_f64()
    );
    println!(
        "| Our outbox (2 workers, cards drawn at approval) | {POSTS} | {:.2} s | {:.0} | {POSTS} | 0 |",
        ours.as_secs_f64(),
        POSTS as f64 / ours.as_secs_f64(),
    );
    println!("Our share beyond the peer's own time: {share:+.1}%");
}

/// Issue 17's benchmark (run by `bench/publish-postgres.sh`, which starts
/// a throwaway PostgreSQL 15 cluster): the same 1,000 posts through one
/// server on SQLite, then through two servers on one Postgres database,
/// each on a fresh peer; `BENCH_ROUNDS` rounds, medians compared.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a benchmark: bench/publish-postgres.sh runs it"]
async fn publishing_a_thousand_posts_through_two_servers_on_postgres() {
    assert!(
        crate::helpers::test_postgres().is_some(),
        "OURVOICE_TEST_POSTGRES names the throwaway cluster"
    );
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let (mut sqlite, mut postgres) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        let peer = MastodonPeer::start().await;
        sqlite.push(our_time(&peer).await);
        assert_eq!(
            statuses_and_repeats(&peer).await,
            (POSTS, 0),
            "every post once"
        );
        drop(peer);

        let peer = MastodonPeer::start().await;
        postgres.push(our_time_on_postgres(&peer, 2).await);
        assert_eq!(
            statuses_and_repeats(&peer).await,
            (POSTS, 0),
            "every post once"
        );
        println!(
            "round {round}: one server on SQLite {:.2} s, two servers on Postgres {:.2} s",
            sqlite[round - 1].as_secs_f64(),
            postgres[round - 1].as_secs_f64()
        );
    }
    let (sqlite, postgres) = (median(sqlite), median(postgres));
    println!("| Run (median of {rounds} rounds) | Workers | Posts | Time | Posts per second | Statuses on the peer | Duplicates |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, workers, time) in [
        ("One server on SQLite", 2, sqlite),
        ("Two servers on one Postgres 15 database", 4, postgres),
    ] {
        println!(
            "| {name} | {workers} | {POSTS} | {:.2} s | {:.0} | {POSTS} | 0 |",
            time.as_secs_f64(),
            POSTS as f64 / time.as_secs_f64()
        );
    }
}
