//! Time in the city's terms: every rule about days and months is computed in
//! Asia/Jakarta (WIB, UTC+7, no daylight saving); instants are stored in UTC.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

/// Seconds east of UTC of Western Indonesia Time.
pub const WIB_OFFSET_SECS: i32 = 7 * 3600;

/// The WIB offset.
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(WIB_OFFSET_SECS).expect("UTC+7 is a valid offset")
}

/// An instant shown in WIB.
pub fn to_wib(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&wib())
}

/// A wall-clock time read as WIB, as an instant.
pub fn from_wib(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    wib()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The instant a WIB calendar day begins.
pub fn start_of_day_wib(date: chrono::NaiveDate) -> DateTime<Utc> {
    // Midnight exists on every day: WIB has no daylight saving.
    from_wib(date.and_time(chrono::NaiveTime::MIN))
        .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Fractional hours between two instants (negative when `to` is earlier).
pub fn hours_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds() as f64 / 3_600_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn wib_is_seven_hours_ahead_all_year() {
        let local = NaiveDate::from_ymd_opt(2020, 4, 13)
            .and_then(|d| d.and_hms_opt(13, 25, 0))
            .expect("valid");
        let t = from_wib(local).expect("unambiguous");
        assert_eq!(t.to_rfc3339(), "2020-04-13T06:25:00+00:00");
        assert_eq!(to_wib(t).to_rfc3339(), "2020-04-13T13:25:00+07:00");
    }

    #[test]
    fn hours_are_fractional() {
        let a = Utc
            .with_ymd_and_hms(2020, 4, 13, 6, 0, 0)
            .single()
            .expect("valid");
        let b = Utc
            .with_ymd_and_hms(2020, 4, 14, 7, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(hours_between(a, b), 25.5);
    }
}
