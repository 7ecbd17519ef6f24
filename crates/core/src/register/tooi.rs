//! TOOI identifiers (Thesauri en Ontologieën voor Overheidsinformatie) to region codes.
//!
//! The register names each participant by its TOOI URI. For gemeenten, provincies and
//! waterschappen the last path segment is our code in lower case, so the mapping is exact.

use crate::region::RegionKind;

/// The region code and kind a TOOI URI stands for, or `None` for any other organisation
/// (ministries, other regelingen, foreign partners).
///
/// ```
/// use kaartviewer_core::region::RegionKind;
/// use kaartviewer_core::register::tooi::region_code;
/// assert_eq!(region_code("https://identifier.overheid.nl/tooi/id/gemeente/gm0344"), Some(("GM0344".into(), RegionKind::Gemeente)));
/// assert_eq!(region_code("https://identifier.overheid.nl/tooi/id/provincie/pv26"), Some(("PV26".into(), RegionKind::Provincie)));
/// assert_eq!(region_code("https://identifier.overheid.nl/tooi/id/waterschap/ws0662"), Some(("WS0662".into(), RegionKind::Waterschap)));
/// assert_eq!(region_code("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"), None);
/// assert_eq!(region_code("https://identifier.overheid.nl/tooi/id/gemeente/gm03x4"), None);
/// ```
pub fn region_code(uri: &str) -> Option<(String, RegionKind)> {
    let path = uri.trim().trim_end_matches('/');
    let path = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://"))?;
    let path = path.strip_prefix("identifier.overheid.nl/tooi/id/")?;
    let (kind, code) = path.split_once('/')?;
    let (kind, prefix, digits) = match kind {
        "gemeente" => (RegionKind::Gemeente, "gm", 4),
        "provincie" => (RegionKind::Provincie, "pv", 2),
        "waterschap" => (RegionKind::Waterschap, "ws", 4),
        _ => return None,
    };
    let number = code.strip_prefix(prefix)?;
    (number.len() == digits && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (format!("{}{number}", prefix.to_ascii_uppercase()), kind))
}
