//! National regional bodies derived from the CBS regional divisions (`data/derived.toml`).

use crate::boundaries::{Decoded, decode};
use crate::manifest::{Format, LayerLayout, check_source_file};
use crate::sources::{Locations, SourceFile, resolve};
use geo::MultiPolygon;
use kaartviewer_core::dataset::{Member, Origin, Verband};
use kaartviewer_core::overlap::majority;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedConfig {
    /// The gemeente boundaries whose gemeenten become members.
    pub boundary_year: u16,
    /// The smallest share of a gemeente's area that makes it a member of a region.
    pub min_share: f64,
    /// When the configuration was last checked against its sources.
    pub checked: String,
    #[serde(rename = "division")]
    pub divisions: Vec<Division>,
}

/// One CBS division (gebiedsindeling) and the kind of verband its regions are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Division {
    pub id: String,
    pub format: Format,
    pub object: Option<String>,
    pub file: String,
    pub url: String,
    pub sha256: String,
    pub code_property: String,
    pub name_property: String,
    /// Template of the record id; `{code}` is the region code in lowercase.
    pub record_id: String,
    /// Template of the record name; `{name}` is the region's name.
    pub record_name: String,
    pub themes: Vec<String>,
    pub legal_form: String,
    pub description: String,
    pub sources: Vec<String>,
    /// Words (lower case) of which one is in the title of the registered regeling that is the
    /// same body as a region of this division (`veiligheidsregio`); empty: never joined.
    #[serde(default)]
    pub register_title: Vec<String>,
}

impl SourceFile for Division {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn url(&self) -> &str {
        &self.url
    }
    fn sha256(&self) -> &str {
        &self.sha256
    }
}

impl DerivedConfig {
    pub fn parse(text: &str) -> Result<DerivedConfig, String> {
        let config: DerivedConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        for d in &config.divisions {
            check_source_file(&d.id, &d.file, &d.url, &d.sha256)?;
        }
        Ok(config)
    }
}

/// One verband per region of every division, with the gemeenten that lie mostly in it.
/// `gemeenten` are the decoded gemeente boundaries of the configured year.
pub fn derive(config: &DerivedConfig, gemeenten: &Decoded, locations: &Locations) -> Result<Vec<Verband>, String> {
    let gemeente_shapes: Vec<MultiPolygon<f64>> =
        gemeenten.topology.features.iter().map(|f| gemeenten.topology.feature_geometry(f)).collect();
    let mut records = Vec::new();
    for division in &config.divisions {
        let resolved = resolve(division, locations)?;
        let layout = LayerLayout {
            format: division.format,
            object: division.object.as_deref(),
            code_property: &division.code_property,
            name_property: &division.name_property,
            crosswalk: None,
            snap_tolerance: kaartviewer_core::snap::SnapTolerance(0.0),
        };
        let regions = decode(&division.id, layout, &resolved.bytes)?;
        let region_shapes: Vec<MultiPolygon<f64>> =
            regions.topology.features.iter().map(|f| regions.topology.feature_geometry(f)).collect();
        let region_of = majority(&gemeente_shapes, &region_shapes, config.min_share);
        for (r, (code, name)) in regions.codes.iter().zip(&regions.names).enumerate() {
            let mut members: Vec<Member> = region_of
                .iter()
                .zip(&gemeenten.codes)
                .filter(|(region, _)| **region == Some(r))
                .map(|(_, gemeente)| Member { code: gemeente.clone(), ..Default::default() })
                .collect();
            if members.is_empty() {
                return Err(format!("division {:?}: region {code} ({name}) has no gemeente mostly inside it", division.id));
            }
            members.sort_by(|a, b| a.code.cmp(&b.code));
            let fill = |template: &str| template.replace("{code}", &code.to_lowercase()).replace("{name}", name);
            records.push(Verband {
                id: fill(&division.record_id),
                name: fill(&division.record_name),
                description: division.description.clone(),
                themes: division.themes.clone(),
                legal_form: division.legal_form.clone(),
                members,
                other_partners: Vec::new(),
                website: None,
                seat: None,
                start_date: None,
                phase: None,
                sources: division.sources.iter().cloned().chain([division.url.clone()]).collect(),
                checked: config.checked.clone(),
                editor_note: Some(format!(
                    "Afgeleid uit de CBS-gebiedsindeling {} ({}): leden zijn de gemeenten die grotendeels in regio {code} liggen.",
                    division.id, division.url
                )),
                origin: Origin::Division,
                division: Some(format!("{}/{code}", division.id)),
                ..Default::default()
            });
        }
    }
    Ok(records)
}
