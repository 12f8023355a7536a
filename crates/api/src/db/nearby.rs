//! Reports near a point: found by the `(category, h3_cell)` index over the
//! cells covering the circle ([`crate::cells`]); the distance and what is
//! worth showing are the domain's ([`crm_domain::similar`]).

use crate::db::schema::reports;
use crate::db::time::to_db;
use crate::db::{DbConn, DbError};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

/// A report near the point, as read.
#[derive(Debug, Clone, Queryable)]
pub struct NearRow {
    pub number: i64,
    pub status: String,
    pub lat: f64,
    pub lon: f64,
    pub received_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub hidden: bool,
}

/// Open reports of `category` in `cells`, and those done since `done_days`
/// before `now`.
pub fn in_cells(
    conn: &mut DbConn,
    category: &str,
    cells: &[i64],
    now: DateTime<Utc>,
    done_days: u32,
) -> Result<Vec<NearRow>, DbError> {
    let since = to_db(now - Duration::days(i64::from(done_days)));
    Ok(reports::table
        .filter(reports::category_code.eq(category))
        .filter(reports::h3_cell.eq_any(cells))
        .filter(
            reports::status
                .ne(crm_domain::ReportStatus::Selesai.as_str())
                .or(reports::completed_at.ge(since)),
        )
        .select((
            reports::number,
            reports::status,
            reports::lat.assume_not_null(),
            reports::lon.assume_not_null(),
            reports::received_at,
            reports::completed_at,
            reports::hidden,
        ))
        .load(conn)?)
}

/// The descriptions of the few reports shown (read after the nearest are
/// chosen, so the many candidates are read without their text).
pub fn descriptions(
    conn: &mut DbConn,
    numbers: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbError> {
    Ok(reports::table
        .filter(reports::number.eq_any(numbers))
        .select((reports::number, reports::description))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}
