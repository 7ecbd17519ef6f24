//! SQLite storage: curated and edited records, every change as a revision, accounts, sessions
//! and correction requests.

use std::sync::{Arc, Mutex};

/// The database handle shared by all handlers.
#[derive(Clone)]
pub struct Store {
    pub connection: Arc<Mutex<rusqlite::Connection>>,
}

/// Export and import between the database and the open-data files in `data/` (owned by the
/// storage work). `main.rs` calls these for `kaartviewer-server export` / `import`.
pub mod transfer {
    use crate::config::Config;

    /// Writes the current curated and edited records to `data/verbanden/*.json` and CSV;
    /// with `commit`, also commits them with git. Returns a report for the terminal.
    pub fn export(_config: &Config, _commit: bool) -> Result<String, String> {
        Err("export: not yet implemented".into())
    }

    /// Reads `data/verbanden/*.json` back into the database, one revision per changed record.
    pub fn import(_config: &Config) -> Result<String, String> {
        Err("import: not yet implemented".into())
    }
}
