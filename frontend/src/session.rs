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

/// The sign-in page, asked to come back to `here` (a page the app was
/// opened on before signing in: a deep link survives the sign-in).
pub fn sign_in_path(here: &str) -> String {
    match serde_urlencoded::to_string([("lanjut", here)]) {
        Ok(q) if after_sign_in(Some(here)).is_some() => format!("/masuk?{q}"),
        _ => "/masuk".into(),
    }
}

/// Where to go after signing in: `next` when it is a page of this app (a
/// path of its own, never another site such as `//evil.example`), else
/// nothing.
pub fn after_sign_in(next: Option<&str>) -> Option<String> {
    let next = next?;
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains("://")
        && next != "/"
        && !next.starts_with("/masuk");
    local.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_app_are_returned_to() {
        assert_eq!(
            after_sign_in(Some("/laporan/1985?tab=riwayat")).as_deref(),
            Some("/laporan/1985?tab=riwayat")
        );
        for bad in [
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "/masuk",
            "/",
            "laporan",
        ] {
            assert_eq!(after_sign_in(Some(bad)), None, "{bad}");
        }
        assert_eq!(after_sign_in(None), None);
        assert_eq!(
            sign_in_path("/laporan/1985"),
            "/masuk?lanjut=%2Flaporan%2F1985"
        );
        assert_eq!(sign_in_path("//evil.example"), "/masuk");
    }
}
