//! Photos of a report: supporting photos sent with it (staff and the filing
//! channel may add them; staff only see them), and serving stored photos to
//! staff and, for follow-up evidence, to the public.

use crate::auth::extract::Caller;
use crate::auth::Staff;
use crate::db::lifecycle::{self as store, PhotoRow, StoredPhoto};
use crate::db::time::now;
use crate::error::ApiError;
use crate::flows::act::store_photos;
use crate::flows::case;
use crate::multipart;
use crate::routes::view;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{get, http::header, post, web, HttpResponse};
use crm_domain::api::{Problem, Report};
use serde::Deserialize;

/// Which rendition of a photo.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    /// `thumb` for the small version; the full photo otherwise.
    pub size: Option<String>,
    /// The report's tracking code: needed for a hidden report's public
    /// photos.
    pub code: Option<String>,
}

/// Add supporting photos to a report (`multipart/form-data`, `photo` files,
/// up to 10, JPEG/PNG/WebP of at most 10 MB each). Staff who see the report,
/// or the channel that filed it (`X-API-Key`). Staff only see these.
#[utoipa::path(
    tag = "reports", security(("bearer" = []), ("api_key" = [])),
    params(("number" = i64, Path, description = "The report's number")),
    request_body(content_type = "multipart/form-data", description = "`photo` files (repeatable, up to 10)"),
    responses(
        (status = 200, description = "The report with its photos", body = Report),
        (status = 403, description = "Outside your scope or another channel's report", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No photo, more than 10, or not a photo", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/photos")]
pub async fn upload(
    st: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let number = case::parse_number(&path.into_inner())?;
    let bundle = case::fetch(&st, number).await?;
    match &caller {
        Caller::Staff(s) => case::require_visible(&st, s, &bundle.case)?,
        Caller::Integrator(i) if i.channel == bundle.row.channel_code => {}
        Caller::Integrator(_) => {
            return Err(ApiError::Forbidden(format!(
                "report {number} did not come through this key's channel"
            )))
        }
    }
    let form = multipart::read(body).await?;
    if form.photos.is_empty() {
        return Err(ApiError::field("photo", "attach at least one photo"));
    }
    let stored = store_photos(&st, number, form.photos).await?;
    let keys = StoredPhoto::keys(&stored);
    let at = crate::db::time::to_db(now());
    let written = st
        .db
        .write(move |conn| store::insert_photos(conn, number, None, &stored, false, at))
        .await;
    if let Err(e) = written {
        st.media.delete(&keys).await;
        return Err(e.into());
    }
    let bundle = case::fetch(&st, number).await?;
    let staff = match &caller {
        Caller::Staff(s) => Some(s),
        Caller::Integrator(_) => None,
    };
    Ok(HttpResponse::Ok().json(view::staff_view(&st, bundle, staff)))
}

async fn serve(
    st: &AppState,
    p: PhotoRow,
    q: &PhotoQuery,
    cache: &str,
) -> Result<HttpResponse, ApiError> {
    let key = match q.size.as_deref() {
        Some("thumb") => p.thumb_key,
        None | Some("full") => p.object_key,
        Some(other) => {
            return Err(ApiError::field(
                "size",
                format!("unknown size `{other}` (thumb or full)"),
            ))
        }
    };
    let data = st
        .media
        .get(&key)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/jpeg"))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(data))
}

async fn find(st: &AppState, number: i64, id: &str) -> Result<PhotoRow, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no photo `{id}`")))?;
    st.db
        .read(move |conn| store::photo(conn, number, id).map_err(ApiError::from))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("report {number} has no photo {id}")))
}

/// A photo of a report, for staff who see the report (JPEG).
#[utoipa::path(
    tag = "reports", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The report's number"), ("id" = i64, Path, description = "The photo's id"), PhotoQuery),
    responses(
        (status = 200, description = "The photo", content_type = "image/jpeg"),
        (status = 403, description = "Outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such photo", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{number}/photos/{id}")]
pub async fn get(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, String)>,
    q: web::Query<PhotoQuery>,
) -> Result<HttpResponse, ApiError> {
    let (n, id) = path.into_inner();
    let number = case::parse_number(&n)?;
    let bundle = case::fetch(&st, number).await?;
    case::require_visible(&st, &staff, &bundle.case)?;
    let p = find(&st, number, &id).await?;
    serve(&st, p, &q, "private, max-age=86400").await
}

/// A follow-up photo of a report, for anyone (JPEG). Supporting photos sent
/// by the reporter are not public; a hidden report's photos need its
/// tracking code.
#[utoipa::path(
    tag = "public",
    params(("number" = i64, Path, description = "The report's number"), ("id" = i64, Path, description = "The photo's id"), PhotoQuery),
    responses(
        (status = 200, description = "The photo", content_type = "image/jpeg"),
        (status = 404, description = "No such public photo", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/public/reports/{number}/photos/{id}")]
pub async fn get_public(
    st: web::Data<AppState>,
    _v: crate::auth::Visitor,
    path: web::Path<(String, String)>,
    q: web::Query<PhotoQuery>,
) -> Result<HttpResponse, ApiError> {
    let (n, id) = path.into_inner();
    let number = case::parse_number(&n)?;
    let hidden = st
        .db
        .read(move |conn| crate::db::reports::get(conn, number).map_err(ApiError::from))
        .await?
        .ok_or_else(|| case::not_found(&n))?
        .hidden;
    let opened = hidden
        && crate::tracking::matches(
            case::tracking_code(&st, number).await?.as_deref(),
            q.code.as_deref(),
        );
    let p = find(&st, number, &id).await?;
    if !p.public || (hidden && !opened) {
        return Err(ApiError::NotFound(format!(
            "report {number} has no public photo {id}"
        )));
    }
    let cache = if hidden {
        "private, max-age=3600"
    } else {
        "public, max-age=86400"
    };
    serve(&st, p, &q, cache).await
}
