//! Hashtag sets: an admin writes them per account and event, authors of the
//! account see them on their posts and add them as tiles, nobody else may
//! read or change them, and the easy-read checker leaves hashtags alone.

use app::strings;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{entry_for, spawn_app};

async fn save(
    person: &crate::helpers::Person,
    account: &str,
    event: &str,
    tags: &str,
) -> reqwest::Response {
    person
        .call_json(
            "hashtags/save",
            json!({"account_id": account, "set_id": null, "event": event, "tags": tags}),
        )
        .await
}

async fn sets_for(person: &crate::helpers::Person, post_id: &str) -> reqwest::Response {
    person
        .call_json("hashtags/for-post", json!({"post_id": post_id}))
        .await
}

#[tokio::test]
async fn an_admin_writes_sets_and_authors_add_them_as_tiles() {
    let app = spawn_app().await;
    let (jo, sam, alex, casey) = (
        app.signed_in("jo").await,
        app.signed_in("sam").await,
        app.signed_in("alex").await,
        app.signed_in("casey").await,
    );
    let leeds = app.leeds().await;

    let saved = save(
        &jo,
        &leeds,
        " Board  meeting ",
        "#BoardMeeting leeds, #boardmeeting",
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.expect("json");
    assert_eq!(saved["event"], "Board meeting");
    assert_eq!(saved["tags"], json!(["#BoardMeeting", "#leeds"]));
    let set_id = saved["set_id"].as_str().expect("id").to_string();
    assert_eq!(
        save(&jo, &leeds, "Weekly chat", "#WeeklyChat")
            .await
            .status(),
        StatusCode::OK
    );

    // Bad sets are refused in easy read, and nothing is kept.
    for (event, tags, words) in [
        ("Chat", "#board-meeting", strings::HASHTAGS_BAD),
        (" ", "#Chat", strings::HASHTAGS_NO_EVENT),
        ("Chat", " , ", strings::HASHTAGS_NONE_WRITTEN),
        ("Chat", "a b c d e f g", strings::HASHTAGS_TOO_MANY),
    ] {
        let refused = save(&jo, &leeds, event, tags).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{tags}");
        assert!(
            refused.text().await.expect("text").contains(words),
            "{tags}"
        );
    }

    // Only the account's admins write sets.
    for person in [&sam, &alex, &casey] {
        assert_eq!(
            save(person, &leeds, "Chat", "#Chat").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let admin: Value = jo
        .call_json("hashtags/admin", json!({}))
        .await
        .json()
        .await
        .expect("json");
    let leeds_sets = entry_for(&admin, &leeds)["sets"].clone();
    let events: Vec<&str> = leeds_sets
        .as_array()
        .expect("sets")
        .iter()
        .map(|s| s["event"].as_str().expect("event"))
        .collect();
    assert_eq!(events, ["Board meeting", "Weekly chat"]);

    // The author sees the sets on the post; someone from another account
    // does not.
    let post_id = sam.start_post(&leeds).await;
    let offered = sets_for(&sam, &post_id).await;
    assert_eq!(offered.status(), StatusCode::OK);
    let offered: Value = offered.json().await.expect("json");
    assert_eq!(offered[0]["tags"], json!(["#BoardMeeting", "#leeds"]));
    assert_eq!(sets_for(&alex, &post_id).await.status(), StatusCode::OK);
    assert_eq!(
        sets_for(&casey, &post_id).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.visitor()
            .call_json("hashtags/for-post", json!({"post_id": post_id}))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // The tiles the composer adds go out with the post, and the checker
    // gives no tips for them.
    let tiles = json!([
        {"symbol": {"set": "mulberry", "id": "dog"}, "word": "We met today."},
        {"symbol": {"set": "openmoji", "id": "0023-FE0F-20E3"}, "word": "#BoardMeeting"},
        {"symbol": {"set": "openmoji", "id": "0023-FE0F-20E3"}, "word": "#leeds"},
    ]);
    assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let feed = app.visitor().get("/feed/our-voice-leeds").await;
    let page = feed.text().await.expect("feed");
    assert!(
        page.contains("We met today. #BoardMeeting #leeds"),
        "{page}"
    );

    // Taking a set off: gone for authors, logged for the account, and a
    // second time is not found.
    let removed = jo
        .call_json(
            "hashtags/remove",
            json!({"account_id": leeds, "set_id": set_id}),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::OK);
    let left: Value = sets_for(&sam, &post_id).await.json().await.expect("json");
    assert_eq!(left.as_array().expect("sets").len(), 1);
    let again = jo
        .call_json(
            "hashtags/remove",
            json!({"account_id": leeds, "set_id": set_id}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let log: Value = jo
        .call("admin/log", &[("account_id", &leeds)])
        .await
        .json()
        .await
        .expect("log");
    let notes: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|l| l["note"].as_str())
        .collect();
    assert!(
        notes.contains(&"hashtags for Board meeting: #BoardMeeting #leeds"),
        "{notes:?}"
    );
    assert!(notes.contains(&"hashtag set taken off"), "{notes:?}");
}

#[tokio::test]
async fn an_account_holds_at_most_thirty_sets() {
    let app = spawn_app().await;
    let jo = app.signed_in("jo").await;
    let leeds = app.leeds().await;
    for n in 0..30 {
        let saved = save(&jo, &leeds, &format!("Event {n}"), &format!("#Event{n}")).await;
        assert_eq!(saved.status(), StatusCode::OK);
    }
    let full = save(&jo, &leeds, "One more", "#OneMore").await;
    assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(full
        .text()
        .await
        .expect("text")
        .contains(strings::HASHTAGS_FULL));
}
