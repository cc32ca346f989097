//! A communication profile (from the NHS Accessible Information Standard):
//! how a person likes information. A supporter records it; the app uses it
//! for the person's defaults.

use serde::{Deserialize, Serialize};

use super::speech::SpeechSettings;

/// How a person likes information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Short sentences, everyday words.
    pub easy_read: bool,
    /// A picture beside each idea.
    pub symbols: bool,
    /// Words read aloud.
    pub read_aloud: bool,
    /// Bigger writing.
    pub large_text: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            easy_read: true,
            symbols: true,
            read_aloud: true,
            large_text: false,
        }
    }
}

impl Profile {
    /// The person's reading-aloud settings until they save their own:
    /// someone who does not want words read aloud gets quiet taps and no
    /// highlight.
    pub fn speech_defaults(&self) -> SpeechSettings {
        SpeechSettings {
            speak_on_tap: self.read_aloud,
            highlight: self.read_aloud,
            ..SpeechSettings::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_profile_everything_helps_and_writing_is_normal_size() {
        let profile = Profile::default();
        assert!(profile.easy_read && profile.symbols && profile.read_aloud);
        assert!(!profile.large_text);
        assert_eq!(profile.speech_defaults(), SpeechSettings::default());
    }

    #[test]
    fn no_read_aloud_means_quiet_taps_by_default() {
        let profile = Profile {
            read_aloud: false,
            ..Profile::default()
        };
        let speech = profile.speech_defaults();
        assert!(!speech.speak_on_tap);
        assert!(!speech.highlight);
    }
}
