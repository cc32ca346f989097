//! Word forms: the stem every form of a word shares, so that "dogs" finds
//! dog, "baking" finds bake and "went" finds go, while "mother" never
//! finds a moth.

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

/// Plurals, comparisons and adverbs the stemmer leaves apart from their
/// plain word.
const IRREGULAR_FORMS: &[(&str, &str)] = &[
    ("buses", "bus"),
    ("gases", "gas"),
    ("leaves", "leaf"),
    ("knives", "knife"),
    ("lives", "life"),
    ("wives", "wife"),
    ("halves", "half"),
    ("shelves", "shelf"),
    ("wolves", "wolf"),
    ("loaves", "loaf"),
    ("scarves", "scarf"),
    ("thieves", "thief"),
    ("better", "good"),
    ("best", "good"),
    ("worse", "bad"),
    ("worst", "bad"),
    ("bigger", "big"),
    ("biggest", "big"),
    ("smaller", "small"),
    ("smallest", "small"),
    ("older", "old"),
    ("oldest", "old"),
    ("younger", "young"),
    ("youngest", "young"),
    ("happier", "happy"),
    ("happiest", "happy"),
    ("happily", "happy"),
    ("easily", "easy"),
    ("luckily", "lucky"),
    ("longer", "long"),
    ("larger", "large"),
    ("hotter", "hot"),
    ("colder", "cold"),
    ("warmer", "warm"),
    ("faster", "fast"),
    ("slower", "slow"),
];

/// The plain word `word` is a form of, where no rule finds it: "went" →
/// go, "children" → child, "bigger" → big.
pub fn irregular_base(word: &str) -> Option<&'static str> {
    IRREGULAR
        .iter()
        .chain(IRREGULAR_FORMS)
        .find(|(form, _)| *form == word)
        .map(|(_, base)| *base)
}

/// The stem that every form of `word` shares, by the Porter2 (Snowball
/// English) stemmer after the irregular forms: "dogs" and "dog" → dog,
/// "baking" and "bake" → bake, "went" → go. A stem only compares words;
/// it is never shown. "mother" and "moth", "board" and "boar" keep apart.
/// A name of several words is stemmed word by word.
pub fn stem(word: &str) -> String {
    let lower = word.trim().to_lowercase().replace('’', "'");
    lower
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(stem_one)
        .collect::<Vec<_>>()
        .join(" ")
}

fn stem_one(word: &str) -> String {
    thread_local! {
        static ENGLISH: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    let word = irregular_base(word).unwrap_or(word);
    ENGLISH.with(|english| english.stem(word).into_owned())
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

    fn same(word: &str, base: &str) -> bool {
        stem(word) == stem(base)
    }

    #[test]
    fn a_word_in_any_script_is_safe() {
        assert_eq!(stem("ab\u{1041}ing"), stem("ab\u{1041}ing"));
        assert!(same("running", "run"));
        assert!(!same("falling", "fal"));
        assert_eq!(stem("  "), "");
    }

    #[test]
    fn a_stem_never_invents_another_word() {
        for (word, other) in [
            ("mother", "moth"),
            ("board", "boar"),
            ("sunny", "sun"),
            ("dinner", "din"),
            ("flower", "flow"),
            ("easter", "east"),
            ("bus", "bu"),
            ("glass", "glas"),
            ("police", "policy"),
        ] {
            assert!(!same(word, other), "{word} ~ {other}: {}", stem(word));
        }
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
            ("meetings", "meeting"),
        ] {
            assert!(same(word, base), "{word} → {base}: {}", stem(word));
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
            ("meeting", "meet"),
        ] {
            assert!(same(word, base), "{word} → {base}: {}", stem(word));
        }
    }

    #[test]
    fn comparisons_adverbs_and_owners_find_the_plain_word() {
        assert!(same("bigger", "big"));
        assert!(same("happier", "happy"));
        assert!(same("quickly", "quick"));
        assert!(same("happily", "happy"));
        assert!(same("sam's", "sam"));
        assert!(same("sam’s", "sam"));
        assert!(same("Dogs", "dog"));
    }

    #[test]
    fn a_name_of_several_words_is_stemmed_word_by_word() {
        assert_eq!(stem("Bus Stops"), stem("bus stop"));
        assert_eq!(stem("ice  cream"), "ice cream");
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
