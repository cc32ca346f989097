//! Approval: supporters and admins check submitted posts, approve them or ask
//! for changes. Nobody approves their own post; co-producers never approve.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::posts::PostView;

pub use page::CheckPage;

use crate::domain::post::Tile;

pub use crate::domain::feedback::MAX_FEEDBACK_CHARS;

/// Submitted posts on the accounts where the signed-in person checks posts.
#[server(endpoint = "check/list", input = Json)]
pub async fn posts_to_check() -> Result<Vec<PostView>, AppError> {
    crate::ports::answer(flows::posts_to_check().await)
}

/// What approving did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Approved {
    /// The post went out to the account's public feed.
    pub published: bool,
    /// The post waits until this time (milliseconds, UTC) to go out.
    #[serde(default)]
    pub scheduled_for: Option<i64>,
    /// How many more different people must approve first (the account's
    /// rule); 0 when published.
    pub approvals_missing: u32,
}

/// Approves a post: when enough different people have approved its words
/// (the account's rule), it goes to the account's public feed and connected
/// networks at once, or at `at` (milliseconds, UTC) or `at_local` (a day
/// and time on the account's clock, "2027-07-05T17:00") when that is given
/// and later than a minute from now. A time in the hour the clocks go
/// forward is refused. When
/// the post's words hold personal details, `checked` must say the supporter
/// has checked them; when it has photos, `photo_consent` must say everyone
/// in them said yes.
#[server(endpoint = "check/approve", input = Json)]
pub async fn approve_post(
    post_id: String,
    checked: Option<bool>,
    photo_consent: Option<bool>,
    at: Option<i64>,
    at_local: Option<String>,
) -> Result<Approved, AppError> {
    let confirmed = flows::Confirmed {
        details_checked: checked.unwrap_or(false),
        photo_consent: photo_consent.unwrap_or(false),
        at,
        at_local,
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

/// Suggests other words for a post: each tile's words may change and tiles
/// may be taken out, but the pictures stay the author's. The post waits
/// for the author to say **Yes, post this** or **No, keep mine**.
#[server(endpoint = "check/suggest", input = Json)]
pub async fn suggest_words(post_id: String, tiles: Vec<Tile>) -> Result<(), AppError> {
    crate::ports::answer(flows::suggest(post_id, tiles).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use crate::domain::approving::{approval_note, send_time, Checked};
    use crate::domain::lifecycle::{Action, Status};
    use crate::domain::post::{Tile, Tiles};
    use crate::domain::review::Command;
    use crate::domain::update::{note, publish_steps, system_step};
    use crate::error::AppError;
    use crate::ports;
    use crate::posts::flows::{refuse_if_closed, review_step, view_of};
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

    /// What the supporter confirmed when approving, and when the post
    /// should go out (`None`: now).
    pub struct Confirmed {
        pub details_checked: bool,
        pub photo_consent: bool,
        pub at: Option<i64>,
        /// A day and time on the account's clock (wins over `at`).
        pub at_local: Option<String>,
    }

    pub async fn approve(
        post_id: String,
        confirmed: Confirmed,
    ) -> Result<super::Approved, AppError> {
        use crate::domain::zone::{LocalTimeError, Zone};
        let services = ports::services()?;
        let post = services.store.post(&post_id).await?;
        refuse_if_closed(&post.account_id).await?;
        let typed = confirmed
            .at_local
            .as_deref()
            .filter(|t| !t.trim().is_empty());
        let at =
            match typed {
                Some(text) => Some(Zone::named(&post.time_zone).from_local(text).map_err(
                    |error| {
                        AppError::BadInput(
                            match error {
                                LocalTimeError::ClocksGoForward => strings::TIME_CLOCKS_FORWARD,
                                LocalTimeError::Unreadable => strings::TIME_UNREADABLE,
                            }
                            .into(),
                        )
                    },
                )?),
                None => confirmed.at,
            };
        let later = send_time(at, services.clock.now_ms())?;
        let mut sign_off = false;
        let (_, outcome) = review_step(&post_id, Command::Approve, |post, outcome, update| {
            sign_off = post.is_sign_off;
            let checked = Checked {
                details: confirmed.details_checked,
                photo_consent: confirmed.photo_consent,
            };
            let mut words = approval_note(post.version, &post.tiles, checked)?;
            if outcome.next.status == Status::Approved && post.is_sign_off {
                // Kept approved: its words go out each day the account posts.
                words.push_str("; the end-of-day sign-off");
            } else if outcome.next.status == Status::Approved {
                match later {
                    Some(at) => {
                        update
                            .changes
                            .push(system_step(Status::Approved, Action::Schedule)?);
                        update.scheduled_for = Some(at);
                        words.push_str(&format!("; to go out at {at}"));
                    }
                    None => update.changes.extend(publish_steps(Status::Approved)?),
                }
                update.published = later.is_none();
            }
            note(update, words);
            Ok(())
        })
        .await?;
        let approved = outcome.next.status == Status::Approved;
        if approved {
            services.publishing.approved(&post_id);
        }
        let once = approved && !sign_off;
        let missing = outcome.next.approvals_missing();
        Ok(super::Approved {
            published: once && later.is_none(),
            scheduled_for: later.filter(|_| once),
            approvals_missing: if outcome.next.status == Status::Approved {
                0
            } else {
                u32::try_from(missing).unwrap_or(1)
            },
        })
    }

    pub async fn ask_for_changes(post_id: String, feedback: String) -> Result<(), AppError> {
        let feedback = feedback.trim().to_string();
        if feedback.is_empty() {
            return Err(AppError::BadInput(strings::FEEDBACK_NEEDED.into()));
        }
        if feedback.chars().count() > super::MAX_FEEDBACK_CHARS {
            return Err(AppError::BadInput(strings::ERR_FEEDBACK_TOO_LONG.into()));
        }
        review_step(&post_id, Command::RequestChanges, |_, _, update| {
            note(update, feedback.clone());
            update.feedback = Some(Some(feedback));
            Ok(())
        })
        .await?;
        Ok(())
    }

    pub async fn suggest(post_id: String, tiles: Vec<Tile>) -> Result<(), AppError> {
        let tiles = Tiles::parse(tiles)?.into_inner();
        if tiles.is_empty() {
            return Err(AppError::BadInput(strings::ERR_EMPTY_POST.into()));
        }
        let words = tiles.clone();
        review_step(&post_id, Command::Suggest(tiles), move |post, _, update| {
            // Pictures stay the author's: a suggestion may only use the
            // pictures already in the post.
            let own =
                |t: &Tile| t.symbol.is_none() || post.tiles.iter().any(|p| p.symbol == t.symbol);
            if !words.iter().all(own) {
                return Err(AppError::BadInput(strings::ERR_SUGGEST_PICTURES.into()));
            }
            note(
                update,
                format!("suggested version {}", post.last_version + 1),
            );
            Ok(())
        })
        .await?;
        Ok(())
    }
}
