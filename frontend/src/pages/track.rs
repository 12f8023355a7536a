//! Public tracking, no sign-in: a search box for a report number, and the
//! report's public history with unit names, times, public notes, follow-up
//! photos and the estimate date. The API's public view has no reporter and
//! no internal notes, so this page cannot show them. Opened with the
//! reporter's link (`?kode=…`), a hidden report shows in full and, once it
//! is done, the reporter can rate it and say whether it was fixed.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::public_key;
use crate::i18n::use_i18n;
use crate::messages::status_name;
use crate::widgets::ErrorNotice;
use crm_domain::api::FeedbackRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

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
            <p><A href="/statistik" attr:id="to-public-stats">{move || i18n.t("pstats.link")}</A></p>
        </section>
    }
}

/// The reporter's feedback form: stars, a comment, and "is it fixed?".
#[component]
fn FeedbackForm(number: i64, code: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let stars = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let fixed = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if stars.get_untracked() == 0 {
            error.set(Some(i18n.t("fb.need_stars").to_string()));
            return;
        }
        let body = FeedbackRequest {
            code: code.clone(),
            stars: stars.get_untracked(),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
            fixed: fixed.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::feedback(number, &body).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card feedback" id="feedback-form" on:submit=submit>
            <h2>{move || i18n.t("fb.title")}</h2>
            <fieldset class="stars">
                <legend>{move || i18n.t("fb.stars")}</legend>
                {(1u8..=5).map(|n| view! {
                    <label class="star">
                        <input type="radio" name="stars" id=format!("star-{n}") value=n.to_string()
                            on:change=move |_| stars.set(n)/>
                        {"★".repeat(usize::from(n))}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("fb.fixed")}</legend>
                <label><input type="radio" name="fixed" id="fixed-yes" on:change=move |_| fixed.set(Some(true))/>{move || i18n.t("fb.yes")}</label>
                <label><input type="radio" name="fixed" id="fixed-no" on:change=move |_| fixed.set(Some(false))/>{move || i18n.t("fb.no")}</label>
            </fieldset>
            <label for="fb-comment">{move || i18n.t("fb.comment")}</label>
            <textarea id="fb-comment" maxlength="2000" bind:value=comment></textarea>
            {move || error.get().map(|d| view! { <ErrorNotice detail=d/> })}
            <button type="submit" id="feedback-submit" disabled=move || busy.get()>{move || i18n.t("fb.send")}</button>
        </form>
    }
}

/// One report in public.
#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let code = move || query.read().get("kode").filter(|c| !c.trim().is_empty());
    let thanks = RwSignal::new(false);
    let report = LocalResource::new(move || {
        let (n, c) = (number(), code());
        async move { api::track(&n, c.as_deref()).await }
    });
    let on_done = Callback::new(move |()| {
        thanks.set(true);
        report.refetch();
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
                                <span class=status_class(r.status) id="public-status">{let s = r.status; move || status_name(i18n.lang(), s)}</span>
                            </header>
                            {(!r.full).then(|| view! { <p class="notice" id="public-outline">{move || i18n.t("track.outline")}</p> })}
                            <p class="muted">{r.category_name.clone().unwrap_or_default()}" · "{wib(r.received_at)}" · "{r.kelurahan_name.clone().unwrap_or_default()}</p>
                            {r.description.clone().map(|d| view! { <p>{d}</p> })}
                            {move || thanks.get().then(|| view! { <p class="notice success" id="feedback-thanks">{i18n.t("fb.thanks")}</p> })}
                            {r.rating.map(|s| view! { <p id="public-rating"><strong>{move || i18n.t("fb.your_rating")}</strong>": "{"★".repeat(usize::try_from(s).unwrap_or(0))}</p> })}
                            {match (r.feedback_open, code()) {
                                (true, Some(c)) => Some(view! { <FeedbackForm number=r.number code=c on_done=on_done/> }),
                                _ => None,
                            }}
                            {r.holder_name.clone().map(|h| view! { <p><strong>{move || i18n.t("col.holder")}</strong>": "{h}</p> })}
                            {r.estimate_at.map(|e| view! { <p class="notice" id="public-estimate"><strong>{move || i18n.t("detail.estimate")}</strong>": "{wib(e)}</p> })}
                            <h2>{move || i18n.t("detail.history")}</h2>
                            <ol class="timeline" id="public-history">
                                {r.history.into_iter().map(|h| view! {
                                    <li data-kind=h.kind.as_str()>
                                        <div class="when">{wib(h.at)}</div>
                                        <div>
                                            <strong>{move || i18n.t(public_key(h.kind))}</strong>" "
                                            <span class=status_class(h.status)>{let s = h.status; move || status_name(i18n.lang(), s)}</span>
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
