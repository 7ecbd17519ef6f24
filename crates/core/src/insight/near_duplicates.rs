//! Pairs of verbanden with nearly the same members (Jaccard index of their member sets).
//!
//! Only pairs that share at least one member can score above zero, so the pairs are found
//! through the members rather than by trying all n² combinations: with 5,000 verbanden of
//! four members each that is a few hundred thousand steps instead of twelve million.
//!
//! Degenerate data can still make the pairs themselves quadratic: 20,000 records with the
//! same single member are 200 million pairs, which froze the viewer and then exhausted its
//! memory. So the search is bounded: it stops after [`MAX_PAIRS`] pairs or [`MAX_STEPS`]
//! counting steps and says it is incomplete.

use crate::dataset::Verband;
use std::collections::{BTreeSet, HashMap};

/// Two verbanden and how far their members overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct NearDuplicate {
    /// Indices into the slice given to [`near_duplicates`]; `a < b`.
    pub a: usize,
    pub b: usize,
    /// |A ∩ B| / |A ∪ B|, from 0 to 1.
    pub jaccard: f64,
    pub shared: usize,
    /// Members only in `a`, and only in `b` (sorted codes).
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

/// At most this many pairs are listed (the view shows them 100 at a time).
pub const MAX_PAIRS: usize = 10_000;
/// At most this many counting steps are taken (a few tens of milliseconds in the browser).
pub const MAX_STEPS: usize = 10_000_000;

/// The pairs found, and whether the search looked at every pair.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Search {
    pub pairs: Vec<NearDuplicate>,
    /// False when a limit stopped the search: more pairs may qualify than are listed.
    pub complete: bool,
}

/// Every pair with a Jaccard index of at least `threshold` (and above zero), highest first;
/// ties by the number of shared members, then by position. Bounded by [`MAX_PAIRS`] and
/// [`MAX_STEPS`] (see [`near_duplicates_within`]).
///
/// ```
/// use kaartviewer_core::dataset::parse_file;
/// use kaartviewer_core::insight::near_duplicates::near_duplicates;
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "GM3"}, {"code": "GM4"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
///   {"id": "b", "name": "B", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "GM3"}, {"code": "GM5"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// let found = near_duplicates(&all, 0.5);
/// assert!(found.complete);
/// assert_eq!(found.pairs[0].jaccard, 3.0 / 5.0);
/// assert_eq!((found.pairs[0].only_a.clone(), found.pairs[0].only_b.clone()), (vec!["GM4".to_string()], vec!["GM5".to_string()]));
/// assert!(near_duplicates(&all, 0.8).pairs.is_empty());
/// ```
pub fn near_duplicates(verbanden: &[&Verband], threshold: f64) -> Search {
    near_duplicates_within(verbanden, threshold, MAX_PAIRS, MAX_STEPS)
}

/// [`near_duplicates`] with explicit limits: at most `max_pairs` pairs and `max_steps`
/// counting steps.
pub fn near_duplicates_within(verbanden: &[&Verband], threshold: f64, max_pairs: usize, max_steps: usize) -> Search {
    let sets: Vec<BTreeSet<&str>> = verbanden.iter().map(|v| v.members.iter().map(|m| m.code.as_str()).collect()).collect();
    let mut by_member: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for code in set {
            by_member.entry(code).or_default().push(i);
        }
    }
    // For each verband, count shared members with every later one, reusing one buffer.
    let mut shared = vec![0usize; sets.len()];
    let mut touched = Vec::new();
    let mut pairs = Vec::new();
    let mut steps = 0usize;
    let mut complete = true;
    'search: for (a, set) in sets.iter().enumerate() {
        for code in set {
            // Only the verbanden after `a` (each list is in ascending order).
            let later = &by_member[code][by_member[code].partition_point(|&b| b <= a)..];
            steps += later.len();
            if steps > max_steps {
                complete = false;
                break 'search;
            }
            for &b in later {
                if shared[b] == 0 {
                    touched.push(b);
                }
                shared[b] += 1;
            }
        }
        for b in touched.drain(..) {
            let common = std::mem::take(&mut shared[b]);
            let jaccard = common as f64 / (set.len() + sets[b].len() - common) as f64;
            if jaccard >= threshold {
                pairs.push(NearDuplicate {
                    a,
                    b,
                    jaccard,
                    shared: common,
                    only_a: set.difference(&sets[b]).map(|c| c.to_string()).collect(),
                    only_b: sets[b].difference(set).map(|c| c.to_string()).collect(),
                });
                if pairs.len() >= max_pairs {
                    complete = false;
                    break 'search;
                }
            }
        }
    }
    pairs.sort_by(|x, y| y.jaccard.total_cmp(&x.jaccard).then(y.shared.cmp(&x.shared)).then((x.a, x.b).cmp(&(y.a, y.b))));
    Search { pairs, complete }
}

/// How many members every two verbanden share (the diagonal holds each one's size): the
/// overlap view's matrix, meant for a few dozen verbanden.
///
/// ```
/// use kaartviewer_core::dataset::parse_file;
/// use kaartviewer_core::insight::near_duplicates::shared_member_matrix;
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
///   {"id": "b", "name": "B", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// assert_eq!(shared_member_matrix(&all), vec![vec![2, 1], vec![1, 1]]);
/// ```
pub fn shared_member_matrix(verbanden: &[&Verband]) -> Vec<Vec<usize>> {
    let sets: Vec<BTreeSet<&str>> = verbanden.iter().map(|v| v.members.iter().map(|m| m.code.as_str()).collect()).collect();
    sets.iter().map(|a| sets.iter().map(|b| a.intersection(b).count()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insight::fixture;

    #[test]
    fn finds_pairs_by_hand_computed_jaccard() {
        let data = fixture::dataset();
        let all = fixture::all(&data);
        let pairs = near_duplicates(&all, 0.0).pairs;
        let found: Vec<(usize, usize, f64)> = pairs.iter().map(|p| (p.a, p.b, p.jaccard)).collect();
        // a = b exactly; c adds GM4 to them (3/4); d shares GM4 with c (1/5); e shares GM1 (1/4, 1/4, 1/5).
        assert_eq!(
            found,
            vec![(0, 1, 1.0), (0, 2, 0.75), (1, 2, 0.75), (0, 4, 0.25), (1, 4, 0.25), (2, 3, 0.2), (2, 4, 0.2)]
        );
        assert_eq!(pairs[1].only_b, vec!["GM4".to_string()]);
        assert!(pairs[0].only_a.is_empty() && pairs[0].only_b.is_empty());
        assert_eq!(near_duplicates(&all, 0.8).pairs.len(), 1, "the default threshold keeps the exact duplicate");
    }

    #[test]
    fn agrees_with_trying_every_pair() {
        let data = fixture::dataset();
        let all = fixture::all(&data);
        let fast = near_duplicates(&all, 0.0).pairs;
        for (a, va) in all.iter().enumerate() {
            for (b, vb) in all.iter().enumerate().skip(a + 1) {
                let x: BTreeSet<_> = va.members.iter().map(|m| &m.code).collect();
                let y: BTreeSet<_> = vb.members.iter().map(|m| &m.code).collect();
                let j = x.intersection(&y).count() as f64 / x.union(&y).count() as f64;
                let listed = fast.iter().find(|p| (p.a, p.b) == (a, b)).map(|p| p.jaccard);
                assert_eq!(listed, (j > 0.0).then_some(j), "pair {a}-{b}");
            }
        }
    }

    #[test]
    fn degenerate_data_ends_the_search_quickly_and_says_so() {
        // 20,000 records with one and the same member: 200 million pairs of Jaccard 1.
        let json = |code: &str| format!(r#"{{"id": "x", "name": "X", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{{"code": "{code}"}}], "sources": ["https://e.nl"], "checked": "2026-11-23"}}"#);
        let one: Verband = serde_json::from_str(&json("GM1")).unwrap();
        let all: Vec<&Verband> = std::iter::repeat_n(&one, 20_000).collect();
        let start = std::time::Instant::now();
        let found = near_duplicates(&all, 0.8);
        assert!(!found.complete);
        assert_eq!(found.pairs.len(), MAX_PAIRS);
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
        // The step limit holds too, even when no pair qualifies.
        let found = near_duplicates_within(&all, 1.5, MAX_PAIRS, 1_000);
        assert!(found.pairs.is_empty() && !found.complete);
        // Ordinary data is searched completely.
        let data = fixture::dataset();
        assert!(near_duplicates(&fixture::all(&data), 0.0).complete);
    }
}
