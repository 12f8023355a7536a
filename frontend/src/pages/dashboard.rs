//! The dashboard: the status overview of a month (or custom window) and an
//! area, the charts, the top lists and the heatmap; live, refetched when
//! reports arrive or change.

use crate::api;
use crate::charts;
use crate::format::two;
use crate::i18n::use_i18n;
use crate::live::use_live;
use crate::map::HeatMapView;
use crate::session::use_session;
use crate::widgets::{ErrorNotice, UnitPicker};
use chrono::Utc;
use crm_domain::api::{Bucket, Ranked, Share, Stats, StatsQuery};
use crm_domain::period::Period;
use leptos::prelude::*;

fn hours(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |h| format!("{} j", two(h)))
}

/// A chart with its text alternative: a short description for screen
/// readers and the same figures as a table one click away.
#[component]
fn Chart(
    id: &'static str,
    svg: String,
    /// What the chart shows.
    caption: String,
    /// The table's column heads (the first is the label's).
    columns: Vec<String>,
    rows: Vec<(String, Vec<u64>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = format!(
        "{caption}: {}",
        rows.iter()
            .take(8)
            .map(|(l, v)| format!(
                "{l} {}",
                v.iter().map(u64::to_string).collect::<Vec<_>>().join("/")
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    view! {
        <figure class="chart-box">
            <div class="chart" id=id role="img" aria-label=summary inner_html=svg></div>
            <details class="chart-table">
                <summary>{move || i18n.t("dash.as_table")}</summary>
                <table class="ranked" id=format!("{id}-table")>
                    <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, values)| view! {
                            <tr><th scope="row">{label}</th>{values.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// A bar chart of counts per label, with its table.
fn count_chart(
    id: &'static str,
    caption: &str,
    labels: Vec<String>,
    values: Vec<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let svg = charts::bars(&labels, &values);
    let rows = labels
        .into_iter()
        .zip(values)
        .map(|(l, v)| (l, vec![v]))
        .collect();
    view! {
        <Chart id=id svg=svg caption=caption.to_string()
            columns=vec![String::new(), i18n.t("dash.count").to_string()] rows=rows/>
    }
}

fn bucket_chart(id: &'static str, caption: &str, b: &[Bucket]) -> impl IntoView {
    let labels: Vec<String> = b.iter().map(|x| x.label.clone()).collect();
    let values: Vec<u64> = b.iter().map(|x| x.count).collect();
    count_chart(id, caption, labels, values)
}

#[component]
fn RankedTable(id: &'static str, title: String, rows: Vec<Ranked>) -> impl IntoView {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    view! {
        <div class="panel">
            <h3>{title}</h3>
            <table class="ranked" id=id>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, r)| view! {
                        <tr>
                            <td class="num">{i + 1}</td>
                            <td>{r.name}</td>
                            <td class="num">{r.count}</td>
                            <td class="barcell"><span class="bar" style=format!("width:{}%", r.count * 100 / max)></span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ShareTable(id: &'static str, rows: Vec<Share>) -> impl IntoView {
    view! {
        <table class="ranked" id=id>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-key=r.key.clone()>
                        <td>{r.name}</td>
                        <td class="num">{r.count}</td>
                        <td class="num">{format!("{}%", two(r.percent))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn StatsView(s: Stats) -> impl IntoView {
    let i18n = use_i18n();
    let status_labels: Vec<String> = s.by_status.iter().map(|x| x.name.clone()).collect();
    let status_counts: Vec<u64> = s.by_status.iter().map(|x| x.count).collect();
    let keys: Vec<String> = s.per_day.iter().map(|d| d.key.clone()).collect();
    let rec: Vec<u64> = s.per_day.iter().map(|d| d.received).collect();
    let done: Vec<u64> = s.per_day.iter().map(|d| d.completed).collect();
    let chan_labels: Vec<String> = s
        .by_channel
        .iter()
        .take(6)
        .map(|x| x.key.to_uppercase())
        .collect();
    let chan_counts: Vec<u64> = s.by_channel.iter().take(6).map(|x| x.count).collect();
    let days_svg = charts::days(
        &keys,
        &rec,
        &done,
        (i18n.t("dash.received"), i18n.t("dash.completed")),
    );
    let day_rows: Vec<(String, Vec<u64>)> = keys
        .iter()
        .zip(rec.iter().zip(done.iter()))
        .map(|(k, (r, d))| (k.clone(), vec![*r, *d]))
        .collect();
    view! {
        <div class="cards">
            <div class="card"><span class="big" id="stat-total">{s.total}</span><span>{i18n.t("dash.total")}</span></div>
            <div class="card"><span class="big" id="stat-mean">{hours(s.mean_completion_hours)}</span><span>{i18n.t("dash.mean_completion")}</span></div>
            <div class="card"><span class="big">{hours(s.mean_response_hours)}</span><span>{i18n.t("dash.mean_response")}</span></div>
            <div class="card"><span class="big">{format!("{} / {}", s.geotagged, s.not_geotagged)}</span><span>{i18n.t("dash.geotag")}</span></div>
            <div class="card"><span class="big">{s.ping_pong}</span><span>{i18n.t("dash.pingpong")}</span></div>
        </div>
        <div class="grid2">
            <div class="panel">
                <h3>{i18n.t("dash.status")}</h3>
                <ShareTable id="stat-status" rows=s.by_status.clone()/>
                {count_chart("chart-status", i18n.t("dash.status"), status_labels, status_counts)}
            </div>
            <div class="panel">
                <h3>{i18n.t("dash.per_day")}</h3>
                <Chart id="chart-days" svg=days_svg caption=i18n.t("dash.per_day").to_string()
                    columns=vec![i18n.t("dash.day").to_string(), i18n.t("dash.received").to_string(), i18n.t("dash.completed").to_string()]
                    rows=day_rows/>
            </div>
            <div class="panel">
                <h3>{i18n.t("dash.response_time")}</h3>
                {bucket_chart("chart-response", i18n.t("dash.response_time"), &s.response_time)}
            </div>
            <div class="panel">
                <h3>{i18n.t("dash.completion_time")}</h3>
                {bucket_chart("chart-completion", i18n.t("dash.completion_time"), &s.completion_time)}
            </div>
            <div class="panel">
                <h3>{i18n.t("dash.handovers")}</h3>
                {bucket_chart("chart-handovers", i18n.t("dash.handovers"), &s.handovers)}
            </div>
            <div class="panel">
                <h3>{i18n.t("dash.channels")}</h3>
                <ShareTable id="stat-channels" rows=s.by_channel.clone()/>
                {count_chart("chart-channels", i18n.t("dash.channels"), chan_labels, chan_counts)}
            </div>
        </div>
        <div class="grid3">
            <RankedTable id="top-agencies" title=i18n.t("dash.top_agencies").into() rows=s.top_agencies.clone()/>
            <RankedTable id="top-categories" title=i18n.t("dash.top_categories").into() rows=s.top_categories.clone()/>
            <RankedTable id="top-units" title=i18n.t("dash.top_units").into() rows=s.top_units.clone()/>
        </div>
    }
}

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let live = use_live();
    let period = RwSignal::new(Period::of(Utc::now()).to_string());
    // A window of days instead of the month, when both ends are given.
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let zoom = RwSignal::new(11u8);
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let query = move || {
        let window = (
            from.get().parse::<chrono::NaiveDate>().ok(),
            to.get().parse::<chrono::NaiveDate>().ok(),
        );
        let (period, from, to) = match window {
            (Some(f), Some(t)) => (None, Some(f), Some(t)),
            _ => (Some(period.get()), None, None),
        };
        StatsQuery {
            period,
            from,
            to,
            unit: Some(unit.get()).filter(|u| !u.is_empty()),
            ..Default::default()
        }
    };
    let stats = LocalResource::new(move || {
        live.track();
        let (q, t) = (query(), session.token.get());
        async move {
            match t {
                Some(t) => Some(api::stats(&t, &q).await),
                None => None,
            }
        }
    });
    let heat = LocalResource::new(move || {
        live.track();
        let (mut q, t) = (query(), session.token.get());
        q.zoom = Some(zoom.get());
        async move {
            match t {
                Some(t) => Some(api::heatmap(&t, &q).await),
                None => None,
            }
        }
    });
    let unit_list = Signal::derive(move || units.get().unwrap_or_default());
    view! {
        <section id="dashboard">
            <div class="page-head">
                <h1>{move || i18n.t("dash.title")}</h1>
                <span class="live-dot" title=move || i18n.t("dash.live")>{move || i18n.t("dash.live")}</span>
            </div>
            <div class="filters">
                <label>{move || i18n.t("score.period")}
                    <input type="month" id="dash-period" prop:value=move || period.get()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if !v.is_empty() { from.set(String::new()); to.set(String::new()); period.set(v) }
                        }/>
                </label>
                <label>{move || i18n.t("dash.from")}
                    <input type="date" id="dash-from" prop:value=move || from.get()
                        on:change=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t("dash.to")}
                    <input type="date" id="dash-to" prop:value=move || to.get()
                        on:change=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t("dash.area")}
                    <UnitPicker units=unit_list value=unit id="dash-unit"
                        placeholder=Signal::derive(move || i18n.t("dash.all_area").to_string())/>
                </label>
            </div>
            {move || stats.get().flatten().map(|r| match r {
                Ok(s) => view! { <StatsView s=s/> }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            <div class="panel">
                <div class="page-head">
                    <h3>{move || i18n.t("dash.heatmap")}</h3>
                    <select id="dash-zoom" aria-label=move || i18n.t("dash.zoom") on:change=move |ev| zoom.set(event_target_value(&ev).parse().unwrap_or(11))>
                        <option value="11" selected>{move || i18n.t("dash.zoom_city")}</option>
                        <option value="13">{move || i18n.t("dash.zoom_kecamatan")}</option>
                        <option value="14">{move || i18n.t("dash.zoom_kelurahan")}</option>
                    </select>
                </div>
                {move || heat.get().flatten().map(|r| match r {
                    Ok(h) => view! { <HeatMapView data=h/> }.into_any(),
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </div>
        </section>
    }
}
