//! Maps drawn as SVG in Web-Mercator, so an optional tile layer lines up
//! underneath: the heatmap (H3 cells shaded by their count over the
//! kelurahan outlines and points) and a report's small location map (its
//! kelurahan's outline and its point). Work with no internet: tiles are
//! drawn only when the server names a tile URL.

use crm_domain::api::{Heatmap, UnitOutline};
use leptos::prelude::*;
use std::f64::consts::PI;

/// Drawing size in pixels (the SVG scales with the page).
const W: f64 = 720.0;
const H: f64 = 520.0;
const TILE: f64 = 256.0;

/// Web-Mercator pixel of a point at zoom 0 (a 256-pixel world).
pub fn mercator(lat: f64, lon: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0 * TILE;
    let s = lat.to_radians().sin().clamp(-0.9999, 0.9999);
    let y = (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * PI)) * TILE;
    (x, y)
}

/// The view: a zoom (whole when tiles are drawn) and the world pixel at the
/// top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub zoom: f64,
    pub left: f64,
    pub top: f64,
}

/// The `q`-th quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

impl Frame {
    /// The largest zoom that shows the bulk of the points (a few far-off
    /// ones, such as the Thousand Islands, may fall outside), centred on
    /// them; a whole zoom when `whole` (map tiles need one).
    pub fn fit(points: &[(f64, f64)], whole: bool) -> Frame {
        let mut xs: Vec<f64> = points
            .iter()
            .map(|&(lat, lon)| mercator(lat, lon).0)
            .collect();
        let mut ys: Vec<f64> = points
            .iter()
            .map(|&(lat, lon)| mercator(lat, lon).1)
            .collect();
        xs.sort_by(f64::total_cmp);
        ys.sort_by(f64::total_cmp);
        let (x0, y0, x1, y1) = if xs.is_empty() {
            // Jakarta.
            let (x, y) = mercator(-6.2, 106.83);
            (x - 0.05, y - 0.05, x + 0.05, y + 0.05)
        } else {
            let (lo, hi) = if xs.len() > 40 {
                (0.05, 0.95)
            } else {
                (0.0, 1.0)
            };
            let (x0, x1) = (quantile(&xs, lo), quantile(&xs, hi));
            let (y0, y1) = (quantile(&ys, lo), quantile(&ys, hi));
            let pad = if xs.len() > 40 { 0.15 } else { 0.0 };
            let (px, py) = ((x1 - x0) * pad, (y1 - y0) * pad);
            (x0 - px, y0 - py, x1 + px, y1 + py)
        };
        let (w, h) = ((x1 - x0).max(1e-6), (y1 - y0).max(1e-6));
        let mut z = (W * 0.92 / w).min(H * 0.92 / h).log2().clamp(1.0, 18.0);
        if whole {
            z = z.floor();
        }
        let scale = 2f64.powf(z);
        let (cx, cy) = ((x0 + x1) / 2.0 * scale, (y0 + y1) / 2.0 * scale);
        Frame {
            zoom: z,
            left: cx - W / 2.0,
            top: cy - H / 2.0,
        }
    }

    /// Where a point lands in the drawing.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        let (x, y) = mercator(lat, lon);
        let scale = 2f64.powf(self.zoom);
        (x * scale - self.left, y * scale - self.top)
    }

    /// The tiles covering the drawing: (x, y, left, top).
    pub fn tiles(&self) -> Vec<(i64, i64, f64, f64)> {
        let n = 1i64 << (self.zoom as u32).min(30);
        let (tx0, ty0) = (
            (self.left / TILE).floor() as i64,
            (self.top / TILE).floor() as i64,
        );
        let (tx1, ty1) = (
            ((self.left + W) / TILE).floor() as i64,
            ((self.top + H) / TILE).floor() as i64,
        );
        let mut out = Vec::new();
        for ty in ty0.max(0)..=ty1.min(n - 1) {
            for tx in tx0.max(0)..=tx1.min(n - 1) {
                out.push((
                    tx,
                    ty,
                    tx as f64 * TILE - self.left,
                    ty as f64 * TILE - self.top,
                ));
            }
        }
        out
    }
}

/// Yellow (few) to deep red (most), by the share of the busiest cell.
pub fn shade(count: u64, max: u64) -> String {
    let t = if max == 0 {
        0.0
    } else {
        (count as f64 / max as f64).sqrt()
    };
    let g = (220.0 - 190.0 * t).round() as u8;
    let b = (90.0 - 70.0 * t).round() as u8;
    format!("rgb(230,{g},{b})")
}

/// One H3 cell of a map, shaded by its count against the largest.
fn cell_polygon(frame: &Frame, boundary: &[[f64; 2]], count: u64, max: u64) -> impl IntoView {
    let pts = boundary
        .iter()
        .map(|p| {
            let (x, y) = frame.project(p[0], p[1]);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <polygon class="cell" points=pts fill=shade(count, max) fill-opacity="0.75" stroke="#b33" stroke-width="0.4">
            <title>{format!("{count} laporan")}</title>
        </polygon>
    }
}

/// The public statistics' map: H3 cells with their counts (cells with too
/// few reports never reach the browser), offline, no tiles.
#[component]
pub fn CellMap(cells: Vec<crm_domain::api::PublicCell>) -> impl IntoView {
    let all: Vec<(f64, f64)> = cells
        .iter()
        .flat_map(|c| c.boundary.iter().map(|p| (p[0], p[1])))
        .collect();
    let frame = Frame::fit(&all, false);
    let max = cells.iter().map(|c| c.count).max().unwrap_or(0);
    let polygons = cells
        .iter()
        .map(|c| cell_polygon(&frame, &c.boundary, c.count, max))
        .collect_view();
    view! {
        <svg id="public-map" class="heatmap" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label="Peta asal laporan (sel dengan kurang dari 3 laporan tidak ditampilkan)">
            <rect width=W height=H fill="#eef3f7"/>
            <g>{polygons}</g>
        </svg>
    }
}

/// The heatmap of `data`.
#[component]
pub fn HeatMapView(data: Heatmap) -> impl IntoView {
    let mut all: Vec<(f64, f64)> = data.points.iter().map(|p| (p.lat, p.lon)).collect();
    for c in &data.cells {
        all.extend(c.boundary.iter().map(|p| (p[0], p[1])));
    }
    let frame = Frame::fit(&all, data.tile_url.is_some());
    let max = data.cells.iter().map(|c| c.count).max().unwrap_or(0);
    let tiles = data.tile_url.clone().map(|url| {
        frame
            .tiles()
            .into_iter()
            .map(|(x, y, left, top)| {
                let href = url
                    .replace("{z}", &(frame.zoom as u32).to_string())
                    .replace("{x}", &x.to_string())
                    .replace("{y}", &y.to_string());
                view! { <image href=href x=left y=top width=TILE height=TILE/> }
            })
            .collect_view()
    });
    let cells = data
        .cells
        .iter()
        .map(|c| cell_polygon(&frame, &c.boundary, c.count, max))
        .collect_view();
    let outlines = data
        .outlines
        .iter()
        .map(|o| {
            let d = rings_path(&frame, &o.rings);
            view! {
                <path class="outline" d=d fill="none" stroke="#6b7c8f" stroke-width="0.6">
                    <title>{o.name.clone()}</title>
                </path>
            }
        })
        .collect_view();
    let points = data
        .points
        .iter()
        .map(|p| {
            let (x, y) = frame.project(p.lat, p.lon);
            view! {
                <circle class="kelurahan" cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.2" fill="#345" fill-opacity="0.6">
                    <title>{format!("{} ({})", p.name, p.count)}</title>
                </circle>
            }
        })
        .collect_view();
    view! {
        <svg id="heatmap" class="heatmap" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label="Peta sebaran laporan">
            <rect width=W height=H fill="#eef3f7"/>
            {tiles}
            <g class="outlines">{outlines}</g>
            <g>{cells}</g>
            <g>{points}</g>
        </svg>
        <p class="legend">
            <span class="swatch" style=format!("background:{}", shade(1, max.max(1)))></span>" 1 "
            <span class="swatch" style=format!("background:{}", shade(max, max))></span>{format!(" {max} · ")}
            {format!("laporan per sel · {} laporan berlokasi · {} tanpa lokasi", data.geotagged, data.not_geotagged)}
        </p>
    }
}

/// The `d` of an SVG path through rings of `[lat, lon]`.
fn rings_path(frame: &Frame, rings: &[Vec<[f64; 2]>]) -> String {
    rings
        .iter()
        .map(|ring| {
            let pts: Vec<String> = ring
                .iter()
                .map(|p| {
                    let (x, y) = frame.project(p[0], p[1]);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            format!("M{}Z", pts.join("L"))
        })
        .collect()
}

/// A report's place: its kelurahan's outline and, when it has coordinates,
/// its point.
#[component]
pub fn LocationMap(outline: Option<UnitOutline>, point: Option<(f64, f64)>) -> impl IntoView {
    let mut all: Vec<(f64, f64)> = outline
        .iter()
        .flat_map(|o| o.rings.iter().flatten().map(|p| (p[0], p[1])))
        .collect();
    all.extend(point);
    let frame = Frame::fit(&all, false);
    let shape = outline.as_ref().map(|o| {
        view! {
            <path class="outline" d=rings_path(&frame, &o.rings) fill="#dfe8f0" stroke="#345" stroke-width="2">
                <title>{o.name.clone()}</title>
            </path>
        }
    });
    let dot = point.map(|(lat, lon)| {
        let (x, y) = frame.project(lat, lon);
        view! {
            <circle id="location-point" cx=format!("{x:.1}") cy=format!("{y:.1}") r="9" fill="#b22222" stroke="#fff" stroke-width="3"/>
        }
    });
    let label = outline
        .as_ref()
        .map(|o| format!("Peta lokasi: {}", o.name))
        .unwrap_or_else(|| "Peta lokasi".into());
    view! {
        <svg id="location-map" class="location-map" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <rect width=W height=H fill="#eef3f7"/>
            {shape}
            {dot}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_puts_the_equator_meridian_in_the_middle() {
        let (x, y) = mercator(0.0, 0.0);
        assert!((x - 128.0).abs() < 1e-9 && (y - 128.0).abs() < 1e-9);
        // South of the equator is lower on the map.
        assert!(mercator(-6.2, 106.8).1 > 128.0);
    }

    #[test]
    fn the_fitted_frame_holds_every_point() {
        let pts = [(-6.10, 106.70), (-6.35, 106.98)];
        let f = Frame::fit(&pts, true);
        for (lat, lon) in pts {
            let (x, y) = f.project(lat, lon);
            assert!((0.0..=W).contains(&x) && (0.0..=H).contains(&y), "{x},{y}");
        }
        assert!(f.zoom >= 9.0, "a city fits at a city zoom, got {}", f.zoom);
        assert_eq!(f.zoom.fract(), 0.0, "tiles need a whole zoom");
    }

    #[test]
    fn a_few_far_points_do_not_shrink_the_city() {
        // 60 points over the mainland, 3 on the Thousand Islands.
        let mut pts: Vec<(f64, f64)> = (0..60)
            .map(|i| (-6.10 - 0.004 * f64::from(i), 106.70 + 0.005 * f64::from(i)))
            .collect();
        let mainland = Frame::fit(&pts, false);
        pts.extend([(-5.60, 106.55), (-5.62, 106.56), (-5.61, 106.57)]);
        let with_islands = Frame::fit(&pts, false);
        assert!(
            (with_islands.zoom - mainland.zoom).abs() < 0.5,
            "{with_islands:?} vs {mainland:?}"
        );
    }
}
