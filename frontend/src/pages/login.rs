//! Sign-in page.

use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Username and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    // A page the app was opened on before signing in (`?lanjut=`).
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        let navigate = navigate.clone();
        let back_to =
            crate::session::after_sign_in(query.with_untracked(|q| q.get("lanjut")).as_deref());
        spawn_local(async move {
            let result = async {
                let t = crate::api::login(&u, &p).await?;
                let me = crate::api::me(&t.access_token).await?;
                Ok::<_, crate::api::ApiError>((t.access_token, me))
            }
            .await;
            busy.set(false);
            match result {
                Ok((token, me)) => {
                    let next = if me.must_change_password {
                        "/kata-sandi".to_string()
                    } else {
                        back_to.unwrap_or_else(|| "/kotak-masuk".to_string())
                    };
                    session.sign_in(token, me);
                    navigate(&next, Default::default());
                }
                Err(e) if e.status == 401 => error.set(Some(i18n.t("login.failed").to_string())),
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };

    view! {
        <section class="card login">
            <h1>{move || i18n.t("login.title")}</h1>
            <form on:submit=submit id="login-form">
                <label for="username">{move || i18n.t("login.username")}</label>
                <input id="username" name="username" type="text" autocomplete="username" required
                    bind:value=username/>
                <label for="password">{move || i18n.t("login.password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    bind:value=password/>
                {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
                <button type="submit" id="login-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t("login.busy") } else { i18n.t("login.submit") }}
                </button>
            </form>
            <p class="muted"><a href="/lacak" id="track-link">{move || i18n.t("login.track")}</a></p>
        </section>
    }
}
