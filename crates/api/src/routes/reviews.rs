//! The Monitoring Room's review queue: reports whose reporter said, with
//! the tracking code, that the problem was not fixed. The room reopens the
//! report (the usual `reopen` action, which takes it out of the queue) or
//! answers the reporter with a public note.

use crate::auth::Staff;
use crate::db::reviews;
use crate::db::time::from_db;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::flows::act::{self, Performer, Purpose, Request};
use crate::flows::case;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use crm_domain::api::{Problem, Report, ReviewAnswer, ReviewItem, ReviewPage};
use crm_domain::lifecycle::Action;
use crm_domain::Role;

/// How many waiting reviews one answer lists.
const LIMIT: i64 = 200;

/// The review queue, oldest first (the Monitoring Room and administrators).
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])),
    responses(
        (status = 200, description = "Reports whose reporter said they are not fixed", body = ReviewPage),
        (status = 403, description = "Only the Monitoring Room and administrators", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reviews")]
pub async fn list(st: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    staff.require(&[Role::Monitoring, Role::Administrator])?;
    let (rows, notes) = st
        .db
        .read(move |conn| {
            let rows = reviews::waiting(conn, LIMIT)?;
            let numbers: Vec<i64> = rows.iter().map(|r| r.0).collect();
            let notes = reviews::feedback_notes(conn, &numbers)?;
            Ok::<_, crate::db::DbError>((rows, notes))
        })
        .await?;
    let refs = &st.refdata;
    let items = rows
        .into_iter()
        .map(|(number, at, category, holder, description)| ReviewItem {
            number,
            requested_at: from_db(at),
            category_name: refs.category_name(&category),
            holder_name: refs.unit_name(holder.as_deref()),
            description,
            feedback: notes.get(&number).cloned(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ReviewPage { items }))
}

/// Answer the reporter with a public note instead of reopening; the report
/// leaves the queue.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])),
    params(("number" = i64, Path, description = "The report's number")),
    request_body = ReviewAnswer,
    responses(
        (status = 200, description = "The report with the answer in its history", body = Report),
        (status = 403, description = "Only the Monitoring Room", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The report is not waiting in the queue", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reviews/{number}/answer")]
pub async fn answer(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: ValidJson<ReviewAnswer>,
) -> Result<HttpResponse, ApiError> {
    staff.require(&[Role::Monitoring])?;
    let number = case::parse_number(&path.into_inner())?;
    let bundle = act::perform(
        &st,
        Performer::Staff(staff.clone()),
        Request {
            number,
            version: None,
            action: Action::Comment {
                text: body.0.note,
                public: true,
            },
            photos: Vec::new(),
            purpose: Purpose::AnswersReview,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(view::staff_view(&st, bundle, Some(&staff))))
}
