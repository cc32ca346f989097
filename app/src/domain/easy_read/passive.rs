//! Finding the passive voice ("was made by"), which easy read avoids.

pub(super) const BE_FORMS: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "am"];

/// Words ending in "ed" that describe a feeling or a state, not something
/// done by someone: "I was excited".
pub(super) const STATE_WORDS: &[&str] = &[
    "bored",
    "closed",
    "confused",
    "excited",
    "interested",
    "married",
    "pleased",
    "scared",
    "surprised",
    "tired",
    "worried",
    "annoyed",
    "amazed",
    "relaxed",
    "delighted",
    "disappointed",
    "embarrassed",
    "frightened",
    "shocked",
    "stressed",
    "thrilled",
    "upset",
    "allowed",
    "supposed",
    "used",
    "based",
    "called",
    "needed",
    "red",
    "bed",
    "shed",
    "led",
    "fed",
];

pub(super) const IRREGULAR_PARTICIPLES: &[&str] = &[
    "made",
    "done",
    "given",
    "taken",
    "seen",
    "sent",
    "written",
    "told",
    "held",
    "known",
    "shown",
    "paid",
    "built",
    "bought",
    "found",
    "kept",
    "sold",
    "won",
    "chosen",
    "spoken",
    "broken",
    "forgotten",
    "eaten",
    "driven",
    "hidden",
    "put",
    "run",
    "brought",
    "caught",
    "taught",
    "left",
    "stolen",
    "thrown",
    "drawn",
    "grown",
    "hurt",
    "cut",
    "set",
    "read",
];

/// A participle after a form of "be", allowing one "-ly" word or "not"
/// between: "was made", "is quickly checked", "were not sent".
pub(super) fn passive_after<'a>(rest: &[&'a str]) -> Option<&'a str> {
    let mut words = rest.iter();
    let mut next = words.next()?;
    let lower = next.to_lowercase();
    if lower.ends_with("ly") || lower == "not" || lower == "also" || lower == "being" {
        next = words.next()?;
    }
    let lower = next.to_lowercase();
    let participle =
        (lower.ends_with("ed") && lower.len() > 4 && !STATE_WORDS.contains(&lower.as_str()))
            || IRREGULAR_PARTICIPLES.contains(&lower.as_str());
    participle.then_some(*next)
}
