//! `datatool history-check`: the 2016 cross-check (`kaartviewer_core::history::inventory_2016`)
//! run on the files: the OpenGR inventory of 2016 (verified against its `SHA256SUMS`), the
//! built dataset, today's gemeenten, `data/herindelingen.toml` and the committed table of
//! names that match no gemeente (`data/opengr-2016-names.toml`). It prints leads for editors;
//! nothing it finds goes into the data without a dated source.

use crate::sources::sha256_hex;
use kaartviewer_core::dataset::PublishedDataset;
use kaartviewer_core::history::inventory_2016::{NameIndex, crosscheck, parse_inventory};
use kaartviewer_core::register::successor::HerindelingTable;
use kaartviewer_core::text_check::terminal_safe;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The committed table: names in the inventory → a gemeente code (of today, or dissolved).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameTable {
    #[serde(default)]
    names: BTreeMap<String, String>,
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Errors unless a `SHA256SUMS` in a folder above `file` lists it with its checksum: the
/// inventory must be the published copy.
fn verify(file: &Path, bytes: &[u8]) -> Result<(), String> {
    let file = file.canonicalize().map_err(|e| format!("{}: {e}", file.display()))?;
    let actual = sha256_hex(bytes);
    for folder in file.ancestors().skip(1).take(4) {
        let Ok(sums) = fs::read_to_string(folder.join("SHA256SUMS")) else { continue };
        let relative = file.strip_prefix(folder).map_err(|e| e.to_string())?;
        let wanted = format!("./{}", relative.display());
        let Some(expected) = sums.lines().find_map(|l| {
            let (sum, path) = l.split_once(char::is_whitespace)?;
            (path.trim() == wanted || path.trim() == relative.display().to_string()).then(|| sum.to_string())
        }) else {
            return Err(format!("{}: not listed in {}", file.display(), folder.join("SHA256SUMS").display()));
        };
        return if expected.eq_ignore_ascii_case(&actual) {
            Ok(())
        } else {
            Err(format!("{}: sha256 {actual}, but SHA256SUMS says {expected}: not the published copy", file.display()))
        };
    }
    Err(format!("{}: no SHA256SUMS found in the folders above it", file.display()))
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}
#[derive(Deserialize)]
struct Feature {
    properties: Properties,
}
#[derive(Deserialize)]
struct Properties {
    code: String,
    name: String,
}

pub fn run(inventory: &Path, dataset: &Path, gemeenten: &Path, data: &Path) -> Result<(), String> {
    let bytes = fs::read(inventory).map_err(|e| format!("{}: cannot read: {e}", inventory.display()))?;
    verify(inventory, &bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", inventory.display()))?;
    let rows = parse_inventory(&text).map_err(|e| format!("{}: {e}", inventory.display()))?;
    let published: PublishedDataset =
        serde_json::from_str(&read(dataset)?).map_err(|e| format!("{}: {e} (run `datatool build` first)", dataset.display()))?;
    let today: Collection = serde_json::from_str(&read(gemeenten)?).map_err(|e| format!("{}: {e}", gemeenten.display()))?;
    let today: Vec<(String, String)> = today.features.into_iter().map(|f| (f.properties.code, f.properties.name)).collect();
    let herindelingen_path = data.join("herindelingen.toml");
    let herindelingen: HerindelingTable =
        toml::from_str(&read(&herindelingen_path)?).map_err(|e| format!("{}: {e}", herindelingen_path.display()))?;
    let names_path = data.join("opengr-2016-names.toml");
    let names: NameTable = toml::from_str(&read(&names_path)?).map_err(|e| format!("{}: {e}", names_path.display()))?;
    let index = NameIndex::new(&today, &herindelingen, &names.names).map_err(|e| format!("{}: {e}", names_path.display()))?;
    let check = crosscheck(&rows, &index, &published.verbanden);
    let name_of = |id: &str| published.verbanden.iter().find(|v| v.id == id).map_or(id.to_string(), |v| v.name.clone());
    let safe = |s: &str| terminal_safe(s).to_string();

    let regelingen = check.matched.len() + check.missing_from_data.len();
    println!("datatool: 2016 inventory ({}): {} rows, {regelingen} regelingen", inventory.display(), rows.len());
    println!("datatool: {} regelingen of 2016 found in our data; {} not found", check.matched.len(), check.missing_from_data.len());
    println!(
        "Matching is by name (normalised) or by nearly the same gemeenten and a shared word: leads to check, not facts."
    );
    println!("\n== In the 2016 inventory, not found in our data ({})", check.missing_from_data.len());
    for r in &check.missing_from_data {
        println!("  {} ({} gemeenten of today)", safe(&r.name), r.gemeenten.len());
    }
    println!("\n== Found, but our dates say it did not exist on 2016-01-01 ({})", check.dates_disagree.len());
    for (name, id, start) in &check.dates_disagree {
        println!("  {} → {id} ({}), start {}", safe(name), safe(&name_of(id)), if start.is_empty() { "-" } else { start });
    }
    println!("\n== In force on 2016-01-01 in our data (with a gemeente), not in the 2016 inventory ({})", check.missing_from_2016.len());
    for id in &check.missing_from_2016 {
        let origin = published.verbanden.iter().find(|v| &v.id == id).map_or("", |v| v.origin.id());
        println!("  {id} ({}, {origin})", safe(&name_of(id)));
    }
    let rows_of = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
    println!(
        "\n== Participants that are not gemeenten (provincies, waterschappen, …): {} names, {} rows",
        check.other_bodies.len(),
        rows_of(&check.other_bodies)
    );
    println!(
        "== Participant names that match no gemeente (add them to {} when the gemeente is certain): {} names, {} rows",
        names_path.display(),
        check.unmatched.len(),
        rows_of(&check.unmatched)
    );
    for (name, n) in &check.unmatched {
        println!("  {} ({n})", safe(name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small inventory in a folder with its SHA256SUMS, as the shared copy is laid out.
    fn inventory(dir: &Path, csv: &str, listed_sum: Option<&str>) -> std::path::PathBuf {
        let file = dir.join("provincies/opengr_provincies.csv");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, csv).unwrap();
        let sum = listed_sum.map_or_else(|| sha256_hex(csv.as_bytes()), str::to_string);
        fs::write(dir.join("SHA256SUMS"), format!("{sum}  ./provincies/opengr_provincies.csv\n")).unwrap();
        file
    }

    #[test]
    fn the_inventory_must_be_the_published_copy() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "Deelnemer,Gemeenschappelijke regeling\nBeek,Afval\n";
        let file = inventory(dir.path(), csv, None);
        assert_eq!(verify(&file, csv.as_bytes()), Ok(()));
        let changed = verify(&file, b"Deelnemer,Gemeenschappelijke regeling\nBeek,Anders\n").unwrap_err();
        assert!(changed.contains("not the published copy"), "{changed}");
        let other = tempfile::tempdir().unwrap();
        let loose = other.path().join("los.csv");
        fs::write(&loose, csv).unwrap();
        assert!(verify(&loose, csv.as_bytes()).unwrap_err().contains("no SHA256SUMS"));
    }

    #[test]
    fn runs_on_files_and_names_a_bad_table_entry() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "Deelnemer,Gemeenschappelijke regeling\nBeek,Afval Zuid\nStein,Afval Zuid\n";
        let file = inventory(&dir.path().join("opengr"), csv, None);
        let dataset = dir.path().join("verbanden.json");
        fs::write(&dataset, r#"{"boundary_year":2025,"waterschappen":[],"verbanden":[{"id":"afval-zuid","name":"Afval Zuid",
            "description":"","themes":["afval"],"legal_form":"openbaar-lichaam","members":[{"code":"GM0888"},{"code":"GM0971"}],
            "sources":["https://example.org/"],"checked":"2026-01-01"}]}"#).unwrap();
        let gemeenten = dir.path().join("gemeenten.geojson");
        fs::write(&gemeenten, r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"GM0888","name":"Beek"},"geometry":null},
            {"type":"Feature","properties":{"code":"GM0971","name":"Stein"},"geometry":null}]}"#).unwrap();
        let data = dir.path().join("data");
        fs::create_dir_all(&data).unwrap();
        fs::write(data.join("herindelingen.toml"), "").unwrap();
        fs::write(data.join("opengr-2016-names.toml"), "[names]\n").unwrap();
        assert_eq!(run(&file, &dataset, &gemeenten, &data), Ok(()));
        fs::write(data.join("opengr-2016-names.toml"), "[names]\n\"Beekk\" = \"GM9999\"\n").unwrap();
        let error = run(&file, &dataset, &gemeenten, &data).unwrap_err();
        assert!(error.contains("opengr-2016-names.toml") && error.contains("GM9999"), "{error}");
        fs::remove_file(data.join("herindelingen.toml")).unwrap();
        assert!(run(&file, &dataset, &gemeenten, &data).unwrap_err().contains("herindelingen.toml"));
    }
}
