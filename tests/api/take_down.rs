//! Taking a post down: it leaves the feed and the Atom feed at once, and the
//! outbox deletes it on Mastodon (mastodon-mock) and on a real Bluesky PDS,
//! with the same retries and no-duplicate rules as publishing: a delete
//! whose answer is lost is tried again and deletes nothing twice. The
//! author is told who took it down; a scheduled post is taken back before
//! it goes.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, visible_text, Person};
use crate::peers::{BlueskyPeer, Fault, FaultProxy, MastodonPeer};

async fn targets(person: &Person, post_id: &str) -> Vec<Value> {
    person
        .call("posts/targets", &[("post_id", post_id)])
        .await
        .json::<Value>()
        .await
        .expect("targets")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits until every target of the post is in `state`.
async fn all_become(person: &Person, post_id: &str, state: &str, count: usize) -> Vec<Value> {
    let started = std::time::Instant::now();
    loop {
        let list = targets(person, post_id).await;
        if list.len() == count && list.iter().all(|t| t["state"] == state) {
            return list;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "never all {state}: {list:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_taken_down_post_leaves_the_feed_at_once_and_every_network_once() {
    let mastodon = MastodonPeer::start().await;
    let mastodon_proxy = FaultProxy::start(&mastodon.base).await;
    let bluesky = BlueskyPeer::start().await;
    let bluesky_proxy = FaultProxy::start(&bluesky.url).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = jo
        .connect_mastodon(&leeds, &mastodon_proxy.base, &mastodon.token)
        .await;
    assert_eq!(connected.status(), StatusCode::OK);
    let connected = jo
        .call_json(
            "connections/bluesky",
            json!({"account_id": leeds, "handle": bluesky.handle, "app_password": bluesky.app_password, "server_url": bluesky_proxy.base}),
        )
        .await;
    assert_eq!(connected.status(), StatusCode::OK);

    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    all_become(&sam, &post_id, "live", 2).await;
    assert_eq!(mastodon.statuses().await.len(), 1);
    assert_eq!(bluesky.posts().await.len(), 1);
    let feed = || async {
        visible_text(
            &Person::visitor_at(&app.base)
                .get("/feed/our-voice-leeds")
                .await
                .text()
                .await
                .expect("feed"),
        )
    };
    let atom = || async {
        Person::visitor_at(&app.base)
            .get("/feed/our-voice-leeds.atom")
            .await
            .text()
            .await
            .expect("atom")
    };
    assert!(feed().await.contains("I dog park"));
    assert!(atom().await.contains(&post_id));

    // A co-producer cannot take it down, and a reason is needed.
    let before = without_counts(app.storage.dump().await.expect("dump"));
    let refused = sam
        .call_json(
            "posts/take-down",
            json!({"post_id": post_id, "why": "mine"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = alex
        .call_json("posts/take-down", json!({"post_id": post_id, "why": "  "}))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.expect("text").contains("Write why"));
    assert_eq!(
        without_counts(app.storage.dump().await.expect("dump")),
        before
    );

    // Each network's delete does its work, then its answer is lost: the
    // retry finds nothing left to delete.
    let status_id = mastodon.statuses().await[0]["id"]
        .as_str()
        .expect("status id")
        .to_string();
    let status_path = format!("/api/v1/statuses/{status_id}");
    // The delete only: counting responses reads the same address.
    mastodon_proxy.add(&format!("DELETE {status_path}"), Fault::LoseAnswer);
    bluesky_proxy.add("/xrpc/com.atproto.repo.deleteRecord", Fault::LoseAnswer);
    let shown = alex.post(&post_id).await;
    assert_eq!(shown["can_take_down"], true);
    let done = alex
        .call_json(
            "posts/take-down",
            json!({"post_id": post_id, "why": "It names a person by mistake."}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);

    // At once: off the feed, the Atom feed and the public card.
    assert!(!feed().await.contains("I dog park"));
    assert!(!atom().await.contains(&post_id));
    let card = Person::visitor_at(&app.base)
        .get(&format!("/cards/{post_id}.png"))
        .await;
    assert_ne!(card.status(), StatusCode::OK);
    assert_eq!(alex.post(&post_id).await["status"], "taken_down");

    all_become(&sam, &post_id, "deleted", 2).await;
    assert!(mastodon.statuses().await.is_empty(), "gone from Mastodon");
    assert!(bluesky.posts().await.is_empty(), "gone from Bluesky");
    assert_eq!(mastodon_proxy.count("DELETE", &status_path), 2, "one retry");
    assert_eq!(
        mastodon_proxy.count("POST", "/api/v1/statuses"),
        1,
        "posted once"
    );
    assert_eq!(
        bluesky_proxy.count("POST", "/xrpc/com.atproto.repo.deleteRecord"),
        2
    );
    assert_eq!(
        bluesky_proxy.count("POST", "/xrpc/com.atproto.repo.createRecord"),
        1
    );

    // Who and why are in the log; the author is told who will talk to them.
    let notes = app.storage.audit_notes(&post_id).await.expect("notes");
    assert!(
        notes.iter().any(|n| n == "It names a person by mistake."),
        "{notes:?}"
    );
    let story: Value = jo
        .call_json("admin/story", json!({"post_id": post_id}))
        .await
        .json()
        .await
        .expect("story");
    let last = story["steps"]
        .as_array()
        .and_then(|s| s.last())
        .cloned()
        .expect("a step");
    assert_eq!(last["to"], "taken_down");
    assert_eq!(last["by"], "Alex");
    let told: Value = sam
        .call("notes/list", &[])
        .await
        .json()
        .await
        .expect("notes");
    let note = told
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["kind"] == "taken_down")
        .cloned()
        .expect("the author is told");
    assert_eq!(note["by_name"], "Alex");
    let page = visible_text(&sam.get("/notes").await.text().await.expect("page"));
    assert!(
        page.contains("Your post was taken down. Alex will talk to you about it."),
        "{page}"
    );
}

#[tokio::test]
async fn a_scheduled_post_is_taken_back_before_it_goes() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;
    let at = ourvoice::clock::wall_ms() + 10 * 60_000;
    let approved = alex
        .call_json("check/approve", json!({"post_id": post_id, "at": at}))
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(alex.post(&post_id).await["status"], "scheduled");
    let done = alex
        .call_json(
            "posts/take-down",
            json!({"post_id": post_id, "why": "The event moved."}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    // Its time comes and goes: it stays down.
    std::fs::write(app.data.path().join("clock"), (20 * 60_000).to_string()).expect("clock");
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(alex.post(&post_id).await["status"], "taken_down");
    let feed = Person::visitor_at(&app.base)
        .get("/feed/our-voice-leeds")
        .await
        .text()
        .await
        .expect("feed");
    assert!(!visible_text(&feed).contains("I dog park"));
}

/// The database's rows without what the response counter, which runs
/// every second here, writes on its own: each job's last six columns
/// (replies, reposts, likes, when counted, and the counter's lease).
fn without_counts(dump: Vec<String>) -> Vec<String> {
    dump.into_iter()
        .map(|line| {
            if !line.starts_with("publish_job:") {
                return line;
            }
            let columns: Vec<&str> = line.split(" | ").collect();
            columns[..columns.len().saturating_sub(6)].join(" | ")
        })
        .collect()
}
