//! Workload: open reports per unit (drilling down from the city or the
//! user's unit, with how many wait, are unassigned or late, and the oldest)
//! and, for a unit, per officer with their reports, where the unit head
//! reassigns them.

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::live::use_live;
use crate::messages::status_name;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use crm_domain::api::{ReportQuery, Unit};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The workload page.
#[component]
pub fn WorkloadPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = use_live();
    let unit = RwSignal::new(None::<String>);
    let officer = RwSignal::new(None::<String>);
    let changed = RwSignal::new(0u32);
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let parent_of = move |code: &str| -> Option<String> {
        units
            .get()
            .unwrap_or_default()
            .iter()
            .find(|u: &&Unit| u.code == code)
            .and_then(|u| u.parent_code.clone())
    };
    let board = LocalResource::new(move || {
        live.track();
        changed.track();
        let (u, t) = (unit.get(), session.token.get());
        async move { Some(api::unit_load(&t?, u.as_deref()).await) }
    });
    // The unit whose officers are listed: the chosen one, or my own.
    let staff_unit = move || {
        unit.get()
            .or_else(|| session.me.get().and_then(|m| m.unit_code))
    };
    let officers = LocalResource::new(move || {
        live.track();
        changed.track();
        let (u, t) = (staff_unit(), session.token.get());
        async move { Some(api::workload(&t?, &u?).await) }
    });
    let assigned = LocalResource::new(move || {
        changed.track();
        let (o, u, t) = (officer.get(), staff_unit(), session.token.get());
        async move {
            let q = ReportQuery {
                assignee: Some(o?),
                unit: u,
                limit: Some(100),
                ..Default::default()
            };
            Some(api::reports(&t?, &q).await)
        }
    });
    let error = RwSignal::new(None::<String>);
    let reassign = move |number: i64, to: String| {
        let Some(t) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::act(&t, number, "assign", &serde_json::json!({ "officer": to })).await {
                Ok(_) => {
                    error.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    view! {
        <section id="workload-page">
            <h1>{move || i18n.t("work.title")}</h1>
            {move || board.get().flatten().map(|r| match r {
                Ok(b) => {
                    let here = b.unit.unit_code.clone();
                    // Up only from a unit the user drilled into (their own
                    // unit is the top of their scope).
                    let up = (unit.get_untracked().is_some() && !here.is_empty()).then(|| parent_of(&here));
                    view! {
                        <p>
                            <strong id="workload-unit">{b.unit.unit_name.clone()}</strong>
                            {format!(": {} {} · {} {} · {} {} · {} {}",
                                b.unit.open, i18n.t("work.open"), b.unit.waiting, i18n.t("work.waiting"),
                                b.unit.unassigned, i18n.t("work.unassigned"), b.unit.late, i18n.t("work.late"))}
                            {up.map(|p| view! { " " <button class="link" id="workload-up" on:click=move |_| { officer.set(None); unit.set(p.clone()) }>{i18n.t("work.up")}</button> })}
                        </p>
                        <h2>{i18n.t("work.units")}</h2>
                        <div class="table-wrap">
                            <table class="reports" id="workload-units">
                                <thead><tr>
                                    <th>{i18n.t("work.unit")}</th><th>{i18n.t("work.open")}</th><th>{i18n.t("work.waiting")}</th>
                                    <th>{i18n.t("work.unassigned")}</th><th>{i18n.t("work.late")}</th><th>{i18n.t("work.oldest")}</th>
                                </tr></thead>
                                <tbody>
                                    {b.children.into_iter().filter(|c| c.open > 0).map(|c| {
                                        let code = c.unit_code.clone();
                                        let late = c.late > 0;
                                        view! {
                                            <tr>
                                                <td><button class="link" on:click=move |_| { officer.set(None); unit.set(Some(code.clone())) }>
                                                    {crate::widgets::level_and_name(c.level, &c.unit_name)}</button></td>
                                                <td class="num"><A href=format!("/laporan?unit={}", c.unit_code)>{c.open}</A></td>
                                                <td class="num"><A href=format!("/laporan?unit={}&status=menunggu", c.unit_code)>{c.waiting}</A></td>
                                                <td class="num">{c.unassigned}</td>
                                                <td class="num" class:late=late>{c.late}</td>
                                                <td>{c.oldest_since.map(wib).unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            {move || officers.get().flatten().and_then(Result::ok).filter(|w| !w.officers.is_empty()).map(|w| {
                let names: Vec<(String, String)> = w.officers.iter().map(|o| (o.username.clone(), o.full_name.clone())).collect();
                let names = StoredValue::new(names);
                view! {
                    <h2>{format!("{} · {}", i18n.t("work.officers"), w.unit_name)}</h2>
                    <div class="table-wrap">
                        <table class="reports" id="workload">
                            <thead><tr>
                                <th>{i18n.t("act.officer")}</th>
                                <th>{i18n.t("work.open")}</th>
                                <th>{i18n.t("work.oldest")}</th>
                            </tr></thead>
                            <tbody>
                                {w.officers.into_iter().map(|o| {
                                    let u = o.username.clone();
                                    view! {
                                        <tr>
                                            <td><button class="link" on:click=move |_| officer.set(Some(u.clone()))>{o.full_name}</button></td>
                                            <td class="num">{o.open}</td>
                                            <td>{o.oldest_since.map(wib).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
                    {move || assigned.get().flatten().and_then(Result::ok).map(|page| view! {
                        <h3>{i18n.t("work.assigned")}</h3>
                        <ul class="assigned" id="assigned">
                            {page.items.into_iter().filter(|r| r.status.is_open()).map(|r| {
                                let to = RwSignal::new(String::new());
                                let number = r.number;
                                view! {
                                    <li>
                                        <A href=format!("/laporan/{}", r.number)>{format!("#{}", r.number)}</A>" "
                                        <span class=status_class(r.status)>{let s = r.status; move || status_name(i18n.lang(), s)}</span>" "
                                        {r.category_name}" "
                                        <select on:change=move |ev| to.set(event_target_value(&ev))>
                                            <option value="">"—"</option>
                                            {names.get_value().into_iter().map(|(u, n)| view! { <option value=u>{n}</option> }).collect_view()}
                                        </select>
                                        <button class="secondary" on:click=move |_| { let t = to.get_untracked(); if !t.is_empty() { reassign(number, t) } }>
                                            {i18n.t("work.reassign")}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                }
            })}
        </section>
    }
}
