//! Exports staff pull themselves, any time: a month's reports in the old
//! system's columns (so an export imports back) and a month's scores, as
//! CSV or Excel.

use crate::auth::extract::Scope;
use crate::auth::Staff;
use crate::db::reports as store;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::flows::scores;
use crate::state::AppState;
use crate::table::{Cell, Table};
use actix_web::{get, http::header, web, HttpResponse};
use chrono::SecondsFormat;
use crm_domain::api::{Problem, ReportQuery, ScoreQuery};
use crm_domain::{ReportStatus, UnitLevel};
use serde::Deserialize;

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
    let (bytes, mime, ext) = match format {
        Format::Csv => (table.to_csv(), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            table.to_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let bytes = bytes.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{ext}\""),
        ))
        .body(bytes))
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
    )
)]
#[get("/exports/reports")]
pub async fn reports(
    st: web::Data<AppState>,
    staff: Staff,
    q: ValidQuery<ReportExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.0;
    let period = scores::parse_period(&q.period)?;
    let holders = match staff.scope(&st.refdata) {
        Scope::All => None,
        Scope::Units(u) => Some(u),
    };
    let (from, to) = (period.start(), period.end());
    let rows = st
        .db
        .read(move |conn| {
            store::received_between(conn, from, to, holders.as_deref()).map_err(ApiError::from)
        })
        .await?;
    let table = report_table(format!("Laporan {period}"), rows);
    download(
        &table,
        &format!("laporan-{period}"),
        q.format.unwrap_or_default(),
    )
}

/// A month's scores and ranking of a level (the journal once frozen), every
/// figure unrounded.
#[utoipa::path(
    tag = "scores", security(("bearer" = [])),
    params(ScoreExportQuery),
    responses(
        (status = 200, description = "The scores, as CSV or XLSX", content_type = "text/csv"),
        (status = 422, description = "Invalid period, level or format", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/scores")]
pub async fn scores_export(
    st: web::Data<AppState>,
    _staff: Staff,
    q: ValidQuery<ScoreExportQuery>,
) -> Result<HttpResponse, ApiError> {
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

/// Reports in the old system's columns (`nomor, kelurahan, kategori,
/// status, timestamp, complete, kanal, deskripsi, lat, lon, pelapor`), which
/// `POST /api/v1/imports/reports` reads back.
fn report_table(name: String, rows: Vec<crate::db::reports::ReportRow>) -> Table {
    Table {
        name,
        headers: [
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
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                let status = r.status();
                let done = status == ReportStatus::Selesai;
                vec![
                    Cell::Text(r.number.to_string()),
                    r.kelurahan_code.clone().into(),
                    Cell::Text(r.category_code.clone()),
                    Cell::Text(status.as_str().to_string()),
                    Cell::Text(time(crate::db::time::from_db(r.received_at))),
                    r.completed_at
                        .filter(|_| done)
                        .map(|t| time(crate::db::time::from_db(t)))
                        .into(),
                    Cell::Text(r.channel_code.clone()),
                    Cell::Text(r.description.clone()),
                    r.lat.into(),
                    r.lon.into(),
                    r.reporter_name.clone().into(),
                ]
            })
            .collect(),
    }
}

/// The most rows a filtered list export holds.
pub const LIST_EXPORT_MAX: i64 = 100_000;

/// The report list as the caller filters it (the same filters as
/// `GET /api/v1/reports`, all pages), in the columns of the month export:
/// the web app's "Unduh CSV" / "Unduh Excel". CSV by default; Excel when
/// `Accept` asks for
/// `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`. At
/// most 100,000 reports: narrow the filters for more.
#[utoipa::path(
    tag = "imports", security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "The reports, as CSV or XLSX", content_type = "text/csv"),
        (status = 403, description = "The unit filter lies outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, or more than 100,000 reports match", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports/report-list")]
pub async fn report_list(
    st: web::Data<AppState>,
    staff: Staff,
    req: actix_web::HttpRequest,
    q: ValidQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut filter = crate::routes::reports::list_filter(&st, &staff, &q.0).await?;
    filter.limit = LIST_EXPORT_MAX + 1;
    let rows = st
        .db
        .read(move |conn| store::list(conn, &filter).map_err(ApiError::from))
        .await?;
    if rows.len() as i64 > LIST_EXPORT_MAX {
        return Err(ApiError::field(
            "received_from",
            format!("more than {LIST_EXPORT_MAX} reports match; narrow the filters (e.g. a month)"),
        ));
    }
    let xlsx = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("spreadsheetml"));
    let format = if xlsx { Format::Xlsx } else { Format::Csv };
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M");
    download(
        &report_table("Laporan".into(), rows),
        &format!("laporan-{stamp}"),
        format,
    )
}
