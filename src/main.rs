//! Kaartviewer samenwerkingsverbanden: the Leptos client-side app.
//!
//! A thin web layer over `kaartviewer-core`: `api` fetches, `map_data` turns boundary
//! files into drawable regions once, `state` holds what every view shares, `app` loads and
//! lays out the page, and each view lives in its own file under `views/`.

mod api;
mod app;
mod download;
mod editor;
mod embed;
mod i18n;
mod map_data;
mod map_export;
mod per_region;
mod prerendered;
mod state;
mod url_sync;
mod views;

fn main() {
    // The start-up script's failure message also logs the panic to the console.
    std::panic::set_hook(Box::new(|info| show_failure(&format!("Interne fout / Internal error: {info}"))));
    leptos::mount::mount_to_body(app::App);
}

/// Replaces the page with the start-up script's failure message and Retry button
/// (`window.kaartviewerFailure`, see `assets/start.js`), which also logs it to the console:
/// after a panic the app is dead, so a message in the console alone would leave a page that
/// no longer answers.
fn show_failure(message: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    if let Ok(show) = js_sys::Reflect::get(&window, &"kaartviewerFailure".into())
        && let Some(show) = show.dyn_ref::<js_sys::Function>()
    {
        let _ = show.call1(&wasm_bindgen::JsValue::NULL, &message.into());
    }
}
