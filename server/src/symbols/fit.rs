//! The vocabulary against the real symbol sets: the reviewed words, the
//! fit of pictures to words nobody tuned them for, and coverage of typical
//! service posts. Run with `--nocapture` to see the figures.

use std::collections::HashSet;
use std::path::PathBuf;

use app::domain::post::SymbolRef;
use app::domain::reviewed::{entries, Choice};
use app::domain::symbolise::{automatic_symbol, best_symbol, coverage, is_content_word};
use app::domain::symbols::SymbolIndex;

use super::load_index;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn index() -> SymbolIndex {
    load_index(&repo().join("assets/symbols")).expect("symbols load")
}

fn data_lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(repo().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// How many of the most frequent content words the review goes through.
const REVIEWED: usize = 2000;

/// The first `REVIEWED` content words of the frequency list, most frequent
/// first: not small words, not numbers.
fn frequent_content_words() -> Vec<String> {
    data_lines("app/vocabulary/word-frequency-en.txt")
        .into_iter()
        .filter(|w| is_content_word(w))
        .take(REVIEWED)
        .collect()
}

fn reference(symbol: &SymbolRef) -> String {
    format!("{}/{}", symbol.set, symbol.id)
}

#[test]
fn the_review_covers_the_frequent_words_with_pictures_from_the_real_sets() {
    let index = index();
    let reviewed: HashSet<&str> = entries().iter().map(|e| e.word.as_str()).collect();
    let missing: Vec<String> = frequent_content_words()
        .into_iter()
        .filter(|w| !reviewed.contains(w.as_str()))
        .collect();
    assert!(missing.is_empty(), "not reviewed: {missing:?}");
    let (mut pictures, mut word_tiles, mut changed) = (0, 0, 0);
    for entry in entries() {
        let automatic = automatic_symbol(&index, &entry.word).map(|s| reference(&s.symbol));
        match &entry.choice {
            Choice::Picture(symbol) => {
                let found = index.get(symbol).unwrap_or_else(|| {
                    panic!("{}: {} is in no set", entry.word, reference(symbol))
                });
                assert!(
                    found.word.eq_ignore_ascii_case(&entry.name),
                    "{}: the picture is named {:?}",
                    entry.word,
                    found.word
                );
                pictures += 1;
                changed += usize::from(automatic.as_deref() != Some(&reference(symbol)));
            }
            Choice::WordTile => {
                word_tiles += 1;
                changed += usize::from(automatic.is_some());
            }
        }
    }
    println!(
        "reviewed vocabulary: {} words, {pictures} with a picture, {word_tiles} word tiles on purpose, {changed} differ from the automatic choice",
        entries().len()
    );
}

/// Writes the automatic choice for every frequent content word, in the
/// review's shape, to the file named by `OURVOICE_REVIEW_OUT`, keeping the
/// choices already reviewed. For starting or extending a review by hand:
/// `OURVOICE_REVIEW_OUT=/tmp/pictures.tsv cargo test -p ourvoice --lib write_review -- --ignored`
#[test]
#[ignore]
fn write_review() {
    let out = std::env::var("OURVOICE_REVIEW_OUT").expect("OURVOICE_REVIEW_OUT");
    let index = index();
    let mut text = String::new();
    for word in frequent_content_words() {
        let line = match entries().iter().find(|e| e.word == word) {
            Some(entry) => match &entry.choice {
                Choice::Picture(symbol) => format!("{word}\t{}\t{}", reference(symbol), entry.name),
                Choice::WordTile => format!("{word}\tword tile"),
            },
            None => match automatic_symbol(&index, &word) {
                Some(symbol) => format!("{word}\t{}\t{}", reference(&symbol.symbol), symbol.word),
                None => format!("{word}\tword tile"),
            },
        };
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(out, text).expect("write");
}

/// Prints, for each line of the file named by `OURVOICE_FIT_WORDS`, the
/// picture chosen now and the other candidates, for writing the acceptable
/// pictures of a new fit word by hand:
/// `OURVOICE_FIT_WORDS=words.txt cargo test -p ourvoice --lib fit_candidates -- --ignored --nocapture`
#[test]
#[ignore]
fn fit_candidates() {
    let path = std::env::var("OURVOICE_FIT_WORDS").expect("OURVOICE_FIT_WORDS");
    let index = index();
    for word in std::fs::read_to_string(path).expect("read").lines() {
        let chosen = best_symbol(&index, word)
            .map(|s| format!("{}={}", reference(&s.symbol), s.word))
            .unwrap_or_else(|| "-".into());
        let others: Vec<String> = index
            .search(word, 6)
            .into_iter()
            .map(|s| format!("{}={}", reference(&s.symbol), s.word))
            .collect();
        println!("{word}\t{chosen}\t{}", others.join(" ; "));
    }
}

/// One word of the fit file and the pictures that fit it.
struct Fit {
    word: String,
    /// Acceptable pictures; empty when only a word tile fits.
    acceptable: Vec<String>,
}

fn fit_file() -> Vec<Fit> {
    data_lines("tests/corpus/fit.tsv")
        .into_iter()
        .map(|line| {
            let (word, pictures) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("fit.tsv: {line:?} needs a tab"));
            let acceptable = if pictures.trim() == "none" {
                Vec::new()
            } else {
                pictures.split_whitespace().map(str::to_string).collect()
            };
            Fit {
                word: word.to_string(),
                acceptable,
            }
        })
        .collect()
}

/// The fit goal: of at least 300 words from typical service posts, each
/// with the pictures that fit it, at most 2% get a wrong picture.
#[test]
fn at_most_two_percent_of_words_get_a_wrong_picture() {
    let index = index();
    let fits = fit_file();
    assert!(fits.len() >= 300, "{} words in fit.tsv", fits.len());
    let (mut right, mut wrong, mut none) = (Vec::new(), Vec::new(), Vec::new());
    for fit in &fits {
        for picture in &fit.acceptable {
            let (set, id) = picture.split_once('/').expect("set/id");
            let symbol = SymbolRef {
                set: set.into(),
                id: id.into(),
            };
            assert!(
                index.get(&symbol).is_some(),
                "{}: {picture} is in no set",
                fit.word
            );
        }
        match best_symbol(&index, &fit.word) {
            Some(symbol) if fit.acceptable.contains(&reference(&symbol.symbol)) => {
                right.push(fit.word.as_str())
            }
            Some(symbol) => wrong.push(format!("{} → {}", fit.word, symbol.word)),
            None if fit.acceptable.is_empty() => right.push(fit.word.as_str()),
            None => none.push(fit.word.as_str()),
        }
    }
    let percent = |n: usize| 100.0 * n as f64 / fits.len() as f64;
    println!(
        "picture fit: {} words; {} right ({:.1}%), {} wrong ({:.1}%), {} word tiles where a picture fits ({:.1}%); wrong: {wrong:?}; no picture: {none:?}",
        fits.len(),
        right.len(),
        percent(right.len()),
        wrong.len(),
        percent(wrong.len()),
        none.len(),
        percent(none.len()),
    );
    assert!(percent(wrong.len()) <= 2.0, "wrong: {wrong:?}");
}

/// The coverage goal: 95% of the content words of typical service posts
/// get a picture.
#[test]
fn coverage_of_typical_service_posts_is_at_least_95_percent() {
    let index = index();
    let corpus = data_lines("tests/corpus/service-posts.txt");
    assert!(corpus.len() >= 40, "{} posts", corpus.len());
    let (covered, total, missed) = coverage(&index, corpus.iter().map(String::as_str));
    let percent = 100.0 * covered as f64 / total as f64;
    println!(
        "vocabulary coverage: {covered} of {total} content words ({percent:.1}%) in {} posts; no symbol: {missed:?}",
        corpus.len()
    );
    assert!(percent >= 95.0, "{percent:.1}%: {missed:?}");
}
