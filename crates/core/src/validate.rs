//! Checking the dataset: every problem, with file, record and field, never only the first.

use crate::dataset::{DatasetFile, Problem, Verband};
use crate::region::RegionKind;
use crate::text_check::{forbidden_char, is_bidi_format, string_fields};
use crate::vocabulary::{LEGAL_FORMS, PHASES, THEMES, find, ids};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The region codes known per boundary year (from the prepared boundaries, and the
/// water board register while there are no water board boundaries).
///
/// Serialised as sorted code lists per year and kind (`{"2025": {"gemeente": ["GM0014", …]}}`),
/// so that the server validates with the same codes as `datatool validate`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "CodeLists", into = "CodeLists")]
pub struct CodeRegister {
    by_year: BTreeMap<u16, HashMap<String, RegionKind>>,
}

/// [`CodeRegister`] as written to files: per year, per kind, the codes in order.
type CodeLists = BTreeMap<u16, BTreeMap<RegionKind, Vec<String>>>;

impl From<CodeLists> for CodeRegister {
    fn from(lists: CodeLists) -> Self {
        let mut register = CodeRegister::default();
        for (year, kinds) in lists {
            for (kind, codes) in kinds {
                for code in codes {
                    register.insert(year, &code, kind);
                }
            }
        }
        register
    }
}

impl From<CodeRegister> for CodeLists {
    fn from(register: CodeRegister) -> Self {
        register
            .by_year
            .keys()
            .map(|year| {
                let kinds = RegionKind::ALL
                    .into_iter()
                    .map(|kind| (kind, register.codes(*year, kind).into_iter().map(str::to_string).collect::<Vec<_>>()))
                    .filter(|(_, codes)| !codes.is_empty())
                    .collect();
                (*year, kinds)
            })
            .collect()
    }
}

impl CodeRegister {
    pub fn insert(&mut self, year: u16, code: &str, kind: RegionKind) {
        self.by_year.entry(year).or_default().insert(code.to_string(), kind);
    }

    pub fn kind_of(&self, year: u16, code: &str) -> Option<RegionKind> {
        self.by_year.get(&year)?.get(code).copied()
    }

    /// The years in which `code` is a valid code.
    pub fn years_of(&self, code: &str) -> Vec<u16> {
        self.by_year.iter().filter(|(_, codes)| codes.contains_key(code)).map(|(y, _)| *y).collect()
    }

    /// Every code of one kind in one boundary year, sorted.
    pub fn codes(&self, year: u16, kind: RegionKind) -> Vec<&str> {
        let mut codes: Vec<&str> =
            self.by_year.get(&year).into_iter().flatten().filter(|(_, k)| **k == kind).map(|(c, _)| c.as_str()).collect();
        codes.sort_unstable();
        codes
    }

    pub fn years(&self) -> Vec<u16> {
        self.by_year.keys().copied().collect()
    }
}

/// Whether `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
///
/// ```
/// use kaartviewer_core::validate::is_partial_date;
/// assert!(is_partial_date("2014") && is_partial_date("2014-03") && is_partial_date("2014-03-31"));
/// assert!(!is_partial_date("2014-13") && !is_partial_date("31-03-2014") && !is_partial_date("2014-02-30"));
/// ```
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (number(y, 4), number(m, 2), number(d, 2)) {
            (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) => {
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
                (1..=days).contains(&d)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether `s` is an absolute `http` or `https` URL that names its host plainly.
///
/// ```
/// use kaartviewer_core::validate::is_web_url;
/// assert!(is_web_url("https://www.regiotwente.nl/over-ons") && is_web_url("HTTPS://www.overijssel.nl"));
/// assert!(!is_web_url("javascript:alert(1)") && !is_web_url("www.example.nl") && !is_web_url("https:// x.nl"));
/// assert!(!is_web_url("http://www.overijssel.nl@evil.example") && !is_web_url("https://x.nl:99999999"));
/// ```
pub fn is_web_url(s: &str) -> bool {
    web_url_fault(s).is_none()
}

/// Why `s` is not an acceptable web address (`None` when it is). Parsed with the `url` crate,
/// as a browser would: the scheme in any case, no `user@` in front of the host (it makes
/// `https://www.overijssel.nl@evil.example` look like the province's site), a port that
/// exists, a plain ASCII domain name (an internationalised name can imitate another one with
/// look-alike letters), and no spaces, control or bidi characters anywhere.
pub fn web_url_fault(s: &str) -> Option<String> {
    if let Some(c) = s.chars().find(|&c| c.is_whitespace() || c.is_control() || is_bidi_format(c) || matches!(c, '"' | '<' | '>' | '\\')) {
        return Some(format!("it contains {:?} (U+{:04X})", c, c as u32));
    }
    let url = match url::Url::parse(s) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => return Some(String::new()),
        Err(e) => return Some(format!("{e}")),
    };
    if url.scheme() != "http" && url.scheme() != "https" {
        return Some(String::new());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some("it has a user name before the host (user@host), which hides the real host".into());
    }
    match url.host() {
        // The url crate writes a Unicode host as punycode (`xn--…`).
        Some(url::Host::Domain(domain)) if domain.split('.').any(|label| label.starts_with("xn--")) => {
            Some("its host is an internationalised domain name, which can imitate another; use the plain ASCII name".into())
        }
        Some(url::Host::Domain(domain)) if domain.contains('.') && !domain.ends_with('.') => None,
        _ => Some("it has no domain name such as www.example.nl".into()),
    }
}

/// The problem message for a field that should hold a web address.
fn web_url_message(s: &str, fault: &str) -> String {
    if fault.is_empty() { format!("{s:?} is not an http(s) address") } else { format!("{s:?} is not an http(s) address: {fault}") }
}

/// Free-text fields (by name, at any depth) where a line break is allowed; everywhere else it
/// is a fault.
const MULTI_LINE_FIELDS: [&str; 2] = ["description", "editor_note"];

/// The field name at the end of a path: `members[2].role` → `role`, `other_partners[0]` →
/// `other_partners`.
fn field_name(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// Control and bidi formatting characters in any text field of the record, found by walking
/// the serialised record, so fields added to the model are checked too.
fn check_text_fields(v: &Verband, report: &mut dyn FnMut(&str, String)) {
    let Ok(value) = serde_json::to_value(v) else { return };
    // Web addresses get the stricter check of `web_url_fault`, which names these characters too.
    let is_url = |path: &str| matches!(field_name(path), "website" | "sources");
    for (path, text) in string_fields(&value).into_iter().filter(|(path, _)| !is_url(path)) {
        if let Some((at, c)) = forbidden_char(text, MULTI_LINE_FIELDS.contains(&field_name(&path))) {
            report(
                &path,
                format!("contains the invisible character U+{:04X} at position {at}; remove it (control and bidi formatting characters hide or reorder text)", c as u32),
            );
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks every record of every file; returns all problems, sorted by file and record.
pub fn validate(files: &[(String, DatasetFile)], register: &CodeRegister) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_file_of: HashMap<&str, &str> = HashMap::new();
    for (file, data) in files {
        if !register.years().contains(&data.boundary_year) {
            problems.push(Problem {
                file: file.clone(),
                record: None,
                field: Some("boundary_year".into()),
                message: format!("no boundaries for {}; known years: {:?}", data.boundary_year, register.years()),
            });
        }
        for verband in &data.verbanden {
            if let Some(first) = first_file_of.insert(&verband.id, file) {
                problems.push(Problem {
                    file: file.clone(),
                    record: Some(verband.id.clone()),
                    field: Some("id".into()),
                    message: format!("duplicate id: also used in {first}"),
                });
            }
            check_record(verband, data.boundary_year, register, &mut |field: &str, message: String| {
                problems.push(Problem { file: file.clone(), record: Some(verband.id.clone()), field: Some(field.into()), message });
            });
        }
    }
    problems.sort();
    problems
}

fn check_record(v: &Verband, year: u16, register: &CodeRegister, report: &mut dyn FnMut(&str, String)) {
    if !is_slug(&v.id) {
        report("id", format!("{:?} must be lowercase letters, digits and single hyphens", v.id));
    }
    if v.name.trim().is_empty() {
        report("name", "is empty".into());
    }
    if v.description.trim().is_empty() {
        report("description", "is empty: say in a sentence what the verband is for".into());
    }
    if v.themes.is_empty() {
        report("themes", "needs at least one theme".into());
    }
    let mut seen_themes = HashSet::new();
    for theme in &v.themes {
        if find(THEMES, theme).is_none() {
            report("themes", format!("unknown theme {theme:?}; known: {}", ids(THEMES)));
        } else if !seen_themes.insert(theme) {
            report("themes", format!("theme {theme:?} is listed twice"));
        }
    }
    if find(LEGAL_FORMS, &v.legal_form).is_none() {
        report("legal_form", format!("unknown legal form {:?}; known: {}", v.legal_form, ids(LEGAL_FORMS)));
    }
    if let Some(phase) = &v.phase
        && find(PHASES, phase).is_none()
    {
        report("phase", format!("unknown phase {phase:?}; known: {}", ids(PHASES)));
    }
    if v.members.is_empty() {
        report("members", "needs at least one gemeente, waterschap or provincie".into());
    }
    let mut seen_members = HashSet::new();
    for (i, member) in v.members.iter().enumerate() {
        let field = format!("members[{i}]");
        if register.kind_of(year, &member.code).is_none() {
            let other_years = register.years_of(&member.code);
            if other_years.is_empty() {
                report(&field, format!("unknown member code {:?}", member.code));
            } else {
                report(&field, format!("member code {:?} is valid for boundary year {other_years:?}, not for {year}", member.code));
            }
        }
        if !seen_members.insert(&member.code) {
            report(&field, format!("member {:?} is listed twice", member.code));
        }
        check_period(&field, member.start_date.as_deref(), member.end_date.as_deref(), report);
    }
    if v.other_partners.iter().any(|p| p.trim().is_empty()) {
        report("other_partners", "contains an empty name".into());
    }
    if let Some(website) = &v.website
        && let Some(fault) = web_url_fault(website)
    {
        report("website", web_url_message(website, &fault));
    }
    check_period("start_date", v.start_date.as_deref(), None, report);
    check_period("end_date", v.start_date.as_deref(), v.end_date.as_deref(), report);
    if let Some(roo_id) = &v.roo_id
        && (roo_id.is_empty() || !roo_id.bytes().all(|b| b.is_ascii_digit()))
    {
        report("roo_id", format!("{roo_id:?} must be the number of the regeling in the Register van Overheidsorganisaties"));
    }
    if let Some(note) = v.members.iter().find_map(|m| m.note.as_ref().filter(|n| n.trim().is_empty())) {
        report("members", format!("member note {note:?} is empty"));
    }
    if v.sources.is_empty() {
        report("sources", "missing: every record cites at least one public source".into());
    }
    for source in &v.sources {
        if let Some(fault) = web_url_fault(source) {
            report("sources", web_url_message(source, &fault));
        }
    }
    check_text_fields(v, report);
    if v.checked.len() != 10 || !is_partial_date(&v.checked) {
        report("checked", format!("{:?} must be a date YYYY-MM-DD", v.checked));
    }
}

fn check_period(field: &str, start: Option<&str>, end: Option<&str>, report: &mut dyn FnMut(&str, String)) {
    for date in [start, end].into_iter().flatten() {
        if !is_partial_date(date) {
            report(field, format!("{date:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
        }
    }
    if let (Some(start), Some(end)) = (start, end)
        && is_partial_date(start)
        && is_partial_date(end)
        && end < start
    {
        report(field, format!("ends ({end}) before it starts ({start})"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Member, parse_file};

    fn register() -> CodeRegister {
        let mut r = CodeRegister::default();
        for code in ["GM0153", "GM0164"] {
            r.insert(2025, code, RegionKind::Gemeente);
        }
        r.insert(2025, "PV23", RegionKind::Provincie);
        r.insert(2024, "GM0001", RegionKind::Gemeente);
        r
    }

    fn good() -> Verband {
        Verband {
            id: "regio-proef".into(),
            name: "Regio Proef".into(),
            description: "Werkt samen aan de regio.".into(),
            themes: vec!["bestuur-regio".into()],
            legal_form: "openbaar-lichaam".into(),
            members: vec![
                Member { code: "GM0153".into(), role: Some("centrumgemeente".into()), ..Default::default() },
                Member { code: "PV23".into(), start_date: Some("2014".into()), ..Default::default() },
            ],
            other_partners: vec![],
            website: Some("https://www.example.nl".into()),
            seat: Some("Enschede".into()),
            start_date: Some("2014-01-01".into()),
            phase: Some("stabilisatie".into()),
            sources: vec!["https://www.example.nl/gr".into()],
            checked: "2026-11-23".into(),
            editor_note: None,
            ..Default::default()
        }
    }

    /// The messages of validating one modified record.
    fn messages(change: impl FnOnce(&mut Verband)) -> Vec<String> {
        let mut v = good();
        change(&mut v);
        let files = vec![("proef.json".to_string(), DatasetFile { schema: None, boundary_year: 2025, verbanden: vec![v] })];
        validate(&files, &register()).into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_good_record_has_no_problems() {
        assert_eq!(messages(|_| {}), Vec::<String>::new());
    }

    #[test]
    fn unknown_member_code() {
        assert_eq!(messages(|v| v.members[0].code = "GM9999".into()), ["proef.json: regio-proef: members[0]: unknown member code \"GM9999\""]);
    }

    #[test]
    fn member_code_of_another_boundary_year() {
        assert_eq!(
            messages(|v| v.members[0].code = "GM0001".into()),
            ["proef.json: regio-proef: members[0]: member code \"GM0001\" is valid for boundary year [2024], not for 2025"]
        );
    }

    #[test]
    fn unknown_theme_and_legal_form() {
        let found = messages(|v| {
            v.themes = vec!["sport".into()];
            v.legal_form = "gr".into();
        });
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("proef.json: regio-proef: legal_form: unknown legal form \"gr\"; known: openbaar-lichaam,"));
        assert!(found[1].starts_with("proef.json: regio-proef: themes: unknown theme \"sport\"; known: veiligheid,"));
    }

    #[test]
    fn duplicate_id_names_the_other_file() {
        let files = vec![
            ("a.json".to_string(), DatasetFile { schema: None, boundary_year: 2025, verbanden: vec![good()] }),
            ("b.json".to_string(), DatasetFile { schema: None, boundary_year: 2025, verbanden: vec![good()] }),
        ];
        let found: Vec<String> = validate(&files, &register()).iter().map(|p| p.to_string()).collect();
        assert_eq!(found, ["b.json: regio-proef: id: duplicate id: also used in a.json"]);
    }

    #[test]
    fn end_date_before_start_date() {
        let found = messages(|v| {
            v.members[1].start_date = Some("2020-05".into());
            v.members[1].end_date = Some("2019".into());
        });
        assert_eq!(found, ["proef.json: regio-proef: members[1]: ends (2019) before it starts (2020-05)"]);
    }

    #[test]
    fn malformed_and_non_web_urls() {
        let found = messages(|v| {
            v.website = Some("javascript:alert(1)".into());
            v.sources = vec!["www.example.nl/zonder-schema".into()];
        });
        assert_eq!(
            found,
            [
                "proef.json: regio-proef: sources: \"www.example.nl/zonder-schema\" is not an http(s) address",
                "proef.json: regio-proef: website: \"javascript:alert(1)\" is not an http(s) address",
            ]
        );
    }

    #[test]
    fn deceptive_urls_are_rejected_and_an_upper_case_scheme_accepted() {
        for bad in [
            "http://www.overijssel.nl@evil.example",
            "https://user:pw@www.example.nl/",
            "https://www.xn--verijssel-o6a.nl",
            "https://www.\u{43e}verijssel.nl",
            "https://www.example.nl/\u{202E}fdp.exe",
            "https://www.example.nl:99999999/",
            "https://www.example.nl\\@evil.example",
            "https://localhost/",
            "https://127.0.0.1/",
        ] {
            let found = messages(|v| v.website = Some(bad.into()));
            assert_eq!(found.len(), 1, "{bad:?}: {found:?}");
            assert!(found[0].contains("website: ") && found[0].contains("is not an http(s) address: "), "{found:?}");
        }
        for good in ["HTTPS://www.overijssel.nl/", "Http://www.example.nl:8080/a?b=c#d", "https://www.example.nl/caf%C3%A9"] {
            assert_eq!(messages(|v| v.website = Some(good.into())), Vec::<String>::new(), "{good}");
        }
    }

    #[test]
    fn control_and_bidi_characters_are_rejected_in_every_text_field() {
        let found = messages(|v| {
            v.name = "Regio\0Proef".into();
            v.seat = Some("\u{1b}[2J\u{1b}[31mALLES GOED".into());
            v.members[0].role = Some("centrum\u{202E}gemeente".into());
            v.other_partners = vec!["ok".into(), "\u{2066}x".into()];
            v.description = "Twee regels:\nde tweede.".into();
        });
        assert_eq!(
            found,
            [
                "proef.json: regio-proef: members[0].role: contains the invisible character U+202E at position 7; remove it (control and bidi formatting characters hide or reorder text)",
                "proef.json: regio-proef: name: contains the invisible character U+0000 at position 5; remove it (control and bidi formatting characters hide or reorder text)",
                "proef.json: regio-proef: other_partners[1]: contains the invisible character U+2066 at position 0; remove it (control and bidi formatting characters hide or reorder text)",
                "proef.json: regio-proef: seat: contains the invisible character U+001B at position 0; remove it (control and bidi formatting characters hide or reorder text)",
            ]
        );
        assert_eq!(messages(|v| v.name = "twee\nregels".into()).len(), 1, "a line break only in free text");
    }

    #[test]
    fn labels_are_printed_without_terminal_escapes() {
        let hostile = Verband { id: "\u{1b}[2J\u{1b}[31mALLES GOED".into(), ..good() };
        let files = vec![("proef.json".to_string(), DatasetFile { schema: None, boundary_year: 2025, verbanden: vec![hostile] })];
        let found = validate(&files, &register());
        assert!(!found.is_empty());
        for problem in found {
            let printed = problem.to_string();
            assert!(!printed.contains('\u{1b}'), "{printed:?}");
            assert!(printed.starts_with("proef.json: \\u{1b}[2J\\u{1b}[31mALLES GOED: "), "{printed:?}");
        }
    }

    #[test]
    fn duplicate_keys_are_named_with_record_and_field() {
        let record = r#"{"id": "ok", "name": "Eerst", "name": "Later", "description": "d", "themes": ["afval"], "legal_form": "nv-bv",
             "members": [{"code": "GM0164"}], "members": [{"code": "GM0153", "code": "GM0164"}], "sources": ["https://example.nl"], "checked": "2026-11-23"}"#;
        let text = format!(r#"{{"boundary_year": 2025, "verbanden": [{record}], "verbanden": []}}"#);
        let (_, problems) = parse_file(&text, "proef.json");
        let found: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let tail = "occurs more than once here; only the last one would be read (a left-over merge conflict?)";
        assert_eq!(
            found,
            [
                format!("proef.json: ok: name: the key \"name\" {tail}"),
                format!("proef.json: ok: members: the key \"members\" {tail}"),
                format!("proef.json: ok: members[0].code: the key \"code\" {tail}"),
                format!("proef.json: verbanden: the key \"verbanden\" {tail}"),
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_is_named_and_the_rest_still_read() {
        let (data, problems) = parse_file("\u{feff}{\"boundary_year\": 2025, \"verbanden\": [{\"id\": \"x\"}]}", "proef.json");
        assert!(data.is_some());
        assert!(problems[0].to_string().starts_with("proef.json: the file starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF at byte 0)"));
        assert!(problems[1].to_string().starts_with("proef.json: x: name: missing field"), "{problems:?}");
    }

    #[test]
    fn missing_source() {
        assert_eq!(messages(|v| v.sources.clear()), ["proef.json: regio-proef: sources: missing: every record cites at least one public source"]);
    }

    #[test]
    fn every_problem_is_reported_not_only_the_first() {
        let found = messages(|v| {
            v.id = "Regio Proef".into();
            v.members[0].code = "XX".into();
            v.checked = "gisteren".into();
            v.phase = Some("bloei".into());
        });
        assert_eq!(found.len(), 4, "{found:#?}");
    }

    #[test]
    fn unreadable_records_are_named_and_the_rest_kept() {
        let text = r#"{"boundary_year": 2025, "verbanden": [
            {"id": "kapot", "name": "Kapot"},
            {"id": "ok", "name": "Ok", "description": "d", "themes": ["afval"], "legal_form": "nv-bv",
             "members": [{"code": "GM0164"}], "sources": ["https://example.nl"], "checked": "2026-11-23", "colour": "red"}
        ]}"#;
        let (data, problems) = parse_file(text, "proef.json");
        assert_eq!(data.unwrap().verbanden.len(), 0);
        let found: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(found[0], "proef.json: kapot: description: missing field `description`");
        assert!(found[1].starts_with("proef.json: ok: colour: unknown field `colour`"), "{}", found[1]);
        let (_, broken) = parse_file("{\"boundary_year\": 2025,", "proef.json");
        assert!(broken[0].to_string().starts_with("proef.json: not valid JSON: EOF while parsing"));
    }
}
