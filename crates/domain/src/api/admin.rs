//! Bodies of the administration endpoints: staff accounts, passwords, the
//! staff import, the audit log, and closing or correcting a report.

use crate::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A staff account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(example = "petugas.gambir"))]
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub active: bool,
    /// The password is temporary: it must be changed at the next sign-in.
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    /// Where warnings and notices reach the account outside the app (by
    /// e-mail, and by text message as `+62…`).
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "+6281234567890"))]
    pub phone: Option<String>,
}

/// A new account: shown once with its temporary password when none was
/// given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountCreated {
    #[serde(flatten)]
    pub account: Account,
    /// The generated password, shown only in this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
}

/// Read by hand: serde's reader of a flattened field buffers the whole
/// object first, and that reader would be compiled into the web app for
/// this one answer.
impl<'de> Deserialize<'de> for AccountCreated {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_json::Value;
        let mut v = Value::deserialize(d)?;
        let temporary_password = match v
            .as_object_mut()
            .and_then(|o| o.remove("temporary_password"))
        {
            None | Some(Value::Null) => None,
            Some(Value::String(p)) => Some(p),
            Some(_) => return Err(D::Error::custom("temporary_password: not a string")),
        };
        Ok(AccountCreated {
            account: Account::deserialize(v).map_err(D::Error::custom)?,
            temporary_password,
        })
    }
}

/// One page of accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    pub items: Vec<Account>,
    /// Accounts matching the filters, over every page.
    pub total: u64,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// Filters of `GET /api/v1/users`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AccountQuery {
    /// A part of the username or full name (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Accounts of this unit and every unit below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Only active (`true`) or deactivated (`false`) accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Where the page starts (`next_cursor` of the page before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Rows per page, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/v1/users` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    #[cfg_attr(feature = "openapi", schema(example = "petugas.melawai"))]
    pub username: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    pub full_name: String,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(example = "31.74.07.1003"))]
    pub unit_code: String,
    /// A password (it is still temporary: changed at the first sign-in);
    /// without it one is generated and answered once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `PATCH /api/v1/users/{id}` body: any of the fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// An e-mail address for notices outside the app (`""` removes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "validate", validate(length(max = 254)))]
    pub email: Option<String>,
    /// An Indonesian mobile number for text messages (`""` removes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "validate", validate(length(max = 30)))]
    pub phone: Option<String>,
}

/// A generated temporary password, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemporaryPassword {
    pub temporary_password: String,
}

/// `POST /api/v1/auth/password` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    pub current_password: String,
    pub new_password: String,
}

/// Query of `POST /api/v1/imports/users`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserImportQuery {
    /// Check every line and answer what would be created, creating nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// An account made by the staff import, with its temporary password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedAccount {
    pub line: usize,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub unit_code: String,
    /// Shown only in this answer (absent on a dry run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
}

/// What the staff import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserImportResult {
    pub dry_run: bool,
    pub created: usize,
    pub accounts: Vec<ImportedAccount>,
}

/// One audited administrative change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The username of who made the change (`system` for the server, `cli`
    /// for the operator's command line).
    pub actor: String,
    /// What was done, e.g. `user.create`, `report.close`.
    pub action: String,
    /// What it was done to, e.g. `user:12`, `report:1041`.
    pub target: String,
    /// The state before (no secrets), if there was one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// The state after (no secrets).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
}

/// One page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Pass as `cursor` for the next (older) page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// Filters of `GET /api/v1/audit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Changes by this username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Changes of this action, or of every action starting with it
    /// (`user.` for every account change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Changes to this target (`user:12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// From this moment (RFC 3339) on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Before this moment (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Where the page starts (`next_cursor` of the page before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Rows per page, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Why the Monitoring Room closed a report without work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    /// The same matter as an earlier report (`duplicate_of`).
    Duplicate,
    /// Spam, abuse, or nothing to act on.
    Invalid,
    /// Not a matter for the provincial government.
    OutOfScope,
}

impl ClosedReason {
    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ClosedReason::Duplicate => "duplicate",
            ClosedReason::Invalid => "invalid",
            ClosedReason::OutOfScope => "out_of_scope",
        }
    }

    /// Reads a stored identifier.
    pub fn parse(s: &str) -> Option<ClosedReason> {
        [
            ClosedReason::Duplicate,
            ClosedReason::Invalid,
            ClosedReason::OutOfScope,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// How the public and the web app name it.
    pub fn label(self) -> &'static str {
        match self {
            ClosedReason::Duplicate => "Duplikat laporan lain",
            ClosedReason::Invalid => "Tidak valid",
            ClosedReason::OutOfScope => "Bukan kewenangan Pemprov DKI",
        }
    }
}

/// `POST /api/v1/reports/{number}/close` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    pub reason: ClosedReason,
    #[cfg_attr(feature = "validate", validate(length(max = 5000)))]
    pub note: String,
    /// The report this one repeats (required for `duplicate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<i64>,
}

/// `POST /api/v1/reports/{number}/correct` body: a reason and at least one
/// of the category and the kelurahan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CorrectRequest {
    #[cfg_attr(feature = "validate", validate(length(max = 5000)))]
    pub note: String,
    /// The right category (code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The right kelurahan (code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kelurahan: Option<String>,
}

/// `POST /api/v1/units` body: a new unit (a dinas, badan, biro or BUMD under
/// the province, a sudin under its dinas, or a piece of the official tree).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    #[cfg_attr(feature = "openapi", schema(example = "BUMD-TJ"))]
    pub code: String,
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    #[cfg_attr(feature = "openapi", schema(example = "PT Transportasi Jakarta"))]
    pub name: String,
    pub level: crate::UnitLevel,
    #[cfg_attr(feature = "openapi", schema(example = "31"))]
    pub parent_code: String,
}

/// `PATCH /api/v1/units/{code}` body: a new name, or (de)activation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 200)))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// One version of the administrator's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsVersion {
    pub version: i64,
    /// From this moment the version is in force.
    pub valid_from: DateTime<Utc>,
    /// Who made it (`null` for the values the system started with).
    pub changed_by: Option<String>,
    pub reason: String,
    pub settings: crate::settings::Settings,
}

/// The settings in force and every version before them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsView {
    pub current: SettingsVersion,
    /// Every version, newest first (the current one included).
    pub history: Vec<SettingsVersion>,
}

/// A change of the settings: every value, and why. (The values are checked
/// by `Settings::problems`, each naming its field.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct SettingsChange {
    pub settings: crate::settings::Settings,
    /// Why (kept with the version and in the audit log).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Keputusan Kepala Dinas 12/2026")
    )]
    pub reason: String,
    /// The version this change was made against; a different current
    /// version answers 409 (someone changed the settings meanwhile).
    #[serde(default)]
    pub version: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_account_reads_back_as_written() {
        let account: Account = serde_json::from_value(serde_json::json!({
            "id": 7, "username": "petugas.baru", "full_name": "Petugas Baru",
            "role": "officer", "unit_code": "31.71.01.1001", "active": true,
            "must_change_password": true, "created_at": "2026-12-01T00:00:00Z"
        }))
        .expect("an account");
        for temporary_password in [Some("Rahasia-123".to_string()), None] {
            let created = AccountCreated {
                account: account.clone(),
                temporary_password,
            };
            let text = serde_json::to_string(&created).expect("written");
            assert_eq!(
                serde_json::from_str::<AccountCreated>(&text).ok(),
                Some(created)
            );
        }
        let bad = serde_json::json!({"temporary_password": 5});
        assert!(serde_json::from_value::<AccountCreated>(bad).is_err());
    }
}
