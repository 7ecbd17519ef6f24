//! Finding a region by name: a type-ahead text box over every gemeente, waterschap and provincie.

use crate::state::ViewerState;
use kaartviewer_core::filter::fold;
use kaartviewer_core::region::RegionKind;
use leptos::prelude::*;

#[component]
pub fn RegionSearch() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    // Every region once (national level), sorted by name: (name, kind, code).
    let names = Memo::new(move |_| {
        let mut all: Vec<(String, RegionKind, String)> = state.data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.index
                        .layers
                        .iter()
                        .filter_map(|l| d.layer_for_zoom(l.kind, 1.0))
                        .flat_map(|l| l.regions.iter().map(|r| (r.feature.name.clone(), r.feature.kind, r.feature.code.clone())).collect::<Vec<_>>())
                        .collect()
                })
                .unwrap_or_default()
        });
        // Water boards load on demand: until then their names come from the dataset.
        state.dataset.with(|d| {
            for w in d.iter().flat_map(|d| &d.waterschappen) {
                if !all.iter().any(|(_, _, code)| *code == w.code) {
                    all.push((w.name.clone(), RegionKind::Waterschap, w.code.clone()));
                }
            }
        });
        all.sort();
        all
    });
    // Selects the region the text names (exactly, or by the start of its name) and shows its
    // full name in the box, so the user sees what was found.
    let choose = move |input: web_sys::HtmlInputElement| {
        let wanted = fold(input.value().trim());
        if wanted.is_empty() {
            return;
        }
        let found = names.with(|all| {
            let label = |n: &str, k: RegionKind| fold(&format!("{n} ({})", state.texts().kind(k)));
            all.iter()
                .find(|(n, k, _)| fold(n) == wanted || label(n, *k) == wanted)
                .or_else(|| all.iter().find(|(n, _, _)| fold(n).starts_with(&wanted)))
                .map(|(n, k, c)| (n.clone(), *k, c.clone()))
        });
        if let Some((name, kind, code)) = found {
            input.set_value(&name);
            state.active.set(kind);
            state.verband.set(None);
            state.selected.set(Some((kind, code)));
        }
    };
    view! {
        <form class="region-search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            let input = event_target::<web_sys::HtmlFormElement>(&ev)
                .elements()
                .named_item("region")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok());
            if let Some(input) = input {
                choose(input);
            }
        }>
            <label for="region-search-input">{move || state.texts().search_region}</label>
            <div class="search-row">
                <input id="region-search-input" name="region" type="search" list="region-names" autocomplete="off"
                    on:change=move |ev| choose(event_target::<web_sys::HtmlInputElement>(&ev))/>
                <button type="submit" aria-label=move || state.texts().search_region>"→"</button>
            </div>
            <datalist id="region-names">
                {move || names.get().into_iter().map(|(name, kind, _)| {
                    let label = format!("{name} ({})", state.texts().kind(kind));
                    view! { <option value=label/> }
                }).collect_view()}
            </datalist>
        </form>
    }
}
