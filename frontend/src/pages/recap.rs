//! The recap page: a kota's month as the city's own recap lays it out
//! (reports completed with the geotag split, kecamatan and kelurahan
//! rankings with grades, the TKD score, top categories and units, channel
//! share) or its year table; printable, and downloadable as Excel.

use crate::api;
use crate::format::two;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use chrono::{Datelike, Utc};
use crm_domain::api::{MonthRecap, Ranked, RecapRank, Share, YearRecap};
use crm_domain::period::Period;
use crm_domain::UnitLevel;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
fn RankRows(id: &'static str, rows: Vec<RecapRank>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="reports" id=id>
            <thead><tr>
                <th>"No"</th><th>{i18n.t("work.unit")}</th><th>{i18n.t("score.grade")}</th>
                <th>{i18n.t("score.final")}</th><th>{i18n.t("score.total")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr><td>{r.rank}</td><td>{r.unit_name}</td><td>{r.grade}</td>
                        <td class="num">{two(r.final_score)}</td><td class="num">{r.total}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Tops(categories: Vec<Ranked>, units: Vec<Ranked>, channels: Vec<Share>) -> impl IntoView {
    let i18n = use_i18n();
    let list = |rows: Vec<Ranked>| {
        rows.into_iter()
            .map(|r| view! { <li>{format!("{} — {}", r.name, r.count)}</li> })
            .collect_view()
    };
    view! {
        <div class="grid3">
            <div class="panel"><h3>{i18n.t("dash.top_categories")}</h3><ol id="recap-categories">{list(categories)}</ol></div>
            <div class="panel"><h3>{i18n.t("dash.top_units")}</h3><ol id="recap-units">{list(units)}</ol></div>
            <div class="panel"><h3>{i18n.t("dash.channels")}</h3>
                <ul id="recap-channels">{channels.into_iter().map(|c| view! {
                    <li>{format!("{} — {} ({}%)", c.name, c.count, two(c.percent))}</li>
                }).collect_view()}</ul>
            </div>
        </div>
    }
}

#[component]
fn MonthView(r: MonthRecap) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="recap-heading">{format!("{} · {}", r.kota_name, r.period)}</h2>
        <h3>"1. " {i18n.t("recap.count")}</h3>
        <table class="reports" id="recap-counts">
            <thead><tr><th>"No"</th><th>"Data"</th><th>{i18n.t("recap.count")}</th><th>"Status"</th></tr></thead>
            <tbody>
                <tr><td>"1"</td><td>{i18n.t("recap.geotag")}</td><td class="num">{r.completed_geotagged}</td><td>{i18n.t("recap.completed")}</td></tr>
                <tr><td>"2"</td><td>{i18n.t("recap.nongeotag")}</td><td class="num">{r.completed_not_geotagged}</td><td>{i18n.t("recap.completed")}</td></tr>
            </tbody>
        </table>
        <p>{format!("{} {} · {} {}", r.received, i18n.t("dash.total"), r.completed, i18n.t("recap.completed"))}</p>
        <h3>"2. " {i18n.t("recap.kecamatan")}</h3>
        <RankRows id="recap-kecamatan" rows=r.kecamatan/>
        <h3>"3. " {i18n.t("recap.kel_top")}</h3>
        <RankRows id="recap-kel-top" rows=r.kelurahan_top/>
        <h3>{i18n.t("recap.kel_bottom")}</h3>
        <RankRows id="recap-kel-bottom" rows=r.kelurahan_bottom/>
        <h3>"4. " {i18n.t("recap.tkd")}</h3>
        <p id="recap-score">
            {match (r.final_score, r.grade) {
                (Some(s), Some(g)) => format!("{} · {}", two(s), g),
                _ => "—".into(),
            }}
            " "
            <small class="muted">{if r.frozen { i18n.t("score.frozen") } else { i18n.t("score.live") }}</small>
        </p>
        <Tops categories=r.top_categories units=r.top_units channels=r.by_channel/>
    }
}

#[component]
fn YearView(r: YearRecap) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="recap-heading">{format!("{} · {}", r.kota_name, r.year)}</h2>
        <h3>{i18n.t("recap.year_table")}</h3>
        <table class="reports" id="recap-year">
            <thead><tr>
                <th>"No"</th><th>{i18n.t("recap.month")}</th><th>{i18n.t("recap.count")}</th>
                <th>{i18n.t("recap.completed")}</th><th>{i18n.t("score.final")}</th><th>{i18n.t("score.grade")}</th>
            </tr></thead>
            <tbody>
                {r.months.into_iter().enumerate().map(|(i, m)| view! {
                    <tr><td>{i + 1}</td><td>{m.period}</td><td class="num">{m.received}</td><td class="num">{m.completed}</td>
                        <td class="num">{m.final_score.map(two).unwrap_or_else(|| "N/A".into())}</td>
                        <td>{m.grade.unwrap_or_else(|| "—".into())}</td></tr>
                }).collect_view()}
                <tr class="total"><td></td><td>{i18n.t("recap.total")}</td><td class="num">{r.received}</td>
                    <td class="num">{r.completed}</td><td class="num">{r.mean_score.map(two).unwrap_or_default()}</td><td></td></tr>
            </tbody>
        </table>
        <p>{format!("{}: {} / {}", i18n.t("recap.means"), two(r.mean_per_month), two(r.mean_per_day))}</p>
        <Tops categories=r.top_categories units=r.top_units channels=r.by_channel/>
    }
}

/// A recap of either kind.
#[derive(Debug, Clone)]
enum Recap {
    Month(MonthRecap),
    Year(YearRecap),
}

/// The recap page.
#[component]
pub fn RecapPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let kota = RwSignal::new("31.71".to_string());
    let period = RwSignal::new(Period::of(Utc::now()).prev().to_string());
    let shown = RwSignal::new((kota.get_untracked(), period.get_untracked()));
    let recap = LocalResource::new(move || {
        let ((k, p), t) = (shown.get(), session.token.get());
        async move {
            let t = t?;
            Some(if p.len() == 4 {
                api::recap_year(&t, &p, &k).await.map(Recap::Year)
            } else {
                api::recap_month(&t, &p, &k).await.map(Recap::Month)
            })
        }
    });
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let (k, p) = shown.get_untracked();
        if let Some(t) = session.token.get_untracked() {
            spawn_local(async move {
                let url = format!("/api/v1/recap?period={p}&kota={k}&format=xlsx");
                if let Err(e) = api::download(&t, &url, &format!("rekap-{k}-{p}.xlsx")).await {
                    error.set(Some(e.detail));
                }
            });
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let year = Utc::now().year();
    view! {
        <section id="recap">
            <h1 class="no-print">{move || i18n.t("recap.title")}</h1>
            <form class="filters no-print" on:submit=move |ev| {
                ev.prevent_default();
                shown.set((kota.get_untracked(), period.get_untracked().trim().to_string()));
            }>
                <label>{move || i18n.t("recap.kota")}
                    <select id="recap-kota" on:change=move |ev| kota.set(event_target_value(&ev))>
                        {move || units.get().unwrap_or_default().into_iter()
                            .filter(|u| u.level == UnitLevel::Kota)
                            .map(|u| { let sel = u.code == kota.get_untracked(); view! { <option value=u.code.clone() selected=sel>{u.name}</option> } })
                            .collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("recap.period")}
                    <input id="recap-period" list="recap-periods" prop:value=move || period.get()
                        on:input=move |ev| period.set(event_target_value(&ev))/>
                    <datalist id="recap-periods">
                        <option value=year.to_string()></option>
                        <option value=(year - 1).to_string()></option>
                    </datalist>
                </label>
                <button type="submit" id="recap-show">{move || i18n.t("recap.show")}</button>
                <button type="button" class="secondary" on:click=print>{move || i18n.t("recap.print")}</button>
                <button type="button" class="secondary" id="recap-xlsx" on:click=download>{move || i18n.t("recap.xlsx")}</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            {move || recap.get().flatten().map(|r| match r {
                Ok(Recap::Month(m)) => view! { <MonthView r=m/> }.into_any(),
                Ok(Recap::Year(y)) => view! { <YearView r=y/> }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
        </section>
    }
}
