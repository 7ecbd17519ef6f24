//! Snapping the rings of neighbouring regions onto each other, so their shared borders
//! become identical vertex sequences.
//!
//! Boundary files that were not made as one topology (the water board file, for one) draw
//! each border twice: neighbours' vertices differ by millimetres to metres, and where one
//! side is drawn in more detail its vertices lie *on* the other side's long straight segments
//! rather than on its vertices. Taken as they are, such borders would be simplified
//! separately and open slivers. Within a tolerance this module therefore
//!
//! 1. inserts every vertex that lies close to another ring's segment into that segment, and
//! 2. merges vertices that lie close together into one (the first one met),
//!
//! after which two neighbours walk through the same points along their common border, and
//! [`crate::geojson_input`] can cut the rings at junctions into shared arcs. Gaps and
//! overlaps wider than the tolerance are real differences in the source and are kept.

use geo::{Area, BooleanOps, BoundingRect, Coord, Distance, Euclidean, Intersects, LineString, MultiPolygon, Point, Polygon};
use std::collections::HashMap;

/// Snaps the borders of regions onto each other (see [`snap_rings`]); rings stay closed.
pub fn snap_regions(regions: &mut [MultiPolygon<f64>], tolerance: SnapTolerance) {
    let mut rings: Vec<Vec<Coord<f64>>> = regions
        .iter()
        .flat_map(|g| &g.0)
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| {
            let mut open = r.0.clone();
            if open.len() > 1 && open.first() == open.last() {
                open.pop();
            }
            open
        })
        .collect();
    snap_rings(&mut rings, tolerance);
    // Rings that snapping collapsed (smaller than the tolerance) are left out.
    let mut rings = rings.into_iter().map(|r| (crate::topology::distinct_corners(&r) >= 3).then(|| LineString::new(r)));
    for region in regions.iter_mut() {
        let mut kept = Vec::with_capacity(region.0.len());
        for polygon in &region.0 {
            let exterior = rings.next().expect("one ring per ring");
            let interiors: Vec<LineString<f64>> = (0..polygon.interiors().len()).filter_map(|_| rings.next().expect("one ring per ring")).collect();
            if let Some(exterior) = exterior {
                kept.push(Polygon::new(exterior, interiors));
            }
        }
        region.0 = kept;
    }
}

/// Gives every *sliver* — a gap enclosed by the regions whose mean width (2 × area /
/// perimeter) is below `max_width` (degrees of latitude) — to the region that borders most
/// of it. Returns how many slivers were filled.
///
/// Borders that the source draws more than the snapping tolerance apart leave such slivers
/// between neighbours; real gaps (water that no region governs) are wider and stay. Fill
/// before snapping: the boolean operations need valid polygons, which snapping does not
/// promise, and snapping afterwards makes the recomputed borders exact again.
///
/// ```
/// use geo::{Area, MultiPolygon, polygon};
/// use kaartviewer_core::snap::fill_slivers;
/// // A frame around a 0.01-wide slit, which the frame's two halves enclose.
/// let mut regions = vec![
///     MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 0.1), (x: 0.1, y: 0.1), (x: 0.1, y: 0.11), (x: 1., y: 0.11), (x: 1., y: 1.), (x: 0., y: 1.)]]),
///     MultiPolygon(vec![polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 1., y: 1.), (x: 1., y: 0.11), (x: 0.9, y: 0.11), (x: 0.9, y: 0.1), (x: 1., y: 0.1)]]),
/// ];
/// assert_eq!(fill_slivers(&mut regions, 0.05), 1);
/// assert!((regions[0].unsigned_area() + regions[1].unsigned_area() - 2.0).abs() < 1e-9);
/// ```
pub fn fill_slivers(regions: &mut [MultiPolygon<f64>], max_width: f64) -> usize {
    let scale = regions
        .iter()
        .filter_map(BoundingRect::bounding_rect)
        .reduce(|a, b| geo::Rect::new(a.min(), b.max()))
        .map_or(1.0, |r| ((r.min().y + r.max().y) / 2.0).to_radians().cos().abs().max(0.01));
    let thin = |ring: &&LineString<f64>| {
        let local = LineString(ring.0.iter().map(|c| Coord { x: c.x * scale, y: c.y }).collect());
        let perimeter: f64 = local.0.windows(2).map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y)).sum();
        let area = Polygon::new(local, Vec::new()).unsigned_area();
        perimeter > 0.0 && 2.0 * area / perimeter < max_width
    };
    let union = geo::unary_union(regions.iter());
    let slivers: Vec<Polygon<f64>> = union
        .0
        .iter()
        .flat_map(|p| p.interiors())
        .filter(|ring| thin(ring))
        .map(|ring| Polygon::new(ring.clone(), Vec::new()))
        .collect();
    for gap in &slivers {
        // The region whose border runs along the longest part of the gap's outline.
        let mut bordering = vec![0.0; regions.len()];
        for edge in gap.exterior().lines() {
            let middle = Point::from(edge.start + (edge.end - edge.start) / 2.0);
            let nearest = regions
                .iter()
                .enumerate()
                .filter(|(_, r)| r.bounding_rect().is_some_and(|b| b.intersects(&gap.bounding_rect().expect("a gap has points"))))
                .map(|(i, r)| (i, boundary_distance(&middle, r)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((i, _)) = nearest {
                bordering[i] += (edge.end.x - edge.start.x).hypot(edge.end.y - edge.start.y);
            }
        }
        if let Some((i, _)) = bordering.iter().enumerate().filter(|(_, l)| **l > 0.0).max_by(|a, b| a.1.total_cmp(b.1)) {
            regions[i] = regions[i].union(&MultiPolygon(vec![gap.clone()]));
        }
    }
    slivers.len()
}

fn boundary_distance(point: &Point<f64>, region: &MultiPolygon<f64>) -> f64 {
    region
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| Euclidean.distance(point, ring))
        .fold(f64::INFINITY, f64::min)
}

/// Makes regions disjoint: where two overlap, the one listed first keeps the overlap.
///
/// Overlaps between neighbours in a source (crude and detailed drawings of one border) would
/// otherwise be drawn twice, with two border lines. Afterwards the later region's border
/// there runs along the earlier one's, and [`snap_rings`] makes them one.
///
/// ```
/// use geo::{Area, MultiPolygon, polygon};
/// use kaartviewer_core::snap::remove_overlaps;
/// let mut regions = vec![
///     MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 0., y: 1.)]]),
///     MultiPolygon(vec![polygon![(x: 1.5, y: 0.), (x: 3., y: 0.), (x: 3., y: 1.), (x: 1.5, y: 1.)]]),
/// ];
/// remove_overlaps(&mut regions);
/// assert_eq!(regions[0].unsigned_area(), 2.0);
/// assert!((regions[1].unsigned_area() - 1.0).abs() < 1e-9);
/// ```
pub fn remove_overlaps(regions: &mut [MultiPolygon<f64>]) {
    for i in 1..regions.len() {
        for j in 0..i {
            let (earlier, later) = regions.split_at_mut(i);
            let (a, b) = (&earlier[j], &mut later[0]);
            let boxes_meet = matches!((a.bounding_rect(), b.bounding_rect()), (Some(p), Some(q)) if p.intersects(&q));
            if boxes_meet && a.intersection(b).unsigned_area() > 0.0 {
                *b = b.difference(a);
            }
        }
    }
}

/// How close two points must be (in degrees of latitude; longitude differences are scaled
/// by cos(latitude)) to be treated as one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SnapTolerance(pub f64);

/// At most this many rounds of segment snapping; one is almost always enough, a second one
/// catches vertices that an insertion brought within reach.
const MAX_ROUNDS: usize = 3;

/// Snaps open rings (closing point not repeated) onto each other in place; rings are
/// identified by their position, and a vertex is never snapped onto a segment of its own ring.
///
/// ```
/// use geo::Coord;
/// use kaartviewer_core::snap::{snap_rings, SnapTolerance};
/// let c = |x, y| Coord { x, y };
/// // A square, and its neighbour drawn with one more vertex on the shared side and its
/// // corners a hair off.
/// let mut rings = vec![
///     vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 1.0)],
///     vec![c(1.0000001, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.0, 1.0000001), c(1.0, 0.5)],
/// ];
/// snap_rings(&mut rings, SnapTolerance(0.00001));
/// assert_eq!(rings[0], vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 0.5), c(1.0, 1.0), c(0.0, 1.0)]);
/// assert_eq!(rings[1][0], c(1.0, 0.0));
/// ```
pub fn snap_rings(rings: &mut [Vec<Coord<f64>>], tolerance: SnapTolerance) {
    let tol = tolerance.0;
    if tol.is_nan() || tol <= 0.0 || rings.iter().all(Vec::is_empty) {
        return;
    }
    let scale = longitude_scale(rings);
    // Insert first, so a vertex lying on a neighbour's segment is in both rings before it
    // moves: merging then moves every copy of it alike.
    for _ in 0..MAX_ROUNDS {
        if !insert_vertices_into_segments(rings, tol, scale) {
            break;
        }
    }
    merge_close_vertices(rings, tol, scale);
    for ring in rings.iter_mut() {
        clean(ring);
    }
}

/// cos(latitude) at the middle of the data, so distances are the same in every direction.
fn longitude_scale(rings: &[Vec<Coord<f64>>]) -> f64 {
    let (min, max) = rings
        .iter()
        .flatten()
        .filter(|c| c.y.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| (lo.min(c.y), hi.max(c.y)));
    if min.is_finite() { ((min + max) / 2.0).to_radians().cos().abs().max(0.01) } else { 1.0 }
}

type Cell = (i64, i64);

fn cell(c: Coord<f64>, size: f64, scale: f64) -> Cell {
    ((c.x * scale / size).floor() as i64, (c.y / size).floor() as i64)
}

fn distance(a: Coord<f64>, b: Coord<f64>, scale: f64) -> f64 {
    ((a.x - b.x) * scale).hypot(a.y - b.y)
}

/// Every vertex within the tolerance of an earlier kept vertex takes that vertex's position.
fn merge_close_vertices(rings: &mut [Vec<Coord<f64>>], tol: f64, scale: f64) {
    let mut grid: HashMap<Cell, Vec<Coord<f64>>> = HashMap::new();
    for c in rings.iter_mut().flatten() {
        if !(c.x.is_finite() && c.y.is_finite()) {
            continue;
        }
        let (cx, cy) = cell(*c, tol, scale);
        let near = (cx - 1..=cx + 1)
            .flat_map(|x| (cy - 1..=cy + 1).map(move |y| (x, y)))
            .filter_map(|k| grid.get(&k))
            .flatten()
            .filter(|kept| distance(**kept, *c, scale) <= tol)
            .min_by(|a, b| distance(**a, *c, scale).total_cmp(&distance(**b, *c, scale)))
            .copied();
        match near {
            Some(kept) => *c = kept,
            None => grid.entry((cx, cy)).or_default().push(*c),
        }
    }
}

/// Inserts into each segment the other rings' vertices that lie within the tolerance of its
/// interior. Returns whether anything was inserted.
fn insert_vertices_into_segments(rings: &mut [Vec<Coord<f64>>], tol: f64, scale: f64) -> bool {
    // Vertices indexed on a coarse grid, so a long straight segment visits few cells.
    let size = tol.max(0.002);
    let mut grid: HashMap<Cell, Vec<(usize, Coord<f64>)>> = HashMap::new();
    for (r, ring) in rings.iter().enumerate() {
        for &c in ring.iter().filter(|c| c.x.is_finite() && c.y.is_finite()) {
            grid.entry(cell(c, size, scale)).or_default().push((r, c));
        }
    }
    for list in grid.values_mut() {
        list.sort_by(|a, b| (a.0, a.1.x, a.1.y).partial_cmp(&(b.0, b.1.x, b.1.y)).unwrap_or(std::cmp::Ordering::Equal));
        list.dedup();
    }
    let mut changed = false;
    for (r, ring) in rings.iter_mut().enumerate() {
        let n = ring.len();
        if n < 2 {
            continue;
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            out.push(a);
            if !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite()) || a == b {
                continue;
            }
            let (lo, hi) = (
                cell(Coord { x: a.x.min(b.x), y: a.y.min(b.y) }, size, scale),
                cell(Coord { x: a.x.max(b.x), y: a.y.max(b.y) }, size, scale),
            );
            let mut found: Vec<(f64, Coord<f64>)> = Vec::new();
            for x in lo.0 - 1..=hi.0 + 1 {
                for y in lo.1 - 1..=hi.1 + 1 {
                    for &(owner, v) in grid.get(&(x, y)).into_iter().flatten() {
                        if owner == r || v == a || v == b {
                            continue;
                        }
                        if let Some(t) = position_on_segment(v, a, b, tol, scale) {
                            found.push((t, v));
                        }
                    }
                }
            }
            found.sort_by(|p, q| p.0.total_cmp(&q.0));
            found.dedup_by(|p, q| p.1 == q.1);
            changed |= !found.is_empty();
            out.extend(found.into_iter().map(|(_, v)| v));
        }
        *ring = out;
    }
    changed
}

/// Where `v` projects onto segment `a`–`b` (0–1, ends excluded), if it lies within `tol` of it.
fn position_on_segment(v: Coord<f64>, a: Coord<f64>, b: Coord<f64>, tol: f64, scale: f64) -> Option<f64> {
    let (dx, dy) = ((b.x - a.x) * scale, b.y - a.y);
    let (px, py) = ((v.x - a.x) * scale, v.y - a.y);
    let length2 = dx * dx + dy * dy;
    if length2 == 0.0 {
        return None;
    }
    let t = (px * dx + py * dy) / length2;
    if t <= 0.0 || t >= 1.0 {
        return None;
    }
    let (ex, ey) = (px - t * dx, py - t * dy);
    (ex.hypot(ey) <= tol).then_some(t)
}

/// Removes repeated points and spikes (a point left and immediately returned to) that
/// snapping can leave in an open ring.
fn clean(ring: &mut Vec<Coord<f64>>) {
    loop {
        let before = ring.len();
        ring.dedup();
        while ring.len() > 1 && ring.first() == ring.last() {
            ring.pop();
        }
        let n = ring.len();
        if let Some(i) = (0..n).find(|&i| n >= 3 && ring[(i + n - 1) % n] == ring[(i + 1) % n]) {
            // …, p, q, p, … becomes …, p, …
            let next = (i + 1) % n;
            let (first, second) = if i < next { (next, i) } else { (i, next) };
            ring.remove(first);
            ring.remove(second);
        }
        if ring.len() == before {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn a_detailed_border_is_inserted_into_a_crude_one() {
        // Left: a square whose east side is one straight segment. Right: its neighbour, whose
        // west side wiggles by less than the tolerance through four extra vertices.
        let mut rings = vec![
            vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 1.0)],
            vec![c(1.0, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.0, 1.0), c(1.000001, 0.8), c(0.999999, 0.6), c(1.000001, 0.4), c(1.0, 0.2)],
        ];
        snap_rings(&mut rings, SnapTolerance(0.00001));
        let shared: Vec<Coord<f64>> = rings[1][3..].iter().copied().chain([rings[1][0]]).collect();
        let mut left_side: Vec<Coord<f64>> = rings[0][1..rings[0].len() - 1].to_vec();
        left_side.reverse();
        assert_eq!(left_side, shared);
    }

    #[test]
    fn points_farther_apart_than_the_tolerance_are_kept() {
        let original = vec![
            vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 1.0)],
            vec![c(1.01, 0.0), c(2.0, 0.0), c(2.0, 1.0), c(1.01, 1.0), c(1.02, 0.5)],
        ];
        let mut rings = original.clone();
        snap_rings(&mut rings, SnapTolerance(0.001));
        assert_eq!(rings, original);
    }

    #[test]
    fn spikes_and_repeats_left_by_snapping_are_removed() {
        let mut ring = vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 0.0), c(2.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 0.0)];
        clean(&mut ring);
        assert_eq!(ring, vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0)]);
    }
}
