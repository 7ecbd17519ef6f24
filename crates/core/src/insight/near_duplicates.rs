//! Pairs of verbanden with nearly the same members (Jaccard index of their member sets).
//!
//! Only pairs that share enough members can reach the threshold, so the pairs are found
//! through their rarest members (a prefix filter) rather than by trying all n²
//! combinations: with the benchmark's 5,000 verbanden of four members each, at the default
//! 0.8, about 110,000 candidate pairs are checked instead of twelve million pairs (and
//! instead of 570,000 counting steps through every shared member).
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
    // Members as numbers, the rarest first, and each set sorted in that order: the pairs are
    // then found by the prefix filter of similarity joins (Bayardo, Ma and Srikant, "Scaling
    // up all pairs similarity search", 2007). Two sets with a Jaccard index of at least t
    // share at least ⌈t·|x|⌉ members, and then also a member among the first |x| − ⌈t·|x|⌉ + 1
    // of each. At the default 0.8 that is one or two members per set, and the rarest: each
    // verband is compared with about 20 others instead of everyone sharing any member.
    let member_sets: Vec<Vec<&str>> = verbanden
        .iter()
        .map(|v| {
            let mut set: Vec<&str> = v.members.iter().map(|m| m.code.as_str()).collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for code in member_sets.iter().flatten() {
        *frequency.entry(code).or_insert(0) += 1;
    }
    let mut codes: Vec<&str> = frequency.keys().copied().collect();
    codes.sort_unstable_by(|a, b| frequency[a].cmp(&frequency[b]).then(a.cmp(b)));
    let id: HashMap<&str, u32> = codes.iter().enumerate().map(|(i, code)| (*code, i as u32)).collect();
    let sets: Vec<Vec<u32>> = member_sets
        .iter()
        .map(|set| {
            let mut ids: Vec<u32> = set.iter().map(|code| id[code]).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    // How many of a set's first members are searched; the small margin keeps a product such
    // as 0.7 × 10 = 7.000000000000001 from shortening the prefix (a longer one only adds
    // candidates, which are checked exactly).
    let prefix = |len: usize| {
        let must_share = (threshold * len as f64 - 1e-9).ceil().max(0.0) as usize;
        (len + 1).saturating_sub(must_share).min(len)
    };
    // Members of `a` not in `b`, as sorted codes.
    let only = |a: &[u32], b: &[u32]| -> Vec<String> {
        let mut out: Vec<String> = a.iter().filter(|id| b.binary_search(id).is_err()).map(|&id| codes[id as usize].to_string()).collect();
        out.sort_unstable();
        out
    };
    // Earlier verbanden by the members of their prefix; `seen` marks the candidates of the
    // current verband (its index + 1), so each pair is checked once.
    let mut by_prefix_member: Vec<Vec<usize>> = vec![Vec::new(); codes.len()];
    let mut seen = vec![0usize; sets.len()];
    let mut candidates = Vec::new();
    let mut pairs = Vec::new();
    let mut steps = 0usize;
    let mut complete = true;
    'search: for (b, set) in sets.iter().enumerate() {
        let head = &set[..prefix(set.len())];
        for &code in head {
            let earlier = &by_prefix_member[code as usize];
            steps += earlier.len();
            if steps > max_steps {
                complete = false;
                break 'search;
            }
            for &a in earlier {
                if seen[a] != b + 1 {
                    seen[a] = b + 1;
                    candidates.push(a);
                }
            }
        }
        for a in candidates.drain(..) {
            let common = shared_count(&sets[a], set);
            let jaccard = common as f64 / (sets[a].len() + set.len() - common) as f64;
            if common > 0 && jaccard >= threshold {
                pairs.push(NearDuplicate { a, b, jaccard, shared: common, only_a: only(&sets[a], set), only_b: only(set, &sets[a]) });
                if pairs.len() >= max_pairs {
                    complete = false;
                    break 'search;
                }
            }
        }
        for &code in head {
            by_prefix_member[code as usize].push(b);
        }
    }
    pairs.sort_by(|x, y| y.jaccard.total_cmp(&x.jaccard).then(y.shared.cmp(&x.shared)).then((x.a, x.b).cmp(&(y.a, y.b))));
    Search { pairs, complete }
}

/// The number of values two ascending lists have in common.
fn shared_count(x: &[u32], y: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
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
        // The step limit holds too, whatever the pair limit.
        let found = near_duplicates_within(&all, 0.8, usize::MAX, 1_000);
        assert!(found.pairs.len() <= 1_000 && !found.complete);
        // Ordinary data is searched completely.
        let data = fixture::dataset();
        assert!(near_duplicates(&fixture::all(&data), 0.0).complete);
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The search through the members finds exactly the pairs, overlaps and differences
        /// that comparing every two member sets finds (codes repeated within a record too).
        #[test]
        fn agrees_with_every_pair_on_random_memberships(
            records in proptest::collection::vec(proptest::collection::vec(0u8..9, 0..7), 0..24),
            threshold in proptest::prop_oneof![0.0f64..1.0, (0u8..=20).prop_map(|k| f64::from(k) / 20.0)],
        ) {
            let json = |members: &[u8]| {
                let members: Vec<String> = members.iter().map(|m| format!(r#"{{"code": "GM{m}"}}"#)).collect();
                format!(r#"{{"id": "x", "name": "X", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{}], "sources": ["https://e.nl"], "checked": "2026-11-23"}}"#, members.join(","))
            };
            let owned: Vec<Verband> = records.iter().map(|r| serde_json::from_str(&json(r)).unwrap()).collect();
            let all: Vec<&Verband> = owned.iter().collect();
            let found = near_duplicates(&all, threshold);
            proptest::prop_assert!(found.complete);
            let mut expected = Vec::new();
            for (a, va) in all.iter().enumerate() {
                for (b, vb) in all.iter().enumerate().skip(a + 1) {
                    let x: BTreeSet<String> = va.members.iter().map(|m| m.code.clone()).collect();
                    let y: BTreeSet<String> = vb.members.iter().map(|m| m.code.clone()).collect();
                    let shared = x.intersection(&y).count();
                    let jaccard = shared as f64 / x.union(&y).count().max(1) as f64;
                    if shared > 0 && jaccard >= threshold {
                        expected.push((a, b, shared, x.difference(&y).cloned().collect::<Vec<_>>(), y.difference(&x).cloned().collect::<Vec<_>>()));
                    }
                }
            }
            let mut listed: Vec<_> = found.pairs.iter().map(|p| (p.a, p.b, p.shared, p.only_a.clone(), p.only_b.clone())).collect();
            listed.sort();
            proptest::prop_assert_eq!(listed, expected);
        }
    }
}
