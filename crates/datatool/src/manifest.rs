//! The committed list of boundary sources and levels of detail (`data/sources.toml`).

use crate::crosswalk::Crosswalk;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::simplify::LevelOfDetail;
use kaartviewer_core::snap::SnapTolerance;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Shown with the map wherever boundaries are drawn.
    pub attribution: String,
    /// Smallest share of a gemeente a waterschap must cover to be listed as overlapping.
    pub min_waterschap_share: f64,
    /// GeoJSON sources: vertices of neighbouring regions closer than this (degrees of latitude)
    /// are snapped together, so borders drawn twice become one. 0 (the default): no snapping.
    #[serde(default)]
    pub snap_tolerance: f64,
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
    /// Credit for this source, shown with the map after the manifest's `attribution`.
    pub attribution: Option<String>,
    /// Official codes and names from a crosswalk, when the source's own codes are not official.
    pub crosswalk: Option<CrosswalkRef>,
    /// The crosswalk, once read by [`Manifest::read`].
    #[serde(skip)]
    pub codes: Option<Crosswalk>,
    /// The manifest's `snap_tolerance`, copied here by [`Manifest::parse`].
    #[serde(skip)]
    pub snap_tolerance: f64,
}

/// Where a source's crosswalk is and which property is its key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkRef {
    /// File name, relative to the manifest's folder.
    pub file: String,
    /// The property of each feature that the crosswalk is keyed on.
    pub key_property: String,
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
        LayerLayout {
            format: self.format,
            object: self.object.as_deref(),
            code_property: &self.code_property,
            name_property: &self.name_property,
            crosswalk: self.codes.as_ref().zip(self.crosswalk.as_ref().map(|c| c.key_property.as_str())),
            snap_tolerance: SnapTolerance(self.snap_tolerance),
        }
    }
}

/// How a boundary file is laid out: its format and which properties hold code and name.
#[derive(Debug, Clone, Copy)]
pub struct LayerLayout<'a> {
    pub format: Format,
    pub object: Option<&'a str>,
    pub code_property: &'a str,
    pub name_property: &'a str,
    /// Official codes and names by the value of a key property.
    pub crosswalk: Option<(&'a Crosswalk, &'a str)>,
    /// GeoJSON only: how close neighbours' vertices are snapped together.
    pub snap_tolerance: SnapTolerance,
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
    /// Reads a manifest and the crosswalks it refers to; errors name the file.
    pub fn read(path: &Path) -> Result<(String, Manifest), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut manifest = Manifest::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for source in &mut manifest.sources {
            if let Some(crosswalk) = &source.crosswalk {
                source.codes = Some(Crosswalk::read(&dir.join(&crosswalk.file))?);
            }
        }
        Ok((text, manifest))
    }

    /// The attribution to show: the manifest's, then each source's own.
    pub fn full_attribution(&self) -> String {
        std::iter::once(self.attribution.as_str())
            .chain(self.sources.iter().filter_map(|s| s.attribution.as_deref()))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Parses and checks a manifest (without reading crosswalks; see [`Manifest::read`]);
    /// errors name the problem (callers add the file name).
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut manifest: Manifest = toml::from_str(text).map_err(|e| e.to_string())?;
        if !(manifest.snap_tolerance >= 0.0 && manifest.snap_tolerance < 0.01) {
            return Err(format!("snap_tolerance must be at least 0 and below 0.01 degrees, got {}", manifest.snap_tolerance));
        }
        for source in &mut manifest.sources {
            source.snap_tolerance = manifest.snap_tolerance;
        }
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
        let (_, manifest) = Manifest::read(&path).unwrap();
        assert!(manifest.sources.iter().any(|s| s.kind == RegionKind::Provincie));
        let waterschap = manifest.sources.iter().find(|s| s.kind == RegionKind::Waterschap).unwrap();
        assert_eq!(waterschap.codes.as_ref().map(|c| c.entries.len()), Some(21));
        assert!(manifest.full_attribution().contains("Waterschapsgrenzen: Het Waterschapshuis (via PDOK)"));
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
