//! Overlap insight: where verbanden nearly duplicate each other, which member configurations
//! recur, how a region's cooperation compares with its province and the country, and which
//! verbanden cross province borders. One module per question; all work on the verbanden that
//! pass the filters, and return indices into the slice they are given.

pub mod congruence;
pub mod cross_border;
pub mod near_duplicates;
pub mod profile;

#[cfg(test)]
pub(crate) mod fixture {
    use crate::dataset::{parse_file, DatasetFile, Verband};

    /// A small dataset whose answers are worked out by hand in each module's tests.
    /// Provinces: GM1–GM3 in PV1, GM4–GM5 in PV2.
    pub fn dataset() -> DatasetFile {
        let record = |id: &str, theme: &str, form: &str, members: &[&str]| {
            let members: Vec<String> = members.iter().map(|c| format!(r#"{{"code": "{c}"}}"#)).collect();
            format!(
                r#"{{"id": "{id}", "name": "{id}", "description": "d", "themes": ["{theme}"], "legal_form": "{form}", "members": [{}], "sources": ["https://e.nl"], "checked": "2026-11-23"}}"#,
                members.join(", ")
            )
        };
        let records = [
            record("a", "afval", "nv-bv", &["GM1", "GM2", "GM3"]),
            record("b", "afval", "openbaar-lichaam", &["GM3", "GM2", "GM1"]),
            record("c", "water", "netwerk", &["GM1", "GM2", "GM3", "GM4"]),
            record("d", "veiligheid", "openbaar-lichaam", &["GM4", "GM5"]),
            record("e", "water", "stichting", &["GM1", "PV1"]),
        ];
        let json = format!(r#"{{"boundary_year": 2025, "verbanden": [{}]}}"#, records.join(", "));
        parse_file(&json, "fixture.json").0.expect("valid fixture")
    }

    pub fn all(data: &DatasetFile) -> Vec<&Verband> {
        data.verbanden.iter().collect()
    }

    pub fn provincie_of(code: &str) -> Option<String> {
        match code {
            "GM1" | "GM2" | "GM3" => Some("PV1".into()),
            "GM4" | "GM5" => Some("PV2".into()),
            c if c.starts_with("PV") => Some(c.to_string()),
            _ => None,
        }
    }
}
