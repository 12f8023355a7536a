//! The report list of the user's scope, with filters and "load more".

use crate::api;
use crate::format::{status_class, wib};
use crate::i18n::use_i18n;
use crate::messages::status_name;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use chrono::{Duration, NaiveDate};
use crm_domain::api::{Category, Channel, ReportQuery, ReportSummary};
use crm_domain::ReportStatus;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The filters as typed in the form.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    status: String,
    category: String,
    channel: String,
    unit: String,
    from: String,
    to: String,
    text: String,
}

impl Filters {
    /// The API query; dates are whole days in WIB, `to` inclusive.
    fn query(&self, cursor: Option<String>) -> ReportQuery {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(crm_domain::time::from_wib);
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        ReportQuery {
            status: self.status.parse::<ReportStatus>().ok(),
            category: opt(&self.category),
            channel: opt(&self.channel),
            unit: opt(&self.unit),
            received_from: day(&self.from).and_then(start),
            received_to: day(&self.to).and_then(|d| start(d + Duration::days(1))),
            q: opt(&self.text),
            cursor,
            limit: Some(50),
            ..Default::default()
        }
    }
}

/// Reports of the user's unit and below.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    // Filters given in the address (a link from the workload, a bookmark).
    let given = leptos_router::hooks::use_query_map().get_untracked();
    let param = |k: &str| given.get(k).unwrap_or_default();
    let start = Filters {
        status: param("status"),
        category: param("category"),
        channel: param("channel"),
        unit: param("unit"),
        text: param("q"),
        ..Filters::default()
    };
    let form = RwSignal::new(start.clone());
    let applied = RwSignal::new(start);
    let items = RwSignal::new(Vec::<ReportSummary>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let categories = LocalResource::new(|| async { api::categories().await.unwrap_or_default() });
    let channels = LocalResource::new(|| async { api::channels().await.unwrap_or_default() });

    let load = move |more: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let cursor = if more { next.get_untracked() } else { None };
        let query = applied.get_untracked().query(cursor);
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            match api::reports(&token, &query).await {
                Ok(page) => {
                    if more {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next.set(page.next_cursor);
                }
                Err(e) => error.set(Some(e.detail)),
            }
            loading.set(false);
        });
    };
    load(false);

    let apply = move |ev: SubmitEvent| {
        ev.prevent_default();
        applied.set(form.get_untracked());
        load(false);
    };
    // The file holds what the list shows: the filters applied, every page.
    let download = move |excel: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let query = applied.get_untracked().query(None);
        spawn_local(async move {
            if let Err(e) = api::download_report_list(&token, &query, excel).await {
                error.set(Some(e.detail));
            }
        });
    };
    let reset = move |_| {
        form.set(Filters::default());
        applied.set(Filters::default());
        load(false);
    };
    let field = move |get: fn(&Filters) -> String, set: fn(&mut Filters, String)| {
        (
            move || get(&form.get()),
            move |ev| {
                let v = event_target_value(&ev);
                form.update(|f| set(f, v));
            },
        )
    };
    let (status_v, status_in) = field(|f| f.status.clone(), |f, v| f.status = v);
    let (cat_v, cat_in) = field(|f| f.category.clone(), |f, v| f.category = v);
    let (ch_v, ch_in) = field(|f| f.channel.clone(), |f, v| f.channel = v);
    let (unit_v, unit_in) = field(|f| f.unit.clone(), |f, v| f.unit = v);
    let (from_v, from_in) = field(|f| f.from.clone(), |f, v| f.from = v);
    let (to_v, to_in) = field(|f| f.to.clone(), |f, v| f.to = v);
    let (text_v, text_in) = field(|f| f.text.clone(), |f, v| f.text = v);

    view! {
        <section>
            <h1>{move || i18n.t("list.title")}</h1>
            <form class="filters" on:submit=apply id="filters">
                <label>{move || i18n.t("list.search")}
                    <input id="filter-q" type="search" placeholder="sampah menumpuk" on:input=text_in prop:value=text_v/>
                </label>
                <label>{move || i18n.t("filter.status")}
                    <select id="filter-status" on:change=status_in prop:value=status_v>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {ReportStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{move || status_name(i18n.lang(), *s)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("filter.category")}
                    <select id="filter-category" on:change=cat_in prop:value=cat_v>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {move || categories.get().map(|cs: Vec<Category>| cs.into_iter().map(|c| view! { <option value=c.code>{c.name}</option> }).collect_view())}
                    </select>
                </label>
                <label>{move || i18n.t("filter.channel")}
                    <select id="filter-channel" on:change=ch_in prop:value=ch_v>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {move || channels.get().map(|cs: Vec<Channel>| cs.into_iter().map(|c| view! { <option value=c.code>{c.name}</option> }).collect_view())}
                    </select>
                </label>
                <label>{move || i18n.t("filter.unit")}
                    <input id="filter-unit" type="text" placeholder="31.71.01" on:input=unit_in prop:value=unit_v/>
                </label>
                <label>{move || i18n.t("filter.from")}
                    <input id="filter-from" type="date" on:input=from_in prop:value=from_v/>
                </label>
                <label>{move || i18n.t("filter.to")}
                    <input id="filter-to" type="date" on:input=to_in prop:value=to_v/>
                </label>
                <div class="actions">
                    <button type="submit">{move || i18n.t("filter.apply")}</button>
                    <button type="button" class="secondary" on:click=reset>{move || i18n.t("filter.reset")}</button>
                    <button type="button" class="secondary" id="download-csv" on:click=move |_| download(false)>{move || i18n.t("list.download_csv")}</button>
                    <button type="button" class="secondary" id="download-xlsx" on:click=move |_| download(true)>{move || i18n.t("list.download_xlsx")}</button>
                </div>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            <div class="table-wrap">
                <table class="reports" id="report-list">
                    <thead>
                        <tr>
                            <th>{move || i18n.t("col.number")}</th>
                            <th>{move || i18n.t("col.received")}</th>
                            <th>{move || i18n.t("col.category")}</th>
                            <th>{move || i18n.t("col.location")}</th>
                            <th>{move || i18n.t("col.holder")}</th>
                            <th>{move || i18n.t("col.status")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || items.get() key=|r| (r.number, r.status) let:r>
                            <tr data-number=r.number.to_string()>
                                <td><A href=format!("/laporan/{}", r.number)>{format!("#{}", r.number)}</A></td>
                                <td>{wib(r.received_at)}</td>
                                <td>{r.category_name.clone()}<div class="muted clamp">{r.description.clone()}</div></td>
                                <td>{r.kelurahan_name.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{r.holder_name.clone().unwrap_or_else(|| i18n.t("detail.triage").to_string())}</td>
                                <td><span class=status_class(r.status)>{let s = r.status; move || status_name(i18n.lang(), s)}</span></td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || !loading.get() && items.with(|v| v.is_empty()) && error.get().is_none()>
                <p class="notice">{move || i18n.t("list.empty")}</p>
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
