//! The OpenAPI 3 document, generated from the handlers and types.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The whole API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM Jakarta API",
        description = "Citizen Relation Management (Cepat Respon Masyarakat): reports from the city's 14 channels, routed to the units that act on them.\n\nStaff sign in at `/api/v1/auth/login` and send `Authorization: Bearer <token>`. Channel systems send `X-API-Key: <key>`. Every error is RFC 9457 problem details (`application/problem+json`).",
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
        crate::routes::reports::create,
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
    )),
    modifiers(&Security, &ApiPrefix),
    tags(
        (name = "auth", description = "Signing in"),
        (name = "reports", description = "Reports (laporan)"),
        (name = "monitoring", description = "The Monitoring Room: statistics, heatmap, time targets and warnings, workload, recaps, live events"),
        (name = "actions", description = "What officers, verifiers, the Monitoring Room and reporters do to a report; each writes one history entry"),
        (name = "public", description = "Public tracking, no login"),
        (name = "scores", description = "Monthly TKD scores and rankings"),
        (name = "imports", description = "The old system's data in, and a month's data out"),
        (name = "reference", description = "Units, categories and channels"),
        (name = "integrators", description = "API keys for channel systems"),
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
