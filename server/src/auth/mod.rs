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

use crate::storage::Storage;

pub use guard::refuse_cross_site;
pub use throttle::Throttle;

/// A signed-in user as the session layer keeps them.
#[derive(Clone)]
pub struct User {
    pub person: Person,
    password_hash: String,
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

    /// Changing the password signs the person out everywhere.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

/// What the sign-in form sends.
#[derive(Clone, Deserialize)]
pub struct Credentials {
    pub user_name: String,
    pub password: String,
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
        let found = self
            .storage
            .person_by_user_name(creds.user_name.trim())
            .await?;
        let hash = found
            .as_ref()
            .and_then(|p| p.password_hash.clone())
            .unwrap_or_else(|| decoy_hash().to_string());
        let password = creds.password;
        let matches = {
            let hash = hash.clone();
            tokio::task::spawn_blocking(move || {
                password_auth::verify_password(password, &hash).is_ok()
            })
            .await?
        };
        Ok(match found {
            Some(p) if matches && p.password_hash.is_some() => Some(User {
                person: p.person,
                password_hash: hash,
            }),
            _ => None,
        })
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<User>, AuthError> {
        Ok(self.storage.person_by_id(user_id).await?.and_then(|p| {
            p.password_hash.map(|password_hash| User {
                person: p.person,
                password_hash,
            })
        }))
    }
}

pub type Session = AuthSession<Backend>;

/// `POST /sign-in` (limited by [`Throttle`]) and `POST /sign-out`.
pub fn router<S: Clone + Send + Sync + 'static>(throttle: Throttle) -> Router<S> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .layer(Extension(throttle))
}

#[tracing::instrument(skip_all)]
async fn sign_in(
    mut session: Session,
    Extension(throttle): Extension<Throttle>,
    from: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(creds): Form<Credentials>,
) -> Response {
    let user_name = creds.user_name.trim().to_string();
    let now = Instant::now();
    let address = from.map(|c| c.0 .0.ip());
    if let Err(held) = throttle.attempt(&user_name, address, now) {
        tracing::warn!(%user_name, ?held, "sign-in held back");
        return Redirect::to("/sign-in?wait=1").into_response();
    }
    match session.authenticate(creds).await {
        Ok(Some(user)) => match session.login(&user).await {
            Ok(()) => {
                throttle.succeeded(&user_name);
                tracing::info!(%user_name, "signed in");
                Redirect::to("/").into_response()
            }
            Err(error) => {
                tracing::error!(%error, "Failed to start a session");
                Redirect::to("/sign-in?failed=1").into_response()
            }
        },
        Ok(None) => {
            throttle.failed(&user_name, address, now);
            tracing::info!(%user_name, "sign-in refused");
            Redirect::to("/sign-in?failed=1").into_response()
        }
        Err(error) => {
            tracing::error!(%error, "Failed to check a password");
            Redirect::to("/sign-in?failed=1").into_response()
        }
    }
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
