//! Themes for registered regelingen, by a committed, reviewed mapping table
//! (`data/register-themes.toml`).
//!
//! The register's policy areas (TOOI thesaurus) are missing for about half of the current
//! regelingen and are broad where present ("organisatie en bedrijfsvoering" for a GGD), while
//! the title nearly always says what a regeling does ("Omgevingsdienst", "Recreatieschap").
//! So words in the title decide first; then the policy areas; then the same title rules
//! applied to the regeling's doel (a name like "Lucrato" says nothing, its doel does); and a
//! fallback theme when none of these matches, which the build reports so the table can grow.

use crate::vocabulary::{THEMES, find};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeMapping {
    /// Title rules: any of `contains` (lower case) at the start of a word in the title gives `themes`.
    #[serde(rename = "title", default)]
    pub titles: Vec<TitleRule>,
    /// Policy area label (`natuur en milieu | afval`, or its top term) → themes.
    #[serde(default)]
    pub policy_areas: BTreeMap<String, Vec<String>>,
    /// Themes when nothing matched.
    pub fallback: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleRule {
    pub contains: Vec<String>,
    pub themes: Vec<String>,
}

/// Which part of the mapping gave a regeling its themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeBasis {
    Title,
    PolicyArea,
    Purpose,
    Fallback,
}

impl ThemeMapping {
    /// The themes of a regeling with this title and these policy areas, in vocabulary order.
    ///
    /// ```
    /// use kaartviewer_core::register::themes::{ThemeBasis, ThemeMapping, TitleRule};
    /// let mapping = ThemeMapping {
    ///     titles: vec![TitleRule { contains: vec!["afval".into()], themes: vec!["afval".into()] }],
    ///     policy_areas: [("zorg en gezondheid".to_string(), vec!["gezondheid".to_string()])].into(),
    ///     fallback: vec!["bestuur-regio".into()],
    /// };
    /// assert_eq!(mapping.themes_for("Afvalschap IJmond", &[], ""), (vec!["afval".into()], ThemeBasis::Title));
    /// assert_eq!(mapping.themes_for("GR Noord", &["zorg en gezondheid | jeugdzorg"], ""), (vec!["gezondheid".into()], ThemeBasis::PolicyArea));
    /// assert_eq!(mapping.themes_for("Lucrato", &[], "Inzameling van afval."), (vec!["afval".into()], ThemeBasis::Purpose));
    /// assert_eq!(mapping.themes_for("GR Noord", &[], "").1, ThemeBasis::Fallback);
    /// assert_eq!(mapping.themes_for("Grondstoffen en afval", &[], "").1, ThemeBasis::Title);
    /// assert_eq!(mapping.themes_for("Stadsafval", &[], "").1, ThemeBasis::Fallback);
    /// ```
    pub fn themes_for(&self, title: &str, policy_areas: &[&str], purpose: &str) -> (Vec<String>, ThemeBasis) {
        let from_title = self.title_rules(title);
        if !from_title.is_empty() {
            return (in_vocabulary_order(from_title), ThemeBasis::Title);
        }
        let from_areas: Vec<&String> = policy_areas
            .iter()
            .filter_map(|area| {
                let area = area.trim().to_lowercase();
                let top = area.split(" | ").next().unwrap_or("").to_string();
                self.policy_areas.get(&area).or_else(|| self.policy_areas.get(&top))
            })
            .flatten()
            .collect();
        if !from_areas.is_empty() {
            return (in_vocabulary_order(from_areas), ThemeBasis::PolicyArea);
        }
        let from_purpose = self.title_rules(purpose);
        if !from_purpose.is_empty() {
            return (in_vocabulary_order(from_purpose), ThemeBasis::Purpose);
        }
        (self.fallback.clone(), ThemeBasis::Fallback)
    }

    /// The themes of every title rule that matches `text`.
    fn title_rules(&self, text: &str) -> Vec<&String> {
        let text = text.to_lowercase();
        self.titles
            .iter()
            .filter(|rule| rule.contains.iter().any(|word| starts_a_word(&text, word)))
            .flat_map(|rule| &rule.themes)
            .collect()
    }

    /// Theme ids in the table that are not in the vocabulary, and empty rules.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let rules = self.titles.iter().map(|r| (format!("title rule {:?}", r.contains), &r.themes));
        let areas = self.policy_areas.iter().map(|(area, themes)| (format!("policy area {area:?}"), themes));
        for (label, themes) in rules.chain(areas).chain([("fallback".to_string(), &self.fallback)]) {
            if themes.is_empty() {
                problems.push(format!("{label}: no themes"));
            }
            for theme in themes.iter().filter(|t| find(THEMES, t).is_none()) {
                problems.push(format!("{label}: unknown theme {theme:?}"));
            }
        }
        for rule in &self.titles {
            if rule.contains.iter().any(|w| w.trim().is_empty() || *w != w.to_lowercase()) {
                problems.push(format!("title rule {:?}: words must be non-empty and lower case", rule.contains));
            }
        }
        problems
    }
}

/// Whether `word` occurs in `text` at the start of a word: `regio ` matches "Regio Twente"
/// but not "Veiligheidsregio Twente".
fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

fn in_vocabulary_order(themes: Vec<&String>) -> Vec<String> {
    THEMES.iter().filter(|t| themes.iter().any(|x| x.as_str() == t.id)).map(|t| t.id.to_string()).collect()
}
