//! What the server refuses, and that a refusal changes nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{location, spawn_app, three_tiles, visible_text, PASSWORD};

#[tokio::test]
async fn a_co_producer_cannot_approve_or_send_back_a_post() {
    let app = spawn_app().await;
    let robin = app.signed_in("robin").await;
    let sam = app.signed_in("sam").await;
    let post_id = robin.write_and_send(&app.leeds().await).await;

    assert_eq!(sam.approve(&post_id).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        sam.ask_for_changes(&post_id, "no").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(sam.posts_to_check().await.status(), StatusCode::FORBIDDEN);
    assert_eq!(robin.post(&post_id).await["status"], "submitted");
}

#[tokio::test]
async fn nobody_approves_their_own_post() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let post_id = alex.write_and_send(&app.leeds().await).await;

    let response = alex.approve(&post_id).await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(alex.post(&post_id).await["status"], "submitted");
    assert_eq!(app.storage.audit_count(&post_id).await.expect("count"), 1);
}

#[tokio::test]
async fn a_supporter_of_another_account_cannot_see_or_approve_the_post() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let casey = app.signed_in("casey").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;

    let list: serde_json::Value = casey.posts_to_check().await.json().await.expect("list");
    assert_eq!(list, json!([]));
    assert_eq!(
        casey.load_post(&post_id).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        casey.approve(&post_id).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(sam.post(&post_id).await["status"], "submitted");
}

#[tokio::test]
async fn another_co_producer_cannot_read_or_change_a_draft() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let robin = app.signed_in("robin").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    sam.save(&post_id, three_tiles(), 1).await;

    assert_eq!(
        robin.load_post(&post_id).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        robin.save(&post_id, json!([]), 2).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        robin.send(&post_id, three_tiles(), 2).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(sam.post(&post_id).await["tiles"], three_tiles());
}

#[tokio::test]
async fn a_person_cannot_start_a_post_on_an_account_they_do_not_belong_to() {
    let app = spawn_app().await;
    let casey = app.signed_in("casey").await;

    assert_eq!(
        casey.new_post(&app.leeds().await).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn anonymous_requests_cannot_read_write_or_search() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    let anonymous = app.visitor();

    assert_eq!(
        anonymous.send(&post_id, three_tiles(), 1).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.save(&post_id, three_tiles(), 1).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.load_post(&post_id).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.new_post(&app.leeds().await).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.approve(&post_id).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.search("dog").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sam.post(&post_id).await["status"], "draft");
}

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_does_anything() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    let body = json!({"post_id": post_id, "tiles": three_tiles(), "revision": 1});

    let foreign = sam
        .call_with_header("posts/send", ("origin", "http://evil.example"), &body)
        .await;
    let marked = sam
        .call_with_header("posts/send", ("sec-fetch-site", "cross-site"), &body)
        .await;
    let same_site = sam
        .call_with_header("posts/save", ("origin", app.base.as_str()), &body)
        .await;

    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    assert_eq!(marked.status(), StatusCode::FORBIDDEN);
    assert_eq!(same_site.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "draft");
}

#[tokio::test]
async fn a_wrong_password_does_not_sign_in() {
    let app = spawn_app().await;
    let visitor = app.visitor();

    let wrong = visitor.sign_in("sam", "not-the-password").await;
    let unknown = visitor.sign_in("nobody", PASSWORD).await;

    assert_eq!(wrong.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&wrong), "/sign-in?failed=1");
    assert_eq!(location(&unknown), "/sign-in?failed=1");
    assert_eq!(visitor.me().await, serde_json::Value::Null);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_strict() {
    let app = spawn_app().await;
    let visitor = app.visitor();

    let response = visitor.sign_in("sam", PASSWORD).await;

    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie")
        .to_lowercase();
    assert!(cookie.contains("httponly"), "{cookie}");
    assert!(cookie.contains("samesite=strict"), "{cookie}");
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    assert_eq!(sam.me().await["user_name"], "sam");

    let response = sam.sign_out().await;

    assert_eq!(location(&response), "/sign-in");
    // The tab's kept words of a draft go with the session.
    assert_eq!(response.headers()["clear-site-data"], "\"storage\"");
    assert_eq!(sam.me().await, serde_json::Value::Null);
}

#[tokio::test]
async fn feedback_must_have_words_and_a_sensible_length() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;

    let empty = alex.ask_for_changes(&post_id, "   ").await;
    let long = alex.ask_for_changes(&post_id, &"a".repeat(1001)).await;

    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sam.post(&post_id).await["status"], "submitted");
}

#[tokio::test]
async fn a_tile_pointing_outside_the_symbol_folder_is_refused() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    let bad = json!([{"symbol": {"set": "mulberry", "id": "../../etc/passwd"}, "word": "x"}]);

    assert_eq!(
        sam.save(&post_id, bad, 1).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(sam.post(&post_id).await["tiles"], json!([]));
}

#[tokio::test]
async fn an_oversized_request_is_refused_unread() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    let huge = "a".repeat(ourvoice::http::MAX_BODY_BYTES + 1);

    let response = sam
        .save(&post_id, json!([{"symbol": null, "word": huge}]), 1)
        .await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(sam.post(&post_id).await["tiles"], json!([]));
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_name_even_for_the_right_one() {
    let app = spawn_app().await;
    let guesser = app.visitor();
    for _ in 0..5 {
        let response = guesser.sign_in("sam", "wrong-password").await;
        assert_eq!(location(&response), "/sign-in?failed=1");
    }
    // The sixth try is held back, right password or not.
    let response = guesser.sign_in("sam", PASSWORD).await;
    assert_eq!(location(&response), "/sign-in?wait=1");
    assert!(guesser.me().await.is_null(), "not signed in");
    let response = guesser.sign_in("SAM ", PASSWORD).await;
    assert_eq!(location(&response), "/sign-in?wait=1");
    // Other names still sign in from the same place.
    let alex = app.visitor();
    let response = alex.sign_in("alex", PASSWORD).await;
    assert_eq!(location(&response), "/");
    // The page says what to do, in easy read.
    let page = guesser
        .get("/sign-in?wait=1")
        .await
        .text()
        .await
        .expect("page");
    assert!(visible_text(&page).contains("Too many tries. Wait 15 minutes. Then try again."));
}
