//! The `datatool boundaries` command end to end, on a small hand-made fixture with
//! gemeenten, a provincie and two waterschappen, and with sources served over HTTP by
//! a server on 127.0.0.1 that the test starts.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Two gemeenten side by side, one provincie around both, two waterschappen split at x = 5.15.
fn square(x0: f64, x1: f64) -> String {
    format!("[[[{x0},52.0],[{x1},52.0],[{x1},52.1],[{x0},52.1],[{x0},52.0]]]")
}

fn collection(features: &[(&str, &str, String)]) -> String {
    let items: Vec<String> = features
        .iter()
        .map(|(code, name, coords)| {
            format!(r#"{{"type":"Feature","properties":{{"code":"{code}","naam":"{name}"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#)
        })
        .collect();
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, items.join(","))
}

fn fixture_files() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("gemeente", "gemeente.geojson", collection(&[("GM0001", "Westdorp", square(5.0, 5.1)), ("GM0002", "Oostdorp", square(5.1, 5.2))])),
        ("provincie", "provincie.geojson", collection(&[("PV99", "Proefland", square(5.0, 5.2))])),
        ("waterschap", "waterschap.geojson", collection(&[("WS0001", "Waterschap West", square(5.0, 5.15)), ("WS0002", "Waterschap Oost", square(5.15, 5.2))])),
    ]
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes a manifest for the fixture; `url_base` is where the sources can be downloaded.
fn write_manifest(dir: &Path, url_base: &str) -> PathBuf {
    let mut text = String::from("attribution = \"Proefdata\"\nmin_waterschap_share = 0.05\n");
    for (kind, file, content) in fixture_files() {
        text += &format!(
            "[[source]]\nid = \"{kind}_proef\"\nkind = \"{kind}\"\nyear = 2025\nformat = \"geojson\"\nfile = \"{file}\"\n\
             url = \"{url_base}/{file}\"\nsha256 = \"{}\"\ncode_property = \"code\"\nname_property = \"naam\"\n",
            sha(content.as_bytes())
        );
    }
    text += "[[level]]\nname = \"national\"\ntolerance = 0.01\ndecimals = 3\nmin_island_area = 0.0\nmin_zoom = 0.0\n";
    text += "[[level]]\nname = \"province\"\ntolerance = 0.0\ndecimals = 4\nmin_island_area = 0.0\nmin_zoom = 3.0\n";
    let path = dir.join("data/sources.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn write_sources(dir: &Path) -> PathBuf {
    let geodata = dir.join("geodata");
    std::fs::create_dir_all(&geodata).unwrap();
    for (_, file, content) in fixture_files() {
        std::fs::write(geodata.join(file), content).unwrap();
    }
    geodata
}

fn run(dir: &Path, manifest: &Path, geodata: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_datatool"));
    command.env_remove("KAARTVIEWER_GEODATA").arg("boundaries").arg("--manifest").arg(manifest);
    command.arg("--cache").arg(dir.join("cache")).arg("--out").arg(dir.join("out"));
    if let Some(g) = geodata {
        command.arg("--geodata").arg(g);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read_json(path: PathBuf) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn prepares_every_kind_and_computes_provincie_and_waterschappen() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), "http://127.0.0.1:9/unused");
    let geodata = write_sources(dir.path());
    let output = run(dir.path(), &manifest, Some(&geodata));
    assert!(output.status.success(), "{}", stderr(&output));

    let index = read_json(dir.path().join("out/boundaries.json"));
    let kinds: Vec<&str> = index["layers"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["gemeente", "provincie", "waterschap"]);

    let gemeenten = read_json(dir.path().join("out/gemeente_2025.national.geojson"));
    let features = gemeenten["features"].as_array().unwrap();
    let west = &features[0]["properties"];
    let east = &features[1]["properties"];
    assert_eq!(west["provincie"], "PV99");
    assert_eq!(west["neighbours"], serde_json::json!(["GM0002"]));
    assert_eq!(west["waterschappen"], serde_json::json!(["WS0001"]));
    let mut east_boards: Vec<&str> = east["waterschappen"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    east_boards.sort();
    assert_eq!(east_boards, ["WS0001", "WS0002"]);
    let waterschappen = read_json(dir.path().join("out/waterschap_2025.province.geojson"));
    assert_eq!(waterschappen["features"][1]["properties"]["kind"], "waterschap");
    assert_eq!(waterschappen["features"][1]["properties"]["code"], "WS0002");

    // A second run with the same inputs does no work.
    let again = run(dir.path(), &manifest, Some(&geodata));
    assert!(String::from_utf8_lossy(&again.stdout).contains("up to date"));
}

#[test]
fn a_changed_file_is_refused_with_the_source_named() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), "http://127.0.0.1:9/unused");
    let geodata = write_sources(dir.path());
    std::fs::write(geodata.join("provincie.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[]}").unwrap();
    let output = run(dir.path(), &manifest, Some(&geodata));
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("source \"provincie_proef\"") && message.contains("has sha256"), "{message}");
}

/// Serves the fixture files (or 404 for everything) on 127.0.0.1 for `requests` requests.
fn start_server(serve_files: bool, requests: usize) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = format!("http://{}", server.server_addr().to_ip().unwrap());
    std::thread::spawn(move || {
        for request in server.incoming_requests().take(requests) {
            let file = request.url().trim_start_matches('/').to_string();
            let found = fixture_files().into_iter().find(|(_, name, _)| *name == file).filter(|_| serve_files);
            let _ = match found {
                Some((_, _, content)) => request.respond(tiny_http::Response::from_string(content)),
                None => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
            };
        }
    });
    address
}

#[test]
fn downloads_missing_sources_into_the_cache_and_verifies_them() {
    let dir = tempfile::tempdir().unwrap();
    let url = start_server(true, 3);
    let manifest = write_manifest(dir.path(), &url);
    let output = run(dir.path(), &manifest, None);
    assert!(output.status.success(), "{}", stderr(&output));
    for (_, file, content) in fixture_files() {
        assert_eq!(std::fs::read_to_string(dir.path().join("cache").join(file)).unwrap(), content);
    }
    // The server is gone now: the cache alone must do.
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let offline = run(dir.path(), &manifest, None);
    assert!(offline.status.success(), "{}", stderr(&offline));
}

#[test]
fn a_failed_download_names_the_source_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let url = start_server(false, 3);
    let manifest = write_manifest(dir.path(), &url);
    let output = run(dir.path(), &manifest, None);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("source \"gemeente_proef\": not found in"), "{message}");
    assert!(message.contains("the download from") && message.contains("404"), "{message}");
}

#[test]
fn broken_source_json_is_a_named_error() {
    let dir = tempfile::tempdir().unwrap();
    let geodata = dir.path().join("geodata");
    std::fs::create_dir_all(&geodata).unwrap();
    let broken = "{\"type\": \"FeatureCollection\", \"features\": [";
    for (_, file, content) in fixture_files() {
        std::fs::write(geodata.join(file), if file == "gemeente.geojson" { broken } else { content.as_str() }).unwrap();
    }
    let manifest = write_manifest(dir.path(), "http://127.0.0.1:9/unused");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let fixed = text.replacen(&sha(fixture_files()[0].2.as_bytes()), &sha(broken.as_bytes()), 1);
    std::fs::write(&manifest, fixed).unwrap();
    let output = run(dir.path(), &manifest, Some(&geodata));
    assert!(!output.status.success());
    assert!(stderr(&output).contains("source \"gemeente_proef\": not valid GeoJSON"), "{}", stderr(&output));
}
