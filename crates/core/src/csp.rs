//! The Content-Security-Policy the viewer works under: nothing from other hosts, scripts only
//! from the site itself plus any inline start-up script (allowed by its hash), WebAssembly
//! allowed to compile, and framing limited to the hosts that may embed it.
//!
//! The server sends it with every page and the data tool prints it (`datatool csp`); both take
//! the `frame-ancestors` list from an administrator, so [`check_frame_ancestors`] refuses a list
//! that is not a valid CSP source list before it can break (or widen) the policy.
//!
//! ```
//! use kaartviewer_core::csp;
//! let policy = csp::policy("<script src=\"./start.js\"></script>", "'self' https://www.provincie-utrecht.nl");
//! assert!(policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"));
//! assert!(policy.ends_with("frame-ancestors 'self' https://www.provincie-utrecht.nl"));
//! assert!(csp::check_frame_ancestors("'self' https://www.provinçie.nl").is_err());
//! ```

use base64::Engine;
use sha2::{Digest, Sha256};

/// The hosts that may embed the viewer when nothing else is said: only its own site.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The policy for a built `index.html`. `frame_ancestors` is a CSP source list such as
/// `'self' https://www.provincie-utrecht.nl` (checked with [`check_frame_ancestors`] first).
///
/// `style-src-attr 'unsafe-inline'` is needed for the tooltip's position; it allows style
/// attributes only, never style elements or scripts.
pub fn policy(index_html: &str, frame_ancestors: &str) -> String {
    let hashes: Vec<String> = inline_scripts(index_html)
        .iter()
        .map(|script| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))))
        .collect();
    // Defence in depth: even an unchecked list cannot add a directive or break the header.
    let frame_ancestors: String = frame_ancestors.chars().filter(|c| !matches!(c, ';' | ',' | '\r' | '\n')).collect();
    [
        "default-src 'none'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval' {}", hashes.join(" ")).trim_end().to_string(),
        "style-src 'self'".to_string(),
        "style-src-attr 'unsafe-inline'".to_string(),
        "img-src 'self' data: blob:".to_string(),
        "connect-src 'self'".to_string(),
        "manifest-src 'self'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'none'".to_string(),
        format!("frame-ancestors {}", frame_ancestors.trim()),
    ]
    .join("; ")
}

/// The `frame-ancestors` list for an embedding allow-list: the site itself and the hosts.
pub fn frame_ancestors_for_hosts(hosts: &[String]) -> String {
    std::iter::once(DEFAULT_FRAME_ANCESTORS.to_string()).chain(hosts.iter().cloned()).collect::<Vec<_>>().join(" ")
}

/// Checks a `frame-ancestors` source list (CSP Level 3, section 2.3.1): `'self'`, `'none'`
/// (alone), scheme sources (`https:`) and host sources (`https://*.example.nl:8443/pad`).
/// Header values are ASCII: an internationalised host must be written in punycode
/// (`xn--…`). The error names the source and what is wrong with it.
pub fn check_frame_ancestors(list: &str) -> Result<(), String> {
    let sources: Vec<&str> = list.split_ascii_whitespace().collect();
    if sources.is_empty() {
        return Err("frame-ancestors is empty: give 'self', 'none' or the origins that may embed the viewer".into());
    }
    for source in &sources {
        if let Some(c) = source.chars().find(|c| !c.is_ascii()) {
            return Err(format!(
                "frame-ancestors source {source:?} contains the non-ASCII character {c:?}: write an internationalised host in punycode (xn--…)"
            ));
        }
        if let Some(problem) = source_problem(source) {
            return Err(format!("frame-ancestors source {source:?} is not a CSP source: {problem}"));
        }
    }
    if sources.len() > 1 && sources.iter().any(|s| s.eq_ignore_ascii_case("'none'")) {
        return Err("frame-ancestors: 'none' must stand alone".into());
    }
    Ok(())
}

/// What is wrong with one (ASCII) source expression, if anything.
fn source_problem(source: &str) -> Option<&'static str> {
    if source.starts_with('\'') {
        return (!["'self'", "'none'"].iter().any(|k| source.eq_ignore_ascii_case(k)))
            .then_some("the only keywords frame-ancestors knows are 'self' and 'none'");
    }
    if source.bytes().any(|b| b.is_ascii_control() || matches!(b, b';' | b',' | b'"' | b'\\' | b'<' | b'>')) {
        return Some("it contains a control character or one of ; , \" \\ < >");
    }
    let scheme_ok = |scheme: &str| {
        scheme.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    };
    let rest = match source.split_once("://") {
        Some((scheme, rest)) if scheme_ok(scheme) => rest,
        Some(_) => return Some("the scheme before :// is not a scheme"),
        None => match source.strip_suffix(':') {
            Some(scheme) if scheme_ok(scheme) => return None,
            _ => source,
        },
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    if path.contains(['?', '#']) {
        return Some("a source has no query or fragment");
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if let Some(port) = port
        && port != "*"
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some("the port must be digits or *");
    }
    let labels = host.strip_prefix("*.").unwrap_or(host);
    if host == "*" {
        return None;
    }
    if labels.is_empty() || !labels.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
        return Some("the host must be letters, digits, - and . (a leading *. is allowed)");
    }
    None
}

/// The contents of every `<script>` without a `src`, exactly as the browser hashes them.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains("src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only_and_keeps_the_policy_strict() {
        let html = "<head><script type=\"module\">\nimport init from './app.js';\n</script><script src=\"./x.js\"></script></head>";
        let policy = policy(html, DEFAULT_FRAME_ANCESTORS);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\nimport init from './app.js';\n"));
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}'")), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 1, "the script with src is not hashed");
        assert!(policy.starts_with("default-src 'none'; "));
        assert!(policy.ends_with("frame-ancestors 'self'"));
        assert!(!policy.contains(" 'unsafe-eval'") && !policy.contains(" *"), "no eval, no wildcard");
    }

    #[test]
    fn frame_ancestor_lists_are_checked() {
        for good in ["'self'", "'none'", "'self' http://127.0.0.1:*", "'self' https://www.provincie-utrecht.nl https://*.example.nl:8443/kaart/", "https:", "*", "xn--provinie-b2a.nl"] {
            assert_eq!(check_frame_ancestors(good), Ok(()), "{good}");
        }
        let error = check_frame_ancestors("'self' https://provinçie.nl").unwrap_err();
        assert!(error.contains("\"https://provinçie.nl\"") && error.contains("non-ASCII") && error.contains("punycode"), "{error}");
        for (bad, says) in [
            ("", "empty"),
            ("'self' 'unsafe-inline'", "keywords"),
            ("https://x.nl;script-src", "control character or one of"),
            ("https://x.nl:80x", "port"),
            ("https://x..nl", "host"),
            ("https://x.nl/?a", "query"),
            ("'none' 'self'", "alone"),
            ("1ttp://x.nl", "scheme"),
        ] {
            let error = check_frame_ancestors(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        assert_eq!(frame_ancestors_for_hosts(&["https://a.nl".into()]), "'self' https://a.nl");
    }

    #[test]
    fn frame_ancestors_cannot_add_directives() {
        let policy = policy("", "https://www.provincie-utrecht.nl; script-src *");
        // The `;` is dropped, so the rest is only a (meaningless) source inside frame-ancestors.
        assert!(policy.ends_with("frame-ancestors https://www.provincie-utrecht.nl script-src *"));
        assert!(!policy.contains("; script-src *"));
    }
}
