//! Which regions of one layer overlap a region of another (a spatial join by area).
//!
//! Layers are simplified independently in the sources, so their borders differ by a
//! few hundred metres: a gemeente "touches" many neighbouring water boards by a sliver.
//! Measuring the shared *area* and keeping only meaningful shares separates real
//! overlap from such slivers.

use geo::{Area, BooleanOps, BoundingRect, Intersects, MultiPolygon};

/// One region of the other layer and the share of the subject it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    /// Index into the other layer.
    pub index: usize,
    /// Fraction (0–1) of the subject's area that lies in that region.
    pub share: f64,
}

/// For each subject, the regions of `others` covering at least `min_share` of it,
/// largest share first.
///
/// Areas are planar in lon/lat; within one region the cos(latitude) factor is near
/// constant, so the shares are accurate to well under a percent for the Netherlands.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use kaartviewer_core::overlap::overlaps;
/// let gemeente = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 1.), (x: 0., y: 1.)]]);
/// let west = MultiPolygon(vec![polygon![(x: -1., y: -1.), (x: 3., y: -1.), (x: 3., y: 2.), (x: -1., y: 2.)]]);
/// let east = MultiPolygon(vec![polygon![(x: 3., y: -1.), (x: 9., y: -1.), (x: 9., y: 2.), (x: 3., y: 2.)]]);
/// let found = &overlaps(&[gemeente], &[east, west], 0.1)[0];
/// assert_eq!(found.iter().map(|o| o.index).collect::<Vec<_>>(), vec![1, 0]);
/// assert!((found[0].share - 0.75).abs() < 1e-9);
/// ```
pub fn overlaps(subjects: &[MultiPolygon<f64>], others: &[MultiPolygon<f64>], min_share: f64) -> Vec<Vec<Overlap>> {
    let other_boxes: Vec<_> = others.iter().map(|o| o.bounding_rect()).collect();
    subjects
        .iter()
        .map(|subject| {
            let area = subject.unsigned_area();
            let Some(bounds) = subject.bounding_rect() else { return Vec::new() };
            if area <= 0.0 {
                return Vec::new();
            }
            let mut found: Vec<Overlap> = others
                .iter()
                .zip(&other_boxes)
                .enumerate()
                .filter(|(_, (_, b))| b.is_some_and(|b| b.intersects(&bounds)))
                .map(|(index, (other, _))| Overlap { index, share: subject.intersection(other).unsigned_area() / area })
                .filter(|o| o.share >= min_share)
                .collect();
            found.sort_by(|a, b| b.share.total_cmp(&a.share));
            found
        })
        .collect()
}

/// The region of `others` that covers the largest part of each subject, if any covers
/// at least `min_share` of it.
pub fn majority(subjects: &[MultiPolygon<f64>], others: &[MultiPolygon<f64>], min_share: f64) -> Vec<Option<usize>> {
    overlaps(subjects, others, min_share).into_iter().map(|found| found.first().map(|o| o.index)).collect()
}
