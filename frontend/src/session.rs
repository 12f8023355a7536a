//! The signed-in session: the access token (kept in the browser's local
//! storage) and the user it belongs to.

use crm_domain::api::Me;
use leptos::prelude::*;

const TOKEN_KEY: &str = "crm.token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A value from local storage.
pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Saves a value in local storage (silently skipped when storage is off).
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

thread_local! {
    /// The app's session, for the API client to end when the server no
    /// longer accepts its token.
    static CURRENT: std::cell::Cell<Option<Session>> = const { std::cell::Cell::new(None) };
}

/// The signed-in session was refused (its token expired or was revoked):
/// ends it, once, wherever the call came from; the guarded pages then send
/// the user to the sign-in page.
pub fn expired() {
    CURRENT.with(|c| {
        if let Some(s) = c.get() {
            if s.token.get_untracked().is_some() {
                s.sign_out();
            }
        }
    });
}

/// The session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<String>>,
    pub me: RwSignal<Option<Me>>,
}

impl Session {
    /// The session saved in the browser, if any; the one the API client
    /// ends when the server refuses it.
    pub fn load() -> Self {
        let s = Session {
            token: RwSignal::new(storage_get(TOKEN_KEY)),
            me: RwSignal::new(None),
        };
        CURRENT.with(|c| c.set(Some(s)));
        s
    }

    /// Starts a session.
    pub fn sign_in(&self, token: String, me: Me) {
        storage_set(TOKEN_KEY, &token);
        self.token.set(Some(token));
        self.me.set(Some(me));
    }

    /// Ends the session.
    pub fn sign_out(&self) {
        storage_remove(TOKEN_KEY);
        self.token.set(None);
        self.me.set(None);
    }
}

/// The session context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
