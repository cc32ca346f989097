//! Publishing to a real Mastodon API peer: connecting with a token (kept
//! sealed), an approved post going out once with its card and alt text,
//! retries after 500s, timeouts and lost answers that never post twice, and
//! a refused token that marks the account for reconnecting.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with_mastodon, Person, TestApp, WithMastodon};
use crate::peers::{Fault, FaultProxy, MastodonPeer};

/// A Mastodon peer behind a fault proxy, and the app with "Our Voice Leeds"
/// connected to it through the proxy by jo.
struct Connected {
    peer: MastodonPeer,
    proxy: FaultProxy,
    app: TestApp,
    leeds: String,
    jo: Person,
}

async fn connected_through_proxy() -> Connected {
    let peer = MastodonPeer::start().await;
    let proxy = FaultProxy::start(&peer.base).await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;
    let response = jo.connect_mastodon(&leeds, &proxy.base, &peer.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    Connected {
        peer,
        proxy,
        app,
        leeds,
        jo,
    }
}

/// Whether jo's first connection is working.
async fn working(jo: &Person) -> Value {
    let list: Value = jo
        .call_json("connections/list", json!({}))
        .await
        .json()
        .await
        .expect("json");
    list[0]["connections"][0]["working"].clone()
}

/// The post's targets, as its author sees them.
pub(crate) async fn targets(person: &Person, post_id: &str) -> Vec<Value> {
    let response = person
        .call_json("posts/targets", json!({"post_id": post_id}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

/// Waits until the post's job is in `state`.
pub(crate) async fn wait_for(person: &Person, post_id: &str, state: &str) -> Value {
    wait_until(person, post_id, state, |_| true).await
}

/// Waits until the post's job is in `state` and `also` holds.
pub(crate) async fn wait_until(
    person: &Person,
    post_id: &str,
    state: &str,
    also: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let list = targets(person, post_id).await;
        if let Some(target) = list.iter().find(|t| t["state"] == state && also(t)) {
            return target.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the post never became {state}: {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// sam writes and sends a post, alex approves it; returns its id.
async fn approved_post(app: &TestApp, sam: &Person, alex: &Person) -> String {
    let post_id = sam.write_and_send(&app.leeds().await).await;
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    post_id
}

#[tokio::test]
async fn connecting_checks_the_token_and_keeps_it_sealed() {
    let peer = MastodonPeer::start().await;
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let jo = app.signed_in("jo").await;

    let wrong = jo.connect_mastodon(&leeds, &peer.base, "not-a-token").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = wrong.text().await.expect("text");
    assert!(said.contains("That server said no."), "{said}");

    let nowhere = jo
        .connect_mastodon(&leeds, "http://127.0.0.1:9", &peer.token)
        .await;
    assert_eq!(nowhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nowhere
        .text()
        .await
        .expect("text")
        .contains("We could not reach that server."));

    let alex = app.signed_in("alex").await;
    let refused = alex.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "supporters cannot");

    let response = jo.connect_mastodon(&leeds, &peer.base, &peer.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("text");
    assert!(!body.contains(&peer.token), "the token never comes back");
    let view: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(view["remote_name"], "@ourvoice");
    assert_eq!(view["working"], true);

    let list = jo.call_json("connections/list", json!({})).await;
    let list = list.text().await.expect("text");
    assert!(list.contains("@ourvoice") && !list.contains(&peer.token));

    // The composer now measures posts against the instance's limit.
    let account = app.storage.dump().await.expect("dump");
    assert!(
        account
            .iter()
            .any(|l| l.starts_with("service_account:") && l.contains("mastodon:500")),
        "{account:?}"
    );
    // The database holds the token only sealed.
    assert!(account.iter().all(|line| !line.contains(&peer.token)));
    let bytes = crate::helpers::database_bytes(app.data.path());
    assert!(
        !bytes
            .windows(peer.token.len())
            .any(|w| w == peer.token.as_bytes()),
        "the token is not in the database in clear"
    );
}

#[tokio::test]
async fn an_approved_post_goes_to_mastodon_once_with_its_card_and_alt_text() {
    let WithMastodon { peer, app, .. } = spawn_app_with_mastodon().await;
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);

    let post_id = approved_post(&app, &sam, &alex).await;
    let live = wait_for(&sam, &post_id, "live").await;
    assert_eq!(live["network"], "mastodon");

    let statuses = peer.statuses().await;
    assert_eq!(statuses.len(), 1, "{statuses:?}");
    let status = &statuses[0];
    assert!(
        status["content"]
            .as_str()
            .expect("content")
            .contains("I dog park"),
        "{status}"
    );
    assert_eq!(status["language"], "en");
    assert_eq!(status["visibility"], "public");
    assert_eq!(live["url"], status["url"]);
    let media = status["media_attachments"].as_array().expect("media");
    assert_eq!(media.len(), 1, "the picture card");
    assert_eq!(
        media[0]["description"],
        "Easy read card: I dog park Each word has a picture: I, dog, park."
    );
    // Only what was approved goes out: a draft has no job.
    let draft = sam.start_post(&app.leeds().await).await;
    assert!(targets(&sam, &draft).await.is_empty());
}

#[tokio::test]
async fn errors_and_timeouts_are_tried_again_and_never_post_twice() {
    let Connected {
        peer,
        proxy,
        app,
        leeds: _,
        jo,
    } = connected_through_proxy().await;
    // A 500 on the upload, a 503 and a timeout on the status, then the
    // status is made but its answer is lost.
    proxy.add("/api/v2/media", Fault::Status(500));
    proxy.add("/api/v1/statuses", Fault::Status(503));
    proxy.add("/api/v1/statuses", Fault::Hang(Duration::from_secs(5)));
    proxy.add("/api/v1/statuses", Fault::LoseAnswer);
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);

    let post_id = approved_post(&app, &sam, &alex).await;
    let live = wait_for(&sam, &post_id, "live").await;
    assert!(live["attempts"].as_u64().expect("attempts") >= 5, "{live}");

    let statuses = peer.statuses().await;
    assert_eq!(statuses.len(), 1, "one status, however many tries");
    assert_eq!(live["url"], statuses[0]["url"]);
    assert_eq!(proxy.count("POST", "/api/v1/statuses"), 4);
    // Server trouble never disconnects the account.
    assert_eq!(working(&jo).await, true);
}

#[tokio::test]
async fn a_refused_token_asks_an_admin_to_reconnect_and_the_post_waits() {
    let Connected {
        peer,
        proxy,
        app,
        leeds,
        jo,
    } = connected_through_proxy().await;
    proxy.add("/api/v2/media", Fault::Status(401));
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = approved_post(&app, &sam, &alex).await;

    // The admin hears about it, in easy read, with a way to fix it.
    let started = Instant::now();
    let notes = loop {
        let notes: Value = jo
            .call_json("notes/list", json!({}))
            .await
            .json()
            .await
            .expect("json");
        if notes
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["kind"] == "reconnect"))
        {
            break notes;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no note: {notes}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(notes.to_string().contains("reconnect"));
    assert_eq!(working(&jo).await, false);
    // The post waits; nothing went out.
    let waiting = targets(&sam, &post_id).await;
    assert_eq!(waiting[0]["state"], "waiting", "{waiting:?}");
    assert!(peer.statuses().await.is_empty());

    // Connecting again sends it.
    assert_eq!(
        jo.connect_mastodon(&leeds, &proxy.base, &peer.token)
            .await
            .status(),
        StatusCode::OK
    );
    wait_for(&sam, &post_id, "live").await;
    assert_eq!(peer.statuses().await.len(), 1);
}

#[tokio::test]
async fn taking_a_connection_off_stops_posts_that_have_not_gone_out() {
    let Connected {
        peer,
        proxy,
        app,
        leeds,
        jo,
    } = connected_through_proxy().await;
    for _ in 0..6 {
        proxy.add("/api/v2/media", Fault::Status(500));
    }
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = approved_post(&app, &sam, &alex).await;
    wait_until(&sam, &post_id, "waiting", |t| {
        t["attempts"].as_u64() >= Some(1)
    })
    .await;

    let off = jo
        .call_json(
            "connections/take-off",
            json!({"account_id": leeds, "network": "mastodon"}),
        )
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    let stopped = wait_for(&sam, &post_id, "stopped").await;
    assert_eq!(stopped["network"], "mastodon");
    let dump = app.storage.dump().await.expect("dump");
    assert!(dump
        .iter()
        .any(|l| l.starts_with("account_event:") && l.contains("took off mastodon")));
    assert!(
        !dump
            .iter()
            .any(|l| l.starts_with("service_account:") && l.contains("mastodon:")),
        "the composer stops measuring for Mastodon"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(peer.statuses().await.is_empty());
}

#[tokio::test]
async fn publish_status_lists_jobs_and_retry_sends_a_failed_one_again() {
    let Connected {
        peer,
        proxy,
        app,
        leeds: _,
        jo: _,
    } = connected_through_proxy().await;
    // The network refuses the post for good (422): the job fails at once.
    proxy.add("/api/v1/statuses", Fault::Status(422));
    let (sam, alex) = (app.signed_in("sam").await, app.signed_in("alex").await);
    let post_id = approved_post(&app, &sam, &alex).await;
    let failed = wait_for(&sam, &post_id, "failed").await;
    assert_eq!(failed["attempts"], 1);

    let run = |args: &[&str]| {
        std::process::Command::new(crate::crash::program())
            .args(args)
            .env("OURVOICE_DATA", app.data.path())
            .envs(crate::helpers::database_env(app.data.path()))
            .output()
            .expect("ourvoice runs")
    };
    let table = run(&["publish-status"]);
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).expect("text");
    assert!(table.starts_with("JOB "), "{table}");
    assert!(
        table.contains(&post_id) && table.contains("failed"),
        "{table}"
    );
    assert!(table.contains("422"), "the last error is shown: {table}");
    assert!(table.contains("1 jobs: 1 failed"), "{table}");
    let listed: Value =
        serde_json::from_slice(&run(&["publish-status", "--json"]).stdout).expect("json");
    let job = listed["jobs"][0]["job_id"]
        .as_str()
        .expect("job id")
        .to_string();

    let nothing = run(&["retry", "no-such-job"]);
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("No waiting or failed job"));

    let retried = run(&["retry", &job]);
    assert!(
        retried.status.success(),
        "{}",
        String::from_utf8_lossy(&retried.stderr)
    );
    let live = wait_for(&sam, &post_id, "live").await;
    assert_eq!(live["attempts"], 1, "tries are counted afresh");
    assert_eq!(peer.statuses().await.len(), 1);
}
