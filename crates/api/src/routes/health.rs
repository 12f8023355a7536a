//! Liveness: answers only when the database does.

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
