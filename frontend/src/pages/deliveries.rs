//! Notification deliveries, for administrators: how many wait, failed or
//! gave up, the deliveries newest first (filtered by state, channel and
//! report, with "load more"), and sending one that is not delivered again
//! now.

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::live::use_live;
use crate::session::use_session;
use crate::widgets::{opt, ErrorNotice};
use crm_domain::api::{Delivery, DeliveryQuery, DeliveryState, DeliveryTarget, EventType};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The states the list filters by: the server's own, and `failed`
/// (pending after at least one failed attempt).
const STATES: [(&str, &str); 5] = [
    ("pending", "dlv.pending"),
    ("failed", "dlv.failed"),
    ("dead", "dlv.dead"),
    ("delivered", "dlv.delivered"),
    ("skipped", "dlv.skipped"),
];

fn event_key(t: EventType) -> &'static str {
    match t {
        EventType::ReportReceived => "event.report_received",
        EventType::StatusChanged => "event.status_changed",
        EventType::PublicNote => "event.public_note",
        EventType::EstimateSet => "event.estimate_set",
        EventType::StaffNotice => "event.staff_notice",
    }
}

/// Whether a pending delivery has failed before.
fn failed(d: &Delivery) -> bool {
    d.state == DeliveryState::Pending && d.attempts > 0
}

/// The badge of a delivery: its class and the i18n key of its label.
fn badge(d: &Delivery) -> (&'static str, &'static str) {
    if failed(d) {
        return ("badge badge-failed", "dlv.failed");
    }
    match d.state {
        DeliveryState::Pending => ("badge badge-pending", "dlv.pending"),
        DeliveryState::Delivered => ("badge badge-delivered", "dlv.delivered"),
        DeliveryState::Dead => ("badge badge-dead", "dlv.dead"),
        DeliveryState::Skipped => ("badge badge-skipped", "dlv.skipped"),
    }
}

/// The deliveries page.
#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = use_live();
    let channels = LocalResource::new(|| async { api::channels().await.unwrap_or_default() });
    let state = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let report = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<Delivery>::new());
    let next = RwSignal::new(None::<i64>);
    let counts = RwSignal::new(None::<(i64, i64, i64)>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let retried = RwSignal::new(None::<i64>);
    // The state filter of the rows shown (set when they arrive).
    let shown = RwSignal::new(String::new());
    // Bumped by every fresh load, so an older answer cannot overwrite a
    // newer one.
    let generation = StoredValue::new(0u64);

    let query = move |before: Option<i64>, limit: i64| DeliveryQuery {
        state: opt(state.get_untracked()),
        channel: opt(channel.get_untracked()),
        report: report
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse()
            .ok(),
        before,
        limit: Some(limit),
    };
    let load = move |more: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        if !more {
            generation.update_value(|g| *g += 1);
        }
        let mine = generation.get_value();
        let q = query(if more { next.get_untracked() } else { None }, 50);
        let filter = q.state.clone().unwrap_or_default();
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let got = api::deliveries(&token, &q).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match got {
                Ok(page) => {
                    if more {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next.set(page.next_before);
                    shown.set(filter);
                    counts.set(Some((page.pending, page.failed, page.dead)));
                }
                Err(e) => error.set(Some(e.detail)),
            }
            loading.set(false);
        });
    };
    // Fresh list whenever a filter changes, and with live events.
    Effect::new(move |_| {
        state.track();
        channel.track();
        report.track();
        live.track();
        load(false);
    });
    let retry = move |id: i64, busy: RwSignal<bool>| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        retried.set(None);
        let counts_q = query(None, 1);
        spawn_local(async move {
            match api::retry_delivery(&token, id).await {
                Ok(d) => {
                    items.update(|v| {
                        if let Some(x) = v.iter_mut().find(|x| x.id == d.id) {
                            *x = d;
                        }
                    });
                    retried.set(Some(id));
                    if let Ok(p) = api::deliveries(&token, &counts_q).await {
                        counts.set(Some((p.pending, p.failed, p.dead)));
                    }
                }
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };

    view! {
        <section id="deliveries-page">
            <div class="page-head">
                <h1>{move || i18n.t("dlv.title")}</h1>
                <button class="secondary" id="deliveries-refresh" on:click=move |_| load(false)>{move || i18n.t("inbox.refresh")}</button>
            </div>
            <p class="muted">{move || i18n.t("dlv.intro")}</p>
            {move || counts.get().map(|(p, f, d)| view! {
                <p class="cards" id="delivery-counts">
                    <span class="card"><span class="big" id="count-pending">{p}</span><span>{i18n.t("dlv.pending")}</span></span>
                    <span class="card"><span class="big" id="count-failed">{f}</span><span>{i18n.t("dlv.failed")}</span></span>
                    <span class="card"><span class="big" id="count-dead">{d}</span><span>{i18n.t("dlv.dead")}</span></span>
                </p>
            })}
            <div class="filters">
                <label>{move || i18n.t("dlv.state")}
                    <select id="delivery-state" on:change=move |ev| state.set(event_target_value(&ev)) prop:value=move || state.get()>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {STATES.into_iter().map(|(v, k)| view! { <option value=v>{move || i18n.t(k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("filter.channel")}
                    <select id="delivery-channel" on:change=move |ev| channel.set(event_target_value(&ev)) prop:value=move || channel.get()>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {move || channels.get().unwrap_or_default().into_iter()
                            .map(|c| view! { <option value=c.code.clone()>{c.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("dlv.report")}
                    <input id="delivery-report" type="search" inputmode="numeric" autocomplete="off"
                        prop:value=move || report.get() on:input=move |ev| report.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            {move || retried.get().map(|id| view! {
                <p class="ok" id="retry-done" role="status">{format!("#{id} {}", i18n.t("dlv.retried"))}</p>
            })}
            <div class="table-wrap">
                <table class="reports" id="deliveries" data-filter=move || shown.get()>
                    <thead><tr>
                        <th>"ID"</th>
                        <th>{move || i18n.t("dlv.event")}</th>
                        <th>{move || i18n.t("col.number")}</th>
                        <th>{move || i18n.t("col.channel")}</th>
                        <th>{move || i18n.t("dlv.target")}</th>
                        <th>{move || i18n.t("dlv.state")}</th>
                        <th>{move || i18n.t("dlv.attempts")}</th>
                        <th>{move || i18n.t("dlv.when")}</th>
                        <th>{move || i18n.t("dlv.error")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || items.get()
                            key=|d| (d.id, d.state, d.attempts, d.next_attempt_at, d.delivered_at)
                            children=move |d| view! { <DeliveryRow d retry/> }/>
                    </tbody>
                </table>
            </div>
            <Show when=move || !loading.get() && items.with(|v| v.is_empty()) && error.get().is_none()>
                <p class="notice" id="deliveries-empty">{move || i18n.t("dlv.empty")}</p>
            </Show>
            <div class="more">
                <Show when=move || loading.get()>
                    <span class="muted">{move || i18n.t("list.loading")}</span>
                </Show>
                <Show when=move || next.get().is_some() && !loading.get()>
                    <button class="secondary" id="load-more" on:click=move |_| load(true)>{move || i18n.t("list.more")}</button>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn DeliveryRow(d: Delivery, retry: impl Fn(i64, RwSignal<bool>) + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let id = d.id;
    let (class, key) = badge(&d);
    // Dead, waiting or skipped (say, before the channel had a webhook): all
    // go back in line; a delivered one is done.
    let can_retry = d.state != DeliveryState::Delivered;
    let target = match d.target {
        DeliveryTarget::Webhook => "dlv.webhook",
        DeliveryTarget::Email => "dlv.email",
        DeliveryTarget::Sms => "dlv.sms",
    };
    let when = move || match (d.state, d.delivered_at, d.next_attempt_at) {
        (DeliveryState::Delivered, Some(t), _) => format!("{} {}", i18n.t("dlv.sent"), wib(t)),
        (DeliveryState::Pending, _, Some(t)) => format!("{} {}", i18n.t("dlv.next"), wib(t)),
        _ => i18n.t("common.none").to_string(),
    };
    view! {
        <tr class="delivery" class:failed=failed(&d) data-id=id.to_string() data-state=d.state.as_str()
            data-report=d.report_number.to_string() data-attempts=d.attempts.to_string()
            data-next=d.next_attempt_at.map(|t| t.to_rfc3339()).unwrap_or_default()>
            <td class="num">{id}</td>
            <td>{move || i18n.t(event_key(d.kind))}</td>
            <td><A href=format!("/laporan/{}", d.report_number)>{format!("#{}", d.report_number)}</A></td>
            <td>{d.channel.clone()}</td>
            <td>{move || i18n.t(target)}</td>
            <td><span class=class>{move || i18n.t(key)}</span></td>
            <td class="num attempts">{d.attempts}</td>
            <td class="when">{when}</td>
            <td class="last-error"><span class="muted clamp">{d.last_error.clone().unwrap_or_else(|| "—".into())}</span></td>
            <td>{can_retry.then(|| view! {
                <button class="secondary retry" data-id=id.to_string() disabled=move || busy.get()
                    on:click=move |_| retry(id, busy)>
                    {move || i18n.t("dlv.retry")}
                </button>
            })}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn delivery(state: DeliveryState, attempts: i32) -> Delivery {
        Delivery {
            id: 1,
            event_id: "e".into(),
            kind: EventType::ReportReceived,
            target: DeliveryTarget::Webhook,
            channel: "qlue".into(),
            report_number: 7,
            state,
            attempts,
            created_at: Utc::now(),
            next_attempt_at: None,
            delivered_at: None,
            last_error: None,
        }
    }

    #[test]
    fn a_pending_delivery_that_failed_reads_as_failed() {
        assert_eq!(badge(&delivery(DeliveryState::Pending, 0)).1, "dlv.pending");
        assert_eq!(badge(&delivery(DeliveryState::Pending, 2)).1, "dlv.failed");
        assert_eq!(badge(&delivery(DeliveryState::Dead, 8)).1, "dlv.dead");
        assert_eq!(
            badge(&delivery(DeliveryState::Delivered, 1)).1,
            "dlv.delivered"
        );
    }

    #[test]
    fn every_state_filter_has_both_languages() {
        use crate::i18n::{tr, Lang};
        for (_, key) in STATES {
            assert_ne!(tr(Lang::Id, key), key);
            assert_ne!(tr(Lang::Id, key), tr(Lang::En, key));
        }
    }
}
