//! The whole loop: compose → send → changes asked → edit → send → approve →
//! public feed, with the draft kept on the server all along.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{location, spawn_app, three_tiles, visible_text};

#[tokio::test]
async fn a_post_goes_from_draft_to_the_public_feed() {
    // Arrange
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let leeds = app.leeds().await;

    // Act: sam writes and sends
    let found: serde_json::Value = sam.search("dog").await.json().await.expect("hits");
    assert_eq!(found[0]["word"], "dog");
    let post_id = sam.start_post(&leeds).await;
    assert_eq!(
        sam.save(&post_id, three_tiles(), 1).await.status(),
        StatusCode::OK
    );
    let draft = sam.post(&post_id).await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["tiles"], three_tiles());
    assert_eq!(
        sam.send(&post_id, three_tiles(), 2).await.status(),
        StatusCode::OK
    );

    // Act: alex asks for changes
    let waiting: serde_json::Value = alex.posts_to_check().await.json().await.expect("list");
    assert_eq!(waiting.as_array().map(Vec::len), Some(1));
    assert_eq!(waiting[0]["post_id"], post_id.as_str());
    let asked = alex.ask_for_changes(&post_id, "Say which park.").await;
    assert_eq!(asked.status(), StatusCode::OK);

    // Assert: sam sees the feedback, edits and sends again
    let sent_back = sam.post(&post_id).await;
    assert_eq!(sent_back["status"], "changes_requested");
    assert_eq!(sent_back["feedback"], "Say which park.");
    let two_tiles = json!([three_tiles()[0], three_tiles()[1]]);
    assert_eq!(
        sam.save(&post_id, two_tiles.clone(), 3).await.status(),
        StatusCode::OK
    );
    assert_eq!(sam.post(&post_id).await["status"], "draft");
    assert_eq!(
        sam.send(&post_id, two_tiles, 4).await.status(),
        StatusCode::OK
    );

    // Act: alex approves
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);

    // Assert: published, on the feed, nothing left to check, every step logged
    let published = sam.post(&post_id).await;
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].as_i64().is_some());
    let waiting: serde_json::Value = alex.posts_to_check().await.json().await.expect("list");
    assert_eq!(waiting, json!([]));
    let page = app.visitor().get("/feed/our-voice-leeds").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("I dog"), "feed shows the post's words");
    assert!(
        html.contains(&format!("/cards/{post_id}.png")),
        "feed shows the symbol card"
    );
    // submit, changes asked, edited, submit, approve, start and finish publishing
    assert_eq!(app.storage.audit_count(&post_id).await.expect("count"), 7);
}

#[tokio::test]
async fn a_draft_is_kept_on_the_server_between_visits() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    sam.save(&post_id, three_tiles(), 1).await;

    let later = app.signed_in("sam").await;
    let post = later.post(&post_id).await;

    assert_eq!(post["tiles"], three_tiles());
    assert_eq!(post["revision"], 1);
}

#[tokio::test]
async fn an_older_save_arriving_late_never_overwrites_a_newer_one() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;

    assert_eq!(
        sam.save(&post_id, three_tiles(), 5).await.status(),
        StatusCode::OK
    );
    let late = sam.save(&post_id, json!([three_tiles()[0]]), 4).await;

    assert_eq!(late.status(), StatusCode::OK);
    let post = sam.post(&post_id).await;
    assert_eq!(post["tiles"], three_tiles());
    assert_eq!(post["revision"], 5);
}

#[tokio::test]
async fn sending_an_empty_post_is_refused_in_easy_read() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;

    let response = sam.send(&post_id, json!([]), 1).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("Add a picture first."), "{body}");
    assert_eq!(sam.post(&post_id).await["status"], "draft");
}

#[tokio::test]
async fn a_sent_post_can_no_longer_be_changed_by_its_author() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;

    let response = sam.save(&post_id, json!([three_tiles()[0]]), 9).await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(sam.post(&post_id).await["tiles"], three_tiles());
}

#[tokio::test]
async fn a_post_opens_on_the_composer_while_a_draft_and_on_its_own_page_once_sent() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let robin = app.signed_in("robin").await;
    let draft = sam.start_post(&leeds).await;
    let sent = sam.write_and_send(&leeds).await;

    // A draft: the composer, and its sent page sends the author back there.
    let composer = sam.get_page(&format!("/posts/{draft}")).await;
    assert_eq!(composer.status(), StatusCode::OK);
    let back = sam.get_page(&format!("/posts/{draft}/sent")).await;
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(location(&back), format!("/posts/{draft}"));

    // Sent: the composer's address (in messages, say) leads to its own page,
    // which shows the words read-only. Asked first by a client that is not
    // a browser (no redirect for it, only the address), so a page kept
    // from that answer would show here.
    let told = sam.get(&format!("/posts/{sent}")).await;
    assert_eq!(location(&told), format!("/posts/{sent}/sent"));
    let moved = sam.get_page(&format!("/posts/{sent}")).await;
    assert_eq!(moved.status(), StatusCode::FOUND);
    assert_eq!(location(&moved), format!("/posts/{sent}/sent"));
    let page = sam.get_page(&format!("/posts/{sent}/sent")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let text = visible_text(&page.text().await.expect("page"));
    assert!(text.contains("You cannot change it now."), "{text}");

    // Someone the post is not for is refused on both, and not told where
    // it went.
    for path in [format!("/posts/{sent}"), format!("/posts/{sent}/sent")] {
        let refused = robin.get_page(&path).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(location(&refused), "", "{path}");
    }
}

#[tokio::test]
async fn an_admin_can_approve_a_supporters_post() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let post_id = alex.write_and_send(&app.leeds().await).await;

    assert_eq!(jo.approve(&post_id).await.status(), StatusCode::OK);

    assert_eq!(alex.post(&post_id).await["status"], "published");
}

#[tokio::test]
async fn the_author_takes_a_post_back_before_approval() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let robin = app.signed_in("robin").await;
    let post_id = sam.write_and_send(&leeds).await;

    // Only the author may take it back.
    for other in [&alex, &robin] {
        let response = other.call("posts/withdraw", &[("post_id", &post_id)]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(sam.post(&post_id).await["status"], "submitted");

    let steps = app.storage.audit_count(&post_id).await.expect("count");
    let response = sam.call("posts/withdraw", &[("post_id", &post_id)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "withdrawn");
    // It leaves the supporter's list and cannot be approved or taken back twice.
    let list: serde_json::Value = alex.posts_to_check().await.json().await.expect("json");
    assert_eq!(list, serde_json::json!([]));
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::CONFLICT);
    let again = sam.call("posts/withdraw", &[("post_id", &post_id)]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    // Kept, with the one step in its log.
    assert_eq!(
        app.storage.audit_count(&post_id).await.expect("count"),
        steps + 1
    );
}

#[tokio::test]
async fn a_published_post_cannot_be_taken_back() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let response = sam.call("posts/withdraw", &[("post_id", &post_id)]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(sam.post(&post_id).await["status"], "published");
}

#[tokio::test]
async fn feedback_cards_come_before_the_supporters_words() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&leeds).await;

    // Neither a card nor words: refused in easy read.
    let body = json!({"post_id": post_id, "feedback": "  ", "cards": []});
    let response = alex.call_json("check/changes", body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("Pick a card or write what to change."));

    let body = json!({
        "post_id": post_id,
        "feedback": "Maybe say where the park is.",
        "cards": ["say_it_another_way", "too_long"]
    });
    assert_eq!(
        alex.call_json("check/changes", body).await.status(),
        StatusCode::OK
    );
    let post = sam.post(&post_id).await;
    assert_eq!(
        post["feedback"],
        "Too long. Say it another way. Maybe say where the park is."
    );
}
