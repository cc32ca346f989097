//! Review: the author's consent and the supporters' approvals, as one pure
//! rule over a post. Server flows load a [`Review`], [`Review::apply`] a
//! [`Command`] and store what changed in one transaction, so the rules here
//! are the only rules.
//!
//! What it guarantees: a post is approved only in words its author sent or
//! agreed to, by as many different people as the account's rule asks for,
//! none of them the author and none a co-producer. A supporter's new wording
//! is kept apart as a suggestion until the author says **Yes, post this**.

use serde::{Deserialize, Serialize};

use super::lifecycle::{transition, Action, Actor, Refusal, Status};
use super::roles::Role;

/// Why a kept version was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// The author sent these words to be checked.
    Sent,
    /// A supporter suggested these words.
    Suggested,
}

impl VersionKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            VersionKind::Sent => "sent",
            VersionKind::Suggested => "suggested",
        }
    }

    /// Reads a stored name.
    pub fn parse(name: &str) -> Option<VersionKind> {
        match name {
            "sent" => Some(VersionKind::Sent),
            "suggested" => Some(VersionKind::Suggested),
            _ => None,
        }
    }
}

/// A post as review sees it. `W` is the post's words (tiles on the server,
/// plain strings in tests).
#[derive(Clone, Debug, PartialEq)]
pub struct Review<W> {
    pub status: Status,
    pub author_id: String,
    /// The words now in the post.
    pub words: W,
    /// The kept version `words` came from (0 before the first send).
    pub version: i64,
    /// The kept version the author last sent or agreed to.
    pub consented: Option<i64>,
    /// The newest kept version number.
    pub last_version: i64,
    /// A supporter's wording waiting for the author, with its version.
    pub suggestion: Option<(i64, W)>,
    /// Who has approved `version` so far.
    pub approved_by: Vec<String>,
    /// How many different people must approve (the account's rule: 1 or 2).
    pub approvals_needed: u8,
}

/// Something a person asks to do to a post.
#[derive(Clone, Debug, PartialEq)]
pub enum Command<W> {
    /// The author changes the draft.
    Edit(W),
    /// The author sends these words to be checked.
    Submit(W),
    /// The author takes the post back.
    Withdraw,
    /// A supporter sends the post back with feedback.
    RequestChanges,
    /// A supporter suggests these words instead.
    Suggest(W),
    /// The author says "Yes, post this" to the suggestion.
    Accept,
    /// The author says "No, keep mine".
    KeepMine,
    /// A supporter or admin approves the words as they are.
    Approve,
}

impl<W> Command<W> {
    /// The lifecycle action this command is.
    pub fn action(&self) -> Action {
        match self {
            Command::Edit(_) => Action::Edit,
            Command::Submit(_) => Action::Submit,
            Command::Withdraw => Action::Withdraw,
            Command::RequestChanges => Action::RequestChanges,
            Command::Suggest(_) => Action::SuggestWording,
            Command::Accept => Action::AcceptWording,
            Command::KeepMine => Action::KeepMine,
            Command::Approve => Action::Approve,
        }
    }
}

/// A new version to keep, made by the command.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept<W> {
    pub number: i64,
    pub words: W,
    pub kind: VersionKind,
}

/// What a command did: the post after it, and any version to keep.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<W> {
    pub next: Review<W>,
    pub kept: Option<Kept<W>>,
}

/// Why review refused, beyond the lifecycle's own refusals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRefusal {
    #[error(transparent)]
    Lifecycle(#[from] Refusal),
    /// The words were never agreed by the author (cannot happen through
    /// [`Review::apply`]; checked all the same).
    #[error("the author has not agreed to these words")]
    NoConsent,
    /// This person already approved these words.
    #[error("already approved by this person")]
    AlreadyApproved,
    /// A suggestion must change something.
    #[error("the suggestion is the same as the post")]
    SameWords,
}

impl<W: Clone + PartialEq> Review<W> {
    /// Applies `command` by `who` (a person with `role` on the post's
    /// account), or says why not. Nothing changes on a refusal.
    pub fn apply(
        &self,
        command: Command<W>,
        who: &str,
        role: Role,
    ) -> Result<Outcome<W>, ReviewRefusal> {
        let actor = Actor::Person {
            role,
            is_author: who == self.author_id,
        };
        let to = transition(self.status, command.action(), actor)?;
        let mut next = self.clone();
        next.status = to;
        let mut kept = None;
        match command {
            Command::Edit(words) => next.words = words,
            Command::Submit(words) => {
                next.last_version += 1;
                next.version = next.last_version;
                next.consented = Some(next.version);
                next.words = words.clone();
                next.approved_by.clear();
                kept = Some(Kept {
                    number: next.version,
                    words,
                    kind: VersionKind::Sent,
                });
            }
            Command::Withdraw => next.suggestion = None,
            Command::RequestChanges => next.approved_by.clear(),
            Command::Suggest(words) => {
                if words == self.words {
                    return Err(ReviewRefusal::SameWords);
                }
                next.last_version += 1;
                next.suggestion = Some((next.last_version, words.clone()));
                kept = Some(Kept {
                    number: next.last_version,
                    words,
                    kind: VersionKind::Suggested,
                });
            }
            Command::Accept => {
                let (number, words) = next.suggestion.take().ok_or(Refusal::NotNow(self.status))?;
                next.words = words;
                next.version = number;
                next.consented = Some(number);
                next.approved_by.clear();
            }
            Command::KeepMine => next.suggestion = None,
            Command::Approve => {
                if self.consented != Some(self.version) {
                    return Err(ReviewRefusal::NoConsent);
                }
                if self.approved_by.iter().any(|id| id == who) {
                    return Err(ReviewRefusal::AlreadyApproved);
                }
                next.approved_by.push(who.to_string());
                let needed = usize::from(self.approvals_needed.max(1));
                // Not enough different people yet: the post waits for the
                // next one, still submitted.
                if next.approved_by.len() < needed {
                    next.status = self.status;
                }
            }
        }
        Ok(Outcome { next, kept })
    }

    /// Approvals still needed before the post is approved.
    pub fn approvals_missing(&self) -> usize {
        usize::from(self.approvals_needed.max(1)).saturating_sub(self.approved_by.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fresh(author: &str, needed: u8) -> Review<String> {
        Review {
            status: Status::Draft,
            author_id: author.into(),
            words: String::new(),
            version: 0,
            consented: None,
            last_version: 0,
            suggestion: None,
            approved_by: Vec::new(),
            approvals_needed: needed,
        }
    }

    fn run(
        mut post: Review<String>,
        steps: &[(&str, Role, Command<String>)],
    ) -> Result<Review<String>, ReviewRefusal> {
        for (who, role, command) in steps {
            post = post.apply(command.clone(), who, *role)?.next;
        }
        Ok(post)
    }

    #[test]
    fn a_suggestion_waits_for_the_author_and_is_approved_only_once_agreed() {
        let post = run(
            fresh("sam", 1),
            &[
                (
                    "sam",
                    Role::CoProducer,
                    Command::Submit("i like cake".into()),
                ),
                (
                    "ria",
                    Role::Supporter,
                    Command::Suggest("I like cake.".into()),
                ),
            ],
        )
        .unwrap();
        assert_eq!(post.status, Status::AwaitingAuthor);
        assert_eq!(post.words, "i like cake", "the suggestion is kept apart");
        assert_eq!(
            post.apply(Command::Approve, "ria", Role::Supporter),
            Err(ReviewRefusal::Lifecycle(Refusal::NotNow(
                Status::AwaitingAuthor
            )))
        );
        let agreed = post
            .apply(Command::Accept, "sam", Role::CoProducer)
            .unwrap()
            .next;
        assert_eq!(
            (agreed.words.as_str(), agreed.version, agreed.consented),
            ("I like cake.", 2, Some(2))
        );
        let approved = agreed
            .apply(Command::Approve, "ria", Role::Supporter)
            .unwrap();
        assert_eq!(approved.next.status, Status::Approved);
    }

    #[test]
    fn keeping_mine_drops_the_suggestion_and_keeps_the_words() {
        let post = run(
            fresh("sam", 1),
            &[
                ("sam", Role::CoProducer, Command::Submit("mine".into())),
                ("ria", Role::Supporter, Command::Suggest("theirs".into())),
                ("sam", Role::CoProducer, Command::KeepMine),
            ],
        )
        .unwrap();
        assert_eq!(
            (
                post.status,
                post.words.as_str(),
                post.version,
                post.last_version
            ),
            (Status::Submitted, "mine", 1, 2)
        );
        assert_eq!(post.suggestion, None);
    }

    #[test]
    fn only_the_author_answers_a_suggestion() {
        let post = run(
            fresh("sam", 1),
            &[
                ("sam", Role::CoProducer, Command::Submit("mine".into())),
                ("ria", Role::Supporter, Command::Suggest("theirs".into())),
            ],
        )
        .unwrap();
        for role in [Role::CoProducer, Role::Supporter, Role::Admin] {
            assert_eq!(
                post.apply(Command::Accept, "ria", role),
                Err(ReviewRefusal::Lifecycle(Refusal::NotTheAuthor))
            );
        }
    }

    #[test]
    fn two_approvals_must_come_from_two_different_people() {
        let post = run(
            fresh("sam", 2),
            &[
                ("sam", Role::CoProducer, Command::Submit("hello".into())),
                ("ria", Role::Supporter, Command::Approve),
            ],
        )
        .unwrap();
        assert_eq!(post.status, Status::Submitted);
        assert_eq!(post.approvals_missing(), 1);
        assert_eq!(
            post.apply(Command::Approve, "ria", Role::Supporter),
            Err(ReviewRefusal::AlreadyApproved)
        );
        let done = post
            .apply(Command::Approve, "ada", Role::Admin)
            .unwrap()
            .next;
        assert_eq!(done.status, Status::Approved);
    }

    #[test]
    fn new_words_need_new_approvals() {
        let post = run(
            fresh("sam", 2),
            &[
                ("sam", Role::CoProducer, Command::Submit("hello".into())),
                ("ria", Role::Supporter, Command::Approve),
                ("ada", Role::Admin, Command::Suggest("Hello.".into())),
                ("sam", Role::CoProducer, Command::Accept),
                ("ada", Role::Admin, Command::Approve),
            ],
        )
        .unwrap();
        assert_eq!(post.status, Status::Submitted, "ria approved other words");
        assert_eq!(post.approved_by, vec!["ada".to_string()]);
    }

    #[test]
    fn a_suggestion_must_change_something() {
        let post = run(
            fresh("sam", 1),
            &[("sam", Role::CoProducer, Command::Submit("hello".into()))],
        )
        .unwrap();
        assert_eq!(
            post.apply(Command::Suggest("hello".into()), "ria", Role::Supporter),
            Err(ReviewRefusal::SameWords)
        );
    }

    #[test]
    fn words_without_consent_are_never_approved() {
        let mut post = run(
            fresh("sam", 1),
            &[("sam", Role::CoProducer, Command::Submit("hello".into()))],
        )
        .unwrap();
        post.version = 2;
        assert_eq!(
            post.apply(Command::Approve, "ria", Role::Supporter),
            Err(ReviewRefusal::NoConsent)
        );
    }

    // ---- The property: thousands of random sequences by random people. ----

    /// People on the account: index 0 is always the author, with a random
    /// role; the others have the roles proptest gives them.
    #[derive(Clone, Debug)]
    struct Cast {
        roles: Vec<Role>,
        needed: u8,
    }

    const NAMES: [&str; 5] = ["p0", "p1", "p2", "p3", "p4"];
    const WORDS: [&str; 4] = ["we had fun", "We had fun.", "come to the cafe", "fun"];

    #[derive(Clone, Debug)]
    enum Step {
        Person(usize, u8, usize),
        /// The publishing system's moves after approval.
        System(Action),
    }

    fn role() -> impl Strategy<Value = Role> {
        prop_oneof![
            Just(Role::CoProducer),
            Just(Role::Supporter),
            Just(Role::Admin)
        ]
    }

    fn cast() -> impl Strategy<Value = Cast> {
        (proptest::collection::vec(role(), 5), 1u8..=2)
            .prop_map(|(roles, needed)| Cast { roles, needed })
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            8 => (0usize..5, 0u8..8, 0usize..4).prop_map(|(p, c, w)| Step::Person(p, c, w)),
            1 => prop_oneof![
                Just(Action::Schedule),
                Just(Action::StartPublishing),
                Just(Action::FinishPublishing),
                Just(Action::FailPublishing),
            ]
            .prop_map(Step::System),
        ]
    }

    fn command(kind: u8, words: usize) -> Command<String> {
        let w = WORDS[words].to_string();
        match kind {
            0 => Command::Edit(w),
            1 => Command::Submit(w),
            2 => Command::Withdraw,
            3 => Command::RequestChanges,
            4 => Command::Suggest(w),
            5 => Command::Accept,
            6 => Command::KeepMine,
            _ => Command::Approve,
        }
    }

    /// What happened, as the test saw it (independent of the rule's state).
    struct Seen {
        who: usize,
        command: Command<String>,
        /// The post's words just after the step.
        words_after: String,
    }

    /// Checks, from the test's own record of what happened, that the post's
    /// words were last set by the author sending or agreeing to exactly
    /// them, and that enough different people who may check posts, none the
    /// author, approved after that.
    fn approval_is_sound(cast: &Cast, history: &[Seen], words: &str) -> Result<(), String> {
        let Some(at) = history
            .iter()
            .rposition(|s| matches!(s.command, Command::Submit(_) | Command::Accept))
        else {
            return Err("approved but never sent".into());
        };
        let agreed = &history[at];
        if agreed.who != 0 {
            return Err(format!("words agreed by p{} not the author", agreed.who));
        }
        if agreed.words_after != words {
            return Err(format!(
                "agreed to {:?}, approved {words:?}",
                agreed.words_after
            ));
        }
        let mut approvers: Vec<usize> = history[at + 1..]
            .iter()
            .filter(|s| s.command == Command::Approve)
            .map(|s| s.who)
            .collect();
        approvers.sort_unstable();
        approvers.dedup();
        if approvers
            .iter()
            .any(|&p| p == 0 || !cast.roles[p].can_check_posts())
        {
            return Err(format!("approved by {approvers:?}"));
        }
        if approvers.len() < usize::from(cast.needed) {
            return Err(format!(
                "{} approvals, {} needed",
                approvers.len(),
                cast.needed
            ));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

        #[test]
        fn no_post_is_approved_or_published_without_consent_and_other_peoples_approval(
            cast in cast(),
            steps in proptest::collection::vec(step(), 1..60),
        ) {
            let mut post = fresh(NAMES[0], cast.needed);
            let mut history: Vec<Seen> = Vec::new();
            for step in steps {
                match step {
                    Step::Person(who, kind, words) => {
                        let command = command(kind, words);
                        let before = post.clone();
                        match post.apply(command.clone(), NAMES[who], cast.roles[who]) {
                            Ok(outcome) => {
                                post = outcome.next;
                                if who != 0 {
                                    prop_assert_eq!(&post.words, &before.words, "only the author changes the words");
                                }
                                history.push(Seen { who, command, words_after: post.words.clone() });
                            }
                            Err(_) => prop_assert_eq!(&post, &before),
                        }
                    }
                    Step::System(action) => {
                        if let Ok(to) = transition(post.status, action, Actor::System) {
                            post.status = to;
                        }
                    }
                }
                let past_approval = matches!(
                    post.status,
                    Status::Approved | Status::Scheduled | Status::Publishing | Status::Published | Status::Failed
                );
                if past_approval {
                    if let Err(why) = approval_is_sound(&cast, &history, &post.words) {
                        prop_assert!(false, "{}", why);
                    }
                }
            }
        }
    }
}
