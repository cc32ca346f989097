//! Where someone lives: postcodes and street addresses.

use super::{finding, Finding, Kind, Token};

pub(super) fn is_outward(code: &str) -> bool {
    let c: Vec<char> = code.chars().collect();
    let letter = |i: usize| c.get(i).is_some_and(char::is_ascii_alphabetic);
    let digit = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
    let alnum = |i: usize| c.get(i).is_some_and(char::is_ascii_alphanumeric);
    match c.len() {
        2 => letter(0) && digit(1),
        3 => letter(0) && ((digit(1) && alnum(2)) || (letter(1) && digit(2))),
        4 => letter(0) && letter(1) && digit(2) && alnum(3),
        _ => false,
    }
}

pub(super) fn is_inward(code: &str) -> bool {
    let c: Vec<char> = code.chars().collect();
    c.len() == 3
        && c[0].is_ascii_digit()
        && c[1].is_ascii_alphabetic()
        && c[2].is_ascii_alphabetic()
}

/// Letters all one case, as postcodes are written ("LS1 4AP", "ls1 4ap").
pub(super) fn one_case(code: &str) -> bool {
    let letters = code.chars().filter(char::is_ascii_alphabetic);
    let upper = letters.clone().all(|c| c.is_ascii_uppercase());
    let lower = code
        .chars()
        .filter(char::is_ascii_alphabetic)
        .all(|c| c.is_ascii_lowercase());
    upper || lower
}

pub(super) fn postcodes(tokens: &[Token], found: &mut Vec<Finding>) {
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let next = tokens.get(i + 1);
        if let Some(next) = next.filter(|n| is_outward(token.text) && is_inward(n.text)) {
            let both = format!("{}{}", token.text, next.text);
            if one_case(&both) && both.chars().any(|c| c.is_ascii_digit()) {
                found.push(Finding {
                    kind: Kind::Postcode,
                    text: format!("{} {}", token.text, next.text),
                    start: token.start,
                    end: next.end,
                });
                i += 2;
                continue;
            }
        }
        let t = token.text;
        if (5..=7).contains(&t.len())
            && t.is_ascii()
            && is_outward(&t[..t.len() - 3])
            && is_inward(&t[t.len() - 3..])
            && one_case(t)
        {
            found.push(Finding {
                kind: Kind::Postcode,
                text: t.to_string(),
                start: token.start,
                end: token.end,
            });
        }
        i += 1;
    }
}

pub(super) const STREET_WORDS: &[&str] = &[
    "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
    "crescent", "grove", "place", "gardens", "terrace", "court", "walk", "row", "hill", "square",
    "mews", "parade", "rise", "view", "green", "vale", "gate", "wharf",
];

pub(super) fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn is_house_number(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let rest = &word[digits..];
    (1..=4).contains(&digits)
        && (rest.is_empty() || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())))
}

pub(super) fn addresses(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
    for (i, number) in tokens.iter().enumerate() {
        if !is_house_number(number.text) || number.ends_sentence {
            continue;
        }
        // One to three name words, then the street word: "14 Elm Road",
        // "3a Upper King Street".
        for names in 1..=3 {
            let Some(street) = tokens.get(i + names + 1) else {
                break;
            };
            let between = &tokens[i + 1..=i + names];
            if between
                .iter()
                .any(|t| !capitalised(t.text) || t.ends_sentence && t.end < street.start)
            {
                break;
            }
            if capitalised(street.text)
                && STREET_WORDS.contains(&street.text.to_lowercase().as_str())
            {
                found.push(finding(text, Kind::Address, number.start, street.end));
                break;
            }
        }
    }
}
