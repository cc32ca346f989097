//! The records the storage ports answer with: plain data, shared by the
//! pages that show them and the server that stores them. Nothing here
//! reaches a page or a port.

use serde::{Deserialize, Serialize};

use crate::domain::lifecycle::Status;
use crate::domain::notify::Kind;
use crate::domain::outbox::{JobState, Network};
use crate::domain::post::{SymbolRef, Tile};
use crate::domain::responses::Responses;
use crate::domain::review::VersionKind;
use crate::domain::roles::Role;
use crate::error::AppError;

// People

/// A person's role on one service account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub account_id: String,
    pub account_name: String,
    pub account_slug: String,
    pub role: Role,
}

/// A signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub person_id: String,
    pub user_name: String,
    pub display_name: String,
    pub memberships: Vec<Membership>,
}

impl Person {
    /// This person's role on an account, if any.
    pub fn role_on(&self, account_id: &str) -> Option<Role> {
        self.memberships
            .iter()
            .find(|m| m.account_id == account_id)
            .map(|m| m.role)
    }

    /// Refuses unless this person is an admin of the account.
    pub fn admin_of(&self, account_id: &str) -> Result<(), AppError> {
        match self.role_on(account_id) {
            Some(Role::Admin) => Ok(()),
            _ => Err(AppError::NotAllowed),
        }
    }

    /// Whether this person may read a post by `author_id` on `account_id`:
    /// its author or someone who checks the account's posts, either way
    /// while on that account (a sign-in card reaches only its accounts).
    pub fn may_read(&self, author_id: &str, account_id: &str) -> bool {
        self.role_on(account_id)
            .is_some_and(|role| role.can_check_posts() || author_id == self.person_id)
    }

    /// The accounts on which this person checks posts.
    pub fn checked_accounts(&self) -> Vec<String> {
        self.memberships
            .iter()
            .filter(|m| m.role.can_check_posts())
            .map(|m| m.account_id.clone())
            .collect()
    }
}

// Logs

/// One line of a log: a step of a post's life, or a change to the
/// account's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The post, for steps of a post.
    pub post_id: Option<String>,
    pub author_name: Option<String>,
    /// Who did it; `None` for the publishing system.
    pub by: Option<String>,
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub note: Option<String>,
    /// When, on the account's clock (for showing).
    pub at: i64,
    /// The person a change to the account's people is about.
    #[serde(default)]
    pub about: Option<String>,
}

/// A kept version of a post's words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionEntry {
    pub number: i64,
    pub kind: VersionKind,
    pub by: String,
    pub at: i64,
    pub tiles: Vec<Tile>,
}

// Boards

/// One picture on a board, with its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardItem {
    pub symbol: SymbolRef,
    pub word: String,
    /// Set for "My words" items (to take one off).
    pub id: Option<String>,
}

// Notifications

/// One notification as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub post_id: String,
    pub kind: Kind,
    /// The post's words.
    pub post_text: String,
    pub author_name: String,
    /// When, on the clock of the post's account (for showing).
    pub at: i64,
    pub read: bool,
    /// Who took the post down (for a take-down note), or who acted (for
    /// a note about a person, whose name is then `author_name`).
    #[serde(default)]
    pub by_name: Option<String>,
}

// Publishing

/// A connection as people see it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub network: Network,
    pub server_url: String,
    /// Who posts go out as (@name or the Bluesky handle).
    pub remote_name: String,
    /// False when the network refused the secret: connect it again.
    pub working: bool,
}

/// Where one post stands on one network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetView {
    pub network: Network,
    pub state: JobState,
    pub attempts: u32,
    /// Where people see the post, once it is live.
    pub url: Option<String>,
    /// How people responded there, once counted.
    pub responses: Option<crate::domain::responses::Responses>,
}

/// What an admin types to connect an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    Mastodon {
        server_url: String,
        access_token: String,
    },
    Bluesky {
        server_url: String,
        handle: String,
        app_password: String,
    },
}

// The report

/// One author's published posts and the responses to them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorLine {
    pub author_name: String,
    pub posts: u64,
    pub responses: Responses,
}

/// One account's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountReport {
    pub account_id: String,
    pub account_name: String,
    pub authors: Vec<AuthorLine>,
    /// Posts a supporter said yes to.
    pub approved: u64,
    /// The middle time from sending to the yes (milliseconds).
    pub median_wait_ms: Option<i64>,
}

// Easy sign-in

/// A sign-in card as the supporter's list shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInCard {
    pub card_id: String,
    pub made_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
}

/// A tablet set up for picture passwords, as the supporter's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureTablet {
    pub tablet_id: String,
    pub made_by: String,
    /// When, on the clock of the supporter's first account (for showing).
    pub created_at: i64,
    /// The tablet the list is shown on.
    pub this_one: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, roles: &[(&str, Role)]) -> Person {
        Person {
            person_id: id.into(),
            user_name: id.into(),
            display_name: id.into(),
            memberships: roles
                .iter()
                .map(|(account, role)| Membership {
                    account_id: (*account).into(),
                    account_name: (*account).into(),
                    account_slug: (*account).into(),
                    role: *role,
                })
                .collect(),
        }
    }

    #[test]
    fn authors_and_checkers_read_posts_while_on_the_account() {
        let sam = person("sam", &[("leeds", Role::CoProducer)]);
        let robin = person("robin", &[("leeds", Role::CoProducer)]);
        let alex = person("alex", &[("leeds", Role::Supporter)]);
        let jo = person("jo", &[("leeds", Role::Admin)]);
        assert!(sam.may_read("sam", "leeds"));
        assert!(!robin.may_read("sam", "leeds"), "another co-producer");
        assert!(alex.may_read("sam", "leeds"));
        assert!(jo.may_read("sam", "leeds"));
        assert!(!alex.may_read("sam", "york"), "another account");
        // Off the account (or out of a card's reach), not even the author.
        let card_at_york = person("sam", &[("york", Role::CoProducer)]);
        assert!(!card_at_york.may_read("sam", "leeds"));
    }
}
