//! Freezes every period whose cut-off has passed into the score journal:
//! at start (a cut-off missed while the server was down is frozen then) and
//! every minute after. Idempotent: a frozen period is skipped, and the
//! freeze itself checks again inside its transaction.

use crate::db::time::{now, to_db};
use crate::db::{journal, scores, DbError};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use crm_domain::period::Period;
use crm_domain::settings::Versions;
use crm_domain::tkd;
use crm_domain::UnitLevel;
use std::time::Duration;

/// How far back reports can come from to count in a period.
pub const LOOKBACK_MONTHS: usize = 12;

/// The first month of the window of reports that may count in `p`.
pub fn window_start(p: Period) -> Period {
    let mut from = p;
    for _ in 0..LOOKBACK_MONTHS {
        from = from.prev();
    }
    from
}

/// What the count of period `p` as of `as_of` reads: its reports received
/// by then, and the earlier ones that may have moved into it by the moment
/// it is counted at ([`tkd::counted_at`]: its cut-off, or `as_of` before).
pub fn span(p: Period, as_of: DateTime<Utc>, rules: &Versions) -> scores::Span {
    scores::Span {
        since: window_start(p).start(),
        start: p.start(),
        end: p.end().min(as_of + chrono::Duration::seconds(1)),
        previous_cutoff: rules.cutoff(p.prev()),
        counted_at: tkd::counted_at(p, as_of, rules),
    }
}

/// A period's results computed at its cut-off, ready to be written.
struct Computed {
    name: String,
    cutoff: DateTime<Utc>,
    used: journal::Used,
    levels: Vec<(UnitLevel, Vec<tkd::Row>)>,
    counted: Vec<tkd::Contribution>,
}

/// Computes period `p` as of its cut-off with the rules in force then.
fn compute(st: &AppState, p: Period) -> Result<Computed, DbError> {
    let rules = st.refdata.rules();
    let cutoff = rules.cutoff(p);
    let span = span(p, cutoff, &rules);
    let reports = st
        .db
        .read_blocking(|conn| scores::counting(conn, span, cutoff))?;
    let cats = st
        .db
        .read_blocking(|conn| crate::db::reference::category_table_at(conn, cutoff))?;
    let counted = tkd::counted(p, cutoff, &rules, &reports, &cats);
    let in_force = rules.for_period(p);
    let boards = tkd::scores_at(
        &counted,
        &st.refdata.tree(),
        &cats,
        &UnitLevel::ALL,
        &in_force.scoring(),
    );
    let levels: Vec<(UnitLevel, Vec<tkd::Row>)> = UnitLevel::ALL.into_iter().zip(boards).collect();
    Ok(Computed {
        name: p.to_string(),
        cutoff,
        used: journal::Used {
            verification: in_force.verification,
            settings_version: rules.version_for_period(p),
        },
        levels,
        counted,
    })
}

fn write(conn: &mut crate::db::DbConn, c: &Computed) -> Result<bool, DbError> {
    journal::freeze(
        conn,
        &c.name,
        to_db(c.cutoff),
        to_db(now()),
        c.used,
        &c.levels,
        &c.counted,
    )
}

/// Freezes period `p` as of its cut-off, unless frozen already. Returns
/// whether it was frozen now.
pub fn freeze_period(st: &AppState, p: Period) -> Result<bool, DbError> {
    let c = compute(st, p)?;
    st.db.write_blocking(|conn| write(conn, &c))
}

/// Whether a frozen period holds imported work only (so it may be rebuilt
/// after a later import).
pub fn import_only(st: &AppState, p: Period) -> Result<bool, DbError> {
    let name = p.to_string();
    let (start, end) = (to_db(p.start()), to_db(p.end()));
    st.db
        .read_blocking(|conn| journal::import_only(conn, &name, start, end))
}

/// What became of a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    Rebuilt,
    /// The period was never frozen: nothing to rebuild.
    NotFrozen,
    /// The period holds live work: it never changes.
    LiveWork,
}

/// Rebuilds a frozen period from the reports as they stand (imported ones
/// added by a later file), if it holds imported work only; audited with
/// the reason. The old results are replaced in one transaction.
pub fn rebuild(st: &AppState, p: Period, by: &str, reason: &str) -> Result<Rebuilt, DbError> {
    let name = p.to_string();
    if st
        .db
        .read_blocking(|conn| journal::frozen_at(conn, &name))?
        .is_none()
    {
        return Ok(Rebuilt::NotFrozen);
    }
    let c = compute(st, p)?;
    let (start, end) = (to_db(p.start()), to_db(p.end()));
    st.db.write_blocking(|conn| -> Result<Rebuilt, DbError> {
        // Checked again inside the transaction: live work may have come.
        if !journal::import_only(conn, &c.name, start, end)? {
            return Ok(Rebuilt::LiveWork);
        }
        let before = journal::units(conn, &c.name, UnitLevel::Kelurahan)?.len();
        journal::remove(conn, &c.name)?;
        write(conn, &c)?;
        journal::mark_rebuilt(conn, &c.name, by, reason, to_db(now()))?;
        crate::db::audit::record(
            conn,
            crate::db::audit::Change {
                actor: by,
                action: "journal.rebuild",
                target: format!("period:{}", c.name),
                before: Some(serde_json::json!({ "kelurahan_scored": before })),
                after: Some(serde_json::json!({
                    "kelurahan_scored": c.levels.iter()
                        .find(|(l, _)| *l == UnitLevel::Kelurahan)
                        .map_or(0, |(_, r)| r.len()),
                    "reports_counted": c.counted.len(),
                    "reason": reason,
                })),
            },
        )?;
        Ok(Rebuilt::Rebuilt)
    })
}

/// Freezes every period from the oldest report's month whose cut-off lies
/// before `at`. Returns the periods frozen now. The frozen ones are read in
/// one query, so a run with nothing due costs two queries however many
/// months the records span.
pub fn freeze_due(st: &AppState, at: DateTime<Utc>) -> Result<Vec<Period>, DbError> {
    let oldest = st.db.read_blocking(crate::db::reports::oldest_received)?;
    let Some(oldest) = oldest else {
        return Ok(Vec::new());
    };
    let mut p = Period::of(crate::db::time::from_db(oldest));
    let already = st.db.read_blocking(journal::frozen_periods)?;
    let mut frozen = Vec::new();
    let rules = st.refdata.rules();
    while rules.cutoff(p) < at {
        let done = already.contains(&p.to_string());
        if !done && freeze_period(st, p)? {
            log::info!("froze the scores of {p} (cut-off {})", rules.cutoff(p));
            frozen.push(p);
        }
        p = p.next();
    }
    Ok(frozen)
}

/// Runs [`freeze_due`] now and every minute, for as long as the server runs.
pub fn spawn(st: AppState) {
    actix_web::rt::spawn(async move {
        loop {
            let s = st.clone();
            let started = std::time::Instant::now();
            let done =
                actix_web::rt::task::spawn_blocking(move || freeze_due(&s, Utc::now())).await;
            crate::meters::job("journal", started.elapsed(), matches!(done, Ok(Ok(_))));
            match done {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => log::error!("score journal: {e}"),
                Err(e) => log::error!("score journal task: {e}"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(60)).await;
        }
    });
}
