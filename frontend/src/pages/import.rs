//! The old system's data pull, for administrators: a CSV file checked first
//! (how many rows, every bad line named), then imported all at once.

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
        spawn_local(async move {
            let result = api::import_reports(&token, csv, dry_run).await;
            busy.set(false);
            match result {
                Ok(v) => {
                    error.set(None);
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
                {move || valid.get().map(|n| view! {
                    <div id="report-import-checked">
                        <p>{format!("{n} {}", i18n.t("impr.ready"))}</p>
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
