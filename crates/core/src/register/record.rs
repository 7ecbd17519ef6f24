//! One record of the Register van Overheidsorganisaties, as far as the viewer reads it.
//!
//! The register's export has far more than we show (Woo addresses, council seats,
//! bevoegdheden). Those fields are skipped on purpose, but only the ones we know of: a field
//! the register starts to use later is reported, because it may change the meaning of the
//! fields we do read (a new date field, say). Unknown fields deeper down are ignored.

use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;

/// Top-level fields we know and skip.
const SKIPPED_TOP_LEVEL: &[&str] = &[
    "type", "classification", "parent_id", "last_mutation", "last_verified", "roo_start_datum", "classifications",
    "woo", "description", "afspraak", "organogram_url", "subname", "legal_form", "relation_to_ministerie",
    "geography", "council",
];

/// `gr_meta` fields we know and skip.
const SKIPPED_GR_META: &[&str] = &[
    "bevoegdheidsverkrijgingen", "taalcode", "registratiehouder", "bronhouder", "wettelijke_grondslagen",
    "bevoegdheden", "archiefzorgdrager",
];

/// A record: a version of a gemeenschappelijke regeling (with [`GrMeta`]), an organ of one
/// (linked by `hoort_bij_gemeenschappelijke_regeling`), or a gemeente, provincie or waterschap.
#[derive(Debug, Clone, Deserialize)]
pub struct RooRecord {
    pub id: String,
    pub identifiers: Identifiers,
    #[serde(default)]
    pub names: Vec<Name>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub gr_meta: Option<GrMeta>,
    pub hoort_bij_gemeenschappelijke_regeling: Option<Reference>,
    #[serde(default)]
    pub policy_areas: Vec<PolicyArea>,
    pub contact: Option<Contact>,
    #[serde(default)]
    pub sources: Vec<RecordSource>,
    #[serde(flatten)]
    other: BTreeMap<String, IgnoredAny>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Identifiers {
    pub roo_id: String,
    pub tooi: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Name {
    pub value: String,
    pub abbr: Option<String>,
}

/// A reference to another record by its ROO id.
#[derive(Debug, Clone, Deserialize)]
pub struct Reference {
    pub naam: Option<String>,
    pub roo_id: String,
}

/// A term of the TOOI thesaurus of policy areas (beleidsterreinen): `natuur en milieu | afval`.
#[derive(Debug, Clone, Deserialize)]
pub struct PolicyArea {
    pub naam: String,
    pub tooi: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub website: Option<String>,
    #[serde(default)]
    pub addresses: Vec<Address>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Address {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub woonplaats: Option<String>,
}

/// Where the register copy's record came from, and when it was retrieved.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordSource {
    pub id: String,
    pub url: Option<String>,
    pub retrieved: Option<String>,
}

/// The GR-register's part of a record: one version of a gemeenschappelijke regeling.
#[derive(Debug, Clone, Deserialize)]
pub struct GrMeta {
    pub citeertitel: Option<String>,
    pub doel: Option<String>,
    pub samenwerkingsvorm: Samenwerkingsvorm,
    pub regionaal_samenwerkingsorgaan: Option<Reference>,
    #[serde(default)]
    pub deelnemende_organisaties: Vec<Participant>,
    #[serde(default)]
    pub instellingsbesluiten: Vec<String>,
    pub datum_inwerkingtreding: Option<String>,
    pub datum_uitwerkingtreding: Option<String>,
    pub previous_version: Option<Reference>,
    pub next_version: Option<Reference>,
    #[serde(flatten)]
    other: BTreeMap<String, IgnoredAny>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Samenwerkingsvorm {
    pub value: String,
}

/// A deelnemende organisatie: by TOOI URI when it is a Dutch government, else by name only.
#[derive(Debug, Clone, Deserialize)]
pub struct Participant {
    pub naam: String,
    pub roo_id: Option<String>,
    pub tooi: Option<String>,
    pub toetredings_datum: Option<String>,
}

impl RooRecord {
    /// Top-level and `gr_meta` fields this reader does not know: reported as problems.
    ///
    /// ```
    /// use kaartviewer_core::register::record::RooRecord;
    /// let yaml_as_json = r#"{"id": "org:x", "identifiers": {"roo_id": "1"}, "woo": {}, "new_field": 1}"#;
    /// let record: RooRecord = serde_json::from_str(yaml_as_json).unwrap();
    /// assert_eq!(record.unknown_fields(), vec!["new_field".to_string()]);
    /// ```
    pub fn unknown_fields(&self) -> Vec<String> {
        let top = self.other.keys().filter(|k| !SKIPPED_TOP_LEVEL.contains(&k.as_str())).cloned();
        let meta = self
            .gr_meta
            .iter()
            .flat_map(|m| m.other.keys())
            .filter(|k| !SKIPPED_GR_META.contains(&k.as_str()))
            .map(|k| format!("gr_meta.{k}"));
        top.chain(meta).collect()
    }

    /// The record's current name.
    pub fn name(&self) -> &str {
        self.names.first().map_or("", |n| n.value.as_str())
    }

    /// The date the register copy was retrieved (`sources[id=roo].retrieved`).
    pub fn retrieved(&self) -> Option<&str> {
        self.sources.iter().find(|s| s.id == "roo").and_then(|s| s.retrieved.as_deref())
    }

    /// Whether this is a version of a regeling that is still in force (no end date).
    pub fn is_open_regeling(&self) -> bool {
        self.gr_meta.as_ref().is_some_and(|m| m.datum_uitwerkingtreding.is_none()) && self.valid_until.is_none()
    }

    /// The place of the visiting address (bezoekadres), else of any address.
    pub fn seat(&self) -> Option<&str> {
        let addresses = &self.contact.as_ref()?.addresses;
        let visiting = addresses.iter().find(|a| a.kind.as_deref() == Some("Bezoekadres") && a.woonplaats.is_some());
        visiting.or_else(|| addresses.iter().find(|a| a.woonplaats.is_some()))?.woonplaats.as_deref()
    }
}
