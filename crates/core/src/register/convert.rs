//! A registered regeling as a verband.
//!
//! Every field comes from the register by a fixed rule, so the same register gives the same
//! records and nothing is invented: the name is the citeertitel without its boilerplate, the
//! description the first sentence or two of the doel, the members the participants of every
//! version (a participant missing from a later version has left on that version's date,
//! because the register removes leavers instead of end-dating them).

use super::chain::Regeling;
use super::record::RooRecord;
use super::successor::HerindelingTable;
use super::themes::{ThemeBasis, ThemeMapping};
use super::tooi::region_code;
use crate::dataset::{Member, Origin, RegelingVersion, Verband};
use crate::validate::is_web_url;
use std::collections::HashMap;

/// What the conversion needs besides the regeling.
pub struct Context<'a> {
    pub themes: &'a ThemeMapping,
    pub herindelingen: &'a HerindelingTable,
    /// Whether a code is a region on today's map (else it may be a merged-away gemeente).
    pub is_known_code: &'a dyn Fn(&str) -> bool,
    /// Organ records (a regeling's samenwerkingsorgaan, with address and website) by the ROO
    /// id of the version they belong to and by their own ROO id.
    pub organs: &'a HashMap<String, &'a RooRecord>,
    /// The check date when a record does not say when it was retrieved.
    pub retrieved: &'a str,
}

/// A converted regeling, with what the build reports about it.
#[derive(Debug, Clone)]
pub struct Converted {
    pub verband: Verband,
    pub theme_basis: ThemeBasis,
    /// Participants mapped to their successor gemeente (or not, when split), for the report.
    pub successions: Vec<String>,
    /// Member codes that came in only as the successor of a merged-away participant.
    pub successor_members: Vec<String>,
}

/// The stable verband id of a regeling: `gr-` and the first version's ROO id.
pub fn verband_id(regeling: &Regeling) -> String {
    format!("gr-{}", regeling.root_roo_id())
}

/// The title without the boilerplate around it, with a capital first letter.
///
/// ```
/// use kaartviewer_core::register::convert::clean_title;
/// assert_eq!(clean_title("Gemeenschappelijke regeling Voorne-Putten Werkt 2017"), "Voorne-Putten Werkt");
/// assert_eq!(clean_title("gemeenschappelijke regeling archeologie West-Brabant"), "Archeologie West-Brabant");
/// assert_eq!(clean_title("Statuten van het openbaar lichaam Euregio Rijn-Waal"), "Euregio Rijn-Waal");
/// assert_eq!(clean_title("De gemeenschappelijke regeling Recreatieschap Drenthe"), "Recreatieschap Drenthe");
/// assert_eq!(clean_title("Gemeenschappelijke regeling"), "Gemeenschappelijke regeling");
/// assert_eq!(clean_title("Gemeenschappelijke regeling Veiligheidsregio Groningen (of regeling VR Groningen)"), "Veiligheidsregio Groningen");
/// assert_eq!(clean_title("Omgevingsdienst Noord-Holland Noord (OD NHN)"), "Omgevingsdienst Noord-Holland Noord (OD NHN)");
/// // A title in quotation marks is the title; of two quoted titles, the first.
/// assert_eq!(clean_title("gemeenschappelijke regeling \"Reinigingsdienst Maasland\""), "Reinigingsdienst Maasland");
/// assert_eq!(clean_title("‘hûs en hiem, welstandsadvisering’"), "Hûs en hiem, welstandsadvisering");
/// assert_eq!(clean_title("'Gemeenschappelijke Regeling Bedrijvenschap Hoefweg' of ' GR Bedrijvenschap Hoefweg'"), "Bedrijvenschap Hoefweg");
/// assert_eq!(clean_title("‘IJmond Werkt! 2024, 4de wijziging’"), "IJmond Werkt!");
/// // Quotation marks inside a title, and an apostrophe, stay.
/// assert_eq!(clean_title("Regionaal Historisch Centrum ‘Gelders Archief’"), "Regionaal Historisch Centrum ‘Gelders Archief’");
/// assert_eq!(clean_title("'s-Hertogenbosch en 't Zand"), "'s-Hertogenbosch en 't Zand");
/// ```
pub fn clean_title(title: &str) -> String {
    const PREFIXES: &[&str] = &[
        "de ", "het ", "statuten van het openbaar lichaam ", "gemeenschappelijke regeling ", "gemeenschappelijke regeling: ",
        "gr ", "regeling ", "tot ", "van de ", "van het ", "van ", "voor de ", "voor het ", "voor ",
    ];
    let words = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = words.as_str();
    loop {
        let lower = name.to_lowercase();
        match PREFIXES.iter().find(|p| lower.starts_with(*p) && name.len() > p.len()) {
            Some(p) => name = name[p.len()..].trim_start(),
            None => break,
        }
    }
    if let Some(inner) = quoted_title(name) {
        return clean_title(inner);
    }
    // A trailing version year ("… 2017") is boilerplate too, and so is a second citation
    // title in brackets ("(of regeling VR Groningen)").
    let mut name = name.to_string();
    if let Some(open) = name.rfind(" (")
        && name.ends_with(')')
        && (name[open..].starts_with(" (of ") || name[open..].to_lowercase().contains("regeling"))
    {
        name.truncate(open);
    }
    // So is the amendment a version names ("…, 4de wijziging").
    if let Some((rest, amendment)) = name.rsplit_once(", ")
        && let Some(ordinal) = amendment.strip_suffix(" wijziging")
        && ordinal.trim_end_matches(|c: char| c.is_ascii_alphabetic()).bytes().all(|b| b.is_ascii_digit())
        && ordinal.starts_with(|c: char| c.is_ascii_digit())
    {
        name = rest.to_string();
    }
    if let Some((rest, year)) = name.rsplit_once(' ')
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && !rest.is_empty()
    {
        name = rest.to_string();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The text inside quotation marks that enclose the whole title (`"Reinigingsdienst
/// Maasland"`, `‘…’`), or the first of two quoted titles (`'A' of 'B'`); `None` otherwise, so
/// quotation marks inside a title and apostrophes (`'s-Hertogenbosch`) stay.
fn quoted_title(title: &str) -> Option<&str> {
    let open = title.chars().next()?;
    let close = match open {
        '"' => '"',
        '\'' => '\'',
        '‘' => '’',
        '“' => '”',
        _ => return None,
    };
    let rest = &title[open.len_utf8()..];
    let end = rest.find(close)?;
    let after = &rest[end + close.len_utf8()..];
    let inner = rest[..end].trim();
    (!inner.is_empty() && (after.trim().is_empty() || after.starts_with(" of "))).then_some(inner)
}

/// The first sentence of `doel` (two when the first is short), never more than about 300
/// characters: the description is a summary, the regeling's text is one link away.
///
/// ```
/// use kaartviewer_core::register::convert::summary;
/// assert_eq!(summary("Het doel is afval. Verder nog iets. En meer."), "Het doel is afval. Verder nog iets.");
/// let long = "De regeling behartigt de belangen van de deelnemers op het gebied van de openbare gezondheidszorg in de regio. Tweede zin.";
/// assert_eq!(summary(long), "De regeling behartigt de belangen van de deelnemers op het gebied van de openbare gezondheidszorg in de regio.");
/// assert!(summary(&"woord ".repeat(100)).chars().count() <= 301);
/// assert_eq!(summary("1. De regeling is er voor archieven."), "De regeling is er voor archieven.");
/// let list = format!("De regeling heeft als doelen:a. de zorg voor één Veilig Thuis;b. {}.", "de taken ".repeat(40));
/// assert_eq!(summary(&list), "De regeling heeft als doelen: a. de zorg voor één Veilig Thuis; …");
/// ```
pub fn summary(doel: &str) -> String {
    let text = doel.split_whitespace().collect::<Vec<_>>().join(" ");
    // "doelen:a. de samenwerking": the register lost the line break before a list item.
    let text = text.replace(":a.", ": a.").replace(":1.", ": 1.");
    // A leading article number ("1. De regeling …") is the regeling's layout, not its purpose.
    let text = match text.split_once(' ') {
        Some((head, rest)) if head.len() <= 3 && head.ends_with(['.', ')']) && head[..head.len() - 1].chars().all(|c| c.is_ascii_alphanumeric()) => rest.to_string(),
        _ => text,
    };
    let sentence_ends: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && text[i + 1..].starts_with(' ')
                && text[i + 2..].chars().next().is_some_and(|n| n.is_uppercase())
        })
        .map(|(i, _)| i + 1)
        .collect();
    let mut end = text.len();
    if let Some(&first) = sentence_ends.first() {
        end = if first < 80 { sentence_ends.get(1).copied().unwrap_or(text.len()) } else { first };
    }
    let mut out = text[..end].to_string();
    // A long sentence that lists purposes: up to the end of the first item.
    if out.chars().count() > 300
        && let Some(semicolon) = out.find(';').filter(|&i| i > 40)
    {
        out = format!("{} …", &out[..=semicolon]);
    }
    if out.chars().count() > 300 {
        let cut: String = out.chars().take(300).collect();
        out = format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':']));
    }
    out
}

/// Our legal form for the register's samenwerkingsvorm; a centrumregeling is registered as
/// a regeling zonder meer and known by its title.
///
/// ```
/// use kaartviewer_core::register::convert::legal_form;
/// assert_eq!(legal_form("Openbaar lichaam", "GGD"), Some("openbaar-lichaam"));
/// assert_eq!(legal_form("'Regeling zonder meer'", "Centrumregeling Jeugd"), Some("centrumregeling"));
/// assert_eq!(legal_form("Iets anders", "x"), None);
/// ```
pub fn legal_form(samenwerkingsvorm: &str, title: &str) -> Option<&'static str> {
    let form = samenwerkingsvorm.trim().trim_matches(['\'', '"']).to_lowercase();
    let form = match form.as_str() {
        "openbaar lichaam" => "openbaar-lichaam",
        "bedrijfsvoeringsorganisatie" => "bedrijfsvoeringsorganisatie",
        "gemeenschappelijk orgaan" => "gemeenschappelijk-orgaan",
        "regeling zonder meer" => "regeling-zonder-meer",
        "centrumregeling" => "centrumregeling",
        _ => return None,
    };
    Some(if form == "regeling-zonder-meer" && title.to_lowercase().contains("centrumregeling") { "centrumregeling" } else { form })
}

/// `GIETEN` → `Gieten`; names in mixed case stay as they are.
fn place_name(place: &str) -> String {
    let place = place.trim();
    if place.chars().any(|c| c.is_lowercase()) {
        return place.to_string();
    }
    place
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |f| f.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One participant's membership across the versions.
struct Membership {
    code: String,
    start: Option<String>,
    last_version: usize,
    note: Option<String>,
}

/// Converts a regeling; an error names the regeling and what could not be read.
pub fn convert(regeling: &Regeling, context: &Context) -> Result<Converted, String> {
    let current = regeling.current();
    let roo_id = &current.identifiers.roo_id;
    let meta = current.gr_meta.as_ref().ok_or_else(|| format!("ROO {roo_id}: not a regeling (no gr_meta)"))?;
    let title = meta.citeertitel.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(current.name());
    let label = format!("ROO {roo_id} ({title})");
    let legal_form = legal_form(&meta.samenwerkingsvorm.value, title)
        .ok_or_else(|| format!("{label}: unknown samenwerkingsvorm {:?}", meta.samenwerkingsvorm.value))?;

    let mut memberships: Vec<Membership> = Vec::new();
    let mut other_partners: Vec<String> = Vec::new();
    let mut successions = Vec::new();
    let mut successor_members: Vec<String> = Vec::new();
    let mut own_codes: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (v, version) in regeling.versions.iter().enumerate() {
        let version_meta = version.gr_meta.as_ref().expect("a regeling's versions have gr_meta");
        for participant in &version_meta.deelnemende_organisaties {
            let Some((code, _kind)) = participant.tooi.as_deref().and_then(region_code) else {
                let name = participant.naam.trim().to_string();
                if v + 1 == regeling.versions.len() && !name.is_empty() && !other_partners.contains(&name) {
                    other_partners.push(name);
                }
                continue;
            };
            let start = participant.toetredings_datum.clone().or_else(|| version_meta.datum_inwerkingtreding.clone());
            let (codes, note) = if (context.is_known_code)(&code) {
                own_codes.insert(code.clone());
                (vec![code], None)
            } else if let Some(s) = context.herindelingen.succession(&code) {
                if s.successors.len() > 1 {
                    // A gemeente split over several others: which of them took over this
                    // participation is not in the register, so none is assumed.
                    successions.push(format!("{label}: {} ({code}) was split over {}; not carried over", s.name, s.successors.join(", ")));
                    continue;
                }
                // The successor takes part in the regelingen of the gemeenten it replaced
                // (Wet algemene regels herindeling, article 41).
                successions.push(format!("{label}: {} ({code}) → {}", s.name, s.successors.join(", ")));
                successor_members.extend(s.successors.iter().cloned());
                (s.successors.clone(), Some(format!("toen: gemeente {} ({code}), opgeheven per {}", s.name, s.date)))
            } else {
                return Err(format!(
                    "{label}: participant {:?} has code {code}, which is not on the map and not in data/herindelingen.toml",
                    participant.naam
                ));
            };
            for code in codes {
                match memberships.iter_mut().find(|m| m.code == code) {
                    Some(m) => {
                        m.last_version = v;
                        if m.start.is_none() || start.as_ref().is_some_and(|s| Some(s) < m.start.as_ref()) {
                            m.start = start.clone();
                        }
                    }
                    None => memberships.push(Membership {
                        code,
                        start: start.clone(),
                        last_version: v,
                        note: note.clone(),
                    }),
                }
            }
        }
    }
    let last = regeling.versions.len() - 1;
    let members: Vec<Member> = memberships
        .iter()
        .map(|m| Member {
            code: m.code.clone(),
            start_date: m.start.clone(),
            // Left when the first version without them came into force.
            end_date: (m.last_version < last)
                .then(|| regeling.versions[m.last_version + 1].gr_meta.as_ref()?.datum_inwerkingtreding.clone())
                .flatten(),
            note: m.note.clone(),
            ..Default::default()
        })
        .collect();
    if members.is_empty() {
        return Err(format!("{label}: no gemeente, provincie or waterschap takes part"));
    }

    let areas: Vec<&str> = current.policy_areas.iter().map(|a| a.naam.as_str()).collect();
    let (themes, theme_basis) = context.themes.themes_for(title, &areas, meta.doel.as_deref().unwrap_or(""));
    let organ = meta
        .regionaal_samenwerkingsorgaan
        .as_ref()
        .and_then(|o| context.organs.get(&o.roo_id))
        .or_else(|| regeling.versions.iter().rev().find_map(|v| context.organs.get(&v.identifiers.roo_id)))
        .copied();
    let website = organ.and_then(|o| o.contact.as_ref()?.website.clone()).filter(|w| is_web_url(w));
    let seat = organ.and_then(RooRecord::seat).map(place_name);
    let description = match meta.doel.as_deref().map(summary).filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => format!("Gemeenschappelijke regeling ({}); het register vermeldt geen doel.", meta.samenwerkingsvorm.value.trim_matches('\'')),
    };
    let mut sources = vec![format!("https://organisaties.overheid.nl/{roo_id}/")];
    for link in &meta.instellingsbesluiten {
        let link = link.trim();
        if is_web_url(link) && !sources.iter().any(|s| s == link) && sources.len() < 4 {
            sources.push(link.to_string());
        }
    }
    let verband = Verband {
        id: verband_id(regeling),
        name: clean_title(title),
        description,
        themes,
        legal_form: legal_form.to_string(),
        members,
        other_partners,
        website,
        seat,
        start_date: regeling.start_date().map(str::to_string),
        end_date: regeling.end_date().map(str::to_string),
        sources,
        checked: current.retrieved().unwrap_or(context.retrieved).to_string(),
        roo_id: Some(roo_id.clone()),
        origin: Origin::Register,
        versions: regeling
            .versions
            .iter()
            .map(|v| RegelingVersion {
                roo_id: v.identifiers.roo_id.clone(),
                from: v.gr_meta.as_ref().and_then(|m| m.datum_inwerkingtreding.clone()),
                until: v.gr_meta.as_ref().and_then(|m| m.datum_uitwerkingtreding.clone()),
            })
            .collect(),
        ..Default::default()
    };
    // A successor that also took part under its own code is a member in its own right.
    successor_members.retain(|c| !own_codes.contains(c));
    successor_members.sort();
    successor_members.dedup();
    // Every version repeats its participants: report each succession once.
    let mut seen = std::collections::HashSet::new();
    successions.retain(|line| seen.insert(line.clone()));
    Ok(Converted { verband, theme_basis, successions, successor_members })
}
