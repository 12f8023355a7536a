//! In-app notifications: warnings about time targets and reports newly
//! arrived at the user's unit.

use crate::auth::Staff;
use crate::db::monitor as store;
use crate::db::time::from_db;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{
    Notification, NotificationKind, NotificationPage, NotificationQuery, Problem, ReadRequest,
    TargetKind, TargetStanding, NOTIFICATION_PAGE_MAX,
};

/// My notifications, newest first (a page at a time), and how many are
/// unread.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(NotificationQuery),
    responses(
        (status = 200, description = "A page of notifications, newest first", body = NotificationPage),
        (status = 422, description = "A bad limit or cursor, named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn list(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let user = staff.user_id;
    let limit = crate::paging::limit(q.limit, NOTIFICATION_PAGE_MAX, NOTIFICATION_PAGE_MAX)?;
    let before = q
        .cursor
        .as_deref()
        .map(|c| crate::paging::decode("n", c, |s| s.parse().ok()))
        .transpose()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let read_limit = i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1);
    let (unread, mut rows) = st
        .db
        .read(move |conn| {
            store::notifications_of(conn, user, before, read_limit).map_err(ApiError::from)
        })
        .await?;
    // One row more than shown tells whether an older page exists.
    let next_cursor = (rows.len() > limit)
        .then(|| {
            rows.get(limit - 1)
                .map(|r| crate::paging::encode("n", &r.id.to_string()))
        })
        .flatten();
    rows.truncate(limit);
    let items = rows
        .into_iter()
        .map(|r| Notification {
            id: r.id,
            kind: NotificationKind::parse(&r.kind),
            report_number: r.report_number,
            target: r.target.as_deref().and_then(TargetKind::parse),
            standing: r.standing.as_deref().and_then(TargetStanding::parse),
            unit_name: st.refdata.unit_name(r.unit_code.as_deref()),
            unit_code: r.unit_code,
            created_at: from_db(r.created_at),
            read: r.read_at.is_some(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(NotificationPage {
        unread: u64::try_from(unread).unwrap_or(0),
        items,
        next_cursor,
    }))
}

/// The page after the notification `id`, as an opaque cursor.
/// Marks notifications read: the ids given, or all with `"all": true`.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), request_body = ReadRequest,
    responses(
        (status = 200, description = "How many were marked", body = serde_json::Value),
        (status = 422, description = "Neither ids nor all", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/read")]
pub async fn mark_read(
    st: web::Data<AppState>,
    staff: Staff,
    body: ValidJson<ReadRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    if !body.all && body.ids.is_empty() {
        return Err(ApiError::field("ids", "give ids, or all: true"));
    }
    let user = staff.user_id;
    let n = st
        .db
        .write(move |conn| {
            let ids = (!body.all).then_some(body.ids.as_slice());
            store::mark_read(conn, user, ids, Utc::now()).map_err(ApiError::from)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "marked": n })))
}
