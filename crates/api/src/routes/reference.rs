//! Reference data: units, categories, channels. Reading is public:
//! integrators and the web app need them before anyone signs in.
//! Administrators change a category's bands and weight.

use crate::auth::Admin;
use crate::db::reference;
use crate::db::time::{now, to_db};
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;
use actix_web::{get, patch, post, put, web, HttpResponse};
use crm_domain::api::{
    Category, CategoryUpdate, Channel, NewCategory, NewUnit, Problem, Unit, UnitPatch,
};
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
    let units = st.refdata.units();
    let list: Vec<&Unit> = units
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
    let refdata = st.refdata.clone();
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
                // Its open reports' completion target follows the new bands.
                let reckon = refdata.reckon_with(refdata.settings(), Some((c.clone(), cat.bands)));
                crate::db::schedule::refresh_open(conn, Some(&c), &reckon)?;
            }
            Ok::<_, ApiError>(updated)
        })
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no category `{code}`")))?;
    st.refdata.replace_category(updated.clone());
    Ok(HttpResponse::Ok().json(updated))
}

/// Add a category (administrator): the city's list grows beyond the
/// categories loaded at start. Its figures hold from the beginning; later
/// changes (`PUT`) are versioned.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])),
    request_body = NewCategory,
    responses(
        (status = 201, description = "Added", body = Category),
        (status = 409, description = "The code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad code or name, bands not rising, or weight out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/categories")]
pub async fn create_category(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    body: ValidJson<NewCategory>,
) -> Result<HttpResponse, ApiError> {
    let n = body.0;
    let code = n.code.trim().to_string();
    let good_code = (2..=60).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !good_code {
        return Err(ApiError::field(
            "code",
            "2 to 60 lower-case letters, digits and dashes",
        ));
    }
    if n.name.trim().is_empty() {
        return Err(ApiError::field("name", "must not be empty"));
    }
    if !n.bands.is_valid() {
        return Err(ApiError::field(
            "bands",
            "t1, t2 and t3 must be positive hours rising strictly (t1 < t2 < t3)",
        ));
    }
    let category = Category {
        code,
        name: n.name.trim().to_string(),
        weight: n.weight,
        bands: n.bands,
        evidence_required: n.evidence_required,
    };
    let made = category.clone();
    let by = staff.username.clone();
    let added = st
        .db
        .write(move |conn| {
            let added = reference::insert_category(conn, &made, &by)?;
            if added {
                crate::db::audit::after(
                    conn,
                    &by,
                    "category.create",
                    format!("category:{}", made.code),
                    serde_json::to_value(&made).ok(),
                )?;
            }
            Ok::<_, ApiError>(added)
        })
        .await?;
    if !added {
        return Err(ApiError::Conflict(format!(
            "the category `{}` exists",
            category.code
        )));
    }
    st.refdata.add_category(category.clone());
    Ok(HttpResponse::Created().json(category))
}

/// Add a unit (administrator): a dinas, badan, biro or BUMD (level `dinas`)
/// under the province, a sudin under its dinas, or a piece of the official
/// tree under its kota or kecamatan. It can receive reports, hand-overs and
/// accounts at once.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])),
    request_body = NewUnit,
    responses(
        (status = 201, description = "Added", body = Unit),
        (status = 409, description = "The code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad code or name, or a parent that is unknown, inactive or of the wrong level", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units")]
pub async fn create_unit(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    body: ValidJson<NewUnit>,
) -> Result<HttpResponse, ApiError> {
    let n = body.0;
    let code = n.code.trim().to_string();
    crm_domain::unit::check_code(&code).map_err(|m| ApiError::field("code", m))?;
    let name = n.name.trim().to_string();
    if name.is_empty() {
        return Err(ApiError::field("name", "must not be empty"));
    }
    let allowed = crm_domain::unit::parent_levels(n.level);
    match st.refdata.unit(&n.parent_code) {
        Some(p) if p.active && allowed.contains(&p.level) => {}
        Some(p) if !p.active => {
            return Err(ApiError::field(
                "parent_code",
                "the parent unit is deactivated",
            ))
        }
        Some(_) | None if allowed.is_empty() => {
            return Err(ApiError::field("level", "no new province can be added"))
        }
        Some(p) => {
            return Err(ApiError::field(
                "parent_code",
                format!(
                    "a {} sits under a {}, not a {}",
                    n.level.as_str(),
                    allowed
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(" or "),
                    p.level.as_str()
                ),
            ))
        }
        None => {
            return Err(ApiError::field(
                "parent_code",
                format!("unknown unit `{}`", n.parent_code),
            ))
        }
    }
    let unit = Unit {
        code,
        name,
        level: n.level,
        parent_code: Some(n.parent_code),
        active: true,
    };
    let made = unit.clone();
    let by = staff.username.clone();
    let added = st
        .db
        .write(move |conn| {
            let added = reference::insert_unit(conn, &made)?;
            if added {
                crate::db::audit::after(
                    conn,
                    &by,
                    "unit.create",
                    format!("unit:{}", made.code),
                    serde_json::to_value(&made).ok(),
                )?;
            }
            Ok::<_, ApiError>(added)
        })
        .await?;
    if !added {
        return Err(ApiError::Conflict(format!(
            "the unit `{}` exists",
            unit.code
        )));
    }
    st.refdata.put_unit(unit.clone());
    Ok(HttpResponse::Created().json(unit))
}

/// Rename a unit, or deactivate it (only when it holds no open report) or
/// reactivate it (administrator). A deactivated unit keeps its history but
/// receives no report, hand-over or account.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])),
    params(("code" = String, Path, description = "The unit's code")),
    request_body = UnitPatch,
    responses(
        (status = 200, description = "The unit as it is now", body = Unit),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It still holds open reports", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty name", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/units/{code}")]
pub async fn update_unit(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    path: web::Path<String>,
    body: ValidJson<UnitPatch>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let before = st
        .refdata
        .unit(&code)
        .ok_or_else(|| ApiError::NotFound(format!("no unit `{code}`")))?;
    let p = body.0;
    let mut after = before.clone();
    if let Some(name) = p.name {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(ApiError::field("name", "must not be empty"));
        }
        after.name = name;
    }
    if let Some(active) = p.active {
        after.active = active;
    }
    let by = staff.username.clone();
    let (old, new) = (before.clone(), after.clone());
    st.db
        .write(move |conn| {
            if old.active && !new.active {
                let open = reference::open_reports_held(conn, &new.code)?;
                if open > 0 {
                    return Err(ApiError::Conflict(format!(
                        "unit `{}` still holds {open} open reports; hand them on first",
                        new.code
                    )));
                }
            }
            reference::update_unit(conn, &new)?;
            crate::db::audit::record(
                conn,
                crate::db::audit::Change {
                    actor: &by,
                    action: match (old.active, new.active) {
                        (true, false) => "unit.deactivate",
                        (false, true) => "unit.reactivate",
                        _ => "unit.update",
                    },
                    target: format!("unit:{}", new.code),
                    before: serde_json::to_value(&old).ok(),
                    after: serde_json::to_value(&new).ok(),
                },
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    st.refdata.put_unit(after.clone());
    Ok(HttpResponse::Ok().json(after))
}
