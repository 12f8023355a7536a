//! The monthly TKD scores of a level of units, live or as of any moment.

use crate::auth::Staff;
use crate::db::journal;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::flows::scores::{board, live, row_of, tables_at, when};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use crm_domain::api::{
    ExplainQuery, PeerFigures, Problem, ReportContribution, ScoreBoard, ScoreExplanation,
    ScoreQuery,
};
use crm_domain::tkd;
use crm_domain::tkd::Contribution;

/// The scores of every unit of a level for a month, computed from the
/// reports' histories as they stood at `as_of` (default: now), sorted by
/// final score. Values are unrounded. Units with no report in the period
/// have no score and are not listed. Without `as_of`, once the cut-off has
/// passed and the period is frozen, the answer is the journal
/// (`frozen: true`), which never changes again.
#[utoipa::path(
    tag = "scores", security(("bearer" = [])),
    params(ScoreQuery),
    responses(
        (status = 200, description = "The period's scores", body = ScoreBoard),
        (status = 422, description = "Invalid period, level or as_of", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/scores")]
pub async fn scores(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<ScoreQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    Ok(HttpResponse::Ok().json(board(&st, &q.0).await?))
}

/// Why a unit got its score for a month: the four variables with the
/// reports behind them (hours, band, weight), the peers' a/m/b, the units
/// below for a kecamatan, kota or dinas, and what would raise the score.
/// Frozen periods are explained from the journal.
#[utoipa::path(
    tag = "scores", security(("bearer" = [])),
    params(("unit_code" = String, Path, description = "The unit's code"), ExplainQuery),
    responses(
        (status = 200, description = "The explanation", body = ScoreExplanation),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid period or as_of", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/scores/{unit_code}")]
pub async fn explain(
    st: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    q: ValidQuery<ExplainQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let code = path.into_inner();
    let unit = st
        .refdata
        .unit(&code)
        .ok_or_else(|| ApiError::NotFound(format!("no unit `{code}`")))?;
    let q = q.0;
    let (period, as_of) = when(&q.period, q.as_of)?;
    let name = period.to_string();
    let rules = st.refdata.rules();
    let cutoff = rules.cutoff(period);
    let grades = rules.for_period(period).scoring();
    let frozen = if q.as_of.is_none() && cutoff < as_of {
        st.db
            .read(move |conn| -> Result<_, ApiError> {
                if journal::frozen_at(conn, &name)?.is_none() {
                    return Ok(None);
                }
                Ok(Some(journal::reports(conn, &name)?))
            })
            .await?
    } else {
        None
    };
    let is_frozen = frozen.is_some();
    let (counted, cats) = match frozen {
        Some(rows) => (
            rows.into_iter()
                .map(|r| Contribution {
                    number: r.report_number,
                    unit: r.unit_code,
                    category: r.category_code,
                    completion_hours: r.completion_hours,
                    band_score: r.band_score,
                    weight: r.weight,
                })
                .collect(),
            tables_at(&st, cutoff).await?,
        ),
        None => live(&st, period, as_of).await?,
    };
    let refs = st.refdata.clone();
    let unit_code = unit.code.clone();
    let (e, ranking) = web::block(move || {
        let e = tkd::explain(&unit_code, &counted, &refs.tree(), &cats, &grades);
        let level = refs.tree().get(&unit_code).map(|n| n.level);
        let ranking: Vec<String> = level
            .map(|l| {
                tkd::scores_from(&counted, &refs.tree(), &cats, l, &grades)
                    .into_iter()
                    .map(|r| r.unit)
                    .collect()
            })
            .unwrap_or_default();
        (e, ranking)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let rank_of = |u: &str| ranking.iter().position(|c| c == u).map_or(0, |i| i + 1);
    let body = ScoreExplanation {
        weights: grades.weights,
        period: period.to_string(),
        cutoff,
        as_of: if is_frozen { cutoff } else { as_of },
        frozen: is_frozen,
        unit_name: unit.name.clone(),
        level: unit.level,
        score: e
            .score
            .as_ref()
            .map(|s| row_of(&st, s, rank_of(&unit.code))),
        unit_code: unit.code,
        peers: e.peers.map(|(p, count)| PeerFigures {
            count,
            a: p.a,
            m: p.m,
            b: p.b,
        }),
        reports: e
            .reports
            .iter()
            .map(|c| ReportContribution {
                number: c.number,
                category_name: st.refdata.category_name(&c.category),
                category: c.category.clone(),
                complete: c.completion_hours.is_some(),
                completion_hours: c.completion_hours,
                band_score: c.band_score,
                weight: c.weight,
            })
            .collect(),
        children: e
            .children
            .iter()
            .map(|r| row_of(&st, &r.score, 0))
            .collect(),
        if_one_more_completed: e.if_one_more_completed,
        if_all_within_first_band: e.if_all_within_first_band,
    };
    Ok(HttpResponse::Ok().json(body))
}
