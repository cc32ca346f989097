//! Who someone is: dates of birth and full names.

use super::first_names::FIRST_NAMES;
use super::places::capitalised;
use super::{finding, Finding, Kind, Token};

pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(super) fn month(word: &str) -> bool {
    let w = word.to_lowercase();
    w.len() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept"))
}

pub(super) fn day(word: &str) -> bool {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    let n: u32 = digits.parse().unwrap_or(0);
    (1..=31).contains(&n) && ["", "st", "nd", "rd", "th"].contains(&rest.to_lowercase().as_str())
}

pub(super) fn year(word: &str) -> bool {
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// "12/03/1985", "12.03.85", "12-3-1985": day, month, year in numbers.
pub(super) fn numeric_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['/', '.', '-']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let d: u32 = parts[0].parse().unwrap_or(0);
    let m: u32 = parts[1].parse().unwrap_or(0);
    (1..=31).contains(&d) && (1..=12).contains(&m) && matches!(parts[2].len(), 2 | 4)
}

/// Dates written in words or numbers: (first token, last token).
pub(super) fn dates(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = |k: usize| tokens.get(k).map(|t| t.text).unwrap_or("");
        if numeric_date(t(i)) {
            out.push((i, i));
            i += 1;
            continue;
        }
        // 3 March 1990 / 3rd of March 1990 / 3 March
        if day(t(i)) {
            let m = if t(i + 1).eq_ignore_ascii_case("of") {
                i + 2
            } else {
                i + 1
            };
            if month(t(m)) {
                let last = if year(t(m + 1)) { m + 1 } else { m };
                out.push((i, last));
                i = last + 1;
                continue;
            }
        }
        // March 3, 1990 / March 3
        if month(t(i)) && day(t(i + 1)) {
            let last = if year(t(i + 2)) { i + 2 } else { i + 1 };
            out.push((i, last));
            i = last + 1;
            continue;
        }
        i += 1;
    }
    out
}

pub(super) fn dates_of_birth(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
    // Sentences as token ranges.
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.ends_sentence || i + 1 == tokens.len() {
            sentences.push(start..i + 1);
            start = i + 1;
        }
    }
    for sentence in sentences {
        let words = &tokens[sentence.clone()];
        let lower: Vec<String> = words.iter().map(|t| t.text.to_lowercase()).collect();
        let cue = lower.iter().enumerate().any(|(i, w)| {
            matches!(
                w.as_str(),
                "born" | "dob" | "d.o.b" | "birthday" | "birthdate"
            ) || (w == "date"
                && lower.get(i + 1).is_some_and(|n| n == "of")
                && lower.get(i + 2).is_some_and(|n| n == "birth"))
        });
        if !cue {
            continue;
        }
        for (first, last) in dates(words) {
            found.push(finding(
                text,
                Kind::DateOfBirth,
                words[first].start,
                words[last].end,
            ));
        }
    }
}

pub(super) const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];

/// Capitalised words that follow a first name without making a full
/// name: "Sam Thank", "Jo Leeds" are not names.
pub(super) const NOT_SURNAMES: &[&str] = &[
    "and", "the", "road", "street", "centre", "center", "group", "council", "hospital", "trust",
    "house", "school", "college", "park", "club", "team", "day", "week", "today", "said", "says",
    "went", "came", "thank", "thanks", "our", "my", "is", "was", "will", "or", "i", "we",
];

pub(super) fn full_names(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        let first = tokens[i];
        let lower = first.text.to_lowercase();
        let is_title = TITLES.contains(&lower.trim_end_matches('.'));
        let is_first_name = FIRST_NAMES.contains(&lower.as_str()) && capitalised(first.text);
        if is_title || (is_first_name && !first.ends_sentence) {
            // The surname: capitalised words (one or two) that are not
            // ordinary words.
            let mut last = i;
            for (k, token) in tokens.iter().enumerate().take(i + 3).skip(i + 1) {
                let word = token.text;
                let plain = word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
                if !capitalised(word)
                    || !plain
                    || word.chars().all(char::is_uppercase) && word.len() > 1
                    || NOT_SURNAMES.contains(&word.to_lowercase().as_str())
                {
                    break;
                }
                last = k;
                if token.ends_sentence {
                    break;
                }
            }
            // "Robin Hood Centre", "Mary Smith House": a place named after
            // someone, not a person.
            let place = !tokens[last].ends_sentence
                && tokens.get(last + 1).is_some_and(|t| {
                    capitalised(t.text) && NOT_SURNAMES.contains(&t.text.to_lowercase().as_str())
                });
            if last > i && !place {
                found.push(finding(text, Kind::FullName, first.start, tokens[last].end));
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
}
