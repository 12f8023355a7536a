//! Dashboard statistics (docs/domain.md, "What the Monitoring Room and the city
//! look at"): the status overview of a window with the mean completion
//! time, the top dinas, categories and units, channel and geotag shares,
//! receipts and completions per day and month, response and completion time
//! distributions and hand-overs per report. Pure counting over rows; the
//! names come from a [`Lookup`].

use crate::api::{Bucket, Ranked, Series, Share, Stats};
use crate::time::{hours_between, to_wib};
use crate::ReportStatus;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

/// What the statistics need of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub number: i64,
    pub received_at: DateTime<Utc>,
    pub status: ReportStatus,
    pub category: String,
    pub channel: String,
    /// The unit holding it (`None`: triage).
    pub holder: Option<String>,
    pub geotagged: bool,
    pub first_response_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub handovers: u32,
    /// Handed back to a unit that had handed it on.
    pub flagged: bool,
}

impl StatRow {
    /// Hours from receipt to completion, for a complete report.
    pub fn completion_hours(&self) -> Option<f64> {
        match (self.status, self.completed_at) {
            (ReportStatus::Selesai, Some(c)) => Some(hours_between(self.received_at, c)),
            _ => None,
        }
    }
}

/// Names and the dinas a unit belongs to.
pub trait Lookup {
    fn unit_name(&self, code: &str) -> String;
    /// The dinas/badan/biro a unit belongs to (itself for a dinas), if any.
    fn agency_of(&self, code: &str) -> Option<String>;
    fn category_name(&self, code: &str) -> String;
    fn channel_name(&self, code: &str) -> String;
}

/// Response-time bars, in hours.
pub const RESPONSE_EDGES: [f64; 6] = [0.0, 1.0, 3.0, 6.0, 12.0, 24.0];
/// Completion-time bars, in hours.
pub const COMPLETION_EDGES: [f64; 5] = [0.0, 6.0, 24.0, 72.0, 168.0];
/// Hand-over bars: 0, 1, 2 and 3 or more.
pub const HANDOVER_EDGES: [f64; 4] = [0.0, 1.0, 2.0, 3.0];

fn percent(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64 * 100.0
    }
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The bars of `values` over `edges` (each bar `[edge_i, edge_i+1)`, the
/// last open-ended), labelled with `unit`.
pub fn histogram(values: &[f64], edges: &[f64], unit: &str) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = edges
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = edges.get(i + 1).copied();
            let label = match to {
                Some(t) if unit.is_empty() && t - from == 1.0 => format!("{from}"),
                Some(t) => format!("{from}–{t}{unit}"),
                None => format!("≥{from}{unit}"),
            };
            Bucket {
                label,
                from,
                to,
                count: 0,
            }
        })
        .collect();
    for &v in values {
        if let Some(b) = out
            .iter_mut()
            .rev()
            .find(|b| v >= b.from && b.to.is_none_or(|t| v < t))
        {
            b.count += 1;
        }
    }
    out
}

/// The `n` most frequent keys, most first, ties by key.
pub fn top(counts: &HashMap<String, u64>, n: usize, name: impl Fn(&str) -> String) -> Vec<Ranked> {
    let mut v = by_count(counts);
    v.truncate(n);
    v.into_iter()
        .map(|(code, count)| Ranked {
            name: name(code),
            code: code.to_string(),
            count,
        })
        .collect()
}

/// Counts with shares, most first, ties by key.
pub fn shares(
    counts: &HashMap<String, u64>,
    total: u64,
    name: impl Fn(&str) -> String,
) -> Vec<Share> {
    by_count(counts)
        .into_iter()
        .map(|(key, count)| Share {
            name: name(key),
            key: key.to_string(),
            count,
            percent: percent(count, total),
        })
        .collect()
}

/// The keys and their counts, most first, ties by key.
fn by_count(counts: &HashMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v
}

/// Reports completed (Selesai), and how many of them carry coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completed {
    pub completed: u64,
    pub geotagged: u64,
    pub not_geotagged: u64,
}

/// Reports as the statistics and the recap count them: how many, how many
/// completed and with coordinates, and how many per category, per holding
/// unit and per channel. Gathered a report at a time, from statistics rows
/// or as the month's scores read the rows ([`Counts::add`]), so a recap
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
        top(&self.by_category, n, |c| names.category_name(c))
    }

    /// The `n` holding units with most reports (triage left out).
    pub fn top_units(&self, n: usize, names: &dyn Lookup) -> Vec<Ranked> {
        top(&self.by_holder, n, |c| names.unit_name(c))
    }

    /// Each channel's share of the reports.
    pub fn by_channel(&self, names: &dyn Lookup) -> Vec<Share> {
        shares(&self.by_channel, self.received, |c| names.channel_name(c))
    }
}

/// The statistics of `rows` (the reports received in `[from, to]`, WIB
/// days, within the area `unit`); `completions` are the moments reports of
/// the area were completed in the window, whenever received (the per-day
/// and per-month completions).
pub fn compute(
    rows: &[StatRow],
    completions: &[DateTime<Utc>],
    from: NaiveDate,
    to: NaiveDate,
    unit: Option<String>,
    names: &dyn Lookup,
) -> Stats {
    let total = rows.len() as u64;
    let by_status = ReportStatus::ALL
        .iter()
        .map(|s| {
            let count = rows.iter().filter(|r| r.status == *s).count() as u64;
            Share {
                key: s.as_str().into(),
                name: s.label().into(),
                count,
                percent: percent(count, total),
            }
        })
        .collect();
    let completion: Vec<f64> = rows.iter().filter_map(StatRow::completion_hours).collect();
    let response: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.first_response_at.map(|t| hours_between(r.received_at, t)))
        .collect();
    let counts = Counts::of_rows(rows);
    // Each holding unit's dinas is looked up once, not once per report.
    let mut agencies: HashMap<String, u64> = HashMap::new();
    for (holder, n) in &counts.by_holder {
        if let Some(a) = names.agency_of(holder) {
            *agencies.entry(a).or_insert(0) += n;
        }
    }
    let geotagged = rows.iter().filter(|r| r.geotagged).count() as u64;

    let mut days: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    let mut d = from;
    while d <= to {
        days.insert(d, (0, 0));
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    for r in rows {
        if let Some(e) = days.get_mut(&to_wib(r.received_at).date_naive()) {
            e.0 += 1;
        }
    }
    for c in completions {
        if let Some(e) = days.get_mut(&to_wib(*c).date_naive()) {
            e.1 += 1;
        }
    }
    let mut months: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (day, (rec, done)) in &days {
        let e = months
            .entry(format!("{:04}-{:02}", day.year(), day.month()))
            .or_insert((0, 0));
        e.0 += rec;
        e.1 += done;
    }
    let series = |key: String, (received, completed): (u64, u64)| Series {
        key,
        received,
        completed,
    };
    let handovers: Vec<f64> = rows.iter().map(|r| f64::from(r.handovers)).collect();

    Stats {
        from,
        to,
        unit_code: unit,
        total,
        by_status,
        mean_completion_hours: mean(&completion),
        mean_response_hours: mean(&response),
        top_agencies: top(&agencies, 10, |c| names.unit_name(c)),
        top_categories: counts.top_categories(5, names),
        top_units: counts.top_units(5, names),
        by_channel: counts.by_channel(names),
        geotagged,
        not_geotagged: total - geotagged,
        per_day: days
            .into_iter()
            .map(|(d, v)| series(d.format("%Y-%m-%d").to_string(), v))
            .collect(),
        per_month: months.into_iter().map(|(k, v)| series(k, v)).collect(),
        response_time: histogram(&response, &RESPONSE_EDGES, " j"),
        completion_time: histogram(&completion, &COMPLETION_EDGES, " j"),
        handovers: histogram(&handovers, &HANDOVER_EDGES, ""),
        ping_pong: rows.iter().filter(|r| r.flagged).count() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    struct Names;
    impl Lookup for Names {
        fn unit_name(&self, code: &str) -> String {
            format!("U {code}")
        }
        fn agency_of(&self, code: &str) -> Option<String> {
            code.split_once('-').map(|(d, _)| d.to_string())
        }
        fn category_name(&self, code: &str) -> String {
            code.to_uppercase()
        }
        fn channel_name(&self, code: &str) -> String {
            code.to_uppercase()
        }
    }

    /// An instant given in WIB.
    fn wib(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        crate::time::wib()
            .with_ymd_and_hms(2026, 5, d, h, m, 0)
            .single()
            .expect("time")
            .with_timezone(&Utc)
    }

    fn row(n: i64, status: ReportStatus, holder: &str) -> StatRow {
        StatRow {
            number: n,
            received_at: wib(1, 8, 0),
            status,
            category: "sampah".into(),
            channel: "jaki".into(),
            holder: Some(holder.into()),
            geotagged: true,
            first_response_at: None,
            completed_at: None,
            handovers: 0,
            flagged: false,
        }
    }

    /// Five hand-counted reports: 2 complete (10 h and 30 h), one in
    /// progress, one waiting, one in coordination at a sudin.
    fn fixture() -> Vec<StatRow> {
        let mut a = row(1, ReportStatus::Selesai, "31.71.01.1001");
        a.first_response_at = Some(wib(1, 9, 30));
        a.completed_at = Some(wib(1, 18, 0));
        let mut b = row(2, ReportStatus::Selesai, "DBM-3171");
        b.received_at = wib(2, 23, 0);
        b.first_response_at = Some(wib(3, 6, 0));
        b.completed_at = Some(wib(4, 5, 0));
        b.handovers = 1;
        b.channel = "qlue".into();
        let mut c = row(3, ReportStatus::Proses, "31.71.01.1001");
        c.first_response_at = Some(wib(1, 20, 0));
        c.geotagged = false;
        let mut d = row(4, ReportStatus::Menunggu, "31.71.01.1002");
        d.category = "jalan".into();
        let mut e = row(5, ReportStatus::Koordinasi, "DBM-3171");
        e.first_response_at = Some(wib(1, 8, 30));
        e.handovers = 3;
        e.flagged = true;
        e.category = "jalan".into();
        vec![a, b, c, d, e]
    }

    fn stats() -> Stats {
        let d = |x| NaiveDate::from_ymd_opt(2026, 5, x).expect("date");
        let rows = fixture();
        // The fixture's completions, and one of an April report on the 3rd.
        let mut done: Vec<DateTime<Utc>> = rows.iter().filter_map(|r| r.completed_at).collect();
        done.push(wib(3, 12, 0));
        compute(&rows, &done, d(1), d(31), None, &Names)
    }

    #[test]
    fn status_shares_and_mean_completion_match_the_hand_count() {
        let s = stats();
        assert_eq!(s.total, 5);
        let by: Vec<(&str, u64, f64)> = s
            .by_status
            .iter()
            .map(|x| (x.key.as_str(), x.count, x.percent))
            .collect();
        assert_eq!(
            by,
            vec![
                ("menunggu", 1, 20.0),
                ("proses", 1, 20.0),
                ("disposisi", 0, 0.0),
                ("koordinasi", 1, 20.0),
                ("selesai", 2, 40.0),
            ]
        );
        // (10 + 30) / 2
        assert_eq!(s.mean_completion_hours, Some(20.0));
        // (1.5 + 7 + 12 + 0.5) / 4
        assert_eq!(s.mean_response_hours, Some(5.25));
        assert_eq!((s.geotagged, s.not_geotagged), (4, 1));
        assert_eq!(s.ping_pong, 1);
    }

    #[test]
    fn rankings_are_most_first_with_ties_by_code() {
        let s = stats();
        let units: Vec<(&str, u64)> = s
            .top_units
            .iter()
            .map(|r| (r.code.as_str(), r.count))
            .collect();
        assert_eq!(
            units,
            vec![("31.71.01.1001", 2), ("DBM-3171", 2), ("31.71.01.1002", 1)]
        );
        assert_eq!(s.top_agencies.len(), 1);
        assert_eq!(
            (s.top_agencies[0].code.as_str(), s.top_agencies[0].count),
            ("DBM", 2)
        );
        let cats: Vec<(&str, u64)> = s
            .top_categories
            .iter()
            .map(|r| (r.code.as_str(), r.count))
            .collect();
        assert_eq!(cats, vec![("sampah", 3), ("jalan", 2)]);
        assert_eq!(s.by_channel[0].key, "jaki");
        assert_eq!((s.by_channel[0].count, s.by_channel[0].percent), (4, 80.0));
        assert_eq!((s.by_channel[1].count, s.by_channel[1].percent), (1, 20.0));
    }

    #[test]
    fn days_count_receipts_and_completions_in_wib() {
        let s = stats();
        assert_eq!(s.per_day.len(), 31);
        let day = |k: &str| s.per_day.iter().find(|x| x.key == k).cloned().expect(k);
        // Report 2 arrived at 23:00 WIB on the 2nd (16:00 UTC): the 2nd.
        assert_eq!(
            (day("2026-05-01").received, day("2026-05-01").completed),
            (4, 1)
        );
        assert_eq!(
            (day("2026-05-02").received, day("2026-05-02").completed),
            (1, 0)
        );
        assert_eq!(
            (day("2026-05-04").received, day("2026-05-04").completed),
            (0, 1)
        );
        assert_eq!(
            (day("2026-05-03").received, day("2026-05-03").completed),
            (0, 1),
            "an older report's completion counts on its day"
        );
        assert_eq!(s.per_month.len(), 1);
        assert_eq!((s.per_month[0].received, s.per_month[0].completed), (5, 3));
    }

    #[test]
    fn distributions_put_each_value_in_one_bar() {
        let s = stats();
        let counts = |b: &[Bucket]| b.iter().map(|x| x.count).collect::<Vec<_>>();
        // 0.5, 1.5, 7, 12 hours.
        assert_eq!(counts(&s.response_time), vec![1, 1, 0, 1, 1, 0]);
        // 10 and 30 hours.
        assert_eq!(counts(&s.completion_time), vec![0, 1, 1, 0, 0]);
        assert_eq!(counts(&s.handovers), vec![3, 1, 0, 1]);
        assert_eq!(s.handovers[3].label, "≥3");
        assert_eq!(s.handovers[1].label, "1");
        assert_eq!(s.response_time[3].label, "6–12 j");
    }

    #[test]
    fn an_empty_window_has_no_means_and_zero_shares() {
        let d = |x| NaiveDate::from_ymd_opt(2026, 5, x).expect("date");
        let s = compute(&[], &[], d(1), d(2), Some("31.71".into()), &Names);
        assert_eq!(s.total, 0);
        assert_eq!(s.mean_completion_hours, None);
        assert!(s.by_status.iter().all(|x| x.percent == 0.0));
        assert_eq!(s.per_day.len(), 2);
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
}
