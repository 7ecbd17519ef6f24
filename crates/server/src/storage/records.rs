//! The curated records (as they will be written to `data/verbanden/<file>.json`) and their
//! revisions. A record is stored as its JSON, the canonical serialisation of
//! `kaartviewer_core::dataset::Verband`, so export writes back exactly what was read.

use kaartviewer_core::dataset::Verband;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

/// The file new records and register overrides go to.
pub const EDITORS_FILE: &str = "redactie.json";
/// `$schema` of a file the server creates (as in `data/verbanden/*.json`).
pub const SCHEMA_REFERENCE: &str = "../verbanden.schema.json";

/// A curated file's header.
pub struct DatasetFileRef<'a> {
    pub name: &'a str,
    pub boundary_year: u16,
    pub schema: Option<&'a str>,
}

/// A file as stored: its header and its records in order.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub name: String,
    pub boundary_year: u16,
    pub schema: Option<String>,
    pub verbanden: Vec<Verband>,
}

pub fn insert_file(connection: &Connection, file: &DatasetFileRef) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO files (name, boundary_year, schema) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET boundary_year = excluded.boundary_year, schema = excluded.schema",
        params![file.name, file.boundary_year, file.schema],
    )?;
    Ok(())
}

fn to_json(verband: &Verband) -> String {
    serde_json::to_string(verband).expect("a Verband always serialises")
}

fn from_json(text: &str) -> rusqlite::Result<Verband> {
    serde_json::from_str(text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub fn insert(connection: &Connection, file: &str, position: i64, verband: &Verband) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO records (id, file, position, json) VALUES (?1, ?2, ?3, ?4)",
        params![verband.id, file, position, to_json(verband)],
    )?;
    Ok(())
}

/// Every stored file with its records, files by name and records by position: the order
/// `datatool build` reads `data/verbanden/*.json` in.
pub fn files(connection: &Connection) -> rusqlite::Result<Vec<StoredFile>> {
    let mut files: Vec<StoredFile> = connection
        .prepare("SELECT name, boundary_year, schema FROM files ORDER BY name")?
        .query_map([], |row| Ok(StoredFile { name: row.get(0)?, boundary_year: row.get(1)?, schema: row.get(2)?, verbanden: vec![] }))?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement = connection.prepare("SELECT file, json FROM records ORDER BY file, position")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let file: String = row.get(0)?;
        let verband = from_json(&row.get::<_, String>(1)?)?;
        if let Some(f) = files.iter_mut().find(|f| f.name == file) {
            f.verbanden.push(verband);
        }
    }
    Ok(files)
}

/// Every stored record, in published order.
pub fn all(connection: &Connection) -> rusqlite::Result<Vec<Verband>> {
    Ok(files(connection)?.into_iter().flat_map(|f| f.verbanden).collect())
}

pub fn get(connection: &Connection, id: &str) -> rusqlite::Result<Option<Verband>> {
    connection
        .query_row("SELECT json FROM records WHERE id = ?1", params![id], |row| row.get::<_, String>(0))
        .optional()?
        .map(|text| from_json(&text))
        .transpose()
}

/// One change, as the editor made it.
pub struct Change<'a> {
    pub after: &'a Verband,
    pub editor: &'a str,
    pub reason: &'a str,
    pub sources: &'a [String],
    pub correction: Option<i64>,
}

/// A revision (*wijziging*): a record before and after one change, who, when and why.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub id: i64,
    pub record_id: String,
    pub at: String,
    pub editor: String,
    pub reason: String,
    pub sources: Vec<String>,
    pub correction: Option<i64>,
    pub before: Option<Verband>,
    pub after: Verband,
}

fn revision(row: &Row) -> rusqlite::Result<Revision> {
    let before: Option<String> = row.get(7)?;
    Ok(Revision {
        id: row.get(0)?,
        record_id: row.get(1)?,
        at: row.get(2)?,
        editor: row.get(3)?,
        reason: row.get(4)?,
        sources: serde_json::from_str(&row.get::<_, String>(5)?).unwrap_or_default(),
        correction: row.get(6)?,
        before: before.as_deref().map(from_json).transpose()?,
        after: from_json(&row.get::<_, String>(8)?)?,
    })
}

const REVISION_COLUMNS: &str = "id, record_id, at, editor, reason, sources, correction, before, after";

/// Stores `change.after` (a new record goes to the end of [`EDITORS_FILE`]) and its revision.
/// The caller runs this inside its transaction, so the record and its revision are written
/// together or not at all. `before` is what the record was (`None` when it is new; a register
/// or division record that is overridden is its `before`).
pub fn save(connection: &Connection, before: Option<&Verband>, change: &Change) -> rusqlite::Result<Revision> {
    let json = to_json(change.after);
    let updated = connection.execute("UPDATE records SET json = ?2 WHERE id = ?1", params![change.after.id, json])?;
    if updated == 0 {
        let exists: bool = connection.query_row("SELECT count(*) FROM files WHERE name = ?1", params![EDITORS_FILE], |r| r.get::<_, i64>(0))? > 0;
        if !exists {
            // New files get the boundary year of the other files (the published one).
            let year: u16 = connection
                .query_row("SELECT max(boundary_year) FROM files", [], |r| r.get::<_, Option<u16>>(0))?
                .unwrap_or(2025);
            insert_file(connection, &DatasetFileRef { name: EDITORS_FILE, boundary_year: year, schema: Some(SCHEMA_REFERENCE) })?;
        }
        let position: i64 =
            connection.query_row("SELECT coalesce(max(position) + 1, 0) FROM records WHERE file = ?1", params![EDITORS_FILE], |r| r.get(0))?;
        insert(connection, EDITORS_FILE, position, change.after)?;
    }
    let at = super::now();
    let sources = serde_json::to_string(change.sources).expect("strings serialise");
    connection.execute(
        "INSERT INTO revisions (record_id, at, editor, reason, sources, correction, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![change.after.id, at, change.editor, change.reason, sources, change.correction, before.map(to_json), json],
    )?;
    let id = connection.last_insert_rowid();
    Ok(Revision {
        id,
        record_id: change.after.id.clone(),
        at,
        editor: change.editor.into(),
        reason: change.reason.into(),
        sources: change.sources.to_vec(),
        correction: change.correction,
        before: before.cloned(),
        after: change.after.clone(),
    })
}

/// A record's revisions, newest first.
pub fn history(connection: &Connection, id: &str) -> rusqlite::Result<Vec<Revision>> {
    connection
        .prepare(&format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE record_id = ?1 ORDER BY id DESC"))?
        .query_map(params![id], revision)?
        .collect()
}

pub fn last_revision(connection: &Connection, id: &str) -> rusqlite::Result<Option<Revision>> {
    connection
        .query_row(&format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE record_id = ?1 ORDER BY id DESC LIMIT 1"), params![id], revision)
        .optional()
}

pub fn find_revision(connection: &Connection, revision_id: i64) -> rusqlite::Result<Option<Revision>> {
    connection.query_row(&format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id = ?1"), params![revision_id], revision).optional()
}

/// Revisions not yet in an exported commit, oldest first (the export's commit message).
pub fn unexported(connection: &Connection) -> rusqlite::Result<Vec<Revision>> {
    connection
        .prepare(&format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE exported = 0 ORDER BY id"))?
        .query_map([], revision)?
        .collect()
}

pub fn mark_exported(connection: &Connection, up_to: i64) -> rusqlite::Result<()> {
    connection.execute("UPDATE revisions SET exported = 1 WHERE id <= ?1", params![up_to])?;
    Ok(())
}
