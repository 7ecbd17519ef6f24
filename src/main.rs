//! Kaartviewer samenwerkingsverbanden: the Leptos client-side app.
//!
//! A thin web layer over `kaartviewer-core`: `api` fetches, `map_data` turns boundary
//! files into drawable regions once, and each view lives in its own module.

mod api;
mod app;
mod download;
mod embed;
mod filter_controls;
mod i18n;
mod layer_controls;
mod map_data;
mod map_export;
mod map_view;
mod overlap_view;
mod per_region;
mod region_panel;
mod region_search;
mod region_table;
mod url_sync;
mod verband_panel;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
