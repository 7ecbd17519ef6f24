//! One verband per real body: a CBS division region and the registered regeling that is
//! the same body.
//!
//! A veiligheidsregio is both a region of the CBS division and an openbaar lichaam in the
//! GR-register. Shown twice, it would double every count. They are the same body when the
//! register's title has the division's word (`veiligheidsregio`), they share a theme, and
//! their gemeenten nearly coincide.

use crate::dataset::Verband;
use std::collections::HashSet;

/// Jaccard index of the gemeenten at which a division region and a regeling are one body.
pub const MIN_MEMBER_OVERLAP: f64 = 0.7;

/// A division record and the register record it was joined with.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionLink {
    pub division_record: usize,
    pub register_record: usize,
    pub overlap: f64,
}

fn gemeenten(v: &Verband) -> HashSet<&str> {
    v.members.iter().filter(|m| m.end_date.is_none() && m.code.starts_with("GM")).map(|m| m.code.as_str()).collect()
}

/// For each division record with title words, the best-matching open register record, each
/// register record used at most once. `title_words(i)` are the words (lower case) one of
/// which the register title must contain for division record `i`; none means never linked.
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::register::link::link_divisions;
/// let v = |name: &str, theme: &str, codes: &[&str]| Verband {
///     name: name.into(), themes: vec![theme.into()],
///     members: codes.iter().map(|c| Member { code: c.to_string(), ..Default::default() }).collect(), ..Default::default()
/// };
/// let divisions = vec![v("Veiligheidsregio Utrecht", "veiligheid", &["GM0344", "GM0356", "GM0307"])];
/// let register = vec![v("GGD regio Utrecht", "gezondheid", &["GM0344", "GM0356", "GM0307"]),
///                     v("Veiligheidsregio Utrecht (VRU)", "veiligheid", &["GM0344", "GM0356", "GM0307"])];
/// let links = link_divisions(&divisions, &register, |_| vec!["veiligheidsregio".into()]);
/// assert_eq!(links.len(), 1);
/// assert_eq!(links[0].register_record, 1);
/// ```
pub fn link_divisions(divisions: &[Verband], register: &[Verband], title_words: impl Fn(usize) -> Vec<String>) -> Vec<DivisionLink> {
    let register_gemeenten: Vec<HashSet<&str>> = register.iter().map(gemeenten).collect();
    let mut candidates = Vec::new();
    for (d, division) in divisions.iter().enumerate() {
        let words = title_words(d);
        if words.is_empty() {
            continue;
        }
        let mine = gemeenten(division);
        for (r, record) in register.iter().enumerate() {
            let title = record.name.to_lowercase();
            if record.end_date.is_some()
                || !words.iter().any(|w| title.contains(w.as_str()))
                || !record.themes.iter().any(|t| division.themes.contains(t))
            {
                continue;
            }
            let union = mine.union(&register_gemeenten[r]).count();
            let overlap = if union == 0 { 0.0 } else { mine.intersection(&register_gemeenten[r]).count() as f64 / union as f64 };
            if overlap >= MIN_MEMBER_OVERLAP {
                candidates.push(DivisionLink { division_record: d, register_record: r, overlap });
            }
        }
    }
    // Best overlaps first, each side used once.
    candidates.sort_by(|a, b| b.overlap.total_cmp(&a.overlap));
    let mut used_divisions = HashSet::new();
    let mut used_register = HashSet::new();
    candidates
        .into_iter()
        .filter(|c| used_divisions.insert(c.division_record) && used_register.insert(c.register_record))
        .collect()
}
