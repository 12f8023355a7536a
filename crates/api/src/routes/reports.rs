//! Reports: intake from staff and channels, one report, and the filtered,
//! paginated list of the caller's scope.

use crate::auth::extract::Scope;
use crate::auth::{Caller, Staff};
use crate::db::reports::{self as store, ListFilter, NewHistoryRow, NewReportRow};
use crate::db::schema::users;
use crate::db::time::{now, to_db};
use crate::db::DbError;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::notify;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, http::header, post, web, HttpResponse};
use base64::Engine;
use crm_domain::api::{
    BatchItem, BatchResult, LocationFlag, NewReport, Problem, Report, ReportBatch, ReportPage,
    ReportQuery, BATCH_LIMIT,
};
use crm_domain::intake::{self, Filer};
use crm_domain::lifecycle::ActionKind;
use crm_domain::ReportStatus;
use diesel::prelude::*;

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
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token or key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not file reports", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
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
    let (created, number) = file(&st, &filer, body.0).await?;
    let bundle = view::fetch(&st, number).await?;
    let report = view::staff_view(
        &st,
        bundle,
        match &caller {
            Caller::Staff(s) => Some(s),
            Caller::Integrator(_) => None,
        },
    );
    let mut resp = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(resp
        .insert_header((header::LOCATION, format!("/api/v1/reports/{number}")))
        .json(report))
}

/// Who files, as intake knows it, with the name written in the history.
#[derive(Debug, Clone)]
pub struct FilerOf {
    pub filer: Filer,
    pub user_id: Option<i64>,
    pub name: String,
}

/// The filer behind a caller; roles that may not file are refused.
pub fn filer_of(st: &AppState, caller: &Caller) -> Result<FilerOf, ApiError> {
    match caller {
        Caller::Staff(s) => {
            if !s.role.may_file_reports() {
                return Err(ApiError::Forbidden("this role may not file reports".into()));
            }
            Ok(FilerOf {
                filer: Filer::Staff,
                user_id: Some(s.user_id),
                name: s.name.clone(),
            })
        }
        Caller::Integrator(i) => Ok(integrator(st, i)),
    }
}

/// A channel's system as filer.
pub fn integrator(st: &AppState, i: &crate::auth::Integrator) -> FilerOf {
    FilerOf {
        filer: Filer::Integrator {
            channel: i.channel.clone(),
        },
        user_id: None,
        name: st
            .refdata
            .channel(&i.channel)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| i.channel.clone()),
    }
}

/// The reference data and the boundaries, as intake asks for them.
struct Places<'a>(
    &'a crate::refdata::RefData,
    &'a crate::boundaries::Boundaries,
);

impl intake::Lookups for Places<'_> {
    fn channel_kind(&self, code: &str) -> Option<crm_domain::ChannelKind> {
        self.0.channel_kind(code)
    }
    fn has_category(&self, code: &str) -> bool {
        self.0.has_category(code)
    }
    fn unit_level(&self, code: &str) -> Option<crm_domain::UnitLevel> {
        self.0.unit_level(code)
    }
    fn place(&self, lat: f64, lon: f64) -> intake::Placement {
        self.1.place(lat, lon)
    }
}

/// Files one report: checks it, places it, and writes it with its first
/// history entry, its arrival notifications and its event for the channel,
/// in one transaction. A channel reference seen before (also one filed at
/// the same moment) gives the existing report: `(false, number)`.
pub async fn file(st: &AppState, by: &FilerOf, new: NewReport) -> Result<(bool, i64), ApiError> {
    let at = now();
    let bounds = st.boundaries.get();
    let checked = intake::check(
        &new,
        &by.filer,
        at,
        &Places(st.refdata.as_ref(), bounds.as_ref()),
    )
    .map_err(ApiError::fields)?;
    let channel_name = st
        .refdata
        .channel(&new.channel)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| new.channel.clone());
    let arrival_note = match (&checked.holder, checked.location_flag) {
        (Some(code), _) => format!(
            "Laporan diterima dari kanal {channel_name} dan diteruskan ke {}",
            st.refdata
                .unit_name(Some(code))
                .unwrap_or_else(|| code.clone())
        ),
        (None, Some(LocationFlag::OutsideArea)) => {
            "Laporan diterima; lokasinya di luar wilayah DKI Jakarta, menunggu triase Ruang Monitoring"
                .to_string()
        }
        (None, _) => "Laporan diterima; menunggu triase Ruang Monitoring".to_string(),
    };
    let row = NewReportRow {
        channel_code: new.channel.clone(),
        channel_ref: new.channel_ref.clone(),
        reporter_name: new.reporter_name.clone(),
        reporter_contact: new.reporter_contact.clone(),
        hidden: new.hidden,
        category_code: new.category.clone(),
        tags: serde_json::to_string(&checked.tags).unwrap_or_else(|_| "[]".into()),
        description: new.description.trim().to_string(),
        address: new.address.clone(),
        lat: new.lat,
        lon: new.lon,
        kelurahan_code: checked.kelurahan.clone(),
        holder_code: checked.holder.clone(),
        status: ReportStatus::Menunggu.as_str().into(),
        received_at: to_db(checked.received_at),
        first_response_at: None,
        completed_at: None,
        verified_at: None,
        created_at: to_db(at),
        updated_at: to_db(at),
        version: 1,
        holder_since: Some(to_db(checked.received_at)),
        awaiting_verification: false,
        evidence: false,
        estimate_at: None,
        assignee_id: None,
        rating: None,
        handovers: 0,
        photo_urls: serde_json::to_string(&new.photo_urls).unwrap_or_else(|_| "[]".into()),
        location_flag: checked.location_flag.map(|f| f.as_str().to_string()),
    };
    let channel = new.channel.clone();
    let channel_ref = new.channel_ref.clone();
    let (actor_id, actor_name) = (by.user_id, by.name.clone());
    let refs = st.refdata.clone();
    let email_on = st.delivery.smtp_url.is_some();
    let outcome = st
        .db
        .write(move |conn| -> Result<(bool, i64), DbError> {
            if let Some(r) = &channel_ref {
                if let Some(existing) = store::find_by_channel_ref(conn, &channel, r)? {
                    return Ok((false, existing.number));
                }
            }
            let number = store::insert(conn, &row)?;
            store::append_history(
                conn,
                &NewHistoryRow {
                    report_number: number,
                    at: row.created_at,
                    status: ReportStatus::Menunggu.as_str().into(),
                    unit_code: row.holder_code.clone(),
                    actor_user_id: actor_id,
                    actor_name: Some(actor_name),
                    note: Some(arrival_note.clone()),
                    public: true,
                    kind: ActionKind::Arrive.as_str().into(),
                    to_unit_code: None,
                    flagged: false,
                },
            )?;
            if let Some(h) = &row.holder_code {
                crate::db::monitor::notify_arrival(conn, number, h, at)?;
            }
            notify::record(
                conn,
                &refs,
                email_on,
                &notify::Change {
                    number,
                    kind: ActionKind::Arrive,
                    public: true,
                    note: Some(&arrival_note),
                    before: None,
                    at,
                },
            )?;
            Ok((true, number))
        })
        .await;
    let (created, number) = match outcome {
        Ok(v) => v,
        // Two deliveries of one channel reference at the same moment: the
        // unique index let one in; answer with that one.
        Err(DbError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => {
            let (ch, r) = (
                new.channel.clone(),
                new.channel_ref.clone().unwrap_or_default(),
            );
            let existing = st
                .db
                .read(move |conn| store::find_by_channel_ref(conn, &ch, &r))
                .await?
                .ok_or_else(|| {
                    ApiError::Conflict("a concurrent filing of this report failed; retry".into())
                })?;
            (false, existing.number)
        }
        Err(e) => return Err(e.into()),
    };
    if created {
        st.outbox_wake.notify_one();
        st.live
            .report(number, ReportStatus::Menunggu, checked.holder.clone(), None);
    }
    Ok((created, number))
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
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token or key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not file reports", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body larger than 16 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
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
                Ok((is_new, number)) => view::fetch(&st, number).await.map(|b| (is_new, b)),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        // Every report gets its own answer, a server fault included: the
        // ones before it stay filed, and a resend with the same channel
        // references files only what is missing.
        let item = match filed {
            Ok((is_new, bundle)) => {
                if is_new {
                    created += 1;
                } else {
                    existing += 1;
                }
                BatchItem {
                    index,
                    status: if is_new { 201 } else { 200 },
                    report: Some(view::staff_view(&st, bundle, staff)),
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

/// Read one report.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report with its history", body = Report),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Held by a unit outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{number}")]
pub async fn get(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = view::parse_number(&path.into_inner())?;
    let bundle = view::fetch(&st, number).await?;
    view::require_visible(&st, &staff, &bundle.case)?;
    Ok(HttpResponse::Ok().json(view::staff_view(&st, bundle, Some(&staff))))
}

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

fn encode_cursor(number: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("n:{number}"))
}

fn decode_cursor(cursor: &str) -> Result<i64, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("n:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| ApiError::field("cursor", "not a cursor this API gave out"))
}

/// List reports in the caller's scope, newest first, with filters and a
/// cursor.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "One page of reports", body = ReportPage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
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
                .read(move |conn| {
                    users::table
                        .filter(users::username.eq(&username))
                        .select(users::id)
                        .first::<i64>(conn)
                        .optional()
                        .map_err(ApiError::from)
                })
                .await?
                .ok_or_else(|| ApiError::field("assignee", "no such user"))?,
        ),
        None => None,
    };
    let filter = ListFilter {
        awaiting_verification: q.awaiting_verification,
        assignee_id,
        status: q.status,
        category: q.category.clone(),
        channel: q.channel.clone(),
        holders,
        search,
        triage_only,
        received_from: q.received_from,
        received_to: q.received_to,
        before: q.cursor.as_deref().map(decode_cursor).transpose()?,
        limit: i64::from(limit) + 1,
    };
    let mut rows = st
        .db
        .read(move |conn| store::list(conn, &filter).map_err(ApiError::from))
        .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(r.number))
    } else {
        None
    };
    let items = rows.into_iter().map(|r| view::summary(refs, r)).collect();
    Ok(HttpResponse::Ok().json(ReportPage { items, next_cursor }))
}
