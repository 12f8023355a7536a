//! The OpenAPI 3 document, generated from the handlers and types.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The whole API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM Jakarta API",
        description = "Citizen Relation Management (Cepat Respon Masyarakat): reports from the city's 14 channels, routed to the units that act on them.\n\nStaff sign in at `/api/v1/auth/login` and send `Authorization: Bearer <token>`. Channel systems send `X-API-Key: <key>`. Every error is RFC 9457 problem details (`application/problem+json`).\n\nChannel systems are told of every change of their reports through their webhook (see `webhooks` and the `integrators` tag). Existing Open311 clients can use GeoReport v2 at `/open311/v2/` (`services`, `services/{code}`, `requests`, `requests/{id}`, `tokens/{id}`, `discovery`; `.json` or `.xml`; jurisdiction `jakarta`; `api_key` = an integrator key), which follows its own specification and error format.",
        license(name = "MIT")
    ),
    servers((url = "/", description = "This server")),
    paths(
        crate::routes::health::healthz,
        crate::routes::monitor::stats,
        crate::routes::monitor::heatmap,
        crate::routes::monitor::targets,
        crate::routes::monitor::workload,
        crate::routes::notifications::list,
        crate::routes::notifications::mark_read,
        crate::routes::recap::recap,
        crate::routes::events::events,
        crate::routes::auth::login,
        crate::routes::auth::me,
        crate::routes::reference::units,
        crate::routes::reference::categories,
        crate::routes::reference::update_category,
        crate::routes::reference::channels,
        crate::routes::api_keys::create,
        crate::routes::api_keys::list,
        crate::routes::api_keys::revoke,
        crate::routes::channels::list,
        crate::routes::channels::save,
        crate::routes::channels::rotate,
        crate::routes::channels::remove,
        crate::routes::deliveries::list,
        crate::routes::deliveries::retry,
        crate::routes::boundaries::load,
        crate::routes::boundaries::get_all,
        crate::routes::boundaries::clear,
        crate::routes::reports::create,
        crate::routes::reports::batch,
        crate::routes::reports::list,
        crate::routes::reports::get,
        crate::routes::work::inbox,
        crate::routes::work::workload,
        crate::routes::actions::take_up,
        crate::routes::actions::dispose,
        crate::routes::actions::coordinate,
        crate::routes::actions::follow_up,
        crate::routes::actions::complete,
        crate::routes::actions::approve,
        crate::routes::actions::reject,
        crate::routes::actions::estimate,
        crate::routes::actions::reopen,
        crate::routes::actions::comment,
        crate::routes::actions::assign,
        crate::routes::actions::rate,
        crate::routes::photos::upload,
        crate::routes::photos::get,
        crate::routes::photos::get_public,
        crate::routes::public::track,
        crate::routes::scores::scores,
        crate::routes::scores::explain,
        crate::routes::imports::import_reports,
        crate::routes::exports::reports,
        crate::routes::exports::scores_export,
    ),
    components(schemas(
        crm_domain::api::Problem,
        crm_domain::api::FieldError,
        crm_domain::api::YearRecap,
        crm_domain::api::LiveEvent,
        crm_domain::api::WebhookEvent,
        crm_domain::api::EventType,
    )),
    modifiers(&Security, &ApiPrefix, &Webhooks),
    tags(
        (name = "auth", description = "Signing in"),
        (name = "reports", description = "Reports (laporan)"),
        (name = "monitoring", description = "The Monitoring Room: statistics, heatmap, time targets and warnings, workload, recaps, live events"),
        (name = "actions", description = "What officers, verifiers, the Monitoring Room and reporters do to a report; each writes one history entry"),
        (name = "public", description = "Public tracking, no login"),
        (name = "scores", description = "Monthly TKD scores and rankings"),
        (name = "imports", description = "The old system's data in, and a month's data out"),
        (name = "reference", description = "Units, categories and channels"),
        (name = "integrators", description = "For channel systems and their administrators: API keys, webhooks and their deliveries, kelurahan boundaries.\n\n**Webhooks.** Every change of a report's public status and every public note is sent to the webhook of the channel the report came from (see `webhooks` → `reportEvent`): a JSON `WebhookEvent`, `POST`ed with `X-CRM-Event-Id`, `X-CRM-Event-Type` and `X-CRM-Signature: t=<unix seconds>,v1=<hex>`. The hex is HMAC-SHA256 of `<t>.<raw body>` under the channel's secret; during a secret rotation a second `v1=` signs with the previous secret for 24 hours. Check it in constant time, reject a `t` more than 300 s from your clock, and answer 2xx. Anything else (or no answer in 10 s) is retried with exponential backoff (5 s doubling, at most 1 h between attempts); after 12 attempts the delivery is dead until an administrator retries it. Delivery is at least once: drop an `event_id` you have already handled. Events of one report are sent one at a time, in `sequence` order (a dead delivery sent again by an administrator arrives after the report's newer events; compare `sequence`)."),
        (name = "system", description = "Health"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))),
        );
    }
}

/// The webhook every channel's system receives (OpenAPI 3.1 `webhooks`).
struct Webhooks;

impl Modify for Webhooks {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let header = |name: &str, description: &str, example: &str| {
            serde_json::json!({
                "name": name, "in": "header", "required": true,
                "description": description,
                "schema": {"type": "string"}, "example": example
            })
        };
        let hook = serde_json::json!({
            "post": {
                "tags": ["integrators"],
                "summary": "A report of your channel changed",
                "description": "Sent to the channel's webhook for every change of the report's public status and every public note (see the `integrators` tag for the signature check, retries and de-duplication).",
                "operationId": "reportEvent",
                "parameters": [
                    header(crate::webhook::SIGNATURE_HEADER, "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">` (a second `v1` during a secret rotation)", "t=1763894400,v1=5f0c…"),
                    header(crate::webhook::EVENT_ID_HEADER, "The event's id, the same on every retry", "9f1c2a7e0b6d4c55a1e3f08d7c2b4e61"),
                    header(crate::webhook::EVENT_TYPE_HEADER, "The event's type", "status_changed"),
                ],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/WebhookEvent"},
                        "example": {
                            "event_id": "9f1c2a7e0b6d4c55a1e3f08d7c2b4e61",
                            "type": "status_changed",
                            "occurred_at": "2026-11-23T07:36:00Z",
                            "channel": "jaki",
                            "report_number": 1044857,
                            "channel_ref": "JAKI-2026-0001",
                            "sequence": 2,
                            "status": "proses",
                            "status_label": "Proses",
                            "note": "Segera ditindaklanjuti",
                            "unit_name": "KEBON JERUK",
                            "estimate_at": null,
                            "tracking_path": "/lacak/1044857"
                        }
                    }}
                },
                "responses": {
                    "200": {"description": "Received (any 2xx)"},
                    "default": {"description": "Anything else is retried"}
                }
            }
        });
        openapi
            .extensions
            .get_or_insert_with(Default::default)
            .insert(
                "webhooks".into(),
                serde_json::json!({ "reportEvent": hook }),
            );
    }
}

/// Handlers are mounted under `/api/v1` (all but `/healthz`); their paths in
/// the document say so.
struct ApiPrefix;

impl Modify for ApiPrefix {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let paths = std::mem::take(&mut openapi.paths.paths);
        openapi.paths.paths = paths
            .into_iter()
            .map(|(path, item)| {
                if path == "/healthz" {
                    (path, item)
                } else {
                    (format!("/api/v1{path}"), item)
                }
            })
            .collect();
    }
}

/// The document as pretty JSON with a trailing newline (the committed form).
pub fn json() -> String {
    let mut s = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_spec_is_what_the_code_generates() {
        let committed = include_str!("../../../openapi/openapi.json");
        assert!(
            committed == super::json(),
            "openapi/openapi.json is out of date: run `just openapi` and commit it"
        );
    }
}
