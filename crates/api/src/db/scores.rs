//! Reads what the monthly score needs: the reports of a period as their
//! rows stand ([`Settled`]) where a row tells the state at the moment they
//! are counted at, and the others with their histories ([`ReportHistory`]),
//! for `crm_domain::tkd`.

use crate::db::schema::{recorded_late, report_history, reports};
use crate::db::time::{to_db, Stamp};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, Utc};
use crm_domain::lifecycle::ActionKind;
use crm_domain::tkd::{Counting, Fact, ReportHistory, Settled};
use crm_domain::ReportStatus;
use diesel::prelude::*;
use std::collections::HashMap;

/// A history entry as read: number, time, kind, status, unit, to-unit,
/// category before a correction.
pub type HistoryTuple = (
    i64,
    Stamp,
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
        at: at.utc(),
        kind: ActionKind::parse(&kind).unwrap_or(ActionKind::Comment),
        status: status.parse().unwrap_or(ReportStatus::Menunggu),
        unit,
        to_unit,
        category_before,
    }
}

/// What a period's count reads: the reports received in `[start, end)`,
/// and those received since `since` and before `start` that a rule of
/// `crm_domain::period` may move into it.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub since: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The cut-off of the period before: an earlier report moved in for
    /// not being taken on was still not taken on then.
    pub previous_cutoff: DateTime<Utc>,
    /// The moment the period is counted at (its cut-off, or sooner for a
    /// count as of a moment before it): a report moved in for not being
    /// taken on at the cut-off before was taken on by then, which may be
    /// after `end`.
    pub counted_at: DateTime<Utc>,
}

/// The reports that can count in the period of `span`, counted at `at`
/// ([`crm_domain::tkd::counted_at`]): those [received in it](received)
/// and, with their histories, the earlier ones a rule may move into it
/// ([`moved`]).
pub fn counting(conn: &mut DbConn, span: Span, at: DateTime<Utc>) -> Result<Counting, DbError> {
    let mut settled = Vec::new();
    let mut histories = received(conn, span.start, span.end, at, |s| settled.push(s), None)?;
    histories.extend(moved(conn, span)?);
    Ok(Counting { settled, histories })
}

/// What the recap sees of each report as the score reads it ([`received`]):
/// the row, its channel and whether it carries coordinates.
pub type Seen<'a> = &'a mut dyn FnMut(&Settled, &str, bool);

/// The reports received in `[from, to)`, counted at `at`: each whose row
/// tells its state at `at` is handed to `settled` as it is read (a month
/// of a million rows is never held as rows, on SQLite; PostgreSQL's
/// connection buffers the raw result first); the others are returned with
/// their histories. With `seen`, every row is first shown to it with its
/// channel and whether it carries coordinates (the recap counts them as it
/// goes); without, those columns are not read. A period's reports may be
/// read in slices of it side by side; a report is received once, so the
/// slices never share one.
pub fn received(
    conn: &mut DbConn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    at: DateTime<Utc>,
    mut settled: impl FnMut(Settled),
    seen: Option<Seen<'_>>,
) -> Result<Vec<ReportHistory>, DbError> {
    let mut replayed = Vec::new();
    let mut next = |s: Settled| {
        if s.tells_state_at(at) {
            settled(s);
        } else {
            replayed.push(s.number);
        }
    };
    let window = reports::table
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)));
    match seen {
        None => {
            let rows = window
                .select(ROW_COLUMNS)
                .load_iter::<RowTuple, diesel::connection::DefaultLoadingMode>(conn)?;
            for row in rows {
                next(settled_of(row?));
            }
        }
        Some(seen) => {
            let rows = window
                .select((
                    ROW_COLUMNS,
                    reports::channel_code,
                    reports::lat.is_not_null(),
                ))
                .load_iter::<(RowTuple, String, bool), diesel::connection::DefaultLoadingMode>(
                    conn,
                )?;
            for row in rows {
                let (row, channel, geotagged) = row?;
                let s = settled_of(row);
                seen(&s, &channel, geotagged);
                next(s);
            }
        }
    }
    of_numbers(conn, &replayed)
}

/// With their histories, the earlier reports that a rule of
/// `crm_domain::period` may move into the period of `span` ([`moved_in`]).
pub fn moved(conn: &mut DbConn, span: Span) -> Result<Vec<ReportHistory>, DbError> {
    let numbers = moved_in(conn, span)?;
    of_numbers(conn, &numbers)
}

/// The reports that can count in the period of `span` with their
/// histories, oldest entry first: every report received in it, and the
/// earlier ones a rule of `crm_domain::period` may move into it.
/// [`counting`] reads the same reports, most without their histories.
pub fn histories(conn: &mut DbConn, span: Span) -> Result<Vec<ReportHistory>, DbError> {
    let mut out = received_in(conn, span.start, span.end)?;
    out.extend(moved(conn, span)?);
    Ok(out)
}

/// The reports received since `span.since` and before its start that a
/// rule of `crm_domain::period` may move into its period: an estimate set,
/// or a hand-over by the moment the period is counted at (only a hand-over
/// leaves a report in transit, and only one gives a report that arrived
/// without a unit its first holder) when the report was still in transit
/// or without a unit at the cut-off of the period before (changed since,
/// or so still); or recorded only after that cut-off (a channel forwarding
/// it late: no unit can have held it then). Any other earlier report
/// counts in its own month or one before.
fn moved_in(conn: &mut DbConn, span: Span) -> Result<Vec<i64>, DbError> {
    let (since, start) = (to_db(span.since), to_db(span.start));
    let (after, by) = (to_db(span.previous_cutoff), to_db(span.counted_at));
    let mut moved: Vec<i64> = reports::table
        .filter(reports::estimate_at.is_not_null())
        .filter(reports::received_at.ge(since))
        .filter(reports::received_at.lt(start))
        .select(reports::number)
        .load(conn)?;
    // The hand-overs in the window, as a set of numbers each report is
    // looked up by once (PostgreSQL reads them from the partial index alone
    // and on one connection, not in a parallel join).
    let handed = report_history::table
        // A literal, so that SQLite may use the partial index on it.
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "report_history.kind = 'dispose'",
        ))
        .filter(report_history::at.ge(since))
        .filter(report_history::at.le(by))
        .select(report_history::report_number);
    let handed_over: Vec<i64> = reports::table
        .filter(reports::number.eq_any(handed))
        .filter(reports::received_at.ge(since))
        .filter(reports::received_at.lt(start))
        .filter(
            reports::updated_at
                .ge(after)
                .or(reports::status.eq(ReportStatus::Disposisi.as_str()))
                .or(reports::holder_code.is_null()),
        )
        .select(reports::number)
        .load(conn)?;
    // The reports recorded after their month are few: the window of
    // receipt is checked here, where no index of the receipts can tempt the
    // planner into a year of them.
    let late: Vec<(i64, Stamp)> = recorded_late::table
        .inner_join(reports::table)
        .filter(recorded_late::recorded_at.ge(after))
        .filter(recorded_late::recorded_at.le(by))
        .select((reports::number, reports::received_at))
        .load(conn)?;
    moved.extend(handed_over);
    moved.extend(
        late.into_iter()
            .filter(|(_, received)| (since..start).contains(&received.0))
            .map(|(number, _)| number),
    );
    moved.sort_unstable();
    moved.dedup();
    Ok(moved)
}

/// The reports numbered `numbers` with their histories (in no set order).
pub fn of_numbers(conn: &mut DbConn, numbers: &[i64]) -> Result<Vec<ReportHistory>, DbError> {
    let mut out = Vec::with_capacity(numbers.len());
    for chunk in numbers.chunks(1000) {
        let rows: Vec<ReportTuple> = reports::table
            .filter(reports::number.eq_any(chunk))
            .select(REPORT_COLUMNS)
            .load(conn)?;
        let entries: Vec<HistoryTuple> = report_history::table
            .filter(report_history::report_number.eq_any(chunk))
            .order((report_history::report_number, report_history::id))
            .select(HISTORY_COLUMNS)
            .load(conn)?;
        out.extend(joined(rows, entries));
    }
    Ok(out)
}

/// A report as the score reads it: number, receipt, category, estimate.
type ReportTuple = (i64, Stamp, String, Option<Stamp>);

const REPORT_COLUMNS: (
    reports::number,
    reports::received_at,
    reports::category_code,
    reports::estimate_at,
) = (
    reports::number,
    reports::received_at,
    reports::category_code,
    reports::estimate_at,
);

/// A report's row as the score reads it: number, receipt, category,
/// estimate, holder, status, completion, approval, last change.
type RowTuple = (
    i64,
    Stamp,
    String,
    Option<Stamp>,
    Option<String>,
    String,
    Option<Stamp>,
    Option<Stamp>,
    Stamp,
);

const ROW_COLUMNS: (
    reports::number,
    reports::received_at,
    reports::category_code,
    reports::estimate_at,
    reports::holder_code,
    reports::status,
    reports::completed_at,
    reports::verified_at,
    reports::updated_at,
) = (
    reports::number,
    reports::received_at,
    reports::category_code,
    reports::estimate_at,
    reports::holder_code,
    reports::status,
    reports::completed_at,
    reports::verified_at,
    reports::updated_at,
);

/// The domain's view of a report's row. A row whose status is no longer
/// known is taken as changed at the end of time: it never tells its state.
fn settled_of(
    (number, received, category, estimate, holder, status, completed, verified, updated): RowTuple,
) -> Settled {
    let (status, last_change) = match status.parse() {
        Ok(s) => (s, updated.utc()),
        Err(_) => (ReportStatus::Menunggu, DateTime::<Utc>::MAX_UTC),
    };
    Settled {
        number,
        received_at: received.utc(),
        category,
        holder,
        status,
        completed_at: completed.map(Stamp::utc),
        verified_at: verified.map(Stamp::utc),
        estimate: estimate.map(Stamp::utc),
        last_change,
    }
}

/// Every report received in `[from, to)` with its history.
fn received_in(
    conn: &mut DbConn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ReportHistory>, DbError> {
    let rows: Vec<ReportTuple> = reports::table
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .select(REPORT_COLUMNS)
        .load(conn)?;
    let entries: Vec<HistoryTuple> = report_history::table
        .inner_join(reports::table)
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .order((report_history::report_number, report_history::id))
        .select(HISTORY_COLUMNS)
        .load(conn)?;
    Ok(joined(rows, entries))
}

/// Reports with their entries.
fn joined(rows: Vec<ReportTuple>, entries: Vec<HistoryTuple>) -> Vec<ReportHistory> {
    let mut facts = facts_by_report(entries);
    rows.into_iter()
        .map(|(number, received, category, estimate)| ReportHistory {
            number,
            received_at: received.utc(),
            category,
            estimate: estimate.map(Stamp::utc),
            facts: facts.remove(&number).unwrap_or_default(),
        })
        .collect()
}
