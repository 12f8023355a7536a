//! The roles a staff account can have, and what each may see.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's role. Integrators (channel systems) authenticate with API keys and
/// the public needs no account, so neither is a role here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administers the system (reference data, users, API keys).
    Administrator,
    /// Monitoring Room (JSC): triage, warnings, sees everything.
    Monitoring,
    /// Petugas of one unit (the default only for example messages).
    #[default]
    Officer,
    /// Lurah, camat, walikota, kepala dinas: the unit and every unit below it.
    UnitHead,
    /// Verifies and validates completions (Biro Pemerintahan).
    Verifier,
    /// A citizen with an account.
    Reporter,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::Monitoring,
        Role::Officer,
        Role::UnitHead,
        Role::Verifier,
        Role::Reporter,
    ];

    /// The identifier used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Monitoring => "monitoring",
            Role::Officer => "officer",
            Role::UnitHead => "unit_head",
            Role::Verifier => "verifier",
            Role::Reporter => "reporter",
        }
    }

    /// The label shown in the web app.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Monitoring => "Ruang Monitoring",
            Role::Officer => "Petugas",
            Role::UnitHead => "Kepala Unit",
            Role::Verifier => "Verifikator",
            Role::Reporter => "Pelapor",
        }
    }

    /// Roles that see every report in the province, including those in
    /// Monitoring-Room triage.
    pub fn sees_everything(self) -> bool {
        matches!(
            self,
            Role::Administrator | Role::Monitoring | Role::Verifier
        )
    }

    /// The roles that work at a unit: its officers and its head. They see
    /// their unit and the units below it, are told of reports arriving
    /// there, and can be given its reports.
    pub const UNIT_STAFF: [Role; 2] = [Role::Officer, Role::UnitHead];

    /// Roles whose view is limited to their unit and the units below it.
    pub fn is_unit_scoped(self) -> bool {
        Role::UNIT_STAFF.contains(&self)
    }

    /// The stored identifiers of [`Role::UNIT_STAFF`].
    pub fn unit_staff_ids() -> [&'static str; 2] {
        Role::UNIT_STAFF.map(Role::as_str)
    }

    /// Roles that may type in a report received at an office or by message.
    pub fn may_file_reports(self) -> bool {
        !matches!(self, Role::Reporter)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_of_each_role() {
        assert!(Role::Monitoring.sees_everything());
        assert!(!Role::Officer.sees_everything());
        assert!(Role::Officer.is_unit_scoped());
        assert!(Role::UnitHead.is_unit_scoped());
        assert!(!Role::Reporter.may_file_reports());
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
    }
}
