//! The partnership dataset commands: validate, build, export, import, schema.

use crate::boundaries::decode;
use crate::derive::{DerivedConfig, derive};
use crate::manifest::Manifest;
use crate::sources::{Locations, resolve};
use kaartviewer_core::csv_table::{from_csv, to_csv};
use kaartviewer_core::dataset::{DatasetFile, Problem, PublishedDataset, Verband, Waterschap, parse_file};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::schema::dataset_schema;
use kaartviewer_core::source_text::utf8_text;
use kaartviewer_core::validate::{CodeRegister, validate};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// The value of `$schema` in the dataset files, relative to `data/verbanden/`.
pub const SCHEMA_REFERENCE: &str = "../verbanden.schema.json";

/// Where the dataset's inputs live.
pub struct Paths {
    pub manifest: PathBuf,
    pub waterschappen: PathBuf,
    pub derived: PathBuf,
    pub curated: PathBuf,
}

impl Paths {
    pub fn in_data_dir(data: &Path) -> Paths {
        Paths {
            manifest: data.join("sources.toml"),
            waterschappen: data.join("waterschappen.toml"),
            derived: data.join("derived.toml"),
            curated: data.join("verbanden"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaterschapRegister {
    #[serde(rename = "waterschap")]
    waterschappen: Vec<Waterschap>,
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// A hand-edited file as text, and the problem with its encoding if it is not UTF-8. The text
/// is then decoded with replacement characters, so that its other problems are listed too
/// (nothing is written from such a file).
fn read_edited(path: &Path) -> Result<(String, Option<Problem>), String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    match utf8_text(&bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(message) => {
            let problem = Problem { file: path.display().to_string(), record: None, field: None, message };
            Ok((String::from_utf8_lossy(&bytes).into_owned(), Some(problem)))
        }
    }
}

/// The dataset files in `dir` (`*.json`, in any case), sorted, and a warning for every other
/// entry: a file or folder there that is not read must never go unnoticed.
fn dataset_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: cannot read: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: cannot read: {e}", dir.display()))?.path();
        let is_json = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if path.is_dir() {
            warnings.push(format!("{}: is a folder; files in sub-folders are not read (put dataset files directly in {})", path.display(), dir.display()));
        } else if !is_json {
            warnings.push(format!("{}: not a .json file; skipped", path.display()));
        } else {
            files.push(path);
        }
    }
    files.sort();
    warnings.sort();
    Ok((files, warnings))
}

/// Everything `validate` and `build` work from.
pub struct Loaded {
    pub register: CodeRegister,
    pub waterschappen: Vec<Waterschap>,
    pub derived: Vec<Verband>,
    pub derived_year: u16,
    pub curated: Vec<(String, DatasetFile)>,
    /// Problems found while reading files (encoding, syntax, unreadable records).
    pub read_problems: Vec<Problem>,
    /// Entries of the curated folder that are not read (other files, sub-folders).
    pub warnings: Vec<String>,
}

/// Reads the boundary codes, the water board register, the derived and the curated records.
pub fn load(paths: &Paths, locations: &Locations) -> Result<Loaded, String> {
    let manifest_text = read(&paths.manifest)?;
    let manifest = Manifest::parse(&manifest_text).map_err(|e| format!("{}: {e}", paths.manifest.display()))?;
    let register_text = read(&paths.waterschappen)?;
    let waterschappen = toml::from_str::<WaterschapRegister>(&register_text)
        .map_err(|e| format!("{}: {e}", paths.waterschappen.display()))?
        .waterschappen;
    let derived_config =
        DerivedConfig::parse(&read(&paths.derived)?).map_err(|e| format!("{}: {e}", paths.derived.display()))?;

    let mut register = CodeRegister::default();
    let mut derived_gemeenten = None;
    for source in &manifest.sources {
        let decoded = decode(&source.id, source.layout(), &resolve(source, locations)?.bytes)?;
        for code in &decoded.codes {
            register.insert(source.year, code, source.kind);
        }
        if source.kind == RegionKind::Gemeente && source.year == derived_config.boundary_year {
            derived_gemeenten = Some(decoded);
        }
    }
    // Water board codes do not follow gemeente boundary years: valid in every year.
    for year in register.years() {
        for w in &waterschappen {
            register.insert(year, &w.code, RegionKind::Waterschap);
        }
    }
    let gemeenten = derived_gemeenten.ok_or_else(|| {
        format!("{}: no gemeente source for boundary_year {}", paths.derived.display(), derived_config.boundary_year)
    })?;
    let derived = derive(&derived_config, &gemeenten, locations)?;

    let mut curated = Vec::new();
    let mut read_problems = Vec::new();
    let (files, warnings) = dataset_files(&paths.curated)?;
    for path in files {
        let name = path.display().to_string();
        let (text, encoding) = read_edited(&path)?;
        read_problems.extend(encoding);
        let (data, problems) = parse_file(&text, &name);
        read_problems.extend(problems);
        if let Some(data) = data {
            curated.push((name, data));
        }
    }
    Ok(Loaded { register, waterschappen, derived, derived_year: derived_config.boundary_year, curated, read_problems, warnings })
}

/// Every problem in the dataset: reading, the curated files, and the derived records.
pub fn problems(loaded: &Loaded, derived_label: &str) -> Vec<Problem> {
    let mut all = loaded.read_problems.clone();
    all.extend(validate(&loaded.curated, &loaded.register));
    let derived = DatasetFile { schema: None, boundary_year: loaded.derived_year, verbanden: loaded.derived.clone() };
    all.extend(validate(&[(derived_label.to_string(), derived)], &loaded.register));
    all
}

/// The merged dataset: derived records first, each replaced by a curated record with the
/// same id, then the other curated records in file order. Editor notes are left out: they are
/// a work list for editors, not facts for the public (and a fifth of the bytes).
pub fn merge(loaded: &Loaded) -> PublishedDataset {
    let curated: Vec<&Verband> = loaded.curated.iter().flat_map(|(_, f)| &f.verbanden).collect();
    let mut verbanden: Vec<Verband> = loaded
        .derived
        .iter()
        .map(|d| curated.iter().find(|c| c.id == d.id).map_or_else(|| d.clone(), |c| (*c).clone()))
        .collect();
    verbanden.extend(curated.into_iter().filter(|c| !loaded.derived.iter().any(|d| d.id == c.id)).cloned());
    for verband in &mut verbanden {
        verband.editor_note = None;
    }
    PublishedDataset { boundary_year: loaded.derived_year, verbanden, waterschappen: loaded.waterschappen.clone() }
}

/// Exports one dataset file to CSV.
pub fn export(json: &Path) -> Result<String, Vec<String>> {
    let name = json.display().to_string();
    let (text, encoding) = read_edited(json).map_err(|e| vec![e])?;
    match (parse_file(&text, &name), encoding) {
        ((Some(data), problems), None) if problems.is_empty() => Ok(to_csv(&data)),
        ((_, problems), encoding) => Err(encoding.iter().chain(&problems).map(|p| p.to_string()).collect()),
    }
}

/// Imports CSV into a dataset file (as pretty JSON).
pub fn import(csv: &Path) -> Result<String, Vec<String>> {
    let name = csv.display().to_string();
    let (text, encoding) = read_edited(csv).map_err(|e| vec![e])?;
    let parsed = from_csv(&text, &name);
    if encoding.is_some() || parsed.is_err() {
        let problems = parsed.err().unwrap_or_default();
        return Err(encoding.iter().chain(&problems).map(|p| p.to_string()).collect());
    }
    let mut data = parsed.expect("checked above");
    data.schema = Some(SCHEMA_REFERENCE.to_string());
    Ok(pretty(&data))
}

/// JSON as written to files: two-space indent, UTF-8 characters as they are, final newline.
pub fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("dataset values serialise") + "\n"
}

pub fn schema() -> String {
    pretty(&dataset_schema())
}
