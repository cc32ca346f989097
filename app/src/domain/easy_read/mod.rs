//! The easy-read checker: gentle hints, never rules that block.
//!
//! It follows the product's easy-read rules: sentences of 15 words or
//! fewer, everyday words, no acronyms without saying what they mean,
//! numbers as digits, say what to do rather than what not to do, active
//! voice. The same code runs in the browser (instant hints) and on the
//! server (`ourvoice check-text`).

use serde::{Deserialize, Serialize};

use super::hashtags::is_hashtag;
use super::words::words;
mod passive;
mod word_rules;

use passive::{passive_after, BE_FORMS};
use word_rules::{hard_word_message, is_number_word, negative_message};

/// Most words an easy-read sentence should have.
pub const MAX_SENTENCE_WORDS: usize = 15;

/// Which rule a hint comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    LongSentence,
    HardWord,
    Acronym,
    NumberAsWords,
    Negative,
    Passive,
}

/// One hint: the rule, the words it is about, and easy-read advice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    pub rule: Rule,
    /// The words concerned, as written.
    pub text: String,
    /// One short easy-read sentence saying what to try.
    pub message: String,
}

/// Every hint for `text`, in reading order.
pub fn check(text: &str) -> Vec<Hint> {
    super::guard::guarded("easy read", Vec::new, || {
        let mut hints = Vec::new();
        for sentence in sentences(text) {
            check_sentence(sentence, &mut hints);
        }
        hints
    })
}

/// Splits text after `.`, `!`, `?` or a line break.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let end = i + c.len_utf8();
            // A dot between digits ("4.5") does not end a sentence.
            let next = text[end..].chars().next();
            if c == '.' && next.is_some_and(|n| n.is_ascii_digit()) {
                continue;
            }
            push_sentence(&text[start..end], &mut out);
            start = end;
        }
    }
    push_sentence(&text[start..], &mut out);
    out
}

fn push_sentence<'a>(piece: &'a str, out: &mut Vec<&'a str>) {
    let piece = piece.trim();
    if piece.chars().any(char::is_alphanumeric) {
        out.push(piece);
    }
}

fn check_sentence(sentence: &str, hints: &mut Vec<Hint>) {
    // Hashtags are names for the networks, not words to read.
    let plain = sentence
        .split_whitespace()
        .filter(|word| !is_hashtag(word))
        .collect::<Vec<_>>()
        .join(" ");
    let words = words(&plain);
    if words.len() > MAX_SENTENCE_WORDS {
        hints.push(Hint {
            rule: Rule::LongSentence,
            text: sentence.to_string(),
            message: "This sentence is long. Try two short ones.".to_string(),
        });
    }
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase().replace('’', "'");
        let before = i.checked_sub(1).map(|j| words[j].to_lowercase());
        if is_acronym(word) && !explained_before(&words[..i], word) {
            hints.push(Hint {
                rule: Rule::Acronym,
                text: (*word).to_string(),
                message: format!("Say what {word} means."),
            });
        }
        if is_number_word(&lower, before.as_deref()) {
            hints.push(Hint {
                rule: Rule::NumberAsWords,
                text: (*word).to_string(),
                message: "Write numbers as numbers, like 3.".to_string(),
            });
        }
        if let Some(message) = negative_message(&lower) {
            hints.push(Hint {
                rule: Rule::Negative,
                text: (*word).to_string(),
                message: message.to_string(),
            });
        }
        if let Some(message) = hard_word_message(word, &lower) {
            hints.push(Hint {
                rule: Rule::HardWord,
                text: (*word).to_string(),
                message,
            });
        }
        if BE_FORMS.contains(&lower.as_str()) {
            if let Some(participle) = passive_after(&words[i + 1..]) {
                hints.push(Hint {
                    rule: Rule::Passive,
                    text: format!("{word} {participle}"),
                    message: "Say who does it, like: We made the cake.".to_string(),
                });
            }
        }
    }
}

/// Two or more capital letters and no small ones: "NHS", "GP", "A&E".
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !matches!(word, "OK" | "TV")
}

/// "National Health Service (NHS)": the words just before spell it out.
fn explained_before(before: &[&str], acronym: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    if before.len() < letters.len() {
        return false;
    }
    before[before.len() - letters.len()..]
        .iter()
        .zip(&letters)
        .all(|(w, l)| w.chars().next().is_some_and(|c| c.eq_ignore_ascii_case(l)))
}

// FREQUENT_LONG: the long words among the 5,000 most frequent English
// words (app/vocabulary/word-frequency-en.txt), made by build.rs.
include!(concat!(env!("OUT_DIR"), "/frequent_long.rs"));

#[cfg(test)]
mod tests {
    use super::word_rules::{is_everyday_long, syllables};
    use super::*;

    fn rules(text: &str) -> Vec<Rule> {
        check(text).into_iter().map(|h| h.rule).collect()
    }

    fn texts(text: &str, rule: Rule) -> Vec<String> {
        check(text)
            .into_iter()
            .filter(|h| h.rule == rule)
            .map(|h| h.text)
            .collect()
    }

    #[test]
    fn easy_read_posts_get_no_hints() {
        for text in [
            "We went to the park. It was sunny.",
            "I made a cake. It was good.",
            "Come to our meeting on Monday at 2pm.",
            "I was excited to see my friends.",
            "Thank you to everyone who came to the party.",
            "Try another one.",
            "This picture did not work. Try another one.",
            "Our group meets at the library.",
            "We had 3 new people at the club!",
            "Sam likes dogs. Alex likes cats.",
        ] {
            assert_eq!(check(text), vec![], "{text}");
        }
    }

    #[test]
    fn hashtags_are_not_words_to_read() {
        let text = "We met today. #BoardMeeting #LeedsSelfAdvocacy #NHS #one #never";
        assert_eq!(check(text), vec![], "{text}");
        // Without the hash they would be flagged.
        assert!(!check("We met the NHS today.").is_empty());
    }

    #[test]
    fn a_sentence_over_15_words_is_long() {
        let long = "I went to the park with my friend and we saw lots of ducks on the big pond";
        assert!(words(long).len() > 15);
        assert_eq!(rules(long), vec![Rule::LongSentence]);
        assert_eq!(texts(long, Rule::LongSentence), vec![long.to_string()]);
        let fifteen = "I went to the park with my friend and we saw lots of big ducks";
        assert_eq!(words(fifteen).len(), 15);
        assert!(!rules(fifteen).contains(&Rule::LongSentence));
    }

    #[test]
    fn each_long_sentence_gets_its_own_hint() {
        let text = "We all went to the shop and then we went to the park and then we went home. \
                    Then we had tea. Then we all sat down in the big room and watched a very long film together.";
        assert_eq!(texts(text, Rule::LongSentence).len(), 2);
    }

    #[test]
    fn hard_words_are_found_with_an_easier_word() {
        let hints = check("Please attend the meeting. We will facilitate a discussion.");
        let hard: Vec<_> = hints.iter().filter(|h| h.rule == Rule::HardWord).collect();
        assert_eq!(hard.len(), 2, "{hints:?}");
        assert_eq!(hard[0].text, "attend");
        assert_eq!(hard[0].message, "Try an easier word, like go to.");
        assert_eq!(hard[1].text, "facilitate");
        assert_eq!(
            texts("I will purchase approximately 12 apples", Rule::HardWord),
            vec!["purchase", "approximately"]
        );
    }

    #[test]
    fn everyday_long_words_come_from_the_word_frequency_list() {
        assert!(FREQUENT_LONG.len() > 300, "{}", FREQUENT_LONG.len());
        assert!(FREQUENT_LONG.windows(2).all(|w| w[0] < w[1]));
        assert!(FREQUENT_LONG.iter().all(|w| w.chars().count() >= 9));
        for word in ["information", "community", "celebration", "volunteer"] {
            assert!(is_everyday_long(word) || word.len() < 9, "{word}");
        }
        assert!(!is_everyday_long("consultation"));
        assert!(!is_everyday_long("rehabilitation"));
    }

    #[test]
    fn long_uncommon_words_are_hard_but_names_and_everyday_words_are_not() {
        assert_eq!(
            texts("The consultation is about rehabilitation", Rule::HardWord),
            vec!["consultation", "rehabilitation"]
        );
        assert!(texts("We went to Middlesbrough", Rule::HardWord).is_empty());
        assert!(texts("We watched television", Rule::HardWord).is_empty());
        assert!(texts("We had a celebration", Rule::HardWord).is_empty());
        assert!(texts("My supporter helped", Rule::HardWord).is_empty());
    }

    #[test]
    fn acronyms_are_found_unless_spelled_out_just_before() {
        assert_eq!(
            texts("See your GP at the NHS clinic", Rule::Acronym),
            vec!["GP", "NHS"]
        );
        assert_eq!(texts("Go to A&E now", Rule::Acronym), vec!["A&E"]);
        assert!(texts("The National Health Service (NHS) helps", Rule::Acronym).is_empty());
        assert!(texts("I am OK. I watched TV", Rule::Acronym).is_empty());
        assert!(texts("I like it", Rule::Acronym).is_empty());
    }

    #[test]
    fn numbers_in_words_are_found() {
        assert_eq!(
            texts(
                "We saw three dogs and twenty-five cats",
                Rule::NumberAsWords
            ),
            vec!["three", "twenty-five"]
        );
        assert_eq!(texts("It took one day", Rule::NumberAsWords), vec!["one"]);
        assert_eq!(
            texts("A hundred people came", Rule::NumberAsWords),
            vec!["hundred"]
        );
        assert!(texts("Pick another one. This one is red", Rule::NumberAsWords).is_empty());
        assert!(texts("Try a smaller one. The best one", Rule::NumberAsWords).is_empty());
        assert!(texts("We saw 3 dogs", Rule::NumberAsWords).is_empty());
        assert!(texts("Someone often comes", Rule::NumberAsWords).is_empty());
    }

    #[test]
    fn negatives_are_found() {
        assert_eq!(
            texts("Don't be late. We can't wait. I won't go", Rule::Negative),
            vec!["Don't", "can't", "won't"]
        );
        assert_eq!(texts("Never touch the oven", Rule::Negative), vec!["Never"]);
        assert_eq!(texts("Nobody came", Rule::Negative), vec!["Nobody"]);
        assert_eq!(texts("I didn’t go", Rule::Negative), vec!["didn’t"]);
        assert!(texts("Do not be late", Rule::Negative).is_empty());
        assert!(texts("Nothing is lost", Rule::Negative).is_empty());
    }

    #[test]
    fn passive_voice_is_found() {
        assert_eq!(
            texts("The cake was made by Sam", Rule::Passive),
            vec!["was made"]
        );
        assert_eq!(texts("Your post is saved", Rule::Passive), vec!["is saved"]);
        assert_eq!(
            texts("The letters were quickly posted", Rule::Passive),
            vec!["were posted"]
        );
        assert_eq!(
            texts("The forms were not sent", Rule::Passive),
            vec!["were sent"]
        );
        assert_eq!(
            texts("It has been written", Rule::Passive),
            vec!["been written"]
        );
    }

    #[test]
    fn feelings_and_states_are_not_passive() {
        for text in [
            "I was excited",
            "We were tired",
            "The shop is closed",
            "I am interested",
            "She was worried",
            "They are married",
            "I was in bed",
            "We are going",
            "It is red",
        ] {
            assert!(texts(text, Rule::Passive).is_empty(), "{text}");
        }
    }

    #[test]
    fn sentences_split_on_stops_but_not_on_decimal_points() {
        assert_eq!(
            sentences("It costs 4.50 pounds. Come!\nBring a friend? yes"),
            vec!["It costs 4.50 pounds.", "Come!", "Bring a friend?", "yes"]
        );
        assert!(sentences(" ... ").is_empty());
    }

    #[test]
    fn syllables_are_counted_roughly() {
        assert_eq!(syllables("dog"), 1);
        assert_eq!(syllables("cake"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("supporter"), 3);
        assert_eq!(syllables("rehabilitation"), 6);
        assert_eq!(syllables("favourites"), 3);
        assert_eq!(syllables("likes"), 1);
        assert_eq!(syllables("houses"), 2);
    }

    #[test]
    fn hints_come_as_json_with_snake_case_rules() {
        let json = serde_json::to_string(&check("Don't go")).expect("json");
        assert_eq!(
            json,
            r#"[{"rule":"negative","text":"Don't","message":"Write the words in full, like do not."}]"#
        );
    }
}
