//! A community's area, drawn by an administrator as GeoJSON (a `Polygon` or `MultiPolygon`, bare
//! or in a `Feature`; WGS-84 `[longitude, latitude]` as GeoJSON orders them), and the test that
//! places a point in it. Holes are honoured: a point in a hole is outside.
use serde_json::Value;

/// Rings by polygon: the first ring of each is its outline, the others its holes; `(lng, lat)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Boundary(Vec<Vec<Vec<(f64, f64)>>>);

/// Why a drawing was refused: each names the Fluent message shown beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundaryError {
    NotJson,
    NotAPolygon,
    BadPosition,
    OpenRing,
    TooFewPoints,
    TooLarge,
}

impl BoundaryError {
    pub fn message_id(self) -> &'static str {
        match self {
            BoundaryError::NotJson => "boundary-not-json",
            BoundaryError::NotAPolygon => "boundary-not-a-polygon",
            BoundaryError::BadPosition => "boundary-bad-position",
            BoundaryError::OpenRing => "boundary-open-ring",
            BoundaryError::TooFewPoints => "boundary-too-few-points",
            BoundaryError::TooLarge => "boundary-too-large",
        }
    }
}

/// A community is drawn with tens or hundreds of points; more is a mistake or an attack.
pub const MAX_POINTS: usize = 5_000;

impl Boundary {
    pub fn parse(text: &str) -> Result<Self, BoundaryError> {
        let value: Value = serde_json::from_str(text).map_err(|_| BoundaryError::NotJson)?;
        let geometry = if value["type"] == "Feature" { &value["geometry"] } else { &value };
        let polygons: Vec<&Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&geometry["coordinates"]],
            Some("MultiPolygon") => geometry["coordinates"].as_array().ok_or(BoundaryError::NotAPolygon)?.iter().collect(),
            _ => return Err(BoundaryError::NotAPolygon),
        };
        let mut points = 0;
        let mut out = Vec::new();
        for polygon in polygons {
            let rings = polygon.as_array().filter(|r| !r.is_empty()).ok_or(BoundaryError::NotAPolygon)?;
            let mut parsed = Vec::new();
            for ring in rings {
                let ring = parse_ring(ring)?;
                points += ring.len();
                if points > MAX_POINTS {
                    return Err(BoundaryError::TooLarge);
                }
                parsed.push(ring);
            }
            out.push(parsed);
        }
        if out.is_empty() {
            return Err(BoundaryError::NotAPolygon);
        }
        Ok(Boundary(out))
    }

    /// Whether the point lies inside (even–odd rule on each polygon, holes excluded).
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        self.0.iter().any(|rings| {
            let mut rings = rings.iter();
            rings.next().is_some_and(|outline| in_ring(outline, lng, lat)) && !rings.any(|hole| in_ring(hole, lng, lat))
        })
    }

    pub fn points(&self) -> usize {
        self.0.iter().flatten().map(Vec::len).sum()
    }
}

fn parse_ring(ring: &Value) -> Result<Vec<(f64, f64)>, BoundaryError> {
    let positions = ring.as_array().ok_or(BoundaryError::NotAPolygon)?;
    let mut points = Vec::with_capacity(positions.len());
    for p in positions {
        let pair = p.as_array().filter(|a| a.len() >= 2).ok_or(BoundaryError::BadPosition)?;
        let (lng, lat) = (pair[0].as_f64().ok_or(BoundaryError::BadPosition)?, pair[1].as_f64().ok_or(BoundaryError::BadPosition)?);
        if !(-180.0..=180.0).contains(&lng) || !(-90.0..=90.0).contains(&lat) {
            return Err(BoundaryError::BadPosition);
        }
        points.push((lng, lat));
    }
    // A closed ring of a triangle has 4 positions, the last equal to the first (RFC 7946 §3.1.6).
    if points.len() < 4 {
        return Err(BoundaryError::TooFewPoints);
    }
    if points.first() != points.last() {
        return Err(BoundaryError::OpenRing);
    }
    Ok(points)
}

/// Ray casting: count the edges a ray eastwards from the point crosses.
fn in_ring(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    for edge in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (edge[0], edge[1]);
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

/// A rectangle as a GeoJSON polygon (the demo district's communities are drawn this way).
pub fn rectangle(south: f64, west: f64, north: f64, east: f64) -> String {
    serde_json::json!({
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_placed_inside_outlines_and_outside_holes() {
        let square = Boundary::parse(&rectangle(31.0, 121.0, 31.1, 121.1)).unwrap();
        assert!(square.contains(31.05, 121.05));
        assert!(!square.contains(31.15, 121.05) && !square.contains(31.05, 120.99));
        let with_hole = r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
            [[121.0,31.0],[121.1,31.0],[121.1,31.1],[121.0,31.1],[121.0,31.0]],
            [[121.04,31.04],[121.06,31.04],[121.06,31.06],[121.04,31.06],[121.04,31.04]]]}}"#;
        let b = Boundary::parse(with_hole).unwrap();
        assert!(b.contains(31.02, 121.02) && !b.contains(31.05, 121.05), "the hole is outside");
        assert_eq!(b.points(), 10);
        let two = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}"#;
        let b = Boundary::parse(two).unwrap();
        assert!(b.contains(0.2, 0.8) && b.contains(5.2, 5.8) && !b.contains(3.0, 3.0));
    }

    #[test]
    fn bad_drawings_are_refused_with_a_reason() {
        assert_eq!(Boundary::parse("{"), Err(BoundaryError::NotJson));
        assert_eq!(Boundary::parse(r#"{"type":"Point","coordinates":[121,31]}"#), Err(BoundaryError::NotAPolygon));
        assert_eq!(Boundary::parse(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#), Err(BoundaryError::TooFewPoints));
        assert_eq!(Boundary::parse(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#), Err(BoundaryError::OpenRing));
        assert_eq!(Boundary::parse(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,"x"],[0,0]]]}"#), Err(BoundaryError::BadPosition));
        assert_eq!(Boundary::parse(r#"{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]}"#), Err(BoundaryError::BadPosition));
        assert_eq!(Boundary::parse(r#"{"type":"Polygon","coordinates":[]}"#), Err(BoundaryError::NotAPolygon));
        let huge: Vec<[f64; 2]> = (0..=MAX_POINTS).map(|i| [i as f64 * 1e-5, 0.0]).chain([[0.0, 0.0]]).collect();
        let text = serde_json::json!({"type": "Polygon", "coordinates": [huge]}).to_string();
        assert_eq!(Boundary::parse(&text), Err(BoundaryError::TooLarge));
    }
}
