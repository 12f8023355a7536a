//! The old system's data pull, for administrators: a CSV file checked first
//! (how many rows, every bad line named, what each month's score journal
//! will do), then imported all at once; a month an earlier file froze from
//! imported reports only is rebuilt when a reason is given.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let file: NodeRef<leptos::html::Input> = NodeRef::new();
    let text = RwSignal::new(None::<String>);
    let valid = RwSignal::new(None::<u64>);
    let imported = RwSignal::new(None::<u64>);
    let periods = RwSignal::new(Vec::<(String, u64, String)>::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let read_file = move |_| {
        valid.set(None);
        imported.set(None);
        error.set(None);
        crate::widgets::read_chosen_file(file, text);
    };
    let run = move |dry_run: bool| {
        let (Some(token), Some(csv)) = (session.token.get_untracked(), text.get_untracked()) else {
            return;
        };
        busy.set(true);
        let why = Some(reason.get_untracked().trim().to_string()).filter(|r| !r.is_empty());
        spawn_local(async move {
            let result = api::import_reports(&token, csv, dry_run, why).await;
            busy.set(false);
            match result {
                Ok(v) => {
                    error.set(None);
                    periods.set(
                        v["periods"]
                            .as_array()
                            .map(|ps| {
                                ps.iter()
                                    .map(|p| {
                                        (
                                            p["period"].as_str().unwrap_or_default().to_string(),
                                            p["reports"].as_u64().unwrap_or(0),
                                            p["state"].as_str().unwrap_or_default().to_string(),
                                        )
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    );
                    if dry_run {
                        valid.set(v["valid"].as_u64());
                    } else {
                        valid.set(None);
                        imported.set(v["imported"].as_u64());
                    }
                }
                Err(e) => {
                    valid.set(None);
                    error.set(Some(e.detail));
                }
            }
        });
    };
    view! {
        <section id="import-page">
            <h1>{move || i18n.t("impr.title")}</h1>
            <p class="muted">{move || i18n.t("impr.intro")}</p>
            <div class="card">
                <label for="report-import-file">{move || i18n.t("imp.file")}</label>
                <input id="report-import-file" type="file" accept=".csv,text/csv" node_ref=file on:change=read_file/>
                <div class="actions">
                    <button type="button" id="report-import-check" disabled=move || busy.get() || text.get().is_none() on:click=move |_| run(true)>{move || i18n.t("imp.check")}</button>
                </div>
                {move || busy.get().then(|| view! { <p class="muted" role="status">{i18n.t("imp.busy")}</p> })}
                {move || error.get().map(|e| view! {
                    <div class="error" id="report-import-errors" role="alert">
                        <strong>{i18n.t("imp.refused")}</strong>
                        <ul>{e.lines().map(|l| view! { <li>{l.to_string()}</li> }).collect_view()}</ul>
                    </div>
                })}
                {move || (!periods.get().is_empty()).then(|| view! {
                    <table class="reports" id="report-import-periods">
                        <thead><tr>
                            <th>{i18n.t("impr.period")}</th>
                            <th class="num">{i18n.t("impr.reports")}</th>
                            <th>{i18n.t("impr.journal")}</th>
                        </tr></thead>
                        <tbody>
                            {periods.get().into_iter().map(|(p, n, state)| {
                                let key = match state.as_str() {
                                    "open" => "impr.state_open",
                                    "frozen" => "impr.state_frozen",
                                    "rebuilt" => "impr.state_rebuilt",
                                    "rebuildable" => "impr.state_rebuildable",
                                    _ => "impr.state_left_alone",
                                };
                                view! {
                                    <tr data-period=p.clone() data-state=state.clone()>
                                        <td>{p.clone()}</td>
                                        <td class="num">{n}</td>
                                        <td>{i18n.t(key)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                {move || valid.get().map(|n| view! {
                    <div id="report-import-checked">
                        <p>{format!("{n} {}", i18n.t("impr.ready"))}</p>
                        {periods.get().iter().any(|(_, _, s)| s == "rebuildable").then(|| view! {
                            <label for="report-import-reason">{i18n.t("impr.reason")}</label>
                            <input id="report-import-reason" maxlength="500" bind:value=reason/>
                        })}
                        <button type="button" id="report-import-run" disabled=move || busy.get() on:click=move |_| run(false)>{i18n.t("imp.run")}</button>
                    </div>
                })}
                {move || imported.get().map(|n| view! {
                    <p class="notice" id="report-import-done" role="status">{format!("{n} {}", i18n.t("impr.done"))}</p>
                })}
            </div>
        </section>
    }
}
