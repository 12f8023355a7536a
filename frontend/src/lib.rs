//! crm-web: the CRM web app for kelurahan/dinas staff, unit heads, verifiers
//! and the Monitoring Room, and the public tracking pages. Leptos, rendered in the browser (WASM), served by
//! `crm serve`. Bahasa Indonesia first, English second.

pub mod api;
pub mod app;
pub mod charts;
pub mod format;
pub mod i18n;
pub mod live;
pub mod map;
pub mod messages;
pub mod pages;
pub mod session;
pub mod similar;
pub mod widgets;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point: takes away the static loading screen of `index.html` and
/// mounts the app on the page's body.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(loading) = leptos::prelude::document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
