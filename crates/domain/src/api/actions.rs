//! Request bodies of the report actions (`POST /api/v1/reports/{number}/…`),
//! the inbox and the workload of a unit. Every action takes an optional
//! `version`: when given and the report has changed since, the action is
//! refused with 409 and the report's current state.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Take up (`take-up`) or approve (`approve`): an optional note.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 5000)))]
    #[cfg_attr(feature = "openapi", schema(example = "Segera ditindaklanjuti"))]
    pub note: Option<String>,
    /// The version you last saw.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Reject a completion (`reject`) or reopen a done report (`reopen`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Foto bukti tidak menunjukkan lokasi yang dilaporkan")
    )]
    pub reason: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Hand the report to another unit (`dispose`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DisposeRequest {
    /// Code of the receiving unit.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 50)))]
    #[cfg_attr(feature = "openapi", schema(example = "DBM-3171"))]
    pub to: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Jalan rusak kewenangan Sudin Bina Marga")
    )]
    pub reason: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Coordinate with other units (`coordinate`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CoordinateRequest {
    /// Codes of the units to work with.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 20)))]
    pub units: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 5000)))]
    pub note: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Release a coordinating unit, or end the coordination (`release`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReleaseRequest {
    /// The coordinating unit to release; without it, every unit is
    /// released and the coordination ends.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 64)))]
    pub unit: Option<String>,
    /// Why (for colleagues; the public sees only the status).
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    pub note: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Complete the report (`complete`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Sampah sudah diangkut oleh PPSU")
    )]
    pub note: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Set the completion estimate (`estimate`), once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct EstimateRequest {
    /// The date (WIB) from which the report counts again; after today.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-12-31"))]
    pub until: NaiveDate,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Perbaikan saluran menunggu anggaran APBD Perubahan")
    )]
    pub reason: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A comment (`comments`), public (the reporter sees it) or internal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 5000)))]
    pub text: String,
    /// Whether the reporter and the public see it.
    pub public: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

/// The reporter's rating (`rating`), through the report's channel.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    /// 1 to 5.
    #[cfg_attr(feature = "validate", validate(range(min = 1, max = 5)))]
    pub stars: u8,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 2000)))]
    pub comment: Option<String>,
    /// Whether the problem was fixed, in the reporter's words ("sudah
    /// beres?"). "Not fixed" within 30 days of Selesai puts the report in the
    /// Monitoring Room's review queue.
    #[serde(default)]
    pub fixed: Option<bool>,
}

/// A reporter's feedback through the tracking link
/// (`POST /public/reports/{number}/feedback`): the tracking code, 1–5 stars
/// with a comment, and whether the problem was fixed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// The report's tracking code, as the reporter received it (a wrong or
    /// missing one is refused with 403).
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 64)))]
    #[cfg_attr(feature = "openapi", schema(example = "K7M2QX9PDF4H"))]
    pub code: String,
    /// 1 to 5.
    #[cfg_attr(feature = "validate", validate(range(min = 1, max = 5)))]
    pub stars: u8,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 2000)))]
    pub comment: Option<String>,
    #[serde(default)]
    pub fixed: Option<bool>,
}

/// Assign the report to an officer of the holding unit (`assign`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The officer's username.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    #[cfg_attr(feature = "openapi", schema(example = "petugas.gambir"))]
    pub officer: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// One officer's open reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerLoad {
    pub username: String,
    pub full_name: String,
    /// Open reports of the unit assigned to this officer.
    pub open: i64,
    /// When the oldest of them arrived at the unit.
    pub oldest_since: Option<DateTime<Utc>>,
}

/// A unit's open reports per officer (`GET /api/v1/units/{code}/workload`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workload {
    pub unit_code: String,
    pub unit_name: String,
    /// Open reports the unit holds.
    pub open: i64,
    /// Open reports assigned to nobody.
    pub unassigned: i64,
    /// Every active officer of the unit, including those with none.
    pub officers: Vec<OfficerLoad>,
}
