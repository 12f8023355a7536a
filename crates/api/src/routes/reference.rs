//! Reference data: units, categories, channels. Public: integrators and the
//! web app need them before anyone signs in.

use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{Category, Channel, Problem, Unit};
use crm_domain::UnitLevel;
use serde::Deserialize;

/// Filters of `GET /api/v1/units`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UnitQuery {
    /// Only units of this level.
    pub level: Option<UnitLevel>,
    /// Only the direct children of this unit.
    pub parent: Option<String>,
}

/// List units.
#[utoipa::path(
    tag = "reference",
    params(UnitQuery),
    responses(
        (status = 200, description = "Units, by code", body = Vec<Unit>),
        (status = 422, description = "Unknown level", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units")]
pub async fn units(st: web::Data<AppState>, q: ValidQuery<UnitQuery>) -> HttpResponse {
    let q = q.0;
    let list: Vec<&Unit> = st
        .refdata
        .units
        .iter()
        .filter(|u| q.level.is_none_or(|l| u.level == l))
        .filter(|u| {
            q.parent
                .as_ref()
                .is_none_or(|p| u.parent_code.as_ref() == Some(p))
        })
        .collect();
    HttpResponse::Ok().json(list)
}

/// List categories with their time bands and weights.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "Categories, by name", body = Vec<Category>))
)]
#[get("/categories")]
pub async fn categories(st: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&st.refdata.categories)
}

/// List the 14 official channels.
#[utoipa::path(
    tag = "reference",
    responses((status = 200, description = "Channels", body = Vec<Channel>))
)]
#[get("/channels")]
pub async fn channels(st: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&st.refdata.channels)
}
