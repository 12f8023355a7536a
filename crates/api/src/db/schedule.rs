//! When each open report next needs attention (`crm_domain::sla::Schedule`),
//! kept in `report_schedule` (a row while a clock may run on the report):
//! worked out from the history by every write that changes a report, and
//! for every open report again when the settings or a category's bands
//! change. The targets board pages on it, and the warning job and the
//! workload board read only the reports it makes due.

use crate::db::connection::native;
use crate::db::schema::{report_schedule, reports};
use crate::db::time::{from_db, to_db};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::lifecycle::Case;
use crm_domain::sla::Schedule;
use crm_domain::tkd::ReportHistory;
use crm_domain::ReportStatus;
use diesel::prelude::*;
use std::collections::HashMap;

/// How a report's schedule follows from its history: the settings and its
/// category's bands (`crate::refdata::RefData::reckon`).
pub type Reckon<'a> = &'a dyn Fn(&ReportHistory) -> Option<Schedule>;

/// Rows a multi-row insert carries (four parameters a row).
const BATCH_ROWS: usize = 2000;

/// A report's schedule as written.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub number: i64,
    /// Its holder, kept with it so that a unit's board is read by index.
    pub holder: Option<String>,
    /// While it is Menunggu: since when it waits at its holder.
    pub waiting_since: Option<DateTime<Utc>>,
    /// None while no clock may run (no row is kept then).
    pub schedule: Option<Schedule>,
}

impl Scheduled {
    /// The schedule of the report `number` in the state `case`.
    pub fn of(number: i64, case: &Case, schedule: Option<Schedule>) -> Scheduled {
        Scheduled {
            number,
            holder: case.holder.clone(),
            waiting_since: (case.status == ReportStatus::Menunggu).then_some(case.holder_since),
            schedule,
        }
    }
}

/// Writes the schedules of new reports (those with one).
pub fn insert(conn: &mut DbConn, schedules: &[Scheduled]) -> Result<(), DbError> {
    let rows: Vec<_> = schedules
        .iter()
        .filter_map(|w| {
            w.schedule.map(|s| {
                (
                    report_schedule::report_number.eq(w.number),
                    report_schedule::attention_at.eq(to_db(s.attention_at)),
                    report_schedule::first_due_at.eq(to_db(s.first_due)),
                    report_schedule::holder_code.eq(w.holder.clone()),
                    report_schedule::waiting_since.eq(w.waiting_since.map(to_db)),
                    report_schedule::next_check_at.eq(Some(to_db(s.attention_at))),
                )
            })
        })
        .collect();
    if let [one] = rows.as_slice() {
        // A filing's: one row, a statement that stays compiled (a multi-row
        // insert is compiled again on every run).
        let insert = diesel::insert_into(report_schedule::table).values(one);
        native!(conn, |c| insert.execute(c))?;
        return Ok(());
    }
    for chunk in rows.chunks(BATCH_ROWS) {
        let insert = diesel::insert_into(report_schedule::table).values(chunk);
        native!(conn, |c| insert.execute(c))?;
    }
    Ok(())
}

/// Works out again the schedules of the reports numbered `numbers`.
pub fn refresh(conn: &mut DbConn, numbers: &[i64], reckon: Reckon) -> Result<(), DbError> {
    type State = (Option<String>, String, Option<NaiveDateTime>, NaiveDateTime);
    for chunk in numbers.chunks(BATCH_ROWS) {
        let states: HashMap<i64, State> = reports::table
            .filter(reports::number.eq_any(chunk))
            .select((
                reports::number,
                (
                    reports::holder_code,
                    reports::status,
                    reports::holder_since,
                    reports::received_at,
                ),
            ))
            .load::<(i64, State)>(conn)?
            .into_iter()
            .collect();
        let worked: Vec<Scheduled> = crate::db::scores::of_numbers(conn, chunk)?
            .iter()
            .filter_map(|h| {
                let (holder, status, since, received) = states.get(&h.number)?.clone();
                let waiting = status == ReportStatus::Menunggu.as_str();
                Some(Scheduled {
                    number: h.number,
                    holder,
                    waiting_since: waiting.then(|| from_db(since.unwrap_or(received))),
                    schedule: reckon(h),
                })
            })
            .collect();
        diesel::delete(report_schedule::table.filter(report_schedule::report_number.eq_any(chunk)))
            .execute(conn)?;
        insert(conn, &worked)?;
    }
    Ok(())
}

/// Works out again the schedule of every open report (after the settings
/// changed), or of every open report of one category (after its bands
/// changed); returns how many.
pub fn refresh_open(
    conn: &mut DbConn,
    category: Option<&str>,
    reckon: Reckon,
) -> Result<usize, DbError> {
    let mut q = reports::table
        .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
        .select(reports::number)
        .order(reports::number)
        .into_boxed();
    if let Some(c) = category {
        q = q.filter(reports::category_code.eq(c.to_string()));
    }
    let open: Vec<i64> = q.load(conn)?;
    refresh(conn, &open, reckon)?;
    Ok(open.len())
}

/// Reports a fill-in batch reads and writes in one transaction.
pub const FILL_BATCH: i64 = 2000;

/// Open reports numbered after `after` that a clock may run on but that
/// have no schedule (written before schedules were kept), at most `limit`
/// of them.
pub fn missing(conn: &mut DbConn, after: i64, limit: i64) -> Result<Vec<i64>, DbError> {
    let scheduled = report_schedule::table
        .filter(report_schedule::report_number.eq(reports::number))
        .select(report_schedule::report_number);
    Ok(reports::table
        .filter(reports::number.gt(after))
        .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
        .filter(reports::awaiting_verification.eq(false))
        .filter(diesel::dsl::not(diesel::dsl::exists(scheduled)))
        .select(reports::number)
        .order(reports::number)
        .limit(limit)
        .load(conn)?)
}
