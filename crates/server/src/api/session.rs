//! Signing in and out, the current session, anonymous CSRF tokens and the API's status.

use super::{ApiError, ApiResult, ClientIp, current_session, read_json, reply, require_csrf};
use crate::AppState;
use crate::auth::{MAX_PASSWORD_BYTES, session_cookie, start_session, token_hash, verify_password};
use crate::storage::accounts;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

/// `GET /api/status`: the editing platform is here (a static deployment has no `/api/`).
pub async fn status() -> Response {
    reply(StatusCode::OK, json!({"editing": true}))
}

/// `GET /api/session`: who is signed in, or 401.
pub async fn current(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let session = super::require_session(&state, &headers).await?;
    Ok(reply(StatusCode::OK, json!({"username": session.username, "role": session.role, "csrf": session.csrf})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Login {
    username: String,
    password: String,
}

fn too_many(wait: std::time::Duration) -> ApiError {
    let seconds = wait.as_secs().max(1);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        &format!("te veel pogingen; probeer het over {seconds} seconden opnieuw"),
        &format!("too many attempts; try again in {seconds} seconds"),
    )
    .header(header::RETRY_AFTER, &seconds.to_string())
}

/// `POST /api/login`: checks the password (Argon2id, on a blocking thread), starts a session
/// and sets its cookie. Failed sign-ins are limited per IP address and per username (a
/// successful one is no attack, and many editors may share one office address).
pub async fn login(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap, body: Body) -> ApiResult {
    let auth = state.auth.clone();
    auth.logins_by_ip.check(&ip).map_err(too_many)?;
    let login: Login = read_json(&headers, body, 4 * 1024).await.inspect_err(|_| auth.logins_by_ip.record(&ip))?;
    let user_key = login.username.to_lowercase();
    auth.login_failures_by_user.check(&user_key).map_err(too_many)?;
    let wrong = || ApiError::new(StatusCode::UNAUTHORIZED, "onjuiste gebruikersnaam of wachtwoord", "wrong username or password");
    if login.password.len() > MAX_PASSWORD_BYTES || login.username.len() > 64 {
        auth.login_failures_by_user.record(&user_key);
        auth.logins_by_ip.record(&ip);
        return Err(wrong());
    }
    let username = login.username.clone();
    let credentials = state.store.call(move |c| accounts::credentials(c, &username)).await?;
    let (hash, role) = match &credentials {
        Some(c) => (c.password_hash.clone(), Some(c.role.clone())),
        None => (auth.dummy_hash.clone(), None),
    };
    let password = login.password;
    let verified = tokio::task::spawn_blocking(move || verify_password(&hash, &password)).await.map_err(ApiError::internal)?;
    let Some(role) = role.filter(|_| verified) else {
        auth.login_failures_by_user.record(&user_key);
        auth.logins_by_ip.record(&ip);
        return Err(wrong());
    };
    auth.login_failures_by_user.clear(&user_key);
    let lifetime = state.config.limits.session_lifetime;
    let username = login.username.clone();
    let (token, csrf) = state.store.call(move |c| start_session(c, &username, lifetime)).await?;
    let mut response = reply(StatusCode::OK, json!({"username": login.username, "role": role, "csrf": csrf}));
    let cookie = session_cookie(&token, lifetime, state.config.secure_cookies);
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(response)
}

/// `POST /api/logout`: ends the session (its CSRF token required) and clears the cookie.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    if let Some(session) = current_session(&state, &headers).await? {
        require_csrf(&headers, &session)?;
        let hash = token_hash(&crate::auth::cookie_token(&headers).unwrap_or_default());
        state.store.call(move |c| accounts::delete_session(c, &hash)).await?;
    }
    let cookie = session_cookie("", state.config.limits.session_lifetime, state.config.secure_cookies);
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(response)
}

/// `GET /api/csrf`: a signed, expiring token for requests without an account.
pub async fn anonymous_csrf(State(state): State<AppState>) -> Response {
    let now = crate::storage::unix_now().max(0) as u64;
    reply(StatusCode::OK, json!({"csrf": state.auth.anonymous.issue(now)}))
}
