//! The editing platform's JSON API under `/api/` (sessions, records, history, correction
//! requests, accounts): every call the editor and the correction form make, in one place.
//!
//! Paths are relative to the page, like the dataset's, so the viewer also works under a
//! sub-path. Cookies go along by the browser's same-origin default; the CSRF token is passed
//! in by the caller, which keeps it in memory only.

use gloo_net::http::{Request, RequestBuilder, Response};
use kaartviewer_core::dataset::Verband;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a call failed: no answer at all, or the server's status with its JSON body (which
/// carries `error`, and for some statuses more: `problems`, `current`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, or the request was refused before it reached a server.
    Network(String),
    Status { status: u16, body: Value, retry_after: Option<String> },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network(_) => None,
            ApiError::Status { status, .. } => Some(*status),
        }
    }

    /// The server's own message (`{"error": "…"}`), when it sent one.
    pub fn server_message(&self) -> Option<String> {
        match self {
            ApiError::Status { body, .. } => body.get("error").and_then(Value::as_str).map(str::to_string),
            ApiError::Network(_) => None,
        }
    }

    pub fn body(&self) -> Option<&Value> {
        match self {
            ApiError::Status { body, .. } => Some(body),
            ApiError::Network(_) => None,
        }
    }
}

/// A signed-in editor.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Session {
    pub username: String,
    /// `redacteur` or `beheerder`.
    pub role: String,
    pub csrf: String,
}

/// A record with the version tag to send back in `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub verband: Verband,
    pub etag: String,
}

/// A save: the record and why it changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change<'a> {
    pub verband: &'a Verband,
    pub reason: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub sources: &'a [String],
    /// The correction request this save answers (marked accepted with it), its id exactly as
    /// the server sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<&'a Value>,
}

/// One revision of a record's history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Revision {
    pub id: Value,
    pub at: String,
    pub editor: String,
    pub reason: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub correction: Option<Value>,
    pub before: Option<Verband>,
    pub after: Verband,
}

/// A correction request (melding).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Correction {
    pub id: Value,
    pub subject_kind: String,
    pub subject_id: String,
    pub message: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub created_at: String,
    pub status: String,
    #[serde(default)]
    pub handled_by: Option<String>,
    #[serde(default)]
    pub handled_at: Option<String>,
    #[serde(default)]
    pub decision: Option<String>,
}

impl Correction {
    /// The id as text, whether the server sends a number or a string.
    pub fn id_text(&self) -> String {
        id_text(&self.id)
    }
}

/// An id as text, whether the server sends a number or a string.
pub fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A new correction request from a visitor.
#[derive(Debug, Clone, Serialize)]
pub struct NewCorrection {
    /// `verband` or `region`.
    pub subject_kind: &'static str,
    pub subject_id: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Account {
    pub username: String,
    pub role: String,
    #[serde(default)]
    pub created_at: Option<String>,
}

const API: &str = "api/";

fn url(path: &str) -> String {
    format!("{API}{path}")
}

/// A path segment with everything but the id characters escaped (ids come from data).
fn segment(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    // A static deployment answers /api/ with its own 404 page (HTML): no JSON body then.
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    Err(ApiError::Status { status, body, retry_after })
}

async fn json<T: for<'de> Deserialize<'de>>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Status { status, body: serde_json::json!({ "error": format!("onleesbaar antwoord / unreadable answer: {e}") }), retry_after: None })
}

fn with_csrf(builder: RequestBuilder, csrf: &str) -> RequestBuilder {
    builder.header("X-CSRF-Token", csrf)
}

fn tagged(response: &Response) -> String {
    response.headers().get("etag").unwrap_or_default()
}

/// Whether this deployment has the editing API (a static one has no `/api/`).
pub async fn status() -> bool {
    match send(Request::get(&url("status")).build()).await {
        Ok(response) => json::<Value>(response).await.is_ok_and(|v| v.get("editing").and_then(Value::as_bool) == Some(true)),
        Err(_) => false,
    }
}

/// The signed-in session, if there is one (`None` on 401).
pub async fn session() -> Result<Option<Session>, ApiError> {
    match send(Request::get(&url("session")).build()).await {
        Ok(response) => json(response).await.map(Some),
        Err(e) if e.status() == Some(401) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn login(username: &str, password: &str) -> Result<Session, ApiError> {
    let body = serde_json::json!({ "username": username, "password": password });
    json(send(Request::post(&url("login")).json(&body)).await?).await
}

pub async fn logout(csrf: &str) -> Result<(), ApiError> {
    send(with_csrf(Request::post(&url("logout")), csrf).build()).await.map(|_| ())
}

/// A token for an anonymous state-changing request (a correction request).
pub async fn anonymous_csrf() -> Result<String, ApiError> {
    let value: Value = json(send(Request::get(&url("csrf")).build()).await?).await?;
    value.get("csrf").and_then(Value::as_str).map(str::to_string).ok_or_else(|| ApiError::Status {
        status: 200,
        body: serde_json::json!({ "error": "geen csrf in het antwoord / no csrf in the answer" }),
        retry_after: None,
    })
}

pub async fn verband(id: &str) -> Result<Tagged, ApiError> {
    let response = send(Request::get(&url(&format!("verbanden/{}", segment(id)))).build()).await?;
    let etag = tagged(&response);
    Ok(Tagged { verband: json(response).await?, etag })
}

/// The stored record and its tag, from a 200/201 answer `{"verband", "etag"}`.
async fn saved(response: Response) -> Result<Tagged, ApiError> {
    #[derive(Deserialize)]
    struct Saved {
        verband: Verband,
        etag: String,
    }
    let header = tagged(&response);
    let saved: Saved = json(response).await?;
    Ok(Tagged { verband: saved.verband, etag: if saved.etag.is_empty() { header } else { saved.etag } })
}

/// Saves a change to a record that exists, if it is still at `etag` (else 412).
pub async fn save(csrf: &str, id: &str, etag: &str, change: &Change<'_>) -> Result<Tagged, ApiError> {
    let request = with_csrf(Request::put(&url(&format!("verbanden/{}", segment(id)))), csrf).header("If-Match", etag).json(change);
    saved(send(request).await?).await
}

pub async fn create(csrf: &str, change: &Change<'_>) -> Result<Tagged, ApiError> {
    saved(send(with_csrf(Request::post(&url("verbanden")), csrf).json(change)).await?).await
}

pub async fn history(id: &str) -> Result<Vec<Revision>, ApiError> {
    #[derive(Deserialize)]
    struct History {
        revisions: Vec<Revision>,
    }
    let history: History = json(send(Request::get(&url(&format!("verbanden/{}/history", segment(id)))).build()).await?).await?;
    Ok(history.revisions)
}

pub async fn restore(csrf: &str, id: &str, etag: &str, revision: &Value, reason: &str) -> Result<Tagged, ApiError> {
    let body = serde_json::json!({ "revision": revision, "reason": reason });
    let request = with_csrf(Request::post(&url(&format!("verbanden/{}/restore", segment(id)))), csrf).header("If-Match", etag).json(&body);
    saved(send(request).await?).await
}

/// Sends a visitor's correction request; returns its id.
pub async fn send_correction(csrf: &str, correction: &NewCorrection) -> Result<String, ApiError> {
    let value: Value = json(send(with_csrf(Request::post(&url("correcties")), csrf).json(correction)).await?).await?;
    Ok(value.get("id").map(id_text).unwrap_or_default())
}

/// The correction requests: only the open ones, or all.
pub async fn corrections(all: bool) -> Result<Vec<Correction>, ApiError> {
    #[derive(Deserialize)]
    struct List {
        correcties: Vec<Correction>,
    }
    let path = if all { "correcties?status=all" } else { "correcties?status=open" };
    let list: List = json(send(Request::get(&url(path)).build()).await?).await?;
    Ok(list.correcties)
}

pub async fn decline(csrf: &str, id: &str, reason: &str) -> Result<Correction, ApiError> {
    let body = serde_json::json!({ "reason": reason });
    json(send(with_csrf(Request::post(&url(&format!("correcties/{}/decline", segment(id)))), csrf).json(&body)).await?).await
}

pub async fn accounts() -> Result<Vec<Account>, ApiError> {
    #[derive(Deserialize)]
    struct List {
        accounts: Vec<Account>,
    }
    let list: List = json(send(Request::get(&url("accounts")).build()).await?).await?;
    Ok(list.accounts)
}

pub async fn create_account(csrf: &str, username: &str, password: &str, role: &str) -> Result<(), ApiError> {
    let body = serde_json::json!({ "username": username, "password": password, "role": role });
    send(with_csrf(Request::post(&url("accounts")), csrf).json(&body)).await.map(|_| ())
}

pub async fn delete_account(csrf: &str, username: &str) -> Result<(), ApiError> {
    send(with_csrf(Request::delete(&url(&format!("accounts/{}", segment(username)))), csrf).build()).await.map(|_| ())
}
