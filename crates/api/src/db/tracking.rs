//! Each report's tracking code ([`crate::tracking`]), and the step at start
//! that gives one to every report made before codes existed (with the H3
//! cell of its point, for the same reason).

use crate::db::connection::native;
use crate::db::schema::{reports, tracking_codes};
use crate::db::{DbConn, DbError};
use diesel::prelude::*;

/// Stores a new report's code.
pub fn insert(conn: &mut DbConn, number: i64, code: &str) -> Result<(), DbError> {
    native!(conn, |c| diesel::insert_into(tracking_codes::table)
        .values((
            tracking_codes::report_number.eq(number),
            tracking_codes::code.eq(code),
        ))
        .execute(c))?;
    Ok(())
}

/// Stores the codes of many new reports in one multi-row insert.
pub fn insert_many(conn: &mut DbConn, codes: &[(i64, String)]) -> Result<(), DbError> {
    let rows: Vec<_> = codes
        .iter()
        .map(|(number, code)| {
            (
                tracking_codes::report_number.eq(*number),
                tracking_codes::code.eq(code.as_str()),
            )
        })
        .collect();
    let insert = diesel::insert_into(tracking_codes::table).values(&rows);
    native!(conn, |c| insert.execute(c))?;
    Ok(())
}

/// A report's code.
pub fn code_of(conn: &mut DbConn, number: i64) -> Result<Option<String>, DbError> {
    Ok(tracking_codes::table
        .find(number)
        .select(tracking_codes::code)
        .first(conn)
        .optional()?)
}

/// How many reports are given a code or a cell in one transaction.
const FILL_BATCH: i64 = 2_000;

/// Gives a code to every report without one, and a cell to every point
/// without one, in batches; returns how many reports were given a code.
pub fn fill_missing(conn: &mut DbConn) -> Result<usize, DbError> {
    let mut coded = 0;
    loop {
        let n = conn.transaction(|conn| -> Result<usize, DbError> {
            let missing: Vec<i64> = reports::table
                .left_join(tracking_codes::table)
                .filter(tracking_codes::report_number.is_null())
                .select(reports::number)
                .order(reports::number)
                .limit(FILL_BATCH)
                .load(conn)?;
            for number in &missing {
                insert(conn, *number, &crate::tracking::new_code())?;
            }
            Ok(missing.len())
        })?;
        coded += n;
        if n == 0 {
            break;
        }
    }
    loop {
        let n = conn.transaction(|conn| -> Result<usize, DbError> {
            let missing: Vec<(i64, f64, f64)> = reports::table
                .filter(reports::h3_cell.is_null())
                .filter(reports::lat.is_not_null())
                .filter(reports::lon.is_not_null())
                .select((
                    reports::number,
                    reports::lat.assume_not_null(),
                    reports::lon.assume_not_null(),
                ))
                .order(reports::number)
                .limit(FILL_BATCH)
                .load(conn)?;
            for (number, lat, lon) in &missing {
                // A point that is no point keeps cell 0 and is never near.
                let cell = crate::cells::cell_of(*lat, *lon).unwrap_or(0);
                diesel::update(reports::table.find(number))
                    .set(reports::h3_cell.eq(cell))
                    .execute(conn)?;
            }
            Ok(missing.len())
        })?;
        if n == 0 {
            break;
        }
    }
    Ok(coded)
}
