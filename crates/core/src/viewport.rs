//! The visible part of the map: pan and zoom as pure arithmetic.
//!
//! The app keeps one [`Viewport`] and writes it to the SVG `viewBox`: a pan or zoom is a
//! single attribute change, stroke widths stay constant (`non-scaling-stroke`), and
//! every path string is built once.

use geo::{Coord, Rect};

/// Centre and scale of the view, plus the size of the element it is drawn in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Map units at the centre of the element.
    pub center: Coord<f64>,
    /// Screen pixels per map unit.
    pub scale: f64,
    /// Element size in CSS pixels.
    pub width: f64,
    pub height: f64,
    /// The scale at which the whole map fits: zoom levels are relative to it.
    pub home_scale: f64,
    /// Map extent; the centre cannot leave it, so the map cannot be lost.
    pub bounds: Rect<f64>,
}

/// How far one can zoom out and in, relative to the whole map fitting.
pub const MIN_ZOOM: f64 = 0.5;
pub const MAX_ZOOM: f64 = 64.0;

impl Viewport {
    /// The view in which `bounds` fits the element with `padding` pixels around it.
    ///
    /// ```
    /// use geo::{Coord, Rect};
    /// use kaartviewer_core::viewport::Viewport;
    /// let v = Viewport::fit(Rect::new(Coord { x: 0., y: 0. }, Coord { x: 100., y: 50. }), 220., 120., 10.);
    /// assert_eq!(v.scale, 2.0);
    /// assert_eq!(v.view_box(), (-5.0, -5.0, 110.0, 60.0));
    /// ```
    pub fn fit(bounds: Rect<f64>, width: f64, height: f64, padding: f64) -> Viewport {
        let (w, h) = (width.max(1.0), height.max(1.0));
        let usable = ((w - 2.0 * padding).max(1.0), (h - 2.0 * padding).max(1.0));
        let scale = (usable.0 / bounds.width().max(f64::EPSILON)).min(usable.1 / bounds.height().max(f64::EPSILON));
        Viewport { center: bounds.center(), scale, width: w, height: h, home_scale: scale, bounds }
    }

    /// The zoom level relative to the whole map fitting (1 = home).
    pub fn zoom(&self) -> f64 {
        self.scale / self.home_scale
    }

    /// `(x, y, width, height)` of the SVG viewBox.
    pub fn view_box(&self) -> (f64, f64, f64, f64) {
        let (w, h) = (self.width / self.scale, self.height / self.scale);
        (self.center.x - w / 2.0, self.center.y - h / 2.0, w, h)
    }

    /// The map position under a point of the element.
    pub fn screen_to_map(&self, px: f64, py: f64) -> Coord<f64> {
        Coord {
            x: self.center.x + (px - self.width / 2.0) / self.scale,
            y: self.center.y + (py - self.height / 2.0) / self.scale,
        }
    }

    /// Zoom by `factor`, keeping the map point under `(px, py)` where it is.
    ///
    /// ```
    /// use geo::{Coord, Rect};
    /// use kaartviewer_core::viewport::Viewport;
    /// let v = Viewport::fit(Rect::new(Coord { x: 0., y: 0. }, Coord { x: 100., y: 100. }), 100., 100., 0.);
    /// let before = v.screen_to_map(25., 75.);
    /// let zoomed = v.zoom_at(2.0, 25., 75.);
    /// assert_eq!(zoomed.zoom(), 2.0);
    /// assert_eq!(zoomed.screen_to_map(25., 75.), before);
    /// ```
    pub fn zoom_at(&self, factor: f64, px: f64, py: f64) -> Viewport {
        let scale = (self.scale * factor).clamp(self.home_scale * MIN_ZOOM, self.home_scale * MAX_ZOOM);
        let anchor = self.screen_to_map(px, py);
        let center = Coord {
            x: anchor.x - (px - self.width / 2.0) / scale,
            y: anchor.y - (py - self.height / 2.0) / scale,
        };
        Viewport { scale, center, ..*self }.clamped()
    }

    /// Zoom about the centre of the element (buttons, keyboard).
    pub fn zoom_centered(&self, factor: f64) -> Viewport {
        self.zoom_at(factor, self.width / 2.0, self.height / 2.0)
    }

    /// Move the map by a drag of `(dx, dy)` pixels.
    pub fn pan_by(&self, dx: f64, dy: f64) -> Viewport {
        let center = Coord { x: self.center.x - dx / self.scale, y: self.center.y - dy / self.scale };
        Viewport { center, ..*self }.clamped()
    }

    /// The same view in an element of another size; the home scale follows the new size.
    pub fn resized(&self, width: f64, height: f64, padding: f64) -> Viewport {
        let home = Viewport::fit(self.bounds, width, height, padding);
        Viewport { scale: home.scale * self.zoom(), width: home.width, height: home.height, home_scale: home.scale, ..*self }
    }

    /// The view that shows `area` (in map units) with `padding` pixels around it, never
    /// zoomed in further than [`MAX_ZOOM`].
    pub fn fit_area(&self, area: Rect<f64>, padding: f64) -> Viewport {
        let fitted = Viewport::fit(area, self.width, self.height, padding);
        let scale = fitted.scale.clamp(self.home_scale * MIN_ZOOM, self.home_scale * MAX_ZOOM);
        Viewport { center: fitted.center, scale, ..*self }.clamped()
    }

    /// The view centred on `center` (map units) at `zoom` (1 = home), within the limits.
    pub fn centered(&self, center: Coord<f64>, zoom: f64) -> Viewport {
        let scale = (self.home_scale * zoom).clamp(self.home_scale * MIN_ZOOM, self.home_scale * MAX_ZOOM);
        Viewport { center, scale, ..*self }.clamped()
    }

    fn clamped(self) -> Viewport {
        let (min, max) = (self.bounds.min(), self.bounds.max());
        Viewport { center: Coord { x: self.center.x.clamp(min.x, max.x), y: self.center.y.clamp(min.y, max.y) }, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> Viewport {
        Viewport::fit(Rect::new(Coord { x: 0., y: 0. }, Coord { x: 100., y: 100. }), 200., 200., 0.)
    }

    #[test]
    fn zoom_is_limited() {
        assert_eq!(view().zoom_centered(1000.0).zoom(), MAX_ZOOM);
        assert_eq!(view().zoom_centered(0.001).zoom(), MIN_ZOOM);
    }

    #[test]
    fn panning_moves_the_map_with_the_pointer_but_not_off_the_map() {
        let v = view().zoom_centered(2.0);
        let moved = v.pan_by(40.0, 0.0);
        assert_eq!(moved.center.x, 50.0 - 10.0);
        assert_eq!(v.pan_by(1e6, 0.0).center.x, 0.0);
    }

    #[test]
    fn resizing_keeps_centre_and_zoom() {
        let v = view().zoom_centered(4.0).pan_by(10.0, 10.0);
        let r = v.resized(400.0, 300.0, 0.0);
        assert_eq!((r.center, r.zoom()), (v.center, v.zoom()));
    }
}
