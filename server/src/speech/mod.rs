//! Our Voice's own voice: `GET /speech?text=…&voice=…&rate=…` speaks a text
//! with espeak-ng and answers with the audio's address and the start time
//! of every word, so the browser can highlight each word as it is heard.
//!
//! Results are cached on disk under `OURVOICE_DATA/speech`, named by a hash
//! of everything that shapes the sound; a repeat never reaches the engine.
//! At most [`WAITING_AT_ONCE`] requests wait for the engine; one more gets
//! a clear 503. A request that goes away gives back its place, and the
//! engine skips its job.

pub mod engine;
pub mod wav;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
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

use crate::files::write_once;
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
    dir: PathBuf,
    engine: Option<Engine>,
    waiting: Arc<Semaphore>,
    syntheses: Arc<AtomicU64>,
}

impl SpeechService {
    /// A service caching in `data_dir/speech`. Without espeak-ng it still
    /// starts, answers from its cache and refuses the rest with 503.
    pub fn open(data_dir: &Path) -> anyhow::Result<SpeechService> {
        let dir = data_dir.join("speech");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("Failed to make {}", dir.display()))?;
        let engine = match Engine::start() {
            Ok(engine) => Some(engine),
            Err(error) => {
                tracing::warn!(%error, "Server speech is off");
                None
            }
        };
        Ok(SpeechService {
            dir,
            engine,
            waiting: Arc::new(Semaphore::new(WAITING_AT_ONCE)),
            syntheses: Arc::new(AtomicU64::new(0)),
        })
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
        let dir = self.dir.clone();
        let saved = {
            let speech = speech.clone();
            tokio::task::spawn_blocking(move || save(&dir, &key, &audio, &speech)).await
        };
        if made.is_multiple_of(PRUNE_EVERY) {
            let dir = self.dir.clone();
            tokio::task::spawn_blocking(move || match prune(&dir, CACHE_MAX_BYTES) {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "speech cache trimmed"),
                Err(error) => tracing::warn!(%error, "Failed to trim the speech cache"),
            });
        }
        match saved {
            Ok(Ok(())) => Ok((speech, Source::Engine)),
            Ok(Err(error)) => Err(Refusal::Broken(error)),
            Err(error) => Err(Refusal::Broken(error.into())),
        }
    }

    async fn cached(&self, key: &str) -> Option<Speech> {
        let json = tokio::fs::read(self.dir.join(format!("{key}.json")))
            .await
            .ok()?;
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

/// Writes the audio, then the times (the times file marks the entry as
/// whole), each through a temporary name.
fn save(dir: &Path, key: &str, audio: &[u8], speech: &Speech) -> anyhow::Result<()> {
    let audio_path = dir.join(format!("{key}.wav"));
    write_once(&audio_path, audio)
        .with_context(|| format!("Failed to write {}", audio_path.display()))?;
    let times_path = dir.join(format!("{key}.json"));
    write_once(&times_path, &serde_json::to_vec(speech)?)
        .with_context(|| format!("Failed to write {}", times_path.display()))?;
    Ok(())
}

/// Removes the oldest cache entries (times file and audio together) until
/// the folder holds at most `max_bytes`. Returns how many were removed.
pub fn prune(dir: &Path, max_bytes: u64) -> std::io::Result<usize> {
    let mut entries = Vec::new();
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let Some(key) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|k| is_key(k))
        else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let json = entry.metadata()?;
        let audio = std::fs::metadata(dir.join(format!("{key}.wav")))
            .map(|m| m.len())
            .unwrap_or(0);
        let size = json.len() + audio;
        total += size;
        entries.push((json.modified()?, key.to_string(), size));
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
        // The times file first: without it the entry is never used.
        std::fs::remove_file(dir.join(format!("{key}.json")))?;
        let _ = std::fs::remove_file(dir.join(format!("{key}.wav")));
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
    let bytes = tokio::fs::read(service.dir.join(format!("{key}.wav")))
        .await
        .map_err(|_| HttpError::not_found())?;
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
        let service = SpeechService::open(dir.path()).expect("service");
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
        assert_eq!(prune(&speech_dir, newest_two).expect("pruned"), 2);
        assert!(!speech_dir.join(format!("{}.json", keys[0])).exists());
        assert!(!speech_dir.join(format!("{}.wav", keys[1])).exists());
        assert!(speech_dir.join(format!("{}.wav", keys[3])).exists());
        assert_eq!(prune(&speech_dir, newest_two).expect("pruned"), 0);
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
        let service = SpeechService::open(dir.path()).expect("service");
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
