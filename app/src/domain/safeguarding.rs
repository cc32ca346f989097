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

fn finding(text: &str, kind: Kind, start: usize, end: usize) -> Finding {
    Finding {
        kind,
        text: text[start..end].to_string(),
        start,
        end,
    }
}

/// A word between spaces, with leading and trailing punctuation taken off.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// The sentence ended just after this token (".", "!" or "?").
    ends_sentence: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
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

fn emails(tokens: &[Token], found: &mut Vec<Finding>) {
    for token in tokens {
        let Some((local, domain)) = token.text.split_once('@') else {
            continue;
        };
        let local_ok = !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && labels.last().is_some_and(|tld| tld.len() >= 2);
        if local_ok && domain_ok {
            found.push(Finding {
                kind: Kind::Email,
                text: token.text.to_string(),
                start: token.start,
                end: token.end,
            });
        }
    }
}

/// Runs of digits written with the separators people use in numbers:
/// spaces, hyphens, dots, brackets and a leading "+". Returns (start, end,
/// digits) for each run, in bytes.
fn digit_runs(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts =
            c.is_ascii_digit() || ((c == b'+' || c == b'(') && next_is_digit(bytes, i + 1));
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if !(starts && boundary) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = String::new();
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                digits.push(b as char);
                j += 1;
                end = j;
            } else if matches!(b, b'+' | b'(' | b')' | b'-' | b'.' | b' ')
                && (next_is_digit(bytes, j + 1)
                    || (b == b' ' && j + 1 < bytes.len() && bytes[j + 1] == b'(')
                    || (b == b')' && j + 1 < bytes.len() && bytes[j + 1] == b' '))
            {
                if b == b')' {
                    end = j + 1;
                }
                j += 1;
            } else {
                break;
            }
        }
        // A letter straight after the digits ("12th", "3pm") ends the match.
        if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            i = end;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        runs.push((start, end, digits));
        i = end.max(i + 1);
    }
    runs
}

fn next_is_digit(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// A UK number as dialled at home: "+44 (0)7700…" becomes "07700…".
fn national(run: &str, digits: &str) -> Option<String> {
    let trimmed = run.trim_start();
    if trimmed.starts_with('+') {
        let rest = digits.strip_prefix("44")?;
        let rest = if trimmed.contains("(0)") {
            rest.strip_prefix('0')?
        } else {
            rest
        };
        Some(format!("0{rest}"))
    } else {
        Some(digits.to_string())
    }
}

fn phones(text: &str, found: &mut Vec<Finding>) {
    for (start, end, digits) in digit_runs(text) {
        let run = &text[start..end];
        // Times, dates and prices are written with ":", "/" or "£".
        if text[..start].ends_with(['£', '$', '€']) {
            continue;
        }
        let Some(number) = national(run, &digits) else {
            continue;
        };
        let mut chars = number.chars();
        let valid = chars.next() == Some('0')
            && chars.next().is_some_and(|c| "1235789".contains(c))
            && (number.len() == 11 || (number.len() == 10 && number.starts_with("01")));
        if valid {
            let (start, end) = trim_brackets(text, start, end);
            found.push(finding(text, Kind::Phone, start, end));
        }
    }
}

/// Keeps a closing bracket only when its opening one is kept too.
fn trim_brackets(text: &str, start: usize, end: usize) -> (usize, usize) {
    let run = &text[start..end];
    if run.ends_with(')') && !run.contains('(') {
        (start, end - 1)
    } else {
        (start, end)
    }
}

/// The NHS number check: the first nine digits weighted 10 down to 2; the
/// tenth is 11 minus the sum's remainder by 11 (11 counts as 0, 10 is never
/// valid).
pub fn is_nhs_number(digits: &str) -> bool {
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if values.len() != 10 || digits.chars().count() != 10 {
        return false;
    }
    let sum: u32 = values[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        n => n,
    };
    check == values[9]
}

fn nhs_numbers(text: &str, found: &mut Vec<Finding>) {
    for (start, end, digits) in digit_runs(text) {
        let run = &text[start..end];
        // Written whole, or in the usual 3 3 4 groups.
        let groups: Vec<usize> = run
            .split([' ', '-'])
            .filter(|g| !g.is_empty())
            .map(str::len)
            .collect();
        let shaped = groups == [10] || groups == [3, 3, 4];
        if shaped
            && run
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
            && is_nhs_number(&digits)
        {
            found.push(finding(text, Kind::NhsNumber, start, end));
        }
    }
}

fn is_outward(code: &str) -> bool {
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

fn is_inward(code: &str) -> bool {
    let c: Vec<char> = code.chars().collect();
    c.len() == 3
        && c[0].is_ascii_digit()
        && c[1].is_ascii_alphabetic()
        && c[2].is_ascii_alphabetic()
}

/// Letters all one case, as postcodes are written ("LS1 4AP", "ls1 4ap").
fn one_case(code: &str) -> bool {
    let letters = code.chars().filter(char::is_ascii_alphabetic);
    let upper = letters.clone().all(|c| c.is_ascii_uppercase());
    let lower = code
        .chars()
        .filter(char::is_ascii_alphabetic)
        .all(|c| c.is_ascii_lowercase());
    upper || lower
}

fn postcodes(tokens: &[Token], found: &mut Vec<Finding>) {
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

const STREET_WORDS: &[&str] = &[
    "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
    "crescent", "grove", "place", "gardens", "terrace", "court", "walk", "row", "hill", "square",
    "mews", "parade", "rise", "view", "green", "vale", "gate", "wharf",
];

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_house_number(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let rest = &word[digits..];
    (1..=4).contains(&digits)
        && (rest.is_empty() || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())))
}

fn addresses(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
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

const MONTHS: &[&str] = &[
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

fn month(word: &str) -> bool {
    let w = word.to_lowercase();
    w.len() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept"))
}

fn day(word: &str) -> bool {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    let n: u32 = digits.parse().unwrap_or(0);
    (1..=31).contains(&n) && ["", "st", "nd", "rd", "th"].contains(&rest.to_lowercase().as_str())
}

fn year(word: &str) -> bool {
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// "12/03/1985", "12.03.85", "12-3-1985": day, month, year in numbers.
fn numeric_date(word: &str) -> bool {
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
fn dates(tokens: &[Token]) -> Vec<(usize, usize)> {
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

fn dates_of_birth(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
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

const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];

/// Common first names in the UK. A name alone is fine in a post; a first
/// name followed by a surname is a full name.
const FIRST_NAMES: &[&str] = &[
    "aaliyah",
    "aaron",
    "abdul",
    "abigail",
    "adam",
    "aisha",
    "alan",
    "albert",
    "alex",
    "alexander",
    "alfie",
    "ali",
    "alice",
    "alison",
    "amanda",
    "amber",
    "amelia",
    "amy",
    "andrew",
    "andy",
    "angela",
    "ann",
    "anna",
    "anne",
    "anthony",
    "archie",
    "arthur",
    "ashley",
    "barbara",
    "barry",
    "ben",
    "benjamin",
    "beth",
    "bethany",
    "bill",
    "billy",
    "bob",
    "brian",
    "callum",
    "carl",
    "carol",
    "caroline",
    "catherine",
    "charles",
    "charlie",
    "charlotte",
    "chloe",
    "chris",
    "christine",
    "christopher",
    "claire",
    "colin",
    "connor",
    "craig",
    "daniel",
    "danny",
    "darren",
    "dave",
    "david",
    "dawn",
    "dean",
    "deborah",
    "debbie",
    "dennis",
    "derek",
    "diane",
    "dominic",
    "donna",
    "dylan",
    "edward",
    "eleanor",
    "elizabeth",
    "ella",
    "ellie",
    "emily",
    "emma",
    "eric",
    "ethan",
    "eve",
    "evie",
    "fatima",
    "finley",
    "fiona",
    "frank",
    "freddie",
    "freya",
    "gary",
    "gavin",
    "george",
    "georgia",
    "gemma",
    "graham",
    "grace",
    "hannah",
    "harry",
    "harvey",
    "hayley",
    "heather",
    "helen",
    "henry",
    "holly",
    "ian",
    "imran",
    "isaac",
    "isabella",
    "isla",
    "jack",
    "jacob",
    "jade",
    "james",
    "jamie",
    "jane",
    "janet",
    "jason",
    "jayden",
    "jean",
    "jennifer",
    "jenny",
    "jessica",
    "jim",
    "jo",
    "joan",
    "joanne",
    "joe",
    "john",
    "jonathan",
    "joseph",
    "josh",
    "joshua",
    "joyce",
    "julie",
    "karen",
    "kate",
    "katie",
    "kayleigh",
    "keith",
    "kelly",
    "kevin",
    "kieran",
    "kirsty",
    "laura",
    "lauren",
    "leah",
    "lee",
    "leo",
    "lewis",
    "liam",
    "lily",
    "linda",
    "lisa",
    "logan",
    "louise",
    "lucy",
    "luke",
    "lynn",
    "maisie",
    "margaret",
    "maria",
    "mark",
    "martin",
    "mary",
    "mason",
    "matthew",
    "megan",
    "melissa",
    "mia",
    "michael",
    "michelle",
    "mike",
    "mohammed",
    "muhammad",
    "natalie",
    "nathan",
    "neil",
    "nicola",
    "nicole",
    "noah",
    "oliver",
    "olivia",
    "oscar",
    "owen",
    "patricia",
    "patrick",
    "paul",
    "pauline",
    "peter",
    "philip",
    "poppy",
    "priya",
    "rachel",
    "raj",
    "rebecca",
    "reece",
    "richard",
    "rob",
    "robert",
    "robin",
    "rose",
    "ruby",
    "ryan",
    "sally",
    "sam",
    "samantha",
    "samuel",
    "sandra",
    "sarah",
    "scott",
    "sean",
    "sharon",
    "shaun",
    "sophie",
    "stephen",
    "steve",
    "steven",
    "stuart",
    "susan",
    "tariq",
    "teresa",
    "thomas",
    "tom",
    "tony",
    "tracey",
    "tyler",
    "victoria",
    "wendy",
    "william",
    "yusuf",
    "zara",
    "zoe",
];

/// Capitalised words that follow a first name without making a full
/// name: "Sam Thank", "Jo Leeds" are not names.
const NOT_SURNAMES: &[&str] = &[
    "and", "the", "road", "street", "centre", "center", "group", "council", "hospital", "trust",
    "house", "school", "college", "park", "club", "team", "day", "week", "today", "said", "says",
    "went", "came", "thank", "thanks", "our", "my", "is", "was", "will", "or", "i", "we",
];

fn full_names(text: &str, tokens: &[Token], found: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
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
