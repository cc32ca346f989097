//! Favourites, recent pictures and "My words", with who may change what.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, three_tiles, Person};

async fn boards(person: &Person) -> Value {
    let response = person.call("boards/mine", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn words(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("list")
        .iter()
        .map(|i| i["word"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn person_id(person: &Person) -> String {
    person.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn favourites_are_kept_and_taken_off() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let dog = json!({"set": "mulberry", "id": "dog"});
    let keep = |on: bool| json!({"symbol": dog, "word": "my dog", "on": on});
    assert_eq!(
        sam.call_json("boards/favourite", keep(true)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        sam.call_json("boards/favourite", keep(true)).await.status(),
        StatusCode::OK
    );
    assert_eq!(words(&boards(&sam).await["favourites"]), vec!["my dog"]);
    assert_eq!(
        sam.call_json("boards/favourite", keep(false))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        words(&boards(&sam).await["favourites"]),
        Vec::<String>::new()
    );

    for symbol in [
        json!({"set": "mulberry", "id": "no_such_picture"}),
        json!({"set": "photo", "id": "ab".repeat(32)}),
        json!({"set": "mulberry", "id": "../secret"}),
    ] {
        let response = sam
            .call_json(
                "boards/favourite",
                json!({"symbol": symbol, "word": "x", "on": true}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{symbol}"
        );
    }
    let response = app
        .visitor()
        .call_json("boards/favourite", keep(true))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn pictures_used_in_a_saved_post_are_shown_as_used_lately() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let post_id = sam.start_post(&app.leeds().await).await;
    assert_eq!(
        sam.save(&post_id, three_tiles(), 1).await.status(),
        StatusCode::OK
    );
    let recent = boards(&sam).await["recent"].clone();
    let mut used = words(&recent);
    used.sort();
    assert_eq!(used, vec!["I", "dog", "park"]);
    // Someone else's boards stay their own.
    let alex = app.signed_in("alex").await;
    assert_eq!(boards(&alex).await["recent"], json!([]));
}

#[tokio::test]
async fn a_supporter_fills_my_words_for_people_on_their_account_only() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let casey = app.signed_in("casey").await;
    let robin = app.signed_in("robin").await;
    let sam_id = person_id(&sam).await;
    let robin_id = person_id(&robin).await;

    let people: Value = alex
        .call("boards/authors", &[])
        .await
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = people
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["display_name"].as_str().unwrap_or(""))
        .collect();
    assert!(
        names.contains(&"Sam") && names.contains(&"robin"),
        "{names:?}"
    );
    assert!(!names.contains(&"Alex"));

    let word = |author: &str| json!({"author_id": author, "symbol": {"set": "mulberry", "id": "dog"}, "word": "Biscuit my dog"});
    assert_eq!(
        alex.call_json("boards/add-word", word(&sam_id))
            .await
            .status(),
        StatusCode::OK
    );
    let mine = boards(&sam).await;
    assert_eq!(words(&mine["my_words"]), vec!["Biscuit my dog"]);

    // Another group's supporter, a co-producer and a visitor are refused.
    assert_eq!(
        casey
            .call_json("boards/add-word", word(&sam_id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sam.call_json("boards/add-word", word(&robin_id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        sam.call("boards/authors", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.visitor()
            .call_json("boards/add-word", word(&sam_id))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        casey
            .call("boards/words-for", &[("author_id", &sam_id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let item_id = mine["my_words"][0]["id"].as_str().expect("id").to_string();
    let remove = json!({"author_id": sam_id, "my_word_id": item_id});
    assert_eq!(
        casey
            .call_json("boards/remove-word", remove.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        alex.call_json("boards/remove-word", remove.clone())
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        alex.call_json("boards/remove-word", remove).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(words(&boards(&sam).await["my_words"]), Vec::<String>::new());
}
