//! The audit log, for administrators: every administrative change with
//! who, when, what and the state before and after, newest first, filtered
//! and paged.

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use crm_domain::api::{AuditEntry, AuditQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn opt(s: String) -> Option<String> {
    let t = s.trim().to_string();
    (!t.is_empty()).then_some(t)
}

fn compact(v: &Option<serde_json::Value>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let load = move |more: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let q = AuditQuery {
            actor: opt(actor.get_untracked()),
            action: opt(action.get_untracked()),
            target: opt(target.get_untracked()).map(|t| target_of(&t)),
            cursor: if more { next.get_untracked() } else { None },
            ..AuditQuery::default()
        };
        spawn_local(async move {
            match api::audit(&token, &q).await {
                Ok(page) => {
                    error.set(None);
                    next.set(page.next_cursor);
                    if more {
                        rows.update(|r| r.extend(page.items));
                    } else {
                        rows.set(page.items);
                    }
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    load(false);
    view! {
        <section id="audit-page">
            <h1>{move || i18n.t("audit.title")}</h1>
            <p class="muted">{move || i18n.t("audit.intro")}</p>
            <form class="filters" on:submit=move |ev| { ev.prevent_default(); load(false); }>
                <input id="audit-actor" placeholder=move || i18n.t("audit.actor") bind:value=actor/>
                <input id="audit-action" placeholder=move || i18n.t("audit.action_hint") bind:value=action/>
                <input id="audit-target" placeholder=move || i18n.t("audit.target_hint") bind:value=target/>
                <button type="submit">{move || i18n.t("common.filter")}</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            <div class="table-wrap">
                <table class="reports" id="audit">
                    <thead><tr>
                        <th>{move || i18n.t("audit.at")}</th>
                        <th>{move || i18n.t("audit.actor")}</th>
                        <th>{move || i18n.t("audit.action")}</th>
                        <th>{move || i18n.t("audit.target")}</th>
                        <th>{move || i18n.t("audit.before")}</th>
                        <th>{move || i18n.t("audit.after")}</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| view! {
                            <tr class="audit-row" data-action=r.action.clone()>
                                <td>{wib(r.at)}</td>
                                <td>{r.actor}</td>
                                <td><code>{r.action.clone()}</code></td>
                                <td><code>{r.target}</code></td>
                                <td class="json">{compact(&r.before)}</td>
                                <td class="json">{compact(&r.after)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || next.get().map(|_| view! {
                <button class="secondary" id="audit-more" on:click=move |_| load(true)>{i18n.t("common.more")}</button>
            })}
        </section>
    }
}

/// The audit's name of what the user typed: `#12` or `12` is report 12
/// (`report:12`); anything else is sent as it is.
fn target_of(typed: &str) -> String {
    let t = typed.trim();
    match t.trim_start_matches('#').parse::<i64>() {
        Ok(n) => format!("report:{n}"),
        Err(_) => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_report_number_names_the_report() {
        assert_eq!(super::target_of(" #12 "), "report:12");
        assert_eq!(super::target_of("12"), "report:12");
        assert_eq!(super::target_of("user:7"), "user:7");
    }
}
