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
mod browser {
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{HtmlAudioElement, SpeechSynthesisEvent, SpeechSynthesisUtterance};

    use super::Speaker;
    use crate::domain::speech::{
        char_from_utf16, spoken_words, word_at, word_for_time, SpeechRequest, SpeechSettings,
    };

    /// The page's audio player, its tablet voice and the ticker that moves
    /// the highlight.
    #[derive(Default)]
    pub struct Browser {
        tts: Option<tts::Tts>,
        audio: Option<HtmlAudioElement>,
        ticker: Option<IntervalHandle>,
    }

    #[derive(serde::Deserialize)]
    struct Speech {
        audio: String,
        words: Vec<TimedWord>,
    }

    #[derive(serde::Deserialize)]
    struct TimedWord {
        start_ms: u32,
    }

    fn synth() -> Option<web_sys::SpeechSynthesis> {
        web_sys::window()?.speech_synthesis().ok()
    }

    fn tablet_has_voice() -> bool {
        synth().is_some_and(|s| s.get_voices().length() > 0)
    }

    /// Counts the tablet's voices now and whenever the browser says the
    /// list changed (`voiceschanged`: Chrome fills it after the page loads).
    pub fn follow_voices(speaker: Speaker) {
        let Some(speech) = synth() else {
            return;
        };
        speaker
            .tablet_voices
            .set(speech.get_voices().length() as usize);
        let on_change = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(synth) = synth() {
                speaker
                    .tablet_voices
                    .set(synth.get_voices().length() as usize);
            }
        });
        let _ = speech.add_event_listener_with_callback(
            "voiceschanged",
            on_change.into_js_value().unchecked_ref(),
        );
    }

    /// Stops the audio, the tablet's voice and the ticker.
    pub fn silence(speaker: Speaker) {
        speaker.browser.update_value(|b| {
            if let Some(ticker) = b.ticker.take() {
                ticker.clear();
            }
            if let Some(audio) = &b.audio {
                let _ = audio.pause();
            }
            if let Some(tts) = b.tts.as_mut() {
                let _ = tts.stop();
            }
        });
        if let Some(synth) = synth() {
            synth.cancel();
        }
    }

    pub fn speak(speaker: Speaker, turn: u64, text: String, settings: SpeechSettings) {
        if settings.use_server_voice(&text, tablet_has_voice()) {
            leptos::task::spawn_local(async move {
                if let Err(error) = play_server_voice(speaker, turn, &text, &settings).await {
                    leptos::logging::warn!("server speech failed: {error:?}");
                    if speaker.is_current(turn) {
                        speak_with_tablet(speaker, turn, &text, &settings);
                    }
                }
            });
        } else {
            speak_with_tablet(speaker, turn, &text, &settings);
        }
    }

    async fn play_server_voice(
        speaker: Speaker,
        turn: u64,
        text: &str,
        settings: &SpeechSettings,
    ) -> Result<(), JsValue> {
        let asked = serde_json::to_string(&SpeechRequest {
            text: text.to_string(),
            voice: Some(settings.voice.clone()),
            rate: Some(settings.rate.as_str().to_string()),
        })
        .map_err(|e| JsValue::from(e.to_string()))?;
        let headers = web_sys::Headers::new()?;
        headers.set("content-type", "application/json")?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&asked));
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init("/speech", &init))
                .await?
                .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from(response.status()));
        }
        let body = JsFuture::from(response.text()?).await?;
        let speech: Speech = serde_json::from_str(&body.as_string().unwrap_or_default())
            .map_err(|e| JsValue::from(e.to_string()))?;
        if !speaker.is_current(turn) {
            return Ok(());
        }
        let starts: Vec<u32> = speech.words.iter().map(|w| w.start_ms).collect();
        let audio = speaker
            .browser
            .try_update_value(|b| {
                if b.audio.is_none() {
                    b.audio = HtmlAudioElement::new().ok();
                }
                b.audio.clone()
            })
            .flatten()
            .ok_or("no audio")?;
        audio.set_src(&speech.audio);
        let playing = audio.play()?;
        speaker.reached(turn, 0);
        let ticking = audio.clone();
        let ticker = set_interval_with_handle(
            move || {
                if !speaker.is_current(turn) {
                    return;
                }
                if ticking.ended() {
                    speaker.finished(turn);
                    silence_ticker(speaker);
                    return;
                }
                let ms = (ticking.current_time() * 1000.0) as u32;
                if let Some(word) = word_for_time(&starts, ms) {
                    speaker.reached(turn, word);
                }
            },
            Duration::from_millis(30),
        )?;
        speaker.browser.update_value(|b| {
            if let Some(old) = b.ticker.replace(ticker) {
                old.clear();
            }
        });
        JsFuture::from(playing).await?;
        Ok(())
    }

    fn silence_ticker(speaker: Speaker) {
        speaker.browser.update_value(|b| {
            if let Some(ticker) = b.ticker.take() {
                ticker.clear();
            }
        });
    }

    /// The tablet's voice. With highlighting on and more than one word,
    /// a web-sys utterance brings word events; otherwise tts-rs speaks.
    fn speak_with_tablet(speaker: Speaker, turn: u64, text: &str, settings: &SpeechSettings) {
        if !tablet_has_voice() {
            speaker.finished(turn);
            return;
        }
        let words = spoken_words(text);
        if settings.highlight && words.len() > 1 {
            speak_with_word_events(speaker, turn, text, settings.rate.browser_rate());
        } else {
            let spoke = speaker
                .browser
                .try_update_value(|b| {
                    if b.tts.is_none() {
                        b.tts = tts::Tts::default().ok();
                    }
                    b.tts.as_mut().is_some_and(|tts| {
                        let _ = tts.set_rate(settings.rate.browser_rate());
                        tts.speak(text, true).is_ok()
                    })
                })
                .unwrap_or(false);
            if !spoke {
                speak_with_word_events(speaker, turn, text, settings.rate.browser_rate());
                return;
            }
            speaker.reached(turn, 0);
            watch_tablet(speaker, turn);
        }
    }

    fn speak_with_word_events(speaker: Speaker, turn: u64, text: &str, rate: f32) {
        let (Some(synth), Ok(utterance)) = (synth(), SpeechSynthesisUtterance::new_with_text(text))
        else {
            speaker.finished(turn);
            return;
        };
        utterance.set_rate(rate);
        let words = spoken_words(text);
        let owned = text.to_string();
        let on_boundary = wasm_bindgen::closure::Closure::<dyn FnMut(SpeechSynthesisEvent)>::new(
            move |event: SpeechSynthesisEvent| {
                let position = char_from_utf16(&owned, event.char_index() as usize);
                if let Some(word) = word_at(&words, position) {
                    speaker.reached(turn, word);
                }
            },
        );
        let on_end = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
            speaker.finished(turn);
        });
        utterance.set_onboundary(Some(on_boundary.into_js_value().unchecked_ref()));
        let on_end = on_end.into_js_value();
        utterance.set_onend(Some(on_end.unchecked_ref()));
        utterance.set_onerror(Some(on_end.unchecked_ref()));
        synth.speak(&utterance);
    }

    /// tts-rs gives no end event on every browser: watch `speaking`.
    fn watch_tablet(speaker: Speaker, turn: u64) {
        let started = js_sys::Date::now();
        let Ok(ticker) = set_interval_with_handle(
            move || {
                let speaking = synth().is_some_and(|s| s.speaking() || s.pending());
                if !speaker.is_current(turn) || (!speaking && js_sys::Date::now() - started > 300.0)
                {
                    speaker.finished(turn);
                    silence_ticker(speaker);
                }
            },
            Duration::from_millis(100),
        ) else {
            return;
        };
        speaker.browser.update_value(|b| {
            if let Some(old) = b.ticker.replace(ticker) {
                old.clear();
            }
        });
    }
}
