//! Decoding GeoJSON polygons into a [`Topology`] by finding their shared borders.
//!
//! Official boundary files (PDOK, water boards) give each region its own rings. Every
//! GeoJSON source goes through the same steps:
//!
//! 1. [`crate::ring_repair`]: exclaves stored as holes outside their outer ring become parts
//!    of their own; other invalid geometry is rejected, naming the feature;
//! 2. [`crate::snap`]: overlaps between regions go to the region listed first, and slivers
//!    between neighbours (enclosed gaps narrower than a few tolerances) to the neighbour that
//!    borders most of them; then vertices within the tolerance are merged and inserted into the
//!    neighbours' segments, so a border drawn twice becomes one sequence of points;
//! 3. every ring is cut at its *junctions* — points where the neighbouring vertices differ
//!    between rings — and each resulting arc is kept once,
//!
//! so the rest of the pipeline treats GeoJSON like TopoJSON.

use crate::ring_repair::repair;
use crate::snap::{SnapTolerance, fill_slivers, remove_overlaps, snap_regions};

/// Gaps enclosed by regions and narrower on average than this many snapping tolerances are
/// slivers between neighbours, and go to the region bordering most of them. Wider gaps are
/// real (water that no region governs) and stay.
const SLIVER_WIDTH_IN_TOLERANCES: f64 = 2.0;
use crate::topology::{ArcRef, TopoFeature, Topology, TopologyError};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{GeoJson, GeometryValue, Position};
use std::collections::HashMap;
use std::fmt;

/// Why a GeoJSON text could not be turned into a topology.
#[derive(Debug)]
pub enum GeoJsonInputError {
    /// Not valid GeoJSON.
    Syntax(String),
    /// Valid GeoJSON, but not a FeatureCollection.
    NotAFeatureCollection,
    /// A feature's geometry is not a Polygon or MultiPolygon.
    UnsupportedGeometry { feature: usize, kind: String },
    /// A feature's geometry is invalid in a way that cannot be repaired.
    InvalidGeometry { feature: usize, id: Option<String>, problem: String },
    /// A ring has fewer than three distinct corners.
    Topology(TopologyError),
}

impl fmt::Display for GeoJsonInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoJsonInputError::Syntax(e) => write!(f, "not valid GeoJSON: {e}"),
            GeoJsonInputError::NotAFeatureCollection => write!(f, "expected a GeoJSON FeatureCollection"),
            GeoJsonInputError::UnsupportedGeometry { feature, kind } => {
                write!(f, "feature {feature} is a {kind}; only Polygon and MultiPolygon are regions")
            }
            GeoJsonInputError::InvalidGeometry { feature, id, problem } => match id {
                Some(id) => write!(f, "feature {feature} ({id}) has invalid geometry that cannot be repaired: {problem}"),
                None => write!(f, "feature {feature} has invalid geometry that cannot be repaired: {problem}"),
            },
            GeoJsonInputError::Topology(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GeoJsonInputError {}

type Key = (u64, u64);

fn key(c: Coord<f64>) -> Key {
    (c.x.to_bits(), c.y.to_bits())
}

/// Decodes a GeoJSON FeatureCollection of (multi)polygons into a topology, snapping
/// neighbours' vertices within `tolerance` onto each other.
///
/// ```
/// use kaartviewer_core::geojson_input::decode;
/// use kaartviewer_core::snap::SnapTolerance;
/// let text = r#"{"type":"FeatureCollection","features":[
///  {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
///  {"type":"Feature","properties":{"code":"B"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
/// let topology = decode(text, SnapTolerance(0.0)).unwrap();
/// // The border x = 1 is one arc, used by both squares.
/// assert_eq!(topology.arc_use_counts().iter().filter(|&&n| n == 2).count(), 1);
/// ```
pub fn decode(text: &str, tolerance: SnapTolerance) -> Result<Topology, GeoJsonInputError> {
    let geojson: GeoJson = text.parse().map_err(|e: geojson::Error| GeoJsonInputError::Syntax(e.to_string()))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(GeoJsonInputError::NotAFeatureCollection);
    };

    // Each feature as a (repaired) multipolygon.
    let mut geometries: Vec<MultiPolygon<f64>> = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let polygons: Vec<&Vec<Vec<Position>>> = match feature.geometry.as_ref().map(|g| &g.value) {
            None => Vec::new(),
            Some(GeometryValue::Polygon { coordinates }) => vec![coordinates],
            Some(GeometryValue::MultiPolygon { coordinates }) => coordinates.iter().collect(),
            Some(other) => {
                return Err(GeoJsonInputError::UnsupportedGeometry { feature: index, kind: other.type_name().to_string() });
            }
        };
        let geometry = MultiPolygon(polygons.into_iter().filter(|p| !p.is_empty()).map(|p| to_polygon(p)).collect());
        let repaired = repair(geometry).map_err(|e| GeoJsonInputError::InvalidGeometry {
            feature: index,
            id: feature_id(feature),
            problem: e.to_string(),
        })?;
        geometries.push(repaired);
    }
    if tolerance.0 > 0.0 {
        remove_overlaps(&mut geometries);
        fill_slivers(&mut geometries, SLIVER_WIDTH_IN_TOLERANCES * tolerance.0);
        snap_regions(&mut geometries, tolerance);
    }
    let shapes: Vec<Vec<Vec<Vec<Coord<f64>>>>> = geometries
        .iter()
        .map(|g| g.0.iter().map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(|r| open_ring(&r.0)).collect()).collect())
        .collect();

    let junctions = find_junctions(shapes.iter().flatten().flatten());
    let mut builder = ArcBuilder::default();
    let mut features = Vec::with_capacity(shapes.len());
    for (feature, polygons) in collection.features.iter().zip(&shapes) {
        let polygons = polygons
            .iter()
            .map(|rings| rings.iter().map(|ring| builder.ring_arcs(ring, &junctions)).collect())
            .collect();
        let id = feature_id(feature);
        let properties = feature.properties.clone().unwrap_or_default();
        features.push(TopoFeature { id, properties, polygons });
    }
    let topology = Topology { arcs: builder.arcs, features };
    topology.validate().map_err(GeoJsonInputError::Topology)?;
    Ok(topology)
}

fn feature_id(feature: &geojson::Feature) -> Option<String> {
    feature.id.as_ref().map(|id| match id {
        geojson::feature::Id::String(s) => s.clone(),
        geojson::feature::Id::Number(n) => n.to_string(),
    })
}

fn coord(p: &Position) -> Coord<f64> {
    let s = p.as_slice();
    Coord { x: s.first().copied().unwrap_or(f64::NAN), y: s.get(1).copied().unwrap_or(f64::NAN) }
}

fn to_polygon(rings: &[Vec<Position>]) -> Polygon<f64> {
    let ring = |r: &Vec<Position>| LineString(r.iter().map(coord).collect());
    Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
}

fn open_ring(ring: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
    for &c in ring {
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Points where rings meet in a different way than as a continuous shared line.
fn find_junctions<'a>(rings: impl Iterator<Item = &'a Vec<Coord<f64>>>) -> std::collections::HashSet<Key> {
    let mut neighbours: HashMap<Key, (Key, Key)> = HashMap::new();
    let mut junctions = std::collections::HashSet::new();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (prev, next) = (key(ring[(i + n - 1) % n]), key(ring[(i + 1) % n]));
            let pair = if prev <= next { (prev, next) } else { (next, prev) };
            match neighbours.get(&key(ring[i])) {
                Some(seen) if *seen != pair => {
                    junctions.insert(key(ring[i]));
                }
                Some(_) => {}
                None => {
                    neighbours.insert(key(ring[i]), pair);
                }
            }
        }
    }
    junctions
}

/// Collects arcs, each once, recognising an arc walked backwards by a neighbour.
#[derive(Default)]
struct ArcBuilder {
    arcs: Vec<Vec<Coord<f64>>>,
    index: HashMap<Vec<Key>, usize>,
}

impl ArcBuilder {
    fn ring_arcs(&mut self, ring: &[Coord<f64>], junctions: &std::collections::HashSet<Key>) -> Vec<ArcRef> {
        let n = ring.len();
        if n == 0 {
            return Vec::new();
        }
        let cuts: Vec<usize> = (0..n).filter(|&i| junctions.contains(&key(ring[i]))).collect();
        if cuts.is_empty() {
            // A ring without junctions (an island, or an enclave's border): one closed arc,
            // started at its smallest point so both sides find the same arc.
            let start = (0..n).min_by_key(|&i| key(ring[i])).expect("non-empty ring");
            let mut arc: Vec<Coord<f64>> = (0..=n).map(|k| ring[(start + k) % n]).collect();
            let forward_keys: Vec<Key> = arc.iter().map(|&c| key(c)).collect();
            if let Some(&i) = self.index.get(&forward_keys) {
                return vec![ArcRef::forward(i)];
            }
            arc.reverse();
            let backward_keys: Vec<Key> = arc.iter().map(|&c| key(c)).collect();
            if let Some(&i) = self.index.get(&backward_keys) {
                return vec![ArcRef::backward(i)];
            }
            arc.reverse();
            return vec![self.push(arc, forward_keys)];
        }
        let mut refs = Vec::with_capacity(cuts.len());
        for (k, &from) in cuts.iter().enumerate() {
            let to = if k + 1 < cuts.len() { cuts[k + 1] } else { cuts[0] + n };
            let arc: Vec<Coord<f64>> = (from..=to).map(|i| ring[i % n]).collect();
            refs.push(self.find_or_push(arc));
        }
        refs
    }

    fn find_or_push(&mut self, arc: Vec<Coord<f64>>) -> ArcRef {
        let forward: Vec<Key> = arc.iter().map(|&c| key(c)).collect();
        if let Some(&i) = self.index.get(&forward) {
            return ArcRef::forward(i);
        }
        let backward: Vec<Key> = forward.iter().rev().copied().collect();
        if let Some(&i) = self.index.get(&backward) {
            return ArcRef::backward(i);
        }
        self.push(arc, forward)
    }

    fn push(&mut self, arc: Vec<Coord<f64>>, keys: Vec<Key>) -> ArcRef {
        self.arcs.push(arc);
        self.index.insert(keys, self.arcs.len() - 1);
        ArcRef::forward(self.arcs.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclave_shares_its_border_with_the_surrounding_region() {
        // An outer square with a hole, and the enclave filling the hole exactly.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
            [[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
            [[2,2],[1,2],[1,1],[2,1],[2,2]]]}}]}"#;
        let topo = decode(text, SnapTolerance(0.0)).unwrap();
        assert_eq!(topo.arcs.len(), 2);
        assert_eq!(topo.arc_use_counts(), vec![1, 2]);
    }

    #[test]
    fn an_exclave_stored_as_an_outside_hole_becomes_a_part_shared_with_its_host() {
        // A's "hole" lies in B, where B has a real hole of the same shape: after repair the
        // exclave is a part of A, and its border one arc used by both.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"A","properties":{},"geometry":{"type":"Polygon","coordinates":[
            [[0,0],[1,0],[1,1],[0,1],[0,0]],[[2,0.2],[2.2,0.2],[2.2,0.4],[2,0.4],[2,0.2]]]}},
          {"type":"Feature","id":"B","properties":{},"geometry":{"type":"Polygon","coordinates":[
            [[1,0],[3,0],[3,1],[1,1],[1,0]],[[2,0.2],[2,0.4],[2.2,0.4],[2.2,0.2],[2,0.2]]]}}]}"#;
        let topo = decode(text, SnapTolerance(1e-6)).unwrap();
        assert_eq!(topo.features[0].polygons.len(), 2, "the exclave is a part of A");
        assert_eq!(topo.features[1].polygons[0].len(), 2, "B keeps its hole");
        assert_eq!(topo.neighbours(), vec![vec![1], vec![0]]);
        let area = |f: usize| geo::Area::unsigned_area(&topo.feature_geometry(&topo.features[f]));
        assert!((area(0) - 1.04).abs() < 1e-9 && (area(1) - 1.96).abs() < 1e-9);
    }

    #[test]
    fn neighbours_drawn_apart_share_one_border_after_snapping() {
        // B's west side has an extra vertex on A's east side, and a corner 1 mm off.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1.00000001,0],[2,0],[2,1],[1,1],[1,0.5],[1.00000001,0]]]}}]}"#;
        let exact = decode(text, SnapTolerance(0.0)).unwrap();
        assert!(exact.arc_use_counts().iter().all(|&n| n == 1), "without snapping nothing is shared");
        let snapped = decode(text, SnapTolerance(1e-5)).unwrap();
        assert_eq!(snapped.arc_use_counts().iter().filter(|&&n| n == 2).count(), 1);
        assert_eq!(snapped.neighbours(), vec![vec![1], vec![0]]);
    }

    #[test]
    fn geometry_that_cannot_be_repaired_is_rejected_naming_the_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"waterschap.x","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}]}"#;
        let message = decode(text, SnapTolerance(0.0)).unwrap_err().to_string();
        assert!(message.starts_with("feature 0 (waterschap.x) has invalid geometry that cannot be repaired:"), "{message}");
        assert!(message.contains("self-intersection"), "{message}");
    }

    #[test]
    fn rejects_non_polygons_by_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
        let none = SnapTolerance(0.0);
        assert_eq!(decode(text, none).unwrap_err().to_string(), "feature 0 is a Point; only Polygon and MultiPolygon are regions");
        assert_eq!(decode("[1,2]", none).unwrap_err().to_string().split(':').next(), Some("not valid GeoJSON"));
    }
}
