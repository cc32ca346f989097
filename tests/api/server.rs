//! The server's own behaviour: health, static files, compression.

use reqwest::StatusCode;

use std::time::Duration;

use crate::helpers::{build_server, spawn_app};

#[tokio::test]
async fn health_check_answers_ok() {
    let app = spawn_app().await;

    let response = app.visitor().get("/healthz").await;

    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn ready_only_with_every_migration_and_the_media_folders() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let ready = visitor.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.expect("text"), "ready");

    // The database loses its newest migration (as if an older server had
    // made it): not ready, and says why; still alive.
    sqlx::any::install_default_drivers();
    let mut db = <sqlx::AnyConnection as sqlx::Connection>::connect(&crate::helpers::database_url(
        app.data.path(),
    ))
    .await
    .expect("database");
    let newest: i64 = sqlx::Row::get(
        &sqlx::query("select max(version) as v from _sqlx_migrations")
            .fetch_one(&mut db)
            .await
            .expect("newest migration"),
        "v",
    );
    sqlx::query("delete from _sqlx_migrations where version = $1")
        .bind(newest)
        .execute(&mut db)
        .await
        .expect("forget a migration");
    let not_ready = visitor.get("/readyz").await;
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let said = not_ready.text().await.expect("text");
    assert!(
        said.contains(&format!("lacks migrations {newest}")),
        "{said}"
    );
    assert_eq!(visitor.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn not_ready_when_the_photo_folder_is_gone() {
    let app = spawn_app().await;
    std::fs::remove_dir_all(app.data.path().join("photos")).expect("remove photos");
    let not_ready = app.visitor().get("/readyz").await;
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let said = not_ready.text().await.expect("text");
    assert!(said.contains("photos is missing"), "{said}");
}

#[tokio::test]
async fn symbol_files_are_served_with_a_long_cache_lifetime() {
    let app = spawn_app().await;

    let response = app.visitor().get("/symbols/mulberry/dog.svg").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let cache = response.headers()["cache-control"]
        .to_str()
        .expect("header");
    assert!(cache.contains("max-age=31536000"), "{cache}");
    assert!(response.text().await.expect("svg").starts_with("<svg"));
}

#[tokio::test]
async fn a_path_outside_the_symbol_folder_is_not_served() {
    let app = spawn_app().await;

    let response = app
        .visitor()
        .get("/symbols/mulberry/..%2F..%2FLICENSE.txt")
        .await;

    assert_ne!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn pages_are_compressed_when_the_browser_asks() {
    let app = spawn_app().await;

    let response = app
        .visitor()
        .http
        .get(format!("{}/feed/our-voice-leeds", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");

    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn an_unknown_page_says_so_with_404() {
    let app = spawn_app().await;

    let response = app.visitor().get("/no-such-page").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response
        .text()
        .await
        .expect("html")
        .contains("We cannot find this page."));
}

#[tokio::test]
async fn starting_again_with_demo_data_adds_nothing_twice() {
    let data = tempfile::tempdir().expect("data folder");
    let first = crate::helpers::build_server(data.path()).await;
    drop(first);

    let second = crate::helpers::build_server(data.path()).await;

    let counts = second.storage().table_counts().await.expect("counts");
    assert_eq!(
        counts,
        vec![
            ("organisation", 1),
            ("service_account", 1),
            ("person", 3),
            ("membership", 3)
        ]
    );
}

/// Starting a server works out the app's routes by running the app once with
/// data loading switched off for the whole process. Pages being drawn by
/// another server at that moment must still answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_while_other_servers_start() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let starting = tokio::spawn(async {
        for _ in 0..15 {
            let data = tempfile::tempdir().expect("temporary data folder");
            build_server(data.path()).await;
        }
    });
    let mut answered = 0;
    while !starting.is_finished() {
        let page = tokio::time::timeout(Duration::from_secs(20), sam.get("/"))
            .await
            .expect("the home page answers within 20 seconds");
        assert_eq!(page.status(), StatusCode::OK);
        answered += 1;
    }
    starting.await.expect("servers start");
    assert!(answered > 0, "pages were asked for while servers started");
}

/// Prometheus metrics come on their own address only: requests by route
/// and status, the outbox by network and state, each try's time, the
/// speech queue, the media store.
#[tokio::test]
async fn metrics_show_requests_the_outbox_and_publish_times_on_their_own_address() {
    let peer = crate::peers::MastodonPeer::start().await;
    let data = tempfile::tempdir().expect("data folder");
    let mut config = crate::helpers::test_config(data.path(), None, 2);
    config.metrics_addr = Some("127.0.0.1:0".parse().expect("address"));
    let server = ourvoice::Server::build(config, true)
        .await
        .expect("server starts");
    let metrics_at = server.metrics_addr().expect("metrics address");
    let storage = server.storage();
    crate::helpers::add_people(&storage).await;
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));

    let leeds = crate::helpers::account_id(&storage, "our-voice-leeds").await;
    let jo = crate::helpers::Person::signed_in_at(&base, "jo").await;
    let connected = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let sam = crate::helpers::Person::signed_in_at(&base, "sam").await;
    let alex = crate::helpers::Person::signed_in_at(&base, "alex").await;
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    crate::publishing::wait_for(&sam, &post_id, "live").await;
    for _ in 0..3 {
        assert_eq!(sam.get("/healthz").await.status(), StatusCode::OK);
    }
    // Not on the public address.
    assert_eq!(sam.get("/metrics").await.status(), StatusCode::NOT_FOUND);

    let answer = reqwest::get(format!("http://{metrics_at}/metrics"))
        .await
        .expect("metrics");
    assert_eq!(answer.status(), StatusCode::OK);
    let text = answer.text().await.expect("text");
    for line in [
        "ourvoice_http_requests_total{route=\"/healthz\",status=\"200\"} 3",
        "ourvoice_outbox_jobs{network=\"mastodon\",state=\"live\"} 1",
        "ourvoice_publish_seconds_count{network=\"mastodon\"} 1",
        "ourvoice_publish_seconds_bucket{network=\"mastodon\",le=\"+Inf\"} 1",
        "ourvoice_speech_queue 0",
        "ourvoice_media_up 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
    // Server functions count under their pattern, never a person's path.
    assert!(
        text.lines()
            .any(|l| l.starts_with("ourvoice_http_requests_total{route=\"/api/")),
        "{text}"
    );
    assert!(!text.contains(&post_id), "no post ids in metrics");
    // The card drawn for the post was kept in the media store.
    let kept_cards = text
        .lines()
        .find_map(|l| {
            l.strip_prefix(
                "ourvoice_media_operations_total{operation=\"put\",folder=\"cards\",result=\"ok\"} ",
            )
        })
        .and_then(|n| n.parse::<u64>().ok());
    assert!(kept_cards >= Some(1), "{text}");

    // A media folder gone: the store is down, and /metrics says so.
    std::fs::remove_dir_all(data.path().join("speech")).expect("remove");
    let text = reqwest::get(format!("http://{metrics_at}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(text.lines().any(|l| l == "ourvoice_media_up 0"), "{text}");
}
