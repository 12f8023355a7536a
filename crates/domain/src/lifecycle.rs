//! The report lifecycle: every action an officer, verifier, the Monitoring
//! Room or the reporter can take on a report, who may take it in which state,
//! and what it changes and records (docs/domain.md, "Statuses and the flow").
//!
//! [`apply`] is a pure function from a report's [`Case`], an [`Actor`], an
//! [`Action`] and the time to an [`Outcome`] (the new case and the one history
//! entry to append), or a typed [`Refusal`]. The API loads the case, calls
//! this and writes the outcome in one transaction; nothing else decides.

use crate::api::ClosedReason;
use crate::message::Message;
use crate::{ReportStatus, Role};
use chrono::{DateTime, Utc};
use std::fmt;

/// How far ahead a completion estimate may lie: an estimate takes the report
/// out of the completion target and moves it to the estimate's period, so
/// one years away would take it out of scoring for good.
pub const MAX_ESTIMATE_DAYS: i64 = 365;

/// What the lifecycle needs to know about a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub number: i64,
    pub status: ReportStatus,
    /// The unit that holds it; `None` while in Monitoring-Room triage.
    pub holder: Option<String>,
    /// When the current holder received it (for the response target).
    pub holder_since: DateTime<Utc>,
    /// Units coordinating with the holder (never the holder itself).
    pub collaborators: Vec<String>,
    /// Units that handed the report on, in order (one per hand-over).
    pub handed_on_by: Vec<String>,
    /// The unit completed it and a verifier has not yet decided.
    pub awaiting_verification: bool,
    /// A follow-up with at least one photo exists since the last reopening.
    pub evidence: bool,
    /// The completion estimate, once set (it can be set only once).
    pub estimate: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
    /// The officer the report is assigned to, if any.
    pub assignee: Option<i64>,
    /// Stars given by the reporter, once.
    pub rating: Option<u8>,
    /// The time of the last history entry: entries never go back in time.
    pub last_at: DateTime<Utc>,
}

impl Case {
    /// A report that has just arrived (at `holder`, or in triage).
    pub fn arrived(number: i64, holder: Option<String>, at: DateTime<Utc>) -> Self {
        Case {
            number,
            status: ReportStatus::Menunggu,
            holder,
            holder_since: at,
            collaborators: Vec::new(),
            handed_on_by: Vec::new(),
            awaiting_verification: false,
            evidence: false,
            estimate: None,
            first_response_at: None,
            completed_at: None,
            verified_at: None,
            assignee: None,
            rating: None,
            last_at: at,
        }
    }

    /// Waiting for the holder's first action (Menunggu, or Disposisi: handed
    /// on and not yet taken up by the new holder).
    pub fn is_waiting(&self) -> bool {
        matches!(
            self.status,
            ReportStatus::Menunggu | ReportStatus::Disposisi
        )
    }

    /// Taken up and being worked on (Proses or Koordinasi), and not waiting
    /// for a verifier.
    pub fn is_in_work(&self) -> bool {
        matches!(self.status, ReportStatus::Proses | ReportStatus::Koordinasi)
            && !self.awaiting_verification
    }

    /// The coordination ticket: "KL" + the report number, once coordinated.
    pub fn coordination_ticket(&self) -> Option<String> {
        (!self.collaborators.is_empty()).then(|| coordination_ticket(self.number))
    }

    /// How many times the report was handed from one unit to another.
    pub fn handovers(&self) -> u32 {
        u32::try_from(self.handed_on_by.len()).unwrap_or(u32::MAX)
    }
}

/// The coordination ticket number of a report ("KL1062887").
pub fn coordination_ticket(number: i64) -> String {
    format!("KL{number}")
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in staff member.
    Staff {
        user_id: i64,
        role: Role,
        unit: Option<String>,
    },
    /// The reporter, through the channel the report came from.
    Reporter,
}

impl Actor {
    fn role(&self) -> Option<Role> {
        match self {
            Actor::Staff { role, .. } => Some(*role),
            Actor::Reporter => None,
        }
    }

    /// An officer or unit head of exactly this unit.
    fn works_at(&self, unit: Option<&str>) -> bool {
        match (self, unit) {
            (
                Actor::Staff {
                    role: Role::Officer | Role::UnitHead,
                    unit: Some(mine),
                    ..
                },
                Some(u),
            ) => mine == u,
            _ => false,
        }
    }

    fn is_monitoring(&self) -> bool {
        self.role() == Some(Role::Monitoring)
    }

    fn staff_unit(&self) -> Option<&str> {
        match self {
            Actor::Staff { unit, .. } => unit.as_deref(),
            Actor::Reporter => None,
        }
    }
}

/// An action on a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The holder takes it up (Proses).
    TakeUp { note: Option<String> },
    /// Hand it to another unit with a reason (Disposisi); the Monitoring Room
    /// also routes reports out of triage this way.
    Dispose { to: String, reason: String },
    /// Ask other units to work with the holder (Koordinasi).
    Coordinate {
        units: Vec<String>,
        note: Option<String>,
    },
    /// The holder releases one coordinating unit (`unit`), or ends the
    /// coordination with every unit (`None`), saying why.
    Release { unit: Option<String>, note: String },
    /// A follow-up (tindak lanjut): a note and the number of photos with it.
    FollowUp { note: String, photos: u32 },
    /// The holder says the work is done.
    Complete { note: String },
    /// A verifier approves the completion.
    Approve { note: Option<String> },
    /// A verifier rejects the completion with a reason.
    Reject { reason: String },
    /// Set the completion estimate (once).
    SetEstimate {
        until: DateTime<Utc>,
        reason: String,
    },
    /// The Monitoring Room or a verifier reopens a done report.
    Reopen { reason: String },
    /// A comment, public (the reporter sees it) or internal.
    Comment { text: String, public: bool },
    /// The reporter rates the result, once, and may say whether the
    /// problem was fixed.
    Rate {
        stars: u8,
        comment: Option<String>,
        fixed: Option<bool>,
    },
    /// Give the report to an officer of the holding unit. The caller has
    /// checked that `officer_unit` is that officer's unit.
    Assign {
        officer: i64,
        officer_name: String,
        officer_unit: Option<String>,
    },
    /// The Monitoring Room closes a report that needs no work: Selesai
    /// with the reason, counted for no unit. The caller has checked that
    /// `duplicate_of` exists.
    Close {
        reason: ClosedReason,
        note: String,
        duplicate_of: Option<i64>,
    },
    /// The Monitoring Room corrects the report's category or kelurahan;
    /// `change` describes it for the history ("kategori A → B"). The
    /// caller checks and writes the fields.
    Correct { note: String, change: String },
}

impl Action {
    /// A short identifier, as used in URLs and history entries.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::TakeUp { .. } => ActionKind::TakeUp,
            Action::Dispose { .. } => ActionKind::Dispose,
            Action::Coordinate { .. } => ActionKind::Coordinate,
            Action::Release { .. } => ActionKind::Release,
            Action::FollowUp { .. } => ActionKind::FollowUp,
            Action::Complete { .. } => ActionKind::Complete,
            Action::Approve { .. } => ActionKind::Approve,
            Action::Reject { .. } => ActionKind::Reject,
            Action::SetEstimate { .. } => ActionKind::SetEstimate,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::Comment { .. } => ActionKind::Comment,
            Action::Rate { .. } => ActionKind::Rate,
            Action::Assign { .. } => ActionKind::Assign,
            Action::Close { .. } => ActionKind::Close,
            Action::Correct { .. } => ActionKind::Correct,
        }
    }
}

/// The kind of an action, stored with each history entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// The report arrived (not an action; the first entry). The default only
    /// for example messages.
    #[default]
    Arrive,
    TakeUp,
    Dispose,
    Coordinate,
    /// The holder released a coordinating unit, or ended the coordination.
    Release,
    FollowUp,
    Complete,
    Approve,
    Reject,
    SetEstimate,
    Reopen,
    Comment,
    Rate,
    Assign,
    /// The Monitoring Room closed it without work.
    Close,
    /// The Monitoring Room corrected its category or kelurahan.
    Correct,
}

impl ActionKind {
    /// Every kind.
    pub const ALL: [ActionKind; 16] = [
        ActionKind::Arrive,
        ActionKind::TakeUp,
        ActionKind::Dispose,
        ActionKind::Coordinate,
        ActionKind::Release,
        ActionKind::FollowUp,
        ActionKind::Complete,
        ActionKind::Approve,
        ActionKind::Reject,
        ActionKind::SetEstimate,
        ActionKind::Reopen,
        ActionKind::Comment,
        ActionKind::Rate,
        ActionKind::Assign,
        ActionKind::Close,
        ActionKind::Correct,
    ];

    /// The identifier stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Arrive => "arrive",
            ActionKind::TakeUp => "take_up",
            ActionKind::Dispose => "dispose",
            ActionKind::Coordinate => "coordinate",
            ActionKind::Release => "release",
            ActionKind::FollowUp => "follow_up",
            ActionKind::Complete => "complete",
            ActionKind::Approve => "approve",
            ActionKind::Reject => "reject",
            ActionKind::SetEstimate => "set_estimate",
            ActionKind::Reopen => "reopen",
            ActionKind::Comment => "comment",
            ActionKind::Rate => "rate",
            ActionKind::Assign => "assign",
            ActionKind::Close => "close",
            ActionKind::Correct => "correct",
        }
    }

    /// The kinds that answer a waiting report (its first response when the
    /// holder takes them): take up, hand over, coordinate. [`apply`] decides
    /// for each action whether it did; a replayed history counts these.
    pub fn is_response(self) -> bool {
        matches!(
            self,
            ActionKind::TakeUp | ActionKind::Dispose | ActionKind::Coordinate
        )
    }

    /// Reads a stored identifier.
    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The rules of this deployment and this report's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Completions wait for a verifier (on by default).
    pub verification: bool,
    /// The category needs a photo as evidence before completion.
    pub evidence_required: bool,
    /// After this many hand-overs only the Monitoring Room may move a report.
    pub max_unit_handovers: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            verification: true,
            evidence_required: true,
            max_unit_handovers: 3,
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// This actor may not do this to this report (403).
    NotAllowed(Message),
    /// The report's state does not allow it now (409).
    WrongState(Message),
    /// A field of the action is missing or wrong (422).
    Invalid {
        field: &'static str,
        message: Message,
    },
}

impl Refusal {
    /// What is said about it, in any language.
    pub fn message(&self) -> &Message {
        match self {
            Refusal::NotAllowed(m) | Refusal::WrongState(m) => m,
            Refusal::Invalid { message, .. } => message,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAllowed(m) | Refusal::WrongState(m) => write!(f, "{m}"),
            Refusal::Invalid { field, message } => write!(f, "`{field}`: {message}"),
        }
    }
}

fn not_allowed(m: Message) -> Refusal {
    Refusal::NotAllowed(m)
}

fn wrong_state(m: Message) -> Refusal {
    Refusal::WrongState(m)
}

fn invalid(field: &'static str, message: Message) -> Refusal {
    Refusal::Invalid { field, message }
}

/// The one history entry an accepted action appends.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub kind: ActionKind,
    /// The report's public status after the action.
    pub status: ReportStatus,
    /// The unit that acted (or, for the arrival, that received it).
    pub unit: Option<String>,
    pub note: Option<String>,
    /// Whether the reporter and the public see the entry.
    pub public: bool,
    /// For a hand-over: the receiving unit.
    pub to_unit: Option<String>,
    /// A hand-over back to a unit that had already handed it on.
    pub flagged: bool,
}

/// An accepted action: the new state and what to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub case: Case,
    pub entry: Entry,
}

fn require_text(field: &'static str, text: &str) -> Result<String, Refusal> {
    let t = text.trim();
    if t.is_empty() {
        return Err(invalid(field, Message::Required));
    }
    if t.chars().count() > 5000 {
        return Err(invalid(field, Message::TooLong { max: 5000 }));
    }
    Ok(t.to_string())
}

fn optional_text(field: &'static str, text: &Option<String>) -> Result<Option<String>, Refusal> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => require_text(field, t).map(Some),
    }
}

fn open_and_not_verifying(case: &Case, action: ActionKind) -> Result<(), Refusal> {
    if case.status == ReportStatus::Selesai {
        return Err(wrong_state(Message::ReportDone { action }));
    }
    if case.awaiting_verification {
        return Err(wrong_state(Message::AwaitingVerification { action }));
    }
    Ok(())
}

fn holder_only(case: &Case, actor: &Actor, action: ActionKind) -> Result<(), Refusal> {
    if actor.works_at(case.holder.as_deref()) {
        Ok(())
    } else {
        Err(not_allowed(Message::HolderOnly { action }))
    }
}

/// Applies `action` by `actor` at `at` to `case`.
///
/// On success exactly one history entry is returned; its time is never
/// before the case's last entry (a clock that steps back is held level).
pub fn apply(
    case: &Case,
    actor: &Actor,
    action: &Action,
    at: DateTime<Utc>,
    rules: Rules,
) -> Result<Outcome, Refusal> {
    let at = at.max(case.last_at);
    let mut next = case.clone();
    next.last_at = at;
    let mut entry = Entry {
        at,
        kind: action.kind(),
        status: case.status,
        unit: actor.staff_unit().map(str::to_string),
        note: None,
        public: true,
        to_unit: None,
        flagged: false,
    };
    // The first action of the holding unit after arrival is its response.
    let mut responds = false;
    match action {
        Action::TakeUp { note } => {
            holder_only(case, actor, ActionKind::TakeUp)?;
            if !case.is_waiting() {
                return Err(wrong_state(Message::NotWaiting {
                    status: case.status,
                }));
            }
            entry.note = Some(
                optional_text("note", note)?.unwrap_or_else(|| "Segera ditindaklanjuti".into()),
            );
            next.status = ReportStatus::Proses;
            responds = true;
        }
        Action::Dispose { to, reason } => {
            let monitoring = actor.is_monitoring();
            if !monitoring {
                holder_only(case, actor, ActionKind::Dispose)?;
            }
            let reason = require_text("reason", reason)?;
            open_and_not_verifying(case, ActionKind::Dispose)?;
            if !monitoring && case.handovers() >= rules.max_unit_handovers {
                return Err(not_allowed(Message::HandoverLimit {
                    count: case.handovers(),
                }));
            }
            let to = to.trim();
            if to.is_empty() {
                return Err(invalid("to", Message::Required));
            }
            if case.holder.as_deref() == Some(to) {
                return Err(invalid("to", Message::AlreadyHeld));
            }
            entry.flagged = case.handed_on_by.iter().any(|u| u == to);
            entry.note = Some(reason);
            entry.to_unit = Some(to.to_string());
            entry.unit = case.holder.clone();
            if let Some(from) = &case.holder {
                next.handed_on_by.push(from.clone());
                responds = actor.works_at(Some(from)) && case.is_waiting();
            }
            next.holder = Some(to.to_string());
            next.holder_since = at;
            next.collaborators.retain(|u| u != to);
            next.status = ReportStatus::Disposisi;
            next.assignee = None;
        }
        Action::Coordinate { units, note } => {
            holder_only(case, actor, ActionKind::Coordinate)?;
            open_and_not_verifying(case, ActionKind::Coordinate)?;
            if units.is_empty() {
                return Err(invalid("units", Message::Required));
            }
            let mut added = Vec::new();
            for u in units {
                let u = u.trim();
                if case.holder.as_deref() == Some(u) {
                    return Err(invalid("units", Message::CoordinateWithSelf));
                }
                if !next.collaborators.iter().any(|c| c == u) && !u.is_empty() {
                    next.collaborators.push(u.to_string());
                    added.push(u.to_string());
                }
            }
            if added.is_empty() {
                return Err(invalid("units", Message::AlreadyCoordinating));
            }
            let ticket = coordination_ticket(case.number);
            entry.note = Some(match optional_text("note", note)? {
                Some(n) => format!("{ticket}: {n}"),
                None => format!("{ticket}: koordinasi dengan {}", added.join(", ")),
            });
            responds = case.is_waiting();
            next.status = ReportStatus::Koordinasi;
        }
        Action::Release { unit, note } => {
            holder_only(case, actor, ActionKind::Release)?;
            open_and_not_verifying(case, ActionKind::Release)?;
            if case.collaborators.is_empty() {
                return Err(wrong_state(Message::NoCoordination));
            }
            let released = match unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                None => std::mem::take(&mut next.collaborators),
                Some(u) => {
                    if !case.collaborators.iter().any(|c| c == u) {
                        return Err(invalid("unit", Message::NotCoordinating));
                    }
                    next.collaborators.retain(|c| c != u);
                    vec![u.to_string()]
                }
            };
            let note = require_text("note", note)?;
            let ticket = coordination_ticket(case.number);
            entry.note = Some(if next.collaborators.is_empty() {
                format!(
                    "{ticket}: koordinasi diakhiri ({}): {note}",
                    released.join(", ")
                )
            } else {
                format!(
                    "{ticket}: {} dilepas dari koordinasi: {note}",
                    released.join(", ")
                )
            });
            // Written for colleagues: the public sees only the status.
            entry.public = false;
            if next.collaborators.is_empty() && next.status == ReportStatus::Koordinasi {
                next.status = ReportStatus::Proses;
            }
        }
        Action::FollowUp { note, photos } => {
            let is_holder = actor.works_at(case.holder.as_deref());
            let is_collaborator = case.collaborators.iter().any(|c| actor.works_at(Some(c)));
            if !is_holder && !is_collaborator {
                return Err(not_allowed(Message::WorkersOnly));
            }
            open_and_not_verifying(case, ActionKind::FollowUp)?;
            if !case.is_in_work() {
                return Err(wrong_state(Message::NotInWork {
                    action: ActionKind::FollowUp,
                }));
            }
            entry.note = Some(require_text("note", note)?);
            if *photos > 0 {
                next.evidence = true;
            }
        }
        Action::Complete { note } => {
            holder_only(case, actor, ActionKind::Complete)?;
            open_and_not_verifying(case, ActionKind::Complete)?;
            if !case.is_in_work() {
                return Err(wrong_state(Message::NotInWork {
                    action: ActionKind::Complete,
                }));
            }
            let note = require_text("note", note)?;
            if rules.evidence_required && !case.evidence {
                return Err(wrong_state(Message::EvidenceRequired));
            }
            entry.note = Some(note);
            next.completed_at = Some(at);
            if rules.verification {
                next.awaiting_verification = true;
                next.status = ReportStatus::Proses;
            } else {
                next.status = ReportStatus::Selesai;
            }
        }
        Action::Approve { note } => {
            if actor.role() != Some(Role::Verifier) {
                return Err(not_allowed(Message::VerifierOnly {
                    action: ActionKind::Approve,
                }));
            }
            if !case.awaiting_verification {
                return Err(wrong_state(Message::NotAwaitingVerification));
            }
            entry.note = Some(
                optional_text("note", note)?
                    .unwrap_or_else(|| "Penyelesaian diverifikasi".to_string()),
            );
            entry.unit = case.holder.clone();
            next.awaiting_verification = false;
            next.verified_at = Some(at);
            next.status = ReportStatus::Selesai;
        }
        Action::Reject { reason } => {
            if actor.role() != Some(Role::Verifier) {
                return Err(not_allowed(Message::VerifierOnly {
                    action: ActionKind::Reject,
                }));
            }
            let reason = require_text("reason", reason)?;
            if !case.awaiting_verification {
                return Err(wrong_state(Message::NotAwaitingVerification));
            }
            entry.note = Some(reason);
            entry.unit = case.holder.clone();
            next.awaiting_verification = false;
            next.completed_at = None;
            next.status = ReportStatus::Proses;
        }
        Action::SetEstimate { until, reason } => {
            holder_only(case, actor, ActionKind::SetEstimate)?;
            let reason = require_text("reason", reason)?;
            open_and_not_verifying(case, ActionKind::SetEstimate)?;
            if case.estimate.is_some() {
                return Err(wrong_state(Message::EstimateAlreadySet));
            }
            if *until <= at {
                return Err(invalid("until", Message::EstimateInPast));
            }
            if *until > at + chrono::Duration::days(MAX_ESTIMATE_DAYS) {
                return Err(invalid(
                    "until",
                    Message::EstimateTooFar {
                        days: MAX_ESTIMATE_DAYS,
                    },
                ));
            }
            entry.note = Some(reason);
            next.estimate = Some(*until);
        }
        Action::Reopen { reason } => {
            if !matches!(actor.role(), Some(Role::Monitoring | Role::Verifier)) {
                return Err(not_allowed(Message::ReopenNotAllowed));
            }
            let reason = require_text("reason", reason)?;
            if case.status != ReportStatus::Selesai {
                return Err(wrong_state(Message::NotDone {
                    action: ActionKind::Reopen,
                }));
            }
            entry.note = Some(reason);
            entry.unit = case.holder.clone();
            next.status = ReportStatus::Proses;
            next.completed_at = None;
            next.verified_at = None;
            next.evidence = false;
        }
        Action::Comment { text, public } => {
            if actor.role().is_none() {
                return Err(not_allowed(Message::StaffOnly));
            }
            entry.note = Some(require_text("text", text)?);
            entry.public = *public;
        }
        Action::Rate {
            stars,
            comment,
            fixed,
        } => {
            if *actor != Actor::Reporter {
                return Err(not_allowed(Message::ReporterOnly));
            }
            if !(1..=5).contains(stars) {
                return Err(invalid("stars", Message::OutOfRange { min: 1, max: 5 }));
            }
            if case.status != ReportStatus::Selesai {
                return Err(wrong_state(Message::NotDone {
                    action: ActionKind::Rate,
                }));
            }
            if case.rating.is_some() {
                return Err(wrong_state(Message::AlreadyRated));
            }
            let comment = optional_text("comment", comment)?;
            let mut note = match comment {
                Some(c) => format!("Penilaian {stars}/5: {c}"),
                None => format!("Penilaian {stars}/5"),
            };
            match fixed {
                Some(true) => note.push_str(" — pelapor: masalah sudah beres"),
                Some(false) => note.push_str(" — pelapor: masalah belum beres"),
                None => {}
            }
            entry.note = Some(note);
            entry.unit = None;
            next.rating = Some(*stars);
        }
        Action::Assign {
            officer,
            officer_name,
            officer_unit,
        } => {
            if !actor.is_monitoring() {
                holder_only(case, actor, ActionKind::Assign)?;
            }
            open_and_not_verifying(case, ActionKind::Assign)?;
            if officer_unit.is_none() || *officer_unit != case.holder {
                return Err(invalid("officer", Message::OfficerNotAtHolder));
            }
            entry.note = Some(format!("Ditugaskan kepada {officer_name}"));
            entry.public = false;
            entry.unit = case.holder.clone();
            next.assignee = Some(*officer);
        }
        Action::Close {
            reason,
            note,
            duplicate_of,
        } => {
            if !actor.is_monitoring() {
                return Err(not_allowed(Message::MonitoringOnly {
                    action: ActionKind::Close,
                }));
            }
            let note = require_text("note", note)?;
            match (reason, duplicate_of) {
                (ClosedReason::Duplicate, None) => {
                    return Err(invalid("duplicate_of", Message::DuplicateOfRequired))
                }
                (ClosedReason::Duplicate, Some(n)) if *n == case.number => {
                    return Err(invalid("duplicate_of", Message::DuplicateOfSelf))
                }
                (ClosedReason::Invalid | ClosedReason::OutOfScope, Some(_)) => {
                    return Err(invalid("duplicate_of", Message::DuplicateOfUnexpected))
                }
                _ => {}
            }
            if case.status == ReportStatus::Selesai {
                return Err(wrong_state(Message::ReportDone {
                    action: ActionKind::Close,
                }));
            }
            entry.note = Some(match duplicate_of {
                Some(n) => format!("Ditutup: {} #{n}. {note}", reason.label()),
                None => format!("Ditutup: {}. {note}", reason.label()),
            });
            entry.unit = case.holder.clone();
            next.status = ReportStatus::Selesai;
            next.awaiting_verification = false;
            next.completed_at = None;
            next.verified_at = None;
        }
        Action::Correct { note, change } => {
            if !actor.is_monitoring() {
                return Err(not_allowed(Message::MonitoringOnly {
                    action: ActionKind::Correct,
                }));
            }
            let note = require_text("note", note)?;
            entry.note = Some(format!("Koreksi {change}: {note}"));
            entry.public = false;
            entry.unit = case.holder.clone();
        }
    }
    if responds && next.first_response_at.is_none() {
        next.first_response_at = Some(at);
    }
    entry.status = next.status;
    Ok(Outcome { case: next, entry })
}

/// The actions staff can take from the report page, in the order shown.
pub const STAFF_ACTIONS: [ActionKind; 14] = [
    ActionKind::TakeUp,
    ActionKind::Dispose,
    ActionKind::Coordinate,
    ActionKind::Release,
    ActionKind::FollowUp,
    ActionKind::Complete,
    ActionKind::SetEstimate,
    ActionKind::Assign,
    ActionKind::Approve,
    ActionKind::Reject,
    ActionKind::Reopen,
    ActionKind::Close,
    ActionKind::Correct,
    ActionKind::Comment,
];

/// Whether `actor` may take each of [`STAFF_ACTIONS`] now: `Ok(())` or why
/// not (never [`Refusal::Invalid`]). Decided by [`apply`] itself on a stand-in action, so the
/// page and the API never disagree.
pub fn availability(
    case: &Case,
    actor: &Actor,
    at: DateTime<Utc>,
    rules: Rules,
) -> Vec<(ActionKind, Result<(), Refusal>)> {
    const PROBE: &str = "\u{0}probe";
    STAFF_ACTIONS
        .into_iter()
        .map(|kind| {
            let action = match kind {
                ActionKind::TakeUp => Action::TakeUp { note: None },
                ActionKind::Dispose => Action::Dispose {
                    to: PROBE.into(),
                    reason: PROBE.into(),
                },
                ActionKind::Coordinate => Action::Coordinate {
                    units: vec![PROBE.into()],
                    note: None,
                },
                ActionKind::Release => Action::Release {
                    unit: None,
                    note: PROBE.into(),
                },
                ActionKind::FollowUp => Action::FollowUp {
                    note: PROBE.into(),
                    photos: 1,
                },
                ActionKind::Complete => Action::Complete { note: PROBE.into() },
                ActionKind::Approve => Action::Approve { note: None },
                ActionKind::Reject => Action::Reject {
                    reason: PROBE.into(),
                },
                ActionKind::SetEstimate => Action::SetEstimate {
                    until: at.max(case.last_at) + chrono::Duration::days(1),
                    reason: PROBE.into(),
                },
                ActionKind::Reopen => Action::Reopen {
                    reason: PROBE.into(),
                },
                ActionKind::Assign => Action::Assign {
                    officer: 0,
                    officer_name: PROBE.into(),
                    officer_unit: case.holder.clone(),
                },
                ActionKind::Close => Action::Close {
                    reason: ClosedReason::Invalid,
                    note: PROBE.into(),
                    duplicate_of: None,
                },
                ActionKind::Correct => Action::Correct {
                    note: PROBE.into(),
                    change: PROBE.into(),
                },
                ActionKind::Comment | ActionKind::Arrive | ActionKind::Rate => Action::Comment {
                    text: PROBE.into(),
                    public: false,
                },
            };
            let verdict = match apply(case, actor, &action, at, rules) {
                Ok(_) | Err(Refusal::Invalid { .. }) => Ok(()),
                Err(r) => Err(r),
            };
            (kind, verdict)
        })
        .collect()
}

#[cfg(test)]
mod tests;
