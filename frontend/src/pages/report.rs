//! One report: its fields and its history ("riwayat").

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crm_domain::api::Report;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let report = LocalResource::new(move || {
        let n = number();
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::report(&t, &n).await,
                None => Err(api::ApiError {
                    status: 401,
                    detail: String::new(),
                }),
            }
        }
    });
    view! {
        <p><A href="/laporan">{move || i18n.t("detail.back")}</A></p>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
            {move || report.get().map(|r| match r {
                Ok(r) => view! { <ReportView report=r/> }.into_any(),
                Err(e) => {
                    if e.is_unauthorized() {
                        session.sign_out();
                    }
                    view! { <p class="error" role="alert">{format!("{}: {}", i18n.t("common.error"), e.detail)}</p> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let r = report;
    let row = move |key: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{move || i18n.t(key)}</dt><dd>{v}</dd> })
    };
    let coords = match (r.lat, r.lon) {
        (Some(a), Some(b)) => Some(format!("{a:.5}, {b:.5}")),
        _ => None,
    };
    let tags = (!r.tags.is_empty()).then(|| {
        r.tags
            .iter()
            .map(|t| format!("#{t}"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let holder = r
        .holder_name
        .clone()
        .unwrap_or_else(|| i18n.t("detail.triage").to_string());
    view! {
        <article class="card report" id="report-detail" data-number=r.number.to_string()>
            <header class="report-head">
                <h1>{format!("Laporan #{}", r.number)}</h1>
                <span class=status_class(r.status)>{r.status.label()}</span>
            </header>
            <p class="muted">
                {r.category_name.clone()}" · "{wib(r.received_at)}" · "{r.channel.clone()}" · "{holder}
            </p>
            <dl class="fields">
                {row("detail.description", Some(r.description.clone()))}
                {row("detail.kelurahan", r.kelurahan_name.clone())}
                {row("detail.address", r.address.clone())}
                {row("detail.coordinates", coords)}
                {row("detail.tags", tags)}
                {row("detail.reporter", r.reporter_name.clone())}
                {row("detail.contact", r.reporter_contact.clone())}
                {row("detail.channel_ref", r.channel_ref.clone())}
                {row("detail.hidden", r.hidden.then(|| i18n.t("common.yes").to_string()))}
            </dl>
            <h2>{move || i18n.t("detail.history")}</h2>
            <ol class="timeline" id="history">
                {r.history.into_iter().map(|h| view! {
                    <li>
                        <div class="when">{wib(h.at)}</div>
                        <div>
                            <span class=status_class(h.status)>{h.status.label()}</span>
                            " "{h.unit_name.clone().unwrap_or_else(|| i18n.t("detail.triage").to_string())}
                            {h.actor.clone().map(|a| view! { <span class="muted">{format!(" · {a}")}</span> })}
                            {(!h.public).then(|| view! { <span class="tag">{i18n.t("detail.internal")}</span> })}
                        </div>
                        {h.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </article>
    }
}
