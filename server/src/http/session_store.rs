//! Where cookie sessions are kept: in the same database as everything else,
//! so any server behind a balancer knows who is signed in. On an SQLite
//! file a session read is kept until the data version moves.

use std::sync::Arc;

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::storage::{AtVersion, Backend, DataVersion};

/// The session table's name on both databases. Erasing a person ends their
/// sessions by deleting from it.
pub const SESSION_TABLE: &str = "tower_sessions";

/// Most sessions kept in memory at one data version.
const KEPT_SESSIONS: usize = 4096;

/// A session store on SQLite or Postgres.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore, Option<Arc<AtVersion<Id, Record>>>),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Opens the session store on the database at `url` and makes its
    /// table; with `version` (an SQLite file), sessions read are kept
    /// while nothing in the file changes.
    pub async fn open(url: &str, version: Option<Arc<DataVersion>>) -> anyhow::Result<Sessions> {
        use anyhow::Context;
        let store = match Backend::of(url).map_err(|error| anyhow::anyhow!("{error}"))? {
            Backend::Sqlite => {
                // No ping before each use: the file cannot go away.
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .test_before_acquire(false)
                    .connect(url)
                    .await
                    .context("Failed to open the session database")?;
                let store = SqliteStore::new(pool)
                    .with_table_name(SESSION_TABLE)
                    .map_err(|error| anyhow::anyhow!(error))?;
                let kept = version.map(|version| Arc::new(AtVersion::new(version, KEPT_SESSIONS)));
                store
                    .migrate()
                    .await
                    .map(|()| Sessions::Sqlite(store, kept))
            }
            Backend::Postgres => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .connect(url)
                    .await
                    .context("Failed to open the session database")?;
                let store = PostgresStore::new(pool)
                    .with_schema_name("public")
                    .and_then(|store| store.with_table_name(SESSION_TABLE))
                    .map_err(|error| anyhow::anyhow!(error))?;
                store.migrate().await.map(|()| Sessions::Postgres(store))
            }
        };
        store.context("Failed to prepare the session table")
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store, _) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store, _) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store, None) => store.load(id).await,
            Sessions::Sqlite(store, Some(kept)) => {
                let Some(version) = kept.now() else {
                    return store.load(id).await;
                };
                if let Some(record) = kept.get(version, id) {
                    // The store gives only sessions that have not run out.
                    if record.expiry_date > time::OffsetDateTime::now_utc() {
                        return Ok(Some(record));
                    }
                }
                let record = store.load(id).await?;
                if let Some(record) = &record {
                    kept.keep(version, *id, record.clone());
                }
                Ok(record)
            }
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store, _) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store, _) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
