//! The inbox: what my unit must act on, what waits first and oldest first,
//! with how long each has waited. The Monitoring Room sees its triage here,
//! verifiers their queue.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::{waited, ErrorNotice};
use chrono::Utc;
use crm_domain::api::ReportSummary;
use crm_domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

/// The inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = crate::live::use_live();
    let inbox = LocalResource::new(move || {
        live.track();
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::inbox(&t).await,
                None => Err(api::ApiError {
                    status: 401,
                    detail: String::new(),
                }),
            }
        }
    });
    let title = move || match session.me.get().map(|m| m.role) {
        Some(Role::Verifier) => i18n.t("inbox.verify"),
        Some(Role::Monitoring | Role::Administrator) => i18n.t("inbox.triage"),
        _ => i18n.t("inbox.title"),
    };
    view! {
        <section>
            <div class="page-head">
                <h1>{title}</h1>
                <button class="secondary" on:click=move |_| inbox.refetch()>{move || i18n.t("inbox.refresh")}</button>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
                {move || inbox.get().map(|r| match r {
                    Ok(page) if page.items.is_empty() => view! { <p class="notice" id="inbox-empty">{i18n.t("inbox.empty")}</p> }.into_any(),
                    // A verifier works through the queue with the evidence in view.
                    Ok(page) if session.me.get_untracked().is_some_and(|m| m.role == Role::Verifier) => {
                        view! { <super::verify::VerifyQueue items=page.items/> }.into_any()
                    }
                    Ok(page) => view! { <InboxList items=page.items/> }.into_any(),
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn InboxList(items: Vec<ReportSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let now = Utc::now();
    view! {
        <ul class="inbox" id="inbox">
            {items.into_iter().map(|r| {
                let waiting = matches!(r.status, crm_domain::ReportStatus::Menunggu | crm_domain::ReportStatus::Disposisi);
                let late = waiting && (now - r.holder_since).num_hours() >= 6;
                view! {
                    <li class:late=late data-number=r.number.to_string()>
                        <A href=format!("/laporan/{}", r.number)>
                            <div class="inbox-top">
                                <strong>{format!("#{}", r.number)}</strong>
                                <span class=status_class(r.status)>{r.status.label()}</span>
                                {r.awaiting_verification.then(|| view! { <span class="tag">{i18n.t("detail.verifying")}</span> })}
                                <span class="wait" title=wib(r.holder_since)>
                                    {format!("{} {}", i18n.t("inbox.waited"), waited(r.holder_since, now))}
                                </span>
                            </div>
                            <div>{r.category_name.clone()}" · "{r.kelurahan_name.clone().unwrap_or_else(|| "—".into())}</div>
                            <div class="muted clamp">{r.description.clone()}</div>
                        </A>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
