//! Rebuilding a frozen month of the score journal (administrators): only a
//! month frozen from imported reports alone, after a later import added
//! more of the old system's history, with a reason (audited). A month that
//! holds any live work never changes.

use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::flows::scores::parse_period;
use crate::jobs::journal::{rebuild, Rebuilt};
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use crm_domain::api::Problem;
use serde::{Deserialize, Serialize};

/// Why a month is rebuilt.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct RebuildRequest {
    #[validate(length(min = 1, max = 500))]
    #[schema(example = "Berkas impor kedua (Juli–Desember 2021)")]
    pub reason: String,
}

/// Rebuild a frozen month from the reports as they stand now: allowed only
/// while every report of the month (and every report its journal counted)
/// came from the old system's import untouched.
#[utoipa::path(
    tag = "scores",
    security(("bearer" = [])),
    params(("period" = String, Path, description = "The month, `YYYY-MM`")),
    request_body = RebuildRequest,
    responses(
        (status = 204, description = "Rebuilt"),
        (status = 404, description = "The month is not frozen", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The month holds live work: it never changes", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a month, or no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/journal/{period}/rebuild")]
pub async fn rebuild_period(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
    body: ValidJson<RebuildRequest>,
) -> Result<HttpResponse, ApiError> {
    let p = parse_period(&path.into_inner())?;
    let reason = body.0.reason.trim().to_string();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "say why"));
    }
    let s = st.clone();
    let by = admin.username.clone();
    let done = web::block(move || rebuild(&s, p, &by, &reason))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    match done {
        Rebuilt::Rebuilt => Ok(HttpResponse::NoContent().finish()),
        Rebuilt::NotFrozen => Err(ApiError::NotFound(format!("{p} is not frozen"))),
        Rebuilt::LiveWork => Err(ApiError::Conflict(format!(
            "{p} holds work done in the live system; a frozen month with live work never changes"
        ))),
    }
}
