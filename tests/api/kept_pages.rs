//! Pages, sessions and people kept while nothing changed: whatever anyone
//! changes (in the app, or straight in the database from outside the
//! server) shows on the next page, a kept page is never given to anyone
//! else, and signing out ends a kept session. On PostgreSQL nothing is
//! kept and the same must hold.

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, COOKIE};
use reqwest::StatusCode;
use sqlx::Connection;

use crate::helpers::*;

/// The check page as `person` sees it.
async fn check_page(person: &Person) -> (StatusCode, String) {
    let response = person.get("/check").await;
    let status = response.status();
    (status, response.text().await.expect("page"))
}

#[tokio::test]
async fn a_post_sent_after_the_page_was_drawn_shows_on_the_next_page() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let (status, first) = check_page(&alex).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!first.contains("Post by"), "nothing to check yet");
    let (_, again) = check_page(&alex).await;
    assert_eq!(
        visible_text(&again),
        visible_text(&first),
        "nothing changed"
    );
    assert_ne!(again, first, "each page has its own nonce");

    sam.write_and_send(&leeds).await;
    let (status, after) = check_page(&alex).await;
    assert_eq!(status, StatusCode::OK);
    assert!(after.contains("Post by Sam"), "the new post is listed");

    // Approving it (a server function) empties the list at once.
    let list: serde_json::Value = alex.posts_to_check().await.json().await.expect("json");
    let post_id = list[0]["post_id"].as_str().expect("id").to_string();
    assert_eq!(alex.approve(&post_id).await.status(), StatusCode::OK);
    let (_, emptied) = check_page(&alex).await;
    assert!(
        !emptied.contains("Post by"),
        "approved: nothing left to check"
    );
}

#[tokio::test]
async fn a_change_made_outside_the_server_shows_on_the_next_page() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    sam.write_and_send(&leeds).await;
    for _ in 0..2 {
        let (_, page) = check_page(&alex).await;
        assert!(page.contains("Post by Sam"));
    }
    // Another program (a command, a repair by hand) renames Sam in the
    // database file itself.
    let mut outside = sqlx::AnyConnection::connect(&database_url(app.data.path()))
        .await
        .expect("a connection of its own");
    sqlx::query("update person set display_name = 'Samira' where user_name = 'sam'")
        .execute(&mut outside)
        .await
        .expect("rename");
    outside.close().await.expect("close");
    let (_, page) = check_page(&alex).await;
    assert!(page.contains("Post by Samira"), "the new name shows");
    assert!(!page.contains("Post by Sam<"));
}

#[tokio::test]
async fn a_kept_page_is_never_given_to_someone_else() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let sam = app.signed_in("sam").await;
    for _ in 0..2 {
        let (status, page) = check_page(&alex).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("You are Alex"));
    }
    let (status, page) = check_page(&jo).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("You are Jo"), "Jo's own page");
    assert!(!page.contains("You are Alex"));
    let (status, _) = check_page(&sam).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a co-producer checks nothing"
    );
    let (status, page) = check_page(&app.visitor()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!page.contains("You are"));
}

#[tokio::test]
async fn a_burst_from_two_people_on_one_tablet_gives_each_their_own_page() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let sam = app.signed_in("sam").await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    // Fifty pages at once, the two supporters in turn, while Sam sends a
    // post in the middle of it.
    let pages = (0..50).map(|n| {
        let (person, name) = if n % 2 == 0 {
            (&alex, "Alex")
        } else {
            (&jo, "Jo")
        };
        async move { (name, check_page(person).await) }
    });
    let (answers, _) = tokio::join!(futures::future::join_all(pages), sam.write_and_send(&leeds));
    for (name, (status, page)) in answers {
        assert_eq!(status, StatusCode::OK);
        let other = if name == "Alex" { "Jo" } else { "Alex" };
        assert!(
            page.contains(&format!("You are {name}")),
            "{name}'s own page"
        );
        assert!(!page.contains(&format!("You are {other}")));
    }
    for person in [&alex, &jo] {
        let (_, page) = check_page(person).await;
        assert!(
            page.contains("Post by Sam"),
            "the post sent in the burst shows"
        );
    }
}

/// Signs in on a client without a cookie jar and gives back the cookie.
async fn session_cookie(app: &TestApp, user_name: &str) -> String {
    let response = app.visitor().sign_in(user_name, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter(|pair| pair.starts_with("ourvoice_session="))
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn signing_out_ends_a_kept_session_at_once() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app, "alex").await;
    assert!(!cookie.is_empty(), "a session cookie");
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let check = || {
        browser
            .get(format!("{}/check", app.base))
            .header(COOKIE, &cookie)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(check().await.expect("page").status(), StatusCode::OK);
    }
    let out = browser
        .post(format!("{}/sign-out", app.base))
        .header(COOKIE, &cookie)
        .header("origin", &app.base)
        .send()
        .await
        .expect("sign out");
    assert!(out.status().is_redirection() || out.status().is_success());
    let after = check().await.expect("page");
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "the old cookie opens nothing"
    );
}

#[tokio::test]
async fn a_kept_page_comes_compressed_with_a_nonce_of_its_own() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app, "alex").await;
    let browser = reqwest::Client::new();
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let response = browser
            .get(format!("{}/check", app.base))
            .header(COOKIE, &cookie)
            .header(ACCEPT_ENCODING, "gzip, deflate, br")
            .send()
            .await
            .expect("page");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.as_bytes()),
            Some(&b"br"[..])
        );
        let policy = response
            .headers()
            .get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("a policy")
            .to_string();
        let packed = response.bytes().await.expect("body");
        let mut html = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut html).expect("brotli");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains(app::strings::POSTS_TO_CHECK));
        // The start-up script carries the nonce the policy names.
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy");
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{policy}");
        bodies.push(html);
    }
    assert_eq!(visible_text(&bodies[0]), visible_text(&bodies[1]));
    assert_ne!(bodies[0], bodies[1], "each page has its own nonce");
}
