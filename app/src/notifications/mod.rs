//! Notifications in the app: a count in the header and a list at
//! `/notes`. Supporters hear when a post waits for them; authors when a
//! post is sent back, has new words, is approved or is live.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::notify::Kind;
use crate::error::AppError;

pub use crate::records::Notice;

pub use page::{unread_resource, NotificationsLink, NotificationsPage};

/// The words of a notification about a person: "Alex gave new sign-in
/// pictures to Sam." (the app and the email say the same).
pub fn about_a_person(kind: Kind, by: &str, subject: &str) -> String {
    use crate::strings;
    match kind {
        Kind::PicturesSet => format!("{by} {} {subject}.", strings::NOTE_PICTURES_SET),
        Kind::CardMade => format!("{by} {} {subject}.", strings::NOTE_CARD_MADE),
        _ => format!("{subject}: {}", strings::NOTE_PICTURES_LOCKED),
    }
}

/// How many notifications the signed-in person has not seen; nothing for
/// someone signed out (every page's header asks).
#[server(endpoint = "notes/count", input = Json)]
pub async fn unread_count() -> Result<Option<u32>, AppError> {
    crate::ports::answer(
        async {
            let Ok(person) = crate::ports::signed_in().await else {
                return Ok(None);
            };
            let store = crate::ports::services()?.store;
            Ok(Some(store.unread_notifications(&person.person_id).await?))
        }
        .await,
    )
}

/// The signed-in person's notifications, newest first (the latest 50).
#[server(endpoint = "notes/list", input = Json)]
pub async fn notices() -> Result<Vec<Notice>, AppError> {
    crate::ports::answer(
        async {
            let person = crate::ports::signed_in().await?;
            let store = crate::ports::services()?.store;
            Ok(store.notifications(&person.person_id, 50).await?)
        }
        .await,
    )
}

/// Marks all the signed-in person's notifications as seen.
#[server(endpoint = "notes/seen", input = Json)]
pub async fn mark_seen() -> Result<(), AppError> {
    crate::ports::answer(
        async {
            let person = crate::ports::signed_in().await?;
            let store = crate::ports::services()?.store;
            Ok(store.mark_notifications_read(&person.person_id).await?)
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_about_a_person_name_who_did_what_for_whom_and_lead_to_easy_sign_in() {
        assert_eq!(
            about_a_person(Kind::PicturesSet, "Alex", "Sam"),
            "Alex gave new sign-in pictures to Sam."
        );
        assert_eq!(
            about_a_person(Kind::CardMade, "Alex", "Sam"),
            "Alex made a sign-in card for Sam."
        );
        assert!(about_a_person(Kind::PicturesLocked, "", "Sam").starts_with("Sam: "));
        for kind in Kind::ALL {
            let link = crate::domain::notify::link(kind, "p1");
            assert_eq!(kind.about_a_person(), link == "/sign-in-help", "{kind:?}");
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
