//! Fetching boundary data from the site's own origin.

use kaartviewer_core::boundary_layer::{BoundaryFeature, BoundaryIndex, parse_feature_collection};
use kaartviewer_core::dataset::PublishedDataset;

/// Where the prepared boundary files live, relative to the page (so the viewer also
/// works when a province hosts it under a sub-path).
pub const BOUNDARIES_DIR: &str = "data/boundaries/";

/// What went wrong while loading, naming the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError(pub String);

async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError(format!("{url}: {e}")))?;
    if !response.ok() {
        return Err(LoadError(format!("{url}: HTTP {} {}", response.status(), response.status_text())));
    }
    response.text().await.map_err(|e| LoadError(format!("{url}: {e}")))
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

/// The partnership dataset, built by `datatool build`.
pub async fn fetch_dataset() -> Result<PublishedDataset, LoadError> {
    let url = "data/verbanden.json";
    let text = fetch_text(url).await?;
    serde_json::from_str(&text).map_err(|e| LoadError(format!("{url}: {e}")))
}
