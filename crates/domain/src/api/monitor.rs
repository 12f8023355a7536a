//! What the Monitoring Room and unit heads look at: dashboard statistics,
//! the heatmap, time targets, in-app notifications, workload per unit and
//! the monthly and yearly recap.

use super::ReportSummary;
use crate::{ReportStatus, UnitLevel};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The window and area of the dashboard, the heatmap and the time targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// A month, `YYYY-MM` (WIB). Default: the current month, unless
    /// `from`/`to` are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// First day (WIB) of a custom window; needs `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day (WIB, inclusive) of a custom window; needs `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Only reports held by this unit or a unit below it (default: your
    /// whole scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Only reports of this category code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only reports from this channel code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Heatmap only: the map's zoom level (9–16), which picks the H3
    /// resolution (default 11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom: Option<u8>,
}

/// A count with its share of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    /// The status, channel or other key.
    pub key: String,
    /// A readable name for the key.
    pub name: String,
    pub count: u64,
    /// `count ÷ total × 100`, unrounded.
    pub percent: f64,
}

/// A count of reports per unit, category or dinas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranked {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// Reports received and completed on one day (WIB) or in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Series {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub key: String,
    pub received: u64,
    pub completed: u64,
}

/// One bar of a distribution: `[from, to)` hours (or hand-overs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bucket {
    /// e.g. `6–12 h` or `2`.
    pub label: String,
    pub from: f64,
    /// `null`: open-ended.
    pub to: Option<f64>,
    pub count: u64,
}

/// `GET /api/v1/stats`: the status overview of a window and area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// First day of the window (WIB).
    pub from: NaiveDate,
    /// Last day of the window (WIB, inclusive).
    pub to: NaiveDate,
    /// The area (`null`: the whole province).
    pub unit_code: Option<String>,
    /// Reports received in the window.
    pub total: u64,
    /// Per status, every status listed.
    pub by_status: Vec<Share>,
    /// Mean hours from receipt to completion of the completed ones.
    pub mean_completion_hours: Option<f64>,
    /// Mean hours from receipt to the first action, of those acted on.
    pub mean_response_hours: Option<f64>,
    /// The 10 dinas/badan/biro whose units hold most reports.
    pub top_agencies: Vec<Ranked>,
    pub top_categories: Vec<Ranked>,
    /// The 5 units holding most reports.
    pub top_units: Vec<Ranked>,
    pub by_channel: Vec<Share>,
    pub geotagged: u64,
    pub not_geotagged: u64,
    /// Receipts and completions (of these reports) per day.
    pub per_day: Vec<Series>,
    pub per_month: Vec<Series>,
    /// Hours from receipt to the first action.
    pub response_time: Vec<Bucket>,
    /// Hours from receipt to completion.
    pub completion_time: Vec<Bucket>,
    /// Reports by number of hand-overs.
    pub handovers: Vec<Bucket>,
    /// Reports handed back to a unit that had already handed them on.
    pub ping_pong: u64,
}

/// One H3 cell of the heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeatCell {
    /// The H3 index (hexadecimal).
    pub cell: String,
    pub count: u64,
    /// The cell's outline as `[lat, lon]` pairs.
    pub boundary: Vec<[f64; 2]>,
}

/// A kelurahan on the map: the centre of its geotagged reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitPoint {
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub count: u64,
}

/// A kelurahan's boundary: rings of `[lat, lon]`, outer ones first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOutline {
    pub code: String,
    pub name: String,
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// `GET /api/v1/stats/heatmap`: where reports come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Heatmap {
    /// The H3 resolution the cells are binned at.
    pub resolution: u8,
    pub cells: Vec<HeatCell>,
    /// Kelurahan points to draw the outline of the city with.
    pub points: Vec<UnitPoint>,
    /// Kelurahan boundaries of the area, simplified, once an administrator
    /// has loaded them (empty before).
    #[serde(default)]
    pub outlines: Vec<UnitOutline>,
    pub geotagged: u64,
    pub not_geotagged: u64,
    /// A map tile URL template (`{z}/{x}/{y}`) when one is configured.
    pub tile_url: Option<String>,
}

/// Which time target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// First action within 6 hours of arrival at the unit.
    Response,
    /// Some action at least every 24 hours.
    NoAction,
    /// Completion within the category's first band, 7 days at most.
    Completion,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Response => "response",
            TargetKind::NoAction => "no_action",
            TargetKind::Completion => "completion",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Response, Self::NoAction, Self::Completion]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// Near (75% of the time gone) or past a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetStanding {
    Near,
    Past,
}

impl TargetStanding {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStanding::Near => "near",
            TargetStanding::Past => "past",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "near" => Some(Self::Near),
            "past" => Some(Self::Past),
            _ => None,
        }
    }
}

/// A running clock of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetClock {
    pub target: TargetKind,
    pub standing: TargetStanding,
    /// When the time started.
    pub since: DateTime<Utc>,
    /// When it runs (or ran) out.
    pub due: DateTime<Utc>,
}

/// An open report near or past one of its targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetItem {
    pub report: ReportSummary,
    /// Only the clocks near or past their target.
    pub clocks: Vec<TargetClock>,
}

/// A report still waiting (Menunggu) for its first action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingItem {
    pub report: ReportSummary,
    pub hours_waiting: f64,
    /// Arrived between 18:00 and 06:00 WIB.
    pub overnight: bool,
    /// Arrived on a Saturday or Sunday (WIB).
    pub weekend: bool,
}

/// `GET /api/v1/targets`: what is past, near, and still waiting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetBoard {
    pub now: DateTime<Utc>,
    pub unit_code: Option<String>,
    /// Past at least one target, the most recently breached first (by the
    /// first target each passed), the long overdue last.
    pub past: Vec<TargetItem>,
    /// Near a target (and past none), soonest due first.
    pub near: Vec<TargetItem>,
    /// Still Menunggu, longest waiting first.
    pub waiting: Vec<WaitingItem>,
    /// How many there are in all in each list (the lists hold one page).
    #[serde(default)]
    pub past_total: u64,
    #[serde(default)]
    pub near_total: u64,
    #[serde(default)]
    pub waiting_total: u64,
    /// With `list`: the cursor of the next page of that list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One list of the target board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetList {
    Past,
    Near,
    Waiting,
}

/// The most rows of one list in one answer.
pub const TARGET_PAGE_MAX: u32 = 200;

/// Filters of `GET /api/v1/targets`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TargetQuery {
    /// This unit and every unit below it (default: your scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Only this target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetKind>,
    /// Page through one list (the others come back empty); without it,
    /// the first page of each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<TargetList>,
    /// Where the page starts (`next_cursor` of the page before; with `list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Rows per list, 1–200 (default 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A report is near or past a time target.
    Warning,
    /// A new report arrived at the unit.
    NewReport,
    /// A reporter says a Selesai report is not fixed (Monitoring Room).
    Review,
    /// A unit asks the Monitoring Room to close a report as a duplicate.
    DuplicateRequest,
    /// The unit is asked to work on a report with its holder (koordinasi).
    Coordination,
}

impl NotificationKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Warning => "warning",
            NotificationKind::NewReport => "new_report",
            NotificationKind::Review => "review",
            NotificationKind::DuplicateRequest => "duplicate_request",
            NotificationKind::Coordination => "coordination",
        }
    }

    /// From the stored name (anything unknown reads as a new report).
    pub fn parse(s: &str) -> NotificationKind {
        [
            NotificationKind::Warning,
            NotificationKind::Review,
            NotificationKind::DuplicateRequest,
            NotificationKind::Coordination,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .unwrap_or(NotificationKind::NewReport)
    }
}

/// A unit's request that the Monitoring Room close a report as a duplicate
/// of another (`POST /reports/{number}/duplicate-request`); the unit cannot
/// close it itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DuplicateRequest {
    /// The report this one repeats.
    pub of: i64,
    /// Why, if more needs saying.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 2000)))]
    pub note: Option<String>,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub report_number: i64,
    pub target: Option<TargetKind>,
    pub standing: Option<TargetStanding>,
    /// The unit the report is with.
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// `GET /api/v1/notifications`: the newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    pub unread: u64,
    pub items: Vec<Notification>,
    /// Pass as `cursor` for the next (older) page; `null` on the last.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// The most notifications a page holds.
pub const NOTIFICATION_PAGE_MAX: u32 = 100;

/// Paging of `GET /api/v1/notifications`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Where the page starts (`next_cursor` of the page before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Notifications a page holds, 1–100 (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/v1/notifications/read`: the ids to mark, or all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReadRequest {
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 500)))]
    pub ids: Vec<i64>,
    /// Mark every notification read.
    #[serde(default)]
    pub all: bool,
}

/// The open work of one unit (and the units below it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLoad {
    pub unit_code: String,
    pub unit_name: String,
    pub level: UnitLevel,
    pub open: u64,
    /// Still waiting for a first action.
    pub waiting: u64,
    /// Held by the unit itself and given to no officer.
    pub unassigned: u64,
    /// Past at least one time target.
    pub late: u64,
    /// When the longest-held open report arrived.
    pub oldest_since: Option<DateTime<Utc>>,
}

/// `GET /api/v1/workload`: a unit's own open work and that of each unit
/// directly below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLoadBoard {
    pub unit: UnitLoad,
    pub children: Vec<UnitLoad>,
}

/// Filter of `GET /api/v1/workload`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct WorkloadQuery {
    /// The unit (default: your own, or the province for the Monitoring
    /// Room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Query of the recap.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RecapQuery {
    /// `YYYY-MM` for a month's recap, or `YYYY` for the year table.
    pub period: String,
    /// The kota (code).
    pub kota: String,
    /// `json` (default) or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// A unit in a recap's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecapRank {
    pub rank: u32,
    pub unit_code: String,
    pub unit_name: String,
    pub grade: String,
    pub final_score: f64,
    pub total: u64,
}

/// `GET /api/v1/recap?period=YYYY-MM`: a kota's month, as the city's own
/// recap lays it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthRecap {
    pub period: String,
    pub kota_code: String,
    pub kota_name: String,
    /// Whether the scores come from the frozen journal.
    pub frozen: bool,
    /// Reports received in the month held within the kota.
    pub received: u64,
    /// Of those, complete.
    pub completed: u64,
    pub completed_geotagged: u64,
    pub completed_not_geotagged: u64,
    /// The kota's TKD score and grade (none without reports).
    pub final_score: Option<f64>,
    pub grade: Option<String>,
    pub kecamatan: Vec<RecapRank>,
    /// The 5 best kelurahan.
    pub kelurahan_top: Vec<RecapRank>,
    /// The 5 worst kelurahan (those not already among the best).
    pub kelurahan_bottom: Vec<RecapRank>,
    pub top_categories: Vec<Ranked>,
    pub top_units: Vec<Ranked>,
    pub by_channel: Vec<Share>,
}

/// One month of the year table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearRow {
    pub period: String,
    pub received: u64,
    pub completed: u64,
    pub final_score: Option<f64>,
    pub grade: Option<String>,
    pub frozen: bool,
}

/// `GET /api/v1/recap?period=YYYY`: a kota's year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearRecap {
    pub year: i32,
    pub kota_code: String,
    pub kota_name: String,
    pub months: Vec<YearRow>,
    pub received: u64,
    pub completed: u64,
    /// Mean received per month (of the months so far).
    pub mean_per_month: f64,
    /// Mean received per day (of the days so far).
    pub mean_per_day: f64,
    /// Mean of the months' scores.
    pub mean_score: Option<f64>,
    pub top_categories: Vec<Ranked>,
    pub top_units: Vec<Ranked>,
    pub by_channel: Vec<Share>,
}

/// A live event on `GET /api/v1/events`: a report arrived or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    /// `report` (arrived or changed) or `warning`.
    pub kind: String,
    pub report_number: i64,
    pub status: ReportStatus,
    pub holder_code: Option<String>,
    /// The unit that held it before, when this change handed it on.
    pub previous_holder_code: Option<String>,
    /// The units coordinating on it with the holder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collaborator_codes: Vec<String>,
    pub at: DateTime<Utc>,
}

/// A report whose reporter said it was not fixed, waiting for the
/// Monitoring Room (`GET /reviews`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub number: i64,
    /// When the reporter answered "not fixed".
    pub requested_at: DateTime<Utc>,
    pub category_name: String,
    pub holder_name: Option<String>,
    pub description: String,
    /// The reporter's rating and words, as written in the history.
    pub feedback: Option<String>,
}

/// The review queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewPage {
    pub items: Vec<ReviewItem>,
}

/// The Monitoring Room's public answer to a reporter's "not fixed"
/// (`POST /reviews/{number}/answer`); the report leaves the queue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReviewAnswer {
    /// The public note the reporter reads on the tracking page.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 2000)))]
    pub note: String,
}
