//! Communication profiles: recorded by a supporter, used as the person's
//! defaults.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Person};

async fn id_of(person: &Person) -> String {
    person.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string()
}

async fn own_profile(person: &Person) -> Value {
    let response = person
        .call_json("profile/get", json!({"person_id": null}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("profile")
}

async fn own_speech(person: &Person) -> Value {
    let response = person.call("speech/settings", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("settings")
}

fn quiet_large() -> Value {
    json!({"easy_read": true, "symbols": true, "read_aloud": false, "large_text": true})
}

#[tokio::test]
async fn a_supporter_records_a_profile_and_it_sets_the_authors_defaults() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let sam_id = id_of(&sam).await;

    // Before: the defaults, words read aloud on tap.
    let before: Value = own_profile(&sam).await;
    assert_eq!(before["read_aloud"], true);
    assert_eq!(before["large_text"], false);
    let speech: Value = own_speech(&sam).await;
    assert_eq!(speech["speak_on_tap"], true);

    let saved = alex
        .call_json(
            "profile/save",
            json!({"person_id": sam_id, "profile": quiet_large()}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);

    let mine: Value = own_profile(&sam).await;
    assert_eq!(mine, quiet_large());
    // No reading aloud wanted: taps are quiet until Sam chooses otherwise.
    let speech: Value = own_speech(&sam).await;
    assert_eq!(speech["speak_on_tap"], false);
    assert_eq!(speech["highlight"], false);
    // Settings Sam saves win over the profile.
    let own = json!({"person_id": null, "settings": {"source": "auto", "voice": "en-gb", "rate": "normal", "speak_on_tap": true, "highlight": true}});
    assert_eq!(
        sam.call_json("speech/save-settings", own).await.status(),
        StatusCode::OK
    );
    let speech: Value = own_speech(&sam).await;
    assert_eq!(speech["speak_on_tap"], true);
}

#[tokio::test]
async fn only_the_authors_supporters_record_a_profile() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let alex = app.signed_in("alex").await;
    let sam_id = id_of(&sam).await;
    let alex_id = id_of(&alex).await;
    let before = app.storage.dump().await.expect("dump");
    for (who, person, whose) in [
        ("the author", &sam, &sam_id),
        ("another co-producer", &robin, &sam_id),
        ("another account's supporter", &casey, &sam_id),
        ("a supporter for themself", &alex, &alex_id),
    ] {
        let response = person
            .call_json(
                "profile/save",
                json!({"person_id": whose, "profile": quiet_large()}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(app.storage.dump().await.expect("dump"), before);
    assert_eq!(
        casey
            .call_json("profile/get", json!({"person_id": sam_id}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
