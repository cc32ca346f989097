//! The rules about single words: numbers written as words, negatives,
//! hard words with an everyday word to use instead, and long words.

use super::FREQUENT_LONG;

pub(super) const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "dozen",
];

/// A number written in words. "one" counts only as a number ("one day"),
/// not as a word for a thing ("another one", "this one").
pub(super) fn is_number_word(lower: &str, before: Option<&str>) -> bool {
    if lower == "one" {
        // "a smaller one", "the best one": a word for a thing.
        if before.is_some_and(|b| b.len() > 3 && (b.ends_with("er") || b.ends_with("est"))) {
            return false;
        }
        return !matches!(
            before,
            Some(
                "another"
                    | "the"
                    | "this"
                    | "that"
                    | "which"
                    | "every"
                    | "any"
                    | "each"
                    | "no"
                    | "new"
                    | "old"
                    | "same"
                    | "other"
                    | "a"
                    | "good"
                    | "big"
                    | "little"
                    | "short"
                    | "long"
            )
        );
    }
    NUMBER_WORDS.contains(&lower)
        || lower.split('-').count() == 2 && {
            let mut parts = lower.split('-');
            parts.all(|p| NUMBER_WORDS.contains(&p) || ONE_TO_NINE.contains(&p))
        }
}

pub(super) const ONE_TO_NINE: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Short forms of "not" are hard to read; "never" says what not to do.
pub(super) fn negative_message(lower: &str) -> Option<&'static str> {
    if lower.ends_with("n't") {
        return Some("Write the words in full, like do not.");
    }
    match lower {
        "never" | "nobody" | "nowhere" | "neither" | "nor" => {
            Some("Try to say what to do instead.")
        }
        _ => None,
    }
}

/// Long words and known hard words, with an easier word where we know one.
pub(super) fn hard_word_message(word: &str, lower: &str) -> Option<String> {
    if let Some((_, easier)) = HARD_WORDS.iter().find(|(hard, _)| *hard == lower) {
        return Some(format!("Try an easier word, like {easier}."));
    }
    let is_name = word.chars().next().is_some_and(char::is_uppercase);
    if !is_name
        && lower.chars().all(char::is_alphabetic)
        && lower.chars().count() >= 9
        && syllables(lower) >= 4
        && !is_everyday_long(lower)
    {
        return Some("This is a long word. Try a short one.".to_string());
    }
    None
}

/// Hard words from plain-English guides, each with an everyday word.
pub(super) const HARD_WORDS: &[(&str, &str)] = &[
    ("accommodation", "home"),
    ("additional", "more"),
    ("approximately", "about"),
    ("assist", "help"),
    ("assistance", "help"),
    ("attend", "go to"),
    ("commence", "start"),
    ("consequently", "so"),
    ("demonstrate", "show"),
    ("endeavour", "try"),
    ("facilitate", "help"),
    ("frequently", "often"),
    ("however", "but"),
    ("individual", "person"),
    ("individuals", "people"),
    ("inform", "tell"),
    ("numerous", "many"),
    ("obtain", "get"),
    ("participate", "take part"),
    ("prior", "before"),
    ("purchase", "buy"),
    ("regarding", "about"),
    ("request", "ask"),
    ("require", "need"),
    ("requires", "needs"),
    ("subsequently", "later"),
    ("sufficient", "enough"),
    ("terminate", "end"),
    ("therefore", "so"),
    ("utilise", "use"),
    ("utilize", "use"),
    ("whilst", "while"),
    ("commencing", "starting"),
    ("enquire", "ask"),
    ("residence", "home"),
    ("vicinity", "near"),
];

/// Long words most readers know that are less frequent in general text.
pub(super) const EVERYDAY_LONG: &[&str] = &["supermarket", "caterpillar", "watermelon"];

/// True for a long word that is frequent in everyday English.
pub fn is_everyday_long(lower: &str) -> bool {
    FREQUENT_LONG.binary_search(&lower).is_ok() || EVERYDAY_LONG.contains(&lower)
}

/// A rough syllable count: groups of vowels, less a silent final "e".
pub fn syllables(lower: &str) -> usize {
    let mut count = 0;
    let mut in_vowels = false;
    for c in lower.chars() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if vowel && !in_vowels {
            count += 1;
        }
        in_vowels = vowel;
    }
    if lower.ends_with('e') && !lower.ends_with("le") && !lower.ends_with("ee") && count > 1 {
        count -= 1;
    }
    // A silent "e" before a final "s": "favourites", "likes" (but not
    // "houses", "boxes", "pages").
    if let Some(stem) = lower.strip_suffix("es") {
        let sounded = stem.ends_with(['s', 'x', 'z', 'c', 'g'])
            || stem.ends_with("ch")
            || stem.ends_with("sh");
        let after_vowel = stem.ends_with(['a', 'e', 'i', 'o', 'u', 'y']);
        if !sounded && !after_vowel && count > 1 {
            count -= 1;
        }
    }
    count.max(1)
}
