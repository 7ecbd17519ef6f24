//! The audit: curated records compared with the GR-register.
//!
//! Editors keep records by hand, and the register changes under them: members join and
//! leave, regelingen end or are replaced. The audit finds every curated record that describes
//! a registered regeling (by its `roo_id`, or by name and members when it has none) and lists
//! where the two disagree, plus records nobody checked for over a year. A finding is a place
//! to look, not a verdict: the register has known defects too, and an editor who decides the
//! curated record is right explains that in `data/README.md`.

use crate::dataset::Verband;
use crate::register::superseded::{Supersession, jaccard, name_words};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// What kind of difference a finding is; the id is what `data/README.md` explanations name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// No `roo_id`, but name and members match a registered regeling.
    NotLinked,
    /// The `roo_id` is not in the register.
    UnknownRooId,
    MembersMissing,
    MembersExtra,
    LegalForm,
    StartDate,
    /// The register's regeling has ended; the record has not.
    Ended,
    /// The register still lists the regeling, but a newer one replaced it.
    Superseded,
    /// Not checked against its sources for more than a year.
    Stale,
}

impl FindingKind {
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::NotLinked => "not-linked",
            FindingKind::UnknownRooId => "unknown-roo-id",
            FindingKind::MembersMissing => "members-missing",
            FindingKind::MembersExtra => "members-extra",
            FindingKind::LegalForm => "legal-form",
            FindingKind::StartDate => "start-date",
            FindingKind::Ended => "ended",
            FindingKind::Superseded => "superseded",
            FindingKind::Stale => "stale",
        }
    }
}

/// One difference between a curated record and the register.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub record: String,
    pub kind: FindingKind,
    pub detail: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.record, self.kind.id(), self.detail)
    }
}

/// What the audit compares against.
pub struct RegisterView<'a> {
    /// Every regeling from the register as a verband (open and ended).
    pub verbanden: &'a [Verband],
    /// Every version's ROO id → the id of its verband in `verbanden`.
    pub version_of: &'a HashMap<String, String>,
    pub superseded: &'a [Supersession],
}

fn current_members<'a>(v: &'a Verband, day: &str) -> BTreeSet<&'a str> {
    v.members.iter().filter(|m| m.is_member_on(day)).map(|m| m.code.as_str()).collect()
}

/// Compares every curated record with the register on `today` (`YYYY-MM-DD`).
///
/// ```
/// use kaartviewer_core::audit::{FindingKind, RegisterView, audit};
/// use kaartviewer_core::dataset::{Member, Verband};
/// let member = |c: &str| Member { code: c.into(), ..Default::default() };
/// let registered = Verband { id: "gr-1".into(), name: "Afvalschap Noord".into(), legal_form: "openbaar-lichaam".into(),
///     members: vec![member("GM0001"), member("GM0002")], roo_id: Some("11".into()), ..Default::default() };
/// let curated = Verband { id: "afvalschap-noord".into(), name: "Afvalschap Noord".into(), legal_form: "openbaar-lichaam".into(),
///     members: vec![member("GM0001")], roo_id: Some("11".into()), checked: "2026-11-01".into(), ..Default::default() };
/// let versions = [("11".to_string(), "gr-1".to_string())].into();
/// let view = RegisterView { verbanden: &[registered], version_of: &versions, superseded: &[] };
/// let findings = audit(&[curated], &view, "2026-12-02");
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].kind, FindingKind::MembersMissing);
/// assert!(findings[0].detail.contains("GM0002"));
/// ```
pub fn audit(curated: &[Verband], register: &RegisterView, today: &str) -> Vec<Finding> {
    let by_id: HashMap<&str, &Verband> = register.verbanden.iter().map(|v| (v.id.as_str(), v)).collect();
    let year_ago = format!("{:04}{}", today.get(..4).and_then(|y| y.parse::<u32>().ok()).unwrap_or(0).saturating_sub(1), today.get(4..).unwrap_or(""));
    let register_words: Vec<HashSet<String>> = register.verbanden.iter().map(|v| name_words(&v.name)).collect();
    let mut findings = Vec::new();
    for record in curated {
        let mut report = |kind: FindingKind, detail: String| findings.push(Finding { record: record.id.clone(), kind, detail });
        if record.checked.as_str() < year_ago.as_str() {
            report(FindingKind::Stale, format!("last checked {}", record.checked));
        }
        let registered = match &record.roo_id {
            Some(roo_id) => match register.version_of.get(roo_id).and_then(|id| by_id.get(id.as_str())) {
                Some(v) => *v,
                None => {
                    report(FindingKind::UnknownRooId, format!("ROO id {roo_id} is not in the register"));
                    continue;
                }
            },
            None => {
                // Unlinked: does it look like a registered regeling (same domain, name and members)?
                let words = name_words(&record.name);
                let mine: HashSet<&str> = current_members(record, today).into_iter().collect();
                let best = register
                    .verbanden
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.end_date.is_none() && v.themes.iter().any(|t| record.themes.contains(t)))
                    .map(|(i, v)| {
                        let theirs: HashSet<&str> = current_members(v, today).into_iter().collect();
                        (i, jaccard(&words, &register_words[i]), jaccard(&mine, &theirs))
                    })
                    .filter(|&(_, name, members)| name >= 0.5 && members >= 0.5)
                    .max_by(|a, b| (a.1 + a.2).total_cmp(&(b.1 + b.2)));
                if let Some((i, _, _)) = best {
                    let v = &register.verbanden[i];
                    report(
                        FindingKind::NotLinked,
                        format!("looks like registered regeling {:?} (ROO {}); link it with roo_id", v.name, v.roo_id.as_deref().unwrap_or("?")),
                    );
                }
                continue;
            }
        };
        if record.end_date.is_some() {
            // An ended record only needs the register to agree that it ended.
            continue;
        }
        if let Some(end) = &registered.end_date {
            report(FindingKind::Ended, format!("the register's regeling {:?} ended on {end}", registered.name));
            continue;
        }
        if let Some(s) = register.superseded.iter().find(|s| s.older == registered.id) {
            let newer = by_id.get(s.newer.as_str()).map_or(s.newer.as_str(), |v| v.name.as_str());
            report(FindingKind::Superseded, format!("the register's regeling {:?} was replaced by {newer:?}", registered.name));
        }
        let mine = current_members(record, today);
        let theirs = current_members(registered, today);
        let missing: Vec<&str> = theirs.difference(&mine).copied().collect();
        let extra: Vec<&str> = mine.difference(&theirs).copied().collect();
        if !missing.is_empty() {
            report(FindingKind::MembersMissing, format!("in the register, not in the record: {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            report(FindingKind::MembersExtra, format!("in the record, not in the register: {}", extra.join(", ")));
        }
        // The register has no centrumregeling form: it registers them as regeling zonder meer.
        let compatible = |a: &str, b: &str| a == b || [a, b] == ["centrumregeling", "regeling-zonder-meer"];
        if !compatible(&record.legal_form, &registered.legal_form) {
            report(FindingKind::LegalForm, format!("record {:?}, register {:?}", record.legal_form, registered.legal_form));
        }
        // The register's first version is often a re-registration of an older body, so only
        // a record that starts after the register shows the regeling in force contradicts it.
        if let (Some(a), Some(b)) = (&record.start_date, &registered.start_date)
            && a.get(..4) > b.get(..4)
        {
            report(FindingKind::StartDate, format!("record {a}, but the register has it in force from {b}"));
        }
    }
    findings.sort();
    findings
}
