//! The GR-register import on a small hand-made register: version chains, leavers, merged-away
//! gemeenten, superseded regelingen, and the audit of curated records against it.

use kaartviewer_core::audit::{FindingKind, RegisterView, audit};
use kaartviewer_core::dataset::{Member, Origin, Verband};
use kaartviewer_core::register::chain::regelingen;
use kaartviewer_core::register::convert::{Context, convert};
use kaartviewer_core::register::record::RooRecord;
use kaartviewer_core::register::successor::{DissolvedGemeente, Herindeling, HerindelingTable};
use kaartviewer_core::register::superseded::find_superseded;
use kaartviewer_core::register::themes::{ThemeMapping, TitleRule};
use serde_json::json;
use std::collections::HashMap;

fn participant(code: &str, joined: &str) -> serde_json::Value {
    json!({"naam": format!("Gemeente {code}"), "roo_id": "1", "tooi": format!("https://identifier.overheid.nl/tooi/id/gemeente/{}", code.to_lowercase()), "toetredings_datum": joined})
}

/// One version of a regeling as the register's YAML has it (here as JSON: same fields).
fn version(roo_id: &str, title: &str, start: &str, end: Option<&str>, previous: Option<&str>, members: &[(&str, &str)]) -> RooRecord {
    serde_json::from_value(json!({
        "id": format!("org:gr-{roo_id}"),
        "type": "gemeenschappelijke-regeling",
        "identifiers": {"roo_id": roo_id},
        "names": [{"value": title}],
        "valid_from": start,
        "valid_until": end,
        "gr_meta": {
            "citeertitel": title,
            "doel": "De regeling is er voor de inzameling van afval. Verder nog veel meer tekst.",
            "samenwerkingsvorm": {"value": "Openbaar lichaam", "afkorting": "OL"},
            "deelnemende_organisaties": members.iter().map(|(c, d)| participant(c, d)).collect::<Vec<_>>(),
            "instellingsbesluiten": ["https://lokaleregelgeving.overheid.nl/CVDR1/1"],
            "datum_inwerkingtreding": start,
            "datum_uitwerkingtreding": end,
            "previous_version": previous.map(|p| json!({"roo_id": p})),
            "taalcode": "nl-NL"
        },
        "sources": [{"id": "roo", "url": format!("https://organisaties.overheid.nl/{roo_id}/x"), "retrieved": "2026-05-16"}]
    }))
    .unwrap()
}

fn register() -> Vec<RooRecord> {
    vec![
        // Reinigingsdienst: GM0002 leaves in the second version; GM0009 was merged into GM0003.
        version("100", "Gemeenschappelijke regeling Reinigingsdienst Noord 2015", "2015-01-01", Some("2020-01-01"), None,
            &[("GM0001", "2015-01-01"), ("GM0002", "2015-01-01"), ("GM0009", "2015-01-01")]),
        version("101", "Gemeenschappelijke regeling Reinigingsdienst Noord 2020", "2020-01-01", None, Some("100"),
            &[("GM0001", "2015-01-01"), ("GM0009", "2015-01-01")]),
        // Superseded in practice: the newer Afvalschap Noord-Oost took over, but this one is still open.
        version("200", "Afvalschap Noord en Omstreken", "2010-01-01", None, None, &[("GM0001", "2010-01-01"), ("GM0003", "2010-01-01")]),
        version("300", "Afvalschap Noord-Oost", "2022-01-01", None, None,
            &[("GM0001", "2022-01-01"), ("GM0003", "2022-01-01"), ("GM0004", "2022-01-01")]),
        // Ended.
        version("400", "Regeling Oud Archief", "2001-01-01", Some("2019-07-01"), None, &[("GM0001", "2001-01-01")]),
    ]
}

fn themes() -> ThemeMapping {
    ThemeMapping {
        titles: vec![TitleRule { contains: vec!["afval".into(), "reiniging".into()], themes: vec!["afval".into()] }],
        policy_areas: Default::default(),
        fallback: vec!["bestuur-regio".into()],
    }
}

fn herindelingen() -> HerindelingTable {
    HerindelingTable {
        herindelingen: vec![Herindeling {
            date: "2019-01-01".into(),
            dissolved: vec![DissolvedGemeente { code: "GM0009".into(), name: "Oudgemeente".into() }],
            into: vec!["GM0003".into()],
            source: "https://example.org/herindeling".into(),
        }],
    }
}

fn import() -> (Vec<Verband>, HashMap<String, String>) {
    let records = register();
    let (chains, stale) = regelingen(&records);
    assert!(stale.is_empty());
    let themes = themes();
    let table = herindelingen();
    let known = |code: &str| ["GM0001", "GM0002", "GM0003", "GM0004"].contains(&code);
    let organs = HashMap::new();
    let context = Context { themes: &themes, herindelingen: &table, is_known_code: &known, organs: &organs, retrieved: "2026-05-16" };
    let mut versions = HashMap::new();
    let verbanden: Vec<Verband> = chains
        .iter()
        .map(|chain| {
            let converted = convert(chain, &context).unwrap();
            for v in &chain.versions {
                versions.insert(v.identifiers.roo_id.clone(), converted.verband.id.clone());
            }
            converted.verband
        })
        .collect();
    (verbanden, versions)
}

fn find<'a>(verbanden: &'a [Verband], id: &str) -> &'a Verband {
    verbanden.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn versions_become_one_verband_with_its_member_history() {
    let (verbanden, _) = import();
    assert_eq!(verbanden.len(), 4);
    let afval = find(&verbanden, "gr-100");
    assert_eq!(afval.name, "Reinigingsdienst Noord");
    // The first sentence is short, so the second one comes along.
    assert_eq!(afval.description, "De regeling is er voor de inzameling van afval. Verder nog veel meer tekst.");
    assert_eq!((afval.legal_form.as_str(), afval.themes.clone()), ("openbaar-lichaam", vec!["afval".to_string()]));
    assert_eq!((afval.start_date.as_deref(), afval.end_date.as_deref()), (Some("2015-01-01"), None));
    assert_eq!(afval.roo_id.as_deref(), Some("101"), "the current version's ROO id");
    assert_eq!(afval.origin, Origin::Register);
    // Both versions, with the days each was in force, for the timeline.
    let versions: Vec<(&str, Option<&str>, Option<&str>)> =
        afval.versions.iter().map(|v| (v.roo_id.as_str(), v.from.as_deref(), v.until.as_deref())).collect();
    assert_eq!(versions, [("100", Some("2015-01-01"), Some("2020-01-01")), ("101", Some("2020-01-01"), None)]);
    assert_eq!(afval.sources[0], "https://organisaties.overheid.nl/101/");
    assert_eq!(afval.checked, "2026-05-16");
    // The register removes leavers: GM0002 is missing from the 2020 version, so it left then.
    let left = afval.members.iter().find(|m| m.code == "GM0002").unwrap();
    assert_eq!(left.end_date.as_deref(), Some("2020-01-01"));
    // GM0009 was merged into GM0003: shown as GM0003, with a note.
    let successor = afval.members.iter().find(|m| m.code == "GM0003").unwrap();
    assert!(successor.note.as_deref().unwrap().contains("Oudgemeente (GM0009)"), "{successor:?}");
    assert!(successor.end_date.is_none());
    let ended = find(&verbanden, "gr-400");
    assert_eq!(ended.end_date.as_deref(), Some("2019-07-01"));
    assert!(!ended.is_current_on("2026-12-02") && ended.is_current_on("2018-01-01"));
}

#[test]
fn an_open_regeling_replaced_by_a_newer_one_is_found() {
    let (verbanden, _) = import();
    let open: Vec<Verband> = verbanden.iter().filter(|v| v.end_date.is_none()).cloned().collect();
    let superseded = find_superseded(&open);
    assert_eq!(superseded.len(), 1, "{superseded:?}");
    assert_eq!((superseded[0].older.as_str(), superseded[0].newer.as_str()), ("gr-200", "gr-300"));
    // Reinigingsdienst Noord has nearly the same members and theme, but another kind of name.
}

#[test]
fn the_audit_lists_every_kind_of_difference() {
    let (verbanden, versions) = import();
    let open: Vec<Verband> = verbanden.iter().filter(|v| v.end_date.is_none()).cloned().collect();
    let superseded = find_superseded(&open);
    let member = |c: &str| Member { code: c.into(), ..Default::default() };
    let curated = |id: &str, roo: Option<&str>, members: &[&str]| Verband {
        id: id.into(),
        name: "Reinigingsdienst Noord".into(),
        themes: vec!["afval".into()],
        legal_form: "openbaar-lichaam".into(),
        members: members.iter().map(|c| member(c)).collect(),
        roo_id: roo.map(str::to_string),
        checked: "2026-11-01".into(),
        ..Default::default()
    };
    let records = vec![
        // Linked by an older version's id: GM0003 missing, GM0004 extra, wrong form, too late a start.
        Verband {
            legal_form: "bedrijfsvoeringsorganisatie".into(),
            start_date: Some("2018".into()),
            ..curated("afvalschap", Some("100"), &["GM0001", "GM0004"])
        },
        // The register's regeling ended, the record did not.
        curated("archief", Some("400"), &["GM0001"]),
        // Linked to a superseded regeling.
        curated("noord-omstreken", Some("200"), &["GM0001", "GM0003"]),
        // Not linked, but clearly the same as gr-100.
        curated("zonder-link", None, &["GM0001", "GM0003"]),
        // An unknown ROO id, and not checked for years.
        Verband { checked: "2020-01-01".into(), ..curated("onbekend", Some("999"), &["GM0001"]) },
    ];
    let view = RegisterView { verbanden: &verbanden, version_of: &versions, superseded: &superseded };
    let findings = audit(&records, &view, "2026-12-02");
    let kinds = |id: &str| findings.iter().filter(|f| f.record == id).map(|f| f.kind).collect::<Vec<_>>();
    assert_eq!(kinds("afvalschap"), vec![FindingKind::MembersMissing, FindingKind::MembersExtra, FindingKind::LegalForm, FindingKind::StartDate]);
    assert!(findings.iter().any(|f| f.record == "afvalschap" && f.kind == FindingKind::MembersMissing && f.detail.contains("GM0003")));
    assert_eq!(kinds("archief"), vec![FindingKind::Ended]);
    assert_eq!(kinds("noord-omstreken"), vec![FindingKind::Superseded]);
    assert_eq!(kinds("zonder-link"), vec![FindingKind::NotLinked]);
    assert_eq!(kinds("onbekend"), vec![FindingKind::UnknownRooId, FindingKind::Stale]);
}

#[test]
fn a_split_gemeente_is_not_assumed_to_continue_in_any_successor() {
    let mut records = register();
    records.push(version("500", "Gemeenschappelijke regeling Afval Zuid", "2016-01-01", None, None, &[("GM0002", "2016-01-01"), ("GM0008", "2016-01-01")]));
    let (chains, _) = regelingen(&records);
    let table = HerindelingTable {
        herindelingen: vec![Herindeling {
            date: "2021-01-01".into(),
            dissolved: vec![DissolvedGemeente { code: "GM0008".into(), name: "Gesplitst".into() }],
            into: vec!["GM0003".into(), "GM0004".into()],
            source: "https://example.org/splitsing".into(),
        }],
    };
    let themes = themes();
    let known = |code: &str| ["GM0001", "GM0002", "GM0003", "GM0004"].contains(&code);
    let organs = HashMap::new();
    let context = Context { themes: &themes, herindelingen: &table, is_known_code: &known, organs: &organs, retrieved: "2026-05-16" };
    let chain = chains.iter().find(|c| c.has_version("500")).unwrap();
    let converted = convert(chain, &context).unwrap();
    assert_eq!(converted.verband.members.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(), ["GM0002"]);
    assert!(converted.successions[0].contains("split"), "{:?}", converted.successions);
    // An unknown code that is in no herindeling is an error naming the regeling and participant.
    let empty = HerindelingTable::default();
    let context = Context { herindelingen: &empty, ..context };
    let error = convert(chain, &context).unwrap_err();
    assert!(error.contains("ROO 500") && error.contains("GM0008"), "{error}");
}

/// The map on a day follows the version chain: a regeling that ended since is there on a
/// day it was in force, and a member the register dropped in a later version is a member
/// before that version and not after.
#[test]
fn the_version_chain_gives_the_state_on_a_day() {
    use kaartviewer_core::dataset::as_of;
    use kaartviewer_core::history::changes::region_changes;
    let (verbanden, _) = import();
    let ids = |day: &str| as_of(&verbanden, day).into_iter().map(|v| v.id).collect::<Vec<_>>();
    assert!(ids("2018-01-01").contains(&"gr-400".to_string()), "ended in 2019, in force in 2018");
    assert!(!ids("2026-12-02").contains(&"gr-400".to_string()));
    assert!(!ids("2014-12-31").contains(&"gr-100".to_string()), "before its first version");
    let afval_on = |day: &str| as_of(&verbanden, day).into_iter().find(|v| v.id == "gr-100").unwrap();
    assert!(afval_on("2019-12-31").members.iter().any(|m| m.code == "GM0002"));
    assert!(!afval_on("2020-01-01").members.iter().any(|m| m.code == "GM0002"));
    let changes = region_changes(&verbanden, "GM0002", "2018-01-01", "2026-12-02");
    assert!(changes.left.iter().any(|v| v.id == "gr-100"), "{changes:?}");
    assert!(changes.joined.iter().all(|v| v.members.iter().any(|m| m.code == "GM0002" && m.is_member_on("2026-12-02"))));
}
