//! One verband through time: its dated events in order, so that a reader sees its phases
//! (start, members joining and leaving, end) with the date each fact rests on. A register
//! regeling's events come from its version chain (the first version in force, the versions
//! a member first and last appears in); a curated record's from its own dates.

use crate::dataset::{Verband, first_day};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Started,
    Joined,
    Left,
    Ended,
}

/// One dated event. `member` is the region code for joining and leaving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The date as the data gives it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    pub kind: EventKind,
    pub member: Option<String>,
}

/// The verband's dated events, oldest first; on one day the start comes first and the end
/// last. A member whose join date equals the verband's start is part of the start, not a
/// separate event. Undated facts have no place on a timeline and are left out.
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
/// ```
pub fn timeline(verband: &Verband) -> Vec<Event> {
    let start = verband.start_date.as_deref().map(first_day);
    let mut events = Vec::new();
    if let Some(date) = &verband.start_date {
        events.push(Event { date: date.clone(), kind: EventKind::Started, member: None });
    }
    for member in &verband.members {
        if let Some(date) = member.start_date.as_ref().filter(|d| Some(first_day(d)) != start) {
            events.push(Event { date: date.clone(), kind: EventKind::Joined, member: Some(member.code.clone()) });
        }
        // A membership that ends with the verband is part of the end.
        if let Some(date) = member.end_date.as_ref().filter(|d| verband.end_date.as_deref().map(first_day) != Some(first_day(d))) {
            events.push(Event { date: date.clone(), kind: EventKind::Left, member: Some(member.code.clone()) });
        }
    }
    if let Some(date) = &verband.end_date {
        events.push(Event { date: date.clone(), kind: EventKind::Ended, member: None });
    }
    events.sort_by(|a, b| (first_day(&a.date), a.kind, &a.member).cmp(&(first_day(&b.date), b.kind, &b.member)));
    events
}
