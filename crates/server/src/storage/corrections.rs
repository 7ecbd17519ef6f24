//! Correction requests (*meldingen*): sent by anyone, stored, never published as such; an
//! editor accepts one (by saving a record with it) or declines it with a reason.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Correction {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: String,
    pub message: String,
    pub source: Option<String>,
    pub email: Option<String>,
    pub created_at: String,
    pub status: String,
    pub handled_by: Option<String>,
    pub handled_at: Option<String>,
    pub decision: Option<String>,
}

/// A new request, as checked by the API.
pub struct NewCorrection<'a> {
    pub subject_kind: &'a str,
    pub subject_id: &'a str,
    pub message: &'a str,
    pub source: Option<&'a str>,
    pub email: Option<&'a str>,
}

const COLUMNS: &str = "id, subject_kind, subject_id, message, source, email, created_at, status, handled_by, handled_at, decision";

fn correction(r: &rusqlite::Row) -> rusqlite::Result<Correction> {
    Ok(Correction {
        id: r.get(0)?,
        subject_kind: r.get(1)?,
        subject_id: r.get(2)?,
        message: r.get(3)?,
        source: r.get(4)?,
        email: r.get(5)?,
        created_at: r.get(6)?,
        status: r.get(7)?,
        handled_by: r.get(8)?,
        handled_at: r.get(9)?,
        decision: r.get(10)?,
    })
}

pub fn create(connection: &Connection, new: &NewCorrection) -> rusqlite::Result<i64> {
    connection.execute(
        "INSERT INTO corrections (subject_kind, subject_id, message, source, email, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![new.subject_kind, new.subject_id, new.message, new.source, new.email, super::now()],
    )?;
    Ok(connection.last_insert_rowid())
}

/// Requests, newest first; only the open ones unless `all`.
pub fn list(connection: &Connection, all: bool) -> rusqlite::Result<Vec<Correction>> {
    let filter = if all { "" } else { "WHERE status = 'open'" };
    connection.prepare(&format!("SELECT {COLUMNS} FROM corrections {filter} ORDER BY id DESC"))?.query_map([], correction)?.collect()
}

pub fn get(connection: &Connection, id: i64) -> rusqlite::Result<Option<Correction>> {
    connection.query_row(&format!("SELECT {COLUMNS} FROM corrections WHERE id = ?1"), params![id], correction).optional()
}

/// Marks an open request `accepted` or `declined`; `Ok(false)` when it is not open.
pub fn handle(connection: &Connection, id: i64, status: &str, editor: &str, decision: &str) -> rusqlite::Result<bool> {
    let changed = connection.execute(
        "UPDATE corrections SET status = ?2, handled_by = ?3, handled_at = ?4, decision = ?5 WHERE id = ?1 AND status = 'open'",
        params![id, status, editor, super::now(), decision],
    )?;
    Ok(changed == 1)
}
