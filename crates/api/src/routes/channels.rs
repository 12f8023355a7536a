//! Channel settings for administrators: each channel's webhook (address,
//! on/off, signing secret shown once, rotation with a grace period).

use crate::auth::Admin;
use crate::db::audit;
use crate::db::outbox::{self, WebhookRow};
use crate::db::time::from_db;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::sealed::Sealer;
use crate::state::AppState;
use crate::webhook;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{ChannelSettings, Problem, WebhookInput, WebhookSaved, WebhookSettings};
use crm_domain::intake::is_web_address;
use std::collections::HashMap;

fn settings_of(sealer: &Sealer, w: &WebhookRow) -> WebhookSettings {
    let secret_hint = match sealer.reveal(&w.channel_code, &w.secret) {
        Ok(secret) => {
            let tail: Vec<char> = secret.chars().rev().take(4).collect();
            format!("…{}", tail.into_iter().rev().collect::<String>())
        }
        Err(_) => "? (does not open with the configured key: rotate it)".into(),
    };
    WebhookSettings {
        url: w.url.clone(),
        active: w.active,
        secret_hint,
        rotated_at: w.rotated_at.map(from_db),
        updated_at: from_db(w.updated_at),
    }
}

async fn all_settings(st: &AppState) -> Result<Vec<ChannelSettings>, ApiError> {
    let (hooks, keys) = st
        .db
        .read(|conn| -> Result<_, ApiError> {
            Ok((outbox::webhooks(conn)?, outbox::active_keys(conn)?))
        })
        .await?;
    let hooks: HashMap<String, WebhookRow> = hooks
        .into_iter()
        .map(|h| (h.channel_code.clone(), h))
        .collect();
    Ok(st
        .refdata
        .channels
        .iter()
        .map(|c| ChannelSettings {
            code: c.code.clone(),
            name: c.name.clone(),
            kind: c.kind,
            webhook: hooks.get(&c.code).map(|h| settings_of(&st.sealer, h)),
            active_keys: keys.get(&c.code).copied().unwrap_or(0),
        })
        .collect())
}

async fn one_setting(st: &AppState, code: &str) -> Result<ChannelSettings, ApiError> {
    all_settings(st)
        .await?
        .into_iter()
        .find(|c| c.code == code)
        .ok_or_else(|| ApiError::NotFound(format!("no channel `{code}`")))
}

fn known_channel(st: &AppState, code: &str) -> Result<(), ApiError> {
    st.refdata
        .channel(code)
        .map(|_| ())
        .ok_or_else(|| ApiError::NotFound(format!("no channel `{code}`")))
}

/// Every channel with its webhook and how many API keys it has.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    responses(
        (status = 200, description = "The 14 channels", body = Vec<ChannelSettings>),
    )
)]
#[get("/channel-settings")]
pub async fn list(st: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(all_settings(&st).await?))
}

/// Set a channel's webhook: where its events go, and whether they go. A
/// new webhook gets a signing secret, shown only in this answer.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(("code" = String, Path, description = "Channel code")),
    request_body = WebhookInput,
    responses(
        (status = 200, description = "Saved; `secret` is set when the webhook is new", body = WebhookSaved),
        (status = 404, description = "No such channel", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a web address, or one inside a private, loopback or link-local network", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/channels/{code}/webhook")]
pub async fn save(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
    body: ValidJson<WebhookInput>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    known_channel(&st, &code)?;
    let input = body.0;
    let url = input.url.trim().to_string();
    if !is_web_address(&url) {
        return Err(ApiError::field(
            "url",
            "an http:// or https:// address of at most 1000 characters",
        ));
    }
    crate::outbound::check(&url, st.delivery.webhook_allow_private)
        .await
        .map_err(|why| ApiError::field("url", why))?;
    let secret = webhook::new_secret();
    let (c, s) = (code.clone(), st.sealer.seal(&code, &secret));
    let created = st
        .db
        .write(move |conn| -> Result<bool, ApiError> {
            let created = outbox::save_webhook(conn, &c, &url, input.active, &s, Utc::now())?;
            audit::after(
                conn,
                &admin.username,
                if created {
                    "webhook.create"
                } else {
                    "webhook.update"
                },
                format!("channel:{c}"),
                Some(serde_json::json!({"url": url, "active": input.active})),
            )?;
            Ok(created)
        })
        .await?;
    Ok(HttpResponse::Ok().json(WebhookSaved {
        channel: one_setting(&st, &code).await?,
        secret: created.then_some(secret),
    }))
}

/// Replace a channel's signing secret. The new one is shown only in this
/// answer; the previous one still signs (as a second `v1=`) for 24 hours.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(("code" = String, Path, description = "Channel code")),
    responses(
        (status = 200, description = "The new secret", body = WebhookSaved),
        (status = 404, description = "No such channel, or it has no webhook", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/channels/{code}/webhook/rotate")]
pub async fn rotate(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    known_channel(&st, &code)?;
    let secret = webhook::new_secret();
    let (c, s) = (code.clone(), st.sealer.seal(&code, &secret));
    let found = st
        .db
        .write(move |conn| -> Result<bool, ApiError> {
            let found = outbox::rotate_secret(conn, &c, &s, Utc::now())?;
            if found {
                audit::after(
                    conn,
                    &admin.username,
                    "webhook.rotate_secret",
                    format!("channel:{c}"),
                    None,
                )?;
            }
            Ok(found)
        })
        .await?;
    if !found {
        return Err(ApiError::NotFound(format!(
            "channel `{code}` has no webhook"
        )));
    }
    Ok(HttpResponse::Ok().json(WebhookSaved {
        channel: one_setting(&st, &code).await?,
        secret: Some(secret),
    }))
}

/// Remove a channel's webhook; its events are then recorded as skipped.
#[utoipa::path(
    tag = "integrators", security(("bearer" = [])),
    params(("code" = String, Path, description = "Channel code")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such channel, or it has no webhook", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/channels/{code}/webhook")]
pub async fn remove(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    known_channel(&st, &code)?;
    let c = code.clone();
    let found = st
        .db
        .write(move |conn| -> Result<bool, ApiError> {
            let found = outbox::delete_webhook(conn, &c)?;
            if found {
                audit::after(
                    conn,
                    &admin.username,
                    "webhook.delete",
                    format!("channel:{c}"),
                    None,
                )?;
            }
            Ok(found)
        })
        .await?;
    if found {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NotFound(format!(
            "channel `{code}` has no webhook"
        )))
    }
}
