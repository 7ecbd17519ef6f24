//! What every request handler shares, and how it is opened at start-up.

use crate::config::Config;
use crate::published::Published;
use crate::storage::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// The database (one connection, writes serialised; SQLite in WAL mode).
    pub store: Store,
    /// The public dataset as last generated from storage.
    pub published: Arc<Published>,
}

impl AppState {
    /// Opens (creating and seeding on first start) the database named in `config`, creates the
    /// first beheerder when there is no account, and generates the published dataset.
    /// Every failure is a message naming the file and the problem.
    ///
    /// (Skeleton: the storage work replaces this with the real thing.)
    pub fn open(config: Config) -> Result<AppState, String> {
        let connection = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
        Ok(AppState {
            config: Arc::new(config),
            store: Store { connection: Arc::new(std::sync::Mutex::new(connection)) },
            published: Arc::new(Published::default()),
        })
    }
}
