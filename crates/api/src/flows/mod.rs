//! The flows: each way a report comes into being or changes, as one function
//! that opens the transaction, asks the domain, writes through `db/`, records
//! the change's outbox event from the state it already holds, and runs the
//! after-commit steps once. Routes translate HTTP into a flow's arguments and
//! its result into an answer; they hold no flow of their own.
//!
//! - [`file`]: a report filed by staff or a channel's system (API, batch,
//!   Open311);
//! - [`act`]: an action on a report (every `POST /reports/{n}/…`);
//! - [`import`]: the old system's data pull;
//! - [`case`]: one report read as the flows and routes need it;
//! - [`scores`]: a month's score board, frozen or live;
//! - [`public_stats`]: a month's public statistics, kept for a minute;
//! - [`dashboard`]: the rows the statistics count, read in slices.

pub mod accounts;
pub mod act;
pub mod case;
pub mod dashboard;
pub mod file;
pub mod import;
pub mod public_stats;
pub mod scores;

use crate::db::{monitor, DbConn, DbError};
use crate::notify;
use crate::state::AppState;
use crm_domain::ReportStatus;

/// What a committed change of a report tells the rest of the server.
#[derive(Debug, Clone)]
pub struct Committed {
    pub number: i64,
    pub status: ReportStatus,
    pub holder: Option<String>,
    /// The holder before, when the change moved the report.
    pub previous_holder: Option<String>,
    /// The units coordinating on it after the change.
    pub collaborators: Vec<String>,
}

impl Committed {
    /// The after-commit steps, once per change: wake the delivery worker for
    /// the event written with it, and tell the live streams.
    pub fn announce(self, st: &AppState) {
        st.outbox_wake.notify_one();
        st.live.report(
            self.number,
            self.status,
            self.holder,
            self.previous_holder,
            self.collaborators,
        );
    }
}

/// The steps every change takes inside its own transaction: its outbox event
/// (if the notice rule makes one) and, when the report arrived at a unit,
/// that unit's notifications.
pub fn record_change(
    conn: &mut DbConn,
    st: &AppState,
    change: &notify::Change<'_>,
    arrived_at: Option<&str>,
) -> Result<(), DbError> {
    let reach = notify::Reach {
        email: st.delivery.smtp_url.is_some(),
        sms: st.delivery.sms.sms_url.is_some(),
    };
    notify::record(conn, &st.refdata, reach, change)?;
    if let Some(unit) = arrived_at {
        monitor::notify_arrival(conn, change.number, unit, change.at)?;
    }
    Ok(())
}
