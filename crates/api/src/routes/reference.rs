//! Reference data: units, categories, channels. Reading is public:
//! integrators and the web app need them before anyone signs in.
//! Administrators change a category's bands and weight.

use crate::auth::Admin;
use crate::db::reference;
use crate::db::time::{now, to_db};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use actix_web::{get, put, web, HttpResponse};
use crm_domain::api::{Category, CategoryUpdate, Channel, Problem, Unit};
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
    HttpResponse::Ok().json(st.refdata.categories())
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

/// Change a category's time bands, weight and evidence rule
/// (administrator). The old figures stay valid for every moment before the
/// change: scores computed for an earlier moment, and frozen periods, keep
/// the tables they used.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])),
    params(("code" = String, Path, description = "The category's code")),
    request_body = CategoryUpdate,
    responses(
        (status = 200, description = "The category as it is now", body = Category),
        (status = 404, description = "No such category", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bands not rising, or weight out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/categories/{code}")]
pub async fn update_category(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    path: web::Path<String>,
    body: ValidJson<CategoryUpdate>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let u = body.0;
    if !u.bands.is_valid() {
        return Err(ApiError::field(
            "bands",
            "t1, t2 and t3 must be positive hours rising strictly (t1 < t2 < t3)",
        ));
    }
    let by = staff.username.clone();
    let c = code.clone();
    let before = st
        .refdata
        .category(&code)
        .and_then(|b| serde_json::to_value(b).ok());
    let updated = st
        .db
        .write(move |conn| {
            let updated = reference::update_category(
                conn,
                &c,
                u.weight,
                u.bands,
                u.evidence_required,
                to_db(now()),
                &by,
            )?;
            if let Some(cat) = &updated {
                crate::db::audit::record(
                    conn,
                    crate::db::audit::Change {
                        actor: &by,
                        action: "category.update",
                        target: format!("category:{c}"),
                        before,
                        after: serde_json::to_value(cat).ok(),
                    },
                )?;
            }
            Ok::<_, ApiError>(updated)
        })
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no category `{code}`")))?;
    st.refdata.replace_category(updated.clone());
    Ok(HttpResponse::Ok().json(updated))
}
