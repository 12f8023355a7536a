//! Settings, for administrators: the time targets, the "near" share, the
//! hand-over limit, the cut-off day, verification, the grade edges, the
//! digest hours and the start of the records, changed with a reason (a new
//! version, in force at once on every server; frozen months keep theirs),
//! and every earlier version.

use crate::api;
use crate::format::wib;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::ErrorNotice;
use crm_domain::api::{SettingsChange, SettingsView};
use crm_domain::settings::{GradeEdges, ScoreWeights, Settings};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn num(s: &str) -> f64 {
    s.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

fn whole(s: &str) -> u32 {
    s.trim().parse().unwrap_or(0)
}

/// Reads "8, 14" as the digest hours.
fn hours(s: &str) -> Vec<u32> {
    s.split([',', ' '])
        .filter(|h| !h.trim().is_empty())
        .map(|h| h.trim().parse().unwrap_or(99))
        .collect()
}

fn hours_text(h: &[u32]) -> String {
    h.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let changed = RwSignal::new(0u32);
    // Kept here: the form is drawn again with the saved version.
    let saved = RwSignal::new(false);
    let view_of = LocalResource::new(move || {
        changed.track();
        let token = session.token.get();
        async move {
            match token {
                Some(t) => api::settings(&t).await,
                None => Err(api::ApiError::signed_out()),
            }
        }
    });
    view! {
        <section id="settings-page">
            <h1>{move || i18n.t("set.title")}</h1>
            <p class="muted">{move || i18n.t("set.intro")}</p>
            {move || view_of.get().map(|r| match r {
                Ok(v) => view! { <SettingsForm view=v changed saved/> }.into_any(),
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn SettingsForm(
    view: SettingsView,
    changed: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let s = view.current.settings.clone();
    let version = view.current.version;
    let response = RwSignal::new(s.response_hours.to_string());
    let no_action = RwSignal::new(s.no_action_hours.to_string());
    let max_days = RwSignal::new(s.max_completion_days.to_string());
    let near = RwSignal::new((s.near_share * 100.0).to_string());
    let handovers = RwSignal::new(s.max_unit_handovers.to_string());
    let cutoff = RwSignal::new(s.cutoff_day.to_string());
    let verification = RwSignal::new(s.verification);
    let (a, b, c, d) = (
        RwSignal::new(s.grade_edges.a.to_string()),
        RwSignal::new(s.grade_edges.b.to_string()),
        RwSignal::new(s.grade_edges.c.to_string()),
        RwSignal::new(s.grade_edges.d.to_string()),
    );
    let (wc, wt, wk, we) = (
        RwSignal::new((s.score_weights.completion * 100.0).to_string()),
        RwSignal::new((s.score_weights.follow_up_time * 100.0).to_string()),
        RwSignal::new((s.score_weights.category * 100.0).to_string()),
        RwSignal::new((s.score_weights.effort * 100.0).to_string()),
    );
    let digest = RwSignal::new(hours_text(&s.digest_hours));
    let review_days = RwSignal::new(s.review_within_days.to_string());
    let radius = RwSignal::new(s.similar_radius_m.to_string());
    let done_days = RwSignal::new(s.similar_done_days.to_string());
    let area_min = RwSignal::new(s.public_area_min_reports.to_string());
    let start = RwSignal::new(s.records_start.to_string());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        saved.set(false);
        let Ok(records_start) = start.get_untracked().trim().parse::<chrono::NaiveDate>() else {
            error.set(Some(i18n.t("set.bad_date").to_string()));
            return;
        };
        let body = SettingsChange {
            settings: Settings {
                response_hours: num(&response.get_untracked()),
                no_action_hours: num(&no_action.get_untracked()),
                max_completion_days: num(&max_days.get_untracked()),
                near_share: num(&near.get_untracked()) / 100.0,
                max_unit_handovers: whole(&handovers.get_untracked()),
                cutoff_day: whole(&cutoff.get_untracked()),
                verification: verification.get_untracked(),
                score_weights: ScoreWeights {
                    completion: num(&wc.get_untracked()) / 100.0,
                    follow_up_time: num(&wt.get_untracked()) / 100.0,
                    category: num(&wk.get_untracked()) / 100.0,
                    effort: num(&we.get_untracked()) / 100.0,
                },
                grade_edges: GradeEdges {
                    a: num(&a.get_untracked()),
                    b: num(&b.get_untracked()),
                    c: num(&c.get_untracked()),
                    d: num(&d.get_untracked()),
                },
                digest_hours: hours(&digest.get_untracked()),
                records_start,
                review_within_days: whole(&review_days.get_untracked()),
                similar_radius_m: whole(&radius.get_untracked()),
                similar_done_days: whole(&done_days.get_untracked()),
                public_area_min_reports: whole(&area_min.get_untracked()),
            },
            reason: reason.get_untracked(),
            version: Some(version),
        };
        spawn_local(async move {
            match api::update_settings(&token, &body).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    changed.update(|c| *c += 1);
                }
                Err(e) => error.set(Some(e.detail)),
            }
        });
    };
    let field =
        move |id: &'static str, key: &'static str, sig: RwSignal<String>, mode: &'static str| {
            view! {
                <label for=id>{move || i18n.t(key)}</label>
                <input id=id inputmode=mode required bind:value=sig/>
            }
        };
    view! {
        <form class="card" id="settings-form" on:submit=submit>
            <p class="muted" id="settings-version">
                {format!("{} {} · {}", i18n.t("set.version"), version, wib(view.current.valid_from))}
            </p>
            <h2>{move || i18n.t("set.targets")}</h2>
            {field("set-response", "set.response", response, "decimal")}
            {field("set-no-action", "set.no_action", no_action, "decimal")}
            {field("set-max-days", "set.max_days", max_days, "decimal")}
            {field("set-near", "set.near", near, "decimal")}
            <h2>{move || i18n.t("set.flow")}</h2>
            {field("set-handovers", "set.handovers", handovers, "numeric")}
            <label class="check"><input type="checkbox" id="set-verification" bind:checked=verification/>{move || i18n.t("set.verification")}</label>
            <h2>{move || i18n.t("set.scores")}</h2>
            {field("set-cutoff", "set.cutoff", cutoff, "numeric")}
            <label>{move || i18n.t("set.weights")}</label>
            <div class="inline">
                <label>"Penyelesaian %"<input id="set-w-completion" inputmode="decimal" bind:value=wc/></label>
                <label>"Waktu TL %"<input id="set-w-time" inputmode="decimal" bind:value=wt/></label>
                <label>"Bobot kategori %"<input id="set-w-category" inputmode="decimal" bind:value=wk/></label>
                <label>"Upaya TL %"<input id="set-w-effort" inputmode="decimal" bind:value=we/></label>
            </div>
            <label>{move || i18n.t("set.grades")}</label>
            <div class="inline">
                <label>"A ≥"<input id="set-grade-a" inputmode="decimal" bind:value=a/></label>
                <label>"B ≥"<input id="set-grade-b" inputmode="decimal" bind:value=b/></label>
                <label>"C ≥"<input id="set-grade-c" inputmode="decimal" bind:value=c/></label>
                <label>"D ≥"<input id="set-grade-d" inputmode="decimal" bind:value=d/></label>
            </div>
            <h2>{move || i18n.t("set.other")}</h2>
            {field("set-digest", "set.digest", digest, "text")}
            {field("set-review-days", "set.review_days", review_days, "numeric")}
            {field("set-radius", "set.radius", radius, "numeric")}
            {field("set-done-days", "set.done_days", done_days, "numeric")}
            {field("set-area-min", "set.area_min", area_min, "numeric")}
            <label for="set-start">{move || i18n.t("set.start")}</label>
            <input id="set-start" type="date" required bind:value=start/>
            <label for="set-reason">{move || i18n.t("set.reason")}</label>
            <input id="set-reason" required maxlength="500" bind:value=reason/>
            {move || error.get().map(|e| view! { <p class="error field-error" role="alert">{e}</p> })}
            {move || saved.get().then(|| view! { <p class="ok" role="status" id="settings-saved">{i18n.t("set.saved")}</p> })}
            <div class="actions"><button type="submit" id="settings-submit">{move || i18n.t("acc.save")}</button></div>
        </form>
        <h2>{move || i18n.t("set.history")}</h2>
        <div class="table-wrap">
            <table class="reports" id="settings-history">
                <thead><tr>
                    <th class="num">{move || i18n.t("set.version")}</th>
                    <th>{move || i18n.t("set.from")}</th>
                    <th>{move || i18n.t("set.by")}</th>
                    <th>{move || i18n.t("set.reason")}</th>
                    <th>{move || i18n.t("set.summary")}</th>
                </tr></thead>
                <tbody>
                    {view.history.into_iter().map(|v| {
                        let s = &v.settings;
                        let summary = format!(
                            "{}/{}/{} · {}% · {} · {} · {}/{}/{}/{}",
                            s.response_hours, s.no_action_hours, s.max_completion_days,
                            s.near_share * 100.0, s.max_unit_handovers, s.cutoff_day,
                            s.grade_edges.a, s.grade_edges.b, s.grade_edges.c, s.grade_edges.d,
                        );
                        view! {
                            <tr class="settings-version">
                                <td class="num">{v.version}</td>
                                <td>{if v.version == 1 { "—".to_string() } else { wib(v.valid_from) }}</td>
                                <td>{v.changed_by.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{v.reason.clone()}</td>
                                <td>{summary}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
