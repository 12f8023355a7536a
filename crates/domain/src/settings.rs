//! The numbers docs/domain.md names as defaults an administrator can change:
//! the time targets, the "near" share, the hand-over limit, the cut-off day,
//! verification, the grade edges, the digest hours and the start of the
//! records. Each change is a new version valid from its moment; a period is
//! scored with the version in force at its cut-off, and its cut-off day is
//! the one in force when the month ended.

use crate::period::Period;
use crate::score::Grade;
use crate::time::from_wib;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where one grade begins: A from `a`, B from `b`, C from `c`, D from `d`,
/// E below `d` (all on the final score, 0–100).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeEdges {
    #[cfg_attr(feature = "openapi", schema(example = 85.0))]
    pub a: f64,
    #[cfg_attr(feature = "openapi", schema(example = 75.0))]
    pub b: f64,
    #[cfg_attr(feature = "openapi", schema(example = 60.0))]
    pub c: f64,
    #[cfg_attr(feature = "openapi", schema(example = 50.0))]
    pub d: f64,
}

impl Default for GradeEdges {
    /// A 85–100, B 75–<85, C 60–<75, D 50–<60, E <50.
    fn default() -> Self {
        GradeEdges {
            a: 85.0,
            b: 75.0,
            c: 60.0,
            d: 50.0,
        }
    }
}

impl GradeEdges {
    /// The grade of a final score.
    pub fn grade(&self, final_score: f64) -> Grade {
        if final_score >= self.a {
            Grade::A
        } else if final_score >= self.b {
            Grade::B
        } else if final_score >= self.c {
            Grade::C
        } else if final_score >= self.d {
            Grade::D
        } else {
            Grade::E
        }
    }
}

/// The weights of the four score variables (they sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreWeights {
    /// Penyelesaian (completion).
    #[cfg_attr(feature = "openapi", schema(example = 0.2))]
    pub completion: f64,
    /// Waktu TL (follow-up time).
    #[cfg_attr(feature = "openapi", schema(example = 0.4))]
    pub follow_up_time: f64,
    /// Bobot kategori (category weight).
    #[cfg_attr(feature = "openapi", schema(example = 0.2))]
    pub category: f64,
    /// Effort TL.
    #[cfg_attr(feature = "openapi", schema(example = 0.2))]
    pub effort: f64,
}

impl Default for ScoreWeights {
    /// 20 %, 40 %, 20 %, 20 %.
    fn default() -> Self {
        ScoreWeights {
            completion: 0.2,
            follow_up_time: 0.4,
            category: 0.2,
            effort: 0.2,
        }
    }
}

/// What a score is computed with: the weights and the grade edges.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scoring {
    pub weights: ScoreWeights,
    pub grades: GradeEdges,
}

/// Every number an administrator may change (a change gives every value:
/// nothing is reset by being left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// Hours from arrival at a unit to its first action.
    #[cfg_attr(feature = "openapi", schema(example = 6.0))]
    pub response_hours: f64,
    /// Hours without any action before the unit and the one above are warned.
    #[cfg_attr(feature = "openapi", schema(example = 24.0))]
    pub no_action_hours: f64,
    /// Days a completion may take at most, whatever the category's bands.
    #[cfg_attr(feature = "openapi", schema(example = 7.0))]
    pub max_completion_days: f64,
    /// The share of a target's time after which it is "near" (0–1).
    #[cfg_attr(feature = "openapi", schema(example = 0.75))]
    pub near_share: f64,
    /// Hand-overs between units before only the Monitoring Room may hand on.
    #[cfg_attr(feature = "openapi", schema(example = 3))]
    pub max_unit_handovers: u32,
    /// The day of the next month whose 23:59:59 WIB ends a period (1–28).
    #[cfg_attr(feature = "openapi", schema(example = 8))]
    pub cutoff_day: u32,
    /// Completions wait for a verifier before they are Selesai and count.
    pub verification: bool,
    pub score_weights: ScoreWeights,
    pub grade_edges: GradeEdges,
    /// The WIB hours at which the "still Menunggu" digest goes out, each
    /// day.
    #[cfg_attr(feature = "openapi", schema(example = json!([8, 14])))]
    pub digest_hours: Vec<u32>,
    /// The first day (WIB) a report may have been received on.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2015-01-01"))]
    pub records_start: NaiveDate,
    /// Days after Selesai within which a reporter's "not fixed" puts the
    /// report in the Monitoring Room's review queue.
    #[cfg_attr(feature = "openapi", schema(example = 30))]
    pub review_within_days: u32,
    /// How far around a report similar reports are looked for, in metres
    /// (the default of the similar-reports search).
    #[cfg_attr(feature = "openapi", schema(example = 200))]
    pub similar_radius_m: u32,
    /// How many days a done report still counts as similar.
    #[cfg_attr(feature = "openapi", schema(example = 30))]
    pub similar_done_days: u32,
    /// An area of the public map with fewer reports is not shown.
    #[cfg_attr(feature = "openapi", schema(example = 3))]
    pub public_area_min_reports: u32,
}

/// The cut-off day of the city's rules.
pub const DEFAULT_CUTOFF_DAY: u32 = 8;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            response_hours: 6.0,
            no_action_hours: 24.0,
            max_completion_days: 7.0,
            near_share: 0.75,
            max_unit_handovers: 3,
            cutoff_day: DEFAULT_CUTOFF_DAY,
            verification: true,
            score_weights: ScoreWeights::default(),
            grade_edges: GradeEdges::default(),
            digest_hours: vec![8, 14],
            records_start: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default(),
            review_within_days: 30,
            similar_radius_m: crate::similar::DEFAULT_RADIUS_M,
            similar_done_days: 30,
            public_area_min_reports: 3,
        }
    }
}

/// One problem with proposed settings: the field and what is wrong.
pub type FieldProblem = (&'static str, String);

fn hours(h: f64) -> Duration {
    Duration::milliseconds((h * 3_600_000.0) as i64)
}

impl Settings {
    /// Every problem, each naming its field.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut span = |field: &'static str, v: f64, max: f64, unit: &str| {
            if !(v.is_finite() && v > 0.0 && v <= max) {
                out.push((
                    field,
                    format!("must be more than 0 and at most {max} {unit}"),
                ));
            }
        };
        span("response_hours", self.response_hours, 720.0, "hours");
        span("no_action_hours", self.no_action_hours, 720.0, "hours");
        span(
            "max_completion_days",
            self.max_completion_days,
            365.0,
            "days",
        );
        if !(self.near_share.is_finite() && self.near_share > 0.0 && self.near_share < 1.0) {
            out.push(("near_share", "must lie between 0 and 1 (exclusive)".into()));
        }
        if !(1..=20).contains(&self.max_unit_handovers) {
            out.push(("max_unit_handovers", "must be from 1 to 20".into()));
        }
        if !(1..=28).contains(&self.cutoff_day) {
            out.push((
                "cutoff_day",
                "must be from 1 to 28 (a day every month has)".into(),
            ));
        }
        let w = self.score_weights;
        let weights = [w.completion, w.follow_up_time, w.category, w.effort];
        if weights
            .iter()
            .any(|x| !(x.is_finite() && *x > 0.0 && *x <= 1.0))
            || (weights.iter().sum::<f64>() - 1.0).abs() > 1e-9
        {
            out.push((
                "score_weights",
                "each more than 0, together exactly 1 (0.2, 0.4, 0.2, 0.2 by default)".into(),
            ));
        }
        let g = self.grade_edges;
        let edges = [g.a, g.b, g.c, g.d];
        if edges
            .iter()
            .any(|e| !(e.is_finite() && *e > 0.0 && *e <= 100.0))
            || !(g.a > g.b && g.b > g.c && g.c > g.d)
        {
            out.push(("grade_edges", "must satisfy 100 ≥ a > b > c > d > 0".into()));
        }
        if self.digest_hours.len() > 6
            || self.digest_hours.iter().any(|h| *h > 23)
            || self.digest_hours.windows(2).any(|w| w[0] >= w[1])
        {
            out.push((
                "digest_hours",
                "must be at most 6 distinct hours from 0 to 23, in increasing order".into(),
            ));
        }
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        if self.records_start < earliest {
            out.push(("records_start", "must be 2000-01-01 or later".into()));
        }
        if !(1..=365).contains(&self.review_within_days) {
            out.push(("review_within_days", "must be from 1 to 365".into()));
        }
        if !(1..=crate::similar::MAX_RADIUS_M).contains(&self.similar_radius_m) {
            out.push((
                "similar_radius_m",
                format!("must be from 1 to {}", crate::similar::MAX_RADIUS_M),
            ));
        }
        if self.similar_done_days > 365 {
            out.push(("similar_done_days", "must be from 0 to 365".into()));
        }
        if !(1..=100).contains(&self.public_area_min_reports) {
            out.push(("public_area_min_reports", "must be from 1 to 100".into()));
        }
        out
    }

    /// The weights and grade edges a score is computed with.
    pub fn scoring(&self) -> Scoring {
        Scoring {
            weights: self.score_weights,
            grades: self.grade_edges,
        }
    }

    /// The response target.
    pub fn response(&self) -> Duration {
        hours(self.response_hours)
    }

    /// How long without action raises a warning.
    pub fn no_action(&self) -> Duration {
        hours(self.no_action_hours)
    }

    /// The longest any completion target runs.
    pub fn max_completion(&self) -> Duration {
        hours(self.max_completion_days * 24.0)
    }

    /// The first moment a report may have been received (00:00 WIB).
    pub fn records_start_at(&self) -> DateTime<Utc> {
        self.records_start
            .and_hms_opt(0, 0, 0)
            .and_then(from_wib)
            .unwrap_or_default()
    }
}

/// One version of the settings and the moment it took effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub version: i64,
    pub valid_from: DateTime<Utc>,
    pub settings: Settings,
}

/// Every version, oldest first; never empty (the city's defaults stand
/// from the beginning of time until the first change).
#[derive(Debug, Clone, PartialEq)]
pub struct Versions {
    list: Vec<Version>,
}

impl Default for Versions {
    fn default() -> Self {
        Versions::only(Settings::default())
    }
}

impl Versions {
    /// One version in force for all time.
    pub fn only(settings: Settings) -> Self {
        Versions {
            list: vec![Version {
                version: 1,
                valid_from: DateTime::UNIX_EPOCH,
                settings,
            }],
        }
    }

    /// The versions as stored (any order); the defaults when there are none.
    pub fn new(mut list: Vec<Version>) -> Self {
        if list.is_empty() {
            return Versions::default();
        }
        list.sort_by_key(|v| (v.valid_from, v.version));
        Versions { list }
    }

    /// Every version, oldest first.
    pub fn list(&self) -> &[Version] {
        &self.list
    }

    /// The version in force now.
    pub fn latest(&self) -> &Version {
        // `new` and `only` never leave the list empty.
        &self.list[self.list.len() - 1]
    }

    /// The settings in force now.
    pub fn current(&self) -> &Settings {
        &self.latest().settings
    }

    /// The settings in force at `t` (the oldest version before any).
    pub fn at(&self, t: DateTime<Utc>) -> &Settings {
        &self.version_at(t).settings
    }

    /// The cut-off of period `p`: 23:59:59 WIB on the cut-off day (in force
    /// when the month ended) of the next month.
    pub fn cutoff(&self, p: Period) -> DateTime<Utc> {
        p.cutoff_on(self.at(p.end()).cutoff_day)
    }

    fn version_at(&self, t: DateTime<Utc>) -> &Version {
        let i = self.list.partition_point(|v| v.valid_from <= t);
        &self.list[i.saturating_sub(1)]
    }

    /// The settings a period is scored with: those in force at its cut-off.
    pub fn for_period(&self, p: Period) -> &Settings {
        &self.version_at(self.cutoff(p)).settings
    }

    /// The number of the version a period is scored with.
    pub fn version_for_period(&self, p: Period) -> i64 {
        self.version_at(self.cutoff(p)).version
    }

    /// The first period whose cut-off comes at or after `t`.
    pub fn first_with_cutoff_after(&self, t: DateTime<Utc>) -> Period {
        let mut p = Period::of(t).prev();
        while self.cutoff(p) < t {
            p = p.next();
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn wib(s: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
        from_wib(local).expect("wib")
    }

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    #[test]
    fn the_defaults_are_the_city_rules_and_valid() {
        let s = Settings::default();
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        assert_eq!(s.response(), Duration::hours(6));
        assert_eq!(s.no_action(), Duration::hours(24));
        assert_eq!(s.max_completion(), Duration::days(7));
        assert_eq!(s.records_start_at(), wib("2015-01-01 00:00:00"));
        assert_eq!(
            Versions::default().cutoff(p(2021, 6)),
            wib("2021-07-08 23:59:59")
        );
    }

    #[test]
    fn every_bad_number_is_named() {
        let s = Settings {
            response_hours: 0.0,
            no_action_hours: f64::NAN,
            max_completion_days: 400.0,
            near_share: 1.0,
            max_unit_handovers: 0,
            cutoff_day: 31,
            verification: true,
            score_weights: ScoreWeights {
                completion: 0.5,
                ..ScoreWeights::default()
            },
            grade_edges: GradeEdges {
                a: 70.0,
                b: 75.0,
                c: 60.0,
                d: 50.0,
            },
            digest_hours: vec![14, 8],
            records_start: NaiveDate::from_ymd_opt(1990, 1, 1).expect("date"),
            review_within_days: 0,
            similar_radius_m: 5_000,
            similar_done_days: 400,
            public_area_min_reports: 0,
        };
        let fields: Vec<_> = s.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "response_hours",
                "no_action_hours",
                "max_completion_days",
                "near_share",
                "max_unit_handovers",
                "cutoff_day",
                "score_weights",
                "grade_edges",
                "digest_hours",
                "records_start",
                "review_within_days",
                "similar_radius_m",
                "similar_done_days",
                "public_area_min_reports"
            ]
        );
    }

    #[test]
    fn grades_follow_the_edges() {
        let g = GradeEdges::default();
        assert_eq!(g.grade(100.0), Grade::A);
        assert_eq!(g.grade(85.0), Grade::A);
        assert_eq!(g.grade(84.999_999), Grade::B);
        assert_eq!(g.grade(75.0), Grade::B);
        assert_eq!(g.grade(74.99), Grade::C);
        assert_eq!(g.grade(60.0), Grade::C);
        assert_eq!(g.grade(59.99), Grade::D);
        assert_eq!(g.grade(50.0), Grade::D);
        assert_eq!(g.grade(49.99), Grade::E);
        let strict = GradeEdges { a: 90.0, ..g };
        assert_eq!(strict.grade(85.0), Grade::B);
    }

    #[test]
    fn a_period_keeps_the_version_in_force_at_its_cutoff() {
        let old = Settings::default();
        let new = Settings {
            verification: false,
            cutoff_day: 5,
            ..Settings::default()
        };
        // Changed on 20 July: June was cut off on 8 July under the old
        // rules; July ends under the new ones (cut-off 5 August).
        let v = Versions::new(vec![
            Version {
                version: 2,
                valid_from: wib("2021-07-20 10:00:00"),
                settings: new.clone(),
            },
            Version {
                version: 1,
                valid_from: DateTime::UNIX_EPOCH,
                settings: old.clone(),
            },
        ]);
        assert_eq!(v.cutoff(p(2021, 6)), wib("2021-07-08 23:59:59"));
        assert_eq!(v.for_period(p(2021, 6)), &old);
        assert_eq!(v.cutoff(p(2021, 7)), wib("2021-08-05 23:59:59"));
        assert_eq!(v.for_period(p(2021, 7)), &new);
        assert_eq!(v.current(), &new);
        assert_eq!(v.at(wib("2021-07-20 09:59:59")), &old);
        assert_eq!(
            v.first_with_cutoff_after(wib("2021-08-06 00:00:00")),
            p(2021, 8)
        );
        assert_eq!(
            v.first_with_cutoff_after(wib("2021-07-09 00:00:00")),
            p(2021, 7)
        );
    }
}
