//! Review: a supporter's suggested wording waits for the author's yes, the
//! second-approver rule, and the admin's log and post story.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, three_tiles, Person, TestApp};

/// The three tiles with "I" changed to "We" and the park taken out.
fn suggested_tiles() -> Value {
    json!([
        {"symbol": {"set": "mulberry", "id": "I"}, "word": "We"},
        {"symbol": {"set": "mulberry", "id": "dog"}, "word": "dog"}
    ])
}

async fn suggest(person: &Person, post_id: &str, tiles: Value) -> reqwest::Response {
    person
        .call_json("check/suggest", json!({"post_id": post_id, "tiles": tiles}))
        .await
}

async fn answer(person: &Person, post_id: &str, post_this: bool) -> reqwest::Response {
    person
        .call_json(
            "posts/answer",
            json!({"post_id": post_id, "post_this": post_this}),
        )
        .await
}

async fn set_rule(person: &Person, account_id: &str, needed: u8) -> reqwest::Response {
    person
        .call_json(
            "admin/set-rules",
            json!({"account_id": account_id, "approvals_needed": needed}),
        )
        .await
}

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn story(app: &TestApp, post_id: &str) -> Value {
    let jo = app.signed_in("jo").await;
    json_of(jo.call("admin/story", &[("post_id", post_id)]).await).await
}

#[tokio::test]
async fn suggested_words_wait_for_the_authors_yes_before_approval() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;

    // A supporter suggests other words: the post waits for the author.
    assert_eq!(
        suggest(&alex, &post_id, suggested_tiles()).await.status(),
        StatusCode::OK
    );
    let waiting = sam.post(&post_id).await;
    assert_eq!(waiting["status"], "awaiting_author");
    assert_eq!(
        waiting["tiles"],
        three_tiles(),
        "the post's words are unchanged"
    );
    assert_eq!(waiting["suggestion"], suggested_tiles());
    let to_check: Value = json_of(alex.posts_to_check().await).await;
    assert_eq!(to_check, json!([]), "it left the supporter's list");
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::CONFLICT);

    // The author says yes: the new words become the post's.
    assert_eq!(answer(&sam, &post_id, true).await.status(), StatusCode::OK);
    let agreed = sam.post(&post_id).await;
    assert_eq!(agreed["status"], "submitted");
    assert_eq!(agreed["tiles"], suggested_tiles());
    assert_eq!(agreed["version"], 2);
    assert_eq!(agreed["suggestion"], Value::Null);

    // Now it can be approved, and the feed shows the agreed words.
    let approved = json_of(alex.approve(&post_id).await).await;
    assert_eq!(
        approved,
        json!({"published": true, "approvals_missing": 0, "scheduled_for": null})
    );
    let feed = app.visitor().get("/feed/our-voice-leeds").await;
    let html = feed.text().await.expect("html");
    assert!(html.contains("We dog"), "the feed shows the agreed words");

    // Every version is kept, and every step is in the story.
    let story = story(&app, &post_id).await;
    let versions: Vec<(i64, &str, &str)> = story["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| {
            (
                v["number"].as_i64().unwrap_or(0),
                v["kind"].as_str().unwrap_or(""),
                v["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(versions, vec![(1, "sent", "Sam"), (2, "suggested", "Alex")]);
    assert_eq!(story["versions"][0]["tiles"], three_tiles());
    let steps: Vec<(&str, &str)> = story["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["to"].as_str().unwrap_or(""),
                s["by"].as_str().unwrap_or("system"),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("submitted", "Sam"),
            ("awaiting_author", "Alex"),
            ("submitted", "Sam"),
            ("approved", "Alex"),
            ("publishing", "system"),
            ("published", "system"),
        ]
    );
    assert_eq!(story["steps"][2]["note"], "agreed to version 2");
    assert_eq!(story["steps"][3]["note"], "version 2");
}

#[tokio::test]
async fn no_keep_mine_drops_the_suggestion_and_keeps_the_authors_words() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;
    assert_eq!(
        suggest(&alex, &post_id, suggested_tiles()).await.status(),
        StatusCode::OK
    );

    assert_eq!(answer(&sam, &post_id, false).await.status(), StatusCode::OK);

    let kept = sam.post(&post_id).await;
    assert_eq!(kept["status"], "submitted");
    assert_eq!(kept["tiles"], three_tiles());
    assert_eq!(kept["version"], 1);
    assert_eq!(kept["suggestion"], Value::Null);
    // Answering twice is refused: there is nothing to answer now.
    assert_eq!(
        answer(&sam, &post_id, true).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(sam.post(&post_id).await["tiles"], three_tiles());
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    assert_eq!(sam.post(&post_id).await["status"], "published");
}

#[tokio::test]
async fn suggestions_and_answers_are_refused_to_the_wrong_people_and_change_nothing() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;
    let before = app.storage.audit_count(&post_id).await.expect("count");

    let refused = [
        ("the author", &sam, suggested_tiles(), StatusCode::FORBIDDEN),
        (
            "another co-producer",
            &robin,
            suggested_tiles(),
            StatusCode::FORBIDDEN,
        ),
        (
            "another account's supporter",
            &casey,
            suggested_tiles(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a picture not in the post",
            &alex,
            json!([{"symbol": {"set": "mulberry", "id": "cat"}, "word": "cat"}]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "the same words",
            &alex,
            three_tiles(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "no words",
            &alex,
            json!([]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (why, person, tiles, status) in refused {
        let response = suggest(person, &post_id, tiles).await;
        assert_eq!(response.status(), status, "{why}");
        let body: Value = response.json().await.expect("error json");
        assert!(body.to_string().len() > 10, "{why}: an easy-read message");
    }
    assert_eq!(sam.post(&post_id).await["status"], "submitted");
    assert_eq!(
        app.visitor()
            .call_json(
                "check/suggest",
                json!({"post_id": post_id, "tiles": suggested_tiles()})
            )
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // Only the author answers.
    assert_eq!(
        suggest(&alex, &post_id, suggested_tiles()).await.status(),
        StatusCode::OK
    );
    for person in [&alex, &robin, &casey] {
        assert_eq!(
            answer(person, &post_id, true).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let post = sam.post(&post_id).await;
    assert_eq!(
        (post["status"].as_str(), &post["tiles"]),
        (Some("awaiting_author"), &three_tiles())
    );
    assert_eq!(
        app.storage.audit_count(&post_id).await.expect("count"),
        before + 1,
        "only the one good suggestion was logged"
    );
}

#[tokio::test]
async fn with_the_second_approver_rule_two_different_people_must_approve() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;

    // Only the account's admin sets the rule, to 1 or 2.
    assert_eq!(
        set_rule(&alex, &leeds, 2).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        set_rule(&sam, &leeds, 2).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        set_rule(&jo, &leeds, 3).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(set_rule(&jo, &leeds, 2).await.status(), StatusCode::OK);
    let rules = json_of(jo.call("admin/rules", &[]).await).await;
    assert_eq!(rules[0]["approvals_needed"], 2);

    let post_id = sam.write_and_send(&leeds).await;
    let first = json_of(alex.approve(&post_id).await).await;
    assert_eq!(
        first,
        json!({"published": false, "approvals_missing": 1, "scheduled_for": null})
    );
    let post = sam.post(&post_id).await;
    assert_eq!(post["status"], "submitted");
    assert_eq!(post["approvals_missing"], 1);
    // The same person cannot say yes twice.
    assert_eq!(
        alex.approve(&post_id).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(sam.post(&post_id).await["status"], "submitted");

    // An admin follows the same rule as everyone: the second yes.
    let second = json_of(jo.approve(&post_id).await).await;
    assert_eq!(
        second,
        json!({"published": true, "approvals_missing": 0, "scheduled_for": null})
    );
    assert_eq!(sam.post(&post_id).await["status"], "published");

    // The account's log shows the rule change and each step, newest first.
    let log = json_of(jo.call("admin/log", &[("account_id", &leeds)]).await).await;
    let lines = log.as_array().expect("log");
    assert!(lines
        .iter()
        .any(|l| l["note"] == "approvals needed: 2" && l["by"] == "Jo"));
    let yes_steps: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["from"] == "submitted")
        .map(|l| {
            (
                l["to"].as_str().unwrap_or(""),
                l["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(yes_steps, vec![("approved", "Jo"), ("submitted", "Alex")]);
}

#[tokio::test]
async fn new_words_need_new_approvals_under_the_two_person_rule() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    assert_eq!(set_rule(&jo, &leeds, 2).await.status(), StatusCode::OK);
    let post_id = sam.write_and_send(&leeds).await;

    // Alex says yes to the first words; Jo suggests new words; Sam agrees.
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    assert_eq!(
        suggest(&jo, &post_id, suggested_tiles()).await.status(),
        StatusCode::OK
    );
    assert_eq!(answer(&sam, &post_id, true).await.status(), StatusCode::OK);

    // Jo's yes alone is not enough: Alex said yes to other words.
    let once = json_of(jo.approve(&post_id).await).await;
    assert_eq!(once["published"], false);
    let twice = json_of(alex.approve(&post_id).await).await;
    assert_eq!(twice["published"], true);
}

#[tokio::test]
async fn the_log_and_post_story_are_for_the_accounts_admins_only() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.write_and_send(&leeds).await;
    for (name, status) in [
        ("sam", StatusCode::FORBIDDEN),
        ("alex", StatusCode::FORBIDDEN),
        ("casey", StatusCode::FORBIDDEN),
        ("jo", StatusCode::OK),
    ] {
        let person = app.signed_in(name).await;
        let log = person.call("admin/log", &[("account_id", &leeds)]).await;
        assert_eq!(log.status(), status, "{name} reads the log");
        let story = person.call("admin/story", &[("post_id", &post_id)]).await;
        assert_eq!(story.status(), status, "{name} reads the story");
    }
    let visitor = app.visitor();
    assert_eq!(
        visitor
            .call("admin/log", &[("account_id", &leeds)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor.call("admin/rules", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
