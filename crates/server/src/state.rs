//! What every request handler shares, and how it is opened at start-up.

use crate::auth::{Auth, RateLimits, ensure_first_admin, random_token};
use crate::config::Config;
use crate::published::{Published, load_basis};
use crate::storage::{Store, accounts, connect, db_error, records, schema};
use kaartviewer_core::validate::validate;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// The database (one connection, writes serialised; SQLite in WAL mode).
    pub store: Store,
    /// The build's bundle and the public dataset as last generated from storage.
    pub published: Arc<Published>,
    /// Token keys and rate limits.
    pub auth: Arc<Auth>,
}

impl AppState {
    /// Opens (creating and seeding on first start) the database named in `config`, creates the
    /// first beheerder when there is no account (printing a one-time password when
    /// `KAARTVIEWER_ADMIN_PASSWORD` is not set), and generates the published dataset.
    /// Every failure is a message naming the file and the problem.
    pub fn open(config: Config) -> Result<AppState, String> {
        AppState::open_with(config, RateLimits::default())
    }

    /// [`AppState::open`] with other rate limits (tests).
    pub fn open_with(config: Config, limits: RateLimits) -> Result<AppState, String> {
        let basis = load_basis(&config.basis)?;
        let mut connection = connect(&config.database)?;
        let curated_folder = config.data.join("verbanden");
        let database = config.database.display().to_string();
        let seeded = schema::migrate(&mut connection, || {
            let files = schema::read_curated(&curated_folder)?;
            let problems = validate(&files, &basis.codes);
            if problems.is_empty() {
                Ok(files)
            } else {
                let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                Err(format!(
                    "{}: cannot seed the database, {} problem(s) (run `datatool validate`):\n{}",
                    curated_folder.display(),
                    lines.len(),
                    lines.join("\n")
                ))
            }
        })
        .map_err(|e| format!("database {database}: {e}"))?;
        if seeded {
            eprintln!("kaartviewer-server: database {database} aangemaakt uit / created from {}", curated_folder.display());
        }
        if let Some(password) = ensure_first_admin(&connection, config.admin_password.as_deref())? {
            eprintln!(
                "kaartviewer-server: eerste beheerder / first administrator: gebruikersnaam / username `beheerder`, \
                 eenmalig wachtwoord / one-time password: {password}\n\
                 (wordt niet opnieuw getoond; maak daarna eigen accounts / not shown again; then create personal accounts)"
            );
        }
        let key = accounts::meta_value(&connection, "anonymous_csrf_key", random_token).map_err(db_error)?;
        let curated = records::all(&connection).map_err(|e| format!("{database}: {}", db_error(e)))?;
        let published = Published::new(basis, &curated);
        Ok(AppState {
            config: Arc::new(config),
            store: Store::new(connection),
            published: Arc::new(published),
            auth: Arc::new(Auth::new(key.as_bytes(), &limits)),
        })
    }
}
