//! Polygons stored as shared arcs.
//!
//! Two neighbouring gemeenten share one border. Stored as *arcs* (the polylines between
//! junctions, each kept once), that border exists once, so whatever is done to it —
//! simplification, rounding — happens identically on both sides: no gaps, no overlaps.
//! This is the model of TopoJSON; [`crate::topojson`] and [`crate::geojson_input`]
//! both decode into it.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::{Map, Value};
use std::fmt;

/// A reference to an arc as used in a ring: `i` is arc `i` forwards, `!i` (that is
/// `-i - 1`) is arc `i` backwards — the TopoJSON convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArcRef(pub i32);

impl ArcRef {
    /// Arc `index`, forwards.
    pub fn forward(index: usize) -> Self {
        ArcRef(index as i32)
    }

    /// Arc `index`, backwards.
    pub fn backward(index: usize) -> Self {
        ArcRef(!(index as i32))
    }

    /// The index of the arc in [`Topology::arcs`].
    pub fn index(self) -> usize {
        if self.0 >= 0 { self.0 as usize } else { (!self.0) as usize }
    }

    /// Whether the arc is walked from its last point to its first.
    pub fn is_reversed(self) -> bool {
        self.0 < 0
    }
}

/// A ring as a sequence of arcs; consecutive arcs share their junction point.
pub type TopoRing = Vec<ArcRef>;

/// A polygon: the exterior ring first, then its holes.
pub type TopoPolygon = Vec<TopoRing>;

/// One region (a feature) of a topology.
#[derive(Debug, Clone, PartialEq)]
pub struct TopoFeature {
    /// The feature's `id` member, if any, as text.
    pub id: Option<String>,
    /// The source properties, untouched.
    pub properties: Map<String, Value>,
    /// The polygons of a (multi)polygon.
    pub polygons: Vec<TopoPolygon>,
}

impl TopoFeature {
    /// A string property, or the feature id when `key` is `"id"` and no such property exists.
    pub fn text_property(&self, key: &str) -> Option<String> {
        match self.properties.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ if key == "id" => self.id.clone(),
            _ => None,
        }
    }
}

/// A set of regions whose borders are shared arcs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Topology {
    /// Every arc once, in lon/lat degrees (WGS84).
    pub arcs: Vec<Vec<Coord<f64>>>,
    /// The regions, each referring to arcs by index.
    pub features: Vec<TopoFeature>,
}

/// A structural fault in a topology: it names the feature and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum TopologyError {
    /// A ring refers to an arc that does not exist.
    ArcOutOfRange { feature: usize, arc: i32, arcs: usize },
    /// An arc has fewer than two points.
    ShortArc { arc: usize, points: usize },
    /// A ring does not end where it starts, or its arcs do not connect.
    BrokenRing { feature: usize, polygon: usize, ring: usize },
    /// A ring has fewer than three distinct corners.
    DegenerateRing { feature: usize, polygon: usize, ring: usize },
}

impl fmt::Display for TopologyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopologyError::ArcOutOfRange { feature, arc, arcs } => {
                write!(f, "feature {feature} refers to arc {arc}, but there are only {arcs} arcs")
            }
            TopologyError::ShortArc { arc, points } => {
                write!(f, "arc {arc} has {points} point(s); an arc needs at least two")
            }
            TopologyError::BrokenRing { feature, polygon, ring } => write!(
                f,
                "feature {feature}, polygon {polygon}, ring {ring}: its arcs do not join up into a closed ring"
            ),
            TopologyError::DegenerateRing { feature, polygon, ring } => write!(
                f,
                "feature {feature}, polygon {polygon}, ring {ring}: fewer than three distinct corners"
            ),
        }
    }
}

impl std::error::Error for TopologyError {}

impl Topology {
    /// Checks that every arc reference exists and every ring closes.
    pub fn validate(&self) -> Result<(), TopologyError> {
        for (arc, points) in self.arcs.iter().enumerate() {
            if points.len() < 2 {
                return Err(TopologyError::ShortArc { arc, points: points.len() });
            }
        }
        for (f, feature) in self.features.iter().enumerate() {
            for (p, polygon) in feature.polygons.iter().enumerate() {
                for (r, ring) in polygon.iter().enumerate() {
                    if let Some(bad) = ring.iter().find(|a| a.index() >= self.arcs.len()) {
                        return Err(TopologyError::ArcOutOfRange { feature: f, arc: bad.0, arcs: self.arcs.len() });
                    }
                    let broken = TopologyError::BrokenRing { feature: f, polygon: p, ring: r };
                    let mut previous_end: Option<Coord<f64>> = None;
                    for &arc in ring {
                        let (start, end) = self.arc_ends(arc);
                        if previous_end.is_some_and(|e| e != start) {
                            return Err(broken);
                        }
                        previous_end = Some(end);
                    }
                    let first = ring.first().map(|&a| self.arc_ends(a).0);
                    if ring.is_empty() || previous_end != first {
                        return Err(broken);
                    }
                    if distinct_corners(&self.ring_coords(ring)) < 3 {
                        return Err(TopologyError::DegenerateRing { feature: f, polygon: p, ring: r });
                    }
                }
            }
        }
        Ok(())
    }

    /// First and last point of an arc as walked by `arc`.
    fn arc_ends(&self, arc: ArcRef) -> (Coord<f64>, Coord<f64>) {
        let points = &self.arcs[arc.index()];
        let (first, last) = (points[0], points[points.len() - 1]);
        if arc.is_reversed() { (last, first) } else { (first, last) }
    }

    /// How many ring references each arc has: 1 for an outer border (coast, country
    /// border), 2 for a border between two regions.
    pub fn arc_use_counts(&self) -> Vec<u32> {
        let mut counts = vec![0; self.arcs.len()];
        for arc in self.features.iter().flat_map(|f| &f.polygons).flatten().flatten() {
            counts[arc.index()] += 1;
        }
        counts
    }

    /// For each feature, the features it shares a border (an arc) with, in index order.
    pub fn neighbours(&self) -> Vec<Vec<usize>> {
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); self.arcs.len()];
        for (f, feature) in self.features.iter().enumerate() {
            for arc in feature.polygons.iter().flatten().flatten() {
                users[arc.index()].push(f);
            }
        }
        let mut neighbours = vec![std::collections::BTreeSet::new(); self.features.len()];
        for sharing in users {
            for &a in &sharing {
                for &b in &sharing {
                    if a != b {
                        neighbours[a].insert(b);
                    }
                }
            }
        }
        neighbours.into_iter().map(|set| set.into_iter().collect()).collect()
    }

    /// The closed coordinate sequence of a ring (first point repeated at the end).
    pub fn ring_coords(&self, ring: &[ArcRef]) -> Vec<Coord<f64>> {
        let mut out: Vec<Coord<f64>> = Vec::new();
        for &arc in ring {
            let points = &self.arcs[arc.index()];
            let walk: Box<dyn Iterator<Item = &Coord<f64>>> =
                if arc.is_reversed() { Box::new(points.iter().rev()) } else { Box::new(points.iter()) };
            for &c in walk {
                if out.last() != Some(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The geometry of one feature as a `geo` multipolygon.
    pub fn feature_geometry(&self, feature: &TopoFeature) -> MultiPolygon<f64> {
        MultiPolygon(
            feature
                .polygons
                .iter()
                .filter(|polygon| !polygon.is_empty())
                .map(|polygon| {
                    let mut rings = polygon.iter().map(|ring| LineString(self.ring_coords(ring)));
                    let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
                    Polygon::new(exterior, rings.collect())
                })
                .collect(),
        )
    }
}

/// The number of distinct points of a closed ring (the closing point not counted twice).
pub(crate) fn distinct_corners(ring: &[Coord<f64>]) -> usize {
    let open = match ring.split_last() {
        Some((last, rest)) if rest.first() == Some(last) => rest,
        _ => ring,
    };
    let mut seen: Vec<(u64, u64)> = open.iter().map(|c| (c.x.to_bits(), c.y.to_bits())).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    /// Two unit squares side by side sharing the border x = 1.
    pub(crate) fn two_squares() -> Topology {
        Topology {
            arcs: vec![
                vec![c(1.0, 0.0), c(1.0, 1.0)],                                   // shared
                vec![c(1.0, 1.0), c(0.0, 1.0), c(0.0, 0.0), c(1.0, 0.0)],         // left outer
                vec![c(1.0, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.0, 1.0)],         // right outer
            ],
            features: vec![
                TopoFeature { id: Some("L".into()), properties: Map::new(), polygons: vec![vec![vec![ArcRef::forward(0), ArcRef::forward(1)]]] },
                TopoFeature { id: Some("R".into()), properties: Map::new(), polygons: vec![vec![vec![ArcRef::forward(2), ArcRef::backward(0)]]] },
            ],
        }
    }

    #[test]
    fn rings_are_assembled_from_shared_arcs() {
        let topo = two_squares();
        topo.validate().unwrap();
        assert_eq!(topo.arc_use_counts(), vec![2, 1, 1]);
        assert_eq!(topo.neighbours(), vec![vec![1], vec![0]]);
        let right = topo.ring_coords(&topo.features[1].polygons[0][0]);
        assert_eq!(right, vec![c(1.0, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.0, 1.0), c(1.0, 0.0)]);
    }

    #[test]
    fn validate_names_the_broken_ring() {
        let mut topo = two_squares();
        topo.features[1].polygons[0][0] = vec![ArcRef::forward(2), ArcRef::forward(0)];
        assert_eq!(topo.validate(), Err(TopologyError::BrokenRing { feature: 1, polygon: 0, ring: 0 }));
        topo.features[0].polygons[0][0] = vec![ArcRef::forward(7)];
        let message = topo.validate().unwrap_err().to_string();
        assert_eq!(message, "feature 0 refers to arc 7, but there are only 3 arcs");
    }
}
