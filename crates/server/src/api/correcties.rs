//! Correction requests (*meldingen*): anyone may send one (with a token from `GET /api/csrf`),
//! limited in size and per IP address; editors list them and decline them (accepting is a
//! save with `correction`, see [`super::verbanden`]).

use super::{ApiError, ApiResult, ClientIp, csrf_header, csrf_refused, current_session, editor, read_json, reply, require_session};
use crate::AppState;
use crate::auth::same_token;
use crate::storage::corrections::{self, NewCorrection};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use kaartviewer_core::text_check::forbidden_char;
use kaartviewer_core::validate::web_url_fault;
use serde::Deserialize;
use serde_json::json;

/// Largest correction request body.
pub const MAX_CORRECTION_BYTES: usize = 16 * 1024;
pub const MAX_MESSAGE_CHARS: usize = 2000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewRequest {
    subject_kind: String,
    subject_id: String,
    message: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// A plausible e-mail address: one `@`, something on both sides, a dot in the domain, no
/// spaces or control characters, at most 254 characters.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    s.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
}

fn check(request: &NewRequest) -> Vec<(Option<String>, String)> {
    let mut problems = Vec::new();
    let mut report = |field: &str, message: String| problems.push((Some(field.to_string()), message));
    if request.subject_kind != "verband" && request.subject_kind != "region" {
        report("subject_kind", "moet \"verband\" of \"region\" zijn / must be \"verband\" or \"region\"".into());
    }
    let id_ok = (1..=100).contains(&request.subject_id.len())
        && request.subject_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        report("subject_id", "geen geldig id of code / not a valid id or code".into());
    }
    let length = request.message.trim().chars().count();
    if length == 0 {
        report("message", "beschrijf wat er niet klopt / describe what is wrong".into());
    } else if request.message.chars().count() > MAX_MESSAGE_CHARS {
        report("message", format!("langer dan {MAX_MESSAGE_CHARS} tekens / longer than {MAX_MESSAGE_CHARS} characters"));
    }
    if let Some((at, c)) = forbidden_char(&request.message, true) {
        report("message", format!("bevat het onzichtbare teken U+{:04X} op positie {at} / contains the invisible character U+{:04X} at position {at}", c as u32, c as u32));
    }
    if let Some(source) = request.source.as_deref().filter(|s| !s.is_empty())
        && let Some(fault) = web_url_fault(source)
    {
        report("source", format!("geen http(s)-adres / not an http(s) address {fault}").trim().to_string());
    }
    if let Some(email) = request.email.as_deref().filter(|s| !s.is_empty())
        && !is_email(email)
    {
        report("email", "geen e-mailadres / not an e-mail address".into());
    }
    problems
}

/// `POST /api/correcties`: 201 `{"id"}`.
pub async fn create(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap, body: Body) -> ApiResult {
    let now = crate::storage::unix_now().max(0) as u64;
    let token = csrf_header(&headers).unwrap_or_default();
    let anonymous_ok = state.auth.anonymous.check(token, now);
    let session_ok = !anonymous_ok && current_session(&state, &headers).await?.is_some_and(|s| same_token(token, &s.csrf));
    if !anonymous_ok && !session_ok {
        return Err(csrf_refused());
    }
    if let Err(wait) = state.auth.corrections_by_ip.check(&ip) {
        let seconds = wait.as_secs().max(1);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("te veel meldingen vanaf dit adres; probeer het over {seconds} seconden opnieuw"),
            &format!("too many correction requests from this address; try again in {seconds} seconds"),
        )
        .header(header::RETRY_AFTER, &seconds.to_string()));
    }
    let request: NewRequest = read_json(&headers, body, MAX_CORRECTION_BYTES).await?;
    let problems = check(&request);
    if !problems.is_empty() {
        return Err(ApiError::invalid(problems));
    }
    state.auth.corrections_by_ip.record(&ip);
    let id = state
        .store
        .call(move |c| {
            let empty_to_none = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            let (source, email) = (empty_to_none(&request.source), empty_to_none(&request.email));
            corrections::create(
                c,
                &NewCorrection {
                    subject_kind: &request.subject_kind,
                    subject_id: &request.subject_id,
                    message: request.message.trim(),
                    source: source.as_deref(),
                    email: email.as_deref(),
                },
            )
        })
        .await?;
    Ok(reply(StatusCode::CREATED, json!({"id": id})))
}

/// `GET /api/correcties?status=open|all` (signed in).
pub async fn list(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> ApiResult {
    require_session(&state, &headers).await?;
    let status = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("status="))
        .unwrap_or("open")
        .to_string();
    let all = match status.as_str() {
        "open" => false,
        "all" => true,
        other => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                &format!("status {other:?} bestaat niet; kies open of all"),
                &format!("unknown status {other:?}; use open or all"),
            ));
        }
    };
    let list = state.store.call(move |c| corrections::list(c, all)).await?;
    Ok(reply(StatusCode::OK, json!({"correcties": list})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Decline {
    reason: String,
}

/// `POST /api/correcties/{id}/decline`: 200 the correction.
pub async fn decline(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Body) -> ApiResult {
    let session = editor(&state, &headers).await?;
    let unknown = || ApiError::new(StatusCode::NOT_FOUND, &format!("geen melding {id}"), &format!("no correction request {id}"));
    let number: i64 = id.parse().map_err(|_| unknown())?;
    let decline: Decline = read_json(&headers, body, MAX_CORRECTION_BYTES).await?;
    let reason = decline.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::invalid(vec![(Some("reason".into()), format!("geef een reden (1 tot {MAX_MESSAGE_CHARS} tekens) / give a reason (1 to {MAX_MESSAGE_CHARS} characters)"))]));
    }
    let editor_name = session.username;
    let outcome = state
        .store
        .call(move |c| -> rusqlite::Result<Result<corrections::Correction, Option<String>>> {
            match corrections::get(c, number)? {
                None => Ok(Err(None)),
                Some(existing) if existing.status != "open" => Ok(Err(Some(existing.status))),
                Some(_) => {
                    corrections::handle(c, number, "declined", &editor_name, &reason)?;
                    Ok(Ok(corrections::get(c, number)?.expect("just updated")))
                }
            }
        })
        .await?;
    match outcome {
        Ok(correction) => Ok(reply(StatusCode::OK, serde_json::to_value(correction).map_err(ApiError::internal)?)),
        Err(None) => Err(unknown()),
        Err(Some(status)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            &format!("melding {number} is al afgehandeld ({status})"),
            &format!("correction request {number} has been handled already ({status})"),
        )),
    }
}
