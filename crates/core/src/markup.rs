//! Text made safe to put into HTML or SVG markup, for the places that write markup as a string
//! instead of building elements one by one: the data tool's pre-rendered map, and the lists
//! the viewer rebuilds on every click (a region's verbanden), where one `innerHTML` is a few
//! milliseconds cheaper than a hundred elements created from wasm.
//!
//! Every character with a meaning in markup is replaced by its entity, so a verband called
//! `<img src=x onerror=alert(1)>` is shown as exactly that text, in element content and in
//! quoted attribute values alike.

use std::borrow::Cow;

/// `text` escaped for HTML/SVG element content and for a single- or double-quoted attribute
/// value: `&`, `<`, `>`, `"` and `'` become entities. Borrows when nothing needs escaping.
///
/// ```
/// use kaartviewer_core::markup::escape;
/// assert_eq!(escape("Regio Twente"), "Regio Twente");
/// assert_eq!(escape(r#"<b onclick="x">A & 'B'</b>"#), "&lt;b onclick=&quot;x&quot;&gt;A &amp; &#39;B&#39;&lt;/b&gt;");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;
    use proptest::prelude::*;

    /// Undoes [`escape`] (the five entities it writes).
    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
    }

    #[test]
    fn an_entity_in_the_text_is_escaped_again_not_kept() {
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_markup_characters_and_round_trips(text in any::<String>()) {
            let escaped = escape(&text);
            prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
            prop_assert_eq!(unescape(&escaped), text);
        }
    }
}
