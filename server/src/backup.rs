//! Backups: `ourvoice backup DIR` copies a running server's database (a
//! consistent snapshot with SQLite's `VACUUM INTO`), its photos and its
//! cards, with a note of where the sealing key lives (never the key);
//! `ourvoice restore DIR` brings a backup back while the server is stopped.
//! A running server holds a shared lock on `ourvoice.lock` in its data
//! folder; restore needs that lock for itself.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Config;
use crate::storage::Storage;

const LOCK_FILE: &str = "ourvoice.lock";
const DATABASE: &str = "ourvoice.db";
/// Folders of files kept beside the database (named by their contents).
const FOLDERS: [&str; 2] = ["photos", "cards"];
const KEY_NOTE: &str = "SEALING-KEY.txt";

/// Takes a shared hold on the data folder for as long as the file is kept.
pub fn hold_data_folder(data_dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("Failed to create data folder {}", data_dir.display()))?;
    let file = File::create(data_dir.join(LOCK_FILE)).context("Failed to open the lock file")?;
    file.lock_shared()
        .context("Failed to lock the data folder")?;
    Ok(file)
}

/// What a backup or a restore did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub files: usize,
    pub bytes: u64,
}

fn sqlite_only(config: &Config) -> anyhow::Result<()> {
    anyhow::ensure!(
        config.database_url.starts_with("sqlite:"),
        "Backups here are for SQLite. For Postgres, use pg_dump and copy the data folder."
    );
    Ok(())
}

/// Copies the files of `from` that `to` does not have yet. Files are named
/// by their contents, so a file of the same name is the same file.
fn copy_folder(from: &Path, to: &Path) -> anyhow::Result<Copied> {
    let mut copied = Copied::default();
    if !from.is_dir() {
        return Ok(copied);
    }
    std::fs::create_dir_all(to).with_context(|| format!("Failed to create {}", to.display()))?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let is_part = name.to_string_lossy().ends_with(".part");
        if is_part || !entry.file_type()?.is_file() {
            continue;
        }
        let target = to.join(&name);
        if target.exists() {
            continue;
        }
        // Through a temporary name: a cut-off copy never looks whole.
        let temporary = to.join(format!("{}.part", name.to_string_lossy()));
        let bytes = std::fs::copy(entry.path(), &temporary)
            .with_context(|| format!("Failed to copy {}", entry.path().display()))?;
        std::fs::rename(&temporary, &target)?;
        copied.files += 1;
        copied.bytes += bytes;
    }
    Ok(copied)
}

/// Where the key that seals network secrets lives, in words.
fn key_note(config: &Config) -> String {
    let place = if config.secret_key.is_some() {
        "the OURVOICE_SECRET_KEY setting of the server (its environment or its service file)"
            .to_string()
    } else {
        format!("the file {}", config.data_dir.join("secret.key").display())
    };
    format!(
        "This backup does not hold the key that seals the Mastodon and Bluesky\n\
         passwords of your accounts. The key is in {place}.\n\
         Keep a copy of the key somewhere safe, apart from this backup.\n\
         Without the key, connect your accounts again after a restore.\n"
    )
}

/// Backs up the server's data into `dir` (new or empty).
pub async fn backup(config: &Config, dir: &Path) -> anyhow::Result<Copied> {
    sqlite_only(config)?;
    std::fs::create_dir_all(dir).with_context(|| format!("Failed to create {}", dir.display()))?;
    anyhow::ensure!(
        !dir.join(DATABASE).exists(),
        "{} already holds a backup. Choose a new folder.",
        dir.display()
    );
    let storage = Storage::connect(&config.database_url).await?;
    // First the database: every photo and card it names was written before
    // the row that names it, so copying the folders after it finds them all.
    let target = dir.join(DATABASE);
    storage
        .snapshot_into(&target)
        .await
        .context("Failed to copy the database")?;
    let mut copied = Copied {
        files: 1,
        bytes: std::fs::metadata(&target)?.len(),
    };
    for folder in FOLDERS {
        let more = copy_folder(&config.data_dir.join(folder), &dir.join(folder))?;
        copied.files += more.files;
        copied.bytes += more.bytes;
    }
    std::fs::write(dir.join(KEY_NOTE), key_note(config))?;
    Ok(copied)
}

/// Brings the backup in `dir` back into the data folder. Refused while a
/// server uses the folder, and when the folder has a database already
/// (unless `replace`: then the old one is kept beside it, renamed).
pub async fn restore(config: &Config, dir: &Path, replace: bool) -> anyhow::Result<Copied> {
    sqlite_only(config)?;
    let source = dir.join(DATABASE);
    anyhow::ensure!(
        source.is_file(),
        "{} holds no backup ({DATABASE} is missing).",
        dir.display()
    );
    let data = &config.data_dir;
    std::fs::create_dir_all(data)?;
    let lock = File::create(data.join(LOCK_FILE))?;
    anyhow::ensure!(
        lock.try_lock().is_ok(),
        "The server is running on {}. Stop it first, then restore.",
        data.display()
    );
    // The backup must open as a database before anything is replaced.
    Storage::check_file(&source)
        .await
        .with_context(|| format!("{} is not a whole backup", source.display()))?;
    let database = data.join(DATABASE);
    if database.exists() {
        anyhow::ensure!(
            replace,
            "{} already has a database. Add --replace to put the backup in its place \
             (the old one is kept beside it).",
            data.display()
        );
        let stamp = crate::clock::wall_ms();
        for suffix in ["", "-wal", "-shm"] {
            let old = PathBuf::from(format!("{}{suffix}", database.display()));
            if old.exists() {
                let kept = PathBuf::from(format!(
                    "{}.before-restore-{stamp}{suffix}",
                    database.display()
                ));
                std::fs::rename(&old, &kept)?;
            }
        }
    }
    let temporary = data.join(format!("{DATABASE}.part"));
    let mut copied = Copied {
        files: 1,
        bytes: std::fs::copy(&source, &temporary)?,
    };
    std::fs::rename(&temporary, &database)?;
    for folder in FOLDERS {
        let more = copy_folder(&dir.join(folder), &data.join(folder))?;
        copied.files += more.files;
        copied.bytes += more.bytes;
    }
    drop(lock);
    Ok(copied)
}
