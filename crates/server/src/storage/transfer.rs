//! Export and import between the database and the open-data files in `data/`: the files in
//! git stay the publishable truth. Export writes every stored file back to
//! `data/verbanden/<file>.json` exactly as the data tool writes JSON (so an export right after
//! seeding reproduces the committed files byte for byte) and a CSV of each to `data/csv/`;
//! with `commit` it also commits them. Import reads the files back, one revision per record
//! that differs, so importing what was just exported changes nothing.

use super::records::{self, Change, DatasetFileRef, StoredFile};
use super::{connect, db_error, schema};
use crate::config::Config;
use kaartviewer_core::csv_table::to_csv;
use kaartviewer_core::dataset::DatasetFile;
use kaartviewer_core::validate::{CodeRegister, validate};
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;

/// The editor named in revisions made by `import`.
pub const IMPORT_EDITOR: &str = "import";

/// JSON as the data tool writes files: two-space indent, UTF-8 as is, final newline.
pub fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("dataset values serialise") + "\n"
}

/// The dataset file as written to `data/verbanden/`.
fn dataset_file(file: &StoredFile) -> DatasetFile {
    DatasetFile { schema: file.schema.clone(), boundary_year: file.boundary_year, verbanden: file.verbanden.clone() }
}

/// What an export wrote.
#[derive(Debug, Default)]
pub struct Exported {
    /// Files whose content changed (JSON and CSV), relative to `data/`.
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

/// Writes every stored file to `<data>/verbanden/` and `<data>/csv/` (only those whose content
/// differs, so an unchanged file keeps its date). Reads in one transaction, so a save made by
/// the running server meanwhile is either wholly in the files or not at all.
pub fn export_files(connection: &Connection, data: &Path) -> Result<Exported, String> {
    let snapshot = connection.unchecked_transaction().map_err(db_error)?;
    let files = records::files(&snapshot).map_err(db_error)?;
    drop(snapshot);
    write_files(&files, data)
}

fn write_files(files: &[StoredFile], data: &Path) -> Result<Exported, String> {
    let mut report = Exported::default();
    for file in files {
        let data_file = dataset_file(file);
        let stem = file.name.strip_suffix(".json").unwrap_or(&file.name);
        let outputs = [(format!("verbanden/{}", file.name), pretty(&data_file)), (format!("csv/{stem}.csv"), to_csv(&data_file))];
        for (relative, text) in outputs {
            let path = data.join(&relative);
            if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
                report.unchanged += 1;
            } else {
                kaartviewer_core::atomic_file::write(&path, text.as_bytes())?;
                report.written.push(relative);
            }
        }
    }
    Ok(report)
}

/// The commit message for these revisions: a summary line, then one line per revision.
pub fn commit_message(revisions: &[records::Revision]) -> String {
    let mut ids: Vec<&str> = revisions.iter().map(|r| r.record_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut message = match revisions.len() {
        0 => "Redactie: export van de database".to_string(),
        n => format!("Redactie: {n} wijziging(en) aan {} verband(en)", ids.len()),
    };
    if !revisions.is_empty() {
        message.push_str("\n\n");
    }
    for r in revisions {
        let correction = r.correction.map(|c| format!(", melding {c}")).unwrap_or_default();
        let reason = r.reason.replace(['\n', '\r'], " ");
        message.push_str(&format!("- {}: {} ({}, {}{correction})\n", r.record_id, reason, r.editor, r.at));
    }
    message
}

fn git(repository: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(repository)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git in {}: {e}", repository.display()))
}

/// Opens the server's database for export or import; it must exist already (the server
/// creates and seeds it on first start).
fn open_existing(config: &Config) -> Result<Connection, String> {
    if !config.database.exists() {
        return Err(format!("no database at {}; start the server once to create it", config.database.display()));
    }
    let mut connection = connect(&config.database)?;
    schema::migrate(&mut connection, || Err(format!("{} is empty; start the server once to seed it", config.database.display())))?;
    Ok(connection)
}

/// Writes the current curated and edited records to `data/verbanden/*.json` and CSV; with
/// `commit`, also commits them with git (only those paths), with a message listing the
/// revisions since the last committed export. Returns a report for the terminal.
pub fn export(config: &Config, commit: bool) -> Result<String, String> {
    let connection = open_existing(config)?;
    // The files and the revisions they contain, read together.
    let snapshot = connection.unchecked_transaction().map_err(db_error)?;
    let files = records::files(&snapshot).map_err(db_error)?;
    let revisions = records::unexported(&snapshot).map_err(db_error)?;
    drop(snapshot);
    let written = write_files(&files, &config.data)?;
    let mut report = format!(
        "export: {} file(s) written to {}, {} unchanged",
        written.written.len(),
        config.data.display(),
        written.unchanged
    );
    for file in &written.written {
        report.push_str(&format!("\n  {file}"));
    }
    if !commit {
        return Ok(report);
    }
    let repository = config.data.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let data_name = config.data.file_name().and_then(|n| n.to_str()).unwrap_or("data");
    let paths = [format!("{data_name}/verbanden"), format!("{data_name}/csv")];
    let add = git(repository, &["add", "--", &paths[0], &paths[1]])?;
    if !add.status.success() {
        return Err(format!("git add failed: {}", String::from_utf8_lossy(&add.stderr).trim()));
    }
    let staged = git(repository, &["diff", "--cached", "--quiet", "--", &paths[0], &paths[1]])?;
    if staged.status.success() {
        // The files in git already hold these revisions (committed by hand, say).
        if let Some(last) = revisions.last() {
            records::mark_exported(&connection, last.id).map_err(db_error)?;
        }
        return Ok(format!("{report}\nnothing to commit: the files in git are up to date"));
    }
    let message = commit_message(&revisions);
    let done = git(repository, &["commit", "--quiet", "-m", &message, "--", &paths[0], &paths[1]])?;
    if !done.status.success() {
        return Err(format!("git commit failed: {}", String::from_utf8_lossy(&done.stderr).trim()));
    }
    if let Some(last) = revisions.last() {
        records::mark_exported(&connection, last.id).map_err(db_error)?;
    }
    Ok(format!("{report}\ncommitted: {}", message.lines().next().unwrap_or_default()))
}

/// What an import changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Records added or changed (one revision each).
    pub changed: Vec<String>,
    /// Records moved to another file or place, content unchanged (no revision).
    pub moved: usize,
    /// Records in the database that are in no file (kept; say so).
    pub only_in_database: Vec<String>,
}

/// Reads `<data>/verbanden/*.json` into the database in one transaction: files are checked
/// first (with the same validator and codes as `datatool validate`), and nothing is changed
/// when any file has a problem.
pub fn import_files(connection: &mut Connection, data: &Path, codes: &CodeRegister) -> Result<Imported, String> {
    let files = schema::read_curated(&data.join("verbanden"))?;
    let problems = validate(&files, codes);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return Err(format!("{}\n{} problem(s); nothing was imported", lines.join("\n"), lines.len()));
    }
    let mut report = Imported::default();
    let transaction = connection.transaction().map_err(db_error)?;
    let mut seen = std::collections::HashSet::new();
    for (name, file) in &files {
        records::insert_file(&transaction, &DatasetFileRef { name, boundary_year: file.boundary_year, schema: file.schema.as_deref() })
            .map_err(db_error)?;
        for (position, verband) in file.verbanden.iter().enumerate() {
            seen.insert(verband.id.clone());
            let stored = records::get(&transaction, &verband.id).map_err(db_error)?;
            if stored.as_ref() != Some(verband) {
                let reason = format!("Import uit data/verbanden/{name}");
                let change = Change { after: verband, editor: IMPORT_EDITOR, reason: &reason, sources: &[], correction: None };
                records::save(&transaction, stored.as_ref(), &change).map_err(db_error)?;
                report.changed.push(verband.id.clone());
            }
            let moved = transaction
                .execute(
                    "UPDATE records SET file = ?2, position = ?3 WHERE id = ?1 AND (file <> ?2 OR position <> ?3)",
                    rusqlite::params![verband.id, name, position as i64],
                )
                .map_err(db_error)?;
            if moved == 1 && !report.changed.contains(&verband.id) {
                report.moved += 1;
            }
        }
    }
    report.only_in_database = records::all(&transaction).map_err(db_error)?.into_iter().map(|v| v.id).filter(|id| !seen.contains(id)).collect();
    transaction.commit().map_err(db_error)?;
    Ok(report)
}

/// Reads `data/verbanden/*.json` back into the database, one revision per changed record.
/// Run it with the server stopped (the server publishes what it has in memory until it
/// restarts).
pub fn import(config: &Config) -> Result<String, String> {
    let basis = crate::published::load_basis(&config.basis)?;
    let mut connection = open_existing(config)?;
    let report = import_files(&mut connection, &config.data, &basis.codes)?;
    let mut text = format!("import: {} record(s) changed, {} moved", report.changed.len(), report.moved);
    for id in &report.changed {
        text.push_str(&format!("\n  changed: {id}"));
    }
    for id in &report.only_in_database {
        text.push_str(&format!("\n  warning: {id} is in the database but in no file; kept"));
    }
    Ok(text)
}
