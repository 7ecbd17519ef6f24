//! Choosing the map layer and the province border overlay.

use crate::state::ViewerState;
use kaartviewer_core::region::RegionKind;
use leptos::prelude::*;

#[component]
pub fn LayerControls() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let available = move |kind: RegionKind| state.data.with(|d| d.as_ref().is_some_and(|d| d.index.layer(kind).is_some()));
    let loaded = move || state.data.with(|d| d.is_some());

    let option = move |kind: RegionKind| {
        let id = format!("layer-{kind}");
        view! {
            <div class="layer-option">
                <input
                    type="radio"
                    name="layer"
                    id=id.clone()
                    value=kind.as_str()
                    prop:checked=move || state.active.get() == kind
                    disabled=move || loaded() && !available(kind)
                    on:change=move |_| state.active.set(kind)
                />
                <label for=id>
                    {move || state.texts().layer_name(kind)}
                    {move || (loaded() && !available(kind)).then(|| view! {
                        <span class="unavailable">" (" {state.texts().unavailable} ")"</span>
                    })}
                </label>
            </div>
        }
    };

    view! {
        <fieldset class="layer-controls">
            <legend>{move || state.texts().layer_heading}</legend>
            {option(RegionKind::Gemeente)}
            {option(RegionKind::Waterschap)}
            {option(RegionKind::Provincie)}
            <div class="layer-option overlay-option">
                <input
                    type="checkbox"
                    id="show-provincie-borders"
                    prop:checked=move || state.show_provincie_borders.get()
                    on:change=move |ev| state.show_provincie_borders.set(event_target_checked(&ev))
                />
                <label for="show-provincie-borders">{move || state.texts().provincie_borders}</label>
            </div>
            {move || (loaded() && !available(RegionKind::Waterschap)).then(|| view! {
                <p class="note" data-layer-unavailable="waterschap">{state.texts().waterschappen_unavailable}</p>
            })}
        </fieldset>
    }
}
