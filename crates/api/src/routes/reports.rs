//! Reports: intake from staff and channels, one report, and the filtered,
//! paginated list of the caller's scope.

use crate::auth::extract::Scope;
use crate::auth::{Caller, Staff};
use crate::db::reports::{self as store, ListFilter};
use crate::db::time::from_db;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::flows::case;
use crate::flows::file::{code_for_filer, file, filed, filer_of};
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, http::header, post, web, HttpResponse};
use crm_domain::api::{
    BatchItem, BatchResult, NearbyItem, NearbyPage, NearbyQuery, NewReport, Problem, Report,
    ReportBatch, ReportPage, ReportQuery, BATCH_LIMIT,
};

/// File a report: staff typing in a report from an office or message channel
/// (bearer token), or a channel's system for its own channel (`X-API-Key`).
/// A report whose channel reference was seen before is returned as it is,
/// with 200, and nothing new is written.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = []), ("api_key" = [])),
    request_body = NewReport,
    responses(
        (status = 201, description = "Created", body = Report, headers(("Location" = String, description = "URL of the report"))),
        (status = 200, description = "Already filed under this channel reference", body = Report),
        (status = 409, description = "This channel reference was already filed as a report held outside your scope (only its number is named)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not file reports", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports")]
pub async fn create(
    st: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let filer = filer_of(&st, &caller)?;
    let filing = file(&st, &filer, body.0).await?;
    let created = filing.created;
    let bundle = filed(&st, &caller, created, filing.number).await?;
    let tracking_code = code_for_filer(&st, &caller, &filing, &bundle).await?;
    let mut report = view::staff_view(
        &st,
        bundle,
        match &caller {
            Caller::Staff(s) => Some(s),
            Caller::Integrator(_) => None,
        },
    );
    report.tracking_code = tracking_code;
    let mut resp = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(resp
        .insert_header((
            header::LOCATION,
            format!("/api/v1/reports/{}", filing.number),
        ))
        .json(report))
}

/// Largest batch body, in bytes (500 reports of full length).
const BATCH_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// File up to 500 reports at once (a channel catching up, or moving its
/// backlog). Each report is checked and filed on its own, in order, and
/// answered on its own: 201 filed, 200 already filed under its channel
/// reference, or its problem. One bad report never stops the others.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = []), ("api_key" = [])),
    request_body = ReportBatch,
    responses(
        (status = 200, description = "Each report's own answer, in order", body = BatchResult),
        (status = 403, description = "Role may not file reports", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reports, or more than 500", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/batch")]
pub async fn batch(
    st: web::Data<AppState>,
    caller: Caller,
    req: actix_web::HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let by = filer_of(&st, &caller)?;
    if !crate::extract::has_media_type(&req, &["application/json", "+json"]) {
        return Err(ApiError::UnsupportedMediaType(
            "the body must be JSON (Content-Type: application/json)".into(),
        ));
    }
    let bytes = crate::extract::read_limited(body, BATCH_BODY_LIMIT).await?;
    // Each report is kept as raw JSON until it is checked alone.
    let raw: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {e}")))?;
    let reports = match raw {
        serde_json::Value::Object(mut o) if o.len() == 1 && o.contains_key("reports") => {
            match o.remove("reports") {
                Some(serde_json::Value::Array(items)) => items,
                _ => return Err(ApiError::field("reports", "a list of reports")),
            }
        }
        serde_json::Value::Object(o) => {
            let unknown = o.keys().find(|k| *k != "reports").cloned();
            return Err(match unknown {
                Some(k) => ApiError::field(&k, format!("unknown field `{k}`, expected `reports`")),
                None => ApiError::field("reports", "missing field `reports`"),
            });
        }
        _ => return Err(ApiError::field("body", "an object `{\"reports\": [...]}`")),
    };
    if reports.is_empty() || reports.len() > BATCH_LIMIT {
        return Err(ApiError::field(
            "reports",
            format!("give 1 to {BATCH_LIMIT} reports"),
        ));
    }
    let staff = match &caller {
        Caller::Staff(s) => Some(s),
        Caller::Integrator(_) => None,
    };
    let mut items = Vec::with_capacity(reports.len());
    let (mut created, mut existing, mut rejected) = (0, 0, 0);
    for (index, value) in reports.into_iter().enumerate() {
        let filed = match crate::extract::parse_json::<NewReport>(value.to_string().as_bytes()) {
            Ok(new) => match file(&st, &by, new).await {
                Ok(filing) => match filed(&st, &caller, filing.created, filing.number).await {
                    Ok(b) => code_for_filer(&st, &caller, &filing, &b)
                        .await
                        .map(|code| (filing.created, b, code)),
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        // Every report gets its own answer, a server fault included: the
        // ones before it stay filed, and a resend with the same channel
        // references files only what is missing.
        let item = match filed {
            Ok((is_new, bundle, tracking_code)) => {
                let mut report = view::staff_view(&st, bundle, staff);
                report.tracking_code = tracking_code;
                if is_new {
                    created += 1;
                } else {
                    existing += 1;
                }
                BatchItem {
                    index,
                    status: if is_new { 201 } else { 200 },
                    report: Some(report),
                    problem: None,
                }
            }
            Err(e) => {
                rejected += 1;
                let problem = e.problem();
                BatchItem {
                    index,
                    status: problem.status,
                    report: None,
                    problem: Some(problem),
                }
            }
        };
        items.push(item);
    }
    Ok(HttpResponse::Ok().json(BatchResult {
        created,
        existing,
        rejected,
        items,
    }))
}

/// Similar reports near a place: open reports of the same category within
/// the radius (200 m unless asked, at most 1,000 m), and those done in the
/// last 30 days, nearest first, at most 10, so a duplicate need not be
/// filed. Staff, or a channel's system (`X-API-Key`). A hidden report shows
/// only its number, status and distance.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = []), ("api_key" = [])),
    params(NearbyQuery),
    responses(
        (status = 200, description = "Similar reports, nearest first", body = NearbyPage),
        (status = 422, description = "A bad place, category or radius, named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/nearby")]
pub async fn nearby(
    st: web::Data<AppState>,
    _caller: Caller,
    q: ValidQuery<NearbyQuery>,
) -> Result<HttpResponse, ApiError> {
    use crm_domain::similar;
    let q = q.0;
    if !(-90.0..=90.0).contains(&q.lat) {
        return Err(ApiError::field("lat", "must be between -90 and 90"));
    }
    if !(-180.0..=180.0).contains(&q.lon) {
        return Err(ApiError::field("lon", "must be between -180 and 180"));
    }
    if st.refdata.category(&q.category).is_none() {
        return Err(ApiError::field(
            "category",
            format!("unknown category `{}`", q.category),
        ));
    }
    let settings = st.refdata.settings();
    let radius = q.radius_m.unwrap_or(settings.similar_radius_m);
    if radius == 0 || radius > similar::MAX_RADIUS_M {
        return Err(ApiError::field(
            "radius_m",
            format!("must be between 1 and {}", similar::MAX_RADIUS_M),
        ));
    }
    let radius = f64::from(radius);
    let cells = crate::cells::cells_within(q.lat, q.lon, radius);
    let now = chrono::Utc::now();
    let done_days = settings.similar_done_days;
    let category = q.category.clone();
    let rows = st
        .db
        .read(move |conn| {
            crate::db::nearby::in_cells(conn, &category, &cells, now, settings.similar_done_days)
        })
        .await?;
    let found = rows
        .into_iter()
        .filter(|r| {
            let status = r
                .status
                .parse()
                .unwrap_or(crm_domain::ReportStatus::Menunggu);
            similar::worth_showing(status, r.completed_at.map(from_db), now, done_days)
        })
        .map(|r| similar::Candidate {
            distance_m: similar::distance_m((q.lat, q.lon), (r.lat, r.lon)),
            item: r,
        })
        .collect();
    let nearest = similar::nearest(found, radius, |r| r.number);
    let numbers: Vec<i64> = nearest
        .iter()
        .filter(|c| !c.item.hidden)
        .map(|c| c.item.number)
        .collect();
    let mut texts = st
        .db
        .read(move |conn| crate::db::nearby::descriptions(conn, &numbers))
        .await?;
    let items = nearest
        .into_iter()
        .map(|c| {
            let r = c.item;
            let shown = !r.hidden;
            NearbyItem {
                number: r.number,
                status: r
                    .status
                    .parse()
                    .unwrap_or(crm_domain::ReportStatus::Menunggu),
                distance_m: c.distance_m.round() as u32,
                received_at: Some(from_db(r.received_at)).filter(|_| shown),
                description: texts.remove(&r.number).filter(|_| shown),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(NearbyPage { items }))
}

/// Read one report.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report with its history", body = Report),
        (status = 403, description = "Held by a unit outside your scope", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{number}")]
pub async fn get(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = case::parse_number(&path.into_inner())?;
    let bundle = case::fetch(&st, number).await?;
    case::require_visible(&st, &staff, &bundle.case)?;
    Ok(HttpResponse::Ok().json(view::staff_view(&st, bundle, Some(&staff))))
}

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

/// The categories whose names hold every word of a search, each as a word
/// or the start of one (as the text search reads them).
fn categories_named(refs: &crate::refdata::RefData, terms: &[String]) -> Vec<String> {
    refs.categories()
        .into_iter()
        .filter(|c| {
            let words = crate::db::search::terms(&c.name);
            terms
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        })
        .map(|c| c.code)
        .collect()
}

/// The list filter of a report query (without its page), checked: unknown
/// categories and channels, a unit outside the caller's scope, triage for
/// anyone but the Monitoring Room are refused.
pub async fn list_filter(
    st: &AppState,
    staff: &Staff,
    q: &ReportQuery,
) -> Result<ListFilter, ApiError> {
    let refs = &st.refdata;
    if let Some(c) = &q.category {
        if refs.category(c).is_none() {
            return Err(ApiError::field(
                "category",
                format!("unknown category `{c}`"),
            ));
        }
    }
    if let Some(c) = &q.channel {
        if refs.channel(c).is_none() {
            return Err(ApiError::field("channel", format!("unknown channel `{c}`")));
        }
    }
    if let (Some(a), Some(b)) = (q.received_from, q.received_to) {
        if a > b {
            return Err(ApiError::field(
                "received_to",
                "must not be before received_from",
            ));
        }
    }
    let search = match q.q.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let t = crate::db::search::terms(text);
            if t.is_empty() {
                return Err(ApiError::field("q", "needs at least one letter or digit"));
            }
            Some(t)
        }
    };
    let scope = staff.scope(refs);
    let holders = staff.holders(refs, q.unit.as_deref())?;
    let triage_only = q.triage.unwrap_or(false);
    if triage_only && scope != Scope::All {
        return Err(ApiError::Forbidden(
            "only the Monitoring Room sees triage".into(),
        ));
    }
    let assignee_id = match q.assignee.clone() {
        Some(username) => Some(
            st.db
                .read(move |conn| crate::db::users::id_of(conn, &username).map_err(ApiError::from))
                .await?
                .ok_or_else(|| ApiError::field("assignee", "no such user"))?,
        ),
        None => None,
    };
    Ok(ListFilter {
        awaiting_verification: q.awaiting_verification,
        assignee_id,
        status: q.status,
        category: q.category.clone(),
        channel: q.channel.clone(),
        holders,
        holder_part: Default::default(),
        search_categories: search
            .as_deref()
            .map(|t| categories_named(refs, t))
            .unwrap_or_default(),
        search,
        triage_only,
        received_from: q.received_from,
        received_to: q.received_to,
        before: None,
        limit: 0,
    })
}

/// List reports in the caller's scope, newest first, with filters and a
/// cursor.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "One page of reports", body = ReportPage),
        (status = 403, description = "The unit filter lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports")]
pub async fn list(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    let refs = &st.refdata;
    let limit = crate::paging::limit(q.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let mut filter = list_filter(&st, &staff, &q).await?;
    filter.before = q
        .cursor
        .as_deref()
        .map(|c| crate::paging::decode("n", c, |s| s.parse().ok()))
        .transpose()?;
    filter.limit = i64::from(limit) + 1;
    // A search reads from the replica when one keeps up; a plain list
    // from the primary (an officer expects the report just filed).
    let db = if q.q.is_some() {
        st.db.heavy().await
    } else {
        st.db.clone()
    };
    let mut rows = db
        .read(move |conn| store::list(conn, &filter).map_err(ApiError::from))
        .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|r| crate::paging::encode("n", &r.number.to_string()))
    } else {
        None
    };
    let items = rows.into_iter().map(|r| view::summary(refs, r)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor }))
}
