//! Our Voice's own voice: `GET /speech?text=…&voice=…&rate=…` speaks a text
//! with espeak-ng and answers with the audio's address and the start time
//! of every word, so the browser can highlight each word as it is heard.
//!
//! Results are cached in the media store (`speech/`, shared by every
//! server), named by a hash of everything that shapes the sound; a repeat
//! never reaches the engine.
//! At most [`WAITING_AT_ONCE`] requests wait for the engine; one more gets
//! a clear 503. A request that goes away gives back its place, and the
//! engine skips its job.

pub mod engine;
pub mod wav;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use app::domain::speech::{
    align, spoken_words, voice, Rate, SpeechRequest, MAX_SPEECH_CHARS, VOICES,
};
use app::strings;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::blobs::Blobs;
use crate::reply::{HttpError, HttpResult, RequireUser};

pub use engine::{Engine, Synthesis};

/// Requests allowed to wait for the engine at once.
pub const WAITING_AT_ONCE: usize = 50;
/// The cache is trimmed (oldest entries first) when it grows past this.
pub const CACHE_MAX_BYTES: u64 = 512 * 1024 * 1024;
/// How often (in syntheses) the cache's size is checked.
const PRUNE_EVERY: u64 = 200;
/// Changes whenever the way sound or times are made changes, so old cache
/// entries are never used for new output.
const CACHE_VERSION: &str = "espeak-ng-1.51/v1";

/// What the browser gets: where the audio is, how long it lasts and when
/// each word starts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Speech {
    pub audio: String,
    pub duration_ms: u32,
    pub words: Vec<TimedWord>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TimedWord {
    pub text: String,
    pub start_ms: u32,
}

/// Why a text was not spoken. Each has an easy-read message.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{}", strings::SPEECH_EMPTY)]
    Empty,
    #[error("{}", strings::SPEECH_TOO_LONG)]
    TooLong,
    #[error("{}", strings::SPEECH_UNKNOWN_VOICE)]
    UnknownVoice,
    #[error("{}", strings::SPEECH_BUSY)]
    Busy,
    #[error("{}", strings::SPEECH_BROKEN)]
    Broken(#[source] anyhow::Error),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Empty | Refusal::TooLong | Refusal::UnknownVoice => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Refusal::Busy | Refusal::Broken(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// Whether an answer came from the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Cache,
    Engine,
}

/// The speech service. Cheap to clone.
#[derive(Clone)]
pub struct SpeechService {
    media: Blobs,
    engine: Option<Engine>,
    waiting: Arc<Semaphore>,
    syntheses: Arc<AtomicU64>,
}

impl SpeechService {
    /// A service caching in `media`. Without espeak-ng it still starts,
    /// answers from its cache and refuses the rest with 503.
    pub fn open(media: Blobs) -> SpeechService {
        let engine = match Engine::start() {
            Ok(engine) => Some(engine),
            Err(error) => {
                tracing::warn!(%error, "Server speech is off");
                None
            }
        };
        SpeechService {
            media,
            engine,
            waiting: Arc::new(Semaphore::new(WAITING_AT_ONCE)),
            syntheses: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many requests wait for the engine or are being spoken now.
    pub fn in_queue(&self) -> usize {
        WAITING_AT_ONCE - self.waiting.available_permits()
    }

    /// How many times the engine has been run.
    pub fn syntheses(&self) -> u64 {
        self.syntheses.load(Ordering::Relaxed)
    }

    /// Speaks `text`, from the cache when it can.
    pub async fn speak(
        &self,
        text: &str,
        voice_id: &str,
        rate: Rate,
    ) -> Result<(Speech, Source), Refusal> {
        let text = text.trim();
        let voice = check(text, voice_id)?;
        let key = cache_key(text, voice.engine, rate);
        if let Some(speech) = self.cached(&key).await {
            return Ok((speech, Source::Cache));
        }
        let Ok(_permit) = self.waiting.try_acquire() else {
            tracing::warn!("speech refused: {WAITING_AT_ONCE} requests already waiting");
            return Err(Refusal::Busy);
        };
        let engine = self
            .engine
            .as_ref()
            .ok_or_else(|| Refusal::Broken(anyhow::anyhow!("espeak-ng is not installed")))?;
        let made = self.syntheses.fetch_add(1, Ordering::Relaxed) + 1;
        let synthesis = engine
            .speak(text, voice.engine, rate.words_per_minute())
            .await
            .map_err(Refusal::Broken)?;
        let speech = timed(text, &synthesis, format!("/speech/{key}.wav"));
        let audio = wav::encode(&synthesis.samples, synthesis.sample_rate);
        let saved = save(&self.media, &key, audio, &speech).await;
        if made.is_multiple_of(PRUNE_EVERY) {
            let media = self.media.clone();
            tokio::spawn(async move {
                match prune(&media, CACHE_MAX_BYTES).await {
                    Ok(0) => {}
                    Ok(removed) => tracing::info!(removed, "speech cache trimmed"),
                    Err(error) => {
                        tracing::warn!(error = %format!("{error:#}"), "Failed to trim the speech cache")
                    }
                }
            });
        }
        saved.map_err(Refusal::Broken)?;
        Ok((speech, Source::Engine))
    }

    async fn cached(&self, key: &str) -> Option<Speech> {
        let json = match self.media.get("speech", &format!("{key}.json")).await {
            Ok(json) => json?,
            Err(error) => {
                tracing::warn!(error = %format!("{error:#}"), "Failed to read the speech cache");
                return None;
            }
        };
        serde_json::from_slice(&json).ok()
    }
}

/// The checks made before anything is spoken.
pub fn check(text: &str, voice_id: &str) -> Result<app::domain::speech::Voice, Refusal> {
    let voice = voice(voice_id).ok_or(Refusal::UnknownVoice)?;
    if text.chars().count() > MAX_SPEECH_CHARS {
        return Err(Refusal::TooLong);
    }
    if spoken_words(text).is_empty() {
        return Err(Refusal::Empty);
    }
    Ok(voice)
}

/// The engine's output as a word-timed answer.
pub fn timed(text: &str, synthesis: &Synthesis, audio: String) -> Speech {
    let duration_ms = wav::duration_ms(synthesis.samples.len(), synthesis.sample_rate);
    let words = spoken_words(text);
    let starts = align(&words, &synthesis.marks, duration_ms);
    Speech {
        audio,
        duration_ms,
        words: words
            .into_iter()
            .zip(starts)
            .map(|(word, start_ms)| TimedWord {
                text: word.text,
                start_ms,
            })
            .collect(),
    }
}

fn cache_key(text: &str, engine_voice: &str, rate: Rate) -> String {
    let mut hash = Sha256::new();
    for part in [
        CACHE_VERSION,
        engine_voice,
        &rate.words_per_minute().to_string(),
        text,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps the audio, then the times (the times mark the entry as whole).
async fn save(media: &Blobs, key: &str, audio: Vec<u8>, speech: &Speech) -> anyhow::Result<()> {
    media.put("speech", &format!("{key}.wav"), audio).await?;
    media
        .put(
            "speech",
            &format!("{key}.json"),
            serde_json::to_vec(speech)?,
        )
        .await
}

/// Removes the oldest cache entries (times and audio together) until the
/// cache holds at most `max_bytes`. Returns how many were removed.
pub async fn prune(media: &Blobs, max_bytes: u64) -> anyhow::Result<usize> {
    let listed = media.list("speech").await?;
    let audio_sizes: std::collections::HashMap<&str, u64> = listed
        .iter()
        .filter_map(|file| Some((file.name.strip_suffix(".wav")?, file.size)))
        .collect();
    let mut entries = Vec::new();
    let mut total = 0;
    for file in &listed {
        let Some(key) = file.name.strip_suffix(".json").filter(|k| is_key(k)) else {
            continue;
        };
        let size = file.size + audio_sizes.get(key).copied().unwrap_or(0);
        total += size;
        entries.push((file.modified_ms, key.to_string(), size));
    }
    if total <= max_bytes {
        return Ok(0);
    }
    entries.sort();
    let mut removed = 0;
    for (_, key, size) in entries {
        if total <= max_bytes {
            break;
        }
        // The times first: without them the entry is never used.
        media.delete("speech", &format!("{key}.json")).await?;
        media.delete("speech", &format!("{key}.wav")).await?;
        total -= size;
        removed += 1;
    }
    Ok(removed)
}

/// The largest `POST /speech` body: [`MAX_SPEECH_CHARS`] characters of up
/// to four bytes, escaped, with room for the voice and speed.
const SPEECH_BODY_LIMIT: usize = 16 * 1024;

/// `POST /speech` (the words in a JSON body) and `GET /speech/<hash>.wav`,
/// for signed-in people only.
pub fn router<S>(service: SpeechService) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route(
            "/speech",
            post(speak).layer(DefaultBodyLimit::max(SPEECH_BODY_LIMIT)),
        )
        .route("/speech/{file}", get(audio))
        .with_state(service)
}

async fn speak(
    State(service): State<SpeechService>,
    _: RequireUser,
    asked: Result<Json<SpeechRequest>, JsonRejection>,
) -> HttpResult {
    let query = match asked {
        Ok(Json(query)) => query,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                strings::SPEECH_TOO_LONG,
            ))
        }
        Err(rejection) => {
            return Err(HttpError::new(
                rejection.status(),
                strings::SPEECH_UNREADABLE,
            ))
        }
    };
    let voice = query.voice.as_deref().unwrap_or(VOICES[0].id);
    let rate = match query.rate.as_deref() {
        None => Rate::Normal,
        Some(rate) => Rate::parse(rate).ok_or_else(|| {
            HttpError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                strings::SPEECH_UNKNOWN_SPEED,
            )
        })?,
    };
    match service.speak(&query.text, voice, rate).await {
        // Whether the cache answered is not told: it would show what
        // others on the service have had read aloud.
        Ok((speech, _source)) => Ok((
            [(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            )],
            Json(speech),
        )
            .into_response()),
        Err(refusal) => {
            match &refusal {
                Refusal::Broken(error) => {
                    tracing::error!(error = format!("{error:#}"), "speech failed")
                }
                other => tracing::info!(refusal = ?other, "speech refused"),
            }
            Err(HttpError::new(refusal.status(), refusal.to_string()))
        }
    }
}

async fn audio(
    State(service): State<SpeechService>,
    _: RequireUser,
    UrlPath(file): UrlPath<String>,
) -> HttpResult {
    let key = file
        .strip_suffix(".wav")
        .filter(|key| is_key(key))
        .ok_or_else(HttpError::not_found)?;
    let bytes = service
        .media
        .get("speech", &format!("{key}.wav"))
        .await
        .map_err(|error| HttpError::failed("Failed to read speech", format!("{error:#}")))?
        .ok_or_else(HttpError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("audio/wav")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn is_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_every_input() {
        let base = cache_key("Hello", "en-gb", Rate::Normal);
        assert!(is_key(&base));
        assert_ne!(base, cache_key("Hello!", "en-gb", Rate::Normal));
        assert_ne!(base, cache_key("Hello", "en-gb+f3", Rate::Normal));
        assert_ne!(base, cache_key("Hello", "en-gb", Rate::Slower));
        assert_eq!(base, cache_key("Hello", "en-gb", Rate::Normal));
        assert!(!is_key("../../etc/passwd"));
    }

    #[test]
    fn refusals_come_before_the_engine() {
        assert!(matches!(check("hi", "robot"), Err(Refusal::UnknownVoice)));
        assert!(matches!(check(" ... ", "en-gb"), Err(Refusal::Empty)));
        let long = "word ".repeat(201);
        assert!(matches!(check(long.trim(), "en-gb"), Err(Refusal::TooLong)));
        assert!(check(&"é".repeat(MAX_SPEECH_CHARS), "en-gb").is_ok());
    }

    #[tokio::test]
    async fn the_cache_is_trimmed_oldest_first() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let media = Blobs::folder(dir.path()).expect("media");
        let service = SpeechService::open(media.clone());
        for word in ["one", "two", "three", "four"] {
            service
                .speak(word, "en-gb", Rate::Normal)
                .await
                .expect("speech");
            // Distinct modification times.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let speech_dir = dir.path().join("speech");
        let size = |key: &str| -> u64 {
            ["json", "wav"]
                .iter()
                .map(|ext| {
                    std::fs::metadata(speech_dir.join(format!("{key}.{ext}")))
                        .map_or(0, |m| m.len())
                })
                .sum()
        };
        let keys: Vec<String> = ["one", "two", "three", "four"]
            .iter()
            .map(|w| cache_key(w, "en", Rate::Normal))
            .collect();
        let newest_two = size(&keys[2]) + size(&keys[3]);
        assert_eq!(prune(&media, newest_two).await.expect("pruned"), 2);
        assert!(!speech_dir.join(format!("{}.json", keys[0])).exists());
        assert!(!speech_dir.join(format!("{}.wav", keys[1])).exists());
        assert!(speech_dir.join(format!("{}.wav", keys[3])).exists());
        assert_eq!(prune(&media, newest_two).await.expect("pruned"), 0);
        // A trimmed text is made again on request.
        let before = service.syntheses();
        let (_, source) = service
            .speak("one", "en-gb", Rate::Normal)
            .await
            .expect("speech");
        assert_eq!(source, Source::Engine);
        assert_eq!(service.syntheses(), before + 1);
    }

    #[tokio::test]
    async fn espeak_gives_one_time_per_word_in_order() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let service = SpeechService::open(Blobs::folder(dir.path()).expect("media"));
        let text = "I went to the park. It was 1,500 steps, and I had a café latte!";
        let (speech, source) = service
            .speak(text, "en-gb", Rate::Normal)
            .await
            .expect("espeak-ng speaks");
        assert_eq!(source, Source::Engine);
        let words: Vec<&str> = speech.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words.len(), 15);
        assert_eq!(words[13], "café");
        let starts: Vec<u32> = speech.words.iter().map(|w| w.start_ms).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        assert!(*starts.last().expect("words") < speech.duration_ms);
        assert!(speech.duration_ms > 2_000, "{}", speech.duration_ms);
        let (again, source) = service
            .speak(text, "en-gb", Rate::Normal)
            .await
            .expect("cached");
        assert_eq!(source, Source::Cache);
        assert_eq!(again, speech);
        assert_eq!(service.syntheses(), 1);
    }
}
