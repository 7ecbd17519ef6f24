//! "What changed" for a region: the verbanden it joined and left between the peildatum and
//! today (or, when the map shows today, since 1 January 2016). The list is computed by
//! `history::changes` from the same dates as the map, with the dates of each change.

use crate::state::ViewerState;
use crate::views::verband_panel::{open_clicked_verband, push_verband_button};
use kaartviewer_core::markup::escape;
use std::fmt::Write;
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
            // One string of markup per list (see `push_verband_button`).
            let list = |verbanden: &[&Verband], joined: bool, class: &'static str| {
                let mut items = String::new();
                for v in verbanden {
                    items.push_str("<li>");
                    push_verband_button(&mut items, v);
                    if let Some(date) = change_date(v, &code, joined) {
                        let _ = write!(items, " ({})", escape(&date));
                    }
                    items.push_str("</li>");
                }
                view! { <ul class=class data-count=verbanden.len() inner_html=items></ul> }
            };
            Some(view! {
                <section class="region-changes" aria-labelledby="region-changes-title" on:click=open_clicked_verband(state) data-from=from.clone() data-to=to.clone()>
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
