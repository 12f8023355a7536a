//! The OpenAPI 3.1 document, generated from the handlers and types: the
//! routes come from the one list in [`crate::routes`], and the problem
//! answers every operation can give are added by one rule ([`problems`]).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod problems;

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
        crate::routes::health::readyz,
        crate::routes::health::metrics
    ),
    components(schemas(
        crm_domain::api::Problem,
        crm_domain::api::FieldError,
        crm_domain::api::YearRecap,
        crm_domain::api::LiveEvent,
        crm_domain::api::WebhookEvent,
        crm_domain::api::EventType,
        crm_domain::api::TargetList,
        crate::routes::exports::Format,
    )),
    modifiers(&Security, &Webhooks),
    tags(
        (name = "auth", description = "Signing in, signing out, changing your password"),
        (name = "accounts", description = "Staff accounts (administrators; unit heads for the officers of their subtree) and the audit log of every administrative change"),
        (name = "reports", description = "Reports (laporan)"),
        (name = "monitoring", description = "The Monitoring Room: statistics, heatmap, time targets and warnings, workload, recaps, live events"),
        (name = "actions", description = "What officers, verifiers, the Monitoring Room and reporters do to a report; each writes one history entry"),
        (name = "public", description = "Public tracking, no login"),
        (name = "scores", description = "Monthly TKD scores and rankings"),
        (name = "imports", description = "The old system's data in, and a month's data out"),
        (name = "reference", description = "Units, categories and channels"),
        (name = "integrators", description = "For channel systems and their administrators: API keys, webhooks and their deliveries, kelurahan boundaries.\n\n**Webhooks.** Every change of a report's public status and every public note is sent to the webhook of the channel the report came from (see `webhooks` → `reportEvent`): a JSON `WebhookEvent`, `POST`ed and signed as the [Standard Webhooks](https://www.standardwebhooks.com) specification says, so its published libraries (PyPI and npm `standardwebhooks`, crates.io `standardwebhooks`, …) verify it with the channel's `whsec_…` secret: `webhook-id` (the event id), `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64>`, the base64 of HMAC-SHA256 over `<id>.<timestamp>.<raw body>` keyed with the base64-decoded part of the secret after `whsec_`; during a secret rotation a second signature, space separated, signs with the previous secret for 24 hours. `X-CRM-Event-Type` names the event. Check it in constant time, reject a timestamp more than 300 s from your clock, and answer 2xx. Anything else (or no answer in 10 s) is retried with exponential backoff (5 s doubling, at most 1 h between attempts); after 12 attempts the delivery is dead until an administrator retries it. Delivery is at least once: drop an `event_id` you have already handled. Events of one report are sent one at a time, in `sequence` order (a dead delivery sent again by an administrator arrives after the report's newer events; compare `sequence`)."),
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
                    header(crate::webhook::ID_HEADER, "The event's id, the same on every retry (Standard Webhooks)", "9f1c2a7e0b6d4c55a1e3f08d7c2b4e61"),
                    header(crate::webhook::TIMESTAMP_HEADER, "When it was signed, unix seconds (Standard Webhooks)", "1763894400"),
                    header(crate::webhook::SIGNATURE_HEADER, "`v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\">` keyed with the secret's bytes (the base64 after `whsec_`); two, space separated, during a secret rotation (Standard Webhooks)", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
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
                            "tracking_path": "/lacak/1044857?kode=K7M2QX9PDF4H",
                            "tracking_code": "K7M2QX9PDF4H"
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

/// The whole document: this module's description, the `/api/v1` routes
/// under their prefix, and the problem answers of every operation.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let mut api = crate::routes::ApiPaths::openapi();
    api.paths.paths = std::mem::take(&mut api.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("/api/v1{path}"), item))
        .collect();
    doc.merge(api);
    problems::add(&mut doc);
    doc
}

/// The document as pretty JSON with a trailing newline (the committed form).
pub fn json() -> String {
    let mut s = document()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn doc() -> Value {
        serde_json::from_str(&super::json()).expect("the document is JSON")
    }

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let d = doc();
        let mut found = Vec::new();
        refs(&d, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("external $ref {r}"));
            assert!(d.pointer(pointer).is_some(), "$ref {r} resolves to nothing");
        }
    }

    #[test]
    fn path_parameters_match_their_paths_and_the_rest_are_queries_or_headers() {
        let d = doc();
        let paths = d["paths"].as_object().expect("paths");
        let operations: usize = paths
            .values()
            .map(|i| i.as_object().map_or(0, |o| o.len()))
            .sum();
        assert!(operations > 50, "every route is documented ({operations})");
        for (path, item) in paths {
            let templated: BTreeSet<&str> = path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            for (method, op) in item.as_object().expect("path item") {
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                let mut in_path = BTreeSet::new();
                for p in &params {
                    let name = p["name"].as_str().expect("name");
                    match p["in"].as_str() {
                        Some("path") => {
                            assert!(
                                templated.contains(name),
                                "{method} {path}: path parameter `{name}` is not in the path"
                            );
                            assert_eq!(
                                p["required"],
                                Value::Bool(true),
                                "{method} {path}: `{name}`"
                            );
                            in_path.insert(name.to_string());
                        }
                        Some("query" | "header") => {}
                        other => panic!("{method} {path}: `{name}` is in {other:?}"),
                    }
                }
                for t in &templated {
                    assert!(
                        in_path.contains(*t),
                        "{method} {path}: `{{{t}}}` is not declared"
                    );
                }
            }
        }
    }

    #[test]
    fn operation_ids_are_unique() {
        let d = doc();
        let mut ids = BTreeSet::new();
        for item in d["paths"].as_object().expect("paths").values() {
            for op in item.as_object().expect("path item").values() {
                let id = op["operationId"].as_str().expect("operationId");
                assert!(ids.insert(id.to_string()), "operationId `{id}` twice");
            }
        }
    }

    #[test]
    fn every_operation_documents_the_problems_it_can_answer() {
        let d = doc();
        for (path, item) in d["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let has = |s: &str| op["responses"].get(s).is_some();
                let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
                assert!(has("503"), "{method} {path}: 503");
                if secured {
                    assert!(has("401") && has("403"), "{method} {path}: 401/403");
                }
                if op.get("requestBody").is_some() {
                    for s in ["400", "413", "415", "422"] {
                        assert!(has(s), "{method} {path}: {s}");
                    }
                }
                if path.contains('{') {
                    assert!(has("404"), "{method} {path}: 404");
                }
            }
        }
    }

    #[test]
    fn committed_spec_is_what_the_code_generates() {
        let committed = include_str!("../../../openapi/openapi.json");
        assert!(
            committed == super::json(),
            "openapi/openapi.json is out of date: run `just openapi` and commit it"
        );
    }
}
