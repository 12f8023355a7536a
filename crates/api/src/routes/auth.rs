//! Sign-in: username and password for an access token; who am I.

use crate::auth::{password, token::Claims, Staff};
use crate::db::users;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use crm_domain::api::{LoginRequest, Me, PasswordChange, Problem, TokenResponse};
use crm_domain::message::Message;
use crm_domain::Role;

/// Sign in.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or for this account; `Retry-After` says how many seconds to wait", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    st: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        username,
        password: pw,
    } = body.0;
    st.sign_in.attempt(
        crate::auth::client::address(&req, &st.trusted_proxies),
        &username,
    )?;
    let attempted = username.clone();
    let tokens = st.tokens.clone();
    let user = st
        .db
        .read(move |conn| users::find(conn, &username).map_err(ApiError::from))
        .await?;
    let _turn = st.sign_in.hashing().await?;
    let (ok, user) = web::block(move || {
        let stored = user
            .as_ref()
            .map(|u| u.password_hash.as_str())
            .unwrap_or(password::decoy_hash());
        (password::verify(&pw, stored), user)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let user = match user {
        Some(u) if ok && u.active => {
            st.sign_in.succeeded(&u.username);
            u
        }
        _ => {
            st.sign_in.failed(&attempted);
            return Err(ApiError::unauthorized(Message::SignInFailed));
        }
    };
    let role: Role = user
        .role
        .parse()
        .map_err(|e: String| ApiError::Internal(e))?;
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: user.id.to_string(),
        usr: user.username,
        name: user.full_name,
        role,
        unit: user.unit_code,
        iss: crate::auth::token::ISSUER.into(),
        aud: crate::auth::token::AUDIENCE.into(),
        iat: now,
        exp: now + tokens.ttl_secs,
        ver: user.token_version,
        jti: None,
        until: None,
        pwc: user.must_change_password,
    };
    st.sessions.set(user.id, user.token_version);
    let access_token = tokens
        .sign(&claims)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: tokens.ttl_secs,
        must_change_password: user.must_change_password,
    }))
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
    )
)]
#[get("/auth/me")]
pub async fn me(st: web::Data<AppState>, staff: Staff) -> HttpResponse {
    HttpResponse::Ok().json(Me {
        unit_name: st.refdata.unit_name(staff.unit.as_deref()),
        username: staff.username,
        full_name: staff.name,
        role: staff.role,
        unit_code: staff.unit,
        must_change_password: staff.must_change_password,
    })
}

/// Sign out: every session of this account ends (its tokens, on every
/// device, are refused from the next request).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(st: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    let id = staff.user_id;
    let version = st
        .db
        .write(move |conn| users::end_sessions(conn, id).map_err(ApiError::from))
        .await?;
    st.sessions.set(id, version);
    Ok(HttpResponse::NoContent().finish())
}

/// Change your own password. Every session of the account ends (sign in
/// again with the new password); a temporary password stops being one.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every earlier token is refused from now on"),
        (status = 422, description = "The current password is wrong, or the new one breaks a rule (at least 10 characters, not the username, not a common password)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords; `Retry-After` says how many seconds to wait", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/password")]
pub async fn change_password(
    st: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    body: ValidJson<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange {
        current_password,
        new_password,
    } = body.0;
    crm_domain::account::check_password(&staff.username, &new_password)
        .map_err(|m| ApiError::field_said("new_password", m))?;
    if new_password == current_password {
        return Err(ApiError::field_said(
            "new_password",
            Message::PasswordUnchanged,
        ));
    }
    st.sign_in.attempt(
        crate::auth::client::address(&req, &st.trusted_proxies),
        &staff.username,
    )?;
    let id = staff.user_id;
    let user = st
        .db
        .read(move |conn| crate::db::accounts::get(conn, id).map_err(ApiError::from))
        .await?
        .ok_or_else(|| ApiError::unauthorized(Message::AccountGone))?;
    let _turn = st.sign_in.hashing().await?;
    let stored = user.password_hash.clone();
    let new_hash = web::block(move || {
        password::verify(&current_password, &stored).then(|| password::hash(&new_password))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some(new_hash) = new_hash else {
        st.sign_in.failed(&staff.username);
        return Err(ApiError::field_said(
            "current_password",
            Message::WrongCurrentPassword,
        ));
    };
    let new_hash = new_hash.map_err(ApiError::Internal)?;
    st.sign_in.succeeded(&staff.username);
    let actor = staff.username.clone();
    let version = st
        .db
        .write(move |conn| {
            let v = crate::db::accounts::set_password(conn, id, &new_hash, false)?;
            crate::db::audit::record(
                conn,
                crate::db::audit::Change {
                    actor: &actor,
                    action: "user.password_change",
                    target: format!("user:{id}"),
                    before: None,
                    after: None,
                },
            )?;
            Ok::<_, ApiError>(v)
        })
        .await?;
    st.sessions.set(id, version);
    Ok(HttpResponse::NoContent().finish())
}
