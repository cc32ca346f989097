//! Safeguarding checks: personal details that should not go out in a
//! public post. Each finding names its kind and the exact words, so a
//! supporter sees them highlighted and the author gets a gentle note.
//!
//! Kinds: UK phone numbers (every common way of writing them), email
//! addresses, UK postcodes, a house number with its street, NHS numbers
//! (10 digits passing the modulus-11 check), dates of birth (a date with
//! "born", "DOB", "date of birth" or "birthday" in the same sentence) and
//! people's full names (a first name or a title followed by a surname).
//!
//! The checks favour finding too much over too little, but a ward number,
//! a year, a time, a price or an ordinary date never looks like a phone
//! number or a date of birth.

use serde::{Deserialize, Serialize};

mod first_names;
mod numbers;
mod people;
mod places;

use numbers::{emails, nhs_numbers, phones};
use people::{dates_of_birth, full_names};
use places::{addresses, postcodes};

/// What kind of personal detail was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Phone,
    Email,
    Postcode,
    Address,
    NhsNumber,
    DateOfBirth,
    FullName,
}

/// One finding: its kind and the words, with their place in the text
/// (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: Kind,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Every personal detail in `text`, in the order they appear. Spaces of
/// every kind (no-break, thin, ideographic, tabs, new lines) count as
/// spaces; each finding's `text` is exactly `text[start..end]`.
pub fn check(text: &str) -> Vec<Finding> {
    super::guard::guarded("safeguarding", Vec::new, || check_written(text))
}

fn check_written(text: &str) -> Vec<Finding> {
    let spaced = Spaced::of(text);
    check_spaced(&spaced.text)
        .into_iter()
        .map(|f| {
            let (start, end) = (spaced.original(f.start), spaced.original(f.end));
            Finding {
                kind: f.kind,
                text: text[start..end].to_string(),
                start,
                end,
            }
        })
        .collect()
}

/// The text with every kind of space written as one ASCII space, and where
/// each of its bytes came from, so the rules below (which look at ASCII
/// spaces and bytes) find their places in the text as written.
struct Spaced {
    text: String,
    /// The byte in the written text of each byte here, and its end.
    from: Vec<usize>,
}

impl Spaced {
    fn of(written: &str) -> Spaced {
        let mut text = String::with_capacity(written.len());
        let mut from = Vec::with_capacity(written.len() + 1);
        for (at, c) in written.char_indices() {
            if c.is_whitespace() {
                text.push(' ');
                from.push(at);
            } else {
                text.push(c);
                from.extend(at..at + c.len_utf8());
            }
        }
        from.push(written.len());
        Spaced { text, from }
    }

    /// The place in the written text of byte `at` here.
    fn original(&self, at: usize) -> usize {
        self.from[at.min(self.from.len() - 1)]
    }
}

/// The rules, on text whose spaces are all ASCII spaces.
fn check_spaced(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let tokens = tokens(text);
    emails(&tokens, &mut found);
    nhs_numbers(text, &mut found);
    phones(text, &mut found);
    postcodes(&tokens, &mut found);
    addresses(text, &tokens, &mut found);
    dates_of_birth(text, &tokens, &mut found);
    full_names(text, &tokens, &mut found);
    found.sort_by_key(|f| (f.start, f.end));
    // A span found twice (an NHS number is not also a phone) is kept once,
    // the first kind found winning.
    let mut kept: Vec<Finding> = Vec::new();
    for finding in found {
        if !kept
            .iter()
            .any(|k| finding.start < k.end && k.start < finding.end)
        {
            kept.push(finding);
        }
    }
    kept
}

pub(super) fn finding(text: &str, kind: Kind, start: usize, end: usize) -> Finding {
    Finding {
        kind,
        text: text[start..end].to_string(),
        start,
        end,
    }
}

/// A word between spaces, with leading and trailing punctuation taken off.
#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// The sentence ended just after this token (".", "!" or "?").
    ends_sentence: bool,
}

pub(super) fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split(' ') {
        let raw_start = offset;
        offset += raw.len() + 1;
        let lead = raw.len() - raw.trim_start_matches(is_edge_punctuation).len();
        let trimmed = raw.trim_matches(is_edge_punctuation);
        if trimmed.is_empty() {
            continue;
        }
        let tail = &raw[lead + trimmed.len()..];
        out.push(Token {
            text: trimmed,
            start: raw_start + lead,
            end: raw_start + lead + trimmed.len(),
            ends_sentence: tail.contains(['.', '!', '?']),
        });
    }
    out
}

fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '!'
            | '?'
            | ';'
            | ':'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '“'
            | '”'
            | '‘'
            | '’'
    )
}

#[cfg(test)]
mod tests {
    use super::numbers::is_nhs_number;
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        check(text).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    fn only(text: &str, kind: Kind) -> Vec<String> {
        check(text)
            .into_iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn uk_phone_numbers_in_every_common_form() {
        for (text, number) in [
            ("Ring me on 07700 900123 tomorrow", "07700 900123"),
            ("Ring me on 07700900123.", "07700900123"),
            ("Call +44 7700 900123 now", "+44 7700 900123"),
            ("Call +44 (0)7700 900123 now", "+44 (0)7700 900123"),
            ("Call +447700900123", "+447700900123"),
            ("The office is 0113 496 0000.", "0113 496 0000"),
            ("The office is (0113) 496 0000.", "(0113) 496 0000"),
            ("London: 020 7946 0000", "020 7946 0000"),
            ("Free on 0800 123 4567!", "0800 123 4567"),
            ("Try 0161-496-0000 please", "0161-496-0000"),
            ("Try 01632 960123", "01632 960123"),
            ("Text 07700-900-123", "07700-900-123"),
            ("Or 0300 123 1234.", "0300 123 1234"),
            ("Ring 01387 41234", "01387 41234"),
        ] {
            assert_eq!(only(text, Kind::Phone), [number], "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_phone_numbers() {
        for text in [
            "We are on Ward 12 at the hospital.",
            "See you in 2026!",
            "The bus leaves at 10:30 from stop 14.",
            "It costs £1,500 or £20.50 a week.",
            "Our event is on 29/11/2026.",
            "We raised 15000 pounds for 3 charities.",
            "Room 0113 is upstairs.",
            "Call 999 or 111 if you need help.",
            "The 12th of May at 3pm.",
            "Route 12345678 and ticket 123456789.",
        ] {
            assert_eq!(only(text, Kind::Phone), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            only("Email sam.smith+group@example.co.uk, or me.", Kind::Email),
            ["sam.smith+group@example.co.uk"]
        );
        assert_eq!(
            only("Write to (info@our-voice.org).", Kind::Email),
            ["info@our-voice.org"]
        );
        for text in [
            "Meet @ the cafe",
            "We are @OurVoice on Mastodon",
            "a@b",
            "x@y.z",
        ] {
            assert!(only(text, Kind::Email).is_empty(), "{text}");
        }
    }

    #[test]
    fn uk_postcodes() {
        for (text, code) in [
            ("We live near LS1 4AP in Leeds.", "LS1 4AP"),
            ("Post it to SW1A 1AA.", "SW1A 1AA"),
            ("Post it to SW1A1AA.", "SW1A1AA"),
            ("It is m1 1ae I think", "m1 1ae"),
            ("Our hall, B33 8TH, is big", "B33 8TH"),
            ("W1A 0AX", "W1A 0AX"),
            ("CR2 6XH.", "CR2 6XH"),
            ("EC1A 1BB", "EC1A 1BB"),
        ] {
            assert_eq!(only(text, Kind::Postcode), [code], "{text}");
        }
        for text in [
            "We had a go on the A1 road",
            "Meet at 2pm by the M62",
            "It was A1 food",
            "Tea is at 3 PM today",
            "Bus X84 3 times",
        ] {
            assert!(only(text, Kind::Postcode).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_house_number_with_its_street() {
        for (text, address) in [
            ("I live at 14 Elm Road with my mum.", "14 Elm Road"),
            ("Come to 3a Upper King Street.", "3a Upper King Street"),
            ("It is 221 Baker St, London", "221 Baker St"),
            ("Meet at 7 Church Lane", "7 Church Lane"),
        ] {
            assert_eq!(only(text, Kind::Address), [address], "{text}");
        }
        for text in [
            "We walked 3 miles down the road.",
            "There were 20 people at the Community Centre.",
            "I am 14. Road trips are fun.",
            "We need 2 more volunteers",
        ] {
            assert!(only(text, Kind::Address).is_empty(), "{text}");
        }
    }

    #[test]
    fn nhs_numbers_pass_the_modulus_11_check() {
        assert!(is_nhs_number("9434765919"));
        assert!(!is_nhs_number("9434765918"));
        assert!(!is_nhs_number("1234567890"));
        for (text, number) in [
            ("My NHS number is 943 476 5919.", "943 476 5919"),
            ("NHS no: 9434765919", "9434765919"),
            ("Number 943-476-5919 here", "943-476-5919"),
        ] {
            assert_eq!(only(text, Kind::NhsNumber), [number], "{text}");
            assert!(only(text, Kind::Phone).is_empty());
        }
        for text in [
            "We sold 1234567890 cakes",
            "Ref 943 476 5918",
            "Code 94347659191",
        ] {
            assert!(only(text, Kind::NhsNumber).is_empty(), "{text}");
        }
    }

    #[test]
    fn dates_of_birth_need_a_birth_word() {
        for (text, date) in [
            ("I was born on 12/03/1985.", "12/03/1985"),
            ("DOB 12.03.85", "12.03.85"),
            ("Date of birth: 3 March 1990", "3 March 1990"),
            ("My birthday is the 3rd of March 1990!", "3rd of March 1990"),
            ("Jo was born March 3, 1990 in Leeds.", "March 3, 1990"),
            ("She was born on 4 May.", "4 May"),
        ] {
            assert_eq!(only(text, Kind::DateOfBirth), [date], "{text}");
        }
        for text in [
            "Our party is on 12/03/2026.",
            "Come on 3 March 2027. It is my birthday party next year",
            "The group was born in 2010.",
            "Meet on March 3.",
        ] {
            assert!(only(text, Kind::DateOfBirth).is_empty(), "{text}");
        }
    }

    #[test]
    fn full_names_but_not_first_names_alone() {
        for (text, name) in [
            ("Sam Smith came to the party.", "Sam Smith"),
            ("Thank you to Priya Patel-Jones!", "Priya Patel-Jones"),
            ("We met Mrs Okafor today.", "Mrs Okafor"),
            ("Dr. Khan said hello", "Dr. Khan"),
            ("Our friend Mary Ann Lee sang", "Mary Ann Lee"),
        ] {
            assert_eq!(only(text, Kind::FullName), [name], "{text}");
        }
        for text in [
            "Thank you Jo!",
            "Sam and Alex went to the park.",
            "Sam went to Leeds.",
            "Thanks to Leeds City Council.",
            "We went to the Robin Hood Centre",
            "Alex. Smith is a name we made up.",
            "Tom NHS helper",
        ] {
            assert!(
                only(text, Kind::FullName).is_empty(),
                "{text}: {:?}",
                kinds(text)
            );
        }
    }

    #[test]
    fn a_post_with_several_details_lists_each_in_order() {
        let text = "Hi, I am Sam Smith. Ring 07700 900123 or email sam@example.org. I live at 14 Elm Road, LS1 4AP.";
        assert_eq!(
            kinds(text),
            [
                (Kind::FullName, "Sam Smith".to_string()),
                (Kind::Phone, "07700 900123".to_string()),
                (Kind::Email, "sam@example.org".to_string()),
                (Kind::Address, "14 Elm Road".to_string()),
                (Kind::Postcode, "LS1 4AP".to_string()),
            ]
        );
        for finding in check(text) {
            assert_eq!(&text[finding.start..finding.end], finding.text);
        }
    }

    #[test]
    fn an_ordinary_post_has_no_findings() {
        for text in [
            "We went to the park today. It was sunny and we had ice cream.",
            "Our group meets every Tuesday at 2pm in Room 4.",
            "Thank you to everyone who came. We raised £250!",
            "Sam and Jo made 30 cakes for the sale on 12 June.",
        ] {
            assert!(check(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }
}
