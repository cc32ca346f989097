//! Word forms: the base words an everyday word may come from, so that
//! "dogs" finds dog, "baking" finds bake and "went" finds go.

/// Past tenses and plurals that do not follow a rule.
const IRREGULAR: &[(&str, &str)] = &[
    ("am", "be"),
    ("are", "be"),
    ("ate", "eat"),
    ("began", "begin"),
    ("bought", "buy"),
    ("brought", "bring"),
    ("came", "come"),
    ("caught", "catch"),
    ("children", "child"),
    ("did", "do"),
    ("does", "do"),
    ("done", "do"),
    ("drank", "drink"),
    ("drove", "drive"),
    ("eaten", "eat"),
    ("feet", "foot"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("flew", "fly"),
    ("found", "find"),
    ("gave", "give"),
    ("grew", "grow"),
    ("drew", "draw"),
    ("blew", "blow"),
    ("threw", "throw"),
    ("geese", "goose"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("had", "have"),
    ("has", "have"),
    ("heard", "hear"),
    ("held", "hold"),
    ("is", "be"),
    ("kept", "keep"),
    ("knew", "know"),
    ("left", "leave"),
    ("lost", "lose"),
    ("made", "make"),
    ("men", "man"),
    ("met", "meet"),
    ("mice", "mouse"),
    ("paid", "pay"),
    ("people", "person"),
    ("ran", "run"),
    ("rang", "ring"),
    ("read", "read"),
    ("sang", "sing"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("slept", "sleep"),
    ("sold", "sell"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("stood", "stand"),
    ("swam", "swim"),
    ("taught", "teach"),
    ("teeth", "tooth"),
    ("thought", "think"),
    ("told", "tell"),
    ("took", "take"),
    ("was", "be"),
    ("went", "go"),
    ("were", "be"),
    ("women", "woman"),
    ("won", "win"),
    ("wore", "wear"),
    ("wrote", "write"),
    ("written", "write"),
];

/// The forms to try for `word` (lower case), most likely first. The word
/// itself is not included.
pub fn base_forms(word: &str) -> Vec<String> {
    let word = word.trim().to_lowercase();
    let mut forms: Vec<String> = Vec::new();
    let mut push = |form: String| {
        if form.len() >= 2 && form != word && !forms.contains(&form) {
            forms.push(form);
        }
    };
    if let Some((_, base)) = IRREGULAR.iter().find(|(form, _)| *form == word) {
        push((*base).to_string());
    }
    if let Some(stem) = word.strip_suffix("'s") {
        push(stem.to_string());
    }
    if let Some(stem) = word.strip_suffix("ies") {
        push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("ves") {
        push(format!("{stem}f"));
        push(format!("{stem}fe"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        if ["s", "x", "z", "ch", "sh", "o"]
            .iter()
            .any(|e| stem.ends_with(e))
        {
            push(stem.to_string());
        }
    }
    if let Some(stem) = word.strip_suffix('s') {
        if !stem.ends_with(['s', 'u', 'i']) {
            push(stem.to_string());
        }
    }
    for suffix in ["ing", "ed"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            verb_stems(stem, &mut push);
        }
    }
    if let Some(stem) = word.strip_suffix("ied") {
        push(format!("{stem}y"));
    }
    for suffix in ["er", "est"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            verb_stems(stem, &mut push);
            if let Some(stem) = stem.strip_suffix('i') {
                push(format!("{stem}y"));
            }
        }
    }
    if let Some(stem) = word.strip_suffix("ly") {
        push(stem.to_string());
        if let Some(stem) = stem.strip_suffix('i') {
            push(format!("{stem}y"));
        }
    }
    forms
}

/// "baking" → bake, "running" → run, "walked" → walk.
fn verb_stems(stem: &str, push: &mut impl FnMut(String)) {
    if stem.len() < 2 {
        return;
    }
    // A doubled last letter ("runn") is undone; letters, not bytes, are
    // compared, so any script is safe here.
    let mut letters = stem.chars().rev();
    if let (Some(last), Some(before), Some(_)) = (letters.next(), letters.next(), letters.next()) {
        if last == before && last.is_ascii_alphabetic() && !matches!(last, 'l' | 's' | 'e') {
            push(stem[..stem.len() - last.len_utf8()].to_string());
        }
    }
    push(stem.to_string());
    push(format!("{stem}e"));
}

/// Splits text into words: letters, digits and inner apostrophes, hyphens
/// or ampersands ("A&E").
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '&')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, base: &str) -> bool {
        base_forms(word).iter().any(|f| f == base)
    }

    #[test]
    fn a_word_in_any_script_is_safe() {
        // U+1041 is three bytes whose last two are the same: once taken for
        // a doubled letter and cut in half.
        assert_eq!(base_forms("ab\u{1041}ing"), ["ab\u{1041}", "ab\u{1041}e"]);
        assert!(has("running", "run"));
        assert!(!has("falling", "fal"));
    }

    #[test]
    fn plurals_find_their_single_form() {
        for (word, base) in [
            ("dogs", "dog"),
            ("buses", "bus"),
            ("boxes", "box"),
            ("parties", "party"),
            ("leaves", "leaf"),
            ("knives", "knife"),
            ("churches", "church"),
            ("children", "child"),
            ("people", "person"),
            ("friends", "friend"),
        ] {
            assert!(has(word, base), "{word} → {base}: {:?}", base_forms(word));
        }
    }

    #[test]
    fn verb_forms_find_the_verb() {
        for (word, base) in [
            ("baking", "bake"),
            ("baked", "bake"),
            ("walking", "walk"),
            ("walked", "walk"),
            ("running", "run"),
            ("stopped", "stop"),
            ("swimming", "swim"),
            ("tried", "try"),
            ("went", "go"),
            ("ate", "eat"),
            ("made", "make"),
            ("saw", "see"),
            ("dancing", "dance"),
            ("cooking", "cook"),
        ] {
            assert!(has(word, base), "{word} → {base}: {:?}", base_forms(word));
        }
    }

    #[test]
    fn comparisons_and_adverbs_find_the_plain_word() {
        assert!(has("bigger", "big"));
        assert!(has("happier", "happy"));
        assert!(has("quickly", "quick"));
        assert!(has("happily", "happy"));
        assert!(has("sam's", "sam"));
    }

    #[test]
    fn the_word_itself_and_tiny_stems_are_not_listed() {
        assert!(!base_forms("dog").contains(&"dog".to_string()));
        assert!(base_forms("is").iter().all(|f| f.len() >= 2));
        assert!(!has("bus", "bu"));
        assert!(!has("glass", "glas"));
    }

    #[test]
    fn words_are_split_on_spaces_and_punctuation() {
        assert_eq!(
            words("We went to the park. It's fun! Well-being, 2 dogs…"),
            vec![
                "We",
                "went",
                "to",
                "the",
                "park",
                "It's",
                "fun",
                "Well-being",
                "2",
                "dogs"
            ]
        );
    }
}
