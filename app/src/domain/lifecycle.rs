//! The post lifecycle as a pure state machine.
//!
//! `draft → submitted → (changes_requested → draft) | approved → scheduled →
//! publishing → published | failed`, plus `withdrawn`, `awaiting_author`
//! when a supporter suggests new wording, and `taken_down` when a supporter
//! or admin takes an approved, scheduled or published post down. [`transition`] is the only way to
//! move a post; storage applies its answer and records it in the audit log.

use serde::{Deserialize, Serialize};

use super::roles::Role;

/// Where a post is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    ChangesRequested,
    AwaitingAuthor,
    Approved,
    Scheduled,
    Publishing,
    Published,
    Failed,
    Withdrawn,
    /// Taken off the feed and every network by a supporter or an admin.
    TakenDown,
}

impl Status {
    /// Every status, for exhaustive tests and parsing.
    pub const ALL: [Status; 11] = [
        Status::Draft,
        Status::Submitted,
        Status::ChangesRequested,
        Status::AwaitingAuthor,
        Status::Approved,
        Status::Scheduled,
        Status::Publishing,
        Status::Published,
        Status::Failed,
        Status::Withdrawn,
        Status::TakenDown,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::ChangesRequested => "changes_requested",
            Status::AwaitingAuthor => "awaiting_author",
            Status::Approved => "approved",
            Status::Scheduled => "scheduled",
            Status::Publishing => "publishing",
            Status::Published => "published",
            Status::Failed => "failed",
            Status::Withdrawn => "withdrawn",
            Status::TakenDown => "taken_down",
        }
    }

    /// Reads a stored status name.
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The author may change the words and pictures only in these states.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::ChangesRequested)
    }
}

/// Something a person (or the publishing system) does to a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The author changes the post.
    Edit,
    /// The author sends the post to a supporter.
    Submit,
    /// The author takes the post back before approval.
    Withdraw,
    /// A supporter sends the post back with feedback.
    RequestChanges,
    /// A supporter suggests new wording; the author must agree to it.
    SuggestWording,
    /// The author agrees to the suggested wording.
    AcceptWording,
    /// The author keeps their own wording.
    KeepMine,
    /// A supporter approves the post.
    Approve,
    /// The system holds an approved post until its time.
    Schedule,
    /// The system starts publishing.
    StartPublishing,
    /// The system finished publishing everywhere.
    FinishPublishing,
    /// The system could not publish.
    FailPublishing,
    /// A supporter or admin takes the post down (or back before it goes
    /// out): off the feed and every network.
    TakeDown,
}

impl Action {
    /// Every action, for exhaustive tests.
    pub const ALL: [Action; 13] = [
        Action::Edit,
        Action::Submit,
        Action::Withdraw,
        Action::RequestChanges,
        Action::SuggestWording,
        Action::AcceptWording,
        Action::KeepMine,
        Action::Approve,
        Action::Schedule,
        Action::StartPublishing,
        Action::FinishPublishing,
        Action::FailPublishing,
        Action::TakeDown,
    ];

    fn performer(self) -> Performer {
        match self {
            Action::Edit
            | Action::Submit
            | Action::Withdraw
            | Action::AcceptWording
            | Action::KeepMine => Performer::Author,
            Action::RequestChanges | Action::SuggestWording | Action::Approve => Performer::Checker,
            Action::Schedule
            | Action::StartPublishing
            | Action::FinishPublishing
            | Action::FailPublishing => Performer::System,
            Action::TakeDown => Performer::Moderator,
        }
    }
}

enum Performer {
    Author,
    Checker,
    /// A supporter or admin of the account, the author too (taking a post
    /// down publishes nothing).
    Moderator,
    System,
}

/// Who is acting on a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The publishing system, never a person.
    System,
    /// A person with a role on the post's account.
    Person { role: Role, is_author: bool },
}

/// Why a transition was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only the author can do this")]
    NotTheAuthor,
    #[error("nobody can approve or check their own post")]
    OwnPost,
    #[error("only a supporter or an admin can check posts")]
    NotAChecker,
    #[error("only the publishing system can do this")]
    SystemOnly,
    #[error("a post that is {} cannot do that", .0.as_str())]
    NotNow(Status),
}

/// Applies `action` by `actor` to a post in `from`, or says why not.
pub fn transition(from: Status, action: Action, actor: Actor) -> Result<Status, Refusal> {
    check_actor(action, actor)?;
    next_status(from, action).ok_or(Refusal::NotNow(from))
}

fn check_actor(action: Action, actor: Actor) -> Result<(), Refusal> {
    match (action.performer(), actor) {
        (Performer::System, Actor::System) => Ok(()),
        (Performer::System, Actor::Person { .. }) => Err(Refusal::SystemOnly),
        (_, Actor::System) => Err(Refusal::SystemOnly),
        (Performer::Author, Actor::Person { is_author, .. }) => {
            is_author.then_some(()).ok_or(Refusal::NotTheAuthor)
        }
        (Performer::Moderator, Actor::Person { role, .. }) => role
            .can_check_posts()
            .then_some(())
            .ok_or(Refusal::NotAChecker),
        (Performer::Checker, Actor::Person { role, is_author }) => {
            if !role.can_check_posts() {
                Err(Refusal::NotAChecker)
            } else if is_author {
                Err(Refusal::OwnPost)
            } else {
                Ok(())
            }
        }
    }
}

fn next_status(from: Status, action: Action) -> Option<Status> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Draft | S::ChangesRequested, A::Edit) => S::Draft,
        (S::Draft | S::ChangesRequested, A::Submit) => S::Submitted,
        (S::Draft | S::Submitted | S::ChangesRequested | S::AwaitingAuthor, A::Withdraw) => {
            S::Withdrawn
        }
        (S::Submitted, A::RequestChanges) => S::ChangesRequested,
        (S::Submitted, A::SuggestWording) => S::AwaitingAuthor,
        (S::AwaitingAuthor, A::AcceptWording | A::KeepMine) => S::Submitted,
        (S::Submitted, A::Approve) => S::Approved,
        (S::Approved, A::Schedule) => S::Scheduled,
        (S::Approved | S::Scheduled | S::Failed, A::StartPublishing) => S::Publishing,
        (S::Publishing, A::FinishPublishing) => S::Published,
        (S::Publishing, A::FailPublishing) => S::Failed,
        (S::Approved | S::Scheduled | S::Publishing | S::Published | S::Failed, A::TakeDown) => {
            S::TakenDown
        }
        _ => return None,
    };
    Some(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    const AUTHOR: Actor = Actor::Person {
        role: Role::CoProducer,
        is_author: true,
    };
    const SUPPORTER: Actor = Actor::Person {
        role: Role::Supporter,
        is_author: false,
    };

    /// Every allowed move, written out by hand from the product's lifecycle.
    const ALLOWED: &[(Status, Action, Status)] = &[
        (S::Draft, A::Edit, S::Draft),
        (S::ChangesRequested, A::Edit, S::Draft),
        (S::Draft, A::Submit, S::Submitted),
        (S::ChangesRequested, A::Submit, S::Submitted),
        (S::Draft, A::Withdraw, S::Withdrawn),
        (S::Submitted, A::Withdraw, S::Withdrawn),
        (S::ChangesRequested, A::Withdraw, S::Withdrawn),
        (S::AwaitingAuthor, A::Withdraw, S::Withdrawn),
        (S::Submitted, A::RequestChanges, S::ChangesRequested),
        (S::Submitted, A::SuggestWording, S::AwaitingAuthor),
        (S::AwaitingAuthor, A::AcceptWording, S::Submitted),
        (S::AwaitingAuthor, A::KeepMine, S::Submitted),
        (S::Submitted, A::Approve, S::Approved),
        (S::Approved, A::Schedule, S::Scheduled),
        (S::Approved, A::StartPublishing, S::Publishing),
        (S::Scheduled, A::StartPublishing, S::Publishing),
        (S::Failed, A::StartPublishing, S::Publishing),
        (S::Publishing, A::FinishPublishing, S::Published),
        (S::Publishing, A::FailPublishing, S::Failed),
        (S::Approved, A::TakeDown, S::TakenDown),
        (S::Scheduled, A::TakeDown, S::TakenDown),
        (S::Publishing, A::TakeDown, S::TakenDown),
        (S::Published, A::TakeDown, S::TakenDown),
        (S::Failed, A::TakeDown, S::TakenDown),
    ];

    fn rightful_actor(action: Action) -> Actor {
        match action.performer() {
            Performer::Author => AUTHOR,
            Performer::Checker | Performer::Moderator => SUPPORTER,
            Performer::System => Actor::System,
        }
    }

    #[test]
    fn every_status_and_action_pair_is_allowed_exactly_as_the_table_says() {
        for from in Status::ALL {
            for action in Action::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                let got = transition(from, action, rightful_actor(action));
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} {action:?}"),
                    None => assert_eq!(got, Err(Refusal::NotNow(from)), "{from:?} {action:?}"),
                }
            }
        }
    }

    #[test]
    fn nobody_approves_their_own_post_whatever_their_role() {
        for role in [Role::Supporter, Role::Admin] {
            let own = Actor::Person {
                role,
                is_author: true,
            };
            assert_eq!(
                transition(S::Submitted, A::Approve, own),
                Err(Refusal::OwnPost)
            );
            assert_eq!(
                transition(S::Submitted, A::RequestChanges, own),
                Err(Refusal::OwnPost)
            );
        }
    }

    #[test]
    fn a_co_producer_never_approves_even_someone_elses_post() {
        let other = Actor::Person {
            role: Role::CoProducer,
            is_author: false,
        };
        for action in [A::Approve, A::RequestChanges, A::SuggestWording] {
            assert_eq!(
                transition(S::Submitted, action, other),
                Err(Refusal::NotAChecker)
            );
        }
    }

    #[test]
    fn an_admin_who_is_not_the_author_can_approve() {
        let admin = Actor::Person {
            role: Role::Admin,
            is_author: false,
        };
        assert_eq!(transition(S::Submitted, A::Approve, admin), Ok(S::Approved));
    }

    #[test]
    fn only_the_author_edits_submits_withdraws_and_consents() {
        for action in [
            A::Edit,
            A::Submit,
            A::Withdraw,
            A::AcceptWording,
            A::KeepMine,
        ] {
            assert_eq!(
                transition(S::Draft, action, SUPPORTER),
                Err(Refusal::NotTheAuthor)
            );
            assert_eq!(
                transition(S::Draft, action, Actor::System),
                Err(Refusal::SystemOnly)
            );
        }
    }

    #[test]
    fn people_never_drive_publishing_and_the_system_never_approves() {
        for action in [
            A::Schedule,
            A::StartPublishing,
            A::FinishPublishing,
            A::FailPublishing,
        ] {
            assert_eq!(
                transition(S::Approved, action, AUTHOR),
                Err(Refusal::SystemOnly)
            );
            assert_eq!(
                transition(S::Approved, action, SUPPORTER),
                Err(Refusal::SystemOnly)
            );
        }
        assert_eq!(
            transition(S::Submitted, A::Approve, Actor::System),
            Err(Refusal::SystemOnly)
        );
    }

    #[test]
    fn supporters_and_admins_take_posts_down_and_co_producers_never_do() {
        for (role, is_author) in [
            (Role::Supporter, false),
            (Role::Admin, false),
            (Role::Admin, true),
        ] {
            let actor = Actor::Person { role, is_author };
            assert_eq!(
                transition(S::Published, A::TakeDown, actor),
                Ok(S::TakenDown)
            );
        }
        for is_author in [true, false] {
            let actor = Actor::Person {
                role: Role::CoProducer,
                is_author,
            };
            assert_eq!(
                transition(S::Published, A::TakeDown, actor),
                Err(Refusal::NotAChecker)
            );
        }
        assert_eq!(
            transition(S::Published, A::TakeDown, Actor::System),
            Err(Refusal::SystemOnly)
        );
        assert_eq!(
            transition(S::Submitted, A::TakeDown, SUPPORTER),
            Err(Refusal::NotNow(S::Submitted))
        );
    }

    #[test]
    fn every_status_survives_a_round_trip_through_its_stored_name() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("lost"), None);
    }

    #[test]
    fn only_drafts_and_posts_sent_back_can_be_edited() {
        let editable: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.is_editable())
            .collect();
        assert_eq!(editable, vec![S::Draft, S::ChangesRequested]);
    }
}
