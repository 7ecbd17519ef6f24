//! Boundary files turned into regions ready to draw: path strings are built once per
//! level of detail, never during pan or zoom.

use geo::Rect;
use kaartviewer_core::boundary_layer::{BoundaryFeature, BoundaryIndex};
use kaartviewer_core::projection::Projection;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::svg_path::{decimals_for_level, path_data, projected_bounds};
use std::collections::HashMap;
use std::sync::Arc;

/// The smallest rectangle holding both.
fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        geo::Coord { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
        geo::Coord { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
    )
}

/// A region with its SVG path.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnRegion {
    pub feature: BoundaryFeature,
    pub path: String,
    /// Map-unit bounds, to zoom to the region.
    pub bounds: Option<Rect<f64>>,
    /// A point well inside the region (map units), where links start and labels sit.
    pub anchor: Option<geo::Coord<f64>>,
}

/// One loaded layer at one level of detail.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnLayer {
    pub kind: RegionKind,
    pub level: String,
    pub regions: Vec<DrawnRegion>,
}

impl DrawnLayer {
    pub fn new(kind: RegionKind, level: &str, features: Vec<BoundaryFeature>) -> DrawnLayer {
        let projection = Projection::NETHERLANDS;
        let regions = features
            .into_iter()
            .map(|feature| DrawnRegion {
                path: path_data(&feature.geometry, &projection, decimals_for_level(level)),
                bounds: projected_bounds([&feature.geometry], &projection),
                anchor: geo::InteriorPoint::interior_point(&feature.geometry).map(|p| projection.project(p.0)),
                feature,
            })
            .collect();
        DrawnLayer { kind, level: level.to_string(), regions }
    }

    pub fn bounds(&self) -> Option<Rect<f64>> {
        self.regions.iter().filter_map(|r| r.bounds).reduce(union)
    }
}

/// Everything loaded so far: the index and, per kind, the levels fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct MapData {
    pub index: BoundaryIndex,
    pub layers: HashMap<(RegionKind, String), Arc<DrawnLayer>>,
    /// The provincie of each gemeente, for the province filter.
    pub provincie_of: HashMap<String, String>,
}

impl MapData {
    pub fn new(index: BoundaryIndex, layers: HashMap<(RegionKind, String), Arc<DrawnLayer>>) -> MapData {
        let provincie_of = layers
            .iter()
            .filter(|((kind, _), _)| *kind == RegionKind::Gemeente)
            .flat_map(|(_, layer)| &layer.regions)
            .filter_map(|r| Some((r.feature.code.clone(), r.feature.provincie.clone()?)))
            .collect();
        MapData { index, layers, provincie_of }
    }

    /// Anchor points of the gemeenten (national level), by code.
    pub fn gemeente_anchors(&self) -> HashMap<String, geo::Coord<f64>> {
        self.layer_for_zoom(RegionKind::Gemeente, 1.0)
            .map(|l| l.regions.iter().filter_map(|r| Some((r.feature.code.clone(), r.anchor?))).collect())
            .unwrap_or_default()
    }

    /// The map-unit bounds covering all regions with these codes (in any loaded layer).
    pub fn bounds_of(&self, codes: &std::collections::HashSet<String>) -> Option<Rect<f64>> {
        self.layers
            .values()
            .flat_map(|l| &l.regions)
            .filter(|r| codes.contains(&r.feature.code))
            .filter_map(|r| r.bounds)
            .reduce(union)
    }

    /// The best loaded level of `kind` for `zoom`: the one the index wants, or else the
    /// coarsest loaded (while a finer one is still on its way).
    pub fn layer_for_zoom(&self, kind: RegionKind, zoom: f64) -> Option<Arc<DrawnLayer>> {
        let entry = self.index.layer(kind)?;
        let wanted = entry.level_for_zoom(zoom)?;
        self.layers
            .get(&(kind, wanted.name.clone()))
            .or_else(|| entry.levels.iter().find_map(|l| self.layers.get(&(kind, l.name.clone()))))
            .cloned()
    }

    /// The name of a region by code, searching every loaded layer.
    pub fn name_of(&self, code: &str) -> Option<String> {
        self.layers.values().flat_map(|l| &l.regions).find(|r| r.feature.code == code).map(|r| r.feature.name.clone())
    }

    pub fn region(&self, kind: RegionKind, code: &str) -> Option<&DrawnRegion> {
        self.layers.iter().filter(|((k, _), _)| *k == kind).flat_map(|(_, l)| &l.regions).find(|r| r.feature.code == code)
    }
}
