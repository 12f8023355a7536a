//! How a report comes into being: the one rule that turns an arrival (a
//! filing, a row of the old system, a generated demo report) into the
//! report's first state and its history so far, as [`crate::lifecycle::apply`]
//! does for every later action (docs/domain.md, "Statuses and the flow").
//!
//! A filed report arrives with one entry. A report brought from elsewhere
//! arrives with the entries that reproduce what already happened to it; its
//! state is the state those entries imply, derived here and nowhere else.

use crate::lifecycle::{ActionKind, Case, Entry};
use crate::ReportStatus;
use chrono::{DateTime, Utc};

/// A new report: its state and the entries to record, oldest first (the
/// first is always the arrival).
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub case: Case,
    pub entries: Vec<Entry>,
}

/// The arrival entry: Menunggu at `unit` (none: Monitoring-Room triage),
/// public, with the note the reporter sees.
pub fn arrival_entry(unit: Option<String>, at: DateTime<Utc>, note: String) -> Entry {
    Entry {
        at,
        kind: ActionKind::Arrive,
        status: ReportStatus::Menunggu,
        unit,
        note: Some(note),
        public: true,
        to_unit: None,
        flagged: false,
    }
}

impl Arrival {
    /// A report filed now: it waits at `holder` (or in triage) since
    /// `received_at`; its one entry is recorded at `recorded_at`.
    pub fn filed(
        holder: Option<String>,
        received_at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
        note: String,
    ) -> Arrival {
        Arrival::replayed(
            received_at,
            arrival_entry(holder, recorded_at, note),
            Vec::new(),
        )
    }

    /// A report that arrives with a past: held by `first`'s unit since
    /// `since`, `first` (its arrival) and the entries after it, oldest first. The state is what those entries
    /// imply: the holder moves with each hand-over, the first action after
    /// the arrival is the first response, a completion sets the evidence and
    /// the completion time, an approval the verification time, and the
    /// status is the last entry's.
    pub fn replayed(since: DateTime<Utc>, first: Entry, later: Vec<Entry>) -> Arrival {
        let mut case = Case::arrived(0, first.unit.clone(), since);
        case.last_at = first.at;
        let mut entries = Vec::with_capacity(later.len() + 1);
        entries.push(first);
        for e in later {
            match e.kind {
                ActionKind::Dispose => {
                    if let Some(from) = &e.unit {
                        case.handed_on_by.push(from.clone());
                    }
                    if e.to_unit.is_some() {
                        case.holder.clone_from(&e.to_unit);
                    }
                    case.holder_since = e.at;
                }
                ActionKind::Complete => {
                    case.evidence = true;
                    case.completed_at = Some(e.at);
                    case.awaiting_verification = true;
                }
                ActionKind::Approve => {
                    case.verified_at = Some(e.at);
                    case.awaiting_verification = false;
                }
                _ => {}
            }
            if case.first_response_at.is_none() && e.kind.is_response() {
                case.first_response_at = Some(e.at);
            }
            case.status = e.status;
            case.last_at = case.last_at.max(e.at);
            entries.push(e);
        }
        Arrival { case, entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, h, 0, 0)
            .single()
            .expect("valid")
    }

    fn entry(h: u32, kind: ActionKind, status: ReportStatus, to: Option<&str>) -> Entry {
        Entry {
            at: at(h),
            kind,
            status,
            unit: Some("31.71.01.1001".into()),
            note: None,
            public: true,
            to_unit: to.map(str::to_string),
            flagged: false,
        }
    }

    #[test]
    fn a_filed_report_waits_where_it_arrived_with_one_public_entry() {
        let a = Arrival::filed(
            Some("31.71.01.1001".into()),
            at(1),
            at(2),
            "diterima".into(),
        );
        assert_eq!(a.case.status, ReportStatus::Menunggu);
        assert_eq!(a.case.holder.as_deref(), Some("31.71.01.1001"));
        assert_eq!(a.case.holder_since, at(1));
        assert_eq!(a.case.last_at, at(2));
        assert_eq!(a.entries.len(), 1);
        assert_eq!(a.entries[0].kind, ActionKind::Arrive);
        assert!(a.entries[0].public);
        assert_eq!(a.case.first_response_at, None);
    }

    #[test]
    fn a_report_with_a_past_has_the_state_its_entries_imply() {
        let first = arrival_entry(Some("31.71.01.1001".into()), at(1), "x".into());
        let a = Arrival::replayed(
            at(1),
            first,
            vec![
                entry(2, ActionKind::TakeUp, ReportStatus::Proses, None),
                entry(5, ActionKind::Complete, ReportStatus::Proses, None),
                entry(6, ActionKind::Approve, ReportStatus::Selesai, None),
            ],
        );
        assert_eq!(a.case.status, ReportStatus::Selesai);
        assert_eq!(a.case.first_response_at, Some(at(2)));
        assert_eq!(a.case.completed_at, Some(at(5)));
        assert_eq!(a.case.verified_at, Some(at(6)));
        assert!(a.case.evidence);
        assert!(!a.case.awaiting_verification);
        assert_eq!(a.case.last_at, at(6));
        assert_eq!(a.entries.len(), 4);
    }

    #[test]
    fn a_hand_over_moves_the_holder_and_counts() {
        let first = arrival_entry(Some("31.71.01.1001".into()), at(1), "x".into());
        let a = Arrival::replayed(
            at(1),
            first,
            vec![entry(
                3,
                ActionKind::Dispose,
                ReportStatus::Disposisi,
                Some("31.71.sudin"),
            )],
        );
        assert_eq!(a.case.holder.as_deref(), Some("31.71.sudin"));
        assert_eq!(a.case.holder_since, at(3));
        assert_eq!(a.case.handed_on_by, vec!["31.71.01.1001".to_string()]);
        assert_eq!(a.case.handovers(), 1);
        assert_eq!(a.case.first_response_at, Some(at(3)));
        assert_eq!(a.case.status, ReportStatus::Disposisi);
    }
}
