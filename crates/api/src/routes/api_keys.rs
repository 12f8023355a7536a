//! API keys for channel integrators (administrators only).

use crate::auth::{api_key, Staff};
use crate::db::users;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use crm_domain::api::{ApiKeyCreated, NewApiKey, Problem};
use crm_domain::Role;

/// Create an API key for a channel. The key is shown only in this answer.
#[utoipa::path(
    tag = "integrators",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created; keep the key, it is not shown again", body = ApiKeyCreated),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown channel or invalid label", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
pub async fn create(
    st: web::Data<AppState>,
    staff: Staff,
    body: ValidJson<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    staff.require(&[Role::Administrator])?;
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
            users::insert_api_key(conn, &ch, lb.trim(), &hash, staff.user_id)
                .map_err(ApiError::from)
        })
        .await?;
    Ok(HttpResponse::Created().json(ApiKeyCreated {
        id,
        channel,
        label,
        key,
    }))
}
