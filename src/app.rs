//! The page: loads the boundaries, holds the viewer state, lays out the views.

use crate::api::{self, LoadError};
use crate::i18n::Lang;
use crate::views::layer_controls::LayerControls;
use crate::map_data::{DrawnLayer, MapData};
use crate::views::map::MapView;
use crate::views::filter_controls::FilterControls;
use crate::views::region_panel::RegionPanel;
use crate::views::region_search::RegionSearch;
use crate::views::overlap_view::OverlapView;
use crate::views::region_table::RegionTable;
use crate::views::time_control::TimeControl;
use crate::state::{Status, ViewerState};
use crate::url_sync;
use crate::views::yearly_chart::YearlyChart;
use crate::editor::Editor;
use crate::views::verband_panel::{VerbandList, VerbandPanel};
use kaartviewer_core::analysis::MembershipIndex;
use kaartviewer_core::dataset::PublishedDataset;
use kaartviewer_core::insight::congruence::{configurations, configurations_per_region};
use kaartviewer_core::filter::Filter;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::url_state::View;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The layer fetched only once it is asked for (chosen, or one of its regions selected), so
/// it does not delay the first map: the water boards.
const ON_DEMAND: RegionKind = RegionKind::Waterschap;

/// Fetches the index and the coarsest level of every layer not loaded on demand, in parallel.
/// Only the gemeente layer is needed to show a map: another layer that fails is left out and
/// named in the second value (the finer-level loader fetches it again on Retry).
async fn load_initial() -> Result<(MapData, Option<String>), LoadError> {
    let index = api::fetch_index().await?;
    if index.layer(RegionKind::Gemeente).is_none() {
        return Err(LoadError("data/boundaries/boundaries.json: no gemeente layer listed".into()));
    }
    let jobs: Vec<_> = index
        .layers
        .iter()
        .filter(|layer| layer.kind != ON_DEMAND)
        .filter_map(|layer| layer.levels.first().map(|level| (layer.kind, level.clone())))
        .map(|(kind, level)| async move { (kind, level.name.clone(), api::fetch_layer(&level.file).await) })
        .collect();
    let mut layers = HashMap::new();
    let mut failed = Vec::new();
    for (kind, level, result) in futures::future::join_all(jobs).await {
        match result {
            Ok(features) => {
                layers.insert((kind, level.clone()), Arc::new(DrawnLayer::new(kind, &level, features)));
            }
            Err(error) if kind == RegionKind::Gemeente => return Err(error),
            Err(LoadError(message)) => failed.push(message),
        }
    }
    Ok((MapData::new(index, layers), (!failed.is_empty()).then(|| failed.join("; "))))
}

#[component]
pub fn App() -> impl IntoView {
    let query = window().location().search().unwrap_or_default();
    let data: RwSignal<Option<Arc<MapData>>> = RwSignal::new(None);
    let dataset: RwSignal<Option<Arc<PublishedDataset>>> = RwSignal::new(None);
    let filter = RwSignal::new(Filter::default());
    let verband: RwSignal<Option<String>> = RwSignal::new(None);
    let visible = Memo::new(move |_| {
        let filter = filter.get();
        dataset.with(|d| {
            let Some(d) = d else { return Vec::new() };
            data.with(|map| {
                let provincie_of = |code: &str| map.as_ref().and_then(|m| m.provincie_of.get(code).cloned());
                d.verbanden.iter().enumerate().filter(|(_, v)| filter.matches(v, &provincie_of)).map(|(i, _)| i).collect()
            })
        })
    });
    let configurations = Memo::new(move |_| {
        let indices = visible.get();
        Arc::new(dataset.with(|d| {
            d.as_ref().map(|d| configurations(&indices.iter().map(|&i| &d.verbanden[i]).collect::<Vec<_>>())).unwrap_or_default()
        }))
    });
    let state = ViewerState {
        lang: RwSignal::new(Lang::from_query(&query)),
        status: RwSignal::new(Status::Loading),
        data,
        active: RwSignal::new(RegionKind::Gemeente),
        show_provincie_borders: RwSignal::new(true),
        selected: RwSignal::new(None),
        viewport: RwSignal::new(None),
        drawn_view: RwSignal::new(None),
        detail_error: RwSignal::new(None),
        dataset,
        history: RwSignal::new(None),
        // Leaked once: the state is `Copy`, and today's date lives as long as the page.
        today: Box::leak(api::today().into_boxed_str()),
        peildatum: RwSignal::new(None),
        dataset_error: RwSignal::new(None),
        filter,
        view: RwSignal::new(View::Map),
        threshold: RwSignal::new(kaartviewer_core::url_state::DEFAULT_THRESHOLD),
        verband,
        verband_selector: StoredValue::new(Selector::new(move || verband.get())),
        visible,
        membership: Memo::new(move |_| {
            Arc::new(dataset.with(|d| d.as_ref().map(|d| MembershipIndex::new(&d.verbanden)).unwrap_or_default()))
        }),
        configurations,
        configurations_per_gemeente: Memo::new(move |_| {
            Arc::new(configurations.with(|c| configurations_per_region(c)).into_iter().filter(|(code, _)| code.starts_with("GM")).collect())
        }),
        embed: kaartviewer_core::url_state::UrlState::parse(&query).embed,
        pending_map: crate::url_sync::PendingMapPosition(RwSignal::new(None)),
        cursor: RwSignal::new(None),
    };
    provide_context(state);
    let editing = crate::state::EditingState::provide();
    url_sync::start(state, &query);
    if state.embed {
        crate::embed::start(state, &query);
    }

    let load = move || {
        state.status.set(Status::Loading);
        spawn_local(async move {
            match load_initial().await {
                Ok((data, failed_layers)) => {
                    state.detail_error.set(failed_layers);
                    state.data.set(Some(Arc::new(data)));
                    state.status.set(Status::Ready);
                }
                Err(LoadError(message)) => {
                    // No map to take over the pre-rendered one: show the error instead.
                    crate::prerendered::take_over();
                    state.status.set(Status::Failed(message));
                }
            }
        });
    };
    load();
    let load_dataset = move || {
        state.dataset_error.set(None);
        spawn_local(async move {
            // Downloaded alongside the boundaries, but parsed only once the first map is on
            // screen: parsing takes tens of milliseconds that the map should not wait for.
            let text = api::fetch_dataset_text().await;
            while state.status.get_untracked() == Status::Loading {
                api::after_next_paint().await;
            }
            api::after_next_paint().await;
            match text.and_then(|text| api::parse_dataset(&text)) {
                Ok(d) => state.history.set(Some(Arc::new(d))),
                Err(LoadError(message)) => state.dataset_error.set(Some(message)),
            }
        });
    };
    load_dataset();
    // The views follow the peildatum: the dataset is the whole history as of that day. The map
    // follows by its per-region diffs, so moving the date redraws only regions that changed.
    Effect::new(move |_| {
        let day = state.day();
        let Some(history) = state.history.get() else { return };
        let current = PublishedDataset {
            boundary_year: history.boundary_year,
            verbanden: kaartviewer_core::dataset::as_of(&history.verbanden, &day),
            waterschappen: history.waterschappen.clone(),
        };
        state.dataset.set(Some(Arc::new(current)));
        url_sync::drop_unknown_members(state);
    });
    load_finer_levels_when_zoomed(state);

    // A newly opened verband or region is read from the top.
    // (Not on the first run: setting scrollTop forces a layout the first map need not wait for.)
    Effect::new(move |first_run: Option<()>| {
        state.verband.track();
        state.selected.track();
        if first_run.is_none() {
            return;
        }
        // In the next frame, after this change's DOM updates, so layout runs once.
        let to_top = wasm_bindgen::closure::Closure::once_into_js(|| {
            if let Some(sidebar) = document().query_selector(".sidebar").ok().flatten() {
                sidebar.set_scroll_top(0);
            }
        });
        let _ = window().request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&to_top));
    });

    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document().set_title(lang.texts().title);
    });

    // What a screen reader hears, politely: the keyboard cursor, the selection, the count.
    let announcement = move || {
        let t = state.texts();
        let count = state.visible.with(Vec::len);
        if let Some((kind, code)) = state.cursor.get() {
            return format!("{} ({}), {}", state.name_of(&code), t.kind(kind), t.cursor_hint);
        }
        let verband = state.verband.get().and_then(|id| {
            state.history.with(|d| d.as_ref()?.verbanden.iter().find(|v| v.id == id).map(|v| v.name.clone()))
        });
        match (verband, state.selected.get()) {
            (Some(name), _) => format!("{name} {}", t.selected_word),
            (None, Some((_, code))) => format!("{} {}", state.name_of(&code), t.selected_word),
            (None, None) => format!("{count} {}", t.count_suffix),
        }
    };

    // The dataset names its members by the gemeente codes of one boundary year; if the map
    // shows another year, regions merged or split since then are missing or unmatched.
    let year_mismatch = move || {
        let data_year = state.dataset.with(|d| d.as_ref().map(|d| d.boundary_year))?;
        let map_year = state.data.with(|d| d.as_ref().and_then(|d| d.index.layer(RegionKind::Gemeente).map(|l| l.year)))?;
        (data_year != map_year).then_some((data_year, map_year))
    };

    view! {
        <div class="viewer" class:embed=state.embed>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" id="announcer">{announcement}</p>
            <header class="topbar">
                <h1>{move || state.texts().title}</h1>
                <button
                    class="lang-switch"
                    lang=move || state.lang.get().other().code()
                    aria-label=move || state.texts().switch_language_label
                    on:click=move |_| state.lang.update(|l| *l = l.other())
                >
                    {move || state.texts().switch_language}
                </button>
            </header>
            <main class="content">
                <aside class="sidebar">
                    <RegionSearch/>
                    <TimeControl/>
                    {move || state.dataset_error.get().map(|message| view! {
                        <div class="dataset-error" role="alert">
                            <p>{state.texts().dataset_failed}</p>
                            <p class="error-detail">{message}</p>
                            <button type="button" class="retry-dataset" on:click=move |_| load_dataset()>{state.texts().retry}</button>
                        </div>
                    })}
                    {move || year_mismatch().map(|(data_year, map_year)| view! {
                        <p class="notice-years" role="status" data-dataset-year=data_year data-boundary-year=map_year>
                            {state.texts().years_differ(data_year, map_year)}
                        </p>
                    })}
                    <div class="view-tabs" role="group" aria-label=move || state.texts().views_label>
                        <button type="button" data-view="kaart" aria-pressed=move || (state.view.get() == View::Map).to_string()
                            on:click=move |_| state.view.set(View::Map)>{move || state.texts().view_map}</button>
                        <button type="button" data-view="verbindingen" aria-pressed=move || (state.view.get() == View::Links).to_string()
                            on:click=move |_| state.view.set(View::Links)>{move || state.texts().view_links}</button>
                        <button type="button" data-view="verbanden" aria-pressed=move || (state.view.get() == View::Verbanden).to_string()
                            on:click=move |_| state.view.set(View::Verbanden)>{move || state.texts().view_list}</button>
                        <button type="button" data-view="tabel" aria-pressed=move || (state.view.get() == View::Table).to_string()
                            on:click=move |_| state.view.set(View::Table)>{move || state.texts().view_table}</button>
                        <button type="button" data-view="overlap" aria-pressed=move || (state.view.get() == View::Overlap).to_string()
                            on:click=move |_| state.view.set(View::Overlap)>{move || state.texts().view_overlap}</button>
                        // Only where the server can edit, and never in an embedded map.
                        {move || (editing.api.get() == Some(true) && !state.embed).then(|| view! {
                            <button type="button" data-view="bewerken" aria-pressed=move || (state.view.get() == View::Edit).to_string()
                                on:click=move |_| state.view.set(View::Edit)>{move || state.lang.get().editor().view_edit}</button>
                        })}
                    </div>
                    {move || (state.view.get() == View::Edit).then(|| view! { <Editor/> })}
                    // The editor takes the place of the viewer's panels (the map stays, for picking members).
                    <div class="viewer-panels" class:hidden-in-editor=move || state.view.get() == View::Edit>
                        <VerbandPanel/>
                        <RegionPanel/>
                        <FilterControls/>
                        <YearlyChart/>
                    </div>
                    {move || (state.view.get() == View::Verbanden).then(|| view! { <VerbandList/> })}
                    {move || (state.view.get() == View::Table).then(|| view! { <RegionTable/> })}
                    {move || (state.view.get() == View::Overlap).then(|| view! { <OverlapView/> })}
                    <LayerControls/>
                </aside>
                <div class="map-area">
                    {move || match state.status.get() {
                        Status::Loading => view! {
                            <div class="status" role="status" aria-live="polite" data-state="loading">
                                {state.texts().loading}
                            </div>
                        }.into_any(),
                        Status::Failed(message) => view! {
                            <div class="status status-error" role="alert" data-state="error">
                                <p><strong>{state.texts().load_failed}</strong></p>
                                <p class="error-detail">{message}</p>
                                <button class="retry" on:click=move |_| load()>{state.texts().retry}</button>
                            </div>
                        }.into_any(),
                        Status::Ready => view! { <MapView/> }.into_any(),
                    }}
                </div>
            </main>
        </div>
    }
}

/// When the zoom calls for a level of a layer that is not loaded yet (a finer one, or one
/// that failed at start-up), or a layer loaded on demand is asked for (chosen, or one of its
/// regions selected), fetch it; a failure is reported with a Retry (which clears
/// `detail_error` and so runs this again), and what did load stays on screen.
fn load_finer_levels_when_zoomed(state: ViewerState) {
    let requested = StoredValue::new(HashSet::<(RegionKind, String)>::new());
    // Once asked for, the on-demand layer stays wanted.
    let wanted = RwSignal::new(false);
    Effect::new(move |_| {
        let asked = state.active.get() == ON_DEMAND || state.selected.with(|s| s.as_ref().is_some_and(|(k, _)| *k == ON_DEMAND));
        if asked && !wanted.get_untracked() {
            wanted.set(true);
        }
    });
    Effect::new(move |_| {
        // While a failure is shown, wait for the Retry instead of trying on every map move.
        if state.detail_error.get().is_some() {
            return;
        }
        let Some(data) = state.data.get() else { return };
        let zoom = state.drawn_view.with(|v| v.map_or(1.0, |v| v.zoom()));
        let wanted = wanted.get();
        for layer in data.index.layers.iter().filter(|l| l.kind != ON_DEMAND || wanted) {
            let Some(level) = layer.level_for_zoom(zoom) else { continue };
            let key = (layer.kind, level.name.clone());
            if data.layers.contains_key(&key) || requested.with_value(|r| r.contains(&key)) {
                continue;
            }
            requested.update_value(|r| {
                r.insert(key.clone());
            });
            let file = level.file.clone();
            spawn_local(async move {
                match api::fetch_layer(&file).await {
                    Ok(features) => {
                        let drawn = Arc::new(DrawnLayer::new(key.0, &key.1, features));
                        state.data.update(|data| {
                            if let Some(data) = data {
                                let mut next = (**data).clone();
                                next.layers.insert(key, drawn);
                                *data = Arc::new(next);
                            }
                        });
                    }
                    Err(LoadError(message)) => {
                        // Not requested any more, so a Retry fetches it again.
                        requested.update_value(|r| {
                            r.remove(&key);
                        });
                        state.detail_error.set(Some(message));
                    }
                }
            });
        }
    });
}
