//! The tables, their version, and seeding a new database from the committed curated files.

use super::db_error;
use super::records::{self, DatasetFileRef};
use kaartviewer_core::dataset::{DatasetFile, Problem, parse_file};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};

/// The schema version this server writes (`PRAGMA user_version`); 0 is a new, empty file.
pub const VERSION: i64 = 1;

const TABLES: &str = "
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    boundary_year INTEGER NOT NULL,
    schema TEXT
) STRICT;
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL REFERENCES files(name),
    position INTEGER NOT NULL,
    json TEXT NOT NULL
) STRICT;
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    message TEXT NOT NULL,
    source TEXT,
    email TEXT,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),
    handled_by TEXT,
    handled_at TEXT,
    decision TEXT
) STRICT;
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    at TEXT NOT NULL,
    editor TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    sources TEXT NOT NULL,
    correction INTEGER REFERENCES corrections(id),
    before TEXT,
    after TEXT NOT NULL,
    exported INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX revisions_by_record ON revisions(record_id, id);
CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('redacteur', 'beheerder')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
";

/// The curated files of `data/verbanden/` (`*.json`, sorted by name, as `datatool build`
/// reads them), each parsed; any problem is an error naming the file.
pub fn read_curated(folder: &Path) -> Result<Vec<(String, DatasetFile)>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: cannot read: {e}", folder.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json")))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for path in paths {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{label}: cannot read: {e}"))?;
        let (data, found) = parse_file(&text, &label);
        problems.extend(found);
        if let Some(data) = data {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            files.push((name, data));
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))
    }
}

/// Brings the database to [`VERSION`]: a new file gets the tables and the curated records of
/// `curated` (each remembering its file and position), in one transaction, so a start-up cut
/// off half-way leaves an empty file that is seeded again next time. Returns whether it seeded.
pub fn migrate(connection: &mut Connection, curated: impl FnOnce() -> Result<Vec<(String, DatasetFile)>, String>) -> Result<bool, String> {
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(db_error)?;
    match version {
        VERSION => Ok(false),
        0 => {
            let files = curated()?;
            let transaction = connection.transaction().map_err(db_error)?;
            transaction.execute_batch(TABLES).map_err(db_error)?;
            for (name, file) in &files {
                let header = DatasetFileRef { name, boundary_year: file.boundary_year, schema: file.schema.as_deref() };
                records::insert_file(&transaction, &header).map_err(db_error)?;
                for (position, verband) in file.verbanden.iter().enumerate() {
                    records::insert(&transaction, name, position as i64, verband)
                        .map_err(|e| format!("{name}: {}: {}", verband.id, db_error(e)))?;
                }
            }
            transaction
                .execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?1)", params![super::now()])
                .map_err(db_error)?;
            transaction.execute_batch(&format!("PRAGMA user_version = {VERSION}")).map_err(db_error)?;
            transaction.commit().map_err(db_error)?;
            Ok(true)
        }
        newer => Err(format!(
            "the database has schema version {newer}, newer than this server knows ({VERSION}); use a newer server, or restore a backup"
        )),
    }
}
