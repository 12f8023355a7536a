//! Live updates: while signed in, one `EventSource` on `/api/v1/events`;
//! every report or warning event (bursts gathered over a moment) bumps a
//! counter that pages read, so they refetch without a reload.

use crate::session::Session;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long a burst of events is gathered before pages refetch.
const GATHER_MS: i32 = 600;

/// Bumped after each burst of live events.
#[derive(Clone, Copy)]
pub struct Live(pub RwSignal<u64>);

thread_local! {
    static SOURCE: RefCell<Option<web_sys::EventSource>> = const { RefCell::new(None) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

fn close() {
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

fn open(token: &str, tick: RwSignal<u64>) {
    close();
    let url = format!("/api/v1/events?access_token={token}");
    let Ok(es) = web_sys::EventSource::new(&url) else {
        return;
    };
    for kind in ["report", "warning", "resync"] {
        let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| bump_soon(tick));
        let _ = es.add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        cb.forget();
    }
    SOURCE.with(|s| *s.borrow_mut() = Some(es));
}

/// Starts following the stream whenever someone is signed in.
pub fn provide(session: Session) {
    let live = Live(RwSignal::new(0));
    provide_context(live);
    Effect::new(move |_| match session.token.get() {
        Some(t) => open(&t, live.0),
        None => close(),
    });
}

/// The live counter: read it in a resource to refetch on changes.
pub fn use_live() -> RwSignal<u64> {
    expect_context::<Live>().0
}
