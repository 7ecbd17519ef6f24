//! Accounts, for beheerders: list, create, delete.

use super::{ApiError, ApiResult, read_json, reply, require_csrf, require_session};
use crate::AppState;
use crate::auth::{BEHEERDER, hash_password, is_role, password_fault, username_fault};
use crate::storage::accounts::{self, Session};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;

async fn beheerder(state: &AppState, headers: &HeaderMap, changes: bool) -> Result<Session, ApiError> {
    let session = require_session(state, headers).await?;
    if changes {
        require_csrf(headers, &session)?;
    }
    if session.role != BEHEERDER {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "alleen een beheerder beheert accounts", "only a beheerder manages accounts"));
    }
    Ok(session)
}

/// `GET /api/accounts`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    beheerder(&state, &headers, false).await?;
    let list = state.store.call(|c| accounts::list(c)).await?;
    Ok(reply(StatusCode::OK, json!({"accounts": list})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAccount {
    username: String,
    password: String,
    role: String,
}

/// `POST /api/accounts`: 201, 409 when the username is taken, 422 when invalid.
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: Body) -> ApiResult {
    beheerder(&state, &headers, true).await?;
    let new: NewAccount = read_json(&headers, body, 4 * 1024).await?;
    let mut problems = Vec::new();
    if let Some(fault) = username_fault(&new.username) {
        problems.push((Some("username".to_string()), fault));
    }
    if let Some(fault) = password_fault(&new.password) {
        problems.push((Some("password".to_string()), fault));
    }
    if !is_role(&new.role) {
        problems.push((Some("role".to_string()), "kies redacteur of beheerder / choose redacteur or beheerder".to_string()));
    }
    if !problems.is_empty() {
        return Err(ApiError::invalid(problems));
    }
    let password = new.password;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(ApiError::internal)?;
    let (username, role) = (new.username.clone(), new.role.clone());
    let created = state.store.call(move |c| accounts::create(c, &username, &role, &hash)).await?;
    if !created {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            &format!("de gebruikersnaam {:?} bestaat al", new.username),
            &format!("the username {:?} exists already", new.username),
        ));
    }
    Ok(reply(StatusCode::CREATED, json!({"username": new.username, "role": new.role})))
}

/// `DELETE /api/accounts/{username}`: 204; not yourself, not the last beheerder (409).
pub async fn delete(State(state): State<AppState>, Path(username): Path<String>, headers: HeaderMap) -> ApiResult {
    let session = beheerder(&state, &headers, true).await?;
    if session.username == username {
        return Err(ApiError::new(StatusCode::CONFLICT, "u kunt uw eigen account niet verwijderen", "you cannot delete your own account"));
    }
    let target = username.clone();
    let outcome = state
        .store
        .call(move |c| -> rusqlite::Result<Result<(), bool>> {
            let transaction = c.transaction()?;
            let Some(role) = accounts::role(&transaction, &target)? else { return Ok(Err(false)) };
            if role == BEHEERDER && accounts::count_role(&transaction, BEHEERDER)? <= 1 {
                return Ok(Err(true));
            }
            accounts::delete(&transaction, &target)?;
            transaction.commit()?;
            Ok(Ok(()))
        })
        .await?;
    match outcome {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(false) => Err(ApiError::new(StatusCode::NOT_FOUND, &format!("geen account {username:?}"), &format!("no account {username:?}"))),
        Err(true) => Err(ApiError::new(StatusCode::CONFLICT, "de laatste beheerder blijft", "the last beheerder cannot be deleted")),
    }
}
