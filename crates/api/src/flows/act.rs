//! Acting on a report: every `POST /reports/{n}/…` action runs [`perform`].
//! The report is read and changed in one transaction, the domain's
//! [`apply`] decides, the report's version guards against a concurrent
//! change, exactly one history entry is written with the change (or nothing
//! at all), and the after-commit steps run once. Photos of a refused action
//! are removed again.

use crate::auth::{Integrator, Staff};
use crate::db::lifecycle::{self as store, Recorder, StoredPhoto};
use crate::error::ApiError;
use crate::flows::case::{self, Bundle};
use crate::flows::{record_change, Committed};
use crate::media;
use crate::notify;
use crate::state::AppState;
use actix_web::web;
use crm_domain::lifecycle::{apply, Action, Actor, Refusal};

/// Who performs an action.
pub enum Performer {
    Staff(Staff),
    /// The reporter, through the channel the report came from.
    Channel(Integrator),
}

/// What an action needs beyond its body.
pub struct Request {
    pub number: i64,
    pub version: Option<i64>,
    pub action: Action,
    pub photos: Vec<StoredPhoto>,
}

fn refusal(r: Refusal, current: crm_domain::api::ReportState) -> ApiError {
    match r {
        Refusal::NotAllowed(m) => ApiError::Forbidden(m),
        Refusal::WrongState(detail) => ApiError::ReportConflict {
            detail,
            current: Box::new(current),
        },
        Refusal::Invalid { field, message } => ApiError::field(field, message),
    }
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
            let (row, before) = store::load(conn, req.number)?
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
                        detail: format!(
                            "the report changed since version {v}; it is now at version {}",
                            row.version
                        ),
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
                &recorder,
                &req.photos,
                outcome.entry.public,
            )?
            else {
                return Err(ApiError::ReportConflict {
                    detail: "someone else changed the report at the same moment; reload and retry"
                        .into(),
                    current: Box::new(current),
                });
            };
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
                },
                after.holder.as_deref().filter(|_| moved),
            )?;
            Ok(Committed {
                number: req.number,
                status: after.status,
                holder: after.holder.clone(),
                previous_holder: if moved { before.holder.clone() } else { None },
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
                    media::PhotoError::TooLarge => {
                        ApiError::PayloadTooLarge(format!("photo {} {e}", i + 1))
                    }
                    other => ApiError::field(&format!("photo[{i}]"), other.to_string()),
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
