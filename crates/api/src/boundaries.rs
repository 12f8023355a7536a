//! Kelurahan boundaries: read from GeoJSON, kept in memory behind an R-tree
//! of bounding boxes, and used to place a report's coordinates in the
//! kelurahan whose polygon holds them. Jakarta's 267 kelurahan are built in
//! (`data/jakarta-kelurahan.geojson`, MIT-licensed, simplified) and in force
//! whenever an administrator has loaded none; a loaded set replaces them.

use crm_domain::api::FieldError;
use crm_domain::intake::Placement;
use geo::{BoundingRect, Centroid, Intersects, MultiPolygon, Point, Simplify};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

type Boxed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The built-in boundaries as GeoJSON: one feature per kelurahan with its
/// `code` and `name`.
pub const BUILT_IN: &str = include_str!("../data/jakarta-kelurahan.geojson");

/// The built-in shapes, read once per process.
pub fn built_in() -> Vec<(String, MultiPolygon<f64>)> {
    static SHAPES: OnceLock<Vec<(String, MultiPolygon<f64>)>> = OnceLock::new();
    SHAPES
        .get_or_init(|| match parse(BUILT_IN, |c| Some(c.to_string())) {
            Ok(features) => features.into_iter().map(|f| (f.code, f.shape)).collect(),
            Err(errors) => {
                tracing::error!(?errors, "the built-in boundaries cannot be read");
                Vec::new()
            }
        })
        .clone()
}

/// The loaded boundaries, searchable by point.
#[derive(Default)]
pub struct Boundaries {
    shapes: Vec<(String, MultiPolygon<f64>)>,
    tree: RTree<Boxed>,
}

impl Boundaries {
    /// Builds the index over kelurahan polygons.
    pub fn new(shapes: Vec<(String, MultiPolygon<f64>)>) -> Self {
        let boxes = shapes
            .iter()
            .enumerate()
            .filter_map(|(i, (_, shape))| {
                let r = shape.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        Boundaries {
            shapes,
            tree: RTree::bulk_load(boxes),
        }
    }

    /// The boundaries in force: those an administrator loaded (`stored`),
    /// or the built-in ones when there are none.
    pub fn stored_or_built_in(stored: Vec<(String, MultiPolygon<f64>)>) -> Self {
        if stored.is_empty() {
            Boundaries::new(built_in())
        } else {
            Boundaries::new(stored)
        }
    }

    /// How many kelurahan have a boundary.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The centre of a kelurahan's shape, `(lat, lon)`.
    pub fn centroid(&self, code: &str) -> Option<(f64, f64)> {
        self.shapes
            .iter()
            .find(|(c, _)| c == code)
            .and_then(|(_, shape)| shape.centroid())
            .map(|p| (p.y(), p.x()))
    }

    /// Whether this kelurahan has a boundary.
    pub fn has(&self, code: &str) -> bool {
        self.shapes.iter().any(|(c, _)| c == code)
    }

    /// The outer rings of the kelurahan `keep` accepts, as `[lat, lon]`,
    /// simplified to `tolerance` degrees (Douglas–Peucker) for drawing.
    pub fn outlines(
        &self,
        keep: impl Fn(&str) -> bool,
        tolerance: f64,
    ) -> Vec<(String, Vec<Vec<[f64; 2]>>)> {
        self.shapes
            .iter()
            .filter(|(code, _)| keep(code))
            .map(|(code, shape)| {
                let rings = shape
                    .simplify(tolerance)
                    .0
                    .iter()
                    .map(|p| p.exterior().0.iter().map(|c| [c.y, c.x]).collect())
                    .collect();
                (code.clone(), rings)
            })
            .collect()
    }

    /// The kelurahan holding the point (the lowest code when polygons
    /// overlap, so the answer never depends on load order). With no
    /// boundaries loaded, a point outside the province's envelope is still
    /// known to be outside.
    pub fn place(&self, lat: f64, lon: f64) -> Placement {
        if self.shapes.is_empty() {
            return if in_province_envelope(lat, lon) {
                Placement::NoBoundaries
            } else {
                Placement::Outside
            };
        }
        let point = Point::new(lon, lat);
        self.tree
            .locate_all_at_point(&[lon, lat])
            .filter_map(|b| self.shapes.get(b.data))
            // On a shared border the point is in both; the lowest code wins.
            .filter(|(_, shape)| shape.intersects(&point))
            .map(|(code, _)| code.clone())
            .min()
            .map_or(Placement::Outside, Placement::Kelurahan)
    }
}

/// The rectangle around DKI Jakarta, the Thousand Islands included (with a
/// margin of about a kilometre): a point outside it is outside Jakarta.
const PROVINCE_ENVELOPE: (f64, f64, f64, f64) = (-6.40, -5.10, 106.30, 107.00);

fn in_province_envelope(lat: f64, lon: f64) -> bool {
    let (south, north, west, east) = PROVINCE_ENVELOPE;
    (south..=north).contains(&lat) && (west..=east).contains(&lon)
}

/// The boundaries shared by every handler; replaced whole when an
/// administrator loads new ones.
#[derive(Clone, Default)]
pub struct SharedBoundaries(Arc<RwLock<Arc<Boundaries>>>);

impl SharedBoundaries {
    pub fn get(&self) -> Arc<Boundaries> {
        match self.0.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set(&self, b: Boundaries) {
        let b = Arc::new(b);
        match self.0.write() {
            Ok(mut g) => *g = b,
            Err(poisoned) => *poisoned.into_inner() = b,
        }
    }
}

/// A kelurahan boundary read from a GeoJSON feature.
#[derive(Debug, Clone)]
pub struct Feature {
    pub code: String,
    pub shape: MultiPolygon<f64>,
    /// The geometry as GeoJSON text, as it is stored.
    pub geometry: String,
}

/// Property names that may carry the kelurahan code, in order of preference.
const CODE_PROPERTIES: [&str; 6] = [
    "code",
    "kode",
    "kode_kelurahan",
    "kode_desa",
    "KODE_DESA",
    "kd_kel",
];

/// Reads a GeoJSON FeatureCollection of kelurahan polygons. Each feature
/// names its kelurahan by code in a property (`code`, `kode`,
/// `kode_kelurahan`, `kode_desa`, `KODE_DESA` or `kd_kel`; dotted
/// `31.71.01.1001` or plain `3171011001`). `resolve` maps a code to the known
/// kelurahan code. Every bad feature is named.
pub fn parse(
    text: &str,
    resolve: impl Fn(&str) -> Option<String>,
) -> Result<Vec<Feature>, Vec<FieldError>> {
    let bad = |field: String, message: String| FieldError::new(field, message);
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| vec![bad("body".into(), format!("not GeoJSON: {e}"))])?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(vec![bad(
            "body".into(),
            "expected a GeoJSON FeatureCollection".into(),
        )]);
    };
    if fc.features.is_empty() {
        return Err(vec![bad("features".into(), "no features".into())]);
    }
    let mut errors = Vec::new();
    let mut out: Vec<Feature> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, f) in fc.features.into_iter().enumerate() {
        let field = format!("features[{i}]");
        let raw_code = f.properties.as_ref().and_then(|p| {
            CODE_PROPERTIES.iter().find_map(|k| match p.get(*k) {
                Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
        });
        let Some(raw_code) = raw_code else {
            errors.push(bad(
                field,
                "no kelurahan code in its properties (`code` or `kode`)".into(),
            ));
            continue;
        };
        let Some(code) = resolve(&raw_code) else {
            errors.push(bad(field, format!("unknown kelurahan `{raw_code}`")));
            continue;
        };
        let Some(geometry) = f.geometry else {
            errors.push(bad(field, "no geometry".into()));
            continue;
        };
        let shape: MultiPolygon<f64> = match geometry.value.clone() {
            geojson::Value::Polygon(_) => match geo::Polygon::<f64>::try_from(geometry.value) {
                Ok(p) => MultiPolygon(vec![p]),
                Err(e) => {
                    errors.push(bad(field, format!("bad polygon: {e}")));
                    continue;
                }
            },
            geojson::Value::MultiPolygon(_) => {
                match MultiPolygon::<f64>::try_from(geometry.value) {
                    Ok(p) => p,
                    Err(e) => {
                        errors.push(bad(field, format!("bad multipolygon: {e}")));
                        continue;
                    }
                }
            }
            _ => {
                errors.push(bad(
                    field,
                    "the geometry must be a Polygon or MultiPolygon".into(),
                ));
                continue;
            }
        };
        let coords_ok = shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| ring.0.iter())
            .all(|c| c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0);
        if !coords_ok || shape.0.is_empty() || shape.0.iter().any(|p| p.exterior().0.len() < 4) {
            errors.push(bad(
                field,
                "coordinates must be longitude, latitude in degrees, rings of at least 4 points"
                    .into(),
            ));
            continue;
        }
        if let Some(first) = seen.insert(code.clone(), i) {
            errors.push(bad(
                field,
                format!("kelurahan `{code}` already given by features[{first}]"),
            ));
            continue;
        }
        let geometry = serde_json::to_string(&geojson::Geometry::new(geojson::Value::from(&shape)))
            .unwrap_or_default();
        out.push(Feature {
            code,
            shape,
            geometry,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Reads a stored geometry back.
pub fn shape_of(geometry: &str) -> Option<MultiPolygon<f64>> {
    let g: geojson::Geometry = geometry.parse::<geojson::Geometry>().ok()?;
    MultiPolygon::<f64>::try_from(g.value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, x0: f64, y0: f64, d: f64) -> serde_json::Value {
        serde_json::json!({
            "type": "Feature",
            "properties": {"kode": code},
            "geometry": {"type": "Polygon", "coordinates": [[
                [x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]
            ]]}
        })
    }

    fn known(c: &str) -> Option<String> {
        match c.replace('.', "").as_str() {
            "3171011001" => Some("31.71.01.1001".into()),
            "3171011002" => Some("31.71.01.1002".into()),
            _ => None,
        }
    }

    #[test]
    fn points_fall_in_their_polygon_or_outside() {
        let fc = serde_json::json!({"type": "FeatureCollection", "features": [
            square("3171011001", 106.80, -6.20, 0.01),
            square("31.71.01.1002", 106.81, -6.20, 0.01),
        ]});
        let features = parse(&fc.to_string(), known).expect("valid");
        let b = Boundaries::new(features.into_iter().map(|f| (f.code, f.shape)).collect());
        assert_eq!(b.len(), 2);
        assert_eq!(
            b.place(-6.195, 106.805),
            Placement::Kelurahan("31.71.01.1001".into())
        );
        assert_eq!(
            b.place(-6.195, 106.815),
            Placement::Kelurahan("31.71.01.1002".into())
        );
        // On the shared border: the lower code.
        assert_eq!(
            b.place(-6.195, 106.81),
            Placement::Kelurahan("31.71.01.1001".into())
        );
        // Inside the bounding box of neither, and inside a box but not a polygon.
        assert_eq!(b.place(1.35, 103.82), Placement::Outside);
        assert_eq!(
            Boundaries::default().place(-6.195, 106.805),
            Placement::NoBoundaries
        );
    }

    #[test]
    fn outlines_are_lat_lon_rings_of_the_kept_kelurahan() {
        let fc = serde_json::json!({"type": "FeatureCollection", "features": [
            square("3171011001", 106.80, -6.20, 0.01),
            square("31.71.01.1002", 106.81, -6.20, 0.01),
        ]});
        let features = parse(&fc.to_string(), known).expect("valid");
        let b = Boundaries::new(features.into_iter().map(|f| (f.code, f.shape)).collect());
        let o = b.outlines(|c| c.ends_with("1002"), 0.0001);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].0, "31.71.01.1002");
        assert_eq!(o[0].1[0].len(), 5);
        assert_eq!(o[0].1[0][0], [-6.20, 106.81]);
    }

    #[test]
    fn stored_geometry_reads_back() {
        let fc = serde_json::json!({"type": "FeatureCollection", "features": [
            square("3171011001", 106.80, -6.20, 0.01),
        ]});
        let f = parse(&fc.to_string(), known).expect("valid");
        let back = shape_of(&f[0].geometry).expect("reads");
        assert_eq!(back, f[0].shape);
    }

    #[test]
    fn every_bad_feature_is_named() {
        let mut no_geometry = square("3171011002", 0.0, 0.0, 1.0);
        no_geometry["geometry"] = serde_json::Value::Null;
        let fc = serde_json::json!({"type": "FeatureCollection", "features": [
            square("3171011001", 106.80, -6.20, 0.01),
            square("9999", 106.80, -6.20, 0.01),
            {"type": "Feature", "properties": {}, "geometry": null},
            no_geometry,
            {"type": "Feature", "properties": {"kode": "3171011001"},
             "geometry": {"type": "Point", "coordinates": [106.8, -6.2]}},
            {"type": "Feature", "properties": {"kode": "3171011002"},
             "geometry": {"type": "MultiPolygon", "coordinates": []}},
        ]});
        let errs = parse(&fc.to_string(), known).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "features[1]",
                "features[2]",
                "features[3]",
                "features[4]",
                "features[5]"
            ]
        );
        assert!(parse("{", known).is_err());
        assert!(parse(r#"{"type":"Point","coordinates":[1,2]}"#, known).is_err());
    }

    #[test]
    fn the_built_in_boundaries_place_jakarta_landmarks() {
        let b = Boundaries::stored_or_built_in(Vec::new());
        assert_eq!(b.len(), 267, "every kelurahan");
        let at = |lat, lon| b.place(lat, lon);
        // Monas, in Gambir; Blok M, in Melawai.
        assert_eq!(
            at(-6.1754, 106.8272),
            Placement::Kelurahan("31.71.01.1001".into())
        );
        assert_eq!(
            at(-6.2443, 106.7990),
            Placement::Kelurahan("31.74.07.1001".into())
        );
        // The airport at Soekarno-Hatta and the open sea lie outside.
        assert_eq!(at(-6.1256, 106.6559), Placement::Outside);
        assert_eq!(at(-5.95, 107.25), Placement::Outside);
        // Gambir's own centre lies inside it, near Monas.
        let (lat, lon) = b.centroid("31.71.01.1001").expect("Gambir");
        assert_eq!(at(lat, lon), Placement::Kelurahan("31.71.01.1001".into()));
        assert!(
            (lat + 6.175).abs() < 0.02 && (lon - 106.825).abs() < 0.02,
            "{lat},{lon}"
        );
        // Loaded boundaries replace the built-in ones.
        let loaded = Boundaries::stored_or_built_in(built_in().into_iter().take(1).collect());
        assert_eq!(loaded.len(), 1);
    }
}
