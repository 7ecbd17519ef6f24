//! Platform-independent heart of the kaartviewer samenwerkingsverbanden.
//!
//! Everything here runs natively (and is tested with `cargo test`) as well as in the
//! browser: the data tool uses it to prepare boundaries, the Leptos app to read and
//! draw them. One concept per module:
//!
//! - [`region`]: the kinds of government on the map and their codes.
//! - [`topology`]: polygons as shared arcs, so neighbours share one border.
//! - [`topojson`] / [`geojson_input`]: decoding source files into a [`topology::Topology`];
//!   for GeoJSON with [`ring_repair`] (exclaves stored as outside holes) and [`snap`]
//!   (borders drawn twice become one).
//! - [`simplify`]: simplifying each shared arc once, so borders stay identical.
//! - [`overlap`]: which regions of one layer overlap a region of another (spatial join).
//! - [`boundary_layer`]: the GeoJSON the app loads, and its index.
//! - [`projection`], [`svg_path`], [`viewport`], [`label_placement`]: drawing and moving the map.
//! - [`dataset`], [`vocabulary`], [`validate`], [`csv_table`]: the partnership dataset, its
//!   checks and its spreadsheet form; [`json_keys`] (repeated keys), [`text_check`] (control and
//!   bidi characters) and [`source_text`] (encodings) guard against hostile or careless input.
//! - [`publish`]: curated records laid over the built ones (the build and the server), and the
//!   server's bundle; [`record_diff`]: a revision field by field, for the editor's history.
//! - [`filter`], [`analysis`], [`region_table`], [`url_state`]: what the viewer shows and how it is shared.
//! - [`history`]: the verbanden on any day since 2016, and what changed between days.
//! - [`insight`]: overlap between verbanden, recurring configurations, region profiles.
//! - `csp` (feature `csp`): the Content-Security-Policy the viewer is served with, and the check
//!   of a `frame-ancestors` source list (the server and the data tool; not the app).

pub mod boundary_layer;
#[cfg(feature = "csp")]
pub mod csp;
#[cfg(feature = "files")]
pub mod atomic_file;
pub mod analysis;
pub mod audit;
pub mod csv_table;
pub mod dataset;
pub mod filter;
pub mod label_placement;
pub mod markup;
pub mod geojson_input;
pub mod history;
pub mod insight;
pub mod json_keys;
pub mod overlap;
pub mod projection;
pub mod publish;
pub mod record_diff;
pub mod region;
pub mod region_table;
pub mod register;
pub mod ring_repair;
pub mod schema;
pub mod simplify;
pub mod snap;
pub mod source_text;
pub mod svg_path;
pub mod text_check;
pub mod topojson;
pub mod topology;
pub mod url_state;
pub mod validate;
pub mod viewport;
pub mod vocabulary;
