//! Backups: `ourvoice backup DIR` copies a running server's database (a
//! consistent snapshot with SQLite's `VACUUM INTO`), its photos and its
//! cards (from the data folder, or from the object store that
//! `OURVOICE_MEDIA` names), with a note of where the sealing key lives
//! (never the key); `ourvoice restore DIR` brings a backup back while the
//! server is stopped, its photos and cards into the media store it is set
//! up with.
//! A running server holds a shared lock on `ourvoice.lock` in its data
//! folder; restore needs that lock for itself.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::blobs::Blobs;
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

/// Copies the files of the media store's `folder` that `to` does not
/// have yet. Files are named by their contents, so a file of the same name
/// is the same file.
async fn copy_out(media: &Blobs, folder: &str, to: &Path) -> anyhow::Result<Copied> {
    let mut copied = Copied::default();
    std::fs::create_dir_all(to).with_context(|| format!("Failed to create {}", to.display()))?;
    for file in media.list(folder).await? {
        let target = to.join(&file.name);
        if file.name.ends_with(".part") || target.exists() {
            continue;
        }
        let Some(bytes) = media.get(folder, &file.name).await? else {
            // Removed since the listing (a person's data erased): not kept.
            continue;
        };
        // Through a temporary name: a cut-off copy never looks whole.
        let temporary = to.join(format!("{}.part", file.name));
        std::fs::write(&temporary, &bytes)
            .with_context(|| format!("Failed to write {}", temporary.display()))?;
        std::fs::rename(&temporary, &target)?;
        copied.files += 1;
        copied.bytes += bytes.len() as u64;
    }
    Ok(copied)
}

/// Puts the files of `from` that the media store's `folder` does not have
/// yet into it.
async fn copy_in(from: &Path, media: &Blobs, folder: &str) -> anyhow::Result<Copied> {
    let mut copied = Copied::default();
    if !from.is_dir() {
        return Ok(copied);
    }
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".part") || !entry.file_type()?.is_file() {
            continue;
        }
        if media.has(folder, &name).await? {
            continue;
        }
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("Failed to read {}", entry.path().display()))?;
        copied.bytes += bytes.len() as u64;
        media.put(folder, &name, bytes).await?;
        copied.files += 1;
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
    let media = Blobs::open(&config.data_dir, &config.media)?;
    for folder in FOLDERS {
        let more = copy_out(&media, folder, &dir.join(folder)).await?;
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
    let media = Blobs::open(data, &config.media)?;
    for folder in FOLDERS {
        let more = copy_in(&dir.join(folder), &media, folder).await?;
        copied.files += more.files;
        copied.bytes += more.bytes;
    }
    drop(lock);
    Ok(copied)
}
