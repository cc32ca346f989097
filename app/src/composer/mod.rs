//! The composer: a co-producer builds a post from pictures, hears it, and
//! sends it to a supporter. Server functions here stay thin: they check who
//! is asking, ask the domain whether the step is allowed, and store it.

mod checks;
mod editor;
mod page;
mod sent;
mod tile;
mod tools;
mod unsaved;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::post::Tile;
use crate::error::AppError;
use crate::posts::PostView;

pub use page::ComposerPage;
pub use sent::SentPostPage;
pub use tools::PictureList;

/// Starts a new draft on an account and returns its id.
#[server(endpoint = "posts/new", input = Json)]
pub async fn new_post(account_id: String) -> Result<String, AppError> {
    crate::ports::answer(flows::new_post(account_id).await)
}

/// One post, for its author or for a supporter of its account.
#[server(endpoint = "posts/get", input = Json)]
pub async fn load_post(post_id: String) -> Result<PostView, AppError> {
    crate::ports::answer(flows::load_post(post_id).await)
}

/// Saves the author's draft. An older revision than the stored one is ignored.
#[server(endpoint = "posts/save", input = Json)]
pub async fn save_draft(post_id: String, tiles: Vec<Tile>, revision: i64) -> Result<(), AppError> {
    crate::ports::answer(flows::save(post_id, tiles, revision, false).await)
}

/// Saves the draft and sends it to a supporter, in one step.
#[server(endpoint = "posts/send", input = Json)]
pub async fn send_post(post_id: String, tiles: Vec<Tile>, revision: i64) -> Result<(), AppError> {
    crate::ports::answer(flows::save(post_id, tiles, revision, true).await)
}

/// The author takes a post back before it is approved. It is kept, marked
/// as taken back, and leaves the supporter's list.
#[server(endpoint = "posts/withdraw", input = Json)]
pub async fn withdraw_post(post_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::withdraw(post_id).await)
}

/// The author answers a supporter's suggested wording: `post_this` true
/// is **Yes, post this** (the new words become the post's), false is
/// **No, keep mine**. Either way the post goes back to the supporter.
#[server(endpoint = "posts/answer", input = Json)]
pub async fn answer_suggestion(post_id: String, post_this: bool) -> Result<(), AppError> {
    crate::ports::answer(flows::answer(post_id, post_this).await)
}

/// Personal details in some words, for the author's gentle note. Signed-in
/// people only; the words are not stored.
#[server(endpoint = "posts/details", input = Json)]
pub async fn personal_details(
    text: String,
) -> Result<Vec<crate::domain::safeguarding::Finding>, AppError> {
    crate::ports::answer(flows::personal_details(text).await)
}

/// The signed-in person's own posts, newest first.
#[server(endpoint = "posts/mine", input = Json)]
pub async fn my_posts() -> Result<Vec<PostView>, AppError> {
    crate::ports::answer(flows::my_posts().await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use crate::domain::post::{Tile, Tiles};
    use crate::domain::review::Command;
    use crate::error::AppError;
    use crate::ports::{self, PostUpdate, StoreError};
    use crate::posts::flows::{readable_post, refuse_if_closed, review_step, view_of};
    use crate::posts::PostView;
    use crate::strings;

    pub async fn personal_details(
        text: String,
    ) -> Result<Vec<crate::domain::safeguarding::Finding>, AppError> {
        ports::signed_in().await?;
        if text.chars().count() > 10_000 {
            return Err(AppError::BadInput(strings::ERR_TOO_MANY_WORDS.into()));
        }
        Ok(crate::domain::safeguarding::check(&text))
    }

    pub async fn new_post(account_id: String) -> Result<String, AppError> {
        let person = ports::signed_in().await?;
        let role = person.role_on(&account_id).ok_or(AppError::NotAllowed)?;
        if !role.can_write_posts() {
            return Err(AppError::NotAllowed);
        }
        let services = ports::services()?;
        refuse_if_closed(&account_id).await?;
        Ok(services
            .store
            .create_post(&account_id, &person.person_id)
            .await?)
    }

    pub async fn load_post(post_id: String) -> Result<PostView, AppError> {
        use crate::domain::lifecycle::{transition, Action, Actor};
        let (person, post) = readable_post(&post_id).await?;
        let can_take_down = person.role_on(&post.account_id).is_some_and(|role| {
            let actor = Actor::Person {
                role,
                is_author: post.author_id == person.person_id,
            };
            transition(post.status, Action::TakeDown, actor).is_ok() && !post.is_sign_off
        });
        Ok(PostView {
            can_take_down,
            ..view_of(post)
        })
    }

    pub async fn save(
        post_id: String,
        tiles: Vec<Tile>,
        revision: i64,
        send: bool,
    ) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        let store = ports::services()?.store;
        let post = store.post(&post_id).await?;
        if post.author_id != person.person_id {
            return Err(AppError::NotAllowed);
        }
        let role = person
            .role_on(&post.account_id)
            .ok_or(AppError::NotAllowed)?;
        let tiles = Tiles::parse(tiles)?;
        if send && tiles.is_empty() {
            return Err(AppError::BadInput(strings::ERR_EMPTY_POST.into()));
        }
        if send {
            refuse_if_closed(&post.account_id).await?;
        }
        let words = tiles.as_slice().to_vec();
        let command = if send {
            Command::Submit(words.clone())
        } else {
            Command::Edit(words.clone())
        };
        let before = post.review();
        let action = command.action();
        let outcome = before.apply(command, &person.person_id, role)?;
        let mut update = PostUpdate::from_review(&before, outcome, action, &person.person_id, None);
        // The author's own save: refused if a newer one already landed.
        update.tiles = Some((tiles, revision));
        if send {
            update.feedback = Some(None);
        }
        match store.update_post(&post_id, update).await {
            // A newer save already landed: this one has nothing to add.
            Err(StoreError::Stale) if !send => return Ok(()),
            other => other?,
        }
        // The recent board is a help, not part of the post: a failure here
        // is logged and the save still counts.
        if let Err(error) = store.record_recent(&person.person_id, &words).await {
            tracing::warn!(%error, "Failed to remember recent pictures");
        }
        Ok(())
    }

    pub async fn withdraw(post_id: String) -> Result<(), AppError> {
        let (person, _) = review_step(&post_id, Command::Withdraw, |_, _, _| Ok(())).await?;
        tracing::info!(person = %person.user_name, %post_id, "post taken back");
        Ok(())
    }

    pub async fn answer(post_id: String, post_this: bool) -> Result<(), AppError> {
        let command = if post_this {
            Command::Accept
        } else {
            Command::KeepMine
        };
        review_step(&post_id, command, |post, _, update| {
            if let (Some(change), Some((number, _))) =
                (update.changes.first_mut(), &post.suggestion)
            {
                change.note = Some(format!(
                    "{} version {number}",
                    if post_this {
                        "agreed to"
                    } else {
                        "kept own words, not"
                    }
                ));
            }
            Ok(())
        })
        .await?;
        Ok(())
    }

    pub async fn my_posts() -> Result<Vec<PostView>, AppError> {
        let person = ports::signed_in().await?;
        let posts = ports::services()?
            .store
            .posts_by_author(&person.person_id)
            .await?;
        Ok(posts.into_iter().map(view_of).collect())
    }
}
