//! Reads a report's lifecycle state ([`Case`]) and writes it: a new report
//! with the history its [`Arrival`] brings ([`create`], the one place a
//! report row is built), and an accepted action's outcome ([`save`]: the new
//! state guarded by its version, its coordinating units, the one history
//! entry and its photos), all in the caller's transaction.

use crate::db::connection::native;
use crate::db::report_parts;
use crate::db::reports::{
    self as store, HistoryRow, NewHistoryRow, NewReportRow, NumberedReportRow, ReportRow,
};
use crate::db::schedule::{self, Reckon, Scheduled};
use crate::db::schema::{
    recorded_late, report_collaborators, report_history, report_photos, reports, users,
};
use crate::db::time::{from_db, to_db};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::api::LocationFlag;
use crm_domain::arrival::Arrival;
use crm_domain::lifecycle::{ActionKind, Case, Entry, Outcome};
use crm_domain::period;
use crm_domain::tkd::{Fact, ReportHistory};
use diesel::prelude::*;

/// The report, its lifecycle state and its history (the hand-overs the
/// state counts are read from it), in two statements.
pub fn load(
    conn: &mut DbConn,
    number: i64,
) -> Result<Option<(ReportRow, Case, Vec<HistoryRow>)>, DbError> {
    let Some(row) = store::get(conn, number)? else {
        return Ok(None);
    };
    let lists = report_parts::lists(conn, number)?;
    let case = case_of(&row, lists.collaborators, &lists.history);
    Ok(Some((row, case, lists.history)))
}

/// A report's lifecycle state, from its row, its coordinating units and
/// its history.
pub fn case_of(row: &ReportRow, collaborators: Vec<String>, history: &[HistoryRow]) -> Case {
    let handed_on_by: Vec<String> = history
        .iter()
        .filter(|e| e.kind == ActionKind::Dispose.as_str())
        .filter_map(|e| e.unit_code.clone())
        .collect();
    Case {
        number: row.number,
        status: row.status(),
        holder: row.holder_code.clone(),
        holder_since: from_db(row.holder_since.unwrap_or(row.received_at)),
        collaborators,
        handed_on_by,
        awaiting_verification: row.awaiting_verification,
        evidence: row.evidence,
        estimate: row.estimate_at.map(from_db),
        first_response_at: row.first_response_at.map(from_db),
        completed_at: row.completed_at.map(from_db),
        verified_at: row.verified_at.map(from_db),
        assignee: row.assignee_id,
        rating: row.rating.and_then(|r| u8::try_from(r).ok()),
        last_at: from_db(row.updated_at.max(row.created_at)),
    }
}

/// A photo stored in the media store, to be recorded with the entry.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub object_key: String,
    pub thumb_key: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
}

impl StoredPhoto {
    /// The keys of the photo and its thumbnail in the media store.
    pub fn keys(photos: &[StoredPhoto]) -> Vec<String> {
        photos
            .iter()
            .flat_map(|p| [p.object_key.clone(), p.thumb_key.clone()])
            .collect()
    }
}

/// Who acted, as recorded.
#[derive(Debug, Clone)]
pub struct Recorder {
    pub user_id: Option<i64>,
    pub name: String,
}

/// What a new report says of itself: everything its lifecycle does not
/// decide.
#[derive(Debug, Clone)]
pub struct ReportDetails {
    /// A number given by the old system; `None`: the next number.
    pub number: Option<i64>,
    pub channel: String,
    pub channel_ref: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub hidden: bool,
    pub category: String,
    pub tags: Vec<String>,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The kelurahan where it happened.
    pub kelurahan: Option<String>,
    /// Photo addresses kept by the channel.
    pub photo_urls: Vec<String>,
    pub location_flag: Option<LocationFlag>,
    /// When the report reached the city (the channel's time).
    pub received_at: DateTime<Utc>,
    /// When it was written here.
    pub created_at: DateTime<Utc>,
}

/// The row of a new report: its details and the state its arrival decided.
fn new_row(d: &ReportDetails, a: &Arrival) -> NewReportRow {
    let c = &a.case;
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    NewReportRow {
        channel_code: d.channel.clone(),
        channel_ref: d.channel_ref.clone(),
        reporter_name: d.reporter_name.clone(),
        reporter_contact: d.reporter_contact.clone(),
        hidden: d.hidden,
        category_code: d.category.clone(),
        tags: json(&d.tags),
        description: d.description.clone(),
        address: d.address.clone(),
        lat: d.lat,
        lon: d.lon,
        kelurahan_code: d.kelurahan.clone(),
        holder_code: c.holder.clone(),
        status: c.status.as_str().into(),
        received_at: to_db(d.received_at),
        first_response_at: c.first_response_at.map(to_db),
        completed_at: c.completed_at.map(to_db),
        verified_at: c.verified_at.map(to_db),
        created_at: to_db(d.created_at),
        updated_at: to_db(d.created_at.max(c.last_at)),
        version: i64::try_from(a.entries.len()).unwrap_or(1).max(1),
        holder_since: Some(to_db(c.holder_since)),
        awaiting_verification: c.awaiting_verification,
        evidence: c.evidence,
        estimate_at: c.estimate.map(to_db),
        assignee_id: c.assignee,
        rating: c.rating.map(i32::from),
        handovers: i32::try_from(c.handed_on_by.len()).unwrap_or(i32::MAX),
        photo_urls: json(&d.photo_urls),
        location_flag: d.location_flag.map(|f| f.as_str().to_string()),
        h3_cell: d
            .lat
            .zip(d.lon)
            .map(|(lat, lon)| crate::cells::cell_of(lat, lon).unwrap_or(0)),
    }
}

/// The history an arrival writes, as the domain reads it.
fn arrival_history(d: &ReportDetails, a: &Arrival) -> ReportHistory {
    ReportHistory {
        number: a.case.number,
        received_at: d.received_at,
        category: d.category.clone(),
        estimate: a.case.estimate,
        facts: a
            .entries
            .iter()
            .map(|e| Fact {
                at: e.at,
                kind: e.kind,
                status: e.status,
                unit: e.unit.clone(),
                to_unit: e.to_unit.clone(),
                category_before: None,
            })
            .collect(),
    }
}

/// The history row of an entry.
fn history_row(number: i64, e: &Entry, who: &Recorder) -> NewHistoryRow {
    NewHistoryRow {
        report_number: number,
        at: to_db(e.at),
        status: e.status.as_str().into(),
        unit_code: e.unit.clone(),
        actor_user_id: who.user_id,
        actor_name: Some(who.name.clone()),
        note: e.note.clone(),
        public: e.public,
        kind: e.kind.as_str().into(),
        to_unit_code: e.to_unit.clone(),
        flagged: e.flagged,
        category_before: None,
    }
}

/// A report just written.
#[derive(Debug, Clone)]
pub struct Created {
    pub number: i64,
    pub version: i64,
    /// Its reporter's secret, for the filer and the reporter's notices.
    pub tracking_code: String,
}

/// Writes a new report, the entries of its arrival (each recorded as `who`
/// names its actor), its schedule and its tracking code.
pub fn create(
    conn: &mut DbConn,
    details: &ReportDetails,
    arrival: &Arrival,
    who: &dyn Fn(&Entry) -> Recorder,
    reckon: Reckon,
) -> Result<Created, DbError> {
    let (number, version) = insert_report(conn, details, arrival)?;
    if let Some(at) = recorded_late_at(details, arrival) {
        insert_recorded_late(conn, &[(number, at)])?;
    }
    for e in &arrival.entries {
        store::append_history(conn, &history_row(number, e, &who(e)))?;
    }
    let worked = reckon(&arrival_history(details, arrival));
    schedule::insert(conn, &[Scheduled::of(number, &arrival.case, worked)])?;
    let tracking_code = crate::tracking::new_code();
    crate::db::tracking::insert(conn, number, &tracking_code)?;
    Ok(Created {
        number,
        version,
        tracking_code,
    })
}

/// Writes many new reports at once, as [`create`] writes one (the same
/// rows), many to a statement: first those carrying a number of their own,
/// then the rest under numbers drawn after them, in their order. Each
/// history entry is recorded as `who` names its actor in its report.
/// Returns how many were written.
pub fn create_many(
    conn: &mut DbConn,
    items: &[(ReportDetails, Arrival)],
    who: &dyn Fn(&ReportDetails, &Entry) -> Recorder,
    reckon: Reckon,
) -> Result<usize, DbError> {
    let given: Vec<_> = items
        .iter()
        .filter_map(|(d, a)| d.number.map(|n| (n, d, a)))
        .collect();
    if let Some(last) = given.iter().map(|&(n, _, _)| n).max() {
        store::continue_numbers_after(conn, last)?;
        write_numbered(conn, &given, who, reckon)?;
    }
    let rest: Vec<_> = items.iter().filter(|(d, _)| d.number.is_none()).collect();
    let drawn = store::draw_numbers(conn, rest.len())?;
    let rest: Vec<_> = drawn
        .into_iter()
        .zip(rest)
        .map(|(n, (d, a))| (n, d, a))
        .collect();
    write_numbered(conn, &rest, who, reckon)?;
    Ok(items.len())
}

/// Writes new reports under their numbers: the report rows, then their
/// history entries, schedules and tracking codes, each in multi-row
/// inserts.
fn write_numbered(
    conn: &mut DbConn,
    items: &[(i64, &ReportDetails, &Arrival)],
    who: &dyn Fn(&ReportDetails, &Entry) -> Recorder,
    reckon: Reckon,
) -> Result<(), DbError> {
    for chunk in items.chunks(store::REPORT_ROWS) {
        let rows: Vec<NumberedReportRow> = chunk
            .iter()
            .map(|&(number, d, a)| NumberedReportRow {
                number,
                row: new_row(d, a),
            })
            .collect();
        store::insert_numbered_many(conn, &rows)?;
    }
    let mut history = Vec::new();
    let mut codes = Vec::with_capacity(items.len());
    let mut schedules = Vec::with_capacity(items.len());
    let mut late = Vec::new();
    for &(number, details, arrival) in items {
        late.extend(recorded_late_at(details, arrival).map(|at| (number, at)));
        history.extend(
            arrival
                .entries
                .iter()
                .map(|e| history_row(number, e, &who(details, e))),
        );
        codes.push((number, crate::tracking::new_code()));
        let worked = reckon(&arrival_history(details, arrival));
        schedules.push(Scheduled::of(number, &arrival.case, worked));
        if history.len() >= BATCH_ROWS {
            insert_history(conn, &std::mem::take(&mut history))?;
        }
    }
    insert_history(conn, &history)?;
    insert_recorded_late(conn, &late)?;
    schedule::insert(conn, &schedules)?;
    for chunk in codes.chunks(BATCH_ROWS) {
        crate::db::tracking::insert_many(conn, chunk)?;
    }
    Ok(())
}

/// Inserts the report row (under its own number when it has one, which new
/// reports then continue after, as in [`create_many`]); returns its number
/// and version.
fn insert_report(
    conn: &mut DbConn,
    details: &ReportDetails,
    arrival: &Arrival,
) -> Result<(i64, i64), DbError> {
    let row = new_row(details, arrival);
    let version = row.version;
    let number = match details.number {
        Some(number) => {
            store::continue_numbers_after(conn, number)?;
            store::insert_numbered(conn, &NumberedReportRow { number, row })?
        }
        None => store::insert(conn, &row)?,
    };
    Ok((number, version))
}

/// When a new report is first recorded, if only after its month of receipt
/// had ended ([`period::recorded_after_its_month`]): a channel forwarding
/// it late. The score of a later period looks for these.
fn recorded_late_at(details: &ReportDetails, arrival: &Arrival) -> Option<DateTime<Utc>> {
    arrival
        .entries
        .first()
        .map(|e| e.at)
        .filter(|&at| period::recorded_after_its_month(details.received_at, at))
}

/// Notes reports recorded after their month of receipt (`recorded_late`).
fn insert_recorded_late(conn: &mut DbConn, late: &[(i64, DateTime<Utc>)]) -> Result<(), DbError> {
    for chunk in late.chunks(BATCH_ROWS) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|&(number, at)| {
                (
                    recorded_late::report_number.eq(number),
                    recorded_late::recorded_at.eq(to_db(at)),
                )
            })
            .collect();
        let insert = diesel::insert_into(recorded_late::table).values(rows);
        native!(conn, |c| insert.execute(c))?;
    }
    Ok(())
}

/// Rows a multi-row insert carries (within SQLite's 32,766 parameters).
const BATCH_ROWS: usize = 1000;

/// History entries in one multi-row insert on the engine's own connection
/// (the multi-engine connection writes one row per statement).
fn insert_history(conn: &mut DbConn, rows: &[NewHistoryRow]) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    let insert = diesel::insert_into(report_history::table).values(rows);
    native!(conn, |c| insert.execute(c))?;
    Ok(())
}

/// What an accepted action writes besides its outcome: who recorded it,
/// its photos and who may see them, and how the report's schedule follows.
pub struct Recording<'a> {
    pub who: &'a Recorder,
    pub photos: &'a [StoredPhoto],
    pub photos_public: bool,
    pub reckon: Reckon<'a>,
}

/// Writes `outcome` over `before` if the report is still at `version`, and
/// the report's schedule as its history now stands. Returns the new
/// version, or `None` when someone else changed the report first (nothing
/// is written then).
pub fn save(
    conn: &mut DbConn,
    before: &Case,
    version: i64,
    outcome: &Outcome,
    rec: &Recording,
) -> Result<Option<i64>, DbError> {
    let c = &outcome.case;
    let at: NaiveDateTime = to_db(outcome.entry.at);
    let handovers = i32::try_from(c.handed_on_by.len()).unwrap_or(i32::MAX);
    let changed = diesel::update(
        reports::table
            .filter(reports::number.eq(c.number))
            .filter(reports::version.eq(version)),
    )
    .set((
        reports::status.eq(c.status.as_str()),
        reports::holder_code.eq(c.holder.clone()),
        reports::holder_since.eq(Some(to_db(c.holder_since))),
        reports::awaiting_verification.eq(c.awaiting_verification),
        reports::evidence.eq(c.evidence),
        reports::estimate_at.eq(c.estimate.map(to_db)),
        reports::first_response_at.eq(c.first_response_at.map(to_db)),
        reports::completed_at.eq(c.completed_at.map(to_db)),
        reports::verified_at.eq(c.verified_at.map(to_db)),
        reports::assignee_id.eq(c.assignee),
        reports::rating.eq(c.rating.map(i32::from)),
        reports::handovers.eq(handovers),
        reports::updated_at.eq(at),
        reports::version.eq(version + 1),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    for gone in before
        .collaborators
        .iter()
        .filter(|u| !c.collaborators.contains(u))
    {
        diesel::delete(
            report_collaborators::table
                .filter(report_collaborators::report_number.eq(c.number))
                .filter(report_collaborators::unit_code.eq(gone)),
        )
        .execute(conn)?;
    }
    for added in c
        .collaborators
        .iter()
        .filter(|u| !before.collaborators.contains(u))
    {
        diesel::insert_into(report_collaborators::table)
            .values((
                report_collaborators::report_number.eq(c.number),
                report_collaborators::unit_code.eq(added),
                report_collaborators::added_at.eq(at),
            ))
            .execute(conn)?;
    }
    let history_id = store::append_history(conn, &history_row(c.number, &outcome.entry, rec.who))?;
    insert_photos(
        conn,
        c.number,
        Some(history_id),
        rec.photos,
        rec.photos_public,
        at,
    )?;
    schedule::refresh(conn, &[c.number], rec.reckon)?;
    Ok(Some(version + 1))
}

/// Records stored photos of a report (with its history entry, if any).
pub fn insert_photos(
    conn: &mut DbConn,
    number: i64,
    history_id: Option<i64>,
    photos: &[StoredPhoto],
    public: bool,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    for p in photos {
        diesel::insert_into(report_photos::table)
            .values((
                report_photos::report_number.eq(number),
                report_photos::history_id.eq(history_id),
                report_photos::object_key.eq(&p.object_key),
                report_photos::thumb_key.eq(&p.thumb_key),
                report_photos::width.eq(p.width),
                report_photos::height.eq(p.height),
                report_photos::bytes.eq(p.bytes),
                report_photos::public.eq(public),
                report_photos::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A stored photo's record.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_photos)]
pub struct PhotoRow {
    pub id: i64,
    pub report_number: i64,
    pub history_id: Option<i64>,
    pub object_key: String,
    pub thumb_key: String,
    pub width: i32,
    pub height: i32,
    pub public: bool,
}

/// One photo of a report.
pub fn photo(conn: &mut DbConn, number: i64, id: i64) -> Result<Option<PhotoRow>, DbError> {
    Ok(report_photos::table
        .filter(report_photos::report_number.eq(number))
        .filter(report_photos::id.eq(id))
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?)
}

/// An active staff member who can be given reports: id, full name, unit.
pub fn assignable(
    conn: &mut DbConn,
    username: &str,
) -> Result<Option<(i64, String, Option<String>)>, DbError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .filter(users::active.eq(true))
        .filter(users::role.eq_any(crm_domain::Role::unit_staff_ids()))
        .select((users::id, users::full_name, users::unit_code))
        .first(conn)
        .optional()?)
}
