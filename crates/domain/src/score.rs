//! The monthly score (TKD) of docs/domain.md, "Monthly score (TKD)": four
//! variables per unit, obtained, maximum, final, grade; Effort against peers
//! of the same kind; aggregation up the tree weighted by report counts; and
//! rankings. Pure functions over a period's counted reports; full precision
//! throughout (rounding is for display only).

use crate::settings::Scoring;
use crate::Bands;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One report counted for a unit in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// Hours from received to the unit's completion, when complete for the
    /// period.
    pub completion_hours: Option<f64>,
    /// The category's time bands.
    pub bands: Bands,
    /// The category's weight.
    pub weight: f64,
}

/// A unit's reports in a period, with the kind of unit it is compared with
/// (kelurahan with kelurahan, sudin with sudin, …).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitReports {
    pub unit: String,
    pub peer_group: String,
    pub reports: Vec<Counted>,
}

/// A grade ("indeks prestasi").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

impl Grade {
    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
        }
    }

    /// Reads a letter.
    pub fn parse(s: &str) -> Option<Grade> {
        [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// A unit's score for a period, every figure unrounded.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore {
    pub unit: String,
    pub total: usize,
    pub complete: usize,
    /// Penyelesaian: complete ÷ total × 100.
    pub completion: f64,
    /// Waktu TL: mean band score of the complete reports (0 with none).
    pub follow_up_time: f64,
    /// Bobot kategori: sum of the complete reports' category weights.
    pub category_weight: f64,
    /// Effort TL: the complete count against the peers'.
    pub effort: f64,
    pub obtained: f64,
    pub maximum: f64,
    pub final_score: f64,
    pub grade: Grade,
}

/// The median of a list (mean of the two middle values for an even count).
pub fn median(values: &[usize]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0
    }
}

/// Peers' smallest (`a`), median (`m`) and largest (`b`) complete counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peers {
    pub a: f64,
    pub m: f64,
    pub b: f64,
}

impl Peers {
    /// From the complete counts of the peer units.
    pub fn of(counts: &[usize]) -> Peers {
        Peers {
            a: counts.iter().min().copied().unwrap_or(0) as f64,
            m: median(counts),
            b: counts.iter().max().copied().unwrap_or(0) as f64,
        }
    }

    /// Effort TL of a unit with `x` complete reports:
    /// x < m: 40 + (x − a) ÷ (m − a) × 20; x = m: 60;
    /// x > m: 60 + (x − m) ÷ (b − m) × 40.
    pub fn effort(&self, x: usize) -> f64 {
        let x = x as f64;
        if x < self.m {
            // x < m implies m > a (a is the smallest count).
            40.0 + (x - self.a) / (self.m - self.a) * 20.0
        } else if x > self.m {
            60.0 + (x - self.m) / (self.b - self.m) * 40.0
        } else {
            60.0
        }
    }
}

/// The four variables of one unit, and the rest from them.
pub fn score_unit(u: &UnitReports, peers: &Peers, scoring: &Scoring) -> UnitScore {
    let w = scoring.weights;
    let total = u.reports.len();
    let done: Vec<(&Counted, f64)> = u
        .reports
        .iter()
        .filter_map(|r| r.completion_hours.map(|h| (r, h)))
        .collect();
    let complete = done.len();
    let completion = if total == 0 {
        0.0
    } else {
        complete as f64 / total as f64 * 100.0
    };
    let follow_up_time = if complete == 0 {
        0.0
    } else {
        done.iter().map(|(r, h)| r.bands.score(*h)).sum::<f64>() / complete as f64
    };
    // (An empty float sum is -0.0; the score shows 0.)
    let category_weight: f64 = done.iter().map(|(r, _)| r.weight).sum::<f64>() + 0.0;
    let effort = peers.effort(complete);
    let obtained = w.completion * completion
        + w.follow_up_time * follow_up_time
        + w.category * category_weight
        + w.effort * effort;
    let maximum = w.completion * 100.0
        + w.follow_up_time * 100.0
        + w.category * category_weight
        + w.effort * 100.0;
    let final_score = obtained / maximum * 100.0;
    UnitScore {
        unit: u.unit.clone(),
        total,
        complete,
        completion,
        follow_up_time,
        category_weight,
        effort,
        obtained,
        maximum,
        final_score,
        grade: scoring.grades.grade(final_score),
    }
}

/// Scores every unit that has at least one report (units without reports
/// have no score and are left out), with Effort against the units of the
/// same peer group that have reports. Sorted by final score, best first.
pub fn score_all(units: &[UnitReports], scoring: &Scoring) -> Vec<UnitScore> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for u in units.iter().filter(|u| !u.reports.is_empty()) {
        let complete = u
            .reports
            .iter()
            .filter(|r| r.completion_hours.is_some())
            .count();
        groups
            .entry(u.peer_group.as_str())
            .or_default()
            .push(complete);
    }
    let peers: BTreeMap<&str, Peers> = groups
        .iter()
        .map(|(g, counts)| (*g, Peers::of(counts)))
        .collect();
    let mut out: Vec<UnitScore> = units
        .iter()
        .filter(|u| !u.reports.is_empty())
        .filter_map(|u| {
            peers
                .get(u.peer_group.as_str())
                .map(|p| score_unit(u, p, scoring))
        })
        .collect();
    rank(&mut out);
    out
}

/// Sorts by final score, best first (ties by unit code, for a stable order).
pub fn rank(scores: &mut [UnitScore]) {
    scores.sort_by(|a, b| {
        b.final_score
            .total_cmp(&a.final_score)
            .then_with(|| a.unit.cmp(&b.unit))
    });
}

/// A child's part in its parent's score: its final score and its report
/// count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub final_score: f64,
    pub reports: usize,
}

/// A unit above others: the mean of its children's final scores weighted by
/// their report counts (its own reports, if it holds any, are one more
/// child). `None` when no child has a report.
pub fn aggregate(children: &[Part]) -> Option<(f64, usize)> {
    let reports: usize = children.iter().map(|c| c.reports).sum();
    if reports == 0 {
        return None;
    }
    let weighted: f64 = children
        .iter()
        .map(|c| c.final_score * c.reports as f64)
        .sum();
    Some((weighted / reports as f64, reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: Scoring = Scoring {
        weights: crate::settings::ScoreWeights {
            completion: 0.2,
            follow_up_time: 0.4,
            category: 0.2,
            effort: 0.2,
        },
        grades: crate::settings::GradeEdges {
            a: 85.0,
            b: 75.0,
            c: 60.0,
            d: 50.0,
        },
    };

    const SAMPAH: Bands = Bands::new(29.0, 45.0, 67.0);

    fn done(hours: f64) -> Counted {
        Counted {
            completion_hours: Some(hours),
            bands: SAMPAH,
            weight: 1.5,
        }
    }

    fn open() -> Counted {
        Counted {
            completion_hours: None,
            bands: SAMPAH,
            weight: 1.5,
        }
    }

    fn unit(code: &str, reports: Vec<Counted>) -> UnitReports {
        UnitReports {
            unit: code.into(),
            peer_group: "kelurahan".into(),
            reports,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn a_hand_worked_unit() {
        // 4 reports, 3 complete (10 h → 100, 30 h → 80, 70 h → 40), Sampah
        // weight 1.5 each; peers a = 1, m = 2, b = 5.
        let u = unit("K1", vec![done(10.0), done(30.0), done(70.0), open()]);
        let peers = Peers {
            a: 1.0,
            m: 2.0,
            b: 5.0,
        };
        let s = score_unit(&u, &peers, &E);
        assert_eq!((s.total, s.complete), (4, 3));
        close(s.completion, 75.0);
        close(s.follow_up_time, (100.0 + 80.0 + 40.0) / 3.0);
        close(s.category_weight, 4.5);
        close(s.effort, 60.0 + (3.0 - 2.0) / (5.0 - 2.0) * 40.0);
        let obtained = 0.2 * 75.0 + 0.4 * (220.0 / 3.0) + 0.2 * 4.5 + 0.2 * (60.0 + 40.0 / 3.0);
        close(s.obtained, obtained);
        close(s.maximum, 20.0 + 40.0 + 0.9 + 20.0);
        close(s.final_score, obtained / 80.9 * 100.0);
        // 15 + 29.3333 + 0.9 + 14.6667 = 59.9 of 80.9 → 74.04…: C.
        assert_eq!(s.grade, Grade::C);
    }

    #[test]
    fn band_edges_are_exact_and_hours_fractional() {
        for (h, want) in [
            (28.999, 100.0),
            (29.0, 80.0),
            (44.9999, 80.0),
            (45.0, 60.0),
            (66.5, 60.0),
            (67.0, 40.0),
            (500.0, 40.0),
        ] {
            close(SAMPAH.score(h), want);
        }
    }

    #[test]
    fn effort_below_at_and_above_the_median() {
        let p = Peers::of(&[1, 2, 4, 10]);
        assert_eq!(
            (p.a, p.m, p.b),
            (1.0, 3.0, 10.0),
            "even count: mean of the two middle"
        );
        close(p.effort(1), 40.0);
        close(p.effort(2), 40.0 + 1.0 / 2.0 * 20.0);
        close(p.effort(4), 60.0 + 1.0 / 7.0 * 40.0);
        close(p.effort(10), 100.0);
        let odd = Peers::of(&[5, 0, 3]);
        assert_eq!((odd.a, odd.m, odd.b), (0.0, 3.0, 5.0));
        close(odd.effort(3), 60.0);
        // Every peer alike: x = m = a = b gives 60, never a division by zero.
        let same = Peers::of(&[2, 2, 2]);
        close(same.effort(2), 60.0);
        // m = a: nobody lies below the median.
        let low = Peers::of(&[0, 0, 0, 7]);
        close(low.m, 0.0);
        close(low.effort(0), 60.0);
        close(low.effort(7), 100.0);
    }

    #[test]
    fn no_complete_report_gives_zero_time_and_weight() {
        let u = unit("K2", vec![open(), open()]);
        let s = score_unit(&u, &Peers::of(&[0, 3]), &E);
        close(s.completion, 0.0);
        close(s.follow_up_time, 0.0);
        assert_eq!(s.category_weight.to_bits(), 0.0f64.to_bits(), "not -0");
        close(s.effort, 40.0);
        close(s.maximum, 80.0);
        close(s.final_score, 0.2 * 40.0 / 80.0 * 100.0);
        assert_eq!(s.grade, Grade::E);
    }

    #[test]
    fn units_without_reports_have_no_score_and_are_no_peers() {
        let scores = score_all(
            &[
                unit("A", vec![done(1.0), done(2.0)]),
                unit("B", vec![open()]),
                unit("C", vec![]),
            ],
            &E,
        );
        assert_eq!(scores.len(), 2);
        assert!(scores.iter().all(|s| s.unit != "C"));
        // Peers are A (2) and B (0): m = 1.
        close(scores[0].effort, 100.0);
        close(scores[1].effort, 40.0);
        assert_eq!(scores[0].unit, "A");
    }

    #[test]
    fn peer_groups_are_scored_apart() {
        let mut s = unit("S1", vec![done(1.0)]);
        s.peer_group = "sudin".into();
        let scores = score_all(&[unit("K1", vec![done(1.0), done(1.0)]), s], &E);
        // Each is alone in its group: x = m = 60.
        for sc in &scores {
            close(sc.effort, 60.0);
        }
    }

    #[test]
    fn a_perfect_unit_scores_100() {
        let u = unit("K", vec![done(1.0), done(2.0)]);
        let s = score_unit(&u, &Peers::of(&[2]), &E);
        // Effort 60 at the median: the best a lone unit can do.
        close(s.final_score, (20.0 + 40.0 + 0.6 + 12.0) / 80.6 * 100.0);
        let u = unit("K", vec![done(1.0); 4]);
        let s = score_unit(&u, &Peers::of(&[0, 4]), &E);
        close(s.final_score, 100.0);
    }

    #[test]
    fn parents_take_the_report_weighted_mean_of_their_children() {
        let got = aggregate(&[
            Part {
                final_score: 90.0,
                reports: 30,
            },
            Part {
                final_score: 60.0,
                reports: 10,
            },
            Part {
                final_score: 0.0,
                reports: 0,
            },
        ]);
        let (score, n) = got.expect("score");
        close(score, (90.0 * 30.0 + 60.0 * 10.0) / 40.0);
        assert_eq!(n, 40);
        assert_eq!(aggregate(&[]), None);
    }
}
