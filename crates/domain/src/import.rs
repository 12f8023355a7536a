//! Reports brought from the old system (docs/domain.md, `POST
//! /api/v1/imports/reports`): reading one row of its data pull, every
//! problem named, and the history that reproduces the row's status and
//! times so that scores over imported data come out right.

use crate::arrival::{arrival_entry, Arrival};
use crate::lifecycle::{ActionKind, Entry};
use crate::message::Message;
use crate::time::from_wib;
use crate::ReportStatus;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashMap;

/// The columns an import must have.
pub const REQUIRED: [&str; 4] = ["kelurahan", "kategori", "status", "timestamp"];
/// The columns it may have.
pub const OPTIONAL: [&str; 7] = [
    "complete",
    "nomor",
    "kanal",
    "deskripsi",
    "lat",
    "lon",
    "pelapor",
];

/// Name and code look-ups for imported rows (case-insensitive names).
pub trait ImportLookups {
    /// The kelurahan with this code or name: `Ok(code)`, or why not (unknown,
    /// or a name shared by several kelurahan).
    fn kelurahan(&self, code_or_name: &str) -> Result<String, Message>;
    /// The category with this code or name.
    fn category(&self, code_or_name: &str) -> Option<String>;
    /// The channel with this code or name.
    fn channel(&self, code_or_name: &str) -> Option<String>;
}

/// One row, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The old system's number, kept as the report's number when given.
    pub number: Option<i64>,
    pub kelurahan: String,
    pub category: String,
    pub status: ReportStatus,
    pub received_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub channel: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub reporter: Option<String>,
}

/// Reads a time: RFC 3339, or the old system's `M/D/YYYY H:MM` (seconds
/// optional) in WIB.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    ["%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .and_then(from_wib)
}

/// The column is empty.
fn empty(column: &str) -> Message {
    Message::ColumnEmpty {
        column: column.into(),
    }
}

/// The column's value names nothing known.
pub fn unknown(column: &str, value: &str) -> Message {
    Message::UnknownValue {
        column: column.into(),
        value: value.into(),
    }
}

/// Checks one row (`fields` keyed by lower-case header). Returns the report
/// or every problem of the row.
pub fn check_row(
    fields: &HashMap<String, String>,
    default_channel: &str,
    now: DateTime<Utc>,
    refs: &impl ImportLookups,
) -> Result<Imported, Vec<Message>> {
    let mut errors = Vec::new();
    let get = |k: &str| fields.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let kelurahan = match get("kelurahan") {
        None => {
            errors.push(empty("kelurahan"));
            String::new()
        }
        Some(k) => refs.kelurahan(k).unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        }),
    };
    let category = match get("kategori") {
        None => {
            errors.push(empty("kategori"));
            String::new()
        }
        Some(c) => refs.category(c).unwrap_or_else(|| {
            errors.push(unknown("kategori", c));
            String::new()
        }),
    };
    let status = match get("status").map(|s| (s, s.parse::<ReportStatus>())) {
        None => {
            errors.push(empty("status"));
            None
        }
        Some((given, Err(_))) => {
            errors.push(unknown("status", given));
            None
        }
        Some((_, Ok(s))) => Some(s),
    };
    let received_at = match get("timestamp") {
        None => {
            errors.push(empty("timestamp"));
            None
        }
        Some(t) => match parse_time(t) {
            None => {
                errors.push(Message::BadTime {
                    column: "timestamp".into(),
                    value: t.into(),
                });
                None
            }
            Some(t) if t > now => {
                errors.push(Message::InFuture {
                    column: "timestamp".into(),
                });
                None
            }
            Some(t) => Some(t),
        },
    };
    let completed_at = match get("complete") {
        None => None,
        Some(t) => match parse_time(t) {
            None => {
                errors.push(Message::BadTime {
                    column: "complete".into(),
                    value: t.into(),
                });
                None
            }
            Some(t) => Some(t),
        },
    };
    match (status, completed_at, received_at) {
        (Some(ReportStatus::Selesai), None, _) if get("complete").is_none() => {
            errors.push(Message::CompleteRequired)
        }
        (Some(s), Some(_), _) if s != ReportStatus::Selesai => {
            errors.push(Message::CompleteButNotDone { status: s })
        }
        (_, Some(c), Some(r)) if c < r => errors.push(Message::CompleteBeforeReceived),
        (_, Some(c), _) if c > now => errors.push(Message::InFuture {
            column: "complete".into(),
        }),
        _ => {}
    }
    let number = match get("nomor") {
        None => None,
        Some(n) => match n.trim_start_matches('#').parse::<i64>() {
            Ok(v) if v > 0 => Some(v),
            _ => {
                errors.push(Message::NotAPositiveNumber {
                    column: "nomor".into(),
                    value: n.into(),
                });
                None
            }
        },
    };
    let channel = match get("kanal") {
        None => default_channel.to_string(),
        Some(c) => refs.channel(c).unwrap_or_else(|| {
            errors.push(unknown("kanal", c));
            String::new()
        }),
    };
    let coord = |k: &str, max: f64, errors: &mut Vec<Message>| match get(k) {
        None => None,
        Some(v) => match v.replace(',', ".").parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= max => Some(x),
            _ => {
                errors.push(Message::NotACoordinate {
                    column: k.into(),
                    value: v.into(),
                });
                None
            }
        },
    };
    let lat = coord("lat", 90.0, &mut errors);
    let lon = coord("lon", 180.0, &mut errors);
    if lat.is_some() != lon.is_some() {
        errors.push(Message::LatLonTogether);
    }
    let description = get("deskripsi")
        .map(str::to_string)
        .unwrap_or_else(|| "(diimpor dari sistem lama)".to_string());
    if description.chars().count() > 5000 {
        errors.push(Message::ColumnTooLong {
            column: "deskripsi".into(),
            max: 5000,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    match (status, received_at) {
        (Some(status), Some(received_at)) => Ok(Imported {
            number,
            kelurahan,
            category,
            status,
            received_at,
            completed_at,
            channel,
            description,
            lat,
            lon,
            reporter: get("pelapor").map(str::to_string),
        }),
        _ => Err(vec![Message::RowUnreadable]),
    }
}

/// The imported report as it arrives: arrival at its kelurahan at
/// `timestamp`, then what its status implies (a completion at `complete`,
/// approved at the same moment: the old system's figure is its record), and
/// the state those entries imply ([`Arrival::replayed`]).
pub fn arrival(r: &Imported) -> Arrival {
    let at = r.received_at;
    let unit = Some(r.kelurahan.clone());
    // The steps carry no note: the arrival says the report came from the
    // old system, and the history's actor is the import.
    let entry = |at, kind, status, to_unit: Option<String>| Entry {
        at,
        kind,
        status,
        unit: unit.clone(),
        note: None,
        public: true,
        to_unit,
        flagged: false,
    };
    let mut later = Vec::new();
    match r.status {
        ReportStatus::Menunggu => {}
        ReportStatus::Proses => {
            later.push(entry(at, ActionKind::TakeUp, ReportStatus::Proses, None))
        }
        ReportStatus::Koordinasi => later.push(entry(
            at,
            ActionKind::Coordinate,
            ReportStatus::Koordinasi,
            None,
        )),
        // The old data does not say where it went: it stays with the
        // kelurahan, counted as handed on once.
        ReportStatus::Disposisi => later.push(entry(
            at,
            ActionKind::Dispose,
            ReportStatus::Disposisi,
            unit.clone(),
        )),
        ReportStatus::Selesai => {
            let done = r.completed_at.unwrap_or(at);
            later.push(entry(at, ActionKind::TakeUp, ReportStatus::Proses, None));
            later.push(entry(
                done,
                ActionKind::Complete,
                ReportStatus::Proses,
                None,
            ));
            later.push(entry(
                done,
                ActionKind::Approve,
                ReportStatus::Selesai,
                None,
            ));
        }
    }
    Arrival::replayed(
        at,
        arrival_entry(unit.clone(), at, "Diimpor dari sistem lama".into()),
        later,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Refs;

    impl ImportLookups for Refs {
        fn kelurahan(&self, k: &str) -> Result<String, Message> {
            match k.to_lowercase().as_str() {
                "31.71.01.1001" | "gambir" => Ok("31.71.01.1001".into()),
                "kebon jeruk" => Err(Message::AmbiguousValue {
                    column: "kelurahan".into(),
                    value: k.into(),
                    count: 2,
                }),
                _ => Err(unknown("kelurahan", k)),
            }
        }
        fn category(&self, c: &str) -> Option<String> {
            matches!(c.to_lowercase().as_str(), "sampah").then(|| "sampah".into())
        }
        fn channel(&self, c: &str) -> Option<String> {
            matches!(c.to_lowercase().as_str(), "qlue").then(|| "qlue".into())
        }
    }

    fn row(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn now() -> DateTime<Utc> {
        parse_time("2026-11-23T00:00:00Z").expect("t")
    }

    #[test]
    fn old_times_are_wib() {
        assert_eq!(
            parse_time("4/13/2020 13:25"),
            parse_time("2020-04-13T06:25:00Z")
        );
        assert_eq!(
            parse_time("12/1/2021 0:05"),
            parse_time("2021-11-30T17:05:00Z")
        );
        assert_eq!(
            parse_time("4/13/2020 13:25:30"),
            parse_time("2020-04-13T06:25:30Z")
        );
        assert_eq!(parse_time("13/4/2020 13:25"), None);
        assert_eq!(parse_time("kemarin"), None);
    }

    #[test]
    fn a_complete_row_from_the_old_system() {
        let r = check_row(
            &row(&[
                ("kelurahan", "GAMBIR"),
                ("kategori", "Sampah"),
                ("status", "complete"),
                ("timestamp", "4/13/2020 13:25"),
                ("complete", "4/13/2020 14:21"),
                ("kanal", "Qlue"),
                ("nomor", "#1044857"),
            ]),
            "jaki",
            now(),
            &Refs,
        )
        .expect("valid");
        assert_eq!(r.status, ReportStatus::Selesai);
        assert_eq!(r.number, Some(1044857));
        assert_eq!(r.channel, "qlue");
        let a = arrival(&r);
        let h = &a.entries;
        assert_eq!(
            a.case.completed_at,
            Some(parse_time("4/13/2020 14:21").expect("t"))
        );
        assert!(a.case.evidence);
        let kinds: Vec<_> = h.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                ActionKind::Arrive,
                ActionKind::TakeUp,
                ActionKind::Complete,
                ActionKind::Approve
            ]
        );
        assert_eq!(h[2].at, parse_time("4/13/2020 14:21").expect("t"));
        assert_eq!(h.last().map(|e| e.status), Some(ReportStatus::Selesai));
    }

    #[test]
    fn every_problem_of_a_row_is_named() {
        let errs = check_row(
            &row(&[
                ("kelurahan", "Kebon Jeruk"),
                ("kategori", "Banjir Bandang"),
                ("status", "done"),
                ("timestamp", "13/4/2020 13:25"),
                ("lat", "-6.2"),
            ]),
            "jaki",
            now(),
            &Refs,
        )
        .expect_err("invalid");
        assert_eq!(errs.len(), 5, "{errs:?}");
        assert!(matches!(errs[0], Message::AmbiguousValue { count: 2, .. }));
        let errs = check_row(
            &row(&[
                ("kelurahan", "gambir"),
                ("kategori", "sampah"),
                ("status", "selesai"),
                ("timestamp", "4/13/2020 13:25"),
            ]),
            "jaki",
            now(),
            &Refs,
        )
        .expect_err("complete missing");
        assert_eq!(errs, [Message::CompleteRequired]);
        let errs = check_row(
            &row(&[
                ("kelurahan", "gambir"),
                ("kategori", "sampah"),
                ("status", "complete"),
                ("timestamp", "4/13/2020 13:25"),
                ("complete", "4/12/2020 13:25"),
            ]),
            "jaki",
            now(),
            &Refs,
        )
        .expect_err("before");
        assert_eq!(errs, [Message::CompleteBeforeReceived]);
    }
}
