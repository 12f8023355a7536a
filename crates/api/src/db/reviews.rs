//! The Monitoring Room's review queue: reports whose reporter answered "not
//! fixed" within 30 days of Selesai ([`crm_domain::feedback`]), until the
//! room reopens the report or answers the reporter.

use crate::db::schema::{report_history, reports, reviews};
use crate::db::time::to_db;
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::feedback::ReviewState;
use diesel::prelude::*;

/// Puts a report in the queue (again, if it was there before).
pub fn request(conn: &mut DbConn, number: i64, at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::delete(reviews::table.find(number)).execute(conn)?;
    diesel::insert_into(reviews::table)
        .values((
            reviews::report_number.eq(number),
            reviews::requested_at.eq(to_db(at)),
            reviews::state.eq(ReviewState::Open.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes a report out of the queue, if it is there; whether it was.
pub fn resolve(
    conn: &mut DbConn,
    number: i64,
    state: ReviewState,
    by: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let n = diesel::update(
        reviews::table
            .find(number)
            .filter(reviews::state.eq(ReviewState::Open.as_str())),
    )
    .set((
        reviews::state.eq(state.as_str()),
        reviews::resolved_at.eq(Some(to_db(at))),
        reviews::resolved_by.eq(Some(by)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Whether a report waits in the queue.
pub fn is_open(conn: &mut DbConn, number: i64) -> Result<bool, DbError> {
    Ok(reviews::table
        .find(number)
        .filter(reviews::state.eq(ReviewState::Open.as_str()))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// One waiting review: the report's number, when it was asked, and the
/// report's category and holder.
pub type Waiting = (i64, NaiveDateTime, String, Option<String>, String);

/// The waiting reviews, oldest request first.
pub fn waiting(conn: &mut DbConn, limit: i64) -> Result<Vec<Waiting>, DbError> {
    Ok(reviews::table
        .inner_join(reports::table)
        .filter(reviews::state.eq(ReviewState::Open.as_str()))
        .select((
            reviews::report_number,
            reviews::requested_at,
            reports::category_code,
            reports::holder_code,
            reports::description,
        ))
        .order((reviews::requested_at, reviews::report_number))
        .limit(limit)
        .load(conn)?)
}

/// The reporters' rating notes of these reports, by number.
pub fn feedback_notes(
    conn: &mut DbConn,
    numbers: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbError> {
    let rows: Vec<(i64, Option<String>)> = report_history::table
        .filter(report_history::report_number.eq_any(numbers))
        .filter(report_history::kind.eq(crm_domain::lifecycle::ActionKind::Rate.as_str()))
        .select((report_history::report_number, report_history::note))
        .order(report_history::id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(n, note)| note.map(|t| (n, t)))
        .collect())
}
