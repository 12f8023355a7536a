//! The verifier's queue: every completion awaiting approval as a card with
//! the completion note and the evidence photos large and inline, approved
//! or rejected (with a reason) from the queue itself. Keyboard: J and K
//! move between cards, A approves the chosen one, T opens its rejection.

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::{ErrorNotice, StaffImage};
use crm_domain::api::{Report, ReportSummary};
use crm_domain::lifecycle::ActionKind;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// What became of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decided {
    Approved,
    Rejected,
}

/// The queue.
#[component]
pub fn VerifyQueue(items: Vec<ReportSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers: Vec<i64> = items.iter().map(|r| r.number).collect();
    let count = numbers.len();
    let chosen = RwSignal::new(0usize);
    // A key press asks the chosen card to act: (card index, what).
    let asked = RwSignal::new(None::<(usize, char)>);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        // Typing a reason is not a shortcut.
        let typing = ev
            .target()
            .and_then(|t| {
                use wasm_bindgen::JsCast;
                t.dyn_into::<web_sys::Element>().ok()
            })
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || count == 0 {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "j" => chosen.update(|c| *c = (*c + 1).min(count - 1)),
            "k" => chosen.update(|c| *c = c.saturating_sub(1)),
            "a" => asked.set(Some((chosen.get_untracked(), 'a'))),
            "t" => {
                ev.prevent_default();
                asked.set(Some((chosen.get_untracked(), 't')));
            }
            _ => return,
        }
        // Bring the chosen card into view.
        if let Some(el) = document()
            .query_selector(&format!(
                "#verify-queue > li:nth-child({})",
                chosen.get_untracked() + 1
            ))
            .ok()
            .flatten()
        {
            el.scroll_into_view();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <p class="muted" id="verify-keys">{move || i18n.t("verify.keys")}</p>
        <ol class="verify-queue" id="verify-queue">
            {items.into_iter().enumerate().map(|(i, r)| view! {
                <VerifyCard summary=r index=i chosen asked/>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn VerifyCard(
    summary: ReportSummary,
    index: usize,
    chosen: RwSignal<usize>,
    asked: RwSignal<Option<(usize, char)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let number = summary.number;
    let detail = LocalResource::new(move || {
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::report(&t, &number.to_string()).await,
                None => Err(api::ApiError::signed_out()),
            }
        }
    });
    let decided = RwSignal::new(None::<Decided>);
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let reason_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let send = move |action: &'static str, body: serde_json::Value, outcome: Decided| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        if busy.get_untracked() || decided.get_untracked().is_some() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::act(&token, number, action, &body).await {
                Ok(_) => {
                    error.set(None);
                    decided.set(Some(outcome));
                    if chosen.get_untracked() == index {
                        chosen.update(|c| *c += 1);
                    }
                }
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };
    let approve = move || send("approve", serde_json::json!({}), Decided::Approved);
    let open_reject = move || {
        chosen.set(index);
        rejecting.set(true);
        request_animation_frame(move || {
            if let Some(i) = reason_input.get_untracked() {
                let _ = i.focus();
            }
        });
    };
    // Shortcuts meant for this card.
    Effect::new(move |_| {
        if let Some((i, key)) = asked.get() {
            if i == index {
                asked.set(None);
                match key {
                    'a' => approve(),
                    't' => open_reject(),
                    _ => {}
                }
            }
        }
    });
    let reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            error.set(Some(i18n.t("verify.reason_needed").to_string()));
            return;
        }
        send(
            "reject",
            serde_json::json!({ "reason": why.trim() }),
            Decided::Rejected,
        );
    };
    let head = format!(
        "#{} · {} · {}",
        summary.number,
        summary.category_name,
        summary.kelurahan_name.clone().unwrap_or_else(|| "—".into())
    );
    view! {
        <li class="card verify-card" data-number=number.to_string()
            class:chosen=move || chosen.get() == index
            class:decided=move || decided.get().is_some()
            on:click=move |_| chosen.set(index)>
            <header class="report-head">
                <h2><A href=format!("/laporan/{number}")>{head}</A></h2>
                <span class="muted">{summary.holder_name.clone().unwrap_or_default()}</span>
            </header>
            {move || match decided.get() {
                Some(Decided::Approved) => view! {
                    <p class="ok verify-done" role="status">{format!("✓ #{number}: {}", i18n.t("verify.approved"))}</p>
                }.into_any(),
                Some(Decided::Rejected) => view! {
                    <p class="ok verify-done" role="status">{format!("↩ #{number}: {}", i18n.t("verify.rejected"))}</p>
                }.into_any(),
                None => view! {
                    {move || detail.get().map(|r| match r {
                        Ok(report) => evidence(&report).into_any(),
                        Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                    })}
                    {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
                    <div class="actions">
                        <button type="button" class="approve" disabled=move || busy.get()
                            on:click=move |_| approve()>{move || i18n.t("verify.approve")}</button>
                        <button type="button" class="secondary reject" disabled=move || busy.get()
                            on:click=move |_| open_reject()>{move || i18n.t("verify.reject")}</button>
                    </div>
                    <Show when=move || rejecting.get()>
                        <form class="inline reject-form" on:submit=reject>
                            <label for=format!("reject-reason-{number}")>{move || i18n.t("verify.reason")}</label>
                            <input id=format!("reject-reason-{number}") class="reject-reason" required
                                node_ref=reason_input bind:value=reason/>
                            <button type="submit" disabled=move || busy.get()>{move || i18n.t("verify.reject_send")}</button>
                        </form>
                    </Show>
                }.into_any(),
            }}
        </li>
    }
}

/// The completion note and every evidence photo, large.
fn evidence(r: &Report) -> impl IntoView {
    let i18n = use_i18n();
    let note = r
        .history
        .iter()
        .rev()
        .find(|h| h.kind == ActionKind::Complete)
        .and_then(|h| h.note.clone());
    let photos: Vec<(i64, String)> = r
        .history
        .iter()
        .flat_map(|h| h.photos.iter().map(|p| (p.id, p.url.clone())))
        .chain(r.photos.iter().map(|p| (p.id, p.url.clone())))
        .collect();
    view! {
        <p class="verify-note"><strong>{i18n.t("verify.note")}": "</strong>{note.unwrap_or_else(|| "—".into())}</p>
        <p class="muted">{r.description.clone()}</p>
        {if photos.is_empty() {
            view! { <p class="notice">{i18n.t("verify.no_photo")}</p> }.into_any()
        } else {
            view! {
                <div class="evidence">
                    {photos.into_iter().map(|(id, url)| view! {
                        <StaffImage src=url alt=format!("{} {id}", i18n.t("verify.photo"))/>
                    }).collect_view()}
                </div>
            }.into_any()
        }}
    }
}
