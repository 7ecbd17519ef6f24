//! Gemeentelijke herindelingen: gemeenten merged away, and the gemeenten they became.
//!
//! The register still names some participants by gemeenten that no longer exist (it records
//! who signed, and not every regeling was updated after a merger). The register's own
//! gemeente records give the end date but not the successor, so the successors come from a
//! committed table (`data/herindelingen.toml`) that cites the law of each herindeling.

use serde::Deserialize;
use std::collections::HashMap;

/// One herindeling: on `date` the `dissolved` gemeenten ceased to exist, and their area went
/// to `into` (one new or enlarged gemeente, or several when a gemeente was split).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Herindeling {
    pub date: String,
    pub dissolved: Vec<DissolvedGemeente>,
    pub into: Vec<String>,
    /// The herindelingswet or CBS publication.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DissolvedGemeente {
    pub code: String,
    pub name: String,
}

/// The committed table of herindelingen (`[[herindeling]]` entries).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HerindelingTable {
    #[serde(rename = "herindeling", default)]
    pub herindelingen: Vec<Herindeling>,
}

/// What became of a gemeente that no longer exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Succession {
    pub name: String,
    pub date: String,
    /// Today's gemeenten, after following later herindelingen too.
    pub successors: Vec<String>,
    pub source: String,
}

impl HerindelingTable {
    /// What became of `code`, following every later herindeling to today's gemeenten;
    /// `None` when the table does not list it as dissolved.
    ///
    /// ```
    /// use kaartviewer_core::register::successor::{DissolvedGemeente, Herindeling, HerindelingTable};
    /// let merger = |date: &str, old: &[(&str, &str)], new: &str| Herindeling {
    ///     date: date.into(),
    ///     dissolved: old.iter().map(|(c, n)| DissolvedGemeente { code: c.to_string(), name: n.to_string() }).collect(),
    ///     into: vec![new.into()],
    ///     source: "https://wetten.overheid.nl/".into(),
    /// };
    /// let table = HerindelingTable { herindelingen: vec![
    ///     merger("2019-01-01", &[("GM0001", "Oud")], "GM0002"),
    ///     merger("2022-01-01", &[("GM0002", "Tussen")], "GM0003"),
    /// ] };
    /// let s = table.succession("GM0001").unwrap();
    /// assert_eq!((s.name.as_str(), s.successors), ("Oud", vec!["GM0003".to_string()]));
    /// assert!(table.succession("GM0003").is_none());
    /// ```
    pub fn succession(&self, code: &str) -> Option<Succession> {
        let by_code: HashMap<&str, (&Herindeling, &DissolvedGemeente)> = self
            .herindelingen
            .iter()
            .flat_map(|h| h.dissolved.iter().map(move |d| (d.code.as_str(), (h, d))))
            .collect();
        let (first, gemeente) = by_code.get(code)?;
        let mut successors = Vec::new();
        let mut todo: Vec<(String, usize)> = first.into.iter().map(|c| (c.clone(), 0)).collect();
        while let Some((next, depth)) = todo.pop() {
            match by_code.get(next.as_str()) {
                // A table with a cycle would loop: stop following after a generous depth.
                Some((later, _)) if depth < 16 => todo.extend(later.into.iter().map(|c| (c.clone(), depth + 1))),
                _ if !successors.contains(&next) => successors.push(next),
                _ => {}
            }
        }
        successors.sort();
        Some(Succession { name: gemeente.name.clone(), date: first.date.clone(), successors, source: first.source.clone() })
    }

    /// Problems in the table itself: dates, codes, entries without successors.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for h in &self.herindelingen {
            let label = h.dissolved.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ");
            if h.date.len() != 10 || !crate::validate::is_partial_date(&h.date) {
                problems.push(format!("herindeling of {label}: date {:?} is not YYYY-MM-DD", h.date));
            }
            if h.into.is_empty() || h.dissolved.is_empty() {
                problems.push(format!("herindeling of {label}: needs dissolved gemeenten and the gemeenten they went into"));
            }
            for code in h.into.iter().chain(h.dissolved.iter().map(|d| &d.code)) {
                if !(code.len() == 6 && code.starts_with("GM") && code[2..].bytes().all(|b| b.is_ascii_digit())) {
                    problems.push(format!("herindeling of {label}: {code:?} is not a gemeente code (GM0000)"));
                }
            }
            if !crate::validate::is_web_url(&h.source) {
                problems.push(format!("herindeling of {label}: source {:?} is not an http(s) address", h.source));
            }
        }
        problems
    }
}
