//! Repairing polygons whose "holes" lie outside their outer ring.
//!
//! Official boundary files sometimes store an exclave as an interior ring of the main
//! polygon, although it lies outside the outer ring (the water board file does this for two
//! boards). Such a polygon is invalid: renderers and area computations treat the ring as a
//! hole and subtract an area that was never there. The intended shape is clear, though: each
//! such ring is a separate part. Any other fault (a ring crossing itself or another ring, too
//! few points, a non-finite coordinate) has no single obvious meaning, so it is rejected with
//! geo's description of the problem rather than guessed at.

use geo::{Polygon, Relate, Validation, algorithm::validation::InvalidMultiPolygon};
use geo::{LineString, MultiPolygon, Orient, orient::Direction};

/// Splits every interior ring that lies outside (or only touches) its polygon's exterior into a
/// part of its own, then checks the result with [`geo::Validation`].
///
/// ```
/// use geo::{LineString, MultiPolygon, Polygon, polygon};
/// use kaartviewer_core::ring_repair::repair;
/// // A 4×4 square whose "hole" is a 1×1 square east of it: an exclave stored as a hole.
/// let square = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)];
/// let exclave = LineString::from(vec![(6., 1.), (7., 1.), (7., 2.), (6., 2.), (6., 1.)]);
/// let broken = MultiPolygon(vec![Polygon::new(square.exterior().clone(), vec![exclave])]);
/// let repaired = repair(broken).unwrap();
/// assert_eq!(repaired.0.len(), 2);
/// assert!(repaired.0.iter().all(|p| p.interiors().is_empty()));
/// ```
pub fn repair(geometry: MultiPolygon<f64>) -> Result<MultiPolygon<f64>, InvalidMultiPolygon> {
    let mut parts = Vec::with_capacity(geometry.0.len());
    for polygon in geometry.0 {
        let (exterior, interiors) = polygon.into_inner();
        let outer = Polygon::new(exterior.clone(), Vec::new());
        let mut holes = Vec::new();
        let mut exclaves = Vec::new();
        for ring in interiors {
            if lies_outside(&outer, &ring) {
                exclaves.push(Polygon::new(ring, Vec::new()).orient(Direction::Default));
            } else {
                holes.push(ring);
            }
        }
        parts.push(Polygon::new(exterior, holes));
        parts.extend(exclaves);
    }
    let repaired = MultiPolygon(parts);
    repaired.check_validation()?;
    Ok(repaired)
}

/// Whether `ring` shares no area with `outer` (it may touch its border).
fn lies_outside(outer: &Polygon<f64>, ring: &LineString<f64>) -> bool {
    if ring.0.len() < 4 {
        return false; // too short to judge; validation reports it
    }
    let candidate = Polygon::new(ring.clone(), Vec::new());
    let matrix = outer.relate(&candidate);
    matrix.is_disjoint() || matrix.is_touches()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, polygon};

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    #[test]
    fn a_real_hole_stays_a_hole_and_an_outside_one_becomes_a_part() {
        let outer = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)];
        let inside = ring(&[(2., 2.), (3., 2.), (3., 3.), (2., 3.), (2., 2.)]);
        let outside = ring(&[(12., 2.), (13., 2.), (13., 3.), (12., 3.), (12., 2.)]);
        let broken = MultiPolygon(vec![Polygon::new(outer.exterior().clone(), vec![inside, outside])]);
        let repaired = repair(broken).unwrap();
        assert_eq!(repaired.0.len(), 2);
        assert_eq!(repaired.0[0].interiors().len(), 1);
        // 100 − 1 (the hole) + 1 (the exclave): the exclave is no longer subtracted.
        assert!((repaired.unsigned_area() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn an_exclave_touching_the_outer_ring_at_a_corner_is_split_off() {
        let outer = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)];
        let touching = ring(&[(4., 4.), (5., 4.), (5., 5.), (4., 5.), (4., 4.)]);
        let repaired = repair(MultiPolygon(vec![Polygon::new(outer.exterior().clone(), vec![touching])])).unwrap();
        assert_eq!(repaired.0.len(), 2);
    }

    #[test]
    fn a_ring_crossing_the_outer_ring_cannot_be_repaired() {
        let outer = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)];
        let crossing = ring(&[(3., 1.), (6., 1.), (6., 2.), (3., 2.), (3., 1.)]);
        let error = repair(MultiPolygon(vec![Polygon::new(outer.exterior().clone(), vec![crossing])])).unwrap_err();
        assert!(error.to_string().contains("interior ring"), "{error}");
    }

    #[test]
    fn a_self_intersecting_outer_ring_is_rejected() {
        let bowtie = polygon![(x: 0., y: 0.), (x: 2., y: 2.), (x: 2., y: 0.), (x: 0., y: 2.)];
        let error = repair(MultiPolygon(vec![bowtie])).unwrap_err();
        assert!(error.to_string().contains("self-intersection"), "{error}");
    }
}
