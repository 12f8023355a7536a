//! The officer's day: the inbox of my unit (or the Monitoring Room's triage,
//! or the verifiers' queue) and a unit's open reports per officer.

use crate::auth::Staff;
use crate::db::time::from_db;
use crate::db::workload::{self as store, InboxOf};
use crate::error::ApiError;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{OfficerLoad, Problem, ReportPage, Workload};
use crm_domain::message::Message;
use crm_domain::Role;

/// Most reports of each group (waiting, in work) an inbox shows.
const INBOX_LIMIT: i64 = 200;

/// My inbox: open reports my unit holds or coordinates on, those waiting
/// for a first action first, oldest first. For the Monitoring Room: the
/// reports in triage; for verifiers: the completions awaiting a decision.
#[utoipa::path(
    tag = "reports", security(("bearer" = [])),
    responses(
        (status = 200, description = "The inbox (no further pages)", body = ReportPage),
        (status = 403, description = "The account has no unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/inbox")]
pub async fn inbox(st: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    let of = match (staff.role, &staff.unit) {
        (Role::Monitoring | Role::Administrator, _) => InboxOf::Triage,
        (Role::Verifier, _) => InboxOf::Verification,
        (_, Some(u)) => InboxOf::Unit(u.clone()),
        (_, None) => return Err(ApiError::forbidden(Message::AccountWithoutUnit)),
    };
    let rows = st
        .db
        .read(move |conn| store::inbox(conn, &of, INBOX_LIMIT).map_err(ApiError::from))
        .await?;
    let items = rows
        .into_iter()
        .map(|r| view::summary(&st.refdata, r))
        .collect();
    Ok(HttpResponse::Ok().json(ReportPage {
        items,
        next_cursor: None,
    }))
}

/// A unit's open reports per officer, with the oldest of each; every active
/// officer is listed, including those with none.
#[utoipa::path(
    tag = "reports", security(("bearer" = [])),
    params(("code" = String, Path, description = "The unit's code")),
    responses(
        (status = 200, description = "Open reports per officer", body = Workload),
        (status = 403, description = "The unit lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{code}/workload")]
pub async fn workload(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let unit = st
        .refdata
        .unit(&code)
        .ok_or_else(|| ApiError::NotFound(format!("no unit `{code}`")))?;
    if !staff.may_see(&st.refdata, Some(&code)) {
        return Err(ApiError::Forbidden(format!(
            "unit `{code}` lies outside your scope"
        )));
    }
    let (open, unassigned, rows) = st
        .db
        .read(move |conn| store::per_officer(conn, &code).map_err(ApiError::from))
        .await?;
    Ok(HttpResponse::Ok().json(Workload {
        unit_code: unit.code,
        unit_name: unit.name,
        open,
        unassigned,
        officers: rows
            .into_iter()
            .map(|r| OfficerLoad {
                username: r.username,
                full_name: r.full_name,
                open: r.open,
                oldest_since: r.oldest_since.map(from_db),
            })
            .collect(),
    }))
}
