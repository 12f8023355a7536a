//! Units, for administrators: search the city's units, add a dinas, badan,
//! biro or BUMD (or a sudin under one), rename, and deactivate a unit that
//! holds no open report (or reactivate it).

use crate::api;
use crate::i18n::use_i18n;
use crate::messages::level_name;
use crate::session::use_session;
use crate::widgets::{unit_label, ErrorNotice, UnitPicker};
use crm_domain::api::{NewUnit, Unit, UnitPatch};
use crm_domain::UnitLevel;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

const NEW_LEVELS: [UnitLevel; 5] = [
    UnitLevel::Dinas,
    UnitLevel::Sudin,
    UnitLevel::Kota,
    UnitLevel::Kecamatan,
    UnitLevel::Kelurahan,
];

/// The units page.
#[component]
pub fn UnitsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let q = RwSignal::new(String::new());
    let all = LocalResource::new(move || {
        changed.track();
        async move { api::units().await.unwrap_or_default() }
    });
    let units = Signal::derive(move || all.get().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let send = move |code: String, body: UnitPatch| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::update_unit(&token, &code, &body).await {
                Ok(_) => {
                    error.set(None);
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    let shown = move || {
        let t = q.get().trim().to_lowercase();
        units
            .get()
            .into_iter()
            .filter(|u| {
                t.len() >= 2
                    && (u.code.to_lowercase().contains(&t) || u.name.to_lowercase().contains(&t))
            })
            .take(100)
            .collect::<Vec<Unit>>()
    };
    view! {
        <section id="units-page">
            <h1>{move || i18n.t("unit.title")}</h1>
            <p class="muted">{move || i18n.t("unit.intro")}</p>
            <input id="unit-search" type="search" placeholder=move || i18n.t("unit.search")
                prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            <div class="table-wrap">
                <table class="reports" id="units">
                    <thead><tr>
                        <th>{move || i18n.t("cat.name")}</th>
                        <th>{move || i18n.t("cat.code")}</th>
                        <th>{move || i18n.t("unit.level")}</th>
                        <th>{move || i18n.t("acc.state")}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {move || shown().into_iter().map(|u| {
                            let code = u.code.clone();
                            let name = RwSignal::new(u.name.clone());
                            let active = u.active;
                            let rename = {
                                let code = code.clone();
                                move |ev: SubmitEvent| {
                                    ev.prevent_default();
                                    send(code.clone(), UnitPatch { name: Some(name.get_untracked()), active: None });
                                }
                            };
                            let toggle = {
                                let code = code.clone();
                                move |_| send(code.clone(), UnitPatch { name: None, active: Some(!active) })
                            };
                            view! {
                                <tr class="unit" data-code=code.clone() class:inactive=!active>
                                    <td>
                                        <form class="inline" on:submit=rename>
                                            <input class="unit-name" bind:value=name/>
                                            <button type="submit" class="link">{i18n.t("acc.save")}</button>
                                        </form>
                                    </td>
                                    <td><code>{code.clone()}</code></td>
                                    <td>{let l = u.level; move || level_name(i18n.lang(), l)}</td>
                                    <td class="state">{i18n.t(if active { "acc.active" } else { "acc.inactive" })}</td>
                                    <td><button class="link toggle" on:click=toggle>
                                        {i18n.t(if active { "acc.deactivate" } else { "acc.reactivate" })}
                                    </button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <AddUnit units changed/>
        </section>
    }
}

#[component]
fn AddUnit(units: Signal<Vec<Unit>>, changed: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(UnitLevel::Dinas);
    let parent = RwSignal::new("31".to_string());
    let error = RwSignal::new(None::<String>);
    let made = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let body = NewUnit {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked(),
            level: level.get_untracked(),
            parent_code: parent.get_untracked(),
        };
        spawn_local(async move {
            match api::create_unit(&token, &body).await {
                Ok(u) => {
                    error.set(None);
                    made.set(Some(unit_label(&u)));
                    code.set(String::new());
                    name.set(String::new());
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    view! {
        <form class="card" id="add-unit" on:submit=submit>
            <h2>{move || i18n.t("unit.add")}</h2>
            <label for="unit-level">{move || i18n.t("unit.level")}</label>
            <select id="unit-level" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(l) = NEW_LEVELS.into_iter().find(|l| l.as_str() == v) {
                    level.set(l);
                    parent.set(if l == UnitLevel::Dinas { "31".into() } else { String::new() });
                }
            }>
                {NEW_LEVELS.into_iter().map(|l| view! { <option value=l.as_str()>{move || level_name(i18n.lang(), l)}</option> }).collect_view()}
            </select>
            <Show when=move || level.get() != UnitLevel::Dinas>
                <label for="unit-parent">{move || i18n.t("unit.parent")}</label>
                <UnitPicker units value=parent id="unit-parent"
                    placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
            </Show>
            <label for="unit-code">{move || i18n.t("cat.code")}</label>
            <input id="unit-code" required placeholder="BUMD-TJ" bind:value=code/>
            <label for="unit-name">{move || i18n.t("cat.name")}</label>
            <input id="unit-name" required placeholder="PT Transportasi Jakarta" bind:value=name/>
            {move || error.get().map(|e| view! { <p class="error field-error" role="alert">{e}</p> })}
            {move || made.get().map(|m| view! { <p class="notice" role="status">{format!("{} ✓", m)}</p> })}
            <div class="actions"><button type="submit" id="add-unit-submit">{move || i18n.t("unit.add")}</button></div>
        </form>
    }
}
