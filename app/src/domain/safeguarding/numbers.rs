//! Numbers and addresses to reach someone by: phone numbers, email
//! addresses and NHS numbers.

use super::{finding, Finding, Kind, Token};

pub(super) fn emails(tokens: &[Token], found: &mut Vec<Finding>) {
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
pub(super) fn digit_runs(text: &str) -> Vec<(usize, usize, String)> {
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

pub(super) fn next_is_digit(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_digit)
}

/// A UK number as dialled at home: "+44 (0)7700…" becomes "07700…".
pub(super) fn national(run: &str, digits: &str) -> Option<String> {
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

pub(super) fn phones(text: &str, found: &mut Vec<Finding>) {
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
pub(super) fn trim_brackets(text: &str, start: usize, end: usize) -> (usize, usize) {
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

pub(super) fn nhs_numbers(text: &str, found: &mut Vec<Finding>) {
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
