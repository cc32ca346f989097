//! The rules of approving a post: when it may be set to go out, and what
//! the supporter must have checked first (written in the post's log).

use crate::domain::post::{post_text, Tile};
use crate::domain::safeguarding;

/// A time to post at must be at least this far ahead (else: now).
pub const SOONEST_MS: i64 = 60_000;
/// ... and at most this far (eight weeks).
pub const LATEST_MS: i64 = 8 * 7 * 24 * 60 * 60_000;

/// Why an approval cannot go ahead as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalRefusal {
    #[error("that time has passed")]
    TimePassed,
    #[error("that time is too far ahead")]
    TimeTooFar,
    #[error("the personal details were not checked")]
    DetailsNotChecked,
    #[error("nobody said everyone in the photos agreed")]
    NoPhotoConsent,
}

/// When the post goes out, asked for `at` at `now`: `None` for now. A time
/// less than a minute ahead means now; a time well past, or more than
/// eight weeks ahead, is refused.
pub fn send_time(at: Option<i64>, now: i64) -> Result<Option<i64>, ApprovalRefusal> {
    match at {
        None => Ok(None),
        Some(at) if at < now - SOONEST_MS => Err(ApprovalRefusal::TimePassed),
        Some(at) if at > now + LATEST_MS => Err(ApprovalRefusal::TimeTooFar),
        Some(at) if at < now + SOONEST_MS => Ok(None),
        Some(at) => Ok(Some(at)),
    }
}

/// What the supporter said they checked before approving.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// The personal details found in the words are fine to post.
    pub details: bool,
    /// Everyone in the post's photos said yes.
    pub photo_consent: bool,
}

/// The audit note of an approval of `version` with these tiles: what the
/// supporter said they checked (the consent record stays with the post),
/// or why it cannot go yet.
pub fn approval_note(
    version: i64,
    tiles: &[Tile],
    checked: Checked,
) -> Result<String, ApprovalRefusal> {
    let mut notes = vec![format!("version {version}")];
    let found = safeguarding::check(&post_text(tiles));
    if !found.is_empty() {
        if !checked.details {
            return Err(ApprovalRefusal::DetailsNotChecked);
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
    let photos: Vec<&str> = tiles
        .iter()
        .filter_map(|t| t.symbol.as_ref().filter(|s| s.is_photo()))
        .map(|s| s.id.as_str())
        .collect();
    if !photos.is_empty() {
        if !checked.photo_consent {
            return Err(ApprovalRefusal::NoPhotoConsent);
        }
        notes.push(format!(
            "everyone in the photos said yes: {}",
            photos.join(", ")
        ));
    }
    Ok(notes.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::{SymbolRef, PHOTO_SET};

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn a_time_within_a_minute_means_now_and_the_window_is_eight_weeks() {
        assert_eq!(send_time(None, NOW), Ok(None));
        assert_eq!(send_time(Some(NOW + 30_000), NOW), Ok(None));
        assert_eq!(send_time(Some(NOW - 30_000), NOW), Ok(None), "a moment ago");
        assert_eq!(send_time(Some(NOW + 60_000), NOW), Ok(Some(NOW + 60_000)));
        assert_eq!(
            send_time(Some(NOW + LATEST_MS), NOW),
            Ok(Some(NOW + LATEST_MS))
        );
        assert_eq!(
            send_time(Some(NOW + LATEST_MS + 1), NOW),
            Err(ApprovalRefusal::TimeTooFar)
        );
        assert_eq!(
            send_time(Some(NOW - 60_001), NOW),
            Err(ApprovalRefusal::TimePassed)
        );
    }

    fn word(w: &str) -> Tile {
        Tile {
            symbol: None,
            word: w.into(),
        }
    }

    #[test]
    fn plain_words_need_nothing_checked() {
        let tiles = [word("We"), word("had"), word("cake")];
        assert_eq!(
            approval_note(3, &tiles, Checked::default()),
            Ok("version 3".into())
        );
    }

    #[test]
    fn personal_details_must_be_checked_and_are_named_in_the_note() {
        let tiles = [word("Call"), word("07700 900123")];
        assert_eq!(
            approval_note(1, &tiles, Checked::default()),
            Err(ApprovalRefusal::DetailsNotChecked)
        );
        let checked = Checked {
            details: true,
            photo_consent: false,
        };
        let note = approval_note(1, &tiles, checked).expect("checked");
        assert!(
            note.starts_with("version 1; personal details checked: "),
            "{note}"
        );
        assert!(note.contains("phone"), "{note}");
    }

    #[test]
    fn photos_need_everyone_s_yes_and_are_listed() {
        let photo = Tile {
            symbol: Some(SymbolRef {
                set: PHOTO_SET.into(),
                id: "p1".into(),
            }),
            word: "party".into(),
        };
        let tiles = [word("Our"), photo];
        assert_eq!(
            approval_note(2, &tiles, Checked::default()),
            Err(ApprovalRefusal::NoPhotoConsent)
        );
        let checked = Checked {
            details: false,
            photo_consent: true,
        };
        assert_eq!(
            approval_note(2, &tiles, checked),
            Ok("version 2; everyone in the photos said yes: p1".into())
        );
    }
}
