//! Exports staff pull themselves, any time: a month's reports in the old
//! system's columns (so an export imports back) and a month's scores, as
//! CSV or Excel.

use crate::auth::extract::Scope;
use crate::auth::Staff;
use crate::db::reports as store;
use crate::db::reports::ReportRow;
use crate::db::{DbConn, DbError};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::flows::scores;
use crate::heavy::Place;
use crate::state::AppState;
use crate::table::{csv_chunk, Cell, SheetWriter, Table, XLSX_MAX_ROWS};
use actix_web::{get, http::header, web, HttpResponse};
use chrono::SecondsFormat;
use crm_domain::api::{Problem, ReportQuery, ScoreQuery};
use crm_domain::{ReportStatus, UnitLevel};
use futures_util::StreamExt;
use serde::Deserialize;
use std::sync::Arc;

/// File formats of an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Csv,
    Xlsx,
}

/// Query of a report export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportExportQuery {
    /// The month, `YYYY-MM` (WIB): the reports received in it.
    pub period: String,
    /// `csv` (default) or `xlsx`.
    #[serde(default)]
    pub format: Option<Format>,
}

/// Query of a score export.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScoreExportQuery {
    /// The month, `YYYY-MM`.
    pub period: String,
    pub level: UnitLevel,
    /// `csv` (default) or `xlsx`.
    #[serde(default)]
    pub format: Option<Format>,
}

fn download(table: &Table, stem: &str, format: Format) -> Result<HttpResponse, ApiError> {
    let bytes = match format {
        Format::Csv => table.to_csv(),
        Format::Xlsx => table.to_xlsx(),
    };
    Ok(attachment(stem, format).body(bytes.map_err(internal)?))
}

/// The start of a file answer: its type and name.
fn attachment(stem: &str, format: Format) -> actix_web::HttpResponseBuilder {
    let (mime, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let mut b = HttpResponse::Ok();
    b.insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{ext}\""),
        ));
    b
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A month's reports in the columns of the old system's data pull
/// (`nomor, kelurahan, kategori, status, timestamp, complete, kanal,
/// deskripsi, lat, lon, pelapor`), which `POST /api/v1/imports/reports`
/// reads back. Unit heads and officers get their area's reports.
#[utoipa::path(
    tag = "imports", security(("bearer" = [])),
    params(ReportExportQuery),
    responses(
        (status = 200, description = "The reports, as CSV or XLSX", content_type = "text/csv"),
        (status = 422, description = "Invalid period or format", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/exports/reports")]
pub async fn reports(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<ReportExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let place = st.heavy.enter(&staff.username).await?;
    let q = q.0;
    let period = scores::parse_period(&q.period)?;
    let holders = match staff.scope(&st.refdata) {
        Scope::All => None,
        Scope::Units(u) => Some(u),
    };
    let (from, to) = (period.start(), period.end());
    let page: Pager = Arc::new(move |conn, after| {
        store::received_between(conn, from, to, holders.as_deref(), after, PAGE)
    });
    export_reports(
        &st,
        format!("Laporan {period}"),
        format!("laporan-{period}"),
        q.format.unwrap_or_default(),
        page,
        place,
    )
    .await
}

/// A month's scores and ranking of a level (the journal once frozen), every
/// figure unrounded.
#[utoipa::path(
    tag = "scores", security(("bearer" = [])),
    params(ScoreExportQuery),
    responses(
        (status = 200, description = "The scores, as CSV or XLSX", content_type = "text/csv"),
        (status = 422, description = "Invalid period, level or format", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/exports/scores")]
pub async fn scores_export(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<ScoreExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let _place = st.heavy.enter(&staff.username).await?;
    let q = q.0;
    scores::parse_period(&q.period)?;
    let board = scores::board(
        &st,
        &ScoreQuery {
            period: q.period.clone(),
            level: q.level,
            as_of: None,
        },
    )
    .await?;
    let table = Table {
        name: format!("Skor {}", board.period),
        headers: [
            "peringkat",
            "kode_unit",
            "unit",
            "total",
            "selesai",
            "penyelesaian",
            "waktu_tl",
            "bobot_kategori",
            "effort",
            "obtained",
            "maximum",
            "nilai_akhir",
            "indeks",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: board
            .units
            .iter()
            .map(|u| {
                vec![
                    Cell::Number(u.rank as f64),
                    Cell::Text(u.unit_code.clone()),
                    Cell::Text(u.unit_name.clone()),
                    Cell::Number(u.total as f64),
                    Cell::Number(u.complete as f64),
                    u.completion.into(),
                    u.follow_up_time.into(),
                    u.category_weight.into(),
                    u.effort.into(),
                    u.obtained.into(),
                    u.maximum.into(),
                    u.final_score.into(),
                    Cell::Text(u.grade.as_str().to_string()),
                ]
            })
            .collect(),
    };
    download(
        &table,
        &format!("skor-{}-{}", q.level.as_str(), board.period),
        q.format.unwrap_or_default(),
    )
}

/// The old system's columns (`nomor, kelurahan, kategori, status,
/// timestamp, complete, kanal, deskripsi, lat, lon, pelapor`), which
/// `POST /api/v1/imports/reports` reads back.
const REPORT_COLUMNS: [&str; 11] = [
    "nomor",
    "kelurahan",
    "kategori",
    "status",
    "timestamp",
    "complete",
    "kanal",
    "deskripsi",
    "lat",
    "lon",
    "pelapor",
];

/// One report in [`REPORT_COLUMNS`].
fn report_cells(r: crate::db::reports::ReportRow) -> Vec<Cell> {
    let status = r.status();
    let done = status == ReportStatus::Selesai;
    vec![
        Cell::Text(r.number.to_string()),
        r.kelurahan_code.into(),
        Cell::Text(r.category_code),
        Cell::Text(status.as_str().to_string()),
        Cell::Text(time(crate::db::time::from_db(r.received_at))),
        r.completed_at
            .filter(|_| done)
            .map(|t| time(crate::db::time::from_db(t)))
            .into(),
        Cell::Text(r.channel_code),
        Cell::Text(r.description),
        r.lat.into(),
        r.lon.into(),
        r.reporter_name.into(),
    ]
}

/// Reports read a page at a time: the page after a report number.
type Pager = Arc<dyn Fn(&mut DbConn, Option<i64>) -> Result<Vec<ReportRow>, DbError> + Send + Sync>;

/// Reports per page of an export.
const PAGE: i64 = 2_000;

/// Writes reports in [`REPORT_COLUMNS`], page by page so memory stays
/// bounded at any size: CSV goes out as each page is read (a failure after
/// the first page cuts the file short and is logged); XLSX is built in a
/// constant-memory sheet (at most Excel's 1,048,575 rows).
async fn export_reports(
    st: &AppState,
    sheet: String,
    stem: String,
    format: Format,
    page: Pager,
    place: Place,
) -> Result<HttpResponse, ApiError> {
    let headers: Vec<String> = REPORT_COLUMNS.iter().map(|h| h.to_string()).collect();
    if format == Format::Xlsx {
        let bytes = st
            .db
            .heavy()
            .await
            .read(move |conn| -> Result<Vec<u8>, ApiError> {
                let mut out = SheetWriter::new(&sheet, &headers).map_err(internal)?;
                let mut after = None;
                let mut written = 0usize;
                loop {
                    let rows = page(conn, after)?;
                    let full = rows.len() as i64 == PAGE;
                    after = rows.last().map(|r| r.number);
                    written += rows.len();
                    if written > XLSX_MAX_ROWS {
                        return Err(ApiError::field(
                            "format",
                            format!("more than {XLSX_MAX_ROWS} reports, more than an Excel sheet holds: choose CSV or narrow the filters"),
                        ));
                    }
                    let cells: Vec<Vec<Cell>> = rows.into_iter().map(report_cells).collect();
                    out.append(&cells).map_err(internal)?;
                    if !full {
                        break;
                    }
                }
                out.finish().map_err(internal)
            })
            .await?;
        return Ok(attachment(&stem, Format::Xlsx).body(bytes));
    }
    // The first page is read before answering, so a failing database still
    // answers with a problem rather than an empty file.
    let first_page = page.clone();
    let first = st
        .db
        .heavy()
        .await
        .read(move |conn| first_page(conn, None).map_err(ApiError::from))
        .await?;
    let next = |rows: Vec<ReportRow>, headers: Option<&[String]>| {
        let more = rows.len() as i64 == PAGE;
        let after = rows.last().map(|r| r.number).filter(|_| more);
        let cells: Vec<Vec<Cell>> = rows.into_iter().map(report_cells).collect();
        csv_chunk(headers, &cells)
            .map(|b| (web::Bytes::from(b), after))
            .map_err(internal)
    };
    let (head, after) = next(first, Some(&headers))?;
    let db = st.db.heavy().await;
    // The heavy-work place is held until the last page is written.
    let rest = futures_util::stream::try_unfold((after, Some(place)), move |(after, place)| {
        let (db, page) = (db.clone(), page.clone());
        async move {
            let Some(after) = after else {
                drop(place);
                return Ok(None);
            };
            let rows = db
                .read(move |conn| page(conn, Some(after)).map_err(ApiError::from))
                .await
                .inspect_err(|e| tracing::error!(error = %e, "export cut short"))?;
            next(rows, None).map(|(bytes, after)| Some((bytes, (after, place))))
        }
    });
    let body = futures_util::stream::once(async move { Ok::<_, ApiError>(head) }).chain(rest);
    Ok(attachment(&stem, Format::Csv).streaming(body))
}

fn internal(e: crate::table::TableError) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// The report list as the caller filters it (the same filters as
/// `GET /api/v1/reports`, all pages), in the columns of the month export:
/// the web app's "Unduh CSV" / "Unduh Excel". CSV by default, streamed
/// page by page at any size; Excel when `Accept` asks for
/// `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, at
/// most 1,048,575 reports (what a sheet holds).
#[utoipa::path(
    tag = "imports", security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "The reports, as CSV or XLSX", content_type = "text/csv"),
        (status = 403, description = "The unit filter lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, or more reports than an Excel sheet holds", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "You already have 4 statistics, score or export requests under way (`--heavy-per-account`); `Retry-After` says when to try again", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[get("/exports/report-list")]
pub async fn report_list(
    st: web::Data<AppState>,
    staff: Staff,
    req: actix_web::HttpRequest,
    q: ValidQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let place = st.heavy.enter(&staff.username).await?;
    let filter = crate::routes::reports::list_filter(&st, &staff, &q.0).await?;
    let page: Pager = Arc::new(move |conn, after| {
        let mut f = filter.clone();
        f.before = after;
        f.limit = PAGE;
        store::list(conn, &f)
    });
    let xlsx = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("spreadsheetml"));
    let format = if xlsx { Format::Xlsx } else { Format::Csv };
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M");
    export_reports(
        &st,
        "Laporan".into(),
        format!("laporan-{stamp}"),
        format,
        page,
        place,
    )
    .await
}
