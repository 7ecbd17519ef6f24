//! The Content-Security-Policy and the other security headers, on every response: pages,
//! assets, the dataset, API JSON, and errors (404, 405, 408, 413, 414, 431) alike.
//!
//! A page gets the viewer's policy ([`kaartviewer_core::csp::policy`], computed by
//! `static_files` from the page itself, with its inline scripts' hashes); anything else gets a
//! policy that allows nothing, so that a JSON or text response opened as a document can run
//! nothing and be framed by no one.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// Headers for every response.
const COMMON: [(&str, &str); 4] = [
    // Browsers take the content type as given (no sniffing a JSON or text answer into HTML).
    ("x-content-type-options", "nosniff"),
    // The viewer's addresses carry the selection (`?gemeente=…`): not sent to other sites.
    ("referrer-policy", "no-referrer"),
    // The viewer uses none of these.
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    // A window the viewer opens cannot reach back into it, nor it into the opener.
    ("cross-origin-opener-policy", "same-origin"),
];

/// The policy of every response that is not a page.
const NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The headers of a response that is not a page, for the few responses written outside the
/// router (the listener's refusals).
pub fn headers_for_other_responses() -> impl Iterator<Item = (&'static str, &'static str)> {
    COMMON.into_iter().chain([("content-security-policy", NOT_A_PAGE)])
}

/// Adds the headers to every response of `router`. A page (`text/html`) without a policy of
/// its own gets the viewer's policy for a page with no inline script (`frame_ancestors` as
/// configured).
pub fn apply(router: Router, frame_ancestors: &str) -> Router {
    let page_policy = HeaderValue::from_str(&kaartviewer_core::csp::policy("", frame_ancestors))
        .unwrap_or_else(|_| HeaderValue::from_static(NOT_A_PAGE));
    router.layer(axum::middleware::map_response(move |response: Response| {
        let page_policy = page_policy.clone();
        async move { add(response, page_policy) }
    }))
}

fn add(mut response: Response, page_policy: HeaderValue) -> Response {
    let headers = response.headers_mut();
    for (name, value) in COMMON {
        headers.entry(HeaderName::from_static(name)).or_insert(HeaderValue::from_static(value));
    }
    let page = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(if page { page_policy } else { HeaderValue::from_static(NOT_A_PAGE) });
    response
}
