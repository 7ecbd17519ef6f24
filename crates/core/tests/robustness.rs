//! Property tests of every parser and of the validator: whatever bytes arrive (random text, or a
//! valid file with random damage), nothing panics, and every rejection names the file and the
//! problem. Cases found to fail are kept by proptest in `tests/robustness.proptest-regressions`
//! and replayed first on every run.
//!
//! CI runs the default number of cases; `PROPTEST_CASES=100000 cargo test --test robustness`
//! searches longer.

use kaartviewer_core::boundary_layer::parse_feature_collection;
use kaartviewer_core::csv_table::{from_csv, to_csv};
use kaartviewer_core::dataset::parse_file;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::url_state::UrlState;
use kaartviewer_core::validate::{validate, CodeRegister};
use kaartviewer_core::{geojson_input, topojson};
use proptest::prelude::*;

const DATASET: &str = r#"{"boundary_year": 2025, "verbanden": [
  {"id": "regio-proef", "name": "Regio Proef", "description": "Samen werken.", "themes": ["afval", "water"],
   "legal_form": "openbaar-lichaam", "members": [{"code": "GM0344", "role": "centrumgemeente", "start_date": "2020"}, {"code": "PV26"}],
   "other_partners": ["Stichting X"], "website": "https://proef.nl", "seat": "Utrecht", "start_date": "2019-01-01",
   "phase": "groei", "sources": ["https://proef.nl/gr"], "checked": "2026-11-23", "editor_note": "nagaan"}]}"#;

const TOPOLOGY: &str = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
  "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]],
  "objects":{"regions":{"type":"GeometryCollection","geometries":[
    {"type":"Polygon","arcs":[[0,1]],"properties":{"code":"A"}},
    {"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"code":"B"}}]}}}"#;

const LAYER: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"GM0344","name":"Utrecht","kind":"gemeente","provincie":"PV26","neighbours":["GM0307"]},
  "geometry":{"type":"Polygon","coordinates":[[[5.0,52.0],[5.2,52.0],[5.2,52.2],[5.0,52.0]]]}}]}"#;

/// A valid text with random damage: characters deleted, replaced or inserted at random places,
/// or the text cut short.
fn damaged(seed: &'static str) -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..8);
    edits.prop_map(move |edits| {
        let mut chars: Vec<char> = seed.chars().collect();
        for (at, kind, c) in edits {
            if chars.is_empty() {
                break;
            }
            let i = at.index(chars.len());
            match kind {
                0 => {
                    chars.remove(i);
                }
                1 => chars[i] = c,
                2 => chars.insert(i, c),
                _ => chars.truncate(i),
            }
        }
        chars.into_iter().collect()
    })
}

/// Text that looks like the input more often than random bytes would: structural characters,
/// digits, quotes and letters.
fn jsonish() -> impl Strategy<Value = String> {
    prop::string::string_regex(r#"[\{\}\[\]",:0-9a-zA-Z\-\.\\ \n]{0,300}"#).expect("valid pattern")
}

fn register() -> CodeRegister {
    let mut register = CodeRegister::default();
    register.insert(2025, "GM0344", RegionKind::Gemeente);
    register.insert(2025, "PV26", RegionKind::Provincie);
    register
}

proptest! {
    #[test]
    fn dataset_json_never_panics_and_names_the_file(text in prop_oneof![damaged(DATASET), jsonish(), any::<String>()]) {
        let (parsed, problems) = parse_file(&text, "proef.json");
        prop_assert!(parsed.is_some() || !problems.is_empty(), "a rejection always says why");
        for problem in &problems {
            prop_assert_eq!(&problem.file, "proef.json");
            prop_assert!(!problem.message.is_empty());
        }
        if let Some(file) = parsed {
            // The validator takes whatever the reader accepted, and names the file too.
            for problem in validate(&[("proef.json".to_string(), file)], &register()) {
                prop_assert_eq!(&problem.file, "proef.json");
            }
        }
    }

    #[test]
    fn csv_import_never_panics_and_names_row_and_column(text in prop_oneof![
        damaged(Box::leak(to_csv(&parse_file(DATASET, "proef.json").0.unwrap()).into_boxed_str())),
        any::<String>(),
    ]) {
        if let Err(problems) = from_csv(&text, "proef.csv") {
            prop_assert!(!problems.is_empty());
            for problem in problems {
                prop_assert_eq!(&problem.file, "proef.csv");
                prop_assert!(!problem.message.is_empty());
            }
        }
    }

    #[test]
    fn topojson_decoding_never_panics(text in prop_oneof![damaged(TOPOLOGY), jsonish(), any::<String>()]) {
        if let Err(error) = topojson::decode(&text, None) {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn geojson_decoding_never_panics(text in prop_oneof![damaged(LAYER), jsonish(), any::<String>()]) {
        if let Err(error) = geojson_input::decode(&text, kaartviewer_core::snap::SnapTolerance(0.0001)) {
            prop_assert!(!error.to_string().is_empty());
        }
        if let Err(error) = parse_feature_collection(&text, "gemeente.geojson") {
            prop_assert!(error.to_string().contains("gemeente.geojson"), "{}", error);
        }
    }

    #[test]
    fn url_queries_never_panic_and_normalise_once(query in prop_oneof![
        damaged("gemeente=GM0344&verband=regio-zwolle&thema=afval,water&vorm=nv-bv&lid=GM0344&focus=PV26&zoek=a%20b&kaart=5.1,52.1,4&weergave=overlap&drempel=60&taal=en&embed=1"),
        any::<String>(),
    ]) {
        let state = UrlState::parse(&query);
        // What the viewer writes back reads as the same state.
        prop_assert_eq!(UrlState::parse(&state.to_query()), state);
    }
}

/// Text a careless or hostile editor could type into a cell: formula starts, apostrophes,
/// quotes, separators and bidi overrides, never with spaces at the ends (import trims them).
fn cell_text() -> impl Strategy<Value = String> {
    (prop::sample::select(vec!["", "=", "+", "-", "@", "'", "'=", "''@", "=HYPERLINK(\""]), "[a-zA-Z0-9()\"&;,=+@'\u{202E}\u{2066}-]{1,20}")
        .prop_map(|(start, body)| format!("{start}{body}"))
        .prop_filter("no spaces at the ends", |s| s.trim() == s)
}

/// A field of the sample record to damage, by the name the validator reports.
const TEXT_FIELDS: [&str; 6] = ["name", "description", "seat", "editor_note", "other_partners[0]", "members[0].role"];

proptest! {
    #[test]
    fn csv_round_trip_is_lossless_and_no_cell_runs_as_a_formula(
        name in cell_text(), seat in cell_text(), note in cell_text(), partner in cell_text(), role in cell_text(),
    ) {
        let mut data = parse_file(DATASET, "proef.json").0.unwrap();
        let record = &mut data.verbanden[0];
        record.name = name;
        record.seat = Some(seat);
        record.editor_note = Some(note);
        record.other_partners = vec![partner];
        record.members[0].role = Some(role);
        let csv = to_csv(&data);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            }
        }
        prop_assert_eq!(from_csv(&csv, "proef.csv").unwrap(), data);
    }

    #[test]
    fn every_duplicate_key_is_reported_with_record_and_field(field in prop::sample::select(vec![
        "id", "name", "description", "themes", "legal_form", "members", "other_partners", "website", "seat", "start_date",
        "phase", "sources", "checked", "editor_note",
    ])) {
        // The record with one of its fields written twice (the second copy last, as a merge would).
        let value: serde_json::Value = serde_json::from_str(DATASET).unwrap();
        let copy = format!("{:?}: {}", field, value["verbanden"][0][field]);
        let text = DATASET.replacen("\"editor_note\": \"nagaan\"}", &format!("\"editor_note\": \"nagaan\", {copy}}}"), 1);
        let (_, problems) = parse_file(&text, "proef.json");
        let expected = format!("proef.json: regio-proef: {field}: the key {field:?} occurs more than once here");
        prop_assert!(problems.iter().any(|p| p.to_string().starts_with(&expected)), "{:?}", problems);
    }

    #[test]
    fn control_and_bidi_characters_are_found_in_any_text_field(
        field in prop::sample::select(TEXT_FIELDS.to_vec()),
        c in prop::sample::select(vec!['\0', '\u{1b}', '\u{7}', '\r', '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{61C}']),
        at in any::<prop::sample::Index>(),
    ) {
        let mut data = parse_file(DATASET, "proef.json").0.unwrap();
        let record = &mut data.verbanden[0];
        let text: &mut String = match field {
            "name" => &mut record.name,
            "description" => &mut record.description,
            "seat" => record.seat.as_mut().unwrap(),
            "editor_note" => record.editor_note.as_mut().unwrap(),
            "other_partners[0]" => &mut record.other_partners[0],
            _ => record.members[0].role.as_mut().unwrap(),
        };
        let i = text.char_indices().map(|(i, _)| i).nth(at.index(text.chars().count())).unwrap();
        text.insert(i, c);
        let problems = validate(&[("proef.json".to_string(), data)], &register());
        let expected = format!("proef.json: regio-proef: {field}: contains the invisible character U+{:04X}", c as u32);
        prop_assert!(problems.iter().any(|p| p.to_string().starts_with(&expected)), "{:?}", problems);
        prop_assert!(problems.iter().all(|p| !p.to_string().contains(c)), "printed safely");
    }
}
