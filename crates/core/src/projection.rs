//! From lon/lat to flat map units.
//!
//! The Netherlands spans under three degrees of latitude, so an equirectangular
//! projection with its standard parallel through the middle of the country keeps
//! shapes true to within a few percent, and is trivial to invert for pointer input.

use geo::Coord;

/// An equirectangular projection; map units grow east (x) and south (y), like SVG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Longitude and latitude of the map origin.
    pub origin: Coord<f64>,
    /// Map units per degree of latitude.
    pub units_per_degree: f64,
    /// cos(standard parallel): shrinks longitude to true east–west distance.
    pub x_factor: f64,
}

impl Projection {
    /// The projection used for the Netherlands: 1 map unit ≈ 111 m (0.001° latitude),
    /// standard parallel 52.2° N.
    pub const NETHERLANDS: Projection =
        Projection { origin: Coord { x: 3.3, y: 53.6 }, units_per_degree: 1000.0, x_factor: 0.612_907_053_652_976_9 };

    /// ```
    /// use kaartviewer_core::projection::Projection;
    /// let p = Projection::NETHERLANDS;
    /// let xy = p.project(geo::Coord { x: 5.12, y: 52.09 });
    /// let back = p.unproject(xy);
    /// assert!((back.x - 5.12).abs() < 1e-9 && (back.y - 52.09).abs() < 1e-9);
    /// ```
    pub fn project(&self, lonlat: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (lonlat.x - self.origin.x) * self.x_factor * self.units_per_degree,
            y: (self.origin.y - lonlat.y) * self.units_per_degree,
        }
    }

    /// The inverse of [`Projection::project`].
    pub fn unproject(&self, xy: Coord<f64>) -> Coord<f64> {
        Coord {
            x: xy.x / (self.x_factor * self.units_per_degree) + self.origin.x,
            y: self.origin.y - xy.y / self.units_per_degree,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_factor_is_cos_of_the_standard_parallel() {
        assert!((Projection::NETHERLANDS.x_factor - 52.2f64.to_radians().cos()).abs() < 1e-12);
    }
}
