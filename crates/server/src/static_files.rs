//! The built site (`dist/`): precompressed copies, caching, and no way out of the root.

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
