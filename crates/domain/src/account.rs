//! Staff accounts (docs DOMAIN.md, "Staff accounts and administration"):
//! what a username and a password must be, which unit a role belongs to,
//! and who may manage whose account.

use crate::message::Message;
use crate::unit::MONITORING_ROOM_CODE;
use crate::{Role, UnitTree};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted (argon2 hashes any length, but a bound
/// keeps hashing cheap).
pub const MAX_PASSWORD_CHARS: usize = 200;
/// The unit every verifier belongs to.
pub const VERIFIER_UNIT_CODE: &str = "BIROPEM";

/// Common passwords of [`MIN_PASSWORD_CHARS`] or more, lowercased, one per
/// line (see `data/common-passwords.LICENSE`).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Whether `password` is on the list of common passwords (any case).
pub fn is_common(password: &str) -> bool {
    let p = password.trim().to_lowercase();
    COMMON_PASSWORDS.lines().any(|l| l == p)
}

/// Why `password` may not be used by `username`, or `Ok`.
pub fn check_password(username: &str, password: &str) -> Result<(), Message> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(Message::PasswordTooShort {
            min: MIN_PASSWORD_CHARS as u64,
        });
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(Message::TooLong {
            max: MAX_PASSWORD_CHARS as u64,
        });
    }
    let lower = password.to_lowercase();
    let user = username.trim().to_lowercase();
    if !user.is_empty() && lower.trim() == user {
        return Err(Message::PasswordIsUsername);
    }
    if password
        .chars()
        .all(|c| c == password.chars().next().unwrap_or(c))
    {
        return Err(Message::PasswordOneCharacter);
    }
    if is_common(password) {
        return Err(Message::PasswordCommon);
    }
    Ok(())
}

/// Why `username` cannot be used, or `Ok`: 3–64 characters, lower-case
/// letters, digits, dots, dashes and underscores, starting with a letter.
pub fn check_username(username: &str) -> Result<(), Message> {
    let n = username.chars().count();
    let shaped = username.starts_with(|c: char| c.is_ascii_lowercase())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if (3..=64).contains(&n) && shaped {
        Ok(())
    } else {
        Err(Message::UsernameShape)
    }
}

/// Why an account of `role` cannot belong to `unit`, or `Ok`: staff only
/// (no reporter accounts), the Monitoring Room's officers in its unit,
/// verifiers in Biro Pemerintahan.
pub fn check_placement(role: Role, unit: &str) -> Result<(), (&'static str, Message)> {
    let belongs = |home: &str| {
        Err((
            "unit_code",
            Message::RoleBelongsTo {
                role,
                unit: home.into(),
            },
        ))
    };
    match role {
        Role::Reporter => Err(("role", Message::StaffRoleOnly)),
        Role::Monitoring if unit != MONITORING_ROOM_CODE => belongs(MONITORING_ROOM_CODE),
        Role::Verifier if unit != VERIFIER_UNIT_CODE => belongs(VERIFIER_UNIT_CODE),
        _ => Ok(()),
    }
}

/// Who manages accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager<'a> {
    /// Every account.
    Administrator,
    /// The officer accounts of this unit and the units below it.
    Head(&'a str),
}

impl<'a> Manager<'a> {
    /// The manager an account of `role` at `unit` is, if any.
    pub fn of(role: Role, unit: Option<&'a str>) -> Option<Manager<'a>> {
        match (role, unit) {
            (Role::Administrator, _) => Some(Manager::Administrator),
            (Role::UnitHead, Some(u)) => Some(Manager::Head(u)),
            _ => None,
        }
    }

    /// Whether this manager may manage (see, change, create) an account of
    /// `role` at `unit`.
    pub fn manages(self, tree: &UnitTree, role: Role, unit: Option<&str>) -> bool {
        match self {
            Manager::Administrator => true,
            Manager::Head(own) => {
                role == Role::Officer && unit.is_some_and(|u| u == own || tree.is_within(u, own))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_rules() {
        assert!(
            check_password("petugas.gambir", "Pendek1!").is_err(),
            "short"
        );
        assert!(check_password("petugas.gambir", "petugas.gambir").is_err());
        assert!(
            check_password("rina.wulandari", "Rina.Wulandari").is_err(),
            "the username in another case"
        );
        assert!(
            check_password("x", "aaaaaaaaaaaa").is_err(),
            "one character"
        );
        assert!(check_password("x", "1234567890").is_err(), "common");
        assert!(
            check_password("x", "PASSWORD123").is_err(),
            "common in any case"
        );
        assert!(check_password("petugas.gambir", "kuda-laut-berenang-7").is_ok());
        assert!(is_common("qwertyuiop"));
        assert!(!is_common("kuda-laut-berenang-7"));
    }

    #[test]
    fn usernames_are_plain() {
        assert!(check_username("petugas.gambir").is_ok());
        assert!(check_username("Petugas").is_err());
        assert!(check_username("ab").is_err());
        assert!(check_username("1abc").is_err());
        assert!(check_username("a b c").is_err());
    }

    #[test]
    fn roles_sit_in_their_units() {
        assert!(check_placement(Role::Monitoring, MONITORING_ROOM_CODE).is_ok());
        assert!(check_placement(Role::Monitoring, "31.71").is_err());
        assert!(check_placement(Role::Verifier, VERIFIER_UNIT_CODE).is_ok());
        assert!(check_placement(Role::Verifier, "31.71").is_err());
        assert!(check_placement(Role::Reporter, "31.71").is_err());
        assert!(check_placement(Role::Officer, "31.71.01.1001").is_ok());
    }
}
