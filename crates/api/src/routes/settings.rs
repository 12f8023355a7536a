//! The administrator's settings: every number docs/domain.md names as a
//! default (time targets, near share, hand-over limit, cut-off day,
//! verification, grade edges, digest hours, start of the records). Staff
//! read them; administrators change them. A change is a new version valid
//! from that moment, audited, and told to every server; a period is scored
//! with the version in force at its cut-off.

use crate::auth::{Admin, Staff};
use crate::db::settings as store;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use actix_web::{get, put, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{FieldError, Problem, SettingsChange, SettingsVersion, SettingsView};

fn view(list: &[SettingsVersion]) -> Result<SettingsView, ApiError> {
    let history: Vec<SettingsVersion> = list.iter().rev().cloned().collect();
    let current = history
        .first()
        .cloned()
        .ok_or_else(|| ApiError::Internal("no settings version is stored".into()))?;
    Ok(SettingsView { current, history })
}

/// The settings in force and every earlier version.
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings in force, and their history", body = SettingsView))
)]
#[get("/settings")]
pub async fn get_settings(
    st: web::Data<AppState>,
    _staff: Staff,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(view(&st.refdata.settings_versions())?))
}

/// Change the settings (administrator): every value, and a reason. The
/// change is in force at once on every server; frozen periods keep the
/// values they were scored with, and a period not yet cut off is scored
/// with the values in force at its cut-off.
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    request_body = SettingsChange,
    responses(
        (status = 200, description = "The settings now in force, and their history", body = SettingsView),
        (status = 409, description = "The settings changed since `version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value out of range, or no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings")]
pub async fn put_settings(
    st: web::Data<AppState>,
    Admin(staff): Admin,
    body: ValidJson<SettingsChange>,
) -> Result<HttpResponse, ApiError> {
    let change = body.0;
    let mut problems: Vec<FieldError> = change
        .settings
        .problems()
        .into_iter()
        .map(|(field, message)| FieldError::new(format!("settings.{field}"), message))
        .collect();
    let reason = change.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        problems.push(FieldError::new("reason", "say why, in 1 to 500 characters"));
    }
    if !problems.is_empty() {
        return Err(ApiError::fields(problems));
    }
    let before = st.refdata.settings();
    let by = staff.username.clone();
    let expected = change.version;
    let settings = change.settings;
    let refdata = st.refdata.clone();
    let written = st
        .db
        .write(move |conn| -> Result<SettingsVersion, ApiError> {
            let latest = store::latest(conn)?;
            if expected.is_some_and(|v| v != latest) {
                return Err(ApiError::Conflict(format!(
                    "the settings are at version {latest} now, not {}; read them again",
                    expected.unwrap_or_default()
                )));
            }
            let v = store::insert(conn, latest + 1, Utc::now(), &settings, &by, &reason)?;
            crate::db::audit::record(
                conn,
                crate::db::audit::Change {
                    actor: &by,
                    action: "settings.update",
                    target: format!("settings:{}", v.version),
                    before: serde_json::to_value(&before).ok(),
                    after: serde_json::to_value(&v.settings).ok(),
                },
            )?;
            // Every open report's time targets follow the new settings.
            let reckon = refdata.reckon_with(v.settings.clone(), None);
            crate::db::schedule::refresh_open(conn, None, &reckon)?;
            Ok(v)
        })
        .await?;
    st.refdata.add_settings(written);
    Ok(HttpResponse::Ok().json(view(&st.refdata.settings_versions())?))
}
