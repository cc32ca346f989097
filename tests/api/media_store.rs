//! Two real `ourvoice` programs on one database and one S3-compatible
//! object store (moto, on loopback): photos, cards and speech are kept in
//! the store, so either server answers for them; nothing stays in either
//! server's data folder.

use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::crash::{free_port, start_with};
use crate::helpers::{database_env, database_url, Person, TEST_SECRET_KEY};
use crate::peers::{MastodonPeer, S3Peer};
use crate::photos::plain_jpeg;
use crate::publishing::wait_for;

/// Files in `data`'s media folders (none when the store holds them all).
fn local_media(data: &Path) -> Vec<String> {
    ["photos", "cards", "speech"]
        .iter()
        .flat_map(|folder| {
            std::fs::read_dir(data.join(folder))
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|entry| format!("{folder}/{}", entry.file_name().to_string_lossy()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect()
}

async fn bytes_of(person: &Person, path: &str) -> (StatusCode, Vec<u8>) {
    let response = person.get(path).await;
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_post_written_on_a_and_approved_on_b_goes_once_and_its_media_answer_from_both() {
    let mastodon = MastodonPeer::start().await;
    let mut store = S3Peer::start().await;
    let (a_data, b_data) = (
        tempfile::tempdir().expect("A's data"),
        tempfile::tempdir().expect("B's data"),
    );
    let (a_port, b_port) = (free_port(), free_port());
    let mut a_env = database_env(a_data.path());
    a_env.retain(|(k, _)| *k != "OURVOICE_SECRET_KEY");
    a_env.push(("OURVOICE_SECRET_KEY", TEST_SECRET_KEY.to_string()));
    a_env.extend(store.env("leeds"));
    let mut b_env = vec![
        ("DATABASE_URL", database_url(a_data.path())),
        ("OURVOICE_SECRET_KEY", TEST_SECRET_KEY.to_string()),
        ("OURVOICE_PUBLIC_URL", format!("http://127.0.0.1:{b_port}")),
    ];
    b_env.extend(store.env("leeds"));
    let _a = start_with(a_data.path(), &["serve", "--demo"], a_port, 0, &a_env).await;
    let _b = start_with(b_data.path(), &["serve"], b_port, 0, &b_env).await;
    let (a_base, b_base) = (
        format!("http://127.0.0.1:{a_port}"),
        format!("http://127.0.0.1:{b_port}"),
    );
    for base in [&a_base, &b_base] {
        let ready = reqwest::get(format!("{base}/readyz"))
            .await
            .expect("readyz");
        assert_eq!(ready.status(), StatusCode::OK, "{base}");
    }

    let jo = Person::signed_in_at(&a_base, "jo").await;
    let account = jo.first_account().await;
    let connected = jo
        .connect_mastodon(&account, &mastodon.base, &mastodon.token)
        .await;
    assert_eq!(connected.status(), StatusCode::OK);

    // sam adds a photo and writes on A.
    let sam_on_a = Person::signed_in_at(&a_base, "sam").await;
    let uploaded = sam_on_a.upload_photo(plain_jpeg()).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let photo: Value = uploaded.json().await.expect("json");
    let id = photo["id"].as_str().expect("photo id").to_string();
    let post_id = sam_on_a.start_post(&account).await;
    let tiles = json!([
        {"symbol": {"set": "photo", "id": id}, "word": "Our garden"},
        {"symbol": {"set": "mulberry", "id": "dog"}, "word": "The dog likes it."}
    ]);
    assert_eq!(
        sam_on_a.send(&post_id, tiles, 1).await.status(),
        StatusCode::OK
    );

    // The photo answers from B before anything is published: the draft's
    // photo is for sam and the checkers, on either server.
    let sam_on_b = Person::signed_in_at(&b_base, "sam").await;
    let alex_on_b = Person::signed_in_at(&b_base, "alex").await;
    let (status, on_a) = bytes_of(&sam_on_a, &format!("/photos/{id}.jpg")).await;
    assert_eq!(status, StatusCode::OK);
    for (who, path) in [
        (&sam_on_b, format!("/photos/{id}.jpg")),
        (&alex_on_b, format!("/photos/{id}.jpg")),
    ] {
        assert_eq!(bytes_of(who, &path).await, (StatusCode::OK, on_a.clone()));
    }
    let (status, thumb_on_b) = bytes_of(&alex_on_b, &format!("/photos/{id}-thumb.jpg")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        bytes_of(&sam_on_a, &format!("/photos/{id}-thumb.jpg")).await,
        (StatusCode::OK, thumb_on_b)
    );
    let stranger = Person::visitor_at(&b_base);
    assert_ne!(
        stranger.get(&format!("/photos/{id}.jpg")).await.status(),
        StatusCode::OK,
        "a draft's photo is not public"
    );

    // Approved on B: published once, with the card and the photo.
    // The supporter confirms the people in the photo agreed to it.
    let approved = alex_on_b
        .call_json(
            "check/approve",
            json!({"post_id": post_id, "photo_consent": true}),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    let live = wait_for(&sam_on_a, &post_id, "live").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let statuses = mastodon.statuses().await;
    assert_eq!(statuses.len(), 1, "{statuses:?}");
    assert_eq!(live["url"], statuses[0]["url"]);
    let attached = statuses[0]["media_attachments"].as_array().expect("media");
    assert_eq!(attached.len(), 2, "the card and the photo: {attached:?}");

    // Published: the photo and the card are public on both servers.
    let visitor_a = Person::visitor_at(&a_base);
    let (status, card_on_a) = bytes_of(&visitor_a, &format!("/cards/{post_id}.png")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        bytes_of(&stranger, &format!("/cards/{post_id}.png")).await,
        (StatusCode::OK, card_on_a)
    );
    assert_eq!(
        bytes_of(&stranger, &format!("/photos/{id}.jpg")).await,
        (StatusCode::OK, on_a)
    );

    // Speech made on A answers on B, from the shared cache.
    let text = json!({"text": "Our garden has a dog."});
    let spoken: Value = sam_on_a
        .post_json("/speech", &text)
        .await
        .json()
        .await
        .expect("speech");
    let audio = spoken["audio"].as_str().expect("audio url");
    let key = format!(
        "leeds/speech/{}",
        audio.strip_prefix("/speech/").expect("speech path")
    );
    let (status, wav_on_a) = bytes_of(&sam_on_a, audio).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes_of(&sam_on_b, audio).await, (StatusCode::OK, wav_on_a));
    let written = store.last_modified(&key).await;
    // Later than the store's one-second dates, B asks for the same words:
    // it answers from the cache, without writing the audio again.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let again: Value = sam_on_b
        .post_json("/speech", &text)
        .await
        .json()
        .await
        .expect("speech on B");
    assert_eq!(again, spoken);
    assert_eq!(store.last_modified(&key).await, written, "not made again");

    // Everything is in the store, under the prefix; nothing in the folders.
    let keys = store.keys().await;
    for wanted in [
        format!("leeds/photos/{id}.jpg"),
        format!("leeds/photos/{id}-thumb.jpg"),
        key.clone(),
        key.replace(".wav", ".json"),
    ] {
        assert!(keys.contains(&wanted), "{wanted} in {keys:?}");
    }
    assert_eq!(
        keys.iter()
            .filter(|k| k.starts_with("leeds/cards/"))
            .count(),
        1,
        "one card, drawn once: {keys:?}"
    );
    assert!(keys.iter().all(|k| k.starts_with("leeds/")), "{keys:?}");
    assert_eq!(local_media(a_data.path()), Vec::<String>::new());
    assert_eq!(local_media(b_data.path()), Vec::<String>::new());

    // The store goes away: neither server is ready, and says why.
    store.stop();
    for base in [&a_base, &b_base] {
        let ready = reqwest::get(format!("{base}/readyz"))
            .await
            .expect("readyz");
        assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "{base}");
        let why = ready.text().await.expect("why");
        assert!(why.contains("object store"), "{why}");
    }
}
