//! Approval: supporters and admins check submitted posts, approve them or ask
//! for changes. Nobody approves their own post; co-producers never approve.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::posts::PostView;

pub use page::CheckPage;

use crate::domain::post::Tile;

/// Longest feedback a supporter may write.
pub const MAX_FEEDBACK_CHARS: usize = 1000;

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

/// Takes a post down (or back before it goes out, when scheduled): it
/// leaves the feed at once and the outbox deletes it on every network it
/// reached. Supporters and admins of its account; `why` goes in the log.
#[server(endpoint = "posts/take-down", input = Json)]
pub async fn take_down(post_id: String, why: String) -> Result<(), AppError> {
    crate::ports::answer(flows::take_down(post_id, why).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use crate::accounts::Person;
    use crate::composer::flows::view_of;
    use crate::domain::lifecycle::{transition, Action, Actor, Status};
    use crate::domain::post::{post_text, Tile, Tiles};
    use crate::domain::review::{Command, Outcome};
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

    /// Puts a note on the step's audit-log entry.
    fn note(update: &mut PostUpdate, note: String) {
        if let Some(change) = update.changes.first_mut() {
            change.note = Some(note);
        }
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

    /// A time to post at must be at least this far ahead (else: now).
    const SOONEST_MS: i64 = 60_000;
    /// ... and at most this far.
    const LATEST_MS: i64 = 8 * 7 * 24 * 60 * 60_000;

    /// When the post goes out: `None` for now.
    fn when(at: Option<i64>, now: i64) -> Result<Option<i64>, AppError> {
        match at {
            None => Ok(None),
            Some(at) if at < now - SOONEST_MS => {
                Err(AppError::BadInput(strings::TIME_PASSED.into()))
            }
            Some(at) if at > now + LATEST_MS => {
                Err(AppError::BadInput(strings::TIME_TOO_FAR.into()))
            }
            Some(at) if at < now + SOONEST_MS => Ok(None),
            Some(at) => Ok(Some(at)),
        }
    }

    /// The audit note of an approval: what the supporter said they checked
    /// (the consent record stays with the post), or why it cannot go yet.
    fn approval_note(post: &PostRecord, confirmed: &Confirmed) -> Result<String, AppError> {
        let mut notes = vec![format!("version {}", post.version)];
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
        Ok(notes.join("; "))
    }

    pub async fn approve(
        post_id: String,
        confirmed: Confirmed,
    ) -> Result<super::Approved, AppError> {
        use crate::domain::zone::{LocalTimeError, Zone};
        let services = ports::services()?;
        let post = services.store.post(&post_id).await?;
        crate::composer::flows::refuse_if_closed(&post.account_id).await?;
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
        let later = when(at, services.clock.now_ms())?;
        let mut sign_off = false;
        let (_, outcome) = review_step(&post_id, Command::Approve, |post, outcome, update| {
            sign_off = post.is_sign_off;
            let mut words = approval_note(post, &confirmed)?;
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

    /// The steps that publish a post from `from`: the built-in feed needs
    /// no outside network, so it is published in the same transaction (and
    /// the outbox jobs for other networks are written there too).
    pub(crate) fn publish_steps(from: Status) -> Result<[Change; 2], AppError> {
        let start = system_step(from, Action::StartPublishing)?;
        let finish = system_step(start.to, Action::FinishPublishing)?;
        Ok([start, finish])
    }

    /// A step the publishing system takes.
    fn system_step(from: Status, action: Action) -> Result<Change, AppError> {
        let to = transition(from, action, Actor::System)?;
        Ok(Change {
            from,
            to,
            actor_id: None,
            note: None,
        })
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
        if why.chars().count() > super::MAX_FEEDBACK_CHARS {
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
