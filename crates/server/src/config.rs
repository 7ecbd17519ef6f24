//! Settings of the server, from the command line or the environment, checked at start-up so
//! that a mistake is a clear message before the first request, not a crash during one.

use std::net::SocketAddr;
use std::path::PathBuf;
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
    /// Time to send the request head.
    pub header_timeout: Duration,
    /// Time to send the request body.
    pub body_timeout: Duration,
    /// Time for the client to take the response (a reader that never reads is cut off).
    pub write_timeout: Duration,
    /// Idle keep-alive connection lifetime.
    pub idle_timeout: Duration,
    /// Largest request head (request line plus headers), bytes.
    pub max_header_bytes: usize,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Session lifetime.
    pub session_lifetime: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(20),
            write_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_header_bytes: 16 * 1024,
            max_body_bytes: 1024 * 1024,
            session_lifetime: Duration::from_secs(8 * 3600),
        }
    }
}
