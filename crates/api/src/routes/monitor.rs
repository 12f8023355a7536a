//! The Monitoring Room's views: dashboard statistics, the heatmap, what is
//! near or past its time targets (and what still waits), and open work per
//! unit. Every view covers the caller's scope, or a unit within it.

use crate::auth::Staff;
use crate::db::monitor as store;
use crate::db::reports::ListFilter;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::flows::scores::parse_period;
use crate::routes::view;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use crm_domain::api::{
    HeatCell, Heatmap, Problem, ReportSummary, Stats, StatsQuery, TargetBoard, TargetClock,
    TargetItem, TargetList, TargetQuery, TargetStanding, UnitLoad, UnitLoadBoard, UnitOutline,
    UnitPoint, WaitingItem, WorkloadQuery, TARGET_PAGE_MAX,
};
use crm_domain::message::Message;
use crm_domain::period::Period;
use crm_domain::sla::target_kind;
use crm_domain::sla::{self, Standing};
use crm_domain::stats as counting;
use crm_domain::time::{hours_between, start_of_day_wib, to_wib};
use crm_domain::{ReportStatus, UnitLevel};
use std::collections::HashMap;

/// The longest window a statistic covers.
const MAX_DAYS: i64 = 366;

/// The window of a query: a month, or `from`–`to` (WIB days, inclusive).
pub fn window(q: &StatsQuery) -> Result<(NaiveDate, NaiveDate), ApiError> {
    match (&q.period, q.from, q.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(ApiError::field(
            "period",
            "give either a period or from/to, not both",
        )),
        (Some(p), None, None) => {
            let p = parse_period(p)?;
            Ok(p.days())
        }
        (None, Some(from), Some(to)) => {
            if to < from {
                return Err(ApiError::field("to", "must not be before from"));
            }
            if (to - from).num_days() >= MAX_DAYS {
                return Err(ApiError::field(
                    "to",
                    format!("the window is at most {MAX_DAYS} days"),
                ));
            }
            Ok((from, to))
        }
        (None, Some(_), None) => Err(ApiError::field("to", "is needed with from")),
        (None, None, Some(_)) => Err(ApiError::field("from", "is needed with to")),
        (None, None, None) => Ok(Period::of(Utc::now()).days()),
    }
}

/// The reports a statistics query covers, checked against the caller's
/// scope.
pub fn filter_of(
    st: &AppState,
    staff: &Staff,
    q: &StatsQuery,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<ListFilter, ApiError> {
    if let Some(c) = &q.category {
        if st.refdata.category(c).is_none() {
            return Err(ApiError::field(
                "category",
                format!("unknown category `{c}`"),
            ));
        }
    }
    if let Some(c) = &q.channel {
        if st.refdata.channel(c).is_none() {
            return Err(ApiError::field("channel", format!("unknown channel `{c}`")));
        }
    }
    Ok(ListFilter {
        received_from: Some(start_of_day_wib(from)),
        received_to: to.succ_opt().map(start_of_day_wib),
        holders: staff.holders(&st.refdata, q.unit.as_deref())?,
        category: q.category.clone(),
        channel: q.channel.clone(),
        ..Default::default()
    })
}

/// The status overview of a window and area.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(StatsQuery),
    responses(
        (status = 200, description = "The statistics", body = Stats),
        (status = 403, description = "The unit lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/stats")]
pub async fn stats(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let days = window(&q)?;
    let f = filter_of(&st, &staff, &q, days)?;
    let db = st.db.heavy().await;
    let area = f.clone();
    let (rows, done) = tokio::try_join!(
        crate::flows::dashboard::stat_rows(&db, f),
        db.read(move |conn| store::completions(conn, &area).map_err(ApiError::from)),
    )?;
    let refs = st.refdata.clone();
    let unit = q.0.unit.clone();
    let out =
        web::block(move || counting::compute(&rows, &done, days.0, days.1, unit, refs.as_ref()))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(out))
}

/// The H3 resolution for a map zoom level.
pub fn resolution_for(zoom: u8) -> h3o::Resolution {
    use h3o::Resolution as R;
    match zoom {
        0..=10 => R::Six,
        11 => R::Seven,
        12 | 13 => R::Eight,
        14 => R::Nine,
        _ => R::Ten,
    }
}

/// Reports binned into H3 cells, with each kelurahan's point (the centre of
/// its boundary) and count, and the outlines of the kelurahan in the
/// caller's area.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(StatsQuery),
    responses(
        (status = 200, description = "The heatmap", body = Heatmap),
        (status = 403, description = "The unit lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/stats/heatmap")]
pub async fn heatmap(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let zoom = q.zoom.unwrap_or(11);
    if !(9..=16).contains(&zoom) {
        return Err(ApiError::field("zoom", "must be between 9 and 16"));
    }
    let days = window(&q)?;
    let f = filter_of(&st, &staff, &q, days)?;
    let (points, missing) = st
        .db
        .heavy()
        .await
        .read(move |conn| store::heat_points(conn, &f).map_err(ApiError::from))
        .await?;
    let res = resolution_for(zoom);
    let refs = st.refdata.clone();
    let tile_url = st.tile_url.clone();
    let bounds = st.boundaries.get();
    let area = staff.holders(&st.refdata, q.unit.as_deref())?;
    let out = web::block(move || {
        let mut cells: HashMap<h3o::CellIndex, u64> = HashMap::new();
        let mut kel: HashMap<String, (f64, f64, u64)> = HashMap::new();
        let mut geotagged = 0;
        let points_len = points.len() as u64;
        for (lat, lon, k) in &points {
            let Ok(ll) = h3o::LatLng::new(*lat, *lon) else {
                continue;
            };
            geotagged += 1;
            *cells.entry(ll.to_cell(res)).or_insert(0) += 1;
            if let Some(k) = k {
                let e = kel.entry(k.clone()).or_insert((0.0, 0.0, 0));
                e.0 += lat;
                e.1 += lon;
                e.2 += 1;
            }
        }
        let mut cells: Vec<HeatCell> = cells
            .into_iter()
            .map(|(c, count)| HeatCell {
                cell: c.to_string(),
                count,
                boundary: c.boundary().iter().map(|p| [p.lat(), p.lng()]).collect(),
            })
            .collect();
        cells.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.cell.cmp(&b.cell)));
        // Each kelurahan at the centre of its own shape (the mean of its
        // reports where it has no boundary).
        let mut points: Vec<UnitPoint> = kel
            .into_iter()
            .map(|(code, (lat, lon, n))| {
                let (lat, lon) = bounds
                    .centroid(&code)
                    .unwrap_or((lat / n as f64, lon / n as f64));
                UnitPoint {
                    name: refs.unit_name(Some(&code)).unwrap_or_else(|| code.clone()),
                    code,
                    lat,
                    lon,
                    count: n,
                }
            })
            .collect();
        points.sort_by(|a, b| a.code.cmp(&b.code));
        // About 20 m: the outline keeps its shape at city zoom.
        let outlines = bounds
            .outlines(
                |code| {
                    area.as_ref()
                        .is_none_or(|units| units.iter().any(|u| u == code))
                },
                0.0002,
            )
            .into_iter()
            .map(|(code, rings)| UnitOutline {
                name: refs.unit_name(Some(&code)).unwrap_or_else(|| code.clone()),
                code,
                rings,
            })
            .collect();
        Heatmap {
            resolution: u8::from(res),
            cells,
            points,
            outlines,
            geotagged,
            not_geotagged: missing + (points_len - geotagged),
            tile_url,
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(out))
}

fn clock_view(c: &sla::Clock) -> Option<TargetClock> {
    let standing = match c.standing {
        Standing::Ok => return None,
        Standing::Near => TargetStanding::Near,
        Standing::Past => TargetStanding::Past,
    };
    Some(TargetClock {
        target: target_kind(c.target),
        standing,
        since: c.since,
        due: c.due,
    })
}

/// Whether a moment falls between 18:00 and 06:00 WIB, and on a weekend.
pub fn off_hours(t: DateTime<Utc>) -> (bool, bool) {
    let w = to_wib(t);
    let h = w.hour();
    (
        !(6..18).contains(&h),
        matches!(w.weekday(), Weekday::Sat | Weekday::Sun),
    )
}

/// What is past or near its time targets, and what still waits.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(TargetQuery),
    responses(
        (status = 200, description = "Reports past and near their targets, and those still waiting", body = TargetBoard),
        (status = 403, description = "The unit lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, named", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/targets")]
pub async fn targets(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<TargetQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let limit = crate::paging::limit(q.limit, TARGET_PAGE_MAX, TARGET_PAGE_MAX)?;
    let offset = match (&q.cursor, q.list) {
        (None, _) => 0,
        (Some(_), None) => return Err(ApiError::field("cursor", "give `list` with a cursor")),
        (Some(c), Some(_)) => crate::paging::decode("o", c, |s| s.parse().ok())?,
    };
    let limit = limit as usize;
    let holders = staff.holders(&st.refdata, q.unit.as_deref())?;
    let now = Utc::now();
    let lists = match q.target {
        None => {
            let list = q.list;
            st.db
                .read(move |conn| {
                    due_lists(conn, holders.as_deref(), now, list, offset, limit)
                        .map_err(ApiError::from)
                })
                .await?
        }
        Some(only) => one_target_lists(&st, holders, only, now, q.list, offset, limit).await?,
    };
    let Lists {
        past,
        near,
        waiting,
        totals,
        next_cursor,
    } = lists;
    // The page's rows, and the histories its clocks are worked out from,
    // in one read.
    let on_page: Vec<i64> = past.iter().chain(near.iter()).copied().collect();
    let shown: Vec<i64> = on_page
        .iter()
        .copied()
        .chain(waiting.iter().map(|(n, _)| *n))
        .collect();
    let (histories, rows) = st
        .db
        .read(move |conn| -> Result<_, crate::db::DbError> {
            Ok((
                crate::db::scores::of_numbers(conn, &on_page)?,
                crate::db::reports::by_numbers(conn, &shown)?,
            ))
        })
        .await?;
    let settings = st.refdata.settings();
    let clocks_of: HashMap<i64, Vec<TargetClock>> = histories
        .iter()
        .filter_map(|h| {
            let cat = st.refdata.category(&h.category)?;
            let clocks = sla::clocks(h, cat.bands, &settings, now)
                .iter()
                .filter_map(clock_view)
                .filter(|c| q.target.is_none_or(|t| t == c.target))
                .collect();
            Some((h.number, clocks))
        })
        .collect();
    let with_clocks = |list: Vec<i64>| -> Vec<(i64, Vec<TargetClock>)> {
        list.into_iter()
            .map(|n| (n, clocks_of.get(&n).cloned().unwrap_or_default()))
            .collect()
    };
    let (past, near) = (with_clocks(past), with_clocks(near));
    let summary = |n: i64| -> Option<ReportSummary> {
        rows.get(&n).cloned().map(|r| view::summary(&st.refdata, r))
    };
    let targets = |list: Vec<(i64, Vec<TargetClock>)>| -> Vec<TargetItem> {
        list.into_iter()
            .filter_map(|(n, clocks)| {
                Some(TargetItem {
                    report: summary(n)?,
                    clocks,
                })
            })
            .collect()
    };
    let (past, near) = (targets(past), targets(near));
    let waiting: Vec<WaitingItem> = waiting
        .into_iter()
        .filter_map(|(n, since)| {
            let (overnight, weekend) = off_hours(since);
            Some(WaitingItem {
                report: summary(n)?,
                hours_waiting: hours_between(since, now),
                overnight,
                weekend,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(TargetBoard {
        now,
        unit_code: q.0.unit,
        past,
        near,
        waiting,
        past_total: totals.0,
        near_total: totals.1,
        waiting_total: totals.2,
        next_cursor,
    }))
}

/// The report numbers a board page shows in each list, how many each list
/// holds, and the next page's cursor.
struct Lists {
    past: Vec<i64>,
    near: Vec<i64>,
    waiting: Vec<(i64, DateTime<Utc>)>,
    totals: (u64, u64, u64),
    next_cursor: Option<String>,
}

/// The board's lists as the database pages them by each report's schedule
/// (`crate::db::schedule`): the first page of each, or the page of the one
/// list asked for.
fn due_lists(
    conn: &mut crate::db::DbConn,
    holders: Option<&[String]>,
    now: DateTime<Utc>,
    asked: Option<TargetList>,
    offset: usize,
    limit: usize,
) -> Result<Lists, crate::db::DbError> {
    let at = crate::db::time::to_db(now);
    let (o, n) = span(asked, TargetList::Past, offset, limit);
    let (past, past_total) = store::due(conn, holders, true, at, o, n)?;
    let (past, c1) = trim(past, asked, TargetList::Past, offset, limit);
    let (o, n) = span(asked, TargetList::Near, offset, limit);
    let (near, near_total) = store::due(conn, holders, false, at, o, n)?;
    let (near, c2) = trim(near, asked, TargetList::Near, offset, limit);
    let (waiting, waiting_total, c3) = waiting_list(conn, holders, asked, offset, limit)?;
    Ok(Lists {
        past,
        near,
        waiting,
        totals: (count(past_total), count(near_total), waiting_total),
        next_cursor: c1.or(c2).or(c3),
    })
}

/// A list's page, how many the list holds, and the next page's cursor.
type ListPage<T> = (Vec<T>, u64, Option<String>);

/// The reports still waiting to be taken up, as [`due_lists`] pages them.
fn waiting_list(
    conn: &mut crate::db::DbConn,
    holders: Option<&[String]>,
    asked: Option<TargetList>,
    offset: usize,
    limit: usize,
) -> Result<ListPage<(i64, DateTime<Utc>)>, crate::db::DbError> {
    let (o, n) = span(asked, TargetList::Waiting, offset, limit);
    let (waiting, total) = store::waiting(conn, holders, o, n)?;
    let waiting = waiting
        .into_iter()
        .map(|(n, since)| (n, crate::db::time::from_db(since)))
        .collect();
    let (waiting, next) = trim(waiting, asked, TargetList::Waiting, offset, limit);
    Ok((waiting, count(total), next))
}

/// Which rows of `this` list to read: the first page when no list is asked
/// for, from `offset` (and one row more, to tell whether a next page
/// exists) when it is, none when another is.
fn span(asked: Option<TargetList>, this: TargetList, offset: usize, limit: usize) -> (i64, i64) {
    let (offset, limit) = (
        i64::try_from(offset).unwrap_or(i64::MAX),
        i64::try_from(limit).unwrap_or(i64::MAX),
    );
    match asked {
        None => (0, limit),
        Some(l) if l == this => (offset, limit.saturating_add(1)),
        Some(_) => (0, 0),
    }
}

/// A list read by [`span`] cut to its page, with the next page's cursor.
fn trim<T>(
    mut rows: Vec<T>,
    asked: Option<TargetList>,
    this: TargetList,
    offset: usize,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    let next = (asked == Some(this) && rows.len() > limit)
        .then(|| crate::paging::encode("o", &offset.saturating_add(limit).to_string()));
    rows.truncate(limit);
    (rows, next)
}

/// A count as the board gives it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The board's lists for one target alone: every open report in scope
/// has its clocks worked out, as the schedule speaks of all targets at once.
async fn one_target_lists(
    st: &AppState,
    holders: Option<Vec<String>>,
    only: crm_domain::api::TargetKind,
    now: DateTime<Utc>,
    asked: Option<TargetList>,
    offset: usize,
    limit: usize,
) -> Result<Lists, ApiError> {
    let scope = holders.clone();
    let open = st
        .db
        .read(move |conn| {
            store::open_histories(
                conn,
                scope.as_deref(),
                true,
                Some(store::Due::Attention(now)),
            )
            .map_err(ApiError::from)
        })
        .await?;
    let settings = st.refdata.settings();
    let (mut past, mut near) = (Vec::new(), Vec::new());
    for (_, history) in open {
        let Some(cat) = st.refdata.category(&history.category) else {
            continue;
        };
        let Some(clock) = sla::clocks(&history, cat.bands, &settings, now)
            .iter()
            .filter_map(clock_view)
            .find(|c| c.target == only)
        else {
            continue;
        };
        if clock.standing == TargetStanding::Past {
            past.push((history.number, clock.due));
        } else {
            near.push((history.number, clock.due));
        }
    }
    // Just breached first (still worth a call), the long overdue after.
    past.sort_by_key(|(n, due)| (std::cmp::Reverse(*due), *n));
    near.sort_by_key(|(n, due)| (*due, *n));
    let numbers = |l: Vec<(i64, DateTime<Utc>)>| l.into_iter().map(|(n, _)| n).collect();
    let (past_total, near_total) = (past.len() as u64, near.len() as u64);
    let (past, c1) = page_of(numbers(past), asked, TargetList::Past, offset, limit);
    let (near, c2) = page_of(numbers(near), asked, TargetList::Near, offset, limit);
    // What still waits does not depend on the target.
    let (waiting, waiting_total, c3) = st
        .db
        .read(move |conn| {
            waiting_list(conn, holders.as_deref(), asked, offset, limit).map_err(ApiError::from)
        })
        .await?;
    let totals = (past_total, near_total, waiting_total);
    Ok(Lists {
        past,
        near,
        waiting,
        totals,
        next_cursor: c1.or(c2).or(c3),
    })
}

/// One whole list's page, as [`span`] and [`trim`] page the database's.
fn page_of<T>(
    rows: Vec<T>,
    asked: Option<TargetList>,
    this: TargetList,
    offset: usize,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    let (o, n) = span(asked, this, offset, limit);
    let (o, n) = (
        usize::try_from(o).unwrap_or(usize::MAX),
        usize::try_from(n).unwrap_or(usize::MAX),
    );
    let rows = rows.into_iter().skip(o).take(n).collect();
    trim(rows, asked, this, offset, limit)
}

/// Open work of a unit and of each unit directly below it, with how much
/// waits, is unassigned or late, and the oldest arrival.
#[utoipa::path(
    tag = "monitoring", security(("bearer" = [])), params(WorkloadQuery),
    responses(
        (status = 200, description = "Open work per unit", body = UnitLoadBoard),
        (status = 403, description = "The unit lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown unit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/workload")]
pub async fn workload(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<WorkloadQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let refs = st.refdata.clone();
    let unit = match (&q.unit, staff.role.sees_everything(), &staff.unit) {
        (Some(u), _, _) => Some(u.clone()),
        (None, true, _) => None,
        (None, false, Some(u)) => Some(u.clone()),
        (None, false, None) => return Err(ApiError::forbidden(Message::AccountWithoutUnit)),
    };
    let holders = staff.holders(&refs, unit.as_deref())?;
    let now = Utc::now();
    let (open, late) = st
        .db
        .read(move |conn| {
            let open = store::open_rows(conn, holders.as_deref(), false, None)?;
            let late = store::late(conn, holders.as_deref(), now)?;
            Ok::<_, crate::db::DbError>((open, late))
        })
        .await?;
    // Which row each holder counts in: the unit itself, or its child.
    let children: Vec<String> = match &unit {
        Some(u) => refs.tree().children(u).to_vec(),
        None => {
            let mut roots: Vec<String> = refs
                .units()
                .iter()
                .filter(|u| u.parent_code.is_none())
                .map(|u| u.code.clone())
                .collect();
            roots.sort();
            // One root (the province): its kota and dinas are the rows.
            match roots.as_slice() {
                [only] => refs.tree().children(only).to_vec(),
                _ => roots,
            }
        }
    };
    let mut row_of: HashMap<String, usize> = HashMap::new();
    for (i, c) in children.iter().enumerate() {
        for code in refs.tree().subtree(c) {
            row_of.insert(code, i);
        }
    }
    let blank = |code: &str| -> UnitLoad {
        let u = refs.unit(code);
        UnitLoad {
            unit_code: code.to_string(),
            unit_name: u
                .as_ref()
                .map_or_else(|| code.to_string(), |u| u.name.clone()),
            level: u.as_ref().map_or(UnitLevel::Provinsi, |u| u.level),
            open: 0,
            waiting: 0,
            unassigned: 0,
            late: 0,
            oldest_since: None,
        }
    };
    let mut rows: Vec<UnitLoad> = children.iter().map(|c| blank(c)).collect();
    let mut total = blank(unit.as_deref().unwrap_or("31"));
    if unit.is_none() {
        total.unit_code = String::new();
        total.unit_name = "Semua unit".into();
    }
    let add = |l: &mut UnitLoad, row: &store::OpenRow, late: bool| {
        l.open += 1;
        if matches!(
            row.status(),
            ReportStatus::Menunggu | ReportStatus::Disposisi
        ) {
            l.waiting += 1;
        }
        if row.assignee_id.is_none() {
            l.unassigned += 1;
        }
        if late {
            l.late += 1;
        }
        let since = row.holder_since.map(crate::db::time::from_db);
        if since.is_some() && (l.oldest_since.is_none() || since < l.oldest_since) {
            l.oldest_since = since;
        }
    };
    for row in &open {
        let late = late.contains(&row.number);
        add(&mut total, row, late);
        if let Some(&i) = row.holder_code.as_ref().and_then(|h| row_of.get(h)) {
            add(&mut rows[i], row, late);
        }
    }
    rows.sort_by(|a, b| {
        b.open
            .cmp(&a.open)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    Ok(HttpResponse::Ok().json(UnitLoadBoard {
        unit: total,
        children: rows,
    }))
}
