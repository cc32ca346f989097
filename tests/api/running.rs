//! Running a service without the demo: `ourvoice init` (twice), welcome
//! links (used, expired, wrong), the admin pages' server functions for
//! accounts and people, stopping access, erasing a person (down to the
//! bytes of the SQLite file), a person's data as a zip, and `serve`
//! refusing to start without a public address.

use std::path::Path;
use std::process::Command;

use app::domain::roles::Role;
use app::ports::StaffStore;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::crash::program;
use crate::helpers::{
    add_member, location, spawn_app, test_config, three_tiles, visible_text, Person,
};
use crate::photos::plain_jpeg;

/// Runs `ourvoice init` on the data folder; answers (success, stdout,
/// stderr).
fn init(data: &Path, admin: &str) -> (bool, String, String) {
    let output = Command::new(program())
        .args([
            "init",
            "--organisation",
            "Leeds Community Trust",
            "--account",
            "Leeds Voices",
            "--help-url",
            "https://example.org/help",
            "--admin",
            admin,
            "--admin-name",
            "Morgan Admin",
        ])
        .env("OURVOICE_DATA", data)
        .envs(crate::helpers::database_env(data))
        .env("OURVOICE_PUBLIC_URL", "https://ourvoice.example.org")
        .output()
        .expect("ourvoice init runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The secret at the end of the welcome link that `init` printed.
fn token_in(printed: &str) -> String {
    let at = printed
        .find("https://ourvoice.example.org/welcome/")
        .unwrap_or_else(|| panic!("no welcome link in {printed}"));
    printed[at..]
        .trim_start_matches("https://ourvoice.example.org/welcome/")
        .split_whitespace()
        .next()
        .expect("token")
        .to_string()
}

/// A server on `data` without the demo people, on a free port.
async fn serve_plain(data: &Path) -> String {
    let server = ourvoice::Server::build(test_config(data, None, 0), false)
        .await
        .expect("server starts");
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    base
}

async fn welcome(person: &Person, token: &str, password: &str) -> reqwest::Response {
    person
        .http
        .post(format!("{}/welcome", person.base))
        .form(&[("token", token), ("password", password)])
        .send()
        .await
        .expect("welcome form")
}

async fn link_state(person: &Person, token: &str) -> Value {
    person
        .call("welcome/check", &[("token", token)])
        .await
        .json()
        .await
        .expect("state")
}

#[tokio::test]
async fn init_sets_up_once_and_a_second_init_changes_nothing() {
    let data = tempfile::tempdir().expect("dir");
    let (ok, printed, _) = init(data.path(), "morgan");
    assert!(ok, "{printed}");
    assert!(printed.contains("Leeds Community Trust"), "{printed}");
    let token = token_in(&printed);
    assert_eq!(token.len(), 64);

    let storage = ourvoice::storage::Storage::connect(&crate::helpers::database_url(data.path()))
        .await
        .expect("storage");
    let before = storage.dump().await.expect("dump");
    assert!(
        !before.iter().any(|row| row.contains(&token)),
        "only a hash of the link is kept"
    );
    let (ok, printed, said) = init(data.path(), "someone-else");
    assert!(!ok, "{printed}");
    assert!(said.contains("already has an admin"), "{said}");
    assert_eq!(storage.dump().await.expect("dump"), before);
    let counts = storage.table_counts().await.expect("counts");
    assert_eq!(
        counts,
        vec![
            ("organisation", 1),
            ("service_account", 1),
            ("person", 1),
            ("membership", 1)
        ]
    );
}

#[tokio::test]
async fn a_welcome_link_sets_a_password_once_and_says_when_it_is_used_old_or_wrong() {
    let data = tempfile::tempdir().expect("dir");
    let (ok, printed, said) = init(data.path(), "morgan");
    assert!(ok, "{said}");
    let token = token_in(&printed);
    let base = serve_plain(data.path()).await;
    let visitor = Person::visitor_at(&base);

    assert_eq!(
        link_state(&visitor, &token).await,
        json!({"Ready": {"display_name": "Morgan Admin"}})
    );
    let page = visitor.get(&format!("/welcome/{token}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    for words in ["New password", "Save my password", "Morgan Admin"] {
        assert!(html.contains(words), "{words}");
    }
    // Too short: back to the page, which says why; the link still works.
    let response = welcome(&visitor, &token, "short").await;
    assert_eq!(
        location(&response),
        format!("/welcome/{token}?problem=short")
    );
    assert!(link_state(&visitor, &token).await.get("Ready").is_some());

    let response = welcome(&visitor, &token, "a good long password").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let me = visitor.me().await;
    assert_eq!(me["user_name"], "morgan");
    assert_eq!(me["memberships"][0]["role"], "admin");
    assert_eq!(me["memberships"][0]["account_slug"], "leeds-voices");

    // Used: it says so, and using it again changes nothing.
    assert_eq!(link_state(&visitor, &token).await, json!("Used"));
    let html = visible_text(
        &visitor
            .get(&format!("/welcome/{token}"))
            .await
            .text()
            .await
            .expect("html"),
    );
    assert!(html.contains("This link was used already."), "{html}");
    let stranger = Person::visitor_at(&base);
    let response = welcome(&stranger, &token, "another long password").await;
    assert_eq!(location(&response), format!("/welcome/{token}"));
    assert!(stranger.me().await.is_null());
    // The password chosen first is the one that works.
    let again = Person::visitor_at(&base);
    assert_eq!(
        location(&again.sign_in("morgan", "a good long password").await),
        "/"
    );
    assert_eq!(
        location(
            &Person::visitor_at(&base)
                .sign_in("morgan", "another long password")
                .await
        ),
        "/sign-in?failed=1"
    );

    // A wrong link.
    assert_eq!(
        link_state(&visitor, &"0".repeat(64)).await,
        json!("Unknown")
    );
    let html = visible_text(
        &visitor
            .get("/welcome/nonsense")
            .await
            .text()
            .await
            .expect("html"),
    );
    assert!(html.contains("This link does not work."), "{html}");

    // An old link: it says so and sets nothing.
    let storage = ourvoice::storage::Storage::connect(&crate::helpers::database_url(data.path()))
        .await
        .expect("storage");
    let morgan = again.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string();
    let old = storage
        .new_welcome_link(&morgan, &morgan, ourvoice::clock::wall_ms() - 1)
        .await
        .expect("link");
    assert_eq!(link_state(&visitor, &old).await, json!("Expired"));
    let html = visible_text(
        &visitor
            .get(&format!("/welcome/{old}"))
            .await
            .text()
            .await
            .expect("html"),
    );
    assert!(html.contains("This link is too old."), "{html}");
    let response = welcome(&Person::visitor_at(&base), &old, "a third long password").await;
    assert_eq!(location(&response), format!("/welcome/{old}"));
    assert_eq!(
        location(
            &Person::visitor_at(&base)
                .sign_in("morgan", "a third long password")
                .await
        ),
        "/sign-in?failed=1"
    );
}

/// The session cookie `ourvoice serve --demo` sets at sign-in when its
/// public address is `public_url`.
async fn session_cookie_with(public_url: &str) -> String {
    let data = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut child = Command::new(program())
        .args(["serve", "--demo"])
        .current_dir(&repo)
        .env("OURVOICE_DATA", data.path())
        .envs(crate::helpers::database_env(data.path()))
        .env("OURVOICE_ADDR", format!("127.0.0.1:{port}"))
        .env("OURVOICE_PUBLIC_URL", public_url)
        .env("OURVOICE_SYMBOLS", repo.join("assets/symbols"))
        .env("OURVOICE_DEMO_PASSWORD", crate::helpers::PASSWORD)
        .env_remove("OURVOICE_SECURE_COOKIES")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("ourvoice starts");
    let base = format!("http://127.0.0.1:{port}");
    let visitor = Person::visitor_at(&base);
    let started = std::time::Instant::now();
    while visitor
        .http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .is_err()
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let response = visitor.sign_in("sam", crate::helpers::PASSWORD).await;
    let _ = child.kill();
    let _ = child.wait();
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ourvoice_session="))
        .expect("a session cookie")
        .to_string()
}

#[tokio::test]
async fn cookies_are_secure_whenever_the_public_address_is_https() {
    let https = session_cookie_with("https://ourvoice.example.org").await;
    assert!(https.contains("; Secure"), "{https}");
    let http = session_cookie_with("http://127.0.0.1").await;
    assert!(!http.contains("Secure"), "{http}");
}

#[test]
fn serve_refuses_to_start_for_real_people_without_a_public_address() {
    let data = tempfile::tempdir().expect("dir");
    let output = Command::new(program())
        .args(["serve"])
        .env("OURVOICE_DATA", data.path())
        .envs(crate::helpers::database_env(data.path()))
        .env("OURVOICE_ADDR", "127.0.0.1:0")
        .env_remove("OURVOICE_PUBLIC_URL")
        .output()
        .expect("ourvoice runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("OURVOICE_PUBLIC_URL"), "{said}");
}

/// On Postgres (the suite's second run) a server without the shared
/// sealing key refuses to start and says what to set. On SQLite one server
/// keeps its key in its data folder, so there is nothing to check.
#[test]
fn serve_on_postgres_refuses_to_start_without_the_shared_sealing_key() {
    if crate::helpers::test_postgres().is_none() {
        return;
    }
    let data = tempfile::tempdir().expect("dir");
    let output = Command::new(program())
        .args(["serve", "--demo"])
        .env("OURVOICE_DATA", data.path())
        .env("DATABASE_URL", crate::helpers::database_url(data.path()))
        .env_remove("OURVOICE_SECRET_KEY")
        .env("OURVOICE_ADDR", "127.0.0.1:0")
        .output()
        .expect("ourvoice runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("OURVOICE_SECRET_KEY") && said.contains("openssl rand -hex 32"),
        "{said}"
    );
}

/// An admin's call, answered 200, with its JSON.
async fn ok(person: &Person, endpoint: &str, body: Value) -> Value {
    let response = person.call_json(endpoint, body).await;
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, StatusCode::OK, "{endpoint}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A refused call: its status and easy-read message.
async fn refused(person: &Person, endpoint: &str, body: Value) -> (StatusCode, String) {
    let response = person.call_json(endpoint, body).await;
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The token at the end of a welcome link.
fn token_of(link: &Value) -> String {
    link["link"]
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .expect("a link")
        .to_string()
}

#[tokio::test]
async fn admins_add_accounts_and_people_who_sign_in_through_their_links() {
    let app = spawn_app().await;
    let jo = app.signed_in("jo").await;
    let lee_id = add_member(&app.storage, "lee", "other-group", Role::Admin).await;
    let lee = app.signed_in("lee").await;

    let organisations = ok(&jo, "accounts/list", json!({})).await;
    assert_eq!(organisations.as_array().expect("list").len(), 1);
    let organisation_id = organisations[0]["organisation_id"]
        .as_str()
        .expect("id")
        .to_string();
    let names: Vec<&str> = organisations[0]["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Our Voice Leeds"], "only jo's organisation");

    // Refusals say why and change nothing.
    let before = app.storage.dump().await.expect("dump");
    for (body, words) in [
        (
            json!({"organisation_id": organisation_id, "name": " ", "help_url": "https://x.org"}),
            "Write a name.",
        ),
        (
            json!({"organisation_id": organisation_id, "name": "York", "help_url": "x.org"}),
            "Write the help link",
        ),
        (
            json!({"organisation_id": organisation_id, "name": "York", "help_url": "https://x.org", "time_zone": "Mars/Base"}),
            "Pick a time zone",
        ),
    ] {
        let (status, text) = refused(&jo, "accounts/add", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text.contains(words), "{text}");
    }
    let (status, _) = refused(
        &lee,
        "accounts/add",
        json!({"organisation_id": organisation_id, "name": "York", "help_url": "https://x.org"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not lee's organisation");
    assert_eq!(app.storage.dump().await.expect("dump"), before);

    let york = ok(
        &jo,
        "accounts/add",
        json!({"organisation_id": organisation_id, "name": "York Self Advocacy", "help_url": "https://york.example/help"}),
    )
    .await;
    assert_eq!(york["slug"], "york-self-advocacy");
    assert_eq!(york["time_zone"], "Europe/London");
    let twin = ok(
        &jo,
        "accounts/add",
        json!({"organisation_id": organisation_id, "name": "York Self-Advocacy!", "help_url": "https://york.example/help", "time_zone": "Europe/Dublin"}),
    )
    .await;
    assert_eq!(twin["slug"], "york-self-advocacy-2");
    let york_id = york["account_id"].as_str().expect("id").to_string();
    ok(
        &jo,
        "accounts/change",
        json!({"account_id": york_id, "name": "York Voices", "help_url": "https://york.example/help2", "time_zone": "Europe/London"}),
    )
    .await;
    let feed = Person::visitor_at(&app.base)
        .get("/feed/york-self-advocacy")
        .await;
    assert_eq!(
        feed.status(),
        StatusCode::OK,
        "the address stays when the name changes"
    );
    assert!(feed.text().await.expect("html").contains("York Voices"));

    // A person added with a role gets a one-time link and signs in with it.
    let link = ok(
        &jo,
        "people/add",
        json!({"name": "Kit Jones", "user_name": "Kit.Jones", "account_id": york_id, "role": "co_producer"}),
    )
    .await;
    assert_eq!(link["display_name"], "Kit Jones");
    assert!(link["link"].as_str().expect("link").contains("/welcome/"));
    let (status, text) = refused(
        &jo,
        "people/add",
        json!({"name": "Kit Two", "user_name": "kit.jones", "account_id": york_id, "role": "supporter"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("Someone has that user name."), "{text}");
    let kit = Person::visitor_at(&app.base);
    let response = welcome(&kit, &token_of(&link), "kit's long password").await;
    assert_eq!(location(&response), "/");
    let me = kit.me().await;
    assert_eq!(me["user_name"], "kit.jones");
    let kit_id = me["person_id"].as_str().expect("id").to_string();

    // More roles, and taking one away (never the last one).
    let leeds = app.leeds().await;
    ok(
        &jo,
        "people/give-role",
        json!({"person_id": kit_id, "account_id": leeds, "role": "supporter"}),
    )
    .await;
    let people = ok(&jo, "people/list", json!({})).await;
    let kit_line = people["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["person_id"] == kit_id.as_str())
        .cloned()
        .expect("kit listed");
    assert_eq!(kit_line["roles"].as_array().expect("roles").len(), 2);
    ok(
        &jo,
        "people/take-role",
        json!({"person_id": kit_id, "account_id": york_id}),
    )
    .await;
    let (status, text) = refused(
        &jo,
        "people/take-role",
        json!({"person_id": kit_id, "account_id": leeds}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("last role"), "{text}");
    // lee runs no account kit is on.
    let (status, _) = refused(&lee, "people/welcome", json!({"person_id": kit_id})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let _ = lee_id;

    // Closing an account: no new posts there, its feed stays with a notice.
    ok(&jo, "accounts/close", json!({"account_id": york_id})).await;
    let (status, text) = refused(&jo, "posts/new", json!({"account_id": york_id})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("This account is closed."), "{text}");
    let feed = Person::visitor_at(&app.base)
        .get("/feed/york-self-advocacy")
        .await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(visible_text(&feed.text().await.expect("html")).contains("This account is closed."));

    // The account's log has every change, with no names written in it.
    let log = ok(&jo, "admin/log", json!({"account_id": york_id})).await;
    let notes: Vec<String> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|l| l["note"].as_str().map(str::to_string))
        .collect();
    for what in [
        "account added",
        "account changed",
        "person added: co_producer",
        "welcome link",
        "role taken: co_producer",
        "account closed",
    ] {
        assert!(notes.iter().any(|n| n == what), "{what} in {notes:?}");
    }
}

#[tokio::test]
async fn stopping_access_ends_sessions_and_cards_at_once_and_can_be_undone() {
    let app = spawn_app().await;
    let jo = app.signed_in("jo").await;
    let sam = app.signed_in("sam").await;
    let sam_on_another_tablet = app.signed_in("sam").await;
    let sam_id = sam.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string();
    let leeds = app.leeds().await;
    let draft = sam.write_and_send(&leeds).await;
    let alex = app.signed_in("alex").await;
    let card: Value = alex
        .call_json("signin/new-card", json!({"person_id": sam_id, "days": 1}))
        .await
        .json()
        .await
        .expect("card");
    let card_token = card["link"]
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .expect("token")
        .to_string();

    // Nobody stops themself, and a co-producer stops nobody.
    let jo_id = jo.me().await["person_id"].as_str().expect("id").to_string();
    let (status, _) = refused(
        &jo,
        "people/access",
        json!({"person_id": jo_id, "stop": true}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = refused(
        &sam,
        "people/access",
        json!({"person_id": jo_id, "stop": true}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    ok(
        &jo,
        "people/access",
        json!({"person_id": sam_id, "stop": true}),
    )
    .await;
    for session in [&sam, &sam_on_another_tablet] {
        assert!(session.me().await.is_null(), "the session ended");
        assert_eq!(
            session.call("posts/mine", &[]).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        location(
            &Person::visitor_at(&app.base)
                .sign_in("sam", crate::helpers::PASSWORD)
                .await
        ),
        "/sign-in?failed=1"
    );
    let by_card = Person::visitor_at(&app.base);
    let response = by_card
        .http
        .post(format!("{}/sign-in/card", app.base))
        .form(&[("token", card_token.as_str())])
        .send()
        .await
        .expect("card sign-in");
    assert_ne!(location(&response), "/", "the card stopped too");
    assert!(by_card.me().await.is_null());
    // Their posts stay.
    assert_eq!(alex.post(&draft).await["status"], "submitted");
    let people = ok(&jo, "people/list", json!({})).await;
    assert!(people["people"]
        .as_array()
        .expect("people")
        .iter()
        .any(|p| p["person_id"] == sam_id.as_str() && p["stopped"] == true));

    ok(
        &jo,
        "people/access",
        json!({"person_id": sam_id, "stop": false}),
    )
    .await;
    assert_eq!(
        location(
            &Person::visitor_at(&app.base)
                .sign_in("sam", crate::helpers::PASSWORD)
                .await
        ),
        "/"
    );
}

/// Every file of the SQLite database (with its write-ahead log).
fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn removing_a_person_erases_them_down_to_the_bytes_and_keeps_published_posts_nameless() {
    let app = spawn_app().await;
    let jo = app.signed_in("jo").await;
    let leeds = app.leeds().await;
    let link = ok(
        &jo,
        "people/add",
        json!({"name": "Zebedee Quartermaine", "user_name": "zqx.author", "account_id": leeds, "role": "co_producer"}),
    )
    .await;
    let zq = Person::visitor_at(&app.base);
    assert_eq!(
        location(&welcome(&zq, &token_of(&link), "zebedee's password").await),
        "/"
    );
    let zq_id = zq.me().await["person_id"].as_str().expect("id").to_string();
    // A published post, a draft with a photo, boards, settings, a card.
    let published = zq.write_and_send(&leeds).await;
    let alex = app.signed_in("alex").await;
    assert_eq!(alex.approve(&published).await.status(), StatusCode::OK);
    let photo: Value = zq
        .upload_photo(plain_jpeg())
        .await
        .json()
        .await
        .expect("photo");
    let photo_id = photo["id"].as_str().expect("id").to_string();
    let draft = zq.start_post(&leeds).await;
    let tiles = json!([{"symbol": {"set": "photo", "id": photo_id}, "word": "my garden"}]);
    assert_eq!(
        zq.save(&draft, tiles.clone(), 1).await.status(),
        StatusCode::OK
    );
    let draft_tiles: Vec<app::domain::post::Tile> = serde_json::from_value(tiles).expect("tiles");
    let draft_card = app.data.path().join("cards").join(format!(
        "{}.png",
        ourvoice::card::card_name(&draft_tiles).expect("name")
    ));
    ok(
        &zq,
        "boards/favourite",
        json!({"symbol": {"set": "mulberry", "id": "dog"}, "word": "dog", "on": true}),
    )
    .await;
    ok(
        &alex,
        "signin/new-card",
        json!({"person_id": zq_id, "days": 7}),
    )
    .await;
    ok(&alex, "profile/save", json!({"person_id": zq_id, "profile": {"easy_read": true, "symbols": true, "read_aloud": true, "large_text": true}})).await;
    assert!(app
        .data
        .path()
        .join(format!("photos/{photo_id}.jpg"))
        .exists());

    // The data first: a zip with everything.
    let zip = jo.get(&format!("/admin/people/{zq_id}/data.zip")).await;
    assert_eq!(zip.status(), StatusCode::OK);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    let bytes = zip.bytes().await.expect("zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    for name in [
        "README.txt",
        "person.json",
        "posts.json",
        "boards.json",
        "settings.json",
        "sign-in.json",
        "log.json",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert!(
        names.contains(&format!("photos/{photo_id}.jpg")),
        "{names:?}"
    );
    assert!(
        names.contains(&format!("cards/{published}.png")),
        "{names:?}"
    );
    let person_json: Value = {
        use std::io::Read;
        let mut text = String::new();
        archive
            .by_name("person.json")
            .expect("person")
            .read_to_string(&mut text)
            .expect("read");
        serde_json::from_str(&text).expect("json")
    };
    assert_eq!(person_json["person"]["user_name"], "zqx.author");
    assert!(
        person_json["person"].get("password_hash").is_none(),
        "never a password hash"
    );
    let posts_json: Value = {
        use std::io::Read;
        let mut text = String::new();
        archive
            .by_name("posts.json")
            .expect("posts")
            .read_to_string(&mut text)
            .expect("read");
        serde_json::from_str(&text).expect("json")
    };
    assert_eq!(posts_json["posts"].as_array().expect("posts").len(), 2);
    assert!(!posts_json["versions"]
        .as_array()
        .expect("versions")
        .is_empty());

    // Drawing the zip's cards kept the draft's card.
    assert!(draft_card.exists(), "{}", draft_card.display());

    // Then the removal. Before it, the file holds the name (so the check
    // below can fail).
    assert!(holds(
        &crate::helpers::database_bytes(app.data.path()),
        "zqx.author"
    ));
    ok(&jo, "people/remove", json!({"person_id": zq_id})).await;
    assert!(zq.me().await.is_null(), "their session ended");
    assert!(
        !app.data
            .path()
            .join(format!("photos/{photo_id}.jpg"))
            .exists(),
        "their photo went"
    );
    assert!(!draft_card.exists(), "their draft's card went");
    assert_eq!(
        alex.load_post(&draft).await.status(),
        StatusCode::NOT_FOUND,
        "their draft went"
    );
    let feed = visible_text(
        &Person::visitor_at(&app.base)
            .get("/feed/our-voice-leeds")
            .await
            .text()
            .await
            .expect("html"),
    );
    assert!(
        feed.contains("A member of Our Voice Leeds"),
        "the published post stays, nameless"
    );
    let story = ok(&jo, "admin/story", json!({"post_id": published})).await;
    assert_eq!(story["post"]["author_name"], "A member of Our Voice Leeds");
    assert!(
        !story["steps"].as_array().expect("steps").is_empty(),
        "the log keeps its rows"
    );

    let rows = app.storage.dump().await.expect("dump");
    for name in ["Zebedee", "Quartermaine", "zqx.author"] {
        let found: Vec<&String> = rows.iter().filter(|r| r.contains(name)).collect();
        assert!(found.is_empty(), "{name} is still in {found:?}");
        assert!(
            !holds(&crate::helpers::database_bytes(app.data.path()), name),
            "{name} is still in the file"
        );
    }
}

#[tokio::test]
async fn backups_taken_while_posts_are_saved_restore_every_post_and_photo() {
    let data = tempfile::tempdir().expect("dir");
    let server = crate::helpers::build_server(data.path()).await;
    let storage = server.storage();
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    let sam = Person::signed_in_at(&base, "sam").await;
    let leeds = sam.first_account().await;
    let photo: Value = sam
        .upload_photo(plain_jpeg())
        .await
        .json()
        .await
        .expect("photo");
    let photo_id = photo["id"].as_str().expect("id").to_string();
    let with_photo = sam.start_post(&leeds).await;
    let tiles = json!([{"symbol": {"set": "photo", "id": photo_id}, "word": "the garden"}]);
    assert_eq!(
        sam.save(&with_photo, tiles, 1).await.status(),
        StatusCode::OK
    );
    let mut before = Vec::new();
    for _ in 0..10 {
        before.push(sam.write_and_send(&leeds).await);
    }

    // Posts keep being written while the backup runs.
    let writer = {
        let base = base.clone();
        let leeds = leeds.clone();
        tokio::spawn(async move {
            let sam = Person::signed_in_at(&base, "sam").await;
            let mut written = 0;
            for _ in 0..40 {
                let id = sam.start_post(&leeds).await;
                assert_eq!(
                    sam.save(&id, three_tiles(), 1).await.status(),
                    StatusCode::OK
                );
                written += 1;
            }
            written
        })
    };
    let backup = tempfile::tempdir().expect("dir");
    let target = backup.path().join("monday");
    let output = tokio::task::spawn_blocking({
        let (data, target) = (data.path().to_path_buf(), target.clone());
        move || {
            Command::new(program())
                .args(["backup", target.to_str().expect("path")])
                .env("OURVOICE_DATA", &data)
                .envs(crate::helpers::database_env(&data))
                .output()
                .expect("backup runs")
        }
    })
    .await
    .expect("backup");
    if crate::helpers::test_postgres().is_some() {
        // On Postgres the database is backed up with its own tools; the
        // command says so instead of copying half a service.
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success() && said.contains("pg_dump"),
            "{said}"
        );
        return;
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(writer.await.expect("writer"), 40);
    let note = std::fs::read_to_string(target.join("SEALING-KEY.txt")).expect("note");
    assert!(note.contains("secret.key"), "{note}");
    let key = std::fs::read(data.path().join("secret.key")).expect("key");
    let key_text: String = key.iter().map(|b| format!("{b:02x}")).collect();
    for file in std::fs::read_dir(&target).expect("dir").flatten() {
        if file.path().is_file() {
            let bytes = std::fs::read(file.path()).expect("read");
            assert!(
                bytes.windows(key.len()).all(|w| w != key.as_slice()),
                "no key in the backup"
            );
            assert!(!holds(&bytes, &key_text), "no key in the backup");
        }
    }

    // Restore is refused while a server holds the folder.
    let refused = Command::new(program())
        .args(["restore", target.to_str().expect("path"), "--replace"])
        .env("OURVOICE_DATA", data.path())
        .envs(crate::helpers::database_env(data.path()))
        .output()
        .expect("restore runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Stop it first"));

    // Into a new folder: every post written before the backup, and the photo.
    let fresh = tempfile::tempdir().expect("dir");
    let restored = Command::new(program())
        .args(["restore", target.to_str().expect("path")])
        .env("OURVOICE_DATA", fresh.path())
        .envs(crate::helpers::database_env(fresh.path()))
        .output()
        .expect("restore runs");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(fresh.path().join(format!("photos/{photo_id}.jpg")).exists());
    let again = ourvoice::storage::Storage::connect(&crate::helpers::database_url(fresh.path()))
        .await
        .expect("restored storage");
    use app::ports::PostStore;
    for post_id in before.iter().chain([&with_photo]) {
        let post = again.post(post_id).await.expect("the post is there");
        assert_eq!(post.post_id, *post_id);
    }
    let original = storage.dump().await.expect("dump").len();
    let copy = again.dump().await.expect("dump").len();
    assert!(copy > 0 && copy <= original, "{copy} of {original} rows");
}

#[tokio::test]
async fn a_burst_of_twenty_uses_of_one_welcome_link_signs_in_exactly_once() {
    let data = tempfile::tempdir().expect("dir");
    let (ok, printed, said) = init(data.path(), "morgan");
    assert!(ok, "{said}");
    let token = token_in(&printed);
    let base = serve_plain(data.path()).await;
    let tries: Vec<_> = (0..20)
        .map(|n| {
            let (base, token) = (base.clone(), token.clone());
            tokio::spawn(async move {
                let person = Person::visitor_at(&base);
                let password = format!("burst password number {n}");
                let response = welcome(&person, &token, &password).await;
                (location(&response) == "/", password)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tries {
        let (won, password) = task.await.expect("try");
        if won {
            winners.push(password);
        }
    }
    assert_eq!(winners.len(), 1, "exactly one use of the link: {winners:?}");
    let signed_in = Person::visitor_at(&base)
        .sign_in("morgan", &winners[0])
        .await;
    assert_eq!(
        location(&signed_in),
        "/",
        "the winner's password is the one kept"
    );
}
