//! Export and import between the database and the open-data files: the round trip is
//! lossless, import is checked before it changes anything, export can commit; and on the real
//! data the server publishes byte for byte what `datatool build` builds.

mod common;

use axum::http::StatusCode;
use common::{Call, Harness, config, record, write_fixture};
use kaartviewer_server::AppState;
use kaartviewer_server::storage::{records, transfer};
use serde_json::json;
use std::path::Path;
use std::process::Command;

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// A few edits of every kind: a change, a register override, a new record.
async fn edit(h: &Harness) {
    let editor = h.account("anna", "redacteur").await;
    for (id, change) in [("regio-west", json!({"seat": "Deventer"})), ("gr-10", json!({"seat": "Almelo"}))] {
        let reply = h.send(Call::get(&format!("/api/verbanden/{id}"))).await;
        let mut verband = reply.json.clone();
        for (k, v) in change.as_object().unwrap() {
            verband[k] = v.clone();
        }
        let call = Call::put(&format!("/api/verbanden/{id}"), json!({"verband": verband, "reason": format!("Vestiging van {id}")}));
        let saved = h.send(editor.call(call).header("if-match", reply.header("etag"))).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.json);
    }
    let mut new = record("nieuw-oost", &["GM0001"]);
    new.editor_note = Some("Bron volgt.".into());
    let created = h.send(editor.call(Call::post("/api/verbanden", json!({"verband": new, "reason": "Nieuw verband"})))).await;
    assert_eq!(created.status, StatusCode::CREATED);
}

#[tokio::test]
async fn export_right_after_seeding_reproduces_the_files() {
    let h = Harness::new();
    let out = tempfile::tempdir().unwrap();
    let report = transfer::export_files(&h.state.store.lock(), out.path()).unwrap();
    assert_eq!(report.written, ["verbanden/oost.json", "csv/oost.csv", "verbanden/west.json", "csv/west.csv"]);
    assert_eq!(read_dir_sorted(&out.path().join("verbanden")), read_dir_sorted(&h.dir.path().join("data/verbanden")));
    // The CSV is the data tool's CSV of each file.
    let csv = std::fs::read_to_string(out.path().join("csv/oost.csv")).unwrap();
    let file = kaartviewer_core::csv_table::from_csv(&csv, "oost.csv").unwrap();
    assert_eq!(file.verbanden.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["regio-oost", "afval-oost"]);
}

#[tokio::test]
async fn import_of_exported_files_changes_nothing() {
    let h = Harness::new();
    edit(&h).await;
    let data = h.dir.path().join("data");
    let written = transfer::export_files(&h.state.store.lock(), &data).unwrap();
    assert!(written.written.contains(&"verbanden/redactie.json".to_string()), "{:?}", written.written);
    let redactie = std::fs::read_to_string(data.join("verbanden/redactie.json")).unwrap();
    assert!(redactie.starts_with("{\n  \"$schema\": \"../verbanden.schema.json\",\n  \"boundary_year\": 2025,"), "{redactie}");
    assert!(redactie.contains("\"gr-10\"") && redactie.contains("\"nieuw-oost\"") && redactie.contains("Bron volgt."));
    assert!(!redactie.contains("\"versions\"") && !redactie.contains("\"origin\""), "build fields are not stored");
    let before: Vec<_> = records::all(&h.state.store.lock()).unwrap();
    let revisions: i64 = h.state.store.lock().query_row("SELECT count(*) FROM revisions", [], |r| r.get(0)).unwrap();

    let codes = h.state.published.basis.codes.clone();
    let report = transfer::import_files(&mut h.state.store.lock(), &data, &codes).unwrap();
    assert_eq!(report, transfer::Imported::default(), "nothing changed");
    assert_eq!(records::all(&h.state.store.lock()).unwrap(), before);
    let after: i64 = h.state.store.lock().query_row("SELECT count(*) FROM revisions", [], |r| r.get(0)).unwrap();
    assert_eq!(after, revisions, "no revision");
    // A second export writes nothing.
    assert!(transfer::export_files(&h.state.store.lock(), &data).unwrap().written.is_empty());

    // A new database seeded from the exported files holds the same records, in the same order.
    let config = kaartviewer_server::config::Config { database: h.dir.path().join("var/second.sqlite"), ..config(h.dir.path()) };
    let second = AppState::open(config).unwrap();
    assert_eq!(records::all(&second.store.lock()).unwrap(), before);
    assert_eq!(second.published.current().json, h.state.published.current().json, "and publishes the same dataset");
}

#[tokio::test]
async fn import_records_a_revision_per_changed_record_and_refuses_invalid_files() {
    let h = Harness::new();
    let data = h.dir.path().join("data");
    let path = data.join("verbanden/west.json");
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, original.replace("\"name\": \"Verband regio-west\"", "\"name\": \"Regio West\"")).unwrap();
    let codes = h.state.published.basis.codes.clone();
    let report = transfer::import_files(&mut h.state.store.lock(), &data, &codes).unwrap();
    assert_eq!(report.changed, ["regio-west"]);
    let history = records::history(&h.state.store.lock(), "regio-west").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].editor.as_str(), history[0].reason.as_str()), ("import", "Import uit data/verbanden/west.json"));
    assert_eq!(history[0].before.as_ref().unwrap().name, "Verband regio-west");

    std::fs::write(&path, original.replace("GM0005", "GM9999")).unwrap();
    let error = transfer::import_files(&mut h.state.store.lock(), &data, &codes).unwrap_err();
    assert!(error.contains("west.json") && error.contains("GM9999") && error.contains("nothing was imported"), "{error}");
    assert_eq!(records::get(&h.state.store.lock(), "regio-west").unwrap().unwrap().name, "Regio West");
    std::fs::write(&path, "{ kapot").unwrap();
    let error = transfer::import_files(&mut h.state.store.lock(), &data, &codes).unwrap_err();
    assert!(error.contains("west.json") && error.contains("not valid JSON"), "{error}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn export_commits_with_a_message_listing_the_revisions() {
    let h = Harness::new();
    let root = h.dir.path();
    git(root, &["init", "--quiet"]);
    git(root, &["config", "user.name", "Test"]);
    git(root, &["config", "user.email", "test@example.nl"]);
    git(root, &["add", "data"]);
    git(root, &["commit", "--quiet", "-m", "Begin"]);
    // Something else staged stays out of the export's commit.
    std::fs::write(root.join("anders.txt"), "x").unwrap();
    git(root, &["add", "anders.txt"]);
    edit(&h).await;
    let config = config(root);
    let report = transfer::export(&config, true).unwrap();
    assert!(report.contains("committed: Redactie: 3 wijziging(en) aan 3 verband(en)"), "{report}");
    let message = git(root, &["log", "-1", "--format=%B"]);
    for line in ["- regio-west: Vestiging van regio-west (anna, ", "- gr-10: Vestiging van gr-10 (anna, ", "- nieuw-oost: Nieuw verband (anna, "] {
        assert!(message.contains(line), "{line} in {message}");
    }
    let files = git(root, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains("data/verbanden/redactie.json") && files.contains("data/csv/west.csv") && !files.contains("anders.txt"), "{files}");
    let again = transfer::export(&config, true).unwrap();
    assert!(again.contains("nothing to commit"), "{again}");
    // The next commit lists only later revisions.
    let editor = h.admin().await;
    let reply = h.send(Call::get("/api/verbanden/regio-oost")).await;
    let mut v = reply.json.clone();
    v["seat"] = json!("Enschede");
    let saved = h.send(editor.call(Call::put("/api/verbanden/regio-oost", json!({"verband": v, "reason": "Zetel"}))).header("if-match", reply.header("etag"))).await;
    assert_eq!(saved.status, StatusCode::OK);
    transfer::export(&config, true).unwrap();
    let message = git(root, &["log", "-1", "--format=%B"]);
    assert!(message.starts_with("Redactie: 1 wijziging(en) aan 1 verband(en)") && message.contains("regio-oost: Zetel (beheerder"), "{message}");
}

#[test]
fn export_and_import_need_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let error = transfer::export(&config(dir.path()), false).unwrap_err();
    assert!(error.contains("no database at") && error.contains("start the server once"), "{error}");
}

/// The repository's data and the build's output (`datatool build` writes both bundles).
fn repository() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn on_the_real_data_the_server_publishes_what_datatool_builds_and_exports_the_committed_files() {
    let root = repository();
    let basis = root.join("target/generated/server/basis.json");
    let built = root.join("target/generated/data/verbanden.json");
    let expected = std::fs::read(&built)
        .unwrap_or_else(|e| panic!("{}: {e}; run `cargo run --release -p datatool -- build` first", built.display()));
    let dir = tempfile::tempdir().unwrap();
    let config = kaartviewer_server::config::Config {
        data: root.join("data"),
        basis,
        database: dir.path().join("kaartviewer.sqlite"),
        ..config(dir.path())
    };
    let state = AppState::open(config).unwrap();
    let published = state.published.current();
    assert!(
        published.json.as_ref() == expected.as_slice(),
        "the published dataset differs from {} ({} vs {} bytes); if data/ changed since, run datatool build again",
        built.display(),
        published.json.len(),
        expected.len()
    );
    // What a save costs on top of its transaction: overlay, serialise, brotli and gzip.
    let curated = records::all(&state.store.lock()).unwrap();
    let started = std::time::Instant::now();
    state.published.regenerate(&curated);
    let snapshot = state.published.current();
    eprintln!(
        "regenerating the published dataset: {:?} ({} bytes JSON, {} brotli, {} gzip)",
        started.elapsed(),
        snapshot.json.len(),
        snapshot.brotli.len(),
        snapshot.gzip.len()
    );
    assert_eq!(snapshot.json.as_ref(), expected.as_slice());
    let out = tempfile::tempdir().unwrap();
    transfer::export_files(&state.store.lock(), out.path()).unwrap();
    let exported = read_dir_sorted(&out.path().join("verbanden"));
    let committed: Vec<_> = read_dir_sorted(&root.join("data/verbanden")).into_iter().filter(|(n, _)| n.ends_with(".json")).collect();
    assert_eq!(exported.len(), committed.len());
    for ((name, bytes), (committed_name, committed_bytes)) in exported.iter().zip(&committed) {
        assert_eq!(name, committed_name);
        assert!(bytes == committed_bytes, "{name}: the export differs from the committed file");
    }
}
