//! The partnership dataset commands: validate, build, export, import, schema.

use crate::boundaries::decode;
use crate::derive::{DerivedConfig, derive};
use crate::manifest::Manifest;
use crate::sources::{Locations, resolve};
use kaartviewer_core::csv_table::{from_csv, to_csv};
use kaartviewer_core::dataset::{DatasetFile, Problem, PublishedDataset, Verband, Waterschap, parse_file};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::schema::dataset_schema;
use kaartviewer_core::validate::{CodeRegister, validate};
use serde::Serialize;
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

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Everything `validate` and `build` work from.
pub struct Loaded {
    pub register: CodeRegister,
    pub waterschappen: Vec<Waterschap>,
    pub derived: Vec<Verband>,
    pub derived_year: u16,
    pub curated: Vec<(String, DatasetFile)>,
    /// Problems found while reading files (syntax, unreadable records).
    pub read_problems: Vec<Problem>,
}

/// Reads the boundary codes, the water board register, the derived and the curated records.
pub fn load(paths: &Paths, locations: &Locations) -> Result<Loaded, String> {
    let (_, manifest) = Manifest::read(&paths.manifest)?;
    // The official water board codes and names: the crosswalk of the water board boundaries.
    let waterschappen = crate::crosswalk::Crosswalk::read(&paths.waterschappen)?.waterschappen();
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
    let mut files: Vec<PathBuf> = fs::read_dir(&paths.curated)
        .map_err(|e| format!("{}: cannot read: {e}", paths.curated.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let (data, problems) = parse_file(&read(&path)?, &name);
        read_problems.extend(problems);
        if let Some(data) = data {
            curated.push((name, data));
        }
    }
    Ok(Loaded { register, waterschappen, derived, derived_year: derived_config.boundary_year, curated, read_problems })
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
    let text = read(json).map_err(|e| vec![e])?;
    match parse_file(&text, &name) {
        (Some(data), problems) if problems.is_empty() => Ok(to_csv(&data)),
        (_, problems) => Err(problems.iter().map(|p| p.to_string()).collect()),
    }
}

/// Imports CSV into a dataset file (as pretty JSON).
pub fn import(csv: &Path) -> Result<String, Vec<String>> {
    let name = csv.display().to_string();
    let text = read(csv).map_err(|e| vec![e])?;
    let mut data = from_csv(&text, &name).map_err(|problems| problems.iter().map(|p| p.to_string()).collect::<Vec<_>>())?;
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
