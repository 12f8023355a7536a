//! A report's stored parts, all as they stood at one moment ([`read`]): its
//! row with its assignee and its closure, and its coordinating units,
//! history and photos. On SQLite two statements in one read transaction
//! (the row, then [`lists`]); on PostgreSQL one statement, the lists
//! gathered as JSON beside the row (one round trip, one snapshot). Each
//! stays compiled on its connection.

use crate::db::connection::native;
use crate::db::fixed::ByNumber;
use crate::db::lifecycle::PhotoRow;
use crate::db::reports::{HistoryRow, ReportRow};
use crate::db::schema::{closures, reports, users};
use crate::db::{DbConn, DbError};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamp};
use serde::Deserialize;

/// A report's row, its assignee (username, full name), and why it was
/// closed without work (reason, the report it repeats).
pub type Head = (ReportRow, Assignee, Closure);

/// A report's assignee: username, full name.
pub type Assignee = Option<(String, String)>;

/// Why a report was closed without work, and the report it repeats.
pub type Closure = Option<(String, Option<i64>)>;

/// The report's row with its assignee's name and its closure.
fn head(conn: &mut DbConn, number: i64) -> Result<Option<Head>, DbError> {
    Ok(native!(conn, |c| with_names!(number)
        .select((
            ReportRow::as_select(),
            (users::username, users::full_name).nullable(),
            (closures::reason, closures::duplicate_of).nullable(),
        ))
        .first::<Head>(c)
        .optional())?)
}

/// The report numbered `$number`, with its assignee and its closure beside
/// it when it has them.
macro_rules! with_names {
    ($number:expr) => {
        reports::table
            .left_join(users::table.on(reports::assignee_id.eq(users::id.nullable())))
            .left_join(closures::table.on(closures::report_number.eq(reports::number)))
            .filter(reports::number.eq($number))
    };
}
use with_names;

/// A report's lists, as stored.
#[derive(Debug, Default)]
pub struct Lists {
    /// Units coordinating on it, in the order they were asked (those asked
    /// at once by code, in byte order on both engines).
    pub collaborators: Vec<String>,
    /// Its history, oldest first.
    pub history: Vec<HistoryRow>,
    /// Its photos, oldest first.
    pub photos: Vec<PhotoRow>,
}

/// The three lists as one result: a row of each list in the shape of all
/// three (`part` 0: a coordinating unit, 1: a history entry, 2: a photo).
/// [`lists`] puts each in its order (a few rows: cheaper than the engine's
/// sort of the union).
const LISTS: &[&str] = &[collaborators_part!(), history_part!(), photos_part!(), ""];

/// The coordinating units, in the shape of [`LISTS`]; the report's number
/// follows.
macro_rules! collaborators_part {
    () => {
        "SELECT 0 AS part, CAST(NULL AS BIGINT) AS id, added_at AS \"at\", unit_code, \
           CAST(NULL AS TEXT) AS status, CAST(NULL AS BIGINT) AS actor_user_id, \
           CAST(NULL AS TEXT) AS actor_name, CAST(NULL AS TEXT) AS note, \
           CAST(NULL AS BOOLEAN) AS \"public\", CAST(NULL AS TEXT) AS kind, \
           CAST(NULL AS TEXT) AS to_unit_code, CAST(NULL AS BOOLEAN) AS flagged, \
           CAST(NULL AS TEXT) AS category_before, CAST(NULL AS BIGINT) AS history_id, \
           CAST(NULL AS TEXT) AS object_key, CAST(NULL AS TEXT) AS thumb_key, \
           CAST(NULL AS INTEGER) AS width, CAST(NULL AS INTEGER) AS height \
         FROM report_collaborators WHERE report_number = "
    };
}
use collaborators_part;

/// The history entries, in the shape of [`LISTS`].
macro_rules! history_part {
    () => {
        " UNION ALL \
         SELECT 1, id, \"at\", unit_code, status, actor_user_id, actor_name, note, \"public\", \
           kind, to_unit_code, flagged, category_before, NULL, NULL, NULL, NULL, NULL \
         FROM report_history WHERE report_number = "
    };
}
use history_part;

/// The photos, in the shape of [`LISTS`].
macro_rules! photos_part {
    () => {
        " UNION ALL \
         SELECT 2, id, NULL, NULL, NULL, NULL, NULL, NULL, \"public\", NULL, NULL, NULL, NULL, \
           history_id, object_key, thumb_key, width, height \
         FROM report_photos WHERE report_number = "
    };
}
use photos_part;

/// The columns of [`LISTS`].
type PartColumns = (
    Integer,
    Nullable<BigInt>,
    Nullable<Timestamp>,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<BigInt>,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<Bool>,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<Bool>,
    Nullable<Text>,
    Nullable<BigInt>,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<Integer>,
    Nullable<Integer>,
);

/// One row of [`LISTS`] (from PostgreSQL's JSON: an array in this order).
#[derive(Queryable, Deserialize)]
struct Part {
    part: i32,
    id: Option<i64>,
    at: Option<NaiveDateTime>,
    unit_code: Option<String>,
    status: Option<String>,
    actor_user_id: Option<i64>,
    actor_name: Option<String>,
    note: Option<String>,
    public: Option<bool>,
    kind: Option<String>,
    to_unit_code: Option<String>,
    flagged: Option<bool>,
    category_before: Option<String>,
    history_id: Option<i64>,
    object_key: Option<String>,
    thumb_key: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
}

/// The report's coordinating units, history and photos, in one statement.
pub fn lists(conn: &mut DbConn, number: i64) -> Result<Lists, DbError> {
    let rows: Vec<Part> = native!(conn, |c| ByNumber::<PartColumns>::new(LISTS, number)
        .load(c))?;
    sorted(number, rows)
}

/// The rows of [`LISTS`] as the three lists, each in its order.
fn sorted(number: i64, rows: Vec<Part>) -> Result<Lists, DbError> {
    let mut lists = Lists::default();
    let mut collaborators = Vec::new();
    for r in rows {
        match r.part {
            0 => collaborators.push((need(r.at, "at")?, need(r.unit_code, "unit_code")?)),
            1 => lists.history.push(HistoryRow {
                id: need(r.id, "id")?,
                report_number: number,
                at: need(r.at, "at")?,
                status: need(r.status, "status")?,
                unit_code: r.unit_code,
                actor_user_id: r.actor_user_id,
                actor_name: r.actor_name,
                note: r.note,
                public: need(r.public, "public")?,
                kind: need(r.kind, "kind")?,
                to_unit_code: r.to_unit_code,
                flagged: need(r.flagged, "flagged")?,
                category_before: r.category_before,
            }),
            _ => lists.photos.push(PhotoRow {
                id: need(r.id, "id")?,
                report_number: number,
                history_id: r.history_id,
                object_key: need(r.object_key, "object_key")?,
                thumb_key: need(r.thumb_key, "thumb_key")?,
                width: need(r.width, "width")?,
                height: need(r.height, "height")?,
                public: need(r.public, "public")?,
            }),
        }
    }
    collaborators.sort();
    lists.collaborators = collaborators.into_iter().map(|(_, unit)| unit).collect();
    lists.history.sort_by_key(|e| e.id);
    lists.photos.sort_by_key(|p| p.id);
    Ok(lists)
}

/// A column every row of its list has (the tables declare it NOT NULL).
fn need<T>(value: Option<T>, column: &'static str) -> Result<T, DbError> {
    value.ok_or_else(|| {
        DbError::Query(diesel::result::Error::DeserializationError(
            format!("a report's list row without its {column}").into(),
        ))
    })
}

/// A report with all its parts as they stood at one moment.
pub fn read(conn: &mut DbConn, number: i64) -> Result<Option<(Head, Lists)>, DbError> {
    let DbConn::Postgres(c) = conn else {
        return conn.transaction(|conn| {
            let Some(head) = head(conn, number)? else {
                return Ok(None);
            };
            Ok(Some((head, lists(conn, number)?)))
        });
    };
    let row: Option<(ReportRow, Assignee, Closure, Option<String>)> = with_names!(number)
        .select((
            ReportRow::as_select(),
            (users::username, users::full_name).nullable(),
            (closures::reason, closures::duplicate_of).nullable(),
            ListsJson,
        ))
        .first(c)
        .optional()?;
    let Some((row, assignee, closure, json)) = row else {
        return Ok(None);
    };
    let rows: Vec<Part> = match json {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            DbError::Query(diesel::result::Error::DeserializationError(Box::new(e)))
        })?,
        None => Vec::new(),
    };
    Ok(Some(((row, assignee, closure), sorted(number, rows)?)))
}

/// PostgreSQL: the report's [`LISTS`] as one JSON array of arrays, beside
/// its row (a subquery on the row's number).
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct ListsJson;

impl diesel::expression::Expression for ListsJson {
    type SqlType = Nullable<Text>;
}

impl<QS> diesel::expression::AppearsOnTable<QS> for ListsJson {}

impl<QS> diesel::expression::SelectableExpression<QS> for ListsJson {}

impl diesel::expression::ValidGrouping<()> for ListsJson {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for ListsJson {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql(concat!(
            "(SELECT json_agg(json_build_array(part, id, \"at\", unit_code, status, \
               actor_user_id, actor_name, note, \"public\", kind, to_unit_code, flagged, \
               category_before, history_id, object_key, thumb_key, width, height))::text \
             FROM (",
            collaborators_part!(),
            "\"reports\".\"number\"",
            history_part!(),
            "\"reports\".\"number\"",
            photos_part!(),
            "\"reports\".\"number\") AS parts)"
        ));
        Ok(())
    }
}
