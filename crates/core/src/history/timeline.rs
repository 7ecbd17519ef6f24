//! One verband through time: its dated events in order, so that a reader sees its phases
//! (start, members joining and leaving, end) with the date each fact rests on. A register
//! regeling's events come from its version chain (the first version in force, the versions
//! a member first and last appears in); a curated record's from its own dates.

use crate::dataset::{Verband, first_day};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Started,
    /// A new version of the registered regeling came into force.
    NewVersion,
    Joined,
    Left,
    Ended,
}

/// One dated event. `member` is the region code for joining and leaving; `version` the ROO id
/// of the register version a start or new version rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The date as the data gives it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    pub kind: EventKind,
    pub member: Option<String>,
    pub version: Option<String>,
}

/// The verband's dated events, oldest first; on one day the start comes first and the end
/// last. A member whose join date equals the verband's start is part of the start, not a
/// separate event. A registered regeling's later versions are events too, each with its ROO
/// id. Undated facts have no place on a timeline and are left out.
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::history::timeline::{timeline, EventKind};
/// let member = |code: &str, start: Option<&str>, end: Option<&str>| Member {
///     code: code.into(), start_date: start.map(Into::into), end_date: end.map(Into::into), ..Default::default()
/// };
/// let v = Verband {
///     start_date: Some("2015-01-01".into()),
///     end_date: Some("2024".into()),
///     members: vec![member("GM1", Some("2015-01-01"), None), member("GM2", Some("2019-05-01"), Some("2022-01-01")), member("GM3", None, None)],
///     ..Default::default()
/// };
/// let events: Vec<(String, EventKind)> = timeline(&v).into_iter().map(|e| (e.date, e.kind)).collect();
/// assert_eq!(events, [
///     ("2015-01-01".to_string(), EventKind::Started),
///     ("2019-05-01".to_string(), EventKind::Joined),
///     ("2022-01-01".to_string(), EventKind::Left),
///     ("2024".to_string(), EventKind::Ended),
/// ]);
/// use kaartviewer_core::dataset::RegelingVersion;
/// let version = |id: &str, from: &str| RegelingVersion { roo_id: id.into(), from: Some(from.into()), until: None };
/// let registered = Verband { versions: vec![version("1", "2015-01-01"), version("2", "2020-07-01")], ..v };
/// let events = timeline(&registered);
/// assert_eq!((events[0].kind, events[0].version.as_deref()), (EventKind::Started, Some("1")));
/// assert_eq!((events[2].kind, events[2].date.as_str(), events[2].version.as_deref()), (EventKind::NewVersion, "2020-07-01", Some("2")));
/// ```
pub fn timeline(verband: &Verband) -> Vec<Event> {
    let start = verband.start_date.as_deref().map(first_day);
    let mut events = Vec::new();
    if let Some(date) = &verband.start_date {
        let version = verband.versions.first().map(|v| v.roo_id.clone());
        events.push(Event { date: date.clone(), kind: EventKind::Started, member: None, version });
    }
    for version in verband.versions.iter().skip(1) {
        if let Some(date) = &version.from {
            events.push(Event { date: date.clone(), kind: EventKind::NewVersion, member: None, version: Some(version.roo_id.clone()) });
        }
    }
    for member in &verband.members {
        if let Some(date) = member.start_date.as_ref().filter(|d| Some(first_day(d)) != start) {
            events.push(Event { date: date.clone(), kind: EventKind::Joined, member: Some(member.code.clone()), version: None });
        }
        // A membership that ends with the verband is part of the end.
        if let Some(date) = member.end_date.as_ref().filter(|d| verband.end_date.as_deref().map(first_day) != Some(first_day(d))) {
            events.push(Event { date: date.clone(), kind: EventKind::Left, member: Some(member.code.clone()), version: None });
        }
    }
    if let Some(date) = &verband.end_date {
        events.push(Event { date: date.clone(), kind: EventKind::Ended, member: None, version: None });
    }
    events.sort_by(|a, b| (first_day(&a.date), a.kind, &a.member).cmp(&(first_day(&b.date), b.kind, &b.member)));
    events
}
