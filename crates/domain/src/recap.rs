//! The figures of the city's recap of a kota (docs/domain.md, "What the
//! Monitoring Room and the city see"): units ranked with their grades, the
//! best and worst kelurahan, completed reports split by geotag, and a
//! year's totals and means. Pure arithmetic over rows the API has read.

use crate::api::{Ranked, RecapRank, Share, UnitScoreRow, YearRow};
use crate::stats::{self, Lookup, StatRow};
use crate::ReportStatus;
use std::collections::HashMap;

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

/// Reports completed (Selesai), and how many of them carry coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completed {
    pub completed: u64,
    pub geotagged: u64,
    pub not_geotagged: u64,
}

/// A kota's reports as the recap counts them: how many, how many
/// completed and with coordinates, and how many per category, per holding
/// unit and per channel. Gathered a report at a time, from statistics rows
/// or as the month's scores read the rows ([`Counts::add`]), so the recap
/// needs no read of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: u64,
    completed: u64,
    geotagged: u64,
    by_category: HashMap<String, u64>,
    by_holder: HashMap<String, u64>,
    by_channel: HashMap<String, u64>,
}

/// One report as [`Counts`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    pub category: &'a str,
    /// The unit holding it (`None`: triage).
    pub holder: Option<&'a str>,
    pub channel: &'a str,
    pub status: ReportStatus,
    pub geotagged: bool,
}

impl Counts {
    /// The counts of statistics rows.
    pub fn of_rows<'a>(rows: impl IntoIterator<Item = &'a StatRow>) -> Counts {
        let mut c = Counts::default();
        for r in rows {
            c.add(Counted {
                category: &r.category,
                holder: r.holder.as_deref(),
                channel: &r.channel,
                status: r.status,
                geotagged: r.geotagged,
            });
        }
        c
    }

    /// Counts one more report.
    pub fn add(&mut self, r: Counted<'_>) {
        fn bump(m: &mut HashMap<String, u64>, key: &str) {
            match m.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    m.insert(key.to_string(), 1);
                }
            }
        }
        self.received += 1;
        if r.status == ReportStatus::Selesai {
            self.completed += 1;
            self.geotagged += u64::from(r.geotagged);
        }
        bump(&mut self.by_category, r.category);
        if let Some(h) = r.holder {
            bump(&mut self.by_holder, h);
        }
        bump(&mut self.by_channel, r.channel);
    }

    /// Adds the counts of other reports (a part read on its own).
    pub fn merge(&mut self, other: Counts) {
        fn join(into: &mut HashMap<String, u64>, from: HashMap<String, u64>) {
            for (k, n) in from {
                *into.entry(k).or_insert(0) += n;
            }
        }
        self.received += other.received;
        self.completed += other.completed;
        self.geotagged += other.geotagged;
        join(&mut self.by_category, other.by_category);
        join(&mut self.by_holder, other.by_holder);
        join(&mut self.by_channel, other.by_channel);
    }

    /// The completed reports, split by geotag.
    pub fn completed(&self) -> Completed {
        Completed {
            completed: self.completed,
            geotagged: self.geotagged,
            not_geotagged: self.completed - self.geotagged,
        }
    }

    /// The `n` categories with most reports.
    pub fn top_categories(&self, n: usize, names: &dyn Lookup) -> Vec<Ranked> {
        stats::top(self.by_category.clone(), n, |c| names.category_name(c))
    }

    /// The `n` holding units with most reports (triage left out).
    pub fn top_units(&self, n: usize, names: &dyn Lookup) -> Vec<Ranked> {
        stats::top(self.by_holder.clone(), n, |c| names.unit_name(c))
    }

    /// Each channel's share of the reports.
    pub fn by_channel(&self, names: &dyn Lookup) -> Vec<Share> {
        stats::shares(self.by_channel.clone(), self.received, |c| {
            names.channel_name(c)
        })
    }
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
    fn counts_in_parts_merge_to_the_counts_of_the_whole() {
        let row =
            |n: i64, category: &str, holder: Option<&str>, channel: &str, status, geo| StatRow {
                number: n,
                received_at: chrono::DateTime::UNIX_EPOCH,
                status,
                category: category.into(),
                channel: channel.into(),
                holder: holder.map(str::to_string),
                geotagged: geo,
                first_response_at: None,
                completed_at: None,
                handovers: 0,
                flagged: false,
            };
        let rows = [
            row(1, "jalan", Some("k1"), "jaki", ReportStatus::Selesai, true),
            row(2, "jalan", Some("k2"), "qlue", ReportStatus::Selesai, false),
            row(3, "banjir", None, "jaki", ReportStatus::Proses, true),
            row(4, "sampah", Some("k1"), "jaki", ReportStatus::Selesai, true),
        ];
        let whole = Counts::of_rows(&rows);
        let mut parts = Counts::of_rows(&rows[..1]);
        parts.merge(Counts::of_rows(&rows[1..]));
        assert_eq!(parts, whole);
        assert_eq!(whole.received, 4);
        assert_eq!(
            whole.completed(),
            Completed {
                completed: 3,
                geotagged: 2,
                not_geotagged: 1
            }
        );
        struct Codes;
        impl Lookup for Codes {
            fn unit_name(&self, code: &str) -> String {
                code.to_uppercase()
            }
            fn agency_of(&self, _: &str) -> Option<String> {
                None
            }
            fn category_name(&self, code: &str) -> String {
                code.to_string()
            }
            fn channel_name(&self, code: &str) -> String {
                code.to_string()
            }
        }
        let units = whole.top_units(5, &Codes);
        assert_eq!(
            units
                .iter()
                .map(|r| (r.code.as_str(), r.count))
                .collect::<Vec<_>>(),
            [("k1", 2), ("k2", 1)],
            "triage is no unit"
        );
        assert_eq!(units[0].name, "K1");
        let cats = whole.top_categories(1, &Codes);
        assert_eq!((cats[0].code.as_str(), cats[0].count), ("jalan", 2));
        let channels = whole.by_channel(&Codes);
        assert_eq!(
            (channels[0].key.as_str(), channels[0].percent),
            ("jaki", 75.0)
        );
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
