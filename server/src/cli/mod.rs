//! The command line: `ourvoice serve [--demo]`, and the tools that share
//! the server's code: `check-text`, `symbolise`, `photo`, `card`,
//! `speak`.

use std::path::PathBuf;
use std::process::ExitCode;

use app::domain::symbolise;
use clap::{Parser, Subcommand};
use serde_json::json;
use tracing_subscriber::EnvFilter;

mod service;
mod tools;

use service::{backup, init, publish_status, restore, retry, serve, FirstStartArgs};
use tools::{card, check_text, photo, print_json, speak};

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
