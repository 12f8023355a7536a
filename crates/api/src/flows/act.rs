//! Acting on a report: every `POST /reports/{n}/…` action runs [`perform`].
//! The report is read and changed in one transaction, the domain's
//! [`apply`] decides, the report's version guards against a concurrent
//! change, exactly one history entry is written with the change (or nothing
//! at all), and the after-commit steps run once. Photos of a refused action
//! are removed again. The review queue follows the actions in the same
//! transaction: a "not fixed" rating enters it, a reopening or an answer
//! leaves it.

use crate::auth::{Integrator, Staff};
use crate::db::lifecycle::{self as store, Recorder, StoredPhoto};
use crate::db::{monitor, reviews};
use crate::error::ApiError;
use crate::flows::case::{self, Bundle};
use crate::flows::{record_change, Committed};
use crate::media;
use crate::notify;
use crate::state::AppState;
use actix_web::web;
use crm_domain::api::NotificationKind;
use crm_domain::feedback::{self, ReviewState};
use crm_domain::lifecycle::{apply, Action, Actor, Refusal};
use crm_domain::message::Message;

/// Who performs an action.
pub enum Performer {
    Staff(Staff),
    /// The reporter, through the channel the report came from.
    Channel(Integrator),
    /// The reporter, with the tracking code they were given.
    Citizen {
        code: String,
    },
}

/// What an action needs beyond its body.
pub struct Request {
    pub number: i64,
    pub version: Option<i64>,
    pub action: Action,
    pub photos: Vec<StoredPhoto>,
    /// What the action is for, beyond itself.
    pub purpose: Purpose,
}

/// What an action is for, when the Monitoring Room must hear of it or it
/// changes more than the lifecycle holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Plain,
    /// It answers the reporter's "not fixed" (a public note from the
    /// review queue): refused unless the report waits there.
    AnswersReview,
    /// It asks the Monitoring Room to close the report as a duplicate: the
    /// room's accounts are notified.
    AsksDuplicate,
    /// A correction (with [`Action::Correct`]): the right category and
    /// kelurahan, when they change.
    Corrects {
        category: Option<String>,
        kelurahan: Option<String>,
    },
}

fn refusal(r: Refusal, current: crm_domain::api::ReportState) -> ApiError {
    match r {
        Refusal::NotAllowed(m) => ApiError::forbidden(m),
        Refusal::WrongState(message) => ApiError::ReportConflict {
            message,
            current: Box::new(current),
        },
        Refusal::Invalid { field, message } => ApiError::field_said(field, message),
    }
}

/// Whether `staff` may take `action` on the report now, asked before an
/// upload is read, decoded or stored: the same scope and domain rules as
/// [`perform`], on the report as it stands (perform checks again inside
/// its transaction).
pub async fn may_act(
    st: &AppState,
    staff: &Staff,
    number: i64,
    action: &Action,
) -> Result<(), ApiError> {
    let bundle = case::fetch(st, number).await?;
    case::require_visible(st, staff, &bundle.case)?;
    let current = case::state_of(bundle.row.version, &bundle.case);
    let rules = case::rules_for(st, &bundle.row.category_code);
    apply(
        &bundle.case,
        &case::actor_of(staff),
        action,
        chrono::Utc::now(),
        rules,
    )
    .map(|_| ())
    .map_err(|r| refusal(r, current))
}

/// Runs one action; gives the report as it is afterwards.
pub async fn perform(st: &AppState, who: Performer, req: Request) -> Result<Bundle, ApiError> {
    let keys = StoredPhoto::keys(&req.photos);
    let state = st.clone();
    let number = req.number;
    let result = st
        .db
        .write(move |conn| -> Result<Committed, ApiError> {
            let st = state;
            let (row, before, _) = store::load(conn, req.number)?
                .ok_or_else(|| case::not_found(&req.number.to_string()))?;
            let current = case::state_of(row.version, &before);
            let (actor, recorder) = match &who {
                Performer::Staff(s) => {
                    case::require_visible(&st, s, &before)?;
                    (
                        case::actor_of(s),
                        Recorder {
                            user_id: Some(s.user_id),
                            name: s.name.clone(),
                        },
                    )
                }
                Performer::Citizen { code } => {
                    let stored = crate::db::tracking::code_of(conn, req.number)?;
                    if !crate::tracking::matches(stored.as_deref(), Some(code)) {
                        return Err(ApiError::Forbidden(
                            "the tracking code does not match this report".into(),
                        ));
                    }
                    (
                        Actor::Reporter,
                        Recorder {
                            user_id: None,
                            name: "Pelapor".into(),
                        },
                    )
                }
                Performer::Channel(i) => {
                    if i.channel != row.channel_code {
                        return Err(ApiError::Forbidden(format!(
                            "report {} did not come through this key's channel",
                            req.number
                        )));
                    }
                    (
                        Actor::Reporter,
                        Recorder {
                            user_id: None,
                            name: "Pelapor".into(),
                        },
                    )
                }
            };
            if let Some(v) = req.version {
                if v != row.version {
                    return Err(ApiError::ReportConflict {
                        message: Message::ReportChanged,
                        current: Box::new(current),
                    });
                }
            }
            let rules = case::rules_for(&st, &row.category_code);
            let outcome = apply(&before, &actor, &req.action, chrono::Utc::now(), rules)
                .map_err(|r| refusal(r, current.clone()))?;
            let Some(version) = store::save(
                conn,
                &before,
                row.version,
                &outcome,
                &store::Recording {
                    who: &recorder,
                    photos: &req.photos,
                    photos_public: outcome.entry.public,
                    reckon: &st.refdata.reckon(),
                },
            )?
            else {
                return Err(ApiError::ReportConflict {
                    message: Message::ReportChanged,
                    current: Box::new(current),
                });
            };
            let review_days = st.refdata.settings().review_within_days;
            follow_review(conn, review_days, &req, &before, &outcome, &recorder)?;
            // Units newly asked to coordinate are told, like a unit a
            // report arrives at.
            let asked: Vec<String> = outcome
                .case
                .collaborators
                .iter()
                .filter(|u| !before.collaborators.contains(u))
                .cloned()
                .collect();
            if !asked.is_empty() {
                monitor::notify_units(
                    conn,
                    NotificationKind::Coordination,
                    req.number,
                    &asked,
                    outcome.entry.at,
                )?;
            }
            follow_administration(conn, &req, &row, &who, &outcome, &st.refdata.reckon())?;
            let after = &outcome.case;
            let moved = after.holder != before.holder;
            record_change(
                conn,
                &st,
                &notify::Change {
                    number: req.number,
                    kind: outcome.entry.kind,
                    public: outcome.entry.public,
                    note: outcome.entry.note.as_deref(),
                    before: Some(before.status),
                    at: outcome.entry.at,
                    after,
                    version,
                    channel: &row.channel_code,
                    channel_ref: row.channel_ref.as_deref(),
                    reporter_contact: row.reporter_contact.as_deref(),
                    tracking_code: None,
                },
                after.holder.as_deref().filter(|_| moved),
            )?;
            Ok(Committed {
                number: req.number,
                status: after.status,
                holder: after.holder.clone(),
                previous_holder: if moved { before.holder.clone() } else { None },
                collaborators: after.collaborators.clone(),
            })
        })
        .await;
    match result {
        Ok(committed) => committed.announce(st),
        Err(e) => {
            st.media.delete(&keys).await;
            return Err(e);
        }
    }
    case::fetch(st, number).await
}

/// The Monitoring Room's part of an action: a rating that says "not fixed"
/// soon enough puts the report in the review queue (and tells the room);
/// reopening it, or answering the reporter from the queue, takes it out; a
/// unit's duplicate request tells the room.
fn follow_review(
    conn: &mut crate::db::DbConn,
    review_days: u32,
    req: &Request,
    before: &crm_domain::lifecycle::Case,
    outcome: &crm_domain::lifecycle::Outcome,
    by: &Recorder,
) -> Result<(), ApiError> {
    let at = outcome.entry.at;
    let holder = outcome.case.holder.as_deref();
    match &req.purpose {
        Purpose::AnswersReview => {
            if !reviews::resolve(conn, req.number, ReviewState::Answered, &by.name, at)? {
                return Err(ApiError::Conflict(format!(
                    "report {} is not waiting in the review queue",
                    req.number
                )));
            }
        }
        Purpose::AsksDuplicate => {
            monitor::notify_monitoring(
                conn,
                NotificationKind::DuplicateRequest,
                req.number,
                holder,
                at,
            )?;
        }
        Purpose::Plain | Purpose::Corrects { .. } => {}
    }
    match &req.action {
        Action::Rate { fixed, .. }
            if feedback::asks_for_review(*fixed, before.completed_at, at, review_days) =>
        {
            reviews::request(conn, req.number, at)?;
            monitor::notify_monitoring(conn, NotificationKind::Review, req.number, holder, at)?;
        }
        Action::Reopen { .. } => {
            reviews::resolve(conn, req.number, ReviewState::Reopened, &by.name, at)?;
        }
        _ => {}
    }
    Ok(())
}

/// The Monitoring Room's closures and corrections: the closure is kept
/// (and forgotten on reopening), the corrected fields are written, and each
/// is audited, all in the action's transaction.
fn follow_administration(
    conn: &mut crate::db::DbConn,
    req: &Request,
    row: &crate::db::reports::ReportRow,
    who: &Performer,
    outcome: &crm_domain::lifecycle::Outcome,
    reckon: crate::db::schedule::Reckon,
) -> Result<(), ApiError> {
    use crate::db::{audit, closures};
    use serde_json::json;
    let actor = match who {
        Performer::Staff(s) => s.username.as_str(),
        _ => "reporter",
    };
    let target = format!("report:{}", req.number);
    match (&req.action, &req.purpose) {
        (
            Action::Close {
                reason,
                duplicate_of,
                note,
            },
            _,
        ) => {
            closures::set(conn, req.number, *reason, *duplicate_of, outcome.entry.at)?;
            audit::record(
                conn,
                audit::Change {
                    actor,
                    action: "report.close",
                    target,
                    before: Some(json!({"status": row.status})),
                    after: Some(json!({
                        "status": outcome.case.status.as_str(),
                        "reason": reason.as_str(),
                        "duplicate_of": duplicate_of,
                        "note": note,
                    })),
                },
            )?;
        }
        (Action::Reopen { .. }, _) => {
            closures::clear(conn, req.number)?;
        }
        (
            Action::Correct { note, .. },
            Purpose::Corrects {
                category,
                kelurahan,
            },
        ) => {
            let category = category
                .as_deref()
                .filter(|c| *c != row.category_code)
                .map(|c| (row.category_code.as_str(), c));
            let kelurahan = kelurahan
                .as_deref()
                .filter(|k| Some(*k) != row.kelurahan_code.as_deref());
            if category.is_none() && kelurahan.is_none() {
                return Err(ApiError::field(
                    "category",
                    "name a category or kelurahan different from the report's",
                ));
            }
            closures::correct(conn, req.number, category, kelurahan)?;
            if category.is_some() {
                // Its completion target follows the new category's bands.
                crate::db::schedule::refresh(conn, &[req.number], reckon)?;
            }
            audit::record(
                conn,
                audit::Change {
                    actor,
                    action: "report.correct",
                    target,
                    before: Some(json!({
                        "category": row.category_code,
                        "kelurahan": row.kelurahan_code,
                    })),
                    after: Some(json!({
                        "category": category.map_or(row.category_code.as_str(), |c| c.1),
                        "kelurahan": kelurahan.or(row.kelurahan_code.as_deref()),
                        "note": note,
                    })),
                },
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// Checks, cleans and stores uploaded photos.
pub async fn store_photos(
    st: &AppState,
    number: i64,
    uploads: Vec<bytes::Bytes>,
) -> Result<Vec<StoredPhoto>, ApiError> {
    let cleaned = web::block(move || {
        uploads
            .iter()
            .enumerate()
            .map(|(i, data)| {
                media::clean(data).map_err(|e| match e {
                    media::PhotoError::TooLarge => ApiError::Said {
                        status: actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                        message: Message::PhotoTooLarge {
                            max_mb: media::MAX_PHOTO_BYTES as u64 / (1024 * 1024),
                        },
                    },
                    other => {
                        log::debug!("photo {} refused: {other}", i + 1);
                        ApiError::field_said(&format!("photo[{i}]"), Message::NotAnImage)
                    }
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let mut stored = Vec::new();
    for c in &cleaned {
        match st.media.put(number, c).await {
            Ok((object_key, thumb_key)) => stored.push(StoredPhoto {
                object_key,
                thumb_key,
                width: i32::try_from(c.width).unwrap_or(i32::MAX),
                height: i32::try_from(c.height).unwrap_or(i32::MAX),
                bytes: i64::try_from(c.jpeg.len()).unwrap_or(i64::MAX),
            }),
            Err(e) => {
                let keys = StoredPhoto::keys(&stored);
                st.media.delete(&keys).await;
                return Err(ApiError::Internal(e.to_string()));
            }
        }
    }
    Ok(stored)
}
