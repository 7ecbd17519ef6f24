//! The region layers at the level of detail of the current zoom.

use crate::map_data::DrawnLayer;
use crate::state::ViewerState;
use kaartviewer_core::region::RegionKind;
use leptos::prelude::*;
use std::sync::Arc;

/// A loaded layer compared by identity: a new level of detail is a new layer, and the
/// paths are only rebuilt then, not on every pan or zoom.
#[derive(Clone)]
pub(super) struct LayerRef(pub(super) Arc<DrawnLayer>);

impl PartialEq for LayerRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The level of detail of `kind` for the zoom the map is drawn at (`drawn_view`: not in the
/// middle of a gesture); notifies only when it changes.
pub(super) fn layer_memo(state: ViewerState, kind: RegionKind) -> Memo<Option<LayerRef>> {
    Memo::new(move |_| {
        let zoom = state.drawn_view.with(|v| v.map_or(1.0, |v| v.zoom()));
        state.data.with(|d| d.as_ref().and_then(|d| d.layer_for_zoom(kind, zoom))).map(LayerRef)
    })
}
