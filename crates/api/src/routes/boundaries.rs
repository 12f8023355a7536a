//! Kelurahan boundaries: administrators load them as GeoJSON; from then on
//! reports with coordinates are placed in the kelurahan that holds them.

use crate::auth::{Admin, Staff};
use crate::boundaries::{self, Boundaries};
use crate::cluster::Signal;
use crate::db::boundaries as stored;
use crate::db::time::{now, to_db};
use crate::error::ApiError;
use crate::extract::{has_media_type, read_limited};
use crate::jobs::boundaries::reload;
use crate::state::AppState;
use actix_web::{delete, get, put, web, HttpRequest, HttpResponse};
use crm_domain::api::{BoundariesLoaded, Problem, UnitOutline};
use crm_domain::UnitLevel;
use std::collections::HashMap;

/// Largest GeoJSON accepted, in bytes.
const GEOJSON_LIMIT: usize = 64 * 1024 * 1024;

/// The answer after a load: how many kelurahan can now place reports, and
/// which cannot yet.
fn loaded(st: &AppState, bounds: &Boundaries) -> BoundariesLoaded {
    BoundariesLoaded {
        loaded: bounds.len(),
        missing: st
            .refdata
            .units()
            .iter()
            .filter(|u| u.level == UnitLevel::Kelurahan && !bounds.has(&u.code))
            .map(|u| u.code.clone())
            .collect(),
    }
}

/// Load kelurahan boundaries: a GeoJSON FeatureCollection of Polygon or
/// MultiPolygon features (longitude, latitude), each naming its kelurahan
/// by code in a property `code`, `kode`, `kode_kelurahan`, `kode_desa`,
/// `KODE_DESA` or `kd_kel` (dotted `31.71.01.1001` or plain `3171011001`).
/// A kelurahan given again replaces its boundary; the others stay. All or
/// nothing: any bad feature → 422 naming every bad feature.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    request_body(content_type = "application/geo+json", description = "A GeoJSON FeatureCollection"),
    responses(
        (status = 200, description = "Loaded", body = BoundariesLoaded),
        (status = 422, description = "Bad features, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/boundaries")]
pub async fn load(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !has_media_type(&req, &["application/json", "+json"]) {
        return Err(ApiError::UnsupportedMediaType(
            "send GeoJSON (Content-Type: application/geo+json)".into(),
        ));
    }
    let bytes = read_limited(body, GEOJSON_LIMIT).await?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::BadRequest("the body is not UTF-8 text".into()))?
        .to_string();
    let by_plain: HashMap<String, String> = st
        .refdata
        .units()
        .iter()
        .filter(|u| u.level == UnitLevel::Kelurahan)
        .map(|u| (u.code.replace('.', ""), u.code.clone()))
        .collect();
    let features = web::block(move || {
        boundaries::parse(&text, |c| by_plain.get(&c.replace('.', "")).cloned())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|errors| match errors.first() {
        Some(e) if e.field == "body" => ApiError::BadRequest(e.message.clone()),
        _ => ApiError::fields(errors),
    })?;
    st.db
        .write(move |conn| -> Result<(), ApiError> {
            stored::save(conn, &features, to_db(now()))?;
            crate::db::audit::after(
                conn,
                &admin.username,
                "boundaries.load",
                "boundaries".into(),
                Some(serde_json::json!({"kelurahan": features.len()})),
            )?;
            Ok(())
        })
        .await?;
    let bounds = reload(&st).await?;
    st.relay.tell(Signal::Boundaries);
    Ok(HttpResponse::Ok().json(loaded(&st, &bounds)))
}

/// The boundaries in force as a GeoJSON FeatureCollection (property `code`
/// and `name` per kelurahan): those an administrator loaded, or else the
/// built-in boundaries of Jakarta's 267 kelurahan.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    responses(
        (status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json", body = Object),
    )
)]
#[get("/boundaries")]
pub async fn get_all(st: web::Data<AppState>, _staff: Staff) -> Result<HttpResponse, ApiError> {
    let rows = st.db.read(stored::geometries).await?;
    if rows.is_empty() {
        return Ok(HttpResponse::Ok()
            .content_type("application/geo+json")
            .body(crate::boundaries::BUILT_IN));
    }
    let mut out = String::from(r#"{"type":"FeatureCollection","features":["#);
    for (i, (code, geometry)) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let props = serde_json::json!({
            "code": code,
            "name": st.refdata.unit_name(Some(code)),
        });
        out.push_str(&format!(
            r#"{{"type":"Feature","properties":{props},"geometry":{geometry}}}"#
        ));
    }
    out.push_str("]}");
    Ok(HttpResponse::Ok()
        .content_type("application/geo+json")
        .body(out))
}

/// One kelurahan's boundary in force, as `[lat, lon]` rings simplified to
/// about 5 m: what the report page draws its small map from.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(("code" = String, Path, description = "The kelurahan's code, e.g. `31.71.01.1001`")),
    responses(
        (status = 200, description = "The kelurahan's outline", body = UnitOutline),
    )
)]
#[get("/boundaries/{code}")]
pub async fn outline(
    st: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let (code, rings) = st
        .boundaries
        .get()
        .outlines(|c| c == code, 0.00005)
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound(format!("no boundary for kelurahan `{code}`")))?;
    Ok(HttpResponse::Ok().json(UnitOutline {
        name: st
            .refdata
            .unit_name(Some(&code))
            .unwrap_or_else(|| code.clone()),
        code,
        rings,
    }))
}

/// Remove every boundary an administrator loaded: the built-in boundaries
/// of Jakarta's kelurahan place reports again.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
    )
)]
#[delete("/boundaries")]
pub async fn clear(st: web::Data<AppState>, Admin(admin): Admin) -> Result<HttpResponse, ApiError> {
    st.db
        .write(move |conn| -> Result<usize, ApiError> {
            let n = stored::clear(conn)?;
            crate::db::audit::after(
                conn,
                &admin.username,
                "boundaries.clear",
                "boundaries".into(),
                None,
            )?;
            Ok(n)
        })
        .await?;
    reload(&st).await?;
    st.relay.tell(Signal::Boundaries);
    Ok(HttpResponse::NoContent().finish())
}
