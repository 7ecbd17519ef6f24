//! The crosswalk from a boundary source's own identifiers to official codes and names
//! (`data/waterschappen.toml`).
//!
//! The water board boundary file codes its boards `WS02`…`WS32` and `WBL`: not the official
//! codes, which are the number in each board's government identifier
//! (`identifier.overheid.nl/tooi/id/waterschap/ws0662` → `WS0662`). Its names differ slightly
//! from the official ones too. Matching by name would be fragile, so the committed crosswalk
//! maps each feature's stable NEN 3610 identifier (`NL.WBHCODE.43.Admingrenswaterschap.1`,
//! whose middle number is the water manager's number) to the official code and name. A test
//! checks it against the national register of government organisations.

use kaartviewer_core::dataset::Waterschap;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// One board: its official code and name, the sources for them, and the identifier of its
/// feature in the boundary source.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    pub name: String,
    pub sources: Vec<String>,
    /// The value of the source's key property (`nen3610id`) for this board.
    pub boundary_id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// Where it was read from, for error messages.
    #[serde(skip)]
    pub file: String,
    #[serde(rename = "waterschap")]
    pub entries: Vec<Entry>,
}

impl Crosswalk {
    /// Reads and checks a crosswalk: official codes (`WS` + four digits), unique codes and
    /// identifiers, non-empty names.
    pub fn read(path: &Path) -> Result<Crosswalk, String> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read: {e}"))?;
        Crosswalk::parse(&text, &file)
    }

    pub fn parse(text: &str, file: &str) -> Result<Crosswalk, String> {
        let mut crosswalk: Crosswalk = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        crosswalk.file = file.to_string();
        let (mut codes, mut ids) = (HashSet::new(), HashSet::new());
        for e in &crosswalk.entries {
            let official = e.code.strip_prefix("WS").is_some_and(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()));
            if !official {
                return Err(format!("{file}: {:?} is not an official water board code (WS and four digits)", e.code));
            }
            if e.name.trim().is_empty() {
                return Err(format!("{file}: {} has no name", e.code));
            }
            if !codes.insert(&e.code) {
                return Err(format!("{file}: {} is listed twice", e.code));
            }
            if !ids.insert(&e.boundary_id) {
                return Err(format!("{file}: boundary_id {:?} is listed twice", e.boundary_id));
            }
        }
        Ok(crosswalk)
    }

    /// The entry of a source identifier.
    pub fn get(&self, boundary_id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.boundary_id == boundary_id)
    }

    /// The boards as the dataset publishes them (code, name, sources), so member codes have
    /// names even before the water board layer is loaded.
    pub fn waterschappen(&self) -> Vec<Waterschap> {
        self.entries.iter().map(|e| Waterschap { code: e.code.clone(), name: e.name.clone(), sources: e.sources.clone() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_named() {
        let entry = |code: &str, id: &str| format!("[[waterschap]]\ncode = \"{code}\"\nname = \"Proef\"\nsources = []\nboundary_id = \"{id}\"\n");
        assert!(Crosswalk::parse(&(entry("WS0001", "a") + &entry("WS0002", "b")), "w.toml").is_ok());
        let bad = Crosswalk::parse(&entry("WS28", "a"), "w.toml").unwrap_err();
        assert_eq!(bad, "w.toml: \"WS28\" is not an official water board code (WS and four digits)");
        let twice = Crosswalk::parse(&(entry("WS0001", "a") + &entry("WS0002", "a")), "w.toml").unwrap_err();
        assert_eq!(twice, "w.toml: boundary_id \"a\" is listed twice");
    }
}

/// The crosswalk against the national register of government organisations (ROO) and the
/// real boundary file, both in `../shared/` beside the repository.
#[cfg(test)]
mod register_tests {
    use super::*;
    use crate::boundaries::decode;
    use crate::manifest::Manifest;
    use crate::sources::{Locations, resolve, shared_geodata};
    use kaartviewer_core::region::RegionKind;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[derive(Deserialize)]
    struct Record {
        identifiers: Identifiers,
        names: Vec<Name>,
    }
    #[derive(Deserialize)]
    struct Identifiers {
        tooi: String,
    }
    #[derive(Deserialize)]
    struct Name {
        value: String,
        valid_until: Option<String>,
    }

    /// Official code → register name of every current board. A board is current when its
    /// name has no end date: dissolved boards end their name (and name a successor). The
    /// record-level `valid_until` is not used, because the register gives three boards that
    /// exist today an end date there (Hollands Noorderkwartier 2026-05-10, Delfland 2030-07-01,
    /// Scheldestromen 2040-10-17) without ending their name or naming a successor.
    fn current_boards() -> BTreeMap<String, String> {
        let dir = repo().join("../shared/registers/roo/organisaties/waterschappen");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e} (the test needs ../shared beside the repository)", dir.display()));
        let mut boards = BTreeMap::new();
        for path in entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let record: Record = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let Some(name) = record.names.iter().find(|n| n.valid_until.is_none()) else { continue };
            let number = record.identifiers.tooi.rsplit('/').next().unwrap().trim_start_matches("ws");
            boards.insert(format!("WS{number}"), name.value.clone());
        }
        boards
    }

    fn crosswalk() -> Crosswalk {
        Crosswalk::read(&repo().join("data/waterschappen.toml")).unwrap()
    }

    fn fold(name: &str) -> String {
        name.to_lowercase().replace('&', "en")
    }

    #[test]
    fn every_current_board_of_the_register_is_in_the_crosswalk_with_its_name() {
        let register = current_boards();
        assert_eq!(register.len(), 21, "{register:?}");
        let crosswalk = crosswalk();
        let codes: Vec<&String> = crosswalk.entries.iter().map(|e| &e.code).collect();
        assert_eq!(codes.iter().copied().collect::<std::collections::BTreeSet<_>>(), register.keys().collect());
        // Names differ slightly: the register often leaves out "Waterschap".
        for entry in &crosswalk.entries {
            let official = fold(&register[&entry.code]);
            assert!(fold(&entry.name).ends_with(&official), "{}: {:?} does not match the register's {official:?}", entry.code, entry.name);
        }
    }

    fn water_board_source(manifest: &Manifest) -> &crate::manifest::Source {
        manifest.sources.iter().find(|s| s.kind == RegionKind::Waterschap).unwrap()
    }

    fn source_bytes(manifest: &Manifest) -> Vec<u8> {
        let locations = Locations { explicit: None, shared: shared_geodata(&repo()), cache: repo().join("target/geodata-cache") };
        resolve(water_board_source(manifest), &locations).unwrap().bytes
    }

    #[test]
    fn each_board_matches_exactly_one_feature_and_an_unknown_feature_is_named() {
        let (_, mut manifest) = Manifest::read(&repo().join("data/sources.toml")).unwrap();
        let bytes = source_bytes(&manifest);
        let decoded = decode("waterschap_2024", water_board_source(&manifest).layout(), &bytes).unwrap();
        let mut codes = decoded.codes.clone();
        codes.sort();
        let mut expected: Vec<String> = crosswalk().entries.iter().map(|e| e.code.clone()).collect();
        expected.sort();
        assert_eq!(codes, expected);
        let at = |code: &str| decoded.codes.iter().position(|c| c == code).unwrap();
        assert_eq!(decoded.names[at("WS0662")], "Waterschap Vallei en Veluwe");
        assert_eq!(decoded.names[at("WS0665")], "Waterschap Limburg");

        // Without its entry, Waterschap Limburg's feature is an error that names it.
        let source = manifest.sources.iter_mut().find(|s| s.kind == RegionKind::Waterschap).unwrap();
        source.codes.as_mut().unwrap().entries.retain(|e| e.code != "WS0665");
        let error = decode("waterschap_2024", water_board_source(&manifest).layout(), &bytes).err().unwrap();
        assert!(error.contains("Waterschapsbedrijf Limburg") && error.contains("NL.WBHCODE.60.Admingrenswaterschap.3"), "{error}");
    }
}
