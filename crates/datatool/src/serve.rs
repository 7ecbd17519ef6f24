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

/// Serves `root` at `address` until the process is stopped.
pub fn serve(root: &Path, address: &str) -> Result<(), String> {
    if !root.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build the site first", root.display()));
    }
    let server = tiny_http::Server::http(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = server.server_addr().to_ip().map_or_else(|| address.to_string(), |a| a.to_string());
    // Tests start the server on port 0 and read the real address from this line.
    println!("Serving {} at http://{bound}/ (Ctrl-C stops)", root.display());
    for request in server.incoming_requests() {
        let response = match file_for(root, request.url()).and_then(|p| fs::read(&p).ok().map(|b| (p, b))) {
            Some((path, bytes)) => {
                let header = tiny_http::Header::from_bytes("Content-Type", content_type(&path)).expect("valid header");
                tiny_http::Response::from_data(bytes).with_header(header)
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
}
