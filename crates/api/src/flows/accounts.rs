//! Managing staff accounts: create, change, reset a password, import many.
//! Each change checks the domain's rules (`crm_domain::account`), writes the
//! account and its audit row in one transaction, and ends the account's
//! sessions where the change calls for it. The functions take a connection,
//! so the HTTP routes and the operator's command line run the same code.

use crate::auth::password;
use crate::db::accounts::{self as store, Changes};
use crate::db::audit;
use crate::db::time::from_db;
use crate::db::users::UserRow;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::refdata::RefData;
use crm_domain::account::{check_placement, check_username, Manager};
use crm_domain::api::{Account, AccountPatch, FieldError};
use crm_domain::message::Message;
use crm_domain::Role;
use serde_json::json;

/// Who manages: their username (for the audit log) and what they manage.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub username: &'a str,
    pub manager: Manager<'a>,
}

/// The account as the API shows it.
pub fn account_of(refs: &RefData, row: &UserRow) -> Account {
    Account {
        id: row.id,
        username: row.username.clone(),
        full_name: row.full_name.clone(),
        role: row.role.parse().unwrap_or(Role::Officer),
        unit_code: row.unit_code.clone(),
        unit_name: refs.unit_name(row.unit_code.as_deref()),
        active: row.active,
        must_change_password: row.must_change_password,
        created_at: from_db(row.created_at),
        email: row.email.clone(),
        phone: row.phone.clone(),
    }
}

/// What the audit log keeps of an account (never its password).
fn snapshot(row: &UserRow) -> serde_json::Value {
    json!({
        "username": row.username,
        "full_name": row.full_name,
        "role": row.role,
        "unit_code": row.unit_code,
        "active": row.active,
        "email": row.email,
        "phone": row.phone,
    })
}

/// Why `by` may not manage an account of `role` at `unit`, or `Ok`.
fn require_manages(
    refs: &RefData,
    by: By<'_>,
    role: Role,
    unit: Option<&str>,
) -> Result<(), ApiError> {
    if by.manager.manages(&refs.tree(), role, unit) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "a unit head manages only the officer accounts of its own unit and the units below it"
                .into(),
        ))
    }
}

/// The problems of a new account's fields (empty when it may be made).
pub fn problems(
    refs: &RefData,
    username: &str,
    full_name: &str,
    role: Role,
    unit: &str,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(m) = check_username(username) {
        errors.push(FieldError::said("username", &m));
    }
    if full_name.trim().is_empty() || full_name.chars().count() > 200 {
        errors.push(FieldError::said(
            "full_name",
            &if full_name.trim().is_empty() {
                Message::Required
            } else {
                Message::TooLong { max: 200 }
            },
        ));
    }
    match refs.unit(unit) {
        None => errors.push(FieldError::said(
            "unit_code",
            &Message::UnknownUnit { unit: unit.into() },
        )),
        Some(u) if !u.active => errors.push(FieldError::said(
            "unit_code",
            &Message::UnitInactive { unit: unit.into() },
        )),
        Some(_) => {
            if let Err((field, m)) = check_placement(role, unit) {
                errors.push(FieldError::said(field, &m));
            }
        }
    }
    errors
}

/// A password ready to store: its hash, and the generated password to show
/// once (none when the administrator chose it).
pub struct Prepared {
    pub hash: String,
    pub shown: Option<String>,
}

/// Hashes the given password after checking it, or makes a temporary one
/// (call outside a transaction: hashing takes time).
pub fn prepare_password(username: &str, given: Option<&str>) -> Result<Prepared, ApiError> {
    match given {
        Some(p) => {
            crm_domain::account::check_password(username, p)
                .map_err(|m| ApiError::field_said("password", m))?;
            Ok(Prepared {
                hash: password::hash(p).map_err(ApiError::Internal)?,
                shown: None,
            })
        }
        None => {
            let p = password::temporary();
            Ok(Prepared {
                hash: password::hash_generated(&p).map_err(ApiError::Internal)?,
                shown: Some(p),
            })
        }
    }
}

/// A new account to make.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    pub role: Role,
    pub unit_code: &'a str,
}

/// Makes an account with a temporary password (audited); 409 when the
/// username was ever used.
pub fn create(
    conn: &mut DbConn,
    refs: &RefData,
    by: By<'_>,
    new: &NewAccount<'_>,
    pw: &Prepared,
    via: &str,
) -> Result<UserRow, ApiError> {
    let errors = problems(refs, new.username, new.full_name, new.role, new.unit_code);
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    require_manages(refs, by, new.role, Some(new.unit_code))?;
    let row = store::create(
        conn,
        &store::New {
            username: new.username,
            password_hash: &pw.hash,
            full_name: new.full_name.trim(),
            role: new.role,
            unit_code: new.unit_code,
            must_change_password: true,
        },
    )?
    .ok_or_else(|| {
        ApiError::Conflict(format!(
            "the username `{}` is taken (usernames are never reused)",
            new.username
        ))
    })?;
    let mut after = snapshot(&row);
    after["via"] = json!(via);
    audit::record(
        conn,
        audit::Change {
            actor: by.username,
            action: "user.create",
            target: format!("user:{}", row.id),
            before: None,
            after: Some(after),
        },
    )?;
    Ok(row)
}

/// The account with this id, if `by` manages it (404 otherwise, so a head
/// cannot probe accounts outside its subtree).
fn managed(conn: &mut DbConn, refs: &RefData, by: By<'_>, id: i64) -> Result<UserRow, ApiError> {
    let row =
        store::get(conn, id)?.ok_or_else(|| ApiError::NotFound(format!("no account {id}")))?;
    let role: Role = row.role.parse().map_err(ApiError::Internal)?;
    if !by
        .manager
        .manages(&refs.tree(), role, row.unit_code.as_deref())
    {
        return Err(ApiError::NotFound(format!("no account {id}")));
    }
    Ok(row)
}

/// Changes an account (audited); its sessions end when its role, unit or
/// active flag changed. Gives the account and whether the sessions ended.
pub fn update(
    conn: &mut DbConn,
    refs: &RefData,
    by: By<'_>,
    by_id: i64,
    id: i64,
    patch: &AccountPatch,
) -> Result<(UserRow, bool), ApiError> {
    let before = managed(conn, refs, by, id)?;
    if id == by_id
        && (patch.active == Some(false) || patch.role.is_some_and(|r| r.as_str() != before.role))
    {
        return Err(ApiError::Conflict(
            "you cannot deactivate your own account or change your own role; ask another administrator"
                .into(),
        ));
    }
    let role: Role = match patch.role {
        Some(r) => r,
        None => before.role.parse().map_err(ApiError::Internal)?,
    };
    let unit = patch
        .unit_code
        .clone()
        .or(before.unit_code.clone())
        .unwrap_or_default();
    let mut errors = Vec::new();
    if let Some(n) = &patch.full_name {
        if n.trim().is_empty() {
            errors.push(FieldError::said("full_name", &Message::Required));
        }
    }
    let contact = |given: &Option<String>,
                   field: &str,
                   read: &dyn Fn(&str) -> Option<String>,
                   errors: &mut Vec<FieldError>| {
        let g = given.as_deref()?.trim();
        if g.is_empty() {
            return Some(None);
        }
        match read(g) {
            Some(v) => Some(Some(v)),
            None => {
                errors.push(FieldError::said(
                    field,
                    &if field == "email" {
                        Message::NotAnEmail
                    } else {
                        Message::NotAMobileNumber
                    },
                ));
                None
            }
        }
    };
    let email = contact(
        &patch.email,
        "email",
        &|s| crm_domain::notice::email_of(Some(s)).map(str::to_string),
        &mut errors,
    );
    let phone = contact(
        &patch.phone,
        "phone",
        &|s| crm_domain::notice::phone_of(Some(s)),
        &mut errors,
    );
    if refs.unit(&unit).is_none() {
        errors.push(FieldError::said(
            "unit_code",
            &Message::UnknownUnit { unit: unit.clone() },
        ));
    } else if let Err((field, m)) = check_placement(role, &unit) {
        errors.push(FieldError::said(field, &m));
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    require_manages(refs, by, role, Some(&unit))?;
    let after = store::update(
        conn,
        &before,
        &Changes {
            full_name: patch.full_name.as_ref().map(|n| n.trim().to_string()),
            role: patch.role,
            unit_code: patch.unit_code.clone(),
            active: patch.active,
            email,
            phone,
        },
    )?;
    let action = match (before.active, after.active) {
        (true, false) => "user.deactivate",
        (false, true) => "user.reactivate",
        _ => "user.update",
    };
    audit::record(
        conn,
        audit::Change {
            actor: by.username,
            action,
            target: format!("user:{id}"),
            before: Some(snapshot(&before)),
            after: Some(snapshot(&after)),
        },
    )?;
    let ended = after.token_version != before.token_version;
    Ok((after, ended))
}

/// Gives the account a new temporary password (audited, never the
/// password itself); its sessions end. Gives the new token version.
pub fn reset_password(
    conn: &mut DbConn,
    refs: &RefData,
    by: By<'_>,
    id: i64,
    pw: &Prepared,
) -> Result<i64, ApiError> {
    let row = managed(conn, refs, by, id)?;
    let version = store::set_password(conn, row.id, &pw.hash, true)?;
    audit::record(
        conn,
        audit::Change {
            actor: by.username,
            action: "user.password_reset",
            target: format!("user:{id}"),
            before: None,
            after: Some(json!({"username": row.username, "must_change_password": true})),
        },
    )?;
    Ok(version)
}
