//! The real water board file (`../shared/geodata/waterschap_2024.geojson`): its exclaves stored
//! as outside holes are repaired, and neighbours that the source draws apart end up sharing
//! one border, so simplification opens no slivers between them.

use geo::{Area, BooleanOps, Coord, MultiPolygon, unary_union};
use kaartviewer_core::geojson_input::decode;
use kaartviewer_core::simplify::{LevelOfDetail, simplify};
use kaartviewer_core::snap::SnapTolerance;
use kaartviewer_core::topology::Topology;
use std::collections::{HashMap, HashSet};

/// The manifest's `snap_tolerance` (data/sources.toml).
const TOLERANCE: SnapTolerance = SnapTolerance(0.0002);
/// The manifest's two levels of detail.
const LEVELS: [LevelOfDetail; 2] = [
    LevelOfDetail { tolerance: 0.003, decimals: 3, min_island_area: 4e-6 },
    LevelOfDetail { tolerance: 0.0, decimals: 4, min_island_area: 0.0 },
];

fn source_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/geodata/waterschap_2024.geojson");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (the tests need ../shared/geodata beside the repository)"))
}

/// Geometry by the source's own name (`naam`).
fn by_name(topology: &Topology) -> HashMap<String, MultiPolygon<f64>> {
    topology.features.iter().map(|f| (f.text_property("naam").unwrap(), topology.feature_geometry(f))).collect()
}

type Edge = ((u64, u64), (u64, u64));

fn edges(geometry: &MultiPolygon<f64>) -> HashSet<Edge> {
    let k = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.0.windows(2).map(|w| (k(&w[0]), k(&w[1]))).collect::<Vec<_>>())
        .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
        .collect()
}

fn holes(geometry: &MultiPolygon<f64>) -> usize {
    geometry.0.iter().map(|p| p.interiors().len()).sum()
}

#[test]
fn exclaves_stored_as_outside_holes_become_parts() {
    let raw: serde_json::Value = serde_json::from_str(&source_text()).unwrap();
    let topology = decode(&source_text(), TOLERANCE).unwrap();
    let regions = by_name(&topology);
    for name in ["Hoogheemraadschap De Stichtse Rijnlanden", "Waterschap Drents Overijsselse Delta"] {
        let feature = raw["features"].as_array().unwrap().iter().find(|f| f["properties"]["naam"] == name).unwrap();
        assert_eq!(feature["geometry"]["type"], "Polygon", "{name} is one polygon in the source");
        assert!(regions[name].0.len() >= 2, "{name}: its exclaves should be parts of their own");
    }
    // The host of an exclave keeps its real hole, and shares the exclave's border.
    let (agv, hdsr) = (&regions["Waterschap Amstel, Gooi en Vecht"], &regions["Hoogheemraadschap De Stichtse Rijnlanden"]);
    assert!(holes(agv) >= 1);
    assert!(agv.intersection(hdsr).unsigned_area() < 1e-12);
}

#[test]
fn rijnland_delfland_and_schieland_share_their_borders_at_every_level() {
    let source = decode(&source_text(), TOLERANCE).unwrap();
    let names = ["Hoogheemraadschap van Rijnland", "Hoogheemraadschap van Delfland", "Hhs van Schieland en Krimpenerwaard"];
    let mut source_gaps = None;
    // The unsimplified topology first, then the manifest's levels.
    for level in &[LevelOfDetail { tolerance: 0.0, decimals: 12, min_island_area: 0.0 }, LEVELS[0], LEVELS[1]] {
        let simple = simplify(&source, level);
        simple.validate().unwrap();
        let regions = by_name(&simple);
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let (ea, eb) = (edges(&regions[*a]), edges(&regions[*b]));
                assert!(ea.intersection(&eb).count() >= 2, "{a} and {b} share no border at tolerance {}", level.tolerance);
                let overlap = regions[*a].intersection(&regions[*b]).unsigned_area();
                assert!(overlap < 1e-10, "{a} and {b} overlap by {overlap} square degrees");
            }
        }
        // No sliver between the three: their union has no hole.
        let three: Vec<&MultiPolygon<f64>> = names.iter().map(|n| &regions[*n]).collect();
        let union = unary_union(three.iter().copied());
        // No new sliver between the three. (The source itself leaves three specks of under
        // 0.001 km² between them, wider than the snapping tolerance, and they stay.)
        let source_holes = *source_gaps.get_or_insert(holes(&union));
        assert!(source_holes <= 3 && holes(&union) <= source_holes, "a gap opened between the three at tolerance {}", level.tolerance);
        let sum: f64 = three.iter().map(|g| g.unsigned_area()).sum();
        assert!((sum - union.unsigned_area()).abs() / sum < 1e-9);
    }
}

#[test]
fn simplification_opens_no_gaps_and_no_overlaps_anywhere() {
    let source = decode(&source_text(), TOLERANCE).unwrap();
    assert_eq!(source.features.len(), 21);
    let union_of = |t: &Topology| {
        let geometries: Vec<MultiPolygon<f64>> = t.features.iter().map(|f| t.feature_geometry(f)).collect();
        let sum: f64 = geometries.iter().map(|g| g.unsigned_area()).sum();
        let union = unary_union(geometries.iter());
        (sum, union)
    };
    let (source_sum, source_union) = union_of(&source);
    for level in &LEVELS {
        let simple = simplify(&source, level);
        let (sum, union) = union_of(&simple);
        // Borders are shared arcs, so neighbours can neither overlap nor part.
        assert!((sum - union.unsigned_area()).abs() / sum < 1e-6, "regions overlap at tolerance {}", level.tolerance);
        assert!(holes(&union) <= holes(&source_union), "simplification at tolerance {} opened gaps", level.tolerance);
        assert!((sum - source_sum).abs() / source_sum < 0.01);
    }
}
