//! Deliveries of notifications, for administrators: what is pending, what
//! failed and waits for its next attempt, what is dead; and a retry.

use crate::auth::Admin;
use crate::db::outbox;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{Delivery, DeliveryPage, DeliveryQuery, DeliveryState, Problem};

/// List deliveries, newest first, with the counts of pending, failed and
/// dead ones.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(DeliveryQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        (status = 422, description = "Unknown state or channel, or a bad limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deliveries")]
pub async fn list(
    st: web::Data<AppState>,
    _admin: Admin,
    q: ValidQuery<DeliveryQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    if let Some(s) = q.state.as_deref() {
        if outbox::parse_state(s).is_none() {
            return Err(ApiError::field(
                "state",
                format!("unknown state `{s}`: pending, failed, dead, delivered or skipped"),
            ));
        }
    }
    if let Some(c) = q.channel.as_deref() {
        if st.refdata.channel(c).is_none() {
            return Err(ApiError::field("channel", format!("unknown channel `{c}`")));
        }
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::field("limit", "between 1 and 200"));
    }
    let (rows, [pending, failed, dead]) = st
        .db
        .read(move |conn| outbox::list(conn, &q, limit + 1).map_err(ApiError::from))
        .await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<Delivery> = rows
        .iter()
        .take(usize::try_from(limit).unwrap_or(50))
        .map(|r| r.view())
        .collect();
    Ok(HttpResponse::Ok().json(DeliveryPage {
        next_before: if more {
            items.last().map(|d| d.id)
        } else {
            None
        },
        items,
        pending,
        failed,
        dead,
    }))
}

/// Send a delivery again now: a dead, skipped or waiting one goes back to
/// pending, due at once (attempts are kept; a dead one gets one more try
/// before it is dead again).
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The delivery's id")),
    responses(
        (status = 200, description = "Back in line", body = Delivery),
        (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already delivered, or being sent right now", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/deliveries/{id}/retry")]
pub async fn retry(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = crate::extract::path_id(&path.into_inner(), "delivery")?;
    let retried = st
        .db
        .write(move |conn| {
            let r = outbox::retry(conn, id, Utc::now())?;
            if matches!(r, outbox::Retried::Queued(_)) {
                crate::db::audit::after(
                    conn,
                    &admin.username,
                    "delivery.retry",
                    format!("delivery:{id}"),
                    None,
                )?;
            }
            Ok::<_, ApiError>(r)
        })
        .await?;
    match retried {
        outbox::Retried::Queued(row) => {
            st.outbox_wake.notify_one();
            Ok(HttpResponse::Ok().json(row.view()))
        }
        outbox::Retried::Busy(row) if row.view().state == DeliveryState::Delivered => Err(
            ApiError::Conflict(format!("delivery {id} was already delivered")),
        ),
        outbox::Retried::Busy(_) => Err(ApiError::Conflict(format!(
            "delivery {id} is being sent right now; look again in a moment"
        ))),
        outbox::Retried::Missing => Err(ApiError::NotFound(format!("no delivery {id}"))),
    }
}
