//! What `datatool build` says about the dataset it built: where the records come from, what
//! was left out and why, and how well the country is covered.

use crate::verbanden::{Loaded, MergeReport};
use kaartviewer_core::dataset::{Origin, PublishedDataset, as_of};
use kaartviewer_core::region::RegionKind;
use std::collections::HashMap;

fn list(title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    println!("datatool: {title} ({}):", items.len());
    for item in items {
        println!("datatool:   {item}");
    }
}

/// The median of a sorted list.
fn median(sorted: &[usize]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

pub fn print(loaded: &Loaded, built: &PublishedDataset, merge: &MergeReport, today: &str) {
    let imported = &loaded.imported;
    let open = imported.verbanden.iter().filter(|v| v.end_date.is_none()).count();
    println!(
        "datatool: GR-register: {} open regelingen; imported {} verbanden ({open} current, {} ended)",
        imported.open_regelingen,
        imported.verbanden.len(),
        imported.verbanden.len() - open,
    );
    let superseded: Vec<String> = imported
        .superseded
        .iter()
        .map(|s| {
            let name = |id: &str| {
                imported.verbanden.iter().chain(&imported.superseded_verbanden).find(|v| v.id == id).map_or(id.to_string(), |v| v.name.clone())
            };
            format!(
                "{} ({}) replaced by {} ({}): {:.0}% of members carried over, names {:.0}% alike",
                name(&s.older),
                s.older,
                name(&s.newer),
                s.newer,
                s.members_carried_over * 100.0,
                s.name_similarity * 100.0
            )
        })
        .collect();
    list("left out: superseded regelingen the register still lists as open", &superseded);
    list("left out: no gemeente, provincie or waterschap takes part", &imported.without_members);
    list("left out: older versions still open next to a newer version", &imported.stale_open_versions);
    list("themes by fallback (extend data/register-themes.toml)", &imported.fallback_themes);
    list("participants that were merged-away gemeenten, shown as their successor", &imported.successions);
    list("CBS division regions joined with their registered regeling", &merge.linked_divisions);
    list("successor gemeenten left out because the CBS division puts them in another region", &merge.dropped_successors);
    list("curated records in place of derived or register records", &merge.curated_overrides);

    let mut by_origin: HashMap<Origin, usize> = HashMap::new();
    for v in &built.verbanden {
        *by_origin.entry(v.origin).or_default() += 1;
    }
    println!(
        "datatool: published {} verbanden: {} from the GR-register, {} from CBS divisions, {} curated",
        built.verbanden.len(),
        by_origin.get(&Origin::Register).unwrap_or(&0),
        by_origin.get(&Origin::Division).unwrap_or(&0),
        by_origin.get(&Origin::Curated).unwrap_or(&0),
    );
    let current = as_of(&built.verbanden, today);
    let gemeenten = loaded.register.codes(loaded.derived_year, RegionKind::Gemeente);
    let mut count: HashMap<&str, usize> = gemeenten.iter().map(|c| (*c, 0)).collect();
    for v in &current {
        for m in &v.members {
            if let Some(n) = count.get_mut(m.code.as_str()) {
                *n += 1;
            }
        }
    }
    let mut counts: Vec<usize> = count.values().copied().collect();
    counts.sort_unstable();
    println!(
        "datatool: current verbanden per gemeente on {today}: median {}, range {}–{} over {} gemeenten",
        median(&counts),
        counts.first().unwrap_or(&0),
        counts.last().unwrap_or(&0),
        counts.len()
    );
}
