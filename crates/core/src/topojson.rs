//! Decoding TopoJSON (quantized, delta-encoded shared arcs) into a [`Topology`].
//!
//! Written here rather than taken from the `topojson` crate: that crate is tied to
//! geojson < 0.24, and we need the arcs themselves (not a GeoJSON conversion) to
//! simplify each shared border once.

use crate::topology::{ArcRef, TopoFeature, TopoPolygon, Topology, TopologyError};
use geo::Coord;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Why a TopoJSON text could not be decoded.
#[derive(Debug)]
pub enum TopoJsonError {
    /// Not JSON, or not shaped like a TopoJSON topology (with line and column).
    Syntax(serde_json::Error),
    /// The top-level `type` is not `Topology`.
    NotATopology(String),
    /// The requested object is not in `objects`.
    MissingObject { wanted: String, available: Vec<String> },
    /// A geometry is not a Polygon or MultiPolygon.
    UnsupportedGeometry { feature: usize, kind: String },
    /// A geometry's `arcs` member is not nested as its type requires.
    MalformedArcs { feature: usize },
    /// An arc position has fewer than two numbers.
    BadPosition { arc: usize, position: usize },
    /// Arcs and rings do not fit together.
    Topology(TopologyError),
}

impl fmt::Display for TopoJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopoJsonError::Syntax(e) => write!(f, "not valid TopoJSON: {e}"),
            TopoJsonError::NotATopology(t) => write!(f, "top-level type is {t:?}, expected \"Topology\""),
            TopoJsonError::MissingObject { wanted, available } => {
                write!(f, "no object {wanted:?} in the topology (it has: {})", available.join(", "))
            }
            TopoJsonError::UnsupportedGeometry { feature, kind } => {
                write!(f, "geometry {feature} is a {kind}; only Polygon and MultiPolygon are regions")
            }
            TopoJsonError::MalformedArcs { feature } => {
                write!(f, "geometry {feature}: its \"arcs\" are not nested as its type requires")
            }
            TopoJsonError::BadPosition { arc, position } => {
                write!(f, "arc {arc}, position {position}: a position needs two numbers")
            }
            TopoJsonError::Topology(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TopoJsonError {}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: String,
    transform: Option<RawTransform>,
    arcs: Vec<Vec<Vec<f64>>>,
    objects: BTreeMap<String, RawGeometry>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    arcs: Value,
    #[serde(default)]
    geometries: Vec<RawGeometry>,
    properties: Option<Map<String, Value>>,
    id: Option<Value>,
}

/// Decodes the named object of a TopoJSON text (or its only object when `object` is `None`).
///
/// ```
/// use kaartviewer_core::topojson::decode;
/// let text = r#"{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[4,52]},
///   "arcs":[[[0,0],[2,0],[0,2],[-2,0],[0,-2]]],
///   "objects":{"gm":{"type":"GeometryCollection","geometries":[
///     {"type":"Polygon","arcs":[[0]],"id":"GM0001","properties":{"statnaam":"Voorbeeld"}}]}}}"#;
/// let topology = decode(text, Some("gm")).unwrap();
/// assert_eq!(topology.arcs[0][1], geo::Coord { x: 5.0, y: 52.0 });
/// assert_eq!(topology.features[0].text_property("statnaam").as_deref(), Some("Voorbeeld"));
/// ```
pub fn decode(text: &str, object: Option<&str>) -> Result<Topology, TopoJsonError> {
    let raw: RawTopology = serde_json::from_str(text).map_err(TopoJsonError::Syntax)?;
    if raw.kind != "Topology" {
        return Err(TopoJsonError::NotATopology(raw.kind));
    }
    let arcs = decode_arcs(&raw.arcs, raw.transform.as_ref())?;
    let available: Vec<String> = raw.objects.keys().cloned().collect();
    let missing = |wanted: &str| TopoJsonError::MissingObject { wanted: wanted.to_string(), available: available.clone() };
    let root = match object {
        Some(name) => raw.objects.get(name).ok_or_else(|| missing(name))?,
        None if raw.objects.len() == 1 => raw.objects.values().next().expect("one object"),
        None => return Err(missing("(the only object)")),
    };
    let members: Vec<&RawGeometry> =
        if root.kind.as_deref() == Some("GeometryCollection") { root.geometries.iter().collect() } else { vec![root] };
    let mut features = Vec::with_capacity(members.len());
    for (index, geometry) in members.into_iter().enumerate() {
        let polygons = match geometry.kind.as_deref() {
            Some("Polygon") => vec![polygon_arcs(&geometry.arcs, index)?],
            Some("MultiPolygon") => geometry
                .arcs
                .as_array()
                .ok_or(TopoJsonError::MalformedArcs { feature: index })?
                .iter()
                .map(|p| polygon_arcs(p, index))
                .collect::<Result<_, _>>()?,
            // A null geometry: a region without shape; keep it so properties are not lost.
            None => Vec::new(),
            Some(other) => return Err(TopoJsonError::UnsupportedGeometry { feature: index, kind: other.to_string() }),
        };
        let id = geometry.id.as_ref().map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        features.push(TopoFeature { id, properties: geometry.properties.clone().unwrap_or_default(), polygons });
    }
    let topology = Topology { arcs, features };
    topology.validate().map_err(TopoJsonError::Topology)?;
    Ok(topology)
}

/// Applies the delta encoding and the quantization transform.
fn decode_arcs(raw: &[Vec<Vec<f64>>], transform: Option<&RawTransform>) -> Result<Vec<Vec<Coord<f64>>>, TopoJsonError> {
    raw.iter()
        .enumerate()
        .map(|(arc, positions)| {
            let (mut x, mut y) = (0.0, 0.0);
            positions
                .iter()
                .enumerate()
                .map(|(position, p)| {
                    if p.len() < 2 {
                        return Err(TopoJsonError::BadPosition { arc, position });
                    }
                    Ok(point(p[0], p[1], &mut x, &mut y, transform))
                })
                .collect()
        })
        .collect()
}

fn point(px: f64, py: f64, x: &mut f64, y: &mut f64, transform: Option<&RawTransform>) -> Coord<f64> {
    match transform {
        Some(t) => {
            *x += px;
            *y += py;
            Coord { x: t.translate[0] + *x * t.scale[0], y: t.translate[1] + *y * t.scale[1] }
        }
        None => Coord { x: px, y: py },
    }
}

fn polygon_arcs(value: &Value, feature: usize) -> Result<TopoPolygon, TopoJsonError> {
    let malformed = || TopoJsonError::MalformedArcs { feature };
    value
        .as_array()
        .ok_or_else(malformed)?
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or_else(malformed)?
                .iter()
                .map(|i| i.as_i64().and_then(|i| i32::try_from(i).ok()).map(ArcRef).ok_or_else(malformed))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARES: &str = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
      "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]],
      "objects":{"regions":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","arcs":[[0,1]],"properties":{"code":"A"}},
        {"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"code":"B"}}]}}}"#;

    #[test]
    fn decodes_delta_encoded_quantized_arcs() {
        let topo = decode(SQUARES, None).unwrap();
        assert_eq!(topo.arcs[1], vec![Coord { x: 1.0, y: 1.0 }, Coord { x: 0.0, y: 1.0 }, Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.0 }]);
        assert_eq!(topo.arc_use_counts(), vec![2, 1, 1]);
        assert_eq!(topo.features[1].text_property("code").as_deref(), Some("B"));
    }

    #[test]
    fn errors_name_the_problem() {
        let wrong_object = decode(SQUARES, Some("gemeenten")).unwrap_err().to_string();
        assert_eq!(wrong_object, "no object \"gemeenten\" in the topology (it has: regions)");
        let broken = decode("{\"type\":\"Topology\",", None).unwrap_err().to_string();
        assert!(broken.starts_with("not valid TopoJSON: EOF while parsing"), "{broken}");
        let point = SQUARES.replace(r#""type":"Polygon","arcs":[[0,1]]"#, r#""type":"Point","coordinates":[0,0]"#);
        assert_eq!(decode(&point, None).unwrap_err().to_string(), "geometry 0 is a Point; only Polygon and MultiPolygon are regions");
        let out_of_range = SQUARES.replace("[[0,1]]", "[[0,9]]");
        assert_eq!(decode(&out_of_range, None).unwrap_err().to_string(), "feature 0 refers to arc 9, but there are only 3 arcs");
    }
}
