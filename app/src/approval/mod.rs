//! Approval: supporters and admins check submitted posts, approve them or ask
//! for changes. Nobody approves their own post; co-producers never approve.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::posts::PostView;

pub use page::CheckPage;

/// Longest feedback a supporter may write.
pub const MAX_FEEDBACK_CHARS: usize = 1000;

/// Submitted posts on the accounts where the signed-in person checks posts.
#[server(endpoint = "check/list", input = Json)]
pub async fn posts_to_check() -> Result<Vec<PostView>, AppError> {
    crate::ports::answer(flows::posts_to_check().await)
}

/// Approves a post; it goes to the account's public feed at once. When the
/// post's words hold personal details, `checked` must say the supporter
/// has checked them; when it has photos, `photo_consent` must say everyone
/// in them said yes.
#[server(endpoint = "check/approve", input = Json)]
pub async fn approve_post(
    post_id: String,
    checked: Option<bool>,
    photo_consent: Option<bool>,
) -> Result<(), AppError> {
    let confirmed = flows::Confirmed {
        details_checked: checked.unwrap_or(false),
        photo_consent: photo_consent.unwrap_or(false),
    };
    crate::ports::answer(flows::approve(post_id, confirmed).await)
}

/// Sends a post back to its author with feedback: the picked cards, then
/// the supporter's own words (either may be empty, not both).
#[server(endpoint = "check/changes", input = Json)]
pub async fn ask_for_changes(
    post_id: String,
    feedback: String,
    cards: Option<Vec<crate::domain::feedback::Card>>,
) -> Result<(), AppError> {
    let feedback = crate::domain::feedback::compose(&cards.unwrap_or_default(), &feedback);
    crate::ports::answer(flows::ask_for_changes(post_id, feedback).await)
}

#[cfg(feature = "ssr")]
mod flows {
    use crate::accounts::Person;
    use crate::composer::flows::view_of;
    use crate::domain::lifecycle::{transition, Action, Actor, Status};
    use crate::domain::post::post_text;
    use crate::domain::safeguarding;
    use crate::error::AppError;
    use crate::ports::{self, Change, PostRecord, PostUpdate};
    use crate::posts::PostView;
    use crate::strings;

    pub async fn posts_to_check() -> Result<Vec<PostView>, AppError> {
        let person = ports::signed_in().await?;
        let accounts = person.checked_accounts();
        if accounts.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let posts = ports::services()?
            .store
            .posts_in_status(&accounts, Status::Submitted)
            .await?;
        Ok(posts.into_iter().map(view_of).collect())
    }

    /// The post, if the person may check posts on its account.
    async fn checkable(person: &Person, post_id: &str) -> Result<(PostRecord, Actor), AppError> {
        let post = ports::services()?.store.post(post_id).await?;
        let Some(role) = person.role_on(&post.account_id) else {
            return Err(AppError::NotAllowed);
        };
        let is_author = post.author_id == person.person_id;
        if !role.can_check_posts() && !is_author {
            return Err(AppError::NotAllowed);
        }
        Ok((post, Actor::Person { role, is_author }))
    }

    /// One lifecycle step, if the domain allows it.
    fn step(
        from: Status,
        action: Action,
        actor: Actor,
        by: Option<&str>,
    ) -> Result<Change, AppError> {
        let to = transition(from, action, actor)?;
        Ok(Change {
            from,
            to,
            actor_id: by.map(str::to_string),
            note: None,
        })
    }

    /// What the supporter confirmed when approving.
    pub struct Confirmed {
        pub details_checked: bool,
        pub photo_consent: bool,
    }

    pub async fn approve(post_id: String, confirmed: Confirmed) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        let (post, actor) = checkable(&person, &post_id).await?;
        let me = Some(person.person_id.as_str());
        let mut approve = step(post.status, Action::Approve, actor, me)?;
        // The audit log keeps what the supporter said they checked: the
        // consent record stays with the post.
        let mut notes = Vec::new();
        let found = safeguarding::check(&post_text(&post.tiles));
        if !found.is_empty() {
            if !confirmed.details_checked {
                return Err(AppError::BadInput(strings::CHECK_DETAILS_FIRST.into()));
            }
            let kinds: Vec<String> = found
                .iter()
                .map(|f| {
                    serde_json::to_string(&f.kind)
                        .unwrap_or_default()
                        .replace('"', "")
                })
                .collect();
            notes.push(format!("personal details checked: {}", kinds.join(", ")));
        }
        let photos: Vec<&str> = post
            .tiles
            .iter()
            .filter_map(|t| t.symbol.as_ref().filter(|s| s.is_photo()))
            .map(|s| s.id.as_str())
            .collect();
        if !photos.is_empty() {
            if !confirmed.photo_consent {
                return Err(AppError::BadInput(strings::PHOTO_CONSENT_FIRST.into()));
            }
            notes.push(format!(
                "everyone in the photos said yes: {}",
                photos.join(", ")
            ));
        }
        if !notes.is_empty() {
            approve.note = Some(notes.join("; "));
        }
        // The built-in feed needs no outside network: publish in the same step.
        let start = step(approve.to, Action::StartPublishing, Actor::System, None)?;
        let finish = step(start.to, Action::FinishPublishing, Actor::System, None)?;
        let update = PostUpdate {
            changes: vec![approve, start, finish],
            published: true,
            ..PostUpdate::default()
        };
        ports::services()?
            .store
            .update_post(&post_id, update)
            .await?;
        Ok(())
    }

    pub async fn ask_for_changes(post_id: String, feedback: String) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        let (post, actor) = checkable(&person, &post_id).await?;
        let feedback = feedback.trim().to_string();
        if feedback.is_empty() {
            return Err(AppError::BadInput(strings::FEEDBACK_NEEDED.into()));
        }
        if feedback.chars().count() > super::MAX_FEEDBACK_CHARS {
            return Err(AppError::BadInput(strings::ERR_FEEDBACK_TOO_LONG.into()));
        }
        let mut change = step(
            post.status,
            Action::RequestChanges,
            actor,
            Some(&person.person_id),
        )?;
        change.note = Some(feedback.clone());
        let update = PostUpdate {
            changes: vec![change],
            feedback: Some(Some(feedback)),
            ..PostUpdate::default()
        };
        ports::services()?
            .store
            .update_post(&post_id, update)
            .await?;
        Ok(())
    }
}
