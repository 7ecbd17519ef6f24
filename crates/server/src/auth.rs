//! Accounts (*redacteur*, *beheerder*), Argon2id passwords, sessions, CSRF tokens, rate limits.
//!
//! - Passwords are hashed with Argon2id (the `argon2` crate's defaults, OWASP's minimum).
//!   Signing in with an unknown username costs the same hash, so timing does not tell which
//!   usernames exist.
//! - A session is a random 256-bit token in the cookie `kv_sessie` (HttpOnly; Secure;
//!   SameSite=Strict; Path=/); the database keeps only its SHA-256. It expires after
//!   `Config.limits.session_lifetime`.
//! - Every state-changing request carries the session's CSRF token in `X-CSRF-Token`. A
//!   correction request has no session: it carries a token from `GET /api/csrf`, signed with
//!   HMAC-SHA-256 by a key kept in the database, valid for two hours.
//! - Failed sign-ins are limited per IP address and per username; correction requests per IP
//!   address. Both answer 429 with `Retry-After`.
//!
//! Room for a third-party identity service (OpenID Connect, eHerkenning): such a service would
//! replace only how a person is recognised (`POST /api/login`): after its callback, the server
//! looks up or creates the account by the service's subject and calls [`start_session`] as a
//! password sign-in does; sessions, roles and CSRF stay as they are.

use crate::storage::accounts;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "kv_sessie";
pub const REDACTEUR: &str = "redacteur";
pub const BEHEERDER: &str = "beheerder";
/// The first account, created on first start.
pub const FIRST_ADMIN: &str = "beheerder";
/// Shortest password accepted (for new accounts and `KAARTVIEWER_ADMIN_PASSWORD`).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: long enough for any passphrase, short enough that hashing it
/// costs nothing extra.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// How long a token from `GET /api/csrf` is valid.
pub const ANONYMOUS_TOKEN_LIFETIME: Duration = Duration::from_secs(2 * 3600);

pub fn is_role(role: &str) -> bool {
    role == REDACTEUR || role == BEHEERDER
}

/// Why a password is not acceptable (`None` when it is).
pub fn password_fault(password: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!("het wachtwoord is korter dan {MIN_PASSWORD_CHARS} tekens / the password is shorter than {MIN_PASSWORD_CHARS} characters"))
    } else if password.len() > MAX_PASSWORD_BYTES {
        Some(format!("het wachtwoord is langer dan {MAX_PASSWORD_BYTES} bytes / the password is longer than {MAX_PASSWORD_BYTES} bytes"))
    } else {
        None
    }
}

/// Why a username is not acceptable: 1 to 64 of `a-z 0-9 . _ -`.
pub fn username_fault(username: &str) -> Option<String> {
    let ok = (1..=64).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    (!ok).then(|| "een gebruikersnaam is 1 tot 64 tekens a-z, 0-9, '.', '_' of '-' / a username is 1 to 64 characters a-z, 0-9, '.', '_' or '-'".to_string())
}

pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// An Argon2id hash in PHC form (`$argon2id$v=19$…`).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes are a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("Argon2 with default parameters").to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Creates the first beheerder when there is no account: with `admin_password`
/// (`KAARTVIEWER_ADMIN_PASSWORD`) or else a random one, which is returned so that it is
/// printed once. Nothing happens when accounts exist.
pub fn ensure_first_admin(connection: &Connection, admin_password: Option<&str>) -> Result<Option<String>, String> {
    if accounts::count(connection).map_err(crate::storage::db_error)? > 0 {
        return Ok(None);
    }
    let (password, generated) = match admin_password {
        Some(p) => {
            if let Some(fault) = password_fault(p) {
                return Err(format!("KAARTVIEWER_ADMIN_PASSWORD: {fault}"));
            }
            (p.to_string(), false)
        }
        None => (random_token()[..20].to_string(), true),
    };
    accounts::create(connection, FIRST_ADMIN, BEHEERDER, &hash_password(&password)).map_err(crate::storage::db_error)?;
    Ok(generated.then_some(password))
}

/// Signed tokens for anonymous state-changing requests (correction requests).
pub struct AnonymousTokens {
    key: Vec<u8>,
}

type HmacSha256 = Hmac<Sha256>;

impl AnonymousTokens {
    pub fn new(key: &[u8]) -> AnonymousTokens {
        AnonymousTokens { key: key.to_vec() }
    }

    fn mac(&self, expires: u64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(b"kaartviewer anonymous csrf ");
        mac.update(&expires.to_be_bytes());
        mac
    }

    /// A token valid until `now + ANONYMOUS_TOKEN_LIFETIME` (`now` in Unix seconds).
    pub fn issue(&self, now: u64) -> String {
        let expires = now + ANONYMOUS_TOKEN_LIFETIME.as_secs();
        let mut bytes = expires.to_be_bytes().to_vec();
        bytes.extend(self.mac(expires).finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Whether `token` was issued by this server and has not expired (compared in constant time).
    pub fn check(&self, token: &str, now: u64) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token.as_bytes()) else { return false };
        if bytes.len() != 8 + 32 {
            return false;
        }
        let expires = u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes"));
        expires > now && self.mac(expires).verify_slice(&bytes[8..]).is_ok()
    }
}

/// A sliding-window limit: at most `max` events per key within `window`.
pub struct RateLimiter {
    max: usize,
    window: Duration,
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Keys kept at most; beyond this, keys with no recent event are dropped first (a flood of
/// made-up usernames cannot grow memory without limit).
const MAX_KEYS: usize = 100_000;

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter { max, window, events: Mutex::new(HashMap::new()) }
    }

    /// `Err(retry_after)` when `key` has used up its events.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        let Some(list) = events.get_mut(key) else { return Ok(()) };
        while list.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            list.pop_front();
        }
        if list.len() < self.max {
            return Ok(());
        }
        let oldest = *list.front().expect("full list");
        Err(self.window.saturating_sub(now.duration_since(oldest)).max(Duration::from_secs(1)))
    }

    pub fn record(&self, key: &str) {
        let now = Instant::now();
        let mut events = self.events.lock().unwrap_or_else(|p| p.into_inner());
        if events.len() >= MAX_KEYS && !events.contains_key(key) {
            let window = self.window;
            events.retain(|_, list| list.back().is_some_and(|t| now.duration_since(*t) < window));
            if events.len() >= MAX_KEYS {
                return;
            }
        }
        let list = events.entry(key.to_string()).or_default();
        list.push_back(now);
        while list.len() > self.max {
            list.pop_front();
        }
    }

    pub fn clear(&self, key: &str) {
        self.events.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

/// The limits a client meets.
#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Failed sign-ins per username.
    pub login_failures_per_user: usize,
    /// Failed sign-ins per IP address (higher: many people may share one address).
    pub logins_per_ip: usize,
    pub login_window: Duration,
    /// Correction requests per IP address.
    pub corrections_per_ip: usize,
    pub correction_window: Duration,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            login_failures_per_user: 5,
            logins_per_ip: 30,
            login_window: Duration::from_secs(15 * 60),
            corrections_per_ip: 10,
            correction_window: Duration::from_secs(3600),
        }
    }
}

/// What the handlers need for signing in and checking tokens.
pub struct Auth {
    pub anonymous: AnonymousTokens,
    pub login_failures_by_user: RateLimiter,
    pub logins_by_ip: RateLimiter,
    pub corrections_by_ip: RateLimiter,
    /// A hash to verify against when the username does not exist.
    pub dummy_hash: String,
}

impl Auth {
    pub fn new(key: &[u8], limits: &RateLimits) -> Auth {
        Auth {
            anonymous: AnonymousTokens::new(key),
            login_failures_by_user: RateLimiter::new(limits.login_failures_per_user, limits.login_window),
            logins_by_ip: RateLimiter::new(limits.logins_per_ip, limits.login_window),
            corrections_by_ip: RateLimiter::new(limits.corrections_per_ip, limits.correction_window),
            dummy_hash: hash_password(&random_token()),
        }
    }
}

/// Starts a session for `username`: returns the token (for the cookie) and the CSRF token.
pub fn start_session(connection: &Connection, username: &str, lifetime: Duration) -> rusqlite::Result<(String, String)> {
    let token = random_token();
    let csrf = random_token();
    let expires = crate::storage::unix_now() + lifetime.as_secs().min(i64::MAX as u64 / 2) as i64;
    accounts::create_session(connection, &token_hash(&token), username, &csrf, expires)?;
    Ok((token, csrf))
}

/// The `Set-Cookie` value for a session token (an empty token clears the cookie).
pub fn session_cookie(token: &str, lifetime: Duration, secure: bool) -> String {
    let max_age = if token.is_empty() { 0 } else { lifetime.as_secs() };
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly{secure}; SameSite=Strict; Path=/; Max-Age={max_age}")
}

/// The session token from the request's `Cookie` headers.
pub fn cookie_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Compares two tokens in constant time.
pub fn same_token(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_with_the_right_password() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterY"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn anonymous_tokens_expire_and_cannot_be_forged() {
        let tokens = AnonymousTokens::new(b"key");
        let token = tokens.issue(1000);
        assert!(tokens.check(&token, 1000));
        assert!(!tokens.check(&token, 1000 + ANONYMOUS_TOKEN_LIFETIME.as_secs()));
        assert!(!AnonymousTokens::new(b"other key").check(&token, 1000));
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[7] ^= 1; // a later expiry
        assert!(!tokens.check(&URL_SAFE_NO_PAD.encode(bytes), 1000));
        assert!(!tokens.check("", 0) && !tokens.check("!!", 0));
    }

    #[test]
    fn the_rate_limiter_counts_per_key() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        limiter.record("a");
        limiter.record("a");
        let wait = limiter.check("a").unwrap_err();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60));
        assert!(limiter.check("b").is_ok());
        limiter.clear("a");
        assert!(limiter.check("a").is_ok());
    }
}
