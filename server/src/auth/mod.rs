//! Sign-in, sessions and request guards: password checks (argon2 via
//! `password-auth`), the axum-login backend, the sign-in and sign-out routes,
//! the layer that tells pages who is signed in, and the cross-site guard.

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
use std::time::Instant;

use crate::storage::{PersonWithHash, Storage};

pub use guard::refuse_cross_site;
pub use throttle::Throttle;

/// A signed-in user as the session layer keeps them.
#[derive(Clone)]
pub struct User {
    pub person: Person,
    /// The hash of the person's password, or of their picture password
    /// when they have no password: changing it signs them out everywhere.
    auth_hash: String,
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

/// Checks passwords against storage.
#[derive(Clone)]
pub struct Backend {
    storage: Storage,
}

impl Backend {
    pub fn new(storage: Storage) -> Backend {
        Backend { storage }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
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
                Ok(checked(found, hash, form.password).await?)
            }
            Credentials::Pictures(form) => {
                let chosen: Vec<String> = form.pictures.split(' ').map(str::to_string).collect();
                let Ok(secret) = app::domain::signin::picture_secret(&chosen) else {
                    return Ok(None);
                };
                let found = self
                    .storage
                    .person_by_user_name(form.user_name.trim())
                    .await?;
                let hash = found.as_ref().and_then(|p| p.picture_hash.clone());
                Ok(checked(found, hash, secret).await?)
            }
            Credentials::Card(form) => Ok(self
                .storage
                .person_by_card(&form.token)
                .await?
                .and_then(User::of)),
        }
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<User>, AuthError> {
        Ok(self.storage.person_by_id(user_id).await?.and_then(User::of))
    }
}

/// The person, if `secret` matches `hash`. Without a person or a hash the
/// check runs against a decoy, so a wrong name takes as long as a wrong
/// secret.
async fn checked(
    found: Option<PersonWithHash>,
    hash: Option<String>,
    secret: String,
) -> Result<Option<User>, AuthError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| decoy_hash().to_string());
    let matches =
        tokio::task::spawn_blocking(move || password_auth::verify_password(secret, &hash).is_ok())
            .await?;
    Ok(found.filter(|_| matches && known).and_then(User::of))
}

pub type Session = AuthSession<Backend>;

/// `POST /sign-in`, `/sign-in/pictures` and `/sign-in/card` (all limited
/// by [`Throttle`]) and `POST /sign-out`.
pub fn router<S: Clone + Send + Sync + 'static>(throttle: Throttle) -> Router<S> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-in/pictures", post(sign_in_with_pictures))
        .route("/sign-in/card", post(sign_in_with_card))
        .route("/sign-out", post(sign_out))
        .route("/welcome", post(welcome))
        .layer(Extension(throttle))
}

/// Where each way of signing in sends people back when it fails.
struct Failed {
    refused: String,
}

#[tracing::instrument(skip_all)]
async fn sign_in(
    session: Session,
    Extension(throttle): Extension<Throttle>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let name = form.user_name.trim().to_string();
    let failed = Failed {
        refused: "/sign-in?failed=1".into(),
    };
    attempt(
        session,
        throttle,
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
    Extension(throttle): Extension<Throttle>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<PicturesForm>,
) -> Response {
    let name = form.user_name.trim().to_string();
    let failed = Failed {
        refused: "/sign-in?pictures=1".into(),
    };
    attempt(
        session,
        throttle,
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
    Extension(throttle): Extension<Throttle>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
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
    attempt(
        session,
        throttle,
        from,
        name,
        Credentials::Card(CardForm { token }),
        failed,
    )
    .await
}

/// One sign-in attempt, limited by the throttle for `name` and the address.
async fn attempt(
    mut session: Session,
    throttle: Throttle,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    name: String,
    creds: Credentials,
    failed: Failed,
) -> Response {
    let now = Instant::now();
    let address = from.map(|c| c.0 .0.ip());
    if let Err(held) = throttle.attempt(&name, address, now) {
        tracing::warn!(user_name = %name, ?held, "sign-in held back");
        return Redirect::to("/sign-in?wait=1").into_response();
    }
    match session.authenticate(creds).await {
        Ok(Some(user)) => match session.login(&user).await {
            Ok(()) => {
                throttle.succeeded(&name);
                tracing::info!(user_name = %user.person.user_name, "signed in");
                Redirect::to("/").into_response()
            }
            Err(error) => {
                tracing::error!(%error, "Failed to start a session");
                Redirect::to(&failed.refused).into_response()
            }
        },
        Ok(None) => {
            throttle.failed(&name, address, now);
            tracing::info!(user_name = %name, "sign-in refused");
            Redirect::to(&failed.refused).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "Failed to check a sign-in");
            Redirect::to(&failed.refused).into_response()
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
async fn welcome(mut session: Session, Form(form): Form<WelcomeForm>) -> Response {
    use app::domain::running::{new_password, Refusal, WelcomeState};
    use app::ports::Running;
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
    let now = crate::storage::now_ms();
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
    if let Err(error) = session.login(&user).await {
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

/// Tells pages and server functions who is signed in.
pub async fn attach_viewer(session: Session, mut request: Request, next: Next) -> Response {
    let person = session.user.map(|user| user.person);
    request.extensions_mut().insert(Viewer(person));
    next.run(request).await
}
