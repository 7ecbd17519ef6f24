//! One file per view: each is a component (or a few small ones) that reads and sets the
//! shared [`crate::state::ViewerState`].

pub mod correction_request;
pub mod filter_controls;
pub mod layer_controls;
pub mod map;
pub mod overlap_view;
pub mod region_changes;
pub mod region_panel;
pub mod region_search;
pub mod region_table;
pub mod time_control;
pub mod verband_panel;
pub mod verband_timeline;
pub mod yearly_chart;
