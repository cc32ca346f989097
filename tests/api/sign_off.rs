//! The end-of-day sign-off: an admin writes it once, a supporter approves
//! it like any post, and its words go out (to the feed and Mastodon) at the
//! account's time on each day the account posted, once that day.

use std::time::{Duration, Instant};

use app::strings;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{entry_for, spawn_app_with_mastodon, visible_text, Person, WithMastodon};
use crate::peers::MastodonPeer;

const WORDS: &str = "If you need advice or support, see our website. We will be back tomorrow.";

async fn set_time(jo: &Person, account: &str, time: &str) -> reqwest::Response {
    jo.call_json(
        "sign-off/time",
        json!({"account_id": account, "time": time}),
    )
    .await
}

/// The sign-off list as the account's admin sees it.
async fn sign_offs(jo: &Person) -> Value {
    jo.call_json("sign-off/list", json!({}))
        .await
        .json()
        .await
        .expect("list")
}

/// Waits for the workers to look a few times, then counts the statuses.
async fn statuses_after_a_while(peer: &MastodonPeer) -> usize {
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    peer.statuses().await.len()
}

#[tokio::test]
async fn the_sign_off_is_approved_once_and_goes_out_on_days_the_account_posted() {
    let WithMastodon {
        peer,
        app,
        leeds,
        jo,
    } = spawn_app_with_mastodon().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);

    // Midnight: due as soon as the account has posted today.
    let bad = set_time(&jo, &leeds, "25:00").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad
        .text()
        .await
        .expect("text")
        .contains(strings::SIGN_OFF_BAD_TIME));
    assert_eq!(
        set_time(&jo, &leeds, "00:00").await.status(),
        StatusCode::OK
    );

    // Jo writes it like any post and sends it to a supporter.
    let started = jo
        .call_json("sign-off/start", json!({"account_id": leeds}))
        .await;
    assert_eq!(started.status(), StatusCode::OK);
    let sign_off: String = started.json().await.expect("id");
    assert_eq!(jo.post(&sign_off).await["is_sign_off"], true);
    let tiles = json!([{"symbol": null, "word": WORDS}]);
    assert_eq!(jo.send(&sign_off, tiles, 1).await.status(), StatusCode::OK);
    // While it waits, the sign-off page leads to it: sent, so its own page.
    let list = sign_offs(&jo).await;
    assert_eq!(
        entry_for(&list, &leeds)["waiting_page"],
        format!("/posts/{sign_off}/sent")
    );
    // Its author cannot approve it; a supporter can, and it stays approved.
    assert_eq!(jo.approve(&sign_off).await.status(), StatusCode::FORBIDDEN);
    let approved: Value = alex.approve(&sign_off).await.json().await.expect("json");
    assert_eq!(
        approved,
        json!({"published": false, "approvals_missing": 0, "scheduled_for": null})
    );
    assert_eq!(jo.post(&sign_off).await["status"], "approved");
    let list = sign_offs(&jo).await;
    let mine = entry_for(&list, &leeds);
    assert_eq!(mine["words"], WORDS);
    assert_eq!(mine["time"], "00:00");
    assert_eq!(mine["waiting_page"], Value::Null);

    // No post today yet: nothing goes out.
    assert_eq!(statuses_after_a_while(&peer).await, 0);

    // Sam's post goes out, and the sign-off follows it once.
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let waited = Instant::now();
    while peer.statuses().await.len() < 2 {
        assert!(waited.elapsed() < Duration::from_secs(60), "no sign-off");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(statuses_after_a_while(&peer).await, 2, "one sign-off a day");
    let statuses = peer.statuses().await;
    let signed: Vec<&Value> = statuses
        .iter()
        .filter(|s| {
            s["content"]
                .as_str()
                .unwrap_or("")
                .contains("back tomorrow")
        })
        .collect();
    assert_eq!(signed.len(), 1);
    let feed = visible_text(
        &app.visitor()
            .get("/feed/our-voice-leeds")
            .await
            .text()
            .await
            .expect("feed"),
    );
    // The words once on the page (the page's data follows it).
    let page = feed.split("__RESOLVED_RESOURCES").next().expect("page");
    assert_eq!(
        page.matches("We will be back tomorrow.").count(),
        1,
        "{page}"
    );

    // The next day nobody posts: no sign-off.
    std::fs::write(app.data.path().join("clock"), "86400000").expect("clock");
    assert_eq!(statuses_after_a_while(&peer).await, 2);
}
