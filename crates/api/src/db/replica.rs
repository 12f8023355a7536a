//! A PostgreSQL streaming replica for heavy reads: used while it answers
//! and has replayed the primary's writes, or lags less than the bound;
//! otherwise the primary serves. Checked at most once a second, on demand
//! (no replica connection is kept when nothing heavy is asked).

use super::{Db, DbConn, DbError};
use diesel::sql_types::{Bool, Double, Text};
use diesel::RunQueryDsl;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a check of the replica holds.
const RECHECK: Duration = Duration::from_secs(1);

/// The replica and what was last learnt of it.
pub struct Replica {
    reader: Db,
    max_lag: Duration,
    /// When it was last checked, and whether it was usable then.
    last: Mutex<Option<(Instant, bool)>>,
}

#[derive(diesel::QueryableByName)]
struct Position {
    #[diesel(sql_type = Text)]
    lsn: String,
}

#[derive(diesel::QueryableByName)]
struct Standing {
    #[diesel(sql_type = Bool)]
    caught_up: bool,
    #[diesel(sql_type = Double)]
    behind_secs: f64,
}

/// The primary's current write-ahead log position.
pub fn wal_position(conn: &mut DbConn) -> Result<String, DbError> {
    let p: Position =
        diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn").get_result(conn)?;
    Ok(p.lsn)
}

impl Replica {
    pub fn new(reader: Db, max_lag: Duration) -> Self {
        Replica {
            reader,
            max_lag,
            last: Mutex::new(None),
        }
    }

    /// Whether every write made before `at` is on the replica whenever it
    /// may be read at all.
    pub fn covers(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
        chrono::Duration::from_std(self.max_lag).is_ok_and(|lag| chrono::Utc::now() - at > lag)
    }

    /// The replica, when it may be read now.
    pub async fn usable(&self, primary: &Db) -> Option<Db> {
        let known = self
            .last
            .lock()
            .ok()
            .and_then(|l| *l)
            .filter(|(at, _)| at.elapsed() < RECHECK);
        let ok = match known {
            Some((_, ok)) => ok,
            None => {
                let (primary, reader, max_lag) =
                    (primary.clone(), self.reader.clone(), self.max_lag);
                let ok = tokio::task::spawn_blocking(move || check(&primary, &reader, max_lag))
                    .await
                    .unwrap_or(false);
                if let Ok(mut l) = self.last.lock() {
                    *l = Some((Instant::now(), ok));
                }
                metrics::gauge!("crm_db_replica_usable").set(if ok { 1.0 } else { 0.0 });
                ok
            }
        };
        ok.then(|| self.reader.clone())
    }
}

/// Whether the replica answers and has replayed what the primary had
/// written a moment ago, or its last replayed write is recent enough.
fn check(primary: &Db, reader: &Db, max_lag: Duration) -> bool {
    let at = match primary.wal_position() {
        Ok(p) => p,
        Err(e) => {
            log::warn!("replica check: the primary does not answer: {e}");
            return false;
        }
    };
    let standing = reader.read_blocking(|conn: &mut DbConn| -> Result<Standing, DbError> {
        Ok(diesel::sql_query(
            "SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught_up, \
                    COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)::float8 AS behind_secs",
        )
        .bind::<Text, _>(&at)
        .get_result(conn)?)
    });
    match standing {
        Ok(s) => s.caught_up || s.behind_secs < max_lag.as_secs_f64(),
        Err(e) => {
            log::warn!("replica check: the replica does not answer: {e}");
            false
        }
    }
}
