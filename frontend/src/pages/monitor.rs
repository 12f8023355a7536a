//! The early-warning page: reports past or near their time targets and
//! those still Menunggu (marking night and weekend arrivals), for the
//! user's area or a unit within it; live. And the user's notifications.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::live::use_live;
use crate::messages::status_name;
use crate::session::use_session;
use crate::widgets::{waited, ErrorNotice, UnitPicker};
use chrono::Utc;
use crm_domain::api::{
    Notification, NotificationKind, ReadRequest, TargetItem, TargetKind, TargetStanding,
    WaitingItem,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

fn target_key(t: TargetKind) -> &'static str {
    match t {
        TargetKind::Response => "target.response",
        TargetKind::NoAction => "target.no_action",
        TargetKind::Completion => "target.completion",
    }
}

#[component]
fn TargetRows(id: &'static str, items: Vec<TargetItem>) -> impl IntoView {
    let i18n = use_i18n();
    let now = Utc::now();
    view! {
        <div class="table-wrap">
            <table class="reports" id=id>
                <thead><tr>
                    <th>{i18n.t("col.number")}</th>
                    <th>{i18n.t("col.status")}</th>
                    <th>{i18n.t("col.holder")}</th>
                    <th>{i18n.t("target.which")}</th>
                    <th>{i18n.t("target.due")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|it| {
                        let r = it.report;
                        view! {
                            <tr>
                                <td><A href=format!("/laporan/{}", r.number)>{format!("#{}", r.number)}</A></td>
                                <td><span class=status_class(r.status)>{let s = r.status; move || status_name(i18n.lang(), s)}</span></td>
                                <td>{r.holder_name.unwrap_or_else(|| "Triase".into())}</td>
                                <td>{it.clocks.iter().map(|c| view! {
                                    <span class=if c.standing == TargetStanding::Past { "badge badge-late" } else { "badge badge-near" }>
                                        {i18n.t(target_key(c.target))}
                                    </span>" "
                                }).collect_view()}</td>
                                <td>{it.clocks.iter().map(|c| {
                                    if c.due <= now {
                                        format!("{} {}", i18n.t("target.late_by"), waited(c.due, now))
                                    } else {
                                        format!("{} {}", i18n.t("target.left"), waited(now, c.due))
                                    }
                                }).collect::<Vec<_>>().join(" · ")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn WaitingRows(items: Vec<WaitingItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="reports" id="targets-waiting">
                <thead><tr>
                    <th>{i18n.t("col.number")}</th>
                    <th>{i18n.t("col.holder")}</th>
                    <th>{i18n.t("target.arrived")}</th>
                    <th>{i18n.t("target.waiting")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|w| {
                        let r = w.report;
                        let late = w.hours_waiting >= 6.0;
                        view! {
                            <tr class:late=late>
                                <td><A href=format!("/laporan/{}", r.number)>{format!("#{}", r.number)}</A></td>
                                <td>{r.holder_name.unwrap_or_else(|| "Triase".into())}</td>
                                <td>
                                    {wib(r.holder_since)}
                                    {w.overnight.then(|| view! { " " <span class="badge badge-night">{i18n.t("target.night")}</span> })}
                                    {w.weekend.then(|| view! { " " <span class="badge badge-weekend">{i18n.t("target.weekend")}</span> })}
                                </td>
                                <td>{format!("{:.1} j", w.hours_waiting)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// "Showing N of M" under a list cut to its first page.
fn shown_of(shown: usize, total: u64, words: &'static str) -> Option<impl IntoView> {
    ((shown as u64) < total)
        .then(|| view! { <p class="muted">{format!("{words} {shown} / {total}")}</p> })
}

/// The early-warning page.
#[component]
pub fn MonitorPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = use_live();
    let unit = RwSignal::new(String::new());
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let board = LocalResource::new(move || {
        live.track();
        let (u, t) = (unit.get(), session.token.get());
        async move {
            let t = t?;
            Some(api::targets(&t, Some(u.as_str()).filter(|u| !u.is_empty())).await)
        }
    });
    let unit_list = Signal::derive(move || units.get().unwrap_or_default());
    view! {
        <section id="monitor">
            <div class="page-head">
                <h1>{move || i18n.t("target.title")}</h1>
                <span class="live-dot">{move || i18n.t("dash.live")}</span>
            </div>
            <div class="filters">
                <label>{move || i18n.t("dash.area")}
                    <UnitPicker units=unit_list value=unit id="targets-unit"
                        placeholder=Signal::derive(move || i18n.t("dash.all_area").to_string())/>
                </label>
            </div>
            {move || board.get().flatten().map(|r| match r {
                Ok(b) => view! {
                    <p class="cards">
                        <span class="card"><span class="big" id="count-near">{b.near_total}</span><span>{i18n.t("target.near")}</span></span>
                        <span class="card"><span class="big" id="count-past">{b.past_total}</span><span>{i18n.t("target.past")}</span></span>
                        <span class="card"><span class="big" id="count-waiting">{b.waiting_total}</span><span>{i18n.t("target.still_waiting")}</span></span>
                    </p>
                    // What can still be saved first: near its target, then past.
                    <h2>{i18n.t("target.near")}</h2>
                    <TargetRows id="targets-near" items=b.near.clone()/>
                    {shown_of(b.near.len(), b.near_total, i18n.t("target.shown_of"))}
                    <h2>{i18n.t("target.past")}</h2>
                    <TargetRows id="targets-past" items=b.past.clone()/>
                    {shown_of(b.past.len(), b.past_total, i18n.t("target.shown_of"))}
                    <h2>{i18n.t("target.still_waiting")}</h2>
                    <WaitingRows items=b.waiting.clone()/>
                    {shown_of(b.waiting.len(), b.waiting_total, i18n.t("target.shown_of"))}
                }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
        </section>
    }
}

/// My notifications, newest first, a page at a time, with "mark all read".
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = use_live();
    let marked = RwSignal::new(0u32);
    let rows = RwSignal::new(None::<Vec<Notification>>);
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let load = move |more: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let cursor = if more { next.get_untracked() } else { None };
        spawn_local(async move {
            match api::notifications(&token, cursor.as_deref(), None).await {
                Ok(page) => {
                    error.set(None);
                    next.set(page.next_cursor);
                    if more {
                        rows.update(|r| r.get_or_insert_with(Vec::new).extend(page.items));
                    } else {
                        rows.set(Some(page.items));
                    }
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    // The first page again on every change the live stream reports.
    Effect::new(move |_| {
        live.track();
        marked.track();
        load(false);
    });
    let mark_all = move |_| {
        if let Some(t) = session.token.get_untracked() {
            spawn_local(async move {
                let _ = api::mark_read(
                    &t,
                    &ReadRequest {
                        ids: vec![],
                        all: true,
                    },
                )
                .await;
                marked.update(|n| *n += 1);
            });
        }
    };
    view! {
        <section id="notifications">
            <div class="page-head">
                <h1>{move || i18n.t("notif.title")}</h1>
                <button class="secondary" id="mark-all" on:click=mark_all>{move || i18n.t("notif.mark_all")}</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            {move || rows.get().map(|items| if items.is_empty() {
                view! { <p class="notice">{i18n.t("notif.empty")}</p> }.into_any()
            } else {
                view! {
                    <ul class="notifications">
                        {items.into_iter().map(|n| {
                            let what = match (n.kind, n.target, n.standing) {
                                (NotificationKind::NewReport, _, _) => i18n.t("notif.new_report").to_string(),
                                (NotificationKind::Review, _, _) => i18n.t("notif.review").to_string(),
                                (NotificationKind::DuplicateRequest, _, _) => i18n.t("notif.duplicate").to_string(),
                                (NotificationKind::Coordination, _, _) => i18n.t("notif.coordination").to_string(),
                                (_, Some(t), Some(TargetStanding::Past)) => format!("{}: {}", i18n.t("target.past"), i18n.t(target_key(t))),
                                (_, Some(t), _) => format!("{}: {}", i18n.t("target.near"), i18n.t(target_key(t))),
                                _ => i18n.t("notif.warning").to_string(),
                            };
                            view! {
                                <li class:unread=!n.read>
                                    <A href=format!("/laporan/{}", n.report_number)>{format!("#{}", n.report_number)}</A>
                                    " · " {what}
                                    {n.unit_name.map(|u| format!(" · {u}"))}
                                    <small class="muted">{format!(" · {}", wib(n.created_at))}</small>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            {move || next.get().map(|_| view! {
                <button class="secondary" id="notifications-more" on:click=move |_| load(true)>{i18n.t("list.more")}</button>
            })}
        </section>
    }
}

/// The unread count in the header, live.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let count = LocalResource::new(move || {
        live.track();
        let t = session.token.get();
        // One item is enough to learn the unread count.
        async move {
            api::notifications(&t?, None, Some(1))
                .await
                .ok()
                .map(|p| p.unread)
        }
    });
    view! {
        <A href="/notifikasi" attr:id="bell" attr:class="bell" attr:title="Notifikasi">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/>
            </svg>
            {move || count.get().flatten().filter(|n| *n > 0).map(|n| view! { <span class="count" id="bell-count">{n}</span> })}
        </A>
    }
}
