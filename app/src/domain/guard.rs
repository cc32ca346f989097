//! Text rules run on whatever people write. A rule that fails on some text
//! must never take a request down with it: the post must still be read,
//! checked and approved. The failure is logged with the rule's name (never
//! the text, which may hold personal details).

/// Runs `rule` on the text; if it fails, logs it and answers `fallback()`.
pub fn guarded<T>(rule: &'static str, fallback: impl FnOnce() -> T, run: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(answer) => answer,
        Err(_) => {
            tracing::error!(rule, "a text rule failed on a post; it goes on without it");
            fallback()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_rule_gives_its_fallback() {
        let answer: Vec<u32> = guarded("test", Vec::new, || {
            let bytes = "a\u{2009}b";
            // A byte offset inside the thin space: the kind of slip that
            // once took a check down.
            let cut = bytes
                .get(..2)
                .map(str::len)
                .unwrap_or_else(|| panic!("off a boundary"));
            vec![u32::try_from(cut).unwrap_or(0)]
        });
        assert_eq!(answer, Vec::<u32>::new());
    }

    #[test]
    fn a_rule_that_works_gives_its_answer() {
        assert_eq!(guarded("test", || 0, || 7), 7);
    }
}
