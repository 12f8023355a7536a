//! Intake: the rules a new report must pass before it exists, and where it
//! goes on arrival (its kelurahan, or Monitoring-Room triage).

use crate::api::{FieldError, LocationFlag, NewReport};
use crate::{ChannelKind, UnitLevel};
use chrono::{DateTime, Duration, Utc};

/// Who is filing the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filer {
    /// Staff typing in a report received at an office or by message.
    Staff,
    /// A channel's system, with the channel its key belongs to.
    Integrator { channel: String },
}

/// What intake needs to know of the reference data.
pub trait Lookups {
    fn channel_kind(&self, code: &str) -> Option<ChannelKind>;
    fn has_category(&self, code: &str) -> bool;
    fn unit_level(&self, code: &str) -> Option<UnitLevel>;
    /// The first moment a report may have been received (an administrator's
    /// setting).
    fn records_start(&self) -> DateTime<Utc> {
        crate::settings::Settings::default().records_start_at()
    }
    /// The kelurahan whose boundary holds a point.
    fn place(&self, _lat: f64, _lon: f64) -> Placement {
        Placement::NoBoundaries
    }
}

/// Where a point lies among the loaded kelurahan boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Kelurahan(String),
    /// Outside Jakarta: no loaded boundary holds the point, or (with none
    /// loaded) it lies outside the province's envelope.
    Outside,
    /// No boundaries are loaded.
    NoBoundaries,
}

/// A report that passed intake.
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// The unit that holds it on arrival; `None` means Monitoring-Room triage.
    pub holder: Option<String>,
    /// The kelurahan where it happened: the one given, or the one whose
    /// boundary holds its coordinates.
    pub kelurahan: Option<String>,
    /// Why coordinates did not place it.
    pub location_flag: Option<LocationFlag>,
    pub received_at: DateTime<Utc>,
    /// Tags without `#`, trimmed, without duplicates.
    pub tags: Vec<String>,
}

/// How far in the future a channel's clock may run ahead of ours.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Checks a new report against the reference data and decides where it goes.
/// Every problem is reported, each naming its field.
pub fn check(
    report: &NewReport,
    filer: &Filer,
    now: DateTime<Utc>,
    refs: &impl Lookups,
) -> Result<Intake, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: String| errors.push(FieldError::new(field, message));
    match (refs.channel_kind(&report.channel), filer) {
        (None, _) => bad("channel", format!("unknown channel `{}`", report.channel)),
        (Some(_), Filer::Integrator { channel }) if channel != &report.channel => bad(
            "channel",
            format!("this API key may only file reports for channel `{channel}`"),
        ),
        (Some(kind), Filer::Staff) if !kind.staff_may_file() => bad(
            "channel",
            format!(
                "reports from `{}` arrive through its own system with an API key",
                report.channel
            ),
        ),
        _ => {}
    }
    if !refs.has_category(&report.category) {
        bad(
            "category",
            format!("unknown category `{}`", report.category),
        );
    }
    let holder = match &report.kelurahan {
        None => None,
        Some(code) => match refs.unit_level(code) {
            Some(UnitLevel::Kelurahan) => Some(code.clone()),
            Some(level) => {
                bad(
                    "kelurahan",
                    format!("`{code}` is a {level}, not a kelurahan"),
                );
                None
            }
            None => {
                bad("kelurahan", format!("unknown kelurahan `{code}`"));
                None
            }
        },
    };
    let mut location_flag = None;
    let holder = match (report.lat, report.lon) {
        (Some(_), None) => {
            bad("lon", "give lon together with lat".into());
            holder
        }
        (None, Some(_)) => {
            bad("lat", "give lat together with lon".into());
            holder
        }
        (Some(lat), Some(lon)) if holder.is_none() && report.kelurahan.is_none() => {
            match refs.place(lat, lon) {
                Placement::Kelurahan(code) => Some(code),
                Placement::Outside => {
                    location_flag = Some(LocationFlag::OutsideArea);
                    None
                }
                Placement::NoBoundaries => {
                    location_flag = Some(LocationFlag::Unplaced);
                    None
                }
            }
        }
        _ => holder,
    };
    for (i, url) in report.photo_urls.iter().enumerate() {
        if !is_web_address(url) {
            bad(
                &format!("photo_urls[{i}]"),
                "an http:// or https:// address of at most 1000 characters".into(),
            );
        }
    }
    if report.description.trim().is_empty() {
        bad("description", "must not be blank".into());
    }
    let received_at = report.received_at.unwrap_or(now);
    if received_at > now + CLOCK_SKEW {
        bad("received_at", "must not be in the future".into());
    } else if received_at < refs.records_start() {
        bad(
            "received_at",
            format!(
                "must not lie before the start of the records ({})",
                crate::time::to_wib(refs.records_start()).date_naive()
            ),
        );
    }
    let mut tags: Vec<String> = Vec::new();
    for (i, t) in report.tags.iter().enumerate() {
        let tag = t.trim().trim_start_matches('#').trim().to_string();
        if tag.is_empty() || tag.chars().count() > 50 {
            bad(&format!("tags[{i}]"), "a tag has 1 to 50 characters".into());
        } else if !tags.iter().any(|x| x.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    if errors.is_empty() {
        Ok(Intake {
            kelurahan: holder.clone(),
            holder,
            location_flag,
            received_at,
            tags,
        })
    } else {
        Err(errors)
    }
}

/// A plain web address: `http(s)://host…`, no spaces, at most 1000 characters.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            url.len() <= 1000
                && !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Refs;
    impl Lookups for Refs {
        fn place(&self, lat: f64, _lon: f64) -> Placement {
            if lat > 0.0 {
                Placement::Outside
            } else {
                Placement::Kelurahan("31.71.01.1001".into())
            }
        }
        fn channel_kind(&self, code: &str) -> Option<ChannelKind> {
            match code {
                "jaki" => Some(ChannelKind::System),
                "kantor-kelurahan" => Some(ChannelKind::Office),
                _ => None,
            }
        }
        fn has_category(&self, code: &str) -> bool {
            code == "sampah"
        }
        fn unit_level(&self, code: &str) -> Option<UnitLevel> {
            match code {
                "31.71.01.1001" => Some(UnitLevel::Kelurahan),
                "31.71.01" => Some(UnitLevel::Kecamatan),
                _ => None,
            }
        }
    }

    fn report() -> NewReport {
        NewReport {
            channel: "kantor-kelurahan".into(),
            category: "sampah".into(),
            description: "Sampah menumpuk di depan pasar".into(),
            ..Default::default()
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).expect("valid")
    }

    #[test]
    fn a_report_with_a_kelurahan_goes_there_and_one_without_to_triage() {
        let mut r = report();
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.holder, None);
        assert_eq!(i.received_at, now());
        r.kelurahan = Some("31.71.01.1001".into());
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.holder.as_deref(), Some("31.71.01.1001"));
    }

    #[test]
    fn integrators_file_only_for_their_channel_and_staff_not_for_systems() {
        let mut r = report();
        r.channel = "jaki".into();
        assert!(check(&r, &Filer::Staff, now(), &Refs).is_err());
        let jaki = Filer::Integrator {
            channel: "jaki".into(),
        };
        assert!(check(&r, &jaki, now(), &Refs).is_ok());
        r.channel = "kantor-kelurahan".into();
        let errs = check(&r, &jaki, now(), &Refs).expect_err("other channel");
        assert_eq!(errs[0].field, "channel");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut r = report();
        r.channel = "fax".into();
        r.category = "x".into();
        r.kelurahan = Some("31.71.01".into());
        r.lat = Some(-6.2);
        r.received_at = Some(now() + Duration::hours(1));
        r.tags = vec!["#ok".into(), "#".into()];
        let errs = check(&r, &Filer::Staff, now(), &Refs).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "channel",
                "category",
                "kelurahan",
                "lon",
                "received_at",
                "tags[1]"
            ]
        );
    }

    #[test]
    fn tags_lose_their_hash_and_duplicates() {
        let mut r = report();
        r.tags = vec![
            "#Fasilitas Umum".into(),
            "fasilitas umum".into(),
            " #RT OTORITER".into(),
        ];
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.tags, vec!["Fasilitas Umum", "RT OTORITER"]);
    }

    #[test]
    fn a_report_from_before_the_records_began_is_refused() {
        let mut r = report();
        r.received_at = DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
            .ok()
            .map(|t| t.with_timezone(&Utc));
        let errs = check(&r, &Filer::Staff, now(), &Refs).expect_err("too old");
        assert_eq!(errs[0].field, "received_at");
        r.received_at = Some(Refs.records_start());
        assert!(check(&r, &Filer::Staff, now(), &Refs).is_ok());
    }

    #[test]
    fn a_slightly_fast_channel_clock_is_tolerated() {
        let mut r = report();
        r.received_at = Some(now() + Duration::minutes(4));
        assert!(check(&r, &Filer::Staff, now(), &Refs).is_ok());
    }

    #[test]
    fn coordinates_place_a_report_unless_a_kelurahan_is_given() {
        struct Bare;
        impl Lookups for Bare {
            fn channel_kind(&self, c: &str) -> Option<ChannelKind> {
                Refs.channel_kind(c)
            }
            fn has_category(&self, c: &str) -> bool {
                Refs.has_category(c)
            }
            fn unit_level(&self, c: &str) -> Option<UnitLevel> {
                Refs.unit_level(c)
            }
        }
        let mut r = report();
        r.lat = Some(-6.17);
        r.lon = Some(106.82);
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.holder.as_deref(), Some("31.71.01.1001"));
        assert_eq!(i.kelurahan.as_deref(), Some("31.71.01.1001"));
        assert_eq!(i.location_flag, None);
        let i = check(&r, &Filer::Staff, now(), &Bare).expect("valid");
        assert_eq!(i.holder, None);
        assert_eq!(i.location_flag, Some(LocationFlag::Unplaced));
        r.lat = Some(1.3);
        r.lon = Some(103.8);
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.holder, None);
        assert_eq!(i.location_flag, Some(LocationFlag::OutsideArea));
        // A kelurahan given wins over coordinates.
        r.kelurahan = Some("31.71.01.1001".into());
        let i = check(&r, &Filer::Staff, now(), &Refs).expect("valid");
        assert_eq!(i.holder.as_deref(), Some("31.71.01.1001"));
        assert_eq!(i.location_flag, None);
    }

    #[test]
    fn photo_addresses_must_be_web_addresses() {
        let mut r = report();
        r.photo_urls = vec![
            "https://cdn.jaki.example/p/1.jpg".into(),
            "ftp://x/y".into(),
            "https:// x".into(),
            "http:///etc/passwd".into(),
        ];
        let errs = check(&r, &Filer::Staff, now(), &Refs).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["photo_urls[1]", "photo_urls[2]", "photo_urls[3]"]
        );
    }
}
