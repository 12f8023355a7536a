//! The monthly score boards as every reader needs them (the scores page,
//! its explanation, exports and recaps): from the journal once a period is
//! frozen, computed from the reports' histories as of a moment otherwise.

use crate::db::journal;
use crate::db::scores as store;
use crate::error::ApiError;
use crate::jobs::journal as journal_job;
use crate::state::AppState;
use actix_web::web;
use chrono::Utc;
use crm_domain::api::{ScoreBoard, ScoreQuery, UnitScoreRow};
use crm_domain::period::Period;
use crm_domain::score::Grade;
use crm_domain::score::UnitScore;
use crm_domain::tkd;
use crm_domain::tkd::Contribution;
use crm_domain::UnitLevel;
use std::sync::Arc;

/// The categories' bands and weights valid at `t`.
pub async fn tables_at(
    st: &AppState,
    t: chrono::DateTime<Utc>,
) -> Result<crm_domain::tkd::CategoryTable, ApiError> {
    st.db
        .read(move |conn| crate::db::reference::category_table_at(conn, t).map_err(ApiError::from))
        .await
}

/// The period's frozen results, if the journal has them.
pub async fn frozen_board(
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
        cutoff: st.refdata.rules().cutoff(period),
        as_of: st.refdata.rules().cutoff(period),
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

/// The score board a query asks for: the journal once frozen, computed
/// otherwise.
pub async fn board(st: &web::Data<AppState>, q: &ScoreQuery) -> Result<ScoreBoard, ApiError> {
    let (period, as_of) = when(&q.period, q.as_of)?;
    let mut boards = match q.as_of {
        None => boards_now(st, period, &[q.level]).await?,
        Some(_) => live_boards(st, period, as_of, &[q.level]).await?,
    };
    boards
        .pop()
        .ok_or_else(|| ApiError::Internal("no board computed".into()))
}

/// The boards of `levels` as they stand now: from the journal once the
/// period is frozen, otherwise computed from one read of the histories.
pub async fn boards_now(
    st: &AppState,
    period: Period,
    levels: &[UnitLevel],
) -> Result<Vec<ScoreBoard>, ApiError> {
    let now = Utc::now();
    if st.refdata.rules().cutoff(period) < now {
        let mut frozen = Vec::new();
        for level in levels {
            match frozen_board(st, period, *level).await? {
                Some(b) => frozen.push(b),
                None => break,
            }
        }
        if frozen.len() == levels.len() {
            return Ok(frozen);
        }
    }
    live_boards(st, period, now, levels).await
}

/// The boards of `levels` computed from the histories as of `as_of`: the
/// reports are read and counted once for all of them.
pub async fn live_boards(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
    levels: &[UnitLevel],
) -> Result<Vec<ScoreBoard>, ApiError> {
    let (counted, cats) = live(st, period, as_of).await?;
    let refs = st.refdata.clone();
    let wanted = levels.to_vec();
    let rules = refs.rules();
    let grades = rules.for_period(period).scoring();
    let rows = web::block(move || {
        wanted
            .into_iter()
            .map(|l| tkd::scores_from(&counted, &refs.tree(), &cats, l, &grades))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(rows
        .into_iter()
        .map(|rows| ScoreBoard {
            period: period.to_string(),
            cutoff: rules.cutoff(period),
            as_of,
            frozen: false,
            units: rows
                .iter()
                .enumerate()
                .map(|(i, r)| row_of(st, &r.score, i + 1))
                .collect(),
        })
        .collect())
}

/// The period and the moment a query asks about (`as_of`, default now),
/// refused when the moment lies before the period or in the future (no
/// history is known there, and a far moment would count every open report
/// as overdue).
pub fn when(
    period: &str,
    as_of: Option<chrono::DateTime<Utc>>,
) -> Result<(Period, chrono::DateTime<Utc>), ApiError> {
    let period = parse_period(period)?;
    let now = Utc::now();
    if as_of.is_some_and(|t| t > now + chrono::Duration::minutes(1)) {
        return Err(ApiError::field("as_of", "lies in the future"));
    }
    let as_of = as_of.unwrap_or(now);
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
/// the category tables valid then. The period's reports are read and
/// counted in slices side by side ([`crate::heavy::slices`]), beside the
/// earlier reports moved into it: each report counts on its own, so the
/// parts only need putting in order. Each report is counted as its row is
/// read, and only its contribution is kept. Each slice is one consistent
/// read of its own reports.
pub async fn live(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
) -> Result<(Vec<Contribution>, crm_domain::tkd::CategoryTable), ApiError> {
    let rules = st.refdata.rules();
    let span = journal_job::span(period, as_of, &rules);
    let at = span.counted_at;
    let cats = Arc::new(tables_at(st, rules.cutoff(period).min(as_of)).await?);
    let db = st.db.heavy_as_of(as_of).await;
    let parts = crate::heavy::slices(span.start, span.end)
        .into_iter()
        .map(Part::Received)
        .chain([Part::Moved]);
    let reads = parts.map(|part| {
        let (rules, table) = (rules.clone(), cats.clone());
        db.read_slice(move |conn| -> Result<Vec<Contribution>, ApiError> {
            let tally = tkd::Tally::new(period, as_of, &rules, &table);
            let mut counted = Vec::new();
            let replayed = match part {
                Part::Received((from, to)) => store::received(conn, from, to, at, |r| {
                    counted.extend(tally.settled(&r));
                })?,
                Part::Moved => store::moved(conn, span)?,
            };
            counted.extend(replayed.iter().filter_map(|r| tally.replayed(r)));
            Ok(counted)
        })
    });
    let parts = futures_util::future::try_join_all(reads).await?;
    let mut counted = super::dashboard::joined(parts).await?;
    counted.sort_unstable_by_key(|c| c.number);
    let cats = Arc::try_unwrap(cats).unwrap_or_else(|shared| (*shared).clone());
    Ok((counted, cats))
}

/// A part of a period's reports, read on its own connection.
#[derive(Clone, Copy)]
enum Part {
    /// Those received in a slice of the period.
    Received((chrono::DateTime<Utc>, chrono::DateTime<Utc>)),
    /// The earlier ones a rule moves into it.
    Moved,
}

pub fn row_of(st: &AppState, s: &UnitScore, rank: usize) -> UnitScoreRow {
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
