//! Public tracking: anyone can follow a report by its number, hidden ones
//! included, without the reporter's identity or internal notes.

use crate::error::ApiError;
use crate::flows::case;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::PublicReport;

/// Track a report by its number: status, public history with unit names,
/// follow-up photos and the estimate date. No login.
#[utoipa::path(
    tag = "public",
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The public view of the report", body = PublicReport),
    )
)]
#[get("/public/reports/{number}")]
pub async fn track(
    st: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = case::parse_number(&path.into_inner())?;
    let bundle = case::fetch(&st, number).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-cache"))
        .json(view::public_view(&st.refdata, bundle)))
}
