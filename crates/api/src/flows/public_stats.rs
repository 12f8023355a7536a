//! The public statistics of a month (no login): totals, status shares, mean
//! completion time, top categories, the rankings of kota, kecamatan and
//! kelurahan (the journal's once frozen), a 12-month trend and a map of H3
//! cells from non-hidden reports with small cells left out. Nothing about
//! any reporter. Answers are kept for a minute per month and kota, since
//! the page will be opened by many.

use crate::db::monitor as store;
use crate::db::reports::ListFilter;
use crate::error::ApiError;
use crate::flows::scores;
use crate::state::AppState;
use actix_web::web;
use chrono::Utc;
use crm_domain::api::{PublicCell, PublicRank, PublicStats, PublicStatsQuery, ScoreBoard};
use crm_domain::period::Period;
use crm_domain::publish;
use crm_domain::time::start_of_day_wib;
use crm_domain::UnitLevel;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an answer is kept.
const KEEP: Duration = Duration::from_secs(60);
/// Most answers kept at once (months × kota); older ones are dropped.
const MAX_KEPT: usize = 256;
/// The map's H3 resolution (cells of about 0.7 km²).
const MAP_RESOLUTION: h3o::Resolution = h3o::Resolution::Eight;
/// Categories listed.
const TOP_CATEGORIES: usize = 10;

/// The month, the kota, and the settings version (a change of the
/// settings computes anew).
type Key = (String, Option<String>, i64);
/// An answer and when it was computed.
type Kept = (Instant, Arc<PublicStats>);

/// Answers kept for a while.
#[derive(Clone, Default)]
pub struct Cache(Arc<Mutex<HashMap<Key, Kept>>>);

impl Cache {
    fn get(&self, key: &Key) -> Option<Arc<PublicStats>> {
        let kept = self.0.lock().ok()?;
        kept.get(key)
            .filter(|(at, _)| at.elapsed() < KEEP)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, key: Key, stats: Arc<PublicStats>) {
        if let Ok(mut kept) = self.0.lock() {
            kept.retain(|_, (at, _)| at.elapsed() < KEEP);
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
            kept.insert(key, (Instant::now(), stats));
        }
    }
}

/// The statistics a query asks for, from the cache when fresh.
pub async fn of(st: &AppState, q: &PublicStatsQuery) -> Result<Arc<PublicStats>, ApiError> {
    let period = match &q.period {
        Some(p) => scores::parse_period(p)?,
        None => Period::of(Utc::now()),
    };
    if period.start() > Utc::now() {
        return Err(ApiError::field("period", "lies in the future"));
    }
    if let Some(k) = &q.kota {
        match st.refdata.unit(k) {
            Some(u) if u.level == UnitLevel::Kota => {}
            _ => return Err(ApiError::field("kota", format!("no kota `{k}`"))),
        }
    }
    let key = (
        period.to_string(),
        q.kota.clone(),
        st.refdata.rules().latest().version,
    );
    if let Some(found) = st.public_stats.get(&key) {
        return Ok(found);
    }
    let stats = Arc::new(compute(st, period, q.kota.clone()).await?);
    st.public_stats.put(key, stats.clone());
    Ok(stats)
}

async fn compute(
    st: &AppState,
    period: Period,
    kota: Option<String>,
) -> Result<PublicStats, ApiError> {
    let refs = st.refdata.clone();
    let area = kota.as_deref().map(|k| refs.tree().subtree(k));
    // Twelve months up to this one, for the trend; the month itself inside.
    let mut first = period;
    for _ in 0..11 {
        first = first.prev();
    }
    let year = ListFilter {
        received_from: Some(first.start()),
        received_to: Some(period.end()),
        holders: area.clone(),
        ..Default::default()
    };
    let month = ListFilter {
        received_from: Some(period.start()),
        received_to: Some(period.end()),
        ..year.clone()
    };
    let completions_filter = year.clone();
    let (rows, (done, points)) = tokio::try_join!(
        super::dashboard::stat_rows(&st.db, year),
        st.db.read(move |conn| {
            Ok::<_, ApiError>((
                store::completions(conn, &completions_filter)?,
                store::heat_points(conn, &month)?.0,
            ))
        }),
    )?;
    let boards = boards(st, period).await?;
    let min_area = refs.settings().public_area_min_reports;
    let lookup = refs.clone();
    let (from, to) = (first.days().0, period.days().1);
    let (month_from, month_to) = period.days();
    let frozen = boards.iter().all(|b| b.frozen);
    let in_area = move |code: &str| area.as_ref().is_none_or(|a| a.iter().any(|c| c == code));
    let ranks = |level: usize, keep_all: bool| -> Vec<PublicRank> {
        boards[level]
            .units
            .iter()
            .filter(|u| keep_all || in_area(&u.unit_code))
            .map(|u| PublicRank {
                rank: u.rank,
                unit_code: u.unit_code.clone(),
                unit_name: u.unit_name.clone(),
                total: u.total,
                complete: u.complete,
                final_score: u.final_score,
                grade: u.grade,
            })
            .collect()
    };
    let (kota_ranks, kecamatan_ranks, kelurahan_ranks) =
        (ranks(0, true), ranks(1, false), ranks(2, false));
    web::block(move || {
        let trend =
            crm_domain::stats::compute(&rows, &done, from, to, None, lookup.as_ref()).per_month;
        let start = start_of_day_wib(month_from);
        let this_month: Vec<_> = rows
            .into_iter()
            .filter(|r| r.received_at >= start)
            .collect();
        let done_now: Vec<_> = done.into_iter().filter(|t| *t >= start).collect();
        let s = crm_domain::stats::compute(
            &this_month,
            &done_now,
            month_from,
            month_to,
            None,
            lookup.as_ref(),
        );
        let mut counts: HashMap<h3o::CellIndex, u64> = HashMap::new();
        for (lat, lon, _) in &points {
            if let Ok(ll) = h3o::LatLng::new(*lat, *lon) {
                *counts.entry(ll.to_cell(MAP_RESOLUTION)).or_insert(0) += 1;
            }
        }
        let mut cells: Vec<PublicCell> = counts
            .into_iter()
            .filter(|(_, n)| publish::may_show(*n, min_area))
            .map(|(c, count)| PublicCell {
                cell: c.to_string(),
                count,
                boundary: c.boundary().iter().map(|p| [p.lat(), p.lng()]).collect(),
            })
            .collect();
        cells.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.cell.cmp(&b.cell)));
        PublicStats {
            period: period.to_string(),
            kota_name: kota.as_deref().and_then(|k| lookup.unit_name(Some(k))),
            kota_code: kota,
            frozen,
            total: s.total,
            by_status: s.by_status,
            mean_completion_hours: s.mean_completion_hours,
            top_categories: s.top_categories.into_iter().take(TOP_CATEGORIES).collect(),
            kota: kota_ranks,
            kecamatan: kecamatan_ranks,
            kelurahan: kelurahan_ranks,
            trend,
            cells,
            min_cell_reports: u64::from(min_area),
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))
}

/// The kota, kecamatan and kelurahan boards of the period: the journal's
/// when frozen, otherwise computed once from the histories for all three.
async fn boards(st: &AppState, period: Period) -> Result<Vec<ScoreBoard>, ApiError> {
    let levels = [UnitLevel::Kota, UnitLevel::Kecamatan, UnitLevel::Kelurahan];
    let now = Utc::now();
    if st.refdata.rules().cutoff(period) < now {
        let mut frozen = Vec::new();
        for level in levels {
            match scores::frozen_board(st, period, level).await? {
                Some(b) => frozen.push(b),
                None => break,
            }
        }
        if frozen.len() == levels.len() {
            return Ok(frozen);
        }
    }
    scores::live_boards(st, period, now, &levels).await
}
