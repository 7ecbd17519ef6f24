//! The map: SVG layers of regions, pan and zoom by pointer, touch, wheel and keyboard.
//!
//! Pan and zoom change only the SVG `viewBox` (one attribute); strokes use
//! `non-scaling-stroke`, so borders keep their width at every zoom. Region paths are
//! rebuilt only when the level of detail changes.
//!
//! This module wires the map together; each concern is its own module: `gestures` (input),
//! `layers` (the level of detail per zoom), `colouring` (members, shading, choropleths, links),
//! `labels`, `legend` and `links` (the links view's lines).

mod colouring;
mod gestures;
mod labels;
mod layers;
mod legend;
mod links;

use crate::state::{EditingState, ViewerState};
use crate::map_export::{self, Caption};
use crate::per_region::PerRegion;
use colouring::Colouring;
use gestures::{
    attach_wheel_zoom, highlight_now, local_point, move_cursor, pick_member, region_at, show_hint, Press, BUTTON_ZOOM,
    CLICK_SLOP, KEY_PAN,
};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::viewport::Viewport;
use layers::{layer_memo, LayerRef};
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Pixels kept free around the country when it is fitted.
const PADDING: f64 = 12.0;
/// File name (without extension) of exported map images.
const EXPORT_NAME: &str = "kaart-samenwerkingsverbanden";

#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let editing = expect_context::<EditingState>();
    let container = NodeRef::<leptos::html::Div>::new();
    let size = RwSignal::new((0.0f64, 0.0f64));
    // The name under a hovering mouse, and where: apart, so a move over the same region only
    // moves the tooltip, and a press does not touch it (the click's answer does not wait for it).
    let hover_name = RwSignal::new(None::<String>);
    let hover_at = RwSignal::new((0.0f64, 0.0f64));
    let pointers = StoredValue::new(HashMap::<i32, (f64, f64)>::new());
    let press = StoredValue::new(None::<Press>);
    let hint = RwSignal::new(None::<&'static str>);
    // The view the SVG is drawn for (its viewBox, and where the labels are placed). During a
    // drag, pinch or wheel gesture it stays, and a CSS transform moves the drawn map (labels
    // included) to the current view: the compositor moves the map already painted instead of
    // the browser repainting every region in every frame, which a slow phone cannot do at 60
    // frames a second. When the gesture ends the viewBox takes the view, the labels are placed
    // again and the transform goes, in one task. `state.viewport` itself follows every event.
    let settled_view = state.drawn_view;
    let wheeling = StoredValue::new(None::<TimeoutHandle>);
    let in_gesture = move || pointers.with_value(|p| !p.is_empty()) || wheeling.with_value(Option::is_some);
    let settle_view = move || {
        let view = state.viewport.get_untracked();
        if !in_gesture() && settled_view.get_untracked() != view {
            settled_view.set(view);
        }
    };
    Effect::new(move |_| {
        let view = state.viewport.get();
        if !in_gesture() || settled_view.with_untracked(Option::is_none) {
            settled_view.set(view);
        }
        // The map moved under a resting mouse (zoom to a verband's members, wheel, keys): the
        // name shown is of the region that was there; the next mouse move shows the new one.
        if hover_name.with_untracked(Option::is_some) {
            hover_name.set(None);
        }
    });
    let wheel_gesture = move || {
        if let Some(handle) = wheeling.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                wheeling.set_value(None);
                settle_view();
            },
            std::time::Duration::from_millis(150),
        );
        wheeling.set_value(handle.ok());
    };

    // The map element's position on the page, kept from the last resize or pointer entry:
    // reading it on every pointer event would force a style and layout pass each time (after a
    // view change or a tooltip move), which a click or a drag frame then waits for.
    let origin = StoredValue::new(None::<(f64, f64)>);
    let refresh_origin = move || {
        if let Some(element) = container.get_untracked() {
            let rect = element.get_bounding_client_rect();
            origin.set_value(Some((rect.left(), rect.top())));
        }
    };
    let local = move |ev: &web_sys::MouseEvent| {
        if origin.with_value(Option::is_none) {
            refresh_origin();
        }
        let (left, top) = origin.get_value().unwrap_or_default();
        (f64::from(ev.client_x()) - left, f64::from(ev.client_y()) - top)
    };

    let home_bounds = move || {
        state.data.with(|d| d.as_ref().and_then(|d| d.layer_for_zoom(RegionKind::Gemeente, 1.0)).and_then(|l| l.bounds()))
    };

    // Follow the element's size; fit the country once the size is known.
    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        let observer_callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                let rect = entry.content_rect();
                refresh_origin();
                size.set((rect.width(), rect.height()));
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(observer_callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
        }
        observer_callback.forget();
        attach_wheel_zoom(&element, state, hint, wheel_gesture);
    });
    Effect::new(move |_| {
        let (width, height) = size.get();
        if width < 1.0 || height < 1.0 {
            return;
        }
        let current = state.viewport.get_untracked();
        match current {
            Some(v) => state.viewport.set(Some(v.resized(width, height, PADDING))),
            None => {
                if let Some(bounds) = home_bounds() {
                    // The pre-rendered map goes in the same task, so no frame shows neither or both;
                    // a gemeente chosen on it stays selected.
                    if let Some(code) = crate::prerendered::take_over()
                        && state.selected.get_untracked().is_none()
                        && state.active.get_untracked() == RegionKind::Gemeente
                    {
                        state.selected.set(Some((RegionKind::Gemeente, code)));
                    }
                    state.viewport.set(Some(Viewport::fit(bounds, width, height, PADDING)));
                }
            }
        }
    });

    let update_view = move |f: &dyn Fn(&Viewport) -> Viewport| {
        state.viewport.update(|v| {
            if let Some(view) = v {
                *view = f(view);
            }
        })
    };
    let reset_view = move || {
        let (width, height) = size.get_untracked();
        if let Some(bounds) = home_bounds() {
            state.viewport.set(Some(Viewport::fit(bounds, width, height, PADDING)));
        }
    };

    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        // The pointer is captured only once the press turns into a drag (see the move handler):
        // capturing at once moves the hover off the region, a repaint the click would wait for.
        let point = local(&ev);
        pointers.update_value(|p| {
            p.insert(ev.pointer_id(), point);
        });
        let first = pointers.with_value(|p| p.len() == 1);
        press.set_value(first.then(|| {
            let path = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            Press { start: point, target: region_at(ev.target()), path, moved: false }
        }));
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let point = local(&ev);
        let Some(previous) = pointers.with_value(|p| p.get(&ev.pointer_id()).copied()) else {
            // Not pressed: hovering with a mouse shows the name.
            if ev.pointer_type() == "mouse" {
                let name = region_at(ev.target()).and_then(|(kind, code)| {
                    state.data.with_untracked(|d| {
                        d.as_ref()?
                            .layers
                            .iter()
                            .filter(|((k, _), _)| *k == kind)
                            .flat_map(|(_, layer)| &layer.regions)
                            .find(|r| r.feature.code == code)
                            .map(|r| r.feature.name.clone())
                    })
                });
                if name.is_some() {
                    hover_at.set(point);
                }
                if hover_name.with_untracked(|h| *h != name) {
                    hover_name.set(name);
                }
            }
            return;
        };
        if hover_name.with_untracked(Option::is_some) {
            hover_name.set(None);
        }
        let others: Vec<(f64, f64)> =
            pointers.with_value(|p| p.iter().filter(|(id, _)| **id != ev.pointer_id()).map(|(_, xy)| *xy).collect());
        match others.as_slice() {
            // Embedded, one finger scrolls the host page; two fingers move the map.
            [] if state.embed && ev.pointer_type() == "touch" => show_hint(hint, state.texts().touch_hint),
            [] => update_view(&|v| v.pan_by(point.0 - previous.0, point.1 - previous.1)),
            [other, ..] => {
                // Pinch: zoom by the change in finger distance about their midpoint, and pan with it.
                let distance = |a: (f64, f64)| ((a.0 - other.0).powi(2) + (a.1 - other.1).powi(2)).sqrt();
                let (before, after) = (distance(previous), distance(point));
                let mid_before = ((previous.0 + other.0) / 2.0, (previous.1 + other.1) / 2.0);
                let mid_after = ((point.0 + other.0) / 2.0, (point.1 + other.1) / 2.0);
                if before > 0.0 {
                    update_view(&|v| {
                        v.zoom_at(after / before, mid_before.0, mid_before.1)
                            .pan_by(mid_after.0 - mid_before.0, mid_after.1 - mid_before.1)
                    });
                }
            }
        }
        pointers.update_value(|p| {
            p.insert(ev.pointer_id(), point);
        });
        press.update_value(|p| {
            if let Some(p) = p {
                let (dx, dy) = (point.0 - p.start.0, point.1 - p.start.1);
                p.moved |= (dx * dx + dy * dy).sqrt() > CLICK_SLOP || !others.is_empty();
            }
        });
        // A drag (or a second finger) keeps its pointer events on the map, wherever they go.
        let clicking = press.with_value(|p| p.as_ref().is_some_and(|p| !p.moved));
        if !clicking
            && let Some(element) = container.get_untracked()
            && !element.has_pointer_capture(ev.pointer_id())
        {
            let _ = element.set_pointer_capture(ev.pointer_id());
            let _ = element.class_list().add_1("dragging");
        }
    };
    let on_pointer_end = move |ev: web_sys::PointerEvent, cancelled: bool| {
        pointers.update_value(|p| {
            p.remove(&ev.pointer_id());
        });
        if pointers.with_value(|p| !p.is_empty()) {
            press.set_value(None);
            return;
        }
        if let Some(element) = container.get_untracked()
            && element.class_list().contains("dragging")
        {
            let _ = element.class_list().remove_1("dragging");
        }
        settle_view();
        if let Some(p) = press.get_value().filter(|p| !p.moved && !cancelled) {
            // A click selects the region under it; a click on the sea clears the selection.
            // The highlight is drawn now, in this event; the panel, shading and counts follow
            // in the next task, so the click is answered within the frame.
            let target = p.target.filter(|(kind, _)| *kind == state.active.get_untracked());
            if !pick_member(editing, target.as_ref()) {
                if let Some(element) = container.get_untracked() {
                    highlight_now(&element, p.path.as_ref().filter(|_| target.is_some()));
                }
                set_timeout(move || state.selected.set(target), std::time::Duration::ZERO);
            }
        }
        press.set_value(None);
    };
    let on_double_click = move |ev: web_sys::MouseEvent| {
        let Some(element) = container.get_untracked() else { return };
        let (x, y) = local_point(&element, ev.client_x(), ev.client_y());
        let factor = if ev.shift_key() { 0.5 } else { 2.0 };
        update_view(&|v| v.zoom_at(factor, x, y));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let arrow = match ev.key().as_str() {
            "ArrowLeft" => Some((-1.0, 0.0)),
            "ArrowRight" => Some((1.0, 0.0)),
            "ArrowUp" => Some((0.0, -1.0)),
            "ArrowDown" => Some((0.0, 1.0)),
            _ => None,
        };
        let handled = match (arrow, ev.key().as_str()) {
            (Some((dx, dy)), _) if ev.shift_key() => { update_view(&|v| v.pan_by(-dx * KEY_PAN, -dy * KEY_PAN)); true }
            (Some(direction), _) => { move_cursor(state, direction); true }
            (None, "Enter" | " ") => {
                match state.cursor.get_untracked() {
                    Some(region) if pick_member(editing, Some(&region)) => true,
                    Some(region) => { state.verband.set(None); state.selected.set(Some(region)); state.cursor.set(None); true }
                    None => false,
                }
            }
            (None, "+" | "=") => { update_view(&|v| v.zoom_centered(BUTTON_ZOOM)); true }
            (None, "-" | "_") => { update_view(&|v| v.zoom_centered(1.0 / BUTTON_ZOOM)); true }
            (None, "0" | "Home") => { reset_view(); true }
            (None, "Escape") => { state.cursor.set(None); state.verband.set(None); state.selected.set(None); true }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };

    let view_box = move || {
        settled_view.with(|v| {
            v.map(|v| {
                let (x, y, w, h) = v.view_box();
                format!("{x:.2} {y:.2} {w:.2} {h:.2}")
            })
        })
    };
    // From the drawn view to the current one, about the element's centre (see `settled_view`).
    let gesture_transform = move || {
        let (Some(drawn), Some(now)) = (settled_view.get(), state.viewport.get()) else { return String::new() };
        if drawn == now || drawn.width != now.width || drawn.height != now.height {
            return String::new();
        }
        let k = now.scale / drawn.scale;
        let (tx, ty) = ((drawn.center.x - now.center.x) * now.scale, (drawn.center.y - now.center.y) * now.scale);
        format!("translate({tx:.2}px, {ty:.2}px) scale({k:.5})")
    };
    let zoom_level = move || state.viewport.with(|v| v.map_or(1.0, |v| v.zoom()));

    let gemeenten = layer_memo(state, RegionKind::Gemeente);
    let waterschappen = layer_memo(state, RegionKind::Waterschap);
    let provincies = layer_memo(state, RegionKind::Provincie);
    let layer_of = move |kind: RegionKind| match kind {
        RegionKind::Gemeente => gemeenten,
        RegionKind::Waterschap => waterschappen,
        RegionKind::Provincie => provincies,
    };
    let colouring = Colouring::new(state, editing);
    let Colouring { members, shades, links, .. } = colouring;

    // Zoom to the members of a newly selected verband.
    Effect::new(move |previous: Option<Option<String>>| {
        let current = state.verband.get();
        if current.is_some() && previous.as_ref() != Some(&current) {
            let bounds = members.with(|m| state.data.with_untracked(|d| d.as_ref().and_then(|d| d.bounds_of(m))));
            if let Some(bounds) = bounds {
                state.viewport.update(|v| {
                    if let Some(view) = v {
                        *view = view.fit_area(bounds, 40.0);
                    }
                });
            }
        }
        current
    });
    // A position from the URL, applied once the map has its size.
    let pending = expect_context::<crate::url_sync::PendingMapPosition>();
    Effect::new(move |_| {
        let ready = state.viewport.with(Option::is_some);
        if let (true, Some((lon, lat, zoom))) = (ready, pending.0.get()) {
            let center = kaartviewer_core::projection::Projection::NETHERLANDS.project(geo::Coord { x: lon, y: lat });
            state.viewport.update(|v| {
                if let Some(view) = v {
                    *view = view.centered(center, zoom);
                }
            });
            pending.0.set(None);
        }
    });

    // A province focus fits the map to that province (a provincial site embeds the viewer for
    // its own province), unless the URL gave an explicit position or a verband is open.
    let focus = Memo::new(move |_| state.filter.with(|f| f.provincie.clone()));
    let position_from_url = pending.0.get_untracked().is_some();
    Effect::new(move |previous: Option<(Option<String>, bool)>| {
        let current = focus.get();
        let ready = state.viewport.with(Option::is_some) && state.data.with(Option::is_some);
        let first_ready = ready && !previous.as_ref().is_some_and(|p| p.1);
        let changed = previous.as_ref().is_some_and(|p| p.0 != current);
        let skip = (first_ready && position_from_url) || state.verband.get_untracked().is_some();
        if let (true, Some(code), false) = (ready && (first_ready || changed), current.as_ref(), skip) {
            let codes = std::collections::HashSet::from([code.clone()]);
            if let Some(bounds) = state.data.with_untracked(|d| d.as_ref().and_then(|d| d.bounds_of(&codes))) {
                state.viewport.update(|v| {
                    if let Some(view) = v {
                        *view = view.fit_area(bounds, 24.0);
                    }
                });
            }
        }
        (current, ready)
    });

    // Shading and membership per region: a change touches only the paths whose value changed.
    let shade_of = PerRegion::follow(move || shades.get());
    let member_of = PerRegion::follow(move || members.with(|m| m.iter().map(|code| (code.clone(), ())).collect()));
    // One selector notifies only the two paths whose selection changed, not all of them.
    let selected_key = StoredValue::new(Selector::new(move || state.selected.get()));

    let layer_group = move |kind: RegionKind, memo: Memo<Option<LayerRef>>| {
        let class = move || {
            let active = state.active.get() == kind;
            let visible = active || (kind == RegionKind::Provincie && state.show_provincie_borders.get());
            match (active, visible) {
                (true, _) => format!("layer layer-{kind} layer-active"),
                (false, true) => format!("layer layer-{kind} layer-outline"),
                (false, false) => format!("layer layer-{kind} layer-hidden"),
            }
        };
        let label = move || state.texts().layer_name(kind);
        view! {
            <g class=class role="listbox" aria-label=label data-layer=kind.as_str()>
                {move || memo.get().map(|LayerRef(layer)| {
                    layer.regions.iter().map(|region| {
                        let key = Some((kind, region.feature.code.clone()));
                        let is_selected = Signal::derive(move || selected_key.with_value(|s| s.selected(&key)));
                        let is_member = member_of.signal(&region.feature.code);
                        let shade = shade_of.signal(&region.feature.code);
                        view! {
                            <path
                                d=region.path.clone()
                                data-kind=kind.as_str()
                                data-code=region.feature.code.clone()
                                role="option"
                                aria-label=region.feature.name.clone()
                                aria-selected=move || if is_selected.get() { "true" } else { "false" }
                                class:selected=is_selected
                                data-member=move || is_member.get().map(|_| "true")
                                data-shade=move || shade.get().map(|b| b.to_string())
                            />
                        }
                    }).collect_view()
                })}
            </g>
        }
    };

    // The selected region's outline is drawn on top, so neighbours never cover it.
    let selection_outline = move || {
        let (kind, code) = state.selected.get()?;
        let memo = layer_of(kind);
        let path = memo.get()?.0.regions.iter().find(|r| r.feature.code == code)?.path.clone();
        Some(view! { <path class="selection-outline" d=path aria-hidden="true"/> })
    };

    // The keyboard cursor: a dashed outline over the region the arrow keys are on.
    let cursor_outline = move || {
        let (kind, code) = state.cursor.get()?;
        let memo = layer_of(kind);
        let path = memo.get()?.0.regions.iter().find(|r| r.feature.code == code)?.path.clone();
        Some(view! { <path class="cursor-outline" d=path aria-hidden="true"/> })
    };

    let attribution = move || state.data.with(|d| d.as_ref().map(|d| d.index.attribution.clone()));

    // The map as it is now, as an SVG or PNG file titled with what it shows.
    let export = move |png: bool| {
        let Some(element) = container.get_untracked() else { return };
        let Some(svg) = element.query_selector("svg.map-svg").ok().flatten() else { return };
        let t = state.texts();
        let verband = state.verband.get_untracked().and_then(|id| {
            state.dataset.with_untracked(|d| d.as_ref()?.verbanden.iter().find(|v| v.id == id).map(|v| v.name.clone()))
        });
        let subject = verband.or_else(|| state.selected.get_untracked().map(|(_, code)| state.name_of(&code)));
        let background = window()
            .get_computed_style(&element)
            .ok()
            .flatten()
            .and_then(|s| s.get_property_value("background-color").ok())
            .unwrap_or_else(|| "#ffffff".into());
        let caption = Caption {
            title: subject.map_or_else(|| t.title.to_string(), |s| format!("{} — {s}", t.title)),
            attribution: state.data.with_untracked(|d| d.as_ref().map(|d| d.index.attribution.clone())).unwrap_or_default(),
            background,
        };
        let Some((markup, width, height)) = map_export::svg_document(&svg, &caption) else { return };
        if png {
            map_export::offer_png(format!("{EXPORT_NAME}.png"), &markup, width, height);
        } else {
            map_export::offer_svg(&format!("{EXPORT_NAME}.svg"), &markup);
        }
    };

    let labels = move || labels::place(settled_view.get()?, layer_of(state.active.get()));
    let legend = move || legend::legend(state, colouring);

    view! {
        <div
            class="map"
            node_ref=container
            tabindex="0"
            role="region"
            aria-label=move || state.texts().map_label
            aria-describedby="map-help"
            data-state=move || if state.viewport.get().is_some() { "ready" } else { "sizing" }
            data-zoom=move || format!("{:.3}", zoom_level())
            on:pointerdown=on_pointer_down
            on:pointermove=on_pointer_move
            on:pointerup=move |ev| on_pointer_end(ev, false)
            on:pointercancel=move |ev| on_pointer_end(ev, true)
            on:pointerenter=move |_| refresh_origin()
            on:pointerleave=move |_| hover_name.set(None)
            on:blur=move |_| state.cursor.set(None)
            on:dblclick=on_double_click
            on:keydown=on_key
        >
            <p id="map-help" class="visually-hidden">{move || state.texts().map_help}</p>
            <svg
                class="map-svg"
                viewBox=view_box
                style:transform=gesture_transform
                preserveAspectRatio="xMidYMid meet"
                aria-hidden=move || if state.viewport.get().is_some() { "false" } else { "true" }
            >
                {layer_group(RegionKind::Gemeente, gemeenten)}
                {layer_group(RegionKind::Waterschap, waterschappen)}
                {layer_group(RegionKind::Provincie, provincies)}
                {selection_outline}
                {cursor_outline}
                {labels}
                {links::lines(links)}
            </svg>
            {move || hover_name.get().map(|name| view! {
                <div class="tooltip" role="tooltip"
                    style=move || hover_at.with(|(x, y)| format!("left:{}px;top:{}px", x + 14.0, y + 14.0))>{name}</div>
            })}
            <div class="zoom-controls">
                <button type="button" class="zoom-in" aria-label=move || state.texts().zoom_in title=move || state.texts().zoom_in
                    on:click=move |_| update_view(&|v| v.zoom_centered(BUTTON_ZOOM))
                    on:pointerdown=|ev| ev.stop_propagation()>"+"</button>
                <button type="button" class="zoom-out" aria-label=move || state.texts().zoom_out title=move || state.texts().zoom_out
                    on:click=move |_| update_view(&|v| v.zoom_centered(1.0 / BUTTON_ZOOM))
                    on:pointerdown=|ev| ev.stop_propagation()>"−"</button>
                <button type="button" class="zoom-reset" aria-label=move || state.texts().reset_view title=move || state.texts().reset_view
                    on:click=move |_| reset_view()
                    on:pointerdown=|ev| ev.stop_propagation()>"⌂"</button>
            </div>
            {move || state.detail_error.get().map(|message| view! {
                <div class="notice detail-error" role="status">
                    <p>{state.texts().detail_failed} " (" {message} ")"</p>
                    <button type="button" class="retry-detail" on:click=move |_| state.detail_error.set(None)
                        on:pointerdown=|ev| ev.stop_propagation()>{state.texts().retry}</button>
                </div>
            })}
            <div class="export-controls">
                <button type="button" class="export-svg" aria-label=move || state.texts().export_svg title=move || state.texts().export_svg
                    on:click=move |_| export(false) on:pointerdown=|ev| ev.stop_propagation()>"SVG"</button>
                <button type="button" class="export-png" aria-label=move || state.texts().export_png title=move || state.texts().export_png
                    on:click=move |_| export(true) on:pointerdown=|ev| ev.stop_propagation()>"PNG"</button>
            </div>
            {legend}
            {move || hint.get().map(|text| view! { <p class="hint map-hint" role="status">{text}</p> })}
            <p class="attribution">{attribution}</p>
        </div>
    }
}

