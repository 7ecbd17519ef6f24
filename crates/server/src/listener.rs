//! Accepting connections with the limits a hostile client meets.
//!
//! `axum::serve` has no timeouts and no connection cap, so the server drives hyper's HTTP/1.1
//! connection itself:
//! - **connection cap**: a semaphore permit per open connection (held until the socket is
//!   really closed); at the cap the server stops accepting and further clients wait in the
//!   kernel's backlog, so file descriptors never run out. Accept errors (such as `EMFILE`) are
//!   logged and retried after a pause, never the end of the server;
//! - **slow clients**: hyper's header read timeout closes a connection whose request head is
//!   not complete in time (slowloris), which is also the idle time of a kept-alive connection;
//!   the request timeout ([`request_limits`]) answers 408 to a body that is promised and not sent;
//! - **slow readers**: [`Guarded`] fails a write that makes no progress for the write timeout,
//!   so a client that never reads its response is cut off;
//! - **sizes**: a request line over the limit gets 414, a head over the limit 431, a body over
//!   the limit 413 (also a `Content-Length` of 2^64-1 with no body); hyper stops reading at its
//!   buffer size, so memory stays bounded whatever the client sends;
//! - `TCP_NODELAY`, so a kept-alive response is not held back 40 ms by Nagle's algorithm;
//! - **graceful shutdown** on SIGTERM/SIGINT: stop accepting, let requests in flight finish
//!   (bounded by the shutdown grace), so a write the client was told succeeded is never lost.

use crate::config::Limits;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// Serves `app` on `listener` until `shutdown` completes, then closes gracefully: no new
/// connections, requests in flight finish (for at most `limits.shutdown_grace`).
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes)
        // hyper reads at most this much while waiting for a head to end (then 431): the bound on
        // memory per connection whatever the client sends.
        .max_buf_size(limits.max_header_bytes + 16 * 1024)
        .keep_alive(true);
    let limits = Arc::new(limits);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // EMFILE, ENFILE, ENOBUFS, ECONNABORTED…: the listener is still good. Pause so
                    // that a lack of descriptors is not a busy loop, and try again.
                    eprintln!("kaartviewer-server: accepting a connection failed ({error}); trying again in 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without it a small response after a kept-alive request can wait 40 ms for the
        // client's delayed ACK.
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Guarded::new(stream, permit, &limits));
        // The client's address, for the per-address rate limits of the API (`ConnectInfo`).
        let service = tower::ServiceExt::map_request(app.clone(), move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            request
        });
        let connection = graceful.watch(builder.serve_connection(io, TowerToHyperService::new(service)));
        tokio::spawn(async move {
            // Errors here are the client's (reset, timeout, malformed request): nothing to do.
            let _ = connection.await;
        });
    }
    drop(listener);
    let open = graceful.count();
    if open > 0 {
        eprintln!("kaartviewer-server: stopping; waiting for {open} open connection(s) to finish their requests");
    }
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        eprintln!(
            "kaartviewer-server: stopped after {} s with requests still in flight (every database write is a transaction: nothing is half-written)",
            limits.shutdown_grace.as_secs()
        );
    }
}

/// Descriptors kept free for the listener, the database, logs and files being read.
const RESERVED_DESCRIPTORS: u64 = 64;

/// Makes room for `max_connections` open connections within the process's open-file limit
/// (each connection a socket, and possibly a file being sent), raising the soft limit up to the
/// hard limit when needed. Returns how many connections fit: `max_connections`, or fewer when
/// the hard limit is lower.
#[allow(clippy::unnecessary_cast, reason = "rlim_t is not u64 on every platform")]
pub fn fit_open_file_limit(max_connections: usize) -> Result<usize, String> {
    #[cfg(unix)]
    {
        let needed = max_connections as u64 * 2 + RESERVED_DESCRIPTORS;
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return Err(format!("cannot read the open-file limit: {}", io::Error::last_os_error()));
        }
        if (limit.rlim_cur as u64) < needed && limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: (needed as libc::rlim_t).min(limit.rlim_max), rlim_max: limit.rlim_max };
            // SAFETY: setrlimit reads the struct it is given.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit = raised;
            }
        }
        let fits = (limit.rlim_cur as u64).saturating_sub(RESERVED_DESCRIPTORS) / 2;
        if fits == 0 {
            return Err(format!("the open-file limit ({}) leaves no room for connections", limit.rlim_cur));
        }
        Ok(max_connections.min(fits as usize))
    }
    #[cfg(not(unix))]
    Ok(max_connections)
}

/// Completes on SIGTERM (service managers, `docker stop`) or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// The per-request limits: the body size (413, also for a body sent without a
/// `Content-Length`) and the time a request may take, body included (408 to a client that
/// promises a body and does not send it). Their answers say what happened, as JSON under
/// `/api/` (the API's error format) and as text elsewhere. A handler that panics answers 500
/// (the server's release profile unwinds), and the server goes on.
pub fn request_limits(router: Router, limits: &Limits) -> Router {
    router
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.body_timeout))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_panic| {
            eprintln!("kaartviewer-server: a request handler panicked; answered 500");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }))
        .layer(middleware::from_fn(explain_limits))
}

async fn explain_limits(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let message = match response.status() {
        StatusCode::INTERNAL_SERVER_ERROR if response.headers().get(header::CONTENT_TYPE).is_none() => {
            "Interne fout / Internal error"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "Het verzoek is te groot / The request is too large",
        StatusCode::REQUEST_TIMEOUT => "Het verzoek kwam niet op tijd binnen / The request did not arrive in time",
        _ => return response,
    };
    let json = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json {
        return response;
    }
    let mut out = if api {
        (response.status(), axum::Json(serde_json::json!({ "error": message }))).into_response()
    } else {
        (response.status(), message).into_response()
    };
    out.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    out
}

/// Why the first request of a connection is refused before hyper sees all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    UriTooLong,
    HeadTooLarge,
    BodyTooLarge,
}

impl Refusal {
    /// The complete response, with the security headers every response carries.
    fn response(self) -> Vec<u8> {
        let (status, message) = match self {
            Refusal::UriTooLong => ("414 URI Too Long", "Het adres is te lang / The request line is too long"),
            Refusal::HeadTooLarge => {
                ("431 Request Header Fields Too Large", "De kopregels zijn te groot / The request headers are too large")
            }
            Refusal::BodyTooLarge => ("413 Content Too Large", "Het verzoek is te groot / The request is too large"),
        };
        let mut out = format!(
            "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\ncache-control: no-store\r\n",
            message.len()
        );
        for (name, value) in crate::security_headers::headers_for_other_responses() {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(message);
        out.into_bytes()
    }
}

/// Follows the head of a connection's first request as it arrives, to answer a request line,
/// head or declared body over the limits with 414, 431 or 413 (and the security headers)
/// instead of hyper's bare 431 (or a reset) — typically the whole of an attack, which does
/// not bother with keep-alive. Later requests on the connection meet hyper's limits and
/// [`request_limits`].
#[derive(Debug)]
struct HeadWatch {
    active: bool,
    request_line_seen: bool,
    line_len: usize,
    head_len: usize,
    /// The start of the current line: enough to recognise `Content-Length`.
    line: Vec<u8>,
    max_request_line: usize,
    max_head: usize,
    max_body: u64,
}

const LINE_PREFIX: usize = 64;

impl HeadWatch {
    fn new(limits: &Limits) -> HeadWatch {
        HeadWatch {
            active: true,
            request_line_seen: false,
            line_len: 0,
            head_len: 0,
            line: Vec::with_capacity(LINE_PREFIX),
            max_request_line: limits.max_request_line_bytes,
            max_head: limits.max_header_bytes,
            max_body: limits.max_body_bytes as u64,
        }
    }

    /// Takes the next bytes from the client; the refusal they call for, if any.
    fn feed(&mut self, bytes: &[u8]) -> Option<Refusal> {
        for &byte in bytes {
            if !self.active {
                return None;
            }
            self.head_len += 1;
            if byte == b'\n' {
                let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
                let long = self.line_len > LINE_PREFIX;
                if !self.request_line_seen {
                    // Empty lines before the request line are allowed (RFC 9112, 2.2).
                    self.request_line_seen = !line.is_empty() || long;
                } else if line.is_empty() && !long {
                    self.active = false;
                    return None;
                } else if declared_length(line, long).is_some_and(|length| length > self.max_body as u128) {
                    return Some(Refusal::BodyTooLarge);
                }
                self.line.clear();
                self.line_len = 0;
            } else {
                self.line_len += 1;
                if self.line.len() < LINE_PREFIX {
                    self.line.push(byte);
                }
                if !self.request_line_seen && self.line_len > self.max_request_line {
                    return Some(Refusal::UriTooLong);
                }
            }
            if self.head_len > self.max_head {
                return Some(Refusal::HeadTooLarge);
            }
        }
        None
    }
}

/// The value of a `Content-Length` header line (`u128::MAX` when its digits go on beyond what
/// was kept of the line); `None` for any other line.
fn declared_length(line: &[u8], truncated: bool) -> Option<u128> {
    let name = b"content-length:";
    if line.len() < name.len() || !line[..name.len()].eq_ignore_ascii_case(name) {
        return None;
    }
    let value = std::str::from_utf8(&line[name.len()..]).ok()?.trim_matches([' ', '\t', '\r']);
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if truncated {
        return Some(u128::MAX);
    }
    Some(value.parse::<u128>().unwrap_or(u128::MAX))
}

/// A client connection with the server's guards: the write timeout, the watch on the first
/// request's head, the connection-cap permit, and a lingering close.
pub struct Guarded {
    stream: Option<TcpStream>,
    watch: HeadWatch,
    /// A refusal being written: the response and how much of it is out.
    refusal: Option<(Vec<u8>, usize)>,
    write_timeout: Duration,
    write_deadline: Option<Pin<Box<Sleep>>>,
    linger: Duration,
    client_closed: bool,
    permit: Option<OwnedSemaphorePermit>,
}

impl Guarded {
    fn new(stream: TcpStream, permit: OwnedSemaphorePermit, limits: &Limits) -> Guarded {
        Guarded {
            stream: Some(stream),
            watch: HeadWatch::new(limits),
            refusal: None,
            write_timeout: limits.write_timeout,
            write_deadline: None,
            linger: limits.linger,
            client_closed: false,
            permit: Some(permit),
        }
    }

    fn stream(&mut self) -> Pin<&mut TcpStream> {
        Pin::new(self.stream.as_mut().expect("the stream is only taken when dropped"))
    }

    /// A write that stays pending past the write timeout fails: the client is not reading.
    fn timed<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(result) => {
                self.write_deadline = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let timeout = self.write_timeout;
                let deadline = self.write_deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if deadline.as_mut().poll(cx).is_ready() {
                    Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client did not take the response in time")))
                } else {
                    Poll::Pending
                }
            }
        }
    }

    /// Writes the refusal; then reports the end of input, so hyper closes the connection
    /// without answering the partial request itself.
    fn poll_refuse(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            let (response, written) = self.refusal.as_ref().expect("refusing");
            if *written >= response.len() {
                return Poll::Ready(Ok(()));
            }
            let rest = response[*written..].to_vec();
            let poll = self.stream().poll_write(cx, &rest);
            match ready!(self.timed(cx, poll)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.refusal.as_mut().expect("refusing").1 += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return this.poll_refuse(cx);
        }
        let before = buf.filled().len();
        ready!(this.stream().poll_read(cx, buf))?;
        let new = &buf.filled()[before..];
        if new.is_empty() {
            this.client_closed = true;
            return Poll::Ready(Ok(()));
        }
        if this.watch.active
            && let Some(refusal) = this.watch.feed(new)
        {
            buf.set_filled(before);
            this.refusal = Some((refusal.response(), 0));
            return this.poll_refuse(cx);
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = this.stream().poll_write(cx, data);
        this.timed(cx, poll)
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = this.stream().poll_write_vectored(cx, bufs);
        this.timed(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.as_ref().is_some_and(|s| s.is_write_vectored())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = this.stream().poll_flush(cx);
        this.timed(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = this.stream().poll_shutdown(cx);
        this.timed(cx, poll)
    }
}

impl Drop for Guarded {
    /// Closing a socket with unread input makes the kernel send a reset, which can destroy the
    /// response before the client reads it. So after a refusal (the client may still be
    /// sending its 200 MiB request line), unless the client has closed its side, the server
    /// closes its own, then reads and discards for a moment (the lingering close of nginx and
    /// Apache) and only then lets go of the socket and its permit.
    fn drop(&mut self) {
        let (Some(mut stream), Some(permit)) = (self.stream.take(), self.permit.take()) else { return };
        if self.refusal.is_none() || self.client_closed || self.linger.is_zero() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let linger = self.linger;
        runtime.spawn(async move {
            let _ = stream.shutdown().await;
            let deadline = Instant::now() + linger;
            let mut scratch = [0u8; 8192];
            while let Ok(Ok(read)) = tokio::time::timeout_at(deadline, stream.read(&mut scratch)).await {
                if read == 0 {
                    break;
                }
            }
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch() -> HeadWatch {
        HeadWatch::new(&Limits { max_request_line_bytes: 100, max_header_bytes: 8192, max_body_bytes: 1000, ..Limits::default() })
    }

    #[test]
    fn the_first_head_is_checked_as_it_arrives() {
        let mut w = watch();
        assert_eq!(w.feed(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(w.feed(b"Content-Length: 1000\r\n\r\nbody"), None);
        assert!(!w.active, "the watch ends with the head");

        let mut w = watch();
        let long = vec![b'a'; 101];
        assert_eq!(w.feed(b"GET /"), None);
        assert_eq!(w.feed(&long), Some(Refusal::UriTooLong), "split over reads");

        let mut w = watch();
        assert_eq!(w.feed(b"POST / HTTP/1.1\ncontent-length:  18446744073709551615 \n\n"), Some(Refusal::BodyTooLarge), "LF-only");
        let mut w = watch();
        let digits = format!("POST / HTTP/1.1\r\nContent-Length: {}\r\n", "9".repeat(200));
        assert_eq!(w.feed(digits.as_bytes()), Some(Refusal::BodyTooLarge), "more digits than kept");

        let mut w = watch();
        assert_eq!(w.feed(b"GET / HTTP/1.1\r\n"), None);
        let header = format!("X-Big: {}\r\n", "b".repeat(9000));
        assert_eq!(w.feed(header.as_bytes()), Some(Refusal::HeadTooLarge));

        let mut w = watch();
        assert_eq!(w.feed(b"\r\n\r\nGET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), None, "leading empty lines; hyper judges a bad length");
        assert!(!w.active);
    }

    #[test]
    fn refusals_are_complete_responses_with_the_security_headers() {
        let text = String::from_utf8(Refusal::UriTooLong.response()).unwrap();
        assert!(text.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{text}");
        assert!(text.contains("x-content-type-options: nosniff\r\n") && text.contains("connection: close\r\n"), "{text}");
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
    }
}
