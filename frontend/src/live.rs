//! Live updates: while signed in, one `EventSource` on `/api/v1/events`,
//! opened with a single-use ticket (never the access token in a URL); when
//! the stream drops, a fresh ticket opens it again. Every report or warning
//! event (bursts gathered over a moment) bumps a counter that pages read,
//! so they refetch without a reload.

use crate::session::Session;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long a burst of events is gathered before pages refetch.
const GATHER_MS: i32 = 600;
/// Wait before opening a dropped stream again.
const REOPEN_MS: i32 = 3000;

/// Bumped after each burst of live events.
#[derive(Clone, Copy)]
pub struct Live(pub RwSignal<u64>);

thread_local! {
    static SOURCE: RefCell<Option<web_sys::EventSource>> = const { RefCell::new(None) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
    /// Which opening is current: a later one (or a close) retires the
    /// earlier ones' pending reopenings.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

fn close() {
    GENERATION.with(|g| g.set(g.get() + 1));
    SOURCE.with(|s| {
        if let Some(es) = s.borrow_mut().take() {
            es.close();
        }
    });
}

fn bump_soon(tick: RwSignal<u64>) {
    if PENDING.with(|p| p.replace(true)) {
        return;
    }
    let done = Closure::once_into_js(move || {
        PENDING.with(|p| p.set(false));
        tick.update(|n| *n += 1);
    });
    if let Some(w) = web_sys::window() {
        let _ = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(done.unchecked_ref(), GATHER_MS);
    }
}

fn open(token: String, tick: RwSignal<u64>) {
    close();
    let generation = GENERATION.with(Cell::get);
    leptos::task::spawn_local(async move {
        let Ok(ticket) = crate::api::events_ticket(&token).await else {
            return;
        };
        if GENERATION.with(Cell::get) != generation {
            return;
        }
        let url = format!("/api/v1/events?ticket={}", ticket.ticket);
        let Ok(es) = web_sys::EventSource::new(&url) else {
            return;
        };
        for kind in ["report", "warning", "resync", "reconnect"] {
            let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| bump_soon(tick));
            let _ = es.add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
            cb.forget();
        }
        // A ticket opens one connection: when the stream drops, ask for a
        // new one (the browser would retry with the used ticket).
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if GENERATION.with(Cell::get) != generation {
                return;
            }
            close();
            let token = token.clone();
            let again = Closure::once_into_js(move || open(token, tick));
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    again.unchecked_ref(),
                    REOPEN_MS,
                );
            }
        });
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        SOURCE.with(|s| *s.borrow_mut() = Some(es));
    });
}

/// Starts following the stream whenever someone is signed in.
pub fn provide(session: Session) {
    let live = Live(RwSignal::new(0));
    provide_context(live);
    Effect::new(move |_| match session.token.get() {
        Some(t) => open(t, live.0),
        None => close(),
    });
}

/// The live counter: read it in a resource to refetch on changes.
pub fn use_live() -> RwSignal<u64> {
    expect_context::<Live>().0
}
