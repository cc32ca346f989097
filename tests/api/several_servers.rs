//! Two servers on one database, as behind a load balancer: on Postgres in
//! the suite's second run, on one SQLite file in the first. What either is
//! asked, the other knows; each post goes out once; sign-in limits hold
//! across both.

use std::time::Duration;

use futures::future::join_all;
use reqwest::StatusCode;

use crate::helpers::{add_people, test_config, Person, TestApp, PASSWORD, TEST_SECRET_KEY};
use crate::publishing::{wait_for, wait_until};
use crate::security::sign_in_from;
use ourvoice::auth::{PasswordChecks, TrustedProxies};
use ourvoice::Server;

/// Server A and server B on A's database, sharing the sealing key, both
/// publishing, both behind a proxy on 127.0.0.1.
struct Two {
    a: TestApp,
    b_base: String,
    checks: [PasswordChecks; 2],
    _b_data: tempfile::TempDir,
}

async fn two_servers() -> Two {
    two_servers_with(None, |_| {}).await
}

/// [`two_servers`], both emailing notifications through `mail`, both
/// configured further by `tune`. They share one clock: A's clock file.
async fn two_servers_with(
    mail: Option<ourvoice::mail::MailConfig>,
    tune: impl Fn(&mut ourvoice::Config),
) -> Two {
    let data = tempfile::tempdir().expect("data folder of A");
    let b_data = tempfile::tempdir().expect("data folder of B");
    let shared = |config: &mut ourvoice::Config| {
        config.secret_key = Some(TEST_SECRET_KEY.to_string());
        config.trusted_proxies = TrustedProxies::parse("127.0.0.1").expect("proxy list");
        tune(config);
    };
    let mut config_a = test_config(data.path(), mail.clone(), 2);
    shared(&mut config_a);
    let mut config_b = test_config(b_data.path(), mail, 2);
    shared(&mut config_b);
    config_b.database_url = config_a.database_url.clone();
    config_b.clock_file = config_a.clock_file.clone();

    let a = Server::build(config_a, true).await.expect("A starts");
    let b = Server::build(config_b, false).await.expect("B starts");
    let storage = a.storage();
    add_people(&storage).await;
    let checks = [a.password_checks(), b.password_checks()];
    let (a_base, b_base) = (
        format!("http://{}", a.local_addr()),
        format!("http://{}", b.local_addr()),
    );
    let speech = a.speech();
    tokio::spawn(a.run_until(std::future::pending()));
    tokio::spawn(b.run_until(std::future::pending()));
    Two {
        a: TestApp {
            base: a_base,
            storage,
            speech,
            data,
            password_checks: checks[0].clone(),
        },
        b_base,
        checks,
        _b_data: b_data,
    }
}

#[tokio::test]
async fn a_post_written_on_one_server_and_approved_on_the_other_goes_out_once() {
    let Two {
        a, b_base, _b_data, ..
    } = two_servers().await;
    let peer = crate::peers::MastodonPeer::start().await;
    let leeds = a.leeds().await;
    // jo connects Mastodon on A; the token is sealed with the shared key,
    // so B's workers can open it too.
    let jo = a.signed_in("jo").await;
    let connected = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(connected.status(), StatusCode::OK);

    let sam = a.signed_in("sam").await;
    let post_id = sam.write_and_send(&leeds).await;
    let alex_on_b = Person::signed_in_at(&b_base, "alex").await;
    assert_eq!(alex_on_b.approve(&post_id).await.status(), StatusCode::OK);

    let live = wait_for(&sam, &post_id, "live").await;
    assert_eq!(live["network"], "mastodon");
    // Both servers' workers keep looking for work; none sends it again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let statuses = peer.statuses().await;
    assert_eq!(statuses.len(), 1, "{statuses:?}");
    assert_eq!(live["url"], statuses[0]["url"]);
    // B shows the same post as live.
    let on_b = crate::publishing::targets(&alex_on_b, &post_id).await;
    assert_eq!(on_b.len(), 1, "{on_b:?}");
    assert_eq!(on_b[0]["state"], "live", "{on_b:?}");
}

/// Who the browser `http` is signed in as at the server `base`, asked as
/// a page of that server asks (its own origin).
async fn who_at(http: &reqwest::Client, base: &str) -> serde_json::Value {
    http.post(format!("{base}/api/me"))
        .header(reqwest::header::ORIGIN, base)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("me request")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_session_made_on_one_server_is_known_on_the_other() {
    let Two {
        a, b_base, _b_data, ..
    } = two_servers().await;
    // Signed in on A; the same browser (same cookies) then reaches B
    // through the balancer.
    let sam = a.signed_in("sam").await;
    assert_eq!(who_at(&sam.http, &b_base).await["user_name"], "sam");
    let stranger = Person::visitor_at(&b_base);
    assert_eq!(
        who_at(&stranger.http, &b_base).await,
        serde_json::Value::Null
    );
    // Signing out on A ends the session on B too.
    assert_eq!(sam.sign_out().await.status(), StatusCode::SEE_OTHER);
    assert_eq!(who_at(&sam.http, &b_base).await, serde_json::Value::Null);
}

#[tokio::test]
async fn fifty_wrong_passwords_spread_over_two_servers_are_checked_at_most_five_times() {
    let Two {
        a,
        b_base,
        checks,
        _b_data,
    } = two_servers().await;
    let before: u64 = checks.iter().map(PasswordChecks::count).sum();
    let burst = (0..50).map(|i| {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b_base.clone()
        };
        async move {
            let person = Person::visitor_at(&base);
            sign_in_from(&person, "203.0.113.9", "sam", &format!("guess {i}")).await
        }
    });
    let answers = join_all(burst).await;
    let checked = checks.iter().map(PasswordChecks::count).sum::<u64>() - before;
    let refused = answers.iter().filter(|a| *a == "/sign-in?failed=1").count();
    let held = answers.iter().filter(|a| *a == "/sign-in?wait=1").count();
    assert!(checked <= 5, "{checked} of 50 were checked");
    assert_eq!(refused as u64, checked, "each check is one refusal");
    assert_eq!(refused + held, 50, "{answers:?}");
    // Sam's name is held on both servers, even for the right password.
    for base in [&a.base, &b_base] {
        let tablet = Person::visitor_at(base);
        assert_eq!(
            sign_in_from(&tablet, "198.51.100.4", "sam", PASSWORD).await,
            "/sign-in?wait=1",
            "held on {base}"
        );
    }
}

#[tokio::test]
async fn wrong_passwords_on_one_server_count_on_the_other() {
    let Two {
        a,
        b_base,
        checks,
        _b_data,
    } = two_servers().await;
    // Five wrong passwords on A, one at a time...
    for i in 0..5 {
        let person = a.visitor();
        assert_eq!(
            sign_in_from(&person, "203.0.113.7", "alex", &format!("guess {i}")).await,
            "/sign-in?failed=1"
        );
    }
    // ...and B holds alex's name without checking anything.
    let before = checks[1].count();
    let on_b = Person::visitor_at(&b_base);
    assert_eq!(
        sign_in_from(&on_b, "198.51.100.4", "alex", PASSWORD).await,
        "/sign-in?wait=1"
    );
    assert_eq!(checks[1].count(), before, "B checked no password");
    assert_eq!(on_b.me().await, serde_json::Value::Null);
}

#[tokio::test]
async fn fifty_emails_go_once_each_while_both_servers_send_email() {
    let mail = crate::notes::start_mail_server().await;
    let config = ourvoice::mail::MailConfig {
        host: "127.0.0.1".into(),
        port: mail.port,
        from: "Our Voice <ourvoice@example.org>".into(),
        // Both senders look often, so they meet on the same notifications.
        every: Duration::from_millis(50),
        tls: ourvoice::mail::MailTls::WhenOffered,
        ca_pem: None,
    };
    let Two {
        a, b_base, _b_data, ..
    } = two_servers_with(Some(config), |_| {}).await;
    let leeds = a.leeds().await;
    let sam = a.signed_in("sam").await;
    let alex_on_b = Person::signed_in_at(&b_base, "alex").await;
    let sam_id = sam.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string();
    a.storage
        .set_email(&sam_id, Some("sam@example.org"))
        .await
        .expect("email");
    // Fifty posts sent back: fifty emails to sam, one each.
    let mut posts = Vec::new();
    for _ in 0..50 {
        let post_id = sam.write_and_send(&leeds).await;
        let asked = alex_on_b.ask_for_changes(&post_id, "Which park?").await;
        assert_eq!(asked.status(), StatusCode::OK);
        posts.push(post_id);
    }
    let received = crate::notes::wait_for_messages(&mail, 50, Duration::from_secs(60)).await;
    assert_eq!(received.len(), 50, "all fifty arrive");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = crate::notes::messages(&mail);
    assert_eq!(received.len(), 50, "none goes twice");
    for post_id in &posts {
        let about = received
            .iter()
            .filter(|message| message.contains(&format!("/posts/{post_id}")))
            .count();
        assert_eq!(about, 1, "one email about {post_id}");
    }
}

/// Fifty posts out, and both servers' counters looking every 50 ms for
/// posts due a count (due once an hour): each post is counted once by one
/// of them, and once more when the shared clock moves on an hour. Counted
/// at the Mastodon peer's door.
#[tokio::test]
async fn fifty_response_rounds_go_once_each_while_both_servers_count() {
    use crate::peers::{FaultProxy, MastodonPeer};
    let Two {
        a, b_base, _b_data, ..
    } = two_servers_with(None, |config| {
        config.publish.count_every = Duration::from_secs(3600);
        config.publish.count_look = Duration::from_millis(50);
    })
    .await;
    let peer = MastodonPeer::start().await;
    let proxy = FaultProxy::start(&peer.base).await;
    // Each count takes 100 ms: both counters look while the other counts.
    proxy.slow(Duration::from_millis(100));
    let leeds = a.leeds().await;
    let jo = a.signed_in("jo").await;
    let connected = jo.connect_mastodon(&leeds, &proxy.base, &peer.token).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let sam = a.signed_in("sam").await;
    let alex_on_b = Person::signed_in_at(&b_base, "alex").await;
    let mut posts = Vec::new();
    for _ in 0..50 {
        let post_id = sam.write_and_send(&leeds).await;
        assert_eq!(alex_on_b.approve(&post_id).await.status(), StatusCode::OK);
        posts.push(post_id);
    }
    // Each post counted once: nobody answered yet.
    for post_id in &posts {
        let counted = wait_until(&sam, post_id, "live", |t| !t["responses"].is_null()).await;
        assert_eq!(counted["responses"]["likes"], 0);
    }
    let out = peer.statuses().await;
    let statuses: Vec<String> = out
        .iter()
        .map(|s| s["id"].as_str().expect("status id").to_string())
        .collect();
    let urls: Vec<serde_json::Value> = out.iter().map(|s| s["url"].clone()).collect();
    assert_eq!(statuses.len(), 50, "each post out once");
    let asked = |proxy: &FaultProxy| -> Vec<usize> {
        statuses
            .iter()
            .map(|id| proxy.count("GET", &format!("/api/v1/statuses/{id}")))
            .collect()
    };
    // Both counters look about twenty times more; none counts again.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(asked(&proxy), vec![1; 50], "one round each");

    // Someone likes the first; an hour on, each post is due again.
    let kim = crate::responses::peer_user(&peer, "kim").await;
    crate::responses::act(
        &peer,
        &kim,
        &format!("/api/v1/statuses/{}/favourite", statuses[0]),
        serde_json::json!({}),
    )
    .await;
    std::fs::write(a.data.path().join("clock"), "3601000").expect("clock");
    let started = std::time::Instant::now();
    while asked(&proxy).iter().any(|n| *n < 2) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{:?}",
            asked(&proxy)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(asked(&proxy), vec![2; 50], "a second round each, once");
    // The second round kept what it found: the like, on that post only.
    let sam = a.signed_in("sam").await;
    let mut liked = Vec::new();
    for post_id in &posts {
        let target = wait_until(&sam, post_id, "live", |_| true).await;
        if target["responses"]["likes"] == 1 {
            liked.push(target["url"].clone());
        }
    }
    assert_eq!(liked, vec![urls[0].clone()]);
}

/// Fifty counters (as on fifty servers) look at once for posts to count:
/// one takes the post; it is free again once counted and due, or once a
/// count fails.
#[tokio::test]
async fn a_post_due_for_counting_is_taken_by_one_counter_of_fifty() {
    let peer = crate::peers::MastodonPeer::start().await;
    // The server's own counter sleeps an hour before its first round, so
    // only this test's counters count.
    let (app, _) = crate::security::spawn_with(|config| {
        config.publish.count_every = Duration::from_secs(3600);
        config.publish.count_look = Duration::from_secs(3600);
    })
    .await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let connected = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(connected.status(), StatusCode::OK);
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let post_id = sam.write_and_send(&leeds).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    wait_for(&sam, &post_id, "live").await;

    let storage = &app.storage;
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_millis(),
    )
    .expect("ms")
        + 1_000;
    let every = 1_000;
    let burst = (0..50).map(|i| async move {
        storage
            .jobs_to_count(now, every, 200, &format!("counter-{i}"))
            .await
            .expect("look for counts")
    });
    let taken: Vec<_> = join_all(burst).await.into_iter().flatten().collect();
    assert_eq!(taken.len(), 1, "one counter of fifty takes the post");
    let job_id = taken[0].job_id.clone();
    let later = storage
        .jobs_to_count(now, every, 200, "late")
        .await
        .expect("look");
    assert!(later.is_empty(), "held by the first");

    // Counted: not due again until a round later, then free.
    storage
        .save_counts(&job_id, &app::domain::responses::Responses::default(), now)
        .await
        .expect("counts kept");
    let soon = storage
        .jobs_to_count(now + every / 2, every, 200, "soon")
        .await
        .expect("look");
    assert!(soon.is_empty(), "just counted");
    let next = storage
        .jobs_to_count(now + every + 1, every, 200, "next")
        .await
        .expect("look");
    assert_eq!(next.len(), 1, "due again");

    // A count that fails lets go: the next round takes it again.
    storage.release_count(&job_id).await.expect("let go");
    let again = storage
        .jobs_to_count(now + every + 2, every, 200, "again")
        .await
        .expect("look");
    assert_eq!(again.len(), 1, "free after a failed count");
}

#[tokio::test]
async fn two_servers_refresh_a_run_out_bluesky_session_once_between_them() {
    use crate::peers::{BlueskyPeer, FaultProxy};
    let Two {
        a, b_base, _b_data, ..
    } = two_servers().await;
    // Access tokens that last 30 seconds; each is used for 22.5 of them.
    let peer = BlueskyPeer::start_with_access_seconds(Some(30)).await;
    let proxy = FaultProxy::start(&peer.url).await;
    let leeds = a.leeds().await;
    let jo = a.signed_in("jo").await;
    let connected =
        crate::bluesky::connect(&jo, &leeds, &proxy.base, &peer.handle, &peer.app_password).await;
    assert_eq!(connected.status(), StatusCode::OK);

    // Eight posts, approved at once on both servers when the session has
    // run out: four workers want a new one at the same moment.
    let sam = a.signed_in("sam").await;
    let mut posts = Vec::new();
    for _ in 0..8 {
        posts.push(sam.write_and_send(&leeds).await);
    }
    let alex_on_a = a.signed_in("alex").await;
    let alex_on_b = Person::signed_in_at(&b_base, "alex").await;
    tokio::time::sleep(Duration::from_secs(23)).await;
    let approvals = posts.iter().enumerate().map(|(n, post_id)| {
        let alex = if n % 2 == 0 { &alex_on_a } else { &alex_on_b };
        alex.approve(post_id)
    });
    for approved in join_all(approvals).await {
        assert_eq!(approved.status(), StatusCode::OK);
    }
    for post_id in &posts {
        wait_for(&sam, post_id, "live").await;
    }
    assert_eq!(peer.posts().await.len(), 8, "each post once");
    assert_eq!(
        proxy.count("POST", "/xrpc/com.atproto.server.refreshSession"),
        1,
        "one refresh between both servers"
    );
    assert_eq!(
        proxy.count("POST", "/xrpc/com.atproto.server.createSession"),
        1,
        "only to connect"
    );
}
