//! The open work of a unit: its inbox (what waits first, oldest first) and
//! its open reports per officer.

use crate::db::reports::ReportRow;
use crate::db::schema::{report_collaborators, reports, users};
use crate::db::{DbConn, DbError};
use chrono::NaiveDateTime;
use crm_domain::ReportStatus;
use diesel::prelude::*;

/// Whose inbox.
#[derive(Debug, Clone)]
pub enum InboxOf {
    /// A unit: reports it holds or coordinates on.
    Unit(String),
    /// The Monitoring Room: reports no unit holds yet.
    Triage,
    /// Verifiers: completions awaiting a decision.
    Verification,
}

const WAITING: [&str; 2] = ["menunggu", "disposisi"];

/// Open reports of an inbox: those waiting for a first action, oldest
/// arrival first, then those in work (and, for a unit, those it coordinates
/// on), oldest first; at most `limit` of each group. Each part is its own
/// indexed query (an `OR` across holder and coordination would scan).
pub fn inbox(conn: &mut DbConn, of: &InboxOf, limit: i64) -> Result<Vec<ReportRow>, DbError> {
    let open = || {
        reports::table
            .select(ReportRow::as_select())
            .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
            .order((reports::holder_since.asc(), reports::number.asc()))
            .limit(limit)
            .into_boxed()
    };
    let mine = || match of {
        InboxOf::Unit(u) => open().filter(reports::holder_code.eq(u.clone())),
        InboxOf::Triage => open().filter(reports::holder_code.is_null()),
        InboxOf::Verification => open().filter(reports::awaiting_verification.eq(true)),
    };
    let mut out: Vec<ReportRow> = mine().filter(reports::status.eq_any(WAITING)).load(conn)?;
    let mut working: Vec<ReportRow> = mine().filter(reports::status.ne_all(WAITING)).load(conn)?;
    if let InboxOf::Unit(u) = of {
        let coordinated: Vec<ReportRow> = open()
            .filter(
                reports::number.eq_any(
                    report_collaborators::table
                        .filter(report_collaborators::unit_code.eq(u.clone()))
                        .select(report_collaborators::report_number),
                ),
            )
            .load(conn)?;
        working.extend(coordinated);
        working.sort_by_key(|r| (r.holder_since.unwrap_or(r.received_at), r.number));
        working.dedup_by_key(|r| r.number);
        working.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    out.extend(working);
    Ok(out)
}

/// One officer's share of a unit's open reports.
#[derive(Debug, Clone)]
pub struct OfficerRow {
    pub username: String,
    pub full_name: String,
    pub open: i64,
    pub oldest_since: Option<NaiveDateTime>,
}

/// A unit's open reports: total, unassigned, and per active officer.
pub fn per_officer(conn: &mut DbConn, unit: &str) -> Result<(i64, i64, Vec<OfficerRow>), DbError> {
    let open = || {
        reports::table
            .filter(reports::holder_code.eq(unit.to_string()))
            .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
            .into_boxed()
    };
    let total: i64 = open().count().get_result(conn)?;
    let unassigned: i64 = open()
        .filter(reports::assignee_id.is_null())
        .count()
        .get_result(conn)?;
    let staff: Vec<(i64, String, String)> = users::table
        .filter(users::unit_code.eq(unit))
        .filter(users::active.eq(true))
        .filter(users::role.eq_any(crm_domain::Role::unit_staff_ids()))
        .order(users::full_name.asc())
        .select((users::id, users::username, users::full_name))
        .load(conn)?;
    let mut rows = Vec::with_capacity(staff.len());
    for (id, username, full_name) in staff {
        let (n, oldest): (i64, Option<NaiveDateTime>) = open()
            .filter(reports::assignee_id.eq(id))
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::min(reports::holder_since),
            ))
            .first(conn)?;
        rows.push(OfficerRow {
            username,
            full_name,
            open: n,
            oldest_since: oldest,
        });
    }
    Ok((total, unassigned, rows))
}
