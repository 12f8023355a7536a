//! The public side: anyone can follow a report by its number (a hidden one
//! only in outline without its tracking code), and its reporter, with the
//! code, can rate it once it is done. Every route here is limited per
//! address ([`Visitor`]).

use crate::auth::Visitor;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::flows::act::{self, Performer, Purpose, Request};
use crate::flows::case;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use crm_domain::api::{FeedbackRequest, Problem, PublicReport, PublicStats, PublicStatsQuery};
use crm_domain::lifecycle::Action;
use serde::Deserialize;
use utoipa::IntoParams;

/// The tracking code, for the reporter's view.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodeQuery {
    /// The report's tracking code (the reporter's link carries it).
    pub code: Option<String>,
}

/// Track a report by its number: status, public history with unit names,
/// follow-up photos and the estimate date. No login. A hidden report shows
/// only status, times and unit names unless its tracking code is given;
/// with the code, the view says whether feedback may be given.
#[utoipa::path(
    tag = "public",
    params(("number" = i64, Path, description = "The report's number"), CodeQuery),
    responses(
        (status = 200, description = "The public view of the report", body = PublicReport),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/public/reports/{number}")]
pub async fn track(
    st: web::Data<AppState>,
    _v: Visitor,
    path: web::Path<String>,
    q: web::Query<CodeQuery>,
) -> Result<HttpResponse, ApiError> {
    let number = case::parse_number(&path.into_inner())?;
    let bundle = case::fetch(&st, number).await?;
    let stored = match &q.code {
        Some(_) => case::tracking_code(&st, number).await?,
        None => None,
    };
    let view = view::public_view(&st.refdata, bundle, q.code.as_deref(), stored.as_deref());
    Ok(HttpResponse::Ok()
        .insert_header((
            "Cache-Control",
            if view.with_code || !view.full {
                "private, no-store"
            } else {
                "no-cache"
            },
        ))
        .json(view))
}

/// The reporter's feedback once the report is Selesai, with its tracking
/// code: 1–5 stars with a comment, once, and whether the problem was fixed.
/// "Not fixed" within 30 days of Selesai puts the report in the Monitoring
/// Room's review queue. A rating through the channel counts as the one
/// rating too.
#[utoipa::path(
    tag = "public",
    params(("number" = i64, Path, description = "The report's number")),
    request_body = FeedbackRequest,
    responses(
        (status = 201, description = "Thanks: the report as its reporter sees it now", body = PublicReport),
        (status = 403, description = "The tracking code is wrong or missing", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not done (Selesai) yet, or rated before", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/public/reports/{number}/feedback")]
pub async fn feedback(
    st: web::Data<AppState>,
    _v: Visitor,
    path: web::Path<String>,
    body: ValidJson<FeedbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let number = case::parse_number(&path.into_inner())?;
    let FeedbackRequest {
        code,
        stars,
        comment,
        fixed,
    } = body.0;
    let bundle = act::perform(
        &st,
        Performer::Citizen { code: code.clone() },
        Request {
            number,
            version: None,
            action: Action::Rate {
                stars,
                comment,
                fixed,
            },
            photos: Vec::new(),
            purpose: Purpose::Plain,
        },
    )
    .await?;
    // The code was checked by the action: it is the report's.
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(view::public_view(
            &st.refdata,
            bundle,
            Some(&code),
            Some(&crate::tracking::normalise(&code)),
        )))
}

/// How the city, or one kota, performed in a month: totals, status shares,
/// mean completion time, top categories, the rankings of kota, kecamatan
/// and kelurahan with scores and grades (the journal's once frozen), a
/// 12-month trend and a map of H3 cells (cells with fewer than 3 reports
/// left out; hidden reports never on it). No login; kept for a minute.
#[utoipa::path(
    tag = "public",
    params(PublicStatsQuery),
    responses(
        (status = 200, description = "The month's public statistics", body = PublicStats),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/public/stats")]
pub async fn stats(
    st: web::Data<AppState>,
    _v: Visitor,
    q: crate::extract::ValidQuery<PublicStatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let stats = crate::flows::public_stats::of(&st, &q).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(stats.as_ref()))
}
