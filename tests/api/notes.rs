//! Notifications: who hears about what, the count and the list, and email
//! through a real local SMTP server (aiosmtpd).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use ourvoice::mail::{MailConfig, MailTls};

use crate::helpers::{spawn_app, spawn_app_with_mail, three_tiles, Person};

async fn count(person: &Person) -> u64 {
    let response = person.call("notes/count", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<u64>().await.expect("count")
}

async fn kinds(person: &Person) -> Vec<String> {
    let list: Value = person
        .call("notes/list", &[])
        .await
        .json()
        .await
        .expect("list");
    list.as_array()
        .expect("list")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn supporters_hear_about_waiting_posts_and_authors_about_their_own() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let post_id = sam.write_and_send(&app.leeds().await).await;

    // The account's supporter and admin hear; nobody else does.
    assert_eq!((count(&alex).await, count(&jo).await), (1, 1));
    assert_eq!(
        (count(&sam).await, count(&robin).await, count(&casey).await),
        (0, 0, 0)
    );
    let list: Value = alex
        .call("notes/list", &[])
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(list[0]["kind"], "waiting_for_you");
    assert_eq!(list[0]["post_text"], "I dog park");
    assert_eq!(list[0]["author_name"], "Sam");
    assert_eq!(list[0]["read"], false);

    // Seen is seen.
    assert_eq!(alex.call("notes/seen", &[]).await.status(), StatusCode::OK);
    assert_eq!(count(&alex).await, 0);
    assert_eq!(count(&jo).await, 1, "jo has not looked yet");

    // Sent back: the author hears, not the supporter who did it.
    assert_eq!(
        alex.ask_for_changes(&post_id, "Which park?").await.status(),
        StatusCode::OK
    );
    assert_eq!(kinds(&sam).await, vec!["sent_back"]);
    assert_eq!(count(&alex).await, 0);

    // Sent again, new words, the author's yes, then approved and live.
    assert_eq!(
        sam.send(&post_id, three_tiles(), 5).await.status(),
        StatusCode::OK
    );
    assert_eq!(count(&alex).await, 1);
    let tiles = json!([{"symbol": {"set": "mulberry", "id": "dog"}, "word": "My dog"}]);
    let suggest = alex
        .call_json("check/suggest", json!({"post_id": post_id, "tiles": tiles}))
        .await;
    assert_eq!(suggest.status(), StatusCode::OK);
    assert_eq!(kinds(&sam).await, vec!["new_words", "sent_back"]);
    let answer = sam
        .call_json(
            "posts/answer",
            json!({"post_id": post_id, "post_this": true}),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        count(&alex).await,
        2,
        "waiting again after the author's answer"
    );
    assert_eq!(jo.approve(&post_id).await.status(), StatusCode::OK);
    // Approved and live in one step (the built-in feed): the author hears
    // both.
    let mut latest = kinds(&sam).await;
    assert_eq!(latest.split_off(2), vec!["new_words", "sent_back"]);
    latest.sort();
    assert_eq!(latest, vec!["approved", "published"]);
    assert_eq!(count(&sam).await, 4);
}

#[tokio::test]
async fn notifications_need_signing_in() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let count: Value = visitor
        .call("notes/count", &[])
        .await
        .json()
        .await
        .expect("count");
    assert_eq!(
        count,
        Value::Null,
        "nothing to count for someone signed out"
    );
    for endpoint in ["notes/list", "notes/seen"] {
        assert_eq!(
            visitor.call(endpoint, &[]).await.status(),
            StatusCode::UNAUTHORIZED,
            "{endpoint}"
        );
    }
}

/// aiosmtpd storing every message in a Maildir; stopped when dropped.
pub(crate) struct MailServer {
    child: Child,
    pub(crate) port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> PathBuf {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/py/bin/python");
    assert!(
        python.exists(),
        "the test mail server is missing: run ./scripts/setup.sh test"
    );
    python
}

/// A plain mail server.
pub(crate) async fn start_mail_server() -> MailServer {
    start_mail_server_with(&[]).await
}

/// A certificate authority and a certificate it signed for 127.0.0.1, made
/// by openssl in `dir`: (the authority's PEM, the certificate, its key).
fn certificates(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    let script = "set -e
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca \
          -keyout ca.key -out ca.pem 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
          -keyout relay.key -out relay.csr 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext
        openssl x509 -req -in relay.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
          -days 2 -extfile ext -out relay.pem 2>/dev/null";
    let made = Command::new("sh")
        .args(["-c", script])
        .current_dir(dir)
        .status()
        .expect("openssl runs");
    assert!(made.success(), "openssl made the certificates");
    (
        dir.join("ca.pem"),
        dir.join("relay.pem"),
        dir.join("relay.key"),
    )
}

/// A mail server started with `extra` arguments (e.g. a certificate, so it
/// insists on STARTTLS).
async fn start_mail_server_with(extra: &[&std::ffi::OsStr]) -> MailServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let maildir = tempfile::tempdir().expect("maildir");
    let child = Command::new(python())
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(extra)
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir.path().join("mail"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("aiosmtpd starts");
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "aiosmtpd did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    MailServer {
        child,
        port,
        maildir,
    }
}

/// Every message the mail server received, as text.
pub(crate) fn messages(mail: &MailServer) -> Vec<String> {
    let new = mail.maildir.path().join("mail/new");
    let Ok(entries) = std::fs::read_dir(new) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

#[tokio::test]
async fn an_author_with_an_email_address_gets_an_easy_read_email() {
    let mail = start_mail_server().await;
    let config = MailConfig {
        host: "127.0.0.1".into(),
        port: mail.port,
        from: "Our Voice <ourvoice@example.org>".into(),
        every: Duration::from_millis(100),
        // This relay offers no STARTTLS: mail goes plain.
        tls: MailTls::WhenOffered,
        ca_pem: None,
    };
    let app = spawn_app_with_mail(Some(config)).await;
    let (base, storage) = (app.base.clone(), app.storage.clone());
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let sam_id = sam.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string();
    storage
        .set_email(&sam_id, Some("sam@example.org"))
        .await
        .expect("email");

    let post_id = sam.write_and_send(&app.leeds().await).await;
    assert_eq!(
        alex.ask_for_changes(&post_id, "Which park?").await.status(),
        StatusCode::OK
    );

    let started = Instant::now();
    let mut received = messages(&mail);
    while received.is_empty() && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        received = messages(&mail);
    }
    // Only sam has an address: one email, about the post sent back.
    assert_eq!(received.len(), 1, "{received:?}");
    let message = &received[0];
    assert!(message.contains("To: Sam <sam@example.org>"), "{message}");
    assert!(
        message.contains("Subject: Your supporter sent your post back. Please look at it."),
        "{message}"
    );
    assert!(
        message.contains(&format!("{base}/posts/{post_id}")),
        "{message}"
    );
    assert!(!message.contains("password"), "{message}");
    // Sent once: a second look finds nothing more to send.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(messages(&mail).len(), 1);
}

/// Waits up to `patience` for the mail server to hold `n` messages.
pub(crate) async fn wait_for_messages(
    mail: &MailServer,
    n: usize,
    patience: Duration,
) -> Vec<String> {
    let started = Instant::now();
    let mut received = messages(mail);
    while received.len() < n && started.elapsed() < patience {
        tokio::time::sleep(Duration::from_millis(100)).await;
        received = messages(mail);
    }
    received
}

/// Sam, with an email address, has a post sent back: one email is due.
async fn one_email_due(app: &crate::helpers::TestApp) {
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let sam_id = sam.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string();
    app.storage
        .set_email(&sam_id, Some("sam@example.org"))
        .await
        .expect("email");
    let post_id = sam.write_and_send(&app.leeds().await).await;
    assert_eq!(
        alex.ask_for_changes(&post_id, "Which park?").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn email_goes_over_starttls_when_the_relay_offers_it() {
    let dir = tempfile::tempdir().expect("dir");
    let (ca, cert, key) = certificates(dir.path());
    // This relay refuses mail until the connection is encrypted.
    let mail = start_mail_server_with(&[
        "--tlscert".as_ref(),
        cert.as_os_str(),
        "--tlskey".as_ref(),
        key.as_os_str(),
    ])
    .await;
    let config = |tls| MailConfig {
        host: "127.0.0.1".into(),
        port: mail.port,
        from: "Our Voice <ourvoice@example.org>".into(),
        every: Duration::from_millis(100),
        tls,
        ca_pem: Some(std::fs::read(&ca).expect("ca")),
    };

    // Plain SMTP is refused by this relay: nothing arrives.
    let plain = spawn_app_with_mail(Some(config(MailTls::Off))).await;
    one_email_due(&plain).await;
    let received = wait_for_messages(&mail, 1, Duration::from_secs(3)).await;
    assert!(received.is_empty(), "{received:?}");
    drop(plain);

    // The default upgrades with STARTTLS, and the email arrives.
    let app = spawn_app_with_mail(Some(config(MailTls::WhenOffered))).await;
    one_email_due(&app).await;
    let received = wait_for_messages(&mail, 1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "{received:?}");
    assert!(received[0].contains("To: Sam <sam@example.org>"));
}

#[tokio::test]
async fn required_tls_sends_nothing_to_a_relay_without_it() {
    let mail = start_mail_server().await;
    let app = spawn_app_with_mail(Some(MailConfig {
        host: "127.0.0.1".into(),
        port: mail.port,
        from: "Our Voice <ourvoice@example.org>".into(),
        every: Duration::from_millis(100),
        tls: MailTls::Required,
        ca_pem: None,
    }))
    .await;
    one_email_due(&app).await;
    // The mailer tries (and fails) five times, then stops trying...
    let started = Instant::now();
    while !app
        .storage
        .notifications_to_email(50)
        .await
        .expect("waiting")
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the mailer never tried"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // ...and nothing was ever sent plain.
    assert!(messages(&mail).is_empty(), "{:?}", messages(&mail));
}
