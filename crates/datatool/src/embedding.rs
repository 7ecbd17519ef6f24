//! The embedding allow-list (`data/embedding.toml`): the sites that may frame the viewer and
//! send it messages. One list serves both the CSP's `frame-ancestors` and the app's check of
//! message origins.

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embedding {
    /// Origins such as `https://www.provincie-utrecht.nl`.
    pub hosts: Vec<String>,
}

/// Whether `s` is a bare `http(s)` origin: scheme, host and optional port, nothing else.
pub fn is_origin(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")) else { return false };
    let (host, port) = rest.split_once(':').map_or((rest, None), |(h, p)| (h, Some(p)));
    !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads and checks the allow-list, naming the file and each bad entry. Without the file no
/// other site may embed the viewer.
pub fn load(path: &Path) -> Result<Embedding, String> {
    if !path.exists() {
        return Ok(Embedding::default());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let embedding: Embedding = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let bad: Vec<String> = embedding.hosts.iter().filter(|h| !is_origin(h)).map(|h| format!("{}: {h:?} is not an origin like https://www.example.nl", path.display())).collect();
    if bad.is_empty() { Ok(embedding) } else { Err(bad.join("\n")) }
}

/// The CSP source list for `frame-ancestors`: the site itself and the allowed hosts.
pub fn frame_ancestors(embedding: &Embedding) -> String {
    kaartviewer_core::csp::frame_ancestors_for_hosts(&embedding.hosts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_origins_are_accepted() {
        for good in ["https://www.provincie-utrecht.nl", "http://127.0.0.1:8080", "https://a-b.example.nl"] {
            assert!(is_origin(good), "{good}");
        }
        for bad in ["www.example.nl", "https://example.nl/", "https://example.nl/pad", "javascript:alert(1)", "https://", "https://x.nl:", "https://x.nl:99999x", "https://x.nl; script-src *", "https://*.nl"] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn the_committed_list_is_valid_and_names_bad_entries() {
        let committed = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/embedding.toml")).unwrap();
        assert!(frame_ancestors(&committed).starts_with("'self' https://"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("embedding.toml");
        std::fs::write(&file, "hosts = [\"https://ok.nl\", \"https://bad.nl/path\"]").unwrap();
        let error = load(&file).unwrap_err();
        assert!(error.contains("embedding.toml") && error.contains("\"https://bad.nl/path\" is not an origin"), "{error}");
    }
}
