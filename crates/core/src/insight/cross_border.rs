//! Verbanden whose members lie in more than one province.

use crate::dataset::Verband;
use std::collections::BTreeSet;

/// Each verband (index into `verbanden`) whose members lie in two or more provinces, with
/// those provinces (sorted codes). Members without a known province (water boards) do not
/// count; a provincie member counts as its own province.
///
/// ```
/// use kaartviewer_core::dataset::parse_file;
/// use kaartviewer_core::insight::cross_border::cross_border;
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM9"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// let provincie_of = |c: &str| Some(if c == "GM1" { "PV21" } else { "PV22" }.to_string());
/// assert_eq!(cross_border(&all, &provincie_of), vec![(0, vec!["PV21".to_string(), "PV22".to_string()])]);
/// ```
pub fn cross_border(verbanden: &[&Verband], provincie_of: &dyn Fn(&str) -> Option<String>) -> Vec<(usize, Vec<String>)> {
    verbanden
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let provinces: BTreeSet<String> = v.members.iter().filter_map(|m| provincie_of(&m.code)).collect();
            (provinces.len() > 1).then(|| (i, provinces.into_iter().collect()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insight::fixture;

    #[test]
    fn only_verbanden_spanning_provinces() {
        let data = fixture::dataset();
        let all = fixture::all(&data);
        let found = cross_border(&all, &fixture::provincie_of);
        assert_eq!(found, vec![(2, vec!["PV1".to_string(), "PV2".to_string()])], "c spans PV1 and PV2; e's PV1 is its own province");
    }
}
