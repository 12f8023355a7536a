//! Staff accounts and API keys.

use crate::auth::password;
use crate::db::schema::{api_keys, users};
use crate::db::time::{now, to_db};
use crate::db::{DbConn, DbError};
use chrono::NaiveDateTime;
use crm_domain::Role;
use diesel::prelude::*;

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub full_name: String,
    pub role: String,
    pub unit_code: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    /// The session generation (see [`crate::auth::sessions`]).
    pub token_version: i64,
    /// The password is temporary: it must be changed at the next sign-in.
    pub must_change_password: bool,
    /// Where notices reach the account outside the app.
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct NewUserRow<'a> {
    username: &'a str,
    password_hash: &'a str,
    full_name: &'a str,
    role: &'a str,
    unit_code: Option<&'a str>,
    active: bool,
    created_at: NaiveDateTime,
}

/// The id and channel of the unrevoked API key with this hash.
pub fn active_api_key(conn: &mut DbConn, hash: &str) -> Result<Option<(i64, String)>, DbError> {
    Ok(api_keys::table
        .filter(api_keys::key_hash.eq(hash))
        .filter(api_keys::revoked_at.is_null())
        .select((api_keys::id, api_keys::channel_code))
        .first(conn)
        .optional()?)
}

/// The id of the user with this username.
pub fn id_of(conn: &mut DbConn, username: &str) -> Result<Option<i64>, DbError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first::<i64>(conn)
        .optional()?)
}

/// The account with this username.
pub fn find(conn: &mut DbConn, username: &str) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// An account to create when missing.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub full_name: &'a str,
    pub role: Role,
    pub unit_code: Option<&'a str>,
}

/// Creates the account unless one with its username exists; true when created.
pub fn ensure(conn: &mut DbConn, user: &NewUser<'_>) -> Result<bool, DbError> {
    if find(conn, user.username)?.is_some() {
        return Ok(false);
    }
    let hash = password::hash(user.password).map_err(DbError::Migration)?;
    diesel::insert_into(users::table)
        .values(&NewUserRow {
            username: user.username,
            password_hash: &hash,
            full_name: user.full_name,
            role: user.role.as_str(),
            unit_code: user.unit_code,
            active: true,
            created_at: to_db(now()),
        })
        .execute(conn)?;
    Ok(true)
}

/// Stores a new API key's hash; returns its id.
pub fn insert_api_key(
    conn: &mut DbConn,
    channel: &str,
    label: &str,
    key_hash: &str,
    created_by: i64,
) -> Result<i64, DbError> {
    Ok(diesel::insert_into(api_keys::table)
        .values((
            api_keys::channel_code.eq(channel),
            api_keys::label.eq(label),
            api_keys::key_hash.eq(key_hash),
            api_keys::created_by.eq(Some(created_by)),
            api_keys::created_at.eq(to_db(now())),
        ))
        .returning(api_keys::id)
        .get_result(conn)?)
}

/// An API key as stored (without its hash).
#[derive(Debug, Clone, Queryable)]
pub struct ApiKeyRow {
    pub id: i64,
    pub channel: String,
    pub label: String,
    pub created_at: chrono::NaiveDateTime,
    pub revoked_at: Option<chrono::NaiveDateTime>,
}

/// API keys, newest first: of one channel, with a label part (any case),
/// revoked ones only when asked.
pub fn api_keys(
    conn: &mut DbConn,
    channel: Option<&str>,
    label: Option<&str>,
    revoked: bool,
) -> Result<Vec<ApiKeyRow>, DbError> {
    let mut q = api_keys::table.into_boxed();
    if let Some(c) = channel {
        q = q.filter(api_keys::channel_code.eq(c.to_string()));
    }
    if !revoked {
        q = q.filter(api_keys::revoked_at.is_null());
    }
    let rows: Vec<ApiKeyRow> = q
        .order(api_keys::id.desc())
        .select((
            api_keys::id,
            api_keys::channel_code,
            api_keys::label,
            api_keys::created_at,
            api_keys::revoked_at,
        ))
        .load(conn)?;
    let needle = label
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty());
    Ok(rows
        .into_iter()
        .filter(|r| {
            needle
                .as_ref()
                .is_none_or(|n| r.label.to_lowercase().contains(n.as_str()))
        })
        .collect())
}

/// Revokes a key; returns whether it existed (revoking twice is harmless).
pub fn revoke_api_key(conn: &mut DbConn, id: i64) -> Result<bool, DbError> {
    let exists: i64 = api_keys::table
        .filter(api_keys::id.eq(id))
        .count()
        .get_result(conn)?;
    diesel::update(
        api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(Some(to_db(now()))))
    .execute(conn)?;
    Ok(exists == 1)
}

/// Every account's session generation.
pub fn token_versions(conn: &mut DbConn) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(users::table
        .select((users::id, users::token_version))
        .load(conn)?)
}

/// Ends every session of an account: its generation moves on; returns the
/// new one.
pub fn end_sessions(conn: &mut DbConn, id: i64) -> Result<i64, DbError> {
    diesel::update(users::table.find(id))
        .set(users::token_version.eq(users::token_version + 1))
        .execute(conn)?;
    Ok(users::table
        .find(id)
        .select(users::token_version)
        .first(conn)?)
}
