//! Staff accounts, for administrators (every account) and unit heads (the
//! officers of their subtree): search and filter, create (the temporary
//! password shown once), change role or unit, deactivate and reactivate,
//! reset a password, and, for administrators, import many from a CSV file
//! with a check first.

use crate::api;
use crate::i18n::use_i18n;
use crate::messages::role_name;
use crate::session::use_session;
use crate::widgets::{ErrorNotice, UnitPicker};
use crm_domain::api::{Account, AccountPatch, AccountQuery, NewAccount, UserImportResult};
use crm_domain::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

const STAFF_ROLES: [Role; 5] = [
    Role::Officer,
    Role::UnitHead,
    Role::Verifier,
    Role::Monitoring,
    Role::Administrator,
];

/// A password shown once, and whose it is.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    username: String,
    password: String,
}

/// The staff accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let is_admin = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Administrator))
    };
    let q = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    let changed = RwSignal::new(0u32);
    let shown = RwSignal::new(None::<Shown>);
    let list = LocalResource::new(move || {
        changed.track();
        let token = session.token.get();
        let query = AccountQuery {
            q: Some(q.get()).filter(|s| !s.trim().is_empty()),
            role: role.get().parse().ok(),
            active: active.get().parse().ok(),
            limit: Some(200),
            ..AccountQuery::default()
        };
        async move { Some(api::accounts(&token?, &query).await) }
    });
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let units = Signal::derive(move || units.get().unwrap_or_default());
    view! {
        <section id="accounts-page">
            <h1>{move || i18n.t("acc.title")}</h1>
            <p class="muted">{move || i18n.t("acc.intro")}</p>
            {move || shown.get().map(|s| view! {
                <div class="secret-box" id="temporary-password-box" role="status">
                    <strong>{format!("{} · {}", i18n.t("acc.temporary"), s.username)}</strong>
                    <code class="secret" id="temporary-password">{s.password}</code>
                    <p><strong>{i18n.t("acc.temporary_once")}</strong></p>
                    <button class="secondary" on:click=move |_| shown.set(None)>{i18n.t("secret.done")}</button>
                </div>
            })}
            <div class="filters">
                <input id="acc-search" type="search" placeholder=move || i18n.t("acc.search")
                    aria-label=move || i18n.t("acc.search")
                    prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/>
                <select id="acc-role" aria-label=move || i18n.t("acc.role") on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("acc.all_roles")}</option>
                    {STAFF_ROLES.iter().map(|r| view! { <option value=r.as_str()>{move || role_name(i18n.lang(), *r)}</option> }).collect_view()}
                </select>
                <select id="acc-active" aria-label=move || i18n.t("acc.state") on:change=move |ev| active.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t("acc.all_states")}</option>
                    <option value="true">{move || i18n.t("acc.active")}</option>
                    <option value="false">{move || i18n.t("acc.inactive")}</option>
                </select>
            </div>
            {move || list.get().flatten().map(|r| match r {
                Ok(page) => view! {
                    <p class="muted" id="acc-total">{format!("{} {}", page.total, i18n.t("acc.count"))}</p>
                    <AccountTable items=page.items units changed shown/>
                }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            <CreateAccount units changed shown/>
            <Show when=is_admin>
                <ImportAccounts changed/>
            </Show>
        </section>
    }
}

#[component]
fn AccountTable(
    items: Vec<Account>,
    units: Signal<Vec<crm_domain::api::Unit>>,
    changed: RwSignal<u32>,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let patch = move |id: i64, body: AccountPatch| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::update_account(&token, id, &body).await {
                Ok(_) => {
                    error.set(None);
                    editing.set(None);
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    let reset = move |id: i64, username: String| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::reset_password(&token, id).await {
                Ok(t) => {
                    shown.set(Some(Shown {
                        username,
                        password: t.temporary_password,
                    }));
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
        <div class="table-wrap">
            <table class="reports" id="accounts">
                <thead><tr>
                    <th>{i18n.t("acc.username")}</th>
                    <th>{i18n.t("acc.full_name")}</th>
                    <th>{i18n.t("acc.role")}</th>
                    <th>{i18n.t("acc.unit")}</th>
                    <th>{i18n.t("acc.state")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|a| {
                        let id = a.id;
                        let username = a.username.clone();
                        let active = a.active;
                        let new_role = RwSignal::new(a.role.as_str().to_string());
                        let new_unit = RwSignal::new(a.unit_code.clone().unwrap_or_default());
                        let new_email = RwSignal::new(a.email.clone().unwrap_or_default());
                        let new_phone = RwSignal::new(a.phone.clone().unwrap_or_default());
                        view! {
                            <tr class="account" data-username=a.username.clone() class:inactive=!active>
                                <td><code>{a.username.clone()}</code></td>
                                <td>
                                    {a.full_name.clone()}
                                    {(a.email.is_some() || a.phone.is_some()).then(|| view! {
                                        <small class="muted contact">{format!(" · {}", [a.email.clone(), a.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "))}</small>
                                    })}
                                </td>
                                <td>{let r = a.role; move || role_name(i18n.lang(), r)}</td>
                                <td>{a.unit_name.clone().or(a.unit_code.clone()).unwrap_or_default()}</td>
                                <td class="state">
                                    {i18n.t(if active { "acc.active" } else { "acc.inactive" })}
                                    {a.must_change_password.then(|| view! { <small class="muted">{format!(" · {}", i18n.t("acc.must_change"))}</small> })}
                                </td>
                                <td class="row-actions">
                                    <button class="link edit" on:click=move |_| editing.set(Some(id))>{i18n.t("acc.edit")}</button>
                                    <button class="link reset" on:click={
                                        let username = username.clone();
                                        move |_| reset(id, username.clone())
                                    }>{i18n.t("acc.reset")}</button>
                                    <button class="link toggle" on:click=move |_| patch(id, AccountPatch { active: Some(!active), ..AccountPatch::default() })>
                                        {i18n.t(if active { "acc.deactivate" } else { "acc.reactivate" })}
                                    </button>
                                </td>
                            </tr>
                            {move || (editing.get() == Some(id)).then(|| view! {
                                <tr class="edit-row"><td colspan="6">
                                    <form class="inline" on:submit=move |ev: SubmitEvent| {
                                        ev.prevent_default();
                                        patch(id, AccountPatch {
                                            role: new_role.get_untracked().parse().ok(),
                                            unit_code: Some(new_unit.get_untracked()).filter(|u| !u.is_empty()),
                                            email: Some(new_email.get_untracked()),
                                            phone: Some(new_phone.get_untracked()),
                                            ..AccountPatch::default()
                                        });
                                    }>
                                        <label>{i18n.t("acc.role")}
                                            <select on:change=move |ev| new_role.set(event_target_value(&ev)) prop:value=move || new_role.get()>
                                                {STAFF_ROLES.iter().map(|r| view! { <option value=r.as_str()>{move || role_name(i18n.lang(), *r)}</option> }).collect_view()}
                                            </select>
                                        </label>
                                        <label>{i18n.t("acc.unit")}
                                            <UnitPicker units value=new_unit id="edit-unit"
                                                placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
                                        </label>
                                        <label>{i18n.t("acc.email")}
                                            <input class="edit-email" type="email" autocomplete="off" bind:value=new_email/>
                                        </label>
                                        <label>{i18n.t("acc.phone")}
                                            <input class="edit-phone" type="tel" inputmode="tel" placeholder="0812…" bind:value=new_phone/>
                                        </label>
                                        <button type="submit">{i18n.t("acc.save")}</button>
                                        <button type="button" class="secondary" on:click=move |_| editing.set(None)>{i18n.t("act.cancel")}</button>
                                        <p class="muted">{i18n.t("acc.contact_hint")}</p>
                                    </form>
                                </td></tr>
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The field a problem's detail names (`` `unit_code`: … ``).
fn field_of(detail: &str) -> &'static str {
    ["username", "full_name", "role", "unit_code", "password"]
        .into_iter()
        .find(|f| detail.contains(&format!("`{f}`")))
        .unwrap_or("")
}

#[component]
fn CreateAccount(
    units: Signal<Vec<crm_domain::api::Unit>>,
    changed: RwSignal<u32>,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let full_name = RwSignal::new(String::new());
    let role = RwSignal::new("officer".to_string());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(&'static str, String)>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        if unit.get_untracked().is_empty() {
            error.set(Some(("unit_code", i18n.t("act.pick_unit").to_string())));
            return;
        }
        let body = NewAccount {
            username: username.get_untracked().trim().to_string(),
            full_name: full_name.get_untracked(),
            role: role.get_untracked().parse().unwrap_or(Role::Officer),
            unit_code: unit.get_untracked(),
            password: None,
        };
        spawn_local(async move {
            match api::create_account(&token, &body).await {
                Ok(made) => {
                    error.set(None);
                    shown.set(made.temporary_password.map(|password| Shown {
                        username: made.account.username.clone(),
                        password,
                    }));
                    username.set(String::new());
                    full_name.set(String::new());
                    changed.update(|c| *c += 1);
                }
                Err(e) => {
                    let f = if e.status == 409 {
                        "username"
                    } else {
                        field_of(&e.detail)
                    };
                    error.set(Some((f, e.detail)));
                }
            }
        });
    };
    let error_at = move |f: &'static str| {
        move || {
            error
                .get()
                .filter(|(w, _)| *w == f)
                .map(|(_, m)| view! { <p class="error field-error" role="alert">{m}</p> })
        }
    };
    view! {
        <form class="card" id="create-account" on:submit=submit>
            <h2>{move || i18n.t("acc.create")}</h2>
            <label for="new-username">{move || i18n.t("acc.username")}</label>
            <input id="new-username" required autocomplete="off" bind:value=username/>
            {error_at("username")}
            <label for="new-full-name">{move || i18n.t("acc.full_name")}</label>
            <input id="new-full-name" required bind:value=full_name/>
            {error_at("full_name")}
            <label for="new-role">{move || i18n.t("acc.role")}</label>
            <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                {STAFF_ROLES.iter().map(|r| view! { <option value=r.as_str()>{move || role_name(i18n.lang(), *r)}</option> }).collect_view()}
            </select>
            {error_at("role")}
            <label for="new-unit">{move || i18n.t("acc.unit")}</label>
            <UnitPicker units value=unit id="new-unit"
                placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
            {error_at("unit_code")}
            {error_at("")}
            <div class="actions"><button type="submit" id="create-account-submit">{move || i18n.t("acc.create")}</button></div>
        </form>
    }
}

#[component]
fn ImportAccounts(changed: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let file: NodeRef<leptos::html::Input> = NodeRef::new();
    let text = RwSignal::new(None::<String>);
    let checked = RwSignal::new(None::<UserImportResult>);
    let done = RwSignal::new(None::<UserImportResult>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let read_file = move |_| {
        checked.set(None);
        done.set(None);
        error.set(None);
        crate::widgets::read_chosen_file(file, text);
    };
    let run = move |dry_run: bool| {
        let (Some(token), Some(csv)) = (session.token.get_untracked(), text.get_untracked()) else {
            error.set(Some(i18n.t("imp.pick").to_string()));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::import_accounts(&token, csv, dry_run).await;
            busy.set(false);
            match result {
                Ok(r) if dry_run => {
                    error.set(None);
                    checked.set(Some(r));
                }
                Ok(r) => {
                    error.set(None);
                    checked.set(None);
                    done.set(Some(r));
                    changed.update(|c| *c += 1);
                }
                Err(e) => {
                    checked.set(None);
                    error.set(Some(e.detail));
                }
            }
        });
    };
    view! {
        <section class="card" id="import-accounts">
            <h2>{move || i18n.t("imp.title")}</h2>
            <p class="muted">{move || i18n.t("imp.intro")}</p>
            <label for="import-file">{move || i18n.t("imp.file")}</label>
            <input id="import-file" type="file" accept=".csv,text/csv" node_ref=file on:change=read_file/>
            <div class="actions">
                <button type="button" id="import-check" disabled=move || busy.get() || text.get().is_none() on:click=move |_| run(true)>{move || i18n.t("imp.check")}</button>
            </div>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{i18n.t("imp.busy")}</p> })}
            {move || error.get().map(|e| view! {
                <div class="error" id="import-errors" role="alert">
                    <strong>{i18n.t("imp.refused")}</strong>
                    <ul>{e.lines().map(|l| view! { <li>{l.to_string()}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || checked.get().map(|r| view! {
                <div id="import-checked">
                    <p>{format!("{} {}", r.accounts.len(), i18n.t("imp.ready"))}</p>
                    <button type="button" id="import-run" disabled=move || busy.get() on:click=move |_| run(false)>{i18n.t("imp.run")}</button>
                </div>
            })}
            {move || done.get().map(|r| view! {
                <div class="secret-box" id="import-done" role="status">
                    <strong>{format!("{} {}", r.created, i18n.t("imp.created"))}</strong>
                    <p><strong>{i18n.t("acc.temporary_once")}</strong></p>
                    <table class="reports" id="import-passwords">
                        <thead><tr><th>{i18n.t("acc.username")}</th><th>{i18n.t("acc.temporary")}</th></tr></thead>
                        <tbody>
                            {r.accounts.into_iter().map(|a| view! {
                                <tr data-username=a.username.clone()><td><code>{a.username.clone()}</code></td><td><code class="temporary">{a.temporary_password.unwrap_or_default()}</code></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
