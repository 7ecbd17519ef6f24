//! Shared set-up of the server tests: a small dataset in a temporary folder (curated files,
//! a server bundle with a few codes, a register and a division record), the whole app, and
//! requests sent to it in-process.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use kaartviewer_core::dataset::{DatasetFile, Member, Origin, RegelingVersion, Verband};
use kaartviewer_core::publish::ServerBasis;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::validate::CodeRegister;
use kaartviewer_server::AppState;
use kaartviewer_server::auth::RateLimits;
use kaartviewer_server::config::{Config, Limits};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "beheerder-wachtwoord-2026";

pub fn record(id: &str, members: &[&str]) -> Verband {
    Verband {
        id: id.into(),
        name: format!("Verband {id}"),
        description: "Werkt samen aan een taak.".into(),
        themes: vec!["bestuur-regio".into()],
        legal_form: "openbaar-lichaam".into(),
        members: members.iter().map(|c| Member { code: (*c).into(), ..Default::default() }).collect(),
        sources: vec!["https://www.example.nl/bron".into()],
        checked: "2026-11-01".into(),
        ..Default::default()
    }
}

/// Writes the fixture into `root`: `data/verbanden/{oost,west}.json`, `basis.json`.
pub fn write_fixture(root: &Path) {
    let curated = root.join("data/verbanden");
    std::fs::create_dir_all(&curated).unwrap();
    let mut noted = record("regio-oost", &["GM0001", "GM0002"]);
    noted.editor_note = Some("Nog controleren.".into());
    let files = [
        ("oost.json", vec![noted, record("afval-oost", &["GM0001", "GM0003", "PV01"])]),
        ("west.json", vec![record("regio-west", &["GM0004", "GM0005"])]),
    ];
    for (name, verbanden) in files {
        let file = DatasetFile { schema: Some("../verbanden.schema.json".into()), boundary_year: 2025, verbanden };
        std::fs::write(curated.join(name), serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
    }
    let mut codes = CodeRegister::default();
    for code in ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"] {
        codes.insert(2025, code, RegionKind::Gemeente);
    }
    codes.insert(2025, "PV01", RegionKind::Provincie);
    let mut register = record("gr-10", &["GM0002", "GM0003"]);
    register.origin = Origin::Register;
    register.roo_id = Some("11".into());
    register.versions = vec![
        RegelingVersion { roo_id: "10".into(), from: Some("2010-01-01".into()), until: Some("2020-01-01".into()) },
        RegelingVersion { roo_id: "11".into(), from: Some("2020-01-01".into()), until: None },
    ];
    let mut division = record("vr01", &["GM0004", "GM0005"]);
    division.origin = Origin::Division;
    division.division = Some("veiligheidsregio_2025/VR01".into());
    let basis = ServerBasis { boundary_year: 2025, codes, waterschappen: vec![], verbanden: vec![division, register] };
    std::fs::write(root.join("basis.json"), serde_json::to_string(&basis).unwrap()).unwrap();
}

pub fn config(root: &Path) -> Config {
    Config {
        address: "127.0.0.1:0".parse().unwrap(),
        dist: root.join("dist"),
        data: root.join("data"),
        basis: root.join("basis.json"),
        database: root.join("var/kaartviewer.sqlite"),
        frame_ancestors: "'self'".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        secure_cookies: true,
        limits: Limits::default(),
    }
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub app: Router,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with(|_| {}, RateLimits::default())
    }

    pub fn with(adjust: impl FnOnce(&mut Config), limits: RateLimits) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        write_fixture(dir.path());
        let mut config = config(dir.path());
        adjust(&mut config);
        let state = AppState::open_with(config, limits).unwrap();
        let app = kaartviewer_server::app(state.clone());
        Harness { dir, state, app }
    }

    pub async fn send(&self, request: Call) -> Reply {
        let mut builder = Request::builder().method(request.method).uri(&request.path);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = match &request.body {
            Some(text) => {
                if !request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                    builder = builder.header("content-type", "application/json");
                }
                Body::from(text.clone())
            }
            None => Body::empty(),
        };
        let mut http_request = builder.body(body).unwrap();
        let ip: SocketAddr = format!("{}:40000", request.ip).parse().unwrap();
        http_request.extensions_mut().insert(ConnectInfo(ip));
        let response = self.app.clone().oneshot(http_request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, json, bytes }
    }

    /// Signs in; panics unless it succeeds.
    pub async fn login(&self, username: &str, password: &str) -> Editor {
        let reply = self.send(Call::post("/api/login", json!({"username": username, "password": password}))).await;
        assert_eq!(reply.status, StatusCode::OK, "login {username}: {}", reply.json);
        let cookie = reply.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        Editor { cookie, csrf: reply.json["csrf"].as_str().unwrap().to_string(), username: username.into() }
    }

    pub async fn admin(&self) -> Editor {
        self.login("beheerder", ADMIN_PASSWORD).await
    }

    /// Creates an account as the beheerder and signs it in.
    pub async fn account(&self, username: &str, role: &str) -> Editor {
        let admin = self.admin().await;
        let password = format!("{username}-wachtwoord-lang");
        let reply = self.send(admin.call(Call::post("/api/accounts", json!({"username": username, "password": password, "role": role})))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json);
        self.login(username, &password).await
    }
}

/// A signed-in client.
#[derive(Clone)]
pub struct Editor {
    pub cookie: String,
    pub csrf: String,
    pub username: String,
}

impl Editor {
    /// The call with this session's cookie and CSRF token.
    pub fn call(&self, call: Call) -> Call {
        call.header("cookie", &self.cookie).header("x-csrf-token", &self.csrf)
    }

    /// The call with the cookie but without the CSRF token.
    pub fn without_csrf(&self, call: Call) -> Call {
        call.header("cookie", &self.cookie)
    }
}

pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub ip: String,
}

impl Call {
    pub fn get(path: &str) -> Call {
        Call { method: "GET", path: path.into(), headers: vec![], body: None, ip: "192.0.2.1".into() }
    }
    pub fn post(path: &str, body: Value) -> Call {
        Call { method: "POST", body: Some(body.to_string()), ..Call::get(path) }
    }
    pub fn put(path: &str, body: Value) -> Call {
        Call { method: "PUT", body: Some(body.to_string()), ..Call::get(path) }
    }
    pub fn delete(path: &str) -> Call {
        Call { method: "DELETE", ..Call::get(path) }
    }
    pub fn raw(method: &'static str, path: &str, body: &str) -> Call {
        Call { method, body: Some(body.into()), ..Call::get(path) }
    }
    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn at_ip(mut self, ip: &str) -> Call {
        self.ip = ip.into();
        self
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }
    pub fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or("")
    }
}

/// A short session lifetime, for the expiry test.
pub fn short_sessions(config: &mut Config) {
    config.limits.session_lifetime = Duration::from_secs(1);
}
