//! The symbol card of a post, sentence to symbols and picture groups over
//! HTTP.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png).expect("png");
    (image.width(), image.height())
}

#[tokio::test]
async fn a_draft_card_is_for_its_author_and_supporters_and_a_published_one_for_all() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let casey = app.signed_in("casey").await;
    let robin = app.signed_in("robin").await;
    let post_id = sam.write_and_send(&leeds).await;
    let path = format!("/cards/{post_id}.png");

    for (who, person) in [("sam", &sam), ("alex", &alex)] {
        let response = person.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{who}");
        assert_eq!(response.headers()["content-type"], "image/png");
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        let bytes = response.bytes().await.expect("body");
        assert!(bytes.len() <= 1_000_000);
        assert_eq!(png_size(&bytes).0, 1200);
    }
    // Another group's supporter and another co-producer are refused; the
    // public is asked to sign in. None of them gets a picture.
    for (who, person, status) in [
        ("casey", &casey, StatusCode::FORBIDDEN),
        ("robin", &robin, StatusCode::FORBIDDEN),
        ("visitor", &app.visitor(), StatusCode::UNAUTHORIZED),
    ] {
        let response = person.get(&path).await;
        assert_eq!(response.status(), status, "{who}");
        assert_ne!(
            response.headers().get("content-type").map(|v| v.as_bytes()),
            Some(&b"image/png"[..]),
            "{who}"
        );
    }

    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let response = app.visitor().get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["cache-control"]
        .to_str()
        .expect("header")
        .starts_with("public"));

    // The feed page and its Atom twin show the card with the words as alt text.
    let page = app
        .visitor()
        .get("/feed/our-voice-leeds")
        .await
        .text()
        .await
        .expect("html");
    assert!(
        page.contains(&format!("src=\"/cards/{post_id}.png\"")),
        "{page}"
    );
    assert!(page.contains("alt=\"I dog park\""));
    let atom = app
        .visitor()
        .get("/feed/our-voice-leeds.atom")
        .await
        .text()
        .await
        .expect("atom");
    assert!(atom.contains(&format!("/cards/{post_id}.png")));
}

#[tokio::test]
async fn unknown_cards_are_not_found() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    for path in [
        "/cards/nope.png",
        "/cards/nope",
        "/cards/..%2F..%2Fetc%2Fpasswd.png",
    ] {
        assert_eq!(
            visitor.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_sentence_becomes_tiles_with_alternatives() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let response = sam
        .call_json("symbols/sentence", json!({"text": "We went to the park."}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let tokens: Vec<Value> = response.json().await.expect("json");
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| t["word"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(words, vec!["We", "went", "to", "the", "park."]);
    assert_eq!(tokens[1]["symbol"]["id"], "go_,_to");
    assert!(tokens[2]["symbol"].is_null());
    assert_eq!(tokens[4]["symbol"]["set"], "openmoji");
    assert!(!tokens[4]["alternatives"]
        .as_array()
        .expect("list")
        .is_empty());

    let too_long = "word ".repeat(200);
    let response = sam
        .call_json("symbols/sentence", json!({"text": too_long}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .visitor()
        .call_json("symbols/sentence", json!({"text": "park"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn picture_groups_list_mulberry_categories_and_their_pictures() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let groups: Vec<Value> = sam
        .call("symbols/categories", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(groups.len() > 20, "{} groups", groups.len());
    let name = groups[0]["name"].as_str().expect("name").to_string();
    let response = sam.call("symbols/category", &[("name", &name)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let inside: Vec<Value> = response.json().await.expect("json");
    assert!(!inside.is_empty());
    assert!(inside.iter().all(|hit| hit["symbol"]["set"] == "mulberry"));
    let response = sam
        .call("symbols/category", &[("name", "No such group")])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.visitor().call("symbols/categories", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
