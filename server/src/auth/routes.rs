//! The sign-in routes: a password, pictures or a card signs in; a tablet
//! is set up for pictures; a welcome link sets a first password; signing
//! out ends the session.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use serde::Deserialize;

use super::backend::{AuthError, CardForm, Credentials, PasswordForm, PicturesForm, User};
use super::{client, throttle, Session, SignInRules, SIGNED_IN_AT, STARTED_BY_CARD};

/// `POST /sign-in`, `/sign-in/pictures` and `/sign-in/card` (all limited
/// by [`Throttle`]) and `POST /sign-out`.
pub fn router<S: Clone + Send + Sync + 'static>(rules: SignInRules) -> Router<S> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-in/pictures", post(sign_in_with_pictures))
        .route("/sign-in/card", post(sign_in_with_card))
        .route("/sign-in/tablet", post(set_up_tablet))
        .route("/sign-out", post(sign_out))
        .route("/welcome", post(welcome))
        .layer(Extension(rules))
}

/// Where each way of signing in sends people back when it fails.
pub(super) struct Failed {
    pub(super) refused: String,
}

#[tracing::instrument(skip_all)]
pub(super) async fn sign_in(
    session: Session,
    Extension(rules): Extension<SignInRules>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let name = form.user_name.trim().to_string();
    let failed = Failed {
        refused: "/sign-in?failed=1".into(),
    };
    let from = client::client_address(from.map(|c| c.0 .0.ip()), &headers, &rules.trusted);
    attempt(
        session,
        &rules,
        from,
        name,
        Credentials::Password(form),
        failed,
    )
    .await
}

#[tracing::instrument(skip_all)]
pub(super) async fn sign_in_with_pictures(
    session: Session,
    Extension(rules): Extension<SignInRules>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(mut form): Form<PicturesForm>,
) -> Response {
    // A tablet nobody set up is told so before anything is counted.
    form.tablet_accounts = match tablet_token(&headers) {
        Some(token) => match session.backend.storage.tablet_accounts(&token).await {
            Ok(accounts) => accounts,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "Failed to look up a tablet");
                None
            }
        },
        None => None,
    };
    let Some(accounts) = &form.tablet_accounts else {
        tracing::info!("sign-in refused: pictures on a tablet not set up");
        return Redirect::to("/sign-in?pictures=1&tablet=1").into_response();
    };
    let name = form.user_name.trim().to_string();
    // Locked pictures are told so at once (the backend checks again).
    if let Ok(Some(found)) = session.backend.storage.person_by_user_name(&name).await {
        let here = found
            .person
            .memberships
            .iter()
            .any(|m| accounts.contains(&m.account_id));
        if here && found.pictures_locked && found.picture_hash.is_some() {
            tracing::info!("sign-in refused: pictures locked");
            return Redirect::to("/sign-in?pictures=1&locked=1").into_response();
        }
    }
    let failed = Failed {
        refused: "/sign-in?pictures=1".into(),
    };
    let from = client::client_address(from.map(|c| c.0 .0.ip()), &headers, &rules.trusted);
    attempt(
        session,
        &rules,
        from,
        name,
        Credentials::Pictures(form),
        failed,
    )
    .await
}

#[tracing::instrument(skip_all)]
pub(super) async fn sign_in_with_card(
    session: Session,
    Extension(rules): Extension<SignInRules>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<CardForm>,
) -> Response {
    // Cards have no name: each card counts on its own, and every failure
    // counts against the address. The card's secret is never logged.
    let token: String = form
        .token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let name = format!("card:{}", token.get(..8).unwrap_or_default());
    let failed = Failed {
        refused: format!("/card/{token}?failed=1"),
    };
    let from = client::client_address(from.map(|c| c.0 .0.ip()), &headers, &rules.trusted);
    attempt(
        session,
        &rules,
        from,
        name,
        Credentials::Card(CardForm { token }),
        failed,
    )
    .await
}

/// One sign-in attempt, limited by the throttle for `name` and the
/// address. Typed names are never logged: people type passwords into them.
pub(super) async fn attempt(
    mut session: Session,
    rules: &SignInRules,
    from: Option<std::net::IpAddr>,
    name: String,
    creds: Credentials,
    failed: Failed,
) -> Response {
    let throttle = &rules.throttle;
    let slot = match throttle.claim(&name, from).await {
        Ok(slot) => slot,
        Err(throttle::Held::Unavailable) => return Redirect::to("/sign-in?busy=1").into_response(),
        Err(held) => {
            tracing::warn!(?held, "sign-in held back");
            return Redirect::to("/sign-in?wait=1").into_response();
        }
    };
    match session.authenticate(creds).await {
        Ok(Some(user)) => match start_session(&mut session, &user, rules.clock.now_ms()).await {
            Ok(()) => {
                throttle.succeeded(slot).await;
                tracing::info!(person = %user.person.person_id, "signed in");
                Redirect::to("/").into_response()
            }
            Err(error) => {
                throttle.release(slot).await;
                tracing::error!(%error, "Failed to start a session");
                Redirect::to(&failed.refused).into_response()
            }
        },
        Ok(None) => {
            throttle.failed(slot);
            tracing::info!("sign-in refused");
            Redirect::to(&failed.refused).into_response()
        }
        Err(axum_login::Error::Backend(AuthError::NotThisTablet)) => {
            throttle.release(slot).await;
            tracing::info!("sign-in refused: pictures on a tablet not set up");
            Redirect::to("/sign-in?pictures=1&tablet=1").into_response()
        }
        Err(axum_login::Error::Backend(AuthError::PicturesLocked)) => {
            throttle.release(slot).await;
            tracing::info!("sign-in refused: pictures locked");
            Redirect::to("/sign-in?pictures=1&locked=1").into_response()
        }
        Err(axum_login::Error::Backend(AuthError::Busy)) => {
            throttle.release(slot).await;
            tracing::warn!("every password check was busy");
            Redirect::to("/sign-in?busy=1").into_response()
        }
        Err(error) => {
            throttle.release(slot).await;
            tracing::error!(%error, "Failed to check a sign-in");
            Redirect::to(&failed.refused).into_response()
        }
    }
}

/// Signs `user` in with a new session id, signing out whoever was signed
/// in on this browser first, and notes when (and with which card).
pub(super) async fn start_session(
    session: &mut Session,
    user: &User,
    now: i64,
) -> anyhow::Result<()> {
    if session.user.is_some() {
        session.logout().await?;
    }
    session.login(user).await?;
    session.session.cycle_id().await?;
    session.session.insert(SIGNED_IN_AT, now).await?;
    if let Some(card) = &user.card {
        session.session.insert(STARTED_BY_CARD, card).await?;
    }
    Ok(())
}

/// The secret in the request's tablet cookie, if any.
pub(super) fn tablet_token(headers: &HeaderMap) -> Option<String> {
    use app::domain::signin::{cookie_value, TABLET_COOKIE};
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, TABLET_COOKIE).map(str::to_string))
}

/// `POST /sign-in/tablet`: a supporter signed in on this tablet sets it up
/// for picture passwords of the people on the accounts they check (a
/// long-lived cookie, [`TABLET_DAYS`](app::domain::signin::TABLET_DAYS)).
/// A tablet set up before is stopped first.
#[tracing::instrument(skip_all)]
pub(super) async fn set_up_tablet(
    session: Session,
    Extension(rules): Extension<SignInRules>,
    headers: HeaderMap,
) -> Response {
    use app::domain::signin::{TABLET_COOKIE, TABLET_DAYS};
    use app::ports::{ActingFor, PictureStore};
    use tower_sessions::cookie::{Cookie, SameSite};
    let refuse = |status, words: &str| {
        (status, axum::Json(serde_json::json!({ "message": words }))).into_response()
    };
    let Some(user) = &session.user else {
        return refuse(
            axum::http::StatusCode::UNAUTHORIZED,
            app::strings::ERR_SIGN_IN,
        );
    };
    let checked = user.person.checked_accounts();
    if checked.is_empty() {
        return refuse(
            axum::http::StatusCode::FORBIDDEN,
            app::strings::ERR_NOT_ALLOWED,
        );
    }
    let storage = &session.backend.storage;
    let acting = ActingFor {
        by: &user.person.person_id,
        accounts: &checked,
        now: rules.clock.now_ms(),
    };
    if let Some(token) = tablet_token(&headers) {
        if let Ok(Some(old)) = storage.tablet_of_token(&token).await {
            // Not theirs to stop is fine: the cookie is replaced anyway.
            let _ = storage.stop_picture_tablet(&old, acting).await;
        }
    }
    match storage.add_picture_tablet(acting).await {
        Ok(tablet) => {
            let cookie = Cookie::build((TABLET_COOKIE, tablet.token))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(rules.secure_cookies)
                .max_age(time::Duration::days(TABLET_DAYS))
                .build();
            tracing::info!(by = %user.person.person_id, tablet = %tablet.tablet_id, "tablet set up for pictures");
            (
                [(header::SET_COOKIE, cookie.to_string())],
                Redirect::to("/sign-in-help?tablet=1"),
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "Failed to set up a tablet");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// What the welcome page sends: the link's secret and the new password.
#[derive(Clone, Deserialize)]
pub struct WelcomeForm {
    pub token: String,
    pub password: String,
}

/// `POST /welcome`: a new person chooses their password with their one-time
/// link, and is signed in. A used, old or unknown link sends them back to
/// the link's page, which says so.
#[tracing::instrument(skip_all)]
pub(super) async fn welcome(
    mut session: Session,
    Extension(rules): Extension<SignInRules>,
    Form(form): Form<WelcomeForm>,
) -> Response {
    use app::domain::running::{new_password, Refusal, WelcomeState};
    use app::ports::StaffStore;
    let token: String = form
        .token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(128)
        .collect();
    let back = format!("/welcome/{token}");
    match new_password(&form.password) {
        Ok(()) => {}
        Err(Refusal::PasswordTooLong) => {
            return Redirect::to(&format!("{back}?problem=long")).into_response()
        }
        Err(_) => return Redirect::to(&format!("{back}?problem=short")).into_response(),
    }
    let storage = session.backend.storage.clone();
    let now = rules.clock.now_ms();
    // The slow hash only for a link that works.
    if !matches!(
        storage.welcome_state(&token, now).await,
        Ok(WelcomeState::Ready { .. })
    ) {
        return Redirect::to(&back).into_response();
    }
    let password = form.password;
    let hash =
        match tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await {
            Ok(hash) => hash,
            Err(error) => {
                tracing::error!(%error, "Failed to hash a password");
                return Redirect::to(&back).into_response();
            }
        };
    let person = match storage.use_welcome_link(&token, &hash, now).await {
        Ok(Some(person_id)) => storage.person_by_id(&person_id).await.ok().flatten(),
        Ok(None) => None,
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "Failed to use a welcome link");
            None
        }
    };
    let Some(user) = person.and_then(User::of) else {
        return Redirect::to(&back).into_response();
    };
    if let Err(error) = start_session(&mut session, &user, rules.clock.now_ms()).await {
        tracing::error!(%error, "Failed to start a session");
        return Redirect::to("/sign-in").into_response();
    }
    tracing::info!(person = %user.person.person_id, "chose a password through a welcome link");
    Redirect::to("/").into_response()
}

pub(super) async fn sign_out(mut session: Session) -> Response {
    if let Err(error) = session.logout().await {
        tracing::error!(%error, "Failed to end a session");
    }
    // What a tablet's tab kept of a draft (words not yet saved) goes too,
    // so the next person on the tablet never sees it.
    (
        [(
            axum::http::HeaderName::from_static("clear-site-data"),
            "\"storage\"",
        )],
        Redirect::to("/sign-in"),
    )
        .into_response()
}
