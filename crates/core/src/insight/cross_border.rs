//! Verbanden whose members lie in more than one province.

use crate::dataset::Verband;
use std::collections::HashMap;

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
    // Each code asked once: a few hundred regions, against tens of thousands of memberships.
    let mut province: HashMap<&str, Option<String>> = HashMap::new();
    for member in verbanden.iter().flat_map(|v| &v.members) {
        province.entry(member.code.as_str()).or_insert_with(|| provincie_of(&member.code));
    }
    verbanden
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let mut provinces: Vec<&str> = v.members.iter().filter_map(|m| province[m.code.as_str()].as_deref()).collect();
            provinces.sort_unstable();
            provinces.dedup();
            (provinces.len() > 1).then(|| (i, provinces.into_iter().map(str::to_string).collect()))
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
