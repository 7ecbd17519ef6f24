//! The governments drawn on the map and how they are identified.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A kind of government that can take part in a samenwerkingsverband.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// Gemeente (municipality), CBS code `GMxxxx`.
    Gemeente,
    /// Waterschap (water board), identified by the water board's own code.
    Waterschap,
    /// Provincie (province), CBS code `PVxx`.
    Provincie,
}

impl RegionKind {
    /// All kinds, in drawing order from bottom to top.
    pub const ALL: [RegionKind; 3] = [RegionKind::Gemeente, RegionKind::Waterschap, RegionKind::Provincie];

    /// The lowercase Dutch name used in files, URLs and `data-kind` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Gemeente => "gemeente",
            RegionKind::Waterschap => "waterschap",
            RegionKind::Provincie => "provincie",
        }
    }
}

impl fmt::Display for RegionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a kind name that is not one of `gemeente`, `waterschap`, `provincie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown region kind {:?} (expected gemeente, waterschap or provincie)", self.0)
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for RegionKind {
    type Err = UnknownKind;

    /// ```
    /// use kaartviewer_core::region::RegionKind;
    /// assert_eq!("waterschap".parse(), Ok(RegionKind::Waterschap));
    /// assert!("county".parse::<RegionKind>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}
