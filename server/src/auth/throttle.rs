//! Sign-in attempts are limited for everyone: per user name (at most
//! [`FAILURES_ALLOWED`] wrong secrets in [`WINDOW`]; then the name is locked
//! for the rest of the window, even for the right one) and per address
//! (after [`ADDRESS_FAILURES_ALLOWED`] wrong secrets from one place, that
//! place waits). Right secrets are never counted against an address: a care
//! home signs in many people from one tablet.
//!
//! An attempt takes its slot before its secret is checked, in the database,
//! so however many arrive at once no more than [`FAILURES_ALLOWED`] are ever
//! checked for one name, and a restart or a second server forgets nothing.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::ports::Clock;

use super::client::address_key;
use crate::storage::{AttemptLimits, ClaimRefused, Storage};

/// Wrong secrets allowed for one name inside [`WINDOW`].
pub const FAILURES_ALLOWED: i64 = 5;
/// How long failures count, and how long a name stays locked.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Wrong secrets from one address inside [`WINDOW`], whatever the names.
pub const ADDRESS_FAILURES_ALLOWED: i64 = 30;

/// Why a sign-in attempt was not even checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Too many wrong secrets for this name.
    NameLocked,
    /// Too many wrong secrets from this address.
    TooFast,
    /// The attempts could not be counted (the database did not answer).
    Unavailable,
}

/// A claimed attempt: counted already, as a failure until it succeeds.
#[must_use = "a slot is a failure unless it succeeds or is given back"]
pub struct Slot {
    attempt_id: String,
    name_key: String,
}

/// The limiter. Cheap to clone.
#[derive(Clone)]
pub struct Throttle {
    storage: Storage,
    clock: Arc<dyn Clock>,
    /// One claim at a time in this process: SQLite would refuse concurrent
    /// writers that read first. Servers sharing Postgres lock the name and
    /// the address in the database while they check and count.
    claiming: Arc<tokio::sync::Mutex<()>>,
}

fn name_key(user_name: &str) -> String {
    user_name.trim().to_lowercase()
}

impl Throttle {
    pub fn new(storage: Storage, clock: Arc<dyn Clock>) -> Throttle {
        Throttle {
            storage,
            clock,
            claiming: Arc::default(),
        }
    }

    /// Counts an attempt from `from` for `user_name` before it is checked,
    /// or says why it may not be checked at all.
    pub async fn claim(&self, user_name: &str, from: Option<IpAddr>) -> Result<Slot, Held> {
        let name_key = name_key(user_name);
        let address = from.map(address_key);
        let now = self.clock.now_ms();
        let limits = AttemptLimits {
            per_name: FAILURES_ALLOWED,
            per_address: ADDRESS_FAILURES_ALLOWED,
            since: now - WINDOW.as_millis() as i64,
        };
        let _one_at_a_time = self.claiming.lock().await;
        match self
            .storage
            .claim_attempt(&name_key, address.as_deref(), now, limits)
            .await
        {
            Ok(Ok(attempt_id)) => Ok(Slot {
                attempt_id,
                name_key,
            }),
            Ok(Err(ClaimRefused::Name)) => Err(Held::NameLocked),
            Ok(Err(ClaimRefused::Address)) => Err(Held::TooFast),
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "Failed to count a sign-in attempt");
                Err(Held::Unavailable)
            }
        }
    }

    /// The secret was wrong: the slot stays, as the failure.
    pub fn failed(&self, slot: Slot) {
        drop(slot);
    }

    /// The secret was not checked after all: the slot is given back.
    pub async fn release(&self, slot: Slot) {
        let _one_at_a_time = self.claiming.lock().await;
        if let Err(error) = self.storage.release_attempt(&slot.attempt_id).await {
            tracing::error!(error = %format!("{error:#}"), "Failed to give back a sign-in attempt");
        }
    }

    /// The right secret: earlier failures for the name are forgotten.
    pub async fn succeeded(&self, slot: Slot) {
        let _one_at_a_time = self.claiming.lock().await;
        if let Err(error) = self.storage.forget_attempts(&slot.name_key).await {
            tracing::error!(error = %format!("{error:#}"), "Failed to forget sign-in attempts");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    /// A clock the test moves.
    #[derive(Default)]
    struct TestClock(AtomicI64);

    impl Clock for TestClock {
        fn now_ms(&self) -> i64 {
            self.0.load(Ordering::SeqCst)
        }
    }

    fn home() -> Option<IpAddr> {
        Some("192.0.2.7".parse().expect("address"))
    }

    async fn throttle() -> (Throttle, Arc<TestClock>, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("folder");
        let url = Storage::sqlite_url(dir.path()).expect("url");
        let storage = Storage::connect(&url).await.expect("storage");
        let clock = Arc::new(TestClock(AtomicI64::new(1_000_000_000)));
        (Throttle::new(storage, clock.clone()), clock, dir)
    }

    #[tokio::test]
    async fn a_name_locks_after_five_wrong_secrets_and_opens_after_the_window() {
        let (throttle, clock, _dir) = throttle().await;
        for _ in 0..FAILURES_ALLOWED {
            let slot = throttle.claim("Sam", home()).await.expect("checked");
            throttle.failed(slot);
            clock.0.fetch_add(61_000, Ordering::SeqCst);
        }
        assert_eq!(
            throttle.claim("sam ", home()).await.err(),
            Some(Held::NameLocked)
        );
        assert!(throttle.claim("alex", home()).await.is_ok(), "another name");
        // Once the oldest failure is out of the window, one more try.
        clock
            .0
            .fetch_add(WINDOW.as_millis() as i64 - 4 * 61_000, Ordering::SeqCst);
        assert!(throttle.claim("sam", home()).await.is_ok());
    }

    #[tokio::test]
    async fn the_right_secret_forgets_earlier_failures_and_a_given_back_slot_is_free() {
        let (throttle, _clock, _dir) = throttle().await;
        for _ in 0..FAILURES_ALLOWED - 1 {
            let slot = throttle.claim("jo", None).await.expect("checked");
            throttle.failed(slot);
        }
        let right = throttle.claim("jo", None).await.expect("checked");
        throttle.succeeded(right).await;
        for _ in 0..FAILURES_ALLOWED - 1 {
            let slot = throttle.claim("jo", None).await.expect("checked");
            throttle.failed(slot);
        }
        let unchecked = throttle.claim("jo", None).await.expect("the fifth");
        throttle.release(unchecked).await;
        assert!(throttle.claim("jo", None).await.is_ok());
    }

    #[tokio::test]
    async fn one_address_waits_after_thirty_wrong_secrets() {
        let (throttle, clock, _dir) = throttle().await;
        for n in 0..ADDRESS_FAILURES_ALLOWED {
            let slot = throttle
                .claim(&format!("guess{n}"), home())
                .await
                .expect("checked");
            throttle.failed(slot);
        }
        assert_eq!(
            throttle.claim("sam", home()).await.err(),
            Some(Held::TooFast)
        );
        let elsewhere = Some("198.51.100.1".parse().expect("address"));
        assert!(throttle.claim("sam", elsewhere).await.is_ok());
        clock
            .0
            .fetch_add(WINDOW.as_millis() as i64 + 1, Ordering::SeqCst);
        assert!(throttle.claim("sam", home()).await.is_ok());
    }

    #[tokio::test]
    async fn a_burst_claims_no_more_than_the_limit() {
        let (throttle, _clock, _dir) = throttle().await;
        let tries = (0..50).map(|_| {
            let throttle = throttle.clone();
            tokio::spawn(async move { throttle.claim("sam", None).await.is_ok() })
        });
        let mut claimed = 0;
        for attempt in tries {
            if attempt.await.expect("task") {
                claimed += 1;
            }
        }
        assert_eq!(claimed, FAILURES_ALLOWED);
    }

    #[tokio::test]
    async fn failures_outlive_the_throttle() {
        let (throttle, clock, dir) = throttle().await;
        for _ in 0..FAILURES_ALLOWED {
            let slot = throttle.claim("sam", None).await.expect("checked");
            throttle.failed(slot);
        }
        // A new process (or a second server) on the same database.
        let url = Storage::sqlite_url(dir.path()).expect("url");
        let again = Throttle::new(Storage::connect(&url).await.expect("storage"), clock);
        assert_eq!(again.claim("sam", None).await.err(), Some(Held::NameLocked));
    }
}
