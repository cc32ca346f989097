//! Derives, from the word-frequency list, the long words that are still
//! everyday words, for the easy-read checker's hard-word rule. Only these
//! go into the page's code; the full list stays on the server.

use std::fmt::Write;

/// A word this long (in letters) or longer may be a hard word.
const LONG: usize = 9;

fn main() {
    let list = "vocabulary/word-frequency-en.txt";
    println!("cargo:rerun-if-changed={list}");
    let text = std::fs::read_to_string(list).expect("app/vocabulary/word-frequency-en.txt");
    let mut long: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.starts_with('#'))
        .filter(|w| w.chars().count() >= LONG)
        .collect();
    long.sort_unstable();
    long.dedup();
    let mut out = String::from("/// Frequent words of nine letters or more, sorted.\n");
    out.push_str("pub const FREQUENT_LONG: &[&str] = &[\n");
    for word in long {
        writeln!(out, "    {word:?},").expect("write");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{dir}/frequent_long.rs"), out).expect("write frequent_long.rs");
}
