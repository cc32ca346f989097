//! The admin pages, admins only, on their own accounts: each account's
//! rules (a second approver), the account's log of everything that
//! happened, one post's story (every step and every kept version of its
//! words), the connected networks, hashtag sets, the end-of-day sign-off
//! and the report of how posts went.

mod accounts;
mod connections;
mod hashtags;
mod page;
mod people;
mod report;
mod sign_off;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::posts::PostView;

pub use crate::records::{LogEntry, VersionEntry};

pub use accounts::AccountsPage;
pub use connections::ConnectionsPage;
pub use hashtags::HashtagsPage;
pub use page::{AccountLogPage, AdminPage, PostStoryPage};
pub use people::PeoplePage;
pub use report::{report, AccountReport, AuthorLine, ReportPage};
pub use sign_off::{SignOffPage, SignOffView};

/// One account's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub account_id: String,
    pub account_name: String,
    /// How many different people must approve a post: 1 or 2.
    pub approvals_needed: u8,
}

/// One post's story, for its account's admins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub post: PostView,
    /// Oldest first.
    pub steps: Vec<LogEntry>,
    /// Oldest first.
    pub versions: Vec<VersionEntry>,
}

/// The rules of every account the signed-in person is an admin of.
#[server(endpoint = "admin/rules", input = Json)]
pub async fn account_rules() -> Result<Vec<Rules>, AppError> {
    crate::ports::answer(flows::rules().await)
}

/// Sets how many different people must approve a post on an account
/// (1 or 2). Admins of that account only; written to the account's log.
#[server(endpoint = "admin/set-rules", input = Json)]
pub async fn set_account_rules(account_id: String, approvals_needed: u8) -> Result<(), AppError> {
    crate::ports::answer(flows::set_rules(account_id, approvals_needed).await)
}

/// The account's log, newest first (the latest 200 lines).
#[server(endpoint = "admin/log", input = Json)]
pub async fn account_log(account_id: String) -> Result<Vec<LogEntry>, AppError> {
    crate::ports::answer(flows::log(account_id).await)
}

/// One post's story: every step and every kept version.
#[server(endpoint = "admin/story", input = Json)]
pub async fn post_story(post_id: String) -> Result<Story, AppError> {
    crate::ports::answer(flows::story(post_id).await)
}

#[cfg(feature = "ssr")]
mod flows {
    use super::{LogEntry, Rules, Story};
    use crate::domain::roles::Role;
    use crate::error::AppError;
    use crate::ports;
    use crate::posts::flows::view_of;
    use crate::strings;

    /// Refuses anyone who is not an admin of the account.
    pub async fn rules() -> Result<Vec<Rules>, AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        let mut rules = Vec::new();
        for membership in person.memberships.iter().filter(|m| m.role == Role::Admin) {
            let account = store.account(&membership.account_id).await?;
            rules.push(Rules {
                account_id: account.account_id,
                account_name: account.name,
                approvals_needed: account.approvals_needed,
            });
        }
        if rules.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(rules)
    }

    pub async fn set_rules(account_id: String, approvals_needed: u8) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        if !(1..=2).contains(&approvals_needed) {
            return Err(AppError::BadInput(strings::ERR_ONE_OR_TWO.into()));
        }
        ports::services()?
            .store
            .set_approvals_needed(&account_id, approvals_needed, &person.person_id)
            .await?;
        Ok(())
    }

    pub async fn log(account_id: String) -> Result<Vec<LogEntry>, AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        let store = ports::services()?.store;
        let zone = crate::domain::zone::Zone::named(&store.account(&account_id).await?.time_zone);
        let mut log = store.account_log(&account_id, 200).await?;
        for entry in &mut log {
            entry.at = zone.wall(entry.at);
        }
        Ok(log)
    }

    pub async fn story(post_id: String) -> Result<Story, AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        let post = store.post(&post_id).await?;
        person.admin_of(&post.account_id)?;
        let (mut steps, mut versions) = store.post_story(&post_id).await?;
        let zone = crate::domain::zone::Zone::named(&post.time_zone);
        for step in &mut steps {
            step.at = zone.wall(step.at);
        }
        for version in &mut versions {
            version.at = zone.wall(version.at);
        }
        Ok(Story {
            post: view_of(post),
            steps,
            versions,
        })
    }
}
