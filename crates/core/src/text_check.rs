//! Characters that must not hide in the dataset's text: control characters (NUL, ESC, …) and
//! the Unicode bidirectional formatting characters (U+202E "right-to-left override" and its
//! kin). They are invisible in an editor, can make a name read differently from what it is
//! (a "Trojan Source" trick), and an ESC sequence printed by the data tool can clear or
//! recolour the editor's terminal. The validator rejects them in every text field, and every
//! label the tools print goes through [`terminal_safe`].

use serde_json::Value;
use std::borrow::Cow;

/// Whether `c` is one of Unicode's bidirectional formatting characters: the marks (LRM, RLM,
/// ALM), embeddings, overrides and isolates.
///
/// ```
/// use kaartviewer_core::text_check::is_bidi_format;
/// assert!(is_bidi_format('\u{202E}') && is_bidi_format('\u{2066}') && is_bidi_format('\u{200F}'));
/// assert!(!is_bidi_format('a') && !is_bidi_format('é'));
/// ```
pub fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may not appear in a text field: a control or bidi formatting character.
/// A line break is allowed only where `multi_line` says so.
fn is_forbidden(c: char, multi_line: bool) -> bool {
    (c.is_control() && !(multi_line && c == '\n')) || is_bidi_format(c)
}

/// The first forbidden character in `s` with its position (in characters, from 0), if any.
///
/// ```
/// use kaartviewer_core::text_check::forbidden_char;
/// assert_eq!(forbidden_char("Regio\u{1b}[2J", false), Some((5, '\u{1b}')));
/// assert_eq!(forbidden_char("regel\nregel", true), None);
/// assert_eq!(forbidden_char("regel\nregel", false), Some((5, '\n')));
/// ```
pub fn forbidden_char(s: &str, multi_line: bool) -> Option<(usize, char)> {
    s.chars().enumerate().find(|&(_, c)| is_forbidden(c, multi_line))
}

/// `s` with every control and bidi formatting character written as `\u{…}`, so printing it
/// cannot move the cursor, clear the screen or reorder the text around it.
///
/// ```
/// use kaartviewer_core::text_check::terminal_safe;
/// assert_eq!(terminal_safe("\u{1b}[2JALLES GOED"), "\\u{1b}[2JALLES GOED");
/// assert_eq!(terminal_safe("gewoon"), "gewoon");
/// ```
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_forbidden(c, false)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_forbidden(c, false) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
            .collect(),
    )
}

/// Every string in a JSON value with its path (`name`, `members[2].role`), in document order.
/// Walking the serialised record, rather than naming fields, checks fields added later too.
///
/// ```
/// use kaartviewer_core::text_check::string_fields;
/// let value = serde_json::json!({"name": "A", "members": [{"code": "GM1", "role": "r"}]});
/// let paths: Vec<String> = string_fields(&value).into_iter().map(|(p, _)| p).collect();
/// assert_eq!(paths, ["members[0].code", "members[0].role", "name"]);
/// ```
pub fn string_fields(value: &Value) -> Vec<(String, &str)> {
    fn walk<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
        match value {
            Value::String(s) => out.push((path, s)),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{path}[{i}]"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    walk(item, if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_esc_and_overrides_are_forbidden_everywhere() {
        for bad in ["a\0b", "\u{1b}[31m", "abc\u{202E}fdp.exe", "\u{2067}x", "tab\there", "cr\r"] {
            assert!(forbidden_char(bad, true).is_some(), "{bad:?}");
            assert_ne!(terminal_safe(bad), bad);
        }
        assert_eq!(terminal_safe("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(forbidden_char("Súdwest-Fryslân ’s-Hertogenbosch", false), None);
    }
}
