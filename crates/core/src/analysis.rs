//! Answers about the (filtered) verbanden: who is in what, and how regions are linked.

use crate::dataset::Verband;
use std::collections::{BTreeMap, HashMap};

/// Which verbanden each region takes part in, as sorted indices into the dataset. Built once
/// per dataset, so "the verbanden of this region" does not scan every record on each click.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MembershipIndex {
    by_code: HashMap<String, Vec<usize>>,
}

impl MembershipIndex {
    pub fn new(verbanden: &[Verband]) -> MembershipIndex {
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, verband) in verbanden.iter().enumerate() {
            for member in &verband.members {
                let list = by_code.entry(member.code.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        MembershipIndex { by_code }
    }

    /// The indices of the verbanden `code` takes part in that are also in `visible` (sorted
    /// ascending, as the filtered list is).
    ///
    /// ```
    /// use kaartviewer_core::analysis::MembershipIndex;
    /// use kaartviewer_core::dataset::parse_file;
    /// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
    ///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
    ///   {"id": "b", "name": "B", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
    /// let index = MembershipIndex::new(&data.verbanden);
    /// assert_eq!(index.of("GM1", &[0, 1]), vec![0, 1]);
    /// assert_eq!(index.of("GM1", &[1]), vec![1]);
    /// assert!(index.of("GM9", &[0, 1]).is_empty());
    /// ```
    pub fn of(&self, code: &str, visible: &[usize]) -> Vec<usize> {
        let Some(mine) = self.by_code.get(code) else { return Vec::new() };
        let (mut out, mut j) = (Vec::new(), 0);
        for &i in mine {
            while j < visible.len() && visible[j] < i {
                j += 1;
            }
            if visible.get(j) == Some(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// The verbanden in which `code` takes part.
pub fn verbanden_of<'a>(verbanden: &[&'a Verband], code: &str) -> Vec<&'a Verband> {
    verbanden.iter().copied().filter(|v| v.members.iter().any(|m| m.code == code)).collect()
}

/// For every other region: how many verbanden it shares with `code`.
///
/// ```
/// use kaartviewer_core::analysis::shared_counts;
/// use kaartviewer_core::dataset::parse_file;
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
///   {"id": "b", "name": "B", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "GM3"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// let counts = shared_counts(&all, "GM1");
/// assert_eq!((counts["GM2"], counts["GM3"]), (2, 1));
/// assert!(!counts.contains_key("GM1"));
/// ```
pub fn shared_counts(verbanden: &[&Verband], code: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for verband in verbanden_of(verbanden, code) {
        for member in verband.members.iter().filter(|m| m.code != code) {
            *counts.entry(member.code.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// How many verbanden each region takes part in.
pub fn participation_counts(verbanden: &[&Verband]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for member in verbanden.iter().flat_map(|v| &v.members) {
        *counts.entry(member.code.clone()).or_insert(0) += 1;
    }
    counts
}

/// The verbanden grouped by theme, in the order of the theme vocabulary; a verband with
/// several themes appears under each.
pub fn by_theme<'a>(verbanden: &[&'a Verband]) -> Vec<(&'static str, Vec<&'a Verband>)> {
    crate::vocabulary::THEMES
        .iter()
        .map(|theme| (theme.id, verbanden.iter().copied().filter(|v| v.themes.iter().any(|t| t == theme.id)).collect::<Vec<_>>()))
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// Pairs of regions (each pair once, codes in order) with the number of verbanden they
/// share, for the regions `include` accepts.
pub fn link_weights(verbanden: &[&Verband], include: &dyn Fn(&str) -> bool) -> BTreeMap<(String, String), usize> {
    let mut weights = BTreeMap::new();
    for verband in verbanden {
        let mut codes: Vec<&str> = verband.members.iter().map(|m| m.code.as_str()).filter(|c| include(c)).collect();
        codes.sort_unstable();
        codes.dedup();
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                *weights.entry((a.to_string(), b.to_string())).or_insert(0) += 1;
            }
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::parse_file;

    #[test]
    fn links_count_each_shared_verband_once_per_pair() {
        let data = parse_file(
            r#"{"boundary_year": 2025, "verbanden": [
              {"id": "a", "name": "A", "description": "d", "themes": ["afval", "water"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "PV1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
              {"id": "b", "name": "B", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM2"}, {"code": "GM1"}, {"code": "GM3"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#,
            "x",
        )
        .0
        .unwrap();
        let all: Vec<&Verband> = data.verbanden.iter().collect();
        let links = link_weights(&all, &|c| c.starts_with("GM"));
        assert_eq!(links[&("GM1".into(), "GM2".into())], 2);
        assert_eq!(links[&("GM1".into(), "GM3".into())], 1);
        assert_eq!(links.len(), 3);
        assert_eq!(participation_counts(&all)["GM1"], 2);
        let themes: Vec<(&str, usize)> = by_theme(&all).into_iter().map(|(t, l)| (t, l.len())).collect();
        assert_eq!(themes, [("afval", 1), ("water", 2)]);
    }

    #[test]
    fn the_index_agrees_with_a_scan_under_any_filter() {
        let data = parse_file(
            r#"{"boundary_year": 2025, "verbanden": [
              {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "GM1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
              {"id": "b", "name": "B", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM2"}, {"code": "PV1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
              {"id": "c", "name": "C", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "PV1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#,
            "x",
        )
        .0
        .unwrap();
        let index = MembershipIndex::new(&data.verbanden);
        let subsets: [&[usize]; 5] = [&[], &[0], &[1, 2], &[0, 2], &[0, 1, 2]];
        for visible in subsets {
            let list: Vec<&Verband> = visible.iter().map(|&i| &data.verbanden[i]).collect();
            for code in ["GM1", "GM2", "PV1", "GM9"] {
                let scanned: Vec<&str> = verbanden_of(&list, code).iter().map(|v| v.id.as_str()).collect();
                let indexed: Vec<&str> = index.of(code, visible).iter().map(|&i| data.verbanden[i].id.as_str()).collect();
                assert_eq!(indexed, scanned, "{code} in {visible:?}");
            }
        }
    }
}
