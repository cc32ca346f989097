//! Easy-read feedback: the cards a supporter picks, each a short sentence
//! with a picture, followed by any words of their own.

use serde::{Deserialize, Serialize};

// The cards' words are part of the feedback the author reads, and are
// read back from it: they are kept with the cards.
const CARD_GOOD_POST: &str = "Good post!";
const CARD_TOO_LONG: &str = "Too long";
const CARD_PRIVATE: &str = "Private information";
const CARD_CHECK_PHOTO: &str = "Check the photo";
const CARD_ANOTHER_WAY: &str = "Say it another way";

/// Longest feedback a supporter may write (also the longest reason
/// for taking a post down).
pub const MAX_FEEDBACK_CHARS: usize = 1000;

/// One feedback card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Card {
    GoodPost,
    TooLong,
    PrivateInformation,
    CheckThePhoto,
    SayItAnotherWay,
}

impl Card {
    pub const ALL: [Card; 5] = [
        Card::GoodPost,
        Card::TooLong,
        Card::PrivateInformation,
        Card::CheckThePhoto,
        Card::SayItAnotherWay,
    ];

    /// The card's words, as written on it.
    pub fn words(self) -> &'static str {
        match self {
            Card::GoodPost => CARD_GOOD_POST,
            Card::TooLong => CARD_TOO_LONG,
            Card::PrivateInformation => CARD_PRIVATE,
            Card::CheckThePhoto => CARD_CHECK_PHOTO,
            Card::SayItAnotherWay => CARD_ANOTHER_WAY,
        }
    }

    /// The card's picture.
    pub fn picture(self) -> &'static str {
        match self {
            Card::GoodPost => "👍",
            Card::TooLong => "📏",
            Card::PrivateInformation => "🔒",
            Card::CheckThePhoto => "📷",
            Card::SayItAnotherWay => "🔄",
        }
    }

    /// The card as a sentence in the feedback.
    fn sentence(self) -> String {
        let words = self.words();
        if words.ends_with(['.', '!', '?']) {
            words.to_string()
        } else {
            format!("{words}.")
        }
    }
}

/// The feedback the author gets: the cards in the order shown, each once,
/// then the supporter's own words.
pub fn compose(cards: &[Card], words: &str) -> String {
    let mut parts: Vec<String> = Card::ALL
        .into_iter()
        .filter(|card| cards.contains(card))
        .map(Card::sentence)
        .collect();
    let words = words.trim();
    if !words.is_empty() {
        parts.push(words.to_string());
    }
    parts.join(" ")
}

/// The cards a piece of feedback starts with (to show their pictures).
pub fn cards_in(feedback: &str) -> Vec<Card> {
    let mut rest = feedback.trim_start();
    let mut found = Vec::new();
    for card in Card::ALL {
        let sentence = card.sentence();
        if let Some(after) = rest.strip_prefix(&sentence) {
            found.push(card);
            rest = after.trim_start();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_come_first_in_a_fixed_order_then_the_words() {
        let text = compose(&[Card::SayItAnotherWay, Card::TooLong], "Try one sentence.");
        assert_eq!(text, "Too long. Say it another way. Try one sentence.");
        assert_eq!(cards_in(&text), [Card::TooLong, Card::SayItAnotherWay]);
    }

    #[test]
    fn a_card_twice_counts_once_and_words_alone_have_no_cards() {
        assert_eq!(compose(&[Card::GoodPost, Card::GoodPost], ""), "Good post!");
        assert_eq!(
            compose(&[], "  Please take out the cat. "),
            "Please take out the cat."
        );
        assert!(cards_in("Please take out the cat.").is_empty());
        assert_eq!(compose(&[], "  "), "");
    }

    #[test]
    fn every_card_reads_back() {
        let text = compose(&Card::ALL, "");
        assert_eq!(cards_in(&text), Card::ALL);
        for card in Card::ALL {
            assert!(!card.words().is_empty());
            assert!(!card.picture().is_empty());
        }
    }
}
