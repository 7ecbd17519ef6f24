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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Einddatum: when the verband was dissolved (opgeheven) or ended, `YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`. Ended verbanden stay in the data, because history is part of the story,
    /// but the viewer leaves them out of the current map (see [`Verband::is_current_on`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
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
    /// The ROO id (Register van Overheidsorganisaties) of the gemeenschappelijke regeling this
    /// record describes, any version of it: links a curated record to the GR-register, so the
    /// build shows one record per body and `datatool audit` can compare the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roo_id: Option<String>,
    /// Herkomst: where the record's facts come from. Curated files leave it out.
    #[serde(default, skip_serializing_if = "Origin::is_curated")]
    pub origin: Origin,
    /// The CBS division region this body also is (`veiligheidsregio_2025/VR09`): set by the
    /// build when a registered regeling and a CBS division describe the same body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// The regeling's versions in the GR-register, oldest first: set by the build, so that
    /// every phase on a verband's timeline links to the dated register record it rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<RegelingVersion>,
}

/// One version of a registered regeling: its ROO id and the days it was in force.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegelingVersion {
    pub roo_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// Herkomst: where a record's facts come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Kept by editors from public sources (`data/verbanden/*.json`).
    #[default]
    Curated,
    /// Imported from the national GR-register (ROO).
    Register,
    /// Derived from a CBS regional division (gebiedsindeling).
    Division,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::Register, Origin::Division, Origin::Curated];

    pub fn is_curated(&self) -> bool {
        *self == Origin::Curated
    }

    /// The id used in the data and in the URL (`bron=register`).
    pub fn id(self) -> &'static str {
        match self {
            Origin::Curated => "curated",
            Origin::Register => "register",
            Origin::Division => "division",
        }
    }

    pub fn from_id(id: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// A partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as the first day it stands for, so that
/// dates of different precision compare as text: `2020` → `2020-01-01`.
///
/// ```
/// use kaartviewer_core::dataset::first_day;
/// assert_eq!(first_day("2020"), "2020-01-01");
/// assert_eq!(first_day("2020-05"), "2020-05-01");
/// assert_eq!(first_day("2020-05-17"), "2020-05-17");
/// ```
pub fn first_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    }
}

/// Whether a period with these (partial) dates includes `day` (`YYYY-MM-DD`): started on or
/// before it, and not ended on or before it. An end date is the first day no longer included.
fn period_includes(start: Option<&str>, end: Option<&str>, day: &str) -> bool {
    start.is_none_or(|s| first_day(s).as_str() <= day) && end.is_none_or(|e| first_day(e).as_str() > day)
}

impl Verband {
    /// Whether the verband existed on `day` (`YYYY-MM-DD`).
    ///
    /// ```
    /// use kaartviewer_core::dataset::Verband;
    /// let ended = Verband { start_date: Some("2015".into()), end_date: Some("2022-01-01".into()), ..Default::default() };
    /// assert!(ended.is_current_on("2021-12-31"));
    /// assert!(!ended.is_current_on("2022-01-01"));
    /// assert!(!ended.is_current_on("2014-06-30"));
    /// ```
    pub fn is_current_on(&self, day: &str) -> bool {
        period_includes(self.start_date.as_deref(), self.end_date.as_deref(), day)
    }

    /// The record as it stood on `day`: only the members taking part that day. `None` when
    /// the verband did not exist then.
    ///
    /// ```
    /// use kaartviewer_core::dataset::{Member, Verband};
    /// let left = Member { code: "GM0001".into(), end_date: Some("2020".into()), ..Default::default() };
    /// let stays = Member { code: "GM0002".into(), ..Default::default() };
    /// let v = Verband { members: vec![left, stays], ..Default::default() };
    /// assert_eq!(v.as_of("2019-05-01").unwrap().members.len(), 2);
    /// assert_eq!(v.as_of("2026-12-02").unwrap().members.len(), 1);
    /// ```
    pub fn as_of(&self, day: &str) -> Option<Verband> {
        if !self.is_current_on(day) {
            return None;
        }
        let mut current = self.clone();
        current.members.retain(|m| m.is_member_on(day));
        Some(current)
    }
}

/// The verbanden as they stood on `day`: ended ones left out, and members that had left or
/// not yet joined removed. The viewer's current map is `as_of(today)`.
pub fn as_of(verbanden: &[Verband], day: &str) -> Vec<Verband> {
    verbanden.iter().filter_map(|v| v.as_of(day)).collect()
}

/// A government taking part in a verband.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// A fact about this membership worth showing, such as the merged-away gemeente it came
    /// from (`deelname van de opgeheven gemeente Haaren (GM0788)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Member {
    /// Whether this member took part on `day` (`YYYY-MM-DD`).
    pub fn is_member_on(&self, day: &str) -> bool {
        period_includes(self.start_date.as_deref(), self.end_date.as_deref(), day)
    }
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

/// A water board with its official code and name (from the crosswalk `data/waterschappen.toml`),
/// published with the dataset so that panels can name a board before its layer is loaded.
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
