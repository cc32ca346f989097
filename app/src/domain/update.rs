//! What one user action does to a post, as storage applies it in one
//! transaction: the lifecycle steps, the versions kept, the approvals.

use crate::domain::lifecycle::{transition, Action, Actor, Refusal, Status};
use crate::domain::post::{Tile, Tiles};
use crate::domain::review::{Outcome, Review, VersionKind};

/// One step of the lifecycle, checked by the domain before it reaches storage.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub from: Status,
    pub to: Status,
    /// `None` for the system.
    pub actor_id: Option<String>,
    pub note: Option<String>,
}

/// Everything one user action does to a post, applied in one transaction.
#[derive(Clone, Debug, Default)]
pub struct PostUpdate {
    /// New tiles and the client's revision (refused if older than stored).
    pub tiles: Option<(Tiles, i64)>,
    /// Lifecycle steps, applied in order; each must find the post in `from`.
    pub changes: Vec<Change>,
    /// `Some` replaces the supporter's feedback.
    pub feedback: Option<Option<String>>,
    /// Marks the post as published now (and writes its outbox jobs).
    pub published: bool,
    /// Sets when a scheduled post goes out.
    pub scheduled_for: Option<i64>,
    /// A new version of the words to keep.
    pub kept: Option<KeptVersion>,
    /// The post's words become this version, agreed by the author.
    pub agreed: Option<(Vec<Tile>, i64)>,
    /// `Some` sets or clears the suggested version waiting for the author.
    pub suggested: Option<Option<i64>>,
    /// An approval of the current version.
    pub approval: Option<Approval>,
}

/// A version of a post's words, kept for ever.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptVersion {
    pub number: i64,
    pub tiles: Vec<Tile>,
    pub kind: VersionKind,
    pub made_by: String,
}

/// One person's approval of one version.
#[derive(Clone, Debug, PartialEq)]
pub struct Approval {
    pub version: i64,
    pub by: String,
    /// How many approvals of this version the person saw: if another landed
    /// meanwhile the update is refused, so two approvals never both stall.
    pub seen: usize,
}

impl PostUpdate {
    /// What releasing a scheduled post at its time does: the system
    /// publishes it to the feed and writes its outbox jobs, in one step.
    pub fn release_scheduled() -> PostUpdate {
        PostUpdate {
            published: true,
            // Both moves are in the lifecycle's table (a unit test checks).
            changes: publish_steps(Status::Scheduled)
                .map(Vec::from)
                .unwrap_or_default(),
            ..PostUpdate::default()
        }
    }

    /// What storage must do for a review step `before → outcome` taken by
    /// `by`, with an optional note for the audit log.
    pub fn from_review(
        before: &Review<Vec<Tile>>,
        outcome: Outcome<Vec<Tile>>,
        action: Action,
        by: &str,
        note: Option<String>,
    ) -> PostUpdate {
        let next = outcome.next;
        let mut update = PostUpdate::default();
        // Every move is logged; so is an approval that waits for another.
        if next.status != before.status || action == Action::Approve {
            update.changes.push(Change {
                from: before.status,
                to: next.status,
                actor_id: Some(by.to_string()),
                note,
            });
        }
        update.kept = outcome.kept.map(|kept| KeptVersion {
            number: kept.number,
            tiles: kept.words,
            kind: kept.kind,
            made_by: by.to_string(),
        });
        if next.version != before.version || next.consented != before.consented {
            update.agreed = Some((next.words.clone(), next.version));
        }
        let number = |s: &Option<(i64, Vec<Tile>)>| s.as_ref().map(|(n, _)| *n);
        if number(&next.suggestion) != number(&before.suggestion) {
            update.suggested = Some(number(&next.suggestion));
        }
        if next.approved_by.len() > before.approved_by.len() {
            update.approval = Some(Approval {
                version: before.version,
                by: by.to_string(),
                seen: before.approved_by.len(),
            });
        }
        update
    }
}

/// The steps that publish a post from `from`: the built-in feed needs no
/// outside network, so it is published in the same transaction (and the
/// outbox jobs for other networks are written there too).
pub fn publish_steps(from: Status) -> Result<[Change; 2], Refusal> {
    let start = system_step(from, Action::StartPublishing)?;
    let finish = system_step(start.to, Action::FinishPublishing)?;
    Ok([start, finish])
}

/// A step the publishing system takes.
pub fn system_step(from: Status, action: Action) -> Result<Change, Refusal> {
    let to = transition(from, action, Actor::System)?;
    Ok(Change {
        from,
        to,
        actor_id: None,
        note: None,
    })
}

/// Puts a note on the step's audit-log entry.
pub fn note(update: &mut PostUpdate, note: String) {
    if let Some(change) = update.changes.first_mut() {
        change.note = Some(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releasing_a_scheduled_post_publishes_it() {
        let update = PostUpdate::release_scheduled();
        assert!(update.published);
        let moves: Vec<(Status, Status)> = update.changes.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(
            moves,
            vec![
                (Status::Scheduled, Status::Publishing),
                (Status::Publishing, Status::Published)
            ]
        );
        assert!(update.changes.iter().all(|c| c.actor_id.is_none()));
    }

    #[test]
    fn publishing_goes_through_publishing_to_published_from_approved_only() {
        let [start, finish] = publish_steps(Status::Approved).expect("approved posts publish");
        assert_eq!(
            (start.from, start.to),
            (Status::Approved, Status::Publishing)
        );
        assert_eq!(
            (finish.from, finish.to),
            (Status::Publishing, Status::Published)
        );
        assert!(publish_steps(Status::Draft).is_err());
        assert!(publish_steps(Status::Submitted).is_err());
    }

    fn word(w: &str) -> Tile {
        Tile {
            symbol: None,
            word: w.into(),
        }
    }

    fn review(status: Status, approvals_needed: u8) -> Review<Vec<Tile>> {
        Review {
            status,
            author_id: "sam".into(),
            words: vec![word("Hello")],
            version: 1,
            consented: Some(1),
            last_version: 1,
            suggestion: None,
            approved_by: vec![],
            approvals_needed,
        }
    }

    #[test]
    fn an_approval_is_logged_and_recorded_even_when_it_waits_for_another() {
        use crate::domain::review::Command;
        use crate::domain::roles::Role;
        let before = review(Status::Submitted, 2);
        let outcome = before
            .apply(Command::Approve, "alex", Role::Supporter)
            .expect("a supporter approves");
        let update = PostUpdate::from_review(&before, outcome, Action::Approve, "alex", None);
        assert_eq!(update.changes.len(), 1, "the approval is in the log");
        assert_eq!(update.changes[0].from, Status::Submitted);
        assert_eq!(
            update.changes[0].to,
            Status::Submitted,
            "one more must approve"
        );
        assert_eq!(
            update.approval,
            Some(Approval {
                version: 1,
                by: "alex".into(),
                seen: 0
            })
        );
        assert!(update.kept.is_none() && update.agreed.is_none());
    }

    #[test]
    fn a_suggestion_is_kept_as_a_version_and_waits_for_the_author() {
        use crate::domain::review::Command;
        use crate::domain::roles::Role;
        let before = review(Status::Submitted, 1);
        let words = vec![word("Hi")];
        let outcome = before
            .apply(Command::Suggest(words.clone()), "alex", Role::Supporter)
            .expect("a supporter suggests");
        let update = PostUpdate::from_review(
            &before,
            outcome,
            Action::SuggestWording,
            "alex",
            Some("why".into()),
        );
        let kept = update.kept.expect("the suggestion is kept");
        assert_eq!(
            (kept.number, kept.tiles, kept.made_by.as_str()),
            (2, words, "alex")
        );
        assert_eq!(update.suggested, Some(Some(2)));
        assert_eq!(update.changes[0].to, Status::AwaitingAuthor);
        assert_eq!(update.changes[0].note.as_deref(), Some("why"));
        assert!(
            update.agreed.is_none(),
            "the post's words stay the author's"
        );
    }

    #[test]
    fn a_note_goes_on_the_first_step() {
        let mut update = PostUpdate::default();
        note(&mut update, "nothing to note on".into());
        assert!(update.changes.is_empty());
        update
            .changes
            .extend(publish_steps(Status::Approved).unwrap());
        note(&mut update, "version 1".into());
        assert_eq!(update.changes[0].note.as_deref(), Some("version 1"));
        assert_eq!(update.changes[1].note, None);
    }
}
