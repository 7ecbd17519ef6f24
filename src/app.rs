//! The page: loads the boundaries, holds the viewer state, lays out the views.

use crate::api::{self, LoadError};
use crate::i18n::Lang;
use crate::layer_controls::LayerControls;
use crate::map_data::{DrawnLayer, MapData};
use crate::map_view::MapView;
use crate::region_panel::RegionPanel;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::viewport::Viewport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where loading stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Loading,
    Failed(String),
    Ready,
}

/// The state every view shares (all `Copy` signals, provided as context).
#[derive(Clone, Copy)]
pub struct ViewerState {
    pub lang: RwSignal<Lang>,
    pub status: RwSignal<Status>,
    pub data: RwSignal<Option<Arc<MapData>>>,
    /// The layer whose regions are filled and can be selected.
    pub active: RwSignal<RegionKind>,
    pub show_provincie_borders: RwSignal<bool>,
    pub selected: RwSignal<Option<(RegionKind, String)>>,
    pub viewport: RwSignal<Option<Viewport>>,
    /// A finer level of detail failed to load (the map keeps working with the coarse one).
    pub detail_error: RwSignal<Option<String>>,
}

impl ViewerState {
    pub fn texts(&self) -> &'static crate::i18n::Texts {
        self.lang.get().texts()
    }
}

/// Fetches the index and the coarsest level of every layer, in parallel.
async fn load_initial() -> Result<MapData, LoadError> {
    let index = api::fetch_index().await?;
    if index.layer(RegionKind::Gemeente).is_none() {
        return Err(LoadError("data/boundaries/boundaries.json: no gemeente layer listed".into()));
    }
    let jobs: Vec<_> = index
        .layers
        .iter()
        .filter_map(|layer| layer.levels.first().map(|level| (layer.kind, level.clone())))
        .map(|(kind, level)| async move { (kind, level.name.clone(), api::fetch_layer(&level.file).await) })
        .collect();
    let mut layers = HashMap::new();
    for (kind, level, result) in futures::future::join_all(jobs).await {
        let drawn = DrawnLayer::new(kind, &level, result?);
        layers.insert((kind, level), Arc::new(drawn));
    }
    Ok(MapData { index, layers })
}

#[component]
pub fn App() -> impl IntoView {
    let query = window().location().search().unwrap_or_default();
    let state = ViewerState {
        lang: RwSignal::new(Lang::from_query(&query)),
        status: RwSignal::new(Status::Loading),
        data: RwSignal::new(None),
        active: RwSignal::new(RegionKind::Gemeente),
        show_provincie_borders: RwSignal::new(true),
        selected: RwSignal::new(None),
        viewport: RwSignal::new(None),
        detail_error: RwSignal::new(None),
    };
    provide_context(state);

    let load = move || {
        state.status.set(Status::Loading);
        spawn_local(async move {
            match load_initial().await {
                Ok(data) => {
                    state.data.set(Some(Arc::new(data)));
                    state.status.set(Status::Ready);
                }
                Err(LoadError(message)) => state.status.set(Status::Failed(message)),
            }
        });
    };
    load();
    load_finer_levels_when_zoomed(state);

    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document().set_title(lang.texts().title);
    });

    view! {
        <div class="viewer">
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
                    <LayerControls/>
                    <RegionPanel/>
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

/// When the zoom calls for a finer level of a visible layer that is not loaded yet,
/// fetch it once; a failure is reported but the coarse level stays on screen.
fn load_finer_levels_when_zoomed(state: ViewerState) {
    let requested = StoredValue::new(HashSet::<(RegionKind, String)>::new());
    Effect::new(move |_| {
        let Some(data) = state.data.get() else { return };
        let zoom = state.viewport.with(|v| v.map_or(1.0, |v| v.zoom()));
        for layer in &data.index.layers {
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
                    Err(LoadError(message)) => state.detail_error.set(Some(message)),
                }
            });
        }
    });
}
