//! Reports the Monitoring Room closed without work, and corrections of a
//! report's category or kelurahan.

use crate::db::schema::{closures, report_history, reports};
use crate::db::time::to_db;
use crate::db::{DbConn, DbError};
use chrono::{DateTime, Utc};
use crm_domain::api::ClosedReason;
use diesel::prelude::*;

/// Records a closure (replacing an earlier one of the report).
pub fn set(
    conn: &mut DbConn,
    number: i64,
    reason: ClosedReason,
    duplicate_of: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    clear(conn, number)?;
    diesel::insert_into(closures::table)
        .values((
            closures::report_number.eq(number),
            closures::reason.eq(reason.as_str()),
            closures::duplicate_of.eq(duplicate_of),
            closures::closed_at.eq(to_db(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets a closure (the report was reopened); whether there was one.
pub fn clear(conn: &mut DbConn, number: i64) -> Result<bool, DbError> {
    Ok(
        diesel::delete(closures::table.filter(closures::report_number.eq(number))).execute(conn)?
            > 0,
    )
}

/// Writes a correction to the report's row, and the category it had
/// before onto its newest history entry (the correction's own).
pub fn correct(
    conn: &mut DbConn,
    number: i64,
    category: Option<(&str, &str)>,
    kelurahan: Option<&str>,
) -> Result<(), DbError> {
    if let Some((before, after)) = category {
        diesel::update(reports::table.find(number))
            .set(reports::category_code.eq(after))
            .execute(conn)?;
        let newest: i64 = report_history::table
            .filter(report_history::report_number.eq(number))
            .select(diesel::dsl::max(report_history::id))
            .first::<Option<i64>>(conn)?
            .unwrap_or(0);
        diesel::update(report_history::table.find(newest))
            .set(report_history::category_before.eq(Some(before)))
            .execute(conn)?;
    }
    if let Some(k) = kelurahan {
        diesel::update(reports::table.find(number))
            .set(reports::kelurahan_code.eq(Some(k)))
            .execute(conn)?;
    }
    Ok(())
}
