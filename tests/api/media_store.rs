//! Two real `ourvoice` programs on one database and one S3-compatible
//! object store (moto, on loopback): photos, cards and speech are kept in
//! the store, so either server answers for them; nothing stays in either
//! server's data folder. Backups copy them out of the store, and restores
//! put them back into one.

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

/// A 300 × 300 JPEG, all green.
fn green_jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    let image = image::RgbImage::from_pixel(300, 300, image::Rgb([20, 200, 40]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(image.as_raw(), 300, 300, image::ExtendedColorType::Rgb8)
        .expect("encode");
    out
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
    let approved = alex_on_b.approve_with_photo_consent(&post_id).await;
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

    // Twenty uploads of one new photo at once, half on A and half on B:
    // every one is taken, all under one name, kept once in the store.
    let green = green_jpeg();
    let uploads = (0..20).map(|n| {
        let who = if n % 2 == 0 { &sam_on_a } else { &sam_on_b };
        let bytes = green.clone();
        async move { who.upload_photo(bytes).await }
    });
    let mut ids = Vec::new();
    for answer in futures::future::join_all(uploads).await {
        assert_eq!(answer.status(), StatusCode::CREATED);
        let photo: Value = answer.json().await.expect("json");
        ids.push(photo["id"].as_str().expect("id").to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one photo: {ids:?}");
    let green_id = ids[0].clone();
    assert_ne!(green_id, id);
    let (status, green_on_a) = bytes_of(&sam_on_a, &format!("/photos/{green_id}.jpg")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        bytes_of(&sam_on_b, &format!("/photos/{green_id}.jpg")).await,
        (StatusCode::OK, green_on_a)
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
        format!("leeds/photos/{green_id}.jpg"),
        format!("leeds/photos/{green_id}-thumb.jpg"),
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
    assert_eq!(
        keys.iter()
            .filter(|k| k.starts_with("leeds/photos/"))
            .count(),
        4,
        "two photos and their thumbnails: {keys:?}"
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

/// A server on SQLite with its photos and cards in the object store: its
/// backup holds them, and a restore puts them into the store the restored
/// server is set up with, where it finds them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_holds_the_photos_and_cards_of_the_object_store_and_a_restore_puts_them_back() {
    if crate::helpers::test_postgres().is_some() {
        // Backups are for SQLite; on Postgres the command refuses and
        // points to pg_dump (`running::backups_taken_while_…`).
        return;
    }
    let store = S3Peer::start().await;
    let data = tempfile::tempdir().expect("data");
    let port = free_port();
    let mut env = database_env(data.path());
    env.extend(store.env("leeds"));
    let server = start_with(data.path(), &["serve", "--demo"], port, 0, &env).await;
    let base = format!("http://127.0.0.1:{port}");
    let sam = Person::signed_in_at(&base, "sam").await;
    let account = sam.first_account().await;
    let uploaded = sam.upload_photo(plain_jpeg()).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let photo: Value = uploaded.json().await.expect("json");
    let id = photo["id"].as_str().expect("photo id").to_string();
    let post_id = sam.start_post(&account).await;
    let tiles = json!([{"symbol": {"set": "photo", "id": id}, "word": "Our garden"}]);
    assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);
    let alex = Person::signed_in_at(&base, "alex").await;
    let approved = alex.approve_with_photo_consent(&post_id).await;
    assert_eq!(approved.status(), StatusCode::OK);
    let visitor = Person::visitor_at(&base);
    let (status, card) = bytes_of(&visitor, &format!("/cards/{post_id}.png")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, photo_bytes) = bytes_of(&visitor, &format!("/photos/{id}.jpg")).await;
    assert_eq!(status, StatusCode::OK);
    let kept: Vec<String> = store
        .keys()
        .await
        .into_iter()
        .filter(|k| k.starts_with("leeds/photos/") || k.starts_with("leeds/cards/"))
        .collect();
    assert_eq!(kept.len(), 3, "photo, thumbnail, card: {kept:?}");

    // The backup, while the server runs.
    let backup = tempfile::tempdir().expect("backup");
    let target = backup.path().join("monday");
    let run = |args: Vec<String>, env: Vec<(&'static str, String)>, data: std::path::PathBuf| {
        std::process::Command::new(crate::crash::program())
            .args(args)
            .env("OURVOICE_DATA", data)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()
            .expect("the command runs")
    };
    let target_arg = target.to_str().expect("path").to_string();
    let output = run(
        vec!["backup".into(), target_arg.clone()],
        env.clone(),
        data.path().to_path_buf(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for key in &kept {
        let file = target.join(key.strip_prefix("leeds/").expect("prefix"));
        assert!(file.is_file(), "{} is in the backup", file.display());
    }
    assert_eq!(
        std::fs::read(target.join(format!("photos/{id}.jpg"))).expect("photo"),
        photo_bytes
    );
    drop(server);

    // Restored into a new folder and the store's "restored" part.
    let fresh = tempfile::tempdir().expect("fresh");
    let mut fresh_env = database_env(fresh.path());
    fresh_env.extend(store.env("restored"));
    let output = run(
        vec!["restore".into(), target_arg],
        fresh_env.clone(),
        fresh.path().to_path_buf(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let keys = store.keys().await;
    for key in &kept {
        let restored = key.replacen("leeds/", "restored/", 1);
        assert!(keys.contains(&restored), "{restored} in {keys:?}");
    }
    assert_eq!(local_media(fresh.path()), Vec::<String>::new());

    // The restored server answers with the same photo and card.
    let port = free_port();
    fresh_env.push(("OURVOICE_PUBLIC_URL", format!("http://127.0.0.1:{port}")));
    let _restored = start_with(fresh.path(), &["serve"], port, 0, &fresh_env).await;
    let visitor = Person::visitor_at(&format!("http://127.0.0.1:{port}"));
    assert_eq!(
        bytes_of(&visitor, &format!("/photos/{id}.jpg")).await,
        (StatusCode::OK, photo_bytes)
    );
    assert_eq!(
        bytes_of(&visitor, &format!("/cards/{post_id}.png")).await,
        (StatusCode::OK, card)
    );
}
