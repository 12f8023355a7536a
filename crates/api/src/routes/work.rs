//! The officer's day: the inbox of my unit (or the Monitoring Room's triage,
//! or the verifiers' queue) and a unit's open reports per officer.

use crate::auth::Staff;
use crate::db::time::from_db;
use crate::db::workload::{self as store, InboxOf, InboxPlace};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{InboxQuery, OfficerLoad, Problem, ReportPage, Workload, INBOX_PAGE_MAX};
use crm_domain::message::Message;
use crm_domain::Role;

/// My inbox, a page at a time: open reports my unit holds or coordinates
/// on, those waiting for a first action first, the longest held first. For
/// the Monitoring Room: the reports in triage; for verifiers: the
/// completions awaiting a decision.
#[utoipa::path(
    tag = "reports", security(("bearer" = [])), params(InboxQuery),
    responses(
        (status = 200, description = "A page of the inbox", body = ReportPage),
        (status = 403, description = "The account has no unit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad limit or cursor, named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/inbox")]
pub async fn inbox(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let of = match (staff.role, &staff.unit) {
        (Role::Monitoring | Role::Administrator, _) => InboxOf::Triage,
        (Role::Verifier, _) => InboxOf::Verification,
        (_, Some(u)) => InboxOf::Unit(u.clone()),
        (_, None) => return Err(ApiError::forbidden(Message::AccountWithoutUnit)),
    };
    let limit = crate::paging::limit(q.limit, INBOX_PAGE_MAX, INBOX_PAGE_MAX)?;
    let after = q
        .cursor
        .as_deref()
        .map(|c| crate::paging::decode("i", c, InboxPlace::read))
        .transpose()?;
    // One report more than shown tells whether a next page exists.
    let mut rows = st
        .db
        .read(move |conn| {
            store::inbox(conn, &of, after, i64::from(limit) + 1).map_err(ApiError::from)
        })
        .await?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_cursor = (rows.len() > limit)
        .then(|| rows.get(limit - 1))
        .flatten()
        .map(|(working, r)| crate::paging::encode("i", &InboxPlace::of(*working, r).written()));
    rows.truncate(limit);
    let items = rows
        .into_iter()
        .map(|(_, r)| view::summary(&st.refdata, r))
        .collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor }))
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
