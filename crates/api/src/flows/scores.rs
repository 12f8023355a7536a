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
use crm_domain::stats::{Counted, Counts};
use crm_domain::tkd;
use crm_domain::tkd::{Contribution, Settled};
use crm_domain::UnitLevel;
use std::collections::HashSet;
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
    match frozen_boards(st, period, levels).await? {
        Some(frozen) => Ok(frozen),
        None => live_boards(st, period, Utc::now(), levels).await,
    }
}

/// The boards of `levels` from the journal, if the period is frozen.
pub async fn frozen_boards(
    st: &AppState,
    period: Period,
    levels: &[UnitLevel],
) -> Result<Option<Vec<ScoreBoard>>, ApiError> {
    if st.refdata.rules().cutoff(period) >= Utc::now() {
        return Ok(None);
    }
    let mut frozen = Vec::new();
    for level in levels {
        match frozen_board(st, period, *level).await? {
            Some(b) => frozen.push(b),
            None => return Ok(None),
        }
    }
    Ok(Some(frozen))
}

/// The boards of `levels` computed from the histories as of `as_of`: the
/// reports are read and counted once for all of them.
pub async fn live_boards(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
    levels: &[UnitLevel],
) -> Result<Vec<ScoreBoard>, ApiError> {
    Ok(live_boards_counting(st, period, as_of, levels, None)
        .await?
        .0)
}

/// [`live_boards`], and, from the same read, the recap's counts of the
/// reports received in the period that `area`'s units hold or coordinate
/// on (empty without an area).
pub async fn live_boards_counting(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
    levels: &[UnitLevel],
    area: Option<Vec<String>>,
) -> Result<(Vec<ScoreBoard>, Counts), ApiError> {
    let (counted, cats, counts) = live_counting(st, period, as_of, area).await?;
    let refs = st.refdata.clone();
    let wanted = levels.to_vec();
    let rules = refs.rules();
    let grades = rules.for_period(period).scoring();
    let rows = web::block(move || tkd::scores_at(&counted, &refs.tree(), &cats, &wanted, &grades))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let boards = rows
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
        .collect();
    Ok((boards, counts))
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

/// The units of an area and the reports received in the period that they
/// coordinate on: a report received in the period counts for the area's
/// recap when one of them holds it or coordinates on it.
struct Area {
    units: HashSet<String>,
    coordinated: HashSet<i64>,
}

impl Area {
    fn covers(&self, s: &Settled) -> bool {
        s.holder.as_ref().is_some_and(|h| self.units.contains(h))
            || self.coordinated.contains(&s.number)
    }
}

/// The reports counted in `period` as of `as_of`, from their histories, and
/// the category tables valid then ([`live_counting`] without an area).
pub async fn live(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
) -> Result<(Vec<Contribution>, crm_domain::tkd::CategoryTable), ApiError> {
    let (counted, cats, _) = live_counting(st, period, as_of, None).await?;
    Ok((counted, cats))
}

/// The reports counted in `period` as of `as_of`, from their histories, the
/// category tables valid then, and the recap's counts of the reports
/// received in it that `area`'s units hold or coordinate on. The period's
/// reports are read and counted in slices side by side
/// ([`crate::heavy::slices`]), beside the earlier reports moved into it:
/// each report counts on its own, so the parts only need putting in order.
/// Each report is counted as its row is read, and only its contribution is
/// kept. Each slice is one consistent read of its own reports.
async fn live_counting(
    st: &AppState,
    period: Period,
    as_of: chrono::DateTime<Utc>,
    area: Option<Vec<String>>,
) -> Result<(Vec<Contribution>, crm_domain::tkd::CategoryTable, Counts), ApiError> {
    let rules = st.refdata.rules();
    let span = journal_job::span(period, as_of, &rules);
    let at = span.counted_at;
    let cats = Arc::new(tables_at(st, rules.cutoff(period).min(as_of)).await?);
    let db = st.db.heavy_as_of(as_of).await;
    let area = match area {
        None => None,
        Some(units) => {
            let coordinated = db
                .read({
                    let units = units.clone();
                    move |conn| {
                        crate::db::reports::coordinated_received(conn, &units, span.start, span.end)
                            .map_err(ApiError::from)
                    }
                })
                .await?;
            Some(Arc::new(Area {
                units: units.into_iter().collect(),
                coordinated,
            }))
        }
    };
    let parts = crate::heavy::slices(span.start, span.end)
        .into_iter()
        .map(Part::Received)
        .chain([Part::Moved]);
    let reads = parts.map(|part| {
        let (rules, table, area) = (rules.clone(), cats.clone(), area.clone());
        db.read_slice(
            move |conn| -> Result<(Vec<Contribution>, Counts), ApiError> {
                let tally = tkd::Tally::new(period, as_of, &rules, &table);
                let mut counted = Vec::new();
                let mut counts = Counts::default();
                let mut seen = |r: &Settled, channel: &str, geotagged: bool| {
                    if area.as_ref().is_some_and(|a| a.covers(r)) {
                        counts.add(Counted {
                            category: &r.category,
                            holder: r.holder.as_deref(),
                            channel,
                            status: r.status,
                            geotagged,
                        });
                    }
                };
                let seen: Option<store::Seen<'_>> = match area {
                    Some(_) => Some(&mut seen),
                    None => None,
                };
                let replayed = match part {
                    Part::Received((from, to)) => store::received(
                        conn,
                        from,
                        to,
                        at,
                        |r| counted.extend(tally.settled(&r)),
                        seen,
                    )?,
                    Part::Moved => store::moved(conn, span)?,
                };
                counted.extend(replayed.iter().filter_map(|r| tally.replayed(r)));
                Ok((counted, counts))
            },
        )
    });
    let parts = futures_util::future::try_join_all(reads).await?;
    let mut counts = Counts::default();
    let mut contributions = Vec::with_capacity(parts.len());
    for (c, n) in parts {
        contributions.push(c);
        counts.merge(n);
    }
    let mut counted = super::dashboard::joined(contributions).await?;
    counted.sort_unstable_by_key(|c| c.number);
    let cats = Arc::try_unwrap(cats).unwrap_or_else(|shared| (*shared).clone());
    Ok((counted, cats, counts))
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
