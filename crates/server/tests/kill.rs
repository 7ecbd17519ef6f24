//! Killing the server during writes loses nothing that was confirmed and leaves nothing
//! half-written: a server process (this test binary, started again as a child that serves the
//! whole app over TCP and exports to `data/` in a loop, as `kaartviewer-server export` would
//! while the server runs) takes saves from three clients at once and is killed with SIGKILL
//! mid-way. Then every save that got 200 is in the database, which passes
//! `PRAGMA integrity_check`, and every exported file is whole.

mod common;

use kaartviewer_core::dataset::parse_file;
use kaartviewer_server::AppState;
use kaartviewer_server::storage::{connect, records, transfer};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHILD: &str = "KAARTVIEWER_KILL_TEST_CHILD";

/// Status, headers (lowercase names) and JSON body of a response.
type Response = (u16, Vec<(String, String)>, Value);

/// One HTTP/1.1 request over a fresh connection.
fn request(address: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&Value>) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other(format!("incomplete response: {text:?}")))?;
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("no status"))?;
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    Ok((status, headers, serde_json::from_str(body).unwrap_or(Value::Null)))
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
}

/// The child: serves the app on a free port (printed as `KV-PORT <n>`) and exports in a loop.
fn serve_as_child(root: &Path) {
    let state = AppState::open(common::config(root)).unwrap();
    let database = state.config.database.clone();
    let data = state.config.data.clone();
    std::thread::spawn(move || {
        let connection = connect(&database).unwrap();
        loop {
            transfer::export_files(&connection, &data).unwrap();
        }
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        // On its own line: libtest has written "test … ... " before it without a newline.
        println!("\nKV-PORT {}", listener.local_addr().unwrap().port());
        std::io::stdout().flush().unwrap();
        let app = kaartviewer_server::app(state);
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
}

/// Kills the child when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn kill_during_writes_loses_no_confirmed_save() {
    if let Ok(root) = std::env::var(CHILD) {
        serve_as_child(Path::new(&root));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    common::write_fixture(dir.path());
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "kill_during_writes_loses_no_confirmed_save", "--nocapture", "--test-threads=1"])
        .env(CHILD, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().unwrap();
    let port: u16 = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.split("KV-PORT ").nth(1).map(|p| p.trim().parse().unwrap()))
        .expect("the child server prints its port");
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    let login = json!({"username": "beheerder", "password": common::ADMIN_PASSWORD});
    let (status, headers, body) = request(address, "POST", "/api/login", &[], Some(&login)).unwrap();
    assert_eq!(status, 200, "{body}");
    let cookie = header(&headers, "set-cookie").split(';').next().unwrap().to_string();
    let csrf = body["csrf"].as_str().unwrap().to_string();

    // Three editors, one record each, saving as fast as they can; each confirmed save is noted.
    let confirmed: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = ["regio-oost", "afval-oost", "regio-west"]
        .into_iter()
        .map(|id| {
            let (cookie, csrf, confirmed, stop) = (cookie.clone(), csrf.clone(), confirmed.clone(), stop.clone());
            std::thread::spawn(move || {
                let auth = [("Cookie", cookie.as_str()), ("X-CSRF-Token", csrf.as_str())];
                let (_, headers, mut verband) = request(address, "GET", &format!("/api/verbanden/{id}"), &auth, None).unwrap();
                let mut etag = header(&headers, "etag").to_string();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let seat = format!("Zetel {n}");
                    verband["seat"] = json!(seat);
                    let body = json!({"verband": verband, "reason": format!("Opslag {n}")});
                    let headers = [auth[0], auth[1], ("If-Match", etag.as_str())];
                    match request(address, "PUT", &format!("/api/verbanden/{id}"), &headers, Some(&body)) {
                        Ok((200, _, reply)) => {
                            etag = reply["etag"].as_str().unwrap().to_string();
                            confirmed.lock().unwrap().push((id.to_string(), seat));
                        }
                        Ok((status, _, reply)) => panic!("{id}: save {n} answered {status}: {reply}"),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while confirmed.lock().unwrap().len() < 60 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.0.kill().unwrap();
    child.0.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let confirmed = confirmed.lock().unwrap().clone();
    assert!(confirmed.len() >= 60, "only {} saves were confirmed before the kill", confirmed.len());

    // The database as the killed server left it.
    let database = dir.path().join("var/kaartviewer.sqlite");
    let connection = connect(&database).unwrap();
    let integrity: String = connection.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    for (id, seat) in &confirmed {
        let found: i64 = connection
            .query_row("SELECT count(*) FROM revisions WHERE record_id = ?1 AND json_extract(after, '$.seat') = ?2", [id, seat], |r| r.get(0))
            .unwrap();
        assert_eq!(found, 1, "{id}: the confirmed save {seat:?} is lost");
    }
    for id in ["regio-oost", "afval-oost", "regio-west"] {
        let last: Vec<&String> = confirmed.iter().filter(|(i, _)| i == id).map(|(_, s)| s).collect();
        let stored = records::get(&connection, id).unwrap().unwrap().seat.unwrap();
        let last_number: usize = last.last().unwrap().trim_start_matches("Zetel ").parse().unwrap();
        // The last confirmed save, or one that was committed but not yet answered.
        assert!(stored == format!("Zetel {last_number}") || stored == format!("Zetel {}", last_number + 1), "{id}: stored {stored}, last confirmed {last_number}");
    }
    // Every exported file is whole (a kill during the export leaves at most a temporary file).
    for entry in std::fs::read_dir(dir.path().join("data/verbanden")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (file, problems) = parse_file(&text, &path.display().to_string());
            assert!(file.is_some() && problems.is_empty(), "{}: {problems:?}", path.display());
        }
    }
    // And the server opens it again, publishing the last saves.
    let stored: Vec<String> = ["regio-oost", "afval-oost", "regio-west"]
        .iter()
        .map(|id| records::get(&connection, id).unwrap().unwrap().seat.unwrap())
        .collect();
    drop(connection);
    let reopened = AppState::open(common::config(dir.path())).unwrap();
    let published = String::from_utf8(reopened.published.current().json.to_vec()).unwrap();
    for seat in stored {
        assert!(published.contains(&format!("\"seat\":\"{seat}\"")), "{seat} is published after the restart");
    }
}
