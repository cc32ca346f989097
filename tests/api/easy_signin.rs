//! Easy sign-in for co-producers: picture passwords and sign-in cards,
//! who may set them up, and the limits on trying.

use app::ports::SignInStore;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{location, spawn_app, Person, TestApp};

pub(crate) async fn id_of(person: &Person) -> String {
    person.me().await["person_id"]
        .as_str()
        .expect("id")
        .to_string()
}

pub(crate) async fn set_pictures(
    by: &Person,
    person_id: Option<&str>,
    pictures: &[&str],
) -> reqwest::Response {
    by.call_json(
        "signin/set-pictures",
        json!({"person_id": person_id, "pictures": pictures}),
    )
    .await
}

pub(crate) async fn sign_in_with_pictures(
    person: &Person,
    name: &str,
    pictures: &str,
) -> reqwest::Response {
    person
        .http
        .post(format!("{}/sign-in/pictures", person.base))
        .form(&[("user_name", name), ("pictures", pictures)])
        .send()
        .await
        .expect("sign-in request")
}

pub(crate) async fn sign_in_with_card(person: &Person, token: &str) -> reqwest::Response {
    person
        .http
        .post(format!("{}/sign-in/card", person.base))
        .form(&[("token", token)])
        .send()
        .await
        .expect("sign-in request")
}

/// A card made by alex for `person_id`; returns the card's secret.
/// A tablet that `supporter` set up for pictures (and signed out of).
pub(crate) async fn set_up_tablet(app: &TestApp, supporter: &str) -> Person {
    let tablet = app.visitor();
    assert_eq!(
        location(&tablet.sign_in(supporter, crate::helpers::PASSWORD).await),
        "/"
    );
    let set_up = tablet
        .http
        .post(format!("{}/sign-in/tablet", tablet.base))
        .send()
        .await
        .expect("set up");
    assert_eq!(location(&set_up), "/sign-in-help?tablet=1");
    tablet.sign_out().await;
    assert_eq!(tablet.me().await, Value::Null);
    tablet
}

pub(crate) async fn card_for(app: &TestApp, alex: &Person, person_id: &str) -> (String, String) {
    let response = alex
        .call_json(
            "signin/new-card",
            json!({"person_id": person_id, "days": 7}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let card: Value = response.json().await.expect("card");
    let link = card["link"].as_str().expect("link");
    assert!(link.starts_with(&app.base), "{link}");
    assert!(card["qr_svg"].as_str().expect("svg").starts_with("<?xml"));
    let token = link.rsplit('/').next().expect("token").to_string();
    (card["card_id"].as_str().expect("id").to_string(), token)
}

#[tokio::test]
async fn a_co_producer_signs_in_with_three_pictures_in_order() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let sam = app.signed_in("sam").await;
    let sam_id = id_of(&sam).await;
    assert_eq!(
        set_pictures(&alex, Some(&sam_id), &["cat", "sun", "dog"])
            .await
            .status(),
        StatusCode::OK
    );

    // The wrong order is refused; the right one signs in.
    let tablet = set_up_tablet(&app, "alex").await;
    let wrong = sign_in_with_pictures(&tablet, "sam", "sun cat dog").await;
    assert_eq!(location(&wrong), "/sign-in?pictures=1");
    assert_eq!(tablet.me().await, Value::Null);
    let right = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&right), "/");
    assert_eq!(tablet.me().await["user_name"], "sam");

    // Sam keeps the password too.
    let other = app.signed_in("sam").await;
    assert_eq!(other.me().await["user_name"], "sam");
}

#[tokio::test]
async fn wrong_pictures_lock_the_name_after_five_tries() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    assert_eq!(
        set_pictures(&sam, None, &["dog", "fish", "tree"])
            .await
            .status(),
        StatusCode::OK
    );
    let tablet = set_up_tablet(&app, "alex").await;
    for _ in 0..5 {
        let wrong = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
        assert_eq!(location(&wrong), "/sign-in?pictures=1");
    }
    let locked = sign_in_with_pictures(&tablet, "sam", "dog fish tree").await;
    assert_eq!(location(&locked), "/sign-in?wait=1");
    assert_eq!(tablet.me().await, Value::Null);
}

#[tokio::test]
async fn only_co_producers_get_picture_passwords_and_only_from_their_supporters() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let jo = app.signed_in("jo").await;
    let sam_id = id_of(&app.signed_in("sam").await).await;
    let jo_id = id_of(&jo).await;
    let before = app.storage.dump().await.expect("dump");

    let refused = [
        (
            "another co-producer",
            &robin,
            Some(sam_id.as_str()),
            StatusCode::FORBIDDEN,
        ),
        (
            "another account's supporter",
            &casey,
            Some(sam_id.as_str()),
            StatusCode::FORBIDDEN,
        ),
        (
            "for an admin",
            &alex,
            Some(jo_id.as_str()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a supporter for themself",
            &alex,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (why, by, whose, status) in refused {
        assert_eq!(
            set_pictures(by, whose, &["cat", "dog", "sun"])
                .await
                .status(),
            status,
            "{why}"
        );
    }
    for bad in [
        &["cat", "dog"][..],
        &["cat", "dog", "sun", "car"],
        &["cat", "dog", "lion"],
        &["cat", "cat", "sun"],
    ] {
        assert_eq!(
            set_pictures(&alex, Some(&sam_id), bad).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}"
        );
    }
    assert_eq!(
        app.storage.dump().await.expect("dump"),
        before,
        "nothing changed"
    );
    // A supporter cannot sign in with pictures even if a hash were there.
    let tablet = set_up_tablet(&app, "alex").await;
    let attempt = sign_in_with_pictures(&tablet, "alex", "cat dog sun").await;
    assert_eq!(location(&attempt), "/sign-in?pictures=1");
}

#[tokio::test]
async fn a_sign_in_card_signs_in_until_it_is_stopped() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let sam_id = id_of(&app.signed_in("sam").await).await;
    let (card_id, token) = card_for(&app, &alex, &sam_id).await;

    // Only the secret's hash is stored.
    let dump = app.storage.dump().await.expect("dump").join("\n");
    assert!(!dump.contains(&token), "the card's secret is not stored");

    let tablet = app.visitor();
    let signed = sign_in_with_card(&tablet, &token).await;
    assert_eq!(location(&signed), "/");
    assert_eq!(tablet.me().await["user_name"], "sam");

    let list: Value = alex
        .call("signin/cards", &[("person_id", &sam_id)])
        .await
        .json()
        .await
        .expect("cards");
    assert_eq!(list[0]["card_id"], card_id.as_str());
    assert_eq!(list[0]["made_by"], "Alex");
    assert_eq!(list[0]["revoked"], false);
    assert!(
        !list.to_string().contains(&token),
        "the list never shows the secret"
    );

    let stopped = alex
        .call(
            "signin/stop-card",
            &[("person_id", &sam_id), ("card_id", &card_id)],
        )
        .await;
    assert_eq!(stopped.status(), StatusCode::OK);
    let other_tablet = app.visitor();
    let refused = sign_in_with_card(&other_tablet, &token).await;
    assert_eq!(location(&refused), format!("/card/{token}?failed=1"));
    assert_eq!(other_tablet.me().await, Value::Null);
}

#[tokio::test]
async fn an_out_of_date_or_unknown_card_signs_nobody_in() {
    let app = spawn_app().await;
    let sam_id = id_of(&app.signed_in("sam").await).await;
    let alex_id = id_of(&app.signed_in("alex").await).await;
    let (_, token) = app
        .storage
        .new_signin_card(
            &sam_id,
            app::ports::ActingFor {
                by: &alex_id,
                accounts: &[],
                now: 0,
            },
            1,
        )
        .await
        .expect("card");
    let tablet = app.visitor();
    for attempt in [token.as_str(), "0123456789abcdef", ""] {
        let response = sign_in_with_card(&tablet, attempt).await;
        assert!(location(&response).ends_with("?failed=1"), "{attempt}");
        assert_eq!(tablet.me().await, Value::Null);
    }
}

#[tokio::test]
async fn cards_are_made_only_for_co_producers_by_their_supporters() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let robin = app.signed_in("robin").await;
    let casey = app.signed_in("casey").await;
    let sam = app.signed_in("sam").await;
    let sam_id = id_of(&sam).await;
    let jo_id = id_of(&app.signed_in("jo").await).await;
    let before = app.storage.dump().await.expect("dump");
    let refused = [
        (
            "the co-producer themself",
            &sam,
            sam_id.as_str(),
            7,
            StatusCode::FORBIDDEN,
        ),
        (
            "another co-producer",
            &robin,
            sam_id.as_str(),
            7,
            StatusCode::FORBIDDEN,
        ),
        (
            "another account's supporter",
            &casey,
            sam_id.as_str(),
            7,
            StatusCode::FORBIDDEN,
        ),
        (
            "for an admin",
            &alex,
            jo_id.as_str(),
            7,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "for 3 days",
            &alex,
            sam_id.as_str(),
            3,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (why, by, whose, days, status) in refused {
        let response = by
            .call_json("signin/new-card", json!({"person_id": whose, "days": days}))
            .await;
        assert_eq!(response.status(), status, "{why}");
    }
    assert_eq!(app.storage.dump().await.expect("dump"), before);
}

/// The account log's lines about the people, as (what, by, about).
async fn people_lines(admin: &Person, account_id: &str) -> Vec<(String, String, String)> {
    let log: Value = admin
        .call("admin/log", &[("account_id", account_id)])
        .await
        .json()
        .await
        .expect("log");
    log.as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["post_id"].is_null())
        .map(|l| {
            let field = |name: &str| l[name].as_str().unwrap_or_default().to_string();
            (field("note"), field("by"), field("about"))
        })
        .filter(|(note, _, _)| {
            [
                "pictures set",
                "card made",
                "pictures locked",
                "pictures unlocked",
            ]
            .contains(&note.as_str())
        })
        .collect()
}

#[tokio::test]
async fn what_a_supporter_does_for_a_co_producer_goes_in_the_accounts_log() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let sam = app.signed_in("sam").await;
    let sam_id = id_of(&sam).await;
    assert!(people_lines(&jo, &leeds).await.is_empty());

    // Sam choosing their own pictures is theirs alone: no log line.
    assert_eq!(
        set_pictures(&sam, None, &["cat", "sun", "dog"])
            .await
            .status(),
        StatusCode::OK
    );
    assert!(people_lines(&jo, &leeds).await.is_empty());

    // A supporter's new pictures and a card are logged, by and about whom.
    assert_eq!(
        set_pictures(&alex, Some(&sam_id), &["sun", "cat", "dog"])
            .await
            .status(),
        StatusCode::OK
    );
    card_for(&app, &alex, &sam_id).await;
    let expected = vec![
        (
            "card made".to_string(),
            "Alex".to_string(),
            "Sam".to_string(),
        ),
        (
            "pictures set".to_string(),
            "Alex".to_string(),
            "Sam".to_string(),
        ),
    ];
    assert_eq!(people_lines(&jo, &leeds).await, expected);

    // The admin's log page says it in words.
    let page = jo.get(&format!("/admin/log/{leeds}")).await;
    let words = crate::helpers::visible_text(&page.text().await.expect("page"));
    assert!(words.contains("Made a sign-in card: Sam"), "{words}");
    assert!(words.contains("Gave new sign-in pictures: Sam"), "{words}");

    // Sam's other supporters (jo) are told; alex, who did it, is not.
    assert_eq!(
        notes_about_people(&jo).await,
        [
            (
                "card_made".to_string(),
                "Alex".to_string(),
                "Sam".to_string()
            ),
            (
                "pictures_set".to_string(),
                "Alex".to_string(),
                "Sam".to_string()
            ),
        ]
    );
    assert!(notes_about_people(&alex).await.is_empty());
    let page = jo.get("/notes").await;
    let words = crate::helpers::visible_text(&page.text().await.expect("page"));
    assert!(
        words.contains("Alex made a sign-in card for Sam."),
        "{words}"
    );
    assert!(
        words.contains("Alex gave new sign-in pictures to Sam."),
        "{words}"
    );
}

/// A person's notes about people, newest first, as (kind, by, about).
async fn notes_about_people(person: &Person) -> Vec<(String, String, String)> {
    let list: Value = person
        .call("notes/list", &[])
        .await
        .json()
        .await
        .expect("notes");
    list.as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["post_id"] == "")
        .map(|n| {
            let field = |name: &str| n[name].as_str().unwrap_or_default().to_string();
            (field("kind"), field("by_name"), field("author_name"))
        })
        .collect()
}

/// Moves the server's clock `ms` ahead of the system's.
fn move_clock(app: &TestApp, ms: i64) {
    std::fs::write(app.data.path().join("clock"), ms.to_string()).expect("clock file");
}

#[tokio::test]
async fn ten_wrong_picture_tries_in_a_day_lock_them_until_a_supporter_unlocks_them() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let robin = app.signed_in("robin").await;
    let sam_id = id_of(&app.signed_in("sam").await).await;
    assert_eq!(
        set_pictures(&alex, Some(&sam_id), &["cat", "sun", "dog"])
            .await
            .status(),
        StatusCode::OK
    );
    let tablet = set_up_tablet(&app, "alex").await;
    let checks = app.password_checks.count();
    // Five wrong tries, then (past the 15-minute hold) five more.
    for round in 0..2 {
        move_clock(&app, round * 16 * 60_000);
        for _ in 0..5 {
            let wrong = sign_in_with_pictures(&tablet, "sam", "dog sun cat").await;
            assert_eq!(location(&wrong), "/sign-in?pictures=1");
        }
    }
    assert_eq!(app.password_checks.count() - checks, 10);

    // Locked: even the right pictures do not sign in, and are not checked.
    move_clock(&app, 40 * 60_000);
    let right = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
    assert_eq!(location(&right), "/sign-in?pictures=1&locked=1");
    assert_eq!(tablet.me().await, Value::Null);
    assert_eq!(app.password_checks.count() - checks, 10);
    let page = tablet.get("/sign-in?pictures=1&locked=1").await;
    let words = crate::helpers::visible_text(&page.text().await.expect("page"));
    assert!(words.contains(app::strings::PICTURES_LOCKED), "{words}");

    // Every supporter of sam's account is told, and the log says so.
    for supporter in [&alex, &jo] {
        let notes = notes_about_people(supporter).await;
        assert_eq!(notes[0].0, "pictures_locked");
        assert_eq!(notes[0].2, "Sam");
    }
    assert!(people_lines(&jo, &leeds).await.contains(&(
        "pictures locked".into(),
        "Sam".into(),
        "Sam".into()
    )));
    let page = jo.get("/notes").await;
    let words = crate::helpers::visible_text(&page.text().await.expect("page"));
    assert!(
        words.contains(&format!("Sam: {}", app::strings::NOTE_PICTURES_LOCKED)),
        "{words}"
    );

    // Only a supporter of the account unlocks them.
    async fn locked(by: &Person, person_id: &str) -> bool {
        by.call_json("signin/pictures-locked", json!({"person_id": person_id}))
            .await
            .json()
            .await
            .expect("yes or no")
    }
    assert!(locked(&alex, &sam_id).await);
    let unlock = json!({"person_id": sam_id});
    assert_eq!(
        robin
            .call_json("signin/unlock-pictures", unlock.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(locked(&alex, &sam_id).await);
    assert_eq!(
        alex.call_json("signin/unlock-pictures", unlock.clone())
            .await
            .status(),
        StatusCode::OK
    );
    assert!(!locked(&jo, &sam_id).await);
    assert!(people_lines(&jo, &leeds).await.contains(&(
        "pictures unlocked".into(),
        "Alex".into(),
        "Sam".into()
    )));
    // Nothing left to unlock.
    assert_eq!(
        alex.call_json("signin/unlock-pictures", unlock)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The right pictures work again.
    let right = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
    assert_eq!(location(&right), "/");
    assert_eq!(tablet.me().await["user_name"], "sam");
}

#[tokio::test]
async fn a_card_signs_in_only_to_the_work_of_the_accounts_it_was_made_for() {
    let app = spawn_app().await;
    let alex = app.signed_in("alex").await;
    let sam = app.signed_in("sam").await;
    let sam_id = id_of(&sam).await;
    // Sam is on a second account, which alex does not check.
    let other = crate::helpers::account_id(&app.storage, "other-group").await;
    app.storage
        .ensure_membership(&other, &sam_id, app::domain::roles::Role::CoProducer)
        .await
        .expect("sam joins");
    let elsewhere = sam.start_post(&other).await;
    let at_leeds = sam.start_post(&app.leeds().await).await;
    assert_eq!(sam.load_post(&elsewhere).await.status(), StatusCode::OK);

    let (_, token) = card_for(&app, &alex, &sam_id).await;
    let tablet = app.visitor();
    assert_eq!(location(&sign_in_with_card(&tablet, &token).await), "/");
    let me = tablet.me().await;
    assert_eq!(me["user_name"], "sam");
    let accounts: Vec<&str> = me["memberships"]
        .as_array()
        .expect("memberships")
        .iter()
        .map(|m| m["account_id"].as_str().expect("id"))
        .collect();
    assert_eq!(accounts, [app.leeds().await.as_str()]);
    assert_eq!(tablet.load_post(&at_leeds).await.status(), StatusCode::OK);
    // The other account's work is out of the card's reach.
    assert_eq!(
        tablet.load_post(&elsewhere).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_ne!(tablet.new_post(&other).await.status(), StatusCode::OK);
    // Sam's own password still reaches both.
    assert_eq!(sam.load_post(&elsewhere).await.status(), StatusCode::OK);
}

/// The account log's lines about tablets, as (what, by).
async fn tablet_lines(admin: &Person, account_id: &str) -> Vec<(String, String)> {
    let log: Value = admin
        .call("admin/log", &[("account_id", account_id)])
        .await
        .json()
        .await
        .expect("log");
    log.as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            let field = |name: &str| l[name].as_str().unwrap_or_default().to_string();
            (field("note"), field("by"))
        })
        .filter(|(note, _)| note.starts_with("tablet"))
        .collect()
}

#[tokio::test]
async fn pictures_work_only_on_a_tablet_a_supporter_set_up_until_it_is_stopped() {
    let app = spawn_app().await;
    let leeds = app.leeds().await;
    let alex = app.signed_in("alex").await;
    let jo = app.signed_in("jo").await;
    let casey = app.signed_in("casey").await;
    let robin = app.signed_in("robin").await;
    let sam_id = id_of(&app.signed_in("sam").await).await;
    assert_eq!(
        set_pictures(&alex, Some(&sam_id), &["cat", "sun", "dog"])
            .await
            .status(),
        StatusCode::OK
    );

    // Any other browser: refused before anything is checked.
    let checks = app.password_checks.count();
    let stranger = app.visitor();
    let refused = sign_in_with_pictures(&stranger, "sam", "cat sun dog").await;
    assert_eq!(location(&refused), "/sign-in?pictures=1&tablet=1");
    assert_eq!(stranger.me().await, Value::Null);
    assert_eq!(app.password_checks.count(), checks);
    let page = stranger.get("/sign-in?pictures=1&tablet=1").await;
    let words = crate::helpers::visible_text(&page.text().await.expect("page"));
    assert!(
        words.contains(app::strings::PICTURES_NOT_THIS_TABLET),
        "{words}"
    );

    // Only a supporter or admin, signed in, sets a tablet up.
    for (who, status) in [
        (&robin, StatusCode::FORBIDDEN),
        (&stranger, StatusCode::UNAUTHORIZED),
    ] {
        let response = who
            .http
            .post(format!("{}/sign-in/tablet", who.base))
            .send()
            .await
            .expect("set up");
        assert_eq!(response.status(), status);
        assert!(response.headers().get("set-cookie").is_none());
    }

    // alex sets up a tablet: a long-lived, script-proof, same-site cookie.
    let tablet = app.visitor();
    tablet.sign_in("alex", crate::helpers::PASSWORD).await;
    let set_up = tablet
        .http
        .post(format!("{}/sign-in/tablet", tablet.base))
        .send()
        .await
        .expect("set up");
    let cookie = set_up
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ourvoice_tablet="))
        .expect("the tablet cookie")
        .to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=34560000"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    tablet.sign_out().await;
    let right = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
    assert_eq!(location(&right), "/");
    assert_eq!(tablet.me().await["user_name"], "sam");
    tablet.sign_out().await;

    // A tablet of another account's supporter does not know sam.
    let elsewhere = set_up_tablet(&app, "casey").await;
    let unknown = sign_in_with_pictures(&elsewhere, "sam", "cat sun dog").await;
    assert_eq!(location(&unknown), "/sign-in?pictures=1");
    assert_eq!(elsewhere.me().await, Value::Null);

    // Each supporter sees the tablets of their own accounts.
    let listed = |list: Value| -> Vec<(String, bool)> {
        list.as_array()
            .expect("tablets")
            .iter()
            .map(|t| {
                (
                    t["made_by"].as_str().expect("by").to_string(),
                    t["this_one"].as_bool().expect("this one"),
                )
            })
            .collect()
    };
    let mine: Value = jo
        .call("signin/tablets", &[])
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(listed(mine.clone()), [("Alex".to_string(), false)]);
    let theirs: Value = casey
        .call("signin/tablets", &[])
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(listed(theirs), [("casey".to_string(), false)]);
    let tablet_id = mine[0]["tablet_id"].as_str().expect("id").to_string();

    // casey cannot stop alex's tablet; jo (an admin of the account) can.
    let stop = json!({"tablet_id": tablet_id});
    assert_eq!(
        casey
            .call_json("signin/stop-tablet", stop.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        tablet
            .sign_in("sam", crate::helpers::PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    tablet.sign_out().await;
    assert_eq!(
        jo.call_json("signin/stop-tablet", stop).await.status(),
        StatusCode::OK
    );
    let refused = sign_in_with_pictures(&tablet, "sam", "cat sun dog").await;
    assert_eq!(location(&refused), "/sign-in?pictures=1&tablet=1");
    assert_eq!(
        tablet_lines(&jo, &leeds).await,
        [
            ("tablet stopped".to_string(), "Jo".to_string()),
            ("tablet set up".to_string(), "Alex".to_string()),
        ]
    );
}
