//! One report: its fields, photos, history ("riwayat"), and every action
//! the signed-in user may take on it right there (disabled, with the reason,
//! when not allowed).

use crate::api::{self, ApiError};
use crate::format::{status_class, wib};
use crate::i18n::{action_key, use_i18n};
use crate::map::LocationMap;
use crate::messages::say;
use crate::messages::status_name;
use crate::session::use_session;
use crate::similar::SimilarReports;
use crate::widgets::{ErrorNotice, Flash, StaffImage, UnitPicker};
use crm_domain::api::{ActionAvailability, Blocker, ClosedReason, LocationFlag, Photo, Report};
use crm_domain::lifecycle::ActionKind;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::json;

type Loaded = Option<Result<Report, ApiError>>;

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let report = RwSignal::new(None::<Result<Report, ApiError>>);
    // The action just taken, confirmed until the next one is chosen.
    let done = RwSignal::new(None::<ActionKind>);
    Effect::new(move |_| {
        let n = number();
        let token = session.token.get();
        report.set(None);
        spawn_local(async move {
            let got = match token {
                Some(t) => api::report(&t, &n).await,
                None => Err(ApiError::signed_out()),
            };
            report.set(Some(got));
        });
    });
    view! {
        <p><A href="/kotak-masuk">{move || i18n.t("detail.back_inbox")}</A>" · "<A href="/laporan">{move || i18n.t("detail.back")}</A></p>
        {move || match report.get() {
            None => view! { <p class="muted">{i18n.t("list.loading")}</p> }.into_any(),
            Some(Ok(r)) => view! { <ReportView report=r loaded=report done=done/> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
        }}
    }
}

fn photo_strip(photos: Vec<Photo>, number: i64, public: bool) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        view! {
            <div class="photos">
                {photos.into_iter().map(|p| {
                    let alt = format!("Foto {}", p.id);
                    if public {
                        // Follow-up evidence is public: load it without the token.
                        let full = format!("/api/v1/public/reports/{number}/photos/{}", p.id);
                        let thumb = format!("{full}?size=thumb");
                        view! { <a href=full target="_blank" rel="noopener"><img src=thumb alt=alt loading="lazy"/></a> }.into_any()
                    } else {
                        view! { <StaffImage src=p.thumb_url.clone() alt=alt/> }.into_any()
                    }
                }).collect_view()}
            </div>
        }
    })
}

#[component]
fn ReportView(
    report: Report,
    loaded: RwSignal<Loaded>,
    done: RwSignal<Option<ActionKind>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = report;
    let row = move |key: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{move || i18n.t(key)}</dt><dd>{v}</dd> })
    };
    let coords = match (r.lat, r.lon) {
        (Some(a), Some(b)) => Some(format!("{a:.5}, {b:.5}")),
        _ => None,
    };
    let tags = (!r.tags.is_empty()).then(|| {
        r.tags
            .iter()
            .map(|t| format!("#{t}"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let holder = r
        .holder_name
        .clone()
        .unwrap_or_else(|| i18n.t("detail.triage").to_string());
    let collaborators = (!r.collaborators.is_empty()).then(|| {
        r.collaborators
            .iter()
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let number = r.number;
    let history_view = r
        .history
        .clone()
        .into_iter()
        .map(|h| {
            let unit = h
                .unit_name
                .clone()
                .unwrap_or_else(|| i18n.t("detail.triage").to_string());
            let to = h.to_unit_name.clone().map(|t| format!(" → {t}"));
            view! {
                <li class:flagged=h.flagged data-kind=h.kind.as_str()>
                    <div class="when">{wib(h.at)}</div>
                    <div>
                        <span class=status_class(h.status)>{let s = h.status; move || status_name(i18n.lang(), s)}</span>
                        " "<strong>{move || i18n.t(action_key(h.kind))}</strong>
                        " · "{unit}{to}
                        {h.actor.clone().map(|a| view! { <span class="muted">{format!(" · {a}")}</span> })}
                        {(!h.public).then(|| view! { <span class="tag">{i18n.t("detail.internal")}</span> })}
                        {h.flagged.then(|| view! { <span class="tag warn">{i18n.t("detail.flagged")}</span> })}
                    </div>
                    {h.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                    {photo_strip(h.photos.clone(), number, h.public)}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="card report" id="report-detail" data-number=r.number.to_string() data-version=r.version.to_string()>
            <header class="report-head">
                <h1>{format!("Laporan #{}", r.number)}</h1>
                <span class=status_class(r.status) id="report-status">{let s = r.status; move || status_name(i18n.lang(), s)}</span>
                {r.awaiting_verification.then(|| view! { <span class="tag" id="verifying">{i18n.t("detail.verifying")}</span> })}
            </header>
            {r.closed_reason.map(|c| {
                let dup = r.duplicate_of;
                view! {
                    <p class="notice" id="closed-banner" data-reason=c.as_str()>
                        <strong>{move || i18n.t("close.banner")}</strong>": "{move || i18n.t(close_key(c))}
                        {dup.map(|d| view! { " " <a href=format!("/laporan/{d}")>{format!("#{d}")}</a> })}
                    </p>
                }
            })}
            <p class="muted">
                {r.category_name.clone()}" · "{wib(r.received_at)}" · "<span id="holder">{holder}</span>
            </p>
            {move || done.get().map(|k| view! {
                <p class="notice success" role="status" id="action-done">
                    "✓ "{i18n.t(action_key(k))}": "{i18n.t("act.done")}
                </p>
            })}
            <ActionsPanel report=r.clone() loaded=loaded done=done/>
            <dl class="fields">
                {row("detail.description", Some(r.description.clone()))}
                {row("detail.kelurahan", r.kelurahan_name.clone())}
                {row("detail.address", r.address.clone())}
                {row("detail.coordinates", coords)}
                {row("detail.tags", tags)}
                {row("detail.reporter", r.reporter_name.clone())}
                {row("detail.contact", r.reporter_contact.clone())}
                {row("detail.channel", Some(r.channel.clone()))}
                {row("detail.channel_ref", r.channel_ref.clone())}
                {row("detail.ticket", r.coordination_ticket.clone())}
                {row("detail.collaborators", collaborators)}
                {row("detail.assignee", r.assignee.as_ref().map(|a| a.full_name.clone()))}
                {row("detail.estimate", r.estimate_at.map(wib))}
                {row("detail.handovers", (r.handovers > 0).then(|| r.handovers.to_string()))}
                {row("detail.rating", r.rating.map(|s| format!("{s}/5")))}
                {row("detail.hidden", r.hidden.then(|| i18n.t("common.yes").to_string()))}
                {row("detail.location_flag", r.location_flag.map(|f| i18n.t(match f {
                    LocationFlag::OutsideArea => "detail.outside_area",
                    LocationFlag::Unplaced => "detail.unplaced",
                }).to_string()))}
            </dl>
            <ReportPlace kelurahan=r.kelurahan_code.clone() point=r.lat.zip(r.lon)/>
            {r.lat.zip(r.lon).map(|(lat, lon)| {
                let place = Signal::derive({
                    let category = r.category.clone();
                    move || Some((lat, lon, category.clone()))
                });
                view! { <SimilarReports place=place current=r.number/> }
            })}
            {(!r.photos.is_empty() || !r.photo_urls.is_empty()).then(|| view! { <h2>{move || i18n.t("detail.photos")}</h2> })}
            {photo_strip(r.photos.clone(), number, false)}
            {(!r.photo_urls.is_empty()).then(|| view! {
                <ul class="photo-links" id="photo-urls">
                    {r.photo_urls.iter().map(|u| view! {
                        <li><a href=u.clone() target="_blank" rel="noopener noreferrer">{u.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
            <h2>{move || i18n.t("detail.history")}</h2>
            <ol class="timeline" id="history">{history_view}</ol>
        </article>
    }
}

/// The small map of where the report is: its kelurahan's outline (drawn
/// from the boundaries the server places reports with) and its point.
#[component]
fn ReportPlace(kelurahan: Option<String>, point: Option<(f64, f64)>) -> impl IntoView {
    let session = use_session();
    let outline = LocalResource::new(move || {
        let code = kelurahan.clone();
        let token = session.token.get();
        async move {
            match (code, token) {
                (Some(c), Some(t)) => api::outline(&t, &c).await.ok(),
                _ => None,
            }
        }
    });
    move || {
        let o = outline.get().flatten();
        (o.is_some() || point.is_some()).then(|| view! { <LocationMap outline=o point=point/> })
    }
}

/// The one action the page puts first for the state and role, when one of
/// them is allowed: the verifier's approval, then taking the report up,
/// then completing it, then handing it on (the Monitoring Room's triage).
/// The rest keep the fixed order of [`crm_domain::lifecycle::STAFF_ACTIONS`].
pub fn primary_action(allowed: &[ActionKind]) -> Option<ActionKind> {
    [
        ActionKind::Approve,
        ActionKind::TakeUp,
        ActionKind::Complete,
        ActionKind::Dispose,
    ]
    .into_iter()
    .find(|k| allowed.contains(k))
}

/// The i18n key of a closure's reason.
fn close_key(c: ClosedReason) -> &'static str {
    match c {
        ClosedReason::Duplicate => "close.duplicate",
        ClosedReason::Invalid => "close.invalid",
        ClosedReason::OutOfScope => "close.out_of_scope",
    }
}

fn slug(k: ActionKind) -> &'static str {
    match k {
        ActionKind::Close => "close",
        ActionKind::Correct => "correct",
        ActionKind::TakeUp => "take-up",
        ActionKind::Dispose => "dispose",
        ActionKind::Coordinate => "coordinate",
        ActionKind::Release => "release",
        ActionKind::FollowUp => "follow-ups",
        ActionKind::Complete => "complete",
        ActionKind::Approve => "approve",
        ActionKind::Reject => "reject",
        ActionKind::SetEstimate => "estimate",
        ActionKind::Reopen => "reopen",
        ActionKind::Comment => "comments",
        ActionKind::Rate => "rating",
        ActionKind::Assign => "assign",
        ActionKind::Arrive => "",
    }
}

/// The buttons of the actions and the form of the one chosen.
#[component]
fn ActionsPanel(
    report: Report,
    loaded: RwSignal<Loaded>,
    done: RwSignal<Option<ActionKind>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = StoredValue::new_local(use_navigate());
    let flash = Flash::here();
    let open = RwSignal::new(None::<ActionKind>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    // Coordination asks several units at once: those added so far.
    let asked = RwSignal::new(Vec::<String>::new());
    let date = RwSignal::new(String::new());
    let public = RwSignal::new(true);
    let officer = RwSignal::new(String::new());
    let close_reason = RwSignal::new("duplicate".to_string());
    let duplicate_of = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let files: NodeRef<Input> = NodeRef::new();
    let categories = LocalResource::new(|| async { api::categories().await.unwrap_or_default() });
    let number = report.number;
    let version = report.version;
    let holder = report.holder_code.clone();
    // Completing waits only for the evidence photo: the form asks for it.
    let complete_needs_photo = report
        .actions
        .iter()
        .any(|a| a.action == ActionKind::Complete && a.needs_photo);
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    let units_signal = Signal::derive(move || units.get().unwrap_or_default());
    let officers = LocalResource::new(move || {
        let token = session.token.get();
        let holder = holder.clone();
        let wanted = open.get() == Some(ActionKind::Assign);
        async move {
            match (token, holder, wanted) {
                (Some(t), Some(h), true) => api::workload(&t, &h)
                    .await
                    .map(|w| w.officers)
                    .unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    });

    let choose = move |k: ActionKind| {
        error.set(None);
        note.set(String::new());
        unit.set(String::new());
        asked.set(Vec::new());
        date.set(String::new());
        officer.set(String::new());
        duplicate_of.set(String::new());
        category.set(String::new());
        close_reason.set("duplicate".to_string());
        public.set(true);
        done.set(None);
        open.set(Some(k));
        // The opened form takes the focus at its title (on a phone, a field
        // would pop the keyboard up before the officer has read the form).
        request_animation_frame(|| {
            if let Some(title) = document()
                .get_element_by_id("action-title")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = title.focus();
            }
        });
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = open.get_untracked() else {
            return;
        };
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let text = note.get_untracked();
        let body = match kind {
            ActionKind::TakeUp | ActionKind::Approve => json!({"note": text, "version": version}),
            ActionKind::Dispose => {
                json!({"to": unit.get_untracked(), "reason": text, "version": version})
            }
            ActionKind::Coordinate => {
                let mut units = asked.get_untracked();
                let current = unit.get_untracked();
                if !current.is_empty() && !units.contains(&current) {
                    units.push(current);
                }
                json!({"units": units, "note": text, "version": version})
            }
            ActionKind::Release => {
                let u = unit.get_untracked();
                json!({"unit": (!u.is_empty()).then_some(u), "note": text, "version": version})
            }
            ActionKind::Complete => json!({"note": text, "version": version}),
            ActionKind::Reject | ActionKind::Reopen => json!({"reason": text, "version": version}),
            ActionKind::SetEstimate => {
                json!({"until": date.get_untracked(), "reason": text, "version": version})
            }
            ActionKind::Comment => {
                json!({"text": text, "public": public.get_untracked(), "version": version})
            }
            ActionKind::Assign => json!({"officer": officer.get_untracked(), "version": version}),
            ActionKind::Close => {
                let reason = close_reason.get_untracked();
                let dup = duplicate_of.get_untracked().trim().parse::<i64>().ok();
                json!({"reason": reason, "note": text, "duplicate_of": if reason == "duplicate" { dup } else { None }})
            }
            ActionKind::Correct => json!({
                "note": text,
                "category": Some(category.get_untracked()).filter(|c| !c.is_empty()),
                "kelurahan": Some(unit.get_untracked()).filter(|u| !u.is_empty()),
            }),
            ActionKind::FollowUp | ActionKind::Rate | ActionKind::Arrive => json!({}),
        };
        let no_unit = unit.get_untracked().is_empty()
            && (kind == ActionKind::Dispose || asked.with_untracked(Vec::is_empty));
        if matches!(kind, ActionKind::Dispose | ActionKind::Coordinate) && no_unit {
            error.set(Some(i18n.t("act.pick_unit").to_string()));
            return;
        }
        let chosen_files = files
            .get_untracked()
            .and_then(|i| i.files())
            .map_or(0, |l| l.length());
        if kind == ActionKind::Complete && complete_needs_photo && chosen_files == 0 {
            error.set(Some(i18n.t("act.photo_needed").to_string()));
            return;
        }
        let form =
            if kind == ActionKind::FollowUp || (kind == ActionKind::Complete && chosen_files > 0) {
                let Ok(fd) = web_sys::FormData::new() else {
                    return;
                };
                let _ = fd.append_with_str("note", &text);
                let _ = fd.append_with_str("version", &version.to_string());
                if let Some(list) = files.get_untracked().and_then(|i| i.files()) {
                    for i in 0..list.length() {
                        if let Some(f) = list.get(i) {
                            let _ = fd.append_with_blob_and_filename("photo", &f, &f.name());
                        }
                    }
                }
                Some(fd)
            } else {
                None
            };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match (form, kind) {
                // The photos go up as a follow-up with the note, then the
                // completion follows on the version it made.
                (Some(fd), ActionKind::Complete) => {
                    match api::follow_up(&token, number, fd).await {
                        Ok(r) => {
                            let mut body = body.clone();
                            body["version"] = json!(r.version);
                            api::act(&token, number, slug(kind), &body).await
                        }
                        Err(e) => Err(e),
                    }
                }
                (Some(fd), _) => api::follow_up(&token, number, fd).await,
                (None, _) => api::act(&token, number, slug(kind), &body).await,
            };
            busy.set(false);
            match result {
                // Handed on, the report is the other unit's now: back to the
                // inbox, which says where it went.
                Ok(r) if kind == ActionKind::Dispose => {
                    let to = r.holder_name.clone().unwrap_or_default();
                    flash.leave(
                        i18n.t("act.handed_to")
                            .replace("{n}", &number.to_string())
                            .replace("{unit}", &to),
                    );
                    navigate.with_value(|go| go("/kotak-masuk", Default::default()));
                }
                Ok(r) => {
                    open.set(None);
                    done.set(Some(kind));
                    loaded.set(Some(Ok(r)));
                }
                Err(e) if e.status == 409 => {
                    error.set(Some(format!("{} ({})", i18n.t("act.conflict"), e.detail)));
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };

    let reload = move |_| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let got = api::report(&token, &number.to_string()).await;
            loaded.set(Some(got));
        });
    };

    let collaborators = report.collaborators.clone();
    let actions = report.actions.clone();
    // Ending a coordination is offered only where there is one to end.
    let blocked: Vec<ActionAvailability> = actions
        .iter()
        .filter(|a| !a.allowed && a.action != ActionKind::Release)
        .cloned()
        .collect();
    let any_allowed = actions.iter().any(|a| a.allowed);
    let allowed: Vec<ActionKind> = actions
        .iter()
        .filter(|a| a.allowed)
        .map(|a| a.action)
        .collect();
    let primary = primary_action(&allowed);
    let others: Vec<ActionKind> = allowed
        .into_iter()
        .filter(|k| Some(*k) != primary)
        .collect();
    view! {
        <section class="actions-panel" id="actions">
            {primary.map(|k| view! {
                <button type="button" class="primary-action" id="primary-action"
                    data-action=k.as_str() on:click=move |_| choose(k)>
                    {move || i18n.t(action_key(k))}
                </button>
            })}
            {(!others.is_empty()).then(|| view! {
                <div class="action-buttons" role="group"
                    aria-label=move || i18n.t(if primary.is_some() { "act.others" } else { "act.all" })>
                    {others.into_iter().map(|k| view! {
                        <button type="button" class:secondary=move || open.get() != Some(k)
                            data-action=k.as_str() on:click=move |_| choose(k)>
                            {move || i18n.t(action_key(k))}
                        </button>
                    }).collect_view()}
                </div>
            })}
            {(!any_allowed).then(|| view! { <p class="muted">{move || i18n.t("act.none")}</p> })}
            {(!blocked.is_empty()).then(|| view! {
                <details class="why">
                    <summary>{move || i18n.t("act.why")}</summary>
                    <ul>
                        {blocked.into_iter().map(|a| {
                            let k = a.action;
                            let why = a.reason_said();
                            let what = match a.blocked_by {
                                Some(Blocker::State) => "act.blocked_state",
                                _ => "act.blocked_role",
                            };
                            view! {
                                <li data-action=k.as_str()>
                                    <strong>{move || i18n.t(action_key(k))}</strong>": "
                                    // The reason itself; the kind of block only when none came.
                                    <span class="reason">{move || match &why {
                                        Some(m) => say(i18n.lang(), m),
                                        None => i18n.t(what).to_string(),
                                    }}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {move || open.get().map(|k| {
                let needs_unit = matches!(k, ActionKind::Dispose | ActionKind::Coordinate);
                let several = k == ActionKind::Coordinate;
                let closing = k == ActionKind::Close;
                let correcting = k == ActionKind::Correct;
                let needs_date = k == ActionKind::SetEstimate;
                let needs_files = k == ActionKind::FollowUp || k == ActionKind::Complete;
                let files_key = if k == ActionKind::Complete {
                    if complete_needs_photo { "act.photos_evidence" } else { "act.photos_more" }
                } else {
                    "act.photos"
                };
                let needs_officer = k == ActionKind::Assign;
                let needs_public = k == ActionKind::Comment;
                let releasing = k == ActionKind::Release;
                let current = collaborators.clone();
                let note_key = match k {
                    ActionKind::Dispose | ActionKind::Reject | ActionKind::Reopen | ActionKind::SetEstimate | ActionKind::Close | ActionKind::Correct | ActionKind::Release => "act.reason",
                    ActionKind::Comment => "act.comment_text",
                    _ => "act.note",
                };
                let note_required = !matches!(k, ActionKind::TakeUp | ActionKind::Approve | ActionKind::Coordinate | ActionKind::Assign);
                let units_for_picker = units_signal;
                view! {
                    <form class="action-form card" id="action-form" data-action=k.as_str() on:submit=submit>
                        <h3 id="action-title" tabindex="-1">{move || i18n.t(action_key(k))}</h3>
                        {needs_unit.then(|| view! {
                            <label for="unit-picker">{move || i18n.t("act.unit")}</label>
                            <UnitPicker units=units_for_picker value=unit id="unit-picker"
                                placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
                        })}
                        {several.then(|| view! {
                            <div class="asked-units">
                                <button type="button" class="secondary" id="add-unit"
                                    on:click=move |_| {
                                        let u = unit.get_untracked();
                                        if !u.is_empty() {
                                            asked.update(|a| if !a.contains(&u) { a.push(u) });
                                            unit.set(String::new());
                                            // The picker keeps what was typed: empty its box for the next unit.
                                            if let Some(input) = document()
                                                .get_element_by_id("unit-picker")
                                                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
                                            {
                                                input.set_value("");
                                            }
                                        }
                                    }>{move || i18n.t("act.add_unit")}</button>
                                <ul class="chips" id="asked-units">
                                    {move || asked.get().into_iter().map(|code| {
                                        let name = units_signal.get().into_iter().find(|u| u.code == code).map_or(code.clone(), |u| u.name);
                                        let gone = code.clone();
                                        view! {
                                            <li>{name}" "
                                                <button type="button" class="link" aria-label=move || i18n.t("act.remove_unit")
                                                    on:click=move |_| asked.update(|a| a.retain(|x| x != &gone))>"×"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        })}
                        {releasing.then(|| view! {
                            <label for="release-unit">{move || i18n.t("act.release_unit")}</label>
                            <select id="release-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                                <option value="">{move || i18n.t("act.release_all")}</option>
                                {current.into_iter().map(|u| view! {
                                    <option value=u.code.clone()>{u.name}</option>
                                }).collect_view()}
                            </select>
                        })}
                        {closing.then(|| view! {
                            <label for="close-reason">{move || i18n.t("act.close_reason")}</label>
                            <select id="close-reason" on:change=move |ev| close_reason.set(event_target_value(&ev))>
                                <option value="duplicate">{move || i18n.t("close.duplicate")}</option>
                                <option value="invalid">{move || i18n.t("close.invalid")}</option>
                                <option value="out_of_scope">{move || i18n.t("close.out_of_scope")}</option>
                            </select>
                            <Show when=move || close_reason.get() == "duplicate">
                                <label for="duplicate-of">{move || i18n.t("act.duplicate_of")}</label>
                                <input id="duplicate-of" type="number" min="1" required bind:value=duplicate_of/>
                            </Show>
                        })}
                        {correcting.then(|| view! {
                            <label for="correct-category">{move || i18n.t("act.category")}</label>
                            <select id="correct-category" on:change=move |ev| category.set(event_target_value(&ev))>
                                <option value="">{move || i18n.t("act.keep")}</option>
                                {move || categories.get().unwrap_or_default().into_iter().map(|c| view! {
                                    <option value=c.code.clone()>{c.name}</option>
                                }).collect_view()}
                            </select>
                            <label for="correct-kelurahan">{move || i18n.t("act.kelurahan")}</label>
                            <UnitPicker units=units_signal levels=vec![crm_domain::UnitLevel::Kelurahan] value=unit id="correct-kelurahan"
                                placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
                        })}
                        {needs_officer.then(|| view! {
                            <label for="officer">{move || i18n.t("act.officer")}</label>
                            <select id="officer" required on:change=move |ev| officer.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {move || officers.get().unwrap_or_default().into_iter().map(|o| view! {
                                    <option value=o.username.clone()>{format!("{} ({} {})", o.full_name, o.open, i18n.t("act.open"))}</option>
                                }).collect_view()}
                            </select>
                        })}
                        {needs_date.then(|| view! {
                            <label for="estimate-date">{move || i18n.t("act.date")}</label>
                            <input id="estimate-date" type="date" required bind:value=date/>
                        })}
                        {(!needs_officer).then(|| view! {
                            <label for="action-note">{move || i18n.t(note_key)}</label>
                            <textarea id="action-note" rows="3" required=note_required
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        })}
                        // Who will read the note (a comment chooses below).
                        {(!needs_officer && !needs_public).then(|| {
                            let internal = matches!(
                                k,
                                ActionKind::Dispose | ActionKind::Release | ActionKind::Correct
                            );
                            view! {
                                <p class="muted note-audience" id="note-audience" data-internal=internal.to_string()>
                                    {move || i18n.t(if internal { "act.note_internal" } else { "act.note_public" })}
                                </p>
                            }
                        })}
                        {needs_files.then(|| view! {
                            <label for="photos">{move || i18n.t(files_key)}</label>
                            <input id="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple node_ref=files/>
                        })}
                        {needs_public.then(|| view! {
                            <label class="check">
                                <input id="comment-public" type="checkbox" bind:checked=public/>
                                {move || i18n.t("act.public")}
                            </label>
                        })}
                        {move || error.get().map(|e| view! {
                            <p class="error" role="alert">{e}" "
                                <button type="button" class="link" on:click=reload>{i18n.t("act.reload")}</button>
                            </p>
                        })}
                        <div class="actions">
                            <button type="submit" id="action-submit" disabled=move || busy.get()>{move || i18n.t("act.send")}</button>
                            <button type="button" class="secondary" on:click=move |_| open.set(None)>{move || i18n.t("act.cancel")}</button>
                        </div>
                    </form>
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_action_comes_first_for_each_state_and_role() {
        use ActionKind::*;
        // An officer at a waiting report: take it up.
        assert_eq!(primary_action(&[TakeUp, Dispose, Comment]), Some(TakeUp));
        // In work: complete it, with the rest in their fixed order.
        assert_eq!(
            primary_action(&[Dispose, Coordinate, FollowUp, Complete, SetEstimate]),
            Some(Complete)
        );
        // A verifier at a completion: approve it.
        assert_eq!(primary_action(&[Approve, Reject, Comment]), Some(Approve));
        // The Monitoring Room at a report in triage: hand it on.
        assert_eq!(primary_action(&[Dispose, Close, Correct]), Some(Dispose));
        // Nothing to push: no primary.
        assert_eq!(primary_action(&[Comment, Reopen]), None);
    }
}
