//! The shapes of the JSON API, shared by the server and the web app.
//! Field rules (`validate`) and OpenAPI schemas (`openapi`) derive behind
//! features so the browser build stays small.

use crate::lifecycle::ActionKind;
use crate::message::Message;
use crate::{Bands, ChannelKind, ReportStatus, Role, UnitLevel};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    #[cfg_attr(feature = "openapi", schema(example = "petugas.gambir"))]
    pub username: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    #[cfg_attr(feature = "openapi", schema(example = "demo12345"))]
    pub password: String,
}

/// A signed access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// The password is temporary: until it is changed
    /// (`POST /api/v1/auth/password`), the token opens only the account's
    /// own endpoints.
    #[serde(default)]
    pub must_change_password: bool,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    /// The password is temporary and must be changed now.
    #[serde(default)]
    pub must_change_password: bool,
}

/// A government unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    #[cfg_attr(feature = "openapi", schema(example = "31.71.01.1001"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Gambir"))]
    pub name: String,
    pub level: UnitLevel,
    #[cfg_attr(feature = "openapi", schema(example = "31.71.01"))]
    pub parent_code: Option<String>,
    /// Deactivated units keep their history but receive no report, hand-over
    /// or account.
    #[serde(default = "crate::api::yes")]
    pub active: bool,
}

/// `true`, for serde defaults.
pub fn yes() -> bool {
    true
}

/// A report category with its scoring bands and weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    #[cfg_attr(feature = "openapi", schema(example = "sampah"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Sampah"))]
    pub name: String,
    /// Weight in the monthly score (0 when the category has none).
    pub weight: f64,
    pub bands: Bands,
    /// Completing a report needs a follow-up with at least one photo.
    pub evidence_required: bool,
}

/// A channel through which reports arrive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channel {
    #[cfg_attr(feature = "openapi", schema(example = "jaki"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "JAKI (Jakarta Kini)"))]
    pub name: String,
    pub kind: ChannelKind,
}

/// `POST /api/v1/reports` body: a report from a channel.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// Channel code. An integrator key may only file for its own channel;
    /// staff may file for message and office channels.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 50)))]
    #[cfg_attr(feature = "openapi", schema(example = "kantor-kelurahan"))]
    pub channel: String,
    /// The channel's own reference. Sending the same reference again returns
    /// the existing report.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    pub channel_ref: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    pub reporter_name: Option<String>,
    /// Phone number or e-mail address of the reporter. Never shown in public.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(min = 3, max = 200)))]
    pub reporter_contact: Option<String>,
    /// Hide the report from public lists and maps (it stays trackable by number).
    #[serde(default)]
    pub hidden: bool,
    /// Category code.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    #[cfg_attr(feature = "openapi", schema(example = "sampah"))]
    pub category: String,
    /// Free tags ("tagar"), without the leading `#`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 20)))]
    pub tags: Vec<String>,
    #[cfg_attr(feature = "validate", validate(length(min = 5, max = 5000)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Tumpukan sampah di depan pasar belum diangkut sejak dua hari.")
    )]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 500)))]
    pub address: Option<String>,
    /// Latitude (WGS84); give it together with `lon`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(range(min = -90.0, max = 90.0)))]
    pub lat: Option<f64>,
    /// Longitude (WGS84); give it together with `lat`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(range(min = -180.0, max = 180.0)))]
    pub lon: Option<f64>,
    /// Code of the kelurahan where it happened; without it the report goes to
    /// Monitoring-Room triage.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "31.71.01.1001"))]
    pub kelurahan: Option<String>,
    /// When the channel received it; defaults to now. Not in the future.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    /// Photos kept by the channel, by address (`https://…`), at most 10.
    /// Photos may also be uploaded to `/reports/{number}/photos`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 10)))]
    pub photo_urls: Vec<String>,
}

/// One entry of a report's history ("riwayat").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub status: ReportStatus,
    /// The unit the entry concerns (`null` while in Monitoring-Room triage).
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    /// Who did it: an officer's name or the channel's.
    pub actor: Option<String>,
    pub note: Option<String>,
    /// Whether the reporter and the public see the entry.
    pub public: bool,
    /// What happened.
    pub kind: ActionKind,
    /// For a hand-over: the receiving unit.
    pub to_unit_code: Option<String>,
    pub to_unit_name: Option<String>,
    /// A hand-over back to a unit that had already handed the report on.
    pub flagged: bool,
    /// Photos attached to this entry (a follow-up's evidence).
    pub photos: Vec<Photo>,
}

/// A report as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    #[cfg_attr(feature = "openapi", schema(example = 1044857))]
    pub number: i64,
    pub channel: String,
    pub channel_ref: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub hidden: bool,
    pub category: String,
    pub category_name: String,
    pub tags: Vec<String>,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Whether the report has coordinates.
    pub geotagged: bool,
    pub kelurahan_code: Option<String>,
    pub kelurahan_name: Option<String>,
    /// The unit that holds it now; `null` while in Monitoring-Room triage.
    pub holder_code: Option<String>,
    pub holder_name: Option<String>,
    pub status: ReportStatus,
    pub received_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back with an action to make
    /// sure nobody acted in between (optimistic concurrency).
    pub version: i64,
    /// The unit completed it and a verifier has not yet decided (shown in
    /// public as Proses).
    pub awaiting_verification: bool,
    /// When the current holder received it.
    pub holder_since: DateTime<Utc>,
    /// The completion estimate, once set: until then the report is out of
    /// scoring and idle warnings.
    pub estimate_at: Option<DateTime<Utc>>,
    /// Units coordinating with the holder.
    pub collaborators: Vec<UnitRef>,
    /// The coordination ticket ("KL" + number), once coordinated.
    pub coordination_ticket: Option<String>,
    /// How many times it was handed from unit to unit.
    pub handovers: i32,
    /// The officer it is assigned to.
    pub assignee: Option<UserRef>,
    /// The reporter's stars (1–5), once rated.
    pub rating: Option<i32>,
    /// Supporting photos sent with the report (staff only).
    pub photos: Vec<Photo>,
    /// Photos the channel keeps, by address.
    #[serde(default)]
    pub photo_urls: Vec<String>,
    /// Why a report with coordinates went to triage: they lie outside
    /// Jakarta (`outside_area`: in no loaded kelurahan boundary, or, with
    /// none loaded, outside the province's envelope), or no boundaries were
    /// loaded to place them (`unplaced`).
    #[serde(default)]
    pub location_flag: Option<LocationFlag>,
    /// What the caller may do now, and why not where not.
    pub actions: Vec<ActionAvailability>,
    pub history: Vec<HistoryEntry>,
    /// The reporter's tracking code: only in the answer to whoever filed
    /// the report (the filing, and a channel's repeat of its own
    /// reference), to be passed to the reporter; never to other staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "K7M2QX9PDF4H"))]
    pub tracking_code: Option<String>,
    /// Why the Monitoring Room closed it without work, if it did.
    #[serde(default)]
    pub closed_reason: Option<ClosedReason>,
    /// For a report closed as a duplicate: the report it repeats.
    #[serde(default)]
    pub duplicate_of: Option<i64>,
}

/// A unit named in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// A staff member named in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub full_name: String,
}

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub id: i64,
    /// The photo (JPEG, metadata removed).
    pub url: String,
    /// A small version for lists and timelines.
    pub thumb_url: String,
    pub width: i32,
    pub height: i32,
}

/// Whether the caller may take an action now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionAvailability {
    pub action: ActionKind,
    pub allowed: bool,
    /// What stands in the way, when not allowed.
    pub blocked_by: Option<Blocker>,
    /// Why not, when not allowed, in English.
    pub reason: Option<String>,
    /// Why not, as a stable code (as a problem's `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// The parameters of `reason_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub reason_params: Option<serde_json::Value>,
    /// Allowed once its form carries a photo: completing a report whose
    /// category needs evidence and that has none yet (the photo goes up as
    /// a follow-up with the completion).
    #[serde(default)]
    pub needs_photo: bool,
}

/// What keeps an action from being taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    /// The caller's role or unit may not take it.
    Role,
    /// The report's state does not allow it now.
    State,
}

/// A report in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    pub number: i64,
    pub channel: String,
    pub category: String,
    pub category_name: String,
    pub status: ReportStatus,
    pub description: String,
    pub kelurahan_code: Option<String>,
    pub kelurahan_name: Option<String>,
    pub holder_code: Option<String>,
    pub holder_name: Option<String>,
    pub geotagged: bool,
    pub received_at: DateTime<Utc>,
    /// When the current holder received it.
    pub holder_since: DateTime<Utc>,
    pub awaiting_verification: bool,
    pub estimate_at: Option<DateTime<Utc>>,
    /// Id of the officer it is assigned to.
    pub assignee_id: Option<i64>,
}

/// One page of a report list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPage {
    pub items: Vec<ReportSummary>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The most reports a page of the inbox holds.
pub const INBOX_PAGE_MAX: u32 = 200;

/// Paging of `GET /api/v1/inbox`: what waits to be taken up comes first,
/// then what is being worked on, each the longest held first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// Where the page starts (`next_cursor` of the page before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Reports a page holds, 1–200 (default 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Filters of `GET /api/v1/reports`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Only reports with this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReportStatus>,
    /// Only reports of this category code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only reports held by this unit or any unit below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Only reports from this channel code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Received at or after this instant (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this instant (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_to: Option<DateTime<Utc>>,
    /// Only reports in Monitoring-Room triage (no holder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<bool>,
    /// Only completions awaiting a verifier (`true`) or only the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_verification: Option<bool>,
    /// Only reports assigned to this officer (username).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Words that must all occur (as words or word starts) in the
    /// description, the address or a public note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/v1/api-keys` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 50)))]
    #[cfg_attr(feature = "openapi", schema(example = "jaki"))]
    pub channel: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    #[cfg_attr(feature = "openapi", schema(example = "JAKI production"))]
    pub label: String,
}

/// A created API key. The key is shown only here.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyCreated {
    pub id: i64,
    pub channel: String,
    pub label: String,
    pub key: String,
}

/// `GET /healthz` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field, e.g. `lat` or `tags[2]`.
    pub field: String,
    /// What is wrong, in English.
    pub message: String,
    /// What is wrong, as a stable code (see `Problem.code`); `field_invalid`
    /// when nothing more precise is said.
    #[serde(default = "field_invalid")]
    #[cfg_attr(feature = "openapi", schema(example = "too_long"))]
    pub code: String,
    /// The code's parameters, e.g. `{"max": 5000}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub params: Option<serde_json::Value>,
}

/// The code of [`Message::FieldInvalid`], as a literal: reading it from the
/// message would compile every message's serialiser into the web app.
const FIELD_INVALID: &str = "field_invalid";

fn field_invalid() -> String {
    FIELD_INVALID.to_string()
}

impl FieldError {
    /// A field that is wrong, said only in English.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
            code: field_invalid(),
            params: None,
        }
    }

    /// A field that is wrong, with its coded message.
    pub fn said(field: impl Into<String>, message: &Message) -> Self {
        let (code, params) = message.parts();
        FieldError {
            field: field.into(),
            message: message.to_string(),
            code,
            params,
        }
    }

    /// The coded message, if this version knows the code.
    pub fn said_message(&self) -> Option<Message> {
        Message::from_parts(&self.code, self.params.as_ref())
    }
}

/// RFC 9457 problem details: every error answer of the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://crm.jakarta.go.id/problems/validation")
    )]
    pub type_uri: String,
    #[cfg_attr(feature = "openapi", schema(example = "Invalid request"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(example = 422))]
    pub status: u16,
    /// What went wrong, in English (for integrators and logs).
    pub detail: String,
    /// What went wrong, as a stable machine code: a client shows its own
    /// words for it (the web app's catalogues cover every code).
    #[cfg_attr(feature = "openapi", schema(example = "report_not_found"))]
    #[serde(default)]
    pub code: String,
    /// The code's parameters, e.g. `{"number": 1641}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub params: Option<serde_json::Value>,
    /// For invalid input: each bad field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// For a refused action (409): the report's state now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<ReportState>,
    /// The id of the request, as in its `X-Request-Id` answer header and
    /// the server's log lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    /// The coded message, if this version knows the code.
    pub fn said(&self) -> Option<Message> {
        Message::from_parts(&self.code, self.params.as_ref())
    }
}

impl ActionAvailability {
    /// Why the action is refused, as a coded message (if this version knows it).
    pub fn reason_said(&self) -> Option<Message> {
        Message::from_parts(self.reason_code.as_deref()?, self.reason_params.as_ref())
    }
}

/// The state of a report, sent with a refused action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportState {
    pub number: i64,
    pub status: ReportStatus,
    pub awaiting_verification: bool,
    pub holder_code: Option<String>,
    pub version: i64,
}

mod actions;
mod admin;
mod integration;
mod monitor;
mod public;
mod scores;

pub use actions::*;
pub use admin::*;
pub use integration::*;
pub use monitor::*;
pub use public::*;
pub use scores::*;

/// `POST /api/v1/categories` body: a new category.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    /// Lower-case letters, digits and dashes, 2–60 characters.
    #[cfg_attr(feature = "openapi", schema(example = "pohon-tumbang"))]
    pub code: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 120)))]
    #[cfg_attr(feature = "openapi", schema(example = "Pohon Tumbang"))]
    pub name: String,
    /// Weight in the monthly score (0 for none).
    #[cfg_attr(feature = "validate", validate(range(min = 0.0, max = 100.0)))]
    pub weight: f64,
    /// Follow-up time bands in hours, rising.
    pub bands: Bands,
    /// Completing needs a follow-up with at least one photo.
    pub evidence_required: bool,
}

/// `PUT /api/v1/categories/{code}` body: a category's new figures.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CategoryUpdate {
    /// Weight in the monthly score (0 for none).
    #[cfg_attr(feature = "validate", validate(range(min = 0.0, max = 100.0)))]
    pub weight: f64,
    /// Follow-up time bands in hours, rising.
    pub bands: Bands,
    /// Completing needs a follow-up with at least one photo.
    pub evidence_required: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_without_a_code_reads_as_field_invalid() {
        assert_eq!(FIELD_INVALID, Message::FieldInvalid.code());
        let e: FieldError =
            serde_json::from_str(r#"{"field": "lat", "message": "bad"}"#).expect("a field error");
        assert_eq!(e.said_message(), Some(Message::FieldInvalid));
    }
}
