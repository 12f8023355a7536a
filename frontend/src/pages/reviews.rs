//! The Monitoring Room's review queue (`/tinjauan`): reports whose reporter
//! said, with the tracking link, that the problem was not fixed. Each is
//! answered with a public note here, or reopened from its report page.

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

/// The answer form of one review.
#[component]
fn Answer(number: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let text = note.get_untracked();
        leptos::task::spawn_local(async move {
            match api::answer_review(&token, number, &text).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    view! {
        <form class="inline answer" on:submit=submit>
            <input type="text" required maxlength="2000" class="answer-note"
                placeholder=move || i18n.t("rev.answer_hint") bind:value=note/>
            <button type="submit" class="answer-send">{move || i18n.t("rev.answer")}</button>
            {move || error.get().map(|d| view! { <ErrorNotice detail=d/> })}
        </form>
    }
}

/// The page.
#[component]
pub fn ReviewsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let queue = LocalResource::new(move || {
        let token = session.token.get().unwrap_or_default();
        async move { api::reviews(&token).await }
    });
    let on_done = Callback::new(move |()| queue.refetch());
    view! {
        <section class="card">
            <h1>{move || i18n.t("rev.title")}</h1>
            <p>{move || i18n.t("rev.intro")}</p>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
                {move || queue.get().map(|r| match r {
                    Ok(page) if page.items.is_empty() => view! { <p class="notice" id="reviews-empty">{i18n.t("rev.empty")}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="reviews" id="reviews">
                            {page.items.into_iter().map(|item| view! {
                                <li data-number=item.number.to_string()>
                                    <A href=format!("/laporan/{}", item.number)>{format!("#{}", item.number)}</A>
                                    {format!(" · {} · {}", item.category_name, item.holder_name.clone().unwrap_or_default())}
                                    <span class="muted">{format!(" · {}", wib(item.requested_at))}</span>
                                    <p>{item.description.clone()}</p>
                                    {item.feedback.clone().map(|f| view! { <p class="note">{f}</p> })}
                                    <Answer number=item.number on_done=on_done/>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
