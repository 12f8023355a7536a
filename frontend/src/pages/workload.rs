//! A unit's open reports per officer, for unit heads to balance the load
//! (assignments are made from the report page).

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::session::use_session;
use leptos::prelude::*;

/// The workload of the signed-in user's unit.
#[component]
pub fn WorkloadPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let load = LocalResource::new(move || {
        let token = session.token.get();
        let unit = session.me.get().and_then(|m| m.unit_code);
        async move {
            match (token, unit) {
                (Some(t), Some(u)) => Some(api::workload(&t, &u).await),
                _ => None,
            }
        }
    });
    view! {
        <section>
            <h1>{move || i18n.t("work.title")}</h1>
            {move || load.get().flatten().map(|r| match r {
                Ok(w) => view! {
                    <p>
                        <strong>{w.unit_name.clone()}</strong>": "
                        {format!("{} {} · {} {}", w.open, i18n.t("work.open"), w.unassigned, i18n.t("work.unassigned"))}
                    </p>
                    <div class="table-wrap">
                        <table class="reports" id="workload">
                            <thead><tr>
                                <th>{i18n.t("act.officer")}</th>
                                <th>{i18n.t("work.open")}</th>
                                <th>{i18n.t("work.oldest")}</th>
                            </tr></thead>
                            <tbody>
                                {w.officers.into_iter().map(|o| view! {
                                    <tr>
                                        <td>{o.full_name}</td>
                                        <td>{o.open}</td>
                                        <td>{o.oldest_since.map(wib).unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.detail}</p> }.into_any(),
            })}
        </section>
    }
}
