//! Publishing to a real Bluesky server (a PDS from `@atproto/dev-env`):
//! connecting with an app password, the card uploaded as a blob with alt
//! text, the record key made from the post (a valid TID), a retried job
//! that finds its record instead of making a second, and text over 300
//! graphemes never sent.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{author_line, entry_for, spawn_app, three_tiles, Person};
use crate::peers::{BlueskyPeer, Fault, FaultProxy};
use crate::publishing::wait_for;

async fn connect(
    jo: &Person,
    account: &str,
    server: &str,
    handle: &str,
    password: &str,
) -> reqwest::Response {
    jo.call_json(
        "connections/bluesky",
        json!({"account_id": account, "handle": handle, "app_password": password, "server_url": server}),
    )
    .await
}

fn is_tid(key: &str) -> bool {
    app::domain::outbox::is_tid(key)
}

#[tokio::test]
async fn a_post_goes_to_bluesky_once_with_its_card_alt_text_and_own_record_key() {
    let peer = BlueskyPeer::start().await;
    let proxy = FaultProxy::start(&peer.url).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;

    let wrong = connect(&jo, &leeds, &peer.url, &peer.handle, "wrong-password").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong
        .text()
        .await
        .expect("text")
        .contains("That server said no."));

    let connected = connect(&jo, &leeds, &proxy.base, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let body = connected.text().await.expect("text");
    assert!(
        !body.contains(&peer.app_password),
        "the password never comes back"
    );
    assert!(body.contains("leeds.test"), "{body}");
    let dump = app.storage.dump().await.expect("dump");
    assert!(dump.iter().all(|l| !l.contains(&peer.app_password)));

    // The record is made but its answer is lost, and the look that follows
    // fails too: the next try finds the record instead of making another.
    proxy.add("/xrpc/com.atproto.repo.createRecord", Fault::LoseAnswer);
    proxy.add_after("/xrpc/com.atproto.repo.getRecord", 1, Fault::Status(503));
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    // With a hashtag from the account's set: Bluesky needs a facet for it.
    let post_id = sam.start_post(&leeds).await;
    let mut tiles = three_tiles();
    tiles.as_array_mut().expect("tiles").push(
        json!({"symbol": {"set": "openmoji", "id": "0023-FE0F-20E3"}, "word": "#Café_Leeds"}),
    );
    assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let live = wait_for(&sam, &post_id, "live").await;
    assert_eq!(live["network"], "bluesky");
    assert!(live["attempts"].as_u64().expect("attempts") >= 2, "{live}");

    let posts = peer.posts().await;
    assert_eq!(posts.len(), 1, "one record, however many tries: {posts:?}");
    let record = &posts[0];
    let uri = record["uri"].as_str().expect("uri");
    let key = uri.rsplit('/').next().expect("record key");
    assert!(is_tid(key), "{key}");
    assert!(live["url"].as_str().expect("url").ends_with(key));
    assert_eq!(record["value"]["text"], "I dog park #Café_Leeds");
    assert_eq!(record["value"]["langs"], json!(["en"]));
    // Byte offsets: "é" is 2 bytes, so the tag ends at byte 23, not 22.
    assert_eq!(
        record["value"]["facets"],
        json!([{
            "index": {"byteStart": 11, "byteEnd": 23},
            "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Café_Leeds"}],
        }])
    );
    let images = record["value"]["embed"]["images"]
        .as_array()
        .expect("images");
    assert_eq!(images.len(), 1);
    let alt = images[0]["alt"].as_str().expect("alt");
    assert!(
        alt.starts_with("Easy read card: I dog park #Café_Leeds"),
        "{alt}"
    );
    assert_eq!(images[0]["image"]["mimeType"], "image/png");
    assert_eq!(
        proxy.count("POST", "/xrpc/com.atproto.repo.createRecord"),
        1
    );
}

#[tokio::test]
async fn words_over_300_graphemes_are_never_sent_to_bluesky() {
    let peer = BlueskyPeer::start().await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = connect(&jo, &leeds, &peer.url, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.start_post(&leeds).await;
    let mut tiles = three_tiles();
    for _ in 0..5 {
        tiles
            .as_array_mut()
            .expect("tiles")
            .push(json!({"symbol": null, "word": "wonderful-".repeat(7)}));
    }
    let sent = sam.send(&post_id, tiles, 1).await;
    assert_eq!(sent.status(), StatusCode::OK);
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let failed = wait_for(&sam, &post_id, "failed").await;
    assert_eq!(failed["network"], "bluesky");
    assert!(peer.posts().await.is_empty(), "nothing cut, nothing sent");
}

/// Urdu words with their vowel marks, two to a tile: `tiles` tiles.
fn urdu_tiles(tiles: usize) -> (Value, String) {
    let words: Vec<String> = (0..tiles).map(|_| "خُوشِی مُبارَک".to_string()).collect();
    let text = words.join(" ");
    let tiles = words
        .iter()
        .map(|w| json!({"symbol": null, "word": w}))
        .collect();
    (Value::Array(tiles), text)
}

#[tokio::test]
async fn an_urdu_post_counts_as_bluesky_counts_it() {
    use unicode_segmentation::UnicodeSegmentation;
    let peer = BlueskyPeer::start().await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = connect(&jo, &leeds, &peer.url, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);

    // Over 300 graphemes: refused before sending.
    let (over, text) = urdu_tiles(28);
    assert!(
        text.graphemes(true).count() > 300,
        "{}",
        text.graphemes(true).count()
    );
    let post_id = sam.start_post(&leeds).await;
    assert_eq!(sam.send(&post_id, over, 1).await.status(), StatusCode::OK);
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let failed = wait_for(&sam, &post_id, "failed").await;
    assert_eq!(failed["network"], "bluesky");
    assert!(peer.posts().await.is_empty(), "nothing cut, nothing sent");

    // Under 300 graphemes but over 300 characters (each mark is one): the
    // real server takes it, by its own count.
    let (under, text) = urdu_tiles(27);
    let graphemes = text.graphemes(true).count();
    assert!(
        graphemes <= 300 && text.chars().count() > 300,
        "{graphemes}"
    );
    let post_id = sam.start_post(&leeds).await;
    assert_eq!(sam.send(&post_id, under, 1).await.status(), StatusCode::OK);
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    wait_for(&sam, &post_id, "live").await;
    let posts = peer.posts().await;
    assert_eq!(posts.len(), 1);
    assert!(
        posts[0]["value"]["text"]
            .as_str()
            .expect("text")
            .contains("خُوشِی مُبارَک"),
        "{posts:?}"
    );
}

/// Makes a record as `handle` (a like, a repost or a reply).
async fn create_as(
    peer: &BlueskyPeer,
    handle: &str,
    password: &str,
    collection: &str,
    record: Value,
) {
    let http = reqwest::Client::new();
    let session: Value = http
        .post(format!(
            "{}/xrpc/com.atproto.server.createSession",
            peer.url
        ))
        .json(&json!({"identifier": handle, "password": password}))
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    let made = http
        .post(format!("{}/xrpc/com.atproto.repo.createRecord", peer.url))
        .bearer_auth(session["accessJwt"].as_str().expect("token"))
        .json(&json!({"repo": handle, "collection": collection, "record": record}))
        .send()
        .await
        .expect("createRecord");
    assert_eq!(made.status(), StatusCode::OK, "{collection}");
}

#[tokio::test]
async fn counts_come_back_from_bluesky_through_its_appview() {
    let peer = BlueskyPeer::with_appview().await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let (jo, sam, alex) = (
        app.signed_in("jo").await,
        app.signed_in("sam").await,
        app.signed_in("alex").await,
    );
    let connected = connect(&jo, &leeds, &peer.url, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    wait_for(&sam, &post_id, "live").await;
    let posts = peer.posts().await;
    assert_eq!(posts.len(), 1);
    let subject = json!({"uri": posts[0]["uri"], "cid": posts[0]["cid"]});

    // Someone else on the network likes, reposts and answers it.
    let (fan, password) = peer.fan.clone().expect("a second account");
    let now = "2026-11-29T12:00:00.000Z";
    let like = json!({"$type": "app.bsky.feed.like", "subject": subject, "createdAt": now});
    create_as(&peer, &fan, &password, "app.bsky.feed.like", like).await;
    let repost = json!({"$type": "app.bsky.feed.repost", "subject": subject, "createdAt": now});
    create_as(&peer, &fan, &password, "app.bsky.feed.repost", repost).await;
    let reply = json!({
        "$type": "app.bsky.feed.post", "text": "Well done!", "createdAt": now,
        "reply": {"root": subject, "parent": subject},
    });
    create_as(&peer, &fan, &password, "app.bsky.feed.post", reply).await;

    // The AppView counts them; our server fetches the counts back.
    let counted = crate::publishing::wait_until(&sam, &post_id, "live", |t| {
        t["responses"] == json!({"replies": 1, "reposts": 1, "likes": 1})
    })
    .await;
    assert_eq!(counted["network"], "bluesky");
    let report: Value = jo
        .call_json("admin/report", json!({}))
        .await
        .json()
        .await
        .expect("report");
    let sam_line = author_line(&entry_for(&report, &leeds), "Sam");
    assert_eq!(
        sam_line["responses"],
        json!({"replies": 1, "reposts": 1, "likes": 1})
    );
}
