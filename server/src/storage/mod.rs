//! Storage: one interface over SQL that runs on SQLite (the default) and
//! Postgres. Every flow that changes data runs in one transaction. SQL here
//! is portable: `$n` parameters, text ids, integer times.

mod accounts;
mod attempts;
mod bluesky_sessions;
mod boards;
mod connections;
mod erase;
mod error;
mod hashtags;
mod notifications;
mod organisations;
mod people;
mod person_data;
mod photos;
mod pictures;
mod post_update;
mod posts;
mod publish;
mod responses;
pub mod running;
mod settings;
mod sign_off;
mod signin;
mod staff;
mod version;

use self::error::{db, failed, other};
use app::ports::StoreResult;
use std::path::Path;
use std::sync::Arc;

use app::ports::Clock;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};

pub use attempts::{AttemptLimits, ClaimRefused};
pub use bluesky_sessions::{KeptSession, NewSession};
pub use connections::{Connection, NewConnection};
pub use notifications::ToEmail;
pub use people::{NewPerson, PersonWithHash};
pub use photos::PhotoUse;
pub use publish::{JobLine, JobOfPost, TakenJob};
pub use version::{AtVersion, DataVersion};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The database behind Our Voice.
#[derive(Clone)]
pub struct Storage {
    pool: AnyPool,
    /// Which database is behind the pool: the few statements that differ
    /// (listing tables, taking jobs) ask it.
    backend: Backend,
    /// Where photos and drawn cards are kept, so erasing a person removes
    /// theirs.
    media: Option<crate::blobs::Blobs>,
    /// Every row is stamped with this clock's time: the server's clock,
    /// which tests move forward.
    clock: Arc<dyn Clock>,
    /// Whether anything changed since an answer was worked out (SQLite
    /// files only).
    version: Option<Arc<DataVersion>>,
}

/// The two databases Our Voice runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One file in the data folder: the default, for one server.
    Sqlite,
    /// A shared database, for several servers.
    Postgres,
}

impl Backend {
    /// The database a URL names, or easy words saying which ones work.
    pub fn of(url: &str) -> StoreResult<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(other(
                "DATABASE_URL must start with sqlite: or postgres://".to_string(),
            ))
        }
    }
}

impl Storage {
    /// Which database this storage runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Connects to `url` (for example `sqlite://data/ourvoice.db?mode=rwc`)
    /// and applies the embedded migrations.
    pub async fn connect(url: &str) -> StoreResult<Storage> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url)?;
        let is_sqlite = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(if is_sqlite { 4 } else { 16 })
            // SQLite is a file in this process: a connection cannot have
            // gone away, so a ping before each use (a hop to its thread and
            // back, a seventh of a page's time) buys nothing.
            .test_before_acquire(!is_sqlite)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if is_sqlite {
                        // secure_delete: what is deleted (an erased person)
                        // is overwritten, not left in free pages.
                        conn.execute("pragma journal_mode = wal; pragma foreign_keys = on; pragma busy_timeout = 5000; pragma secure_delete = on;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(failed("Failed to open the database"))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| other(format!("Failed to apply database migrations: {error}")))?;
        Ok(Storage {
            pool,
            backend,
            media: None,
            clock: Arc::new(crate::clock::ServerClock::default()),
            version: DataVersion::open(url).map(Arc::new),
        })
    }

    /// The database's data version, when it has one (an SQLite file):
    /// what is worked out at one version stays right until it moves.
    pub fn data_version(&self) -> Option<Arc<DataVersion>> {
        self.version.clone()
    }

    /// This storage, stamping rows with `clock`'s time.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Storage {
        self.clock = clock;
        self
    }

    /// Now, by this storage's clock.
    fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// This storage, removing photos and drawn cards from `media` when it
    /// erases a person.
    pub fn with_media(mut self, media: crate::blobs::Blobs) -> Storage {
        self.media = Some(media);
        self
    }

    /// The SQLite URL for a data folder, creating the folder.
    pub fn sqlite_url(data_dir: &Path) -> StoreResult<String> {
        std::fs::create_dir_all(data_dir).map_err(|error| {
            other(format!(
                "Failed to create data folder {}: {error}",
                data_dir.display()
            ))
        })?;
        Ok(format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("ourvoice.db").display()
        ))
    }

    /// Writes a consistent copy of the whole database (SQLite) to `target`,
    /// while others go on reading and writing.
    pub async fn snapshot_into(&self, target: &Path) -> StoreResult<()> {
        sqlx::query("vacuum into $1")
            .bind(target.display().to_string())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Checks that the SQLite file at `path` is whole and is Our Voice's.
    pub async fn check_file(path: &Path) -> StoreResult<()> {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&format!("sqlite://{}?mode=ro", path.display()))
            .await
            .map_err(db)?;
        let row = sqlx::query("pragma integrity_check")
            .fetch_one(&pool)
            .await
            .map_err(db)?;
        let verdict: String = row.try_get(0).map_err(db)?;
        if verdict != "ok" {
            return Err(other(format!("the database is damaged: {verdict}")));
        }
        sqlx::query("select count(*) as n from post")
            .fetch_one(&pool)
            .await
            .map_err(failed("it is not an Our Voice database"))?;
        pool.close().await;
        Ok(())
    }

    /// True when the database answers.
    pub async fn is_healthy(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }

    /// Why photos, cards and speech cannot be kept or read now, if they
    /// cannot (see [`crate::blobs::Blobs::not_ready`]).
    pub async fn media_not_ready(&self) -> Option<String> {
        self.media.as_ref()?.not_ready().await
    }

    /// Why this server cannot serve yet, if it cannot: the database does
    /// not answer, or it lacks a migration this server needs.
    pub async fn not_ready(&self) -> Option<String> {
        let applied = match sqlx::query("select version from _sqlx_migrations where success")
            .fetch_all(&self.pool)
            .await
        {
            Ok(rows) => rows
                .iter()
                .filter_map(|row| row.try_get::<i64, _>("version").ok())
                .collect::<std::collections::HashSet<i64>>(),
            Err(error) => return Some(format!("the database does not answer: {error}")),
        };
        let missing: Vec<String> = MIGRATOR
            .iter()
            .filter(|migration| !migration.migration_type.is_down_migration())
            .filter(|migration| !applied.contains(&migration.version))
            .map(|migration| migration.version.to_string())
            .collect();
        (!missing.is_empty())
            .then(|| format!("the database lacks migrations {}", missing.join(", ")))
    }

    /// How many rows the people tables hold (for checks and reports).
    pub async fn table_counts(&self) -> StoreResult<Vec<(&'static str, i64)>> {
        let mut counts = Vec::new();
        for table in ["organisation", "service_account", "person", "membership"] {
            let row = sqlx::query(&format!("select count(*) as n from {table}"))
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
            counts.push((table, row.try_get::<i64, _>("n").map_err(db)?));
        }
        Ok(counts)
    }

    /// Counts the audit-log entries of one post (for tests and reports).
    pub async fn audit_count(&self, post_id: &str) -> StoreResult<i64> {
        let row = sqlx::query("select count(*) as n from post_event where post_id = $1")
            .bind(post_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        row.try_get::<i64, _>("n").map_err(db)
    }
}

impl Storage {
    /// Every row of every table of Our Voice's own data (not the session
    /// store), as text in a stable order. Tests compare it before and after
    /// a refused request: a refusal changes nothing.
    pub async fn dump(&self) -> StoreResult<Vec<String>> {
        let tables = sqlx::query(match self.backend {
            Backend::Sqlite => {
                "select name from sqlite_master where type = 'table' \
                 and name not like 'sqlite_%' and name not like '_sqlx%' \
                 and name not like 'tower_sessions%' order by name"
            }
            Backend::Postgres => {
                "select cast(table_name as text) as name from information_schema.tables \
                 where table_schema = 'public' and table_type = 'BASE TABLE' \
                 and table_name not like '\\_sqlx%' and table_name not like 'tower_sessions%' \
                 order by 1"
            }
        })
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut lines = Vec::new();
        for table in tables {
            let name = text(&table, "name").map_err(db)?;
            let rows = sqlx::query(&format!("select * from {name} order by 1"))
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
            for row in rows {
                let cells: Vec<String> = (0..row.len())
                    .map(|i| {
                        row.try_get::<Option<String>, _>(i)
                            .map(|v| format!("{v:?}"))
                            .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                            .or_else(|_| row.try_get::<Option<f64>, _>(i).map(|v| format!("{v:?}")))
                            .unwrap_or_else(|e| format!("<{e}>"))
                    })
                    .collect();
                lines.push(format!("{name}: {}", cells.join(" | ")));
            }
        }
        Ok(lines)
    }

    /// The notes of one post's audit-log entries, oldest first (for tests
    /// and reports).
    pub async fn audit_notes(&self, post_id: &str) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "select note from post_event where post_id = $1 and note is not null \
             order by seq, created_at",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| row.try_get::<String, _>("note"))
            .collect::<Result<_, _>>()
            .map_err(db)
    }
}

/// Writes a line of an account's log (a rule changed, a network connected
/// or taken off) in the change's own transaction.
pub(super) async fn account_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: &str,
    by: &str,
    what: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into account_event (account_event_id, service_account_id, actor_id, what, \
         created_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(account_id)
    .bind(by)
    .bind(what)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A fresh random id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new secret (a card's, a tablet's or a welcome link's): 244 random
/// bits from two version-4 UUIDs.
fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The stored form of a secret: only its SHA-256 is kept.
fn token_hash(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn text(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    row.try_get::<String, _>(column)
}
