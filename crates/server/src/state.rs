//! What every request handler shares.

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
