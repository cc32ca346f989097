//! The command line: `ourvoice serve [--demo]`, and the tools that share
//! the server's code: `check-text`, `symbolise`, `photo`, `card`,
//! `speak`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use app::strings;
use std::process::ExitCode;

use app::domain::{easy_read, safeguarding, symbolise};
use serde_json::json;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::card::CardRenderer;
use crate::media::{self, photo::MAX_UPLOAD_BYTES};
use crate::speech;
use crate::{Config, Server};

#[derive(Parser)]
#[command(
    name = "ourvoice",
    version,
    about = "Our Voice: easy-read posts made together"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the web server.
    Serve {
        /// Adds the demo organisation, account and people (sam, alex, jo).
        #[arg(long)]
        demo: bool,
    },
    /// Sets up a new service: its organisation, first service account and
    /// first admin, and prints the admin's one-time welcome link. Refused,
    /// with nothing changed, once any account has an admin.
    Init {
        /// The organisation's name (an NHS Trust, a care provider).
        #[arg(long)]
        organisation: String,
        /// The first service account's name; its web address is made from it.
        #[arg(long)]
        account: String,
        /// Where people find help: shown on the account's public feed.
        #[arg(long)]
        help_url: String,
        /// The first admin's user name.
        #[arg(long)]
        admin: String,
        /// The first admin's name as people see it (default: the user name).
        #[arg(long)]
        admin_name: Option<String>,
        /// The account's time zone.
        #[arg(long, default_value = app::domain::running::DEFAULT_TIME_ZONE)]
        time_zone: String,
    },
    /// Copies the database (a consistent snapshot, safe while the server
    /// runs), photos and cards into DIR, with a note of where the sealing
    /// key lives (never the key itself).
    Backup {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Brings a backup back into the data folder. Stop the server first.
    Restore {
        /// A folder `ourvoice backup` wrote.
        dir: PathBuf,
        /// Puts the backup in place of a database already there (the old
        /// one is kept beside it, renamed).
        #[arg(long)]
        replace: bool,
    },
    /// Prints the easy-read hints and the safeguarding warnings (personal
    /// details) for a text as JSON.
    CheckText {
        /// The text to check.
        text: String,
    },
    /// Runs the photo pipeline: upright, no metadata, 1600 px JPEG. Writes
    /// nothing and exits non-zero when the file is refused.
    Photo {
        /// The picture to read.
        input: PathBuf,
        /// The JPEG to write.
        output: PathBuf,
    },
    /// Turns text into symbols and draws its symbol card as a PNG.
    Card {
        /// The words of the post.
        #[arg(long)]
        text: String,
        /// The PNG to write.
        output: PathBuf,
        /// The symbol sets folder.
        #[arg(long, env = "OURVOICE_SYMBOLS", default_value = "assets/symbols")]
        symbols: PathBuf,
    },
    /// Reads a text aloud with Our Voice's voice into a WAV file, with the
    /// start time of each word.
    Speak {
        /// The words to say (at most 1,000 characters).
        text: String,
        /// The WAV file to write.
        output: PathBuf,
        /// Where to write each word's start time as JSON.
        #[arg(long)]
        timings: Option<PathBuf>,
        /// One of the voices: en-gb, en-gb-2, en-gb-scotland, en-gb-west-midlands, cy.
        #[arg(long, default_value = "en-gb")]
        voice: String,
        /// slower, normal or faster.
        #[arg(long, default_value = "normal")]
        rate: String,
    },
    /// Lists the outbox: each post's job per network and its state, newest
    /// first (the database from `OURVOICE_DATA` or `DATABASE_URL`).
    PublishStatus {
        /// Prints JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Most jobs listed.
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Tries a waiting or failed job again now, with its tries counted
    /// afresh.
    Retry {
        /// The job's id, as `publish-status` lists it.
        job: String,
    },
    /// Prints each word of a sentence with its best symbol as JSON.
    Symbolise {
        /// The sentence.
        text: String,
        /// The symbol sets folder.
        #[arg(long, env = "OURVOICE_SYMBOLS", default_value = "assets/symbols")]
        symbols: PathBuf,
    },
}

/// Runs the command line; the exit code says whether it worked.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    // The tools print JSON on standard output; logs go to standard error.
    let default_filter = match cli.command {
        Command::Serve { .. } => "info,sqlx=warn",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter)),
        )
        .init();
    let result = match cli.command {
        Command::Serve { demo } => serve(demo).await,
        Command::Init {
            organisation,
            account,
            help_url,
            admin,
            admin_name,
            time_zone,
        } => {
            let first = FirstStartArgs {
                organisation,
                account,
                help_url,
                admin,
                admin_name,
                time_zone,
            };
            init(first).await
        }
        Command::Backup { dir } => backup(&dir).await,
        Command::Restore { dir, replace } => restore(&dir, replace).await,
        Command::CheckText { text } => print_json(&check_text(&text)),
        Command::Photo { input, output } => photo(&input, &output),
        Command::Card {
            text,
            output,
            symbols,
        } => card(&text, &output, &symbols),
        Command::Speak {
            text,
            output,
            timings,
            voice,
            rate,
        } => speak(&text, &output, timings.as_deref(), &voice, &rate).await,
        Command::PublishStatus { json, limit } => publish_status(json, limit).await,
        Command::Retry { job } => retry(&job).await,
        Command::Symbolise { text, symbols } => {
            crate::symbols::load_index(&symbols).and_then(|index| {
                print_json(&json!({ "tokens": symbolise::symbolise(&index, &text) }))
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

fn photo(input: &Path, output: &Path) -> anyhow::Result<()> {
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

fn card(text: &str, output: &Path, symbols_dir: &Path) -> anyhow::Result<()> {
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

async fn speak(
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

async fn storage() -> anyhow::Result<crate::storage::Storage> {
    let config = crate::config::Config::from_env()?;
    Ok(crate::storage::Storage::connect(&config.database_url)
        .await?
        .with_clock(server_clock(&config)))
}

/// The server's clock, moved as the running server's is.
fn server_clock(config: &crate::config::Config) -> std::sync::Arc<dyn app::ports::Clock> {
    std::sync::Arc::new(crate::clock::ServerClock::new(config.clock_file.clone()))
}

async fn publish_status(as_json: bool, limit: u32) -> anyhow::Result<()> {
    let lines = storage().await?.job_lines(limit).await?;
    if as_json {
        return print_json(&json!({ "jobs": lines }));
    }
    println!(
        "{:<36}  {:<36}  {:<8}  {:<7}  {:>5}  WHERE / LAST ERROR",
        "JOB", "POST", "NETWORK", "STATE", "TRIES"
    );
    for line in &lines {
        let detail = line
            .remote_url
            .as_deref()
            .or(line.last_error.as_deref())
            .unwrap_or("");
        println!(
            "{:<36}  {:<36}  {:<8}  {:<7}  {:>5}  {detail}",
            line.job_id, line.post_id, line.network, line.state, line.attempts
        );
    }
    let mut counts = std::collections::BTreeMap::new();
    for line in &lines {
        *counts.entry(line.state.as_str()).or_insert(0) += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    println!("{} jobs: {}", lines.len(), summary.join(", "));
    Ok(())
}

async fn retry(job: &str) -> anyhow::Result<()> {
    let retried = storage().await?.retry_job(job).await?;
    anyhow::ensure!(
        retried,
        "No waiting or failed job {job}. See `ourvoice publish-status`."
    );
    println!("Job {job} will be tried again now.");
    Ok(())
}

/// Writes through a temporary name, so a failed run leaves no half file.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = path.with_extension("part");
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .with_context(|| format!("Failed to write {}", path.display()))
}

/// The easy-read hints and the safeguarding warnings for a text.
fn check_text(text: &str) -> serde_json::Value {
    let safeguarding: Vec<_> = safeguarding::check(text)
        .into_iter()
        .map(|f| json!({ "kind": f.kind, "text": f.text }))
        .collect();
    json!({ "hints": easy_read::check(text), "safeguarding": safeguarding })
}

fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// What `ourvoice init` was given.
struct FirstStartArgs {
    organisation: String,
    account: String,
    help_url: String,
    admin: String,
    admin_name: Option<String>,
    time_zone: String,
}

async fn init(args: FirstStartArgs) -> anyhow::Result<()> {
    use app::domain::running;
    use app::running::flows::{new_account, time_zone};
    let config = Config::from_env()?;
    let why =
        |refusal: running::Refusal| anyhow::anyhow!("{}", app::running::flows::refused(refusal));
    let organisation = running::name(&args.organisation).map_err(why)?;
    let account = new_account(&args.account, &args.help_url, &args.time_zone).map_err(why)?;
    time_zone(&args.time_zone).map_err(why)?;
    let admin_user_name = running::user_name(&args.admin).map_err(why)?;
    let admin_name =
        running::name(args.admin_name.as_deref().unwrap_or(&admin_user_name)).map_err(why)?;
    let clock = server_clock(&config);
    let storage = crate::storage::Storage::connect(&config.database_url)
        .await?
        .with_clock(clock.clone());
    let first = crate::storage::running::FirstStart {
        organisation: &organisation,
        account: &account,
        admin_user_name: &admin_user_name,
        admin_name: &admin_name,
    };
    let expires_at = clock.now_ms() + running::WELCOME_LINK_MS;
    let token = storage.first_start(&first, expires_at).await?;
    let base = match &config.public_url {
        Some(url) => url.clone(),
        None => format!("http://{}", config.addr),
    };
    println!(
        "Our Voice is set up for {organisation}, with the account \"{}\".",
        account.name
    );
    println!("Give this link to {admin_name} ({admin_user_name}). It works once, for 24 hours:");
    println!("{base}/welcome/{token}");
    if config.public_url.is_none() {
        eprintln!("Set OURVOICE_PUBLIC_URL to the address people use; this link uses {base}.");
    }
    Ok(())
}

async fn backup(dir: &Path) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let copied = crate::backup::backup(&config, dir).await?;
    println!(
        "Backed up into {}: {} files, {} bytes. See SEALING-KEY.txt there.",
        dir.display(),
        copied.files,
        copied.bytes
    );
    Ok(())
}

async fn restore(dir: &Path, replace: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let copied = crate::backup::restore(&config, dir, replace).await?;
    println!(
        "Restored into {}: {} files, {} bytes. Start the server again.",
        config.data_dir.display(),
        copied.files,
        copied.bytes
    );
    Ok(())
}

async fn serve(demo: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    anyhow::ensure!(
        demo || config.public_url.is_some(),
        "Set OURVOICE_PUBLIC_URL to the address people use, like https://ourvoice.example.org \
         (only `serve --demo` runs without it). See docs/DEPLOY.md."
    );
    let server = Server::build(config, demo).await?;
    tracing::info!("Our Voice is listening on http://{}", server.local_addr());
    server.run_until(shutdown_signal()).await
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "Failed to listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "Failed to listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
