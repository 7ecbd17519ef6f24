//! Decoding GeoJSON polygons into a [`Topology`] by finding their shared borders.
//!
//! Official boundary files (PDOK, water boards) give each region its own rings, with
//! identical vertices where neighbours meet. We cut every ring at its *junctions* —
//! points where the neighbouring vertices differ between rings — and keep each
//! resulting arc once, so the rest of the pipeline treats GeoJSON like TopoJSON.

use crate::topology::{ArcRef, TopoFeature, Topology, TopologyError};
use geo::Coord;
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
            GeoJsonInputError::Topology(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GeoJsonInputError {}

type Key = (u64, u64);

fn key(c: Coord<f64>) -> Key {
    (c.x.to_bits(), c.y.to_bits())
}

/// Decodes a GeoJSON FeatureCollection of (multi)polygons into a topology.
///
/// ```
/// use kaartviewer_core::geojson_input::decode;
/// let text = r#"{"type":"FeatureCollection","features":[
///  {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
///  {"type":"Feature","properties":{"code":"B"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
/// let topology = decode(text).unwrap();
/// // The border x = 1 is one arc, used by both squares.
/// assert_eq!(topology.arc_use_counts().iter().filter(|&&n| n == 2).count(), 1);
/// ```
pub fn decode(text: &str) -> Result<Topology, GeoJsonInputError> {
    let geojson: GeoJson = text.parse().map_err(|e: geojson::Error| GeoJsonInputError::Syntax(e.to_string()))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(GeoJsonInputError::NotAFeatureCollection);
    };

    // Rings per feature per polygon, open (closing point dropped), repeated points removed.
    let mut shapes: Vec<Vec<Vec<Vec<Coord<f64>>>>> = Vec::new();
    for (index, feature) in collection.features.iter().enumerate() {
        let polygons: Vec<&Vec<Vec<Position>>> = match feature.geometry.as_ref().map(|g| &g.value) {
            None => Vec::new(),
            Some(GeometryValue::Polygon { coordinates }) => vec![coordinates],
            Some(GeometryValue::MultiPolygon { coordinates }) => coordinates.iter().collect(),
            Some(other) => {
                return Err(GeoJsonInputError::UnsupportedGeometry { feature: index, kind: other.type_name().to_string() });
            }
        };
        shapes.push(polygons.into_iter().map(|p| p.iter().map(|r| open_ring(r)).collect()).collect());
    }

    let junctions = find_junctions(shapes.iter().flatten().flatten());
    let mut builder = ArcBuilder::default();
    let mut features = Vec::with_capacity(shapes.len());
    for (feature, polygons) in collection.features.iter().zip(&shapes) {
        let polygons = polygons
            .iter()
            .map(|rings| rings.iter().map(|ring| builder.ring_arcs(ring, &junctions)).collect())
            .collect();
        let id = feature.id.as_ref().map(|id| match id {
            geojson::feature::Id::String(s) => s.clone(),
            geojson::feature::Id::Number(n) => n.to_string(),
        });
        let properties = feature.properties.clone().unwrap_or_default();
        features.push(TopoFeature { id, properties, polygons });
    }
    let topology = Topology { arcs: builder.arcs, features };
    topology.validate().map_err(GeoJsonInputError::Topology)?;
    Ok(topology)
}

fn open_ring(ring: &[Position]) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
    for p in ring {
        let s = p.as_slice();
        let c = Coord { x: s.first().copied().unwrap_or(f64::NAN), y: s.get(1).copied().unwrap_or(f64::NAN) };
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
        let topo = decode(text).unwrap();
        assert_eq!(topo.arcs.len(), 2);
        assert_eq!(topo.arc_use_counts(), vec![1, 2]);
    }

    #[test]
    fn rejects_non_polygons_by_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
        assert_eq!(decode(text).unwrap_err().to_string(), "feature 0 is a Point; only Polygon and MultiPolygon are regions");
        assert_eq!(decode("[1,2]").unwrap_err().to_string().split(':').next(), Some("not valid GeoJSON"));
    }
}
