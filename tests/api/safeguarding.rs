//! Personal details in a post: the supporter sees each one and must say
//! they checked them before the post can be approved.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn tiles(words: &[&str]) -> Value {
    Value::Array(
        words
            .iter()
            .map(|w| json!({"symbol": null, "word": w}))
            .collect(),
    )
}

#[tokio::test]
async fn a_post_with_a_phone_number_waits_for_the_tick() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.start_post(&leeds).await;
    let words = tiles(&["Ring", "me", "on", "07700 900123", "about", "the", "party."]);
    assert_eq!(sam.send(&post_id, words, 1).await.status(), StatusCode::OK);

    // The supporter sees the warning with the words.
    let list: Value = alex.posts_to_check().await.json().await.expect("json");
    let post = &list[0];
    assert_eq!(
        post["safeguarding"],
        json!([{"kind": "phone", "text": "07700 900123", "start": 11, "end": 23}])
    );

    // Approve without the tick: refused, nothing changes.
    let events_before = app.storage.audit_count(&post_id).await.expect("count");
    for checked in [Value::Null, json!(false)] {
        let response = alex
            .call_json(
                "check/approve",
                json!({"post_id": post_id, "checked": checked}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = response.text().await.expect("body");
        assert!(
            body.contains("Check the private details. Then tick I have checked this."),
            "{body}"
        );
    }
    assert_eq!(
        alex.approve(&post_id).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.storage.audit_count(&post_id).await.expect("count"),
        events_before
    );
    assert_eq!(sam.post(&post_id).await["status"], "submitted");

    // With the tick it goes out, and the log says what was checked.
    let response = alex
        .call_json(
            "check/approve",
            json!({"post_id": post_id, "checked": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "published");
    let notes = app.storage.audit_notes(&post_id).await.expect("notes");
    assert!(
        notes.contains(&"version 1; personal details checked: phone".to_string()),
        "{notes:?}"
    );
}

/// (kind, words) of each finding, checking each sits at its place in `text`.
fn named(found: &Value, text: &str) -> Vec<(String, String)> {
    found
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let (start, end) = (
                f["start"].as_u64().expect("start") as usize,
                f["end"].as_u64().expect("end") as usize,
            );
            let words = f["text"].as_str().expect("text");
            assert_eq!(text.get(start..end), Some(words), "{f}");
            (f["kind"].as_str().expect("kind").into(), words.into())
        })
        .collect()
}

#[tokio::test]
async fn thin_spaces_hide_no_phone_number_and_the_post_can_be_approved() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    // Typed on a phone keyboard: thin and no-break spaces inside the words.
    let typed = "Call Ann\u{a0}Lee on 0113\u{2009}496\u{2009}0000 at 3\u{2009}High\u{2009}Street.";
    let expected = |space_1: &str, space_2: &str| {
        vec![
            ("full_name".to_string(), format!("Ann{space_1}Lee")),
            (
                "phone".to_string(),
                format!("0113{space_2}496{space_2}0000"),
            ),
            (
                "address".to_string(),
                format!("3{space_2}High{space_2}Street"),
            ),
        ]
    };

    // The author's gentle note names the words as typed, at their place.
    let found: Value = sam
        .call_json("posts/details", json!({ "text": typed }))
        .await
        .json()
        .await
        .expect("findings");
    assert_eq!(named(&found, typed), expected("\u{a0}", "\u{2009}"));

    // Sent as tiles (whose words keep plain spaces), the supporter's list
    // loads with the same warnings, and the post is approved.
    let post_id = sam.start_post(&leeds).await;
    let words = tiles(&[
        "Call",
        "Ann\u{a0}Lee",
        "on",
        "0113\u{2009}496\u{2009}0000",
        "at",
        "3\u{2009}High\u{2009}Street.",
    ]);
    assert_eq!(sam.send(&post_id, words, 1).await.status(), StatusCode::OK);
    let list: Value = alex.posts_to_check().await.json().await.expect("json");
    let stored = "Call Ann Lee on 0113 496 0000 at 3 High Street.";
    assert_eq!(named(&list[0]["safeguarding"], stored), expected(" ", " "));
    let page = alex.get("/check").await;
    assert_eq!(page.status(), StatusCode::OK);
    let response = alex
        .call_json(
            "check/approve",
            json!({"post_id": post_id, "checked": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "published");
}

#[tokio::test]
async fn a_post_without_personal_details_needs_no_tick() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.start_post(&leeds).await;
    let words = tiles(&["We", "meet", "on", "Ward", "12", "in", "2026."]);
    assert_eq!(sam.send(&post_id, words, 1).await.status(), StatusCode::OK);
    let list: Value = alex.posts_to_check().await.json().await.expect("json");
    assert_eq!(list[0]["safeguarding"], json!([]));
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "published");
}

#[tokio::test]
async fn a_post_with_a_photo_waits_for_everyone_said_yes() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let mut png = Vec::new();
    image::RgbImage::from_pixel(64, 48, image::Rgb([30, 160, 90]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let stored: Value = sam.upload_photo(png).await.json().await.expect("json");
    let photo_id = stored["id"].as_str().expect("photo id").to_string();
    let post_id = sam.start_post(&leeds).await;
    let tiles = json!([
        {"symbol": {"set": "photo", "id": photo_id}, "word": "our garden"},
        {"symbol": null, "word": "today"}
    ]);
    assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);

    let events_before = app.storage.audit_count(&post_id).await.expect("count");
    for consent in [Value::Null, json!(false)] {
        let response = alex
            .call_json(
                "check/approve",
                json!({"post_id": post_id, "photo_consent": consent}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = response.text().await.expect("body");
        assert!(
            body.contains("Tick Everyone in this photo said yes first."),
            "{body}"
        );
    }
    assert_eq!(
        app.storage.audit_count(&post_id).await.expect("count"),
        events_before
    );

    let response = alex.approve_with_photo_consent(&post_id).await;
    assert_eq!(response.status(), StatusCode::OK);
    let notes = app.storage.audit_notes(&post_id).await.expect("notes");
    assert!(
        notes.contains(&format!(
            "version 1; everyone in the photos said yes: {photo_id}"
        )),
        "{notes:?}"
    );
}

#[test]
fn check_text_reads_any_spaces_without_breaking() {
    let typed = "Call Ann Lee now at 3\u{2009}High\u{2009}Street or 0113\u{2009}496\u{2009}0000";
    let output = std::process::Command::new(crate::crash::program())
        .args(["check-text", typed])
        .output()
        .expect("ourvoice check-text runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("json");
    let found: Vec<(&str, &str)> = answer["safeguarding"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().expect("kind"),
                f["text"].as_str().expect("text"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("full_name", "Ann Lee"),
            ("address", "3\u{2009}High\u{2009}Street"),
            ("phone", "0113\u{2009}496\u{2009}0000"),
        ]
    );
}
