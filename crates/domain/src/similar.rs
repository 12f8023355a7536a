//! Similar reports: before a report is filed, and on a report's page, the
//! reports of the same category close by, so staff and channels can avoid a
//! duplicate. Open ones within the radius (200 m by default), and those
//! done in the last 30 days, nearest first (both an administrator's
//! setting).

use crate::ReportStatus;
use chrono::{DateTime, Duration, Utc};

/// The radius when none is asked for, in metres.
pub const DEFAULT_RADIUS_M: u32 = 200;
/// The largest radius that may be asked for, in metres.
pub const MAX_RADIUS_M: u32 = 1_000;
/// At most this many are shown.
pub const MAX_SHOWN: usize = 10;

/// The great-circle distance between two points, in metres.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Whether a report in this state is worth showing: open, or done within
/// the last `done_days`.
pub fn worth_showing(
    status: ReportStatus,
    completed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    done_days: u32,
) -> bool {
    match status {
        ReportStatus::Selesai => {
            completed_at.is_some_and(|at| now - at <= Duration::days(i64::from(done_days)))
        }
        _ => true,
    }
}

/// A candidate found near the point.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<T> {
    pub distance_m: f64,
    pub item: T,
}

/// The candidates to show: within `radius_m`, nearest first (the lower
/// number first at the same distance), at most [`MAX_SHOWN`].
pub fn nearest<T>(
    mut found: Vec<Candidate<T>>,
    radius_m: f64,
    number: impl Fn(&T) -> i64,
) -> Vec<Candidate<T>> {
    found.retain(|c| c.distance_m <= radius_m);
    found.sort_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then_with(|| number(&a.item).cmp(&number(&b.item)))
    });
    found.truncate(MAX_SHOWN);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn distances_match_known_ones() {
        // Monas to Bundaran HI: about 2.2 km.
        let d = distance_m((-6.175392, 106.827153), (-6.195, 106.823));
        assert!((2_150.0..2_300.0).contains(&d), "{d}");
        assert_eq!(distance_m((-6.2, 106.8), (-6.2, 106.8)), 0.0);
        // One thousandth of a degree of latitude is about 111 m.
        let d = distance_m((-6.2, 106.8), (-6.201, 106.8));
        assert!((110.0..112.0).contains(&d), "{d}");
    }

    #[test]
    fn open_ones_and_recently_done_ones_are_shown() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
            .single()
            .expect("t");
        assert!(worth_showing(ReportStatus::Menunggu, None, now, 30));
        assert!(worth_showing(ReportStatus::Proses, None, now, 30));
        let done = |days| Some(now - Duration::days(days));
        assert!(worth_showing(ReportStatus::Selesai, done(30), now, 30));
        assert!(!worth_showing(ReportStatus::Selesai, done(31), now, 30));
        assert!(!worth_showing(ReportStatus::Selesai, None, now, 30));
    }

    #[test]
    fn the_nearest_ten_within_the_radius_are_kept() {
        let found: Vec<Candidate<i64>> = (0..20)
            .map(|n| Candidate {
                distance_m: f64::from(200 - n * 10),
                item: i64::from(n),
            })
            .collect();
        let kept = nearest(found, 150.0, |n| *n);
        assert_eq!(kept.len(), MAX_SHOWN);
        assert_eq!(kept[0].item, 19);
        assert!(kept.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
        assert!(kept.iter().all(|c| c.distance_m <= 150.0));
    }
}
