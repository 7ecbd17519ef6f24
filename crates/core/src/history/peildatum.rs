//! The peildatum: the day every view is set to (`peildatum=2018-01-01`).
//!
//! Dates are kept as `YYYY-MM-DD` text, the form the dataset uses, so that they compare as
//! text with [`crate::dataset::first_day`]. A date from a URL or a date field is checked
//! here once; anything else is refused, so a mangled link falls back to today.

/// The first year the viewer goes back to: the year of the national inventory of 2016, the
/// earliest overview the dates of the dataset are checked against.
pub const FIRST_YEAR: u16 = 2016;

/// The first day the viewer goes back to.
pub const FIRST_DAY: &str = "2016-01-01";

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// `text` when it is a real calendar day `YYYY-MM-DD` from [`FIRST_DAY`] up to the year 2999;
/// `None` for anything else (`2018-02-30`, `2018-1-1`, `2015-12-31`, `gisteren`).
///
/// ```
/// use kaartviewer_core::history::peildatum::parse;
/// assert_eq!(parse("2018-01-01"), Some("2018-01-01".to_string()));
/// assert_eq!(parse(" 2020-02-29 "), Some("2020-02-29".to_string()));
/// for bad in ["2019-02-29", "2018-13-01", "2018-1-1", "2015-12-31", "2018-01-01x", "", "٢٠١٨-٠١-٠١"] {
///     assert_eq!(parse(bad), None, "{bad}");
/// }
/// ```
pub fn parse(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = &text[range];
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    };
    ((FIRST_YEAR..=2999).contains(&year) && (1..=days_in_month).contains(&day)).then(|| text.to_string())
}

/// The day to show: the requested one, but never after `today` (the data says nothing
/// about the future beyond what is already known today) and never before [`FIRST_DAY`].
///
/// ```
/// use kaartviewer_core::history::peildatum::clamp;
/// assert_eq!(clamp(Some("2018-01-01"), "2026-12-02"), "2018-01-01");
/// assert_eq!(clamp(Some("2030-01-01"), "2026-12-02"), "2026-12-02");
/// assert_eq!(clamp(None, "2026-12-02"), "2026-12-02");
/// ```
pub fn clamp(requested: Option<&str>, today: &str) -> String {
    match requested {
        Some(day) if day < today => day.max(FIRST_DAY).to_string(),
        _ => today.to_string(),
    }
}

/// The year of a `YYYY-MM-DD` day (0 when it has none).
pub fn year_of(day: &str) -> u16 {
    day.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}
