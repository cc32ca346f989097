//! The public feed page and its Atom twin.

use quick_xml::events::Event;
use quick_xml::Reader;
use reqwest::StatusCode;

use crate::helpers::spawn_app;

/// The text of every element named `name`, in document order.
fn texts_of(xml: &str, name: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.local_name().as_ref() == name => inside = true,
            Event::End(e) if e.local_name().as_ref() == name => inside = false,
            Event::Text(t) if inside => found.push(t.unescape().expect("text").into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

#[tokio::test]
async fn the_atom_feed_is_well_formed_and_lists_published_posts_newest_first() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let leeds = app.leeds().await;
    let first = sam.write_and_send(&leeds).await;
    alex.approve(&first).await;
    let second = sam.start_post(&leeds).await;
    let tiles = serde_json::json!([{"symbol": {"set": "mulberry", "id": "cat"}, "word": "cat"}]);
    sam.send(&second, tiles, 1).await;
    alex.approve(&second).await;

    let response = app.visitor().get("/feed/our-voice-leeds.atom").await;

    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("type")
        .to_string();
    assert!(content_type.starts_with("application/atom+xml"));
    let xml = response.text().await.expect("xml");
    let titles = texts_of(&xml, b"title");
    assert_eq!(titles, vec!["Our Voice Leeds", "cat", "I dog park"]);
    let ids = texts_of(&xml, b"id");
    assert_eq!(ids[1], format!("urn:uuid:{second}"));
    assert_eq!(ids[2], format!("urn:uuid:{first}"));
    assert!(xml.contains("xmlns=\"http://www.w3.org/2005/Atom\""));
}

#[tokio::test]
async fn unapproved_posts_never_reach_the_feeds() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    sam.write_and_send(&app.leeds().await).await;

    let xml = app
        .visitor()
        .get("/feed/our-voice-leeds.atom")
        .await
        .text()
        .await
        .expect("xml");
    let html = app
        .visitor()
        .get("/feed/our-voice-leeds")
        .await
        .text()
        .await
        .expect("html");

    assert_eq!(texts_of(&xml, b"entry").len(), 0);
    assert!(!xml.contains("I dog park"));
    assert!(!html.contains("I dog park"));
}

#[tokio::test]
async fn the_feed_page_shows_the_help_link_to_anyone() {
    let app = spawn_app().await;

    let response = app.visitor().get("/feed/our-voice-leeds").await;

    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("Need help? Visit"));
    assert!(html.contains("https://example.org/our-voice-leeds/help"));
    assert!(html.contains("lang=\"en\""));
}

#[tokio::test]
async fn an_unknown_feed_is_not_found() {
    let app = spawn_app().await;

    let response = app.visitor().get("/feed/nobody-here.atom").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// The byline of each post in the feed's JSON answer.
async fn bylines(person: &crate::helpers::Person) -> Vec<String> {
    let feed: serde_json::Value = person
        .call("feed", &[("slug", "our-voice-leeds")])
        .await
        .json()
        .await
        .expect("feed");
    feed["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| p["byline"].as_str().expect("byline").to_string())
        .collect()
}

#[tokio::test]
async fn authors_are_named_on_the_feeds_only_by_a_name_they_chose() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;
    alex.approve(&post_id).await;
    let visitor = app.visitor();

    // No name chosen: "A member of <account>", never the author's name.
    assert_eq!(
        sam.call("me/public-name", &[])
            .await
            .text()
            .await
            .expect("name"),
        "null"
    );
    assert_eq!(bylines(&visitor).await, ["A member of Our Voice Leeds"]);
    let page = visitor
        .get("/feed/our-voice-leeds")
        .await
        .text()
        .await
        .expect("page");
    assert!(!page.contains("Sam"), "the feed page names nobody");

    // Personal details are refused, and nothing changes.
    for private in [
        "Sam Smith",
        "Sam 07700 900123",
        "sam@example.org",
        &"S".repeat(31),
    ] {
        let refused = sam
            .call_json("me/set-public-name", serde_json::json!({"name": private}))
            .await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{private}"
        );
    }
    assert_eq!(bylines(&visitor).await, ["A member of Our Voice Leeds"]);
    // Nobody signed out chooses a name.
    let refused = visitor
        .call_json("me/set-public-name", serde_json::json!({"name": "Sammy"}))
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    // Sam chooses a name: the feed page, the JSON and Atom show it.
    let chosen = sam
        .call_json(
            "me/set-public-name",
            serde_json::json!({"name": "  Sammy "}),
        )
        .await;
    assert_eq!(chosen.status(), StatusCode::OK);
    assert_eq!(bylines(&visitor).await, ["Sammy from Our Voice Leeds"]);
    let page = visitor
        .get("/feed/our-voice-leeds")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("Sammy from Our Voice Leeds"));
    let xml = visitor
        .get("/feed/our-voice-leeds.atom")
        .await
        .text()
        .await
        .expect("xml");
    // The feed's own author is the account; the entry's is sam's choice.
    assert_eq!(
        texts_of(&xml, b"name"),
        ["Our Voice Leeds", "Sammy from Our Voice Leeds"]
    );
    // Alex's choice is alex's own: it does not touch sam's posts.
    alex.call_json("me/set-public-name", serde_json::json!({"name": "Alex"}))
        .await;
    assert_eq!(bylines(&visitor).await, ["Sammy from Our Voice Leeds"]);

    // Sam takes the name away again.
    let cleared = sam
        .call_json("me/set-public-name", serde_json::json!({"name": ""}))
        .await;
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(bylines(&visitor).await, ["A member of Our Voice Leeds"]);
}
