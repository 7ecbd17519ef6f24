//! The table view: every region of the active layer with its number of verbanden and,
//! once a region is selected, the number it shares with it. The map's colours as numbers.

use crate::state::ViewerState;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::region_table::{region_rows, sort_rows, to_csv, RegionEntry, RegionRow, SortColumn};
use leptos::prelude::*;

#[component]
pub fn RegionTable() -> impl IntoView {
    let state = expect_context::<ViewerState>();
    let sort = RwSignal::new((SortColumn::Verbanden, true));

    let rows = Memo::new(move |_| {
        let kind = state.active.get();
        let focus = state.filter.with(|f| f.provincie.clone());
        let selected = state.selected.get().filter(|(k, _)| *k == kind).map(|(_, code)| code);
        let (column, descending) = sort.get();
        let Some(layer) = state.data.with(|d| d.as_ref().and_then(|d| d.layer_for_zoom(kind, 1.0))) else { return Vec::new() };
        // Twelve provincie names, looked up once rather than once per row.
        let mut names = std::collections::HashMap::new();
        let provincie_names: Vec<Option<String>> = layer
            .regions
            .iter()
            .map(|r| r.feature.provincie.as_deref().map(|p| names.entry(p).or_insert_with(|| state.name_of(p)).clone()))
            .collect();
        let entries: Vec<RegionEntry> = layer
            .regions
            .iter()
            .zip(&provincie_names)
            .filter(|(r, _)| match (&focus, kind) {
                (Some(p), RegionKind::Gemeente) => r.feature.provincie.as_ref() == Some(p),
                _ => true,
            })
            .map(|(r, p)| RegionEntry { code: &r.feature.code, name: &r.feature.name, provincie: p.as_deref() })
            .collect();
        let mut rows = state.with_visible(|visible| region_rows(&entries, visible, selected.as_deref()));
        sort_rows(&mut rows, column, descending);
        // Each row knows whether the table has the "shared with" column.
        rows.into_iter().map(|row| (row, selected.is_some())).collect::<Vec<_>>()
    });
    let selected_name = move || state.selected.get().filter(|(k, _)| *k == state.active.get()).map(|(_, c)| state.name_of(&c));

    // A column header that sorts: numbers largest first, text A–Z; a second press reverses.
    let header = move |column: SortColumn, label: Signal<String>| {
        let aria_sort = move || {
            let (current, descending) = sort.get();
            match (current == column, descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            }
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button type="button" class="sort" data-column=format!("{column:?}").to_lowercase()
                    on:click=move |_| sort.update(|(current, descending)| {
                        if *current == column {
                            *descending = !*descending;
                        } else {
                            *current = column;
                            *descending = matches!(column, SortColumn::Verbanden | SortColumn::Shared);
                        }
                    })>
                    {label}
                </button>
            </th>
        }
    };

    let row_view = move |(row, with_shared): (RegionRow, bool)| {
        let kind = state.active.get_untracked();
        let code = row.code.clone();
        let is_selected = {
            let code = code.clone();
            move || state.selected.get().is_some_and(|(k, c)| k == kind && c == code)
        };
        view! {
            <tr data-code=row.code.clone() aria-current=move || is_selected().then_some("true")>
                <th scope="row">
                    <button type="button" class="region-link" on:click=move |_| state.selected.set(Some((kind, code.clone())))>
                        {row.name.clone()}
                    </button>
                </th>
                <td>{row.provincie.clone().unwrap_or_default()}</td>
                <td class="number" data-column="verbanden">{row.verbanden}</td>
                {with_shared.then(|| view! {
                    <td class="number" data-column="shared">{row.shared.map_or_else(|| "–".to_string(), |n| n.to_string())}</td>
                })}
            </tr>
        }
    };

    let download = move |_| {
        let t = state.texts();
        let shared = format!("{} {}", t.shared_with, selected_name().unwrap_or_default());
        let csv = rows.with_untracked(|rows| {
            let rows: Vec<RegionRow> = rows.iter().map(|(row, _)| row.clone()).collect();
            to_csv(&rows, [t.code, t.name, t.provincie, t.verbanden_column, &shared])
        });
        crate::download::offer_text("gebieden.csv", "text/csv;charset=utf-8", &csv);
    };

    view! {
        <section class="region-table" aria-labelledby="region-table-title">
            <h2 id="region-table-title">{move || state.texts().layer_name(state.active.get())}</h2>
            <div class="table-scroll">
                <table>
                    <caption>{move || state.texts().table_caption}</caption>
                    <thead>
                        <tr>
                            {header(SortColumn::Name, Signal::derive(move || state.texts().name.to_string()))}
                            {header(SortColumn::Provincie, Signal::derive(move || state.texts().provincie.to_string()))}
                            {header(SortColumn::Verbanden, Signal::derive(move || state.texts().verbanden_column.to_string()))}
                            {move || selected_name().map(|name| header(
                                SortColumn::Shared,
                                Signal::derive(move || format!("{} {}", state.texts().shared_with, name)),
                            ))}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.clone() children=row_view/>
                    </tbody>
                </table>
            </div>
            <div class="list-actions">
                <button type="button" class="download-table" on:click=download>{move || state.texts().download_table}</button>
                <button type="button" class="print" on:click=move |_| { let _ = window().print(); }>{move || state.texts().print}</button>
            </div>
        </section>
    }
}
