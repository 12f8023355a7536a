//! The public tracking view of a report (`GET /api/v1/public/reports/{number}`):
//! what anyone may see. It has no field for the reporter, the channel
//! reference, officers or internal notes, so they cannot leak through it. A
//! hidden report shows only its status, times and units unless opened with
//! its tracking code.

use crate::lifecycle::ActionKind;
use crate::ReportStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A public photo (a follow-up's evidence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPhoto {
    pub url: String,
    pub thumb_url: String,
}

/// One public entry of the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicHistoryEntry {
    pub at: DateTime<Utc>,
    pub status: ReportStatus,
    pub kind: ActionKind,
    pub unit_name: Option<String>,
    /// For a hand-over: the receiving unit.
    pub to_unit_name: Option<String>,
    pub note: Option<String>,
    pub photos: Vec<PublicPhoto>,
}

/// A report as the public sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReport {
    pub number: i64,
    /// The public status (a completion awaiting verification shows as Proses).
    pub status: ReportStatus,
    /// Whether this is the full view. A hidden report opened without its
    /// tracking code shows only status, times and unit names: no category,
    /// description, notes or photos.
    pub full: bool,
    /// Whether it was opened with the right tracking code (by the reporter).
    pub with_code: bool,
    /// Whether the reporter may give feedback now: opened with the code,
    /// Selesai and not rated yet.
    pub feedback_open: bool,
    /// The stars given, once rated (only with the code).
    #[serde(default)]
    pub rating: Option<i32>,
    #[serde(default)]
    pub category_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub kelurahan_name: Option<String>,
    /// The unit that holds it now.
    pub holder_name: Option<String>,
    pub received_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The completion estimate, if one was set.
    pub estimate_at: Option<DateTime<Utc>>,
    pub history: Vec<PublicHistoryEntry>,
    /// Why the Monitoring Room closed it without work, if it did (it is
    /// Selesai then).
    #[serde(default)]
    pub closed_reason: Option<super::ClosedReason>,
    /// For a report closed as a duplicate: the report it repeats (follow
    /// that one instead).
    #[serde(default)]
    pub duplicate_of: Option<i64>,
}

/// Where to look for similar reports (`GET /reports/nearby`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NearbyQuery {
    /// Latitude of the place, WGS 84.
    #[cfg_attr(feature = "openapi", param(example = -6.175392))]
    pub lat: f64,
    /// Longitude of the place, WGS 84.
    #[cfg_attr(feature = "openapi", param(example = 106.827153))]
    pub lon: f64,
    /// The category of the report about to be filed.
    #[cfg_attr(feature = "openapi", param(example = "jalan-rusak"))]
    pub category: String,
    /// How far to look, in metres: 200 when not given, at most 1,000.
    #[serde(default)]
    pub radius_m: Option<u32>,
}

/// A similar report near the place. A hidden one shows only its number,
/// status and distance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyItem {
    pub number: i64,
    pub status: ReportStatus,
    /// Metres from the place, rounded.
    pub distance_m: u32,
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// The report's public description.
    #[serde(default)]
    pub description: Option<String>,
}

/// Similar reports near a place, nearest first (at most 10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyPage {
    pub items: Vec<NearbyItem>,
}

/// Which month and area the public statistics show
/// (`GET /public/stats`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PublicStatsQuery {
    /// The month, `YYYY-MM` (WIB). Default: the current month.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(example = "2026-11"))]
    pub period: Option<String>,
    /// A kota's code: only its area.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(example = "31.71"))]
    pub kota: Option<String>,
}

/// A unit's place in a public ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRank {
    pub rank: usize,
    pub unit_code: String,
    pub unit_name: String,
    /// Reports counted for the unit.
    pub total: usize,
    pub complete: usize,
    pub final_score: f64,
    pub grade: crate::score::Grade,
}

/// An H3 cell of the map with the reports received in it; cells with
/// fewer than 3 reports are left out, so no report can be singled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCell {
    /// The H3 index (hexadecimal).
    pub cell: String,
    pub count: u64,
    /// The cell's outline, `[lat, lon]` points.
    pub boundary: Vec<[f64; 2]>,
}

/// How the city (or one kota) performed in a month: nothing about any
/// reporter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStats {
    pub period: String,
    /// The kota shown (`null`: the whole province).
    pub kota_code: Option<String>,
    pub kota_name: Option<String>,
    /// The rankings are the journal's (the period is frozen).
    pub frozen: bool,
    /// Reports received in the month.
    pub total: u64,
    /// Per status, every status listed.
    pub by_status: Vec<super::Share>,
    /// Mean hours from receipt to completion of the completed ones.
    pub mean_completion_hours: Option<f64>,
    /// The most reported categories.
    pub top_categories: Vec<super::Ranked>,
    /// Scores and grades of every kota, and of the kecamatan and
    /// kelurahan (of the kota asked for, or all).
    pub kota: Vec<PublicRank>,
    pub kecamatan: Vec<PublicRank>,
    pub kelurahan: Vec<PublicRank>,
    /// Received and completed per month, the 12 months up to this one.
    pub trend: Vec<super::Series>,
    /// Where non-hidden reports of the month came from.
    pub cells: Vec<PublicCell>,
    /// Cells with fewer reports than this are not shown.
    pub min_cell_reports: u64,
}
