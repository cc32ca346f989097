//! Who may sign in, and how a secret is checked: the people, their
//! passwords, picture passwords and sign-in cards, with a bounded number
//! of checks at once and the same wait for a wrong name as a wrong secret.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use app::accounts::Person;
use app::ports::Clock;
use axum_login::{AuthUser, AuthnBackend, UserId};
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::storage::{AtVersion, PersonWithHash, Storage};

/// How long a sign-in waits for a free password check before it is told
/// to try again in a moment.
pub(super) const CHECK_WAIT: Duration = Duration::from_secs(10);

/// A signed-in user as the session layer keeps them.
#[derive(Clone)]
pub struct User {
    pub person: Person,
    /// The hash of the person's password, or of their picture password
    /// when they have no password: changing it signs them out everywhere.
    pub(super) auth_hash: String,
    /// The card this sign-in used, if it used one.
    pub(super) card: Option<String>,
}

impl User {
    /// The signed-in user, if the person may sign in (their access is not
    /// stopped and they were not removed).
    pub(super) fn of(found: PersonWithHash) -> Option<User> {
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
    pub(super) storage: Storage,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) checking: Arc<Semaphore>,
    pub(super) checks: Arc<AtomicU64>,
    /// Who the signed-in people are, kept while nothing in an SQLite file
    /// changes: every request of a signed-in person asks.
    people: Option<Arc<AtVersion<String, Option<User>>>>,
}

/// Most people kept in memory at one data version.
const KEPT_PEOPLE: usize = 4096;

impl Backend {
    pub fn new(storage: Storage, clock: Arc<dyn Clock>) -> Backend {
        let at_once = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 8);
        Backend {
            people: storage
                .data_version()
                .map(|version| Arc::new(AtVersion::new(version, KEPT_PEOPLE))),
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
pub(super) async fn check_slot(
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
pub struct PasswordChecks(pub(super) Arc<AtomicU64>);

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
pub(super) fn decoy_hash() -> &'static str {
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
        let kept = self
            .people
            .as_ref()
            .and_then(|people| Some((people, people.now()?)));
        if let Some((people, version)) = kept {
            if let Some(user) = people.get(version, user_id) {
                return Ok(user);
            }
        }
        let user = self.storage.person_by_id(user_id).await?.and_then(User::of);
        if let Some((people, version)) = kept {
            people.keep(version, user_id.clone(), user.clone());
        }
        Ok(user)
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
