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
    /// Whether it was opened with the right tracking code (the reporter).
    pub reporter: bool,
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
}
