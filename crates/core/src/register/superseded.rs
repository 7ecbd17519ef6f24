//! Regelingen the register still lists as open although a newer regeling replaced them.
//!
//! When gemeenten set up a new regeling for the same task (a merger of two omgevingsdiensten,
//! say), the old one should be ended in the register, but it is not always: "Omgevingsdienst
//! regio Utrecht" is still open next to the newer "Omgevingsdienst Utrecht". Showing both
//! would count the task twice. The rule: an older open regeling is superseded by a newer one
//! when they share a theme, their names share most distinctive words, and nearly all of the
//! older one's members take part in the newer one. The names must also begin with the same
//! distinctive word (the kind of body: "Omgevingsdienst", "Archeologie"), because two
//! regelingen of one area share their place names: "Archeologie Midden-Delfland" is not
//! replaced by "Archiefbeheer Midden-Delfland".

use crate::dataset::{Verband, first_day};
use std::collections::HashSet;

/// An older regeling and the newer one that replaced it, with the figures that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Supersession {
    pub older: String,
    pub newer: String,
    pub name_similarity: f64,
    pub members_carried_over: f64,
}

/// Share of the older regeling's members that must be in the newer one.
pub const MIN_MEMBERS_CARRIED_OVER: f64 = 0.8;
/// Jaccard index of the distinctive words of the two names.
pub const MIN_NAME_SIMILARITY: f64 = 0.5;

const STOP_WORDS: &[&str] = &["de", "het", "een", "van", "voor", "en", "der", "den", "in", "op", "te", "met", "gemeenschappelijke", "regeling"];

fn words_in_order(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && !STOP_WORDS.contains(w) && !w.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

pub(crate) fn name_words(name: &str) -> HashSet<String> {
    words_in_order(name).into_iter().collect()
}

pub(crate) fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f64 / union as f64 }
}

/// The superseded regelingen among open `verbanden` (all from the register, with start dates).
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::register::superseded::find_superseded;
/// let gr = |id: &str, name: &str, start: &str, members: &[&str]| Verband {
///     id: id.into(), name: name.into(), start_date: Some(start.into()), themes: vec!["milieu-omgevingsdienst".into()],
///     members: members.iter().map(|c| Member { code: c.to_string(), ..Default::default() }).collect(),
///     ..Default::default()
/// };
/// let old = gr("gr-1", "Omgevingsdienst regio Utrecht", "2012-01-01", &["GM0344", "GM0356"]);
/// let new = gr("gr-2", "Omgevingsdienst Utrecht", "2025-01-01", &["GM0344", "GM0356", "GM0307", "PV26"]);
/// let other = gr("gr-3", "Afvalverwijdering Utrecht", "2013-01-01", &["GM0344", "GM0356"]);
/// let archive = gr("gr-4", "Archeologie Utrecht", "2014-01-01", &["GM0344", "GM0356"]);
/// let found = find_superseded(&[old, new, other, archive]);
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].older.as_str(), found[0].newer.as_str()), ("gr-1", "gr-2"));
/// ```
pub fn find_superseded(verbanden: &[Verband]) -> Vec<Supersession> {
    let words: Vec<HashSet<String>> = verbanden.iter().map(|v| name_words(&v.name)).collect();
    let first_words: Vec<Option<String>> = verbanden.iter().map(|v| words_in_order(&v.name).into_iter().next()).collect();
    let members: Vec<HashSet<&str>> = verbanden
        .iter()
        .map(|v| v.members.iter().filter(|m| m.end_date.is_none()).map(|m| m.code.as_str()).collect())
        .collect();
    let start = |v: &Verband| v.start_date.as_deref().map(first_day).unwrap_or_default();
    let mut found = Vec::new();
    for (i, older) in verbanden.iter().enumerate() {
        let mut best: Option<Supersession> = None;
        for (j, newer) in verbanden.iter().enumerate() {
            if i == j
                || start(newer) <= start(older)
                || first_words[i] != first_words[j]
                || !older.themes.iter().any(|t| newer.themes.contains(t))
            {
                continue;
            }
            let name_similarity = jaccard(&words[i], &words[j]);
            let carried = if members[i].is_empty() {
                0.0
            } else {
                members[i].intersection(&members[j]).count() as f64 / members[i].len() as f64
            };
            if name_similarity >= MIN_NAME_SIMILARITY
                && carried >= MIN_MEMBERS_CARRIED_OVER
                && best.as_ref().is_none_or(|b| name_similarity > b.name_similarity)
            {
                best = Some(Supersession { older: older.id.clone(), newer: newer.id.clone(), name_similarity, members_carried_over: carried });
            }
        }
        found.extend(best);
    }
    found
}
