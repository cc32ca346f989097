//! Each person's communication profile and how they hear things, kept as
//! one JSON document a person.

use app::domain::profile::Profile;
use app::domain::speech::SpeechSettings;
use app::ports::{SettingsStore, StoreResult};
use async_trait::async_trait;

use super::error::other;
use super::{text, Storage};

impl Storage {
    /// A JSON document kept per person in `table`'s `column`.
    async fn load_person_json<T: serde::de::DeserializeOwned>(
        &self,
        table: &'static str,
        column: &'static str,
        person_id: &str,
    ) -> StoreResult<Option<T>> {
        let row = sqlx::query(&format!(
            "select {column} as doc from {table} where person_id = $1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(other)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let json = text(&row, "doc").map_err(other)?;
        serde_json::from_str(&json).map(Some).map_err(other)
    }

    /// Saves a person's JSON document in `table`'s `column`, with who
    /// changed it and when.
    async fn store_person_json<T: serde::Serialize>(
        &self,
        table: &'static str,
        column: &'static str,
        person_id: &str,
        value: &T,
        by: &str,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(value).map_err(other)?;
        sqlx::query(&format!(
            "insert into {table} (person_id, {column}, updated_by, updated_at) \
             values ($1, $2, $3, $4) \
             on conflict (person_id) do update set {column} = excluded.{column}, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at"
        ))
        .bind(person_id)
        .bind(json)
        .bind(by)
        .bind(self.now())
        .execute(&self.pool)
        .await
        .map_err(other)?;
        Ok(())
    }
}
#[async_trait]
impl SettingsStore for Storage {
    async fn profile(&self, person_id: &str) -> StoreResult<Option<Profile>> {
        self.load_person_json("communication_profile", "profile", person_id)
            .await
    }

    async fn save_profile(&self, person_id: &str, profile: &Profile, by: &str) -> StoreResult<()> {
        self.store_person_json("communication_profile", "profile", person_id, profile, by)
            .await
    }

    async fn speech_settings(&self, person_id: &str) -> StoreResult<Option<SpeechSettings>> {
        let settings: Option<SpeechSettings> = self
            .load_person_json("speech_setting", "settings", person_id)
            .await?;
        Ok(settings.map(SpeechSettings::checked))
    }

    async fn save_speech_settings(
        &self,
        person_id: &str,
        settings: &SpeechSettings,
        by: &str,
    ) -> StoreResult<()> {
        self.store_person_json("speech_setting", "settings", person_id, settings, by)
            .await
    }
}
