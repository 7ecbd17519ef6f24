//! The table alternative to the map: every region of a layer with how many verbanden it
//! takes part in and, when a region is selected, how many it shares with that region.
//!
//! What the map says with colour, this says with numbers, for screen-reader users, for
//! printing and for pasting into a spreadsheet.

use crate::analysis::{participation_counts, shared_counts};
use crate::csv_table::write_table;
use crate::dataset::Verband;
use crate::filter::fold;
use std::cmp::Ordering;

/// One region (gemeente, waterschap or provincie) with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    /// The provincie a gemeente lies in (its display name).
    pub provincie: Option<String>,
    /// Verbanden (passing the filters) that the region takes part in.
    pub verbanden: usize,
    /// Verbanden shared with the selected region; `None` without a selection and for the
    /// selected region itself.
    pub shared: Option<usize>,
}

/// The column a table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    Name,
    Provincie,
    #[default]
    Verbanden,
    Shared,
}

/// A region of the layer: code, name and, for gemeenten, the provincie's name.
pub struct RegionEntry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub provincie: Option<&'a str>,
}

/// The rows for `regions`, counting only `verbanden`.
///
/// ```
/// use kaartviewer_core::dataset::parse_file;
/// use kaartviewer_core::region_table::{region_rows, RegionEntry};
/// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [
///   {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
/// let all: Vec<_> = data.verbanden.iter().collect();
/// let regions = [RegionEntry { code: "GM1", name: "Een", provincie: None }, RegionEntry { code: "GM3", name: "Drie", provincie: None }];
/// let rows = region_rows(&regions, &all, Some("GM2"));
/// assert_eq!((rows[0].verbanden, rows[0].shared), (1, Some(1)));
/// assert_eq!((rows[1].verbanden, rows[1].shared), (0, Some(0)));
/// ```
pub fn region_rows(regions: &[RegionEntry], verbanden: &[&Verband], selected: Option<&str>) -> Vec<RegionRow> {
    let participation = participation_counts(verbanden);
    let shared = selected.map(|code| (code, shared_counts(verbanden, code)));
    regions
        .iter()
        .map(|r| RegionRow {
            code: r.code.to_string(),
            name: r.name.to_string(),
            provincie: r.provincie.map(str::to_string),
            verbanden: participation.get(r.code).copied().unwrap_or(0),
            shared: shared
                .as_ref()
                .filter(|(selected, _)| *selected != r.code)
                .map(|(_, counts)| counts.get(r.code).copied().unwrap_or(0)),
        })
        .collect()
}

/// Sorts rows by `column`; ties (and equal names) fall back to the name, then the code, so
/// the order is the same every time. Names compare without case or accents.
pub fn sort_rows(rows: &mut [RegionRow], column: SortColumn, descending: bool) {
    let by_name = |a: &RegionRow, b: &RegionRow| fold(&a.name).cmp(&fold(&b.name)).then_with(|| a.code.cmp(&b.code));
    rows.sort_by(|a, b| {
        let primary = match column {
            SortColumn::Name => Ordering::Equal,
            SortColumn::Provincie => a.provincie.as_deref().map(fold).cmp(&b.provincie.as_deref().map(fold)),
            SortColumn::Verbanden => a.verbanden.cmp(&b.verbanden),
            SortColumn::Shared => a.shared.cmp(&b.shared),
        };
        let primary = if descending { primary.reverse() } else { primary };
        let tie = by_name(a, b);
        primary.then(if column == SortColumn::Name && descending { tie.reverse() } else { tie })
    });
}

/// The rows as CSV for a spreadsheet, with the given column headers: code, name, provincie,
/// verbanden and (only when some row has it) shared.
pub fn to_csv(rows: &[RegionRow], headers: [&str; 5]) -> String {
    let columns = if rows.iter().any(|r| r.shared.is_some()) { 5 } else { 4 };
    let mut table = vec![headers[..columns].iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for row in rows {
        let mut cells = vec![row.code.clone(), row.name.clone(), row.provincie.clone().unwrap_or_default(), row.verbanden.to_string()];
        if columns == 5 {
            cells.push(row.shared.map_or_else(String::new, |n| n.to_string()));
        }
        table.push(cells);
    }
    write_table(&table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::parse_file;

    fn dataset() -> crate::dataset::DatasetFile {
        parse_file(
            r#"{"boundary_year": 2025, "verbanden": [
              {"id": "a", "name": "A", "description": "d", "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}, {"code": "GM3"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
              {"id": "b", "name": "B", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM1"}, {"code": "GM2"}], "sources": ["https://e.nl"], "checked": "2026-11-23"},
              {"id": "c", "name": "C", "description": "d", "themes": ["water"], "legal_form": "nv-bv", "members": [{"code": "GM3"}, {"code": "WS0155"}], "sources": ["https://e.nl"], "checked": "2026-11-23"}]}"#,
            "test.json",
        )
        .0
        .unwrap()
    }

    fn entries() -> Vec<RegionEntry<'static>> {
        vec![
            RegionEntry { code: "GM1", name: "Ámersfoort", provincie: Some("Utrecht") },
            RegionEntry { code: "GM2", name: "baarn", provincie: Some("Utrecht") },
            RegionEntry { code: "GM3", name: "Zwolle", provincie: Some("Overijssel") },
            RegionEntry { code: "GM4", name: "Almelo", provincie: Some("Overijssel") },
        ]
    }

    fn codes(rows: &[RegionRow]) -> Vec<&str> {
        rows.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn counts_follow_the_verbanden_given() {
        let data = dataset();
        let all: Vec<_> = data.verbanden.iter().collect();
        let rows = region_rows(&entries(), &all, Some("GM1"));
        let counts: Vec<_> = rows.iter().map(|r| (r.verbanden, r.shared)).collect();
        assert_eq!(counts, vec![(2, None), (2, Some(2)), (2, Some(1)), (0, Some(0))]);

        // Only the water verbanden, as a theme filter would leave them.
        let water: Vec<_> = all.iter().copied().filter(|v| v.themes.contains(&"water".to_string())).collect();
        let rows = region_rows(&entries(), &water, None);
        let counts: Vec<_> = rows.iter().map(|r| (r.verbanden, r.shared)).collect();
        assert_eq!(counts, vec![(1, None), (1, None), (1, None), (0, None)]);
    }

    #[test]
    fn sorting_is_stable_and_ignores_case_and_accents() {
        let data = dataset();
        let all: Vec<_> = data.verbanden.iter().collect();
        let mut rows = region_rows(&entries(), &all, Some("GM3"));
        sort_rows(&mut rows, SortColumn::Name, false);
        assert_eq!(codes(&rows), vec!["GM4", "GM1", "GM2", "GM3"]);
        sort_rows(&mut rows, SortColumn::Name, true);
        assert_eq!(codes(&rows), vec!["GM3", "GM2", "GM1", "GM4"]);
        sort_rows(&mut rows, SortColumn::Verbanden, true);
        assert_eq!(codes(&rows), vec!["GM1", "GM2", "GM3", "GM4"], "ties by name");
        sort_rows(&mut rows, SortColumn::Shared, true);
        assert_eq!(codes(&rows), vec!["GM1", "GM2", "GM4", "GM3"], "the selected region (no count) last");
        sort_rows(&mut rows, SortColumn::Provincie, false);
        assert_eq!(codes(&rows), vec!["GM4", "GM3", "GM1", "GM2"]);
    }

    #[test]
    fn csv_has_the_shared_column_only_with_a_selection_and_quotes_what_needs_it() {
        let rows = vec![RegionRow { code: "GM1".into(), name: "Gemeente; \"A\"".into(), provincie: None, verbanden: 3, shared: None }];
        let headers = ["code", "naam", "provincie", "verbanden", "gedeeld"];
        let lines = |csv: String| csv.lines().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(lines(to_csv(&rows, headers)), vec!["\u{FEFF}code;naam;provincie;verbanden", "GM1;\"Gemeente; \"\"A\"\"\";;3"]);
        let rows = vec![RegionRow { shared: Some(2), ..rows[0].clone() }];
        assert_eq!(lines(to_csv(&rows, headers))[0], "\u{FEFF}code;naam;provincie;verbanden;gedeeld");
        assert!(to_csv(&rows, headers).trim_end().ends_with(";3;2"));
    }
}
