//! The public statistics page (`/statistik`), no sign-in: a month's total,
//! status shares, mean completion time, top categories, the rankings of
//! kota, kecamatan and kelurahan with score and grade, a 12-month trend and
//! a map of where reports come from (small areas left out by the server).

use crate::api;
use crate::charts;
use crate::format::two;
use crate::i18n::use_i18n;
use crate::map::CellMap;
use crate::widgets::ErrorNotice;
use chrono::Utc;
use crm_domain::api::{PublicRank, PublicStatsQuery};
use crm_domain::period::Period;
use leptos::prelude::*;

#[component]
fn RankTable(id: &'static str, title: &'static str, rows: Vec<PublicRank>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = rows.len().min(10);
    view! {
        <div class="panel">
            <h3>{move || i18n.t(title)}</h3>
            <table class="ranked" id=id>
                <thead><tr>
                    <th>"#"</th><th>{move || i18n.t("col.unit")}</th>
                    <th>{move || i18n.t("col.score")}</th><th>{move || i18n.t("col.grade")}</th>
                    <th>{move || i18n.t("col.reports")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().take(shown).map(|r| view! {
                        <tr>
                            <td>{r.rank}</td><td>{r.unit_name}</td><td>{two(r.final_score)}</td>
                            <td>{format!("{:?}", r.grade)}</td><td>{r.total}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The page.
#[component]
pub fn PublicStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(Period::of(Utc::now()).to_string());
    let kota = RwSignal::new(String::new());
    let data = LocalResource::new(move || {
        let q = PublicStatsQuery {
            period: Some(period.get()),
            kota: Some(kota.get()).filter(|k| !k.is_empty()),
        };
        async move { api::public_stats(&q).await }
    });
    view! {
        <section class="card public-stats">
            <h1>{move || i18n.t("pstats.title")}</h1>
            <p>{move || i18n.t("pstats.intro")}</p>
            <div class="filters">
                <label>{move || i18n.t("pstats.period")}
                    <input type="month" id="pstats-period" bind:value=period/>
                </label>
                <label>{move || i18n.t("pstats.kota")}
                    <select id="pstats-kota" on:change=move |ev| kota.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("pstats.all")}</option>
                        <option value="31.71">"Jakarta Pusat"</option>
                        <option value="31.72">"Jakarta Utara"</option>
                        <option value="31.73">"Jakarta Barat"</option>
                        <option value="31.74">"Jakarta Selatan"</option>
                        <option value="31.75">"Jakarta Timur"</option>
                        <option value="31.01">"Kepulauan Seribu"</option>
                    </select>
                </label>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("list.loading")}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(s) => {
                        let status_labels: Vec<String> = s.by_status.iter().map(|x| x.name.clone()).collect();
                        let status_counts: Vec<u64> = s.by_status.iter().map(|x| x.count).collect();
                        let keys: Vec<String> = s.trend.iter().map(|x| x.key.clone()).collect();
                        let received: Vec<u64> = s.trend.iter().map(|x| x.received).collect();
                        let completed: Vec<u64> = s.trend.iter().map(|x| x.completed).collect();
                        let trend_svg = charts::days(&keys, &received, &completed, (i18n.t("pstats.received"), i18n.t("pstats.completed")));
                        let status_svg = charts::bars(&status_labels, &status_counts);
                        let trend_text = s.trend.iter().map(|x| format!("{}: {} / {}", x.key, x.received, x.completed)).collect::<Vec<_>>().join("; ");
                        view! {
                            <div id="public-stats" data-total=s.total.to_string()>
                                <div class="tiles">
                                    <div class="tile"><span class="big" id="pstats-total">{s.total}</span><span>{move || i18n.t("pstats.total")}</span></div>
                                    <div class="tile"><span class="big">{s.mean_completion_hours.map_or_else(|| "—".into(), |h| format!("{} j", two(h)))}</span><span>{move || i18n.t("pstats.mean")}</span></div>
                                </div>
                                <h2>{move || i18n.t("pstats.status")}</h2>
                                <div class="chart" id="pstats-status" inner_html=status_svg></div>
                                <table class="sr-only"><tbody>
                                    {s.by_status.iter().map(|x| view! { <tr><td>{x.name.clone()}</td><td>{x.count}</td><td>{format!("{} %", two(x.percent))}</td></tr> }).collect_view()}
                                </tbody></table>
                                <h2>{move || i18n.t("pstats.trend")}</h2>
                                <div class="chart" id="pstats-trend" inner_html=trend_svg role="img" aria-label=trend_text></div>
                                <h2>{move || i18n.t("pstats.categories")}</h2>
                                <ol id="pstats-categories">
                                    {s.top_categories.iter().map(|c| view! { <li>{format!("{} ({})", c.name, c.count)}</li> }).collect_view()}
                                </ol>
                                <div class="panels">
                                    <RankTable id="rank-kota" title="pstats.rank_kota" rows=s.kota.clone()/>
                                    <RankTable id="rank-kecamatan" title="pstats.rank_kecamatan" rows=s.kecamatan.clone()/>
                                    <RankTable id="rank-kelurahan" title="pstats.rank_kelurahan" rows=s.kelurahan.clone()/>
                                </div>
                                <h2>{move || i18n.t("pstats.map")}</h2>
                                <CellMap cells=s.cells.clone()/>
                                <p class="legend">{move || i18n.t("pstats.map_note")}</p>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice detail=e.detail/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
