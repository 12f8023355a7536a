//! `GET /api/v1/events`: a server-sent-events stream of report changes in
//! the caller's scope, so the inbox, the dashboard and the warnings update
//! without a reload. Browsers' `EventSource` cannot send headers, so the
//! access token may come as `?access_token=`.

use crate::auth::extract::{staff_of_token, Staff};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use bytes::Bytes;
use crm_domain::api::LiveEvent;
use futures_util::stream;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// A comment line this often keeps proxies from closing an idle stream.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Whether `staff` may hear about an event: they see its holder, or the
/// unit that just handed it on.
fn audible(st: &AppState, staff: &Staff, e: &LiveEvent) -> bool {
    staff.may_see(&st.refdata, e.holder_code.as_deref())
        || e.previous_holder_code
            .as_deref()
            .is_some_and(|p| staff.may_see(&st.refdata, Some(p)))
}

fn frame(e: &LiveEvent) -> Bytes {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: {}\ndata: {data}\n\n", e.kind))
}

/// Query of the stream.
#[derive(Debug, serde::Deserialize)]
pub struct EventsQuery {
    pub access_token: Option<String>,
}

/// Live report events (`report`, `warning`), each a JSON [`LiveEvent`],
/// for reports within your scope.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])),
    params(("access_token" = Option<String>, Query, description = "The access token, for clients that cannot send headers")),
    responses(
        (status = 200, description = "A text/event-stream of LiveEvent", content_type = "text/event-stream", body = LiveEvent),
    )
)]
#[get("/events")]
pub async fn events(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = match &q.access_token {
        Some(t) => t.clone(),
        None => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim().to_string())
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "sign in first: send `Authorization: Bearer <token>` or `?access_token=`"
                        .into(),
                )
            })?,
    };
    let staff = staff_of_token(&st, &token)?;
    // The stream ends when the sign-in does; the client signs in again and
    // reconnects with the new token (and its scope).
    let expires = st
        .tokens
        .check(&token)
        .map(|c| c.exp)
        .map_err(|e| ApiError::Unauthorized(format!("invalid or expired token ({e})")))?;
    let rx = st.live.subscribe();
    let hello = Bytes::from_static(b": connected\nretry: 3000\n\n");
    let body = stream::unfold(
        (Some(hello), rx, st, staff),
        move |(first, mut rx, st, staff)| async move {
            if let Some(h) = first {
                return Some((Ok::<_, actix_web::Error>(h), (None, rx, st, staff)));
            }
            loop {
                if chrono::Utc::now().timestamp() >= expires {
                    return None;
                }
                let next = tokio::time::timeout(KEEPALIVE, rx.recv()).await;
                let chunk = match next {
                    Err(_) => Bytes::from_static(b": keep-alive\n\n"),
                    Ok(Ok(e)) if audible(&st, &staff, &e) => frame(&e),
                    Ok(Ok(_)) => continue,
                    // Fell behind: tell the client to refetch everything.
                    Ok(Err(RecvError::Lagged(_))) => {
                        Bytes::from_static(b"event: resync\ndata: {}\n\n")
                    }
                    Ok(Err(RecvError::Closed)) => return None,
                };
                return Some((Ok(chunk), (None, rx, st, staff)));
            }
        },
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        // Compression would hold events back in its buffer.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}
