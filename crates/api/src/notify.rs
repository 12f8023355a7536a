//! Telling the reporter: after a change is written, its event (if the rule
//! in `crm_domain::notice` says there is one) goes into the outbox in the
//! same transaction, for the channel's webhook and, where the reporter gave
//! an e-mail address and e-mail is on, for the reporter.

use crate::db::outbox;
use crate::db::{DbConn, DbError};
use crate::refdata::RefData;
use chrono::{DateTime, Utc};
use crm_domain::api::WebhookEvent;
use crm_domain::lifecycle::{ActionKind, Case};
use crm_domain::{notice, ReportStatus};
use rand::RngCore;

/// One written change of a report.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub number: i64,
    pub kind: ActionKind,
    /// Whether its note is for the public.
    pub public: bool,
    pub note: Option<&'a str>,
    /// The status before (none for a new report).
    pub before: Option<ReportStatus>,
    pub at: DateTime<Utc>,
    /// The report's state after the change, and its version then.
    pub after: &'a Case,
    pub version: i64,
    /// Who the report belongs to: its channel, the channel's reference and
    /// the reporter's contact.
    pub channel: &'a str,
    pub channel_ref: Option<&'a str>,
    pub reporter_contact: Option<&'a str>,
    /// The reporter's secret, for the tracking link in the event, when the
    /// flow holds it (a new report); otherwise it is read only if the
    /// change makes an event.
    pub tracking_code: Option<&'a str>,
}

/// A new random event id (128 bits, hex).
pub fn event_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// Which direct paths to reporters are switched on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reach {
    pub email: bool,
    pub sms: bool,
}

/// Writes the change's event, if it makes one. Returns whether it did.
pub fn record(
    conn: &mut DbConn,
    refs: &RefData,
    reach: Reach,
    change: &Change<'_>,
) -> Result<bool, DbError> {
    let after = change.after.status;
    let note = change.note.filter(|n| !n.trim().is_empty());
    let Some(kind) = notice::event_for(
        change.kind,
        change.public,
        note.is_some(),
        change.before,
        after,
    ) else {
        return Ok(false);
    };
    let looked_up = match change.tracking_code {
        Some(_) => None,
        None => crate::db::tracking::code_of(conn, change.number)?,
    };
    let code = change.tracking_code.or(looked_up.as_deref());
    let event = WebhookEvent {
        event_id: event_id(),
        kind,
        occurred_at: change.at,
        channel: change.channel.to_string(),
        report_number: change.number,
        channel_ref: change.channel_ref.map(str::to_string),
        sequence: change.version,
        status: after,
        status_label: after.label().to_string(),
        // A hand-over's reason is written for the receiving unit.
        note: note
            .filter(|_| change.public && change.kind != ActionKind::Dispose)
            .map(str::to_string),
        unit_name: refs.unit_name(change.after.holder.as_deref()),
        estimate_at: change.after.estimate,
        tracking_path: crate::tracking::path(change.number, code),
        tracking_code: code.map(str::to_string),
    };
    let phone = notice::phone_of(change.reporter_contact).filter(|_| reach.sms);
    let reporter = outbox::Reporter {
        email: notice::email_of(change.reporter_contact).filter(|_| reach.email),
        phone: phone.as_deref(),
    };
    outbox::enqueue(conn, &event, reporter)?;
    Ok(true)
}
