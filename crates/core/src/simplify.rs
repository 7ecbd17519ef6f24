//! Simplifying a topology arc by arc, so neighbours keep one identical border.
//!
//! Each arc is simplified once (Ramer–Douglas–Peucker, endpoints fixed) and rounded
//! to the precision the screen needs; rings are then rebuilt from those arcs. Where
//! simplification would break a ring (collapse it, or make two borders cross), the
//! arcs involved are simplified less, until the result is valid. Small islands that
//! no one shares may be dropped at coarse levels of detail.

use crate::topology::{ArcRef, TopoPolygon, Topology, distinct_corners};
use geo::{Area, Coord, Line, LineString, Polygon, SimplifyIdx};
use geo::line_intersection::{LineIntersection, line_intersection};

/// How far to simplify: one level of detail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelOfDetail {
    /// Largest allowed deviation, in degrees of latitude (0.001° ≈ 111 m); longitude
    /// distances are scaled by cos(latitude) so the tolerance is the same in every direction.
    pub tolerance: f64,
    /// Decimal places kept in lon/lat coordinates.
    pub decimals: u32,
    /// Unshared islands smaller than this (in square degrees of latitude) are dropped,
    /// except a region's largest polygon.
    pub min_island_area: f64,
}

/// Rounds to `decimals` places.
///
/// ```
/// assert_eq!(kaartviewer_core::simplify::round(5.123456, 3), 5.123);
/// ```
pub fn round(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    (value * factor).round() / factor
}

/// Halving the tolerance this many times ends at the unsimplified (only rounded) arc.
const MAX_REFINEMENTS: u32 = 8;

/// Simplifies every arc once and rebuilds the regions from them.
pub fn simplify(topology: &Topology, level: &LevelOfDetail) -> Topology {
    let uses = topology.arc_use_counts();
    let features = drop_small_islands(topology, &uses, level);
    let mut refinements = vec![0u32; topology.arcs.len()];
    loop {
        let arcs: Vec<Vec<Coord<f64>>> = topology
            .arcs
            .iter()
            .zip(&refinements)
            .map(|(arc, &r)| {
                let tolerance = if r >= MAX_REFINEMENTS { 0.0 } else { level.tolerance / f64::from(1u32 << r) };
                simplify_arc(arc, tolerance, level.decimals)
            })
            .collect();
        let candidate = Topology { arcs, features: features.clone() };
        let mut to_refine = broken_ring_arcs(&candidate);
        to_refine.extend(crossing_arcs(&candidate.arcs, &uses));
        to_refine.retain(|&i| refinements[i] < MAX_REFINEMENTS);
        if to_refine.is_empty() {
            return candidate;
        }
        for i in to_refine {
            refinements[i] += 1;
        }
    }
}

/// The features without unshared islands below the level's minimum area.
fn drop_small_islands(topology: &Topology, uses: &[u32], level: &LevelOfDetail) -> Vec<crate::topology::TopoFeature> {
    topology
        .features
        .iter()
        .map(|feature| {
            let areas: Vec<f64> = feature.polygons.iter().map(|p| exterior_area(topology, p)).collect();
            let largest = areas.iter().cloned().fold(0.0, f64::max);
            let mut kept = feature.clone();
            kept.polygons = feature
                .polygons
                .iter()
                .zip(&areas)
                .filter(|(polygon, area)| {
                    let unshared = polygon.first().is_some_and(|ring| ring.iter().all(|a| uses[a.index()] == 1));
                    !(unshared && **area < level.min_island_area && **area < largest)
                })
                .map(|(polygon, _)| polygon.clone())
                .collect();
            kept
        })
        .collect()
}

fn exterior_area(topology: &Topology, polygon: &TopoPolygon) -> f64 {
    polygon.first().map_or(0.0, |ring| {
        let coords = topology.ring_coords(ring);
        let lat = coords.first().map_or(0.0, |c| c.y);
        Polygon::new(LineString(coords), vec![]).unsigned_area() * lat.to_radians().cos()
    })
}

/// One arc, simplified with its endpoints kept, then rounded without repeated points.
fn simplify_arc(arc: &[Coord<f64>], tolerance: f64, decimals: u32) -> Vec<Coord<f64>> {
    let kept: Vec<Coord<f64>> = if tolerance > 0.0 && arc.len() > 2 {
        let scale = arc[0].y.to_radians().cos();
        let local = LineString(arc.iter().map(|c| Coord { x: c.x * scale, y: c.y }).collect());
        local.simplify_idx(tolerance).into_iter().map(|i| arc[i]).collect()
    } else {
        arc.to_vec()
    };
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(kept.len());
    for c in kept {
        let c = Coord { x: round(c.x, decimals), y: round(c.y, decimals) };
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    // An arc between two junctions closer than the rounding collapses to one point; it stays
    // an arc (of two equal points) so the rings that walk through it still join up.
    if out.len() == 1 {
        out.push(out[0]);
    }
    out
}

/// Arcs of rings that no longer enclose an area.
fn broken_ring_arcs(topology: &Topology) -> Vec<usize> {
    let mut arcs = Vec::new();
    for ring in topology.features.iter().flat_map(|f| &f.polygons).flatten() {
        let coords = topology.ring_coords(ring);
        let area = Polygon::new(LineString(coords.clone()), vec![]).unsigned_area();
        if distinct_corners(&coords) < 3 || area == 0.0 {
            arcs.extend(ring.iter().map(|a: &ArcRef| a.index()));
        }
    }
    arcs.sort_unstable();
    arcs.dedup();
    arcs
}

/// Arcs whose segments cross or touch another arc anywhere but at a shared vertex.
fn crossing_arcs(arcs: &[Vec<Coord<f64>>], uses: &[u32]) -> Vec<usize> {
    struct Segment {
        arc: usize,
        position: usize,
        line: Line<f64>,
        min_x: f64,
        max_x: f64,
    }
    let mut segments: Vec<Segment> = arcs
        .iter()
        .enumerate()
        .filter(|(i, _)| uses[*i] > 0)
        .flat_map(|(arc, points)| {
            points.windows(2).enumerate().map(move |(position, w)| Segment {
                arc,
                position,
                line: Line::new(w[0], w[1]),
                min_x: w[0].x.min(w[1].x),
                max_x: w[0].x.max(w[1].x),
            })
        })
        .collect();
    segments.sort_by(|a, b| a.min_x.total_cmp(&b.min_x));

    let mut bad = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        active.retain(|&j| segments[j].max_x >= s.min_x);
        for &j in &active {
            let t = &segments[j];
            if t.arc == s.arc && t.position.abs_diff(s.position) <= 1 {
                continue; // consecutive segments of one arc meet at their shared vertex
            }
            if conflicts(s.line, t.line) {
                bad.push(s.arc);
                bad.push(t.arc);
            }
        }
        active.push(i);
    }
    bad.sort_unstable();
    bad.dedup();
    bad
}

/// Whether two segments meet anywhere other than at a vertex they both have.
fn conflicts(a: Line<f64>, b: Line<f64>) -> bool {
    let shared_vertex = |p: Coord<f64>| (p == a.start || p == a.end) && (p == b.start || p == b.end);
    match line_intersection(a, b) {
        None => false,
        Some(LineIntersection::SinglePoint { intersection, is_proper }) => is_proper || !shared_vertex(intersection),
        Some(LineIntersection::Collinear { intersection }) => {
            intersection.start != intersection.end || !shared_vertex(intersection.start)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topology::{TopoFeature, Topology};
    use serde_json::Map;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn shared_arc_is_simplified_once_for_both_neighbours() {
        // Two squares sharing a wiggly border at x ≈ 1.
        let wiggle = vec![c(1.0, 0.0), c(1.001, 0.25), c(0.999, 0.5), c(1.001, 0.75), c(1.0, 1.0)];
        let topo = Topology {
            arcs: vec![
                wiggle,
                vec![c(1.0, 1.0), c(0.0, 1.0), c(0.0, 0.0), c(1.0, 0.0)],
                vec![c(1.0, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.0, 1.0)],
            ],
            features: vec![
                TopoFeature { id: None, properties: Map::new(), polygons: vec![vec![vec![ArcRef(0), ArcRef(1)]]] },
                TopoFeature { id: None, properties: Map::new(), polygons: vec![vec![vec![ArcRef(2), ArcRef(!0)]]] },
            ],
        };
        let simple = simplify(&topo, &LevelOfDetail { tolerance: 0.01, decimals: 3, min_island_area: 0.0 });
        assert_eq!(simple.arcs[0], vec![c(1.0, 0.0), c(1.0, 1.0)]);
        let left = simple.ring_coords(&simple.features[0].polygons[0][0]);
        let right = simple.ring_coords(&simple.features[1].polygons[0][0]);
        assert!(left.contains(&c(1.0, 0.0)) && right.contains(&c(1.0, 0.0)));
    }

    #[test]
    fn a_small_island_ring_survives_as_a_triangle_or_better() {
        // A single closed arc that RDP would collapse to a line: it must be refined instead.
        let island = vec![c(0.0, 0.0), c(0.004, 0.0), c(0.004, 0.003), c(0.0, 0.003), c(0.0, 0.0)];
        let topo = Topology {
            arcs: vec![island],
            features: vec![TopoFeature { id: None, properties: Map::new(), polygons: vec![vec![vec![ArcRef(0)]]] }],
        };
        let simple = simplify(&topo, &LevelOfDetail { tolerance: 0.01, decimals: 4, min_island_area: 1.0 });
        simple.validate().unwrap();
        assert!(distinct_corners(&simple.ring_coords(&simple.features[0].polygons[0][0])) >= 3);
    }

    #[test]
    fn crossing_borders_are_detected() {
        assert!(conflicts(Line::new(c(0.0, 0.0), c(2.0, 2.0)), Line::new(c(0.0, 2.0), c(2.0, 0.0))));
        assert!(!conflicts(Line::new(c(0.0, 0.0), c(1.0, 1.0)), Line::new(c(1.0, 1.0), c(2.0, 0.0))));
        assert!(conflicts(Line::new(c(0.0, 0.0), c(2.0, 0.0)), Line::new(c(1.0, 0.0), c(1.0, 1.0))));
    }
}
