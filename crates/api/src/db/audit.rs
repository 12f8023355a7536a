//! The audit log: one row per administrative change, written in the
//! change's own transaction, never changed or removed (triggers refuse it on
//! both engines).

use crate::db::schema::audit_log;
use crate::db::time::{now, to_db};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;

/// One change to record.
pub struct Change<'a> {
    /// Who made it (a username, `system` or `cli`).
    pub actor: &'a str,
    /// What was done (`user.create`, `report.close`, …).
    pub action: &'a str,
    /// What it was done to (`user:12`, `report:1041`, …).
    pub target: String,
    /// The state before, without secrets.
    pub before: Option<Value>,
    /// The state after, without secrets.
    pub after: Option<Value>,
}

/// Records a change (call inside the change's transaction).
pub fn record(conn: &mut DbConn, c: Change<'_>) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(to_db(now())),
            audit_log::actor.eq(c.actor),
            audit_log::action.eq(c.action),
            audit_log::target.eq(&c.target),
            audit_log::before.eq(c.before.map(|v| v.to_string())),
            audit_log::after.eq(c.after.map(|v| v.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a change with only a state after it (or none).
pub fn after(
    conn: &mut DbConn,
    actor: &str,
    action: &str,
    target: String,
    after: Option<Value>,
) -> Result<(), DbError> {
    record(
        conn,
        Change {
            actor,
            action,
            target,
            before: None,
            after,
        },
    )
}

/// A stored row.
#[derive(Debug, Clone, Queryable)]
pub struct Row {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    /// An action, or a prefix ending in `.` for a group of actions.
    pub action: Option<String>,
    pub target: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only rows older than this id (the page before's last).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Rows matching the filter, newest first.
pub fn page(conn: &mut DbConn, f: &Filter) -> Result<Vec<Row>, DbError> {
    let mut q = audit_log::table.into_boxed();
    if let Some(a) = &f.actor {
        q = q.filter(audit_log::actor.eq(a.clone()));
    }
    if let Some(a) = &f.action {
        if a.ends_with('.') {
            q = q.filter(audit_log::action.like(format!("{}%", a.replace('%', ""))));
        } else {
            q = q.filter(audit_log::action.eq(a.clone()));
        }
    }
    if let Some(t) = &f.target {
        q = q.filter(audit_log::target.eq(t.clone()));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_log::at.ge(to_db(from)));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_log::at.lt(to_db(to)));
    }
    if let Some(id) = f.before_id {
        q = q.filter(audit_log::id.lt(id));
    }
    Ok(q.order(audit_log::id.desc())
        .limit(f.limit)
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::actor,
            audit_log::action,
            audit_log::target,
            audit_log::before,
            audit_log::after,
        ))
        .load(conn)?)
}
