//! The figures of the city's recap of a kota (docs/domain.md, "What the
//! Monitoring Room and the city see"): units ranked with their grades, the
//! best and worst kelurahan, and a year's totals and means (the counts of
//! a kota's reports, completed ones split by geotag, are
//! [`crate::stats::Counts`]). Pure arithmetic over rows the API has read.

use crate::api::{RecapRank, UnitScoreRow, YearRow};

/// How many kelurahan the recap names at each end of the ranking.
pub const ENDS: usize = 5;

/// Units in the order given (best first), numbered from 1.
pub fn ranks<'a>(rows: impl Iterator<Item = &'a UnitScoreRow>) -> Vec<RecapRank> {
    rows.enumerate()
        .map(|(i, r)| RecapRank {
            rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
            unit_code: r.unit_code.clone(),
            unit_name: r.unit_name.clone(),
            grade: r.grade.as_str().into(),
            final_score: r.final_score,
            total: r.total as u64,
        })
        .collect()
}

/// The best `n` and the worst `n` (worst first), never naming a unit twice
/// when there are fewer than `2n`.
pub fn best_and_worst(ranked: &[RecapRank], n: usize) -> (Vec<RecapRank>, Vec<RecapRank>) {
    let best: Vec<RecapRank> = ranked.iter().take(n).cloned().collect();
    let worst = ranked
        .iter()
        .rev()
        .filter(|r| !best.iter().any(|t| t.unit_code == r.unit_code))
        .take(n)
        .cloned()
        .collect();
    (best, worst)
}

/// A year's totals over its months so far.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTotals {
    pub received: u64,
    pub completed: u64,
    /// Received per month (over the months so far).
    pub mean_per_month: f64,
    /// Received per day (over the `days` so far).
    pub mean_per_day: f64,
    /// The mean of the months' final scores (months with a score only).
    pub mean_score: Option<f64>,
}

/// Totals and means of a year's `months`, `days` of it so far.
pub fn year_totals(months: &[YearRow], days: i64) -> YearTotals {
    let received: u64 = months.iter().map(|r| r.received).sum();
    let scores: Vec<f64> = months.iter().filter_map(|r| r.final_score).collect();
    YearTotals {
        received,
        completed: months.iter().map(|r| r.completed).sum(),
        mean_per_month: received as f64 / months.len().max(1) as f64,
        mean_per_day: received as f64 / days.max(1) as f64,
        mean_score: (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(code: &str, i: u32) -> RecapRank {
        RecapRank {
            rank: i,
            unit_code: code.into(),
            unit_name: code.into(),
            grade: "A".into(),
            final_score: 100.0 - f64::from(i),
            total: 1,
        }
    }

    #[test]
    fn best_and_worst_never_name_a_unit_twice() {
        let ranked: Vec<RecapRank> = (1..=7).map(|i| rank(&format!("k{i}"), i)).collect();
        let (best, worst) = best_and_worst(&ranked, 5);
        assert_eq!(
            best.iter().map(|r| r.rank).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(worst.iter().map(|r| r.rank).collect::<Vec<_>>(), [7, 6]);
    }

    #[test]
    fn year_means_count_months_and_days_so_far() {
        let month = |received, completed, score| YearRow {
            period: String::new(),
            received,
            completed,
            final_score: score,
            grade: None,
            frozen: false,
        };
        let t = year_totals(&[month(30, 20, Some(80.0)), month(10, 5, None)], 40);
        assert_eq!(t.received, 40);
        assert_eq!(t.completed, 25);
        assert_eq!(t.mean_per_month, 20.0);
        assert_eq!(t.mean_per_day, 1.0);
        assert_eq!(t.mean_score, Some(80.0));
        assert_eq!(year_totals(&[], 0).mean_score, None);
    }
}
