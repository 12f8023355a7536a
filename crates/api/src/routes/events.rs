//! `GET /api/v1/events`: a server-sent-events stream of report changes in
//! the caller's scope, so the inbox, the dashboard and the warnings update
//! without a reload. Browsers' `EventSource` cannot send headers, so a
//! browser first asks `POST /api/v1/events/ticket` for a ticket valid 30
//! seconds and once, and opens `?ticket=`: no long-lived token sits in a
//! URL or a proxy's log.

use crate::auth::extract::{bearer_token, staff_of_claims, Staff};
use crate::auth::sessions::TICKET_SECS;
use crate::auth::token::{Claims, TICKET_AUDIENCE};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, http::header, post, web, HttpRequest, HttpResponse};
use bytes::Bytes;
use crm_domain::api::LiveEvent;
use futures_util::stream;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// A comment line this often keeps proxies from closing an idle stream.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Whether `staff` may hear about an event: they see its holder, the unit
/// that just handed it on, or a unit coordinating on it.
fn audible(st: &AppState, staff: &Staff, e: &LiveEvent) -> bool {
    staff.may_see(&st.refdata, e.holder_code.as_deref())
        || e.previous_holder_code
            .iter()
            .chain(&e.collaborator_codes)
            .any(|u| staff.may_see(&st.refdata, Some(u)))
}

/// The last frame of a stream whose server is stopping.
const STOPPING: &[u8] = b"retry: 1000\nevent: reconnect\ndata: {}\n\n";

fn frame(e: &LiveEvent) -> Bytes {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: {}\ndata: {data}\n\n", e.kind))
}

/// Query of the stream.
#[derive(Debug, serde::Deserialize)]
pub struct EventsQuery {
    /// A ticket from `POST /events/ticket`.
    pub ticket: Option<String>,
}

/// A ticket to open the live stream with.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct EventTicket {
    /// Pass it as `?ticket=` to `GET /events`, within `expires_in` seconds;
    /// it opens one stream.
    pub ticket: String,
    pub expires_in: i64,
}

/// A ticket for the live stream: valid 30 seconds, for one connection; the
/// stream it opens ends when the access token it was asked with expires.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])),
    responses(
        (status = 200, description = "A stream ticket", body = EventTicket),
    )
)]
#[post("/events/ticket")]
pub async fn ticket(
    st: web::Data<AppState>,
    _signed_in: Staff,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let token = bearer_token(&req).ok_or_else(|| ApiError::Unauthorized("sign in first".into()))?;
    let session = st
        .tokens
        .check(token)
        .map_err(|e| ApiError::Unauthorized(format!("invalid or expired token ({e})")))?;
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        aud: TICKET_AUDIENCE.into(),
        iat: now,
        exp: now + TICKET_SECS,
        jti: Some(crate::notify::event_id()),
        until: Some(session.exp),
        pwc: false,
        ..session
    };
    let ticket = st
        .tokens
        .sign(&claims)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(EventTicket {
        ticket,
        expires_in: TICKET_SECS,
    }))
}

/// Who opens the stream, and until when: a ticket (used once) or a bearer
/// token.
fn listener(st: &AppState, req: &HttpRequest, q: &EventsQuery) -> Result<(Staff, i64), ApiError> {
    if let Some(t) = &q.ticket {
        let claims = st
            .tokens
            .check_ticket(t)
            .map_err(|e| ApiError::Unauthorized(format!("invalid or expired ticket ({e})")))?;
        let now = chrono::Utc::now().timestamp();
        let id = claims.jti.clone().unwrap_or_default();
        if id.is_empty() || !st.sessions.use_ticket(&id, claims.exp, now) {
            return Err(ApiError::Unauthorized(
                "this ticket was used already; ask for a new one".into(),
            ));
        }
        let until = claims.until.unwrap_or(claims.exp);
        return Ok((staff_of_claims(st, claims)?, until));
    }
    let token = bearer_token(req).ok_or_else(|| {
        ApiError::Unauthorized(
            "sign in first: send `Authorization: Bearer <token>`, or `?ticket=` from POST /api/v1/events/ticket".into(),
        )
    })?;
    let claims = st
        .tokens
        .check(token)
        .map_err(|e| ApiError::Unauthorized(format!("invalid or expired token ({e})")))?;
    let until = claims.exp;
    Ok((staff_of_claims(st, claims)?, until))
}

/// Live report events (`report`, `warning`), each a JSON [`LiveEvent`],
/// for reports within your scope.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])),
    params(("ticket" = Option<String>, Query, description = "A ticket from `POST /events/ticket`, for clients that cannot send headers (browsers' EventSource)")),
    responses(
        (status = 200, description = "A text/event-stream of LiveEvent", content_type = "text/event-stream", body = LiveEvent),
        (status = 429, description = "This account holds five live streams already", body = crm_domain::api::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/events")]
pub async fn events(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (staff, expires) = listener(&st, &req, &q)?;
    let slot = st
        .sessions
        .open_stream(staff.user_id)
        .ok_or_else(|| ApiError::TooManyRequests {
            detail: format!(
                "this account has {} live streams open already; close one",
                crate::auth::sessions::MAX_STREAMS
            ),
            retry_after: 15,
        })?;
    // The stream ends when the sign-in does; the client asks for a new
    // ticket (with its new token) and reconnects.
    let rx = st.live.subscribe();
    let hello = Bytes::from_static(b": connected\nretry: 3000\n\n");
    let body = stream::unfold(
        (Some(hello), rx, st, staff),
        move |(first, mut rx, st, staff)| {
            // The stream holds its slot until it is dropped.
            let _held = &slot;
            async move {
                if let Some(h) = first {
                    return Some((Ok::<_, actix_web::Error>(h), (None, rx, st, staff)));
                }
                loop {
                    if chrono::Utc::now().timestamp() >= expires || st.shutdown.draining() {
                        return None;
                    }
                    let next = tokio::select! {
                        next = tokio::time::timeout(KEEPALIVE, rx.recv()) => next,
                        // The server is stopping: reconnect (to another
                        // server behind the balancer) in a second.
                        _ = st.shutdown.begun() => {
                            return Some((Ok(Bytes::from_static(STOPPING)), (None, rx, st, staff)));
                        }
                    };
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
