//! The signed-in user's own password: changed from the header, and forced
//! after signing in with a temporary one (the server opens nothing else
//! until it is changed). On success the app signs in again with the new
//! password, since every earlier session ends.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crm_domain::api::PasswordChange;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

/// The password page.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(&'static str, String)>);
    let busy = RwSignal::new(false);
    let forced = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.must_change_password))
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(token), Some(username)) = (
            session.token.get_untracked(),
            session
                .me
                .with_untracked(|m| m.as_ref().map(|m| m.username.clone())),
        ) else {
            return;
        };
        let (cur, pw) = (current.get_untracked(), new.get_untracked());
        if pw != again.get_untracked() {
            error.set(Some(("new", i18n.t("pw.mismatch").to_string())));
            return;
        }
        if pw.chars().count() < 10 {
            error.set(Some(("new", i18n.t("pw.short").to_string())));
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let body = PasswordChange {
                current_password: cur,
                new_password: pw.clone(),
            };
            match api::change_password(&token, &body).await {
                Ok(()) => {
                    if let Ok(t) = api::login(&username, &pw).await {
                        if let Ok(me) = api::me(&t.access_token).await {
                            session.sign_in(t.access_token, me);
                        }
                    }
                    busy.set(false);
                    navigate("/kotak-masuk", Default::default());
                }
                Err(e) => {
                    busy.set(false);
                    let field = if e.field_code("current_password").is_some() {
                        "current"
                    } else {
                        "new"
                    };
                    error.set(Some((field, e.detail)));
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
    move || {
        if session.token.get().is_none() {
            return view! { <Redirect path="/masuk"/> }.into_any();
        }
        let submit = submit.clone();
        view! {
            <section id="password-page" class="narrow">
                <h1>{move || i18n.t("pw.title")}</h1>
                {move || forced().then(|| view! {
                    <p class="notice" id="password-forced">{i18n.t("pw.forced")}</p>
                })}
                <p class="muted">{move || i18n.t("pw.rules")}</p>
                <form class="card" id="password-form" on:submit=submit>
                    <label for="pw-current">{move || i18n.t("pw.current")}</label>
                    <input id="pw-current" type="password" autocomplete="current-password" required bind:value=current/>
                    {error_at("current")}
                    <label for="pw-new">{move || i18n.t("pw.new")}</label>
                    <input id="pw-new" type="password" autocomplete="new-password" minlength="10" required bind:value=new/>
                    <label for="pw-again">{move || i18n.t("pw.again")}</label>
                    <input id="pw-again" type="password" autocomplete="new-password" required bind:value=again/>
                    {error_at("new")}
                    <div class="actions">
                        <button type="submit" id="pw-submit" disabled=move || busy.get()>{move || i18n.t("pw.save")}</button>
                    </div>
                </form>
            </section>
        }
        .into_any()
    }
}
