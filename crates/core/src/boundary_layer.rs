//! The boundary files the app loads: one GeoJSON FeatureCollection per layer and
//! level of detail, and an index that lists them.

use crate::region::RegionKind;
use geo::MultiPolygon;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// A region as the app draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryFeature {
    /// CBS code (`GM0344`, `PV26`) or the water board's own code.
    pub code: String,
    /// The official name.
    pub name: String,
    pub kind: RegionKind,
    /// For a gemeente: the code of the provincie it lies in.
    pub provincie: Option<String>,
    /// For a gemeente: codes of the waterschappen overlapping it (empty when the
    /// water board layer is absent).
    pub waterschappen: Vec<String>,
    /// For a waterschap: the gemeenten that list it among their waterschappen.
    pub gemeenten: Vec<String>,
    /// For a waterschap: the provincies of those gemeenten.
    pub provincies: Vec<String>,
    /// Codes of the regions of the same layer that share a border with it (for keyboard
    /// navigation between neighbours).
    pub neighbours: Vec<String>,
    pub geometry: MultiPolygon<f64>,
}

/// The index of prepared boundary files (`boundaries.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryIndex {
    /// Attribution that must be shown with the map.
    pub attribution: String,
    pub layers: Vec<LayerEntry>,
}

/// One layer: a kind of region for one boundary year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerEntry {
    pub kind: RegionKind,
    pub year: u16,
    /// Files from coarse to detailed.
    pub levels: Vec<LevelEntry>,
}

/// One level of detail of a layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelEntry {
    /// `national` or `province`.
    pub name: String,
    /// File name, relative to the index.
    pub file: String,
    /// The zoom (relative to the whole country fitting the screen) from which this level is used.
    pub min_zoom: f64,
}

impl BoundaryIndex {
    /// The layer of a kind, if its source is present.
    pub fn layer(&self, kind: RegionKind) -> Option<&LayerEntry> {
        self.layers.iter().find(|l| l.kind == kind)
    }
}

impl LayerEntry {
    /// The most detailed level whose `min_zoom` the zoom has reached.
    pub fn level_for_zoom(&self, zoom: f64) -> Option<&LevelEntry> {
        self.levels.iter().rev().find(|l| zoom >= l.min_zoom).or(self.levels.first())
    }
}

/// A boundary file that cannot be used, naming the file and the feature.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerError {
    pub file: String,
    /// Feature index, when the problem is in one feature.
    pub feature: Option<usize>,
    pub problem: String,
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.feature {
            Some(i) => write!(f, "{}: feature {i}: {}", self.file, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

impl std::error::Error for LayerError {}

/// Writes regions as a GeoJSON FeatureCollection (`code`, `name`, `kind`, for gemeenten
/// `provincie` and `waterschappen`, for waterschappen `gemeenten` and `provincies`).
pub fn to_feature_collection(features: &[BoundaryFeature]) -> FeatureCollection {
    features
        .iter()
        .map(|f| {
            let mut properties = JsonObject::new();
            properties.insert("code".into(), f.code.clone().into());
            properties.insert("name".into(), f.name.clone().into());
            properties.insert("kind".into(), f.kind.as_str().into());
            properties.insert("neighbours".into(), f.neighbours.clone().into());
            if f.kind == RegionKind::Gemeente {
                properties.insert("provincie".into(), f.provincie.clone().map_or(Value::Null, Value::from));
                properties.insert("waterschappen".into(), f.waterschappen.clone().into());
            }
            if f.kind == RegionKind::Waterschap {
                properties.insert("gemeenten".into(), f.gemeenten.clone().into());
                properties.insert("provincies".into(), f.provincies.clone().into());
            }
            Feature {
                geometry: Some(Geometry::new(GeometryValue::from(&f.geometry))),
                properties: Some(properties),
                ..Default::default()
            }
        })
        .collect()
}

/// Reads a boundary file written by [`to_feature_collection`]; `file` names it in errors.
pub fn parse_feature_collection(text: &str, file: &str) -> Result<Vec<BoundaryFeature>, LayerError> {
    let error = |feature: Option<usize>, problem: String| LayerError { file: file.to_string(), feature, problem };
    let collection: FeatureCollection =
        serde_json::from_str(text).map_err(|e| error(None, format!("not a GeoJSON FeatureCollection: {e}")))?;
    collection
        .features
        .iter()
        .enumerate()
        .map(|(i, feature)| {
            let text_of = |key: &str| match feature.property(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                _ => Err(error(Some(i), format!("property {key:?} is missing or not text"))),
            };
            let code = text_of("code")?;
            let name = text_of("name")?;
            let kind: RegionKind = text_of("kind")?.parse().map_err(|e| error(Some(i), format!("{e}")))?;
            let provincie = feature.property("provincie").and_then(Value::as_str).map(str::to_string);
            let codes = |key: &str| match feature.property(key) {
                Some(Value::Array(codes)) => codes.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                _ => Vec::new(),
            };
            let (waterschappen, neighbours) = (codes("waterschappen"), codes("neighbours"));
            let (gemeenten, provincies) = (codes("gemeenten"), codes("provincies"));
            let geometry = match feature.geometry.as_ref().map(|g| &g.value) {
                Some(value @ (GeometryValue::Polygon { .. } | GeometryValue::MultiPolygon { .. })) => {
                    MultiPolygon::try_from(value).map_err(|e| error(Some(i), format!("{code}: bad geometry: {e}")))?
                }
                Some(other) => return Err(error(Some(i), format!("{code}: geometry is a {}, not a polygon", other.type_name()))),
                None => return Err(error(Some(i), format!("{code}: no geometry"))),
            };
            Ok(BoundaryFeature { code, name, kind, provincie, waterschappen, gemeenten, provincies, neighbours, geometry })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn utrecht() -> BoundaryFeature {
        BoundaryFeature {
            code: "GM0344".into(),
            name: "Utrecht".into(),
            kind: RegionKind::Gemeente,
            provincie: Some("PV26".into()),
            waterschappen: vec!["WS0155".into()],
            gemeenten: Vec::new(),
            provincies: Vec::new(),
            neighbours: vec!["GM0356".into()],
            geometry: MultiPolygon(vec![polygon![(x: 5.0, y: 52.0), (x: 5.1, y: 52.0), (x: 5.1, y: 52.1)]]),
        }
    }

    #[test]
    fn a_waterschap_round_trips_with_its_gemeenten_and_provincies() {
        let board = BoundaryFeature {
            code: "WS0636".into(),
            name: "Hoogheemraadschap De Stichtse Rijnlanden".into(),
            kind: RegionKind::Waterschap,
            provincie: None,
            waterschappen: Vec::new(),
            gemeenten: vec!["GM0344".into(), "GM0356".into()],
            provincies: vec!["PV26".into()],
            neighbours: Vec::new(),
            geometry: utrecht().geometry,
        };
        let text = serde_json::to_string(&to_feature_collection(std::slice::from_ref(&board))).unwrap();
        assert_eq!(parse_feature_collection(&text, "waterschap.geojson").unwrap(), vec![board]);
    }

    #[test]
    fn round_trips_through_geojson() {
        let text = serde_json::to_string(&to_feature_collection(&[utrecht()])).unwrap();
        assert_eq!(parse_feature_collection(&text, "gemeente.geojson").unwrap(), vec![utrecht()]);
    }

    #[test]
    fn errors_name_file_feature_and_property() {
        let text = serde_json::to_string(&to_feature_collection(&[utrecht()])).unwrap().replace("\"gemeente\"", "\"county\"");
        let message = parse_feature_collection(&text, "gemeente.geojson").unwrap_err().to_string();
        assert_eq!(message, "gemeente.geojson: feature 0: unknown region kind \"county\" (expected gemeente, waterschap or provincie)");
        let message = parse_feature_collection("<html>", "gemeente.geojson").unwrap_err().to_string();
        assert!(message.starts_with("gemeente.geojson: not a GeoJSON FeatureCollection"), "{message}");
    }

    #[test]
    fn level_follows_zoom() {
        let layer = LayerEntry {
            kind: RegionKind::Gemeente,
            year: 2025,
            levels: vec![
                LevelEntry { name: "national".into(), file: "a".into(), min_zoom: 0.0 },
                LevelEntry { name: "province".into(), file: "b".into(), min_zoom: 3.0 },
            ],
        };
        assert_eq!(layer.level_for_zoom(1.0).unwrap().name, "national");
        assert_eq!(layer.level_for_zoom(4.0).unwrap().name, "province");
    }
}
