//! Who hears about a step of a post's life: supporters when a post waits
//! for them; the author when it is sent back, has new words to look at,
//! is approved or is live.

use serde::{Deserialize, Serialize};

use super::lifecycle::Status;

/// What a notification says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A post waits for the supporter's check.
    WaitingForYou,
    /// The supporter sent the author's post back.
    SentBack,
    /// A supporter suggested new words; the author must answer.
    NewWords,
    /// The post was approved.
    Approved,
    /// The post is live.
    Published,
    /// A network refused the account's secret: an admin must connect it
    /// again (told to the account's admins).
    Reconnect,
    /// A supporter or admin took the author's post down.
    TakenDown,
    /// Another supporter gave a co-producer new sign-in pictures (told to
    /// the person's other supporters).
    PicturesSet,
    /// Another supporter made a sign-in card for a co-producer.
    CardMade,
    /// A co-producer's sign-in pictures locked after too many wrong tries.
    PicturesLocked,
}

/// Who is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The post's author.
    Author,
    /// The supporters and admins of the post's account (never the author).
    Checkers,
}

impl Kind {
    /// Every kind, for exhaustive tests.
    pub const ALL: [Kind; 10] = [
        Kind::WaitingForYou,
        Kind::SentBack,
        Kind::NewWords,
        Kind::Approved,
        Kind::Published,
        Kind::Reconnect,
        Kind::TakenDown,
        Kind::PicturesSet,
        Kind::CardMade,
        Kind::PicturesLocked,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::WaitingForYou => "waiting_for_you",
            Kind::SentBack => "sent_back",
            Kind::NewWords => "new_words",
            Kind::Approved => "approved",
            Kind::Published => "published",
            Kind::Reconnect => "reconnect",
            Kind::TakenDown => "taken_down",
            Kind::PicturesSet => "pictures_set",
            Kind::CardMade => "card_made",
            Kind::PicturesLocked => "pictures_locked",
        }
    }

    /// Whether it is about a person (their easy sign-in), not a post.
    pub fn about_a_person(self) -> bool {
        matches!(
            self,
            Kind::PicturesSet | Kind::CardMade | Kind::PicturesLocked
        )
    }

    /// Reads a stored name.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Who hears about a step `from → to`, and what they are told. Steps that
/// change nothing for anyone else (drafts, a first of two approvals, the
/// system starting to publish) tell nobody.
/// Where a notification of `kind` about `post_id` leads.
pub fn link(kind: Kind, post_id: &str) -> String {
    match kind {
        Kind::WaitingForYou => "/check".to_string(),
        Kind::Reconnect => "/admin/connections".to_string(),
        Kind::PicturesSet | Kind::CardMade | Kind::PicturesLocked => "/sign-in-help".to_string(),
        // Back with the author to change: the composer.
        Kind::SentBack => format!("/posts/{post_id}"),
        // Past the composer: the post's own page (each page sends people
        // on to the other if the post has moved since).
        Kind::NewWords | Kind::Approved | Kind::Published | Kind::TakenDown => {
            format!("/posts/{post_id}/sent")
        }
    }
}

pub fn for_step(from: Status, to: Status) -> Option<(Audience, Kind)> {
    use Status as S;
    match (from, to) {
        (S::Draft | S::ChangesRequested | S::AwaitingAuthor, S::Submitted) => {
            Some((Audience::Checkers, Kind::WaitingForYou))
        }
        (S::Submitted, S::ChangesRequested) => Some((Audience::Author, Kind::SentBack)),
        (S::Submitted, S::AwaitingAuthor) => Some((Audience::Author, Kind::NewWords)),
        (S::Submitted, S::Approved) => Some((Audience::Author, Kind::Approved)),
        (S::Publishing, S::Published) => Some((Audience::Author, Kind::Published)),
        (_, S::TakenDown) => Some((Audience::Author, Kind::TakenDown)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status as S;

    #[test]
    fn a_note_leads_to_where_its_reader_acts() {
        assert_eq!(link(Kind::SentBack, "p1"), "/posts/p1");
        for kind in [
            Kind::NewWords,
            Kind::Approved,
            Kind::Published,
            Kind::TakenDown,
        ] {
            assert_eq!(link(kind, "p1"), "/posts/p1/sent", "{kind:?}");
        }
        assert_eq!(link(Kind::WaitingForYou, "p1"), "/check");
        assert_eq!(link(Kind::Reconnect, "p1"), "/admin/connections");
    }

    #[test]
    fn supporters_hear_when_a_post_waits_for_them() {
        for from in [S::Draft, S::ChangesRequested, S::AwaitingAuthor] {
            assert_eq!(
                for_step(from, S::Submitted),
                Some((Audience::Checkers, Kind::WaitingForYou))
            );
        }
    }

    #[test]
    fn authors_hear_when_their_post_is_sent_back_needs_an_answer_approved_or_live() {
        assert_eq!(
            for_step(S::Submitted, S::ChangesRequested),
            Some((Audience::Author, Kind::SentBack))
        );
        assert_eq!(
            for_step(S::Submitted, S::AwaitingAuthor),
            Some((Audience::Author, Kind::NewWords))
        );
        assert_eq!(
            for_step(S::Submitted, S::Approved),
            Some((Audience::Author, Kind::Approved))
        );
        assert_eq!(
            for_step(S::Publishing, S::Published),
            Some((Audience::Author, Kind::Published))
        );
        for from in [S::Published, S::Scheduled] {
            assert_eq!(
                for_step(from, S::TakenDown),
                Some((Audience::Author, Kind::TakenDown))
            );
        }
    }

    #[test]
    fn quiet_steps_tell_nobody() {
        for (from, to) in [
            (S::Draft, S::Draft),
            (S::ChangesRequested, S::Draft),
            (S::Submitted, S::Submitted),
            (S::Approved, S::Publishing),
            (S::Submitted, S::Withdrawn),
            (S::Publishing, S::Failed),
        ] {
            assert_eq!(for_step(from, to), None, "{from:?} → {to:?}");
        }
    }

    #[test]
    fn every_kind_survives_its_stored_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
