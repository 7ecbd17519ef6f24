//! A small static file server for the built site (`dist/`), bound to loopback.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Content type by file extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`; refuses anything that would leave it.
pub fn file_for(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut out = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// The precompressed copy of `file` to send for an `Accept-Encoding` header, best first:
/// `(path, encoding)`, or `None` to send the file as it is.
pub fn encoded_copy(file: &Path, accept_encoding: &str) -> Option<(PathBuf, &'static str)> {
    let accepts = |name: &str| {
        accept_encoding.split(',').any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let refused = pieces.any(|p| p.trim().trim_start_matches("q=").parse::<f32>() == Ok(0.0));
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    [("br", "br"), ("gz", "gzip")]
        .into_iter()
        .filter(|(_, coding)| accepts(coding))
        .map(|(extension, coding)| (crate::compress::sibling(file, extension), coding))
        .find(|(copy, _)| copy.is_file() && !is_older(copy, file))
}

/// Whether `copy` was modified before `original`: then it may hold an older version, and
/// the original is sent instead.
fn is_older(copy: &Path, original: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(copy), modified(original)) {
        (Some(c), Some(o)) => c < o,
        _ => true,
    }
}

/// Serves `root` at `address` until the process is stopped.
pub fn serve(root: &Path, address: &str, frame_ancestors: &str) -> Result<(), String> {
    if !root.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build the site first", root.display()));
    }
    let server = tiny_http::Server::http(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = server.server_addr().to_ip().map_or_else(|| address.to_string(), |a| a.to_string());
    // Tests start the server on port 0 and read the real address from this line.
    println!("Serving {} at http://{bound}/ (Ctrl-C stops)", root.display());
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).expect("valid header");
    // The policy of the page as built now (its start-up script's hash changes with each build).
    let policy = |page: &Path| fs::read_to_string(page).map(|html| crate::csp::policy(&html, frame_ancestors)).unwrap_or_default();
    for request in server.incoming_requests() {
        let accept = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Accept-Encoding"))
            .map(|h| h.value.as_str().to_string())
            .unwrap_or_default();
        let response = match file_for(root, request.url()) {
            Some(path) => {
                let (body, encoding) = match encoded_copy(&path, &accept) {
                    Some((copy, coding)) => (fs::read(copy), Some(coding)),
                    None => (fs::read(&path), None),
                };
                match body {
                    Ok(bytes) => {
                        let mut response = tiny_http::Response::from_data(bytes)
                            .with_header(header("Content-Type", content_type(&path)))
                            .with_header(header("Vary", "Accept-Encoding"))
                            .with_header(header("X-Content-Type-Options", "nosniff"))
                            .with_header(header("Referrer-Policy", "no-referrer"));
                        if path.extension().is_some_and(|e| e == "html") {
                            response = response.with_header(header("Content-Security-Policy", &policy(&path)));
                        }
                        if let Some(coding) = encoding {
                            response = response.with_header(header("Content-Encoding", coding));
                        }
                        response
                    }
                    Err(_) => tiny_http::Response::from_string("Niet leesbaar / Unreadable").with_status_code(500),
                }
            }
            None => tiny_http::Response::from_string("Niet gevonden / Not found").with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_root() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("index.html"), "x").unwrap();
        assert_eq!(file_for(root.path(), "/?gemeente=GM0344"), Some(root.path().join("index.html")));
        assert_eq!(file_for(root.path(), "/../etc/passwd"), None);
        assert_eq!(file_for(root.path(), "/missing.js"), None);
    }

    #[test]
    fn precompressed_copies_follow_accept_encoding() {
        let root = tempfile::tempdir().unwrap();
        let app = root.path().join("app.wasm");
        fs::write(&app, "x").unwrap();
        assert_eq!(encoded_copy(&app, "gzip, deflate, br"), None, "no copies yet");
        fs::write(root.path().join("app.wasm.gz"), "g").unwrap();
        fs::write(root.path().join("app.wasm.br"), "b").unwrap();
        let coding = |accept: &str| encoded_copy(&app, accept).map(|(_, c)| c);
        assert_eq!(coding("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(coding("gzip, deflate"), Some("gzip"));
        assert_eq!(coding("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(coding("identity"), None);
        assert_eq!(coding(""), None);
    }

    #[test]
    fn a_copy_older_than_its_original_is_never_sent() {
        let root = tempfile::tempdir().unwrap();
        let page = root.path().join("index.html");
        fs::write(root.path().join("index.html.br"), "old").unwrap();
        fs::write(&page, "new").unwrap();
        let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        fs::File::options().write(true).open(root.path().join("index.html.br")).unwrap().set_modified(earlier).unwrap();
        assert_eq!(encoded_copy(&page, "br"), None);
        fs::File::options().write(true).open(&page).unwrap().set_modified(earlier - std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(encoded_copy(&page, "br").map(|(_, c)| c), Some("br"));
    }
}
