//! Public tracking, no sign-in: a search box for a report number, and the
//! report's public history with unit names, times, public notes, follow-up
//! photos and the estimate date. The API's public view has no reporter and
//! no internal notes, so this page cannot show them.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::action_key;
use crate::i18n::use_i18n;
use crate::widgets::ErrorNotice;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The search box.
#[component]
fn TrackSearch() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let number = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let n: String = number
            .get_untracked()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if !n.is_empty() {
            navigate(&format!("/lacak/{n}"), Default::default());
        }
    };
    view! {
        <form class="track-search" id="track-form" on:submit=submit>
            <label for="track-number">{move || i18n.t("track.number")}</label>
            <div class="inline">
                <input id="track-number" type="search" inputmode="numeric" placeholder="1044857" required bind:value=number/>
                <button type="submit" id="track-submit">{move || i18n.t("track.search")}</button>
            </div>
        </form>
    }
}

/// The public landing page.
#[component]
pub fn TrackLanding() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card track">
            <h1>{move || i18n.t("track.title")}</h1>
            <p>{move || i18n.t("track.intro")}</p>
            <TrackSearch/>
        </section>
    }
}

/// One report in public.
#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let report = LocalResource::new(move || {
        let n = number();
        async move { api::track(&n).await }
    });
    view! {
        <section class="card track">
            <TrackSearch/>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => view! {
                        <div id="public-report" data-number=r.number.to_string()>
                            <header class="report-head">
                                <h1>{format!("Laporan #{}", r.number)}</h1>
                                <span class=status_class(r.status) id="public-status">{r.status.label()}</span>
                            </header>
                            <p class="muted">{r.category_name.clone()}" · "{wib(r.received_at)}" · "{r.kelurahan_name.clone().unwrap_or_default()}</p>
                            <p>{r.description.clone()}</p>
                            {r.holder_name.clone().map(|h| view! { <p><strong>{move || i18n.t("col.holder")}</strong>": "{h}</p> })}
                            {r.estimate_at.map(|e| view! { <p class="notice" id="public-estimate"><strong>{move || i18n.t("detail.estimate")}</strong>": "{wib(e)}</p> })}
                            <h2>{move || i18n.t("detail.history")}</h2>
                            <ol class="timeline" id="public-history">
                                {r.history.into_iter().map(|h| view! {
                                    <li data-kind=h.kind.as_str()>
                                        <div class="when">{wib(h.at)}</div>
                                        <div>
                                            <span class=status_class(h.status)>{h.status.label()}</span>
                                            " "<strong>{move || i18n.t(action_key(h.kind))}</strong>
                                            " · "{h.unit_name.clone().unwrap_or_else(|| i18n.t("detail.triage").to_string())}
                                            {h.to_unit_name.clone().map(|t| format!(" → {t}"))}
                                        </div>
                                        {h.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                                        {(!h.photos.is_empty()).then(|| view! {
                                            <div class="photos">
                                                {h.photos.into_iter().map(|p| view! {
                                                    <a href=p.url.clone() target="_blank" rel="noopener"><img src=p.thumb_url alt="Foto tindak lanjut" loading="lazy"/></a>
                                                }).collect_view()}
                                            </div>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        </div>
                    }.into_any(),
                    Err(e) if e.status == 404 => view! { <p class="notice" id="public-missing">{i18n.t("track.missing")}</p> }.into_any(),
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
