//! Cooperation through time: the verbanden on any day since 2016, and what changed between
//! two days. Everything here works on the whole published dataset (ended verbanden and
//! memberships included) and on the dates it carries: the register's version chain gives a
//! regeling's start and end, and its members' join and leave dates; curated records carry
//! their own. The state on a day is therefore only as good as those dates: it shows what the
//! sources say was in force that day. The state itself is [`crate::dataset::as_of`].
//!
//! - [`peildatum`]: the day a view is set to, read from a URL or a date field.
//! - [`changes`]: which verbanden a region joined and left between two days.
//! - [`counts`]: how many verbanden and memberships there were on 1 January of each year.
//! - [`timeline`]: one verband's dated events (start, members joining and leaving, end).
//! - [`inventory_2016`]: the cross-check with the national inventory of 2016 (by name).

pub mod changes;
pub mod counts;
pub mod inventory_2016;
pub mod peildatum;
pub mod timeline;
