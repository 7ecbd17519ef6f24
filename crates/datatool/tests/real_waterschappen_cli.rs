//! `datatool boundaries` on the real manifest and sources (`../shared/geodata/` beside the
//! repository): the water board layer with official codes, and the joins between gemeenten,
//! waterschappen and provincies, checked against public facts.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the pipeline once into a scratch folder; returns the features of each output file by name.
fn prepare() -> (tempfile::TempDir, HashMap<String, Vec<Value>>) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_datatool"))
        .env_remove("KAARTVIEWER_GEODATA")
        .arg("boundaries")
        .arg("--manifest")
        .arg(repo().join("data/sources.toml"))
        .arg("--cache")
        .arg(dir.path().join("cache"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read = |file: &Path| -> Value { serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap() };
    let mut files = HashMap::new();
    for entry in std::fs::read_dir(dir.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "geojson") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, read(&path)["features"].as_array().unwrap().clone());
        }
    }
    let index = read(&dir.path().join("out/boundaries.json"));
    assert!(index["attribution"].as_str().unwrap().contains("Waterschapsgrenzen: Het Waterschapshuis (via PDOK)"));
    (dir, files)
}

fn codes(value: &Value) -> BTreeSet<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn water_boards_have_official_codes_and_computed_joins() {
    let (_dir, files) = prepare();
    for level in ["national", "province"] {
        let boards = &files[&format!("waterschap_2024.{level}.geojson")];
        assert_eq!(boards.len(), 21);
        let board = |code: &str| &boards.iter().find(|b| b["properties"]["code"] == code).unwrap()["properties"];
        assert_eq!(board("WS0662")["name"], "Waterschap Vallei en Veluwe");
        assert_eq!(board("WS0665")["name"], "Waterschap Limburg");
        for b in boards {
            let p = &b["properties"];
            assert!(p["code"].as_str().unwrap().starts_with("WS0"), "{p}");
            assert!(!codes(&p["gemeenten"]).is_empty() && !codes(&p["provincies"]).is_empty(), "{p}");
            assert!(!codes(&p["neighbours"]).is_empty(), "{} has no neighbouring board", p["name"]);
        }
        // Computed, not typed: Vallei en Veluwe lies in Gelderland, Utrecht and (west of the
        // IJssel, in Deventer and Olst-Wijhe) Overijssel; Limburg in Limburg alone.
        assert_eq!(codes(&board("WS0662")["provincies"]), BTreeSet::from(["PV23", "PV25", "PV26"]));
        assert_eq!(codes(&board("WS0665")["provincies"]), BTreeSet::from(["PV31"]));
        assert!(codes(&board("WS0636")["gemeenten"]).contains("GM0344"));
        // Neighbours of De Stichtse Rijnlanden that the source draws apart share a border now.
        assert!(codes(&board("WS0636")["neighbours"]).is_superset(&BTreeSet::from(["WS0155", "WS0616", "WS0621", "WS0656", "WS0662"])));

        let gemeenten = &files[&format!("gemeente_2025.{level}.geojson")];
        assert_eq!(gemeenten.len(), 342);
        let boards_of = |code: &str| codes(&gemeenten.iter().find(|g| g["properties"]["code"] == code).unwrap()["properties"]["waterschappen"]);
        // Every gemeente has a board.
        for g in gemeenten {
            assert!(!codes(&g["properties"]["waterschappen"]).is_empty(), "{} has no waterschap", g["properties"]["name"]);
        }
        // Verified in public sources:
        // - Utrecht: De Stichtse Rijnlanden (ROO, https://organisaties.overheid.nl/21204/hoogheemraadschap-de-stichtse-rijnlanden, "Gebied: … Utrecht …").
        assert_eq!(boards_of("GM0344"), BTreeSet::from(["WS0636"]));
        // - Den Haag and Westland: Delfland ("Den Haag en het complete Westland vallen onder … Delfland",
        //   https://www.omroepwest.nl/nieuws/3997494/Waterschapsbelasting-hoger-dit-zijn-de-verschillen-in-onze-regio).
        assert_eq!(boards_of("GM0518"), BTreeSet::from(["WS0372"]));
        assert_eq!(boards_of("GM1783"), BTreeSet::from(["WS0372"]));
        // - Rotterdam: Delfland, Schieland en de Krimpenerwaard and Hollandse Delta (each covers "delen van
        //   Rotterdam" or the Eiland van IJsselmonde, https://www.rijnmond.nl/nieuws/192004/Waterschapsheffing-stijgt-fors-na-droogte-en-natte-winter).
        assert_eq!(boards_of("GM0599"), BTreeSet::from(["WS0372", "WS0655", "WS0656"]));
        // - Dordrecht: Hollandse Delta (same article).
        assert_eq!(boards_of("GM0505"), BTreeSet::from(["WS0655"]));
        // - Groningen: Noorderzijlvest and Hunze en Aa's (ROO, https://organisaties.overheid.nl/21161/noorderzijlvest
        //   and the Hunze en Aa's record, both "Gebied: … Groningen …").
        assert_eq!(boards_of("GM0014"), BTreeSet::from(["WS0646", "WS0647"]));
        // - Apeldoorn: Vallei en Veluwe (ROO, https://organisaties.overheid.nl/21237/vallei-en-veluwe).
        assert_eq!(boards_of("GM0200"), BTreeSet::from(["WS0662"]));
        // - Maastricht: Waterschap Limburg (ROO, https://organisaties.overheid.nl/21194/waterschap-limburg).
        assert_eq!(boards_of("GM0935"), BTreeSet::from(["WS0665"]));
    }
}
