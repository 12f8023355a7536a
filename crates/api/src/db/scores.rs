//! Reads what the monthly score needs: reports received in a window with
//! their history, as [`ReportHistory`] values for `crm_domain::tkd`.

use crate::db::schema::{report_history, reports};
use crate::db::time::{from_db, to_db};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::lifecycle::ActionKind;
use crm_domain::tkd::{Fact, ReportHistory};
use crm_domain::ReportStatus;
use diesel::prelude::*;
use std::collections::HashMap;

/// A history entry as read: number, time, kind, status, unit, to-unit,
/// category before a correction.
pub type HistoryTuple = (
    i64,
    NaiveDateTime,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The columns of a [`HistoryTuple`], for `.select(…)`.
pub const HISTORY_COLUMNS: (
    report_history::report_number,
    report_history::at,
    report_history::kind,
    report_history::status,
    report_history::unit_code,
    report_history::to_unit_code,
    report_history::category_before,
) = (
    report_history::report_number,
    report_history::at,
    report_history::kind,
    report_history::status,
    report_history::unit_code,
    report_history::to_unit_code,
    report_history::category_before,
);

/// History entries (in order) grouped by report, as the domain's facts.
pub fn facts_by_report(entries: Vec<HistoryTuple>) -> HashMap<i64, Vec<Fact>> {
    let mut facts: HashMap<i64, Vec<Fact>> = HashMap::new();
    for e in entries {
        facts.entry(e.0).or_default().push(fact_of(e));
    }
    facts
}

/// The domain's view of a history entry.
fn fact_of((_, at, kind, status, unit, to_unit, category_before): HistoryTuple) -> Fact {
    Fact {
        at: from_db(at),
        kind: ActionKind::parse(&kind).unwrap_or(ActionKind::Comment),
        status: status.parse().unwrap_or(ReportStatus::Menunggu),
        unit,
        to_unit,
        category_before,
    }
}

/// Reports received in `[from, to)` with their histories, oldest entry
/// first.
pub fn histories(
    conn: &mut DbConn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ReportHistory>, DbError> {
    let rows: Vec<(i64, NaiveDateTime, String, Option<NaiveDateTime>)> = reports::table
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .order(reports::number.asc())
        .select((
            reports::number,
            reports::received_at,
            reports::category_code,
            reports::estimate_at,
        ))
        .load(conn)?;
    let entries: Vec<HistoryTuple> = report_history::table
        .inner_join(reports::table)
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .order((report_history::report_number, report_history::id))
        .select(HISTORY_COLUMNS)
        .load(conn)?;
    let mut facts = facts_by_report(entries);
    Ok(rows
        .into_iter()
        .map(|(number, received, category, estimate)| ReportHistory {
            number,
            received_at: from_db(received),
            category,
            estimate: estimate.map(from_db),
            facts: facts.remove(&number).unwrap_or_default(),
        })
        .collect())
}
