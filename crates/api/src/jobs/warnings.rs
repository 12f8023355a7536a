//! Early warning: every minute, each open report's time targets are checked
//! (`crm_domain::sla`); a target newly near or past raises one warning for
//! the holding unit and the unit above it (for a report still in triage:
//! the Monitoring Room, which owns it), as in-app notifications.
//!
//! Each report's schedule says when the job next needs to look at it (the
//! next moment one of its clocks turns near or runs out, and at the latest
//! a day later): a report already past every target is read once a day,
//! not every minute, until someone acts on it.
//!
//! A warning is keyed by report, target, standing and the moment its clock
//! started (a unique index), so a restart or a second server never repeats
//! one (a warning another server raised first is skipped, not an error);
//! a report acted on between the read and the write waits for the next
//! run; and a clock that restarts (a hand-over, new work after a quiet
//! day) can warn again. Near and past are two warnings; a report first seen past
//! its target gets only the past one.

use crate::db::monitor::{self, NewNotification, NewWarning};
use crate::db::time::{from_db, to_db};
use crate::db::DbError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use crm_domain::sla::{self, target_kind, Standing};
use crm_domain::ReportStatus;
use std::collections::HashMap;
use std::time::Duration;

/// A warning just raised.
#[derive(Debug, Clone)]
pub struct Raised {
    pub report_number: i64,
    pub status: ReportStatus,
    pub holder: Option<String>,
}

/// Reports the job reads and writes at a time: memory and the writer's
/// hold stay bounded when many come due together (the first run after an
/// upgrade, or after the settings changed every schedule).
const BATCH: i64 = 5000;

/// The longest the job waits before looking at an open report again, even
/// when none of its clocks can turn before then: whatever its last look
/// missed (settings changed meanwhile, a category it did not know yet, an
/// entry dated ahead of its clock) is seen within this.
const RECHECK: chrono::Duration = chrono::Duration::hours(24);

/// Raises the warnings due at `now` that were not raised before; returns
/// them. Reads only the reports whose schedule says a clock may have turned
/// near or run out since the job last looked, and records for each when
/// that can next happen (`crm_domain::sla::next_check`), [`BATCH`] reports
/// at a time.
pub fn raise_due(st: &AppState, now: DateTime<Utc>) -> Result<Vec<Raised>, DbError> {
    raise_due_by(st, now, BATCH)
}

/// [`raise_due`], `batch` reports at a time.
pub fn raise_due_by(st: &AppState, now: DateTime<Utc>, batch: i64) -> Result<Vec<Raised>, DbError> {
    let mut raised = Vec::new();
    let mut after = 0;
    loop {
        let open = st
            .db
            .read_blocking(|c| monitor::to_check(c, now, after, batch))?;
        let Some((last, _)) = open.last() else {
            break;
        };
        after = last.number;
        let full = open.len() as i64 >= batch;
        raised.extend(raise_among(st, now, &open)?);
        if !full {
            break;
        }
    }
    Ok(raised)
}

/// Raises the warnings due at `now` among the reports `open`.
fn raise_among(
    st: &AppState,
    now: DateTime<Utc>,
    open: &[(monitor::OpenRow, crm_domain::tkd::ReportHistory)],
) -> Result<Vec<Raised>, DbError> {
    let mut candidates: Vec<(NewWarning, ReportStatus, i64)> = Vec::new();
    let mut next_checks: Vec<(i64, DateTime<Utc>, i64)> = Vec::with_capacity(open.len());
    let settings = st.refdata.settings();
    for (row, history) in open {
        let Some(cat) = st.refdata.category(&history.category) else {
            next_checks.push((row.number, now + RECHECK, row.version));
            continue;
        };
        next_checks.push((
            row.number,
            sla::next_check(history, cat.bands, &settings, now)
                .map_or(now + RECHECK, |t| t.min(now + RECHECK)),
            row.version,
        ));
        // A target that had passed before the report entered the system
        // (an old report imported) warns no one: nobody could have met it.
        let entered = from_db(row.created_at);
        for clock in sla::clocks(history, cat.bands, &settings, now)
            .into_iter()
            .filter(|c| c.due >= entered)
        {
            let standing = match clock.standing {
                Standing::Ok => continue,
                Standing::Near => "near",
                Standing::Past => "past",
            };
            candidates.push((
                NewWarning {
                    report_number: row.number,
                    target: target_kind(clock.target).as_str().into(),
                    standing: standing.into(),
                    clock_since: to_db(clock.since),
                    due_at: to_db(clock.due),
                    unit_code: row.holder_code.clone(),
                    raised_at: to_db(now),
                },
                row.status(),
                row.version,
            ));
        }
    }
    // A report's most urgent warning first: a past target before a near
    // one, the earliest due first. It alone is notified (one notice per
    // report per run); every warning is still recorded and on the board.
    candidates.sort_by(|(a, _, _), (b, _, _)| {
        (a.report_number, a.standing != "past", a.due_at).cmp(&(
            b.report_number,
            b.standing != "past",
            b.due_at,
        ))
    });
    // Warnings raised in earlier runs are set aside before the write
    // begins: the write then holds the lock only for what is new (a warning
    // raised meanwhile elsewhere is refused by the unique index).
    let warnings: Vec<NewWarning> = candidates.iter().map(|(w, _, _)| w.clone()).collect();
    let seen = st.db.read_blocking(|c| monitor::raised(c, &warnings))?;
    candidates.retain(|(w, _, _)| {
        !seen.contains(&(
            w.report_number,
            w.target.clone(),
            w.standing.clone(),
            w.clock_since,
        ))
    });
    let refs = st.refdata.clone();
    let raised = st
        .db
        .write_blocking(|conn| -> Result<Vec<Raised>, DbError> {
            // A report acted on since it was read is left for the next run
            // (the write that changed it worked its schedule out again).
            monitor::set_next_checks(conn, &next_checks)?;
            let numbers: Vec<i64> = candidates.iter().map(|(w, _, _)| w.report_number).collect();
            let now_at = monitor::versions(conn, &numbers)?;
            let mut staff: HashMap<Option<String>, Vec<i64>> = HashMap::new();
            let mut out = Vec::new();
            let mut notes = Vec::new();
            for (w, status, version) in candidates {
                if now_at.get(&w.report_number) != Some(&version) {
                    continue;
                }
                let Some(id) = monitor::insert_warning(conn, &w)? else {
                    continue;
                };
                let users = match staff.get(&w.unit_code) {
                    Some(u) => u.clone(),
                    None => {
                        // A report in triage is the Monitoring Room's.
                        let u = match w.unit_code.as_deref() {
                            None => monitor::monitoring_staff(conn)?,
                            Some(holder) => monitor::staff_of(
                                conn,
                                &sla::warned_units(Some(holder), &refs.tree()),
                            )?,
                        };
                        staff.insert(w.unit_code.clone(), u.clone());
                        u
                    }
                };
                // The candidates come in report order: the first raised of
                // a report follows one of another report.
                let first_of_report =
                    out.last().map(|r: &Raised| r.report_number) != Some(w.report_number);
                if first_of_report {
                    notes.extend(users.into_iter().map(|user_id| NewNotification {
                        user_id,
                        kind: crm_domain::api::NotificationKind::Warning.as_str().into(),
                        report_number: w.report_number,
                        warning_id: Some(id),
                        unit_code: w.unit_code.clone(),
                        created_at: to_db(now),
                    }));
                }
                out.push(Raised {
                    report_number: w.report_number,
                    status,
                    holder: w.unit_code.clone(),
                });
            }
            monitor::notify(conn, &notes)?;
            Ok(out)
        })?;
    for r in &raised {
        st.live.warning(r.report_number, r.status, r.holder.clone());
    }
    Ok(raised)
}

/// Runs [`raise_due`] now and every minute, for as long as the server runs.
pub fn spawn(st: AppState) {
    actix_web::rt::spawn(async move {
        loop {
            let s = st.clone();
            let started = std::time::Instant::now();
            let done = actix_web::rt::task::spawn_blocking(move || raise_due(&s, Utc::now())).await;
            crate::meters::job("warnings", started.elapsed(), matches!(done, Ok(Ok(_))));
            match done {
                Ok(Ok(r)) if !r.is_empty() => log::info!("raised {} time-target warnings", r.len()),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => log::error!("time-target warnings: {e}"),
                Err(e) => log::error!("time-target warnings task: {e}"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(60)).await;
        }
    });
}
