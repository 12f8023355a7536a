//! The monthly TKD scores of a level of units, live or as of any moment.

use crate::auth::Staff;
use crate::db::journal;
use crate::db::scores as store;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::jobs::journal as journal_job;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::Utc;
use crm_domain::api::{
    ExplainQuery, PeerFigures, Problem, ReportContribution, ScoreBoard, ScoreExplanation,
    ScoreQuery, UnitScoreRow,
};
use crm_domain::period::Period;
use crm_domain::score::Grade;
use crm_domain::score::UnitScore;
use crm_domain::tkd;
use crm_domain::tkd::Contribution;
use crm_domain::UnitLevel;

/// The categories' bands and weights valid at `t`.
async fn tables_at(
    st: &AppState,
    t: chrono::DateTime<Utc>,
) -> Result<crm_domain::tkd::CategoryTable, ApiError> {
    st.db
        .read(move |conn| crate::db::reference::category_table_at(conn, t).map_err(ApiError::from))
        .await
}

/// The period's frozen results, if the journal has them.
async fn frozen_board(
    st: &AppState,
    period: Period,
    level: UnitLevel,
) -> Result<Option<ScoreBoard>, ApiError> {
    let name = period.to_string();
    let found = st
        .db
        .read(move |conn| -> Result<_, ApiError> {
            if journal::frozen_at(conn, &name)?.is_none() {
                return Ok(None);
            }
            Ok(Some(journal::units(conn, &name, level)?))
        })
        .await?;
    Ok(found.map(|rows| ScoreBoard {
        period: period.to_string(),
        cutoff: period.cutoff(),
        as_of: period.cutoff(),
        frozen: true,
        units: rows
            .into_iter()
            .map(|r| UnitScoreRow {
                unit_name: st
                    .refdata
                    .unit_name(Some(&r.unit_code))
                    .unwrap_or_else(|| r.unit_code.clone()),
                unit_code: r.unit_code,
                total: usize::try_from(r.total).unwrap_or(0),
                complete: usize::try_from(r.complete).unwrap_or(0),
                completion: r.completion,
                follow_up_time: r.follow_up_time,
                category_weight: r.category_weight,
                effort: r.effort,
                obtained: r.obtained,
                maximum: r.maximum,
                final_score: r.final_score,
                grade: Grade::parse(&r.grade).unwrap_or(Grade::E),
                rank: usize::try_from(r.rank).unwrap_or(0),
            })
            .collect(),
    }))
}

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
    )
)]
#[get("/scores")]
pub async fn scores(
    st: web::Data<AppState>,
    _staff: Staff,
    q: ValidQuery<ScoreQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(board(&st, &q.0).await?))
}

/// The score board a query asks for: the journal once frozen, computed
/// otherwise.
pub async fn board(st: &web::Data<AppState>, q: &ScoreQuery) -> Result<ScoreBoard, ApiError> {
    let (period, as_of) = when(&q.period, q.as_of)?;
    if q.as_of.is_none() && period.cutoff() < as_of {
        if let Some(board) = frozen_board(st, period, q.level).await? {
            return Ok(board);
        }
    }
    let (counted, cats) = live(st, period, as_of).await?;
    let refs = st.refdata.clone();
    let level = q.level;
    let rows = web::block(move || tkd::scores_from(&counted, &refs.tree, &cats, level))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(ScoreBoard {
        period: period.to_string(),
        cutoff: period.cutoff(),
        as_of,
        frozen: false,
        units: rows
            .iter()
            .enumerate()
            .map(|(i, r)| row_of(st, &r.score, i + 1))
            .collect(),
    })
}

/// The period and the moment a query asks about (`as_of`, default now),
/// refused when the moment lies before the period.
pub fn when(
    period: &str,
    as_of: Option<chrono::DateTime<Utc>>,
) -> Result<(Period, chrono::DateTime<Utc>), ApiError> {
    let period = parse_period(period)?;
    let as_of = as_of.unwrap_or_else(Utc::now);
    if as_of < period.start() {
        return Err(ApiError::field(
            "as_of",
            format!("lies before the period {period} began"),
        ));
    }
    Ok((period, as_of))
}

/// Reads a `YYYY-MM` period, naming the `period` field when it is not one.
pub fn parse_period(s: &str) -> Result<Period, ApiError> {
    s.parse().map_err(|e: String| ApiError::field("period", e))
}

/// The reports counted in `period` as of `as_of`, from their histories, and
/// the category tables valid then.
async fn live(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
) -> Result<(Vec<Contribution>, crm_domain::tkd::CategoryTable), ApiError> {
    let from = journal_job::window_start(period);
    let (start, end) = (
        from.start(),
        period.end().min(as_of + chrono::Duration::seconds(1)),
    );
    let reports = st
        .db
        .read(move |conn| store::histories(conn, start, end).map_err(ApiError::from))
        .await?;
    let cats = tables_at(st, period.cutoff().min(as_of)).await?;
    let verification = st.verification;
    let table = cats.clone();
    let counted =
        web::block(move || tkd::contributions(period, as_of, verification, &reports, &table))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((counted, cats))
}

fn row_of(st: &AppState, s: &UnitScore, rank: usize) -> UnitScoreRow {
    UnitScoreRow {
        unit_code: s.unit.clone(),
        unit_name: st
            .refdata
            .unit_name(Some(&s.unit))
            .unwrap_or_else(|| s.unit.clone()),
        total: s.total,
        complete: s.complete,
        completion: s.completion,
        follow_up_time: s.follow_up_time,
        category_weight: s.category_weight,
        effort: s.effort,
        obtained: s.obtained,
        maximum: s.maximum,
        final_score: s.final_score,
        grade: s.grade,
        rank,
    }
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
    )
)]
#[get("/scores/{unit_code}")]
pub async fn explain(
    st: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
    q: ValidQuery<ExplainQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let unit = st
        .refdata
        .unit(&code)
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("no unit `{code}`")))?;
    let q = q.0;
    let (period, as_of) = when(&q.period, q.as_of)?;
    let name = period.to_string();
    let frozen = if q.as_of.is_none() && period.cutoff() < as_of {
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
            tables_at(&st, period.cutoff()).await?,
        ),
        None => live(&st, period, as_of).await?,
    };
    let refs = st.refdata.clone();
    let unit_code = unit.code.clone();
    let (e, ranking) = web::block(move || {
        let e = tkd::explain(&unit_code, &counted, &refs.tree, &cats);
        let level = refs.tree.get(&unit_code).map(|n| n.level);
        let ranking: Vec<String> = level
            .map(|l| {
                tkd::scores_from(&counted, &refs.tree, &cats, l)
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
        period: period.to_string(),
        cutoff: period.cutoff(),
        as_of: if is_frozen { period.cutoff() } else { as_of },
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
