//! The state every view shares: signals for the map, the selection, the filters and the
//! dataset, provided as context by the page (`app`). Views read and set it here, so no view
//! depends on the page that lays them out.

use crate::i18n::Lang;
use crate::map_data::MapData;
use kaartviewer_core::analysis::MembershipIndex;
use kaartviewer_core::dataset::{PublishedDataset, Verband};
use kaartviewer_core::filter::Filter;
use kaartviewer_core::insight::congruence::Configuration;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::url_state::View;
use kaartviewer_core::viewport::Viewport;
use leptos::prelude::*;
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
    /// The view the map is drawn for: `viewport` itself, except during a drag, pinch or wheel
    /// gesture, when the drawn map is moved by a transform and this stays until the gesture
    /// ends. The level of detail follows it, so a finer level is fetched and swapped in when
    /// the map comes to rest, never in the middle of a gesture (a frame of a few dozen ms).
    pub drawn_view: RwSignal<Option<Viewport>>,
    /// A finer level of detail failed to load (the map keeps working with the coarse one).
    pub detail_error: RwSignal<Option<String>>,
    /// The partnership dataset as it stood on the peildatum (default today), once loaded:
    /// verbanden that had ended or not yet started are left out, and so are members that had
    /// left or not yet joined. Every view works from this.
    pub dataset: RwSignal<Option<Arc<PublishedDataset>>>,
    /// The whole published dataset, ended verbanden and memberships included: for opening a
    /// verband that ended (it shows as ended) and a verband's former members.
    pub history: RwSignal<Option<Arc<PublishedDataset>>>,
    /// Today, `YYYY-MM-DD`.
    pub today: &'static str,
    /// The day the views are set to (`peildatum`, `YYYY-MM-DD`); `None` is today.
    pub peildatum: RwSignal<Option<String>>,
    /// Why the dataset did not load; the map works without it.
    pub dataset_error: RwSignal<Option<String>>,
    pub filter: RwSignal<Filter>,
    pub view: RwSignal<View>,
    /// Overlap view: the lowest Jaccard index listed, in percent.
    pub threshold: RwSignal<u8>,
    /// The selected verband's id.
    pub verband: RwSignal<Option<String>>,
    /// Whether a given verband is the selected one, notifying only the two links whose
    /// answer changes (lists can hold thousands).
    pub verband_selector: StoredValue<Selector<Option<String>>>,
    /// Indices into the dataset of the verbanden that pass the filters.
    pub visible: Memo<Vec<usize>>,
    /// Which verbanden each region is in, built once per dataset.
    pub membership: Memo<Arc<MembershipIndex>>,
    /// The distinct member configurations of the filtered verbanden (indices into the filtered
    /// list): computed once the overlap view asks, and shared by its tables and the map.
    pub configurations: Memo<Arc<Vec<Configuration>>>,
    /// Every gemeente in those configurations with how many it is in, counted once for the
    /// overlap view's table and the map's choropleth.
    pub configurations_per_gemeente: Memo<Arc<Vec<(String, usize)>>>,
    /// Compact chrome for an iframe (`embed=1`): wheel zoom needs Ctrl/⌘, touch pans with two fingers.
    pub embed: bool,
    /// The region the keyboard is on (arrow keys move it, Enter selects it).
    pub cursor: RwSignal<Option<(RegionKind, String)>>,
    /// A map position from the URL or a host message, applied once the map has its size.
    pub pending_map: crate::url_sync::PendingMapPosition,
}

impl ViewerState {
    pub fn texts(&self) -> &'static crate::i18n::Texts {
        self.lang.get().texts()
    }

    /// The day the views show (`YYYY-MM-DD`): the peildatum, never after today.
    pub fn day(&self) -> String {
        self.peildatum.with(|p| kaartviewer_core::history::peildatum::clamp(p.as_deref(), self.today))
    }

    /// Whether the views show an earlier day than today.
    pub fn in_the_past(&self) -> bool {
        self.day().as_str() < self.today
    }

    /// Calls `f` with the verbanden that pass the filters.
    pub fn with_visible<R>(&self, f: impl FnOnce(&[&Verband]) -> R) -> R {
        let indices = self.visible.get();
        self.dataset.with(|d| match d {
            Some(d) => f(&indices.iter().map(|&i| &d.verbanden[i]).collect::<Vec<_>>()),
            None => f(&[]),
        })
    }

    /// Calls `f` with the verbanden that pass the filters and have `code` as a member.
    pub fn with_visible_of<R>(&self, code: &str, f: impl FnOnce(&[&Verband]) -> R) -> R {
        let indices = self.membership.with(|m| self.visible.with(|visible| m.of(code, visible)));
        self.dataset.with(|d| match d {
            Some(d) => f(&indices.iter().map(|&i| &d.verbanden[i]).collect::<Vec<_>>()),
            None => f(&[]),
        })
    }

    /// The display name of any region code (gemeente, provincie, waterschap).
    pub fn name_of(&self, code: &str) -> String {
        let from_map = self.data.with_untracked(|d| d.as_ref().and_then(|d| d.name_of(code)));
        from_map
            .or_else(|| {
                self.dataset.with_untracked(|d| {
                    d.as_ref().and_then(|d| d.waterschappen.iter().find(|w| w.code == code).map(|w| w.name.clone()))
                })
            })
            .unwrap_or_else(|| code.to_string())
    }
}

/// What the editor shares with the rest of the page (provided as its own context, so the map
/// can read it without knowing the editor): whether this deployment can edit at all, and the
/// verband being edited, whose members the map highlights and, while `picking`, adds and
/// removes on a click instead of selecting the region.
#[derive(Clone, Copy)]
pub struct EditingState {
    /// Whether the server has the editing API (`GET /api/status`); `None` while asking. A
    /// static deployment of `dist/` has none: editing and correction requests are then hidden.
    pub api: RwSignal<Option<bool>>,
    /// The record as the editor's form holds it now (unsaved), while one is open.
    pub draft: RwSignal<Option<Verband>>,
    /// Whether a map click adds or removes a member of the draft.
    pub picking: RwSignal<bool>,
}

impl EditingState {
    /// Provides the context and asks the server once whether it can edit.
    pub fn provide() -> EditingState {
        let editing = EditingState { api: RwSignal::new(None), draft: RwSignal::new(None), picking: RwSignal::new(false) };
        provide_context(editing);
        leptos::task::spawn_local(async move {
            editing.api.set(Some(crate::api::editor::status().await));
        });
        editing
    }

    /// Whether the map's clicks go to the member picker now.
    pub fn picking_now(&self) -> bool {
        self.picking.get_untracked() && self.draft.with_untracked(Option::is_some)
    }

    /// Adds `code` to the draft's members, or removes it if it is there (the map's click
    /// while picking). A member removed this way is gone from the record; ending a membership
    /// that really existed is the form's "end this membership".
    pub fn toggle_member(&self, code: &str) {
        self.draft.update(|draft| {
            let Some(draft) = draft else { return };
            match draft.members.iter().position(|m| m.code == code) {
                Some(i) => {
                    draft.members.remove(i);
                }
                None => draft.members.push(kaartviewer_core::dataset::Member { code: code.to_string(), ..Default::default() }),
            }
        });
    }

    /// The draft's member codes (highlighted on the map while editing).
    pub fn member_codes(&self) -> Option<Vec<String>> {
        self.draft.with(|d| d.as_ref().map(|d| d.members.iter().map(|m| m.code.clone()).collect()))
    }
}
