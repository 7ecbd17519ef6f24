//! The 2016 cross-check: the national inventory of gemeenschappelijke regelingen of 2016
//! (Open State Foundation, OpenGR, from the provinces' answers to a 2015 Wob request) against
//! our dataset, to find regelingen our dates may be missing.
//!
//! The inventory names its participants, not their codes, on the gemeenten of 2016 (some with
//! mojibake such as `FryslÃ¢n`). A name becomes today's gemeente codes through, in order: a
//! committed table for names that match no gemeente name (`data/opengr-2016-names.toml`),
//! today's gemeente names, and the dissolved gemeenten of `data/herindelingen.toml` followed to
//! their successors. What still does not match is reported, never guessed.
//!
//! The result is a list of leads for editors: a regeling counts as matched by name (after
//! normalising) or, failing that, by nearly the same members and a shared word in the name.
//! It is never shown as a fact on the map unless a dated source confirms it.

use crate::dataset::Verband;
use crate::register::successor::HerindelingTable;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One row of the inventory: a participant of a regeling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRow {
    pub participant: String,
    pub regeling: String,
}

/// Text that was UTF-8, read as Latin-1 and written as UTF-8 again (`FryslÃ¢n`), repaired;
/// other text unchanged.
///
/// ```
/// use kaartviewer_core::history::inventory_2016::repair_mojibake;
/// assert_eq!(repair_mojibake("SÃºdwest-FryslÃ¢n"), "Súdwest-Fryslân");
/// assert_eq!(repair_mojibake("Súdwest-Fryslân"), "Súdwest-Fryslân");
/// ```
pub fn repair_mojibake(text: &str) -> String {
    if !text.contains(['Ã', 'Â']) || text.chars().any(|c| c as u32 > 0xff) {
        return text.to_string();
    }
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// A name for comparing: mojibake repaired, lowercase, accents and punctuation dropped,
/// "gemeente" and the like left out, spaces collapsed.
///
/// ```
/// use kaartviewer_core::history::inventory_2016::normalise;
/// assert_eq!(normalise("Gemeente 's-Hertogenbosch"), "s hertogenbosch");
/// assert_eq!(normalise("SÃºdwest-FryslÃ¢n"), "sudwest fryslan");
/// assert_eq!(normalise("Gemeenschappelijke Regeling Afvalbeheer (ARCG)"), "afvalbeheer");
/// ```
pub fn normalise(name: &str) -> String {
    let repaired = repair_mojibake(name).to_lowercase();
    // A parenthesised abbreviation is left out: it is written in one source and not another.
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in repaired.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            'á' | 'à' | 'â' | 'ä' => plain.push('a'),
            'é' | 'è' | 'ê' | 'ë' => plain.push('e'),
            'í' | 'ì' | 'î' | 'ï' => plain.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' => plain.push('o'),
            'ú' | 'ù' | 'û' | 'ü' => plain.push('u'),
            c if c.is_alphanumeric() => plain.push(c),
            _ => plain.push(' '),
        }
    }
    const NOISE: [&str; 4] = ["gemeenschappelijke", "regeling", "gemeente", "gr"];
    plain.split_whitespace().filter(|w| !NOISE.contains(w)).collect::<Vec<_>>().join(" ")
}

/// Reads the inventory's CSV (`Deelnemer,Gemeenschappelijke regeling,…`).
pub fn parse_inventory(text: &str) -> Result<Vec<InventoryRow>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| format!("no header row: {e}"))?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h.trim() == name).ok_or_else(|| format!("no column {name:?} in the header {headers:?}"))
    };
    let (participant, regeling) = (column("Deelnemer")?, column("Gemeenschappelijke regeling")?);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
        let (Some(p), Some(r)) = (record.get(participant), record.get(regeling)) else {
            return Err(format!("row {}: fewer columns than the header", i + 2));
        };
        if !p.trim().is_empty() && !r.trim().is_empty() {
            rows.push(InventoryRow { participant: repair_mojibake(p.trim()), regeling: repair_mojibake(r.trim()) });
        }
    }
    Ok(rows)
}

/// Names of 2016 to today's gemeente codes.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    codes: HashMap<String, Vec<String>>,
}

impl NameIndex {
    /// From today's gemeenten (code, name), the herindelingen, and the committed table of
    /// names that match no gemeente name (name → a code of today or of a dissolved gemeente).
    /// A code in the table that is neither is an error, named.
    pub fn new(
        today: &[(String, String)],
        herindelingen: &HerindelingTable,
        extra: &BTreeMap<String, String>,
    ) -> Result<NameIndex, String> {
        let mut codes: HashMap<String, Vec<String>> = HashMap::new();
        let current: BTreeSet<&str> = today.iter().map(|(c, _)| c.as_str()).collect();
        for h in &herindelingen.herindelingen {
            for d in &h.dissolved {
                if let Some(s) = herindelingen.succession(&d.code) {
                    codes.insert(normalise(&d.name), s.successors);
                }
            }
        }
        for (code, name) in today {
            codes.insert(normalise(name), vec![code.clone()]);
        }
        for (name, code) in extra {
            let resolved = if current.contains(code.as_str()) {
                vec![code.clone()]
            } else if let Some(s) = herindelingen.succession(code) {
                s.successors
            } else {
                return Err(format!("{name:?} = {code:?}: not a gemeente of today nor a dissolved one in herindelingen.toml"));
            };
            codes.insert(normalise(name), resolved);
        }
        Ok(NameIndex { codes })
    }

    /// Today's gemeente codes for a name of 2016.
    pub fn resolve(&self, name: &str) -> Option<&[String]> {
        self.codes.get(&normalise(name)).map(Vec::as_slice)
    }
}

/// Whether a participant is plainly not a gemeente (and so is not expected to match a name).
/// Foreign participants (`Emden (Duitsland)`) and bodies such as provincies, waterschappen,
/// ministries, foundations and other regelingen count here.
fn is_other_body(name: &str) -> bool {
    let lower = repair_mojibake(name).to_lowercase();
    if lower.contains("(duitsland)") || lower.contains("(belgië)") || lower.contains("(belgie)") {
        return true;
    }
    let n = normalise(name);
    const BODIES: [&str; 17] = [
        "provincie", "waterschap", "hoogheemraadschap", "hoogheermraadschap", "wetterskip", "staat", "rijk", "ministerie",
        "kamer van koophandel", "stichting", "recreatieschap", "plassenschap", "meerschap", "regionale", "dienst",
        "veiligheidsregio", "stadsregio",
    ];
    BODIES.iter().any(|w| n.starts_with(w))
}

/// One regeling of the inventory, with its gemeenten as today's codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Regeling2016 {
    pub name: String,
    pub gemeenten: BTreeSet<String>,
}

/// The cross-check's findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crosscheck {
    /// Regelingen of 2016 with a match in our data: (name in 2016, our id).
    pub matched: Vec<(String, String)>,
    /// Matched, but our dates say the verband did not exist on 1 January 2016: (name, id, our start).
    pub dates_disagree: Vec<(String, String, String)>,
    /// Regelingen of 2016 that match nothing in our data.
    pub missing_from_data: Vec<Regeling2016>,
    /// Our verbanden in force on 1 January 2016 (with a gemeente) that match no regeling of 2016: ids.
    pub missing_from_2016: Vec<String>,
    /// Participant names that are not gemeenten (provincies, waterschappen, …), with their rows.
    pub other_bodies: BTreeMap<String, usize>,
    /// Participant names that match no gemeente, with their rows.
    pub unmatched: BTreeMap<String, usize>,
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f64 / union as f64 }
}

fn words(name: &str) -> BTreeSet<String> {
    normalise(name).split(' ').filter(|w| w.len() >= 5).map(str::to_string).collect()
}

/// Whether a regeling of 2016 and one of our verbanden are the same body: the same name after
/// normalising (or one containing the other), or nearly the same gemeenten (Jaccard ≥ 0.8,
/// at least two) and a word of five letters or more in common.
fn same_body(regeling: &Regeling2016, verband: &Verband) -> bool {
    let (a, b) = (normalise(&regeling.name), normalise(&verband.name));
    if !a.is_empty() && !b.is_empty() && (a == b || (a.len() >= 8 && b.len() >= 8 && (a.contains(&b) || b.contains(&a)))) {
        return true;
    }
    let theirs: BTreeSet<String> = verband.members.iter().map(|m| m.code.clone()).filter(|c| c.starts_with("GM")).collect();
    regeling.gemeenten.len() >= 2
        && jaccard(&regeling.gemeenten, &theirs) >= 0.8
        && !words(&regeling.name).is_disjoint(&words(&verband.name))
}

/// Compares the inventory with `verbanden` (the whole dataset, ended records included).
///
/// ```
/// use kaartviewer_core::dataset::{Member, Verband};
/// use kaartviewer_core::history::inventory_2016::{crosscheck, InventoryRow, NameIndex};
/// use kaartviewer_core::register::successor::HerindelingTable;
/// let today = vec![("GM0001".to_string(), "Aadorp".to_string()), ("GM0002".to_string(), "Beek".to_string())];
/// let index = NameIndex::new(&today, &HerindelingTable::default(), &Default::default()).unwrap();
/// let row = |p: &str, r: &str| InventoryRow { participant: p.into(), regeling: r.into() };
/// let rows = vec![row("Aadorp", "GR Afval Oost"), row("Beek", "GR Afval Oost"), row("Beek", "Archief West"),
///                 row("Provincie Zeeland", "Archief West"), row("Emden (Duitsland)", "Archief West"), row("Atlantis", "Archief West")];
/// let member = |c: &str| Member { code: c.into(), ..Default::default() };
/// let ours = vec![
///     Verband { id: "afval-oost".into(), name: "Afval Oost".into(), members: vec![member("GM0001"), member("GM0002")], ..Default::default() },
///     Verband { id: "water".into(), name: "Waterschap".into(), start_date: Some("2010".into()), members: vec![member("GM0001")], ..Default::default() },
/// ];
/// let check = crosscheck(&rows, &index, &ours);
/// assert_eq!(check.matched, [("GR Afval Oost".to_string(), "afval-oost".to_string())]);
/// assert_eq!(check.missing_from_data.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Archief West"]);
/// assert_eq!(check.missing_from_2016, ["water"]);
/// assert_eq!(check.unmatched.keys().collect::<Vec<_>>(), ["Atlantis"]);
/// assert_eq!(check.other_bodies.keys().collect::<Vec<_>>(), ["Emden (Duitsland)", "Provincie Zeeland"]);
/// ```
pub fn crosscheck(rows: &[InventoryRow], index: &NameIndex, verbanden: &[Verband]) -> Crosscheck {
    let mut check = Crosscheck::default();
    let mut regelingen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let gemeenten = regelingen.entry(row.regeling.clone()).or_default();
        match index.resolve(&row.participant) {
            Some(codes) => gemeenten.extend(codes.iter().cloned()),
            None if is_other_body(&row.participant) => *check.other_bodies.entry(row.participant.clone()).or_default() += 1,
            None => *check.unmatched.entry(row.participant.clone()).or_default() += 1,
        }
    }
    let day = crate::history::peildatum::FIRST_DAY;
    let mut found = BTreeSet::new();
    for (name, gemeenten) in regelingen {
        let regeling = Regeling2016 { name, gemeenten };
        // A match that existed on 1 January 2016 is preferred over one that did not.
        let mut matches: Vec<&Verband> = verbanden.iter().filter(|v| same_body(&regeling, v)).collect();
        matches.sort_by_key(|v| !v.is_current_on(day));
        match matches.first() {
            Some(v) => {
                found.insert(v.id.clone());
                if !v.is_current_on(day) {
                    let start = v.start_date.clone().unwrap_or_default();
                    check.dates_disagree.push((regeling.name.clone(), v.id.clone(), start));
                }
                check.matched.push((regeling.name, v.id.clone()));
            }
            None => check.missing_from_data.push(regeling),
        }
    }
    check.missing_from_2016 = verbanden
        .iter()
        .filter(|v| v.is_current_on(day) && !found.contains(&v.id) && v.members.iter().any(|m| m.code.starts_with("GM")))
        .map(|v| v.id.clone())
        .collect();
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::successor::{DissolvedGemeente, Herindeling};

    fn table() -> HerindelingTable {
        HerindelingTable {
            herindelingen: vec![
                Herindeling {
                    date: "2021-01-01".into(),
                    dissolved: vec![DissolvedGemeente { code: "GM0788".into(), name: "Haaren".into() }],
                    into: vec!["GM0824".into(), "GM0865".into()],
                    source: "https://example.org/wet".into(),
                },
                Herindeling {
                    date: "2019-01-01".into(),
                    dissolved: vec![DissolvedGemeente { code: "GM0009".into(), name: "Ten Boer".into() }],
                    into: vec!["GM0014".into()],
                    source: "https://example.org/wet".into(),
                },
            ],
        }
    }

    #[test]
    fn names_of_2016_map_to_todays_successors() {
        let today = vec![("GM0014".to_string(), "Groningen".to_string()), ("GM0824".to_string(), "Oisterwijk".to_string())];
        let extra = BTreeMap::from([("Gem. Ten-Boer (Gr.)".to_string(), "GM0009".to_string())]);
        let index = NameIndex::new(&today, &table(), &extra).unwrap();
        assert_eq!(index.resolve("TEN BOER").unwrap(), ["GM0014"]);
        assert_eq!(index.resolve("Gemeente Groningen").unwrap(), ["GM0014"]);
        // A split gemeente goes to every part.
        let mut haaren = index.resolve("Haaren").unwrap().to_vec();
        haaren.sort();
        assert_eq!(haaren, ["GM0824", "GM0865"]);
        assert!(index.resolve("Atlantis").is_none());
    }

    #[test]
    fn a_bad_code_in_the_table_is_named() {
        let extra = BTreeMap::from([("Nergens".to_string(), "GM9999".to_string())]);
        let error = NameIndex::new(&[], &table(), &extra).unwrap_err();
        assert!(error.contains("Nergens") && error.contains("GM9999"), "{error}");
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(parse_inventory("").is_err() || parse_inventory("").unwrap().is_empty());
        assert!(parse_inventory("Naam,Regeling\nA,B\n").unwrap_err().contains("Deelnemer"));
        let rows = parse_inventory("\u{feff}Deelnemer,Gemeenschappelijke regeling,Plaats\nFryslÃ¢n,GR X,Y\n,leeg,\n").unwrap();
        assert_eq!(rows, [InventoryRow { participant: "Fryslân".into(), regeling: "GR X".into() }]);
    }
}
