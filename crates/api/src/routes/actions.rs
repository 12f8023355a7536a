//! The report actions: take up, hand over, coordinate, follow up (with
//! photos), complete, approve, reject, estimate, reopen, comment, rate and
//! assign. Every action goes through [`act::perform`]: the report is read and
//! changed in one transaction, the domain's [`apply`] decides, the report's
//! version guards against a concurrent change, and exactly one history entry
//! is written with the change, or nothing at all.

use crate::auth::{Integrator, Staff};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::flows::act::{self, store_photos, Performer, Purpose, Request};
use crate::flows::case;
use crate::multipart;
use crate::routes::view;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{post, web, HttpResponse};
use crm_domain::api::{
    AssignRequest, CloseRequest, CommentRequest, CompleteRequest, CoordinateRequest,
    CorrectRequest, DisposeRequest, DuplicateRequest, EstimateRequest, NoteRequest, Problem,
    RatingRequest, ReasonRequest, ReleaseRequest, Report,
};
use crm_domain::lifecycle::Action;
use crm_domain::time::start_of_day_wib;

fn unit_exists(st: &AppState, field: &str, code: &str) -> Result<(), ApiError> {
    match st.refdata.unit(code) {
        Some(u) if u.active => Ok(()),
        Some(_) => Err(ApiError::field(
            field,
            format!("unit `{code}` is deactivated"),
        )),
        None => Err(ApiError::field(field, format!("unknown unit `{code}`"))),
    }
}

/// Runs an action and answers with the report as the performer sees it
/// afterwards (a reporter with a tracking code sees the public view).
async fn perform(st: &AppState, who: Performer, req: Request) -> Result<HttpResponse, ApiError> {
    let (staff, code) = match &who {
        Performer::Staff(s) => (Some(s.clone()), None),
        Performer::Channel(_) => (None, None),
        Performer::Citizen { code } => (None, Some(code.clone())),
    };
    let bundle = act::perform(st, who, req).await?;
    Ok(match code {
        // The code was checked by the action: it is the report's.
        Some(code) => HttpResponse::Ok().json(view::public_view(
            &st.refdata,
            bundle,
            Some(&code),
            Some(&crate::tracking::normalise(&code)),
        )),
        None => HttpResponse::Ok().json(view::staff_view(st, bundle, staff.as_ref())),
    })
}

fn number_of(path: web::Path<String>) -> Result<i64, ApiError> {
    case::parse_number(&path.into_inner())
}

async fn staff_action(
    st: web::Data<AppState>,
    staff: Staff,
    number: i64,
    version: Option<i64>,
    action: Action,
) -> Result<HttpResponse, ApiError> {
    perform(
        &st,
        Performer::Staff(staff),
        Request {
            number,
            version,
            action,
            photos: Vec::new(),
            purpose: Purpose::Plain,
        },
    )
    .await
}

/// Take the report up: the holding unit starts work (Proses).
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = NoteRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting, or changed since `version`; `current` holds its state", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/take-up")]
pub async fn take_up(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    staff_action(
        st,
        staff,
        number_of(path)?,
        b.version,
        Action::TakeUp { note: b.note },
    )
    .await
}

/// Hand the report to another unit with a reason (Disposisi). Handing it
/// back to a unit that already handed it on is flagged; after 3 hand-overs
/// only the Monitoring Room can move it. The Monitoring Room also routes
/// reports out of triage this way.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = DisposeRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not the holder, or the hand-over limit is reached", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Done or awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown unit or missing reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/dispose")]
pub async fn dispose(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<DisposeRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    unit_exists(&st, "to", b.to.trim())?;
    let action = Action::Dispose {
        to: b.to.trim().to_string(),
        reason: b.reason,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// Coordinate with other units (Koordinasi, ticket "KL" + number): the
/// holder stays responsible; the units named may add follow-ups.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CoordinateRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Done or awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown units, or all already coordinating", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/coordinate")]
pub async fn coordinate(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<CoordinateRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    for (i, u) in b.units.iter().enumerate() {
        unit_exists(&st, &format!("units[{i}]"), u.trim())?;
    }
    let action = Action::Coordinate {
        units: b.units.iter().map(|u| u.trim().to_string()).collect(),
        note: b.note,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// Release one coordinating unit (`unit`), or end the coordination with
/// every unit (no `unit`), with a note for colleagues. By an officer or
/// head of the holding unit; the report goes back to Proses when no unit
/// is left.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = ReleaseRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No unit coordinates on it, done or awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing note, or the unit does not coordinate on it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/release")]
pub async fn release(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<ReleaseRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let action = Action::Release {
        unit: b
            .unit
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty()),
        note: b.note,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// Add a follow-up (tindak lanjut): `multipart/form-data` with a `note`
/// field, up to 10 `photo` files (JPEG, PNG or WebP, at most 10 MB each;
/// stored without their metadata and shown in public) and an optional
/// `version`. By an officer of the holding or a coordinating unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The report's number")),
    request_body(content_type = "multipart/form-data", description = "Fields `note` (text), `photo` (file, repeatable, up to 10), `version` (optional)"),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding or a coordinating unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in work, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing note, more than 10 photos, or a file that is not a photo", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/follow-ups")]
pub async fn follow_up(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let number = number_of(path)?;
    // The right to follow up is checked before the upload is read.
    let probe = Action::FollowUp {
        note: "-".into(),
        photos: 1,
    };
    act::may_act(&st, &staff, number, &probe).await?;
    let form = multipart::read(body).await?;
    let note = form
        .text("note")
        .ok_or_else(|| ApiError::field("note", "write what was done"))?
        .to_string();
    let version = form.version()?;
    let photos = store_photos(&st, number, form.photos).await?;
    let action = Action::FollowUp {
        note,
        photos: u32::try_from(photos.len()).unwrap_or(u32::MAX),
    };
    perform(
        &st,
        Performer::Staff(staff),
        Request {
            number,
            version,
            action,
            photos,
            purpose: Purpose::Plain,
        },
    )
    .await
}

/// Complete the report. Needs a follow-up with at least one photo unless
/// the category waives it; with verification on it then waits for a
/// verifier (shown in public as Proses).
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CompleteRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in work, no photo evidence, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing note", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/complete")]
pub async fn complete(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<CompleteRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    staff_action(
        st,
        staff,
        number_of(path)?,
        b.version,
        Action::Complete { note: b.note },
    )
    .await
}

/// Approve a completion (verifier): the report becomes Selesai.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = NoteRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not a verifier", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/approve")]
pub async fn approve(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    staff_action(
        st,
        staff,
        number_of(path)?,
        b.version,
        Action::Approve { note: b.note },
    )
    .await
}

/// Reject a completion with a reason (verifier): back to Proses at the same
/// unit.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = ReasonRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not a verifier", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/reject")]
pub async fn reject(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    staff_action(
        st,
        staff,
        number_of(path)?,
        b.version,
        Action::Reject { reason: b.reason },
    )
    .await
}

/// Set the completion estimate, once, with a reason: until that date (WIB)
/// the report is out of scoring and idle warnings.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = EstimateRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not an officer of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An estimate was already set, the report is done, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason or a date not in the future", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/estimate")]
pub async fn estimate(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<EstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let action = Action::SetEstimate {
        until: start_of_day_wib(b.until),
        reason: b.reason,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// Reopen a done report with a reason (Monitoring Room or verifier): back to
/// Proses at its holder.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = ReasonRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Neither Monitoring Room nor verifier", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not done, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/reopen")]
pub async fn reopen(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    staff_action(
        st,
        staff,
        number_of(path)?,
        b.version,
        Action::Reopen { reason: b.reason },
    )
    .await
}

/// Ask the Monitoring Room to close the report as a duplicate of another
/// (a unit cannot close it itself): an internal note on the report names
/// the other, and every Monitoring Room account is notified.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = DuplicateRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report with the request in its history", body = Report),
        (status = 403, description = "The report lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`of` names this report or none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/duplicate-request")]
pub async fn duplicate_request(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<DuplicateRequest>,
) -> Result<HttpResponse, ApiError> {
    let number = number_of(path)?;
    let DuplicateRequest { of, note } = body.0;
    // The caller's right first: nothing about other reports is said to
    // someone who may not act on this one.
    let probe = Action::Comment {
        text: "-".into(),
        public: false,
    };
    act::may_act(&st, &staff, number, &probe).await?;
    if of == number {
        return Err(ApiError::field("of", "a report cannot repeat itself"));
    }
    let exists = st
        .db
        .read(move |conn| crate::db::reports::get(conn, of).map_err(ApiError::from))
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::field(
            "of",
            format!("no report with number `{of}`"),
        ));
    }
    let mut text =
        format!("Mohon Ruang Monitoring menutup laporan ini sebagai duplikat dari #{of}");
    if let Some(n) = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
        text.push_str(&format!(": {n}"));
    }
    perform(
        &st,
        Performer::Staff(staff),
        Request {
            number,
            version: None,
            action: Action::Comment {
                text,
                public: false,
            },
            photos: Vec::new(),
            purpose: Purpose::AsksDuplicate,
        },
    )
    .await
}

/// A comment: public (the reporter and the public see it) or internal
/// (staff only).
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CommentRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "The report lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty text", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/comments")]
pub async fn comment(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<CommentRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let action = Action::Comment {
        text: b.text,
        public: b.public,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// Assign the report to an officer of the holding unit (the unit's officers
/// and head, or the Monitoring Room). The entry is internal.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = AssignRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the action", body = Report),
        (status = 403, description = "Not of the holding unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Done or awaiting verification, or changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such officer at the holding unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/assign")]
pub async fn assign(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<AssignRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let username = b.officer.trim().to_string();
    let found = st
        .db
        .read(move |conn| crate::db::lifecycle::assignable(conn, &username).map_err(ApiError::from))
        .await?;
    let (officer, officer_name, officer_unit) = found.ok_or_else(|| {
        ApiError::field(
            "officer",
            format!("no active officer `{}`", b.officer.trim()),
        )
    })?;
    let action = Action::Assign {
        officer,
        officer_name,
        officer_unit,
    };
    staff_action(st, staff, number_of(path)?, b.version, action).await
}

/// The reporter's rating, 1–5 stars with a comment, once the report is
/// Selesai; sent by the channel the report came from (`X-API-Key`), once.
#[utoipa::path(
    tag = "actions", security(("api_key" = [])), request_body = RatingRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the rating", body = Report),
        (status = 403, description = "The report came through another channel", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not done yet, or already rated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Stars outside 1–5", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/rating")]
pub async fn rate(
    st: web::Data<AppState>,
    channel: Integrator,
    path: web::Path<String>,
    body: ValidJson<RatingRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    perform(
        &st,
        Performer::Channel(channel),
        Request {
            number: number_of(path)?,
            version: None,
            action: Action::Rate {
                stars: b.stars,
                comment: b.comment,
                fixed: b.fixed,
            },
            photos: Vec::new(),
            purpose: Purpose::Plain,
        },
    )
    .await
}

/// Whether a report with this number exists.
async fn report_exists(st: &AppState, number: i64) -> Result<bool, ApiError> {
    Ok(st
        .db
        .read(move |conn| crate::db::reports::get(conn, number).map_err(ApiError::from))
        .await?
        .is_some())
}

/// Close a report that needs no work (Monitoring Room): `duplicate` of
/// another report, `invalid` (spam, abuse, nothing to act on) or
/// `out_of_scope` (not a matter for the provincial government), with a
/// note. It becomes Selesai with the reason (the public view shows it and,
/// for a duplicate, links the original), counts for no unit in any score,
/// and raises no warnings. Reopening undoes it.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CloseRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the closure", body = Report),
        (status = 403, description = "Not the Monitoring Room", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already done (Selesai)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing note; a duplicate without `duplicate_of`, of itself or of an unknown report", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/close")]
pub async fn close(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<CloseRequest>,
) -> Result<HttpResponse, ApiError> {
    let number = number_of(path)?;
    let CloseRequest {
        reason,
        note,
        duplicate_of,
    } = body.0;
    let action = Action::Close {
        reason,
        note,
        duplicate_of,
    };
    act::may_act(&st, &staff, number, &action).await?;
    if let Some(of) = duplicate_of {
        if !report_exists(&st, of).await? {
            return Err(ApiError::field(
                "duplicate_of",
                format!("no report with number `{of}`"),
            ));
        }
    }
    staff_action(st, staff, number, None, action).await
}

/// Correct a report's category or kelurahan with a reason (Monitoring
/// Room). Each correction is an internal history entry; a score uses the
/// category the report had at its period's cut-off.
#[utoipa::path(
    tag = "actions", security(("bearer" = [])), request_body = CorrectRequest,
    params(("number" = i64, Path, description = "The report's number")),
    responses(
        (status = 200, description = "The report after the correction", body = Report),
        (status = 403, description = "Not the Monitoring Room", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing note, unknown category or kelurahan, or nothing different from the report's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{number}/correct")]
pub async fn correct(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<CorrectRequest>,
) -> Result<HttpResponse, ApiError> {
    let number = number_of(path)?;
    let CorrectRequest {
        note,
        category,
        kelurahan,
    } = body.0;
    let category = category
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let kelurahan = kelurahan
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    let mut parts = Vec::new();
    if let Some(c) = &category {
        if st.refdata.category(c).is_none() {
            return Err(ApiError::field(
                "category",
                format!("unknown category `{c}`"),
            ));
        }
        parts.push(format!("kategori → {c}"));
    }
    if let Some(k) = &kelurahan {
        let is_kelurahan = st
            .refdata
            .unit(k)
            .is_some_and(|u| u.level == crm_domain::UnitLevel::Kelurahan);
        if !is_kelurahan {
            return Err(ApiError::field(
                "kelurahan",
                format!("unknown kelurahan `{k}`"),
            ));
        }
        parts.push(format!("kelurahan → {k}"));
    }
    if parts.is_empty() {
        return Err(ApiError::field(
            "category",
            "name the right category, kelurahan, or both",
        ));
    }
    let action = Action::Correct {
        note,
        change: parts.join(", "),
    };
    perform(
        &st,
        Performer::Staff(staff),
        Request {
            number,
            version: None,
            action,
            photos: Vec::new(),
            purpose: Purpose::Corrects {
                category,
                kelurahan,
            },
        },
    )
    .await
}
