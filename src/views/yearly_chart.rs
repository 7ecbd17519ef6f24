//! The national picture through time: the number of verbanden (bars) and memberships (in the
//! table) on 1 January of each year since 2016 and today, as a small SVG chart with the
//! same numbers as a table for screen readers and for reading exact values. The bar of the
//! peildatum's year is marked. Counted by `history::counts` over the whole dataset.

use crate::state::ViewerState;
use kaartviewer_core::history::counts::yearly_counts;
use kaartviewer_core::history::peildatum::{FIRST_YEAR, year_of};
use leptos::prelude::*;

const WIDTH: f64 = 280.0;
const HEIGHT: f64 = 110.0;
/// Room under the bars for the year labels.
const AXIS: f64 = 16.0;

#[component]
pub fn YearlyChart() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let counts = Memo::new(move |_| {
        state.history.with(|h| h.as_ref().map(|h| yearly_counts(&h.verbanden, FIRST_YEAR, state.today)).unwrap_or_default())
    });
    move || {
        let counts = counts.get();
        if counts.is_empty() {
            return None;
        }
        let t = state.texts();
        let max = counts.iter().map(|c| c.verbanden).max().unwrap_or(0).max(1) as f64;
        let slot = WIDTH / counts.len() as f64;
        let day = state.day();
        // The bar the map shows: the last count on or before the peildatum.
        let shown = counts.iter().rposition(|c| c.day <= day);
        let bars = counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let h = (HEIGHT - AXIS - 4.0) * c.verbanden as f64 / max;
                let x = i as f64 * slot;
                let label = if c.day.ends_with("-01-01") { format!("’{:02}", year_of(&c.day) % 100) } else { t.time_now_short.to_string() };
                view! {
                    <g data-day=c.day.clone() class:shown=shown == Some(i)>
                        <rect x=format!("{:.1}", x + slot * 0.15) y=format!("{:.1}", HEIGHT - AXIS - h)
                            width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}")/>
                        <text x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", HEIGHT - 4.0) text-anchor="middle">{label}</text>
                    </g>
                }
            })
            .collect_view();
        let rows = counts
            .iter()
            .map(|c| {
                view! {
                    <tr data-day=c.day.clone()>
                        <th scope="row">{c.day.clone()}</th>
                        <td class="n-verbanden">{c.verbanden}</td>
                        <td class="n-memberships">{c.memberships}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <details class="yearly-chart">
                <summary>{t.chart_heading}</summary>
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="yearly-chart-title" class="yearly-bars">
                    <title id="yearly-chart-title">{t.chart_caption}</title>
                    {bars}
                </svg>
                <table class="yearly-table">
                    <caption>{t.chart_caption}</caption>
                    <thead><tr><th scope="col">{t.col_date}</th><th scope="col">{t.col_verbanden}</th><th scope="col">{t.col_memberships}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        })
    }
}
