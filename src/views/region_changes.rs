//! "What changed" for a region: the verbanden it joined and left between the peildatum and
//! today (or, when the map shows today, since 1 January 2016). The list is computed by
//! `history::changes` from the same dates as the map, with the dates of each change.

use crate::state::ViewerState;
use crate::views::verband_panel::verband_link;
use kaartviewer_core::dataset::Verband;
use kaartviewer_core::history::changes::{change_date, region_changes};
use kaartviewer_core::history::peildatum::FIRST_DAY;
use leptos::prelude::*;

/// The section for region `code`, following the peildatum.
pub fn changes_view(state: ViewerState, code: String) -> impl IntoView {
    move || {
        let day = state.day();
        let (from, to) = if state.in_the_past() { (day, state.today.to_string()) } else { (FIRST_DAY.to_string(), day) };
        let t = state.texts();
        state.history.with(|history| {
            let history = history.as_ref()?;
            let changes = region_changes(&history.verbanden, &code, &from, &to);
            let list = |verbanden: &[&Verband], joined: bool, class: &'static str| {
                let items = verbanden
                    .iter()
                    .map(|v| {
                        let date = change_date(v, &code, joined).map(|d| format!(" ({d})")).unwrap_or_default();
                        view! { <li>{verband_link(state, v)}{date}</li> }
                    })
                    .collect_view();
                view! { <ul class=class data-count=verbanden.len()>{items}</ul> }
            };
            Some(view! {
                <section class="region-changes" aria-labelledby="region-changes-title" data-from=from.clone() data-to=to.clone()>
                    <h3 id="region-changes-title">{format!("{} {} {from} {} {to}", t.changes_heading, t.changes_from, t.changes_to)}</h3>
                    {changes.is_empty().then(|| view! { <p>{t.no_changes}</p> })}
                    {(!changes.joined.is_empty()).then(|| view! {
                        <h4>{t.changes_joined}" ("{changes.joined.len()}")"</h4>
                        {list(&changes.joined, true, "changes-joined")}
                    })}
                    {(!changes.left.is_empty()).then(|| view! {
                        <h4>{t.changes_left}" ("{changes.left.len()}")"</h4>
                        {list(&changes.left, false, "changes-left")}
                    })}
                </section>
            })
        })
    }
}
