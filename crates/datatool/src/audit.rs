//! `datatool audit`: the curated records against the GR-register, with the explanations
//! editors wrote in `data/README.md` for differences where the curated record is right.

use crate::verbanden::Loaded;
use kaartviewer_core::audit::{Finding, RegisterView, audit};
use kaartviewer_core::dataset::Verband;
use std::collections::HashSet;

/// The heading of the section in `data/README.md` that explains findings.
pub const SECTION: &str = "## Verschillen met het GR-register";

/// `(record id, finding id)` pairs from the explanation table: rows `| record | finding | uitleg |`.
///
/// Only rows with a non-empty explanation count: a finding is explained, not waved through.
pub fn explanations(readme: &str) -> HashSet<(String, String)> {
    let Some(start) = readme.find(SECTION) else { return HashSet::new() };
    let section = &readme[start + SECTION.len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let cells = |line: &str| -> Option<Vec<String>> {
        Some(line.trim().strip_prefix('|')?.strip_suffix('|')?.split('|').map(|c| c.trim().to_string()).collect())
    };
    let is_delimiter = |line: &str| cells(line).is_some_and(|c| c.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':'))));
    let lines: Vec<&str> = section.lines().collect();
    lines
        .iter()
        .enumerate()
        // Not the delimiter row, nor the header row above it (the column names).
        .filter(|(i, line)| !is_delimiter(line) && !lines.get(i + 1).is_some_and(|next| is_delimiter(next)))
        .filter_map(|(_, line)| match cells(line)?.as_slice() {
            [record, finding, why] if !why.is_empty() => Some((record.trim_matches('`').to_string(), finding.trim_matches('`').to_string())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_header_is_not_an_explanation() {
        let readme = format!(
            "{SECTION}\n\n| record | verschil | uitleg |\n|---|---|---|\n| `a` | `naam` | Het register spelt het anders. |\n| `b` | `leden` |  |\n\n## Verder\n| x | y | z |\n"
        );
        let found = explanations(&readme);
        assert_eq!(found, HashSet::from([("a".to_string(), "naam".to_string())]), "not the header, not an empty explanation, not another section");
    }
}

/// The findings, split into unexplained and explained.
pub fn findings(loaded: &Loaded, readme: &str, today: &str) -> (Vec<Finding>, Vec<Finding>) {
    let curated: Vec<Verband> = loaded.curated.iter().flat_map(|(_, f)| f.verbanden.iter().cloned()).collect();
    let register: Vec<Verband> =
        loaded.imported.verbanden.iter().chain(&loaded.imported.superseded_verbanden).cloned().collect();
    let view = RegisterView { verbanden: &register, version_of: &loaded.imported.version_of, superseded: &loaded.imported.superseded };
    let explained = explanations(readme);
    audit(&curated, &view, today)
        .into_iter()
        .partition(|f| !explained.contains(&(f.record.clone(), f.kind.id().to_string())))
}

pub fn run(loaded: &Loaded, readme: &str, today: &str) -> Result<(), String> {
    let (open, explained) = findings(loaded, readme, today);
    let curated: usize = loaded.curated.iter().map(|(_, f)| f.verbanden.len()).sum();
    println!("datatool: audit of {curated} curated records against the GR-register on {today}");
    for f in &explained {
        println!("explained: {f}");
    }
    for f in &open {
        println!("{f}");
    }
    let found: HashSet<(String, String)> = open.iter().chain(&explained).map(|f| (f.record.clone(), f.kind.id().to_string())).collect();
    let mut unused: Vec<(String, String)> = explanations(readme).into_iter().filter(|e| !found.contains(e)).collect();
    unused.sort();
    for (record, kind) in unused {
        println!("datatool: note: data/README.md explains {record}: {kind}, which the audit no longer finds; remove that row");
    }
    if open.is_empty() {
        println!("datatool: no unexplained differences ({} explained in data/README.md)", explained.len());
        Ok(())
    } else {
        Err(format!(
            "{} unexplained difference(s): correct the record, or explain it in data/README.md under \"{}\"",
            open.len(),
            SECTION.trim_start_matches("## ")
        ))
    }
}
