//! Channels and integrations, for administrators: the 14 channels with
//! their webhooks (address, on/off, the signing secret shown once when made
//! or rotated, removal) and the integrators' API keys (filtered, created
//! with the key shown once, revoked).

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::{opt, ErrorNotice};
use crm_domain::api::{ApiKeyCreated, ApiKeyQuery, ChannelSettings, NewApiKey, WebhookInput};
use crm_domain::ChannelKind;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The i18n key of a channel kind.
fn kind_key(k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::System => "kind.system",
        ChannelKind::Message => "kind.message",
        ChannelKind::Office => "kind.office",
    }
}

/// A signing secret shown once: whose it is and whether it replaced one.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    channel: String,
    secret: String,
    rotated: bool,
}

/// The channels and integrations page.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let settings = LocalResource::new(move || {
        changed.track();
        let t = session.token.get();
        async move { Some(api::channel_settings(&t?).await) }
    });
    let list = Signal::derive(move || {
        settings
            .get()
            .flatten()
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    // Codes and names only: unlike the list they stay the same when a
    // webhook or key changes, so the channel selects keep their choice.
    let names = Memo::new(move |_| {
        list.with(|l| {
            l.iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let editing = RwSignal::new(None::<String>);
    let secret = RwSignal::new(None::<Shown>);
    let current = Signal::derive(move || {
        let code = editing.get()?;
        list.with(|l| l.iter().find(|c| c.code == code).cloned())
    });
    view! {
        <section id="channels-page">
            <h1>{move || i18n.t("chan.title")}</h1>
            <p class="muted">{move || i18n.t("chan.intro")}</p>
            {move || settings.get().flatten().map(|r| match r {
                Ok(channels) => {
                    // The table is drawn anew in the other language.
                    i18n.0.track();
                    view! { <ChannelTable channels editing/> }.into_any()
                }
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            {move || secret.get().map(|s| view! {
                <div class="secret-box" id="webhook-secret-box" role="status">
                    <strong>{format!("{} · {}", i18n.t(if s.rotated { "hook.new_secret" } else { "hook.secret" }), s.channel)}</strong>
                    <code class="secret" id="webhook-secret">{s.secret}</code>
                    <p><strong>{i18n.t("secret.once")}</strong></p>
                    {s.rotated.then(|| view! { <p class="muted">{i18n.t("hook.rotate_note")}</p> })}
                    <button class="secondary" id="webhook-secret-done" on:click=move |_| secret.set(None)>{i18n.t("secret.done")}</button>
                </div>
            })}
            {move || editing.get().map(|code| view! { <WebhookForm code current editing secret changed/> })}
            <ApiKeys names changed/>
        </section>
    }
}

#[component]
fn ChannelTable(
    channels: Vec<ChannelSettings>,
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let none = || i18n.t("common.none");
    view! {
        <div class="table-wrap">
            <table class="reports" id="channels">
                <thead><tr>
                    <th>{i18n.t("chan.name")}</th>
                    <th>{i18n.t("chan.code")}</th>
                    <th>{i18n.t("chan.kind")}</th>
                    <th>{i18n.t("chan.webhook")}</th>
                    <th>{i18n.t("chan.active")}</th>
                    <th>{i18n.t("chan.secret_hint")}</th>
                    <th>{i18n.t("chan.keys")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {channels.into_iter().map(|c| {
                        let code = c.code.clone();
                        let mine = code.clone();
                        let selected = Signal::derive(move || editing.with(|e| e.as_deref() == Some(mine.as_str())));
                        let data_code = code.clone();
                        let hook = c.webhook;
                        let toggle = {
                            let code = code.clone();
                            move |_| editing.update(|e| {
                                *e = if e.as_deref() == Some(code.as_str()) { None } else { Some(code.clone()) };
                            })
                        };
                        view! {
                            <tr class="channel" class:selected=selected data-code=data_code>
                                <td>{c.name}</td>
                                <td><code>{code}</code></td>
                                <td>{i18n.t(kind_key(c.kind))}</td>
                                <td class="hook-url">{hook.as_ref().map(|h| h.url.clone()).unwrap_or_else(|| none().into())}</td>
                                <td class="hook-active">{hook.as_ref().map(|h| i18n.t(if h.active { "common.yes" } else { "common.no" })).unwrap_or_else(none)}</td>
                                <td class="hook-hint">{hook.as_ref().map(|h| format!("…{}", h.secret_hint.trim_start_matches('…'))).unwrap_or_else(|| none().into())}</td>
                                <td class="num keys">{c.active_keys}</td>
                                <td>
                                    <button class="link edit" on:click=toggle>
                                        {move || i18n.t(if selected.get() { "chan.close" } else { "chan.edit" })}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The webhook of the channel being edited: address and on/off, secret
/// rotation and removal.
#[component]
fn WebhookForm(
    code: String,
    current: Signal<Option<ChannelSettings>>,
    editing: RwSignal<Option<String>>,
    secret: RwSignal<Option<Shown>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let hook = current.get_untracked().and_then(|c| c.webhook);
    let url = RwSignal::new(hook.as_ref().map(|h| h.url.clone()).unwrap_or_default());
    let active = RwSignal::new(hook.as_ref().is_none_or(|h| h.active));
    let busy = RwSignal::new(false);
    let armed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<&'static str>);
    let code = StoredValue::new(code);
    let has_hook = move || current.with(|c| c.as_ref().is_some_and(|c| c.webhook.is_some()));
    let start = move || {
        let t = session.token.get_untracked()?;
        busy.set(true);
        error.set(None);
        notice.set(None);
        Some((t, code.get_value()))
    };
    let finish = move |r: Result<Option<Shown>, api::ApiError>, ok: &'static str| {
        match r {
            Ok(shown) => {
                if shown.is_some() {
                    secret.set(shown);
                }
                notice.set(Some(ok));
                changed.update(|n| *n += 1);
            }
            Err(e) => error.set(Some(e.detail)),
        }
        armed.set(false);
        busy.set(false);
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some((t, c)) = start() else {
            return;
        };
        let body = WebhookInput {
            url: url.get_untracked().trim().to_string(),
            active: active.get_untracked(),
        };
        spawn_local(async move {
            let r = api::save_webhook(&t, &c, &body).await.map(|saved| {
                saved.secret.map(|s| Shown {
                    channel: c,
                    secret: s,
                    rotated: false,
                })
            });
            finish(r, "hook.saved");
        });
    };
    let rotate = move |_| {
        let Some((t, c)) = start() else {
            return;
        };
        spawn_local(async move {
            let r = api::rotate_webhook(&t, &c).await.map(|saved| {
                saved.secret.map(|s| Shown {
                    channel: c,
                    secret: s,
                    rotated: true,
                })
            });
            finish(r, "hook.saved");
        });
    };
    let delete = move |_| {
        if !armed.get_untracked() {
            armed.set(true);
            return;
        }
        let Some((t, c)) = start() else {
            return;
        };
        spawn_local(async move {
            let r = api::delete_webhook(&t, &c).await;
            if r.is_ok() {
                url.set(String::new());
                active.set(true);
            }
            finish(r.map(|_| None), "hook.deleted");
        });
    };
    let name = move || current.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let times = move || {
        current.with(|c| {
            c.as_ref().and_then(|c| c.webhook.as_ref()).map(|h| {
                let rotated = h
                    .rotated_at
                    .map(|t| format!(" · {}: {}", i18n.t("hook.rotated_at"), wib(t)));
                format!(
                    "{}: {}{}",
                    i18n.t("hook.updated_at"),
                    wib(h.updated_at),
                    rotated.unwrap_or_default()
                )
            })
        })
    };
    view! {
        <form class="panel webhook-form" id="webhook-form" data-code=code.get_value() on:submit=save>
            <div class="page-head">
                <h2>{move || format!("{} · {}", i18n.t("hook.title"), name())}</h2>
                <button type="button" class="link" id="webhook-close" on:click=move |_| editing.set(None)>{move || i18n.t("chan.close")}</button>
            </div>
            <Show when=move || !has_hook()>
                <p class="muted">{move || i18n.t("hook.none")}</p>
            </Show>
            {move || times().map(|t| view! { <p class="muted" id="webhook-times">{t}</p> })}
            <label for="webhook-url">{move || i18n.t("hook.url")}</label>
            <input id="webhook-url" type="url" required maxlength="500" placeholder="https://…" autocomplete="off" bind:value=url/>
            <label class="check"><input type="checkbox" id="webhook-active" bind:checked=active/>{move || i18n.t("hook.active")}</label>
            {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            {move || notice.get().map(|k| view! { <p class="ok" id="webhook-notice" role="status">{i18n.t(k)}</p> })}
            <div class="actions">
                <button type="submit" id="webhook-save" disabled=move || busy.get()>{move || i18n.t("hook.save")}</button>
                <Show when=has_hook>
                    <button type="button" class="secondary" id="webhook-rotate" disabled=move || busy.get() on:click=rotate>
                        {move || i18n.t("hook.rotate")}
                    </button>
                    <button type="button" class="danger" class:armed=move || armed.get() id="webhook-delete"
                        disabled=move || busy.get() on:click=delete>
                        {move || i18n.t(if armed.get() { "hook.delete_confirm" } else { "hook.delete" })}
                    </button>
                </Show>
            </div>
            <Show when=has_hook>
                <p class="muted">{move || i18n.t("hook.rotate_note")}</p>
            </Show>
        </form>
    }
}

/// The API keys: filters, the list with revocation, and a form making a
/// new key, shown once.
#[component]
fn ApiKeys(names: Memo<Vec<(String, String)>>, changed: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let by_channel = RwSignal::new(String::new());
    let by_label = RwSignal::new(String::new());
    let revoked = RwSignal::new(false);
    let keys_changed = RwSignal::new(0u32);
    let keys = LocalResource::new(move || {
        keys_changed.track();
        let q = ApiKeyQuery {
            channel: opt(by_channel.get()),
            label: opt(by_label.get()),
            revoked: revoked.get(),
        };
        let t = session.token.get();
        async move { Some(api::api_keys(&t?, &q).await) }
    });
    let new_channel = RwSignal::new(String::new());
    let new_label = RwSignal::new(String::new());
    let created = RwSignal::new(None::<ApiKeyCreated>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let bump = move || {
        keys_changed.update(|n| *n += 1);
        changed.update(|n| *n += 1);
    };
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(t) = session.token.get_untracked() else {
            return;
        };
        let (Some(channel), Some(label)) = (
            opt(new_channel.get_untracked()),
            opt(new_label.get_untracked()),
        ) else {
            error.set(Some(i18n.t("key.pick_channel").to_string()));
            return;
        };
        busy.set(true);
        error.set(None);
        created.set(None);
        spawn_local(async move {
            match api::create_api_key(&t, &NewApiKey { channel, label }).await {
                Ok(k) => {
                    created.set(Some(k));
                    new_label.set(String::new());
                    bump();
                }
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };
    let revoke = move |id: i64| {
        let Some(t) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::revoke_api_key(&t, id).await {
                Ok(()) => bump(),
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    let name_of = move |code: &str| {
        names.with(|l| {
            l.iter()
                .find(|(c, _)| c == code)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| code.to_string())
        })
    };
    let options = move || {
        names
            .get()
            .into_iter()
            .map(|(code, name)| view! { <option value=code>{name}</option> })
            .collect_view()
    };
    view! {
        <section id="api-keys">
            <h2>{move || i18n.t("key.title")}</h2>
            <div class="filters">
                <label>{move || i18n.t("filter.channel")}
                    <select id="key-filter-channel" on:change=move |ev| by_channel.set(event_target_value(&ev)) prop:value=move || by_channel.get()>
                        <option value="">{move || i18n.t("filter.all")}</option>
                        {options}
                    </select>
                </label>
                <label>{move || i18n.t("key.label")}
                    <input id="key-filter-label" type="search" autocomplete="off"
                        prop:value=move || by_label.get() on:input=move |ev| by_label.set(event_target_value(&ev))/>
                </label>
                <label class="check"><input type="checkbox" id="key-show-revoked" bind:checked=revoked/>{move || i18n.t("key.show_revoked")}</label>
            </div>
            {move || keys.get().flatten().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="notice" id="keys-empty">{i18n.t("key.empty")}</p> }.into_any(),
                Ok(list) => view! {
                    <div class="table-wrap">
                        <table class="reports" id="key-list">
                            <thead><tr>
                                <th>"ID"</th>
                                <th>{i18n.t("filter.channel")}</th>
                                <th>{i18n.t("key.label")}</th>
                                <th>{i18n.t("key.created")}</th>
                                <th>{i18n.t("key.revoked")}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|k| {
                                    let id = k.id;
                                    let armed = RwSignal::new(false);
                                    let active = k.revoked_at.is_none();
                                    view! {
                                        <tr class="api-key" class:revoked=!active data-id=id.to_string() data-channel=k.channel.clone()>
                                            <td class="num">{id}</td>
                                            <td>{name_of(&k.channel)}</td>
                                            <td class="label">{k.label}</td>
                                            <td>{wib(k.created_at)}</td>
                                            <td>{k.revoked_at.map(wib).unwrap_or_else(|| i18n.t("common.none").into())}</td>
                                            <td>{active.then(|| view! {
                                                <button class="danger revoke" class:armed=move || armed.get() data-id=id.to_string()
                                                    on:click=move |_| if armed.get_untracked() { revoke(id) } else { armed.set(true) }>
                                                    {move || i18n.t(if armed.get() { "key.revoke_confirm" } else { "key.revoke" })}
                                                </button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
            <form class="panel key-form" id="key-form" on:submit=create>
                <h3>{move || i18n.t("key.new")}</h3>
                <div class="two">
                    <label>{move || i18n.t("filter.channel")}
                        <select id="key-channel" required on:change=move |ev| new_channel.set(event_target_value(&ev)) prop:value=move || new_channel.get()>
                            <option value="">{move || i18n.t("common.none")}</option>
                            {options}
                        </select>
                    </label>
                    <label>{move || i18n.t("key.label")}
                        <input id="key-label" type="text" required maxlength="200" autocomplete="off" placeholder="Qlue production" bind:value=new_label/>
                    </label>
                </div>
                {move || error.get().map(|e| view! { <ErrorNotice detail=e/> })}
                <div class="actions">
                    <button type="submit" id="key-create" disabled=move || busy.get()>{move || i18n.t("key.create")}</button>
                </div>
            </form>
            {move || created.get().map(|k| view! {
                <div class="secret-box" id="new-key-box" role="status" data-id=k.id.to_string()>
                    <strong>{format!("{} · {} · {}", i18n.t("key.new_key"), name_of(&k.channel), k.label)}</strong>
                    <code class="secret" id="new-key">{k.key}</code>
                    <p><strong>{i18n.t("secret.once")}</strong>" "{i18n.t("key.usage")}</p>
                    <button class="secondary" id="new-key-done" on:click=move |_| created.set(None)>{i18n.t("secret.done")}</button>
                </div>
            })}
        </section>
    }
}
