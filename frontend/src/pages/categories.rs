//! Categories, for administrators: every category with its time bands,
//! score weight and evidence rule, changed in place (a new version: frozen
//! months keep their figures) or added.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use crm_domain::api::{Category, CategoryUpdate, NewCategory};
use crm_domain::Bands;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn num(s: &str) -> f64 {
    s.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

/// The categories page.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        changed.track();
        async move { api::categories().await }
    });
    view! {
        <section id="categories-page">
            <h1>{move || i18n.t("cat.title")}</h1>
            <p class="muted">{move || i18n.t("cat.intro")}</p>
            {move || list.get().map(|r| match r {
                Ok(cats) => view! { <CategoryTable cats changed/> }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            <AddCategory changed/>
        </section>
    }
}

#[component]
fn CategoryTable(cats: Vec<Category>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    view! {
        {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
        <div class="table-wrap">
            <table class="reports" id="categories">
                <thead><tr>
                    <th>{i18n.t("cat.name")}</th>
                    <th>{i18n.t("cat.code")}</th>
                    <th class="num">{i18n.t("cat.weight")}</th>
                    <th class="num">"t1"</th><th class="num">"t2"</th><th class="num">"t3"</th>
                    <th>{i18n.t("cat.evidence")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {cats.into_iter().map(|c| {
                        let code = c.code.clone();
                        let weight = RwSignal::new(c.weight.to_string());
                        let t1 = RwSignal::new(c.bands.t1.to_string());
                        let t2 = RwSignal::new(c.bands.t2.to_string());
                        let t3 = RwSignal::new(c.bands.t3.to_string());
                        let evidence = RwSignal::new(c.evidence_required);
                        let mine = code.clone();
                        let is_open = Memo::new(move |_| editing.get().as_deref() == Some(mine.as_str()));
                        let save = {
                            let code = code.clone();
                            move |ev: SubmitEvent| {
                                ev.prevent_default();
                                let Some(token) = session.token.get_untracked() else { return; };
                                let body = CategoryUpdate {
                                    weight: num(&weight.get_untracked()),
                                    bands: Bands::new(num(&t1.get_untracked()), num(&t2.get_untracked()), num(&t3.get_untracked())),
                                    evidence_required: evidence.get_untracked(),
                                };
                                let code = code.clone();
                                spawn_local(async move {
                                    match api::update_category(&token, &code, &body).await {
                                        Ok(_) => { error.set(None); editing.set(None); changed.update(|c| *c += 1); }
                                        Err(e) => error.set(Some(e.detail)),
                                    }
                                });
                            }
                        };
                        let open_it = { let code = code.clone(); move |_| editing.set(Some(code.clone())) };
                        view! {
                            <tr class="category" data-code=code.clone()>
                                <td>{c.name.clone()}</td>
                                <td><code>{code.clone()}</code></td>
                                <td class="num">{c.weight}</td>
                                <td class="num">{c.bands.t1}</td><td class="num">{c.bands.t2}</td><td class="num">{c.bands.t3}</td>
                                <td>{i18n.t(if c.evidence_required { "common.yes" } else { "common.no" })}</td>
                                <td><button class="link edit" on:click=open_it>{i18n.t("acc.edit")}</button></td>
                            </tr>
                            <Show when=move || is_open.get()>
                                <tr class="edit-row"><td colspan="8">
                                    <form class="inline" on:submit=save.clone()>
                                        <label>{i18n.t("cat.weight")}<input class="cat-weight" inputmode="decimal" bind:value=weight/></label>
                                        <label>"t1"<input class="cat-t1" inputmode="decimal" bind:value=t1/></label>
                                        <label>"t2"<input class="cat-t2" inputmode="decimal" bind:value=t2/></label>
                                        <label>"t3"<input class="cat-t3" inputmode="decimal" bind:value=t3/></label>
                                        <label class="check"><input type="checkbox" bind:checked=evidence/>{i18n.t("cat.evidence")}</label>
                                        <button type="submit">{i18n.t("acc.save")}</button>
                                        <button type="button" class="secondary" on:click=move |_| editing.set(None)>{i18n.t("act.cancel")}</button>
                                    </form>
                                </td></tr>
                            </Show>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AddCategory(changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let weight = RwSignal::new("1".to_string());
    let t1 = RwSignal::new("24".to_string());
    let t2 = RwSignal::new("72".to_string());
    let t3 = RwSignal::new("168".to_string());
    let evidence = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let body = NewCategory {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked(),
            weight: num(&weight.get_untracked()),
            bands: Bands::new(
                num(&t1.get_untracked()),
                num(&t2.get_untracked()),
                num(&t3.get_untracked()),
            ),
            evidence_required: evidence.get_untracked(),
        };
        spawn_local(async move {
            match api::create_category(&token, &body).await {
                Ok(_) => {
                    error.set(None);
                    code.set(String::new());
                    name.set(String::new());
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    view! {
        <form class="card" id="add-category" on:submit=submit>
            <h2>{move || i18n.t("cat.add")}</h2>
            <label for="cat-code">{move || i18n.t("cat.code")}</label>
            <input id="cat-code" required placeholder="hewan-liar" bind:value=code/>
            <label for="cat-name">{move || i18n.t("cat.name")}</label>
            <input id="cat-name" required bind:value=name/>
            <label for="cat-weight">{move || i18n.t("cat.weight")}</label>
            <input id="cat-weight" inputmode="decimal" bind:value=weight/>
            <label>{move || i18n.t("cat.bands")}</label>
            <div class="inline">
                <input id="cat-t1" inputmode="decimal" aria-label="t1" bind:value=t1/>
                <input id="cat-t2" inputmode="decimal" aria-label="t2" bind:value=t2/>
                <input id="cat-t3" inputmode="decimal" aria-label="t3" bind:value=t3/>
            </div>
            <label class="check"><input type="checkbox" bind:checked=evidence/>{move || i18n.t("cat.evidence")}</label>
            {move || error.get().map(|e| view! { <p class="error field-error" role="alert">{e}</p> })}
            <div class="actions"><button type="submit" id="add-category-submit">{move || i18n.t("cat.add")}</button></div>
        </form>
    }
}
