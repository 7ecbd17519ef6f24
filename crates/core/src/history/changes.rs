//! What a region joined and left between two days.
//!
//! "Joined" covers a region starting to take part in an existing verband as well as a new
//! verband that it takes part in from the start; "left" covers leaving as well as the verband
//! ending. Both come from the same dates as the map on a day, so the difference between two
//! maps and this list always agree.

use crate::dataset::{Verband, first_day};

/// The verbanden a region joined and left between two days, each sorted by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionChanges<'a> {
    /// Member on `to` but not on `from`.
    pub joined: Vec<&'a Verband>,
    /// Member on `from` but not on `to`.
    pub left: Vec<&'a Verband>,
}

impl RegionChanges<'_> {
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty() && self.left.is_empty()
    }
}

/// Whether `code` took part in `verband` on `day`: the verband existed then and so did the
/// membership.
pub fn is_member_on(verband: &Verband, code: &str, day: &str) -> bool {
    verband.is_current_on(day) && verband.members.iter().any(|m| m.code == code && m.is_member_on(day))
}

/// The verbanden `code` joined and left between `from` and `to` (`YYYY-MM-DD`, either
/// order: the earlier one is the starting point).
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::history::changes::region_changes;
/// let member = |start: Option<&str>, end: Option<&str>| Member {
///     code: "GM0001".into(), start_date: start.map(Into::into), end_date: end.map(Into::into), ..Default::default()
/// };
/// let verbanden = vec![
///     Verband { id: "joined".into(), name: "B".into(), members: vec![member(Some("2019-03-01"), None)], ..Default::default() },
///     Verband { id: "left".into(), name: "A".into(), members: vec![member(None, Some("2020"))], ..Default::default() },
///     Verband { id: "ended".into(), name: "C".into(), end_date: Some("2021-07-01".into()), members: vec![member(None, None)], ..Default::default() },
///     Verband { id: "stays".into(), name: "D".into(), members: vec![member(None, None)], ..Default::default() },
/// ];
/// let changes = region_changes(&verbanden, "GM0001", "2018-01-01", "2022-01-01");
/// assert_eq!(changes.joined.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["joined"]);
/// assert_eq!(changes.left.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["left", "ended"]);
/// assert_eq!(region_changes(&verbanden, "GM0001", "2022-01-01", "2018-01-01"), changes);
/// assert!(region_changes(&verbanden, "GM0002", "2018-01-01", "2022-01-01").is_empty());
/// ```
pub fn region_changes<'a>(verbanden: &'a [Verband], code: &str, from: &str, to: &str) -> RegionChanges<'a> {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let mut changes = RegionChanges::default();
    for verband in verbanden {
        match (is_member_on(verband, code, from), is_member_on(verband, code, to)) {
            (false, true) => changes.joined.push(verband),
            (true, false) => changes.left.push(verband),
            _ => {}
        }
    }
    changes.joined.sort_by(|a, b| a.name.cmp(&b.name));
    changes.left.sort_by(|a, b| a.name.cmp(&b.name));
    changes
}

/// The date a change for `code` took effect, as the data gives it: joining is the later of
/// the membership's and the verband's start (a register member's join date can predate the
/// first version of the regeling in the register), leaving the earlier of the two ends.
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::history::changes::change_date;
/// let v = Verband {
///     start_date: Some("2019-01-01".into()),
///     end_date: Some("2024".into()),
///     members: vec![Member { code: "GM1".into(), start_date: Some("1993-11-01".into()), end_date: Some("2026".into()), ..Default::default() }],
///     ..Default::default()
/// };
/// assert_eq!(change_date(&v, "GM1", true).as_deref(), Some("2019-01-01"));
/// assert_eq!(change_date(&v, "GM1", false).as_deref(), Some("2024"));
/// assert_eq!(change_date(&Verband::default(), "GM1", true), None);
/// ```
pub fn change_date(verband: &Verband, code: &str, joined: bool) -> Option<String> {
    let member = verband.members.iter().find(|m| m.code == code);
    let (own, whole) = if joined {
        (member.and_then(|m| m.start_date.clone()), verband.start_date.clone())
    } else {
        (member.and_then(|m| m.end_date.clone()), verband.end_date.clone())
    };
    match (own, whole) {
        (Some(a), Some(b)) => {
            let a_first = first_day(&a) <= first_day(&b);
            Some(if a_first == joined { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Member, as_of};

    /// The list agrees with the difference between the two maps, for every pair of days.
    #[test]
    fn agrees_with_the_maps_on_both_days() {
        let m = |code: &str, start: Option<&str>, end: Option<&str>| Member {
            code: code.into(),
            start_date: start.map(Into::into),
            end_date: end.map(Into::into),
            ..Default::default()
        };
        let verbanden = vec![
            Verband { id: "a".into(), name: "a".into(), start_date: Some("2017".into()), members: vec![m("GM1", None, Some("2019-06")), m("GM2", None, None)], ..Default::default() },
            Verband { id: "b".into(), name: "b".into(), end_date: Some("2020-01-01".into()), members: vec![m("GM1", Some("2018-02-03"), None)], ..Default::default() },
            Verband { id: "c".into(), name: "c".into(), members: vec![m("GM1", Some("2021"), Some("2023"))], ..Default::default() },
        ];
        let days = ["2016-01-01", "2017-01-01", "2018-02-03", "2019-06-01", "2020-01-01", "2022-05-05", "2024-01-01"];
        for from in days {
            for to in days.iter().filter(|d| **d > from) {
                let ids = |day: &str| -> Vec<String> {
                    as_of(&verbanden, day).into_iter().filter(|v| v.members.iter().any(|m| m.code == "GM1")).map(|v| v.id).collect()
                };
                let (before, after) = (ids(from), ids(to));
                let changes = region_changes(&verbanden, "GM1", from, to);
                let joined: Vec<String> = after.iter().filter(|id| !before.contains(id)).cloned().collect();
                let left: Vec<String> = before.iter().filter(|id| !after.contains(id)).cloned().collect();
                assert_eq!(changes.joined.iter().map(|v| v.id.clone()).collect::<Vec<_>>(), joined, "{from} → {to}");
                assert_eq!(changes.left.iter().map(|v| v.id.clone()).collect::<Vec<_>>(), left, "{from} → {to}");
            }
        }
    }
}
