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

/// Where a page of an inbox starts: after this report of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxPlace {
    /// In the second group (in work, or coordinated on), not the first
    /// (waiting to be taken up).
    pub working: bool,
    /// Since when its holder has it.
    pub since: NaiveDateTime,
    pub number: i64,
}

impl InboxPlace {
    /// The place of `row` in its group.
    pub fn of(working: bool, row: &ReportRow) -> InboxPlace {
        InboxPlace {
            working,
            since: held_since(row),
            number: row.number,
        }
    }

    /// The place as a cursor holds it: the group, the holder's time in
    /// nanoseconds (as SQLite keeps it: the next page starts exactly after
    /// it) and the number.
    pub fn written(&self) -> String {
        format!(
            "{}:{}:{}",
            u8::from(self.working),
            self.since
                .and_utc()
                .timestamp_nanos_opt()
                .unwrap_or(i64::MAX),
            self.number
        )
    }

    /// A place as [`InboxPlace::written`] wrote it.
    pub fn read(s: &str) -> Option<InboxPlace> {
        let mut parts = s.splitn(3, ':');
        let working = match parts.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        let since = chrono::DateTime::from_timestamp_nanos(parts.next()?.parse().ok()?).naive_utc();
        let number = parts.next()?.parse().ok()?;
        Some(InboxPlace {
            working,
            since,
            number,
        })
    }
}

/// Since when a report's holder has it (written with every report; reports
/// from before it was kept read as received).
fn held_since(row: &ReportRow) -> NaiveDateTime {
    row.holder_since.unwrap_or(row.received_at)
}

/// Open reports of an inbox after `after`, at most `limit`, each with
/// whether it is in the second group: first those waiting for a first
/// action, then those in work (and, for a unit, those it coordinates on),
/// each group the longest held first. Each part is its own indexed query
/// (an `OR` across holder and coordination would scan).
pub fn inbox(
    conn: &mut DbConn,
    of: &InboxOf,
    after: Option<InboxPlace>,
    limit: i64,
) -> Result<Vec<(bool, ReportRow)>, DbError> {
    // A group's reports after the cursor when it points into that group.
    let open = |working: bool| {
        let q = reports::table
            .select(ReportRow::as_select())
            .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
            .order((reports::holder_since.asc(), reports::number.asc()))
            .limit(limit)
            .into_boxed();
        match after {
            Some(p) if p.working == working => q.filter(
                reports::holder_since.gt(p.since).or(reports::holder_since
                    .eq(p.since)
                    .and(reports::number.gt(p.number))),
            ),
            _ => q,
        }
    };
    let mine = |working: bool| match of {
        InboxOf::Unit(u) => open(working).filter(reports::holder_code.eq(u.clone())),
        InboxOf::Triage => open(working).filter(reports::holder_code.is_null()),
        InboxOf::Verification => open(working).filter(reports::awaiting_verification.eq(true)),
    };
    let mut out: Vec<(bool, ReportRow)> = Vec::new();
    if !after.is_some_and(|p| p.working) {
        let waiting: Vec<ReportRow> = mine(false)
            .filter(reports::status.eq_any(WAITING))
            .load(conn)?;
        out.extend(waiting.into_iter().map(|r| (false, r)));
    }
    let room = usize::try_from(limit).unwrap_or(usize::MAX);
    if out.len() >= room {
        return Ok(out);
    }
    let mut working: Vec<ReportRow> = mine(true)
        .filter(reports::status.ne_all(WAITING))
        .load(conn)?;
    if let InboxOf::Unit(u) = of {
        let coordinated: Vec<ReportRow> = open(true)
            .filter(
                reports::number.eq_any(
                    report_collaborators::table
                        .filter(report_collaborators::unit_code.eq(u.clone()))
                        .select(report_collaborators::report_number),
                ),
            )
            .load(conn)?;
        working.extend(coordinated);
        working.sort_by_key(|r| (held_since(r), r.number));
        working.dedup_by_key(|r| r.number);
    }
    out.extend(working.into_iter().map(|r| (true, r)));
    out.truncate(room);
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
