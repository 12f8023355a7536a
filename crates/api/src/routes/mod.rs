//! HTTP routes, one module per resource. Handlers translate between HTTP,
//! the database and the domain; the rules themselves live in crm-domain.

pub mod actions;
pub mod api_keys;
pub mod auth;
pub mod boundaries;
pub mod channels;
pub mod deliveries;
pub mod events;
pub mod exports;
pub mod health;
pub mod imports;
pub mod monitor;
pub mod notifications;
pub mod open311;
pub mod photos;
pub mod public;
pub mod recap;
pub mod reference;
pub mod reports;
pub mod scores;
pub mod view;
pub mod work;

use actix_web::web;

/// Mounts every `/api/v1` route.
pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::me)
        .service(reference::units)
        .service(reference::categories)
        .service(reference::update_category)
        .service(reference::channels)
        .service(api_keys::create)
        .service(api_keys::list)
        .service(api_keys::revoke)
        .service(channels::list)
        .service(channels::save)
        .service(channels::rotate)
        .service(channels::remove)
        .service(deliveries::list)
        .service(deliveries::retry)
        .service(boundaries::load)
        .service(boundaries::get_all)
        .service(boundaries::clear)
        .service(reports::batch)
        .service(reports::create)
        .service(reports::list)
        .service(reports::get)
        .service(work::inbox)
        .service(work::workload)
        .service(actions::take_up)
        .service(actions::dispose)
        .service(actions::coordinate)
        .service(actions::follow_up)
        .service(actions::complete)
        .service(actions::approve)
        .service(actions::reject)
        .service(actions::estimate)
        .service(actions::reopen)
        .service(actions::comment)
        .service(actions::assign)
        .service(actions::rate)
        .service(photos::upload)
        .service(photos::get)
        .service(photos::get_public)
        .service(public::track)
        .service(scores::scores)
        .service(scores::explain)
        .service(imports::import_reports)
        .service(exports::reports)
        .service(exports::scores_export)
        .service(monitor::stats)
        .service(monitor::heatmap)
        .service(monitor::targets)
        .service(monitor::workload)
        .service(notifications::list)
        .service(notifications::mark_read)
        .service(recap::recap)
        .service(events::events);
}
