//! The inbox: what my unit must act on, what waits first and oldest first,
//! with how long each has waited and how long is left of its response
//! target ("sisa 2 jam", "lewat 3 jam"), filtered to what waits or what is
//! late. The Monitoring Room sees its triage here, verifiers their queue.
//! It comes a page at a time: "Muat lebih banyak" adds the next.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::messages::status_name;
use crate::session::use_session;
use crate::widgets::{waited, ErrorNotice, FlashNotice};
use chrono::Utc;
use crm_domain::api::ReportSummary;
use crm_domain::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = crate::live::use_live();
    // The pages after the first, and where the next one starts.
    let more = RwSignal::new(Vec::<ReportSummary>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let more_error = RwSignal::new(None::<String>);
    // Live changes refresh the first page while it is all that is shown; an
    // officer who has loaded more keeps the list still until "Muat ulang".
    let changed = RwSignal::new(0u32);
    Effect::new(move |before: Option<()>| {
        live.track();
        // Its first run is the page opening, which fetches anyway.
        if before.is_some() && more.with_untracked(Vec::is_empty) {
            changed.update(|n| *n = n.wrapping_add(1));
        }
    });
    let inbox = LocalResource::new(move || {
        changed.track();
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::inbox(&t, None).await,
                None => Err(api::ApiError::signed_out()),
            }
        }
    });
    // A new first page starts the later pages again; a page asked for
    // before it (still on its way) is dropped when it comes.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let first = inbox.get();
        generation.update_value(|g| *g = g.wrapping_add(1));
        more.set(Vec::new());
        more_error.set(None);
        loading.set(false);
        next.set(first.and_then(|r| r.ok()).and_then(|page| page.next_cursor));
    });
    let load_more = move |_| {
        if loading.get_untracked() {
            return;
        }
        let (Some(token), Some(cursor)) = (session.token.get_untracked(), next.get_untracked())
        else {
            return;
        };
        let asked_in = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let answer = api::inbox(&token, Some(&cursor)).await;
            if generation.get_value() != asked_in {
                return;
            }
            match answer {
                Ok(page) => {
                    more.update(|v| v.extend(page.items));
                    next.set(page.next_cursor);
                }
                Err(e) => more_error.set(Some(e.detail)),
            }
            loading.set(false);
        });
    };
    // The response target in force (an administrator's setting).
    let response_hours = LocalResource::new(move || {
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::settings(&t)
                    .await
                    .map(|v| v.current.settings.response_hours)
                    .unwrap_or(6.0),
                None => 6.0,
            }
        }
    });
    let show = RwSignal::new(String::new());
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
            <FlashNotice/>
            <div class="filters">
                <label>{move || i18n.t("inbox.show")}
                    <select id="inbox-show" on:change=move |ev| show.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("inbox.show_all")}</option>
                        <option value="waiting">{move || i18n.t("inbox.show_waiting")}</option>
                        <option value="late">{move || i18n.t("inbox.show_late")}</option>
                    </select>
                </label>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
                {move || inbox.get().map(|r| match r {
                    Ok(page) if page.items.is_empty() => view! { <p class="notice" id="inbox-empty">{i18n.t("inbox.empty")}</p> }.into_any(),
                    Ok(page) => {
                        let mut items = page.items;
                        items.extend(more.get());
                        // A verifier works through the queue with the evidence in view.
                        if session.me.get_untracked().is_some_and(|m| m.role == Role::Verifier) {
                            view! { <super::verify::VerifyQueue items/> }.into_any()
                        } else {
                            let hours = response_hours.get().unwrap_or(6.0);
                            view! { <InboxList items hours show=show.get()/> }.into_any()
                        }
                    }
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </Suspense>
            {move || more_error.get().map(|detail| view! { <ErrorNotice detail/> })}
            <div class="more">
                <Show when=move || loading.get()>
                    <span class="muted">{move || i18n.t("list.loading")}</span>
                </Show>
                <Show when=move || next.get().is_some() && !loading.get()>
                    <button class="secondary" id="inbox-more" on:click=load_more>{move || i18n.t("list.more")}</button>
                </Show>
            </div>
        </section>
    }
}

/// How long is left of a target, or how long it is past.
fn due_text(
    due: chrono::DateTime<Utc>,
    now: chrono::DateTime<Utc>,
    i18n: crate::i18n::I18n,
) -> String {
    let (word, from, to) = if now < due {
        (i18n.t("inbox.left"), now, due)
    } else {
        (i18n.t("inbox.past"), due, now)
    };
    let mins = (to - from).num_minutes().max(0);
    let span = if mins >= 2 * 1440 {
        format!("{} {}", mins / 1440, i18n.t("inbox.days"))
    } else if mins >= 60 {
        format!("{} {}", mins / 60, i18n.t("inbox.hours"))
    } else {
        format!("{mins} {}", i18n.t("inbox.minutes"))
    };
    format!("{word} {span}")
}

#[component]
fn InboxList(items: Vec<ReportSummary>, hours: f64, show: String) -> impl IntoView {
    let i18n = use_i18n();
    let now = Utc::now();
    let target = chrono::Duration::milliseconds((hours * 3_600_000.0) as i64);
    let waits = |r: &ReportSummary| {
        matches!(
            r.status,
            crm_domain::ReportStatus::Menunggu | crm_domain::ReportStatus::Disposisi
        )
    };
    let items: Vec<ReportSummary> = items
        .into_iter()
        .filter(|r| match show.as_str() {
            "waiting" => waits(r),
            "late" => waits(r) && now >= r.holder_since + target,
            _ => true,
        })
        .collect();
    view! {
        {items.is_empty().then(|| view! { <p class="notice" id="inbox-none-shown">{i18n.t("inbox.none_shown")}</p> })}
        <ul class="inbox" id="inbox">
            {items.into_iter().map(|r| {
                let waiting = waits(&r);
                let due = r.holder_since + target;
                let late = waiting && now >= due;
                view! {
                    <li class:late=late data-number=r.number.to_string()>
                        <A href=format!("/laporan/{}", r.number)>
                            <div class="inbox-top">
                                <strong>{format!("#{}", r.number)}</strong>
                                <span class=status_class(r.status)>{let s = r.status; move || status_name(i18n.lang(), s)}</span>
                                {r.awaiting_verification.then(|| view! { <span class="tag">{i18n.t("detail.verifying")}</span> })}
                                <span class="wait" title=wib(r.holder_since)>
                                    {format!("{} {}", i18n.t("inbox.waited"), waited(r.holder_since, now))}
                                </span>
                                {waiting.then(|| view! {
                                    <span class="due" class:late=late title=wib(due)>{due_text(due, now, i18n)}</span>
                                })}
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
