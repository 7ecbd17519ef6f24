//! The real water board file (`../shared/geodata/waterschap_2024.geojson`): its exclaves stored
//! as outside holes are repaired, and neighbours that the source draws apart end up sharing
//! one border, so simplification opens no slivers between them.

mod common;

use geo::{Area, BooleanOps, MultiPolygon, unary_union};
use kaartviewer_core::geojson_input::decode;
use kaartviewer_core::simplify::{LevelOfDetail, simplify};
use kaartviewer_core::snap::SnapTolerance;
use kaartviewer_core::topology::Topology;
use common::edges;
use std::collections::HashMap;

/// The manifest's `snap_tolerance` (data/sources.toml).
const TOLERANCE: SnapTolerance = SnapTolerance(0.0002);
/// The manifest's two levels of detail.
const LEVELS: [LevelOfDetail; 2] = [
    LevelOfDetail { tolerance: 0.003, decimals: 3, min_island_area: 4e-6 },
    LevelOfDetail { tolerance: 0.0, decimals: 4, min_island_area: 0.0 },
];

/// km² per square degree at 52° N.
const KM2_PER_SQUARE_DEGREE: f64 = 111.32 * 111.32 * 0.61;

/// The largest speck (km²) allowed between boards: 0.01 km² (100 m × 100 m, under a pixel
/// below zoom 3) at the national level; 0.002 km² (45 m × 45 m) at source detail.
fn speck_limit(level: &LevelOfDetail) -> f64 {
    if level.decimals <= 3 { 0.01 } else { 0.002 }
}

fn source_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/geodata/waterschap_2024.geojson");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (the tests need ../shared/geodata beside the repository)"))
}

/// Geometry by the source's own name (`naam`).
fn by_name(topology: &Topology) -> HashMap<String, MultiPolygon<f64>> {
    topology.features.iter().map(|f| (f.text_property("naam").unwrap(), topology.feature_geometry(f))).collect()
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
fn rijnland_delfland_schieland_and_stichtse_rijnlanden_share_their_borders_at_every_level() {
    let source = decode(&source_text(), TOLERANCE).unwrap();
    // They meet near Gouda; Rijnland and De Stichtse Rijnlanden are the detailed ones.
    let names = [
        "Hoogheemraadschap van Rijnland",
        "Hoogheemraadschap van Delfland",
        "Hhs van Schieland en Krimpenerwaard",
        "Hoogheemraadschap De Stichtse Rijnlanden",
    ];
    // The unsimplified topology first, then the manifest's levels.
    for level in &[LevelOfDetail { tolerance: 0.0, decimals: 12, min_island_area: 0.0 }, LEVELS[0], LEVELS[1]] {
        let simple = simplify(&source, level);
        simple.validate().unwrap();
        let regions = by_name(&simple);
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let (ea, eb) = (edges(&regions[*a]), edges(&regions[*b]));
                let neighbours = !(a.contains("Delfland") && b.contains("Stichtse"));
                assert!(!neighbours || ea.intersection(&eb).count() >= 2, "{a} and {b} share no border at tolerance {}", level.tolerance);
                // At most specks: 1e-7 square degrees is 0.0008 km² (28 m × 28 m).
                let overlap = regions[*a].intersection(&regions[*b]).unsigned_area();
                assert!(overlap < 1e-7, "{a} and {b} overlap by {overlap} square degrees");
            }
        }
        // No sliver between them: their union has no hole.
        let three: Vec<&MultiPolygon<f64>> = names.iter().map(|n| &regions[*n]).collect();
        let union = unary_union(three.iter().copied());
        // (The source leaves specks of up to 0.001 km² between them, wider than the snapping
        // tolerance: slivers, which decoding gives to a neighbour.) A hole in their union is
        // another board: the exclave of Amstel, Gooi en Vecht inside De Stichtse Rijnlanden.
        for hole in union.0.iter().flat_map(|p| p.interiors()) {
            let hole = MultiPolygon(vec![geo::Polygon::new(hole.clone(), vec![])]);
            let covered: f64 = regions.iter().filter(|(n, _)| !names.contains(&n.as_str())).map(|(_, g)| g.intersection(&hole).unsigned_area()).sum();
            let uncovered = hole.unsigned_area() - covered;
            assert!(uncovered < speck_limit(level) / KM2_PER_SQUARE_DEGREE, "a gap between them at {:?} (tolerance {})", hole.0[0].exterior().0[0], level.tolerance);
        }
        let sum: f64 = three.iter().map(|g| g.unsigned_area()).sum();
        assert!((sum - union.unsigned_area()).abs() / sum < 1e-5, "level {}: sum {sum} union {}", level.tolerance, union.unsigned_area());
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
        // What is left between the boards is real: water that no board governs, at least
        // 100 m wide on average (rivers, estuaries, lake shores). Where the source's
        // borders run 25–50 m apart at a junction (near Schiedam), snapping can leave specks,
        // which must stay below what a pixel covers where the level is used.
        let specks: f64 = union
            .0
            .iter()
            .flat_map(|p| p.interiors())
            .map(|gap| {
                let perimeter: f64 = gap.lines().map(|l| (l.dx() * 0.61).hypot(l.dy())).sum();
                let area = geo::Polygon::new(gap.clone(), vec![]).unsigned_area();
                (2.0 * area * 0.61 / perimeter, area)
            })
            .filter(|(width, _)| *width < 0.0009)
            .map(|(_, area)| area * KM2_PER_SQUARE_DEGREE)
            .sum();
        assert!(specks < speck_limit(level), "slivers of {specks} km² in all at tolerance {}", level.tolerance);
        assert!((sum - source_sum).abs() / source_sum < 0.01);
    }
}
