//! Fetching boundary data from the site's own origin.

use kaartviewer_core::boundary_layer::{BoundaryFeature, BoundaryIndex, parse_feature_collection};
use kaartviewer_core::dataset::PublishedDataset;
use wasm_bindgen::JsCast;

/// The editing platform's `/api/` calls (editor and correction requests).
pub mod editor;

/// Where the prepared boundary files live, relative to the page (so the viewer also
/// works when a province hosts it under a sub-path).
pub const BOUNDARIES_DIR: &str = "data/boundaries/";

/// What went wrong while loading, naming the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError(pub String);

/// How often a request is tried when it fails in a way that may pass (no connection, a
/// server error, 408 or 429), and the first wait; each further wait is three times longer.
const ATTEMPTS: u32 = 3;
const FIRST_BACKOFF_MS: i32 = 400;

/// GETs `url` as text, retrying with backoff what may be passing trouble.
async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let mut wait = FIRST_BACKOFF_MS;
    let mut attempt = 1;
    loop {
        match fetch_once(url).await {
            Ok(text) => return Ok(text),
            Err((message, true)) if attempt < ATTEMPTS => {
                leptos::logging::warn!("kaartviewer: {message}; trying again in {wait} ms");
                sleep(wait).await;
                wait *= 3;
                attempt += 1;
            }
            Err((message, passing)) if passing => return Err(LoadError(format!("{message} (tried {attempt} times)"))),
            Err((message, _)) => return Err(LoadError(message)),
        }
    }
}

/// One try; on failure the message and whether trying again may help.
async fn fetch_once(url: &str) -> Result<String, (String, bool)> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| (format!("{url}: {e}"), true))?;
    if !response.ok() {
        let status = response.status();
        let passing = status >= 500 || status == 408 || status == 429;
        return Err((format!("{url}: HTTP {status} {}", response.status_text()), passing));
    }
    response.text().await.map_err(|e| (format!("{url}: {e}"), true))
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Today's date in the browser's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

pub async fn fetch_index() -> Result<BoundaryIndex, LoadError> {
    let url = format!("{BOUNDARIES_DIR}boundaries.json");
    let text = fetch_text(&url).await?;
    serde_json::from_str(&text).map_err(|e| LoadError(format!("{url}: {e}")))
}

pub async fn fetch_layer(file: &str) -> Result<Vec<BoundaryFeature>, LoadError> {
    let url = format!("{BOUNDARIES_DIR}{file}");
    let text = fetch_text(&url).await?;
    parse_feature_collection(&text, &url).map_err(|e| LoadError(e.to_string()))
}

/// The sites allowed to embed the viewer and send it messages (`data/embedding.toml`, as built).
pub async fn fetch_embedding_hosts() -> Result<Vec<String>, LoadError> {
    #[derive(serde::Deserialize)]
    struct Embedding {
        hosts: Vec<String>,
    }
    let url = "data/embedding.json";
    let text = fetch_text(url).await?;
    serde_json::from_str::<Embedding>(&text).map(|e| e.hosts).map_err(|e| LoadError(format!("{url}: {e}")))
}

/// The partnership dataset, built by `datatool build`.
pub const DATASET_URL: &str = "data/verbanden.json";

/// Downloads the dataset without parsing it, so parsing can wait until the first map is drawn.
pub async fn fetch_dataset_text() -> Result<String, LoadError> {
    fetch_text(DATASET_URL).await
}

pub fn parse_dataset(text: &str) -> Result<PublishedDataset, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError(format!("{DATASET_URL}: {e}")))
}

/// Resolves after the next frame has been painted: a moment when work does not delay the
/// screen. Hidden pages and off-screen iframes get no frames, so 100 ms is the limit.
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = leptos::prelude::window();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 100);
        let later = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = leptos::prelude::window().set_timeout_with_callback(resolve.unchecked_ref());
        });
        let _ = window.request_animation_frame(later.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
