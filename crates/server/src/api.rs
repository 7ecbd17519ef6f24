//! The JSON API under `/api/` (owned by the storage/API work; see the README's API section).

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
