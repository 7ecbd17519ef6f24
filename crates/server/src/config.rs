//! Settings of the server, from the command line or the environment, checked at start-up so
//! that a mistake is a clear message before the first request, not a crash during one.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything the server is told; see `main.rs` for the flags and environment variables.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (default `127.0.0.1:8080`).
    pub address: SocketAddr,
    /// The built site (`dist/`).
    pub dist: PathBuf,
    /// The repository's `data/` folder: the curated files seeded from and exported to.
    pub data: PathBuf,
    /// The build's server bundle: register and division records, boundary codes, water boards
    /// (`target/generated/server/basis.json`).
    pub basis: PathBuf,
    /// The SQLite database file (created and seeded on first start).
    pub database: PathBuf,
    /// CSP `frame-ancestors` source list: who may embed the viewer.
    pub frame_ancestors: String,
    /// Password of the first beheerder, used only when the database has no accounts yet.
    pub admin_password: Option<String>,
    /// Send cookies with `Secure` (always, except when explicitly turned off for plain-HTTP tests
    /// on a non-loopback host; browsers accept `Secure` cookies from http://127.0.0.1).
    pub secure_cookies: bool,
    pub limits: Limits,
}

/// The limits a client meets. Defaults are generous for people and tight for attackers.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at once; further ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// Time to send the request head; also how long a kept-alive connection may wait idle for
    /// its next request.
    pub header_timeout: Duration,
    /// Time to send the request body.
    pub body_timeout: Duration,
    /// Time for the client to take the response (a reader that never reads is cut off).
    pub write_timeout: Duration,
    /// Longest request line (method, target, version), bytes: a longer one gets 414.
    pub max_request_line_bytes: usize,
    /// Largest request head (request line plus headers), bytes: a larger one gets 431.
    pub max_header_bytes: usize,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Session lifetime.
    pub session_lifetime: Duration,
    /// On SIGTERM/SIGINT: how long requests in flight may take to finish before the server exits.
    pub shutdown_grace: Duration,
    /// After the server closes a connection, how long it keeps reading (and discarding) what the
    /// client still sends, so that the client gets the response (a 413 or 414) rather than a reset.
    pub linger: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(20),
            write_timeout: Duration::from_secs(30),
            // Shared links carry the selection in the query (`?lid=GM0344,…`): room for
            // thousands of codes, up to hyper's own limit on a request target (64 KiB).
            max_request_line_bytes: 64 * 1024,
            max_header_bytes: 96 * 1024,
            max_body_bytes: 1024 * 1024,
            session_lifetime: Duration::from_secs(8 * 3600),
            shutdown_grace: Duration::from_secs(10),
            linger: Duration::from_secs(2),
        }
    }
}

impl Config {
    /// A configuration with the defaults for everything but the paths: for tests and tools.
    pub fn for_paths(dist: PathBuf, data: PathBuf, basis: PathBuf, database: PathBuf) -> Config {
        Config {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            dist,
            data,
            basis,
            database,
            frame_ancestors: kaartviewer_core::csp::DEFAULT_FRAME_ANCESTORS.to_string(),
            admin_password: None,
            secure_cookies: true,
            limits: Limits::default(),
        }
    }

    /// Checks what can be checked before serving, so that a mistake is one clear message at
    /// start-up (exit status 2) rather than a failure on some later request.
    pub fn check(&self) -> Result<(), String> {
        if !self.dist.join("index.html").is_file() {
            return Err(format!("{} has no index.html: build the site first (trunk build --release), or give --dist", self.dist.display()));
        }
        kaartviewer_core::csp::check_frame_ancestors(&self.frame_ancestors).map_err(|e| format!("{e} (--frame-ancestors / KAARTVIEWER_FRAME_ANCESTORS)"))?;
        self.limits.check()
    }
}

/// The `frame-ancestors` list a built site asks for: the site itself and the hosts of its
/// `data/embedding.json` (only the site itself when the build has no such file).
pub fn published_frame_ancestors(dist: &Path) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Embedding {
        hosts: Vec<String>,
    }
    let file = dist.join("data/embedding.json");
    match std::fs::read_to_string(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(kaartviewer_core::csp::DEFAULT_FRAME_ANCESTORS.to_string()),
        Err(e) => Err(format!("{}: {e}", file.display())),
        Ok(text) => serde_json::from_str::<Embedding>(&text)
            .map(|e| kaartviewer_core::csp::frame_ancestors_for_hosts(&e.hosts))
            .map_err(|e| format!("{}: {e}", file.display())),
    }
}

impl Limits {
    fn check(&self) -> Result<(), String> {
        let nonzero = [
            ("max connections", self.max_connections as u128),
            ("header timeout", self.header_timeout.as_millis()),
            ("body timeout", self.body_timeout.as_millis()),
            ("write timeout", self.write_timeout.as_millis()),
            ("max body bytes", self.max_body_bytes as u128),
        ];
        if let Some((name, _)) = nonzero.iter().find(|(_, v)| *v == 0) {
            return Err(format!("the {name} must be more than 0"));
        }
        if self.max_header_bytes < 8192 {
            return Err(format!("the max header bytes ({}) must be at least 8192", self.max_header_bytes));
        }
        if !(64..=self.max_header_bytes).contains(&self.max_request_line_bytes) {
            return Err(format!(
                "the max request line bytes ({}) must be between 64 and the max header bytes ({})",
                self.max_request_line_bytes, self.max_header_bytes
            ));
        }
        Ok(())
    }
}
