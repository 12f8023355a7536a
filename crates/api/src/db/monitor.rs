//! Reads and writes of the Monitoring Room: the rows behind the dashboard
//! and the heatmap, open reports with their histories (for the time
//! targets), warnings raised once, and in-app notifications.

use crate::db::connection::native;
use crate::db::connection::MultiBackend;
use crate::db::reports::{list_filtered, ListFilter};
use crate::db::schema::{notifications, report_history, report_schedule, reports, users, warnings};
use crate::db::scores::{facts_by_report, HISTORY_COLUMNS};
use crate::db::time::{from_db, to_db, Stamp};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::stats::StatRow;
use crm_domain::tkd::ReportHistory;
use crm_domain::ReportStatus;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel::Connection;
use std::collections::{HashMap, HashSet};

type StatTuple = (
    i64,
    Stamp,
    String,
    String,
    String,
    Option<String>,
    Option<f64>,
    Option<Stamp>,
    Option<Stamp>,
    i32,
);

/// The rows the dashboard counts.
pub fn stat_rows(conn: &mut DbConn, f: &ListFilter) -> Result<Vec<StatRow>, DbError> {
    let rows: Vec<StatTuple> = list_filtered!(reports::table.into_boxed(), f, conn)
        .select((
            reports::number,
            reports::received_at,
            reports::status,
            reports::category_code,
            reports::channel_code,
            reports::holder_code,
            reports::lat,
            reports::first_response_at,
            reports::completed_at,
            reports::handovers,
        ))
        .load(conn)?;
    // The flagged entries are few and indexed: those since the window's
    // start (an entry never comes before its report's receipt), each
    // report then checked against the filter once.
    let since = f.received_from.unwrap_or(DateTime::UNIX_EPOCH);
    let entries = report_history::table
        // A literal, so that SQLite may use the partial index on it.
        .filter(diesel::dsl::sql::<Bool>("report_history.flagged"))
        .filter(report_history::at.ge(to_db(since)))
        .select(report_history::report_number);
    let flagged: HashSet<i64> = list_filtered!(reports::table.into_boxed(), f, conn)
        // Only a report handed on can come back to a unit that had it.
        .filter(reports::handovers.gt(0))
        .filter(reports::number.eq_any(entries))
        .select(reports::number)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(number, received, status, category, channel, holder, lat, first, done, hand)| {
                StatRow {
                    number,
                    received_at: received.utc(),
                    status: status.parse().unwrap_or(ReportStatus::Menunggu),
                    category,
                    channel,
                    holder,
                    geotagged: lat.is_some(),
                    first_response_at: first.map(Stamp::utc),
                    completed_at: done.map(Stamp::utc),
                    handovers: u32::try_from(hand).unwrap_or(0),
                    flagged: flagged.contains(&number),
                }
            },
        )
        .collect())
}

/// Where a geotagged report lies: latitude, longitude, kelurahan.
pub type HeatPoint = (f64, f64, Option<String>);

/// Coordinates and kelurahan of the geotagged reports, and the count of
/// those without coordinates.
pub fn heat_points(conn: &mut DbConn, f: &ListFilter) -> Result<(Vec<HeatPoint>, u64), DbError> {
    let points: Vec<(Option<f64>, Option<f64>, Option<String>)> =
        list_filtered!(reports::table.into_boxed(), f, conn)
            .filter(reports::hidden.eq(false))
            .select((reports::lat, reports::lon, reports::kelurahan_code))
            .load(conn)?;
    let mut out = Vec::with_capacity(points.len());
    let mut missing = 0;
    for p in points {
        match p {
            (Some(lat), Some(lon), k) => out.push((lat, lon, k)),
            _ => missing += 1,
        }
    }
    Ok((out, missing))
}

/// What the monitoring boards and the warning job read of an open report
/// (its full row is read only for what a page shows).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct OpenRow {
    pub number: i64,
    pub status: String,
    pub holder_code: Option<String>,
    pub holder_since: Option<NaiveDateTime>,
    pub received_at: NaiveDateTime,
    pub category_code: String,
    pub estimate_at: Option<NaiveDateTime>,
    pub assignee_id: Option<i64>,
    pub version: i64,
    /// When the report entered this system (an imported report's import).
    pub created_at: NaiveDateTime,
}

impl OpenRow {
    /// The status as the domain knows it.
    pub fn status(&self) -> ReportStatus {
        crate::db::reports::status_of(&self.status)
    }
}

/// Which open reports a reader wants by their schedule
/// (`crate::db::schedule`).
#[derive(Debug, Clone, Copy)]
pub enum Due {
    /// Those that need attention by then: a clock near or past.
    Attention(DateTime<Utc>),
    /// Those the warning job should look at by then: a clock may have
    /// turned near or run out since it last looked.
    Check(DateTime<Utc>),
}

/// Open reports (held by one of `holders`, and with `with_collaborators`
/// also those they were asked to coordinate on; or all), oldest first; with
/// `due`, only those due by their schedule.
pub fn open_rows(
    conn: &mut DbConn,
    holders: Option<&[String]>,
    with_collaborators: bool,
    due: Option<Due>,
) -> Result<Vec<OpenRow>, DbError> {
    Ok(open_query(holders, with_collaborators, due)
        .select(OpenRow::as_select())
        .order(reports::number.asc())
        .load(conn)?)
}

/// The open reports of [`open_rows`] with their histories.
pub fn open_histories(
    conn: &mut DbConn,
    holders: Option<&[String]>,
    with_collaborators: bool,
    due: Option<Due>,
) -> Result<Vec<(OpenRow, ReportHistory)>, DbError> {
    let rows = open_rows(conn, holders, with_collaborators, due)?;
    with_histories(conn, rows)
}

/// The open reports the warning job should look at by `now` (see
/// [`Due::Check`]) numbered after `after`, at most `limit`, lowest number
/// first, with their histories.
pub fn to_check(
    conn: &mut DbConn,
    now: DateTime<Utc>,
    after: i64,
    limit: i64,
) -> Result<Vec<(OpenRow, ReportHistory)>, DbError> {
    let rows = open_query(None, false, Some(Due::Check(now)))
        .filter(reports::number.gt(after))
        .select(OpenRow::as_select())
        .order(reports::number.asc())
        .limit(limit)
        .load(conn)?;
    with_histories(conn, rows)
}

/// Rows with their histories.
fn with_histories(
    conn: &mut DbConn,
    rows: Vec<OpenRow>,
) -> Result<Vec<(OpenRow, ReportHistory)>, DbError> {
    let numbers: Vec<i64> = rows.iter().map(|r| r.number).collect();
    let mut entries: Vec<crate::db::scores::HistoryTuple> = Vec::new();
    for chunk in numbers.chunks(1000) {
        entries.extend(
            report_history::table
                .filter(report_history::report_number.eq_any(chunk))
                .order((report_history::report_number, report_history::id))
                .select(HISTORY_COLUMNS)
                .load::<crate::db::scores::HistoryTuple>(conn)?,
        );
    }
    let mut facts = facts_by_report(entries);
    Ok(rows
        .into_iter()
        .map(|r| {
            let history = ReportHistory {
                number: r.number,
                received_at: from_db(r.received_at),
                category: r.category_code.clone(),
                estimate: r.estimate_at.map(from_db),
                facts: facts.remove(&r.number).unwrap_or_default(),
            };
            (r, history)
        })
        .collect())
}

/// The open reports of [`open_rows`].
fn open_query(
    holders: Option<&[String]>,
    with_collaborators: bool,
    due: Option<Due>,
) -> reports::BoxedQuery<'static, MultiBackend> {
    let mut q = reports::table
        .filter(reports::status.ne(ReportStatus::Selesai.as_str()))
        .into_boxed();
    match holders {
        Some(units) if with_collaborators => q = q.filter(held_or_asked(units)),
        Some(units) => q = q.filter(reports::holder_code.eq_any(units.to_vec())),
        None => {}
    }
    match due {
        Some(Due::Attention(by)) => {
            let due = report_schedule::table
                .filter(report_schedule::attention_at.le(to_db(by)))
                .select(report_schedule::report_number);
            q = q.filter(reports::number.eq_any(due));
        }
        Some(Due::Check(by)) => {
            // A row without a check time (written by a server of an
            // earlier version) is due from its attention time.
            let due = report_schedule::table
                .filter(
                    report_schedule::next_check_at
                        .le(to_db(by))
                        .or(report_schedule::next_check_at
                            .is_null()
                            .and(report_schedule::attention_at.le(to_db(by)))),
                )
                .select(report_schedule::report_number);
            q = q.filter(reports::number.eq_any(due));
        }
        None => {}
    }
    q
}

/// The schedules (`crate::db::schedule`) of the open reports held by one of
/// `holders` (and with `with_collaborators` those they were asked to
/// coordinate on), or of all (only open reports have one).
fn scheduled(
    holders: Option<&[String]>,
    with_collaborators: bool,
) -> report_schedule::BoxedQuery<'static, MultiBackend> {
    use crate::db::schema::report_collaborators as rc;
    let q = report_schedule::table.into_boxed();
    let Some(units) = holders else {
        return q;
    };
    let held = report_schedule::holder_code.eq_any(units.to_vec());
    if with_collaborators {
        let asked = rc::table
            .filter(rc::unit_code.eq_any(units.to_vec()))
            .select(rc::report_number);
        q.filter(held.or(report_schedule::report_number.eq_any(asked).nullable()))
    } else {
        q.filter(held)
    }
}

/// The open reports held by one of `holders` (or all) that one of their
/// time targets has run out on at `now`.
pub fn late(
    conn: &mut DbConn,
    holders: Option<&[String]>,
    now: DateTime<Utc>,
) -> Result<HashSet<i64>, DbError> {
    let now = to_db(now);
    Ok(scheduled(holders, false)
        .filter(report_schedule::attention_at.le(now))
        .filter(report_schedule::first_due_at.le(now))
        .select(report_schedule::report_number)
        .load::<i64>(conn)?
        .into_iter()
        .collect())
}

/// Held by one of `units`, or one of them asked to coordinate on it.
fn held_or_asked(
    units: &[String],
) -> Box<dyn BoxableExpression<reports::table, MultiBackend, SqlType = Nullable<Bool>>> {
    use crate::db::schema::report_collaborators as rc;
    let asked = rc::table
        .filter(rc::unit_code.eq_any(units.to_vec()))
        .select(rc::report_number);
    Box::new(
        reports::holder_code
            .eq_any(units.to_vec())
            .or(reports::number.eq_any(asked).nullable()),
    )
}

/// A page of a board list: the report numbers from `offset`, at most
/// `limit`, and how many the list holds.
pub type Page<T> = (Vec<T>, i64);

/// Open reports held by (or coordinated on by) one of `holders`, or all,
/// that need attention at `now` (`crm_domain::sla::Schedule`): with `past`
/// those a target has run out on, the most recently run out first; else
/// those near one, the soonest first.
pub fn due(
    conn: &mut DbConn,
    holders: Option<&[String]>,
    past: bool,
    now: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> Result<Page<i64>, DbError> {
    let list = || {
        let q = scheduled(holders, true).filter(report_schedule::attention_at.le(now));
        if past {
            q.filter(report_schedule::first_due_at.le(now))
        } else {
            q.filter(report_schedule::first_due_at.gt(now))
        }
    };
    let total: i64 = list().count().get_result(conn)?;
    let page = list().select(report_schedule::report_number);
    let page = if past {
        page.order((
            report_schedule::first_due_at.desc(),
            report_schedule::report_number.asc(),
        ))
    } else {
        page.order((
            report_schedule::first_due_at.asc(),
            report_schedule::report_number.asc(),
        ))
    };
    Ok((page.offset(offset).limit(limit).load(conn)?, total))
}

/// Reports still waiting to be taken up (Menunggu) in the same scope, the
/// longest waiting first, with since when they wait at their holder.
pub fn waiting(
    conn: &mut DbConn,
    holders: Option<&[String]>,
    offset: i64,
    limit: i64,
) -> Result<Page<(i64, NaiveDateTime)>, DbError> {
    let list = || scheduled(holders, true).filter(report_schedule::waiting_since.is_not_null());
    let total: i64 = list().count().get_result(conn)?;
    let rows: Vec<(i64, NaiveDateTime)> = list()
        .select((
            report_schedule::report_number,
            report_schedule::waiting_since.assume_not_null(),
        ))
        .order((
            report_schedule::waiting_since.asc(),
            report_schedule::report_number.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((rows, total))
}

/// A warning to raise.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = warnings)]
pub struct NewWarning {
    pub report_number: i64,
    pub target: String,
    pub standing: String,
    pub clock_since: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub unit_code: Option<String>,
    pub raised_at: NaiveDateTime,
}

type WarningKey = (i64, String, String, NaiveDateTime);

/// Which of these warnings were raised before.
pub fn raised(
    conn: &mut DbConn,
    candidates: &[NewWarning],
) -> Result<HashSet<WarningKey>, DbError> {
    let numbers: Vec<i64> = candidates
        .iter()
        .map(|w| w.report_number)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut out = HashSet::new();
    for chunk in numbers.chunks(500) {
        let rows: Vec<WarningKey> = warnings::table
            .filter(warnings::report_number.eq_any(chunk))
            .select((
                warnings::report_number,
                warnings::target,
                warnings::standing,
                warnings::clock_since,
            ))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Records a warning and returns its id; `None` when another process
/// raised the same one first (the unique index), in which case nothing of
/// it is written (a savepoint keeps the rest of the transaction).
pub fn insert_warning(conn: &mut DbConn, w: &NewWarning) -> Result<Option<i64>, DbError> {
    use diesel::result::{DatabaseErrorKind, Error};
    let inserted = conn.transaction(|c| {
        diesel::insert_into(warnings::table)
            .values(w)
            .returning(warnings::id)
            .get_result::<i64>(c)
    });
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The current version of each of these reports.
pub fn versions(conn: &mut DbConn, numbers: &[i64]) -> Result<HashMap<i64, i64>, DbError> {
    let mut out = HashMap::with_capacity(numbers.len());
    for chunk in numbers.chunks(500) {
        let rows: Vec<(i64, i64)> = reports::table
            .filter(reports::number.eq_any(chunk))
            .select((reports::number, reports::version))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Records when the warning job next looks at each report, given as
/// (number, when, the report's version when it was read): a report changed
/// since (its version moved on) keeps the schedule its change wrote. The
/// version is compared in the same statement, so a change committing
/// meanwhile on PostgreSQL is not overwritten.
pub fn set_next_checks(
    conn: &mut DbConn,
    next: &[(i64, DateTime<Utc>, i64)],
) -> Result<(), DbError> {
    use std::fmt::Write as _;
    let mut by_time: HashMap<NaiveDateTime, Vec<(i64, i64)>> = HashMap::new();
    for (number, at, version) in next {
        by_time
            .entry(to_db(*at))
            .or_default()
            .push((*number, *version));
    }
    for (at, reports_read) in by_time {
        for chunk in reports_read.chunks(500) {
            // Whole numbers read from the database, written as literals.
            let mut pairs = String::new();
            for (number, version) in chunk {
                let sep = if pairs.is_empty() { "" } else { "," };
                let _ = write!(pairs, "{sep}({number},{version})");
            }
            let unchanged = reports::table
                .filter(diesel::dsl::sql::<Bool>(&format!(
                    "(reports.number, reports.version) IN (VALUES {pairs})"
                )))
                .select(reports::number);
            diesel::update(
                report_schedule::table.filter(report_schedule::report_number.eq_any(unchanged)),
            )
            .set(report_schedule::next_check_at.eq(Some(at)))
            .execute(conn)?;
        }
    }
    Ok(())
}

/// Completion times, in the filter's receipt window `[from, to)`, of complete reports matching the
/// filter's area, category and channel (whenever they were received).
pub fn completions(conn: &mut DbConn, f: &ListFilter) -> Result<Vec<DateTime<Utc>>, DbError> {
    let area = ListFilter {
        received_from: None,
        received_to: None,
        ..f.clone()
    };
    let mut q = list_filtered!(reports::table.into_boxed(), &area, conn)
        .filter(reports::status.eq(ReportStatus::Selesai.as_str()))
        .select(reports::completed_at);
    if let Some(t) = f.received_from {
        q = q.filter(reports::completed_at.ge(to_db(t)));
    }
    if let Some(t) = f.received_to {
        q = q.filter(reports::completed_at.lt(to_db(t)));
    }
    let rows: Vec<Option<Stamp>> = q.load(conn)?;
    Ok(rows.into_iter().flatten().map(Stamp::utc).collect())
}

/// Active officers and unit heads of these units.
pub fn staff_of(conn: &mut DbConn, units: &[String]) -> Result<Vec<i64>, DbError> {
    // A unit at a time, and the two roles named: a statement with a list
    // (`IN (…)`) is compiled again on every run on SQLite.
    let [officer, head] = crm_domain::Role::unit_staff_ids();
    let mut ids: Vec<i64> = Vec::new();
    for unit in units {
        let of_unit: Vec<i64> = native!(conn, |c| users::table
            .filter(users::unit_code.eq(unit))
            .filter(users::active.eq(true))
            .filter(users::role.eq(officer).or(users::role.eq(head)))
            .select(users::id)
            .load(c))?;
        // An account has one unit: no one is counted twice.
        ids.extend(of_unit);
    }
    Ok(ids)
}

/// Every report still Menunggu: its number, holder and since when it waits
/// there.
pub fn still_waiting(
    conn: &mut DbConn,
) -> Result<Vec<(i64, Option<String>, NaiveDateTime)>, DbError> {
    let rows: Vec<(i64, Option<String>, NaiveDateTime, Option<NaiveDateTime>)> = reports::table
        .filter(reports::status.eq(ReportStatus::Menunggu.as_str()))
        .select((
            reports::number,
            reports::holder_code,
            reports::received_at,
            reports::holder_since,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(n, h, received, since)| (n, h, since.unwrap_or(received)))
        .collect())
}

/// A warning's target, standing and due time.
pub fn warning(
    conn: &mut DbConn,
    id: i64,
) -> Result<Option<(String, String, NaiveDateTime)>, DbError> {
    Ok(warnings::table
        .find(id)
        .select((warnings::target, warnings::standing, warnings::due_at))
        .first(conn)
        .optional()?)
}

/// Active accounts of the Monitoring Room.
pub fn monitoring_staff(conn: &mut DbConn) -> Result<Vec<i64>, DbError> {
    Ok(users::table
        .filter(users::active.eq(true))
        .filter(users::role.eq(crm_domain::Role::Monitoring.as_str()))
        .select(users::id)
        .load(conn)?)
}

/// Tells every Monitoring Room account about a report.
pub fn notify_monitoring(
    conn: &mut DbConn,
    kind: crm_domain::api::NotificationKind,
    number: i64,
    unit: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    let rows: Vec<NewNotification> = monitoring_staff(conn)?
        .into_iter()
        .map(|user_id| NewNotification {
            user_id,
            kind: kind.as_str().into(),
            report_number: number,
            warning_id: None,
            unit_code: unit.map(str::to_string),
            created_at: to_db(at),
        })
        .collect();
    notify(conn, &rows)
}

/// A notification to deliver in the app.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: String,
    pub report_number: i64,
    pub warning_id: Option<i64>,
    pub unit_code: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Delivers notifications.
pub fn notify(conn: &mut DbConn, rows: &[NewNotification]) -> Result<(), DbError> {
    // A row per statement, which stays compiled (a multi-row insert is
    // compiled again on every run).
    for row in rows {
        native!(conn, |c| diesel::insert_into(notifications::table)
            .values(row)
            .execute(c))?;
    }
    // The same notice outside the app, for accounts with an address: one
    // per report and kind (and warning).
    let mut groups: Vec<(&NewNotification, Vec<i64>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(g, _)| {
            g.report_number == row.report_number
                && g.kind == row.kind
                && g.warning_id == row.warning_id
                && g.unit_code == row.unit_code
        }) {
            Some((_, users)) => users.push(row.user_id),
            None => groups.push((row, vec![row.user_id])),
        }
    }
    for (row, users) in groups {
        let payload = crate::db::outbox::StaffPayload::Report {
            kind: row.kind.clone(),
            report_number: row.report_number,
            warning_id: row.warning_id,
            unit_code: row.unit_code.clone(),
        };
        crate::db::outbox::enqueue_staff(
            conn,
            &users,
            row.report_number,
            &payload,
            crate::db::time::from_db(row.created_at),
        )?;
    }
    Ok(())
}

/// A stored notification with its warning's target and standing.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub report_number: i64,
    pub target: Option<String>,
    pub standing: Option<String>,
    pub unit_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// A user's newest notifications and the count of unread ones.
pub fn notifications_of(
    conn: &mut DbConn,
    user: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<(i64, Vec<NotificationRow>), DbError> {
    let unread: i64 = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?;
    type Row = (
        i64,
        String,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let rows: Vec<Row> = notifications::table
        .left_join(warnings::table)
        .filter(notifications::user_id.eq(user))
        .filter(notifications::id.lt(before.unwrap_or(i64::MAX)))
        .order(notifications::id.desc())
        .limit(limit)
        .select((
            notifications::id,
            notifications::kind,
            notifications::report_number,
            warnings::target.nullable(),
            warnings::standing.nullable(),
            notifications::unit_code,
            notifications::created_at,
            notifications::read_at,
        ))
        .load(conn)?;
    Ok((
        unread,
        rows.into_iter()
            .map(
                |(id, kind, report_number, target, standing, unit_code, created_at, read_at)| {
                    NotificationRow {
                        id,
                        kind,
                        report_number,
                        target,
                        standing,
                        unit_code,
                        created_at,
                        read_at,
                    }
                },
            )
            .collect(),
    ))
}

/// Marks a user's notifications read (`ids`, or all of them).
pub fn mark_read(
    conn: &mut DbConn,
    user: i64,
    ids: Option<&[i64]>,
    at: DateTime<Utc>,
) -> Result<usize, DbError> {
    let mut q = diesel::update(notifications::table)
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(notifications::id.eq_any(ids.to_vec()));
    }
    Ok(q.set(notifications::read_at.eq(to_db(at))).execute(conn)?)
}

/// Tells the officers and head of `unit` that report `number` arrived there.
pub fn notify_arrival(
    conn: &mut DbConn,
    number: i64,
    unit: &str,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    notify_units(
        conn,
        crm_domain::api::NotificationKind::NewReport,
        number,
        &[unit.to_string()],
        at,
    )
}

/// Tells the officers and heads of each of `units` about report `number`.
pub fn notify_units(
    conn: &mut DbConn,
    kind: crm_domain::api::NotificationKind,
    number: i64,
    units: &[String],
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    let mut rows = Vec::new();
    for unit in units {
        for user_id in staff_of(conn, std::slice::from_ref(unit))? {
            rows.push(NewNotification {
                user_id,
                kind: kind.as_str().into(),
                report_number: number,
                warning_id: None,
                unit_code: Some(unit.clone()),
                created_at: to_db(at),
            });
        }
    }
    notify(conn, &rows)
}
