//! Several servers over one PostgreSQL: what one server changes in memory
//! (live report events, units and categories, boundaries, account session
//! generations) reaches every other one within a second, through
//! PostgreSQL's `LISTEN/NOTIFY` on the channel [`CHANNEL`].
//!
//! Each change is applied here first and then told ([`Relay::tell`]); a
//! sender thread turns it into `pg_notify` on its own connection, and a
//! listener thread applies what the others told (its own messages carry its
//! origin and are skipped). After (re)connecting, the listener reloads
//! everything once, so a change told while it was away is not missed.
//! SQLite is a single-server engine: the relay stays silent there.

use crate::state::AppState;
use crm_domain::api::LiveEvent;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The notification channel the servers share.
pub const CHANNEL: &str = "crm_cluster";

/// How often the listener looks for notifications.
const POLL: Duration = Duration::from_millis(50);

/// How long to wait before connecting again after losing the database.
const RECONNECT: Duration = Duration::from_secs(1);

/// A change another server must apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// A live report event, to pass on to this server's streams.
    Live { event: LiveEvent },
    /// Units, categories or settings changed: read them again.
    Reference,
    /// The kelurahan boundaries were loaded or cleared.
    Boundaries,
    /// An account's session generation moved on.
    Session { user: i64, version: i64 },
}

/// A signal with the server it came from.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: u64,
    #[serde(flatten)]
    signal: Signal,
}

/// The sending half: silent until [`start`] gives it a connection.
#[derive(Clone, Default)]
pub struct Relay {
    out: Arc<OnceLock<Outgoing>>,
}

struct Outgoing {
    from: u64,
    tx: mpsc::Sender<String>,
}

impl Relay {
    /// Tells the other servers of a change already applied here.
    pub fn tell(&self, signal: Signal) {
        let Some(out) = self.out.get() else {
            return;
        };
        match serde_json::to_string(&Envelope {
            from: out.from,
            signal,
        }) {
            // A stopped sender only means the server is stopping.
            Ok(text) => {
                let _ = out.tx.send(text);
            }
            Err(e) => log::error!("cluster: cannot encode a signal: {e}"),
        }
    }

    /// This server's origin, once started.
    fn origin(&self) -> Option<u64> {
        self.out.get().map(|o| o.from)
    }
}

/// Starts relaying on PostgreSQL (nothing on SQLite): the sender and the
/// listener, each a thread with its own connection.
pub fn start(st: &AppState, database_url: &str) {
    if !matches!(
        database_url.parse::<crate::db::DbUrl>(),
        Ok(crate::db::DbUrl::Postgres(_))
    ) {
        return;
    }
    let (tx, rx) = mpsc::channel::<String>();
    let from = rand::random::<u64>();
    if st.relay.out.set(Outgoing { from, tx }).is_err() {
        return;
    }
    let url = database_url.to_string();
    std::thread::Builder::new()
        .name("cluster-send".into())
        .spawn(move || send_loop(&url, rx))
        .map_err(|e| log::error!("cluster: cannot start the sender: {e}"))
        .ok();
    let url = database_url.to_string();
    let st = st.clone();
    std::thread::Builder::new()
        .name("cluster-listen".into())
        .spawn(move || listen_loop(&url, &st))
        .map_err(|e| log::error!("cluster: cannot start the listener: {e}"))
        .ok();
}

/// Sends each message as a notification; a lost connection is opened again
/// for the next one (a message that fails twice is logged and dropped: the
/// listeners reload everything when they reconnect).
fn send_loop(url: &str, rx: mpsc::Receiver<String>) {
    let mut conn: Option<PgConnection> = None;
    while let Ok(text) = rx.recv() {
        for attempt in 0..2 {
            if conn.is_none() {
                conn = PgConnection::establish(url)
                    .map_err(|e| log::warn!("cluster: cannot connect to send: {e}"))
                    .ok();
            }
            let Some(c) = conn.as_mut() else {
                std::thread::sleep(RECONNECT);
                continue;
            };
            let sent = diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(&text)
                .execute(c);
            match sent {
                Ok(_) => break,
                Err(e) => {
                    conn = None;
                    if attempt == 1 {
                        log::warn!("cluster: a change was not told to the other servers: {e}");
                    }
                }
            }
        }
    }
}

/// Listens for the other servers' changes for as long as the process runs.
fn listen_loop(url: &str, st: &AppState) {
    let me = st.relay.origin();
    loop {
        let mut conn = match PgConnection::establish(url) {
            Ok(c) => c,
            Err(e) => {
                log::warn!("cluster: cannot connect to listen: {e}");
                std::thread::sleep(RECONNECT);
                continue;
            }
        };
        if let Err(e) = conn.batch_execute(&format!("LISTEN {CHANNEL}")) {
            log::warn!("cluster: cannot listen: {e}");
            std::thread::sleep(RECONNECT);
            continue;
        }
        // Whatever was told before this connection listened.
        catch_up(st);
        'poll: loop {
            for note in conn.notifications_iter() {
                let note = match note {
                    Ok(n) => n,
                    Err(e) => {
                        log::warn!("cluster: lost the listening connection: {e}");
                        break 'poll;
                    }
                };
                match serde_json::from_str::<Envelope>(&note.payload) {
                    Ok(env) if Some(env.from) == me => {}
                    Ok(env) => apply(st, env.signal),
                    Err(e) => log::warn!("cluster: an unreadable signal: {e}"),
                }
            }
            std::thread::sleep(POLL);
        }
        std::thread::sleep(RECONNECT);
    }
}

/// Applies a change another server made.
pub fn apply(st: &AppState, signal: Signal) {
    match signal {
        Signal::Live { event } => st.live.pass_on(event),
        Signal::Session { user, version } => st.sessions.learn(user, version),
        Signal::Reference => reload_reference(st),
        Signal::Boundaries => reload_boundaries(st),
    }
}

/// Reads everything another server may have changed.
fn catch_up(st: &AppState) {
    reload_reference(st);
    reload_boundaries(st);
    match st.db.read_blocking(crate::db::users::token_versions) {
        Ok(rows) => {
            for (user, version) in rows {
                st.sessions.learn(user, version);
            }
        }
        Err(e) => log::warn!("cluster: cannot read the session generations: {e}"),
    }
}

fn reload_reference(st: &AppState) {
    let read = st.db.read_blocking(|conn| {
        let (units, cats, _) = crate::db::reference::load(conn)?;
        Ok::<_, crate::db::DbError>((units, cats, crate::db::settings::load(conn)?))
    });
    match read {
        Ok((units, cats, settings)) => st.refdata.reload(units, cats, settings),
        Err(e) => log::warn!("cluster: cannot read units, categories and settings: {e}"),
    }
}

fn reload_boundaries(st: &AppState) {
    if let Err(e) = crate::jobs::boundaries::reload_blocking(st) {
        log::warn!("cluster: cannot read the boundaries: {e}");
    }
}

/// On SQLite, claims the database file for this server alone (a lock on
/// `<file>.serve-lock`, held until the process ends, released by the system
/// even when it is killed); a second server on the same file is refused
/// with a message saying why. `None` on PostgreSQL, where servers share.
pub fn claim_single_server(database_url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Ok(crate::db::DbUrl::Sqlite(path)) = database_url.parse::<crate::db::DbUrl>() else {
        return Ok(None);
    };
    if path == ":memory:" {
        return Ok(None);
    }
    let lock_path = format!("{path}.serve-lock");
    if let Some(dir) = std::path::Path::new(&path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| anyhow::anyhow!("cannot open {lock_path}: {e}"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another `crm serve` is already serving the SQLite database {path}: SQLite is a single-server engine (run several servers over PostgreSQL: --database-url postgres://…)"
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            anyhow::bail!("cannot lock {lock_path}: {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_reads_back_as_written() {
        let text = serde_json::to_string(&Envelope {
            from: 7,
            signal: Signal::Session {
                user: 3,
                version: 9,
            },
        })
        .expect("encode");
        let back: Envelope = serde_json::from_str(&text).expect("decode");
        assert_eq!(back.from, 7);
        assert_eq!(
            back.signal,
            Signal::Session {
                user: 3,
                version: 9
            }
        );
    }

    #[test]
    fn a_second_server_on_one_sqlite_file_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}/crm.sqlite", dir.path().display());
        let first = claim_single_server(&url).expect("first");
        assert!(first.is_some());
        let second = claim_single_server(&url).expect_err("second");
        assert!(second.to_string().contains("single-server"), "{second}");
        drop(first);
        assert!(claim_single_server(&url)
            .expect("after the first stops")
            .is_some());
        assert!(claim_single_server("postgres://x@localhost/crm")
            .expect("pg")
            .is_none());
    }

    #[test]
    fn a_relay_that_was_not_started_is_silent() {
        let r = Relay::default();
        r.tell(Signal::Reference);
        assert_eq!(r.origin(), None);
    }
}
