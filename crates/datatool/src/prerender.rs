//! The first map, in the page itself: the national gemeente and provincie layers written into
//! the built `index.html` as an accessible SVG, so the map is on screen as soon as the HTML and
//! the stylesheet are, without waiting for the wasm, the boundary files or a layout pass of the
//! app. The app takes it over when its own map is ready (`src/prerendered.rs`); until then the
//! start-up script lets a click select a gemeente on it.
//!
//! The paths are those the app draws (same files, projection and decimals), and the markup
//! carries the app's classes and selection attributes (`data-kind`, `data-code`, `role`,
//! `aria-label`, `aria-selected`), so the switch shows the same map. The SVG's viewBox is the
//! gemeente layer's bounds; the stylesheet pads it by the app's fitting margin, which gives the
//! scale and position the app computes for any window size.

use kaartviewer_core::boundary_layer::{BoundaryIndex, parse_feature_collection};
use kaartviewer_core::markup::escape;
use kaartviewer_core::projection::Projection;
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::svg_path::{decimals_for_level, path_data, projected_bounds};
use std::fmt::Write;
use std::path::Path;

/// Where in `index.html` the map goes: inside the pre-rendered `.map` element.
pub const MARKER: &str = "<!-- prerendered map -->";

/// The layers drawn, in the app's order, with the class and label the app gives them when
/// the gemeenten are the active layer (Dutch, the default language).
const LAYERS: [(RegionKind, &str, &str); 2] =
    [(RegionKind::Gemeente, "layer-active", "Gemeenten"), (RegionKind::Provincie, "layer-outline", "Provincies")];

/// What [`prerender`] wrote.
#[derive(Debug, PartialEq)]
pub struct Report {
    pub regions: usize,
    pub bytes: usize,
}

/// Writes the map into `<site>/index.html` at [`MARKER`], from the coarsest level of each
/// layer listed in `<site>/data/boundaries/boundaries.json`.
pub fn prerender(site: &Path) -> Result<Report, String> {
    let index_file = site.join("index.html");
    let html = std::fs::read_to_string(&index_file).map_err(|e| format!("{}: {e}", index_file.display()))?;
    if html.matches(MARKER).count() != 1 {
        return Err(format!(
            "{}: expected the marker `{MARKER}` exactly once (found {}; already pre-rendered?)",
            index_file.display(),
            html.matches(MARKER).count()
        ));
    }
    let boundaries = site.join("data/boundaries");
    let index_path = boundaries.join("boundaries.json");
    let index_text = std::fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let index: BoundaryIndex = serde_json::from_str(&index_text).map_err(|e| format!("{}: {e}", index_path.display()))?;

    let mut layers = Vec::new();
    for (kind, class, label) in LAYERS {
        let Some(level) = index.layer(kind).and_then(|l| l.levels.first()) else {
            if kind == RegionKind::Gemeente {
                return Err(format!("{}: no gemeente layer listed", index_path.display()));
            }
            continue;
        };
        let file = boundaries.join(&level.file);
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let features = parse_feature_collection(&text, &file.display().to_string()).map_err(|e| e.to_string())?;
        layers.push((kind, class, label, decimals_for_level(&level.name), features));
    }
    let projection = Projection::NETHERLANDS;
    let gemeenten = &layers[0].4;
    let bounds = projected_bounds(gemeenten.iter().map(|f| &f.geometry), &projection)
        .ok_or_else(|| format!("{}: the gemeente layer has no regions", index_path.display()))?;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="map-svg" viewBox="{} {} {} {}" preserveAspectRatio="xMidYMid meet">"#,
        bounds.min().x,
        bounds.min().y,
        bounds.width(),
        bounds.height()
    );
    let mut regions = 0;
    for (kind, class, label, decimals, features) in &layers {
        let kind = kind.as_str();
        let _ = write!(svg, r#"<g class="layer layer-{kind} {class}" role="listbox" aria-label="{label}" data-layer="{kind}">"#);
        for feature in features {
            let _ = write!(
                svg,
                r#"<path d="{}" data-kind="{kind}" data-code="{}" role="option" aria-label="{}" aria-selected="false"/>"#,
                path_data(&feature.geometry, &projection, *decimals),
                escape(&feature.code),
                escape(&feature.name)
            );
            regions += 1;
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    let bytes = svg.len();
    let html = defer_app_files(&html.replace(MARKER, &svg));
    crate::atomic::write(&index_file, html.as_bytes())?;
    Ok(Report { regions, bytes })
}

/// Turns the preload links Trunk writes for the app's module and wasm into inert links
/// (`rel` → `data-rel`, the integrity kept): with the map in the page, the app's 350 KiB need
/// not compete with the page and its stylesheet for the connection. The start-up script
/// fetches them, with their integrity, once the first map is painted.
fn defer_app_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..end];
        let app_file = tag.contains(r#"rel="modulepreload""#) || (tag.contains(r#"rel="preload""#) && tag.contains(r#".wasm""#));
        if app_file {
            out.push_str(&tag.replacen(r#" rel=""#, r#" data-rel=""#, 1));
        } else {
            out.push_str(tag);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[5.0,52.0],[5.1,52.0],[5.1,52.1],[5.0,52.1],[5.0,52.0]]]]},"properties":{"code":"GM0001","kind":"gemeente","name":"A & \"B\"","neighbours":[],"provincie":"PV26"}}]}"#;

    fn site(index: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/boundaries")).unwrap();
        std::fs::write(dir.path().join("index.html"), format!("<body><div class=\"map\">{MARKER}</div></body>")).unwrap();
        std::fs::write(dir.path().join("data/boundaries/boundaries.json"), index).unwrap();
        std::fs::write(dir.path().join("data/boundaries/g.geojson"), SQUARE).unwrap();
        dir
    }

    const INDEX: &str = r#"{"attribution":"x","layers":[{"kind":"gemeente","year":2025,"levels":[{"name":"national","file":"g.geojson","min_zoom":0.0}]}]}"#;

    #[test]
    fn writes_the_apps_paths_with_selection_attributes_and_escaped_names() {
        let dir = site(INDEX);
        let report = prerender(dir.path()).unwrap();
        assert_eq!(report.regions, 1);
        let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(!html.contains(MARKER));
        let features = parse_feature_collection(SQUARE, "g").unwrap();
        let d = path_data(&features[0].geometry, &Projection::NETHERLANDS, 0);
        assert!(html.contains(&format!(
            r#"<path d="{d}" data-kind="gemeente" data-code="GM0001" role="option" aria-label="A &amp; &quot;B&quot;" aria-selected="false"/>"#
        )), "{html}");
        assert!(html.contains(r#"<g class="layer layer-gemeente layer-active" role="listbox" aria-label="Gemeenten" data-layer="gemeente">"#));
        let bounds = projected_bounds(features.iter().map(|f| &f.geometry), &Projection::NETHERLANDS).unwrap();
        assert!(html.contains(&format!(r#"viewBox="{} {} {} {}""#, bounds.min().x, bounds.min().y, bounds.width(), bounds.height())));
    }

    #[test]
    fn the_apps_module_and_wasm_wait_but_keep_their_integrity_and_other_links_stay() {
        let html = r#"<link rel="stylesheet" href="./s.css" integrity="sha384-a"/><link rel="modulepreload" href="./k.js" crossorigin="anonymous" integrity="sha384-b"><link rel="preload" href="./k_bg.wasm" crossorigin="anonymous" integrity="sha384-c" as="fetch" type="application/wasm">"#;
        assert_eq!(
            defer_app_files(html),
            r#"<link rel="stylesheet" href="./s.css" integrity="sha384-a"/><link data-rel="modulepreload" href="./k.js" crossorigin="anonymous" integrity="sha384-b"><link data-rel="preload" href="./k_bg.wasm" crossorigin="anonymous" integrity="sha384-c" as="fetch" type="application/wasm">"#
        );
    }

    #[test]
    fn refuses_a_page_without_the_marker_or_already_done_and_names_the_file() {
        let dir = site(INDEX);
        prerender(dir.path()).unwrap();
        let error = prerender(dir.path()).unwrap_err();
        assert!(error.contains("index.html") && error.contains("already pre-rendered"), "{error}");
    }

    #[test]
    fn a_missing_gemeente_layer_or_file_is_named() {
        let dir = site(r#"{"attribution":"x","layers":[]}"#);
        let error = prerender(dir.path()).unwrap_err();
        assert!(error.contains("boundaries.json") && error.contains("no gemeente layer"), "{error}");
        let dir = site(&INDEX.replace("g.geojson", "missing.geojson"));
        let error = prerender(dir.path()).unwrap_err();
        assert!(error.contains("missing.geojson"), "{error}");
    }
}
