//! Versions of a regeling, tied together.
//!
//! The register keeps each version of a regeling (after every amendment) as its own record
//! with its own ROO id, linked to the previous and next version. A regeling is such a chain;
//! its first version's ROO id never changes when a new version is registered, so it is the
//! stable key of the verband.

use super::record::RooRecord;
use std::collections::HashMap;

/// One regeling: its versions, oldest first.
#[derive(Debug, Clone)]
pub struct Regeling<'a> {
    pub versions: Vec<&'a RooRecord>,
}

impl<'a> Regeling<'a> {
    /// The ROO id of the first version: stable across register refreshes.
    pub fn root_roo_id(&self) -> &'a str {
        &self.versions[0].identifiers.roo_id
    }

    /// The newest version.
    pub fn current(&self) -> &'a RooRecord {
        self.versions[self.versions.len() - 1]
    }

    /// Whether the newest version is still in force.
    pub fn is_open(&self) -> bool {
        self.current().is_open_regeling()
    }

    /// When the regeling ended: the end of its newest version, if that has ended.
    pub fn end_date(&self) -> Option<&'a str> {
        let current = self.current();
        if self.is_open() {
            return None;
        }
        current.gr_meta.as_ref()?.datum_uitwerkingtreding.as_deref().or(current.valid_until.as_deref())
    }

    /// When the first version came into force.
    pub fn start_date(&self) -> Option<&'a str> {
        self.versions[0].gr_meta.as_ref()?.datum_inwerkingtreding.as_deref()
    }

    /// Whether any version has this ROO id.
    pub fn has_version(&self, roo_id: &str) -> bool {
        self.versions.iter().any(|v| v.identifiers.roo_id == roo_id)
    }
}

fn start_of(record: &RooRecord) -> &str {
    record.gr_meta.as_ref().and_then(|m| m.datum_inwerkingtreding.as_deref()).unwrap_or("")
}

/// Groups the records that are regeling versions (those with `gr_meta`) into regelingen by
/// their previous/next links, each ordered by the date it came into force. Also returns the
/// versions that are still open although a later version of the same regeling exists (a
/// register defect: they are not shown).
///
/// ```
/// use kaartviewer_core::register::chain::regelingen;
/// use kaartviewer_core::register::record::RooRecord;
/// let version = |id: &str, start: &str, end: Option<&str>, prev: Option<&str>| -> RooRecord {
///     serde_json::from_value(serde_json::json!({
///         "id": format!("org:{id}"), "identifiers": {"roo_id": id},
///         "gr_meta": {"samenwerkingsvorm": {"value": "Openbaar lichaam"}, "datum_inwerkingtreding": start,
///                     "datum_uitwerkingtreding": end, "previous_version": prev.map(|p| serde_json::json!({"roo_id": p}))}
///     })).unwrap()
/// };
/// let records = vec![version("2", "2020-01-01", None, Some("1")), version("1", "2010-01-01", Some("2020-01-01"), None),
///                    version("9", "2015-01-01", None, None)];
/// let (chains, _) = regelingen(&records);
/// assert_eq!(chains.len(), 2);
/// let gr = chains.iter().find(|c| c.has_version("2")).unwrap();
/// assert_eq!((gr.root_roo_id(), gr.current().identifiers.roo_id.as_str()), ("1", "2"));
/// assert!(gr.is_open());
/// ```
pub fn regelingen(records: &[RooRecord]) -> (Vec<Regeling<'_>>, Vec<&RooRecord>) {
    let versions: Vec<&RooRecord> = records.iter().filter(|r| r.gr_meta.is_some()).collect();
    let index: HashMap<&str, usize> = versions.iter().enumerate().map(|(i, r)| (r.identifiers.roo_id.as_str(), i)).collect();
    // Union-find over the previous/next links.
    let mut parent: Vec<usize> = (0..versions.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, record) in versions.iter().enumerate() {
        let meta = record.gr_meta.as_ref().expect("filtered on gr_meta");
        for link in [&meta.previous_version, &meta.next_version].into_iter().flatten() {
            if let Some(&j) = index.get(link.roo_id.as_str()) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<&RooRecord>> = HashMap::new();
    for i in 0..versions.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(versions[i]);
    }
    let mut chains: Vec<Regeling> = groups
        .into_values()
        .map(|mut versions| {
            // Oldest first; an open version sorts after closed ones of the same start.
            versions.sort_by(|a, b| {
                (start_of(a), a.is_open_regeling(), &a.identifiers.roo_id).cmp(&(start_of(b), b.is_open_regeling(), &b.identifiers.roo_id))
            });
            Regeling { versions }
        })
        .collect();
    chains.sort_by(|a, b| a.root_roo_id().cmp(b.root_roo_id()));
    let stale_open = chains
        .iter()
        .flat_map(|c| c.versions[..c.versions.len() - 1].iter().copied().filter(|v| v.is_open_regeling()))
        .collect();
    (chains, stale_open)
}
