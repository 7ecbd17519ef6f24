//! A region's cooperation profile: its verbanden by theme and legal form next to the median
//! of its province and of the country, the partners it shares most with, and its verbanden
//! that cross province borders.

use crate::dataset::Verband;
use crate::insight::cross_border::cross_border;
use crate::vocabulary::{Term, LEGAL_FORMS, THEMES};
use std::collections::{BTreeSet, HashMap};

/// One theme or legal form: the region's count and what is usual around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The vocabulary id.
    pub id: &'static str,
    pub count: usize,
    pub province_median: f64,
    pub national_median: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub themes: Vec<Comparison>,
    pub legal_forms: Vec<Comparison>,
    /// Regions it shares the most verbanden with: code and number, most first.
    pub partners: Vec<(String, usize)>,
    /// Its verbanden (indices into the given slice) whose members lie in several provinces.
    pub cross_border: Vec<usize>,
}

/// The profile of `code` among `verbanden`. `province_peers` and `national_peers` are the
/// regions to compare with (normally the gemeenten of its province and of the country,
/// itself included); regions in no verband count as zero.
pub fn profile(
    verbanden: &[&Verband],
    code: &str,
    province_peers: &[&str],
    national_peers: &[&str],
    provincie_of: &dyn Fn(&str) -> Option<String>,
    top_partners: usize,
) -> Profile {
    let themes = compare(verbanden, code, province_peers, national_peers, THEMES, &|v: &Verband| v.themes.iter().map(String::as_str).collect());
    let legal_forms = compare(verbanden, code, province_peers, national_peers, LEGAL_FORMS, &|v: &Verband| vec![v.legal_form.as_str()]);

    let mine: Vec<usize> = (0..verbanden.len()).filter(|&i| verbanden[i].members.iter().any(|m| m.code == code)).collect();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for &i in &mine {
        let others: BTreeSet<&str> = verbanden[i].members.iter().map(|m| m.code.as_str()).filter(|c| *c != code).collect();
        for other in others {
            *shared.entry(other).or_insert(0) += 1;
        }
    }
    let mut partners: Vec<(String, usize)> = shared.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
    partners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    partners.truncate(top_partners);

    let own: Vec<&Verband> = mine.iter().map(|&i| verbanden[i]).collect();
    let crossing = cross_border(&own, provincie_of).into_iter().map(|(j, _)| mine[j]).collect();
    Profile { themes, legal_forms, partners, cross_border: crossing }
}

/// Per vocabulary term: the region's count and the medians of the peers' counts, for the
/// terms where any of them is above zero.
fn compare(
    verbanden: &[&Verband],
    code: &str,
    province_peers: &[&str],
    national_peers: &[&str],
    vocabulary: &'static [Term],
    terms_of: &dyn Fn(&Verband) -> Vec<&str>,
) -> Vec<Comparison> {
    let position: HashMap<&str, usize> = vocabulary.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
    for verband in verbanden {
        let terms: BTreeSet<usize> = terms_of(verband).into_iter().filter_map(|t| position.get(t).copied()).collect();
        let members: BTreeSet<&str> = verband.members.iter().map(|m| m.code.as_str()).collect();
        for member in members {
            let row = counts.entry(member).or_insert_with(|| vec![0; vocabulary.len()]);
            for &t in &terms {
                row[t] += 1;
            }
        }
    }
    let count = |region: &str, t: usize| counts.get(region).map_or(0, |row| row[t]);
    vocabulary
        .iter()
        .enumerate()
        .map(|(t, term)| Comparison {
            id: term.id,
            count: count(code, t),
            province_median: median(province_peers.iter().map(|p| count(p, t)).collect()),
            national_median: median(national_peers.iter().map(|p| count(p, t)).collect()),
        })
        .filter(|c| c.count > 0 || c.province_median > 0.0 || c.national_median > 0.0)
        .collect()
}

/// The middle value (the mean of the two middle ones for an even number); 0 for none.
///
/// ```
/// use kaartviewer_core::insight::profile::median;
/// assert_eq!(median(vec![3, 1, 2]), 2.0);
/// assert_eq!(median(vec![4, 1, 2, 3]), 2.5);
/// assert_eq!(median(vec![]), 0.0);
/// ```
pub fn median(mut values: Vec<usize>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] as f64 } else { (values[mid - 1] + values[mid]) as f64 / 2.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insight::fixture;

    #[test]
    fn compares_with_province_and_country() {
        let data = fixture::dataset();
        let all = fixture::all(&data);
        let p = profile(&all, "GM1", &["GM1", "GM2", "GM3"], &["GM1", "GM2", "GM3", "GM4", "GM5"], &fixture::provincie_of, 3);
        let theme = |id: &str| p.themes.iter().find(|c| c.id == id).cloned().unwrap();
        // GM1: afval a, b; water c, e. Province: GM2 and GM3 have afval 2, water 1.
        assert_eq!((theme("afval").count, theme("afval").province_median, theme("afval").national_median), (2, 2.0, 2.0));
        assert_eq!((theme("water").count, theme("water").province_median, theme("water").national_median), (2, 1.0, 1.0));
        // Veiligheid: only d (GM4, GM5), so GM1 has none and both medians are 0: left out.
        assert!(p.themes.iter().all(|c| c.id != "veiligheid" && c.id != "onderwijs"));
        let form = |id: &str| p.legal_forms.iter().find(|c| c.id == id).cloned().unwrap();
        assert_eq!(form("openbaar-lichaam").count, 1);
        assert_eq!(p.partners, vec![("GM2".to_string(), 3), ("GM3".to_string(), 3), ("GM4".to_string(), 1)]);
        assert_eq!(p.cross_border, vec![2]);
    }
}
