//! The built site (`dist/`): precompressed copies, caching, and no way out of the root.
//!
//! - Only `GET` and `HEAD` (anything else: 405 with `Allow`).
//! - No dotfiles, no `..`, and nothing whose real path (symlinks resolved) lies outside the
//!   root: a symlink to `/` in `dist/` serves nothing. Symlinks within the root still work.
//! - The `.br` / `.gz` copy the build wrote is sent when the browser accepts it, but never a
//!   copy older than its original (it may hold an earlier build).
//! - Trunk's hashed asset names (`name-<16 hex>.ext`) never change content: cached for a year,
//!   `immutable`. Everything else (the page, `data/`) is `no-cache`: revalidated each time
//!   with its `ETag` / `Last-Modified`, answered with 304 when unchanged.
//! - A page gets the viewer's Content-Security-Policy computed from that page (its inline
//!   scripts' hashes), cached until the page changes.

use crate::config::Config;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// Files up to this size are read whole; larger ones are streamed.
const READ_WHOLE: u64 = 256 * 1024;
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The site being served.
pub struct Site {
    /// The root with every symlink resolved: what every served file's real path starts with.
    root: PathBuf,
    frame_ancestors: String,
    /// The policy of each page served, by path, with the modification time and size it was
    /// computed for.
    policies: Mutex<HashMap<PathBuf, (SystemTime, u64, HeaderValue)>>,
}

impl Site {
    pub fn new(config: &Config) -> Arc<Site> {
        Arc::new(Site {
            root: fs::canonicalize(&config.dist).unwrap_or_else(|_| config.dist.clone()),
            frame_ancestors: config.frame_ancestors.clone(),
            policies: Mutex::new(HashMap::new()),
        })
    }

    /// The Content-Security-Policy for the page at `path` (real path, inside the root).
    fn policy(&self, path: &Path, modified: SystemTime, len: u64) -> HeaderValue {
        let mut policies = self.policies.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((m, l, value)) = policies.get(path)
            && *m == modified
            && *l == len
        {
            return value.clone();
        }
        let html = fs::read_to_string(path).unwrap_or_default();
        let value = HeaderValue::from_str(&kaartviewer_core::csp::policy(&html, &self.frame_ancestors))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
        policies.insert(path.to_path_buf(), (modified, len, value.clone()));
        value
    }
}

/// Serves the site for every path no other route takes.
pub fn router<S: Clone + Send + Sync + 'static>(site: Arc<Site>) -> Router<S> {
    Router::new().fallback(move |request: Request| {
        let site = site.clone();
        async move { respond(site, request).await }
    })
}

async fn respond(site: Arc<Site>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "Methode niet toegestaan / Method not allowed").into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let head = request.method() == Method::HEAD;
    let uri = request.uri().clone();
    let headers = request.headers().clone();
    let Some(relative) = relative_path(uri.path()) else { return not_found() };
    let trailing_slash = uri.path().ends_with('/');
    let found = tokio::task::spawn_blocking(move || find(&site, &relative, trailing_slash, &headers)).await;
    let found = match found {
        Ok(found) => found,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "Interne fout / Internal error").into_response(),
    };
    match found {
        Found::Nothing => not_found(),
        Found::Directory => {
            // `/kaartviewer` → `/kaartviewer/`, so that the page's relative addresses resolve.
            let location = match uri.query() {
                Some(query) => format!("{}/?{query}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            match HeaderValue::from_str(&location) {
                Ok(location) => {
                    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
                    response.headers_mut().insert(header::LOCATION, location);
                    response
                }
                Err(_) => not_found(),
            }
        }
        Found::Unreadable => (StatusCode::INTERNAL_SERVER_ERROR, "Niet leesbaar / Unreadable").into_response(),
        Found::File { headers, body, not_modified } => {
            let status = if not_modified { StatusCode::NOT_MODIFIED } else { StatusCode::OK };
            let body = match body {
                _ if head || not_modified => Body::empty(),
                FileBody::Bytes(bytes) => Body::from(bytes),
                FileBody::Stream(file) => Body::from_stream(tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(file), 64 * 1024)),
            };
            let mut response = Response::new(body);
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            response
        }
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Niet gevonden / Not found").into_response()
}

/// The path below the root a request path names: percent-decoded, every segment a plain
/// name that is not hidden (`.git`, `.env`, `..`). `None` when it names nothing servable.
fn relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) {
            return None;
        }
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => out.push(segment),
            _ => return None,
        }
    }
    Some(out)
}

enum FileBody {
    Bytes(Vec<u8>),
    Stream(fs::File),
}

enum Found {
    Nothing,
    Directory,
    Unreadable,
    File { headers: HeaderMap, body: FileBody, not_modified: bool },
}

/// Finds and opens the file for `relative` (blocking file system work, run off the async threads).
fn find(site: &Site, relative: &Path, trailing_slash: bool, request: &HeaderMap) -> Found {
    let mut path = site.root.join(relative);
    let Ok(meta) = fs::metadata(&path) else { return Found::Nothing };
    if meta.is_dir() {
        if !trailing_slash && !relative.as_os_str().is_empty() {
            return Found::Directory;
        }
        path.push("index.html");
    }
    // The real path: through any symlink, and still inside the root, and not hidden there.
    let Ok(real) = fs::canonicalize(&path) else { return Found::Nothing };
    let Ok(inside) = real.strip_prefix(&site.root) else { return Found::Nothing };
    if inside.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
        return Found::Nothing;
    }
    let Ok(meta) = fs::metadata(&real) else { return Found::Nothing };
    if !meta.is_file() {
        return Found::Nothing;
    }
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let accept = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (sent, sent_meta, coding) = match encoded_copy(&real, modified, accept) {
        Some((copy, copy_meta, coding)) => (copy, copy_meta, Some(coding)),
        None => (real.clone(), meta.clone(), None),
    };

    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&real)));
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(if is_hashed(name) { IMMUTABLE } else { "no-cache" }));
    if has_copies(&real) {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    let etag = entity_tag(sent_meta.len(), sent_meta.modified().unwrap_or(UNIX_EPOCH), coding);
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("an entity tag is ASCII"));
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(modified)) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    if name.ends_with(".html") {
        headers.insert(header::CONTENT_SECURITY_POLICY, site.policy(&real, modified, meta.len()));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(sent_meta.len()));
    if is_unchanged(request, &etag, modified) {
        headers.remove(header::CONTENT_LENGTH);
        return Found::File { headers, body: FileBody::Bytes(Vec::new()), not_modified: true };
    }
    let body = if sent_meta.len() <= READ_WHOLE { fs::read(&sent).map(FileBody::Bytes) } else { fs::File::open(&sent).map(FileBody::Stream) };
    match body {
        Ok(body) => Found::File { headers, body, not_modified: false },
        Err(_) => Found::Unreadable,
    }
}

/// `"<size>-<mtime>[-coding]"`: changes with every new build of the file and differs per encoding.
fn entity_tag(len: u64, modified: SystemTime, coding: Option<&str>) -> String {
    let nanos = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    match coding {
        Some(coding) => format!("\"{len:x}-{nanos:x}-{coding}\""),
        None => format!("\"{len:x}-{nanos:x}\""),
    }
}

/// Whether the client's cached copy is current: `If-None-Match` when given, else `If-Modified-Since`.
fn is_unchanged(request: &HeaderMap, etag: &str, modified: SystemTime) -> bool {
    if let Some(tags) = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag);
    }
    request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) <= since.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

/// Trunk's content-hashed names: `name-<16 lowercase hex>` then `.ext` or `_bg.wasm`.
fn is_hashed(name: &str) -> bool {
    name.match_indices('-').any(|(i, _)| {
        let hash = name.get(i + 1..i + 17);
        let after = name.get(i + 17..i + 18);
        hash.is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))) && matches!(after, Some(".") | Some("_"))
    })
}

fn sibling(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn has_copies(file: &Path) -> bool {
    ["br", "gz"].iter().any(|e| sibling(file, e).is_file())
}

/// The precompressed copy of `file` to send for an `Accept-Encoding` header, best first, with
/// its metadata and coding; `None` to send the file as it is. A copy must be a regular file
/// (not a symlink) and no older than its original.
fn encoded_copy(file: &Path, modified: SystemTime, accept_encoding: &str) -> Option<(PathBuf, fs::Metadata, &'static str)> {
    [("br", "br"), ("gz", "gzip")].into_iter().filter(|(_, coding)| accepts(accept_encoding, coding)).find_map(|(extension, coding)| {
        let copy = sibling(file, extension);
        let meta = fs::symlink_metadata(&copy).ok()?;
        (meta.is_file() && meta.modified().is_ok_and(|m| m >= modified)).then_some((copy, meta, coding))
    })
}

/// Whether `accept_encoding` accepts `coding` (named, and not with `q=0`).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| {
            p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")).and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// Content type by file extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "webmanifest" => "application/manifest+json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" | "sha256" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_name_plain_files_below_the_root_only() {
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        assert_eq!(relative_path("/data/verbanden.json"), Some(PathBuf::from("data/verbanden.json")));
        assert_eq!(relative_path("/kaart%20viewer/index.html"), Some(PathBuf::from("kaart viewer/index.html")));
        for bad in ["/../etc/passwd", "/%2e%2e/etc/passwd", "/.env", "/data/.git/config", "/a%5c..%5cb", "/a%00b", "/%ff"] {
            assert_eq!(relative_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        for hashed in ["kaartviewer-dd8e5a144152eab1_bg.wasm", "style-4d3b17c645ff8b37.css", "favicon-1ba7e9be73627439.svg", "start-cdf33bc2afd413e4.js.br"] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in ["index.html", "verbanden.json", "gemeente_2025.geojson", "x-DD8E5A144152EAB1.js", "x-dd8e5a144152eab.js"] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn precompressed_copies_follow_accept_encoding_and_are_never_older() {
        let root = tempfile::tempdir().unwrap();
        let app = root.path().join("app.wasm");
        fs::write(&app, "x").unwrap();
        let modified = fs::metadata(&app).unwrap().modified().unwrap();
        assert!(encoded_copy(&app, modified, "gzip, br").is_none(), "no copies yet");
        fs::write(root.path().join("app.wasm.gz"), "g").unwrap();
        fs::write(root.path().join("app.wasm.br"), "b").unwrap();
        let coding = |accept: &str| encoded_copy(&app, modified, accept).map(|(_, _, c)| c);
        assert_eq!(coding("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(coding("gzip, deflate"), Some("gzip"));
        assert_eq!(coding("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(coding("identity"), None);
        let later = modified + std::time::Duration::from_secs(60);
        assert_eq!(encoded_copy(&app, later, "br, gzip").map(|(_, _, c)| c), None, "copies older than the original");
    }

    #[test]
    fn revalidation_by_entity_tag_or_date() {
        let modified = UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let tag = entity_tag(10, modified, Some("br"));
        let mut request = HeaderMap::new();
        assert!(!is_unchanged(&request, &tag, modified));
        request.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&format!("\"other\", W/{tag}")).unwrap());
        assert!(is_unchanged(&request, &tag, modified));
        assert!(!is_unchanged(&request, &entity_tag(10, modified, None), modified), "another encoding, another tag");
        let mut request = HeaderMap::new();
        request.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_str(&httpdate::fmt_http_date(modified)).unwrap());
        assert!(is_unchanged(&request, &tag, modified));
        assert!(!is_unchanged(&request, &tag, modified + std::time::Duration::from_secs(1)));
    }
}
