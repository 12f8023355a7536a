//! Report statuses: the five public ones of the city's system.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The public status of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Waiting at a unit (or in Monitoring-Room triage) for a first action.
    #[default]
    Menunggu,
    /// Taken up by the holding unit.
    Proses,
    /// Handed on to another unit.
    Disposisi,
    /// Being coordinated with other units.
    Koordinasi,
    /// Done.
    Selesai,
}

impl ReportStatus {
    /// Every status, in the order of the flow.
    pub const ALL: [ReportStatus; 5] = [
        ReportStatus::Menunggu,
        ReportStatus::Proses,
        ReportStatus::Disposisi,
        ReportStatus::Koordinasi,
        ReportStatus::Selesai,
    ];

    /// The identifier used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Menunggu => "menunggu",
            ReportStatus::Proses => "proses",
            ReportStatus::Disposisi => "disposisi",
            ReportStatus::Koordinasi => "koordinasi",
            ReportStatus::Selesai => "selesai",
        }
    }

    /// The label shown to people (Bahasa Indonesia, as the city writes it).
    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Menunggu => "Menunggu",
            ReportStatus::Proses => "Proses",
            ReportStatus::Disposisi => "Disposisi",
            ReportStatus::Koordinasi => "Koordinasi",
            ReportStatus::Selesai => "Selesai",
        }
    }

    /// Whether the report still needs work.
    pub fn is_open(self) -> bool {
        self != ReportStatus::Selesai
    }
}

impl fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name that is neither ours nor the old system's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown status `{}` (expected menunggu, proses, disposisi, koordinasi, selesai, wait or complete)",
            self.0
        )
    }
}

impl FromStr for ReportStatus {
    type Err = UnknownStatus;

    /// Reads our names and the old system's (`wait`, `proses`, `complete`),
    /// in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "menunggu" | "wait" => Ok(ReportStatus::Menunggu),
            "proses" => Ok(ReportStatus::Proses),
            "disposisi" => Ok(ReportStatus::Disposisi),
            "koordinasi" => Ok(ReportStatus::Koordinasi),
            "selesai" | "complete" => Ok(ReportStatus::Selesai),
            _ => Err(UnknownStatus(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_our_names_and_the_old_systems_in_any_case() {
        assert_eq!("WAIT".parse(), Ok(ReportStatus::Menunggu));
        assert_eq!("Complete".parse(), Ok(ReportStatus::Selesai));
        assert_eq!(" proses ".parse(), Ok(ReportStatus::Proses));
        assert_eq!("Koordinasi".parse(), Ok(ReportStatus::Koordinasi));
        assert!("done".parse::<ReportStatus>().is_err());
    }

    #[test]
    fn round_trips_through_its_identifier() {
        for s in ReportStatus::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
            let json = serde_json::to_string(&s).expect("serialises");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert!(!ReportStatus::Selesai.is_open());
        assert!(ReportStatus::Disposisi.is_open());
    }
}
