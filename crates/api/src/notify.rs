//! Telling the reporter: after a change is written, its event (if the rule
//! in `crm_domain::notice` says there is one) goes into the outbox in the
//! same transaction, for the channel's webhook and, where the reporter gave
//! an e-mail address and e-mail is on, for the reporter.

use crate::db::outbox;
use crate::db::reports as store;
use crate::db::time::from_db;
use crate::db::{DbConn, DbError};
use crate::refdata::RefData;
use chrono::{DateTime, Utc};
use crm_domain::api::WebhookEvent;
use crm_domain::lifecycle::ActionKind;
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
}

/// A new random event id (128 bits, hex).
pub fn event_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// Writes the change's event, if it makes one. Returns whether it did.
pub fn record(
    conn: &mut DbConn,
    refs: &RefData,
    email_on: bool,
    change: &Change<'_>,
) -> Result<bool, DbError> {
    let Some(row) = store::get(conn, change.number)? else {
        return Ok(false);
    };
    let after = row.status();
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
    let event = WebhookEvent {
        event_id: event_id(),
        kind,
        occurred_at: change.at,
        channel: row.channel_code.clone(),
        report_number: row.number,
        channel_ref: row.channel_ref.clone(),
        sequence: row.version,
        status: after,
        status_label: after.label().to_string(),
        note: note.filter(|_| change.public).map(str::to_string),
        unit_name: refs.unit_name(row.holder_code.as_deref()),
        estimate_at: row.estimate_at.map(from_db),
        tracking_path: format!("/lacak/{}", row.number),
    };
    let email = if email_on {
        notice::email_of(row.reporter_contact.as_deref())
    } else {
        None
    };
    outbox::enqueue(conn, &event, email)?;
    Ok(true)
}
