//! How a stored report is shown: to staff (everything, with the actions the
//! caller may take), in lists, and to the public (no reporter, no internal
//! notes, no officers). One place for each view, used by every route; the
//! report itself is read by [`crate::flows::case`].

use crate::auth::Staff;
use crate::db::lifecycle::PhotoRow;
use crate::db::reports::ReportRow;
use crate::db::time::from_db;
use crate::flows::case::{actor_of, rules_for, Bundle};
use crate::refdata::RefData;
use crate::state::AppState;
use chrono::Utc;
use crm_domain::api::{
    ActionAvailability, Blocker, HistoryEntry, LocationFlag, Photo, PublicHistoryEntry,
    PublicPhoto, PublicReport, Report, ReportSummary, UnitRef,
};
use crm_domain::lifecycle::{self as rules, Action, ActionKind, Refusal, Rules};
use crm_domain::ReportStatus;

fn photo(number: i64, p: &PhotoRow) -> Photo {
    let url = format!("/api/v1/reports/{number}/photos/{}", p.id);
    Photo {
        id: p.id,
        thumb_url: format!("{url}?size=thumb"),
        url,
        width: p.width,
        height: p.height,
    }
}

fn unit_ref(refs: &RefData, code: &str) -> UnitRef {
    UnitRef {
        code: code.to_string(),
        name: refs
            .unit_name(Some(code))
            .unwrap_or_else(|| code.to_string()),
    }
}

/// The report as staff (or the channel that filed it) see it, with what the
/// staff member may do now.
pub fn staff_view(st: &AppState, b: Bundle, staff: Option<&Staff>) -> Report {
    let refs = &st.refdata;
    let number = b.row.number;
    let rules = rules_for(st, &b.row.category_code);
    let actions = match staff {
        Some(staff) => {
            let now = Utc::now();
            let actor = actor_of(staff);
            // Completing that waits only for the evidence photo: the form
            // can carry it (asked only when completion is refused).
            let completes_with_photo = || {
                rules.evidence_required
                    && !b.case.evidence
                    && rules::apply(
                        &b.case,
                        &actor,
                        &Action::Complete { note: "-".into() },
                        now,
                        Rules {
                            evidence_required: false,
                            ..rules
                        },
                    )
                    .is_ok()
            };
            rules::availability(&b.case, &actor, now, rules)
                .into_iter()
                .map(|(action, verdict)| {
                    let needs_photo = action == ActionKind::Complete
                        && verdict.is_err()
                        && completes_with_photo();
                    let verdict = if needs_photo { Ok(()) } else { verdict };
                    let (reason_code, reason_params) = match &verdict {
                        Ok(()) => (None, None),
                        Err(r) => {
                            let (code, params) = r.message().parts();
                            (Some(code), params)
                        }
                    };
                    ActionAvailability {
                        action,
                        allowed: verdict.is_ok(),
                        blocked_by: match &verdict {
                            Ok(()) => None,
                            Err(Refusal::WrongState(_)) => Some(Blocker::State),
                            Err(_) => Some(Blocker::Role),
                        },
                        reason: verdict.err().map(|r| r.to_string()),
                        reason_code,
                        reason_params,
                        needs_photo,
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    // A channel's system sees what the reporter may see, never internal notes.
    let history = b
        .history
        .into_iter()
        .filter(|h| h.public || staff.is_some())
        .map(|h| {
            let photos = b
                .photos
                .iter()
                .filter(|p| p.history_id == Some(h.id))
                .map(|p| photo(number, p))
                .collect();
            HistoryEntry {
                at: from_db(h.at),
                status: h.status.parse().unwrap_or(ReportStatus::Menunggu),
                kind: ActionKind::parse(&h.kind).unwrap_or(ActionKind::Comment),
                unit_name: refs.unit_name(h.unit_code.as_deref()),
                unit_code: h.unit_code,
                to_unit_name: refs.unit_name(h.to_unit_code.as_deref()),
                to_unit_code: h.to_unit_code,
                flagged: h.flagged,
                actor: h.actor_name,
                note: h.note,
                public: h.public,
                photos,
            }
        })
        .collect();
    let r = b.row;
    let c = b.case;
    Report {
        number,
        status: r.status(),
        tags: r.tag_list(),
        category_name: refs.category_name(&r.category_code),
        kelurahan_name: refs.unit_name(r.kelurahan_code.as_deref()),
        holder_name: refs.unit_name(r.holder_code.as_deref()),
        geotagged: r.lat.is_some() && r.lon.is_some(),
        received_at: from_db(r.received_at),
        first_response_at: crate::db::reports::opt_time(r.first_response_at),
        completed_at: crate::db::reports::opt_time(r.completed_at),
        verified_at: crate::db::reports::opt_time(r.verified_at),
        created_at: from_db(r.created_at),
        updated_at: from_db(r.updated_at),
        channel: r.channel_code,
        channel_ref: r.channel_ref,
        reporter_name: r.reporter_name,
        reporter_contact: r.reporter_contact,
        hidden: r.hidden,
        category: r.category_code,
        description: r.description,
        address: r.address,
        lat: r.lat,
        lon: r.lon,
        kelurahan_code: r.kelurahan_code,
        holder_code: r.holder_code,
        version: r.version,
        awaiting_verification: c.awaiting_verification,
        holder_since: c.holder_since,
        estimate_at: c.estimate,
        coordination_ticket: c.coordination_ticket(),
        collaborators: c.collaborators.iter().map(|u| unit_ref(refs, u)).collect(),
        handovers: r.handovers,
        assignee: b.assignee,
        rating: r.rating,
        photos: b
            .photos
            .iter()
            .filter(|p| p.history_id.is_none())
            .map(|p| photo(number, p))
            .collect(),
        photo_urls: serde_json::from_str(&r.photo_urls).unwrap_or_default(),
        location_flag: r.location_flag.as_deref().and_then(LocationFlag::parse),
        actions,
        history,
        tracking_code: None,
        closed_reason: b.closure.map(|c| c.0),
        duplicate_of: b.closure.and_then(|c| c.1),
    }
}

/// The report as anyone may see it: in full unless it is hidden and `code`
/// (as given) is not its tracking code (`stored`); with the code, what the
/// reporter may do.
pub fn public_view(
    refs: &RefData,
    b: Bundle,
    code: Option<&str>,
    stored: Option<&str>,
) -> PublicReport {
    let number = b.row.number;
    let reporter = crate::tracking::matches(stored, code);
    let full = reporter || !b.row.hidden;
    // Photo addresses of a hidden report carry the code that opened it.
    let code_param = match (b.row.hidden, reporter, code) {
        (true, true, Some(c)) => format!("&code={}", crate::tracking::normalise(c)),
        _ => String::new(),
    };
    let history = b
        .history
        .into_iter()
        .filter(|h| h.public)
        .map(|h| PublicHistoryEntry {
            at: from_db(h.at),
            status: h.status.parse().unwrap_or(ReportStatus::Menunggu),
            kind: ActionKind::parse(&h.kind).unwrap_or(ActionKind::Comment),
            unit_name: refs.unit_name(h.unit_code.as_deref()),
            to_unit_name: refs.unit_name(h.to_unit_code.as_deref()),
            // A hand-over's reason is written for the receiving unit: the
            // public sees where the report went, not why.
            note: h
                .note
                .filter(|_| full && h.kind != ActionKind::Dispose.as_str()),
            photos: b
                .photos
                .iter()
                .filter(|p| full && p.public && p.history_id == Some(h.id))
                .map(|p| {
                    let url = format!("/api/v1/public/reports/{number}/photos/{}", p.id);
                    PublicPhoto {
                        thumb_url: format!("{url}?size=thumb{code_param}"),
                        url: format!("{url}?size=full{code_param}"),
                    }
                })
                .collect(),
        })
        .collect();
    let r = b.row;
    let done = r.status() == ReportStatus::Selesai;
    PublicReport {
        number,
        status: r.status(),
        full,
        with_code: reporter,
        feedback_open: reporter && done && r.rating.is_none(),
        rating: r.rating.filter(|_| reporter),
        category_name: Some(refs.category_name(&r.category_code)).filter(|_| full),
        kelurahan_name: refs.unit_name(r.kelurahan_code.as_deref()),
        holder_name: refs.unit_name(r.holder_code.as_deref()),
        received_at: from_db(r.received_at),
        completed_at: r.completed_at.filter(|_| done).map(from_db),
        estimate_at: b.case.estimate,
        description: Some(r.description).filter(|_| full),
        history,
        closed_reason: b.closure.map(|c| c.0),
        duplicate_of: b.closure.and_then(|c| c.1),
    }
}

/// A report in a list.
pub fn summary(refs: &RefData, r: ReportRow) -> ReportSummary {
    ReportSummary {
        number: r.number,
        status: r.status(),
        category_name: refs.category_name(&r.category_code),
        kelurahan_name: refs.unit_name(r.kelurahan_code.as_deref()),
        holder_name: refs.unit_name(r.holder_code.as_deref()),
        geotagged: r.lat.is_some() && r.lon.is_some(),
        received_at: from_db(r.received_at),
        holder_since: from_db(r.holder_since.unwrap_or(r.received_at)),
        awaiting_verification: r.awaiting_verification,
        estimate_at: r.estimate_at.map(from_db),
        assignee_id: r.assignee_id,
        channel: r.channel_code,
        category: r.category_code,
        description: r.description,
        kelurahan_code: r.kelurahan_code,
        holder_code: r.holder_code,
    }
}
