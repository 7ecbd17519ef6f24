//! Simplification on the real 2025 gemeenten: neighbours keep one identical border,
//! and the simplified map has neither gaps nor overlaps.
//!
//! Reads `../shared/geodata/` beside the repository (see README, "Boundary data").

mod common;

use geo::{Area, MultiPolygon, unary_union};
use kaartviewer_core::simplify::{LevelOfDetail, simplify};
use kaartviewer_core::topojson::decode;
use kaartviewer_core::topology::Topology;
use common::{Edge, edges};
use std::collections::{HashMap, HashSet};

fn gemeenten() -> Topology {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/geodata/gemeente_2025.topojson");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the tests need ../shared/geodata beside the repository)"));
    decode(&text, Some("gemeente_2025")).unwrap()
}

const NATIONAL: LevelOfDetail = LevelOfDetail { tolerance: 0.003, decimals: 3, min_island_area: 4e-6 };

fn by_code(topology: &Topology) -> HashMap<String, MultiPolygon<f64>> {
    topology
        .features
        .iter()
        .map(|f| (f.text_property("statcode").unwrap(), topology.feature_geometry(f)))
        .collect()
}

#[test]
fn real_neighbours_keep_an_identical_border() {
    let simple = simplify(&gemeenten(), &NATIONAL);
    let regions = by_code(&simple);
    // Utrecht–Nieuwegein, Amsterdam–Amstelveen, Enschede–Hengelo, Zwolle–Kampen, Groningen–Midden-Groningen.
    for (a, b) in [("GM0344", "GM0356"), ("GM0363", "GM0362"), ("GM0153", "GM0164"), ("GM0193", "GM0166"), ("GM0014", "GM1952")] {
        let (ea, eb) = (edges(&regions[a]), edges(&regions[b]));
        let shared: Vec<_> = ea.intersection(&eb).collect();
        assert!(shared.len() >= 2, "{a} and {b} should share a border, found {} common edges", shared.len());
        // Every vertex of one side's border lies on a vertex of the other: no sliver can open.
        let vertices = |e: &HashSet<Edge>| e.iter().flat_map(|(p, q)| [*p, *q]).collect::<HashSet<_>>();
        let (va, vb) = (vertices(&ea), vertices(&eb));
        let border: HashSet<_> = shared.iter().flat_map(|(p, q)| [*p, *q]).collect();
        assert!(border.iter().all(|v| va.contains(v) && vb.contains(v)));
    }
}

#[test]
fn simplified_map_has_no_overlaps_and_no_new_gaps() {
    let source = gemeenten();
    let simple = simplify(&source, &NATIONAL);
    let mut holes = Vec::new();
    for (label, topology) in [("source", &source), ("simplified", &simple)] {
        topology.validate().unwrap();
        let geometries: Vec<MultiPolygon<f64>> = topology.features.iter().map(|f| topology.feature_geometry(f)).collect();
        let sum: f64 = geometries.iter().map(|g| g.unsigned_area()).sum();
        let union = unary_union(geometries.iter());
        let union_area = union.unsigned_area();
        assert!((sum - union_area).abs() / union_area < 1e-6, "{label}: areas overlap (sum {sum}, union {union_area})");
        holes.push(union.0.iter().map(|p| p.interiors().len()).sum::<usize>());
    }
    // The source has a few holes of its own (water outside every gemeente); simplification adds none.
    assert_eq!(holes[1], holes[0], "simplification opened gaps between gemeenten");
    // And the simplified country is the same country.
    let before: f64 = source.features.iter().map(|f| source.feature_geometry(f).unsigned_area()).sum();
    let after: f64 = simple.features.iter().map(|f| simple.feature_geometry(f).unsigned_area()).sum();
    assert!((before - after).abs() / before < 0.01, "area changed from {before} to {after}");
}
