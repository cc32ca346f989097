//! Each person's reading-aloud settings, saved on the server. A person
//! changes their own; a supporter may change them for the authors on the
//! accounts they check.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::speech::SpeechSettings;
use crate::error::AppError;

/// The signed-in person's settings (the defaults until first saved).
#[server(endpoint = "speech/settings", input = Json)]
pub async fn my_settings() -> Result<SpeechSettings, AppError> {
    crate::ports::answer(flows::settings_for(None).await)
}

/// Someone's settings: your own, or an author's you support.
#[server(endpoint = "speech/settings-for", input = Json)]
pub async fn settings_for(person_id: String) -> Result<SpeechSettings, AppError> {
    crate::ports::answer(flows::settings_for(Some(person_id)).await)
}

/// Saves settings for yourself (`person_id` empty) or for an author.
#[server(endpoint = "speech/save-settings", input = Json)]
pub async fn save_settings(
    person_id: Option<String>,
    settings: SpeechSettings,
) -> Result<(), AppError> {
    crate::ports::answer(flows::save(person_id, settings).await)
}

/// A communication profile: your own (`person_id` empty), or that of an
/// author you support. The defaults until a supporter records one.
#[server(endpoint = "profile/get", input = Json)]
pub async fn profile_of(
    person_id: Option<String>,
) -> Result<crate::domain::profile::Profile, AppError> {
    crate::ports::answer(flows::profile_of(person_id).await)
}

/// Records how an author likes information. Their supporters only.
#[server(endpoint = "profile/save", input = Json)]
pub async fn save_profile(
    person_id: String,
    profile: crate::domain::profile::Profile,
) -> Result<(), AppError> {
    crate::ports::answer(flows::save_profile(person_id, profile).await)
}

#[cfg(feature = "ssr")]
mod flows {
    use crate::accounts::Person;
    use crate::boards::flows::may_fill;
    use crate::domain::profile::Profile;
    use crate::domain::speech::{voice, SpeechSettings};
    use crate::error::AppError;
    use crate::ports;

    /// The person whose settings these are, once the caller may use them.
    async fn whose(caller: &Person, person_id: Option<String>) -> Result<String, AppError> {
        match person_id.filter(|id| !id.is_empty() && *id != caller.person_id) {
            None => Ok(caller.person_id.clone()),
            Some(author_id) => {
                may_fill(caller, &author_id).await?;
                Ok(author_id)
            }
        }
    }

    pub async fn settings_for(person_id: Option<String>) -> Result<SpeechSettings, AppError> {
        let caller = ports::signed_in().await?;
        let person_id = whose(&caller, person_id).await?;
        let store = ports::services()?.store;
        match store.speech_settings(&person_id).await? {
            Some(settings) => Ok(settings),
            // Until they save their own, the profile sets them.
            None => Ok(store
                .profile(&person_id)
                .await?
                .unwrap_or_default()
                .speech_defaults()),
        }
    }

    pub async fn profile_of(person_id: Option<String>) -> Result<Profile, AppError> {
        let caller = ports::signed_in().await?;
        let person_id = whose(&caller, person_id).await?;
        let store = ports::services()?.store;
        Ok(store.profile(&person_id).await?.unwrap_or_default())
    }

    pub async fn save_profile(person_id: String, profile: Profile) -> Result<(), AppError> {
        let caller = ports::signed_in().await?;
        if person_id == caller.person_id {
            // A supporter records it with the person, not for themself.
            return Err(AppError::NotAllowed);
        }
        may_fill(&caller, &person_id).await?;
        ports::services()?
            .store
            .save_profile(&person_id, &profile, &caller.person_id)
            .await?;
        tracing::info!(by = %caller.user_name, person = %person_id, "communication profile saved");
        Ok(())
    }

    pub async fn save(person_id: Option<String>, settings: SpeechSettings) -> Result<(), AppError> {
        let caller = ports::signed_in().await?;
        let person_id = whose(&caller, person_id).await?;
        if voice(&settings.voice).is_none() {
            return Err(AppError::BadInput(
                crate::strings::SPEECH_UNKNOWN_VOICE.into(),
            ));
        }
        let store = ports::services()?.store;
        store
            .save_speech_settings(&person_id, &settings, &caller.person_id)
            .await?;
        tracing::info!(by = %caller.user_name, person = %person_id, "speech settings saved");
        Ok(())
    }
}
