//! How many verbanden and memberships there were, year by year: the national picture of
//! growth and reorganisation. Counted on 1 January of each year (a fixed day, so years
//! compare), and on today for the running year when asked.

use crate::dataset::Verband;

/// The counts on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Verbanden that existed that day.
    pub verbanden: usize,
    /// Memberships in them that day (one region in two verbanden counts twice).
    pub memberships: usize,
}

/// The counts on `day`, from the same dates as the map on that day.
pub fn count_on(verbanden: &[Verband], day: &str) -> DayCount {
    let (mut count, mut memberships) = (0, 0);
    for verband in verbanden.iter().filter(|v| v.is_current_on(day)) {
        count += 1;
        memberships += verband.members.iter().filter(|m| m.is_member_on(day)).count();
    }
    DayCount { day: day.to_string(), verbanden: count, memberships }
}

/// The counts on 1 January of every year from `first_year` up to the year of `today`, and on
/// `today` itself when that is not a 1 January.
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::history::counts::yearly_counts;
/// let member = |code: &str| Member { code: code.into(), ..Default::default() };
/// let verbanden = vec![
///     Verband { start_date: Some("2017-06".into()), members: vec![member("GM1"), member("GM2")], ..Default::default() },
///     Verband { end_date: Some("2018-01-01".into()), members: vec![member("GM1")], ..Default::default() },
/// ];
/// let counts = yearly_counts(&verbanden, 2016, "2018-03-04");
/// let rows: Vec<(&str, usize, usize)> = counts.iter().map(|c| (c.day.as_str(), c.verbanden, c.memberships)).collect();
/// assert_eq!(rows, [("2016-01-01", 1, 1), ("2017-01-01", 1, 1), ("2018-01-01", 1, 2), ("2018-03-04", 1, 2)]);
/// ```
pub fn yearly_counts(verbanden: &[Verband], first_year: u16, today: &str) -> Vec<DayCount> {
    let last_year = crate::history::peildatum::year_of(today);
    let mut days: Vec<String> = (first_year..=last_year).map(|y| format!("{y:04}-01-01")).collect();
    if days.last().is_none_or(|d| d.as_str() != today) {
        days.push(today.to_string());
    }
    days.iter().map(|day| count_on(verbanden, day)).collect()
}
