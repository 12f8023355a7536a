//! How times and statuses are shown: WIB, Indonesian month names.

use chrono::{DateTime, Datelike, Timelike, Utc};
use crm_domain::time::to_wib;
use crm_domain::ReportStatus;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// "13 Apr 2020 13:25 WIB".
pub fn wib(t: DateTime<Utc>) -> String {
    let l = to_wib(t);
    format!(
        "{} {} {} {:02}:{:02} WIB",
        l.day(),
        MONTHS[l.month0() as usize],
        l.year(),
        l.hour(),
        l.minute()
    )
}

/// A score as shown: two decimals (the stored value stays unrounded).
pub fn two(x: f64) -> String {
    format!("{x:.2}")
}

/// The CSS class of a status badge.
pub fn status_class(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Menunggu => "badge badge-menunggu",
        ReportStatus::Proses => "badge badge-proses",
        ReportStatus::Disposisi => "badge badge-disposisi",
        ReportStatus::Koordinasi => "badge badge-koordinasi",
        ReportStatus::Selesai => "badge badge-selesai",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_wib_with_indonesian_months() {
        let t = DateTime::parse_from_rfc3339("2020-04-13T06:25:00Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(wib(t), "13 Apr 2020 13:25 WIB");
        let t = DateTime::parse_from_rfc3339("2020-08-31T20:00:00Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(wib(t), "1 Sep 2020 03:00 WIB");
    }
}
