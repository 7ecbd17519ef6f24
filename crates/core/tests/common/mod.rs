//! Helpers shared by the tests on real boundaries.

use geo::{Coord, MultiPolygon};
use std::collections::HashSet;

/// A segment by the bits of its end points, smaller end first.
pub type Edge = ((u64, u64), (u64, u64));

/// Every segment of every ring: two regions share a border exactly where they share edges.
pub fn edges(geometry: &MultiPolygon<f64>) -> HashSet<Edge> {
    let k = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.0.windows(2).map(|w| (k(&w[0]), k(&w[1]))).collect::<Vec<_>>())
        .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
        .collect()
}
