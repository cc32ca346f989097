//! Reading aloud: the one speech service every component uses.
//!
//! One speaker per page, one utterance at a time (a new request stops the
//! old one; see [`Turns`]). What is being said, and which word, is a
//! signal, so any part of the page can light up the word being heard.
//!
//! Two voices: the tablet's (tts-rs, with web-sys `SpeechSynthesis` for
//! the word events tts-rs does not expose) and Our Voice's, made on the
//! server by `GET /speech` with the start time of every word, played as
//! audio and highlighted from those times. Which one speaks follows the
//! person's settings ([`SpeechSettings::use_server_voice`]). On the server
//! the speaker does nothing.

mod page;
mod settings;

use leptos::prelude::*;

use crate::domain::speech::{spoken_words, SpeechSettings, Turns};

pub use page::{HearingPage, Said, SpokenWords};
pub use settings::{my_settings, profile_of, save_profile, save_settings, settings_for};

/// What is being said now: its key (who asked) and the word being heard
/// (counted over the spoken words of the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaking {
    pub key: String,
    pub word: Option<usize>,
}

/// The page's speaker. Copy it freely.
#[derive(Clone, Copy)]
pub struct Speaker {
    now: RwSignal<Option<Speaking>>,
    /// The signed-in person's settings (loaded in the browser).
    pub settings: RwSignal<SpeechSettings>,
    /// How many voices the tablet has (0 until the browser lists them).
    pub tablet_voices: RwSignal<usize>,
    turns: StoredValue<Turns>,
    #[cfg(target_arch = "wasm32")]
    browser: StoredValue<browser::Browser, LocalStorage>,
}

impl Speaker {
    /// Makes the page's speaker; call once, in the app root.
    pub fn new() -> Speaker {
        Speaker {
            now: RwSignal::new(None),
            settings: RwSignal::new(SpeechSettings::default()),
            tablet_voices: RwSignal::new(0),
            turns: StoredValue::new(Turns::default()),
            #[cfg(target_arch = "wasm32")]
            browser: StoredValue::new_local(browser::Browser::default()),
        }
    }

    /// Says `text`, stopping anything said before. The text is its own key.
    pub fn say(&self, text: &str) {
        self.say_as(text, text);
    }

    /// Says `text` for `key` (a post, a message), stopping anything before.
    pub fn say_as(&self, key: &str, text: &str) {
        self.say_with(key, text, self.settings.get_untracked());
    }

    /// Says `text` with these settings instead of the person's own (to try
    /// settings before saving them).
    pub fn say_with(&self, key: &str, text: &str, settings: SpeechSettings) {
        let text = text.trim();
        if spoken_words(text).is_empty() {
            return;
        }
        self.stop();
        let turn = self
            .turns
            .try_update_value(Turns::begin)
            .unwrap_or_default();
        self.now.set(Some(Speaking {
            key: key.to_string(),
            word: None,
        }));
        #[cfg(target_arch = "wasm32")]
        browser::speak(*self, turn, text.to_string(), settings);
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (turn, settings);
    }

    /// A picture was tapped: say its word, or (quiet building) stop
    /// speaking and say nothing.
    pub fn tap(&self, key: &str, word: &str) {
        if self.settings.with_untracked(|s| s.speak_on_tap) {
            self.say_as(key, word);
        } else {
            self.stop();
        }
    }

    /// Stops speaking at once.
    pub fn stop(&self) {
        self.turns.update_value(Turns::stop);
        #[cfg(target_arch = "wasm32")]
        browser::silence(*self);
        if self.now.with_untracked(Option::is_some) {
            self.now.set(None);
        }
    }

    /// True while something is said for `key` (reactive).
    pub fn saying(&self, key: &str) -> bool {
        self.now
            .with(|now| now.as_ref().is_some_and(|n| n.key == key))
    }

    /// True while anything is said (reactive).
    pub fn busy(&self) -> bool {
        self.now.with(Option::is_some)
    }

    /// The word of `key`'s text being heard, when highlighting is on
    /// (reactive).
    pub fn word_in(&self, key: &str) -> Option<usize> {
        if !self.settings.with(|s| s.highlight) {
            return None;
        }
        self.now
            .with(|now| now.as_ref().filter(|n| n.key == key).and_then(|n| n.word))
    }

    /// The utterance `turn` has reached word `word` (ignored when stale).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn reached(&self, turn: u64, word: usize) {
        if !self.turns.with_value(|t| t.is_current(turn)) {
            return;
        }
        self.now.update(|now| {
            if let Some(now) = now {
                if now.word != Some(word) {
                    now.word = Some(word);
                }
            }
        });
    }

    /// The utterance `turn` has ended (ignored when stale).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn finished(&self, turn: u64) {
        if self.turns.try_update_value(|t| t.finish(turn)) == Some(true) {
            self.now.set(None);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn is_current(&self, turn: u64) -> bool {
        self.turns.with_value(|t| t.is_current(turn))
    }
}

impl Default for Speaker {
    fn default() -> Self {
        Speaker::new()
    }
}

/// Loads the signed-in person's settings into the page's speaker, and
/// follows the tablet's voice list, in the browser only (so the
/// server-rendered page and hydration agree).
pub fn load_settings(speaker: Speaker) {
    Effect::new(move |_| {
        #[cfg(target_arch = "wasm32")]
        browser::follow_voices(speaker);
        leptos::task::spawn_local(async move {
            if let Ok(settings) = my_settings().await {
                speaker.settings.set(settings);
            }
        });
    });
}

#[cfg(target_arch = "wasm32")]
mod browser;
