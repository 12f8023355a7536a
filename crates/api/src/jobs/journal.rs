//! Freezes every period whose cut-off has passed into the score journal:
//! at start (a cut-off missed while the server was down is frozen then) and
//! every minute after. Idempotent: a frozen period is skipped, and the
//! freeze itself checks again inside its transaction.

use crate::db::time::{now, to_db};
use crate::db::{journal, scores, DbError};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use crm_domain::period::Period;
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

/// Freezes period `p` as of its cut-off, unless frozen already. Returns
/// whether it was frozen now.
pub fn freeze_period(st: &AppState, p: Period) -> Result<bool, DbError> {
    let (start, end) = (window_start(p).start(), p.end());
    let reports = st
        .db
        .read_blocking(|conn| scores::histories(conn, start, end))?;
    let rules = st.refdata.rules();
    let cutoff = rules.cutoff(p);
    let cats = st
        .db
        .read_blocking(|conn| crate::db::reference::category_table_at(conn, cutoff))?;
    let counted = tkd::contributions(p, cutoff, &rules, &reports, &cats);
    let in_force = rules.for_period(p);
    let levels: Vec<(UnitLevel, Vec<tkd::Row>)> = UnitLevel::ALL
        .into_iter()
        .map(|l| {
            let rows = tkd::scores_from(
                &counted,
                &st.refdata.tree(),
                &cats,
                l,
                &in_force.grade_edges,
            );
            (l, rows)
        })
        .collect();
    let name = p.to_string();
    let used = journal::Used {
        verification: in_force.verification,
        settings_version: rules.version_for_period(p),
    };
    st.db.write_blocking(|conn| {
        journal::freeze(
            conn,
            &name,
            to_db(cutoff),
            to_db(now()),
            used,
            &levels,
            &counted,
        )
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
