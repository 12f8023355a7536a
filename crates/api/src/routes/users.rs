//! Staff accounts: administrators manage every account, unit heads the
//! officer accounts of their own subtree. The rules and the writing are
//! [`crate::flows::accounts`].

use crate::auth::AccountManager;
use crate::db::accounts;
use crate::error::ApiError;
use crate::extract::{ValidJson, ValidQuery};
use crate::flows::accounts::{self as flow, By, NewAccount as New};
use crate::state::AppState;
use actix_web::{get, patch, post, web, HttpResponse};
use crm_domain::api::{
    Account, AccountCreated, AccountList, AccountPatch, AccountQuery, NewAccount, Problem,
    TemporaryPassword,
};

/// List staff accounts by username (an administrator sees every account, a
/// unit head those of its unit and the units below it).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, description = "One page of accounts", body = AccountList),
        (status = 403, description = "Not an administrator or unit head, or the unit lies outside your subtree", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown unit or bad limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list(
    st: web::Data<AppState>,
    who: AccountManager,
    q: ValidQuery<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    let limit = i64::from(crate::paging::limit(q.limit, 50, 200)?);
    let units = who.0.holders(&st.refdata, q.unit.as_deref())?;
    let filter = accounts::Filter {
        q: q.q.map(|t| t.trim().to_lowercase()),
        units,
        role: q.role,
        active: q.active,
    };
    let after = q.cursor.clone();
    let (rows, total) = st
        .db
        .read(move |conn| {
            accounts::page(conn, &filter, after.as_deref(), limit).map_err(ApiError::from)
        })
        .await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.username.clone()))
        .flatten();
    Ok(HttpResponse::Ok().json(AccountList {
        items: rows
            .iter()
            .map(|r| flow::account_of(&st.refdata, r))
            .collect(),
        total: u64::try_from(total).unwrap_or(0),
        next_cursor,
    }))
}

/// Create a staff account. Without `password` a temporary one is made and
/// shown only in this answer; either way it must be changed at the first
/// sign-in.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = NewAccount,
    responses(
        (status = 201, description = "Created", body = AccountCreated),
        (status = 403, description = "A unit head creating anything but an officer of its subtree", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The username was used before", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad username, unknown unit, a role in the wrong unit, or a weak password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create(
    st: web::Data<AppState>,
    who: AccountManager,
    body: ValidJson<NewAccount>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let errors = flow::problems(
        &st.refdata,
        &body.username,
        &body.full_name,
        body.role,
        &body.unit_code,
    );
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let (username, given) = (body.username.clone(), body.password.clone());
    let pw = web::block(move || flow::prepare_password(&username, given.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let state = st.clone();
    let row = st
        .db
        .write(move |conn| {
            let by = By {
                username: &who.0.username,
                manager: who.manager(),
            };
            flow::create(
                conn,
                &state.refdata,
                by,
                &New {
                    username: &body.username,
                    full_name: &body.full_name,
                    role: body.role,
                    unit_code: &body.unit_code,
                },
                &pw,
                "api",
            )
            .map(|row| (row, pw.shown))
        })
        .await?;
    let (row, shown) = row;
    Ok(HttpResponse::Created().json(AccountCreated {
        account: flow::account_of(&st.refdata, &row),
        temporary_password: shown,
    }))
}

/// Change an account's name, role, unit or active flag. A changed role or
/// unit, or a deactivation, ends the account's sessions at once.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The account's id")),
    request_body = AccountPatch,
    responses(
        (status = 200, description = "Changed", body = Account),
        (status = 403, description = "A unit head moving an officer out of its subtree or giving another role", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account you manage", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Deactivating yourself or changing your own role", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown unit or a role in the wrong unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update(
    st: web::Data<AppState>,
    who: AccountManager,
    path: web::Path<String>,
    body: ValidJson<AccountPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = crate::extract::path_id(&path.into_inner(), "account")?;
    let patch = body.0;
    let state = st.clone();
    let (row, _ended) = st
        .db
        .write(move |conn| {
            let by = By {
                username: &who.0.username,
                manager: who.manager(),
            };
            flow::update(conn, &state.refdata, by, who.0.user_id, id, &patch)
        })
        .await?;
    st.sessions.set(row.id, row.token_version);
    Ok(HttpResponse::Ok().json(flow::account_of(&st.refdata, &row)))
}

/// Reset an account's password: a temporary one, shown only in this
/// answer, to be changed at the next sign-in; the account's sessions end.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The temporary password", body = TemporaryPassword),
        (status = 404, description = "No such account you manage", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/password")]
pub async fn reset_password(
    st: web::Data<AppState>,
    who: AccountManager,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = crate::extract::path_id(&path.into_inner(), "account")?;
    let pw = web::block(|| flow::prepare_password("", None))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let state = st.clone();
    let shown = pw.shown.clone().unwrap_or_default();
    let version = st
        .db
        .write(move |conn| {
            let by = By {
                username: &who.0.username,
                manager: who.manager(),
            };
            flow::reset_password(conn, &state.refdata, by, id, &pw)
        })
        .await?;
    st.sessions.set(id, version);
    Ok(HttpResponse::Ok().json(TemporaryPassword {
        temporary_password: shown,
    }))
}
