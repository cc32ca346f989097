//! Where cookie sessions are kept: in the same database as everything else,
//! so any server behind a balancer knows who is signed in.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::storage::Backend;

/// The session table's name on both databases. Erasing a person ends their
/// sessions by deleting from it.
pub const SESSION_TABLE: &str = "tower_sessions";

/// A session store on SQLite or Postgres.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Opens the session store on the database at `url` and makes its table.
    pub async fn open(url: &str) -> anyhow::Result<Sessions> {
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
                store.migrate().await.map(|()| Sessions::Sqlite(store))
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
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
