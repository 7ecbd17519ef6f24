//! The committed list of boundary sources and levels of detail (`data/sources.toml`).

use kaartviewer_core::region::RegionKind;
use kaartviewer_core::simplify::LevelOfDetail;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Shown with the map wherever boundaries are drawn.
    pub attribution: String,
    /// Smallest share of a gemeente a waterschap must cover to be listed as overlapping.
    pub min_waterschap_share: f64,
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
    #[serde(rename = "level")]
    pub levels: Vec<Level>,
}

/// One boundary file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub kind: RegionKind,
    pub year: u16,
    pub format: Format,
    /// The TopoJSON object to read (TopoJSON only; default: its only object).
    pub object: Option<String>,
    /// File name looked for in the local folders and used in the cache.
    pub file: String,
    /// Canonical public download address.
    pub url: String,
    pub sha256: String,
    pub code_property: String,
    pub name_property: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Topojson,
    Geojson,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    pub tolerance: f64,
    pub decimals: u32,
    pub min_island_area: f64,
    pub min_zoom: f64,
}

impl crate::sources::SourceFile for Source {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn url(&self) -> &str {
        &self.url
    }
    fn sha256(&self) -> &str {
        &self.sha256
    }
}

impl Source {
    /// How to read this source's regions.
    pub fn layout(&self) -> LayerLayout<'_> {
        LayerLayout { format: self.format, object: self.object.as_deref(), code_property: &self.code_property, name_property: &self.name_property }
    }
}

/// How a boundary file is laid out: its format and which properties hold code and name.
#[derive(Debug, Clone, Copy)]
pub struct LayerLayout<'a> {
    pub format: Format,
    pub object: Option<&'a str>,
    pub code_property: &'a str,
    pub name_property: &'a str,
}

/// Checks a source's sha256, url and file name (shared by every kind of source file).
pub fn check_source_file(id: &str, file: &str, url: &str, sha256: &str) -> Result<(), String> {
    if !(sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit())) {
        return Err(format!("source {id:?}: sha256 must be 64 hexadecimal digits"));
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("source {id:?}: url must be http(s), got {url:?}"));
    }
    if file.contains(['/', '\\']) || file.starts_with('.') {
        return Err(format!("source {id:?}: file must be a plain file name, got {file:?}"));
    }
    Ok(())
}

impl Level {
    pub fn detail(&self) -> LevelOfDetail {
        LevelOfDetail { tolerance: self.tolerance, decimals: self.decimals, min_island_area: self.min_island_area }
    }
}

impl Manifest {
    /// Parses and checks a manifest; errors name the problem (callers add the file name).
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut ids = std::collections::HashSet::new();
        for source in &manifest.sources {
            if !ids.insert(&source.id) {
                return Err(format!("source {:?} is listed twice", source.id));
            }
            check_source_file(&source.id, &source.file, &source.url, &source.sha256)?;
        }
        if manifest.levels.is_empty() {
            return Err("at least one [[level]] is needed".into());
        }
        if !manifest.sources.iter().any(|s| s.kind == RegionKind::Gemeente) {
            return Err("a source of kind \"gemeente\" is needed".into());
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_committed_manifest_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sources.toml");
        let manifest = Manifest::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(manifest.sources.iter().any(|s| s.kind == RegionKind::Provincie));
        assert!(manifest.levels.len() >= 2);
    }

    #[test]
    fn problems_are_named() {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sources.toml")).unwrap();
        let bad_sum = text.replacen("sha256 = \"12f0", "sha256 = \"zz0", 1);
        assert_eq!(Manifest::parse(&bad_sum).unwrap_err(), "source \"gemeente_2025\": sha256 must be 64 hexadecimal digits");
        let bad_kind = text.replacen("kind = \"provincie\"", "kind = \"county\"", 1);
        assert!(Manifest::parse(&bad_kind).unwrap_err().contains("unknown variant `county`"));
    }
}
