//! One report as the flows and routes read it: everything stored about it
//! ([`Bundle`]), who may see it, the lifecycle's view of the caller, and the
//! rules of its category.

use crate::auth::Staff;
use crate::db::lifecycle::{self, PhotoRow};
use crate::db::report_parts;
use crate::db::reports::{HistoryRow, ReportRow};
use crate::db::{DbConn, DbError};
use crate::error::ApiError;
use crate::state::AppState;
use crm_domain::api::{ReportState, UserRef};
use crm_domain::lifecycle::{Actor, Case, Rules};
use crm_domain::message::Message;

/// Everything stored about one report.
pub struct Bundle {
    pub row: ReportRow,
    pub case: Case,
    pub history: Vec<HistoryRow>,
    pub photos: Vec<PhotoRow>,
    pub assignee: Option<UserRef>,
    /// Why the Monitoring Room closed it without work, and the report it
    /// repeats.
    pub closure: Option<(crm_domain::api::ClosedReason, Option<i64>)>,
}

/// Reads a report with its history, photos and assignee, all as they
/// stood at one moment (a change landing meanwhile is never half seen).
pub fn load(conn: &mut DbConn, number: i64) -> Result<Option<Bundle>, DbError> {
    let Some(((row, assignee, closure), lists)) = report_parts::read(conn, number)? else {
        return Ok(None);
    };
    let case = lifecycle::case_of(&row, lists.collaborators, &lists.history);
    let assignee = row
        .assignee_id
        .zip(assignee)
        .map(|(id, (username, full_name))| UserRef {
            id,
            username,
            full_name,
        });
    // A closure counts only while the report stays closed.
    let closure = closure
        .filter(|_| case.status == crm_domain::ReportStatus::Selesai)
        .and_then(|(reason, duplicate_of)| {
            crm_domain::api::ClosedReason::parse(&reason).map(|r| (r, duplicate_of))
        });
    Ok(Some(Bundle {
        row,
        case,
        history: lists.history,
        photos: lists.photos,
        assignee,
        closure,
    }))
}

/// Reads a report for a route: 404 when there is none.
pub async fn fetch(st: &AppState, number: i64) -> Result<Bundle, ApiError> {
    st.db
        .read_point(move |conn| load(conn, number).map_err(ApiError::from))
        .await?
        .ok_or_else(|| not_found(&number.to_string()))
}

/// The reporter's secret of a report, read only where it is checked (the
/// public side) or handed to the filer; never shown to staff.
pub async fn tracking_code(st: &AppState, number: i64) -> Result<Option<String>, ApiError> {
    st.db
        .read(move |conn| crate::db::tracking::code_of(conn, number).map_err(ApiError::from))
        .await
}

/// The 404 of a report number.
pub fn not_found(number: &str) -> ApiError {
    match number.trim_start_matches('#').parse() {
        Ok(number) => ApiError::not_found(Message::ReportNotFound { number }),
        Err(_) => ApiError::NotFound(format!("no report with number `{number}`")),
    }
}

/// Reads a report number from a path (`1044857` or `#1044857`).
pub fn parse_number(raw: &str) -> Result<i64, ApiError> {
    raw.trim_start_matches('#')
        .parse()
        .ok()
        .filter(|n: &i64| *n > 0)
        .ok_or_else(|| not_found(raw))
}

/// The rules for a report of this category in this deployment.
pub fn rules_for(st: &AppState, category: &str) -> Rules {
    let settings = st.refdata.settings();
    Rules {
        verification: settings.verification,
        max_unit_handovers: settings.max_unit_handovers,
        evidence_required: st
            .refdata
            .category(category)
            .is_none_or(|c| c.evidence_required),
    }
}

/// The lifecycle's view of a staff member.
pub fn actor_of(staff: &Staff) -> Actor {
    Actor::Staff {
        user_id: staff.user_id,
        role: staff.role,
        unit: staff.unit.clone(),
    }
}

/// Whether staff may see this report: it is held, or coordinated, within
/// their scope.
pub fn may_see(st: &AppState, staff: &Staff, case: &Case) -> bool {
    staff.may_see(&st.refdata, case.holder.as_deref())
        || case
            .collaborators
            .iter()
            .any(|c| staff.may_see(&st.refdata, Some(c)))
}

/// Refuses with 403 unless staff may see the report.
pub fn require_visible(st: &AppState, staff: &Staff, case: &Case) -> Result<(), ApiError> {
    if may_see(st, staff, case) {
        Ok(())
    } else {
        Err(ApiError::forbidden(Message::ReportOutOfScope {
            number: case.number,
        }))
    }
}

/// The state sent with a 409.
pub fn state_of(row_version: i64, case: &Case) -> ReportState {
    ReportState {
        number: case.number,
        status: case.status,
        awaiting_verification: case.awaiting_verification,
        holder_code: case.holder.clone(),
        version: row_version,
    }
}
