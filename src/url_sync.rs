//! Keeps the viewer state and the query string in step (see `url_state` in core for the
//! parameters). Changes of selection, filters or view add a history entry, so Back and
//! Forward work; map moves, host messages and dropping unknown codes only replace the
//! current entry.

use crate::state::ViewerState;
use crate::i18n::Lang;
use kaartviewer_core::projection::Projection;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::url_state::{UrlState, DEFAULT_THRESHOLD};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A map position from the URL, applied once the map has a size.
#[derive(Clone, Copy)]
pub struct PendingMapPosition(pub RwSignal<Option<(f64, f64, f64)>>);

fn apply(state: ViewerState, url: &UrlState, pending: PendingMapPosition) {
    state.lang.set(if url.english { Lang::En } else { Lang::Nl });
    state.selected.set(url.selected.clone());
    state.verband.set(url.verband.clone());
    state.filter.set(url.filter.clone());
    state.view.set(url.view);
    state.threshold.set(url.threshold.unwrap_or(DEFAULT_THRESHOLD));
    state.active.set(url.layer.unwrap_or(RegionKind::Gemeente));
    // A day from today on is today (written as no parameter).
    state.peildatum.set(url.peildatum.clone().filter(|day| day.as_str() < state.today));
    pending.0.set(url.map);
}

/// Sets the state from a query string, as if it had been loaded (used by host messages).
/// The history entry is replaced, not added: a host sending many messages must not fill the
/// visitor's Back button.
pub fn apply_query(state: ViewerState, query: &str) {
    apply(state, &UrlState::parse(query), state.pending_map);
    replace_now(state);
    drop_unknown_members(state);
}

/// Writes the state into the current history entry at once (the effect in [`start`] then
/// finds the URL up to date and adds nothing).
fn replace_now(state: ViewerState) {
    let query = query_of(state);
    let path = window().location().pathname().unwrap_or_default();
    let target = if query.is_empty() { path } else { format!("{path}?{query}") };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
    }
}

/// Whether a region code exists: on the map, or in the dataset's water board register.
fn exists(state: ViewerState, code: &str) -> bool {
    state.data.with_untracked(|d| d.as_ref().is_some_and(|d| d.name_of(code).is_some()))
        || state.dataset.with_untracked(|d| d.as_ref().is_some_and(|d| d.waterschappen.iter().any(|w| w.code == code)))
}

/// Drops member filter codes that name no region (a link may carry thousands), replacing the
/// history entry. Called once the dataset has loaded (the map is there by then) and after each
/// host message; does nothing before both are known.
pub fn drop_unknown_members(state: ViewerState) {
    if state.data.with_untracked(Option::is_none) || state.dataset.with_untracked(Option::is_none) {
        return;
    }
    if state.filter.with_untracked(|f| f.members.iter().any(|c| !exists(state, c))) {
        state.filter.update(|f| f.members.retain(|c| exists(state, c)));
        replace_now(state);
    }
}

/// The query string the state is written as.
pub fn query_of(state: ViewerState) -> String {
    UrlState { embed: state.embed, ..current(state) }.to_query()
}

/// The state as it would be written to the URL.
fn current(state: ViewerState) -> UrlState {
    // The drawn view: the same as the viewport at rest, and unchanged during a gesture, so a
    // drag does no URL work in its frames (the position is written once the map rests).
    let map = state.drawn_view.with(|v| {
        v.map(|v| {
            let lonlat = Projection::NETHERLANDS.unproject(v.center);
            (lonlat.x, lonlat.y, v.zoom())
        })
    });
    UrlState {
        view: state.view.get(),
        selected: state.selected.get(),
        verband: state.verband.get(),
        filter: state.filter.get(),
        layer: Some(state.active.get()),
        map: map.filter(|&(_, _, zoom)| (zoom - 1.0).abs() > 1e-3),
        english: state.lang.get() == Lang::En,
        embed: false,
        threshold: Some(state.threshold.get()),
        peildatum: state.peildatum.get().filter(|day| day.as_str() < state.today),
    }
}

/// How long after the last map move its position is written into the URL.
const REPLACE_DELAY_MS: i32 = 200;

/// Reads the initial URL, then keeps it in step with the state.
pub fn start(state: ViewerState, initial_query: &str) {
    let pending = state.pending_map;
    provide_context(pending);
    let initial = UrlState::parse(initial_query);
    let embed = initial.embed;
    apply(state, &initial, pending);

    // Whether a replacement of the history entry is scheduled (map moves).
    let pending_replace = StoredValue::new(false);
    // The URL is written in a task of its own after the change: `pushState` costs a few
    // milliseconds, which a click's answer (highlight, panel) should not wait for.
    let write_scheduled = StoredValue::new(false);
    let write = move || {
        write_scheduled.set_value(false);
        let url = UrlState { embed, ..untrack(|| current(state)) };
        let query = url.to_query();
        // Map moves and typing in the search box replace the history entry; other changes add one.
        let lasting = |u: UrlState| {
            let mut u = UrlState { map: None, ..u };
            u.filter.text.clear();
            u.to_query()
        };
        let without_map = lasting(url);
        let location = window().location();
        let existing = location.search().unwrap_or_default();
        let existing_without_map = lasting(UrlState::parse(&existing));
        if existing.trim_start_matches('?') == query {
            return;
        }
        let path = location.pathname().unwrap_or_default();
        let target = if query.is_empty() { path } else { format!("{path}?{query}") };
        let Ok(history) = window().history() else { return };
        // Before the map has a size the state is still being restored: never push then.
        let restoring = state.viewport.with_untracked(Option::is_none);
        if without_map != existing_without_map && !restoring {
            pending_replace.set_value(false);
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
        } else {
            // Panning and zooming change the URL every frame: write it once the map rests.
            // What is written is the state when the timer fires, not now: a change in between
            // (unknown member codes dropped by `drop_unknown_members`) must not be undone.
            let scheduled = pending_replace.get_value();
            pending_replace.set_value(true);
            if !scheduled {
                let write = Closure::once_into_js(move || {
                    if pending_replace.try_update_value(std::mem::take).unwrap_or(false) {
                        untrack(|| replace_now(state));
                    }
                });
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(write.unchecked_ref(), REPLACE_DELAY_MS);
            }
        }
    };
    Effect::new(move |_| {
        // Read for tracking only: `write` reads the state again when it runs.
        current(state);
        if !write_scheduled.get_value() {
            write_scheduled.set_value(true);
            set_timeout(write, std::time::Duration::ZERO);
        }
    });

    let on_pop = Closure::<dyn Fn(web_sys::PopStateEvent)>::new(move |_| {
        let query = window().location().search().unwrap_or_default();
        let url = UrlState::parse(&query);
        apply(state, &url, pending);
        if url.map.is_none() {
            // No position in the entry: show the whole country again.
            state.viewport.update(|v| {
                if let Some(view) = v {
                    *view = view.fit_area(view.bounds, 12.0);
                }
            });
        }
    });
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
}
