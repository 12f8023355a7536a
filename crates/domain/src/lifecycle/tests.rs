//! Tests of the lifecycle: worked flows, the full matrix of state × action ×
//! actor against the table of docs/domain.md, and properties over random sequences.

use super::*;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;

const KEL: &str = "31.71.01.1001";
const SUDIN: &str = "DISHUB-3171";
const SATPOL: &str = "SATPOL-3171";
const OTHER: &str = "31.71.01.1002";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 13, 6, 25, 0)
        .single()
        .expect("valid time")
}

fn officer(unit: &str) -> Actor {
    Actor::Staff {
        user_id: 1,
        role: Role::Officer,
        unit: Some(unit.into()),
    }
}

fn head(unit: &str) -> Actor {
    Actor::Staff {
        user_id: 2,
        role: Role::UnitHead,
        unit: Some(unit.into()),
    }
}

fn role(r: Role) -> Actor {
    Actor::Staff {
        user_id: 3,
        role: r,
        unit: None,
    }
}

fn ok(case: &Case, actor: &Actor, action: Action, mins: i64) -> Outcome {
    apply(
        case,
        actor,
        &action,
        t0() + Duration::minutes(mins),
        Rules::default(),
    )
    .unwrap_or_else(|e| panic!("{action:?} by {actor:?} refused: {e}"))
}

fn take_up() -> Action {
    Action::TakeUp { note: None }
}

fn follow_up(photos: u32) -> Action {
    Action::FollowUp {
        note: "Sudah dihimbau oleh 3 pilar".into(),
        photos,
    }
}

fn complete() -> Action {
    Action::Complete {
        note: "Sudah dibersihkan".into(),
    }
}

fn dispose(to: &str) -> Action {
    Action::Dispose {
        to: to.into(),
        reason: "Kewenangan Sudin".into(),
    }
}

#[test]
fn the_kebon_jeruk_day_take_up_follow_up_complete_approve() {
    let c = Case::arrived(1044857, Some(KEL.into()), t0());
    let o = ok(&c, &officer(KEL), take_up(), 11);
    assert_eq!(o.case.status, ReportStatus::Proses);
    assert_eq!(o.case.first_response_at, Some(t0() + Duration::minutes(11)));
    assert_eq!(o.entry.note.as_deref(), Some("Segera ditindaklanjuti"));
    let o = ok(&o.case, &officer(KEL), follow_up(1), 50);
    assert!(o.case.evidence);
    assert_eq!(o.entry.status, ReportStatus::Proses);
    let o = ok(&o.case, &officer(KEL), complete(), 56);
    assert!(o.case.awaiting_verification);
    assert_eq!(
        o.case.status,
        ReportStatus::Proses,
        "shown in public as Proses"
    );
    assert_eq!(o.case.completed_at, Some(t0() + Duration::minutes(56)));
    let o = ok(
        &o.case,
        &role(Role::Verifier),
        Action::Approve { note: None },
        300,
    );
    assert_eq!(o.case.status, ReportStatus::Selesai);
    assert_eq!(
        o.case.completed_at,
        Some(t0() + Duration::minutes(56)),
        "the completion time stays the unit's, not the approval's"
    );
    assert_eq!(o.case.verified_at, Some(t0() + Duration::minutes(300)));
}

#[test]
fn without_verification_completion_is_final() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let c = ok(&c, &officer(KEL), take_up(), 1).case;
    let c = ok(&c, &officer(KEL), follow_up(2), 2).case;
    let rules = Rules {
        verification: false,
        ..Rules::default()
    };
    let o = apply(&c, &officer(KEL), &complete(), t0(), rules).expect("completes");
    assert_eq!(o.case.status, ReportStatus::Selesai);
    assert!(!o.case.awaiting_verification);
}

#[test]
fn completion_needs_a_photo_unless_the_category_waives_it() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let c = ok(&c, &officer(KEL), take_up(), 1).case;
    let c = ok(&c, &officer(KEL), follow_up(0), 2).case;
    let refused = apply(&c, &officer(KEL), &complete(), t0(), Rules::default());
    assert!(matches!(
        refused,
        Err(Refusal::WrongState(Message::EvidenceRequired))
    ));
    let waived = Rules {
        evidence_required: false,
        ..Rules::default()
    };
    assert!(apply(&c, &officer(KEL), &complete(), t0(), waived).is_ok());
}

#[test]
fn rejection_sends_it_back_to_proses_at_the_same_unit() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let c = ok(&c, &officer(KEL), take_up(), 1).case;
    let c = ok(&c, &officer(KEL), follow_up(1), 2).case;
    let c = ok(&c, &officer(KEL), complete(), 3).case;
    let o = ok(
        &c,
        &role(Role::Verifier),
        Action::Reject {
            reason: "Foto tidak sesuai lokasi".into(),
        },
        4,
    );
    assert_eq!(o.case.status, ReportStatus::Proses);
    assert_eq!(o.case.holder.as_deref(), Some(KEL));
    assert!(!o.case.awaiting_verification);
    assert_eq!(o.case.completed_at, None);
    assert_eq!(o.entry.note.as_deref(), Some("Foto tidak sesuai lokasi"));
    let empty = apply(
        &c,
        &role(Role::Verifier),
        &Action::Reject {
            reason: "  ".into(),
        },
        t0(),
        Rules::default(),
    );
    assert!(matches!(
        empty,
        Err(Refusal::Invalid {
            field: "reason",
            ..
        })
    ));
}

#[test]
fn hand_over_moves_the_report_and_the_new_holder_receives_it_waiting() {
    let c = Case::arrived(7, Some(KEL.into()), t0());
    let o = ok(&c, &officer(KEL), dispose(SUDIN), 30);
    assert_eq!(o.case.holder.as_deref(), Some(SUDIN));
    assert_eq!(o.case.status, ReportStatus::Disposisi);
    assert!(o.case.is_waiting());
    assert_eq!(o.case.holder_since, t0() + Duration::minutes(30));
    assert_eq!(o.case.first_response_at, Some(t0() + Duration::minutes(30)));
    assert_eq!(o.entry.unit.as_deref(), Some(KEL));
    assert_eq!(o.entry.to_unit.as_deref(), Some(SUDIN));
    assert!(!o.entry.flagged);
    // The kelurahan can no longer act on it; the sudin can.
    let refused = apply(&o.case, &officer(KEL), &take_up(), t0(), Rules::default());
    assert!(matches!(refused, Err(Refusal::NotAllowed(_))));
    let o = ok(&o.case, &officer(SUDIN), take_up(), 40);
    assert_eq!(o.case.status, ReportStatus::Proses);
}

#[test]
fn handing_back_is_flagged_and_the_fourth_hand_over_needs_the_monitoring_room() {
    let c = Case::arrived(7, Some(KEL.into()), t0());
    let c = ok(&c, &officer(KEL), dispose(SUDIN), 1).case;
    let o = ok(&c, &officer(SUDIN), dispose(KEL), 2);
    assert!(o.entry.flagged, "back to a unit that handed it on");
    let c = ok(&o.case, &officer(KEL), dispose(OTHER), 3).case;
    assert_eq!(c.handovers(), 3);
    let refused = apply(&c, &officer(OTHER), &dispose(SUDIN), t0(), Rules::default());
    assert!(matches!(
        refused,
        Err(Refusal::NotAllowed(Message::HandoverLimit { .. }))
    ));
    let o = ok(&c, &role(Role::Monitoring), dispose(SUDIN), 5);
    assert_eq!(o.case.holder.as_deref(), Some(SUDIN));
    assert!(o.entry.flagged);
}

#[test]
fn the_monitoring_room_routes_reports_out_of_triage() {
    let c = Case::arrived(9, None, t0());
    let refused = apply(&c, &officer(KEL), &take_up(), t0(), Rules::default());
    assert!(matches!(refused, Err(Refusal::NotAllowed(_))));
    let o = ok(&c, &role(Role::Monitoring), dispose(KEL), 10);
    assert_eq!(o.case.holder.as_deref(), Some(KEL));
    assert_eq!(
        o.case.handovers(),
        0,
        "routing out of triage is no hand-over"
    );
    assert_eq!(
        o.case.first_response_at, None,
        "the unit has not responded yet"
    );
}

#[test]
fn coordination_keeps_the_holder_responsible_and_lets_collaborators_follow_up() {
    let c = Case::arrived(1062887, Some(KEL.into()), t0());
    let o = ok(
        &c,
        &officer(KEL),
        Action::Coordinate {
            units: vec![SATPOL.into()],
            note: None,
        },
        5,
    );
    assert_eq!(o.case.status, ReportStatus::Koordinasi);
    assert_eq!(o.case.holder.as_deref(), Some(KEL));
    assert_eq!(o.case.coordination_ticket().as_deref(), Some("KL1062887"));
    assert!(o
        .entry
        .note
        .as_deref()
        .is_some_and(|n| n.starts_with("KL1062887")));
    assert_eq!(o.case.first_response_at, Some(t0() + Duration::minutes(5)));
    let o = ok(&o.case, &officer(SATPOL), follow_up(1), 60);
    assert!(o.case.evidence);
    // Only the holder completes.
    let refused = apply(
        &o.case,
        &officer(SATPOL),
        &complete(),
        t0(),
        Rules::default(),
    );
    assert!(matches!(refused, Err(Refusal::NotAllowed(_))));
    assert!(apply(&o.case, &officer(KEL), &complete(), t0(), Rules::default()).is_ok());
    // Coordinating again with the same unit adds nothing.
    let again = apply(
        &o.case,
        &officer(KEL),
        &Action::Coordinate {
            units: vec![SATPOL.into()],
            note: None,
        },
        t0(),
        Rules::default(),
    );
    assert!(matches!(
        again,
        Err(Refusal::Invalid { field: "units", .. })
    ));
}

#[test]
fn the_holder_releases_a_unit_or_ends_the_coordination() {
    let c = Case::arrived(77, Some(KEL.into()), t0());
    let o = ok(
        &c,
        &officer(KEL),
        Action::Coordinate {
            units: vec![SATPOL.into(), SUDIN.into()],
            note: None,
        },
        5,
    );
    let release = |unit: Option<&str>| Action::Release {
        unit: unit.map(str::to_string),
        note: "Bagian mereka sudah selesai".into(),
    };
    // Only the holder decides; a collaborator cannot release itself.
    let refused = apply(
        &o.case,
        &officer(SATPOL),
        &release(Some(SATPOL)),
        t0() + Duration::minutes(9),
        Rules::default(),
    );
    assert!(matches!(refused, Err(Refusal::NotAllowed(_))));
    let unknown = apply(
        &o.case,
        &officer(KEL),
        &release(Some(OTHER)),
        t0() + Duration::minutes(9),
        Rules::default(),
    );
    assert!(matches!(
        unknown,
        Err(Refusal::Invalid { field: "unit", .. })
    ));
    let no_note = apply(
        &o.case,
        &officer(KEL),
        &Action::Release {
            unit: None,
            note: " ".into(),
        },
        t0() + Duration::minutes(9),
        Rules::default(),
    );
    assert!(matches!(
        no_note,
        Err(Refusal::Invalid { field: "note", .. })
    ));

    // One unit released: the other still coordinates.
    let o = ok(&o.case, &officer(KEL), release(Some(SATPOL)), 10);
    assert_eq!(o.case.collaborators, vec![SUDIN.to_string()]);
    assert_eq!(o.case.status, ReportStatus::Koordinasi);
    assert_eq!(o.entry.kind, ActionKind::Release);
    assert!(!o.entry.public, "written for colleagues");
    assert!(o
        .entry
        .note
        .as_deref()
        .is_some_and(|n| n.starts_with("KL77") && n.contains(SATPOL)));
    // A released unit may no longer add follow-ups.
    let late = apply(
        &o.case,
        &officer(SATPOL),
        &follow_up(1),
        t0() + Duration::minutes(11),
        Rules::default(),
    );
    assert!(matches!(late, Err(Refusal::NotAllowed(_))));

    // Ending it: back to Proses at the holder, nothing left to release.
    let o = ok(&o.case, &officer(KEL), release(None), 12);
    assert!(o.case.collaborators.is_empty());
    assert_eq!(o.case.status, ReportStatus::Proses);
    assert_eq!(o.case.holder.as_deref(), Some(KEL));
    let again = apply(
        &o.case,
        &officer(KEL),
        &release(None),
        t0() + Duration::minutes(13),
        Rules::default(),
    );
    assert!(matches!(again, Err(Refusal::WrongState(_))));
}

#[test]
fn an_estimate_is_set_once_and_must_lie_in_the_future() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let c = ok(&c, &officer(KEL), take_up(), 1).case;
    let until = t0() + Duration::days(30);
    let est = Action::SetEstimate {
        until,
        reason: "Menunggu anggaran perbaikan".into(),
    };
    let o = ok(&c, &officer(KEL), est.clone(), 2);
    assert_eq!(o.case.estimate, Some(until));
    let second = apply(&o.case, &officer(KEL), &est, t0(), Rules::default());
    assert!(matches!(
        second,
        Err(Refusal::WrongState(Message::EstimateAlreadySet))
    ));
    let past = Action::SetEstimate {
        until: t0() - Duration::days(1),
        reason: "x".into(),
    };
    assert!(matches!(
        apply(&c, &officer(KEL), &past, t0(), Rules::default()),
        Err(Refusal::Invalid { field: "until", .. })
    ));
    // Years ahead would take the report out of scoring for good.
    let far = Action::SetEstimate {
        until: t0() + Duration::days(MAX_ESTIMATE_DAYS + 1),
        reason: "x".into(),
    };
    assert!(matches!(
        apply(&c, &officer(KEL), &far, t0(), Rules::default()),
        Err(Refusal::Invalid { field: "until", .. })
    ));
}

#[test]
fn reopen_rating_and_comments() {
    let mut c = Case::arrived(1, Some(KEL.into()), t0());
    c.status = ReportStatus::Selesai;
    c.completed_at = Some(t0());
    c.evidence = true;
    let rate = Action::Rate {
        stars: 2,
        comment: Some("Masih kotor".into()),
        fixed: None,
    };
    assert!(matches!(
        apply(&c, &officer(KEL), &rate, t0(), Rules::default()),
        Err(Refusal::NotAllowed(_))
    ));
    let rated = ok(&c, &Actor::Reporter, rate.clone(), 1);
    assert_eq!(rated.case.rating, Some(2));
    assert!(matches!(
        apply(&rated.case, &Actor::Reporter, &rate, t0(), Rules::default()),
        Err(Refusal::WrongState(_))
    ));
    let six = Action::Rate {
        stars: 6,
        comment: None,
        fixed: None,
    };
    assert!(matches!(
        apply(&c, &Actor::Reporter, &six, t0(), Rules::default()),
        Err(Refusal::Invalid { field: "stars", .. })
    ));
    let reopen = Action::Reopen {
        reason: "Penilaian buruk".into(),
    };
    let o = ok(&rated.case, &role(Role::Monitoring), reopen.clone(), 2);
    assert_eq!(o.case.status, ReportStatus::Proses);
    assert!(!o.case.evidence, "new evidence is needed after reopening");
    assert_eq!(o.case.completed_at, None);
    assert!(matches!(
        apply(&rated.case, &officer(KEL), &reopen, t0(), Rules::default()),
        Err(Refusal::NotAllowed(_))
    ));
    let internal = ok(
        &c,
        &officer(KEL),
        Action::Comment {
            text: "Catatan internal".into(),
            public: false,
        },
        3,
    );
    assert!(!internal.entry.public);
    assert_eq!(internal.case.status, c.status);
}

#[test]
fn assignment_is_to_an_officer_of_the_holder_and_internal() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let o = ok(
        &c,
        &head(KEL),
        Action::Assign {
            officer: 42,
            officer_name: "Budi".into(),
            officer_unit: Some(KEL.into()),
        },
        1,
    );
    assert_eq!(o.case.assignee, Some(42));
    assert!(!o.entry.public);
    let elsewhere = Action::Assign {
        officer: 43,
        officer_name: "Sari".into(),
        officer_unit: Some(OTHER.into()),
    };
    assert!(matches!(
        apply(&c, &head(KEL), &elsewhere, t0(), Rules::default()),
        Err(Refusal::Invalid {
            field: "officer",
            ..
        })
    ));
}

#[test]
fn time_never_runs_backwards_in_the_history() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let o = apply(
        &c,
        &officer(KEL),
        &take_up(),
        t0() - Duration::hours(1),
        Rules::default(),
    )
    .expect("accepted");
    assert_eq!(o.entry.at, t0());
}

// ---------------------------------------------------------------------------
// The matrix: every state × action × actor against the table of docs/domain.md.

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Triage,
    Menunggu,
    Disposisi,
    Proses,
    Koordinasi,
    Verifying,
    Selesai,
}

const STATES: [State; 7] = [
    State::Triage,
    State::Menunggu,
    State::Disposisi,
    State::Proses,
    State::Koordinasi,
    State::Verifying,
    State::Selesai,
];

fn case_in(s: State) -> Case {
    let mut c = Case::arrived(5, Some(KEL.into()), t0());
    c.evidence = true;
    match s {
        State::Triage => c.holder = None,
        State::Menunggu => {}
        State::Disposisi => {
            c.status = ReportStatus::Disposisi;
            c.handed_on_by = vec![OTHER.into()];
        }
        State::Proses => c.status = ReportStatus::Proses,
        State::Koordinasi => {
            c.status = ReportStatus::Koordinasi;
            c.collaborators = vec![SATPOL.into()];
        }
        State::Verifying => {
            c.status = ReportStatus::Proses;
            c.awaiting_verification = true;
            c.completed_at = Some(t0());
        }
        State::Selesai => {
            c.status = ReportStatus::Selesai;
            c.completed_at = Some(t0());
        }
    }
    c
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    HolderOfficer,
    HolderHead,
    Collaborator,
    Outsider,
    Monitoring,
    Verifier,
    Administrator,
    Reporter,
}

const WHO: [Who; 8] = [
    Who::HolderOfficer,
    Who::HolderHead,
    Who::Collaborator,
    Who::Outsider,
    Who::Monitoring,
    Who::Verifier,
    Who::Administrator,
    Who::Reporter,
];

fn actor(w: Who) -> Actor {
    match w {
        Who::HolderOfficer => officer(KEL),
        Who::HolderHead => head(KEL),
        Who::Collaborator => officer(SATPOL),
        Who::Outsider => officer(SUDIN),
        Who::Monitoring => role(Role::Monitoring),
        Who::Verifier => role(Role::Verifier),
        Who::Administrator => role(Role::Administrator),
        Who::Reporter => Actor::Reporter,
    }
}

fn actions() -> Vec<Action> {
    vec![
        take_up(),
        dispose(SUDIN),
        Action::Coordinate {
            units: vec!["DLH-3171".into()],
            note: None,
        },
        Action::Release {
            unit: None,
            note: "Pekerjaan Satpol PP selesai".into(),
        },
        follow_up(1),
        complete(),
        Action::Approve { note: None },
        Action::Reject {
            reason: "Kurang bukti".into(),
        },
        Action::SetEstimate {
            until: t0() + Duration::days(20),
            reason: "Anggaran".into(),
        },
        Action::Reopen {
            reason: "Belum beres".into(),
        },
        Action::Comment {
            text: "Terima kasih".into(),
            public: true,
        },
        Action::Rate {
            stars: 5,
            comment: None,
            fixed: None,
        },
        Action::Assign {
            officer: 9,
            officer_name: "Budi".into(),
            officer_unit: Some(KEL.into()),
        },
        Action::Close {
            reason: crate::api::ClosedReason::Duplicate,
            note: "Sama dengan laporan sebelumnya".into(),
            duplicate_of: Some(1),
        },
        Action::Correct {
            note: "Salah kategori".into(),
            change: "kategori sampah → jalan".into(),
        },
    ]
}

#[derive(Debug, PartialEq)]
enum Expect {
    Accept,
    Forbidden,
    Conflict,
}

/// docs/domain.md's table, written as "who" then "when" for each action.
fn expected(a: &Action, s: State, w: Who) -> Expect {
    use Expect::*;
    use State::*;
    use Who::*;
    let holder = matches!(w, HolderOfficer | HolderHead) && s != Triage;
    let (who_ok, when_ok) = match a {
        Action::TakeUp { .. } => (holder, matches!(s, Menunggu | Disposisi)),
        Action::Dispose { .. } => (holder || w == Monitoring, !matches!(s, Verifying | Selesai)),
        Action::Coordinate { .. } => (holder, !matches!(s, Verifying | Selesai)),
        Action::Release { .. } => (holder, s == Koordinasi),
        Action::FollowUp { .. } => (
            holder || (w == Collaborator && s == Koordinasi),
            matches!(s, Proses | Koordinasi),
        ),
        Action::Complete { .. } => (holder, matches!(s, Proses | Koordinasi)),
        Action::Approve { .. } | Action::Reject { .. } => (w == Verifier, s == Verifying),
        Action::SetEstimate { .. } => (holder, !matches!(s, Verifying | Selesai)),
        Action::Reopen { .. } => (matches!(w, Monitoring | Verifier), s == Selesai),
        Action::Comment { .. } => (w != Reporter, true),
        Action::Rate { .. } => (w == Reporter, s == Selesai),
        Action::Assign { .. } => (
            holder || w == Monitoring,
            !matches!(s, Verifying | Selesai | Triage),
        ),
        Action::Close { .. } => (w == Monitoring, s != Selesai),
        Action::Correct { .. } => (w == Monitoring, true),
    };
    match (who_ok, when_ok) {
        (false, _) => Forbidden,
        (true, false) => Conflict,
        (true, true) => Accept,
    }
}

#[test]
fn every_state_action_and_actor_follows_the_table() {
    let mut checked = 0;
    for s in STATES {
        for w in WHO {
            for a in actions() {
                let got = apply(&case_in(s), &actor(w), &a, t0(), Rules::default());
                let want = expected(&a, s, w);
                let got_kind = match &got {
                    Ok(_) => Expect::Accept,
                    Err(Refusal::NotAllowed(_)) => Expect::Forbidden,
                    Err(Refusal::WrongState(_)) => Expect::Conflict,
                    // Assigning in triage names no holder: the officer's unit
                    // cannot match it.
                    Err(Refusal::Invalid { .. }) => Expect::Conflict,
                };
                assert_eq!(got_kind, want, "{a:?} in {s:?} by {w:?}: {got:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 8 * 15);
}

// ---------------------------------------------------------------------------
// Properties over random sequences of actions.

fn any_actor() -> impl Strategy<Value = Who> {
    proptest::sample::select(WHO.to_vec())
}

fn any_action() -> impl Strategy<Value = Action> {
    let units = vec![KEL, SUDIN, SATPOL, OTHER, "DLH-3171"];
    prop_oneof![
        Just(take_up()),
        proptest::sample::select(units.clone()).prop_map(dispose),
        proptest::sample::select(units).prop_map(|u| Action::Coordinate {
            units: vec![u.into()],
            note: None
        }),
        proptest::option::of(proptest::sample::select(vec![SATPOL, "DLH-3171"])).prop_map(|u| {
            Action::Release {
                unit: u.map(str::to_string),
                note: "Selesai berkoordinasi".into(),
            }
        }),
        (0u32..3).prop_map(follow_up),
        Just(complete()),
        Just(Action::Approve { note: None }),
        Just(Action::Reject {
            reason: "Kurang".into()
        }),
        (1i64..60).prop_map(|d| Action::SetEstimate {
            until: t0() + Duration::days(d),
            reason: "Anggaran".into()
        }),
        Just(Action::Reopen {
            reason: "Belum".into()
        }),
        any::<bool>().prop_map(|public| Action::Comment {
            text: "Catatan".into(),
            public
        }),
        (0u8..7, proptest::option::of(any::<bool>())).prop_map(|(stars, fixed)| Action::Rate {
            stars,
            comment: None,
            fixed
        }),
    ]
}

/// The acting unit of a step: the test's fixed actors, with the holder's
/// officers following the report wherever it goes.
fn actor_for(w: Who, case: &Case) -> Actor {
    match (w, &case.holder) {
        (Who::HolderOfficer, Some(h)) => officer(h),
        (Who::HolderHead, Some(h)) => head(h),
        (Who::Collaborator, _) => case
            .collaborators
            .first()
            .map(|c| officer(c))
            .unwrap_or_else(|| officer(SATPOL)),
        _ => actor(w),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_sequence_keeps_the_invariants(
        steps in proptest::collection::vec((any_actor(), any_action(), -30i64..600), 1..60),
        holder_at_start in any::<bool>(),
        verification in any::<bool>(),
        evidence_required in any::<bool>(),
    ) {
        let rules = Rules { verification, evidence_required, ..Rules::default() };
        let mut case = Case::arrived(77, holder_at_start.then(|| KEL.to_string()), t0());
        let mut history: Vec<Entry> = Vec::new();
        let mut clock = t0();
        let mut estimates = 0;
        for (w, action, minutes) in steps {
            clock += Duration::minutes(minutes);
            let before = case.clone();
            match apply(&case, &actor_for(w, &case), &action, clock, rules) {
                Ok(o) => {
                    // History is append-only and in time order.
                    if let Some(last) = history.last() {
                        prop_assert!(o.entry.at >= last.at);
                    }
                    prop_assert!(o.entry.at >= before.last_at);
                    prop_assert_eq!(o.entry.status, o.case.status);
                    if matches!(action, Action::SetEstimate { .. }) {
                        estimates += 1;
                    }
                    history.push(o.entry);
                    case = o.case;
                }
                Err(_) => prop_assert_eq!(&case, &before, "a refusal changes nothing"),
            }
            // One holder, never among its own collaborators.
            if let Some(h) = &case.holder {
                prop_assert!(!case.collaborators.contains(h));
            }
            // A done report has its evidence (unless waived) and a completion time.
            if case.status == ReportStatus::Selesai {
                prop_assert!(case.completed_at.is_some());
                prop_assert!(!case.awaiting_verification);
                if evidence_required {
                    prop_assert!(case.evidence);
                }
                if verification {
                    prop_assert!(case.verified_at.is_some());
                }
            }
            if case.awaiting_verification {
                prop_assert!(verification);
                prop_assert!(case.completed_at.is_some());
            }
            prop_assert!(estimates <= 1, "at most one estimate");
            prop_assert!(case.rating.is_none_or(|s| (1..=5).contains(&s)));
            if let Some(r) = case.first_response_at {
                prop_assert!(r >= t0());
            }
        }
    }
}

#[test]
fn availability_says_what_each_actor_may_do_and_why_not() {
    let c = Case::arrived(1, Some(KEL.into()), t0());
    let mine = availability(&c, &officer(KEL), t0(), Rules::default());
    let allowed = |list: &[(ActionKind, Result<(), Refusal>)], k| {
        list.iter()
            .find(|(a, _)| *a == k)
            .map(|(_, r)| r.clone().map_err(|e| e.to_string()))
    };
    assert_eq!(allowed(&mine, ActionKind::TakeUp), Some(Ok(())));
    assert_eq!(allowed(&mine, ActionKind::Dispose), Some(Ok(())));
    assert!(matches!(allowed(&mine, ActionKind::Complete), Some(Err(m)) if m.contains("Proses")));
    assert!(matches!(allowed(&mine, ActionKind::Approve), Some(Err(m)) if m.contains("verifier")));
    let theirs = availability(&c, &officer(SUDIN), t0(), Rules::default());
    assert!(
        matches!(allowed(&theirs, ActionKind::TakeUp), Some(Err(m)) if m.contains("holding unit"))
    );
    assert_eq!(mine.len(), STAFF_ACTIONS.len());
}

#[test]
fn closing_needs_the_right_partner_report() {
    let c = case_in(State::Proses);
    let m = actor(Who::Monitoring);
    let close = |reason, duplicate_of| Action::Close {
        reason,
        note: "catatan".into(),
        duplicate_of,
    };
    use crate::api::ClosedReason::*;
    let own = c.number;
    for (a, field) in [
        (close(Duplicate, None), "duplicate_of"),
        (close(Duplicate, Some(own)), "duplicate_of"),
        (close(Invalid, Some(3)), "duplicate_of"),
    ] {
        match apply(&c, &m, &a, t0(), Rules::default()) {
            Err(Refusal::Invalid { field: f, .. }) => assert_eq!(f, field, "{a:?}"),
            other => panic!("{a:?}: {other:?}"),
        }
    }
    let done = apply(&c, &m, &close(OutOfScope, None), t0(), Rules::default()).expect("closes");
    assert_eq!(done.case.status, ReportStatus::Selesai);
    assert_eq!(
        done.case.completed_at, None,
        "no completion time: no work was done"
    );
    assert!(done.entry.public);
    assert!(done
        .entry
        .note
        .as_deref()
        .unwrap_or("")
        .contains("Bukan kewenangan"));
}
