//! Records: read, save with optimistic locking (`ETag` / `If-Match`), create, history and
//! restore. Every save is validated by the same core validator as `datatool validate`, among
//! all stored curated records, and written with its revision in one transaction; the public
//! dataset is regenerated before the save is confirmed.

use super::{ApiError, ApiResult, current_session, editor, read_json, reply, require_session, MAX_JSON_BYTES};
use crate::AppState;
use crate::storage::corrections;
use crate::storage::records::{self, Change, EDITORS_FILE, Revision};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use kaartviewer_core::dataset::{DatasetFile, Origin, Verband};
use kaartviewer_core::publish::stands_for;
use kaartviewer_core::record_diff::record_diff;
use kaartviewer_core::validate::{validate, web_url_fault};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The opaque version of a record: a hash of its stored JSON.
pub fn etag(verband: &Verband) -> String {
    let digest = Sha256::digest(serde_json::to_vec(verband).expect("a Verband serialises"));
    format!("\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>())
}

/// Whether `If-Match` names `current` (weak or strong, one of a list).
fn matches(if_match: &str, current: &str) -> bool {
    if_match.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == current)
}

fn with_etag(mut response: Response, tag: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

fn unknown(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, &format!("geen verband met id {id:?}"), &format!("no verband with id {id:?}"))
}

/// The record as it is now: the stored curated record, or else the build's register or
/// division record, unless a stored record replaces that one by its ROO id (then it is not
/// published, and editing it would publish the body twice).
fn current_record(state: &AppState, connection: &Connection, id: &str) -> rusqlite::Result<Option<(Verband, bool)>> {
    if let Some(v) = records::get(connection, id)? {
        return Ok(Some((v, true)));
    }
    let Some(base) = state.published.basis_record(id) else { return Ok(None) };
    if records::all(connection)?.iter().any(|curated| stands_for(curated, base)) {
        return Ok(None);
    }
    Ok(Some((base.clone(), false)))
}

/// `GET /api/verbanden/{id}`: the record with its ETag; editor notes only for the signed in.
pub async fn get_one(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> ApiResult {
    let signed_in = current_session(&state, &headers).await?.is_some();
    let lookup = state.clone();
    let lookup_id = id.clone();
    let found = state.store.call(move |c| current_record(&lookup, c, &lookup_id)).await?;
    let (mut verband, _) = found.ok_or_else(|| unknown(&id))?;
    let tag = etag(&verband);
    if !signed_in {
        verband.editor_note = None;
    }
    Ok(with_etag(reply(StatusCode::OK, serde_json::to_value(&verband).map_err(ApiError::internal)?), &tag))
}

/// The body of `PUT /api/verbanden/{id}` and `POST /api/verbanden`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    verband: Value,
    reason: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    correction: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RestoreBody {
    revision: i64,
    reason: String,
}

/// The field a serde message is about (`unknown field `x``).
fn field_in(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

/// The record from the request, as it will be stored: `origin`, `division` and `versions`
/// are set by the build, so they are dropped (a saved register record becomes a curated
/// override that keeps its `roo_id`).
fn candidate(value: Value) -> Result<Verband, ApiError> {
    let mut verband: Verband = serde_json::from_value(value).map_err(|e| {
        let message = e.to_string();
        ApiError::invalid(vec![(field_in(&message), format!("het record is geen verband / the record is not a verband: {message}"))])
    })?;
    verband.origin = Origin::Curated;
    verband.division = None;
    verband.versions = vec![];
    Ok(verband)
}

/// Problems with `reason` and `sources`.
fn check_reason(reason: &str, sources: &[String]) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    if reason.trim().is_empty() {
        problems.push((Some("reason".into()), "geef een reden voor de wijziging / give a reason for the change".into()));
    } else if reason.chars().count() > 2000 {
        problems.push((Some("reason".into()), "de reden is langer dan 2000 tekens / the reason is longer than 2000 characters".into()));
    }
    if sources.len() > 20 {
        problems.push((Some("sources".into()), "meer dan 20 bronnen / more than 20 sources".into()));
    }
    for (i, source) in sources.iter().enumerate() {
        if let Some(fault) = web_url_fault(source) {
            problems.push((Some(format!("sources[{i}]")), format!("{source:?} is geen http(s)-adres / is not an http(s) address {fault}").trim().to_string()));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(ApiError::invalid(problems)) }
}

/// The validator's problems with `candidate` among all stored curated records (so a
/// duplicate id is caught), in the file it is or will be stored in.
fn problems(state: &AppState, connection: &Connection, candidate: &Verband) -> rusqlite::Result<Vec<(Option<String>, String)>> {
    let mut files: Vec<(String, DatasetFile)> = records::files(connection)?
        .into_iter()
        .map(|f| (f.name, DatasetFile { schema: f.schema, boundary_year: f.boundary_year, verbanden: f.verbanden }))
        .collect();
    let placed = files.iter_mut().any(|(_, file)| match file.verbanden.iter_mut().find(|v| v.id == candidate.id) {
        Some(slot) => {
            *slot = candidate.clone();
            true
        }
        None => false,
    });
    if !placed {
        match files.iter_mut().find(|(name, _)| name == EDITORS_FILE) {
            Some((_, file)) => file.verbanden.push(candidate.clone()),
            None => files.push((
                EDITORS_FILE.into(),
                DatasetFile { schema: None, boundary_year: state.published.basis.boundary_year, verbanden: vec![candidate.clone()] },
            )),
        }
    }
    Ok(validate(&files, &state.published.basis.codes)
        .into_iter()
        .filter(|p| p.record.as_deref() == Some(candidate.id.as_str()))
        .map(|p| (p.field, p.message))
        .collect())
}

/// How a save is asked for.
enum Mode {
    /// PUT or restore: the record must exist, and `If-Match` must name its current version.
    Update { if_match: Option<String> },
    /// POST: the id must be new.
    Create,
}

struct Saved {
    verband: Verband,
    etag: String,
}

/// Saves `candidate` as `editor`: checks (404, 428, 409, 412, 422), writes the record, its
/// revision and an accepted correction in one transaction, then regenerates the public
/// dataset while still holding the store (so saves publish in order).
async fn save(state: &AppState, editor_name: String, candidate: Verband, reason: String, sources: Vec<String>, correction: Option<i64>, mode: Mode) -> Result<Saved, ApiError> {
    check_reason(&reason, &sources)?;
    let reason = reason.trim().to_string();
    let state = state.clone();
    state.clone().store.call(move |connection| -> Result<Saved, ApiError> {
        let transaction = connection.transaction()?;
        let current = current_record(&state, &transaction, &candidate.id)?;
        match (&mode, &current) {
            (Mode::Update { .. }, None) => return Err(unknown(&candidate.id)),
            (Mode::Update { if_match: None }, Some(_)) => {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_REQUIRED,
                    "stuur If-Match met de ETag van de versie die u bewerkte",
                    "send If-Match with the ETag of the version you edited",
                ));
            }
            (Mode::Update { if_match: Some(tag) }, Some((now, stored))) if !matches(tag, &etag(now)) => {
                let last = if *stored { records::last_revision(&transaction, &now.id)? } else { None };
                let (who, at, why) = last.map_or((Value::Null, Value::Null, Value::Null), |r| (json!(r.editor), json!(r.at), json!(r.reason)));
                let message_nl = match who.as_str() {
                    Some(who) => format!("dit verband is intussen gewijzigd door {who}; bekijk die wijziging en sla opnieuw op"),
                    None => "dit verband is intussen gewijzigd; bekijk de huidige versie en sla opnieuw op".to_string(),
                };
                return Err(ApiError::new(StatusCode::PRECONDITION_FAILED, &message_nl, "this verband was changed in the meantime; review that change and save again")
                    .with("current", serde_json::to_value(now).map_err(ApiError::internal)?)
                    .with("etag", json!(etag(now)))
                    .with("editor", who)
                    .with("at", at)
                    .with("reason", why));
            }
            (Mode::Create, _) if current.is_some() || state.published.basis_record(&candidate.id).is_some() => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    &format!("er is al een verband met id {:?}", candidate.id),
                    &format!("a verband with id {:?} exists already", candidate.id),
                ));
            }
            _ => {}
        }
        let found = problems(&state, &transaction, &candidate)?;
        if !found.is_empty() {
            return Err(ApiError::invalid(found));
        }
        if let Some(id) = correction {
            match corrections::get(&transaction, id)? {
                None => return Err(ApiError::invalid(vec![(Some("correction".into()), format!("melding {id} bestaat niet / correction request {id} does not exist"))])),
                Some(c) if c.status != "open" => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        &format!("melding {id} is al afgehandeld ({})", c.status),
                        &format!("correction request {id} has been handled already ({})", c.status),
                    ));
                }
                Some(_) => {
                    corrections::handle(&transaction, id, "accepted", &editor_name, &reason)?;
                }
            }
        }
        let before = current.map(|(v, _)| v);
        let change = Change { after: &candidate, editor: &editor_name, reason: &reason, sources: &sources, correction };
        records::save(&transaction, before.as_ref(), &change)?;
        transaction.commit()?;
        state.published.regenerate(&records::all(connection)?);
        Ok(Saved { etag: etag(&candidate), verband: candidate })
    })
    .await
}

fn saved_response(status: StatusCode, saved: Saved) -> Result<Response, ApiError> {
    let body = json!({"verband": serde_json::to_value(&saved.verband).map_err(ApiError::internal)?, "etag": saved.etag});
    Ok(with_etag(reply(status, body), &saved.etag))
}

fn if_match(headers: &HeaderMap) -> Option<String> {
    headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// `PUT /api/verbanden/{id}`.
pub async fn update(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Body) -> ApiResult {
    let session = editor(&state, &headers).await?;
    let body: SaveBody = read_json(&headers, body, MAX_JSON_BYTES).await?;
    let verband = candidate(body.verband)?;
    if verband.id != id {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            &format!("het id in het record ({:?}) verschilt van dat in het adres ({id:?})", verband.id),
            &format!("the id in the record ({:?}) differs from the one in the address ({id:?})", verband.id),
        ));
    }
    let mode = Mode::Update { if_match: if_match(&headers) };
    let saved = save(&state, session.username, verband, body.reason, body.sources, body.correction, mode).await?;
    saved_response(StatusCode::OK, saved)
}

/// `POST /api/verbanden`: a new record (stored in `redactie.json` on export).
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult {
    let session = editor(&state, &headers).await?;
    let body: SaveBody = read_json(&headers, body, MAX_JSON_BYTES).await?;
    let verband = candidate(body.verband)?;
    let id = verband.id.clone();
    let saved = save(&state, session.username, verband, body.reason, body.sources, body.correction, Mode::Create).await?;
    let mut response = saved_response(StatusCode::CREATED, saved)?;
    let location = format!("/api/verbanden/{}", form_path(&id));
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// An id in a path: valid ids are slugs already; anything else is percent-encoded.
fn form_path(id: &str) -> String {
    id.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn revision_json(r: &Revision) -> Value {
    json!({
        "id": r.id,
        "at": r.at,
        "editor": r.editor,
        "reason": r.reason,
        "sources": r.sources,
        "correction": r.correction,
        "before": r.before,
        "after": r.after,
        "changes": record_diff(r.before.as_ref(), &r.after),
    })
}

/// `GET /api/verbanden/{id}/history` (signed in): revisions newest first, each with its
/// field-level `changes`.
pub async fn history(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> ApiResult {
    require_session(&state, &headers).await?;
    let lookup = state.clone();
    let record_id = id.clone();
    let (exists, revisions) = state
        .store
        .call(move |c| -> rusqlite::Result<(bool, Vec<Revision>)> {
            Ok((current_record(&lookup, c, &record_id)?.is_some(), records::history(c, &record_id)?))
        })
        .await?;
    if !exists && revisions.is_empty() {
        return Err(unknown(&id));
    }
    Ok(reply(StatusCode::OK, json!({"revisions": revisions.iter().map(revision_json).collect::<Vec<_>>()})))
}

/// `POST /api/verbanden/{id}/restore`: the record becomes that revision's `after`, as a new
/// revision (with `If-Match`, like a save).
pub async fn restore(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Body) -> ApiResult {
    let session = editor(&state, &headers).await?;
    let body: RestoreBody = read_json(&headers, body, 16 * 1024).await?;
    let wanted = body.revision;
    let revision = state.store.call(move |c| records::find_revision(c, wanted)).await?;
    let revision = revision.filter(|r| r.record_id == id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            &format!("verband {id:?} heeft geen versie {wanted}"),
            &format!("verband {id:?} has no revision {wanted}"),
        )
    })?;
    let mode = Mode::Update { if_match: if_match(&headers) };
    let verband = candidate(serde_json::to_value(&revision.after).map_err(ApiError::internal)?)?;
    let saved = save(&state, session.username, verband, body.reason, vec![], None, mode).await?;
    saved_response(StatusCode::OK, saved)
}
