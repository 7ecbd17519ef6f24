//! The partnership dataset commands: validate, build, export, import, schema.

use crate::boundaries::decode;
use crate::derive::{DerivedConfig, derive};
use crate::manifest::Manifest;
use crate::register::{Imported, RegisterLocations, RegisterManifest};
use crate::sources::{Locations, resolve};
use kaartviewer_core::dataset::Origin;
use kaartviewer_core::publish::{ServerBasis, overlay, without_editor_notes};
use kaartviewer_core::register::link::link_divisions;
use kaartviewer_core::register::successor::HerindelingTable;
use kaartviewer_core::register::themes::ThemeMapping;
use kaartviewer_core::csv_table::{from_csv, to_csv};
use kaartviewer_core::dataset::{DatasetFile, Problem, PublishedDataset, Verband, Waterschap, parse_file};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::schema::dataset_schema;
use kaartviewer_core::source_text::utf8_text;
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
    pub registers: PathBuf,
    pub register_themes: PathBuf,
    pub herindelingen: PathBuf,
}

impl Paths {
    pub fn in_data_dir(data: &Path) -> Paths {
        Paths {
            manifest: data.join("sources.toml"),
            waterschappen: data.join("waterschappen.toml"),
            derived: data.join("derived.toml"),
            curated: data.join("verbanden"),
            registers: data.join("registers.toml"),
            register_themes: data.join("register-themes.toml"),
            herindelingen: data.join("herindelingen.toml"),
        }
    }
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
    /// Per derived record: the title words that join it with its registered regeling.
    pub derived_register_titles: Vec<Vec<String>>,
    pub derived_year: u16,
    /// The GR-register's regelingen as verbanden.
    pub imported: Imported,
    pub curated: Vec<(String, DatasetFile)>,
    /// Problems found while reading files (encoding, syntax, unreadable records).
    pub read_problems: Vec<Problem>,
    /// Entries of the curated folder that are not read (other files, sub-folders).
    pub warnings: Vec<String>,
}

/// Reads the boundary codes, the water board register, the derived and the curated records.
pub fn load(paths: &Paths, locations: &Locations, register_locations: &RegisterLocations) -> Result<Loaded, String> {
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
    let derived_register_titles = derived
        .iter()
        .map(|v| {
            let division = v.division.as_deref().and_then(|d| d.split('/').next()).unwrap_or("");
            derived_config.divisions.iter().find(|d| d.id == division).map(|d| d.register_title.clone()).unwrap_or_default()
        })
        .collect();

    let register_manifest: RegisterManifest =
        toml::from_str(&read(&paths.registers)?).map_err(|e| format!("{}: {e}", paths.registers.display()))?;
    let themes: ThemeMapping =
        toml::from_str(&read(&paths.register_themes)?).map_err(|e| format!("{}: {e}", paths.register_themes.display()))?;
    let theme_problems = themes.problems();
    if !theme_problems.is_empty() {
        return Err(format!("{}:\n{}", paths.register_themes.display(), theme_problems.join("\n")));
    }
    let herindelingen: HerindelingTable =
        toml::from_str(&read(&paths.herindelingen)?).map_err(|e| format!("{}: {e}", paths.herindelingen.display()))?;
    let table_problems = herindelingen.problems();
    if !table_problems.is_empty() {
        return Err(format!("{}:\n{}", paths.herindelingen.display(), table_problems.join("\n")));
    }
    let folder = crate::register::resolve(register_locations, &register_manifest.roo)?;
    let parsed = crate::register::parse(&folder, &register_manifest.roo)?;
    let year = derived_config.boundary_year;
    let known = |code: &str| register.kind_of(year, code).is_some();
    let imported = crate::register::import(&parsed, &themes, &herindelingen, &known)?;

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
    Ok(Loaded {
        register,
        waterschappen,
        derived,
        derived_register_titles,
        derived_year: derived_config.boundary_year,
        imported,
        curated,
        read_problems,
        warnings,
    })
}

/// Every problem in the dataset: reading, the curated files, and the derived and register
/// records (which must pass the same checks, so a register refresh cannot publish bad data).
pub fn problems(loaded: &Loaded, derived_label: &str, register_label: &str) -> Vec<Problem> {
    let mut all = loaded.read_problems.clone();
    all.extend(validate(&loaded.curated, &loaded.register));
    for (file, data) in &loaded.curated {
        for v in &data.verbanden {
            let set_by_build =
                [(v.origin != Origin::Curated, "origin"), (v.division.is_some(), "division"), (!v.versions.is_empty(), "versions")];
            for (_, field) in set_by_build.into_iter().filter(|(set, _)| *set) {
                all.push(Problem {
                    file: file.clone(),
                    record: Some(v.id.clone()),
                    field: Some(field.into()),
                    message: "is set by the build; leave it out of curated records".into(),
                });
            }
        }
    }
    let built = [
        (derived_label, loaded.derived.clone()),
        (register_label, loaded.imported.verbanden.iter().chain(&loaded.imported.superseded_verbanden).cloned().collect()),
    ];
    for (label, verbanden) in built {
        let file = DatasetFile { schema: None, boundary_year: loaded.derived_year, verbanden };
        all.extend(validate(&[(label.to_string(), file)], &loaded.register));
    }
    all
}

/// What `merge` did, for the build report.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// Division record id ← register record (name, ROO id).
    pub linked_divisions: Vec<String>,
    /// Curated record id → the derived or register record it replaced.
    pub curated_overrides: Vec<String>,
    /// Successor gemeenten left out of a body that is also a CBS division region.
    pub dropped_successors: Vec<String>,
}

/// The records the build makes, one per body, before any curated record is laid over them:
/// - the GR-register's regelingen; a CBS division region that is the same body as a
///   registered regeling becomes one record (the register's facts, the division's id);
/// - the remaining division regions.
///
/// This is also what the server publishes from (`ServerBasis`): it lays its stored curated
/// records over these exactly as [`merge`] lays the files of `data/verbanden/` over them.
pub fn base(loaded: &Loaded) -> (Vec<Verband>, MergeReport) {
    let mut report = MergeReport::default();
    let mut register: Vec<Verband> = loaded.imported.verbanden.clone();
    let mut derived: Vec<Verband> = loaded.derived.clone();
    let links = link_divisions(&derived, &register, |d| loaded.derived_register_titles.get(d).cloned().unwrap_or_default());
    let mut joined = vec![false; register.len()];
    for link in &links {
        let division = &derived[link.division_record];
        let mut record = register[link.register_record].clone();
        report.linked_divisions.push(format!(
            "{} = {:?} (ROO {}, {:.0}% of gemeenten in common)",
            division.id,
            record.name,
            record.roo_id.as_deref().unwrap_or("?"),
            link.overlap * 100.0
        ));
        // A successor gemeente is a member only if the division puts it in this region: a
        // gemeente that changed province changed veiligheidsregio too, whatever the register
        // still lists for the gemeente it replaced.
        if let Some(successors) = loaded.imported.successor_members.get(&record.id) {
            let in_region: std::collections::HashSet<&str> = division.members.iter().map(|m| m.code.as_str()).collect();
            record.members.retain(|m| {
                let keep = !successors.contains(&m.code) || in_region.contains(m.code.as_str());
                if !keep {
                    report.dropped_successors.push(format!("{}: {} (not in CBS region {})", record.name, m.code, division.id));
                }
                keep
            });
        }
        record.id = division.id.clone();
        record.division = division.division.clone();
        for source in &division.sources {
            if !record.sources.contains(source) {
                record.sources.push(source.clone());
            }
        }
        derived[link.division_record] = record;
        joined[link.register_record] = true;
    }
    let mut index = 0;
    register.retain(|_| {
        index += 1;
        !joined[index - 1]
    });
    (derived.into_iter().chain(register).collect(), report)
}

/// The merged dataset, one record per body: the [`base`] records with the curated records
/// laid over them (`kaartviewer_core::publish::overlay`): each replaces the derived or register
/// record with its id or its `roo_id` (editors know best, and `datatool audit` shows where
/// they differ).
///
/// Editor notes are left out: they are a work list for editors, not facts for the public.
pub fn merge(loaded: &Loaded) -> (PublishedDataset, MergeReport) {
    let (base, mut report) = base(loaded);
    let curated: Vec<Verband> = loaded.curated.iter().flat_map(|(_, f)| f.verbanden.iter().cloned()).collect();
    let (verbanden, overlay_report) = overlay(base, &curated);
    report.curated_overrides = overlay_report.overrides;
    let verbanden = without_editor_notes(verbanden);
    (PublishedDataset { boundary_year: loaded.derived_year, verbanden, waterschappen: loaded.waterschappen.clone() }, report)
}

/// The server's bundle (`target/generated/server/basis.json`): the [`base`] records, the
/// boundary codes and the water boards.
pub fn server_basis(loaded: &Loaded) -> ServerBasis {
    ServerBasis {
        boundary_year: loaded.derived_year,
        codes: loaded.register.clone(),
        waterschappen: loaded.waterschappen.clone(),
        verbanden: base(loaded).0,
    }
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
