//! Staff accounts as the administration manages them: list, create,
//! change, and set passwords. Every change that must end the account's
//! sessions moves its `token_version` on in the same statement.

use crate::db::schema::users;
use crate::db::time::{now, to_db};
use crate::db::users::UserRow;
use crate::db::{DbConn, DbError};
use crm_domain::Role;
use diesel::prelude::*;

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A part of the username or full name (lower case).
    pub q: Option<String>,
    /// Accounts of these units (a subtree), or of any unit.
    pub units: Option<Vec<String>>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

diesel::define_sql_function! {
    /// SQL `LOWER`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

type Engine = <DbConn as diesel::Connection>::Backend;

fn filtered(f: &Filter) -> users::BoxedQuery<'static, Engine> {
    let mut q = users::table.into_boxed();
    if let Some(units) = &f.units {
        q = q.filter(users::unit_code.eq_any(units.clone()));
    }
    if let Some(r) = f.role {
        q = q.filter(users::role.eq(r.as_str()));
    }
    if let Some(a) = f.active {
        q = q.filter(users::active.eq(a));
    }
    if let Some(text) = f.q.as_deref().filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", text.replace('%', ""));
        q = q.filter(
            lower(users::username)
                .like(pattern.clone())
                .or(lower(users::full_name).like(pattern)),
        );
    }
    q
}

/// One page of accounts by username after `after` (exclusive), and how
/// many match over every page.
pub fn page(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<UserRow>, i64), DbError> {
    let total: i64 = filtered(f).count().get_result(conn)?;
    let mut q = filtered(f);
    if let Some(a) = after {
        q = q.filter(users::username.gt(a.to_string()));
    }
    let rows = q
        .order(users::username.asc())
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The account with this id.
pub fn get(conn: &mut DbConn, id: i64) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// A new account (its password already hashed).
pub struct New<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub full_name: &'a str,
    pub role: Role,
    pub unit_code: &'a str,
    pub must_change_password: bool,
}

/// Creates an account; `None` when the username is taken (by an active or
/// a deactivated account: usernames are never reused).
pub fn create(conn: &mut DbConn, a: &New<'_>) -> Result<Option<UserRow>, DbError> {
    if crate::db::users::id_of(conn, a.username)?.is_some() {
        return Ok(None);
    }
    let id: i64 = diesel::insert_into(users::table)
        .values((
            users::username.eq(a.username),
            users::password_hash.eq(a.password_hash),
            users::full_name.eq(a.full_name),
            users::role.eq(a.role.as_str()),
            users::unit_code.eq(Some(a.unit_code)),
            users::active.eq(true),
            users::created_at.eq(to_db(now())),
            users::must_change_password.eq(a.must_change_password),
        ))
        .returning(users::id)
        .get_result(conn)?;
    get(conn, id)
}

/// The changes to an account (`None` leaves a field as it is).
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub full_name: Option<String>,
    pub role: Option<Role>,
    pub unit_code: Option<String>,
    pub active: Option<bool>,
    /// `Some(None)` removes the address.
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
}

/// Applies the changes; the sessions end (the token version moves on) when
/// the role, unit or active flag changed. Gives the account afterwards.
pub fn update(conn: &mut DbConn, before: &UserRow, c: &Changes) -> Result<UserRow, DbError> {
    let ends_sessions = c.role.is_some_and(|r| r.as_str() != before.role)
        || c.unit_code
            .as_ref()
            .is_some_and(|u| Some(u) != before.unit_code.as_ref())
        || c.active.is_some_and(|a| a != before.active);
    diesel::update(users::table.find(before.id))
        .set((
            users::full_name.eq(c.full_name.clone().unwrap_or(before.full_name.clone())),
            users::role.eq(c
                .role
                .map_or(before.role.clone(), |r| r.as_str().to_string())),
            users::unit_code.eq(c.unit_code.clone().or(before.unit_code.clone())),
            users::active.eq(c.active.unwrap_or(before.active)),
            users::email.eq(c.email.clone().unwrap_or(before.email.clone())),
            users::phone.eq(c.phone.clone().unwrap_or(before.phone.clone())),
            users::token_version.eq(before.token_version + i64::from(ends_sessions)),
        ))
        .execute(conn)?;
    get(conn, before.id)?.ok_or(DbError::Query(diesel::result::Error::NotFound))
}

/// Sets a password (hashed) and whether it is temporary; every session of
/// the account ends. Gives the new token version.
pub fn set_password(
    conn: &mut DbConn,
    id: i64,
    password_hash: &str,
    temporary: bool,
) -> Result<i64, DbError> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::must_change_password.eq(temporary),
            users::token_version.eq(users::token_version + 1),
        ))
        .execute(conn)?;
    Ok(users::table
        .find(id)
        .select(users::token_version)
        .first(conn)?)
}

/// Which of these usernames are taken.
pub fn taken(conn: &mut DbConn, names: &[String]) -> Result<Vec<String>, DbError> {
    let mut out = Vec::new();
    for chunk in names.chunks(500) {
        out.extend(
            users::table
                .filter(users::username.eq_any(chunk))
                .select(users::username)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}
