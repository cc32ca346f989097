//! Hashtag sets: an admin writes an account's hashtags for each event (a
//! board meeting, a weekly chat); authors add a set to a post with one tap.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::hashtags::HashtagSet;
use crate::error::AppError;

pub use page::HashtagsPanel;
pub(crate) use page::HASH;

/// One account's sets, for its admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountHashtags {
    pub account_id: String,
    pub account_name: String,
    pub sets: Vec<HashtagSet>,
}

/// The sets of every account the signed-in person is an admin of.
#[server(endpoint = "hashtags/admin", input = Json)]
pub async fn admin_hashtags() -> Result<Vec<AccountHashtags>, AppError> {
    crate::ports::answer(flows::admin_hashtags().await)
}

/// Adds a set (`set_id` none) or changes one: admins of the account.
#[server(endpoint = "hashtags/save", input = Json)]
pub async fn save_hashtags(
    account_id: String,
    set_id: Option<String>,
    event: String,
    tags: String,
) -> Result<HashtagSet, AppError> {
    crate::ports::answer(flows::save(account_id, set_id, event, tags).await)
}

/// Takes a set off: admins of the account.
#[server(endpoint = "hashtags/remove", input = Json)]
pub async fn remove_hashtags(account_id: String, set_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::remove(account_id, set_id).await)
}

/// The sets of a post's account: for whoever may open the post.
#[server(endpoint = "hashtags/for-post", input = Json)]
pub async fn hashtags_for_post(post_id: String) -> Result<Vec<HashtagSet>, AppError> {
    crate::ports::answer(flows::for_post(post_id).await)
}

#[cfg(feature = "ssr")]
mod flows {
    use super::AccountHashtags;
    use crate::domain::hashtags::{parse_set, HashtagSet, SetProblem, MAX_SETS};
    use crate::domain::roles::Role;
    use crate::error::AppError;
    use crate::ports;
    use crate::strings;

    pub async fn admin_hashtags() -> Result<Vec<AccountHashtags>, AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        let mut out = Vec::new();
        for membership in person.memberships.iter().filter(|m| m.role == Role::Admin) {
            out.push(AccountHashtags {
                account_id: membership.account_id.clone(),
                account_name: membership.account_name.clone(),
                sets: store.hashtag_sets(&membership.account_id).await?,
            });
        }
        if out.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(out)
    }

    fn problem(problem: SetProblem) -> AppError {
        AppError::BadInput(
            match problem {
                SetProblem::NoEvent => strings::HASHTAGS_NO_EVENT,
                SetProblem::EventTooLong => strings::HASHTAGS_EVENT_LONG,
                SetProblem::NoTags => strings::HASHTAGS_NONE_WRITTEN,
                SetProblem::TooManyTags => strings::HASHTAGS_TOO_MANY,
                SetProblem::BadTag => strings::HASHTAGS_BAD,
            }
            .into(),
        )
    }

    pub async fn save(
        account_id: String,
        set_id: Option<String>,
        event: String,
        tags: String,
    ) -> Result<HashtagSet, AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        // Checked before parsing so a huge body costs nothing.
        if event.len() > 1_000 || tags.len() > 2_000 {
            return Err(problem(SetProblem::BadTag));
        }
        let (event, tags) = parse_set(&event, &tags).map_err(problem)?;
        let store = ports::services()?.store;
        if set_id.is_none() && store.hashtag_sets(&account_id).await?.len() >= MAX_SETS {
            return Err(AppError::BadInput(strings::HASHTAGS_FULL.into()));
        }
        let set_id = store
            .save_hashtag_set(
                &account_id,
                set_id.as_deref(),
                &event,
                &tags,
                &person.person_id,
            )
            .await?;
        Ok(HashtagSet {
            set_id,
            event,
            tags,
        })
    }

    pub async fn remove(account_id: String, set_id: String) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        Ok(ports::services()?
            .store
            .remove_hashtag_set(&account_id, &set_id, &person.person_id)
            .await?)
    }

    pub async fn for_post(post_id: String) -> Result<Vec<HashtagSet>, AppError> {
        let (_, post) = crate::posts::flows::readable_post(&post_id).await?;
        Ok(ports::services()?
            .store
            .hashtag_sets(&post.account_id)
            .await?)
    }
}
