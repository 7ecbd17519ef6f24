//! The viewer's state in the query string: a public contract for bookmarks, shared links
//! and host pages. Parsing never fails: an unknown parameter or a malformed value is
//! ignored, so a mangled link still opens the viewer.
//!
//! | parameter | value |
//! |---|---|
//! | `weergave` | `kaart` (default), `verbanden`, `verbindingen`, `tabel`, `overlap`, `bewerken` (the editor) |
//! | `drempel` | overlap view: the lowest overlap (Jaccard, in percent) listed; default 80 |
//! | `gemeente`, `waterschap`, `provincie` | the selected region's code |
//! | `verband` | the selected verband's id |
//! | `thema`, `vorm`, `lid` | comma-separated theme ids, legal form ids, member codes |
//! | `focus` | a provincie code: only verbanden with a member there; the map fits the provincie |
//! | `bron` | origins, comma-separated: `register`, `division`, `curated` |
//! | `zoek` | search text |
//! | `laag` | active map layer: `gemeente` (default), `waterschap`, `provincie` |
//! | `kaart` | map centre and zoom: `lon,lat,zoom` |
//! | `taal` | `nl` (default) or `en` |
//! | `embed` | `1` for the compact iframe mode |
//! | `peildatum` | the day every view is set to, `YYYY-MM-DD` from 2016-01-01 (default today) |

use crate::filter::Filter;
use crate::region::RegionKind;
use std::collections::BTreeSet;

/// Which main view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Map,
    Verbanden,
    Links,
    /// Every region of the layer with its counts (the table alternative to the map).
    Table,
    /// Near-duplicates, recurring configurations, cross-border verbanden, region profile.
    Overlap,
    /// The editor (sign-in, forms, history, correction requests); needs the server's `/api/`.
    Edit,
}

impl View {
    pub fn param(self) -> &'static str {
        match self {
            View::Map => "kaart",
            View::Verbanden => "verbanden",
            View::Links => "verbindingen",
            View::Table => "tabel",
            View::Overlap => "overlap",
            View::Edit => "bewerken",
        }
    }
}

/// Everything the query string can hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlState {
    pub view: View,
    pub selected: Option<(RegionKind, String)>,
    pub verband: Option<String>,
    pub filter: Filter,
    pub layer: Option<RegionKind>,
    /// Longitude, latitude and zoom of the map.
    pub map: Option<(f64, f64, f64)>,
    pub english: bool,
    pub embed: bool,
    /// Overlap view: the lowest Jaccard index listed, in percent (`None`: the default).
    pub threshold: Option<u8>,
    /// The day the views are set to (`None`: today). Checked by [`crate::history::peildatum::parse`].
    pub peildatum: Option<String>,
}

/// The overlap view's default threshold: pairs sharing at least 80% of their members.
pub const DEFAULT_THRESHOLD: u8 = 80;

/// Longest text value accepted from a URL.
const MAX_TEXT: usize = 200;

fn is_region_code(s: &str) -> bool {
    let digits = |rest: &str, n: usize| rest.len() == n && rest.bytes().all(|b| b.is_ascii_digit());
    s.strip_prefix("GM").is_some_and(|r| digits(r, 4))
        || s.strip_prefix("WS").is_some_and(|r| digits(r, 4))
        || s.strip_prefix("PV").is_some_and(|r| digits(r, 2))
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Most items a list parameter keeps. More is never useful (a province has at most a few
/// dozen gemeenten), and a link with 10,000 codes would build 10,000 filter entries and be
/// written back into every history entry.
pub const MAX_LIST_ITEMS: usize = 100;

/// The valid items of a comma-separated list, the first [`MAX_LIST_ITEMS`] distinct ones.
fn list(value: &str, valid: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in value.split(',').map(str::trim).filter(|v| valid(v)) {
        if out.len() == MAX_LIST_ITEMS {
            break;
        }
        out.insert(item.to_string());
    }
    out
}

impl UrlState {
    /// Reads a query string (with or without the leading `?`).
    ///
    /// ```
    /// use kaartviewer_core::url_state::{UrlState, View};
    /// let state = UrlState::parse("?gemeente=GM0344&thema=afval,water&zoek=regio%20utrecht&weergave=verbanden&kaart=5.1,52.1,4");
    /// assert_eq!(state.view, View::Verbanden);
    /// assert_eq!(state.selected.as_ref().unwrap().1, "GM0344");
    /// assert_eq!(state.filter.themes.len(), 2);
    /// assert_eq!(state.filter.text, "regio utrecht");
    /// assert_eq!(UrlState::parse(&state.to_query()), state);
    /// ```
    pub fn parse(query: &str) -> UrlState {
        let mut state = UrlState::default();
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                "weergave" => {
                    state.view = match value {
                        "verbanden" => View::Verbanden,
                        "verbindingen" => View::Links,
                        "tabel" => View::Table,
                        "overlap" => View::Overlap,
                        "bewerken" => View::Edit,
                        _ => View::Map,
                    }
                }
                "gemeente" | "waterschap" | "provincie" if state.selected.is_none() && is_region_code(value) => {
                    let kind: RegionKind = key.parse().expect("matched kind names");
                    state.selected = Some((kind, value.to_string()));
                }
                "verband" if is_id(value) => state.verband = Some(value.to_string()),
                "thema" => state.filter.themes = list(value, |t| crate::vocabulary::find(crate::vocabulary::THEMES, t).is_some()),
                "vorm" => {
                    state.filter.legal_forms = list(value, |f| crate::vocabulary::find(crate::vocabulary::LEGAL_FORMS, f).is_some())
                }
                "lid" => state.filter.members = list(value, is_region_code),
                "focus" if value.starts_with("PV") && is_region_code(value) => state.filter.provincie = Some(value.to_string()),
                "bron" => {
                    state.filter.origins = value.split(',').filter_map(|o| crate::dataset::Origin::from_id(o.trim())).collect();
                }
                "zoek" => {
                    // Trimmed after the control characters go, so that writing and reading it
                    // again gives the same text.
                    let text: String = value.chars().filter(|c| !c.is_control()).take(MAX_TEXT).collect();
                    state.filter.text = text.trim().to_string();
                }
                "laag" => state.layer = value.parse().ok(),
                "kaart" => {
                    let numbers: Vec<f64> = value.split(',').filter_map(|n| n.trim().parse().ok()).collect();
                    if let [lon, lat, zoom] = numbers[..]
                        && (-180.0..=180.0).contains(&lon)
                        && (-90.0..=90.0).contains(&lat)
                        && zoom.is_finite()
                        && zoom > 0.0
                    {
                        state.map = Some((lon, lat, zoom));
                    }
                }
                "drempel" => state.threshold = value.parse::<u8>().ok().filter(|t| (1..=100).contains(t)),
                "peildatum" => state.peildatum = crate::history::peildatum::parse(value),
                "taal" => state.english = value == "en",
                "embed" => state.embed = value == "1" || value == "true",
                _ => {}
            }
        }
        state
    }

    /// Writes the state as a query string (without `?`), leaving out defaults.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if self.view != View::Map {
            out.append_pair("weergave", self.view.param());
        }
        if let Some((kind, code)) = &self.selected {
            out.append_pair(kind.as_str(), code);
        }
        if let Some(id) = &self.verband {
            out.append_pair("verband", id);
        }
        let join = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(",");
        if !self.filter.themes.is_empty() {
            out.append_pair("thema", &join(&self.filter.themes));
        }
        if !self.filter.legal_forms.is_empty() {
            out.append_pair("vorm", &join(&self.filter.legal_forms));
        }
        if !self.filter.members.is_empty() {
            out.append_pair("lid", &join(&self.filter.members));
        }
        if let Some(p) = &self.filter.provincie {
            out.append_pair("focus", p);
        }
        if !self.filter.text.is_empty() {
            out.append_pair("zoek", &self.filter.text);
        }
        if !self.filter.origins.is_empty() {
            out.append_pair("bron", &self.filter.origins.iter().map(|o| o.id()).collect::<Vec<_>>().join(","));
        }
        if let Some(layer) = self.layer.filter(|l| *l != RegionKind::Gemeente) {
            out.append_pair("laag", layer.as_str());
        }
        if let Some((lon, lat, zoom)) = self.map {
            out.append_pair("kaart", &format!("{lon:.4},{lat:.4},{zoom:.2}"));
        }
        if let Some(t) = self.threshold.filter(|t| *t != DEFAULT_THRESHOLD) {
            out.append_pair("drempel", &t.to_string());
        }
        if let Some(day) = &self.peildatum {
            out.append_pair("peildatum", day);
        }
        if self.english {
            out.append_pair("taal", "en");
        }
        if self.embed {
            out.append_pair("embed", "1");
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut state = UrlState {
            view: View::Links,
            selected: Some((RegionKind::Waterschap, "WS0636".into())),
            verband: Some("regio-zwolle".into()),
            layer: Some(RegionKind::Provincie),
            map: Some((5.1234, 52.0987, 3.5)),
            english: true,
            embed: true,
            threshold: Some(65),
            peildatum: Some("2018-01-01".into()),
            ..Default::default()
        };
        state.filter.themes.insert("afval".into());
        state.filter.legal_forms.extend(["nv-bv".to_string(), "stichting".to_string()]);
        state.filter.members.insert("GM0344".into());
        state.filter.provincie = Some("PV26".into());
        state.filter.text = "Regio & co = 100%".into();
        state.filter.origins.extend([crate::dataset::Origin::Register, crate::dataset::Origin::Curated]);
        assert_eq!(UrlState::parse(&state.to_query()), state);
        assert!(state.to_query().contains("bron=register%2Ccurated") || state.to_query().contains("bron=curated%2Cregister"));
        for view in [View::Map, View::Verbanden, View::Links, View::Table, View::Overlap, View::Edit] {
            let state = UrlState { view, ..Default::default() };
            assert_eq!(UrlState::parse(&state.to_query()).view, view);
        }
    }

    #[test]
    fn hostile_and_malformed_values_are_dropped() {
        let state = UrlState::parse(
            "gemeente=<script>&verband=a%22onmouseover%3D&thema=afval,hack&vorm=&lid=GM1,GM0344&focus=GM0344\
             &kaart=5,52,NaN&weergave=../../etc&laag=county&%ZZ=1&zoek=%00x",
        );
        assert_eq!(state.selected, None);
        assert_eq!(state.verband, None);
        assert_eq!(state.filter.themes.iter().collect::<Vec<_>>(), ["afval"]);
        assert!(state.filter.legal_forms.is_empty());
        assert_eq!(state.filter.members.iter().collect::<Vec<_>>(), ["GM0344"]);
        assert_eq!(state.filter.provincie, None);
        assert_eq!((state.map, state.view, state.layer), (None, View::Map, None));
        assert_eq!(state.filter.text, "x");
        for bad in ["peildatum=2018-02-30", "peildatum=2015-06-01", "peildatum=18-01-01", "peildatum=<script>"] {
            assert_eq!(UrlState::parse(bad).peildatum, None, "{bad}");
        }
        for bad in ["drempel=0", "drempel=250", "drempel=-5", "drempel=abc", "drempel=80.5"] {
            assert_eq!(UrlState::parse(bad).threshold, None, "{bad}");
        }
    }

    #[test]
    fn long_lists_are_capped() {
        let codes: Vec<String> = (0..10_000).map(|i| format!("GM{i:04}")).collect();
        let state = UrlState::parse(&format!("lid={}", codes.join(",")));
        assert_eq!(state.filter.members.len(), MAX_LIST_ITEMS);
        assert!(state.filter.members.contains("GM0000") && !state.filter.members.contains("GM0100"), "the first ones are kept");
        assert!(state.to_query().len() < 1_000);
    }
}
