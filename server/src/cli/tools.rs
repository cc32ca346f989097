//! The commands that work on one thing and write files: a photo through
//! the pipeline, a symbol card, speech, and the easy-read check of a text.

use std::path::Path;

use anyhow::Context;
use app::domain::{easy_read, safeguarding, symbolise};
use app::strings;
use serde_json::json;

use crate::card::CardRenderer;
use crate::media::{self, photo::MAX_UPLOAD_BYTES};
use crate::speech;

pub(super) fn photo(input: &Path, output: &Path) -> anyhow::Result<()> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(input)
        .with_context(|| format!("Failed to open {}", input.display()))?
        .take(MAX_UPLOAD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("Failed to read {}", input.display()))?;
    anyhow::ensure!(
        bytes.len() <= MAX_UPLOAD_BYTES,
        "{} {} is larger than {MAX_UPLOAD_BYTES} bytes.",
        strings::PHOTO_TOO_BIG,
        input.display()
    );
    let processed = media::photo::process(&bytes)
        .map_err(|refusal| anyhow::anyhow!("{} ({refusal})", strings::PHOTO_DID_NOT_WORK))?;
    write_file(output, &processed.photo)?;
    eprintln!(
        "{}: {} x {} pixels, {} bytes",
        output.display(),
        processed.width,
        processed.height,
        processed.photo.len()
    );
    Ok(())
}

pub(super) fn card(text: &str, output: &Path, symbols_dir: &Path) -> anyhow::Result<()> {
    let index = crate::symbols::load_index(symbols_dir)?;
    let tiles: Vec<_> = symbolise::symbolise(&index, text)
        .iter()
        .map(symbolise::Token::tile)
        .collect();
    anyhow::ensure!(!tiles.is_empty(), "{}", strings::ERR_EMPTY_POST);
    let png = CardRenderer::new(symbols_dir)?.render(&tiles)?;
    std::fs::write(output, &png)
        .with_context(|| format!("Failed to write {}", output.display()))?;
    eprintln!("{}: {} bytes", output.display(), png.len());
    Ok(())
}

pub(super) async fn speak(
    text: &str,
    output: &Path,
    timings: Option<&Path>,
    voice: &str,
    rate: &str,
) -> anyhow::Result<()> {
    let rate = app::domain::speech::Rate::parse(rate)
        .ok_or_else(|| anyhow::anyhow!("{}", strings::SPEECH_UNKNOWN_SPEED))?;
    let text = text.trim();
    let voice = speech::check(text, voice)?;
    let synthesis = speech::Engine::start()?
        .speak(text, voice.engine, rate.words_per_minute())
        .await?;
    let timed = speech::timed(text, &synthesis, output.display().to_string());
    write_file(
        output,
        &speech::wav::encode(&synthesis.samples, synthesis.sample_rate),
    )?;
    if let Some(path) = timings {
        write_file(path, serde_json::to_string_pretty(&timed)?.as_bytes())?;
    }
    eprintln!(
        "{}: {} ms, {} words",
        output.display(),
        timed.duration_ms,
        timed.words.len()
    );
    Ok(())
}

/// Writes through a temporary name, so a failed run leaves no half file.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = path.with_extension("part");
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .with_context(|| format!("Failed to write {}", path.display()))
}

/// The easy-read hints and the safeguarding warnings for a text.
pub(super) fn check_text(text: &str) -> serde_json::Value {
    let safeguarding: Vec<_> = safeguarding::check(text)
        .into_iter()
        .map(|f| json!({ "kind": f.kind, "text": f.text }))
        .collect();
    json!({ "hints": easy_read::check(text), "safeguarding": safeguarding })
}

pub(super) fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
