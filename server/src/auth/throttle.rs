//! Sign-in attempts are limited for everyone: per user name (after
//! [`FAILURES_ALLOWED`] wrong passwords in [`WINDOW`] the name is locked for
//! the rest of the window, even for the right password) and per address
//! (after [`ADDRESS_FAILURES_ALLOWED`] wrong passwords from one place in the
//! window, that place waits). Right passwords are never counted against an
//! address: a care home signs in many people from one tablet.
//!
//! Kept in memory, per server process.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Wrong passwords allowed for one name inside [`WINDOW`].
pub const FAILURES_ALLOWED: usize = 5;
/// How long failures count, and how long a name stays locked.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Wrong passwords from one address inside [`WINDOW`], whatever the names.
pub const ADDRESS_FAILURES_ALLOWED: usize = 30;
/// Most names and addresses remembered; the stalest are forgotten first.
const REMEMBERED: usize = 10_000;

/// Times of recent events per key, oldest first.
#[derive(Default)]
struct Recent {
    events: HashMap<String, VecDeque<Instant>>,
}

impl Recent {
    /// Events for `key` still inside `window` at `now`.
    fn count(&mut self, key: &str, now: Instant, window: Duration) -> usize {
        let Some(times) = self.events.get_mut(key) else {
            return 0;
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        let count = times.len();
        if count == 0 {
            self.events.remove(key);
        }
        count
    }

    fn add(&mut self, key: &str, now: Instant) {
        if self.events.len() >= REMEMBERED && !self.events.contains_key(key) {
            // Forget the key whose newest event is oldest.
            if let Some(stalest) = self
                .events
                .iter()
                .min_by_key(|(_, times)| times.back().copied())
                .map(|(k, _)| k.clone())
            {
                self.events.remove(&stalest);
            }
        }
        self.events
            .entry(key.to_string())
            .or_default()
            .push_back(now);
    }

    fn clear(&mut self, key: &str) {
        self.events.remove(key);
    }
}

/// Why a sign-in attempt was not even checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Too many wrong passwords for this name.
    NameLocked,
    /// Too many wrong passwords from this address.
    TooFast,
}

#[derive(Default)]
struct State {
    /// Wrong passwords per name.
    failures: Recent,
    /// Wrong passwords per address.
    attempts: Recent,
}

/// The limiter. Cheap to clone.
#[derive(Clone, Default)]
pub struct Throttle {
    state: Arc<Mutex<State>>,
}

fn name_key(user_name: &str) -> String {
    user_name.trim().to_lowercase()
}

impl Throttle {
    /// Counts an attempt from `from` for `user_name`; says whether it may be
    /// checked at all.
    pub fn attempt(&self, user_name: &str, from: Option<IpAddr>, now: Instant) -> Result<(), Held> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(address) = from {
            if state.attempts.count(&address.to_string(), now, WINDOW) >= ADDRESS_FAILURES_ALLOWED {
                return Err(Held::TooFast);
            }
        }
        if state.failures.count(&name_key(user_name), now, WINDOW) >= FAILURES_ALLOWED {
            return Err(Held::NameLocked);
        }
        Ok(())
    }

    /// A wrong password for `user_name` from `from`.
    pub fn failed(&self, user_name: &str, from: Option<IpAddr>, now: Instant) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.failures.add(&name_key(user_name), now);
        if let Some(address) = from {
            state.attempts.add(&address.to_string(), now);
        }
    }

    /// The right password: earlier failures for the name are forgotten.
    pub fn succeeded(&self, user_name: &str) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.failures.clear(&name_key(user_name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> Option<IpAddr> {
        Some("192.0.2.7".parse().expect("address"))
    }

    #[test]
    fn a_name_locks_after_five_wrong_passwords_and_opens_after_the_window() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for n in 0..FAILURES_ALLOWED {
            let at = start + Duration::from_secs(n as u64 * 61);
            assert_eq!(throttle.attempt("Sam", home(), at), Ok(()));
            throttle.failed("Sam", home(), at);
        }
        let later = start + Duration::from_secs(400);
        assert_eq!(
            throttle.attempt("sam ", home(), later),
            Err(Held::NameLocked)
        );
        // Another name is not locked.
        assert_eq!(throttle.attempt("alex", home(), later), Ok(()));
        // Once the oldest failure is out of the window, one more try.
        let after = start + WINDOW + Duration::from_secs(1);
        assert_eq!(throttle.attempt("sam", home(), after), Ok(()));
    }

    #[test]
    fn the_right_password_forgets_earlier_failures() {
        let throttle = Throttle::default();
        let now = Instant::now();
        for _ in 0..FAILURES_ALLOWED - 1 {
            throttle.failed("jo", None, now);
        }
        throttle.succeeded("jo");
        for _ in 0..FAILURES_ALLOWED - 1 {
            throttle.failed("jo", None, now);
        }
        assert_eq!(throttle.attempt("jo", None, now), Ok(()));
    }

    #[test]
    fn one_address_waits_after_thirty_wrong_passwords_but_right_ones_never_count() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for n in 0..100 {
            assert_eq!(
                throttle.attempt(&format!("person{n}"), home(), start),
                Ok(())
            );
        }
        for n in 0..ADDRESS_FAILURES_ALLOWED {
            let name = format!("guess{n}");
            assert_eq!(throttle.attempt(&name, home(), start), Ok(()));
            throttle.failed(&name, home(), start);
        }
        assert_eq!(throttle.attempt("sam", home(), start), Err(Held::TooFast));
        let elsewhere = Some("198.51.100.1".parse().expect("address"));
        assert_eq!(throttle.attempt("sam", elsewhere, start), Ok(()));
        let later = start + WINDOW + Duration::from_secs(1);
        assert_eq!(throttle.attempt("sam", home(), later), Ok(()));
    }

    #[test]
    fn memory_stays_bounded() {
        let throttle = Throttle::default();
        let now = Instant::now();
        for n in 0..REMEMBERED + 50 {
            throttle.failed(
                &format!("name{n}"),
                None,
                now + Duration::from_millis(n as u64),
            );
        }
        let state = throttle.state.lock().expect("lock");
        assert_eq!(state.failures.events.len(), REMEMBERED);
        assert!(!state.failures.events.contains_key("name0"));
    }
}
