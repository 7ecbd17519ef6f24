//! Congruence: the distinct member configurations in the data. Verbanden with exactly the
//! same members form one regional "indeling"; a region that belongs to many different
//! configurations has to cooperate in many different circles.

use crate::dataset::Verband;
use std::collections::{BTreeMap, HashMap};

/// One set of members and the verbanden that have exactly that set.
#[derive(Debug, Clone, PartialEq)]
pub struct Configuration {
    /// Sorted member codes.
    pub members: Vec<String>,
    /// Indices into the slice given to [`configurations`].
    pub verbanden: Vec<usize>,
}

/// Every distinct member set, the most shared first (then the largest, then by members).
///
/// ```
/// use kaartviewer_core::dataset::parse_file;
/// use kaartviewer_core::insight::congruence::configurations;
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
///   {"id": "b", "name": "B", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM2"}, {"code": "GM1"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// let found = configurations(&all);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].verbanden, vec![0, 1]);
/// ```
pub fn configurations(verbanden: &[&Verband]) -> Vec<Configuration> {
    // Keyed by borrowed codes: one owned copy per distinct set, not one per verband (this
    // runs on every filter change, over up to thousands of verbanden); hashed, since the
    // order comes from the sort below.
    let mut by_set: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    for (i, verband) in verbanden.iter().enumerate() {
        let mut set: Vec<&str> = verband.members.iter().map(|m| m.code.as_str()).collect();
        set.sort_unstable();
        set.dedup();
        if !set.is_empty() {
            by_set.entry(set).or_default().push(i);
        }
    }
    let mut out: Vec<Configuration> = by_set
        .into_iter()
        .map(|(members, verbanden)| Configuration { members: members.into_iter().map(str::to_string).collect(), verbanden })
        .collect();
    out.sort_by(|x, y| y.verbanden.len().cmp(&x.verbanden.len()).then(y.members.len().cmp(&x.members.len())).then(x.members.cmp(&y.members)));
    out
}

/// For every region: in how many distinct configurations it takes part.
///
/// ```
/// use kaartviewer_core::insight::congruence::{configurations_per_region, Configuration};
/// let found = [
///     Configuration { members: vec!["GM1".into(), "GM2".into()], verbanden: vec![0, 1] },
///     Configuration { members: vec!["GM2".into()], verbanden: vec![2] },
/// ];
/// let per_region = configurations_per_region(&found);
/// assert_eq!((per_region["GM1"], per_region["GM2"]), (1, 2));
/// ```
pub fn configurations_per_region(configurations: &[Configuration]) -> BTreeMap<String, usize> {
    // Counted by borrowed code, then one owned copy per region.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for code in configurations.iter().flat_map(|c| &c.members) {
        *counts.entry(code.as_str()).or_insert(0) += 1;
    }
    counts.into_iter().map(|(code, n)| (code.to_string(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insight::fixture;

    #[test]
    fn same_members_in_any_order_are_one_configuration() {
        let data = fixture::dataset();
        let all = fixture::all(&data);
        let found = configurations(&all);
        assert_eq!(found.len(), 4, "a and b share one set; c, d and e each have their own");
        assert_eq!(found[0].members, vec!["GM1", "GM2", "GM3"]);
        assert_eq!(found[0].verbanden, vec![0, 1]);
        let per_region = configurations_per_region(&found);
        assert_eq!(per_region["GM1"], 3, "{{GM1,GM2,GM3}}, {{+GM4}}, {{GM1,PV1}}");
        assert_eq!(per_region["GM4"], 2);
        assert_eq!(per_region["GM5"], 1);
    }
}
