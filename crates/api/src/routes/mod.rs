//! HTTP routes, one module per resource. Handlers translate between HTTP,
//! the database and the domain; the rules themselves live in crm-domain.

pub mod api_keys;
pub mod auth;
pub mod health;
pub mod reference;
pub mod reports;

use actix_web::web;

/// Mounts every `/api/v1` route.
pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::me)
        .service(reference::units)
        .service(reference::categories)
        .service(reference::channels)
        .service(api_keys::create)
        .service(reports::create)
        .service(reports::list)
        .service(reports::get);
}
