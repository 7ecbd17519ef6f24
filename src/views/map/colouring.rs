//! What the map colours: the members of the open verband (or of the record being edited),
//! the shading of a region's partners by what they share with it, the choropleths of the links
//! and overlap views, and the links between gemeenten. Memos, so every consumer (paths, legend,
//! links) reads the same values, computed once.

use crate::state::{EditingState, ViewerState};
use kaartviewer_core::url_state::View;
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The most links the links view draws at once.
const MAX_LINKS: usize = 400;

/// A link between two gemeenten: both anchors, the number of verbanden they share, both codes.
pub(super) type Link = (geo::Coord<f64>, geo::Coord<f64>, usize, String, String);

/// The map's colouring, shared by the region paths and the legend.
#[derive(Clone, Copy)]
pub(super) struct Colouring {
    /// Members highlighted on the map.
    pub(super) members: Memo<HashSet<String>>,
    /// Links and overlap views: a count per gemeente (while no verband is open).
    pub(super) gemeente_counts: Memo<Option<Vec<(String, usize)>>>,
    /// How many verbanden every other region shares with the selected one.
    pub(super) shared: Memo<Option<BTreeMap<String, usize>>>,
    /// Shade 1–5 per region.
    pub(super) shades: Memo<HashMap<String, u8>>,
    /// Links view: the strongest links (or all of the selected gemeente's).
    pub(super) links: Memo<Vec<Link>>,
}

impl Colouring {
    pub(super) fn new(state: ViewerState, editing: EditingState) -> Colouring {
        // Members of the selected verband are highlighted; without one, a selected region's
        // partners are shaded by how many (filtered) verbanden they share with it.
        let members = Memo::new(move |_| {
            // In the editor: the members of the record being edited.
            if state.view.get() == View::Edit && let Some(codes) = editing.member_codes() {
                return codes.into_iter().collect();
            }
            let Some(id) = state.verband.get() else { return std::collections::HashSet::new() };
            state.dataset.with(|d| {
                d.as_ref()
                    .and_then(|d| d.verbanden.iter().find(|v| v.id == id))
                    .map(|v| v.members.iter().map(|m| m.code.clone()).collect())
                    .unwrap_or_default()
            })
        });
        // Links and overlap views: a choropleth of a count per gemeente (while no verband is open):
        // how many verbanden it takes part in, or in how many distinct member configurations.
        let gemeente_counts = Memo::new(move |_| -> Option<Vec<(String, usize)>> {
            if state.verband.get().is_some() {
                return None;
            }
            match state.view.get() {
                View::Links => Some(
                    state.with_visible(kaartviewer_core::analysis::participation_counts).into_iter().filter(|(c, _)| c.starts_with("GM")).collect(),
                ),
                View::Overlap => Some(state.configurations_per_gemeente.with(|counts| counts.to_vec())),
                _ => None,
            }
        });
        let count_range = move || {
            gemeente_counts.with(|c| c.as_ref().map(|c| c.iter().fold((usize::MAX, 0), |(lo, hi), (_, n)| (lo.min(*n), hi.max(*n)))))
        };
        // How many verbanden every other region shares with the selected one (shading and legend).
        let shared = Memo::new(move |_| {
            let (_, code) = state.selected.get()?;
            Some(state.with_visible_of(&code, |mine| kaartviewer_core::analysis::shared_counts(mine, &code)))
        });
        let shades = Memo::new(move |_| {
            if state.verband.get().is_some() {
                return HashMap::new();
            }
            if let Some((min, max)) = count_range() {
                let span = max.saturating_sub(min).max(1) as f64;
                return gemeente_counts.with(|c| {
                    c.iter().flatten().map(|(code, n)| (code.clone(), (1.0 + 4.0 * (n - min) as f64 / span).round() as u8)).collect()
                });
            }
            shared.with(|counts| {
                let Some(counts) = counts else { return HashMap::new() };
                let max = counts.values().copied().max().unwrap_or(1).max(1) as f64;
                counts.iter().map(|(c, n)| (c.clone(), (1.0 + 4.0 * (*n as f64 - 1.0) / (max - 1.0).max(1.0)).round() as u8)).collect()
            })
        });
        // Links view: lines between gemeenten, as thick as the number of verbanden they share.
        // Only the strongest are drawn (or all of the selected gemeente's), so the map stays legible.
        let links = Memo::new(move |_| {
            if state.view.get() != View::Links {
                return Vec::new();
            }
            let selected = state.selected.get().map(|(_, code)| code);
            let anchors = state.data.with(|d| d.as_ref().map(|d| d.gemeente_anchors()).unwrap_or_default());
            let mut weighted: Vec<((String, String), usize)> = state.with_visible(|visible| {
                kaartviewer_core::analysis::link_weights(visible, &|c| c.starts_with("GM")).into_iter().collect()
            });
            if let Some(code) = &selected {
                weighted.retain(|((a, b), _)| a == code || b == code);
            }
            weighted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            weighted.truncate(MAX_LINKS);
            weighted
                .into_iter()
                .filter_map(|((a, b), weight)| Some((anchors.get(&a)?.to_owned(), anchors.get(&b)?.to_owned(), weight, a, b)))
                .collect::<Vec<_>>()
        });
        Colouring { members, gemeente_counts, shared, shades, links }
    }

    /// The lowest and highest count of the choropleth, when there is one.
    pub(super) fn count_range(self) -> Option<(usize, usize)> {
        self.gemeente_counts.with(|c| c.as_ref().map(|c| c.iter().fold((usize::MAX, 0), |(lo, hi), (_, n)| (lo.min(*n), hi.max(*n)))))
    }
}
