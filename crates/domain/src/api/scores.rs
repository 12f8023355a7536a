//! The monthly score answers (`GET /api/v1/scores`), as docs/domain.md
//! ("Score answers") fixes them: every figure unrounded, units sorted by
//! final score.

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
    /// Compute from the history as it stood at this instant (default: now;
    /// not in the future, not before the period).
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

/// Query of `GET /api/v1/scores/{unit_code}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ExplainQuery {
    /// The month, `YYYY-MM` (WIB).
    pub period: String,
    /// Compute from the history as it stood at this instant (default: now,
    /// or the journal once the period is frozen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
}

/// The peers a unit's Effort is measured against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeerFigures {
    /// Units of the same kind with at least one report in the period.
    pub count: usize,
    /// The smallest complete count among them.
    pub a: f64,
    /// The median complete count.
    pub m: f64,
    /// The largest complete count.
    pub b: f64,
}

/// One report's part in a unit's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportContribution {
    pub number: i64,
    pub category: String,
    pub category_name: String,
    /// Complete (and approved, with verification) by the cut-off.
    pub complete: bool,
    /// Hours from received to completion.
    pub completion_hours: Option<f64>,
    /// The band score of those hours: 100, 80, 60 or 40.
    pub band_score: Option<f64>,
    /// The category weight it adds (complete reports only).
    pub weight: f64,
}

/// `GET /api/v1/scores/{unit_code}`: why a unit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreExplanation {
    pub period: String,
    pub cutoff: DateTime<Utc>,
    pub as_of: DateTime<Utc>,
    pub frozen: bool,
    pub unit_code: String,
    pub unit_name: String,
    pub level: UnitLevel,
    /// `null` when the unit had no report in the period (no score, not 0).
    pub score: Option<UnitScoreRow>,
    /// The weights the period is scored with (the settings in force at its
    /// cut-off).
    #[serde(default)]
    pub weights: crate::settings::ScoreWeights,
    /// For kelurahan and sudin: the peers of the Effort variable.
    pub peers: Option<PeerFigures>,
    /// The reports counted for the unit itself.
    pub reports: Vec<ReportContribution>,
    /// For units above others: the units directly below, whose
    /// report-weighted mean is the score.
    pub children: Vec<UnitScoreRow>,
    /// The final score had one more open report been completed within its
    /// first band.
    pub if_one_more_completed: Option<f64>,
    /// The final score had every complete report been completed within its
    /// first band.
    pub if_all_within_first_band: Option<f64>,
}
