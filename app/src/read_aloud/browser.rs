//! The browser's side of reading aloud: the tablet's own voice (`tts`),
//! the server's speech played in an audio element, and the highlight that
//! follows each word.

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
    let speech: Speech = serde_json::from_slice(body.as_string().unwrap_or_default().as_bytes())
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
            if !speaker.is_current(turn) || (!speaking && js_sys::Date::now() - started > 300.0) {
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
