//! The monthly score answers (`GET /api/v1/scores`), as CONTRACT.md fixes
//! them: every figure unrounded, units sorted by final score.

use crate::score::Grade;
use crate::UnitLevel;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Query of `GET /api/v1/scores`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ScoreQuery {
    /// The month, `YYYY-MM` (WIB).
    #[cfg_attr(feature = "openapi", param(example = "2026-10"))]
    pub period: String,
    /// Which units: kelurahan and sudin are scored directly; kecamatan, kota,
    /// dinas and provinsi take the report-weighted mean of the units below.
    pub level: UnitLevel,
    /// Compute from the history as it stood at this instant (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
}

/// One unit's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitScoreRow {
    pub unit_code: String,
    pub unit_name: String,
    /// Reports counted for the unit in the period.
    pub total: usize,
    /// Of those, complete (and approved, with verification) by the cut-off.
    pub complete: usize,
    /// Penyelesaian: complete ÷ total × 100.
    pub completion: f64,
    /// Waktu TL: mean band score of the complete reports.
    pub follow_up_time: f64,
    /// Bobot kategori: sum of the complete reports' category weights.
    pub category_weight: f64,
    /// Effort TL against the peers.
    pub effort: f64,
    pub obtained: f64,
    pub maximum: f64,
    pub final_score: f64,
    pub grade: Grade,
    /// 1 for the best of the level.
    pub rank: usize,
}

/// `GET /api/v1/scores` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreBoard {
    /// `YYYY-MM`.
    pub period: String,
    /// 23:59:59 WIB on the 8th of the next month.
    pub cutoff: DateTime<Utc>,
    pub as_of: DateTime<Utc>,
    /// Whether the figures come from the period's frozen journal.
    pub frozen: bool,
    /// Sorted by `final_score`, best first.
    pub units: Vec<UnitScoreRow>,
}
