//! The legend: explains the current colouring, and is only shown when there is one.

use super::colouring::Colouring;
use crate::state::ViewerState;
use kaartviewer_core::url_state::View;
use leptos::prelude::*;

/// The five shades, labelled with the lowest and highest value they stand for; when every
/// region has the same value, the one shade they are drawn in, with that value (five
/// swatches labelled "1 … 1" read as a scale no region is on).
fn scale(low: usize, high: usize) -> impl IntoView {
    let shades = if low < high { 5 } else { 1 };
    view! {
        <div class="scale" aria-hidden="true">
            {(1..=shades).map(|b| view! { <span class=format!("swatch shade-{b}")></span> }).collect_view()}
        </div>
        <p class="scale-labels"><span>{low}</span>{(low < high).then(|| view! { <span>{high}</span> })}</p>
    }
}

/// The legend for the colouring now on the map, or nothing.
pub(super) fn legend(state: ViewerState, colouring: Colouring) -> Option<AnyView> {
    let Colouring { members, shared, links, .. } = colouring;
    let t = state.texts();
    let member_count = members.with(|m| m.len());
    if member_count == 0 && state.view.get() == View::Overlap {
        let (min, max) = colouring.count_range()?;
        return Some(view! {
            <div class="legend" data-legend="configurations">
                <p>{t.configurations_legend}</p>
                {scale(min.min(max), max)}
            </div>
        }.into_any());
    }
    if member_count == 0 && state.view.get() == View::Links {
        let (min, max) = colouring.count_range()?;
        let shown = links.with(Vec::len);
        let strongest = links.with(|l| l.first().map_or(0, |l| l.2));
        let weakest = links.with(|l| l.last().map_or(0, |l| l.2));
        return Some(view! {
            <div class="legend" data-legend="links">
                <p>{t.participation_legend}</p>
                {scale(min.min(max), max)}
                <p>{t.links_legend}": "{weakest}"–"{strongest}" ("{shown}" "{t.links_shown}")"</p>
            </div>
        }.into_any());
    }
    if member_count > 0 {
        return Some(view! {
            <div class="legend" data-legend="members">
                <span class="swatch member-swatch" aria-hidden="true"></span>
                {format!("{} ({member_count})", t.members_legend)}
            </div>
        }.into_any());
    }
    let (_, code) = state.selected.get()?;
    let max = shared.with(|counts| counts.as_ref().and_then(|c| c.values().copied().max()))?;
    Some(view! {
        <div class="legend" data-legend="shared">
            <p>{format!("{} {}", t.shared_legend, state.name_of(&code))}</p>
            {scale(1, max)}
        </div>
    }.into_any())
}
