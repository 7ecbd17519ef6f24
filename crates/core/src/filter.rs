//! Which verbanden the user wants to see: themes, legal forms, members, a province, text.

use crate::dataset::{Origin, Verband};
use std::collections::BTreeSet;

/// The active filters. Empty sets and text mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any of these themes.
    pub themes: BTreeSet<String>,
    /// Any of these legal forms.
    pub legal_forms: BTreeSet<String>,
    /// All of these regions take part.
    pub members: BTreeSet<String>,
    /// At least one member lies in (or is) this provincie.
    pub provincie: Option<String>,
    /// Words that must all occur in the name, description, id or partner names.
    pub text: String,
    /// Any of these origins (herkomst: GR-register, CBS division, curated).
    pub origins: BTreeSet<Origin>,
}

/// Lowercase without accents, so `coöperatie` matches `cooperatie` and `Fryslân` matches `fryslan`.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether `verband` passes; `provincie_of` gives the provincie of a gemeente code.
    ///
    /// ```
    /// use kaartviewer_core::filter::Filter;
    /// use kaartviewer_core::dataset::parse_file;
    /// let data = parse_file(r#"{"boundary_year": 2025, "verbanden": [{"id": "afval-twente", "name": "Twente Milieu",
    ///   "description": "Afvalinzameling", "themes": ["afval"], "legal_form": "nv-bv",
    ///   "members": [{"code": "GM0153"}, {"code": "GM0164"}], "sources": ["https://example.nl"], "checked": "2026-11-23"}]}"#, "x").0.unwrap();
    /// let mut filter = Filter::default();
    /// filter.themes.insert("afval".into());
    /// filter.text = "MILIEU".into();
    /// let provincie_of = |code: &str| Some("PV23".to_string()).filter(|_| code.starts_with("GM"));
    /// assert!(filter.matches(&data.verbanden[0], &provincie_of));
    /// filter.members.insert("GM0344".into());
    /// assert!(!filter.matches(&data.verbanden[0], &provincie_of));
    /// ```
    pub fn matches(&self, verband: &Verband, provincie_of: &dyn Fn(&str) -> Option<String>) -> bool {
        let themes = self.themes.is_empty() || verband.themes.iter().any(|t| self.themes.contains(t));
        let form = self.legal_forms.is_empty() || self.legal_forms.contains(&verband.legal_form);
        let members = self.members.iter().all(|code| verband.members.iter().any(|m| &m.code == code));
        let provincie = self.provincie.as_ref().is_none_or(|p| {
            verband.members.iter().any(|m| &m.code == p || provincie_of(&m.code).as_ref() == Some(p))
        });
        let origin = self.origins.is_empty() || self.origins.contains(&verband.origin);
        themes && form && members && provincie && origin && self.matches_text(verband)
    }

    fn matches_text(&self, verband: &Verband) -> bool {
        let words: Vec<String> = fold(&self.text).split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return true;
        }
        let haystack = fold(&format!(
            "{} {} {} {}",
            verband.name,
            verband.description,
            verband.id,
            verband.other_partners.join(" ")
        ));
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}
