//! Sign-in, sessions and request guards: password checks (argon2 via
//! `password-auth`), the axum-login backend, the sign-in and sign-out routes,
//! the layer that tells pages who is signed in, and the cross-site guard.

mod backend;
pub mod client;
mod guard;
mod routes;
pub mod throttle;

use app::ports::Viewer;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Extension;
use axum_login::AuthSession;
use std::sync::Arc;
use std::time::Duration;

use app::ports::Clock;
use axum::http::header;

pub use backend::{Backend, PasswordChecks};
pub use client::TrustedProxies;
pub use guard::refuse_cross_site;
pub use routes::router;
pub use throttle::Throttle;

/// The longest a session lasts, however busy it is.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// When the session's person signed in (ms, by the server's clock).
pub(super) const SIGNED_IN_AT: &str = "ourvoice.signed_in_at";
/// The sign-in card that started the session, if one did.
pub(super) const STARTED_BY_CARD: &str = "ourvoice.card";

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
