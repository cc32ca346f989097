//! How people responded: the server fetches counts back from the Mastodon
//! peer (replies, boosts, favourites made there by other accounts), shows
//! them to the author with the post, and adds them up in the admin report
//! with posts per author and the wait for a supporter's yes.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{author_line, entry_for, spawn_app_with_mastodon, visible_text, WithMastodon};
use crate::peers::MastodonPeer;
use crate::publishing::{wait_for, wait_until};

/// Makes an account on the peer; answers its token.
pub(crate) async fn peer_user(peer: &MastodonPeer, name: &str) -> String {
    let user: Value = peer
        .http
        .post(format!("{}/api/v1/_mock/dev_user", peer.base))
        .json(&json!({"username": name}))
        .send()
        .await
        .expect("dev user")
        .json()
        .await
        .expect("json");
    user["access_token"].as_str().expect("token").to_string()
}

pub(crate) async fn act(peer: &MastodonPeer, token: &str, path: &str, body: Value) {
    let done = peer
        .http
        .post(format!("{}{path}", peer.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(done.status(), StatusCode::OK, "{path}");
}

#[tokio::test]
async fn counts_come_back_from_mastodon_to_the_author_and_the_report() {
    let WithMastodon {
        peer,
        app,
        leeds,
        jo,
    } = spawn_app_with_mastodon().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    wait_for(&sam, &post_id, "live").await;
    let statuses = peer.statuses().await;
    assert_eq!(statuses.len(), 1);
    let status_id = statuses[0]["id"].as_str().expect("id").to_string();

    // Counted while nobody has answered: the author is told so.
    let quiet = wait_until(&sam, &post_id, "live", |t| !t["responses"].is_null()).await;
    assert_eq!(
        quiet["responses"],
        json!({"replies": 0, "reposts": 0, "likes": 0})
    );

    // Two people on the network answer.
    let (ash, kim) = (peer_user(&peer, "ash").await, peer_user(&peer, "kim").await);
    let base = format!("/api/v1/statuses/{status_id}");
    act(&peer, &ash, &format!("{base}/favourite"), json!({})).await;
    act(&peer, &kim, &format!("{base}/favourite"), json!({})).await;
    act(&peer, &ash, &format!("{base}/reblog"), json!({})).await;
    act(
        &peer,
        &kim,
        "/api/v1/statuses",
        json!({"status": "Well done!", "in_reply_to_id": status_id}),
    )
    .await;
    let counted = wait_until(&sam, &post_id, "live", |t| t["responses"]["likes"] == 2).await;
    assert_eq!(
        counted["responses"],
        json!({"replies": 1, "reposts": 1, "likes": 2})
    );

    // The author's page says it in words with pictures.
    let page = visible_text(
        &sam.get(&format!("/posts/{post_id}/sent"))
            .await
            .text()
            .await
            .expect("page"),
    );
    for words in [
        "1 person replied.",
        "1 person boosted it.",
        "2 people made it a favourite.",
    ] {
        assert!(page.contains(words), "{words}");
    }

    // The report: sam's posts and their answers, and the wait for a yes.
    let report = jo.call_json("admin/report", json!({})).await;
    assert_eq!(report.status(), StatusCode::OK);
    let report: Value = report.json().await.expect("json");
    let account = entry_for(&report, &leeds);
    assert_eq!(account["account_name"], "Our Voice Leeds");
    let sam_line = author_line(&account, "Sam");
    assert!(sam_line["posts"].as_u64().expect("posts") >= 1);
    assert_eq!(
        sam_line["responses"],
        json!({"replies": 1, "reposts": 1, "likes": 2})
    );
    assert!(account["approved"].as_u64().expect("approved") >= 1);
    let wait = account["median_wait_ms"].as_i64().expect("a wait");
    assert!((0..60_000).contains(&wait), "{wait}");
    assert_eq!(
        sam.call_json("admin/report", json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    let page = jo.get("/admin/report").await.text().await.expect("page");
    assert!(page.contains("How posts went"));
}
