//! Each account's time zone (Europe/London by default), across summer time:
//! a post scheduled for 17:00 London goes out at 16:00 UTC in July and at
//! 17:00 UTC in January, is shown at 17:00 in the week view, and a time in
//! the hour the clocks go forward is refused in easy read.

use app::ports::PostStore;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

fn utc(text: &str) -> i64 {
    text.parse::<jiff::Timestamp>()
        .expect("a time")
        .as_millisecond()
}

/// Moves the server's clock so that it reads `to`.
fn set_clock(app: &TestApp, to: i64) {
    let offset = to - ourvoice::clock::wall_ms();
    std::fs::write(app.data.path().join("clock"), offset.to_string()).expect("clock");
}

#[tokio::test]
async fn seventeen_hundred_in_london_is_sixteen_utc_in_july_and_seventeen_in_january() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;

    for (now, local, expected) in [
        (
            "2027-07-01T12:00:00Z",
            "2027-07-05T17:00",
            "2027-07-05T16:00:00Z",
        ),
        (
            "2027-01-10T12:00:00Z",
            "2027-01-12T17:00",
            "2027-01-12T17:00:00Z",
        ),
    ] {
        set_clock(&app, utc(now));
        // A session lasts 12 hours by the server's clock: sign in on the day.
        let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
        let post_id = sam.write_and_send(&leeds).await;
        let approved = alex
            .call_json(
                "check/approve",
                json!({"post_id": post_id, "at_local": local}),
            )
            .await;
        assert_eq!(approved.status(), StatusCode::OK, "{local}");
        let stored = app.storage.post(&post_id).await.expect("post");
        assert_eq!(stored.scheduled_for, Some(utc(expected)), "{local}");
        // Shown on the account's clock: 17:00.
        let shown = alex.post(&post_id).await;
        let wall = shown["scheduled_for"].as_i64().expect("time");
        assert_eq!(app::posts::time_words(wall), "17:00");
        // The week view: Monday or Tuesday of next week, at 17:00.
        let weeks: Value = alex
            .call_json("schedule/week", json!({"week": 1}))
            .await
            .json()
            .await
            .expect("week");
        let days = weeks[0]["days"].as_array().expect("days");
        let day = days
            .iter()
            .position(|d| {
                d.as_array()
                    .is_some_and(|a| a.iter().any(|p| p["post_id"] == post_id.as_str()))
            })
            .expect("a day");
        let post = days[day]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["post_id"] == post_id.as_str()))
            .expect("post");
        assert_eq!(
            app::posts::time_words(post["at"].as_i64().expect("at")),
            "17:00"
        );
        let expected_day = if local.starts_with("2027-07-05") {
            0
        } else {
            1
        };
        assert_eq!(day, expected_day, "Monday 5 July, or Tuesday 12 January");
    }
}

#[tokio::test]
async fn a_time_in_the_hour_the_clocks_go_forward_is_refused_in_easy_read() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    set_clock(&app, utc("2027-03-20T12:00:00Z"));
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;
    let before = app.storage.dump().await.expect("dump");
    let refused = alex
        .call_json(
            "check/approve",
            json!({"post_id": post_id, "at_local": "2027-03-28T01:30"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = refused.text().await.expect("text");
    assert!(
        said.contains("The clocks go forward at that time."),
        "{said}"
    );
    assert_eq!(app.storage.dump().await.expect("dump"), before);
    // The hour after is fine.
    let approved = alex
        .call_json(
            "check/approve",
            json!({"post_id": post_id, "at_local": "2027-03-28T02:30"}),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    let stored = app.storage.post(&post_id).await.expect("post");
    assert_eq!(stored.scheduled_for, Some(utc("2027-03-28T01:30:00Z")));
}
