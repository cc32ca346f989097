//! Approving for a chosen time: the post waits (scheduled), shows on the
//! week view, and goes out to the feed and Mastodon when the server's clock
//! reaches its time (the test moves the clock instead of waiting).

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with_mastodon, Person, TestApp, WithMastodon};

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .expect("clock")
}

/// Moves the server's clock `ms` ahead of the system's.
fn move_clock(app: &TestApp, ms: i64) {
    std::fs::write(app.data.path().join("clock"), ms.to_string()).expect("clock file");
}

async fn approve_at(alex: &Person, post_id: &str, at: i64) -> reqwest::Response {
    alex.call_json("check/approve", json!({"post_id": post_id, "at": at}))
        .await
}

async fn status_of(person: &Person, post_id: &str) -> String {
    let post: Value = person
        .call_json("posts/get", json!({"post_id": post_id}))
        .await
        .json()
        .await
        .expect("post");
    post["status"].as_str().expect("status").to_string()
}

#[tokio::test]
async fn a_post_approved_for_later_waits_then_goes_out_when_its_time_comes() {
    let WithMastodon {
        peer, app, leeds, ..
    } = spawn_app_with_mastodon().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;

    let at = now_ms() + 2 * 60_000;
    let approved = approve_at(&alex, &post_id, at).await;
    assert_eq!(approved.status(), StatusCode::OK);
    let approved: Value = approved.json().await.expect("json");
    assert_eq!(approved["published"], false);
    assert_eq!(approved["scheduled_for"], at);
    assert_eq!(status_of(&sam, &post_id).await, "scheduled");

    // It shows on the week view as going out, and nowhere else yet.
    let weeks: Value = alex
        .call_json("schedule/week", json!({"week": 0}))
        .await
        .json()
        .await
        .expect("week");
    let days = weeks[0]["days"].as_array().expect("days");
    let found: Vec<&Value> = days
        .iter()
        .flat_map(|d| d.as_array().expect("day").iter())
        .collect();
    // At the very end of a Sunday the time may fall in next week.
    if found.is_empty() {
        let next: Value = alex
            .call_json("schedule/week", json!({"week": 1}))
            .await
            .json()
            .await
            .expect("week");
        assert!(next.to_string().contains(&post_id), "{next}");
    } else {
        assert_eq!(found[0]["post_id"], post_id.as_str());
        assert_eq!(found[0]["published"], false);
        assert_eq!(found[0]["at"], at);
    }
    let feed = app.visitor().get("/feed/our-voice-leeds").await;
    assert!(!feed.text().await.expect("feed").contains("I dog park"));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(peer.statuses().await.is_empty(), "not before its time");

    // Its time comes.
    move_clock(&app, 3 * 60_000);
    let started = Instant::now();
    while status_of(&sam, &post_id).await != "published" {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the post was not released"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let started = Instant::now();
    while peer.statuses().await.len() != 1 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not on Mastodon"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let feed = app.visitor().get("/feed/our-voice-leeds").await;
    assert!(feed.text().await.expect("feed").contains("I dog park"));
    let notes = app.storage.audit_notes(&post_id).await.expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("to go out at {at}"))),
        "{notes:?}"
    );
}

#[tokio::test]
async fn times_in_the_past_or_too_far_ahead_are_refused_and_soon_means_now() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;

    let past = approve_at(&alex, &post_id, now_ms() - 10 * 60_000).await;
    assert_eq!(past.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past
        .text()
        .await
        .expect("text")
        .contains("That time has passed."));
    let far = approve_at(&alex, &post_id, now_ms() + 9 * 7 * 24 * 3_600_000).await;
    assert_eq!(far.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        status_of(&sam, &post_id).await,
        "submitted",
        "nothing changed"
    );

    let soon = approve_at(&alex, &post_id, now_ms() + 10_000).await;
    assert_eq!(soon.status(), StatusCode::OK);
    let soon: Value = soon.json().await.expect("json");
    assert_eq!(soon["published"], true);
    assert_eq!(status_of(&sam, &post_id).await, "published");
}
