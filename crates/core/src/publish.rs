//! Publishing: curated records laid over the records the build makes (the GR-register's
//! regelingen and the CBS division regions), and the bundle the server publishes from.
//!
//! The data tool's `build` and the server's published dataset both use [`overlay`], so a
//! record saved in the editor is placed exactly where `datatool build` would place it once it
//! is exported to `data/verbanden/`.

use crate::dataset::{Verband, Waterschap};
use crate::validate::CodeRegister;
use serde::{Deserialize, Serialize};

/// What [`overlay`] did, for the build report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OverlayReport {
    /// `curated-id replaces base-id ("name")`, one line per replaced base record.
    pub overrides: Vec<String>,
}

/// Whether the curated record stands for (and so replaces) this base record: the same id, or
/// its `roo_id` is the base record's ROO id or that of one of its versions.
pub fn stands_for(curated: &Verband, base: &Verband) -> bool {
    if base.id == curated.id {
        return true;
    }
    let Some(roo_id) = curated.roo_id.as_deref() else { return false };
    base.roo_id.as_deref() == Some(roo_id) || base.versions.iter().any(|v| v.roo_id == roo_id)
}

/// Lays `curated` records over `base` records, one record per body:
/// - a curated record replaces every base record with its id or its ROO id (any version of
///   the regeling), taking the place of the first one; it keeps the replaced record's
///   `division` and `versions` when it has none of its own (the register's versions stay on
///   the timeline of the record that replaces it);
/// - a curated record that replaces nothing is added at the end.
///
/// A curated record matches by id any record before it (so a repeated id replaces, as in a
/// map), but by ROO id only base records: two curated records citing one regeling both stay.
/// Editor notes are kept; the public dataset removes them (see [`without_editor_notes`]).
///
/// ```
/// use kaartviewer_core::dataset::{Origin, RegelingVersion, Verband};
/// use kaartviewer_core::publish::overlay;
/// let register = Verband {
///     id: "gr-1".into(),
///     roo_id: Some("2".into()),
///     origin: Origin::Register,
///     versions: vec![RegelingVersion { roo_id: "1".into(), ..Default::default() }, RegelingVersion { roo_id: "2".into(), ..Default::default() }],
///     ..Default::default()
/// };
/// let other = Verband { id: "veiligheidsregio-x".into(), origin: Origin::Division, ..Default::default() };
/// // An editor's record of the same regeling, citing its first version.
/// let curated = Verband { id: "afvalschap".into(), roo_id: Some("1".into()), ..Default::default() };
/// let new = Verband { id: "nieuw".into(), ..Default::default() };
/// let (records, report) = overlay(vec![register, other], &[curated, new]);
/// let ids: Vec<&str> = records.iter().map(|v| v.id.as_str()).collect();
/// assert_eq!(ids, ["afvalschap", "veiligheidsregio-x", "nieuw"]);
/// assert_eq!(records[0].versions.len(), 2, "the register's versions stay on its timeline");
/// assert_eq!(records[0].origin, Origin::Curated);
/// assert_eq!(report.overrides, [r#"afvalschap replaces gr-1 ("")"#]);
/// ```
pub fn overlay(base: Vec<Verband>, curated: &[Verband]) -> (Vec<Verband>, OverlayReport) {
    let mut report = OverlayReport::default();
    // Each record with whether it came from `base` (only those match by ROO id).
    let mut records: Vec<(Verband, bool)> = base.into_iter().map(|v| (v, true)).collect();
    for curated in curated {
        let matches = |(v, is_base): &(Verband, bool)| if *is_base { stands_for(curated, v) } else { v.id == curated.id };
        let mut record = curated.clone();
        let mut first = None;
        let mut kept = Vec::with_capacity(records.len());
        for entry in records {
            if !matches(&entry) {
                kept.push(entry);
                continue;
            }
            let (replaced, _) = entry;
            report.overrides.push(format!("{} replaces {} ({:?})", curated.id, replaced.id, replaced.name));
            if record.division.is_none() {
                record.division = replaced.division;
            }
            if record.versions.is_empty() {
                record.versions = replaced.versions;
            }
            // Where the first replaced record stood (nothing before it was removed).
            first.get_or_insert(kept.len());
        }
        records = kept;
        match first {
            Some(at) => records.insert(at.min(records.len()), (record, false)),
            None => records.push((record, false)),
        }
    }
    (records.into_iter().map(|(v, _)| v).collect(), report)
}

/// The records without their editor notes: those are a work list for editors, not facts for
/// the public.
pub fn without_editor_notes(mut records: Vec<Verband>) -> Vec<Verband> {
    for record in &mut records {
        record.editor_note = None;
    }
    records
}

/// What the server publishes from, written by `datatool build` beside the app's dataset
/// (`target/generated/server/basis.json`, never in `dist/`): the records the build makes
/// before any curated record is laid over them, the boundary codes to validate members
/// against, and the water boards. The server lays the curated records in its database over
/// these, exactly as the build lays the files in `data/verbanden/` over them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerBasis {
    /// The gemeente boundary year of the published dataset.
    pub boundary_year: u16,
    /// Every valid region code per boundary year (what `datatool validate` checks against).
    pub codes: CodeRegister,
    pub waterschappen: Vec<Waterschap>,
    /// Register and division records, merged, in published order.
    pub verbanden: Vec<Verband>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Origin, RegelingVersion};

    fn record(id: &str, roo: Option<&str>, versions: &[&str]) -> Verband {
        Verband {
            id: id.into(),
            roo_id: roo.map(str::to_string),
            origin: if roo.is_some() { Origin::Register } else { Origin::Division },
            versions: versions.iter().map(|r| RegelingVersion { roo_id: (*r).into(), ..Default::default() }).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_curated_record_replaces_a_division_and_a_regeling_at_the_first_place() {
        let mut division = record("vr09", None, &[]);
        division.division = Some("veiligheidsregio_2025/VR09".into());
        let base = vec![record("a", None, &[]), division, record("gr-5", Some("5"), &["5"]), record("b", None, &[])];
        let mut curated = record("vr09", Some("5"), &[]);
        curated.origin = Origin::Curated;
        let (records, report) = overlay(base, &[curated]);
        let ids: Vec<&str> = records.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["a", "vr09", "b"]);
        assert_eq!(records[1].division.as_deref(), Some("veiligheidsregio_2025/VR09"));
        assert_eq!(records[1].versions.len(), 1);
        assert_eq!(report.overrides.len(), 2);
    }

    #[test]
    fn roo_ids_match_only_base_records() {
        let base = vec![record("gr-5", Some("5"), &["5"])];
        let one = Verband { id: "een".into(), roo_id: Some("5".into()), ..Default::default() };
        let two = Verband { id: "twee".into(), roo_id: Some("5".into()), ..Default::default() };
        let (records, _) = overlay(base, &[one, two]);
        let ids: Vec<&str> = records.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["een", "twee"]);
    }

    #[test]
    fn the_basis_round_trips_through_json() {
        let mut codes = CodeRegister::default();
        codes.insert(2025, "GM0344", crate::region::RegionKind::Gemeente);
        codes.insert(2025, "PV26", crate::region::RegionKind::Provincie);
        let basis = ServerBasis { boundary_year: 2025, codes, waterschappen: vec![], verbanden: vec![record("a", None, &[])] };
        let json = serde_json::to_string(&basis).unwrap();
        let back: ServerBasis = serde_json::from_str(&json).unwrap();
        assert_eq!(back.codes.kind_of(2025, "PV26"), Some(crate::region::RegionKind::Provincie));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
