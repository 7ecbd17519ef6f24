//! The kaartviewer server: the built viewer (`dist/`), the published dataset generated from
//! storage, and the editing platform's JSON API under `/api/`.
//!
//! One concept per module:
//! - [`config`]: settings from the command line and environment, checked at start-up;
//! - [`listener`]: accepting connections with the limits a hostile client meets
//!   (timeouts, connection cap, header and body sizes, graceful shutdown);
//! - [`static_files`]: the built site, with precompressed copies, caching and no way out of
//!   the root (symlinks, dotfiles);
//! - [`security_headers`]: the CSP and the other headers on every response;
//! - [`published`]: the public dataset (`data/verbanden.json`), rebuilt after every save;
//! - [`storage`]: SQLite with every change as a revision (*wijziging*);
//! - [`auth`]: accounts (*redacteur*, *beheerder*), Argon2id, sessions, CSRF, rate limits;
//! - [`api`]: the JSON API the editor uses;
//! - [`state`]: what every request handler shares.

pub mod api;
pub mod auth;
pub mod config;
pub mod listener;
pub mod published;
pub mod security_headers;
pub mod state;
pub mod static_files;
pub mod storage;

use axum::Router;
pub use state::AppState;

/// The whole application: API, published dataset and static site, with the request limits
/// and the security headers on every response (404s and errors included).
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let routes = Router::new().nest("/api", api::router()).merge(published::router()).with_state(state);
    with_site(routes, &config)
}

/// Only the built site, as a static deployment would serve it: no database, no API (the
/// viewer then hides editing), `data/verbanden.json` as built. For a site whose files were
/// changed by hand, and for tests of such sites.
pub fn static_app(config: &config::Config) -> Router {
    with_site(Router::new(), config)
}

/// `routes`, with the built site for every other path, the request limits and the security
/// headers.
pub fn with_site(routes: Router, config: &config::Config) -> Router {
    let router = routes.merge(static_files::router(static_files::Site::new(config)));
    security_headers::apply(listener::request_limits(router, &config.limits), &config.frame_ancestors)
}
