//! The dataset commands end to end on the shipped data (which needs ../shared/geodata
//! beside the repository): validate, build with derived regional bodies, CSV round trip,
//! schema, and refusing to build from bad data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn datatool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_datatool"))
        .current_dir(repo())
        .env_remove("KAARTVIEWER_GEODATA")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The merged dataset, built once per test into a temporary file.
fn built() -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("verbanden.json");
    let output = datatool(&["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    let dataset: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // The server's bundle beside it: the records before the curated overlay, codes, water boards.
    let basis: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("basis.json")).unwrap()).unwrap();
    assert_eq!(basis["boundary_year"], dataset["boundary_year"]);
    assert_eq!(basis["waterschappen"], dataset["waterschappen"]);
    assert!(basis["codes"]["2025"]["gemeente"].as_array().unwrap().iter().any(|c| c == "GM0344"));
    let base = basis["verbanden"].as_array().unwrap();
    assert!(!base.is_empty() && base.iter().all(|v| v["origin"] == "register" || v["origin"] == "division"), "no curated record in the basis");
    dataset
}

fn members(dataset: &serde_json::Value, id: &str) -> Vec<String> {
    let verband = dataset["verbanden"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap_or_else(|| panic!("no {id}"));
    let mut codes: Vec<String> = verband["members"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    codes
}

/// A data folder of its own, with the shipped configuration, for tests that add files.
fn data_folder(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("verbanden")).unwrap();
    for file in [
        "sources.toml", "waterschappen.toml", "derived.toml", "embedding.toml", "registers.toml", "register-themes.toml", "herindelingen.toml",
    ] {
        std::fs::copy(repo().join("data").join(file), data.join(file)).unwrap();
    }
    data
}

/// `build` of a data folder made by [`data_folder`], with the shared sources.
fn build_folder(data: &Path, out: &Path) -> Output {
    let geodata = repo().join("../shared/geodata");
    let registers = repo().join("../shared/registers");
    datatool(&[
        "build", "--data", data.to_str().unwrap(), "--geodata", geodata.to_str().unwrap(),
        "--registers", registers.to_str().unwrap(), "--out", out.to_str().unwrap(),
    ])
}

#[test]
fn the_shipped_dataset_is_valid() {
    let output = datatool(&["validate"]);
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    assert!(text(&output.stdout).contains("the dataset is valid"));
}

#[test]
fn editor_notes_stay_out_of_the_published_dataset() {
    let sources = std::fs::read_to_string(repo().join("data/verbanden/utrecht.json")).unwrap();
    assert!(sources.contains("\"editor_note\""), "the curated files do have notes");
    let published = built();
    assert!(published["verbanden"].as_array().unwrap().iter().all(|v| v.get("editor_note").is_none()));
}

#[test]
fn every_gemeente_is_in_a_region_of_each_derived_division() {
    let dataset = built();
    let source = std::fs::read_to_string(repo().join("../shared/geodata/gemeente_2025.topojson")).unwrap();
    let topology: serde_json::Value = serde_json::from_str(&source).unwrap();
    let gemeenten: std::collections::BTreeSet<String> = topology["objects"]["gemeente_2025"]["geometries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["properties"]["statcode"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(gemeenten.len(), 342);
    for prefix in ["veiligheidsregio-", "ggd-", "res-", "jeugdregio-", "arbeidsmarktregio-", "veilig-thuis-"] {
        let mut seen: Vec<String> = dataset["verbanden"].as_array().unwrap().iter()
            .filter(|v| v["id"].as_str().unwrap().starts_with(prefix))
            .flat_map(|v| v["members"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap().to_string()))
            .collect();
        seen.sort();
        if prefix == "veiligheidsregio-" {
            // The Wet veiligheidsregio's divides the country: every gemeente in exactly one.
            assert_eq!(seen, gemeenten.iter().cloned().collect::<Vec<_>>(), "{prefix}: each gemeente exactly once");
        } else {
            // A region joined with its registered regeling takes the register's members, and a
            // gemeente may buy in elsewhere too (Voorschoten takes part in Servicebureau Jeugdhulp
            // Haaglanden as well as in jeugdregio Holland Rijnland): every gemeente at least once.
            seen.dedup();
            assert_eq!(seen, gemeenten.iter().cloned().collect::<Vec<_>>(), "{prefix}: each gemeente at least once");
        }
    }
}

#[test]
fn derived_memberships_match_published_facts() {
    let dataset = built();
    // Vijfheerenlanden joined Veiligheidsregio Utrecht on 1 January 2019
    // (https://vru.nl/dit-doet-de-veiligheidsregio/projecten/1027-vijfheerenlanden): all 26 Utrecht gemeenten.
    let vru = members(&dataset, "veiligheidsregio-vr09");
    assert_eq!(vru.len(), 26);
    assert!(vru.contains(&"GM1961".to_string()));
    // Veiligheidsregio Zuid-Holland Zuid: Alblasserdam, Dordrecht, Gorinchem, Hardinxveld-Giessendam,
    // Hendrik-Ido-Ambacht, Hoeksche Waard, Molenlanden, Papendrecht, Sliedrecht, Zwijndrecht
    // (https://dordrecht2019.bestuursrapportage.nl/p7653/gemeenschappelijke-regeling-veiligheidsregio-zuid-holland-zuid).
    assert_eq!(
        members(&dataset, "veiligheidsregio-vr18"),
        ["GM0482", "GM0505", "GM0512", "GM0523", "GM0531", "GM0590", "GM0610", "GM0642", "GM1963", "GM1978"]
    );
    // The fourteen Twentse gemeenten, as in the curated record "samentwente"
    // (https://www.regiotwente.nl/over-regio-twente/pers-en-media/nieuws/1558-op-naar-een-toekomstbestendige-regionale-samenwerking).
    assert_eq!(
        members(&dataset, "veiligheidsregio-vr05"),
        ["GM0141", "GM0147", "GM0153", "GM0158", "GM0163", "GM0164", "GM0168", "GM0173", "GM0183", "GM0189", "GM1700", "GM1735", "GM1742", "GM1774"]
    );
    let vr = dataset["verbanden"].as_array().unwrap().iter().find(|v| v["id"] == "veiligheidsregio-vr05").unwrap();
    assert_eq!(vr["legal_form"], "openbaar-lichaam");
    assert_eq!(vr["themes"], serde_json::json!(["veiligheid"]));
    let res = dataset["verbanden"].as_array().unwrap().iter().find(|v| v["id"] == "res-es04").unwrap();
    assert_eq!((res["name"].as_str(), res["legal_form"].as_str()), (Some("RES-regio Twente"), Some("netwerk")));
}

#[test]
fn csv_round_trip_of_a_shipped_file_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("utrecht.csv");
    let json = dir.path().join("utrecht.json");
    let export = datatool(&["export", "data/verbanden/utrecht.json", "--out", csv.to_str().unwrap()]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let import = datatool(&["import", csv.to_str().unwrap(), "--out", json.to_str().unwrap()]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    assert_eq!(std::fs::read_to_string(json).unwrap(), std::fs::read_to_string(repo().join("data/verbanden/utrecht.json")).unwrap());
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schema.json");
    assert!(datatool(&["schema", "--out", out.to_str().unwrap()]).status.success());
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        std::fs::read_to_string(repo().join("data/verbanden.schema.json")).unwrap(),
        "run `cargo run -p datatool -- schema` and commit data/verbanden.schema.json"
    );
}

#[test]
fn build_refuses_bad_data_and_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_folder(dir.path());
    let bad = r#"{"boundary_year": 2025, "verbanden": [
      {"id": "kapot", "name": "Kapot", "description": "d", "themes": ["sport"], "legal_form": "openbaar-lichaam",
       "members": [{"code": "GM9999"}], "sources": ["javascript:alert(1)"], "checked": "2026-11-23"},
      {"id": "zonder-doel", "name": "Zonder doel"}]}"#;
    std::fs::write(data.join("verbanden/proef.json"), bad).unwrap();
    let out = dir.path().join("verbanden.json");
    let output = build_folder(&data, &out);
    assert!(!output.status.success());
    assert!(!out.exists(), "nothing is written from invalid data");
    let stdout = text(&output.stdout);
    for expected in [
        "proef.json: kapot: members[0]: unknown member code \"GM9999\"",
        "proef.json: kapot: themes: unknown theme \"sport\"",
        "proef.json: kapot: sources: \"javascript:alert(1)\" is not an http(s) address",
        "proef.json: zonder-doel: description: missing field `description`",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
    assert!(text(&output.stderr).contains("4 problem(s) in the dataset; the app's dataset was not built"), "{}", text(&output.stderr));
}

#[test]
fn a_curated_record_overrides_the_derived_one_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_folder(dir.path());
    let curated = r#"{"boundary_year": 2025, "verbanden": [
      {"id": "veiligheidsregio-vr05", "name": "Veiligheidsregio Twente", "description": "Eigen beschrijving.",
       "themes": ["veiligheid", "gezondheid"], "legal_form": "openbaar-lichaam", "members": [{"code": "GM0153", "role": "centrumgemeente"}],
       "website": "https://www.vrtwente.nl", "sources": ["https://www.vrtwente.nl"], "checked": "2026-11-23"}]}"#;
    std::fs::write(data.join("verbanden/twente.json"), curated).unwrap();
    let out = dir.path().join("verbanden.json");
    let output = build_folder(&data, &out);
    assert!(output.status.success(), "{}{}", text(&output.stdout), text(&output.stderr));
    let dataset: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let twente: Vec<&serde_json::Value> = dataset["verbanden"].as_array().unwrap().iter().filter(|v| v["id"] == "veiligheidsregio-vr05").collect();
    assert_eq!(twente.len(), 1);
    assert_eq!(twente[0]["description"], "Eigen beschrijving.");
}

#[test]
fn the_gr_register_covers_the_country() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("verbanden.json");
    let output = datatool(&["build", "--out", out.to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("GR-register: 451 open regelingen"), "{stdout}");
    let median: f64 = stdout
        .lines()
        .find_map(|l| l.split("median ").nth(1))
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no median in {stdout}"));
    assert!(median >= 15.0, "national median of current verbanden per gemeente: {median}");
    let dataset: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let verbanden = dataset["verbanden"].as_array().unwrap();
    // Every published record names a source and a check date.
    assert!(verbanden.iter().all(|v| !v["sources"].as_array().unwrap().is_empty() && v["checked"].as_str().is_some_and(|c| c.len() == 10)));
    // A registered regeling from outside Utrecht and Overijssel, with its ROO page.
    let groningen = verbanden.iter().find(|v| v["name"] == "GGD Groningen").expect("GGD Groningen from the register");
    assert!(groningen["sources"][0].as_str().unwrap().starts_with("https://organisaties.overheid.nl/"));
    // Ended regelingen stay in the data, with their end date.
    assert!(verbanden.iter().any(|v| v["origin"] == "register" && v.get("end_date").is_some()));
}

#[test]
fn the_audit_of_the_shipped_data_is_empty_or_explained() {
    let output = datatool(&["audit", "--today", "2026-12-02"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("no unexplained differences"), "{stdout}");
}

/// A data folder with the shipped inputs but no curated records, for hostile-input tests.
fn scratch_data() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = data_folder(dir.path());
    (dir, data)
}

fn with_data(command: &str, data: &Path, extra: &[&str]) -> Output {
    let geodata = repo().join("../shared/geodata");
    let registers = repo().join("../shared/registers");
    let mut args = vec![
        command, "--data", data.to_str().unwrap(), "--geodata", geodata.to_str().unwrap(), "--registers", registers.to_str().unwrap(),
    ];
    args.extend(extra);
    datatool(&args)
}

const RECORD: &str = r#"{"id": "ID", "name": "Proef", "description": "d", "themes": ["afval"], "legal_form": "nv-bv",
    "members": [{"code": "GM0344"}], "sources": ["https://www.example.nl"], "checked": "2026-11-23"}"#;

fn dataset_with(ids: &[&str]) -> String {
    let records: Vec<String> = ids.iter().map(|id| RECORD.replace("ID", id)).collect();
    format!(r#"{{"boundary_year": 2025, "verbanden": [{}]}}"#, records.join(", "))
}

#[test]
fn import_and_export_never_replace_a_file_they_were_not_asked_to() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("utrecht.json");
    std::fs::copy(repo().join("data/verbanden/utrecht.json"), &json).unwrap();
    let original = std::fs::read_to_string(&json).unwrap();
    let (json_s, csv) = (json.to_str().unwrap(), dir.path().join("utrecht.csv"));
    let csv_s = csv.to_str().unwrap();

    // Its own input: refused, even with --force.
    for force in [&[][..], &["--force"][..]] {
        let output = datatool(&[&["export", json_s, "--out", json_s][..], force].concat());
        assert!(!output.status.success());
        assert!(text(&output.stderr).contains("is also the input"), "{}", text(&output.stderr));
        assert_eq!(std::fs::read_to_string(&json).unwrap(), original);
    }
    assert!(datatool(&["export", json_s, "--out", csv_s]).status.success());
    let import_self = datatool(&["import", csv_s, "--out", csv_s, "--force"]);
    assert!(text(&import_self.stderr).contains("is also the input"));

    // A one-record spreadsheet imported over the 66-record file: refused without --force.
    let (one_json, one) = (dir.path().join("one.json"), dir.path().join("one.csv"));
    std::fs::write(&one_json, dataset_with(&["een"])).unwrap();
    assert!(datatool(&["export", one_json.to_str().unwrap(), "--out", one.to_str().unwrap()]).status.success());
    let output = datatool(&["import", one.to_str().unwrap(), "--out", json_s]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("utrecht.json already exists: nothing was written; add --force to replace it"), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(&json).unwrap(), original);
    let again = datatool(&["export", json_s, "--out", csv_s]);
    assert!(text(&again.stderr).contains("already exists"));
    assert!(datatool(&["import", one.to_str().unwrap(), "--out", json_s, "--force"]).status.success(), "asked to: replaced");
    assert_ne!(std::fs::read_to_string(&json).unwrap(), original);
}

#[test]
fn a_write_that_fails_part_way_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("utrecht.csv");
    assert!(datatool(&["export", "data/verbanden/utrecht.json", "--out", csv.to_str().unwrap()]).status.success());
    let target = dir.path().join("utrecht.json");
    std::fs::write(&target, "oud en heel").unwrap();
    let binary = env!("CARGO_BIN_EXE_datatool");
    // Files may grow to 1 block only. Once with SIGXFSZ ignored (the write fails with an error),
    // once as a plain shell runs it (the process is killed mid-write).
    for trap in ["trap '' XFSZ;", ""] {
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("{trap} ulimit -f 1; exec \"$0\" import \"$1\" --out \"$2\" --force"))
            .args([binary, csv.to_str().unwrap(), target.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!output.status.success());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "oud en heel", "{trap}");
        if !trap.is_empty() {
            assert!(text(&output.stderr).contains("cannot write") && text(&output.stderr).contains("unchanged"), "{}", text(&output.stderr));
            let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert_eq!(names.len(), 2, "no half-written temporary file is left: {names:?}");
        }
    }
}

#[test]
fn build_checks_everything_before_writing_anything() {
    let (dir, data) = scratch_data();
    std::fs::write(data.join("verbanden/proef.json"), dataset_with(&["proef"])).unwrap();
    std::fs::write(data.join("embedding.toml"), "hosts = [\"https://www.provincie-utrecht.nl/pad\"]\n").unwrap();
    let out = dir.path().join("verbanden.json");
    std::fs::write(&out, "vorige build").unwrap();
    let output = with_data("build", &data, &["--out", out.to_str().unwrap()]);
    assert!(!output.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "vorige build", "nothing is written when anything is wrong");
    assert!(!dir.path().join("embedding.json").exists());
    let validate = with_data("validate", &data, &[]);
    assert!(!validate.status.success(), "validate checks embedding.toml too");
    assert!(text(&validate.stdout).contains("embedding.toml: \"https://www.provincie-utrecht.nl/pad\" is not an origin"), "{}", text(&validate.stdout));
}

#[test]
fn no_dataset_file_is_skipped_without_a_word() {
    let (_dir, data) = scratch_data();
    let verbanden = data.join("verbanden");
    // An upper-case extension is a dataset file like any other: its fault is found.
    std::fs::write(verbanden.join("ZZ.JSON"), dataset_with(&["Hoofdletters"])).unwrap();
    std::fs::create_dir(verbanden.join("oud")).unwrap();
    std::fs::write(verbanden.join("oud/overijssel.json"), dataset_with(&["oud"])).unwrap();
    std::fs::write(verbanden.join("notities.txt"), "x").unwrap();
    let output = with_data("validate", &data, &[]);
    assert!(!output.status.success());
    assert!(text(&output.stdout).contains("ZZ.JSON: Hoofdletters: id: \"Hoofdletters\" must be lowercase"), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("warning: ") && stderr.contains("oud: is a folder; files in sub-folders are not read"), "{stderr}");
    assert!(stderr.contains("notities.txt: not a .json file; skipped"), "{stderr}");
}

#[test]
fn hostile_ids_duplicate_keys_and_encodings_are_named_and_every_problem_listed() {
    let (_dir, data) = scratch_data();
    let verbanden = data.join("verbanden");
    // A merge left two "verbanden" arrays; the first would be lost.
    let merged = dataset_with(&["eerste"]).replacen("]}", &format!("], \"verbanden\": [{}]}}", RECORD.replace("ID", "tweede")), 1);
    std::fs::write(verbanden.join("a.json"), merged).unwrap();
    std::fs::write(verbanden.join("b.json"), dataset_with(&["\\u001b[2J\\u001b[31mALLES GOED"])).unwrap();
    std::fs::write(verbanden.join("c.json"), format!("\u{feff}{}", dataset_with(&["met-bom"]))).unwrap();
    let mut latin1 = dataset_with(&["latin"]).into_bytes();
    let at = latin1.windows(5).position(|w| w == b"Proef").unwrap();
    latin1.splice(at..at + 5, b"Frysl\xe2n".iter().copied());
    std::fs::write(verbanden.join("d.json"), latin1).unwrap();
    let output = with_data("validate", &data, &[]);
    assert!(!output.status.success());
    let stdout = text(&output.stdout);
    assert!(!stdout.contains('\u{1b}') && !text(&output.stderr).contains('\u{1b}'), "no escape reaches the terminal");
    for expected in [
        "a.json: verbanden: the key \"verbanden\" occurs more than once here",
        "b.json: \\u{1b}[2J\\u{1b}[31mALLES GOED: id: ",
        "c.json: the file starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF at byte 0)",
        &format!("d.json: is not UTF-8 text: byte {} (line 1) is 0xE2;", at + 5) as &str,
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
}

#[test]
fn a_windows_1252_spreadsheet_is_named_with_the_byte_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("utrecht.csv");
    assert!(datatool(&["export", "data/verbanden/utrecht.json", "--out", csv.to_str().unwrap()]).status.success());
    let text_in = std::fs::read_to_string(&csv).unwrap();
    let mut bytes = text_in.replacen("Utrecht", "Utr\u{e9}cht", 1).into_bytes();
    let at = bytes.windows(2).position(|w| w == "\u{e9}".as_bytes()).unwrap();
    bytes.splice(at..at + 2, [0xe9]);
    std::fs::write(&csv, bytes).unwrap();
    let out = dir.path().join("utrecht.json");
    let output = datatool(&["import", csv.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains(&format!("utrecht.csv: is not UTF-8 text: byte {at} (line")), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("Windows-1252"));
    assert!(!out.exists());
}
