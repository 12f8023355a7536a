//! API keys for channel integrators (administrators only).

use crate::auth::{api_key, Admin};
use crate::db::time::from_db;
use crate::db::users;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use crm_domain::api::{ApiKeyCreated, ApiKeyInfo, ApiKeyQuery, NewApiKey, Problem};

/// Create an API key for a channel. The key is shown only in this answer.
#[utoipa::path(
    tag = "integrators",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created; keep the key, it is not shown again", body = ApiKeyCreated),
        (status = 422, description = "Unknown channel or invalid label", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
pub async fn create(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    body: ValidJson<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    let NewApiKey { channel, label } = body.0;
    if st.refdata.channel(&channel).is_none() {
        return Err(ApiError::field(
            "channel",
            format!("unknown channel `{channel}`"),
        ));
    }
    let key = api_key::generate();
    let hash = api_key::hash(&key);
    let (ch, lb) = (channel.clone(), label.clone());
    let id = st
        .db
        .write(move |conn| {
            let id = users::insert_api_key(conn, &ch, lb.trim(), &hash, staff.user_id)?;
            crate::db::audit::after(
                conn,
                &staff.username,
                "api_key.create",
                format!("api_key:{id}"),
                Some(serde_json::json!({"channel": ch, "label": lb.trim()})),
            )?;
            Ok::<_, ApiError>(id)
        })
        .await?;
    Ok(HttpResponse::Created().json(ApiKeyCreated {
        id,
        channel,
        label,
        key,
    }))
}

/// List API keys (never the keys themselves), newest first.
#[utoipa::path(
    tag = "integrators",
    security(("bearer" = [])),
    params(ApiKeyQuery),
    responses(
        (status = 200, description = "The keys", body = Vec<ApiKeyInfo>),
    )
)]
#[get("/api-keys")]
pub async fn list(
    st: web::Data<AppState>,
    _admin: Admin,
    q: ValidQuery<ApiKeyQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    let rows = st
        .db
        .read(move |conn| {
            users::api_keys(conn, q.channel.as_deref(), q.label.as_deref(), q.revoked)
                .map_err(ApiError::from)
        })
        .await?;
    let keys: Vec<ApiKeyInfo> = rows
        .into_iter()
        .map(|k| ApiKeyInfo {
            id: k.id,
            channel: k.channel,
            label: k.label,
            created_at: from_db(k.created_at),
            revoked_at: k.revoked_at.map(from_db),
        })
        .collect();
    Ok(HttpResponse::Ok().json(keys))
}

/// Revoke an API key: it stops working at once.
#[utoipa::path(
    tag = "integrators",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = crate::extract::path_id(&path.into_inner(), "API key")?;
    let found = st
        .db
        .write(move |conn| {
            let found = users::revoke_api_key(conn, id)?;
            if found {
                crate::db::audit::after(
                    conn,
                    &admin.username,
                    "api_key.revoke",
                    format!("api_key:{id}"),
                    None,
                )?;
            }
            Ok::<_, ApiError>(found)
        })
        .await?;
    if found {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NotFound(format!("no API key {id}")))
    }
}
