//! The JSON API under `/api/` that the editor and the correction form use (see the README's
//! API section). Every error is `{"error": "<Dutch> / <English>"}`, with extra fields where the
//! contract says so; every response has `Cache-Control: no-store`.
//!
//! - [`session`]: sign in and out, the session, anonymous CSRF tokens, status;
//! - [`verbanden`]: records, their history, saving with optimistic locking, restoring;
//! - [`correcties`]: correction requests;
//! - [`accounts`]: accounts (beheerder only).

pub mod accounts;
pub mod correcties;
pub mod session;
pub mod verbanden;

use crate::AppState;
use crate::auth::{cookie_token, same_token, token_hash};
use crate::storage::accounts::{Session, session as find_session};
use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::net::SocketAddr;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest JSON body of an editor's request (a record with hundreds of members is ~100 KB).
pub const MAX_JSON_BYTES: usize = 512 * 1024;

/// An error response: status, `{"error": …}` and any extra fields and headers.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: serde_json::Map<String, Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// `nl` and `en` say the same thing; the body joins them as `"<nl> / <en>"`.
    pub fn new(status: StatusCode, nl: &str, en: &str) -> ApiError {
        let mut body = serde_json::Map::new();
        body.insert("error".into(), Value::String(format!("{nl} / {en}")));
        ApiError { status, body, headers: vec![] }
    }

    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.body.insert(key.into(), value);
        self
    }

    pub fn header(mut self, name: HeaderName, value: &str) -> ApiError {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    /// A failure of the server itself: logged with its detail, answered without it.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("kaartviewer-server: error: {detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "interne fout van de server", "internal server error")
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "niet aangemeld", "not signed in")
    }

    /// 422 with the problems as `[{"field", "message"}]`.
    pub fn invalid(problems: Vec<(Option<String>, String)>) -> ApiError {
        let list: Vec<Value> = problems.into_iter().map(|(field, message)| json!({"field": field, "message": message})).collect();
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "de gegevens kloppen niet", "the data is not valid").with("problems", Value::Array(list))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(Value::Object(self.body))).into_response();
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

pub type ApiResult = Result<Response, ApiError>;

/// A JSON response.
pub fn reply(status: StatusCode, value: Value) -> Response {
    (status, axum::Json(value)).into_response()
}

/// The client's IP address as the listener saw it (`unknown` when the listener did not say;
/// behind a reverse proxy every client has the proxy's address, see the README).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
        Ok(ClientIp(ip))
    }
}

/// Reads a JSON body of at most `limit` bytes into `T`: 415 for another content type, 413
/// when too large, 400 with serde's message (line, column, field) when it does not parse.
/// serde_json refuses nesting deeper than 128, so hostile JSON cannot exhaust the stack.
pub async fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: Body, limit: usize) -> Result<T, ApiError> {
    if let Some(kind) = headers.get(header::CONTENT_TYPE) {
        let kind = kind.to_str().unwrap_or("").to_ascii_lowercase();
        if !kind.starts_with("application/json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "stuur JSON (Content-Type: application/json)",
                "send JSON (Content-Type: application/json)",
            ));
        }
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        // axum reports the limit as http-body-util's LengthLimitError ("length limit exceeded").
        let too_large = format!("{e} {:?}", std::error::Error::source(&e)).contains("length limit");
        if too_large {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("het verzoek is groter dan {limit} bytes"),
                &format!("the request body is larger than {limit} bytes"),
            )
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "het verzoek kon niet worden gelezen", "the request body could not be read")
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, &format!("ongeldige JSON: {e}"), &format!("malformed JSON: {e}"))
    })
}

/// The signed-in session of this request, or 401.
pub async fn require_session(state: &AppState, headers: &HeaderMap) -> Result<Session, ApiError> {
    current_session(state, headers).await?.ok_or_else(ApiError::unauthorized)
}

/// The signed-in session of this request, if any.
pub async fn current_session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, ApiError> {
    let Some(token) = cookie_token(headers) else { return Ok(None) };
    let hash = token_hash(&token);
    Ok(state.store.call(move |c| find_session(c, &hash)).await?)
}

/// The `X-CSRF-Token` header.
pub fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

pub fn csrf_refused() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "ontbrekend of ongeldig CSRF-token (X-CSRF-Token)",
        "missing or invalid CSRF token (X-CSRF-Token)",
    )
}

/// 403 unless the request carries this session's CSRF token.
pub fn require_csrf(headers: &HeaderMap, session: &Session) -> Result<(), ApiError> {
    match csrf_header(headers) {
        Some(token) if same_token(token, &session.csrf) => Ok(()),
        _ => Err(csrf_refused()),
    }
}

/// A signed-in session allowed to edit, with its CSRF token checked: for every
/// state-changing editor request.
pub async fn editor(state: &AppState, headers: &HeaderMap) -> Result<Session, ApiError> {
    let session = require_session(state, headers).await?;
    require_csrf(headers, &session)?;
    if !crate::auth::is_role(&session.role) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "uw account mag niet bewerken", "your account may not edit"));
    }
    Ok(session)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "onbekend adres in de API", "unknown API address")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "deze methode kan hier niet", "method not allowed here")
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/status", get(session::status))
        .route("/session", get(session::current))
        .route("/login", post(session::login))
        .route("/logout", post(session::logout))
        .route("/csrf", get(session::anonymous_csrf))
        .route("/verbanden", post(verbanden::create))
        .route("/verbanden/{id}", get(verbanden::get_one).put(verbanden::update))
        .route("/verbanden/{id}/history", get(verbanden::history))
        .route("/verbanden/{id}/restore", post(verbanden::restore))
        .route("/correcties", get(correcties::list).post(correcties::create))
        .route("/correcties/{id}/decline", post(correcties::decline))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{username}", axum::routing::delete(accounts::delete))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}
