//! Small pieces shared by pages: the unit picker (a searchable list of the
//! province's units), images that need the staff sign-in, and how long a
//! report has waited, and the message left for the next page.

use crate::session::use_session;
use chrono::{DateTime, Utc};
use crm_domain::api::Unit;
use crm_domain::UnitLevel;
use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A trimmed text, or nothing when blank.
pub fn opt(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The one way a page shows a failure: what the server said, as an alert.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    #[prop(into)]
    detail: String,
) -> impl IntoView {
    view! { <p class="error" role="alert">{detail}</p> }
}

/// "Kelurahan Gambir".
pub fn unit_label(u: &Unit) -> String {
    level_and_name(u.level, &u.name)
}

/// A unit's level and name as people say them: [`unit_label`] for a unit
/// known only by these two.
pub fn level_and_name(level: UnitLevel, name: &str) -> String {
    // Agencies already say what they are ("Dinas Bina Marga", "Sudin Bina
    // Marga Jakarta Pusat", "Biro Pemerintahan"); places need their level
    // ("Kelurahan Gambir").
    const KINDS: [&str; 14] = [
        "dinas",
        "sudin",
        "suku dinas",
        "badan",
        "biro",
        "satuan",
        "satpol",
        "kantor",
        "inspektorat",
        "sekretariat",
        "upt",
        "jakarta smart city",
        "kota",
        "provinsi",
    ];
    let lower = name.to_lowercase();
    let says_kind = KINDS
        .iter()
        .any(|k| lower.starts_with(k) && lower[k.len()..].chars().next().is_none_or(|c| c == ' '));
    if says_kind && !matches!(level, UnitLevel::Kelurahan | UnitLevel::Kecamatan) {
        name.to_string()
    } else {
        format!("{} {name}", level.label())
    }
}

/// A text box that searches the units (by name or code) and yields the code
/// of the one chosen, or an empty string while nothing matches.
#[component]
pub fn UnitPicker(
    /// The units to choose from.
    units: Signal<Vec<Unit>>,
    /// Only units of these levels (all when empty).
    #[prop(optional)]
    levels: Vec<UnitLevel>,
    /// The chosen unit's code.
    value: RwSignal<String>,
    /// The input's id.
    id: &'static str,
    /// The placeholder text.
    placeholder: Signal<String>,
) -> impl IntoView {
    let list_id = format!("{id}-list");
    let text = RwSignal::new(String::new());
    let levels = StoredValue::new(levels);
    let options = move || {
        units
            .get()
            .into_iter()
            .filter(|u| u.active)
            .filter(|u| levels.with_value(|l| l.is_empty() || l.contains(&u.level)))
            .collect::<Vec<_>>()
    };
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        let t = typed.trim().to_lowercase();
        let found = units.with_untracked(|all| {
            all.iter()
                .filter(|u| u.active)
                .filter(|u| levels.with_value(|l| l.is_empty() || l.contains(&u.level)))
                .find(|u| {
                    u.code.to_lowercase() == t
                        || format!("{} — {}", unit_label(u), u.code).to_lowercase() == t
                        || unit_label(u).to_lowercase() == t
                })
                .map(|u| u.code.clone())
        });
        text.set(typed);
        value.set(found.unwrap_or_default());
    };
    view! {
        <input id=id type="search" list=list_id.clone() autocomplete="off"
            placeholder=move || placeholder.get()
            prop:value=move || text.get() on:input=on_input/>
        <datalist id=list_id>
            {move || options().into_iter().map(|u| {
                view! { <option value=format!("{} — {}", unit_label(&u), u.code)></option> }
            }).collect_view()}
        </datalist>
    }
}

/// An image served only to signed-in staff: fetched with the token and
/// shown from memory.
#[component]
pub fn StaffImage(src: String, alt: String) -> impl IntoView {
    let session = use_session();
    let url = LocalResource::new(move || {
        let src = src.clone();
        let token = session.token.get();
        async move {
            let token = token?;
            let resp = Request::get(&src)
                .header("Authorization", &format!("Bearer {token}"))
                .send()
                .await
                .ok()?;
            if !resp.ok() {
                return None;
            }
            let bytes = resp.binary().await.ok()?;
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            let parts = js_sys::Array::of1(&array);
            let opts = web_sys::BlobPropertyBag::new();
            opts.set_type("image/jpeg");
            let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
            web_sys::Url::create_object_url_with_blob(blob.unchecked_ref()).ok()
        }
    });
    view! {
        {move || url.get().flatten().map(|u| view! { <img src=u alt=alt.clone() loading="lazy"/> })}
    }
}

/// "3 jam 20 mnt" since `since`.
pub fn waited(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mins = (now - since).num_minutes().max(0);
    let (d, h, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    if d > 0 {
        format!("{d} hr {h} jam")
    } else if h > 0 {
        format!("{h} jam {m} mnt")
    } else {
        format!("{m} mnt")
    }
}

/// Reads the file chosen in `input` as text into `text` (nothing when no
/// file is chosen or it cannot be read).
pub fn read_chosen_file(input: NodeRef<leptos::html::Input>, text: RwSignal<Option<String>>) {
    let Some(f) = input
        .get_untracked()
        .and_then(|i: web_sys::HtmlInputElement| i.files())
        .and_then(|l| l.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let content = wasm_bindgen_futures::JsFuture::from(f.text()).await;
        text.set(content.ok().and_then(|v| v.as_string()));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn unit(level: UnitLevel, name: &str) -> Unit {
        Unit {
            code: "X".into(),
            name: name.into(),
            level,
            parent_code: None,
            active: true,
        }
    }

    #[test]
    fn unit_names_say_their_kind_once() {
        assert_eq!(
            unit_label(&unit(UnitLevel::Dinas, "Dinas Bina Marga")),
            "Dinas Bina Marga"
        );
        assert_eq!(
            unit_label(&unit(UnitLevel::Sudin, "Sudin Bina Marga Jakarta Pusat")),
            "Sudin Bina Marga Jakarta Pusat"
        );
        assert_eq!(
            unit_label(&unit(UnitLevel::Dinas, "Biro Pemerintahan")),
            "Biro Pemerintahan"
        );
        assert_eq!(
            unit_label(&unit(UnitLevel::Kelurahan, "Gambir")),
            "Kelurahan Gambir"
        );
        assert_eq!(
            unit_label(&unit(UnitLevel::Kecamatan, "Gambir")),
            "Kecamatan Gambir"
        );
        assert_eq!(
            unit_label(&unit(UnitLevel::Kota, "Jakarta Pusat")),
            "Kota Jakarta Pusat"
        );
        // "Dinasti" is no agency.
        assert_eq!(
            unit_label(&unit(UnitLevel::Kelurahan, "Dinasti")),
            "Kelurahan Dinasti"
        );
    }

    #[test]
    fn waiting_time_reads_in_days_hours_minutes() {
        let t = Utc::now();
        assert_eq!(waited(t - Duration::minutes(5), t), "5 mnt");
        assert_eq!(waited(t - Duration::minutes(200), t), "3 jam 20 mnt");
        assert_eq!(waited(t - Duration::hours(50), t), "2 hr 2 jam");
        assert_eq!(waited(t + Duration::minutes(5), t), "0 mnt");
    }
}

/// A message for the next page the user lands on (after a hand-over, the
/// inbox says where the report went).
#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<String>>);

impl Flash {
    /// Makes the flash available to every page.
    pub fn provide() {
        provide_context(Flash(RwSignal::new(None)));
    }

    /// The page's flash (taken while the page is set up, not in a task).
    pub fn here() -> Self {
        expect_context::<Flash>()
    }

    /// Leaves `message` for the next page.
    pub fn leave(self, message: String) {
        self.0.set(Some(message));
    }
}

/// Shows the message left for this page, once.
#[component]
pub fn FlashNotice() -> impl IntoView {
    let message = use_context::<Flash>().and_then(|f| {
        let m = f.0.get_untracked();
        f.0.set(None);
        m
    });
    message.map(|m| view! { <p class="notice success" role="status" id="flash">"✓ "{m}</p> })
}
