//! Opening the server's state: every failure is a message naming the file and the problem,
//! and the first beheerder is created once.

mod common;

use common::{config, write_fixture};
use kaartviewer_server::AppState;
use kaartviewer_server::auth::{ensure_first_admin, verify_password};
use kaartviewer_server::storage::{accounts, connect, schema};

fn open_error(config: kaartviewer_server::config::Config) -> String {
    match AppState::open(config) {
        Ok(_) => panic!("opened"),
        Err(e) => e,
    }
}

#[test]
fn a_missing_bundle_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    std::fs::remove_file(dir.path().join("basis.json")).unwrap();
    let error = open_error(config(dir.path()));
    assert!(error.contains("basis.json") && error.contains("datatool -- build"), "{error}");
    std::fs::write(dir.path().join("basis.json"), "{\"boundary_year\": 2025}").unwrap();
    let error = open_error(config(dir.path()));
    assert!(error.contains("basis.json") && error.contains("not a server bundle"), "{error}");
}

#[test]
fn invalid_curated_files_are_not_seeded_and_seeding_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let file = dir.path().join("data/verbanden/west.json");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("GM0005", "GM9999")).unwrap();
    let error = open_error(config(dir.path()));
    assert!(error.contains("cannot seed") && error.contains("west.json") && error.contains("GM9999"), "{error}");
    let version: i64 = connect(&config(dir.path()).database).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 0, "nothing was created");
    std::fs::write(&file, good).unwrap();
    let state = AppState::open(config(dir.path())).unwrap();
    assert_eq!(kaartviewer_server::storage::records::all(&state.store.lock()).unwrap().len(), 3);
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let database = config(dir.path()).database;
    connect(&database).unwrap().execute_batch(&format!("PRAGMA user_version = {}", schema::VERSION + 1)).unwrap();
    let error = open_error(config(dir.path()));
    assert!(error.contains("newer than this server knows") && error.contains(&database.display().to_string()), "{error}");
}

#[test]
fn the_first_beheerder_is_made_once() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let mut short = config(dir.path());
    short.admin_password = Some("kort".into());
    let error = open_error(short);
    assert!(error.contains("KAARTVIEWER_ADMIN_PASSWORD") && error.contains("12"), "{error}");

    let connection = connect(&dir.path().join("other.sqlite")).unwrap();
    let mut connection = connection;
    schema::migrate(&mut connection, || Ok(vec![])).unwrap();
    let password = ensure_first_admin(&connection, None).unwrap().expect("a one-time password");
    assert!(password.len() >= 20);
    let credentials = accounts::credentials(&connection, "beheerder").unwrap().unwrap();
    assert_eq!(credentials.role, "beheerder");
    assert!(verify_password(&credentials.password_hash, &password));
    assert_eq!(ensure_first_admin(&connection, Some("een-ander-wachtwoord")).unwrap(), None, "only when there is no account");
    assert_eq!(accounts::count(&connection).unwrap(), 1);
}
