//! Scoring periods (docs/domain.md, "Periods, cut-off and the journal"): a
//! period is a calendar month in WIB; its cut-off is 23:59:59 WIB on the 8th
//! of the next month. Which period a report counts in, and whether it counts
//! as complete there, follows from its history as it stood at that cut-off.

use crate::settings::Versions;
use crate::time::{from_wib, to_wib};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::fmt;
use std::str::FromStr;

/// A monthly period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Period {
    /// The period of `year`-`month`; `None` for a month outside 1–12.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Period { year, month })
    }

    /// The period an instant falls in (in WIB).
    pub fn of(t: DateTime<Utc>) -> Period {
        let l = to_wib(t);
        Period {
            year: l.year(),
            month: l.month(),
        }
    }

    /// The next month.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The previous month.
    pub fn prev(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first instant of the month (00:00 WIB on the 1st).
    pub fn start(self) -> DateTime<Utc> {
        crate::time::start_of_day_wib(self.first_day())
    }

    /// The first instant after the month (00:00 WIB on the 1st of the next).
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    /// The month's first and last day (WIB).
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        let first = to_wib(self.start()).date_naive();
        let last = to_wib(self.end() - chrono::Duration::seconds(1)).date_naive();
        (first, last)
    }

    /// The cut-off on `day`: 23:59:59 WIB on that day of the next month (the
    /// 8th by default, an administrator's setting: `settings::Versions`). A
    /// completion counts for the period only if it happened at or before
    /// this instant.
    pub fn cutoff_on(self, day: u32) -> DateTime<Utc> {
        let n = self.next();
        NaiveDate::from_ymd_opt(n.year, n.month, day.clamp(1, 28))
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .and_then(from_wib)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Whether `t` lies in the month.
    pub fn contains(self, t: DateTime<Utc>) -> bool {
        self.start() <= t && t < self.end()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = String;

    /// Reads `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a period (YYYY-MM)");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let month = m.parse().map_err(|_| bad())?;
        Period::new(year, month).ok_or_else(bad)
    }
}

/// What the scoring needs to know of a report at one moment: read from its
/// history as it stood then.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportAt {
    pub received_at: DateTime<Utc>,
    /// The unit holding it; `None` in triage.
    pub holder: Option<String>,
    /// Handed on and not yet taken up by the new holder (Disposisi).
    pub in_transit: bool,
    /// When the unit completed it (kept through approval).
    pub completed_at: Option<DateTime<Utc>>,
    /// When a verifier approved the completion (`None`: not approved, or
    /// verification off and `completed_at` is final).
    pub approved_at: Option<DateTime<Utc>>,
    /// The completion estimate, if one was set by then.
    pub estimate: Option<DateTime<Utc>>,
}

/// How a report stands in a period's score.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// Counted for this unit; complete with this many hours, or open.
    Counted {
        unit: String,
        completion_hours: Option<f64>,
    },
    /// Counted in another (later) period.
    Elsewhere,
}

/// Which period a report of `received` counts in, from its state at each
/// candidate cut-off (`at_cutoff(p)` gives the state as of `rules.cutoff(p)`).
///
/// A report belongs to its month of receipt, unless its estimate lies after
/// that month's cut-off (then the first period whose cut-off follows the
/// estimate) or no unit had taken it on at the cut-off (then the next
/// period, for the unit holding it then; again at that cut-off).
pub fn counting_period<F>(
    rules: &Versions,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
    mut at_cutoff: F,
) -> Period
where
    F: FnMut(Period) -> ReportAt,
{
    let mut p = Period::of(received);
    loop {
        // A period whose cut-off is still ahead is as far as it can move.
        let cutoff = rules.cutoff(p);
        if cutoff > now {
            return p;
        }
        let s = at_cutoff(p);
        if let Some(e) = s.estimate {
            if e > cutoff {
                let q = rules.first_with_cutoff_after(e);
                if q > p {
                    p = q;
                    continue;
                }
            }
        }
        if s.holder.is_none() || s.in_transit {
            p = p.next();
            continue;
        }
        return p;
    }
}

/// Whether a report received at `received` and first recorded at
/// `recorded` was recorded only after its month of receipt had ended (a
/// channel forwarding it late). Every cut-off falls after its month's end,
/// so only such a report can have been held by no unit at its month's
/// cut-off for not being recorded yet; the score of a later period looks
/// for these among the earlier reports.
pub fn recorded_after_its_month(received: DateTime<Utc>, recorded: DateTime<Utc>) -> bool {
    recorded >= Period::of(received).end()
}

/// Whether a report counts as complete at `cutoff`: completed by then and,
/// with verification, approved by then too.
pub fn complete_by(
    cutoff: DateTime<Utc>,
    completed_at: Option<DateTime<Utc>>,
    approved_at: Option<DateTime<Utc>>,
    verification: bool,
) -> bool {
    match completed_at {
        Some(c) => c <= cutoff && (!verification || approved_at.is_some_and(|a| a <= cutoff)),
        None => false,
    }
}

/// The standing of a report in a period cut off at `cutoff`, given its state
/// then (or now, before the cut-off) and whether completions wait for a
/// verifier. `None` when no unit holds it against the period (triage, in
/// transit).
pub fn standing(cutoff: DateTime<Utc>, s: &ReportAt, verification: bool) -> Option<Standing> {
    if s.in_transit {
        return None;
    }
    let unit = s.holder.clone()?;
    let done = complete_by(cutoff, s.completed_at, s.approved_at, verification);
    let completion_hours = done
        .then(|| {
            s.completed_at
                .map(|c| crate::time::hours_between(s.received_at, c))
        })
        .flatten();
    Some(Standing::Counted {
        unit,
        completion_hours,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeZone};

    fn cut(p: Period) -> DateTime<Utc> {
        Versions::default().cutoff(p)
    }

    fn wib(s: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
        from_wib(local).expect("wib")
    }

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    #[test]
    fn the_cutoff_is_the_8th_of_the_next_month_at_235959_wib() {
        assert_eq!(cut(p(2021, 6)), wib("2021-07-08 23:59:59"));
        assert_eq!(cut(p(2021, 12)), wib("2022-01-08 23:59:59"));
        assert_eq!(
            cut(p(2021, 6)),
            Utc.with_ymd_and_hms(2021, 7, 8, 16, 59, 59)
                .single()
                .expect("utc")
        );
    }

    #[test]
    fn months_are_wib_months() {
        // 31 May 2021 23:30 WIB is 16:30 UTC: May, not June.
        assert_eq!(Period::of(wib("2021-05-31 23:30:00")), p(2021, 5));
        // 1 June 00:10 WIB is still 31 May in UTC: June.
        assert_eq!(Period::of(wib("2021-06-01 00:10:00")), p(2021, 6));
        assert!(p(2021, 6).contains(wib("2021-06-30 23:59:59")));
        assert!(!p(2021, 6).contains(wib("2021-07-01 00:00:00")));
    }

    #[test]
    fn periods_read_and_print_as_yyyy_mm() {
        assert_eq!("2021-06".parse::<Period>(), Ok(p(2021, 6)));
        assert_eq!(p(2021, 6).to_string(), "2021-06");
        for bad in ["2021-13", "2021-6", "21-06", "june", "2021-00", ""] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert_eq!(p(2021, 12).next(), p(2022, 1));
        assert_eq!(p(2022, 1).prev(), p(2021, 12));
    }

    fn state(received: &str) -> ReportAt {
        ReportAt {
            received_at: wib(received),
            holder: Some("31.71.01.1001".into()),
            in_transit: false,
            completed_at: None,
            approved_at: None,
            estimate: None,
        }
    }

    #[test]
    fn a_report_is_recorded_late_only_once_its_month_of_receipt_has_ended_in_wib() {
        let received = wib("2021-11-30 22:00:00");
        assert!(!recorded_after_its_month(received, received));
        assert!(!recorded_after_its_month(
            received,
            wib("2021-11-30 23:59:59")
        ));
        assert!(recorded_after_its_month(
            received,
            wib("2021-12-01 00:00:00")
        ));
        assert!(recorded_after_its_month(
            received,
            wib("2021-12-10 09:00:00")
        ));
        // The month is WIB's: 17:00 UTC on 30 November is 1 December there.
        let utc = |s: &str| s.parse::<DateTime<Utc>>().expect("a time");
        assert!(!recorded_after_its_month(
            received,
            utc("2021-11-30T16:59:59Z")
        ));
        assert!(recorded_after_its_month(
            received,
            utc("2021-11-30T17:00:00Z")
        ));
    }

    #[test]
    fn a_completion_after_the_cutoff_does_not_count() {
        let mut s = state("2021-06-20 10:00:00");
        s.completed_at = Some(wib("2021-07-08 23:59:59"));
        s.approved_at = Some(wib("2021-07-08 23:59:59"));
        let counted = standing(cut(p(2021, 6)), &s, true);
        assert!(
            matches!(counted, Some(Standing::Counted { completion_hours: Some(h), .. }) if (h - 445.999_722).abs() < 1e-3)
        );
        s.completed_at = Some(wib("2021-07-09 00:00:00"));
        s.approved_at = Some(wib("2021-07-09 00:10:00"));
        assert!(matches!(
            standing(cut(p(2021, 6)), &s, true),
            Some(Standing::Counted {
                completion_hours: None,
                ..
            })
        ));
    }

    #[test]
    fn with_verification_approval_must_come_before_the_cutoff() {
        let mut s = state("2021-06-20 10:00:00");
        s.completed_at = Some(wib("2021-07-08 20:00:00"));
        s.approved_at = Some(wib("2021-07-09 08:00:00"));
        assert!(matches!(
            standing(cut(p(2021, 6)), &s, true),
            Some(Standing::Counted {
                completion_hours: None,
                ..
            })
        ));
        // Without verification the unit's completion is enough.
        assert!(matches!(
            standing(cut(p(2021, 6)), &s, false),
            Some(Standing::Counted {
                completion_hours: Some(_),
                ..
            })
        ));
        // The completion time is the unit's, not the approval's.
        s.approved_at = Some(wib("2021-07-08 23:00:00"));
        let Some(Standing::Counted {
            completion_hours: Some(h),
            ..
        }) = standing(cut(p(2021, 6)), &s, true)
        else {
            panic!("complete");
        };
        assert!((h - 442.0).abs() < 1e-9, "{h}");
    }

    #[test]
    fn an_estimate_moves_the_report_to_the_first_period_whose_cutoff_follows_it() {
        // docs/domain.md: estimate 10 July, report of June: counted at the 8 August
        // cut-off (July's period), even if completed earlier.
        let mut s = state("2021-06-15 09:00:00");
        s.estimate = Some(wib("2021-07-10 00:00:00"));
        s.completed_at = Some(wib("2021-06-20 09:00:00"));
        let now = wib("2021-09-01 00:00:00");
        let got = counting_period(&Versions::default(), s.received_at, now, |_| s.clone());
        assert_eq!(got, p(2021, 7));
        assert_eq!(cut(got), wib("2021-08-08 23:59:59"));
        // An estimate on or before the cut-off changes nothing.
        s.estimate = Some(wib("2021-07-08 00:00:00"));
        assert_eq!(
            counting_period(&Versions::default(), s.received_at, now, |_| s.clone()),
            p(2021, 6)
        );
        assert_eq!(
            Versions::default().first_with_cutoff_after(wib("2021-07-09 00:00:00")),
            p(2021, 7)
        );
        assert_eq!(
            Versions::default().first_with_cutoff_after(wib("2021-07-08 23:59:59")),
            p(2021, 6)
        );
    }

    #[test]
    fn a_report_no_unit_had_taken_on_counts_next_period_for_its_holder_then() {
        let received = wib("2021-06-30 22:00:00");
        let now = wib("2021-12-01 00:00:00");
        // In triage at June's cut-off, held by Gambir at July's.
        let got = counting_period(&Versions::default(), received, now, |q| {
            let mut s = state("2021-06-30 22:00:00");
            if q == p(2021, 6) {
                s.holder = None;
            }
            s
        });
        assert_eq!(got, p(2021, 7));
        // Handed on and still in transit at June's and July's cut-offs.
        let got = counting_period(&Versions::default(), received, now, |q| {
            let mut s = state("2021-06-30 22:00:00");
            s.in_transit = q <= p(2021, 7);
            s
        });
        assert_eq!(got, p(2021, 8));
        assert_eq!(
            standing(
                cut(p(2021, 6)),
                &ReportAt {
                    holder: None,
                    ..state("2021-06-30 22:00:00")
                },
                true
            ),
            None
        );
        // Before the cut-off the report stays in its month.
        let early = wib("2021-07-02 00:00:00");
        let got = counting_period(&Versions::default(), received, early, |_| ReportAt {
            holder: None,
            ..state("2021-06-30 22:00:00")
        });
        assert_eq!(got, p(2021, 6));
    }
}
