//! The partnership dataset: samenwerkingsverbanden and their members.
//!
//! Files are edited by hand, so reading never stops at the first fault: every record
//! that can be read is kept, and every one that cannot becomes a [`Problem`] naming
//! the file, the record and the field.

use serde::{Deserialize, Serialize};
use crate::text_check::terminal_safe;
use serde_json::Value;
use std::fmt;

/// One samenwerkingsverband.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verband {
    /// Stable identifier: lowercase letters, digits and hyphens.
    pub id: String,
    pub name: String,
    /// Doel: what the partnership is for, in a sentence or two.
    pub description: String,
    /// Thema's, ids from [`crate::vocabulary::THEMES`].
    pub themes: Vec<String>,
    /// Juridische vorm, an id from [`crate::vocabulary::LEGAL_FORMS`].
    pub legal_form: String,
    /// Deelnemers that are on the map.
    pub members: Vec<Member>,
    /// Other partners, not on the map (companies, institutions), by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_partners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Vestigingsplaats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
    /// Since when: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Fase, an id from [`crate::vocabulary::PHASES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Public sources for the facts in this record.
    pub sources: Vec<String>,
    /// When the record was last checked against its sources (`YYYY-MM-DD`).
    pub checked: String,
    /// For editors: what is uncertain or still to be checked. Not a fact about the verband.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor_note: Option<String>,
}

/// A government taking part in a verband.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// CBS code (`GM0344`, `PV26`) or water board code.
    pub code: String,
    /// Rol, for example `centrumgemeente`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

/// One dataset file: the boundary year its member codes refer to, and its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    /// Where editors find the JSON Schema (`../verbanden.schema.json`).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The year of the gemeente boundaries the member codes are valid for.
    pub boundary_year: u16,
    pub verbanden: Vec<Verband>,
}

/// A fault in the data, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    /// The record id, or `#n` (1-based position) when it has no usable id.
    pub record: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

/// Every part is printed through [`terminal_safe`]: an id like `\e[2J` must not clear the
/// editor's terminal, nor a U+202E reorder the line.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", terminal_safe(&self.file))?;
        if let Some(record) = &self.record {
            write!(f, ": {}", terminal_safe(record))?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {}", terminal_safe(field))?;
        }
        write!(f, ": {}", terminal_safe(&self.message))
    }
}

/// Reads a dataset file, keeping every readable record and reporting the rest.
pub fn parse_file(text: &str, file: &str) -> (Option<DatasetFile>, Vec<Problem>) {
    let problem = |record: Option<String>, field: Option<&str>, message: String| Problem {
        file: file.to_string(),
        record,
        field: field.map(str::to_string),
        message,
    };
    let mut problems = Vec::new();
    // Some Windows editors save "UTF-8 with BOM"; JSON forbids it. Name it, then read on.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            problems.push(problem(None, None, crate::source_text::BOM_PROBLEM.into()));
            rest
        }
        None => text,
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(problem(None, None, format!("not valid JSON: {e}")));
            return (None, problems);
        }
    };
    problems.extend(duplicate_key_problems(text, file));
    let year = match root.get("boundary_year").and_then(Value::as_u64).and_then(|y| u16::try_from(y).ok()) {
        Some(y) => y,
        None => {
            problems.push(problem(None, Some("boundary_year"), "missing or not a year".into()));
            0
        }
    };
    if let Some(extra) = root.as_object().and_then(|o| o.keys().find(|k| *k != "boundary_year" && *k != "verbanden" && *k != "$schema")) {
        problems.push(problem(None, Some(extra), "unknown top-level field".into()));
    }
    let Some(records) = root.get("verbanden").and_then(Value::as_array) else {
        problems.push(problem(None, Some("verbanden"), "missing or not a list of records".into()));
        return (None, problems);
    };
    let mut verbanden = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let label = record
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty())
            .map_or_else(|| format!("#{}", i + 1), str::to_string);
        match Verband::deserialize(record) {
            Ok(v) => verbanden.push(v),
            Err(e) => {
                let message = e.to_string();
                let field = field_in(&message);
                problems.push(problem(Some(label), field.as_deref(), message));
            }
        }
    }
    let schema = root.get("$schema").and_then(Value::as_str).map(str::to_string);
    (Some(DatasetFile { schema, boundary_year: year, verbanden }), problems)
}

/// Every repeated key, named by record and field: a JSON reader keeps only the last value,
/// so each one would lose data silently.
fn duplicate_key_problems(text: &str, file: &str) -> Vec<Problem> {
    use crate::json_keys::{Step, duplicate_keys, field_path};
    let scan = duplicate_keys(text);
    scan.duplicates
        .into_iter()
        .map(|duplicate| {
            let (record, below) = match duplicate.object.as_slice() {
                [Step::Key(list), Step::Index(i), rest @ ..] if list == "verbanden" => {
                    // The id as written in this record, even if a later "verbanden" replaced it.
                    let label = scan
                        .ids
                        .get(&duplicate.object[..2])
                        .map(String::as_str)
                        .filter(|id| !id.trim().is_empty())
                        .map_or_else(|| format!("#{}", i + 1), str::to_string);
                    (Some(label), rest.to_vec())
                }
                other => (None, other.to_vec()),
            };
            let mut field = below;
            field.push(Step::Key(duplicate.key.clone()));
            Problem {
                file: file.to_string(),
                record,
                field: Some(field_path(&field)),
                message: format!(
                    "the key {:?} occurs more than once here; only the last one would be read (a left-over merge conflict?)",
                    duplicate.key
                ),
            }
        })
        .collect()
}

/// The field a serde message is about (`missing field `x``, `unknown field `x``).
fn field_in(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

/// A water board in the register (`data/waterschappen.toml`): its name is needed while
/// there are no water board boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waterschap {
    pub code: String,
    pub name: String,
    pub sources: Vec<String>,
}

/// The dataset as the app loads it (`verbanden.json`): derived and curated records merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedDataset {
    pub boundary_year: u16,
    pub verbanden: Vec<Verband>,
    pub waterschappen: Vec<Waterschap>,
}
