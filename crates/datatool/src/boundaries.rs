//! The boundary pipeline: sources → topology → simplified levels → joined attributes →
//! GeoJSON files and `boundaries.json` for the app.

use crate::manifest::{Format, LayerLayout, Manifest, Source};
use crate::sources::{Locations, resolve, sha256_hex};
use geo::MultiPolygon;
use kaartviewer_core::boundary_layer::{BoundaryFeature, BoundaryIndex, LayerEntry, LevelEntry, to_feature_collection};
use kaartviewer_core::overlap::{majority, overlaps};
use kaartviewer_core::region::RegionKind;
use kaartviewer_core::simplify::simplify;
use kaartviewer_core::topology::Topology;
use kaartviewer_core::{geojson_input, topojson};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// Name of the index file the app loads first.
pub const INDEX_FILE: &str = "boundaries.json";
const STAMP_FILE: &str = ".inputs.sha256";

/// What `prepare` did.
#[derive(Debug)]
pub struct Report {
    /// True when the outputs were already up to date.
    pub skipped: bool,
    /// One line per written file.
    pub lines: Vec<String>,
}

/// A decoded boundary file: its regions' codes and names, and their topology.
pub struct Decoded {
    pub codes: Vec<String>,
    pub names: Vec<String>,
    pub topology: Topology,
}

/// A decoded source of the manifest.
struct Layer<'a> {
    source: &'a Source,
    decoded: Decoded,
}

/// Prepares every source of `manifest` into `out`, unless the outputs already match
/// these exact inputs (manifest, source files, and this program).
pub fn prepare(manifest_text: &str, manifest: &Manifest, locations: &Locations, out: &Path) -> Result<Report, String> {
    let mut inputs = Vec::new();
    for source in &manifest.sources {
        inputs.push((source, resolve(source, locations)?));
    }

    let program = std::env::current_exe().and_then(fs::read).unwrap_or_default();
    // The crosswalks are inputs too: a corrected code must reach the output.
    let crosswalks = format!("{:?}", manifest.sources.iter().map(|s| &s.codes).collect::<Vec<_>>());
    let stamp = sha256_hex(
        [manifest_text.as_bytes(), &program, crosswalks.as_bytes()]
            .into_iter()
            .chain(inputs.iter().map(|(_, r)| r.bytes.as_slice()))
            .flat_map(|b| sha256_hex(b).into_bytes())
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    if up_to_date(out, &stamp) {
        return Ok(Report { skipped: true, lines: Vec::new() });
    }

    let decoded: Vec<Layer> = inputs
        .iter()
        .map(|(source, resolved)| {
            decode(&source.id, source.layout(), &resolved.bytes).map(|decoded| Layer { source, decoded })
        })
        .collect::<Result<_, _>>()?;

    // The most detailed level gives the most accurate joins.
    let finest = manifest.levels.last().expect("manifest has levels").detail();
    let joined_geometry: Vec<Vec<MultiPolygon<f64>>> = decoded
        .iter()
        .map(|d| {
            let simple = simplify(&d.decoded.topology, &finest);
            simple.features.iter().map(|f| simple.feature_geometry(f)).collect()
        })
        .collect();
    let provincie_of = join_majority(&decoded, &joined_geometry, RegionKind::Provincie);
    let waterschappen_of = join_overlaps(&decoded, &joined_geometry, RegionKind::Waterschap, manifest.min_waterschap_share);
    let (gemeenten_of, provincies_of) = invert_joins(&decoded, &waterschappen_of, &provincie_of);

    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut lines: Vec<String> =
        inputs.iter().map(|(source, resolved)| format!("source {} read from {}", source.id, resolved.origin)).collect();
    let mut layers = Vec::new();
    for (i, d) in decoded.iter().enumerate() {
        let mut levels = Vec::new();
        for level in &manifest.levels {
            let simple = simplify(&d.decoded.topology, &level.detail());
            let neighbours = simple.neighbours();
            let features: Vec<BoundaryFeature> = simple
                .features
                .iter()
                .enumerate()
                .map(|(f, feature)| BoundaryFeature {
                    code: d.decoded.codes[f].clone(),
                    name: d.decoded.names[f].clone(),
                    kind: d.source.kind,
                    provincie: provincie_of[i][f].clone(),
                    waterschappen: waterschappen_of[i][f].clone(),
                    gemeenten: gemeenten_of[i][f].clone(),
                    provincies: provincies_of[i][f].clone(),
                    neighbours: neighbours[f].iter().map(|&n| d.decoded.codes[n].clone()).collect(),
                    geometry: simple.feature_geometry(feature),
                })
                .collect();
            let file = format!("{}_{}.{}.geojson", d.source.kind, d.source.year, level.name);
            let json = serde_json::to_string(&to_feature_collection(&features)).map_err(|e| e.to_string())?;
            write(&out.join(&file), json.as_bytes())?;
            lines.push(format!("wrote {}: {} regions, {} bytes", out.join(&file).display(), features.len(), json.len()));
            levels.push(LevelEntry { name: level.name.clone(), file, min_zoom: level.min_zoom });
        }
        layers.push(LayerEntry { kind: d.source.kind, year: d.source.year, levels });
    }
    let index = BoundaryIndex { attribution: manifest.full_attribution(), layers };
    let index_json = serde_json::to_string_pretty(&index).map_err(|e| e.to_string())?;
    write(&out.join(INDEX_FILE), index_json.as_bytes())?;
    write(&out.join(STAMP_FILE), stamp.as_bytes())?;
    Ok(Report { skipped: false, lines })
}

fn up_to_date(out: &Path, stamp: &str) -> bool {
    let Ok(previous) = fs::read_to_string(out.join(STAMP_FILE)) else { return false };
    let Ok(index) = fs::read_to_string(out.join(INDEX_FILE)) else { return false };
    let Ok(index) = serde_json::from_str::<BoundaryIndex>(&index) else { return false };
    previous == stamp && index.layers.iter().flat_map(|l| &l.levels).all(|level| out.join(&level.file).is_file())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::atomic::write(path, bytes)
}

/// Decodes a boundary file; errors name the source `id`.
pub fn decode(id: &str, layout: LayerLayout, bytes: &[u8]) -> Result<Decoded, String> {
    let named = |e: String| format!("source {id:?}: {e}");
    let text = std::str::from_utf8(bytes).map_err(|e| named(format!("not UTF-8 text: {e}")))?;
    let topology = match layout.format {
        Format::Topojson => topojson::decode(text, layout.object).map_err(|e| named(e.to_string()))?,
        Format::Geojson => geojson_input::decode(text, layout.snap_tolerance).map_err(|e| named(e.to_string()))?,
    };
    let mut codes = Vec::new();
    let mut names = Vec::new();
    let mut seen = HashSet::new();
    for (i, feature) in topology.features.iter().enumerate() {
        let code = feature
            .text_property(layout.code_property)
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| named(format!("feature {i} has no {:?} (its code)", layout.code_property)))?;
        let name = feature
            .text_property(layout.name_property)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| named(format!("feature {i} ({code}) has no {:?} (its name)", layout.name_property)))?;
        let (code, name) = match layout.crosswalk {
            None => (code, name),
            Some((crosswalk, key)) => {
                let id = feature.text_property(key).unwrap_or_default();
                let entry = crosswalk.get(&id).ok_or_else(|| {
                    named(format!(
                        "feature {i} ({name}, {code}) has {key} {id:?}, which is not in the crosswalk {}; add it there with its official code",
                        crosswalk.file
                    ))
                })?;
                (entry.code.clone(), entry.name.clone())
            }
        };
        if !seen.insert(code.clone()) {
            return Err(named(format!("feature {i}: code {code} occurs twice")));
        }
        if feature.polygons.is_empty() {
            return Err(named(format!("feature {i} ({code}) has no geometry")));
        }
        codes.push(code.trim().to_string());
        names.push(name.trim().to_string());
    }
    if let Some((crosswalk, key)) = layout.crosswalk
        && let Some(missing) = crosswalk.entries.iter().find(|e| !codes.contains(&e.code))
    {
        return Err(named(format!(
            "{} of {} ({}, {key} {:?}) matches no feature of the source",
            missing.code, crosswalk.file, missing.name, missing.boundary_id
        )));
    }
    Ok(Decoded { codes, names, topology })
}

/// The layer of `kind` to join gemeenten of `year` with: the same year, else the latest.
fn partner_layer(decoded: &[Layer], kind: RegionKind, year: u16) -> Option<usize> {
    let candidates = || decoded.iter().enumerate().filter(|(_, d)| d.source.kind == kind);
    candidates()
        .find(|(_, d)| d.source.year == year)
        .or_else(|| candidates().max_by_key(|(_, d)| d.source.year))
        .map(|(i, _)| i)
}

/// For each gemeente, the code of the region of `kind` covering most of it.
fn join_majority(decoded: &[Layer], geometry: &[Vec<MultiPolygon<f64>>], kind: RegionKind) -> Vec<Vec<Option<String>>> {
    decoded
        .iter()
        .enumerate()
        .map(|(i, d)| match (d.source.kind, partner_layer(decoded, kind, d.source.year)) {
            (RegionKind::Gemeente, Some(p)) => majority(&geometry[i], &geometry[p], 0.25)
                .into_iter()
                .map(|found| found.map(|j| decoded[p].decoded.codes[j].clone()))
                .collect(),
            _ => vec![None; d.decoded.codes.len()],
        })
        .collect()
}

/// For each gemeente, the codes of the regions of `kind` covering at least `min_share` of it.
fn join_overlaps(decoded: &[Layer], geometry: &[Vec<MultiPolygon<f64>>], kind: RegionKind, min_share: f64) -> Vec<Vec<Vec<String>>> {
    decoded
        .iter()
        .enumerate()
        .map(|(i, d)| match (d.source.kind, partner_layer(decoded, kind, d.source.year)) {
            (RegionKind::Gemeente, Some(p)) => overlaps(&geometry[i], &geometry[p], min_share)
                .into_iter()
                .map(|found| found.into_iter().map(|o| decoded[p].decoded.codes[o.index].clone()).collect())
                .collect(),
            _ => vec![Vec::new(); d.decoded.codes.len()],
        })
        .collect()
}

/// For each waterschap, the gemeenten that list it (from the gemeente → waterschappen join),
/// by name, and the provincies of those gemeenten; empty for other kinds.
#[allow(clippy::type_complexity)]
fn invert_joins(
    decoded: &[Layer],
    waterschappen_of: &[Vec<Vec<String>>],
    provincie_of: &[Vec<Option<String>>],
) -> (Vec<Vec<Vec<String>>>, Vec<Vec<Vec<String>>>) {
    let mut gemeenten: Vec<Vec<Vec<String>>> = decoded.iter().map(|d| vec![Vec::new(); d.decoded.codes.len()]).collect();
    let mut provincies = gemeenten.clone();
    for (i, d) in decoded.iter().enumerate().filter(|(_, d)| d.source.kind == RegionKind::Waterschap) {
        let Some(g) = decoded.iter().position(|l| l.source.kind == RegionKind::Gemeente && partner_layer(decoded, RegionKind::Waterschap, l.source.year) == Some(i)) else {
            continue;
        };
        for (w, code) in d.decoded.codes.iter().enumerate() {
            for (m, boards) in waterschappen_of[g].iter().enumerate() {
                if boards.contains(code) {
                    gemeenten[i][w].push(decoded[g].decoded.codes[m].clone());
                    if let Some(p) = &provincie_of[g][m]
                        && !provincies[i][w].contains(p)
                    {
                        provincies[i][w].push(p.clone());
                    }
                }
            }
            // Gemeenten by name, as a reader looks for them in the panel.
            let name_of = |code: &String| decoded[g].decoded.codes.iter().position(|c| c == code).map(|m| decoded[g].decoded.names[m].clone());
            gemeenten[i][w].sort_by_cached_key(name_of);
            provincies[i][w].sort();
        }
    }
    (gemeenten, provincies)
}
