//! How people responded to a post on each network, and the words and
//! pictures that tell its author.

use serde::{Deserialize, Serialize};

use super::outbox::Network;

/// Counts fetched back from a network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responses {
    pub replies: u64,
    /// Mastodon boosts, Bluesky reposts.
    pub reposts: u64,
    /// Mastodon favourites, Bluesky likes.
    pub likes: u64,
}

impl Responses {
    pub fn total(&self) -> u64 {
        self.replies + self.reposts + self.likes
    }

    /// Adds another post's counts.
    pub fn add(&mut self, other: &Responses) {
        self.replies += other.replies;
        self.reposts += other.reposts;
        self.likes += other.likes;
    }
}

/// Counts are fetched for posts up to this old.
pub const COUNT_FOR_MS: i64 = 30 * 24 * 3_600_000;
/// After the first day a post's counts are fetched at most this often.
pub const SLOW_COUNT_MS: i64 = 6 * 3_600_000;

/// Whether a post published at `published_at` and last counted at
/// `counted_at` is due for counting at `now`: every `every_ms` on its first
/// day, then every 6 hours (or `every_ms` if longer), never after 30 days.
pub fn due(published_at: i64, counted_at: Option<i64>, now: i64, every_ms: i64) -> bool {
    let age = now - published_at;
    if age > COUNT_FOR_MS {
        return false;
    }
    let Some(counted) = counted_at else {
        return true;
    };
    let wait = if age <= 24 * 3_600_000 {
        every_ms
    } else {
        every_ms.max(SLOW_COUNT_MS)
    };
    now - counted >= wait
}

/// One line for the author: a picture and easy-read words ("2 people
/// replied").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub picture: &'static str,
    pub words: String,
}

fn people(n: u64) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

/// What the counts say, a line for each kind; a post nobody has answered
/// yet gets one line saying so.
pub fn lines(network: Network, counts: &Responses) -> Vec<Line> {
    if counts.total() == 0 {
        return vec![Line {
            picture: "⏳",
            words: "No answers yet.".to_string(),
        }];
    }
    let (shared, liked) = match network {
        Network::Mastodon => ("boosted it", "made it a favourite"),
        Network::Bluesky => ("reposted it", "liked it"),
    };
    let mut out = Vec::new();
    if counts.replies > 0 {
        out.push(Line {
            picture: "💬",
            words: format!("{} replied.", people(counts.replies)),
        });
    }
    if counts.reposts > 0 {
        out.push(Line {
            picture: "🔁",
            words: format!("{} {shared}.", people(counts.reposts)),
        });
    }
    if counts.likes > 0 {
        out.push(Line {
            picture: if network == Network::Bluesky {
                "❤️"
            } else {
                "⭐"
            },
            words: format!("{} {liked}.", people(counts.likes)),
        });
    }
    out
}

/// The middle value of some times (the lower middle for an even count).
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

/// A length of time in easy read: "45 minutes", "3 hours", "2 days".
pub fn duration_words(ms: i64) -> String {
    let minutes = (ms.max(0) + 30_000) / 60_000;
    let (n, unit) = if minutes < 60 {
        (minutes.max(1), "minute")
    } else if minutes < 48 * 60 {
        ((minutes + 30) / 60, "hour")
    } else {
        ((minutes + 12 * 60) / (24 * 60), "day")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn new_posts_are_counted_often_then_slowly_then_never() {
        let every = 15 * 60_000;
        assert!(due(0, None, 1, every));
        assert!(!due(0, Some(0), every - 1, every));
        assert!(due(0, Some(0), every, every));
        // After the first day: every 6 hours.
        assert!(!due(0, Some(30 * HOUR), 31 * HOUR, every));
        assert!(due(0, Some(30 * HOUR), 36 * HOUR, every));
        // After 30 days: not at all.
        assert!(!due(0, None, 31 * 24 * HOUR, every));
    }

    #[test]
    fn counts_read_as_people_with_the_network_words() {
        let counts = Responses {
            replies: 1,
            reposts: 2,
            likes: 3,
        };
        let words: Vec<String> = lines(Network::Mastodon, &counts)
            .into_iter()
            .map(|l| l.words)
            .collect();
        assert_eq!(
            words,
            [
                "1 person replied.",
                "2 people boosted it.",
                "3 people made it a favourite."
            ]
        );
        let bluesky = lines(
            Network::Bluesky,
            &Responses {
                likes: 1,
                ..Responses::default()
            },
        );
        assert_eq!(bluesky.len(), 1);
        assert_eq!(bluesky[0].words, "1 person liked it.");
        assert_eq!(
            lines(Network::Bluesky, &Responses::default())[0].words,
            "No answers yet."
        );
    }

    #[test]
    fn the_words_pass_the_easy_read_checker() {
        let counts = Responses {
            replies: 2,
            reposts: 1,
            likes: 5,
        };
        for network in [Network::Mastodon, Network::Bluesky] {
            for line in lines(network, &counts)
                .into_iter()
                .chain(lines(network, &Responses::default()))
            {
                assert_eq!(
                    super::super::easy_read::check(&line.words),
                    vec![],
                    "{}",
                    line.words
                );
            }
        }
    }

    #[test]
    fn medians_and_duration_words() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        assert_eq!(duration_words(0), "1 minute");
        assert_eq!(duration_words(45 * 60_000), "45 minutes");
        assert_eq!(duration_words(HOUR), "1 hour");
        assert_eq!(duration_words(3 * HOUR + 20 * 60_000), "3 hours");
        assert_eq!(duration_words(50 * HOUR), "2 days");
    }
}
