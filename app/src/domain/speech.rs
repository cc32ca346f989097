//! Reading aloud: which words a text is spoken as, which word is being
//! spoken at a moment, the voices and speeds on offer, each person's
//! settings, and the rule that only one thing is spoken at a time.
//!
//! Positions are counted in characters (Unicode scalar values), which is
//! what the speech engine reports; browsers count UTF-16 units, so
//! [`char_from_utf16`] converts theirs.

use serde::{Deserialize, Serialize};

/// Longest text spoken in one request, in characters.
pub const MAX_SPEECH_CHARS: usize = 1_000;

/// What `POST /speech` is asked to say. The words go in the body, never in
/// the address: addresses end up in logs and browser history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeechRequest {
    pub text: String,
    #[serde(default)]
    pub voice: Option<String>,
    #[serde(default)]
    pub rate: Option<String>,
}

/// One word as it is spoken: its text and where it sits in the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpokenWord {
    pub text: String,
    /// First character, counted from 0.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// The words of `text` that are spoken: runs between spaces that hold at
/// least one letter or digit. Punctuation stays on its word ("Hello,"), and
/// a dash or a lone "!" is not a word.
pub fn spoken_words(text: &str) -> Vec<SpokenWord> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut position = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            if let Some((start, word)) = current.take() {
                push_word(&mut words, start, position, word);
            }
        } else {
            current
                .get_or_insert_with(|| (position, String::new()))
                .1
                .push(c);
        }
        position += 1;
    }
    if let Some((start, word)) = current {
        push_word(&mut words, start, position, word);
    }
    words
}

fn push_word(words: &mut Vec<SpokenWord>, start: usize, end: usize, text: String) {
    if text.chars().any(char::is_alphanumeric) {
        words.push(SpokenWord { text, start, end });
    }
}

/// The word at character `position`: the word holding it, or else the next
/// word after it (engines often point at the space before a word).
pub fn word_at(words: &[SpokenWord], position: usize) -> Option<usize> {
    words.iter().position(|word| position < word.end)
}

/// One start time (milliseconds) for every word, in order, never going
/// back, none after `duration_ms`.
///
/// `marks` are the engine's word events: (character position, time). A
/// number said as several words ("1,500") gives several marks on one word:
/// the first counts. A word the engine gave no mark (it runs "was a"
/// together) gets a time shared out between its neighbours, so every word
/// still has its own moment.
pub fn align(words: &[SpokenWord], marks: &[(usize, u32)], duration_ms: u32) -> Vec<u32> {
    let mut starts: Vec<Option<u32>> = vec![None; words.len()];
    for &(position, time) in marks {
        if let Some(index) = word_at(words, position) {
            let slot = &mut starts[index];
            if slot.is_none() {
                *slot = Some(time.min(duration_ms));
            }
        }
    }
    let mut filled = Vec::with_capacity(words.len());
    let mut index = 0;
    while index < starts.len() {
        if let Some(start) = starts[index] {
            filled.push(start);
            index += 1;
            continue;
        }
        let gap_end = (index..starts.len())
            .find(|&i| starts[i].is_some())
            .unwrap_or(starts.len());
        let next = starts
            .get(gap_end)
            .copied()
            .flatten()
            .unwrap_or(duration_ms);
        // Shares are worked out in 64 bits: a long text's products would
        // not fit in 32.
        let missing = (gap_end - index) as u64;
        let share = |from: u32, span: u32, k: u64, parts: u64| {
            let at = u64::from(from) + u64::from(span) * k / parts;
            u32::try_from(at).unwrap_or(u32::MAX)
        };
        if index == 0 {
            // Words before the first mark share the time from 0.
            filled.extend((0..missing).map(|k| share(0, next, k, missing)));
        } else {
            let previous = filled[index - 1];
            let span = next.saturating_sub(previous);
            filled.extend((1..=missing).map(|k| share(previous, span, k, missing + 1)));
        }
        index = gap_end;
    }
    let mut last = 0;
    filled
        .into_iter()
        .map(|start| {
            last = start.max(last);
            last
        })
        .collect()
}

/// The word being spoken `ms` into the audio: the last word started.
pub fn word_for_time(starts: &[u32], ms: u32) -> Option<usize> {
    match starts.partition_point(|&start| start <= ms) {
        0 => None,
        n => Some(n - 1),
    }
}

/// A browser's position (UTF-16 units) as a character position.
pub fn char_from_utf16(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (index, c) in text.chars().enumerate() {
        if seen >= units {
            return index;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}

/// Tiles spoken as one text: for each spoken word, the tile it belongs to.
/// Tiles are joined with single spaces, as [`tiles_text`] does.
pub fn tile_of_each_word(tile_words: &[&str]) -> Vec<usize> {
    tile_words
        .iter()
        .enumerate()
        .flat_map(|(tile, words)| std::iter::repeat_n(tile, spoken_words(words).len()))
        .collect()
}

/// The text spoken for a row of tiles.
pub fn tiles_text(tile_words: &[&str]) -> String {
    tile_words
        .iter()
        .map(|word| word.trim())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How fast speech goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    Slower,
    #[default]
    Normal,
    Faster,
}

impl Rate {
    pub const ALL: [Rate; 3] = [Rate::Slower, Rate::Normal, Rate::Faster];

    /// Words a minute for the server's voice.
    pub fn words_per_minute(self) -> u32 {
        match self {
            Rate::Slower => 120,
            Rate::Normal => 150,
            Rate::Faster => 185,
        }
    }

    /// The browser's rate (1.0 is the voice's own speed).
    pub fn browser_rate(self) -> f32 {
        match self {
            Rate::Slower => 0.75,
            Rate::Normal => 0.9,
            Rate::Faster => 1.15,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rate::Slower => "slower",
            Rate::Normal => "normal",
            Rate::Faster => "faster",
        }
    }

    pub fn parse(text: &str) -> Option<Rate> {
        Rate::ALL.into_iter().find(|rate| rate.as_str() == text)
    }
}

/// A voice the server can speak with: our id, its easy-read name, and the
/// speech engine's name for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voice {
    pub id: &'static str,
    pub label: &'static str,
    pub engine: &'static str,
}

/// The server's voices, a fixed list. The first is the default.
pub const VOICES: &[Voice] = &[
    Voice {
        id: "en-gb",
        label: "English voice 1",
        engine: "en",
    },
    Voice {
        id: "en-gb-2",
        label: "English voice 2",
        engine: "en+f3",
    },
    Voice {
        id: "en-gb-scotland",
        label: "Scottish voice",
        engine: "en-GB-scotland",
    },
    Voice {
        id: "en-gb-west-midlands",
        label: "West Midlands voice",
        engine: "en-GB-x-gbcwmd",
    },
    Voice {
        id: "cy",
        label: "Welsh voice",
        engine: "cy",
    },
];

/// The voice with this id, if it is on the list.
pub fn voice(id: &str) -> Option<Voice> {
    VOICES.iter().copied().find(|voice| voice.id == id)
}

/// Which voice reads aloud.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceSource {
    /// Our Voice's voice for anything that is highlighted (its word times
    /// always come), the tablet's for a single word when it has a voice.
    #[default]
    Auto,
    /// The tablet's voice (highlighting only where the tablet reports words).
    Tablet,
    /// Our Voice's voice, made on the server.
    OurVoice,
}

/// How a person hears things, saved on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechSettings {
    pub source: VoiceSource,
    /// A voice id from [`VOICES`].
    pub voice: String,
    pub rate: Rate,
    /// Speak a picture's word when it is tapped. Off for quiet building.
    pub speak_on_tap: bool,
    /// Show the word being spoken.
    pub highlight: bool,
}

impl Default for SpeechSettings {
    fn default() -> Self {
        SpeechSettings {
            source: VoiceSource::Auto,
            voice: VOICES[0].id.to_string(),
            rate: Rate::Normal,
            speak_on_tap: true,
            highlight: true,
        }
    }
}

impl SpeechSettings {
    /// Settings with an unknown voice put back to the default voice.
    pub fn checked(mut self) -> SpeechSettings {
        if voice(&self.voice).is_none() {
            self.voice = VOICES[0].id.to_string();
        }
        self
    }

    /// Whether the server's voice speaks `text`, given whether the tablet
    /// has a voice at all.
    pub fn use_server_voice(&self, text: &str, tablet_has_voice: bool) -> bool {
        match self.source {
            VoiceSource::OurVoice => true,
            VoiceSource::Tablet => !tablet_has_voice,
            VoiceSource::Auto => {
                !tablet_has_voice || (self.highlight && spoken_words(text).len() > 1)
            }
        }
    }
}

/// The one-at-a-time rule. Each request to speak gets a new number and
/// makes every older one stale: events from a stale utterance (a late
/// word mark, a late "ended") are ignored, so nothing overlaps and an old
/// utterance can never move the highlight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Turns {
    latest: u64,
    speaking: Option<u64>,
}

impl Turns {
    /// A new utterance; everything before it is stopped.
    pub fn begin(&mut self) -> u64 {
        self.latest += 1;
        self.speaking = Some(self.latest);
        self.latest
    }

    /// Nothing is being said any more.
    pub fn stop(&mut self) {
        self.speaking = None;
    }

    /// True while `turn` is the one being said.
    pub fn is_current(&self, turn: u64) -> bool {
        self.speaking == Some(turn)
    }

    /// `turn` finished; ignored when it is stale.
    pub fn finish(&mut self, turn: u64) -> bool {
        if self.is_current(turn) {
            self.speaking = None;
            true
        } else {
            false
        }
    }

    pub fn speaking(&self) -> Option<u64> {
        self.speaking
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[SpokenWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn punctuation_stays_on_its_word_and_is_never_a_word() {
        let words = spoken_words("Hello, world! - We met at 10:30 . See you ...");
        assert_eq!(
            texts(&words),
            ["Hello,", "world!", "We", "met", "at", "10:30", "See", "you"]
        );
        assert_eq!((words[1].start, words[1].end), (7, 13));
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let words = spoken_words("Café time 😀 now");
        assert_eq!(texts(&words), ["Café", "time", "now"]);
        assert_eq!((words[1].start, words[2].start), (5, 12));
    }

    #[test]
    fn marks_map_to_words_in_order() {
        let text = "I went to the park.";
        let words = spoken_words(text);
        // The engine's positions, 0-based: I, went, to, the, park.
        let marks = [(0, 0), (2, 180), (7, 420), (10, 560), (14, 700)];
        assert_eq!(align(&words, &marks, 1500), [0, 180, 420, 560, 700]);
    }

    #[test]
    fn a_number_said_as_many_words_keeps_its_first_time() {
        let words = spoken_words("We raised 1,500 pounds");
        // "1,500" is said as "one thousand five hundred": four marks.
        let marks = [
            (0, 0),
            (3, 200),
            (10, 500),
            (10, 800),
            (10, 1100),
            (10, 1300),
            (16, 1600),
        ];
        assert_eq!(align(&words, &marks, 2200), [0, 200, 500, 1600]);
    }

    #[test]
    fn repeated_words_are_told_apart_by_position() {
        let text = "Yes yes yes!";
        let words = spoken_words(text);
        let marks = [(0, 0), (4, 300), (8, 600)];
        assert_eq!(align(&words, &marks, 1000), [0, 300, 600]);
        assert_eq!(word_for_time(&[0, 300, 600], 450), Some(1));
    }

    #[test]
    fn a_word_with_no_mark_shares_the_time_of_its_neighbours() {
        let words = spoken_words("Tea & cake");
        // No mark for "&" (not a word) and none for "cake".
        assert_eq!(texts(&words), ["Tea", "cake"]);
        assert_eq!(align(&words, &[(0, 0)], 900), [0, 450]);
        // The engine runs "was a" together: "a" has no mark of its own.
        let words = spoken_words("It was a lovely day");
        let marks = [(0, 2860), (3, 2997), (9, 3217), (16, 3545)];
        assert_eq!(align(&words, &marks, 4000), [2860, 2997, 3107, 3217, 3545]);
        // Two missing words share the gap evenly; so do missing first words.
        let words = spoken_words("one two three four");
        assert_eq!(align(&words, &[(0, 0), (14, 600)], 900), [0, 200, 400, 600]);
        assert_eq!(align(&words, &[(8, 300)], 900), [0, 150, 300, 600]);
        assert_eq!(align(&words, &[], 800), [0, 200, 400, 600]);
    }

    #[test]
    fn marks_on_the_space_before_a_word_count_for_that_word() {
        let words = spoken_words("big  dog");
        assert_eq!(word_at(&words, 3), Some(1));
        assert_eq!(word_at(&words, 4), Some(1));
        assert_eq!(word_at(&words, 99), None);
    }

    #[test]
    fn times_never_go_back_or_past_the_end() {
        let words = spoken_words("a b c");
        let starts = align(&words, &[(0, 100), (2, 50), (4, 5000)], 1200);
        assert_eq!(starts, [100, 100, 1200]);
    }

    #[test]
    fn the_word_for_a_moment() {
        let starts = [0, 250, 600];
        assert_eq!(word_for_time(&starts, 0), Some(0));
        assert_eq!(word_for_time(&starts, 249), Some(0));
        assert_eq!(word_for_time(&starts, 250), Some(1));
        assert_eq!(word_for_time(&starts, 10_000), Some(2));
        assert_eq!(word_for_time(&[100], 50), None);
    }

    #[test]
    fn browser_positions_in_utf16_become_characters() {
        let text = "😀 hi there";
        // The emoji is two UTF-16 units.
        assert_eq!(char_from_utf16(text, 3), 2);
        assert_eq!(char_from_utf16(text, 6), 5);
        assert_eq!(char_from_utf16("abc", 99), 3);
    }

    #[test]
    fn each_spoken_word_knows_its_tile() {
        let tiles = ["I", "like", "ice cream", "!", "at 3 pm."];
        assert_eq!(tile_of_each_word(&tiles), [0, 1, 2, 2, 4, 4, 4]);
        assert_eq!(tiles_text(&tiles), "I like ice cream ! at 3 pm.");
        assert_eq!(spoken_words(&tiles_text(&tiles)).len(), 7);
    }

    #[test]
    fn one_utterance_at_a_time() {
        let mut turns = Turns::default();
        let first = turns.begin();
        assert!(turns.is_current(first));
        let second = turns.begin();
        assert!(!turns.is_current(first), "a new request stops the old one");
        assert!(!turns.finish(first), "the old one ending changes nothing");
        assert_eq!(turns.speaking(), Some(second));
        assert!(turns.finish(second));
        assert_eq!(turns.speaking(), None);
        let third = turns.begin();
        turns.stop();
        assert!(!turns.is_current(third));
        assert!(third > second);
    }

    #[test]
    fn rates_and_voices_round_trip() {
        for rate in Rate::ALL {
            assert_eq!(Rate::parse(rate.as_str()), Some(rate));
        }
        assert_eq!(Rate::parse("ludicrous"), None);
        assert!(voice("en-gb").is_some());
        assert!(voice("en-gb; rm -rf /").is_none());
        let settings = SpeechSettings {
            voice: "robot".into(),
            ..SpeechSettings::default()
        };
        assert_eq!(settings.checked().voice, "en-gb");
    }

    #[test]
    fn auto_picks_the_voice_that_highlights() {
        let auto = SpeechSettings::default();
        assert!(auto.use_server_voice("I went to the park", true));
        assert!(
            !auto.use_server_voice("park", true),
            "one word: the tablet is quicker"
        );
        assert!(
            auto.use_server_voice("park", false),
            "no tablet voice at all"
        );
        let tablet = SpeechSettings {
            source: VoiceSource::Tablet,
            ..SpeechSettings::default()
        };
        assert!(!tablet.use_server_voice("I went to the park", true));
        let quiet_highlight = SpeechSettings {
            highlight: false,
            ..SpeechSettings::default()
        };
        assert!(!quiet_highlight.use_server_voice("I went to the park", true));
    }
}
