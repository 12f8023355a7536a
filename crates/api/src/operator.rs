//! `crm user …`: the operator's command line for accounts (the first
//! administrator, recovery when no administrator can sign in). It runs the
//! same flows as the API, as the actor `cli` in the audit log, directly on
//! the configured database. A running server sees a changed session
//! generation at its next start (or, with several servers, through the
//! shared path); a deactivation refuses sign-in at once.

use crate::config::UserAction;
use crate::db::{users, Db};
use crate::error::ApiError;
use crate::flows::accounts::{self as flow, By};
use crate::refdata::RefData;
use crm_domain::account::Manager;
use crm_domain::api::AccountPatch;
use crm_domain::Role;

const BY: By<'static> = By {
    username: "cli",
    manager: Manager::Administrator,
};

fn problem(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.problem().detail)
}

/// Runs one account command; what to print on success.
pub fn run(db: &Db, action: UserAction) -> anyhow::Result<String> {
    let (units, cats, chans) = db.read_blocking(crate::db::reference::load)?;
    let refs = RefData::new(units, cats, chans);
    match action {
        UserAction::Create {
            username,
            full_name,
            role,
            unit,
        } => {
            let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            let unit = unit.unwrap_or_else(|| crm_domain::unit::MONITORING_ROOM_CODE.to_string());
            let pw = flow::prepare_password(&username, None).map_err(problem)?;
            let shown = pw.shown.clone().unwrap_or_default();
            db.write_blocking(|conn| {
                flow::create(
                    conn,
                    &refs,
                    BY,
                    &flow::NewAccount {
                        username: &username,
                        full_name: &full_name,
                        role,
                        unit_code: &unit,
                    },
                    &pw,
                    "cli",
                )
            })
            .map_err(problem)?;
            Ok(format!(
                "created `{username}` ({role}); temporary password: {shown}\n(to be changed at the first sign-in)"
            ))
        }
        UserAction::ResetPassword { username } => {
            let pw = flow::prepare_password(&username, None).map_err(problem)?;
            let shown = pw.shown.clone().unwrap_or_default();
            db.write_blocking(|conn| {
                let id = users::id_of(conn, &username)?
                    .ok_or_else(|| ApiError::NotFound(format!("no account `{username}`")))?;
                flow::reset_password(conn, &refs, BY, id, &pw)?;
                let active = crate::db::accounts::get(conn, id)?.is_some_and(|a| a.active);
                if active {
                    return Ok(());
                }
                flow::update(
                    conn,
                    &refs,
                    BY,
                    0,
                    id,
                    &AccountPatch {
                        active: Some(true),
                        ..AccountPatch::default()
                    },
                )
                .map(|_| ())
            })
            .map_err(problem)?;
            Ok(format!(
                "`{username}` has a new temporary password: {shown}\n(to be changed at the next sign-in)"
            ))
        }
        UserAction::Deactivate { username } => {
            db.write_blocking(|conn| {
                let id = users::id_of(conn, &username)?
                    .ok_or_else(|| ApiError::NotFound(format!("no account `{username}`")))?;
                flow::update(
                    conn,
                    &refs,
                    BY,
                    0,
                    id,
                    &AccountPatch {
                        active: Some(false),
                        ..AccountPatch::default()
                    },
                )
            })
            .map_err(problem)?;
            Ok(format!("`{username}` is deactivated"))
        }
    }
}
