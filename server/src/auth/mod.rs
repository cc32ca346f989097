//! Sign-in, sessions and request guards: password checks (argon2 via
//! `password-auth`), the axum-login backend, the sign-in and sign-out routes,
//! the layer that tells pages who is signed in, and the cross-site guard.

pub mod client;
mod guard;
pub mod throttle;

use app::accounts::Person;
use app::ports::Viewer;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use axum_login::{AuthSession, AuthUser, AuthnBackend, UserId};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use app::ports::Clock;
use axum::http::{header, HeaderMap};
use tokio::sync::Semaphore;

use crate::storage::{PersonWithHash, Storage};

pub use client::TrustedProxies;
pub use guard::refuse_cross_site;
pub use throttle::Throttle;

/// The longest a session lasts, however busy it is.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// How long a sign-in waits for a free password check before it is told
/// to try again in a moment.
const CHECK_WAIT: Duration = Duration::from_secs(10);
/// When the session's person signed in (ms, by the server's clock).
const SIGNED_IN_AT: &str = "ourvoice.signed_in_at";
/// The sign-in card that started the session, if one did.
const STARTED_BY_CARD: &str = "ourvoice.card";

/// A signed-in user as the session layer keeps them.
#[derive(Clone)]
pub struct User {
    pub person: Person,
    /// The hash of the person's password, or of their picture password
    /// when they have no password: changing it signs them out everywhere.
    auth_hash: String,
    /// The card this sign-in used, if it used one.
    card: Option<String>,
}

impl User {
    /// The signed-in user, if the person may sign in (their access is not
    /// stopped and they were not removed).
    fn of(found: PersonWithHash) -> Option<User> {
        if !found.active {
            return None;
        }
        let hash = found
            .password_hash
            .or(found.picture_hash)
            .unwrap_or_default();
        // Stopping a person's access changes this, so every session they
        // had stops at once.
        let auth_hash = match found.access_stamp {
            0 => hash,
            stamp => format!("{hash}#{stamp}"),
        };
        Some(User {
            person: found.person,
            auth_hash,
            card: None,
        })
    }
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("person", &self.person)
            .finish_non_exhaustive()
    }
}

impl AuthUser for User {
    type Id = String;

    fn id(&self) -> String {
        self.person.person_id.clone()
    }

    /// Changing the password (or the picture password of someone without
    /// one) signs the person out everywhere.
    fn session_auth_hash(&self) -> &[u8] {
        self.auth_hash.as_bytes()
    }
}

/// What the password sign-in form sends.
#[derive(Clone, Deserialize)]
pub struct PasswordForm {
    pub user_name: String,
    pub password: String,
}

/// What the picture sign-in form sends: the pictures' ids, in order,
/// separated by spaces.
#[derive(Clone, Deserialize)]
pub struct PicturesForm {
    pub user_name: String,
    pub pictures: String,
    /// The accounts whose people may use pictures on this tablet, if a
    /// supporter set it up (from its cookie).
    #[serde(skip)]
    pub tablet_accounts: Option<Vec<String>>,
}

/// What the sign-in card page sends.
#[derive(Clone, Deserialize)]
pub struct CardForm {
    pub token: String,
}

/// The ways of signing in.
#[derive(Clone)]
pub enum Credentials {
    Password(PasswordForm),
    Pictures(PicturesForm),
    Card(CardForm),
}

/// Checks passwords against storage. Each check takes about 19 MiB for a
/// moment, so only a few run at once.
#[derive(Clone)]
pub struct Backend {
    storage: Storage,
    clock: Arc<dyn Clock>,
    checking: Arc<Semaphore>,
    checks: Arc<AtomicU64>,
}

impl Backend {
    pub fn new(storage: Storage, clock: Arc<dyn Clock>) -> Backend {
        let at_once = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 8);
        Backend {
            storage,
            clock,
            checking: Arc::new(Semaphore::new(at_once)),
            checks: Arc::default(),
        }
    }

    /// How many secrets were checked against a hash since the start.
    pub fn checks(&self) -> PasswordChecks {
        PasswordChecks(self.checks.clone())
    }

    /// The person, if `secret` matches `hash`. Without a person or a hash
    /// the check runs against a decoy, so a wrong name takes as long as a
    /// wrong secret.
    async fn checked(
        &self,
        found: Option<PersonWithHash>,
        hash: Option<String>,
        secret: String,
    ) -> Result<Option<User>, AuthError> {
        let _slot = check_slot(&self.checking, CHECK_WAIT).await?;
        self.checks.fetch_add(1, Ordering::SeqCst);
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| decoy_hash().to_string());
        let matches = tokio::task::spawn_blocking(move || {
            password_auth::verify_password(secret, &hash).is_ok()
        })
        .await?;
        Ok(found.filter(|_| matches && known).and_then(User::of))
    }
}

/// A place among the password checks running at once, waiting at most
/// `wait` ([`CHECK_WAIT`]) for one; then the sign-in is answered "try again
/// in a moment" rather than queued without end.
async fn check_slot(
    checking: &Semaphore,
    wait: Duration,
) -> Result<tokio::sync::SemaphorePermit<'_>, AuthError> {
    tokio::time::timeout(wait, checking.acquire())
        .await
        .map_err(|_| AuthError::Busy)?
        .map_err(|_| AuthError::Busy)
}

/// A count of password checks (tests read it).
#[derive(Clone, Default)]
pub struct PasswordChecks(Arc<AtomicU64>);

impl PasswordChecks {
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Storage(#[from] app::ports::StoreError),
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
    #[error("every password check is busy")]
    Busy,
    #[error("the person's pictures are locked")]
    PicturesLocked,
    #[error("this tablet is not set up for pictures")]
    NotThisTablet,
}

/// A hash to check against when the user name is unknown, so a wrong name
/// takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password_auth::generate_hash("not a real password"))
}

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, AuthError> {
        match creds {
            Credentials::Password(form) => {
                let found = self
                    .storage
                    .person_by_user_name(form.user_name.trim())
                    .await?;
                let hash = found.as_ref().and_then(|p| p.password_hash.clone());
                self.checked(found, hash, form.password).await
            }
            Credentials::Pictures(form) => {
                // Pictures work only on a tablet a supporter set up, and
                // only for people on the accounts that supporter checks.
                let Some(tablet_accounts) = form.tablet_accounts else {
                    return Err(AuthError::NotThisTablet);
                };
                let chosen: Vec<String> = form.pictures.split(' ').map(str::to_string).collect();
                let Ok(secret) = app::domain::signin::picture_secret(&chosen) else {
                    return Ok(None);
                };
                let found = self
                    .storage
                    .person_by_user_name(form.user_name.trim())
                    .await?
                    // Someone from another account is as unknown here.
                    .filter(|p| {
                        p.person
                            .memberships
                            .iter()
                            .any(|m| tablet_accounts.contains(&m.account_id))
                    });
                let hash = found.as_ref().and_then(|p| p.picture_hash.clone());
                // Locked pictures are not even checked.
                let with_pictures = found.as_ref().filter(|p| p.picture_hash.is_some());
                if with_pictures.is_some_and(|p| p.pictures_locked) {
                    return Err(AuthError::PicturesLocked);
                }
                let person_id = with_pictures.map(|p| p.person.person_id.clone());
                let user = self.checked(found, hash, secret).await?;
                if let (None, Some(person_id)) = (&user, person_id) {
                    let now = self.clock.now_ms();
                    if self.storage.picture_failed(&person_id, now).await? {
                        tracing::warn!(person = %person_id, "picture password locked");
                    }
                }
                Ok(user)
            }
            Credentials::Card(form) => Ok(self
                .storage
                .person_by_card(&form.token)
                .await?
                .and_then(|(card, found)| {
                    User::of(found).map(|user| User {
                        card: Some(card),
                        ..user
                    })
                })),
        }
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<User>, AuthError> {
        Ok(self.storage.person_by_id(user_id).await?.and_then(User::of))
    }
}

pub type Session = AuthSession<Backend>;

/// What the sign-in routes share.
#[derive(Clone)]
pub struct SignInRules {
    pub throttle: Throttle,
    pub trusted: TrustedProxies,
    pub clock: Arc<dyn Clock>,
    /// Cookies only over https.
    pub secure_cookies: bool,
}

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
struct Failed {
    refused: String,
}

#[tracing::instrument(skip_all)]
async fn sign_in(
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
async fn sign_in_with_pictures(
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
async fn sign_in_with_card(
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
async fn attempt(
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
async fn start_session(session: &mut Session, user: &User, now: i64) -> anyhow::Result<()> {
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
fn tablet_token(headers: &HeaderMap) -> Option<String> {
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
async fn set_up_tablet(
    session: Session,
    Extension(rules): Extension<SignInRules>,
    headers: HeaderMap,
) -> Response {
    use app::domain::signin::{TABLET_COOKIE, TABLET_DAYS};
    use app::ports::{ActingFor, SignInStore};
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
async fn welcome(
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

async fn sign_out(mut session: Session) -> Response {
    if let Err(error) = session.logout().await {
        tracing::error!(%error, "Failed to end a session");
    }
    Redirect::to("/sign-in").into_response()
}

/// Tells pages and server functions who is signed in. A session older
/// than [`SESSION_LIFETIME`], or started by a card that has since been
/// stopped or run out, is ended here.
pub async fn attach_viewer(
    mut session: Session,
    Extension(rules): Extension<SignInRules>,
    mut request: Request,
    next: Next,
) -> Response {
    let mut card_accounts = None;
    if session.user.is_some() {
        match session_still_good(&session, &rules).await {
            Standing::Good {
                card_accounts: only,
            } => card_accounts = only,
            Standing::Ended => {
                if let Err(error) = session.logout().await {
                    tracing::error!(%error, "Failed to end a session");
                }
                session.user = None;
            }
        }
    }
    let person = session.user.map(|user| {
        let mut person = user.person;
        // A card's session sees only the work of the accounts the card
        // was made for.
        if let Some(only) = card_accounts {
            person.memberships.retain(|m| only.contains(&m.account_id));
        }
        person
    });
    let signed_in = person.is_some();
    request.extensions_mut().insert(Viewer(person));
    let mut response = next.run(request).await;
    // What a signed-in person sees stays out of shared caches and the
    // tablet's back button after sign-out. Files that set their own
    // caching (pictures, the app's code) keep it.
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}

/// Whether a session may go on, and how far a card's session reaches.
enum Standing {
    Good { card_accounts: Option<Vec<String>> },
    Ended,
}

impl From<bool> for Standing {
    fn from(good: bool) -> Standing {
        if good {
            Standing::Good {
                card_accounts: None,
            }
        } else {
            Standing::Ended
        }
    }
}

async fn session_still_good(session: &Session, rules: &SignInRules) -> Standing {
    let now = rules.clock.now_ms();
    let since = session
        .session
        .get::<i64>(SIGNED_IN_AT)
        .await
        .ok()
        .flatten();
    // A session from before sign-in times were kept counts from now.
    let Some(since) = since else {
        return session
            .session
            .insert(SIGNED_IN_AT, now)
            .await
            .is_ok()
            .into();
    };
    if now - since >= SESSION_LIFETIME.as_millis() as i64 {
        return Standing::Ended;
    }
    match session.session.get::<String>(STARTED_BY_CARD).await {
        Ok(Some(card)) => match session.backend.storage.card_accounts(&card, now).await {
            Ok(Some(accounts)) => Standing::Good {
                card_accounts: Some(accounts),
            },
            Ok(None) => Standing::Ended,
            Err(error) => {
                tracing::error!(%error, "Failed to look up a sign-in card");
                Standing::Ended
            }
        },
        Ok(None) => true.into(),
        Err(_) => Standing::Ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: Duration = Duration::from_millis(50);

    #[tokio::test]
    async fn a_check_waits_a_while_for_a_place_then_is_told_busy() {
        let checking = Semaphore::new(1);
        let held = check_slot(&checking, SHORT).await.expect("the one place");
        assert!(matches!(
            check_slot(&checking, SHORT).await,
            Err(AuthError::Busy)
        ));
        drop(held);
        assert!(check_slot(&checking, SHORT).await.is_ok(), "free again");
    }

    #[tokio::test]
    async fn a_place_freed_while_waiting_is_taken() {
        let checking = Arc::new(Semaphore::new(1));
        let held = checking.clone().acquire_owned().await.expect("place");
        let waiting = {
            let checking = checking.clone();
            tokio::spawn(async move { check_slot(&checking, CHECK_WAIT).await.is_ok() })
        };
        tokio::time::sleep(SHORT).await;
        drop(held);
        assert!(waiting.await.expect("task"), "took the freed place");
    }
}
