//! Region names at a point inside each region, as many as fit without colliding.

use super::layers::LayerRef;
use kaartviewer_core::label_placement::{place_labels, LabelCandidate, LabelStyle};
use kaartviewer_core::viewport::Viewport;
use kaartviewer_core::markup::escape;
use leptos::prelude::*;
use std::fmt::Write;

/// Label size in screen pixels, and the most labels drawn at once.
const LABEL_FONT_PX: f64 = 11.0;
const MAX_LABELS: usize = 160;

/// The labels of the layer in `layer` for the map as drawn at `view` (its viewBox).
pub(super) fn place(view: Viewport, layer: Memo<Option<LayerRef>>) -> Option<impl IntoView + use<>> {
    let layer = layer.get()?.0;
    let (vx, vy, vw, vh) = view.view_box();
    let visible = geo::Rect::new(geo::Coord { x: vx, y: vy }, geo::Coord { x: vx + vw, y: vy + vh });
    let unit = 1.0 / view.scale; // map units per screen pixel
    let candidates: Vec<LabelCandidate> = layer
        .regions
        .iter()
        .filter_map(|r| Some(LabelCandidate { text: &r.feature.name, anchor: r.anchor?, bounds: r.bounds? }))
        .collect();
    let style = LabelStyle { font_px: LABEL_FONT_PX, ..LabelStyle::default() };
    // One string of markup (see `kaartviewer_core::markup`): up to 160 labels are placed again
    // after every zoom, and one `innerHTML` costs a fraction of creating each from wasm.
    let mut texts = String::new();
    for (i, _) in place_labels(&candidates, visible, unit, &style, MAX_LABELS) {
        let (name, at) = (candidates[i].text, candidates[i].anchor);
        let _ = write!(texts, r#"<text x="{:.1}" y="{:.1}">{}</text>"#, at.x, at.y, escape(name));
    }
    let size = format!("{:.3}", LABEL_FONT_PX * unit);
    let halo = format!("{:.3}", 3.0 * unit);
    Some(view! { <g class="labels" aria-hidden="true" font-size=size stroke-width=halo inner_html=texts></g> })
}
