//! The public dataset (`data/verbanden.json` relative to the page), generated from storage and
//! regenerated after every save, so an accepted change is on the map within seconds.

use crate::AppState;
use axum::Router;

/// The current public dataset, in the encodings it is sent in.
#[derive(Default)]
pub struct Published {}

pub fn router() -> Router<AppState> {
    Router::new()
}
