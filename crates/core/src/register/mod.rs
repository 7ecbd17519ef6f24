//! The national GR-register: the gemeenschappelijke regelingen in the Register van
//! Overheidsorganisaties (ROO), turned into verbanden.
//!
//! Registration is compulsory for every Wgr regeling that publishes its own GR-blad, so the
//! register is the one national, authoritative list of who takes part in which regeling. It
//! keeps every version of a regeling as its own record; [`chain`] ties them together and picks
//! the current one, [`convert`] turns a current regeling into a [`crate::dataset::Verband`],
//! and [`superseded`] finds regelingen the register still lists as open although a newer one
//! replaced them. The data tool reads the YAML files; everything here works on parsed records.
//!
//! - [`record`]: the fields of a ROO record we read, and the ones we know we skip.
//! - [`tooi`]: TOOI identifiers (`…/tooi/id/gemeente/gm0344`) to region codes (`GM0344`).
//! - [`successor`]: gemeenten merged away since (herindelingen) and the gemeenten they became.
//! - [`themes`]: the committed mapping from policy areas and titles to our themes.
//! - [`chain`], [`convert`], [`superseded`]: from versions to verbanden.
//! - [`link`]: one verband per real body: register records joined with CBS divisions.

pub mod chain;
pub mod convert;
pub mod link;
pub mod record;
pub mod successor;
pub mod superseded;
pub mod themes;
pub mod tooi;
