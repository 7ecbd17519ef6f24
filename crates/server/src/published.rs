//! The public dataset (`data/verbanden.json` relative to the page), generated from storage and
//! regenerated after every save, so an accepted change is on the map within seconds.
//!
//! It is the build's bundle ([`ServerBasis`]: register and division records) with the stored
//! curated records laid over it by the same `kaartviewer_core::publish::overlay` as
//! `datatool build`, editor notes removed, serialised as the build serialises it: with no edits
//! it is byte for byte the built `verbanden.json`. It is held in memory as JSON, brotli and
//! gzip, with an ETag, and sent with `Cache-Control: no-cache` so browsers revalidate.

use crate::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kaartviewer_core::dataset::{PublishedDataset, Verband};
use kaartviewer_core::publish::{ServerBasis, overlay, without_editor_notes};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// Brotli quality for the regenerated dataset: 5 compresses ~1 MB in tens of milliseconds,
/// within a few percent of the best, so a save is not held up.
const BROTLI_QUALITY: u32 = 5;

/// The dataset in the encodings it is sent in.
pub struct Snapshot {
    pub json: Bytes,
    pub brotli: Bytes,
    pub gzip: Bytes,
    /// Quoted, as sent (`"…"`).
    pub etag: String,
}

/// The build's bundle and the dataset as last generated from storage.
pub struct Published {
    pub basis: ServerBasis,
    /// Basis record id → its index in `basis.verbanden`.
    index: HashMap<String, usize>,
    current: RwLock<Arc<Snapshot>>,
}

/// Reads the build's bundle, with a message saying how to make it when it is missing.
pub fn load_basis(path: &Path) -> Result<ServerBasis, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!("{}: cannot read the server bundle ({e}); build it with `cargo run --release -p datatool -- build`", path.display())
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a server bundle of this version: {e}; build it again with datatool", path.display()))
}

/// The public dataset's JSON: the basis with `curated` laid over it, notes removed.
pub fn dataset_json(basis: &ServerBasis, curated: &[Verband]) -> Vec<u8> {
    let (verbanden, _) = overlay(basis.verbanden.clone(), curated);
    let dataset = PublishedDataset {
        boundary_year: basis.boundary_year,
        verbanden: without_editor_notes(verbanden),
        waterschappen: basis.waterschappen.clone(),
    };
    serde_json::to_vec(&dataset).expect("the dataset serialises")
}

fn snapshot(json: Vec<u8>) -> Snapshot {
    let mut brotli = Vec::with_capacity(json.len() / 6);
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 64 * 1024, BROTLI_QUALITY, 22);
        writer.write_all(&json).expect("writing to memory");
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::with_capacity(json.len() / 5), flate2::Compression::new(6));
    gzip.write_all(&json).expect("writing to memory");
    let gzip = gzip.finish().expect("writing to memory");
    let digest = Sha256::digest(&json);
    let etag = format!("\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
    Snapshot { json: json.into(), brotli: brotli.into(), gzip: gzip.into(), etag }
}

impl Published {
    /// The published dataset for `basis` with `curated` laid over it.
    pub fn new(basis: ServerBasis, curated: &[Verband]) -> Published {
        let index = basis.verbanden.iter().enumerate().map(|(i, v)| (v.id.clone(), i)).collect();
        let current = RwLock::new(Arc::new(snapshot(dataset_json(&basis, curated))));
        Published { basis, index, current }
    }

    /// Regenerates the dataset (after a save; the caller holds the store, so saves cannot
    /// publish out of order).
    pub fn regenerate(&self, curated: &[Verband]) {
        let next = Arc::new(snapshot(dataset_json(&self.basis, curated)));
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = next;
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The register or division record with this id (as the build made it).
    pub fn basis_record(&self, id: &str) -> Option<&Verband> {
        self.index.get(id).map(|&i| &self.basis.verbanden[i])
    }
}

/// Which encoding to send: brotli, gzip or none, by the request's `Accept-Encoding`
/// (an encoding with `q=0` is refused).
fn chosen_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted: Vec<(String, bool)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
            (name, !refused)
        })
        .collect();
    let accepts = |name: &str| accepted.iter().any(|(n, ok)| n == name && *ok);
    if accepts("br") {
        Some("br")
    } else if accepts("gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// Whether `If-None-Match` names this ETag (or is `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

async fn dataset(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let snapshot = state.published.current();
    let mut response_headers = HeaderMap::new();
    let etag = HeaderValue::from_str(&snapshot.etag).expect("hex ETag");
    response_headers.insert(header::ETAG, etag);
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if not_modified(&headers, &snapshot.etag) {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let body = match chosen_encoding(&headers) {
        Some(encoding) => {
            response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            if encoding == "br" { snapshot.brotli.clone() } else { snapshot.gzip.clone() }
        }
        None => snapshot.json.clone(),
    };
    (StatusCode::OK, response_headers, body).into_response()
}

pub fn router() -> Router<AppState> {
    Router::new().route("/data/verbanden.json", get(dataset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        h
    }

    #[test]
    fn the_encoding_follows_accept_encoding() {
        assert_eq!(chosen_encoding(&headers("gzip, deflate, br")), Some("br"));
        assert_eq!(chosen_encoding(&headers("br;q=0, gzip")), Some("gzip"));
        assert_eq!(chosen_encoding(&headers("identity")), None);
        assert_eq!(chosen_encoding(&HeaderMap::new()), None);
    }
}
