//! Reports and their history: insert, read one, list with filters and a
//! keyset cursor.

use crate::db::connection::native;
use crate::db::schema::{report_history, reports};
use crate::db::time::{from_db, to_db, MaybeStamp, Stamp};
use crate::db::{DbConn, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use crm_domain::ReportStatus;
use diesel::prelude::*;

/// A stored report.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub number: i64,
    pub channel_code: String,
    pub channel_ref: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub hidden: bool,
    pub category_code: String,
    pub tags: String,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub kelurahan_code: Option<String>,
    pub holder_code: Option<String>,
    pub status: String,
    #[diesel(deserialize_as = Stamp)]
    pub received_at: NaiveDateTime,
    #[diesel(deserialize_as = MaybeStamp)]
    pub first_response_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = MaybeStamp)]
    pub completed_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = MaybeStamp)]
    pub verified_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = Stamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = Stamp)]
    pub updated_at: NaiveDateTime,
    pub version: i64,
    #[diesel(deserialize_as = MaybeStamp)]
    pub holder_since: Option<NaiveDateTime>,
    pub awaiting_verification: bool,
    pub evidence: bool,
    #[diesel(deserialize_as = MaybeStamp)]
    pub estimate_at: Option<NaiveDateTime>,
    pub assignee_id: Option<i64>,
    pub rating: Option<i32>,
    pub handovers: i32,
    /// JSON list of photo addresses kept by the channel.
    pub photo_urls: String,
    pub location_flag: Option<String>,
    /// The H3 cell of the point (see [`crate::cells`]).
    pub h3_cell: Option<i64>,
}

impl ReportRow {
    /// The status as the domain knows it (unknown text reads as Menunggu,
    /// which the migrations never write).
    pub fn status(&self) -> ReportStatus {
        status_of(&self.status)
    }

    /// The tags as a list.
    pub fn tag_list(&self) -> Vec<String> {
        serde_json::from_str(&self.tags).unwrap_or_default()
    }
}

/// A report to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports, treat_none_as_default_value = false)]
pub struct NewReportRow {
    pub channel_code: String,
    pub channel_ref: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub hidden: bool,
    pub category_code: String,
    pub tags: String,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub kelurahan_code: Option<String>,
    pub holder_code: Option<String>,
    pub status: String,
    pub received_at: NaiveDateTime,
    pub first_response_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub holder_since: Option<NaiveDateTime>,
    pub awaiting_verification: bool,
    pub evidence: bool,
    pub estimate_at: Option<NaiveDateTime>,
    pub assignee_id: Option<i64>,
    pub rating: Option<i32>,
    pub handovers: i32,
    /// JSON list of photo addresses kept by the channel.
    pub photo_urls: String,
    pub location_flag: Option<String>,
    /// The H3 cell of the point (see [`crate::cells`]).
    pub h3_cell: Option<i64>,
}

/// A stored history entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_history)]
pub struct HistoryRow {
    pub id: i64,
    pub report_number: i64,
    #[diesel(deserialize_as = Stamp)]
    pub at: NaiveDateTime,
    pub status: String,
    pub unit_code: Option<String>,
    pub actor_user_id: Option<i64>,
    pub actor_name: Option<String>,
    pub note: Option<String>,
    pub public: bool,
    pub kind: String,
    pub to_unit_code: Option<String>,
    pub flagged: bool,
    /// For a correction of the category: the category before it.
    pub category_before: Option<String>,
}

/// A history entry to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = report_history, treat_none_as_default_value = false)]
pub struct NewHistoryRow {
    pub report_number: i64,
    pub at: NaiveDateTime,
    pub status: String,
    pub unit_code: Option<String>,
    pub actor_user_id: Option<i64>,
    pub actor_name: Option<String>,
    pub note: Option<String>,
    pub public: bool,
    pub kind: String,
    pub to_unit_code: Option<String>,
    pub flagged: bool,
    /// For a correction of the category: the category before it.
    pub category_before: Option<String>,
}

/// Inserts a report and returns its number.
pub fn insert(conn: &mut DbConn, row: &NewReportRow) -> Result<i64, DbError> {
    Ok(native!(conn, |c| diesel::insert_into(reports::table)
        .values(row)
        .returning(reports::number)
        .get_result(c))?)
}

/// A report inserted under a number of its own (imported from the old
/// system).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports, treat_none_as_default_value = false)]
pub struct NumberedReportRow {
    pub number: i64,
    #[diesel(embed)]
    pub row: NewReportRow,
}

/// Inserts a report under its own number.
pub fn insert_numbered(conn: &mut DbConn, row: &NumberedReportRow) -> Result<i64, DbError> {
    native!(conn, |c| diesel::insert_into(reports::table)
        .values(row)
        .execute(c))?;
    Ok(row.number)
}

/// A stored status as the domain knows it (unknown text reads as Menunggu,
/// which the migrations never write).
pub fn status_of(stored: &str) -> ReportStatus {
    stored.parse().unwrap_or(ReportStatus::Menunggu)
}

/// The full rows of these reports, by number.
pub fn by_numbers(
    conn: &mut DbConn,
    numbers: &[i64],
) -> Result<std::collections::HashMap<i64, ReportRow>, DbError> {
    let mut out = std::collections::HashMap::new();
    for chunk in numbers.chunks(500) {
        let rows: Vec<ReportRow> = reports::table
            .filter(reports::number.eq_any(chunk))
            .select(ReportRow::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|r| (r.number, r)));
    }
    Ok(out)
}

/// Which of these numbers are taken.
pub fn existing_numbers(conn: &mut DbConn, numbers: &[i64]) -> Result<Vec<i64>, DbError> {
    let mut out = Vec::new();
    for chunk in numbers.chunks(500) {
        out.extend(
            reports::table
                .filter(reports::number.eq_any(chunk))
                .select(reports::number)
                .load::<i64>(conn)?,
        );
    }
    Ok(out)
}

/// Before reports are written under numbers given elsewhere, up to `last`:
/// new reports' numbers move past them (SQLite's identity continues after
/// the largest number written by itself). PostgreSQL's sequence only ever
/// moves forward here, so a number another writer drew stays its own.
pub fn continue_numbers_after(conn: &mut DbConn, last: i64) -> Result<(), DbError> {
    if let DbConn::Postgres(c) = conn {
        diesel::sql_query(
            "SELECT setval(s, $1) \
             FROM (SELECT pg_get_serial_sequence('reports', 'number') AS s) q \
             WHERE $1 > COALESCE(pg_sequence_last_value(s::regclass), 0)",
        )
        .bind::<diesel::sql_types::BigInt, _>(last)
        .execute(c)?;
    }
    Ok(())
}

/// A number drawn for a new report.
#[derive(diesel::QueryableByName)]
struct Drawn {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Numbers for `count` new reports, drawn in the caller's transaction and
/// ascending: on PostgreSQL from the reports' sequence (as an insert
/// without a number would draw them), on SQLite after the largest number
/// ever given (as its identity would continue; the writer's transaction
/// keeps them to this caller).
pub fn draw_numbers(conn: &mut DbConn, count: usize) -> Result<Vec<i64>, DbError> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    Ok(match conn {
        DbConn::Postgres(c) => {
            let mut drawn: Vec<i64> = diesel::sql_query(
                "SELECT nextval(pg_get_serial_sequence('reports', 'number')) AS n \
                 FROM generate_series(1, $1)",
            )
            .bind::<diesel::sql_types::BigInt, _>(count)
            .load::<Drawn>(c)?
            .into_iter()
            .map(|d| d.n)
            .collect();
            drawn.sort_unstable();
            drawn
        }
        DbConn::Sqlite(c) => {
            let last = diesel::sql_query(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'reports'), 0), \
                 COALESCE((SELECT MAX(number) FROM reports), 0)) AS n",
            )
            .get_result::<Drawn>(c)?
            .n;
            (last + 1..=last + count).collect()
        }
    })
}

/// Report rows a multi-row insert carries: 32 columns each, within
/// SQLite's 32,766 parameters.
pub const REPORT_ROWS: usize = 900;

/// Inserts reports under their numbers, many to a statement.
pub fn insert_numbered_many(conn: &mut DbConn, rows: &[NumberedReportRow]) -> Result<(), DbError> {
    for chunk in rows.chunks(REPORT_ROWS) {
        let insert = diesel::insert_into(reports::table).values(chunk);
        native!(conn, |c| insert.execute(c))?;
    }
    Ok(())
}

/// When the oldest report was received (none without reports).
pub fn oldest_received(conn: &mut DbConn) -> Result<Option<NaiveDateTime>, DbError> {
    Ok(reports::table
        .select(diesel::dsl::min(reports::received_at))
        .first(conn)?)
}

/// Appends a history entry and returns its id.
pub fn append_history(conn: &mut DbConn, row: &NewHistoryRow) -> Result<i64, DbError> {
    Ok(native!(conn, |c| diesel::insert_into(
        report_history::table
    )
    .values(row)
    .returning(report_history::id)
    .get_result(c))?)
}

/// The report with this number.
pub fn get(conn: &mut DbConn, number: i64) -> Result<Option<ReportRow>, DbError> {
    Ok(native!(conn, |c| reports::table
        .find(number)
        .select(ReportRow::as_select())
        .first(c)
        .optional())?)
}

/// The report a channel filed under its own reference.
pub fn find_by_channel_ref(
    conn: &mut DbConn,
    channel: &str,
    channel_ref: &str,
) -> Result<Option<ReportRow>, DbError> {
    Ok(native!(conn, |c| reports::table
        .filter(reports::channel_code.eq(channel))
        .filter(reports::channel_ref.eq(channel_ref))
        .select(ReportRow::as_select())
        .first(c)
        .optional())?)
}

/// A report's history, oldest first.
pub fn history(conn: &mut DbConn, number: i64) -> Result<Vec<HistoryRow>, DbError> {
    Ok(native!(conn, |c| report_history::table
        .filter(report_history::report_number.eq(number))
        .order(report_history::id.asc())
        .select(HistoryRow::as_select())
        .load(c))?)
}

/// Which reports a list holds.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<ReportStatus>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Only reports held by one of these units, or that one of them
    /// coordinates on (`None`: any report).
    pub holders: Option<Vec<String>>,
    /// Which of those: both (the default), or one part alone.
    pub holder_part: HolderPart,
    /// Only reports in triage.
    pub triage_only: bool,
    /// Only completions awaiting a verifier (or only the others).
    pub awaiting_verification: Option<bool>,
    /// Only reports assigned to this user.
    pub assignee_id: Option<i64>,
    pub received_from: Option<DateTime<Utc>>,
    pub received_to: Option<DateTime<Utc>>,
    /// Words that must all occur ([`crate::db::search`]).
    pub search: Option<Vec<String>>,
    /// With a search: the categories whose names hold every word; their
    /// reports are found too ("banjir" finds Bencana Banjir's reports).
    pub search_categories: Vec<String>,
    /// Only numbers below this (the keyset cursor).
    pub before: Option<i64>,
    pub limit: i64,
}

/// Which part of the `holders` filter a query asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HolderPart {
    /// Held by one of the units, or coordinated on by one of them.
    #[default]
    HeldOrCoordinated,
    /// Held by one of the units.
    Held,
    /// Coordinated on by one of the units.
    Coordinated,
}

/// Areas of more units than this, asked about from a receipt time on, are
/// found through the receipt index: a kota's 53 units hold a sixth of all
/// reports of every month, a window of a month a small share of them. For a
/// kelurahan or a kecamatan the units' own index reads less.
const WINDOW_LEADS_ABOVE_UNITS: usize = 20;

/// Whether a query of `f` over the units `holders` reads the receipt window
/// first ([`WINDOW_LEADS_ABOVE_UNITS`]). Only a window with a start: every
/// report lies before its end.
pub fn window_leads(f: &ListFilter, holders: &[String]) -> bool {
    f.received_from.is_some() && holders.len() > WINDOW_LEADS_ABOVE_UNITS
}

/// Applies a list filter's conditions on `reports` to a boxed query (the
/// lists, the search and the Monitoring Room's statistics).
macro_rules! list_filtered {
    ($q:expr, $f:expr, $conn:expr) => {{
        let mut q = $q;
        let f: &$crate::db::reports::ListFilter = $f;
        if let Some(s) = f.status {
            q = q.filter(reports::status.eq(s.as_str()));
        }
        if let Some(c) = &f.category {
            q = q.filter(reports::category_code.eq(c.clone()));
        }
        if let Some(c) = &f.channel {
            q = q.filter(reports::channel_code.eq(c.clone()));
        }
        if let Some(h) = &f.holders {
            use $crate::db::reports::{Coordinated, HolderPart};
            use $crate::db::schema::report_collaborators as rc;
            // Held by one of the units, or coordinated on by one of them:
            // the numbers they coordinate on are read first, so the common
            // case (none) keeps the plain holder filter and its index.
            let coordinated = match f.holder_part {
                HolderPart::Held => Coordinated::None,
                _ => $crate::db::reports::coordinated_by($conn, h)?,
            };
            let held_too = f.holder_part != HolderPart::Coordinated;
            match (coordinated, held_too) {
                (Coordinated::None, true) if $crate::db::reports::window_leads(f, h) => {
                    // The same condition, worded so that SQLite reads the
                    // window by its index instead of every report the units
                    // ever held.
                    q = q.filter(
                        diesel::dsl::sql::<diesel::sql_types::Text>(
                            "coalesce(reports.holder_code, '')",
                        )
                        .eq_any(h.clone()),
                    );
                }
                (Coordinated::None, true) => {
                    q = q.filter(reports::holder_code.eq_any(h.clone()));
                }
                (Coordinated::None, false) => {
                    q = q.filter(reports::number.eq_any(Vec::<i64>::new()));
                }
                (Coordinated::These(numbers), true) => {
                    q = q.filter(
                        reports::holder_code
                            .eq_any(h.clone())
                            .or(reports::number.eq_any(numbers)),
                    );
                }
                (Coordinated::These(numbers), false) => {
                    q = q.filter(reports::number.eq_any(numbers));
                }
                (Coordinated::Many, true) => {
                    let coordinated = rc::table
                        .filter(rc::unit_code.eq_any(h.clone()))
                        .select(rc::report_number);
                    q = q.filter(
                        reports::holder_code
                            .eq_any(h.clone())
                            .or(reports::number.eq_any(coordinated)),
                    );
                }
                (Coordinated::Many, false) => {
                    let coordinated = rc::table
                        .filter(rc::unit_code.eq_any(h.clone()))
                        .select(rc::report_number);
                    q = q.filter(reports::number.eq_any(coordinated));
                }
            }
        }
        if f.triage_only {
            q = q.filter(reports::holder_code.is_null());
        }
        if let Some(a) = f.awaiting_verification {
            q = q.filter(reports::awaiting_verification.eq(a));
        }
        if let Some(a) = f.assignee_id {
            q = q.filter(reports::assignee_id.eq(a));
        }
        if let Some(t) = f.received_from {
            q = q.filter(reports::received_at.ge(to_db(t)));
        }
        if let Some(t) = f.received_to {
            q = q.filter(reports::received_at.lt(to_db(t)));
        }
        q
    }};
}
pub(crate) use list_filtered;

/// The most coordinated report numbers a list query names one by one;
/// beyond it the query asks the collaborators table itself.
const COORDINATED_INLINE: i64 = 2_000;

/// The reports some units coordinate on, as a list query uses them.
pub enum Coordinated {
    None,
    These(Vec<i64>),
    Many,
}

/// The reports that any of `units` coordinates on.
pub fn coordinated_by(conn: &mut DbConn, units: &[String]) -> Result<Coordinated, DbError> {
    use crate::db::schema::report_collaborators as rc;
    let numbers: Vec<i64> = rc::table
        .filter(rc::unit_code.eq_any(units.to_vec()))
        .select(rc::report_number)
        .distinct()
        .limit(COORDINATED_INLINE + 1)
        .load(conn)?;
    Ok(match numbers.len() as i64 {
        0 => Coordinated::None,
        n if n > COORDINATED_INLINE => Coordinated::Many,
        _ => Coordinated::These(numbers),
    })
}

/// The reports received in `[from, to)` that any of `units` coordinates
/// on (a recap counts them with those the units hold).
pub fn coordinated_received(
    conn: &mut DbConn,
    units: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<std::collections::HashSet<i64>, DbError> {
    use crate::db::schema::report_collaborators as rc;
    let numbers: Vec<i64> = rc::table
        .inner_join(reports::table.on(reports::number.eq(rc::report_number)))
        .filter(rc::unit_code.eq_any(units.to_vec()))
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .select(rc::report_number)
        .load(conn)?;
    Ok(numbers.into_iter().collect())
}

/// Reports matching the filter, newest number first.
pub fn list(conn: &mut DbConn, f: &ListFilter) -> Result<Vec<ReportRow>, DbError> {
    // A search that names categories: the text's matches and those
    // categories' reports, each a page of its own, merged by number.
    if f.search.is_some() && !f.search_categories.is_empty() {
        let mut rows = list(
            conn,
            &ListFilter {
                search_categories: Vec::new(),
                ..f.clone()
            },
        )?;
        for c in &f.search_categories {
            if f.category.as_ref().is_some_and(|only| only != c) {
                continue;
            }
            rows.extend(list(
                conn,
                &ListFilter {
                    search: None,
                    search_categories: Vec::new(),
                    category: Some(c.clone()),
                    ..f.clone()
                },
            )?);
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.number));
        rows.dedup_by_key(|r| r.number);
        rows.truncate(usize::try_from(f.limit).unwrap_or(0));
        return Ok(rows);
    }
    if let (Some(terms), DbConn::Sqlite(_)) = (&f.search, &*conn) {
        return search_sqlite(conn, f, terms);
    }
    // "Held by these units or coordinated on by them" as one condition makes
    // the engine walk every report by number; as two pages, each from its
    // own index, merged by number, it reads a page and a half.
    if let (Some(h), HolderPart::HeldOrCoordinated) = (&f.holders, f.holder_part) {
        let part = |holder_part| ListFilter {
            holder_part,
            ..f.clone()
        };
        if matches!(coordinated_by(conn, h)?, Coordinated::None) {
            return list(conn, &part(HolderPart::Held));
        }
        let mut rows = list(conn, &part(HolderPart::Held))?;
        rows.extend(list(conn, &part(HolderPart::Coordinated))?);
        rows.sort_by_key(|r| std::cmp::Reverse(r.number));
        rows.dedup_by_key(|r| r.number);
        rows.truncate(usize::try_from(f.limit).unwrap_or(0));
        return Ok(rows);
    }
    let mut q = list_filtered!(
        reports::table.select(ReportRow::as_select()).into_boxed(),
        f,
        conn
    );
    if let Some(b) = f.before {
        q = q.filter(reports::number.lt(b));
    }
    if let Some(t) = &f.search {
        q = q.filter(crate::db::search::pg_matches(t));
    }
    Ok(q.order(reports::number.desc()).limit(f.limit).load(conn)?)
}

/// A search on SQLite, driven by the FTS5 index: holder, status, category
/// and channel are tokens of its `facets` column, so the index intersects
/// them with the words; its matches come newest first and stop at the page
/// size (an `IN (…)` over the matches would first collect every one of
/// them). The remaining filters are checked on the joined report.
fn search_sqlite(
    conn: &mut DbConn,
    f: &ListFilter,
    terms: &[String],
) -> Result<Vec<ReportRow>, DbError> {
    use crate::db::schema::reports_fts;
    use crate::db::search::facet;
    let mut groups: Vec<Vec<String>> = Vec::new();
    if let Some(h) = &f.holders {
        groups.push(h.iter().map(|c| facet('h', c)).collect());
    }
    if f.triage_only {
        groups.push(vec!["hnone".into()]);
    }
    if let Some(s) = f.status {
        groups.push(vec![facet('s', s.as_str())]);
    }
    if let Some(c) = &f.category {
        groups.push(vec![facet('c', c)]);
    }
    if let Some(c) = &f.channel {
        groups.push(vec![facet('k', c)]);
    }
    let query = crate::db::search::fts_query_with(terms, &groups);
    let mut q = list_filtered!(
        reports_fts::table
            .inner_join(reports::table.on(reports::number.eq(reports_fts::rowid)))
            .select(ReportRow::as_select())
            .filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>("reports_fts MATCH ")
                    .bind::<diesel::sql_types::Text, _>(query),
            )
            .into_boxed(),
        f,
        conn
    );
    if let Some(b) = f.before {
        q = q.filter(reports_fts::rowid.lt(b));
    }
    Ok(q.order(reports_fts::rowid.desc())
        .limit(f.limit)
        .load(conn)?)
}

/// A page of the reports received in `[from, to)`, by number, after the
/// number `after`; only those held by one of `holders` when given.
pub fn received_between(
    conn: &mut DbConn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    holders: Option<&[String]>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<ReportRow>, DbError> {
    let mut q = reports::table
        .select(ReportRow::as_select())
        .filter(reports::received_at.ge(to_db(from)))
        .filter(reports::received_at.lt(to_db(to)))
        .into_boxed();
    if let Some(h) = holders {
        q = q.filter(reports::holder_code.eq_any(h.to_vec()));
    }
    if let Some(a) = after {
        q = q.filter(reports::number.gt(a));
    }
    Ok(q.order(reports::number.asc()).limit(limit).load(conn)?)
}

/// Number of reports stored.
pub fn count(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(reports::table.count().get_result(conn)?)
}

/// Converts a stored optional instant.
pub fn opt_time(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(from_db)
}

/// What Open311's GET requests asks for.
#[derive(Debug, Clone, Default)]
pub struct Open311Filter {
    /// These reports only (overrides everything else but `hidden`).
    pub numbers: Option<Vec<i64>>,
    pub categories: Option<Vec<String>>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// `Some(true)` open only, `Some(false)` closed only.
    pub open: Option<bool>,
    pub limit: i64,
}

/// Reports for Open311, newest first. Hidden ones are left out unless
/// `with_hidden` (one report asked for by its number).
pub fn open311(
    conn: &mut DbConn,
    f: &Open311Filter,
    with_hidden: bool,
) -> Result<Vec<ReportRow>, DbError> {
    let mut q = reports::table.into_boxed();
    if !with_hidden {
        q = q.filter(reports::hidden.eq(false));
    }
    if let Some(ns) = &f.numbers {
        q = q.filter(reports::number.eq_any(ns.clone()));
    } else {
        if let Some(c) = &f.categories {
            q = q.filter(reports::category_code.eq_any(c.clone()));
        }
        if let Some(t) = f.from {
            q = q.filter(reports::received_at.ge(to_db(t)));
        }
        if let Some(t) = f.to {
            q = q.filter(reports::received_at.le(to_db(t)));
        }
        match f.open {
            Some(true) => q = q.filter(reports::status.ne(ReportStatus::Selesai.as_str())),
            Some(false) => q = q.filter(reports::status.eq(ReportStatus::Selesai.as_str())),
            None => {}
        }
    }
    Ok(q.order(reports::number.desc())
        .limit(f.limit)
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// The latest public note of each report.
pub fn latest_public_notes(
    conn: &mut DbConn,
    numbers: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbError> {
    let rows: Vec<(i64, Option<String>)> = report_history::table
        .filter(report_history::report_number.eq_any(numbers))
        .filter(report_history::public.eq(true))
        .filter(report_history::note.is_not_null())
        .order((report_history::report_number, report_history::id.asc()))
        .select((report_history::report_number, report_history::note))
        .load(conn)?;
    let mut out = std::collections::HashMap::new();
    for (n, note) in rows {
        if let Some(note) = note.filter(|s| !s.trim().is_empty()) {
            out.insert(n, note);
        }
    }
    Ok(out)
}
