//! The speech engine: libespeak-ng, loaded when the server starts, called
//! in process (no shell, no child processes). The library keeps global
//! state, so one thread owns it and takes jobs one after another.
//!
//! Each job gives 16-bit mono samples and the engine's word events
//! (character position, milliseconds), from which word times are made.

use std::ffi::{c_char, c_int, c_uint, c_void, CString};
use std::sync::{mpsc, OnceLock};

use anyhow::{bail, Context};

/// What one synthesis made.
#[derive(Debug)]
pub struct Synthesis {
    pub samples: Vec<i16>,
    pub sample_rate: u32,
    /// (character position from 0, milliseconds) for each word event.
    pub marks: Vec<(usize, u32)>,
}

/// `espeak_EVENT` from `speak_lib.h`.
#[repr(C)]
struct Event {
    kind: c_int,
    unique_identifier: c_uint,
    text_position: c_int,
    length: c_int,
    audio_position: c_int,
    sample: c_int,
    user_data: *mut c_void,
    id: [u8; 8],
}

const EVENT_LIST_TERMINATED: c_int = 0;
const EVENT_WORD: c_int = 1;
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const POS_CHARACTER: c_int = 1;
const CHARS_UTF8: c_uint = 1;
const END_PAUSE: c_uint = 0x1000;
const PARAMETER_RATE: c_int = 1;
const EE_OK: c_int = 0;

type Callback = unsafe extern "C" fn(*mut i16, c_int, *mut Event) -> c_int;
type Initialize = unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int;
type SetCallback = unsafe extern "C" fn(Callback);
type SetVoiceByName = unsafe extern "C" fn(*const c_char) -> c_int;
type SetParameter = unsafe extern "C" fn(c_int, c_int, c_int) -> c_int;
type Synth = unsafe extern "C" fn(
    *const c_void,
    usize,
    c_uint,
    c_int,
    c_uint,
    c_uint,
    *mut c_uint,
    *mut c_void,
) -> c_int;

/// Where one synthesis collects what the engine hands back.
#[derive(Default)]
struct Collector {
    samples: Vec<i16>,
    marks: Vec<(usize, u32)>,
}

unsafe extern "C" fn collect(wav: *mut i16, count: c_int, events: *mut Event) -> c_int {
    // SAFETY: espeak-ng passes an array of events ended by a
    // LIST_TERMINATED event, and `count` samples at `wav`; `user_data` is
    // the `Collector` handed to `espeak_Synth` below, alive for the whole
    // synchronous call.
    unsafe {
        if events.is_null() {
            return 0;
        }
        let Some(collector) = (*events).user_data.cast::<Collector>().as_mut() else {
            return 0;
        };
        let mut event = events;
        while (*event).kind != EVENT_LIST_TERMINATED {
            if (*event).kind == EVENT_WORD {
                let position = usize::try_from((*event).text_position - 1).unwrap_or(0);
                let ms = u32::try_from((*event).audio_position).unwrap_or(0);
                collector.marks.push((position, ms));
            }
            event = event.add(1);
        }
        if !wav.is_null() && count > 0 {
            let samples = std::slice::from_raw_parts(wav, count as usize);
            collector.samples.extend_from_slice(samples);
        }
    }
    0
}

/// The loaded library. Not `Sync`: only the engine thread touches it.
struct Library {
    _library: libloading::Library,
    set_voice: SetVoiceByName,
    set_parameter: SetParameter,
    synth: Synth,
    sample_rate: u32,
}

impl Library {
    fn load() -> anyhow::Result<Library> {
        // SAFETY: loading the system's libespeak-ng runs its initialisers,
        // which have no preconditions; the function types match
        // `speak_lib.h` of espeak-ng 1.51.
        unsafe {
            let library = libloading::Library::new("libespeak-ng.so.1")
                .context("The speech library libespeak-ng is not installed")?;
            let initialize: Initialize = *library.get(b"espeak_Initialize\0")?;
            let set_callback: SetCallback = *library.get(b"espeak_SetSynthCallback\0")?;
            let set_voice: SetVoiceByName = *library.get(b"espeak_SetVoiceByName\0")?;
            let set_parameter: SetParameter = *library.get(b"espeak_SetParameter\0")?;
            let synth: Synth = *library.get(b"espeak_Synth\0")?;
            let rate = initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, std::ptr::null(), 0);
            if rate <= 0 {
                bail!("The speech library did not start");
            }
            set_callback(collect);
            Ok(Library {
                _library: library,
                set_voice,
                set_parameter,
                synth,
                sample_rate: rate as u32,
            })
        }
    }

    fn speak(&self, text: &str, voice: &str, words_per_minute: u32) -> anyhow::Result<Synthesis> {
        let voice = CString::new(voice).context("A voice name has a zero byte")?;
        let text = CString::new(text.replace('\0', " ")).context("The text has a zero byte")?;
        let mut collector = Collector::default();
        // SAFETY: the engine thread is the only caller; the pointers live
        // for the call, which is synchronous (AUDIO_OUTPUT_SYNCHRONOUS).
        let status = unsafe {
            if (self.set_voice)(voice.as_ptr()) != EE_OK {
                bail!("The voice {voice:?} is missing");
            }
            (self.set_parameter)(PARAMETER_RATE, words_per_minute as c_int, 0);
            (self.synth)(
                text.as_ptr().cast(),
                text.as_bytes_with_nul().len(),
                0,
                POS_CHARACTER,
                0,
                CHARS_UTF8 | END_PAUSE,
                std::ptr::null_mut(),
                (&raw mut collector).cast(),
            )
        };
        if status != EE_OK {
            bail!("The speech engine failed ({status})");
        }
        Ok(Synthesis {
            samples: collector.samples,
            sample_rate: self.sample_rate,
            marks: collector.marks,
        })
    }
}

struct Job {
    text: String,
    voice: String,
    words_per_minute: u32,
    reply: tokio::sync::oneshot::Sender<anyhow::Result<Synthesis>>,
}

/// Runs each job in turn, skipping a job whose requester has gone (the
/// page closed or the request timed out): nobody would hear it, and the
/// people behind it should not wait for it. Returns how many were run.
fn run_jobs(
    queue: impl IntoIterator<Item = Job>,
    mut speak: impl FnMut(&Job) -> anyhow::Result<Synthesis>,
) -> usize {
    let mut ran = 0;
    for job in queue {
        if job.reply.is_closed() {
            continue;
        }
        ran += 1;
        let result = speak(&job);
        let _ = job.reply.send(result);
    }
    ran
}

/// A handle on the engine thread. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    jobs: mpsc::Sender<Job>,
}

impl Engine {
    /// The process's engine: the library has global state, so there is one
    /// engine thread per process, started on first use. Fails when
    /// espeak-ng is not installed.
    pub fn start() -> anyhow::Result<Engine> {
        static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
        ENGINE
            .get_or_init(|| Engine::load().map_err(|error| format!("{error:#}")))
            .clone()
            .map_err(anyhow::Error::msg)
    }

    fn load() -> anyhow::Result<Engine> {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || {
                let library = match Library::load() {
                    Ok(library) => {
                        let _ = ready_tx.send(Ok(()));
                        library
                    }
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                        return;
                    }
                };
                run_jobs(queue, |job| {
                    library.speak(&job.text, &job.voice, job.words_per_minute)
                });
            })
            .context("Failed to start the speech thread")?;
        ready_rx
            .recv()
            .context("The speech thread stopped while starting")??;
        Ok(Engine { jobs })
    }

    /// Speaks `text` with the engine's `voice` name.
    pub async fn speak(
        &self,
        text: &str,
        voice: &str,
        words_per_minute: u32,
    ) -> anyhow::Result<Synthesis> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Job {
                text: text.to_string(),
                voice: voice.to_string(),
                words_per_minute,
                reply,
            })
            .context("The speech thread has stopped")?;
        answer.await.context("The speech thread has stopped")?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(
        text: &str,
    ) -> (
        Job,
        tokio::sync::oneshot::Receiver<anyhow::Result<Synthesis>>,
    ) {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job {
            text: text.to_string(),
            voice: "en-gb".to_string(),
            words_per_minute: 150,
            reply,
        };
        (job, answer)
    }

    #[test]
    fn a_job_whose_requester_went_away_is_never_spoken() {
        let (first, first_answer) = job("one");
        let (gone, gone_answer) = job("two");
        let (third, mut third_answer) = job("three");
        drop(gone_answer);
        let mut spoken = Vec::new();
        let ran = run_jobs([first, gone, third], |job| {
            spoken.push(job.text.clone());
            Ok(Synthesis {
                samples: vec![0; 10],
                sample_rate: 22_050,
                marks: vec![(0, 0)],
            })
        });
        assert_eq!(ran, 2);
        assert_eq!(spoken, ["one", "three"]);
        assert!(first_answer.blocking_recv().expect("answer").is_ok());
        assert!(third_answer.try_recv().expect("answer").is_ok());
    }
}
