//! Live updates: a process-wide broadcast of report events, fed after each
//! committed change (and told to the other servers: `cluster.rs`) and read
//! by the server-sent-events stream (`routes/events.rs`). Slow listeners skip missed events (they refetch on
//! the next one); nothing here is durable — the database is.

use crate::cluster::{Relay, Signal};
use chrono::Utc;
use crm_domain::api::LiveEvent;
use crm_domain::ReportStatus;
use tokio::sync::broadcast;

/// Events a listener may fall behind before it skips ahead.
const BACKLOG: usize = 1024;

/// The broadcast of report events (cheap to clone).
#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveEvent>,
    /// Tells the other servers on the same PostgreSQL.
    relay: Relay,
}

impl Default for Live {
    fn default() -> Self {
        Self::new(Relay::default())
    }
}

impl Live {
    pub fn new(relay: Relay) -> Self {
        let (tx, _) = broadcast::channel(BACKLOG);
        Live { tx, relay }
    }

    /// Tells every listener that a report arrived or changed (`previous`:
    /// the unit that held it, when the change handed it on; `collaborators`:
    /// the units coordinating on it).
    pub fn report(
        &self,
        number: i64,
        status: ReportStatus,
        holder: Option<String>,
        previous: Option<String>,
        collaborators: Vec<String>,
    ) {
        self.send(LiveEvent {
            kind: "report".into(),
            report_number: number,
            status,
            holder_code: holder,
            previous_holder_code: previous,
            collaborator_codes: collaborators,
            at: Utc::now(),
        });
    }

    /// Tells every listener that a report was warned about.
    pub fn warning(&self, number: i64, status: ReportStatus, holder: Option<String>) {
        self.send(LiveEvent {
            kind: "warning".into(),
            report_number: number,
            status,
            holder_code: holder,
            previous_holder_code: None,
            collaborator_codes: Vec::new(),
            at: Utc::now(),
        });
    }

    fn send(&self, event: LiveEvent) {
        self.pass_on(event.clone());
        self.relay.tell(Signal::Live { event });
    }

    /// Passes an event to this server's listeners only (one another server
    /// told of).
    pub fn pass_on(&self, event: LiveEvent) {
        // No listener is not an error.
        let _ = self.tx.send(event);
    }

    /// A new listener, receiving events sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}
