//! The score journal: a period's results frozen at its cut-off (per unit and
//! level, and per report), written once and never changed.

use crate::db::connection::native;
use crate::db::schema::{journal_periods, journal_reports, journal_units};
use crate::db::{DbConn, DbError};
use chrono::NaiveDateTime;
use crm_domain::tkd::{Contribution, Row};
use crm_domain::UnitLevel;
use diesel::prelude::*;

/// A frozen unit result.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = journal_units, treat_none_as_default_value = false)]
pub struct JournalUnit {
    pub period: String,
    pub level: String,
    pub unit_code: String,
    pub total: i32,
    pub complete: i32,
    pub completion: f64,
    pub follow_up_time: f64,
    pub category_weight: f64,
    pub effort: f64,
    pub obtained: f64,
    pub maximum: f64,
    pub final_score: f64,
    pub grade: String,
    pub rank: i32,
}

/// A frozen report contribution.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = journal_reports, treat_none_as_default_value = false)]
pub struct JournalReport {
    pub period: String,
    pub report_number: i64,
    pub unit_code: String,
    pub category_code: String,
    pub completion_hours: Option<f64>,
    pub band_score: Option<f64>,
    pub weight: f64,
}

/// When the period was frozen, if it was.
pub fn frozen_at(conn: &mut DbConn, period: &str) -> Result<Option<NaiveDateTime>, DbError> {
    Ok(journal_periods::table
        .find(period)
        .select(journal_periods::frozen_at)
        .first(conn)
        .optional()?)
}

/// The names of every frozen period.
pub fn frozen_periods(conn: &mut DbConn) -> Result<std::collections::HashSet<String>, DbError> {
    Ok(journal_periods::table
        .select(journal_periods::period)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// What a period was scored with.
#[derive(Debug, Clone, Copy)]
pub struct Used {
    pub verification: bool,
    pub settings_version: i64,
}

/// Journal rows a multi-row insert carries (14 columns at most, within
/// SQLite's 32,766 parameters).
const JOURNAL_ROWS: usize = 1000;

/// Freezes a period, unless it is frozen already (then nothing is written
/// and `false` is returned).
pub fn freeze(
    conn: &mut DbConn,
    period: &str,
    cutoff: NaiveDateTime,
    frozen_at_now: NaiveDateTime,
    used: Used,
    levels: &[(UnitLevel, Vec<Row>)],
    contributions: &[Contribution],
) -> Result<bool, DbError> {
    // Servers sharing a PostgreSQL freeze one at a time: the second waits
    // here and then finds the period frozen.
    if let DbConn::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7301)").execute(c)?;
    }
    if frozen_at(conn, period)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(journal_periods::table)
        .values((
            journal_periods::period.eq(period),
            journal_periods::cutoff.eq(cutoff),
            journal_periods::frozen_at.eq(frozen_at_now),
            journal_periods::verification.eq(used.verification),
            journal_periods::settings_version.eq(used.settings_version),
        ))
        .execute(conn)?;
    let units: Vec<JournalUnit> = levels
        .iter()
        .flat_map(|(level, rows)| {
            rows.iter().enumerate().map(move |(i, r)| {
                let s = &r.score;
                JournalUnit {
                    period: period.to_string(),
                    level: level.as_str().to_string(),
                    unit_code: r.unit.clone(),
                    total: count(s.total),
                    complete: count(s.complete),
                    completion: s.completion,
                    follow_up_time: s.follow_up_time,
                    category_weight: s.category_weight,
                    effort: s.effort,
                    obtained: s.obtained,
                    maximum: s.maximum,
                    final_score: s.final_score,
                    grade: s.grade.as_str().to_string(),
                    rank: count(i + 1),
                }
            })
        })
        .collect();
    for chunk in units.chunks(JOURNAL_ROWS) {
        let insert = diesel::insert_into(journal_units::table).values(chunk);
        native!(conn, |c| insert.execute(c))?;
    }
    for chunk in contributions.chunks(JOURNAL_ROWS) {
        let rows: Vec<JournalReport> = chunk
            .iter()
            .map(|c| JournalReport {
                period: period.to_string(),
                report_number: c.number,
                unit_code: c.unit.clone(),
                category_code: c.category.clone(),
                completion_hours: c.completion_hours,
                band_score: c.band_score,
                weight: c.weight,
            })
            .collect();
        let insert = diesel::insert_into(journal_reports::table).values(&rows);
        native!(conn, |c| insert.execute(c))?;
    }
    Ok(true)
}

/// The frozen results of a level, best first.
pub fn units(
    conn: &mut DbConn,
    period: &str,
    level: UnitLevel,
) -> Result<Vec<JournalUnit>, DbError> {
    Ok(journal_units::table
        .filter(journal_units::period.eq(period))
        .filter(journal_units::level.eq(level.as_str()))
        .order(journal_units::rank.asc())
        .select(JournalUnit::as_select())
        .load(conn)?)
}

/// Every frozen report contribution of a period.
pub fn reports(conn: &mut DbConn, period: &str) -> Result<Vec<JournalReport>, DbError> {
    Ok(journal_reports::table
        .filter(journal_reports::period.eq(period))
        .order(journal_reports::report_number.asc())
        .select(JournalReport::as_select())
        .load(conn)?)
}

/// Who wrote the history of imported reports.
pub const IMPORT_ACTOR: &str = "Impor sistem lama";

/// Whether the period holds imported work only: every report received in
/// `[start, end)`, and every report its journal counted, has a history
/// written by the import alone (no officer, channel or verifier touched
/// it in the live system).
pub fn import_only(
    conn: &mut DbConn,
    period: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Result<bool, DbError> {
    use crate::db::schema::{report_history as h, reports as r};
    let received = r::table
        .filter(r::received_at.ge(start))
        .filter(r::received_at.lt(end))
        .select(r::number);
    let counted = journal_reports::table
        .filter(journal_reports::period.eq(period))
        .select(journal_reports::report_number);
    let live: i64 = h::table
        .filter(
            h::report_number
                .eq_any(received)
                .or(h::report_number.eq_any(counted)),
        )
        .filter(h::actor_name.is_null().or(h::actor_name.ne(IMPORT_ACTOR)))
        .count()
        .get_result(conn)?;
    Ok(live == 0)
}

/// Removes a period's frozen results (only to write them again at once,
/// in the same transaction: [`crate::jobs::journal::rebuild`]).
pub fn remove(conn: &mut DbConn, period: &str) -> Result<(), DbError> {
    diesel::delete(journal_reports::table.filter(journal_reports::period.eq(period)))
        .execute(conn)?;
    diesel::delete(journal_units::table.filter(journal_units::period.eq(period))).execute(conn)?;
    diesel::delete(journal_periods::table.find(period)).execute(conn)?;
    Ok(())
}

/// Notes who rebuilt a period, when and why.
pub fn mark_rebuilt(
    conn: &mut DbConn,
    period: &str,
    by: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(journal_periods::table.find(period))
        .set((
            journal_periods::rebuilt_at.eq(at),
            journal_periods::rebuilt_by.eq(by),
            journal_periods::rebuild_reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(())
}
