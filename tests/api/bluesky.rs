//! Publishing to a real Bluesky server (a PDS from `@atproto/dev-env`):
//! connecting with an app password, the card uploaded as a blob with alt
//! text, the record key made from the post (a valid TID), a retried job
//! that finds its record instead of making a second, and text over 300
//! graphemes never sent.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{author_line, entry_for, spawn_app, three_tiles, Person};
use crate::peers::{BlueskyPeer, Fault, FaultProxy};
use crate::publishing::wait_for;

pub(crate) async fn connect(
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

const CREATE_SESSION: &str = "/xrpc/com.atproto.server.createSession";
const REFRESH_SESSION: &str = "/xrpc/com.atproto.server.refreshSession";
const GET_POSTS: &str = "/xrpc/app.bsky.feed.getPosts";

/// Waits (at most `within`) until `holds`.
async fn wait_till(within: Duration, what: &str, holds: impl Fn() -> bool) {
    let started = Instant::now();
    while !holds() {
        assert!(started.elapsed() < within, "never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn twenty_publishes_and_twenty_counting_rounds_sign_in_once_and_refresh_as_tokens_run_out() {
    // Access tokens that last 8 seconds (Bluesky's last 2 hours), so they
    // run out several times on the way.
    let peer = BlueskyPeer::start_with_access_seconds(Some(8)).await;
    let proxy = FaultProxy::start(&peer.url).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let (jo, sam, alex) = (
        app.signed_in("jo").await,
        app.signed_in("sam").await,
        app.signed_in("alex").await,
    );
    let started = Instant::now();
    let connected = connect(&jo, &leeds, &proxy.base, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    assert_eq!(
        proxy.count("POST", CREATE_SESSION),
        1,
        "connecting signs in"
    );

    let mut posts = Vec::new();
    for _ in 0..20 {
        let post_id = sam.write_and_send(&leeds).await;
        assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
        posts.push(post_id);
    }
    for post_id in &posts {
        wait_for(&sam, post_id, "live").await;
    }
    assert_eq!(peer.posts().await.len(), 20, "each post once");

    // Responses are counted once a second here: twenty more rounds.
    let before = proxy.count("GET", GET_POSTS);
    wait_till(Duration::from_secs(90), "twenty counting rounds", || {
        proxy.count("GET", GET_POSTS) >= before + 20
    })
    .await;
    let seconds = started.elapsed().as_secs() as usize;

    assert_eq!(
        proxy.count("POST", CREATE_SESSION),
        1,
        "20 publishes and 20 rounds sign in no more"
    );
    let refreshes = proxy.count("POST", REFRESH_SESSION);
    assert!(refreshes >= 1, "the access token ran out {seconds} s in");
    // A token is used for 6 of its 8 seconds, then refreshed once, not
    // once per request or per worker.
    assert!(
        refreshes <= seconds / 5 + 2,
        "{refreshes} refreshes in {seconds} s"
    );
    assert!(proxy.count("POST", "/xrpc/com.atproto.repo.createRecord") >= 20);
}

#[tokio::test]
async fn a_token_bluesky_says_has_expired_is_refreshed_and_the_post_goes_once() {
    let peer = BlueskyPeer::start_with_access_seconds(Some(4)).await;
    let proxy = FaultProxy::start(&peer.url).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = connect(&jo, &leeds, &proxy.base, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);
    // This server's clock is an hour behind, so it sends the token as if
    // it were good; Bluesky, after 5 seconds, says it has expired.
    std::fs::write(app.data.path().join("clock"), "-3600000").expect("clock");
    tokio::time::sleep(Duration::from_secs(5)).await;

    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let live = wait_for(&sam, &post_id, "live").await;
    assert_eq!(live["attempts"], 1, "renewed within the one try: {live}");
    assert_eq!(peer.posts().await.len(), 1);
    assert_eq!(proxy.count("POST", REFRESH_SESSION), 1);
    assert_eq!(proxy.count("POST", CREATE_SESSION), 1, "only to connect");
    // The card went up twice: refused with the old token, then taken.
    assert_eq!(proxy.count("POST", "/xrpc/com.atproto.repo.uploadBlob"), 2);
}

#[tokio::test]
async fn a_429_from_bluesky_holds_every_request_of_the_account_until_its_reset() {
    let peer = BlueskyPeer::start().await;
    let proxy = FaultProxy::start(&peer.url).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = connect(&jo, &leeds, &proxy.base, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);

    // Bluesky's own headers: the limit resets in an hour.
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_secs()
        + 3600;
    proxy.add(
        "/xrpc/com.atproto.repo.uploadBlob",
        Fault::Answer(
            429,
            vec![
                ("ratelimit-limit", "5000".into()),
                ("ratelimit-remaining", "0".into()),
                ("ratelimit-reset", reset.to_string()),
            ],
            r#"{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}"#.into(),
        ),
    );
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let first = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&first).await.status(), StatusCode::OK);
    wait_till(Duration::from_secs(30), "the first try", || {
        proxy.count("POST", "/xrpc/com.atproto.repo.uploadBlob") == 1
    })
    .await;
    let second = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&second).await.status(), StatusCode::OK);

    // Tries here are 100 ms apart after a failure; the account waits
    // instead, for both posts and for counting.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(proxy.count("POST", "/xrpc/com.atproto.repo.uploadBlob"), 1);
    assert_eq!(
        proxy.count("POST", "/xrpc/com.atproto.repo.createRecord"),
        0
    );
    for post_id in [&first, &second] {
        let target = wait_for(&sam, post_id, "waiting").await;
        assert_eq!(target["attempts"], 0, "a wait uses up no try: {target}");
    }
    assert!(peer.posts().await.is_empty());
    assert_eq!(proxy.count("POST", CREATE_SESSION), 1);
}
