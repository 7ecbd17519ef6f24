//! SQLite storage: curated and edited records, every change as a revision, accounts, sessions
//! and correction requests.

use std::sync::{Arc, Mutex};

/// The database handle shared by all handlers.
#[derive(Clone)]
pub struct Store {
    pub connection: Arc<Mutex<rusqlite::Connection>>,
}
