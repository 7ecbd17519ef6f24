//! Accounts and sessions as stored. A session is kept only as the SHA-256 of its token: a
//! copy of the database does not let anyone sign in.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub username: String,
    pub role: String,
    pub created_at: String,
}

pub struct Credentials {
    pub role: String,
    pub password_hash: String,
}

pub fn count(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
}

pub fn list(connection: &Connection) -> rusqlite::Result<Vec<Account>> {
    connection
        .prepare("SELECT username, role, created_at FROM accounts ORDER BY username")?
        .query_map([], |r| Ok(Account { username: r.get(0)?, role: r.get(1)?, created_at: r.get(2)? }))?
        .collect()
}

/// Creates an account; `Ok(false)` when the username is taken.
pub fn create(connection: &Connection, username: &str, role: &str, password_hash: &str) -> rusqlite::Result<bool> {
    let inserted = connection.execute(
        "INSERT INTO accounts (username, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (username) DO NOTHING",
        params![username, role, password_hash, super::now()],
    )?;
    Ok(inserted == 1)
}

pub fn credentials(connection: &Connection, username: &str) -> rusqlite::Result<Option<Credentials>> {
    connection
        .query_row("SELECT role, password_hash FROM accounts WHERE username = ?1", params![username], |r| {
            Ok(Credentials { role: r.get(0)?, password_hash: r.get(1)? })
        })
        .optional()
}

pub fn role(connection: &Connection, username: &str) -> rusqlite::Result<Option<String>> {
    connection.query_row("SELECT role FROM accounts WHERE username = ?1", params![username], |r| r.get(0)).optional()
}

/// Deletes an account and (by the foreign key) its sessions; `Ok(false)` when there is none.
pub fn delete(connection: &Connection, username: &str) -> rusqlite::Result<bool> {
    Ok(connection.execute("DELETE FROM accounts WHERE username = ?1", params![username])? == 1)
}

pub fn count_role(connection: &Connection, role: &str) -> rusqlite::Result<i64> {
    connection.query_row("SELECT count(*) FROM accounts WHERE role = ?1", params![role], |r| r.get(0))
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub username: String,
    pub role: String,
    pub csrf: String,
}

pub fn create_session(connection: &Connection, token_hash: &str, username: &str, csrf: &str, expires_at: i64) -> rusqlite::Result<()> {
    // Expired sessions go whenever a new one starts, so the table does not grow.
    connection.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![super::unix_now()])?;
    connection.execute(
        "INSERT INTO sessions (token_hash, username, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, username, csrf, expires_at],
    )?;
    Ok(())
}

/// The session with this token hash, if it has not expired.
pub fn session(connection: &Connection, token_hash: &str) -> rusqlite::Result<Option<Session>> {
    connection
        .query_row(
            "SELECT s.username, a.role, s.csrf FROM sessions s JOIN accounts a ON a.username = s.username
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            params![token_hash, super::unix_now()],
            |r| Ok(Session { username: r.get(0)?, role: r.get(1)?, csrf: r.get(2)? }),
        )
        .optional()
}

pub fn delete_session(connection: &Connection, token_hash: &str) -> rusqlite::Result<()> {
    connection.execute("DELETE FROM sessions WHERE token_hash = ?1", params![token_hash])?;
    Ok(())
}

/// A value kept in the `meta` table (the key that signs anonymous CSRF tokens), created by
/// `make` on first use.
pub fn meta_value(connection: &Connection, key: &str, make: impl FnOnce() -> String) -> rusqlite::Result<String> {
    if let Some(value) = connection.query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| r.get(0)).optional()? {
        return Ok(value);
    }
    let value = make();
    connection.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![key, value])?;
    Ok(value)
}
