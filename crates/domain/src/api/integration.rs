//! Shapes for channel integrators and their administrators: batch intake,
//! webhook events and their delivery, channel webhooks, API keys, and
//! kelurahan boundaries.

use super::{NewReport, Problem, Report};
use crate::ReportStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The most reports one batch may carry.
pub const BATCH_LIMIT: usize = 500;

/// `POST /api/v1/reports/batch` body. Each report is read and checked on
/// its own, so one bad report does not fail the others.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBatch {
    /// 1 to 500 reports.
    pub reports: Vec<NewReport>,
}

/// The answer to one report of a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchItem {
    /// Position of the report in the batch, from 0.
    pub index: usize,
    /// 201 filed, 200 already filed under this channel reference, or the
    /// 4xx status of its problem.
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// `POST /api/v1/reports/batch` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub created: usize,
    pub existing: usize,
    pub rejected: usize,
    pub items: Vec<BatchItem>,
}

/// What a webhook event tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// The report was received and placed (or sent to triage).
    ReportReceived,
    /// Its public status changed.
    StatusChanged,
    /// A public comment or follow-up for the reporter, status unchanged.
    PublicNote,
    /// A completion estimate was set.
    EstimateSet,
    /// A notice to a staff member's e-mail or phone (a warning, a new
    /// report, a coordination request, the digest); never sent to a
    /// webhook.
    StaffNotice,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ReportReceived => "report_received",
            EventType::StatusChanged => "status_changed",
            EventType::PublicNote => "public_note",
            EventType::EstimateSet => "estimate_set",
            EventType::StaffNotice => "staff_notice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            EventType::ReportReceived,
            EventType::StatusChanged,
            EventType::PublicNote,
            EventType::EstimateSet,
            EventType::StaffNotice,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// The JSON body of every webhook delivery, signed as the Standard Webhooks
/// specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature:
/// v1,<base64>`; during a secret rotation a second signature with the
/// previous secret). Receivers verify it with a Standard Webhooks library and
/// drop an `event_id` they have already handled: delivery is at least once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEvent {
    /// Unique id of the event; the same on every retry.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "9f1c2a7e0b6d4c55a1e3f08d7c2b4e61")
    )]
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// The channel the report came from (the receiver's own).
    pub channel: String,
    pub report_number: i64,
    /// The channel's own reference of the report, as it was sent.
    pub channel_ref: Option<String>,
    /// Increases with every event of this report: events of one report are
    /// delivered in this order.
    pub sequence: i64,
    /// The status as the public sees it.
    pub status: ReportStatus,
    pub status_label: String,
    /// The note meant for the reporter, if any.
    pub note: Option<String>,
    /// The unit that holds the report now.
    pub unit_name: Option<String>,
    pub estimate_at: Option<DateTime<Utc>>,
    /// The reporter's tracking link (path): the public page of the report,
    /// opened with its tracking code, where the reporter follows it, sees it
    /// in full even when hidden, and gives feedback once it is done. Give it
    /// to the reporter, to no one else.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/lacak/1044857?kode=K7M2QX9PDF4H")
    )]
    pub tracking_path: String,
    /// The report's tracking code (also in `tracking_path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "K7M2QX9PDF4H"))]
    pub tracking_code: Option<String>,
}

/// Where an event is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryTarget {
    /// The channel's webhook.
    Webhook,
    /// An e-mail (to the reporter, or a staff notice) when SMTP is
    /// configured.
    Email,
    /// A text message through the SMS gateway (to the reporter, or a staff
    /// notice) when one is configured.
    Sms,
}

impl DeliveryTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryTarget::Webhook => "webhook",
            DeliveryTarget::Email => "email",
            DeliveryTarget::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "webhook" => Some(DeliveryTarget::Webhook),
            "email" => Some(DeliveryTarget::Email),
            "sms" => Some(DeliveryTarget::Sms),
            _ => None,
        }
    }
}

/// The state of one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not sent yet, or sent and failed and waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Failed too often; waits for an administrator's retry.
    Dead,
    /// The channel has no active webhook: nothing to send to.
    Skipped,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 4] = [
        DeliveryState::Pending,
        DeliveryState::Delivered,
        DeliveryState::Dead,
        DeliveryState::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Dead => "dead",
            DeliveryState::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One event on its way to one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: i64,
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub target: DeliveryTarget,
    pub channel: String,
    pub report_number: i64,
    pub state: DeliveryState,
    /// Attempts made so far.
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The last failure: HTTP status or connection error.
    pub last_error: Option<String>,
}

/// `GET /api/v1/deliveries` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// `pending`, `delivered`, `dead`, `skipped`, or `failed` (pending after
    /// at least one failed attempt).
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub report: Option<i64>,
    /// Deliveries with an id below this (the page's `next_before`).
    #[serde(default)]
    pub before: Option<i64>,
    /// 1 to 200, default 50.
    #[serde(default)]
    pub limit: Option<i64>,
}

/// A page of deliveries, newest first, with counts per state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryPage {
    pub items: Vec<Delivery>,
    pub next_before: Option<i64>,
    pub pending: i64,
    /// Pending after at least one failed attempt.
    pub failed: i64,
    pub dead: i64,
}

/// A channel as administrators see it, with its webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelSettings {
    pub code: String,
    pub name: String,
    pub kind: crate::ChannelKind,
    pub webhook: Option<WebhookSettings>,
    /// API keys not revoked.
    pub active_keys: i64,
}

/// A channel's webhook, without its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSettings {
    pub url: String,
    pub active: bool,
    /// `…` and the last four characters of the secret, to tell secrets apart.
    pub secret_hint: String,
    /// When the secret was last replaced; the previous one still signs for
    /// 24 hours after.
    pub rotated_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// `PUT /api/v1/channels/{code}/webhook` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// `https://…` (or `http://…`) address that receives the events.
    #[cfg_attr(feature = "validate", validate(length(min = 8, max = 500)))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://jaki.example/crm/events")
    )]
    pub url: String,
    /// Off: events are still recorded but marked skipped.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A channel after its webhook was saved or its secret replaced. The
/// secret is shown only here: when the webhook is first made and on each
/// rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSaved {
    pub channel: ChannelSettings,
    /// The new signing secret, when one was made.
    pub secret: Option<String>,
}

/// An API key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyInfo {
    pub id: i64,
    pub channel: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/api-keys` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyQuery {
    #[serde(default)]
    pub channel: Option<String>,
    /// Part of the label, any case.
    #[serde(default)]
    pub label: Option<String>,
    /// Include revoked keys.
    #[serde(default)]
    pub revoked: bool,
}

/// `PUT /api/v1/boundaries` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundariesLoaded {
    /// Kelurahan with a boundary now.
    pub loaded: usize,
    /// Kelurahan still without one.
    pub missing: Vec<String>,
}

/// Where a report's location was placed on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocationFlag {
    /// The coordinates lie outside Jakarta: in no loaded kelurahan, or
    /// (with none loaded) outside the province's envelope.
    OutsideArea,
    /// Coordinates but no boundaries loaded to place them.
    Unplaced,
}

impl LocationFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationFlag::OutsideArea => "outside_area",
            LocationFlag::Unplaced => "unplaced",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "outside_area" => Some(LocationFlag::OutsideArea),
            "unplaced" => Some(LocationFlag::Unplaced),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
        for t in [
            EventType::ReportReceived,
            EventType::StatusChanged,
            EventType::PublicNote,
            EventType::EstimateSet,
        ] {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(EventType::parse("x"), None);
    }
}
