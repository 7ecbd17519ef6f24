//! The controlled vocabularies of the dataset, with Dutch and English labels.

/// A term of a vocabulary: its id in the data, and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub id: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

const fn term(id: &'static str, nl: &'static str, en: &'static str) -> Term {
    Term { id, nl, en }
}

/// Themes (thema's / onderwerpen); a verband has one or more.
pub const THEMES: &[Term] = &[
    term("veiligheid", "Veiligheid", "Safety and security"),
    term("gezondheid", "Gezondheid", "Public health"),
    term("sociaal-domein", "Sociaal domein, jeugd en Wmo", "Social care, youth and Wmo"),
    term("werk-inkomen", "Werk en inkomen", "Employment and income"),
    term("milieu-omgevingsdienst", "Milieu en omgevingsdiensten", "Environment and environmental services"),
    term("afval", "Afval", "Waste"),
    term("water", "Water", "Water"),
    term("energie-klimaat", "Energie en klimaat", "Energy and climate"),
    term("wonen-ruimte", "Wonen en ruimte", "Housing and spatial planning"),
    term("mobiliteit", "Mobiliteit", "Mobility"),
    term("economie", "Economie", "Economy"),
    term("recreatie-toerisme", "Recreatie en toerisme", "Recreation and tourism"),
    term("cultuur-erfgoed", "Cultuur en erfgoed", "Culture and heritage"),
    term("onderwijs", "Onderwijs", "Education"),
    term("bedrijfsvoering", "Bedrijfsvoering, ICT en belastingen", "Operations, ICT and taxes"),
    term("bestuur-regio", "Bestuur en regio", "Governance and region"),
];

/// Legal forms (juridische vormen); a verband has exactly one.
pub const LEGAL_FORMS: &[Term] = &[
    term("openbaar-lichaam", "Openbaar lichaam (Wgr)", "Public body (Wgr)"),
    term("gemeenschappelijk-orgaan", "Gemeenschappelijk orgaan (Wgr)", "Joint body (Wgr)"),
    term("bedrijfsvoeringsorganisatie", "Bedrijfsvoeringsorganisatie (Wgr)", "Shared-services organisation (Wgr)"),
    term("centrumregeling", "Centrumregeling (Wgr)", "Lead-municipality arrangement (Wgr)"),
    term("regeling-zonder-meer", "Regeling zonder meer (Wgr)", "Plain arrangement (Wgr)"),
    term("stichting", "Stichting", "Foundation"),
    term("vereniging", "Vereniging", "Association"),
    term("nv-bv", "NV of BV", "Public or private limited company"),
    term("cooperatie", "Coöperatie", "Cooperative"),
    term("netwerk", "Netwerk, convenant of bestuursovereenkomst", "Network, covenant or administrative agreement"),
    term("overig", "Overig", "Other"),
];

/// Phases of a partnership's life (fase), where known.
pub const PHASES: &[Term] = &[
    term("initiatief", "Initiatief", "Initiative"),
    term("groei", "Groei", "Growth"),
    term("stabilisatie", "Stabilisatie", "Stable"),
];

/// Looks up a term by id.
///
/// ```
/// use kaartviewer_core::vocabulary::{find, LEGAL_FORMS};
/// assert_eq!(find(LEGAL_FORMS, "cooperatie").unwrap().nl, "Coöperatie");
/// assert!(find(LEGAL_FORMS, "gr").is_none());
/// ```
pub fn find(vocabulary: &[Term], id: &str) -> Option<Term> {
    vocabulary.iter().copied().find(|t| t.id == id)
}

/// All ids of a vocabulary, for error messages.
pub fn ids(vocabulary: &[Term]) -> String {
    vocabulary.iter().map(|t| t.id).collect::<Vec<_>>().join(", ")
}
