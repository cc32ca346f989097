//! Reading aloud in the browser: one speaker per page, one utterance at a
//! time (a new request stops the old one). On the server it does nothing.

#[cfg(target_arch = "wasm32")]
use leptos::prelude::*;

/// The page's speaker. Copy it freely; it holds one `Tts` for the page.
#[derive(Clone, Copy)]
pub struct Speaker {
    #[cfg(target_arch = "wasm32")]
    tts: StoredValue<Option<tts::Tts>, LocalStorage>,
}

impl Speaker {
    /// Makes the page's speaker; call once, in the app root.
    pub fn new() -> Speaker {
        Speaker {
            #[cfg(target_arch = "wasm32")]
            tts: StoredValue::new_local(None),
        }
    }

    /// Says `text`, stopping anything said before.
    pub fn say(&self, text: &str) {
        let text = text.trim();
        #[cfg(target_arch = "wasm32")]
        if !text.is_empty() {
            self.say_in_browser(text);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = text;
    }

    #[cfg(target_arch = "wasm32")]
    fn say_in_browser(&self, text: &str) {
        if self.tts.with_value(Option::is_none) {
            match tts::Tts::default() {
                Ok(tts) => self.tts.set_value(Some(tts)),
                Err(error) => leptos::logging::warn!("speech unavailable: {error}"),
            }
        }
        let mut spoke = false;
        self.tts.update_value(|tts| {
            if let Some(tts) = tts.as_mut() {
                spoke = tts.speak(text, true).is_ok();
            }
        });
        if !spoke {
            say_with_web_speech(text);
        }
    }
}

impl Default for Speaker {
    fn default() -> Self {
        Speaker::new()
    }
}

/// Straight to the browser's speech synthesis, when tts-rs cannot start.
#[cfg(target_arch = "wasm32")]
fn say_with_web_speech(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let (Ok(synth), Ok(utterance)) = (
        window.speech_synthesis(),
        web_sys::SpeechSynthesisUtterance::new_with_text(text),
    ) {
        synth.cancel();
        synth.speak(&utterance);
    }
}
