//! SVG path data for regions, built once per level of detail.

use crate::projection::Projection;
use geo::{Coord, MultiPolygon, Rect};
use std::fmt::Write;

/// Map-unit decimals of a level of detail: whole units (≈111 m) at the national level,
/// tenths for finer ones. The app and the map pre-rendered into the page (`datatool
/// prerender`) both draw with this, so their paths are the same.
///
/// ```
/// use kaartviewer_core::svg_path::decimals_for_level;
/// assert_eq!((decimals_for_level("national"), decimals_for_level("province")), (0, 1));
/// ```
pub fn decimals_for_level(level: &str) -> u32 {
    if level == "national" { 0 } else { 1 }
}

/// The `d` attribute of a (multi)polygon: one subpath per ring, relative moves, rounded
/// to `decimals` places in map units. Deltas are taken between *rounded* absolute
/// positions, so rounding errors never accumulate and shared borders stay identical.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use kaartviewer_core::{projection::Projection, svg_path::path_data};
/// let p = Projection { origin: geo::Coord { x: 0.0, y: 0.0 }, units_per_degree: 1.0, x_factor: 1.0 };
/// let square = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: -2.)]]);
/// assert_eq!(path_data(&square, &p, 0), "M0 0l2 0l0 2z");
/// ```
pub fn path_data(geometry: &MultiPolygon<f64>, projection: &Projection, decimals: u32) -> String {
    let factor = 10f64.powi(decimals as i32);
    let to_units = |c: &Coord<f64>| {
        let p = projection.project(*c);
        ((p.x * factor).round() as i64, (p.y * factor).round() as i64)
    };
    let number = |out: &mut String, v: i64| {
        if decimals == 0 {
            let _ = write!(out, "{v}");
        } else {
            let _ = write!(out, "{}", v as f64 / factor);
        }
    };
    let mut out = String::new();
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points = ring.0.iter().map(to_units).collect::<Vec<_>>();
            points.dedup();
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            if points.len() < 3 {
                continue;
            }
            let (mut x, mut y) = points[0];
            out.push('M');
            number(&mut out, x);
            out.push(' ');
            number(&mut out, y);
            for &(px, py) in &points[1..] {
                out.push('l');
                number(&mut out, px - x);
                out.push(' ');
                number(&mut out, py - y);
                (x, y) = (px, py);
            }
            out.push('z');
        }
    }
    out
}

/// The bounding box of many geometries in map units.
pub fn projected_bounds<'a>(geometries: impl IntoIterator<Item = &'a MultiPolygon<f64>>, projection: &Projection) -> Option<Rect<f64>> {
    let mut bounds: Option<(Coord<f64>, Coord<f64>)> = None;
    for c in geometries.into_iter().flat_map(|g| g.0.iter()).flat_map(|p| p.exterior().0.iter()) {
        let p = projection.project(*c);
        bounds = Some(match bounds {
            None => (p, p),
            Some((lo, hi)) => (Coord { x: lo.x.min(p.x), y: lo.y.min(p.y) }, Coord { x: hi.x.max(p.x), y: hi.y.max(p.y) }),
        });
    }
    bounds.map(|(lo, hi)| Rect::new(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn decimals_are_kept_and_holes_are_subpaths() {
        let p = Projection { origin: Coord { x: 0.0, y: 0.0 }, units_per_degree: 1.0, x_factor: 1.0 };
        let with_hole = MultiPolygon(vec![geo::Polygon::new(
            polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: -4.)].exterior().clone(),
            vec![polygon![(x: 2.5, y: -1.), (x: 3.5, y: -1.), (x: 3.5, y: -2.)].exterior().clone()],
        )]);
        assert_eq!(path_data(&with_hole, &p, 1), "M0 0l4 0l0 4zM2.5 1l1 0l0 1z");
    }
}
