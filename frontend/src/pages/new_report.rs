//! Typing in a report received at an office, by SMS, e-mail or social
//! media: channel, category, what and where (a kelurahan picker and, if
//! known, coordinates; no map needed), and the reporter.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::similar::SimilarReports;
use crate::widgets::{opt, ErrorNotice, UnitPicker};
use crm_domain::api::NewReport;
use crm_domain::{ChannelKind, UnitLevel};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The form.
#[component]
pub fn NewReportPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let channels = LocalResource::new(|| async { api::channels().await.unwrap_or_default() });
    let categories = LocalResource::new(|| async { api::categories().await.unwrap_or_default() });
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let channel = RwSignal::new("kantor-kelurahan".to_string());
    let category = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let kelurahan = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let hidden = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    // Where and what, once both coordinates and the category are given: the
    // similar reports to check before filing a duplicate.
    let place = Signal::derive(move || {
        let coord = |s: String| s.trim().replace(',', ".").parse::<f64>().ok();
        match (coord(lat.get()), coord(lon.get()), category.get()) {
            (Some(a), Some(b), c) if !c.is_empty() => Some((a, b, c)),
            _ => None,
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let coord = |s: String| s.trim().replace(',', ".").parse::<f64>().ok();
        let (la, lo) = (coord(lat.get_untracked()), coord(lon.get_untracked()));
        if la.is_some() != lo.is_some() {
            error.set(Some(i18n.t("new.both_coords").to_string()));
            return;
        }
        let body = NewReport {
            channel: channel.get_untracked(),
            category: category.get_untracked(),
            description: description.get_untracked(),
            address: opt(address.get_untracked()),
            kelurahan: opt(kelurahan.get_untracked()),
            lat: la,
            lon: lo,
            reporter_name: opt(name.get_untracked()),
            reporter_contact: opt(contact.get_untracked()),
            hidden: hidden.get_untracked(),
            ..Default::default()
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::file_report(&token, &body).await {
                Ok(r) => navigate(&format!("/laporan/{}", r.number), Default::default()),
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card form-page">
            <h1>{move || i18n.t("new.title")}</h1>
            <form id="new-report" on:submit=submit>
                <label for="new-channel">{move || i18n.t("filter.channel")}</label>
                <select id="new-channel" on:change=move |ev| channel.set(event_target_value(&ev)) prop:value=move || channel.get()>
                    {move || channels.get().unwrap_or_default().into_iter()
                        .filter(|c| c.kind != ChannelKind::System)
                        .map(|c| view! { <option value=c.code.clone()>{c.name}</option> }).collect_view()}
                </select>
                <label for="new-category">{move || i18n.t("filter.category")}</label>
                <select id="new-category" required on:change=move |ev| category.set(event_target_value(&ev)) prop:value=move || category.get()>
                    <option value="">"—"</option>
                    {move || categories.get().unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.code.clone()>{c.name}</option> }).collect_view()}
                </select>
                <label for="new-description">{move || i18n.t("detail.description")}</label>
                <textarea id="new-description" rows="4" required minlength="5"
                    prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <label for="new-kelurahan">{move || i18n.t("detail.kelurahan")}</label>
                <UnitPicker units=Signal::derive(move || units.get().unwrap_or_default()) levels=vec![UnitLevel::Kelurahan]
                    value=kelurahan id="new-kelurahan" placeholder=Signal::derive(move || i18n.t("new.kelurahan_hint").to_string())/>
                <p class="muted">{move || i18n.t("new.no_kelurahan")}</p>
                <label for="new-address">{move || i18n.t("detail.address")}</label>
                <input id="new-address" type="text" bind:value=address/>
                <div class="two">
                    <label>{move || i18n.t("new.lat")}<input id="new-lat" type="text" inputmode="decimal" placeholder="-6.1754" bind:value=lat/></label>
                    <label>{move || i18n.t("new.lon")}<input id="new-lon" type="text" inputmode="decimal" placeholder="106.8272" bind:value=lon/></label>
                </div>
                <SimilarReports place=place/>
                <label for="new-name">{move || i18n.t("detail.reporter")}</label>
                <input id="new-name" type="text" autocomplete="off" bind:value=name/>
                <label for="new-contact">{move || i18n.t("detail.contact")}</label>
                <input id="new-contact" type="text" autocomplete="off" bind:value=contact/>
                <label class="check"><input type="checkbox" id="new-hidden" bind:checked=hidden/>{move || i18n.t("detail.hidden")}</label>
                {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
                <button type="submit" id="new-submit" disabled=move || busy.get()>{move || i18n.t("new.submit")}</button>
            </form>
        </section>
    }
}
