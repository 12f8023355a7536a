//! The monthly TKD scores: rankings of a level (with the five best and
//! worst, filtered by period and parent unit), and the page that explains
//! one unit's score, variable by variable, report by report.

use crate::api;
use crate::format::{two, wib};
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::widgets::{ErrorNotice, UnitPicker};
use chrono::Utc;
use crm_domain::api::{ScoreBoard, ScoreExplanation, Unit, UnitScoreRow};
use crm_domain::period::Period;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn grade_class(g: crm_domain::score::Grade) -> &'static str {
    match g {
        crm_domain::score::Grade::A => "grade grade-a",
        crm_domain::score::Grade::B => "grade grade-b",
        crm_domain::score::Grade::C => "grade grade-c",
        crm_domain::score::Grade::D => "grade grade-d",
        crm_domain::score::Grade::E => "grade grade-e",
    }
}

fn within(units: &[Unit], code: &str, ancestor: &str) -> bool {
    let mut cur = Some(code.to_string());
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        cur = units
            .iter()
            .find(|u| u.code == c)
            .and_then(|u| u.parent_code.clone());
    }
    false
}

/// The rankings page.
#[component]
pub fn RankingPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    // The month being decided (open until its cut-off on the 8th) or just
    // decided: the current one has barely begun for most of it.
    let period = RwSignal::new(Period::of(Utc::now()).prev().to_string());
    let level = RwSignal::new("kelurahan".to_string());
    let level_chosen = RwSignal::new(false);
    let my_unit = move || session.me.get().and_then(|m| m.unit_code);
    let export_error = RwSignal::new(None::<String>);
    // The ranking as a file: every unit of the level, every figure unrounded.
    let export = move |format: &'static str| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let (p, l) = (period.get_untracked(), level.get_untracked());
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/exports/scores?period={p}&level={l}&format={format}");
            let name = format!("skor-{l}-{p}.{format}");
            match api::download(&token, &url, &name).await {
                Ok(()) => export_error.set(None),
                Err(e) => export_error.set(Some(e.detail)),
            }
        });
    };
    let parent = RwSignal::new(String::new());
    let units = LocalResource::new(|| async { api::units().await.unwrap_or_default() });
    // Open on the level of the user's own unit, where it is scored.
    Effect::new(move |_| {
        if level_chosen.get_untracked() {
            return;
        }
        let all = units.get().unwrap_or_default();
        if let Some(u) = my_unit().and_then(|c| all.into_iter().find(|u| u.code == c)) {
            use crm_domain::UnitLevel::*;
            if matches!(u.level, Kelurahan | Kecamatan | Kota | Sudin | Dinas) {
                level.set(u.level.as_str().to_string());
            }
        }
    });
    let board = LocalResource::new(move || {
        let (p, l, t) = (period.get(), level.get(), session.token.get());
        async move {
            match t {
                Some(t) => Some(api::scores(&t, &p, &l).await),
                None => None,
            }
        }
    });
    let rows = move |b: &ScoreBoard| -> Vec<UnitScoreRow> {
        let p = parent.get();
        let all = units.get().unwrap_or_default();
        b.units
            .iter()
            .filter(|r| p.is_empty() || within(&all, &r.unit_code, &p))
            .cloned()
            .collect()
    };
    view! {
        <section>
            <h1>{move || i18n.t("score.title")}</h1>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label>{move || i18n.t("score.period")}
                    <input id="score-period" type="month" prop:value=move || period.get()
                        on:change=move |ev| period.set(event_target_value(&ev))/>
                </label>
                <label>{move || i18n.t("score.level")}
                    <select id="score-level" on:change=move |ev| { level_chosen.set(true); level.set(event_target_value(&ev)); } prop:value=move || level.get()>
                        <option value="kelurahan">"Kelurahan"</option>
                        <option value="kecamatan">"Kecamatan"</option>
                        <option value="kota">"Kota"</option>
                        <option value="sudin">"Suku Dinas"</option>
                        <option value="dinas">"Dinas"</option>
                    </select>
                </label>
                <label>{move || i18n.t("score.parent")}
                    <UnitPicker units=Signal::derive(move || units.get().unwrap_or_default()) value=parent id="score-parent"
                        placeholder=Signal::derive(move || i18n.t("act.unit_search").to_string())/>
                </label>
                <div class="actions">
                    <button type="button" class="secondary" id="scores-csv" on:click=move |_| export("csv")>{move || i18n.t("list.download_csv")}</button>
                    <button type="button" class="secondary" id="scores-xlsx" on:click=move |_| export("xlsx")>{move || i18n.t("list.download_xlsx")}</button>
                </div>
            </form>
            {move || export_error.get().map(|e| view! { <ErrorNotice detail=e/> })}
            {move || board.get().flatten().map(|r| match r {
                Ok(b) => {
                    let list = rows(&b);
                    let top: Vec<UnitScoreRow> = list.iter().take(5).cloned().collect();
                    let bottom: Vec<UnitScoreRow> = list.iter().rev().take(5).cloned().collect();
                    let p = b.period.clone();
                    let mine = my_unit();
                    let my_row = mine.as_ref().and_then(|m| list.iter().find(|r| &r.unit_code == m).cloned());
                    let of = list.len();
                    let status = if b.frozen {
                        format!("{} ({})", i18n.t("score.frozen"), wib(b.cutoff))
                    } else {
                        format!("{} {} · {} {}", i18n.t("score.live"), wib(b.as_of), i18n.t("score.cutoff"), wib(b.cutoff))
                    };
                    view! {
                        <p class="muted" id="score-status">{status}</p>
                        {my_row.map(|r| view! {
                            <p class="notice" id="my-rank">
                                {i18n.t("score.yours")}": "
                                <A href=format!("/skor/{}?period={}", r.unit_code, p)>{r.unit_name.clone()}</A>
                                {format!(" — #{} / {} · {} ", r.rank, of, two(r.final_score))}
                                <span class=grade_class(r.grade)>{r.grade.as_str()}</span>
                            </p>
                        })}
                        {list.is_empty().then(|| view! { <p class="notice">{i18n.t("score.empty")}</p> })}
                        <div class="top-bottom">
                            <div><h2>{i18n.t("score.top")}</h2><ol>{top.into_iter().map(|r| view! { <li>{r.unit_name}" "<span class=grade_class(r.grade)>{r.grade.as_str()}</span>" "{two(r.final_score)}</li> }).collect_view()}</ol></div>
                            <div><h2>{i18n.t("score.bottom")}</h2><ol>{bottom.into_iter().map(|r| view! { <li>{r.unit_name}" "<span class=grade_class(r.grade)>{r.grade.as_str()}</span>" "{two(r.final_score)}</li> }).collect_view()}</ol></div>
                        </div>
                        <div class="table-wrap">
                            <table class="reports" id="ranking">
                                <thead><tr>
                                    <th>"#"</th><th>"Unit"</th><th>{i18n.t("score.total")}</th><th>{i18n.t("score.complete")}</th>
                                    <th>{i18n.t("score.final")}</th><th>{i18n.t("score.grade")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr data-unit=r.unit_code.clone() class:mine=mine.as_deref() == Some(r.unit_code.as_str())>
                                            <td>{r.rank}</td>
                                            <td><A href=format!("/skor/{}?period={}", r.unit_code, p)>{r.unit_name.clone()}</A></td>
                                            <td>{r.total}</td>
                                            <td>{r.complete}</td>
                                            <td>{two(r.final_score)}</td>
                                            <td><span class=grade_class(r.grade)>{r.grade.as_str()}</span></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
                Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
            })}
        </section>
    }
}

/// The explanation page of one unit.
#[component]
pub fn ExplainPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let unit = move || params.read().get("unit").unwrap_or_default();
    let period = move || {
        query
            .read()
            .get("period")
            .unwrap_or_else(|| Period::of(Utc::now()).to_string())
    };
    let data = LocalResource::new(move || {
        let (u, p, t) = (unit(), period(), session.token.get());
        async move {
            match t {
                Some(t) => Some(api::explain(&t, &u, &p).await),
                None => None,
            }
        }
    });
    view! {
        <p><A href="/skor">{move || i18n.t("score.back")}</A></p>
        {move || data.get().flatten().map(|r| match r {
            Ok(e) => view! { <Explained e=e/> }.into_any(),
            Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
        })}
    }
}

#[component]
fn Explained(e: ScoreExplanation) -> impl IntoView {
    let i18n = use_i18n();
    let w = e.weights;
    // A weight as a whole percentage ("20"), or with its decimals.
    let pct = |x: f64| {
        let p = x * 100.0;
        if (p - p.round()).abs() < 1e-9 {
            format!("{}", p.round())
        } else {
            format!("{p:.1}")
        }
    };
    let period = e.period.clone();
    let children = e.children.clone();
    let reports = e.reports.clone();
    let head = format!(
        "{} · {}",
        crate::widgets::level_and_name(e.level, &e.unit_name),
        e.period
    );
    let Some(s) = e.score.clone() else {
        return view! {
            <section class="card" id="explain">
                <h1>{head}</h1>
                <p class="notice" id="no-score">{i18n.t("score.none")}</p>
            </section>
        }
        .into_any();
    };
    let effort_rule = e.peers.as_ref().map(|p| {
        let x = s.complete as f64;
        let rule = if x < p.m {
            format!(
                "40 + ({x} − {}) ÷ ({} − {}) × 20",
                two(p.a),
                two(p.m),
                two(p.a)
            )
        } else if x > p.m {
            format!(
                "60 + ({x} − {}) ÷ ({} − {}) × 40",
                two(p.m),
                two(p.b),
                two(p.m)
            )
        } else {
            "x = m → 60".to_string()
        };
        format!(
            "{} {}: a = {}, m = {}, b = {}; x = {} → {}",
            p.count,
            i18n.t("score.peers"),
            two(p.a),
            two(p.m),
            two(p.b),
            s.complete,
            rule
        )
    });
    view! {
        <section class="card" id="explain" data-unit=e.unit_code.clone()>
            <header class="report-head">
                <h1>{head}</h1>
                <span class=grade_class(s.grade) id="explain-grade">{s.grade.as_str()}</span>
            </header>
            <p class="muted">{if e.frozen { i18n.t("score.frozen") } else { i18n.t("score.live") }}" · "{wib(e.as_of)}</p>
            <p class="big" id="explain-final">{i18n.t("score.final")}": "<strong>{two(s.final_score)}</strong>
                {format!(" = {} ÷ {} × 100", two(s.obtained), two(s.maximum))}</p>
            <table class="reports vars" id="variables">
                <thead><tr><th>{i18n.t("score.variable")}</th><th>{i18n.t("score.value")}</th><th>{i18n.t("score.how")}</th></tr></thead>
                <tbody>
                    <tr><td>{format!("Penyelesaian ({}%)", pct(w.completion))}</td><td>{two(s.completion)}</td><td>{format!("{} ÷ {} × 100", s.complete, s.total)}</td></tr>
                    <tr><td>{format!("Waktu TL ({}%)", pct(w.follow_up_time))}</td><td>{two(s.follow_up_time)}</td><td>{i18n.t("score.how_time")}</td></tr>
                    <tr><td>{format!("Bobot kategori ({}%)", pct(w.category))}</td><td>{two(s.category_weight)}</td><td>{i18n.t("score.how_weight")}</td></tr>
                    <tr><td>{format!("Upaya TL ({}%)", pct(w.effort))}</td><td>{two(s.effort)}</td><td>{effort_rule.unwrap_or_else(|| i18n.t("score.how_rollup").to_string())}</td></tr>
                </tbody>
            </table>
            {(e.if_one_more_completed.is_some() || e.if_all_within_first_band.is_some()).then(|| view! {
                <h2>{i18n.t("score.raise")}</h2>
                <ul id="what-if">
                    {e.if_one_more_completed.map(|v| view! { <li>{i18n.t("score.if_one_more")}": "<strong>{two(v)}</strong></li> })}
                    {e.if_all_within_first_band.map(|v| view! { <li>{i18n.t("score.if_fast")}": "<strong>{two(v)}</strong></li> })}
                </ul>
            })}
            {(!children.is_empty()).then(|| view! {
                <h2>{i18n.t("score.children")}</h2>
                <table class="reports"><tbody>
                    {children.into_iter().map(|c| view! {
                        <tr><td><A href=format!("/skor/{}?period={}", c.unit_code, period)>{c.unit_name.clone()}</A></td>
                        <td>{c.total}</td><td>{two(c.final_score)}</td><td><span class=grade_class(c.grade)>{c.grade.as_str()}</span></td></tr>
                    }).collect_view()}
                </tbody></table>
            })}
            <p class="muted" id="explain-coordination">{i18n.t("score.coordination_note")}</p>
            {(!reports.is_empty()).then(|| view! {
                <h2>{i18n.t("score.reports")}</h2>
                <div class="table-wrap"><table class="reports" id="explain-reports">
                    <thead><tr><th>{i18n.t("col.number")}</th><th>{i18n.t("col.category")}</th><th>{i18n.t("score.hours")}</th><th>{i18n.t("score.band")}</th><th>{i18n.t("score.weight")}</th></tr></thead>
                    <tbody>
                        {reports.into_iter().map(|r| view! {
                            <tr>
                                <td><A href=format!("/laporan/{}", r.number)>{format!("#{}", r.number)}</A></td>
                                <td>{r.category_name.clone()}</td>
                                <td>{r.completion_hours.map(two).unwrap_or_else(|| i18n.t("score.open").to_string())}</td>
                                <td>{r.band_score.map(|b| format!("{b:.0}")).unwrap_or_else(|| "—".into())}</td>
                                <td>{two(r.weight)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </section>
    }
    .into_any()
}
