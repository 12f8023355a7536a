//! Time targets (docs/domain.md, "Time targets and warnings"): response within 6
//! hours of arrival at a unit, a warning after 24 hours without any action,
//! completion within the category's first band and never more than 7 days
//! (each number an administrator's setting: `crate::settings`).
//! Computed from a report's history; the clock runs all day, every day.
//! A report under a completion estimate is exempt until the estimate's date.

use crate::lifecycle::ActionKind;
use crate::settings::Settings;
use crate::tkd::{Fact, ReportHistory};
use crate::{Bands, ReportStatus};
use chrono::{DateTime, Duration, Utc};

/// Which target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Response,
    NoAction,
    Completion,
}

/// Where a report stands against one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Well within the target.
    Ok,
    /// Most of the time has gone.
    Near,
    /// Past the target.
    Past,
}

/// One target of an open report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub target: Target,
    /// When the time started.
    pub since: DateTime<Utc>,
    /// When it runs out.
    pub due: DateTime<Utc>,
    pub standing: Standing,
}

/// When a clock of `span` started at `since` counts as near its end.
fn near_at(since: DateTime<Utc>, span: Duration, near_share: f64) -> DateTime<Utc> {
    since + Duration::milliseconds((span.num_milliseconds() as f64 * near_share) as i64)
}

fn clock(
    target: Target,
    since: DateTime<Utc>,
    span: Duration,
    near_share: f64,
    now: DateTime<Utc>,
) -> Clock {
    let due = since + span;
    let standing = if now >= due {
        Standing::Past
    } else if now >= near_at(since, span, near_share) {
        Standing::Near
    } else {
        Standing::Ok
    };
    Clock {
        target,
        since,
        due,
        standing,
    }
}

/// The completion target of a category: its first band, at most the
/// longest completion (7 days by default).
pub fn completion_span(bands: Bands, s: &Settings) -> Duration {
    let band = Duration::milliseconds((bands.t1 * 3_600_000.0) as i64);
    band.min(s.max_completion())
}

/// The clocks running on a report at `now` (none once it is done or its
/// completion awaits a verifier, and none while an estimate's date is
/// ahead).
pub fn clocks(r: &ReportHistory, bands: Bands, s: &Settings, now: DateTime<Utc>) -> Vec<Clock> {
    let facts: Vec<&Fact> = r.facts.iter().filter(|f| f.at <= now).collect();
    if exempt_until(r, &facts).is_some_and(|e| now < e) {
        return Vec::new();
    }
    spans(r, &facts, bands, s)
        .into_iter()
        .map(|(target, since, span)| clock(target, since, span, s.near_share, now))
        .collect()
}

/// When an open report next needs attention, kept on its row so that the
/// boards and the warning job can ask the database for what is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// From this moment on at least one of its clocks is near or past.
    pub attention_at: DateTime<Utc>,
    /// The first moment one of its targets runs out.
    pub first_due: DateTime<Utc>,
}

/// The schedule of a report as its history stands (every entry counted),
/// or `None` when no clock will run until someone acts on it (done, or
/// its completion awaiting a verifier). For every `now` from its last
/// entry on, [`clocks`] shows a near or past clock exactly when `now` has
/// reached `attention_at`, and a past one exactly when it has also reached
/// `first_due`.
pub fn schedule(r: &ReportHistory, bands: Bands, s: &Settings) -> Option<Schedule> {
    let facts: Vec<&Fact> = r.facts.iter().collect();
    let spans = spans(r, &facts, bands, s);
    let attention = spans
        .iter()
        .map(|&(_, since, span)| near_at(since, span, s.near_share))
        .min()?;
    let first_due = spans.iter().map(|&(_, since, span)| since + span).min()?;
    let exempt = exempt_until(r, &facts);
    Some(Schedule {
        attention_at: exempt.map_or(attention, |e| attention.max(e)),
        first_due,
    })
}

/// The first moment after `now` at which one of the report's clocks changes
/// its standing (turns near, or runs out), or `None` when none will until
/// someone acts on it: every clock is past already, or none runs. The
/// warning job looks at a report again only then.
pub fn next_check(
    r: &ReportHistory,
    bands: Bands,
    s: &Settings,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let facts: Vec<&Fact> = r.facts.iter().filter(|f| f.at <= now).collect();
    let exempt = exempt_until(r, &facts).filter(|e| now < *e);
    spans(r, &facts, bands, s)
        .into_iter()
        .flat_map(|(_, since, span)| [near_at(since, span, s.near_share), since + span])
        .map(|t| exempt.map_or(t, |e| t.max(e)))
        .filter(|t| *t > now)
        .min()
}

/// The estimate's date, when one was set: no clock shows before it.
fn exempt_until(r: &ReportHistory, facts: &[&Fact]) -> Option<DateTime<Utc>> {
    r.estimate
        .filter(|_| facts.iter().any(|f| f.kind == ActionKind::SetEstimate))
}

/// The targets running on a report whose history is `facts`: each with the
/// moment its time started and how long it has.
fn spans(
    r: &ReportHistory,
    facts: &[&Fact],
    bands: Bands,
    s: &Settings,
) -> Vec<(Target, DateTime<Utc>, Duration)> {
    let Some(last) = facts.last() else {
        return Vec::new();
    };
    let status = last.status;
    let awaiting = facts
        .iter()
        .rev()
        .find(|f| {
            matches!(
                f.kind,
                ActionKind::Complete | ActionKind::Reject | ActionKind::Reopen
            )
        })
        .is_some_and(|f| f.kind == ActionKind::Complete);
    if status == ReportStatus::Selesai || awaiting {
        return Vec::new();
    }
    // Arrival at the current holder: the arrival or the last hand-over.
    let arrived = facts
        .iter()
        .rev()
        .find(|f| matches!(f.kind, ActionKind::Arrive | ActionKind::Dispose))
        .map_or(r.received_at, |f| f.at);
    let mut out = Vec::new();
    if matches!(status, ReportStatus::Menunggu | ReportStatus::Disposisi) {
        out.push((Target::Response, arrived, s.response()));
    }
    // The last action of staff on the report (comments and assignments are
    // not work on it).
    let last_action = facts
        .iter()
        .rev()
        .find(|f| {
            !matches!(
                f.kind,
                ActionKind::Comment | ActionKind::Assign | ActionKind::Rate
            )
        })
        .map_or(r.received_at, |f| f.at);
    out.push((Target::NoAction, last_action, s.no_action()));
    out.push((Target::Completion, r.received_at, completion_span(bands, s)));
    out
}

/// The API's name of a target.
pub fn target_kind(t: Target) -> crate::api::TargetKind {
    match t {
        Target::Response => crate::api::TargetKind::Response,
        Target::NoAction => crate::api::TargetKind::NoAction,
        Target::Completion => crate::api::TargetKind::Completion,
    }
}

/// Who is told of a warning: the officers and head of the holding unit and
/// of the unit directly above it. A report in triage (no holder) names no
/// unit here.
pub fn warned_units(holder: Option<&str>, tree: &crate::UnitTree) -> Vec<String> {
    let Some(h) = holder else {
        return Vec::new();
    };
    let mut units = vec![h.to_string()];
    if let Some(parent) = tree.get(h).and_then(|u| u.parent_code.clone()) {
        units.push(parent);
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tkd::Fact;

    fn t(h: i64, m: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).expect("t")
            + Duration::hours(h)
            + Duration::minutes(m)
    }

    fn fact(at: DateTime<Utc>, kind: ActionKind, status: ReportStatus) -> Fact {
        Fact {
            at,
            kind,
            status,
            unit: Some("31.71.01.1001".into()),
            to_unit: None,
            category_before: None,
        }
    }

    fn arrived() -> ReportHistory {
        ReportHistory {
            number: 1,
            received_at: t(0, 0),
            category: "sampah".into(),
            estimate: None,
            facts: vec![fact(t(0, 0), ActionKind::Arrive, ReportStatus::Menunggu)],
        }
    }

    const SAMPAH: Bands = Bands::new(29.0, 45.0, 67.0);

    fn of(cs: &[Clock], target: Target) -> Option<Clock> {
        cs.iter().find(|c| c.target == target).cloned()
    }

    #[test]
    fn the_response_target_at_its_exact_edges() {
        let r = arrived();
        let at = |h, m| {
            of(
                &clocks(&r, SAMPAH, &Settings::default(), t(h, m)),
                Target::Response,
            )
            .map(|c| c.standing)
        };
        assert_eq!(at(4, 29), Some(Standing::Ok));
        assert_eq!(at(4, 30), Some(Standing::Near), "75% of 6 hours");
        assert_eq!(at(5, 59), Some(Standing::Near));
        assert_eq!(at(6, 0), Some(Standing::Past));
        let c = of(
            &clocks(&r, SAMPAH, &Settings::default(), t(1, 0)),
            Target::Response,
        )
        .expect("clock");
        assert_eq!(c.due, t(6, 0));
    }

    #[test]
    fn taking_up_stops_the_response_clock_and_a_hand_over_restarts_it() {
        let mut r = arrived();
        r.facts
            .push(fact(t(2, 0), ActionKind::TakeUp, ReportStatus::Proses));
        assert_eq!(
            of(
                &clocks(&r, SAMPAH, &Settings::default(), t(8, 0)),
                Target::Response
            ),
            None
        );
        r.facts
            .push(fact(t(3, 0), ActionKind::Dispose, ReportStatus::Disposisi));
        let c = of(
            &clocks(&r, SAMPAH, &Settings::default(), t(8, 59)),
            Target::Response,
        )
        .expect("clock");
        assert_eq!(
            (c.since, c.due, c.standing),
            (t(3, 0), t(9, 0), Standing::Near)
        );
    }

    #[test]
    fn no_action_for_24_hours_and_comments_do_not_count() {
        let mut r = arrived();
        r.facts
            .push(fact(t(2, 0), ActionKind::TakeUp, ReportStatus::Proses));
        r.facts
            .push(fact(t(20, 0), ActionKind::Comment, ReportStatus::Proses));
        let c = of(
            &clocks(&r, SAMPAH, &Settings::default(), t(26, 0)),
            Target::NoAction,
        )
        .expect("clock");
        assert_eq!((c.since, c.standing), (t(2, 0), Standing::Past));
        let c = of(
            &clocks(&r, SAMPAH, &Settings::default(), t(25, 59)),
            Target::NoAction,
        )
        .expect("clock");
        assert_eq!(c.standing, Standing::Near);
    }

    #[test]
    fn completion_is_the_first_band_capped_at_seven_days() {
        let r = arrived();
        let c = of(
            &clocks(&r, SAMPAH, &Settings::default(), t(29, 0)),
            Target::Completion,
        )
        .expect("clock");
        assert_eq!((c.due, c.standing), (t(29, 0), Standing::Past));
        assert_eq!(
            completion_span(Bands::new(200.0, 300.0, 400.0), &Settings::default()),
            Duration::days(7)
        );
        assert_eq!(
            completion_span(Bands::new(0.5, 1.0, 2.0), &Settings::default()),
            Duration::minutes(30)
        );
    }

    #[test]
    fn the_schedule_tells_when_the_clocks_turn_near_and_past() {
        let settings = Settings::default();
        let week = Bands::new(200.0, 300.0, 400.0);
        let mut taken = arrived();
        taken
            .facts
            .push(fact(t(1, 0), ActionKind::TakeUp, ReportStatus::Proses));
        let mut late_work = taken.clone();
        // Work late in a week-long target: the completion clock turns near
        // first (at 126 h) but the quiet-day clock runs out first (144 h).
        late_work
            .facts
            .push(fact(t(120, 0), ActionKind::FollowUp, ReportStatus::Proses));
        let mut handed = taken.clone();
        handed
            .facts
            .push(fact(t(3, 0), ActionKind::Dispose, ReportStatus::Disposisi));
        let mut estimated = taken.clone();
        estimated
            .facts
            .push(fact(t(2, 0), ActionKind::SetEstimate, ReportStatus::Proses));
        estimated.estimate = Some(t(240, 0));
        let cases = [
            (arrived(), SAMPAH),
            (taken, SAMPAH),
            (late_work.clone(), week),
            (handed, SAMPAH),
            (estimated, SAMPAH),
        ];
        for (r, bands) in &cases {
            let s = schedule(r, *bands, &settings).expect("an open report has a schedule");
            let last = r.facts.last().expect("facts").at;
            for step in 0..(400 * 6) {
                let now = last + Duration::minutes(10 * step);
                let cs = clocks(r, *bands, &settings, now);
                let shown = cs.iter().any(|c| c.standing != Standing::Ok);
                let past = cs.iter().any(|c| c.standing == Standing::Past);
                assert_eq!(shown, now >= s.attention_at, "{now} {s:?}");
                assert_eq!(past, now >= s.attention_at && now >= s.first_due, "{now}");
            }
        }
        let s = schedule(&late_work, week, &settings).expect("schedule");
        assert_eq!((s.attention_at, s.first_due), (t(126, 0), t(144, 0)));
        // Between two checks no clock changes its standing, and at each
        // check one does; after the last, none ever will.
        for (r, bands) in &cases {
            let standings = |now| -> Vec<Standing> {
                clocks(r, *bands, &settings, now)
                    .iter()
                    .map(|c| c.standing)
                    .collect()
            };
            let mut now = r.facts.last().expect("facts").at;
            let mut checks = 0;
            while let Some(next) = next_check(r, *bands, &settings, now) {
                assert!(next > now);
                assert_eq!(
                    standings(now),
                    standings(next - Duration::seconds(1)),
                    "{next}"
                );
                assert_ne!(standings(now), standings(next), "nothing changed at {next}");
                now = next;
                checks += 1;
            }
            assert!(checks >= 1, "{r:?}");
            assert_eq!(standings(now), standings(now + Duration::days(400)));
            assert!(standings(now).iter().all(|s| *s == Standing::Past));
        }
        let mut done = arrived();
        done.facts
            .push(fact(t(1, 0), ActionKind::Complete, ReportStatus::Proses));
        assert_eq!(
            schedule(&done, SAMPAH, &settings),
            None,
            "awaiting a verifier"
        );
    }

    #[test]
    fn done_awaiting_verification_or_under_estimate_runs_no_clock() {
        let mut r = arrived();
        r.facts
            .push(fact(t(1, 0), ActionKind::TakeUp, ReportStatus::Proses));
        r.facts
            .push(fact(t(5, 0), ActionKind::Complete, ReportStatus::Proses));
        assert!(
            clocks(&r, SAMPAH, &Settings::default(), t(100, 0)).is_empty(),
            "awaiting verification"
        );
        r.facts
            .push(fact(t(6, 0), ActionKind::Reject, ReportStatus::Proses));
        assert!(
            !clocks(&r, SAMPAH, &Settings::default(), t(100, 0)).is_empty(),
            "rejected: running again"
        );

        let mut e = arrived();
        e.facts
            .push(fact(t(1, 0), ActionKind::TakeUp, ReportStatus::Proses));
        e.facts
            .push(fact(t(2, 0), ActionKind::SetEstimate, ReportStatus::Proses));
        e.estimate = Some(t(240, 0));
        assert!(
            clocks(&e, SAMPAH, &Settings::default(), t(239, 59)).is_empty(),
            "exempt until the estimate"
        );
        let after = clocks(&e, SAMPAH, &Settings::default(), t(240, 0));
        assert_eq!(
            of(&after, Target::Completion).map(|c| c.standing),
            Some(Standing::Past)
        );
    }

    #[test]
    fn a_warning_reaches_the_holder_and_the_unit_above() {
        let tree = crate::UnitTree::new(
            [
                ("31.71", None),
                ("31.71.01", Some("31.71")),
                ("31.71.01.1001", Some("31.71.01")),
            ]
            .into_iter()
            .map(|(code, parent)| crate::unit::UnitNode {
                code: code.into(),
                parent_code: parent.map(str::to_string),
                level: crate::UnitLevel::Kelurahan,
                name: code.into(),
            }),
        );
        assert_eq!(
            warned_units(Some("31.71.01.1001"), &tree),
            ["31.71.01.1001", "31.71.01"]
        );
        assert_eq!(warned_units(Some("31.71"), &tree), ["31.71"]);
        assert!(warned_units(None, &tree).is_empty());
    }
}
