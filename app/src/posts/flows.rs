//! The steps every post page shares: who may read a post, how a post is
//! shown, one review step, and taking a post down.

use crate::domain::lifecycle::{transition, Action, Actor};
use crate::domain::post::Tile;
use crate::domain::review::{Command, Outcome};
use crate::error::AppError;
use crate::ports::{self, Change, PostRecord, PostUpdate};
use crate::posts::PostView;
use crate::records::Person;
use crate::strings;

/// A closed account takes no new posts: none started, sent or approved.
pub(crate) async fn refuse_if_closed(account_id: &str) -> Result<(), AppError> {
    if ports::services()?.running.is_closed(account_id).await? {
        return Err(AppError::BadInput(strings::ACCOUNT_CLOSED.into()));
    }
    Ok(())
}

/// A post for its author or someone who checks the account's posts.
pub(crate) async fn readable_post(post_id: &str) -> Result<(Person, PostRecord), AppError> {
    let person = ports::signed_in().await?;
    let post = ports::services()?.store.post(post_id).await?;
    if !person.may_read(&post.author_id, &post.account_id) {
        return Err(AppError::NotAllowed);
    }
    Ok((person, post))
}

/// One review step by the signed-in person: the post must be on an
/// account where they have a role; the review rules decide the rest.
/// `shape` sees the post, the outcome and the update before it is
/// stored; it may refuse, or add to the update (a note, feedback, the
/// publishing steps). Everything is stored in one transaction.
pub(crate) async fn review_step(
    post_id: &str,
    command: Command<Vec<Tile>>,
    shape: impl FnOnce(&PostRecord, &Outcome<Vec<Tile>>, &mut PostUpdate) -> Result<(), AppError>,
) -> Result<(Person, Outcome<Vec<Tile>>), AppError> {
    let person = ports::signed_in().await?;
    let store = ports::services()?.store;
    let post = store.post(post_id).await?;
    let role = person
        .role_on(&post.account_id)
        .ok_or(AppError::NotAllowed)?;
    let before = post.review();
    let action = command.action();
    let outcome = before.apply(command, &person.person_id, role)?;
    let mut update =
        PostUpdate::from_review(&before, outcome.clone(), action, &person.person_id, None);
    shape(&post, &outcome, &mut update)?;
    store.update_post(post_id, update).await?;
    Ok((person, outcome))
}

pub async fn take_down(post_id: String, why: String) -> Result<(), AppError> {
    let person = ports::signed_in().await?;
    let services = ports::services()?;
    let post = services.store.post(&post_id).await?;
    let role = person
        .role_on(&post.account_id)
        .ok_or(AppError::NotAllowed)?;
    let actor = Actor::Person {
        role,
        is_author: post.author_id == person.person_id,
    };
    let to = transition(post.status, Action::TakeDown, actor)?;
    let why = why.trim().to_string();
    if why.is_empty() {
        return Err(AppError::BadInput(strings::TAKE_DOWN_NEEDS_WHY.into()));
    }
    if why.chars().count() > crate::domain::feedback::MAX_FEEDBACK_CHARS {
        return Err(AppError::BadInput(strings::ERR_FEEDBACK_TOO_LONG.into()));
    }
    let update = PostUpdate {
        changes: vec![Change {
            from: post.status,
            to,
            actor_id: Some(person.person_id.clone()),
            note: Some(why),
        }],
        ..PostUpdate::default()
    };
    services.store.update_post(&post_id, update).await?;
    services.publishing.wake();
    tracing::info!(%post_id, by = %person.person_id, "post taken down");
    Ok(())
}

/// The post as pages show it: its times on its account's clock.
pub fn view_of(post: PostRecord) -> PostView {
    let zone = crate::domain::zone::Zone::named(&post.time_zone);
    let approvals_missing = u32::try_from(post.review().approvals_missing()).unwrap_or(1);
    let safeguarding =
        crate::domain::safeguarding::check(&crate::domain::post::post_text(&post.tiles));
    PostView {
        post_id: post.post_id,
        account_name: post.account_name,
        account_slug: post.account_slug,
        targets: post.targets,
        author_id: post.author_id,
        author_name: post.author_name,
        status: post.status,
        tiles: post.tiles,
        revision: post.revision,
        feedback: post.feedback,
        updated_at: zone.wall(post.updated_at),
        published_at: post.published_at.map(|at| zone.wall(at)),
        scheduled_for: post.scheduled_for.map(|at| zone.wall(at)),
        safeguarding,
        version: post.version,
        suggestion: post.suggestion.map(|(_, tiles)| tiles),
        approved_by: post.approved_by,
        approvals_missing,
        is_sign_off: post.is_sign_off,
        can_take_down: false,
    }
}
