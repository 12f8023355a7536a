//! The audit log, newest first (administrators only). Rows are written by
//! the changes themselves ([`crate::db::audit`]) and never edited.

use crate::auth::Admin;
use crate::db::audit;
use crate::db::time::from_db;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{AuditEntry, AuditPage, AuditQuery, Problem};

/// Read the audit log: every administrative change with who, when, what,
/// and the state before and after (no secrets).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page, newest first", body = AuditPage),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list(
    st: web::Data<AppState>,
    _admin: Admin,
    q: ValidQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    let limit = i64::from(crate::paging::limit(q.limit, 50, 200)?);
    let before_id = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(
            c.parse::<i64>()
                .map_err(|_| ApiError::field("cursor", "not a cursor of this list"))?,
        ),
    };
    let filter = audit::Filter {
        actor: q.actor.filter(|a| !a.is_empty()),
        action: q.action.filter(|a| !a.is_empty()),
        target: q.target.filter(|t| !t.is_empty()),
        from: q.from,
        to: q.to,
        before_id,
        limit,
    };
    let rows = st
        .db
        .read(move |conn| audit::page(conn, &filter).map_err(ApiError::from))
        .await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    let parse = |s: Option<String>| s.and_then(|t| serde_json::from_str(&t).ok());
    Ok(HttpResponse::Ok().json(AuditPage {
        items: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: from_db(r.at),
                actor: r.actor,
                action: r.action,
                target: r.target,
                before: parse(r.before),
                after: parse(r.after),
            })
            .collect(),
        next_cursor,
    }))
}
