//! `spawn_app()` starts a real server on port 0 with a fresh database and the
//! demo data, plus a second account; `Person` signs in and calls endpoints.

use std::path::{Path, PathBuf};

use app::domain::roles::Role;
use ourvoice::config::leptos_options;
use ourvoice::storage::{NewPerson, Storage};
use ourvoice::{Config, Server};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

pub const PASSWORD: &str = "test-password";

pub struct TestApp {
    pub base: String,
    pub storage: Storage,
    pub speech: ourvoice::speech::SpeechService,
    pub data: tempfile::TempDir,
    /// How many secrets the server checked against a hash.
    pub password_checks: ourvoice::auth::PasswordChecks,
}

/// The Postgres server the suite runs on instead of SQLite, when
/// `OURVOICE_TEST_POSTGRES` names one (`make test` sets it for its second
/// run of the suite).
pub fn test_postgres() -> Option<String> {
    std::env::var("OURVOICE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The database of the data folder `data`: SQLite inside it, or on Postgres
/// a database of its own, named after the folder and made on first use (a
/// server started again on the same folder finds its data again).
pub fn database_url(data: &Path) -> String {
    let Some(server) = test_postgres() else {
        return Storage::sqlite_url(data).expect("database url");
    };
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut hasher);
    let name = format!("ourvoice_{:016x}", hasher.finish());
    let (base, _) = server
        .rsplit_once('/')
        .expect("OURVOICE_TEST_POSTGRES looks like postgres://user@host:port/db");
    let url = format!("{base}/{name}");
    // Its own thread and runtime: callers may be inside a runtime already.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(async move {
                use sqlx::{Connection, Row};
                let mut admin = sqlx::PgConnection::connect(&server)
                    .await
                    .expect("the test Postgres answers");
                let found = sqlx::query("select count(*) as n from pg_database where datname = $1")
                    .bind(&name)
                    .fetch_one(&mut admin)
                    .await
                    .and_then(|row| row.try_get::<i64, _>("n"))
                    .expect("list databases");
                if found == 0 {
                    sqlx::query(&format!("create database {name}"))
                        .execute(&mut admin)
                        .await
                        .expect("create a test database");
                }
            })
    })
    .join()
    .expect("database made");
    url
}

/// The sealing key every server of the Postgres run shares.
pub const TEST_SECRET_KEY: &str =
    "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

/// What a command run on the data folder `data` needs besides
/// `OURVOICE_DATA`: its database, and on Postgres the shared sealing key.
pub fn database_env(data: &Path) -> Vec<(&'static str, String)> {
    let mut env = vec![("DATABASE_URL", database_url(data))];
    if test_postgres().is_some() {
        env.push(("OURVOICE_SECRET_KEY", TEST_SECRET_KEY.to_string()));
    }
    env
}

/// Everything the database of `data` holds, as bytes: SQLite's file and
/// its write-ahead log, or on Postgres the database written out by
/// `pg_dump` (every row, in clear, as a backup of it would be).
pub fn database_bytes(data: &Path) -> Vec<u8> {
    if test_postgres().is_some() {
        let output = std::process::Command::new(pg_tool("pg_dump"))
            .arg(database_url(data))
            .output()
            .expect("pg_dump runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return output.stdout;
    }
    let mut bytes = Vec::new();
    for name in ["ourvoice.db", "ourvoice.db-wal"] {
        if let Ok(more) = std::fs::read(data.join(name)) {
            bytes.extend(more);
        }
    }
    bytes
}

/// A PostgreSQL 15 program: from `PG_BIN`, else Debian's place for it.
fn pg_tool(name: &str) -> PathBuf {
    std::env::var_os("PG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/postgresql/15/bin"))
        .join(name)
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// Starts the server. Accounts: "Our Voice Leeds" (sam co-producer, alex
/// supporter, jo admin, robin co-producer) and "Other Group" (casey supporter).
pub async fn spawn_app() -> TestApp {
    spawn_app_with_mail(None).await
}

/// [`spawn_app`], emailing notifications through `mail`.
pub async fn spawn_app_with_mail(mail: Option<ourvoice::mail::MailConfig>) -> TestApp {
    let data = tempfile::tempdir().expect("temporary data folder");
    let server = build_server_with_mail(data.path(), mail).await;
    let storage = server.storage();
    let speech = server.speech();
    let password_checks = server.password_checks();
    add_people(&storage).await;
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    TestApp {
        base,
        storage,
        speech,
        data,
        password_checks,
    }
}

/// The app with "Our Voice Leeds" connected to a fresh Mastodon peer by
/// jo, its admin.
pub struct WithMastodon {
    pub peer: crate::peers::MastodonPeer,
    pub app: TestApp,
    pub leeds: String,
    pub jo: Person,
}

/// [`spawn_app`], with Leeds connected to a new Mastodon peer.
pub async fn spawn_app_with_mastodon() -> WithMastodon {
    let peer = crate::peers::MastodonPeer::start().await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(
        connected.status(),
        StatusCode::OK,
        "Leeds connects to Mastodon"
    );
    WithMastodon {
        peer,
        app,
        leeds,
        jo,
    }
}

/// A server with the demo data on the database in `data`, on a free port.
pub async fn build_server(data: &Path) -> Server {
    build_server_with_mail(data, None).await
}

/// A server like [`build_server`] that emails notifications through `mail`.
async fn build_server_with_mail(data: &Path, mail: Option<ourvoice::mail::MailConfig>) -> Server {
    build_server_with(data, mail, 2).await
}

/// A server like [`build_server`] with `workers` publishing workers (0: the
/// outbox fills and nothing is sent).
pub async fn build_server_with(
    data: &Path,
    mail: Option<ourvoice::mail::MailConfig>,
    workers: usize,
) -> Server {
    Server::build(test_config(data, mail, workers), true)
        .await
        .expect("server starts")
}

/// The configuration [`build_server_with`] uses: short waits, so tests
/// see retries and response counts quickly.
pub fn test_config(
    data: &Path,
    mail: Option<ourvoice::mail::MailConfig>,
    workers: usize,
) -> Config {
    let addr = "127.0.0.1:0".parse().expect("address");
    Config {
        addr,
        data_dir: data.to_path_buf(),
        database_url: database_url(data),
        symbols_dir: repo_root().join("assets/symbols"),
        demo_password: PASSWORD.into(),
        public_url: None,
        secure_cookies: false,
        leptos: leptos_options("target/site", addr, false),
        mail,
        secret_key: test_postgres().map(|_| TEST_SECRET_KEY.to_string()),
        publish: ourvoice::publish::PublishConfig {
            timeout: std::time::Duration::from_secs(3),
            workers,
            idle: std::time::Duration::from_millis(200),
            first_wait: std::time::Duration::from_millis(100),
            lease: std::time::Duration::from_secs(60),
            count_every: std::time::Duration::from_secs(1),
            count_look: std::time::Duration::from_secs(1),
        },
        clock_file: Some(data.join("clock")),
        trusted_proxies: ourvoice::auth::TrustedProxies::default(),
        metrics_addr: None,
        media: ourvoice::blobs::MediaSetting::Folder,
    }
}

pub async fn add_people(storage: &Storage) {
    let hash = password_hash();
    let leeds = account_id(storage, "our-voice-leeds").await;
    let robin = person(storage, "robin", &hash).await;
    storage
        .ensure_membership(&leeds, &robin, Role::CoProducer)
        .await
        .expect("robin joins");
    let org = storage
        .ensure_organisation("Other Trust")
        .await
        .expect("org");
    let other = storage
        .ensure_account(
            &org,
            "Other Group",
            "other-group",
            "https://example.org/other",
        )
        .await
        .expect("account");
    let casey = person(storage, "casey", &hash).await;
    storage
        .ensure_membership(&other, &casey, Role::Supporter)
        .await
        .expect("casey joins");
}

/// Adds a person with the test password and a role on the account `slug`.
pub async fn add_member(storage: &Storage, name: &str, slug: &str, role: Role) -> String {
    let hash = password_hash();
    let person_id = person(storage, name, &hash).await;
    let account = account_id(storage, slug).await;
    storage
        .ensure_membership(&account, &person_id, role)
        .await
        .expect("joins");
    person_id
}

fn password_hash() -> String {
    password_auth::generate_hash(PASSWORD)
}

async fn person(storage: &Storage, name: &str, hash: &str) -> String {
    let new = NewPerson {
        user_name: name,
        display_name: name,
        password_hash: hash,
    };
    storage.ensure_person(new, false).await.expect("person")
}

pub async fn account_id(storage: &Storage, slug: &str) -> String {
    use app::ports::AccountStore;
    storage
        .account_by_slug(slug)
        .await
        .expect("account")
        .account_id
}

/// Someone using the app, with their own cookie jar.
pub struct Person {
    pub base: String,
    pub http: reqwest::Client,
}

impl TestApp {
    /// A visitor who is not signed in.
    pub fn visitor(&self) -> Person {
        Person::visitor_at(&self.base)
    }

    /// A person signed in with the test password.
    pub async fn signed_in(&self, user_name: &str) -> Person {
        Person::signed_in_at(&self.base, user_name).await
    }
}

impl Person {
    /// A visitor (not signed in) of the server at `base`. Like a browser,
    /// it says which site its requests come from.
    pub fn visitor_at(base: &str) -> Person {
        let mut same_site = reqwest::header::HeaderMap::new();
        same_site.insert(
            reqwest::header::ORIGIN,
            base.trim_end_matches('/').parse().expect("origin header"),
        );
        Person {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .default_headers(same_site)
                .redirect(reqwest::redirect::Policy::none())
                // A request with no answer fails its test instead of
                // stopping the whole run.
                .timeout(std::time::Duration::from_secs(120))
                .build()
                .expect("http client"),
        }
    }

    /// `user_name` signed in with the test password at the server `base`.
    pub async fn signed_in_at(base: &str, user_name: &str) -> Person {
        let person = Person::visitor_at(base);
        let response = person.sign_in(user_name, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/", "{user_name} signs in");
        person
    }
}

impl TestApp {
    /// The id of the demo account.
    pub async fn leeds(&self) -> String {
        account_id(&self.storage, "our-voice-leeds").await
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A dog, a park and the word "I" as tiles.
pub fn three_tiles() -> Value {
    json!([
        {"symbol": {"set": "mulberry", "id": "I"}, "word": "I"},
        {"symbol": {"set": "mulberry", "id": "dog"}, "word": "dog"},
        {"symbol": {"set": "mulberry", "id": "park_,_to"}, "word": "park"}
    ])
}

impl Person {
    /// Uploads a photo as the request body, as the composer does.
    pub async fn upload_photo(&self, bytes: Vec<u8>) -> Response {
        self.http
            .post(format!("{}/api/photos", self.base))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .expect("photo upload")
    }

    pub async fn sign_in(&self, user_name: &str, password: &str) -> Response {
        self.http
            .post(format!("{}/sign-in", self.base))
            .form(&[("user_name", user_name), ("password", password)])
            .send()
            .await
            .expect("sign-in request")
    }

    pub async fn sign_out(&self) -> Response {
        self.http
            .post(format!("{}/sign-out", self.base))
            .send()
            .await
            .expect("sign-out request")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET request")
    }

    /// Asks for a page as a browser does (saying it reads HTML), so a page
    /// that sends elsewhere answers with a redirect.
    pub async fn get_page(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("GET request")
    }

    /// Posts a JSON body to `path`.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("POST request")
    }

    /// Calls a server function whose arguments are all text.
    pub async fn call(&self, endpoint: &str, args: &[(&str, &str)]) -> Response {
        let body: serde_json::Map<String, Value> = args
            .iter()
            .map(|(name, value)| (name.to_string(), Value::from(*value)))
            .collect();
        self.call_json(endpoint, Value::Object(body)).await
    }

    /// Calls a server function with a JSON body.
    pub async fn call_json(&self, endpoint: &str, body: Value) -> Response {
        self.http
            .post(format!("{}/api/{endpoint}", self.base))
            .json(&body)
            .send()
            .await
            .expect("server function request")
    }

    /// Calls a server function with one extra request header.
    pub async fn call_with_header(
        &self,
        endpoint: &str,
        header: (&str, &str),
        body: &Value,
    ) -> Response {
        self.http
            .post(format!("{}/api/{endpoint}", self.base))
            .header(header.0, header.1)
            .json(body)
            .send()
            .await
            .expect("server function request")
    }

    /// Connects the account to a Mastodon server (as an admin would).
    pub async fn connect_mastodon(&self, account_id: &str, server: &str, token: &str) -> Response {
        let body = json!({"account_id": account_id, "server_url": server, "access_token": token});
        self.call_json("connections/mastodon", body).await
    }

    /// The id of this person's first account.
    pub async fn first_account(&self) -> String {
        self.me().await["memberships"][0]["account_id"]
            .as_str()
            .expect("an account")
            .to_string()
    }

    pub async fn me(&self) -> Value {
        self.call("me", &[]).await.json().await.expect("json")
    }

    pub async fn new_post(&self, account_id: &str) -> Response {
        self.call("posts/new", &[("account_id", account_id)]).await
    }

    /// Starts a post and returns its id.
    pub async fn start_post(&self, account_id: &str) -> String {
        let response = self.new_post(account_id).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("post id")
    }

    pub async fn load_post(&self, post_id: &str) -> Response {
        self.call("posts/get", &[("post_id", post_id)]).await
    }

    pub async fn post(&self, post_id: &str) -> Value {
        let response = self.load_post(post_id).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("post")
    }

    pub async fn save(&self, post_id: &str, tiles: Value, revision: i64) -> Response {
        let body = json!({"post_id": post_id, "tiles": tiles, "revision": revision});
        self.call_json("posts/save", body).await
    }

    pub async fn send(&self, post_id: &str, tiles: Value, revision: i64) -> Response {
        let body = json!({"post_id": post_id, "tiles": tiles, "revision": revision});
        self.call_json("posts/send", body).await
    }

    /// Writes a three-tile post and sends it; returns its id.
    pub async fn write_and_send(&self, account_id: &str) -> String {
        let post_id = self.start_post(account_id).await;
        let response = self.send(&post_id, three_tiles(), 1).await;
        assert_eq!(response.status(), StatusCode::OK);
        post_id
    }

    pub async fn posts_to_check(&self) -> Response {
        self.call("check/list", &[]).await
    }

    pub async fn approve(&self, post_id: &str) -> Response {
        self.call("check/approve", &[("post_id", post_id)]).await
    }

    /// Approves a post with a photo, confirming the people in the photo
    /// agreed to it.
    pub async fn approve_with_photo_consent(&self, post_id: &str) -> Response {
        self.call_json(
            "check/approve",
            json!({"post_id": post_id, "photo_consent": true}),
        )
        .await
    }

    pub async fn ask_for_changes(&self, post_id: &str, feedback: &str) -> Response {
        self.call(
            "check/changes",
            &[("post_id", post_id), ("feedback", feedback)],
        )
        .await
    }

    pub async fn search(&self, query: &str) -> Response {
        self.call("symbols/search", &[("query", query)]).await
    }
}

/// The words of an HTML page without its tags, spaces squeezed.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entry for `account_id` in a list with one entry per account (what
/// the admin pages' server functions answer).
pub fn entry_for(list: &Value, account_id: &str) -> Value {
    list.as_array()
        .expect("a list of accounts")
        .iter()
        .find(|a| a["account_id"] == account_id)
        .cloned()
        .unwrap_or_else(|| panic!("no entry for {account_id}: {list}"))
}

/// One author's line in an account's report.
pub fn author_line(account: &Value, name: &str) -> Value {
    account["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .find(|a| a["author_name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no line for {name}: {account}"))
}
