//! SQLite storage: curated and edited records, every change as a revision, accounts, sessions
//! and correction requests.
//!
//! One database file, opened in WAL mode with `synchronous=FULL`: a write the server has
//! confirmed (the transaction committed) survives a crash or `kill -9`, and a write cut off
//! half-way is rolled back on the next open. All access goes through one connection behind a
//! mutex, so writes are serialised and the optimistic-locking check and the write it guards
//! are one transaction.
//!
//! - [`schema`]: the tables, their version (`PRAGMA user_version`) and seeding on first start;
//! - [`records`]: the curated records and their revisions;
//! - [`accounts`]: accounts and sessions;
//! - [`corrections`]: correction requests (*meldingen*);
//! - [`transfer`]: export to and import from the open-data files in `data/`.

pub mod accounts;
pub mod corrections;
pub mod records;
pub mod schema;
pub mod transfer;

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// The database handle shared by all handlers.
#[derive(Clone)]
pub struct Store {
    pub connection: Arc<Mutex<Connection>>,
}

/// Opens `path` with the settings every connection needs: WAL, `synchronous=FULL` (a commit
/// is on disk before it is confirmed), a busy timeout (the export command may read while the
/// server writes) and foreign keys. Creates the file's folder when needed.
pub fn connect(path: &Path) -> Result<Connection, String> {
    let fail = |e: &dyn std::fmt::Display| format!("database {}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail(&format!("cannot create the folder {}: {e}", dir.display())))?;
    }
    let connection = Connection::open(path).map_err(|e| fail(&e))?;
    connection.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| fail(&e))?;
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(|e| fail(&e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(fail(&format!("cannot switch to WAL mode (journal mode is {mode}); is the file on a network share?")));
    }
    connection.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;").map_err(|e| fail(&e))?;
    Ok(connection)
}

impl Store {
    pub fn new(connection: Connection) -> Store {
        Store { connection: Arc::new(Mutex::new(connection)) }
    }

    /// The connection, for work on the current thread (start-up, tests, the export command).
    /// A handler that panicked while holding it cannot leave a half-done write behind (the
    /// transaction is rolled back when dropped), so a poisoned lock is still usable.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on the connection on a blocking thread, so SQLite's disk waits (and
    /// `fsync`s) never hold up the async workers.
    pub async fn call<T: Send + 'static>(&self, work: impl FnOnce(&mut Connection) -> T + Send + 'static) -> T {
        let store = self.clone();
        match tokio::task::spawn_blocking(move || work(&mut store.lock())).await {
            Ok(value) => value,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

/// Now, as stored and sent: RFC 3339 in UTC, whole seconds (`2026-12-02T10:15:00Z`).
pub fn now() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Seconds since 1970 (session expiry).
pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A database error as a message (the handlers turn it into a 500 that names no internals).
pub fn db_error(e: rusqlite::Error) -> String {
    format!("database: {e}")
}
