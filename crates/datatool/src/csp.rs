//! The Content-Security-Policy the viewer works under: nothing from other hosts, scripts only
//! from the site itself plus the one inline start-up script Trunk writes (allowed by its hash),
//! WebAssembly allowed to compile, and framing limited to the hosts that may embed it.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The hosts that may embed the viewer when nothing else is said: only its own site.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The policy for a built `index.html`. `frame_ancestors` is a CSP source list such as
/// `'self' https://www.provincie-utrecht.nl`.
///
/// `style-src-attr 'unsafe-inline'` is needed for the tooltip's position; it allows style
/// attributes only, never style elements or scripts.
pub fn policy(index_html: &str, frame_ancestors: &str) -> String {
    let hashes: Vec<String> = inline_scripts(index_html)
        .iter()
        .map(|script| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))))
        .collect();
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
    fn frame_ancestors_cannot_add_directives() {
        let policy = policy("", "https://www.provincie-utrecht.nl; script-src *");
        // The `;` is dropped, so the rest is only a (meaningless) source inside frame-ancestors.
        assert!(policy.ends_with("frame-ancestors https://www.provincie-utrecht.nl script-src *"));
        assert!(!policy.contains("; script-src *"));
    }
}
