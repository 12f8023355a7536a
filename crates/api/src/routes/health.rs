//! Liveness (answers only when the database does), readiness (for a
//! balancer) and the operators' metrics.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{Health, Problem};

/// Health check.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "The server and its database answer", body = Health),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/healthz")]
pub async fn healthz(st: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    st.db
        .read(|conn| {
            crate::db::ping(conn)
                .map_err(|e| ApiError::Unavailable(format!("database does not answer: {e}")))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
    }))
}

/// Readiness: the database answers, its schema is this build's, and the
/// server is not stopping. A balancer sends requests only to ready servers;
/// `/healthz` stays the liveness check.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready for requests", body = Health),
        (status = 503, description = "The database does not answer, a migration is pending, or the server is stopping", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(st: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if st.shutdown.draining() {
        return Err(ApiError::Unavailable("the server is stopping".into()));
    }
    let db = st.db.clone();
    let migrated = web::block(move || db.migrated())
        .await
        .map_err(|e| ApiError::Unavailable(format!("readiness check failed: {e}")))?
        .map_err(|e| ApiError::Unavailable(format!("database does not answer: {e}")))?;
    if !migrated {
        return Err(ApiError::Unavailable(
            "the database schema is older than this server: run `crm migrate`".into(),
        ));
    }
    Ok(HttpResponse::Ok().json(Health {
        status: "ready".into(),
    }))
}

/// The operators' metrics in the Prometheus text format (administrators;
/// a scraper reads them without a sign-in at `--metrics-addr`).
#[utoipa::path(
    tag = "system",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Request rates and latencies, pool use, outbox depth, deliveries, job durations, live streams", content_type = "text/plain", body = String),
    )
)]
#[get("/metrics")]
pub async fn metrics(
    st: web::Data<AppState>,
    _admin: crate::auth::Admin,
) -> Result<HttpResponse, ApiError> {
    Ok(exposition(&st).await)
}

/// The metrics as a scraper takes them.
pub async fn exposition(st: &AppState) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::meters::render(st).await)
}
