//! The H3 cell kept with each report's point (resolution 9, cells about
//! 175 m across), so nearby reports are found by an index on
//! `(category, cell)` rather than a scan, and the cells that cover a circle.

use h3o::{CellIndex, LatLng, Resolution};

/// The resolution of the stored cell.
pub const RESOLUTION: Resolution = Resolution::Nine;
/// The least distance between the centres of neighbouring cells at
/// [`RESOLUTION`], in metres, rounded down (the average edge is about 174 m,
/// neighbours' centres about 300 m apart).
const CENTRE_SPACING_M: f64 = 250.0;

/// The stored cell of a point, or `None` for a point that is not one.
pub fn cell_of(lat: f64, lon: f64) -> Option<i64> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    let ll = LatLng::new(lat, lon).ok()?;
    i64::try_from(u64::from(ll.to_cell(RESOLUTION))).ok()
}

/// Every stored cell with a point within `radius_m` of the point: the disk
/// of rings wide enough that no such point lies outside it.
pub fn cells_within(lat: f64, lon: f64, radius_m: f64) -> Vec<i64> {
    let Ok(ll) = LatLng::new(lat, lon) else {
        return Vec::new();
    };
    let centre: CellIndex = ll.to_cell(RESOLUTION);
    // One ring more than the radius needs covers a point near a cell's edge.
    let rings = (radius_m / CENTRE_SPACING_M).ceil() as u32 + 1;
    centre
        .grid_disk::<Vec<_>>(rings)
        .into_iter()
        .filter_map(|c| i64::try_from(u64::from(c)).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn centre_of(cell: i64) -> (f64, f64) {
        let c = CellIndex::try_from(cell as u64).expect("a cell");
        let ll = LatLng::from(c);
        (ll.lat(), ll.lng())
    }

    #[test]
    fn every_point_within_the_radius_falls_in_a_covering_cell() {
        // Monas, and points on circles around it up to 1,000 m.
        let (lat, lon) = (-6.175392, 106.827153);
        for radius in [50.0, 200.0, 500.0, 1000.0] {
            let cover = cells_within(lat, lon, radius);
            for step in 0..72 {
                let angle = f64::from(step) * 5.0_f64.to_radians();
                let dlat = radius * angle.cos() / 111_320.0;
                let dlon = radius * angle.sin() / (111_320.0 * lat.to_radians().cos());
                let cell = cell_of(lat + dlat, lon + dlon).expect("a cell");
                assert!(cover.contains(&cell), "radius {radius}, angle step {step}");
            }
        }
        assert_eq!(cell_of(91.0, 0.0), None);
        let (clat, _) = centre_of(cell_of(lat, lon).expect("cell"));
        assert!((clat - lat).abs() < 0.01);
    }
}
