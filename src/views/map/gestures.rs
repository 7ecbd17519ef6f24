//! Pointer, touch, wheel and keyboard input on the map: which region an event is on, where
//! it is on the map, the keyboard cursor, and the wheel zoom (a non-passive listener).

use crate::state::{EditingState, ViewerState};
use kaartviewer_core::region::RegionKind;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A press that moves less than this is a click, not a drag.
pub(super) const CLICK_SLOP: f64 = 5.0;
/// Zoom factor of the + and − buttons.
pub(super) const BUTTON_ZOOM: f64 = 1.6;
/// Pixels an arrow key pans.
pub(super) const KEY_PAN: f64 = 60.0;

/// A press in progress: where it started and on which region (its code, and its path).
#[derive(Clone, Default)]
pub(super) struct Press {
    pub(super) start: (f64, f64),
    pub(super) target: Option<(RegionKind, String)>,
    pub(super) path: Option<web_sys::Element>,
    pub(super) moved: bool,
}

/// The region under an event, from its `data-kind` / `data-code` attributes.
pub(super) fn region_at(target: Option<web_sys::EventTarget>) -> Option<(RegionKind, String)> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    let kind = element.get_attribute("data-kind")?.parse().ok()?;
    Some((kind, element.get_attribute("data-code")?))
}

/// While the editor's member picker is on, a chosen region is added to or removed from the
/// record being edited instead of being selected; returns whether it was.
pub(super) fn pick_member(editing: EditingState, region: Option<&(RegionKind, String)>) -> bool {
    match region {
        Some((_, code)) if editing.picking_now() => {
            editing.toggle_member(code);
            true
        }
        _ => false,
    }
}

/// The event position relative to the map element.
pub(super) fn local_point(container: &web_sys::HtmlDivElement, client_x: i32, client_y: i32) -> (f64, f64) {
    let rect = container.get_bounding_client_rect();
    (f64::from(client_x) - rect.left(), f64::from(client_y) - rect.top())
}

/// Moves the keyboard cursor to the neighbour lying most in `direction` (map units, y down);
/// the first press starts at the selected region, or at the region nearest the map's centre.
pub(super) fn move_cursor(state: ViewerState, direction: (f64, f64)) {
    let kind = state.active.get_untracked();
    let Some(layer) = state.data.with_untracked(|d| d.as_ref().and_then(|d| d.layer_for_zoom(kind, 1.0))) else { return };
    let anchor_of = |code: &str| layer.regions.iter().find(|r| r.feature.code == code).and_then(|r| r.anchor);
    let start = state.cursor.get_untracked().or_else(|| state.selected.get_untracked()).filter(|(k, _)| *k == kind);
    let next = match start {
        Some((_, code)) => {
            let Some(region) = layer.regions.iter().find(|r| r.feature.code == code) else { return };
            let Some(from) = region.anchor else { return };
            region
                .feature
                .neighbours
                .iter()
                .filter_map(|n| {
                    let to = anchor_of(n)?;
                    let (vx, vy) = (to.x - from.x, to.y - from.y);
                    let cos = (vx * direction.0 + vy * direction.1) / (vx.hypot(vy)).max(1e-9);
                    (cos > 0.3).then_some((cos, n.clone()))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n)
                .or(Some(code))
        }
        None => {
            let center = state.viewport.with_untracked(|v| v.map(|v| v.center));
            center.and_then(|c| {
                layer
                    .regions
                    .iter()
                    .filter_map(|r| Some((r.anchor?, &r.feature.code)))
                    .min_by(|a, b| (a.0.x - c.x).hypot(a.0.y - c.y).total_cmp(&(b.0.x - c.x).hypot(b.0.y - c.y)))
                    .map(|(_, code)| code.clone())
            })
        }
    };
    if let Some(code) = next {
        // Keep the cursor on screen.
        if let Some(anchor) = anchor_of(&code) {
            state.viewport.update(|v| {
                if let Some(view) = v {
                    let (x, y, w, h) = view.view_box();
                    let inside = anchor.x > x + w * 0.1 && anchor.x < x + w * 0.9 && anchor.y > y + h * 0.1 && anchor.y < y + h * 0.9;
                    if !inside {
                        *view = view.centered(anchor, view.zoom());
                    }
                }
            });
        }
        state.cursor.set(Some((kind, code)));
    }
}

/// Marks `path` selected (and no other path) directly in the DOM, the way the reactive
/// attributes will once the selection is set: `aria-selected` and the `selected` class. The
/// pressed path and the class's own index, so no selector is run over the map's paths.
pub(super) fn highlight_now(container: &web_sys::HtmlDivElement, path: Option<&web_sys::Element>) {
    if let Some(previous) = container.get_elements_by_class_name("selected").item(0)
        && Some(&previous) != path
    {
        let _ = previous.set_attribute("aria-selected", "false");
        let _ = previous.class_list().remove_1("selected");
    }
    if let Some(path) = path {
        let _ = path.set_attribute("aria-selected", "true");
        let _ = path.class_list().add_1("selected");
    }
}

/// Shows a short hint over the map for two seconds.
pub(super) fn show_hint(hint: RwSignal<Option<&'static str>>, text: &'static str) {
    hint.set(Some(text));
    set_timeout(move || hint.set(None), std::time::Duration::from_secs(2));
}

/// Wheel zoom about the cursor. Attached by hand as a non-passive listener, because a
/// passive one could not stop the page from scrolling or the browser from zooming.
/// `gesture` is called for every wheel event that zooms.
pub(super) fn attach_wheel_zoom(
    element: &web_sys::HtmlDivElement,
    state: ViewerState,
    hint: RwSignal<Option<&'static str>>,
    gesture: impl Fn() + 'static,
) {
    let target = element.clone();
    let on_wheel = Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
        if state.embed && !ev.ctrl_key() && !ev.meta_key() {
            // Inside a host page the wheel scrolls the page; say how to zoom instead.
            show_hint(hint, state.texts().wheel_hint);
            return;
        }
        ev.prevent_default();
        gesture();
        let unit = match ev.delta_mode() {
            1 => 16.0,  // lines
            2 => 400.0, // pages
            _ => 1.0,
        };
        let factor = (-ev.delta_y() * unit * 0.002).exp().clamp(0.25, 4.0);
        let (x, y) = local_point(&target, ev.client_x(), ev.client_y());
        state.viewport.update(|v| {
            if let Some(view) = v {
                *view = view.zoom_at(factor, x, y);
            }
        });
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let _ = element.add_event_listener_with_callback_and_add_event_listener_options(
        "wheel",
        on_wheel.as_ref().unchecked_ref(),
        &options,
    );
    on_wheel.forget();
}
