//! The server under hostile and careless clients, with raw TCP clients against the real binary
//! (`serve --static-only`: the same listener, limits and headers as with the editor, without a
//! database to prepare) and, where a request handler must read a body or take its time, against
//! the listener in process.
//!
//! Each test is one of the ways `datatool serve` (the server this one replaced) failed when
//! tried as an attacker would. Timeouts are shortened through the environment so the tests run
//! in seconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `kaartviewer-server`, stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    _site: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BINARY: &str = env!("CARGO_BIN_EXE_kaartviewer-server");

/// A small built site: a page, a hashed asset with its precompressed copy, data, a big file,
/// a dotfile, and a symlink to `/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("data/boundaries")).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><title>Kaart</title><script src=\"./start-cdf33bc2afd413e4.js\"></script>").unwrap();
    std::fs::write(root.join("start-cdf33bc2afd413e4.js"), "console.log('start');".repeat(50)).unwrap();
    std::fs::write(root.join("start-cdf33bc2afd413e4.js.br"), "brotli-bytes").unwrap();
    std::fs::write(root.join("data/verbanden.json"), "{\"verbanden\":[]}").unwrap();
    std::fs::write(root.join("data/embedding.json"), "{\"hosts\":[\"https://www.provincie-utrecht.nl\"]}").unwrap();
    std::fs::write(root.join("big.bin"), vec![7u8; 8 * 1024 * 1024]).unwrap();
    std::fs::write(root.join(".env"), "SECRET=1").unwrap();
    std::fs::write(root.join("data/.secret"), "SECRET=2").unwrap();
    std::os::unix::fs::symlink("/", root.join("root")).unwrap();
    std::os::unix::fs::symlink(root.join("data"), root.join("alias")).unwrap();
    dir
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
    let dir = site();
    let mut server = start_in(dir.path(), args, env, None);
    server._site = Some(dir);
    server
}

/// Starts the binary on a free port, with short timeouts unless `env` says otherwise, under
/// `open_files` as its open-file limit when given.
fn start_in(dist: &Path, args: &[&str], env: &[(&str, &str)], open_files: Option<u32>) -> Server {
    let mut command = match open_files {
        Some(limit) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\"")).arg(BINARY);
            c
        }
        None => Command::new(BINARY),
    };
    command
        .args(["serve", "--static-only", "--address", "127.0.0.1:0", "--dist"])
        .arg(dist)
        .args(args)
        .env("KAARTVIEWER_HEADER_TIMEOUT_MS", "700")
        .env("KAARTVIEWER_WRITE_TIMEOUT_MS", "700")
        .env("KAARTVIEWER_BODY_TIMEOUT_MS", "700")
        .env_remove("KAARTVIEWER_FRAME_ANCESTORS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}: {}", stderr_of(&mut child)));
    Server { child, address, _site: None }
}

fn stderr_of(child: &mut Child) -> String {
    let _ = child.kill();
    let mut text = String::new();
    let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut text));
    text
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream
}

/// Sends `request` on a new connection and reads until the server closes it (or 5 s pass).
fn exchange(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = connect(address);
    stream.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn get(address: SocketAddr, path: &str) -> String {
    exchange(address, format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
}

fn status(response: &str) -> u16 {
    response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status line in {response:?}"))
}

/// The value of header `name` in a response head.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn assert_security_headers(response: &str) {
    assert_eq!(header(response, "x-content-type-options"), Some("nosniff"), "{response}");
    assert_eq!(header(response, "referrer-policy"), Some("no-referrer"), "{response}");
    assert!(header(response, "content-security-policy").is_some_and(|p| p.starts_with("default-src 'none'")), "{response}");
}

fn assert_alive(server: &mut Server) {
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
    let response = get(server.address, "/");
    assert_eq!(status(&response), 200, "{response}");
}

#[test]
fn a_content_length_of_2_64_minus_1_without_a_body_gets_413() {
    let mut server = start(&[], &[]);
    let started = Instant::now();
    let response = exchange(server.address, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551615\r\n\r\n");
    assert_eq!(status(&response), 413, "{response}");
    assert_security_headers(&response);
    assert!(response.contains("te groot / The request is too large"), "{response}");
    assert!(started.elapsed() < Duration::from_secs(4), "answered at once, not after a timeout");
    // Just within what hyper can represent, on a kept-alive connection's second request: the
    // request limits answer.
    let mut stream = connect(server.address);
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut first = vec![0; 65536];
    let _ = stream.read(&mut first).unwrap();
    stream.write_all(b"PUT /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551613\r\n\r\n").unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let second = String::from_utf8_lossy(&out);
    assert_eq!(status(&second), 413, "{second}");
    assert_security_headers(&second);
    assert_alive(&mut server);
}

#[test]
fn a_client_that_promises_a_body_and_sends_none_stalls_no_one() {
    let server = start(&[], &[]);
    let mut silent = connect(server.address);
    silent.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n").unwrap();
    let mut half = connect(server.address);
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(status(&get(server.address, "/")), 200);
    }
    assert!(started.elapsed() < Duration::from_millis(500), "others were served at once ({:?})", started.elapsed());
    // The head that never ends is closed after the header timeout (here 0.7 s).
    let mut out = Vec::new();
    let _ = half.read_to_end(&mut out);
    assert!(started.elapsed() < Duration::from_secs(3), "the slowloris connection was closed ({:?})", started.elapsed());
}

#[test]
fn a_client_that_never_reads_stalls_no_one_and_is_cut_off() {
    let server = start(&[], &[]);
    let mut hog = connect(server.address);
    // Forty pipelined requests for 8 MiB each, none of it read.
    for _ in 0..40 {
        hog.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(status(&get(server.address, "/")), 200);
    }
    assert!(started.elapsed() < Duration::from_millis(500), "others were served at once ({:?})", started.elapsed());
    // The write timeout (0.7 s) has cut the hog off: what it can still read is what the
    // kernel buffered, far less than the 320 MiB it asked for, then the end.
    std::thread::sleep(Duration::from_millis(1500));
    let mut total = 0usize;
    let mut chunk = vec![0; 1 << 20];
    while let Ok(n) = hog.read(&mut chunk) {
        if n == 0 {
            break;
        }
        total += n;
    }
    assert!(total < 64 << 20, "read {total} bytes");
}

#[test]
fn six_hundred_idle_connections_do_not_kill_the_server() {
    let dir = site();
    // An open-file limit of 128: datatool serve died at about 575 connections with 1024.
    let mut server = start_in(dir.path(), &[], &[], Some(128));
    let idle: Vec<TcpStream> = (0..600).map(|_| TcpStream::connect(server.address).unwrap()).collect();
    // The server takes what fits its descriptors, closes those that send nothing after the
    // header timeout, and takes the next: it neither runs out of descriptors nor exits.
    std::thread::sleep(Duration::from_millis(2000));
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited under 600 connections");
    drop(idle);
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..20 {
        assert_eq!(status(&get(server.address, "/")), 200);
    }
    assert_alive(&mut server);
    let stderr = stderr_of(&mut server.child);
    assert!(stderr.contains("the open-file limit allows 32 connections at once, not 512"), "{stderr}");
}

#[test]
fn symlinks_out_of_the_root_and_dotfiles_are_not_served() {
    let mut server = start(&[], &[]);
    for path in ["/root/etc/passwd", "/root/etc/shadow", "/root/", "/.env", "/data/.secret", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/data/%2e%2e/.env"] {
        let response = get(server.address, path);
        assert_eq!(status(&response), 404, "{path}: {response}");
        assert!(!response.contains("root:") && !response.contains("SECRET"), "{path}: {response}");
        assert_security_headers(&response);
        assert!(response.contains("Niet gevonden / Not found"));
    }
    // A symlink that stays inside the root is followed.
    assert_eq!(status(&get(server.address, "/alias/verbanden.json")), 200);
    assert_alive(&mut server);
}

/// The server's resident memory, KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap()
}

#[test]
fn a_200_mib_request_line_gets_414_and_memory_stays_bounded() {
    let mut server = start(&[], &[]);
    let before = resident_kib(server.child.id());
    let mut stream = connect(server.address);
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        let _ = writer.write_all(b"GET /");
        let mut sent = 0;
        for _ in 0..200 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let response = String::from_utf8_lossy(&out);
    assert_eq!(status(&response), 414, "{response}");
    assert_security_headers(&response);
    // The rest of the line is read and discarded (a lingering close, so the client gets the
    // 414 rather than a reset), never kept.
    sender.join().unwrap();
    let after = resident_kib(server.child.id());
    assert!(after < before + 20 * 1024, "resident memory grew from {before} to {after} KiB");
    // Big headers: 431, with the same headers.
    let big = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(200_000));
    let response = exchange(server.address, big.as_bytes());
    assert_eq!(status(&response), 431, "{response}");
    assert_security_headers(&response);
    assert_alive(&mut server);
}

#[test]
fn every_method_but_get_and_head_gets_405_on_static_files() {
    let mut server = start(&[], &[]);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO"] {
        let response = exchange(server.address, format!("{method} /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
        assert_eq!(status(&response), 405, "{method}: {response}");
        assert_eq!(header(&response, "allow"), Some("GET, HEAD"), "{method}");
        assert_security_headers(&response);
    }
    let head = exchange(server.address, b"HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&head), 200, "{head}");
    assert!(header(&head, "content-length").is_some_and(|l| l != "0"), "HEAD tells the length: {head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head:?}");
    assert_alive(&mut server);
}

#[test]
fn caching_compression_and_the_page_policy() {
    let server = start(&[], &[]);
    let page = get(server.address, "/");
    assert_eq!(header(&page, "cache-control"), Some("no-cache"));
    let policy = header(&page, "content-security-policy").unwrap();
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"), "{policy}");
    assert!(policy.ends_with("frame-ancestors 'self' https://www.provincie-utrecht.nl"), "from data/embedding.json: {policy}");
    let etag = header(&page, "etag").unwrap().to_string();
    let again = exchange(server.address, format!("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(status(&again), 304, "{again}");
    assert_security_headers(&again);

    let asset = exchange(server.address, b"GET /start-cdf33bc2afd413e4.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n");
    assert_eq!(header(&asset, "cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(header(&asset, "content-encoding"), Some("br"));
    assert_eq!(header(&asset, "vary"), Some("Accept-Encoding"));
    assert!(asset.ends_with("brotli-bytes"), "{asset}");
    let plain = get(server.address, "/start-cdf33bc2afd413e4.js");
    assert_eq!(header(&plain, "content-encoding"), None);
    assert_eq!(header(&plain, "content-type"), Some("text/javascript; charset=utf-8"));

    let data = get(server.address, "/data/verbanden.json");
    assert_eq!(header(&data, "cache-control"), Some("no-cache"));
    assert_eq!(header(&data, "content-type"), Some("application/json"));
    assert!(header(&data, "etag").is_some() && header(&data, "last-modified").is_some());

    // A directory without its slash is redirected, so the page's relative addresses work.
    let redirect = get(server.address, "/data?x=1");
    assert_eq!(status(&redirect), 308);
    assert_eq!(header(&redirect, "location"), Some("/data/?x=1"));
}

#[test]
fn keep_alive_answers_without_delay() {
    let server = start(&[], &[]);
    let mut stream = connect(server.address);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let started = Instant::now();
    for _ in 0..200 {
        stream.write_all(b"GET /data/verbanden.json HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
    }
    let elapsed = started.elapsed();
    // datatool serve took 40 ms per request (Nagle and delayed ACK): 8 s for 200.
    assert!(elapsed < Duration::from_secs(1), "200 kept-alive requests took {elapsed:?}");
}

#[test]
fn http_2_and_lf_only_request_lines_are_answered_or_closed() {
    let server = start(&[], &[]);
    for request in [
        &b"GET / HTTP/2.0\r\nHost: x\r\n\r\n"[..],
        b"GET / HTTP/2\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"GET / HTTP/1.1\nHost: x\nConnection: close\n\n",
        b"GET /\n\n",
        b"GET / HTTP/1.1\n",
    ] {
        let started = Instant::now();
        let response = exchange(server.address, request);
        assert!(started.elapsed() < Duration::from_secs(3), "{:?} hung for {:?}", String::from_utf8_lossy(request), started.elapsed());
        if !response.is_empty() {
            assert!(matches!(status(&response), 200 | 400 | 505), "{response}");
        }
    }
    let lf = exchange(server.address, b"GET / HTTP/1.1\nHost: x\nConnection: close\n\n");
    assert_eq!(status(&lf), 200, "an LF-only request is understood: {lf}");
}

#[test]
fn bad_configuration_stops_the_start_with_a_message_and_status_2() {
    let dir = site();
    let run = |args: &[&str], dist: &Path| {
        let address = if args.contains(&"--address") { &[][..] } else { &["--address", "127.0.0.1:0"][..] };
        let output = Command::new(BINARY)
            .args(["serve", "--static-only", "--dist"])
            .arg(dist)
            .args(address)
            .args(args)
            .env_remove("KAARTVIEWER_FRAME_ANCESTORS")
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = run(&["--frame-ancestors", "'self' https://www.provinçie-utrecht.nl"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("non-ASCII") && stderr.contains("provinçie") && stderr.contains("punycode"), "{stderr}");
    let (code, stderr) = run(&["--frame-ancestors", "https://x.nl; script-src *"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    let empty = tempfile::tempdir().unwrap();
    let (code, stderr) = run(&[], empty.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("has no index.html"), "{stderr}");
    let (code, stderr) = run(&["--address", "localhost"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("\"localhost\" is not an IP address with a port"), "{stderr}");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let (code, stderr) = run(&["--address", &address], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("cannot listen on {address}")), "{stderr}");
    let (code, stderr) = run(&["--max-body-bytes", "0"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("max body bytes"), "{stderr}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = start(&[], &[]);
    assert_alive(&mut server);
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(stderr_of(&mut server.child).contains("stopped"));
}

/// In process: a handler that reads the body (as the API does) and one that takes its time.
mod in_process {
    use super::*;
    use axum::Router;
    use axum::routing::post;
    use kaartviewer_server::config::{Config, Limits};

    fn config(dist: PathBuf) -> Config {
        let mut config = Config::for_paths(dist, PathBuf::new(), PathBuf::new(), PathBuf::new());
        config.limits = Limits {
            header_timeout: Duration::from_millis(700),
            body_timeout: Duration::from_millis(700),
            write_timeout: Duration::from_millis(700),
            max_body_bytes: 1000,
            shutdown_grace: Duration::from_secs(3),
            ..Limits::default()
        };
        config
    }

    /// Serves `router` (with the static site behind it and the server's limits and headers)
    /// on a runtime of its own; returns the address and the trigger of a graceful shutdown.
    fn serve(router: Router) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, std::thread::JoinHandle<()>, tempfile::TempDir) {
        let dir = site();
        let config = config(dir.path().to_path_buf());
        let app = kaartviewer_server::with_site(router, &config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tell, told) = std::sync::mpsc::channel();
        let limits = config.limits.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tell.send(listener.local_addr().unwrap()).unwrap();
                kaartviewer_server::listener::serve(listener, app, limits, async {
                    let _ = stopped.await;
                })
                .await;
            });
        });
        (told.recv().unwrap(), stop, thread, dir)
    }

    #[test]
    fn a_promised_body_that_never_comes_gets_408_and_a_big_one_413() {
        let router = Router::new().route("/api/echo", post(|body: axum::body::Bytes| async move { body.len().to_string() }));
        let (address, stop, thread, _dir) = serve(router);
        let started = Instant::now();
        let mut silent = connect(address);
        silent.write_all(b"POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n").unwrap();
        // Meanwhile others are served.
        assert_eq!(status(&get(address, "/")), 200);
        assert!(started.elapsed() < Duration::from_millis(500));
        let mut out = Vec::new();
        let _ = silent.read_to_end(&mut out);
        let response = String::from_utf8_lossy(&out);
        assert_eq!(status(&response), 408, "{response}");
        assert!(response.contains("{\"error\":\"Het verzoek kwam niet op tijd binnen / The request did not arrive in time\"}"), "{response}");
        assert_security_headers(&response);
        // A chunked body over the limit (no Content-Length to refuse up front).
        let chunk = "a".repeat(800);
        let chunked = format!("POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n{chunk}\r\n320\r\n{chunk}\r\n0\r\n\r\n");
        let response = exchange(address, chunked.as_bytes());
        assert_eq!(status(&response), 413, "{response}");
        assert!(response.contains("\"error\""), "JSON under /api/: {response}");
        assert_security_headers(&response);
        let ok = exchange(address, b"POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhallo");
        assert!(ok.ends_with("\r\n\r\n5"), "{ok}");
        stop.send(()).unwrap();
        thread.join().unwrap();
    }

    #[test]
    fn a_panicking_handler_answers_500_and_the_server_goes_on() {
        let router = Router::new().route("/api/boom", post(|| async { if true { panic!("boom") } else { "" } }));
        let (address, stop, thread, _dir) = serve(router);
        let response = exchange(address, b"POST /api/boom HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assert_eq!(status(&response), 500, "{response}");
        assert!(response.contains("\"error\":\"Interne fout / Internal error\""), "{response}");
        assert_security_headers(&response);
        assert_eq!(status(&get(address, "/")), 200);
        stop.send(()).unwrap();
        thread.join().unwrap();
    }

    #[test]
    fn graceful_shutdown_lets_the_request_in_flight_finish() {
        let router = Router::new().route(
            "/api/save",
            post(|| async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                "opgeslagen"
            }),
        );
        let (address, stop, thread, _dir) = serve(router);
        let mut saving = connect(address);
        saving.write_all(b"POST /api/save HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        stop.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(TcpStream::connect(address).is_err(), "no new connections once stopping");
        let mut out = Vec::new();
        let _ = saving.read_to_end(&mut out);
        let response = String::from_utf8_lossy(&out);
        assert_eq!(status(&response), 200, "{response}");
        assert!(response.ends_with("opgeslagen"), "{response}");
        thread.join().unwrap();
    }
}
