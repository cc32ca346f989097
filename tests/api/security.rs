//! Security (OWASP ASVS level 2): sign-in limits under bursts and behind a
//! proxy, sessions, headers, the cross-site rule and the public feed. Each
//! test shows the refusal and that nothing changed.

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::easy_signin::{card_for, id_of, sign_in_with_card};
use crate::helpers::{add_people, location, test_config, Person, TestApp, PASSWORD};
use ourvoice::auth::{PasswordChecks, TrustedProxies};
use ourvoice::Server;

/// A server behind a reverse proxy on 127.0.0.1 (so `X-Forwarded-For` is
/// believed), with its count of password checks.
async fn behind_a_proxy() -> (TestApp, PasswordChecks) {
    spawn_with(|config| {
        config.trusted_proxies = TrustedProxies::parse("127.0.0.1").expect("proxy list");
    })
    .await
}

pub(crate) async fn spawn_with(
    change: impl FnOnce(&mut ourvoice::Config),
) -> (TestApp, PasswordChecks) {
    let data = tempfile::tempdir().expect("temporary data folder");
    let mut config = test_config(data.path(), None, 2);
    change(&mut config);
    let server = Server::build(config, true).await.expect("server starts");
    let storage = server.storage();
    let speech = server.speech();
    let checks = server.password_checks();
    add_people(&storage).await;
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run_until(std::future::pending()));
    let app = TestApp {
        base,
        storage,
        speech,
        data,
        password_checks: checks.clone(),
    };
    (app, checks)
}

/// A password sign-in that the proxy says came from `client`.
pub(crate) async fn sign_in_from(
    person: &Person,
    client: &str,
    name: &str,
    password: &str,
) -> String {
    let response = person
        .http
        .post(format!("{}/sign-in", person.base))
        .header("x-forwarded-for", client)
        .form(&[("user_name", name), ("password", password)])
        .send()
        .await
        .expect("sign-in request");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

#[tokio::test]
async fn fifty_wrong_passwords_at_once_are_checked_at_most_five_times() {
    let (app, checks) = behind_a_proxy().await;
    let before = checks.count();
    let burst = (0..50).map(|i| {
        let person = app.visitor();
        async move { sign_in_from(&person, "203.0.113.9", "sam", &format!("guess {i}")).await }
    });
    let answers = join_all(burst).await;
    let checked = checks.count() - before;
    let refused = answers.iter().filter(|a| *a == "/sign-in?failed=1").count();
    let held = answers.iter().filter(|a| *a == "/sign-in?wait=1").count();
    assert!(checked <= 5, "{checked} of 50 were checked");
    assert_eq!(refused as u64, checked, "each check is one refusal");
    assert_eq!(refused + held, 50, "{answers:?}");

    // Sam's name is locked, even for the right password...
    let tablet = app.visitor();
    assert_eq!(
        sign_in_from(&tablet, "203.0.113.9", "sam", PASSWORD).await,
        "/sign-in?wait=1"
    );
    assert_eq!(tablet.me().await, Value::Null);
    // ...but the others behind the same proxy sign in, from another
    // client address and from the same one.
    let other = app.visitor();
    assert_eq!(
        sign_in_from(&other, "198.51.100.4", "alex", PASSWORD).await,
        "/"
    );
    assert_eq!(other.me().await["user_name"], "alex");
    let same = app.visitor();
    assert_eq!(
        sign_in_from(&same, "203.0.113.9", "jo", PASSWORD).await,
        "/"
    );
}

#[tokio::test]
async fn one_client_behind_the_proxy_is_held_without_holding_the_others() {
    let (app, _) = behind_a_proxy().await;
    let guesser = app.visitor();
    for i in 0..30 {
        let answer = sign_in_from(&guesser, "2001:db8:1:1::7", &format!("nobody{i}"), "x").await;
        assert_eq!(answer, "/sign-in?failed=1", "guess {i}");
    }
    // The same /64 is one place: another address in it waits too.
    let neighbour = app.visitor();
    assert_eq!(
        sign_in_from(&neighbour, "2001:db8:1:1::8", "alex", PASSWORD).await,
        "/sign-in?wait=1"
    );
    assert_eq!(neighbour.me().await, Value::Null);
    // Another client of the same proxy is not held.
    let elsewhere = app.visitor();
    assert_eq!(
        sign_in_from(&elsewhere, "2001:db8:1:2::7", "alex", PASSWORD).await,
        "/"
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_addresses_are_ignored() {
    let (app, _) = spawn_with(|_| {}).await;
    // Each guess claims another client address: all count on the real one.
    let guesser = app.visitor();
    for i in 0..30 {
        let client = format!("198.51.100.{i}");
        sign_in_from(&guesser, &client, &format!("nobody{i}"), "x").await;
    }
    let next = app.visitor();
    assert_eq!(
        sign_in_from(&next, "192.0.2.200", "alex", "wrong").await,
        "/sign-in?wait=1"
    );
}

/// The value of the session cookie a response sets.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("ourvoice_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// Who the server says is signed in with session cookie `id` (none: Null).
async fn who_has(app: &TestApp, id: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{}/api/me", app.base))
        .header("cookie", format!("ourvoice_session={id}"))
        .json(&json!({}))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn each_sign_in_on_a_tablet_gets_a_new_session_id() {
    let (app, _) = spawn_with(|_| {}).await;
    let tablet = app.visitor();
    let first = tablet.sign_in("sam", PASSWORD).await;
    let sams = session_cookie(&first).expect("a session for sam");
    assert_eq!(who_has(&app, &sams).await["user_name"], "sam");

    // Alex signs in on the same tablet without signing sam out.
    let second = tablet.sign_in("alex", PASSWORD).await;
    let alexs = session_cookie(&second).expect("a session for alex");
    assert_ne!(sams, alexs, "a new session id");
    assert_eq!(tablet.me().await["user_name"], "alex");
    // Sam's old session id signs nobody in any more.
    assert_eq!(who_has(&app, &sams).await, Value::Null);
}

#[tokio::test]
async fn a_session_ends_after_twelve_hours_however_busy() {
    let (app, _) = spawn_with(|_| {}).await;
    let sam = app.signed_in("sam").await;
    let clock = app.data.path().join("clock");
    let hour = 3_600_000_i64;
    std::fs::write(&clock, (11 * hour).to_string()).expect("clock");
    assert_eq!(
        sam.me().await["user_name"],
        "sam",
        "still in after 11 hours"
    );
    std::fs::write(&clock, (12 * hour + 60_000).to_string()).expect("clock");
    assert_eq!(sam.me().await, Value::Null, "out after 12 hours");
    let page = sam.get("/").await;
    assert_eq!(page.status(), StatusCode::OK);
    // Signing in again works.
    assert_eq!(location(&sam.sign_in("sam", PASSWORD).await), "/");
    assert_eq!(sam.me().await["user_name"], "sam");
}

#[tokio::test]
async fn stopping_a_card_ends_the_sessions_it_started_only() {
    let (app, _) = spawn_with(|_| {}).await;
    let alex = app.signed_in("alex").await;
    let sam = app.signed_in("sam").await;
    let sam_id = id_of(&sam).await;
    let (card_id, token) = card_for(&app, &alex, &sam_id).await;
    let tablet = app.visitor();
    assert_eq!(location(&sign_in_with_card(&tablet, &token).await), "/");
    assert_eq!(tablet.me().await["user_name"], "sam");

    let stopped = alex
        .call(
            "signin/stop-card",
            &[("person_id", &sam_id), ("card_id", &card_id)],
        )
        .await;
    assert_eq!(stopped.status(), StatusCode::OK);
    assert_eq!(tablet.me().await, Value::Null, "the card's session ended");
    assert_eq!(
        sam.me().await["user_name"],
        "sam",
        "a password session stays"
    );
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let (app, _) = spawn_with(|_| {}).await;
    let visitor = app.visitor();
    let page = visitor.get("/sign-in").await;
    let policy = header(&page, "content-security-policy").to_string();
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "'wasm-unsafe-eval'",
    ] {
        assert!(policy.contains(part), "{policy} has {part}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // The page's one inline script carries the policy's nonce.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_string();
    let html = page.text().await.expect("html");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{html}");
    // Each page has its own nonce.
    let again = visitor.get("/sign-in").await;
    assert!(!header(&again, "content-security-policy").contains(&nonce));

    for path in [
        "/sign-in",
        "/healthz",
        "/feed/our-voice-leeds.atom",
        "/nowhere",
    ] {
        let answer = visitor.get(path).await;
        assert!(
            header(&answer, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&answer, "referrer-policy"), "same-origin", "{path}");
        assert_eq!(
            header(&answer, "strict-transport-security"),
            "",
            "{path}: http"
        );
    }
    // A visitor's pages may be cached; a signed-in person's never.
    assert_ne!(
        header(&visitor.get("/feed/our-voice-leeds").await, "cache-control"),
        "no-store"
    );
    let sam = app.signed_in("sam").await;
    assert_eq!(header(&sam.get("/").await, "cache-control"), "no-store");
    let answer = sam.call("me", &[]).await;
    assert_eq!(header(&answer, "cache-control"), "no-store");
    // Pictures keep their own long caching.
    let symbol = sam.get("/symbols/mulberry/cat.svg").await;
    assert_ne!(header(&symbol, "cache-control"), "no-store");
}

#[tokio::test]
async fn hsts_is_sent_when_the_service_is_reached_over_https() {
    let (app, _) = spawn_with(|config| {
        config.public_url = Some("https://voice.example.org".into());
    })
    .await;
    let answer = app.visitor().get("/sign-in").await;
    assert!(header(&answer, "strict-transport-security").starts_with("max-age="));
}

/// Someone whose requests carry neither `Origin` nor `Sec-Fetch-Site`
/// (an old browser, or a script on another site using a plain form).
fn without_origin() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_change_with_neither_origin_nor_fetch_site_is_refused_unless_json() {
    let (app, _) = spawn_with(|_| {}).await;
    let http = without_origin();
    // A plain form cannot sign anyone in...
    let form = http
        .post(format!("{}/sign-in", app.base))
        .form(&[("user_name", "sam"), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign-in");
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    assert_eq!(session_cookie(&form), None);
    // ...but the same form from this site does.
    let signed = http
        .post(format!("{}/sign-in", app.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("user_name", "sam"), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign-in");
    assert_eq!(location(&signed), "/");

    // Signed in, a form-like upload without either header is refused and
    // keeps nothing; a sign-out too.
    let photo = http
        .post(format!("{}/api/photos", app.base))
        .header("content-type", "application/octet-stream")
        .body(vec![0_u8; 64])
        .send()
        .await
        .expect("upload");
    assert_eq!(photo.status(), StatusCode::FORBIDDEN);
    let photos = std::fs::read_dir(app.data.path().join("photos"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(photos, 0, "nothing kept");
    let out = http
        .post(format!("{}/sign-out", app.base))
        .send()
        .await
        .expect("sign-out");
    assert_eq!(out.status(), StatusCode::FORBIDDEN);

    // A JSON server-function call (which a form cannot send) passes.
    let me: Value = http
        .post(format!("{}/api/me", app.base))
        .json(&json!({}))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["user_name"], "sam", "still signed in");
}

#[tokio::test]
async fn the_public_feed_tells_nothing_about_people() {
    let (app, _) = spawn_with(|_| {}).await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let leeds = app.leeds().await;
    let post_id = sam.write_and_send(&leeds).await;
    alex.approve(&post_id).await;
    let sam_id = id_of(&sam).await;
    let alex_id = id_of(&alex).await;

    let visitor = app.visitor();
    let feed: Value = visitor
        .call("feed", &[("slug", "our-voice-leeds")])
        .await
        .json()
        .await
        .expect("json");
    let post = &feed["posts"][0];
    let mut keys: Vec<&str> = post
        .as_object()
        .expect("a post")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["byline", "post_id", "published_at", "tiles"]);
    assert_eq!(post["post_id"], post_id.as_str());
    assert_eq!(post["byline"], "A member of Our Voice Leeds");

    let answers = [
        feed.to_string(),
        visitor
            .get("/feed/our-voice-leeds")
            .await
            .text()
            .await
            .expect("page"),
        visitor
            .get("/feed/our-voice-leeds.atom")
            .await
            .text()
            .await
            .expect("atom"),
    ];
    for answer in &answers {
        for private in [
            sam_id.as_str(),
            alex_id.as_str(),
            "approved_by",
            "feedback",
            "safeguarding",
        ] {
            assert!(!answer.contains(private), "{private} in {answer}");
        }
        assert!(answer.contains("A member of Our Voice Leeds"));
    }
}
