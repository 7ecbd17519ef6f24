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
