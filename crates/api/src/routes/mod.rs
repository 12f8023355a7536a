//! HTTP routes, one module per resource. Handlers translate between HTTP,
//! the database and the domain; the rules themselves live in crm-domain.

pub mod actions;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod boundaries;
pub mod channels;
pub mod deliveries;
pub mod events;
pub mod exports;
pub mod health;
pub mod imports;
pub mod journal;
pub mod monitor;
pub mod notifications;
pub mod open311;
pub mod photos;
pub mod public;
pub mod recap;
pub mod reference;
pub mod reports;
pub mod reviews;
pub mod scores;
pub mod settings;
pub mod users;
pub mod view;
pub mod work;

use actix_web::web;

/// Every `/api/v1` route, named once: [`configure_api`] mounts it (its path,
/// method and guards come from the handler's attribute and extractors) and
/// [`ApiPaths`] describes it in the OpenAPI document, from the same list, so
/// a route cannot be served without being documented or the other way round.
macro_rules! api_routes {
    ($($module:ident :: $handler:ident),* $(,)?) => {
        /// Mounts every `/api/v1` route.
        pub fn configure_api(cfg: &mut web::ServiceConfig) {
            cfg $(.service($module::$handler))*;
        }

        /// The OpenAPI paths of every `/api/v1` route (relative to `/api/v1`).
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($module::$handler),*))]
        pub struct ApiPaths;
    };
}

api_routes![
    auth::login,
    auth::me,
    auth::logout,
    auth::change_password,
    users::list,
    users::create,
    users::update,
    users::reset_password,
    audit::list,
    events::ticket,
    reference::units,
    reference::categories,
    reference::update_category,
    reference::create_category,
    reference::create_unit,
    reference::update_unit,
    reference::channels,
    settings::get_settings,
    settings::put_settings,
    journal::rebuild_period,
    api_keys::create,
    api_keys::list,
    api_keys::revoke,
    channels::list,
    channels::save,
    channels::rotate,
    channels::remove,
    deliveries::list,
    deliveries::retry,
    boundaries::load,
    boundaries::get_all,
    boundaries::outline,
    boundaries::clear,
    reports::batch,
    reports::create,
    reports::list,
    reports::nearby,
    reports::get,
    work::inbox,
    work::workload,
    actions::take_up,
    actions::dispose,
    actions::coordinate,
    actions::release,
    actions::follow_up,
    actions::complete,
    actions::approve,
    actions::reject,
    actions::estimate,
    actions::reopen,
    actions::comment,
    actions::duplicate_request,
    actions::close,
    actions::correct,
    actions::assign,
    actions::rate,
    photos::upload,
    photos::get,
    photos::get_public,
    public::track,
    public::feedback,
    public::stats,
    reviews::list,
    reviews::answer,
    scores::scores,
    scores::explain,
    imports::import_reports,
    imports::import_users,
    exports::reports,
    exports::report_list,
    exports::scores_export,
    monitor::stats,
    monitor::heatmap,
    monitor::targets,
    monitor::workload,
    notifications::list,
    notifications::mark_read,
    recap::recap,
    events::events,
];
