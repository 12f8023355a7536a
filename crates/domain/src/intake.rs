//! Intake: the rules a new report must pass before it exists, and where it
//! goes on arrival (its kelurahan, or Monitoring-Room triage).

use crate::api::{FieldError, NewReport};
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
}

/// A report that passed intake.
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// The unit that holds it on arrival; `None` means Monitoring-Room triage.
    pub holder: Option<String>,
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
    let mut bad = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.to_string(),
            message,
        })
    };
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
    match (report.lat, report.lon) {
        (Some(_), None) => bad("lon", "give lon together with lat".into()),
        (None, Some(_)) => bad("lat", "give lat together with lon".into()),
        _ => {}
    }
    if report.description.trim().is_empty() {
        bad("description", "must not be blank".into());
    }
    let received_at = report.received_at.unwrap_or(now);
    if received_at > now + CLOCK_SKEW {
        bad("received_at", "must not be in the future".into());
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
            holder,
            received_at,
            tags,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Refs;
    impl Lookups for Refs {
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
    fn a_slightly_fast_channel_clock_is_tolerated() {
        let mut r = report();
        r.received_at = Some(now() + Duration::minutes(4));
        assert!(check(&r, &Filer::Staff, now(), &Refs).is_ok());
    }
}
