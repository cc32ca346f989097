//! Whether anything in the database changed: SQLite's data version, which
//! moves whenever this server, a command beside it or any other program
//! commits a change to the file. An answer worked out at one version (a
//! session, a person, a drawn page) is still right while the version has
//! not moved, so it can be given again without asking the database.
//!
//! Only an SQLite file has it. On PostgreSQL several servers share the
//! data and nothing here is kept.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The data version of one SQLite file, read through a connection of its
/// own that never writes (a change by any other connection moves it).
pub struct DataVersion {
    connection: Mutex<rusqlite::Connection>,
}

impl std::fmt::Debug for DataVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataVersion").finish_non_exhaustive()
    }
}

impl DataVersion {
    /// The data version of the SQLite file behind `url`; `None` for
    /// PostgreSQL, a database in memory, or a file that cannot be opened.
    pub fn open(url: &str) -> Option<DataVersion> {
        let path = sqlite_file(url)?;
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match rusqlite::Connection::open_with_flags(&path, flags) {
            Ok(connection) => Some(DataVersion {
                connection: Mutex::new(connection),
            }),
            Err(error) => {
                tracing::warn!(%error, "Failed to open the database to watch for changes");
                None
            }
        }
    }

    /// The version now, or `None` when it cannot be read this moment (the
    /// caller then asks the database, as if nothing were kept).
    pub fn now(&self) -> Option<i64> {
        let connection = self.connection.lock().ok()?;
        let read = connection
            .prepare_cached("pragma data_version")
            .and_then(|mut statement| statement.query_row([], |row| row.get(0)));
        match read {
            Ok(version) => Some(version),
            Err(error) => {
                tracing::warn!(%error, "Failed to read the data version");
                None
            }
        }
    }
}

/// The file an `sqlite:` address names, unless it is in memory.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory =
        path.is_empty() || path == ":memory:" || query.split('&').any(|pair| pair == "mode=memory");
    (!in_memory).then(|| PathBuf::from(path))
}

/// Answers worked out at one data version of a file, all let go when it
/// moves. At most `limit` are held; when full, all are let go.
pub struct AtVersion<K, V> {
    version: Arc<DataVersion>,
    held: Mutex<Held<K, V>>,
    limit: usize,
}

impl<K, V> std::fmt::Debug for AtVersion<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtVersion")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

struct Held<K, V> {
    version: i64,
    values: HashMap<K, V>,
}

impl<K: Eq + Hash, V: Clone> AtVersion<K, V> {
    pub fn new(version: Arc<DataVersion>, limit: usize) -> AtVersion<K, V> {
        AtVersion {
            version,
            held: Mutex::new(Held {
                version: i64::MIN,
                values: HashMap::new(),
            }),
            limit,
        }
    }

    /// The file's data version now (read before working an answer out),
    /// or `None` when it cannot be read: then nothing is kept.
    pub fn now(&self) -> Option<i64> {
        self.version.now()
    }

    /// The answer kept for `key`, if it was worked out at `version`.
    pub fn get(&self, version: i64, key: &K) -> Option<V> {
        let held = self.held.lock().ok()?;
        if held.version != version {
            return None;
        }
        held.values.get(key).cloned()
    }

    /// Keeps `value`, worked out from what the database held at `version`
    /// (read before asking it). An answer from an older version is not
    /// kept.
    pub fn keep(&self, version: i64, key: K, value: V) {
        let Ok(mut held) = self.held.lock() else {
            return;
        };
        if version < held.version {
            return;
        }
        if version != held.version || held.values.len() >= self.limit {
            held.values.clear();
            held.version = version;
        }
        held.values.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_have_a_version() {
        assert_eq!(
            sqlite_file("sqlite:///data/ourvoice.db?mode=rwc"),
            Some(PathBuf::from("/data/ourvoice.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:data/ourvoice.db"),
            Some(PathBuf::from("data/ourvoice.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://x.db?mode=memory&cache=shared"), None);
        assert_eq!(sqlite_file("postgres://localhost/ourvoice"), None);
    }

    #[test]
    fn a_change_by_another_connection_moves_the_version() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let file = dir.path().join("v.db");
        let writer = rusqlite::Connection::open(&file).expect("open");
        writer
            .execute_batch("pragma journal_mode = wal; create table t (x integer);")
            .expect("table");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let version = DataVersion::open(&url).expect("a file has a version");
        let before = version.now().expect("read");
        assert_eq!(version.now(), Some(before), "nothing changed");
        writer
            .execute("insert into t values (1)", [])
            .expect("insert");
        let after = version.now().expect("read");
        assert_ne!(after, before, "a commit moves it");
        let rows: i64 = writer
            .query_row("select count(*) from t", [], |row| row.get(0))
            .expect("read");
        assert_eq!(rows, 1);
        assert_eq!(version.now(), Some(after), "reading does not move it");
    }

    #[test]
    fn answers_from_another_version_are_not_given() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let file = dir.path().join("v.db");
        rusqlite::Connection::open(&file).expect("open");
        let url = format!("sqlite://{}", file.display());
        let version = Arc::new(DataVersion::open(&url).expect("a version"));
        let kept = AtVersion::<&str, u32>::new(version, 2);
        assert!(kept.now().is_some(), "read through the file's connection");
        kept.keep(5, "a", 1);
        assert_eq!(kept.get(5, &"a"), Some(1));
        assert_eq!(kept.get(6, &"a"), None, "the data moved on");
        kept.keep(4, "b", 2);
        assert_eq!(kept.get(4, &"b"), None, "worked out before the change");
        assert_eq!(kept.get(5, &"a"), Some(1), "and the newer kept");
        kept.keep(6, "c", 3);
        assert_eq!(kept.get(5, &"a"), None, "let go when the version moved");
        assert_eq!(kept.get(6, &"c"), Some(3));
        kept.keep(6, "d", 4);
        kept.keep(6, "e", 5);
        assert_eq!(kept.get(6, &"c"), None, "full: all let go");
        assert_eq!(kept.get(6, &"e"), Some(5));
    }
}
