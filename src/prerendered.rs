//! Taking over the map pre-rendered into `index.html` (`datatool prerender`).
//!
//! The page arrives with the national map already drawn, so a visitor sees it before the
//! wasm and the boundary files are in; a click on it is answered by the start-up script
//! (`assets/start.js`). While that page is there the app lays itself out hidden underneath
//! (see `#prerendered ~ .viewer` in the stylesheet). When the app's own map has its size, it
//! removes the pre-rendered page in the same task as it sets its view, before the next frame
//! is painted, and keeps the gemeente chosen on it selected. When the app cannot show a map
//! (loading failed), the page is removed too, so the error is visible.

/// Removes the pre-rendered page, if it is still there, and returns the code of the gemeente
/// selected on it.
pub fn take_over() -> Option<String> {
    let element = web_sys::window()?.document()?.get_element_by_id("prerendered")?;
    let selected = element
        .query_selector("path[data-kind=gemeente][aria-selected=true]")
        .ok()
        .flatten()
        .and_then(|path| path.get_attribute("data-code"));
    element.remove();
    selected
}
