//! The outbox's rules: which networks there are, how a publish job moves,
//! how long to wait before the next try, the keys that make a retry find
//! the first attempt, and the alt text of a post's picture card.

use serde::{Deserialize, Serialize};

use crate::domain::post::{post_text, Tile};
use crate::domain::reach::{self, Target};

/// A network an account can be connected to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    Mastodon,
    Bluesky,
}

impl Network {
    pub const ALL: [Network; 2] = [Network::Mastodon, Network::Bluesky];

    pub fn as_str(self) -> &'static str {
        match self {
            Network::Mastodon => "mastodon",
            Network::Bluesky => "bluesky",
        }
    }

    pub fn parse(name: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Network::Mastodon => "Mastodon",
            Network::Bluesky => "Bluesky",
        }
    }

    /// The composer's target for a connection with this text limit.
    pub fn target(self, text_limit: usize) -> Target {
        match self {
            Network::Mastodon => Target::Mastodon { limit: text_limit },
            Network::Bluesky => Target::Bluesky,
        }
    }

    /// Whether `text` fits the network's `limit` (characters with links as
    /// 23 on Mastodon, graphemes on Bluesky). Nothing is ever cut to fit.
    pub fn fits(self, text: &str, limit: usize) -> bool {
        match self {
            Network::Mastodon => reach::mastodon_length(text) <= limit,
            Network::Bluesky => reach::graphemes(text) <= limit.min(reach::BLUESKY_LIMIT),
        }
    }

    /// Longest alt text the network takes for one picture.
    pub fn alt_limit(self) -> usize {
        match self {
            Network::Mastodon => MASTODON_ALT_LIMIT,
            Network::Bluesky => BLUESKY_ALT_LIMIT,
        }
    }
}

/// Mastodon's longest media description.
pub const MASTODON_ALT_LIMIT: usize = 1_500;
/// Bluesky's alt text has no firm limit; this keeps it readable.
pub const BLUESKY_ALT_LIMIT: usize = 2_000;
/// Photos sent beside the picture card (a post carries at most 4 images).
pub const MAX_PHOTOS: usize = 3;
/// Tries before a job is given up (a person can still retry it).
pub const MAX_ATTEMPTS: u32 = 8;
/// How long a worker holds a job it took, unless the server is told
/// otherwise.
pub const LEASE_MS: i64 = 60_000;

/// Where one post stands on one network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Due now or later (also after a failed try, until the last).
    Waiting,
    /// A worker has it.
    Sending,
    /// On the network.
    Live,
    /// Every try failed, or the network refused the post for good.
    Failed,
    /// The connection was removed before the post went out (or the post
    /// was taken down before its first try).
    Stopped,
    /// The post was taken down: a worker deletes it on the network (with
    /// the same leases and retries as sending).
    Deleting,
    /// Taken down and gone from the network.
    Deleted,
}

impl JobState {
    pub const ALL: [JobState; 7] = [
        JobState::Waiting,
        JobState::Sending,
        JobState::Live,
        JobState::Failed,
        JobState::Stopped,
        JobState::Deleting,
        JobState::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Waiting => "waiting",
            JobState::Sending => "sending",
            JobState::Live => "live",
            JobState::Failed => "failed",
            JobState::Stopped => "stopped",
            JobState::Deleting => "deleting",
            JobState::Deleted => "deleted",
        }
    }

    pub fn parse(name: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What a try at sending came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TryResult {
    /// On the network at `url`.
    Live { remote_id: String, url: String },
    /// The network was down, slow or busy: try again later.
    TryAgain(String),
    /// The network refused the connection's secret: the account needs
    /// reconnecting; the job waits for it.
    NeedsReconnecting(String),
    /// The network refused this post for good (it does not fit, say).
    Refused(String),
    /// The post is off the network (deleted now, or it was never there).
    Gone,
    /// The network asked for no more requests until `until` (ms since the
    /// epoch; a 429 with `Retry-After` or `RateLimit-Reset`). Not the post's
    /// fault, so the try is not counted.
    Busy { why: String, until: i64 },
}

impl TryResult {
    /// What went wrong, for the job's record (nothing when it went well).
    pub fn problem(&self) -> Option<&str> {
        match self {
            TryResult::TryAgain(why)
            | TryResult::NeedsReconnecting(why)
            | TryResult::Refused(why)
            | TryResult::Busy { why, .. } => Some(why),
            TryResult::Live { .. } | TryResult::Gone => None,
        }
    }
}

/// The longest a network's "wait until" is obeyed: a wrong clock or a
/// strange header cannot park a post for longer.
pub const LONGEST_BUSY_MS: i64 = 24 * 60 * 60_000;

/// When a job told to wait until `until` may be tried again: not before the
/// first wait, not after [`LONGEST_BUSY_MS`].
fn busy_until(until: i64, now: i64, first_wait_ms: i64) -> i64 {
    until.clamp(now + first_wait_ms.max(1), now + LONGEST_BUSY_MS)
}

/// What happens to a job after a try: its next state and when it may be
/// tried again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub state: JobState,
    pub next_try_at: i64,
    /// Counts this try (a refused secret does not use up a try).
    pub attempts: u32,
}

/// The job's next step after try number `attempts` (1 for the first) at
/// `now` ended in `result`; waits start at `first_wait_ms` and double.
pub fn after_try(attempts: u32, result: &TryResult, now: i64, first_wait_ms: i64) -> NextStep {
    match result {
        TryResult::Live { .. } => NextStep {
            state: JobState::Live,
            next_try_at: now,
            attempts,
        },
        TryResult::Refused(_) => NextStep {
            state: JobState::Failed,
            next_try_at: now,
            attempts,
        },
        TryResult::NeedsReconnecting(_) => NextStep {
            state: JobState::Waiting,
            next_try_at: now + RECONNECT_WAIT_MS,
            attempts: attempts.saturating_sub(1),
        },
        TryResult::TryAgain(_) if attempts >= MAX_ATTEMPTS => NextStep {
            state: JobState::Failed,
            next_try_at: now,
            attempts,
        },
        TryResult::TryAgain(_) => NextStep {
            state: JobState::Waiting,
            next_try_at: now + backoff_ms(attempts, first_wait_ms),
            attempts,
        },
        TryResult::Gone => NextStep {
            state: JobState::Deleted,
            next_try_at: now,
            attempts,
        },
        TryResult::Busy { until, .. } => NextStep {
            state: JobState::Waiting,
            next_try_at: busy_until(*until, now, first_wait_ms),
            attempts: attempts.saturating_sub(1),
        },
    }
}

/// The job's next step after try number `attempts` at deleting a taken-down
/// post: done once it is gone; otherwise it waits and tries again, never
/// giving up (a taken-down post must not stay out).
pub fn after_delete(attempts: u32, result: &TryResult, now: i64, first_wait_ms: i64) -> NextStep {
    match result {
        TryResult::Gone | TryResult::Live { .. } => NextStep {
            state: JobState::Deleted,
            next_try_at: now,
            attempts,
        },
        TryResult::NeedsReconnecting(_) => NextStep {
            state: JobState::Deleting,
            next_try_at: now + RECONNECT_WAIT_MS,
            attempts: attempts.saturating_sub(1),
        },
        TryResult::TryAgain(_) | TryResult::Refused(_) => NextStep {
            state: JobState::Deleting,
            next_try_at: now + backoff_ms(attempts, first_wait_ms),
            attempts,
        },
        TryResult::Busy { until, .. } => NextStep {
            state: JobState::Deleting,
            next_try_at: busy_until(*until, now, first_wait_ms),
            attempts: attempts.saturating_sub(1),
        },
    }
}

/// What taking a post down does to one of its jobs: one never tried stops;
/// one that was (or may have been) sent is deleted on the network.
pub fn on_take_down(state: JobState, attempts: u32) -> JobState {
    match state {
        JobState::Waiting if attempts == 0 => JobState::Stopped,
        JobState::Stopped | JobState::Deleted => state,
        JobState::Waiting
        | JobState::Sending
        | JobState::Live
        | JobState::Failed
        | JobState::Deleting => JobState::Deleting,
    }
}

/// A job on a connection that needs reconnecting looks again this often.
pub const RECONNECT_WAIT_MS: i64 = 5 * 60_000;
/// The first wait after a failed try, unless the server is told otherwise.
pub const FIRST_WAIT_MS: i64 = 2_000;
const LONGEST_WAIT_MS: i64 = 60 * 60_000;

/// Wait after failed try number `attempts`: the first wait, then double
/// each time (2 s, 4 s, 8 s …), at most an hour.
pub fn backoff_ms(attempts: u32, first_wait_ms: i64) -> i64 {
    let doublings = attempts.saturating_sub(1).min(20);
    (first_wait_ms.max(1) << doublings).min(LONGEST_WAIT_MS)
}

/// Mastodon's `Idempotency-Key` for a post on a connection: the same for
/// every try, so a retry after a crash gets the first status back.
pub fn idempotency_key(post_id: &str, connection_id: &str) -> String {
    format!("ourvoice-{post_id}-{connection_id}")
}

const TID_ALPHABET: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";

/// Bluesky's record key for a post: a valid TID (13 characters of
/// base32-sortable) made from when the post was created and its id, so every
/// try of the post names the same record.
pub fn record_key(post_id: &str, created_at_ms: i64) -> String {
    // FNV-1a of the id spreads posts made in the same millisecond.
    let hash = post_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let micros = u64::try_from(created_at_ms).unwrap_or(0) * 1_000 + hash % 1_000;
    let clock_id = (hash >> 32) & 0x3FF;
    let tid = ((micros & ((1 << 53) - 1)) << 10) | clock_id;
    (0..13)
        .rev()
        .map(|i| TID_ALPHABET[((tid >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// Whether `key` is a valid TID.
pub fn is_tid(key: &str) -> bool {
    key.len() == 13
        && key.bytes().all(|b| TID_ALPHABET.contains(&b))
        && TID_ALPHABET[..16].contains(&key.as_bytes()[0])
}

/// The alt text of a post's picture card, within `limit` characters: the
/// words, then each picture with its word. When the list of pictures does not
/// fit, the words alone (the post's text always fits, as its limits are
/// smaller).
pub fn card_alt(tiles: &[Tile], limit: usize) -> String {
    let text = post_text(tiles);
    let pictures: Vec<&str> = tiles
        .iter()
        .filter(|t| t.symbol.is_some())
        .map(|t| t.word.trim_end_matches(['.', '!', '?']))
        .collect();
    let full = if pictures.is_empty() {
        format!("Easy read card: {text}")
    } else {
        format!(
            "Easy read card: {text} Each word has a picture: {}.",
            pictures.join(", ")
        )
    };
    if full.chars().count() <= limit {
        return full;
    }
    let short = format!("Easy read card: {text}");
    if short.chars().count() <= limit {
        short
    } else {
        text.chars().take(limit).collect()
    }
}

/// The photos of a post (ids), at most [`MAX_PHOTOS`], each with its words
/// as alt text.
pub fn photos(tiles: &[Tile]) -> Vec<(String, String)> {
    tiles
        .iter()
        .filter_map(|t| {
            let symbol = t.symbol.as_ref().filter(|s| s.is_photo())?;
            Some((symbol.id.clone(), t.word.clone()))
        })
        .take(MAX_PHOTOS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::SymbolRef;

    #[test]
    fn a_take_down_stops_untried_jobs_and_deletes_the_rest() {
        assert_eq!(on_take_down(JobState::Waiting, 0), JobState::Stopped);
        for (state, attempts) in [
            (JobState::Waiting, 1),
            (JobState::Sending, 1),
            (JobState::Live, 1),
            (JobState::Failed, 8),
        ] {
            assert_eq!(
                on_take_down(state, attempts),
                JobState::Deleting,
                "{state:?}"
            );
        }
        assert_eq!(on_take_down(JobState::Stopped, 0), JobState::Stopped);
        assert_eq!(on_take_down(JobState::Deleted, 1), JobState::Deleted);
    }

    #[test]
    fn a_delete_is_tried_until_the_post_is_gone() {
        let gone = after_delete(1, &TryResult::Gone, 10, 100);
        assert_eq!(gone.state, JobState::Deleted);
        let again = after_delete(30, &TryResult::TryAgain("503".into()), 10, 100);
        assert_eq!(again.state, JobState::Deleting, "never given up");
        assert!(again.next_try_at > 10);
        let refused = after_delete(2, &TryResult::Refused("400".into()), 10, 100);
        assert_eq!(refused.state, JobState::Deleting);
        let key = after_delete(3, &TryResult::NeedsReconnecting("401".into()), 10, 100);
        assert_eq!((key.state, key.attempts), (JobState::Deleting, 2));
    }

    fn tile(word: &str, id: Option<&str>) -> Tile {
        Tile {
            symbol: id.map(|id| SymbolRef {
                set: "mulberry".into(),
                id: id.into(),
            }),
            word: word.into(),
        }
    }

    #[test]
    fn waits_double_and_stop_at_an_hour() {
        assert_eq!(backoff_ms(1, FIRST_WAIT_MS), 2_000);
        assert_eq!(backoff_ms(2, FIRST_WAIT_MS), 4_000);
        assert_eq!(backoff_ms(5, FIRST_WAIT_MS), 32_000);
        assert_eq!(backoff_ms(30, FIRST_WAIT_MS), 3_600_000);
        assert_eq!(backoff_ms(3, 100), 400);
    }

    #[test]
    fn a_try_that_fails_waits_then_gives_up_after_the_last() {
        let busy = TryResult::TryAgain("503".into());
        let step = after_try(1, &busy, 1_000, FIRST_WAIT_MS);
        assert_eq!(step.state, JobState::Waiting);
        assert_eq!(step.next_try_at, 3_000);
        let last = after_try(MAX_ATTEMPTS, &busy, 1_000, FIRST_WAIT_MS);
        assert_eq!(last.state, JobState::Failed);
    }

    #[test]
    fn a_refused_secret_waits_without_using_a_try() {
        let step = after_try(3, &TryResult::NeedsReconnecting("401".into()), 0, 1);
        assert_eq!(step.state, JobState::Waiting);
        assert_eq!(step.attempts, 2);
        assert_eq!(step.next_try_at, RECONNECT_WAIT_MS);
    }

    #[test]
    fn a_busy_network_is_waited_for_without_using_a_try() {
        let busy = |until| TryResult::Busy {
            why: "429".into(),
            until,
        };
        // Told to wait a minute: the job waits exactly that, even at its
        // last try.
        let step = after_try(MAX_ATTEMPTS, &busy(61_000), 1_000, FIRST_WAIT_MS);
        assert_eq!(step.state, JobState::Waiting);
        assert_eq!(step.next_try_at, 61_000);
        assert_eq!(step.attempts, MAX_ATTEMPTS - 1);
        // A time already past still waits the first wait; a week is cut to
        // a day.
        assert_eq!(after_try(1, &busy(0), 1_000, 2_000).next_try_at, 3_000);
        let week = 7 * LONGEST_BUSY_MS;
        assert_eq!(
            after_try(1, &busy(week), 1_000, 2_000).next_try_at,
            1_000 + LONGEST_BUSY_MS
        );
        // Taking a post down waits the same way, and keeps trying.
        let down = after_delete(4, &busy(61_000), 1_000, FIRST_WAIT_MS);
        assert_eq!(down.state, JobState::Deleting);
        assert_eq!((down.next_try_at, down.attempts), (61_000, 3));
        assert_eq!(busy(5).problem(), Some("429"));
    }
    #[test]
    fn live_and_refused_are_final() {
        let live = TryResult::Live {
            remote_id: "1".into(),
            url: "https://x/1".into(),
        };
        assert_eq!(after_try(1, &live, 0, 1).state, JobState::Live);
        let refused = TryResult::Refused("422".into());
        assert_eq!(after_try(1, &refused, 0, 1).state, JobState::Failed);
    }

    #[test]
    fn record_keys_are_valid_tids_the_same_for_every_try() {
        let key = record_key("0b6f1f1e-5d7a-4c49-9c1f-6f0a3b7f1c2d", 1_764_400_000_000);
        assert!(is_tid(&key), "{key}");
        assert_eq!(
            key,
            record_key("0b6f1f1e-5d7a-4c49-9c1f-6f0a3b7f1c2d", 1_764_400_000_000)
        );
        let other = record_key("1c7a2a2f-5d7a-4c49-9c1f-6f0a3b7f1c2d", 1_764_400_000_000);
        assert!(is_tid(&other));
        assert_ne!(key, other, "posts made in one millisecond differ");
        // Later posts sort later.
        assert!(record_key("a", 1_764_400_000_000) < record_key("a", 1_764_400_100_000));
    }

    #[test]
    fn tids_are_checked() {
        assert!(is_tid("3jzfcijpj2z2a"));
        assert!(!is_tid("3jzfcijpj2z2"), "too short");
        assert!(!is_tid("zjzfcijpj2z2a"), "top bit set");
        assert!(!is_tid("3jzfcijpj2z21"), "1 is not in the alphabet");
    }

    #[test]
    fn keys_are_the_same_for_every_try_and_differ_per_connection() {
        assert_eq!(idempotency_key("p", "c"), idempotency_key("p", "c"));
        assert_ne!(idempotency_key("p", "c"), idempotency_key("p", "d"));
    }

    #[test]
    fn alt_text_names_the_words_and_pictures_within_the_limit() {
        let tiles = [
            tile("I", Some("I")),
            tile("like", None),
            tile("dogs.", Some("dog")),
        ];
        assert_eq!(
            card_alt(&tiles, 1_500),
            "Easy read card: I like dogs. Each word has a picture: I, dogs."
        );
        assert_eq!(card_alt(&tiles, 30), "Easy read card: I like dogs.");
        assert_eq!(card_alt(&tiles, 5), "I lik");
        let long: Vec<Tile> = (0..60).map(|_| tile("wonderful", Some("w"))).collect();
        assert!(card_alt(&long, MASTODON_ALT_LIMIT).chars().count() <= MASTODON_ALT_LIMIT);
    }

    #[test]
    fn text_is_checked_against_each_networks_limit_never_cut() {
        let text = "a".repeat(301);
        assert!(Network::Mastodon.fits(&text, 500));
        assert!(!Network::Bluesky.fits(&text, 300));
        assert!(!Network::Mastodon.fits(&text, 300));
        // Graphemes, not bytes: 300 flags of 8 bytes each still fit Bluesky.
        assert!(Network::Bluesky.fits(&"🇬🇧".repeat(300), 300));
    }

    #[test]
    fn photos_come_with_their_words_at_most_three() {
        let photo = |n: &str| Tile {
            symbol: Some(SymbolRef {
                set: "photo".into(),
                id: n.into(),
            }),
            word: format!("photo {n}"),
        };
        let tiles = vec![
            photo("a"),
            tile("and", None),
            photo("b"),
            photo("c"),
            photo("d"),
        ];
        let found = photos(&tiles);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], ("a".to_string(), "photo a".to_string()));
    }
}
