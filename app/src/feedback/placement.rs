//! Where a report without a building belongs (the web form's optional pin, an Open311 client
//! that knows only a point): the community whose drawn area holds the point, else the community
//! of the nearest building within `NEAREST_BUILDING_KM`. Neither: the district's bureau keeps it.
use crate::community::boundary::Boundary;
use crate::storage::{BuildingRow, Store, StoreResult};

/// The community a point lies in, if any.
pub async fn community_at(store: &dyn Store, (lat, lng): (f64, f64)) -> StoreResult<Option<String>> {
    for (code, geojson) in store.community_boundaries().await? {
        // A drawing is checked when it is saved; one that no longer parses places nothing.
        if Boundary::parse(&geojson).is_ok_and(|b| b.contains(lat, lng)) {
            return Ok(Some(code));
        }
    }
    Ok(nearest_building(&store.buildings().await?, (lat, lng)).map(|b| b.community_code.clone()))
}

/// A community's buildings stand within a few hundred metres of one another.
pub const NEAREST_BUILDING_KM: f64 = 0.5;

/// Distance in km on the flat-earth approximation (good to well under 1% at city distances,
/// the same the market's radius uses).
pub fn km_between((lat_a, lng_a): (f64, f64), (lat_b, lng_b): (f64, f64)) -> f64 {
    let north = (lat_a - lat_b) * 111.0;
    let east = (lng_a - lng_b) * 111.0 * lat_a.to_radians().cos();
    (north * north + east * east).sqrt()
}

/// The nearest building with known coordinates, if within the limit.
pub fn nearest_building(buildings: &[BuildingRow], point: (f64, f64)) -> Option<&BuildingRow> {
    buildings
        .iter()
        .filter_map(|b| Some((b, km_between(point, (b.lat?, b.lng?)))))
        .filter(|(_, km)| *km <= NEAREST_BUILDING_KM)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn building(id: i64, community: &str, at: Option<(f64, f64)>) -> BuildingRow {
        BuildingRow {
            id,
            name: format!("{id}号楼"),
            name_en: String::new(),
            community_code: community.into(),
            community_name: String::new(),
            community_name_en: String::new(),
            street_code: String::new(),
            street_name: String::new(),
            street_name_en: String::new(),
            lat: at.map(|p| p.0),
            lng: at.map(|p| p.1),
        }
    }

    #[test]
    fn a_point_goes_to_the_nearest_building_within_the_limit() {
        let list = [building(1, "a", Some((39.9200, 116.4400))), building(2, "b", Some((39.9230, 116.4400))), building(3, "c", None)];
        // 100 m north of building 2 (0.0009° ≈ 100 m).
        assert_eq!(nearest_building(&list, (39.9239, 116.4400)).map(|b| b.id), Some(2));
        assert_eq!(nearest_building(&list, (39.9201, 116.4401)).map(|b| b.id), Some(1));
        // 1.1 km east of both: nobody's.
        assert!(nearest_building(&list, (39.9215, 116.4529)).is_none());
        assert!((km_between((39.92, 116.44), (39.93, 116.44)) - 1.11).abs() < 0.01);
    }
}
