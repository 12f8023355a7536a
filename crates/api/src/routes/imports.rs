//! Importing the old system's data pull (docs/domain.md, "Importing the old
//! system's data"): CSV in, every bad line named, a dry run that writes
//! nothing; the writing is [`crate::flows::import`].

use crate::auth::Admin;
use crate::db::time::now;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::refdata::RefData;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest, HttpResponse};
use crm_domain::api::{FieldError, Problem};
use crm_domain::import::{self, ImportLookups, Imported};
use crm_domain::UnitLevel;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Largest CSV accepted, in bytes (about half a million old-system rows).
pub const CSV_LIMIT: usize = 128 * 1024 * 1024;

/// Options of an import.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Check every line and write nothing.
    #[serde(default)]
    pub dry_run: Option<bool>,
    /// Channel of the rows without `kanal` (code or name; default `jaki`).
    #[serde(default)]
    pub default_channel: Option<String>,
}

/// The answer of an import.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// Reports written (0 on a dry run).
    pub imported: usize,
    /// Lines that passed every check.
    pub valid: usize,
    pub dry_run: bool,
}

/// Look-ups by code or case-insensitive name.
struct Names {
    kelurahan: HashMap<String, Vec<String>>,
    categories: HashMap<String, String>,
    channels: HashMap<String, String>,
}

impl Names {
    fn new(refs: &RefData) -> Names {
        let mut kelurahan: HashMap<String, Vec<String>> = HashMap::new();
        for u in refs
            .units
            .iter()
            .filter(|u| u.level == UnitLevel::Kelurahan)
        {
            kelurahan
                .entry(u.code.to_lowercase())
                .or_default()
                .push(u.code.clone());
            kelurahan
                .entry(u.name.to_lowercase())
                .or_default()
                .push(u.code.clone());
        }
        let mut categories = HashMap::new();
        for c in &refs.categories() {
            categories.insert(c.code.to_lowercase(), c.code.clone());
            categories.insert(c.name.to_lowercase(), c.code.clone());
        }
        let mut channels = HashMap::new();
        for c in &refs.channels {
            channels.insert(c.code.to_lowercase(), c.code.clone());
            channels.insert(c.name.to_lowercase(), c.code.clone());
        }
        Names {
            kelurahan,
            categories,
            channels,
        }
    }
}

impl ImportLookups for Names {
    fn kelurahan(&self, k: &str) -> Result<String, String> {
        match self
            .kelurahan
            .get(&k.trim().to_lowercase())
            .map(Vec::as_slice)
        {
            Some([one]) => Ok(one.clone()),
            Some(many) if many.len() > 1 => Err(format!(
                "`{k}` names {} kelurahan ({}); use the code",
                many.len(),
                many.join(", ")
            )),
            _ => Err(format!("unknown kelurahan `{k}`")),
        }
    }
    fn category(&self, c: &str) -> Option<String> {
        self.categories.get(&c.trim().to_lowercase()).cloned()
    }
    fn channel(&self, c: &str) -> Option<String> {
        self.channels.get(&c.trim().to_lowercase()).cloned()
    }
}

fn is_csv(req: &HttpRequest) -> bool {
    crate::extract::has_media_type(req, &["text/csv", "application/csv"])
}

fn line_error(line: u64, messages: Vec<String>) -> FieldError {
    FieldError {
        field: format!("line {line}"),
        message: messages.join("; "),
    }
}

/// Reads and checks every line; the reports, or every bad line.
fn check_all(body: &[u8], names: &Names, default_channel: &str) -> Result<Vec<Imported>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::BadRequest(format!("the header row cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let missing: Vec<FieldError> = import::REQUIRED
        .iter()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .map(|c| FieldError {
            field: "line 1".into(),
            message: format!("the required column `{c}` is missing"),
        })
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::fields(missing));
    }
    let at = now();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut numbers: HashMap<i64, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(line_error(line, vec![format!("cannot be read: {e}")]));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let fields: HashMap<String, String> = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        match import::check_row(&fields, default_channel, at, names) {
            Ok(r) => {
                if let Some(n) = r.number {
                    if let Some(first) = numbers.insert(n, line) {
                        errors.push(line_error(
                            line,
                            vec![format!("`nomor` {n} is also on line {first}")],
                        ));
                        continue;
                    }
                }
                rows.push((line, r));
            }
            Err(messages) => errors.push(line_error(line, messages)),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    if rows.is_empty() {
        return Err(ApiError::field("line 2", "the file has no report rows"));
    }
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

/// Import the old system's reports from CSV (`text/csv`, header row).
/// Required columns `kelurahan` (code or name), `kategori` (code or name),
/// `status` (menunggu|proses|disposisi|koordinasi|selesai or the old
/// wait|proses|complete, any case), `timestamp` (received); optional
/// `complete` (required when complete), `nomor`, `kanal`, `deskripsi`,
/// `lat`, `lon`, `pelapor`. Times are RFC 3339 or `M/D/YYYY H:MM` in WIB.
/// All or nothing: any bad line → 422 naming every bad line. Each report
/// gets a history reproducing its status and times.
#[utoipa::path(
    tag = "imports", security(("bearer" = [])),
    params(ImportQuery),
    request_body(content_type = "text/csv", description = "The data pull, with a header row"),
    responses(
        (status = 200, description = "Imported (or, with dry_run, checked)", body = ImportResult),
        (status = 422, description = "Bad lines, each named `line N`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/reports")]
pub async fn import_reports(
    st: web::Data<AppState>,
    _admin: Admin,
    req: HttpRequest,
    q: ValidQuery<ImportQuery>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !is_csv(&req) {
        return Err(ApiError::UnsupportedMediaType(
            "send the data pull as text/csv".into(),
        ));
    }
    let bytes = crate::extract::read_limited(body, CSV_LIMIT).await?;
    let q = q.0;
    let names = Names::new(&st.refdata);
    let default_channel = match &q.default_channel {
        None => "jaki".to_string(),
        Some(c) => names
            .channel(c)
            .ok_or_else(|| ApiError::field("default_channel", format!("unknown channel `{c}`")))?,
    };
    let rows = web::block(move || check_all(&bytes, &names, &default_channel))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let valid = rows.len();
    if q.dry_run.unwrap_or(false) {
        return Ok(HttpResponse::Ok().json(ImportResult {
            imported: 0,
            valid,
            dry_run: true,
        }));
    }
    let imported = crate::flows::import::write(&st, rows).await?;
    Ok(HttpResponse::Ok().json(ImportResult {
        imported,
        valid,
        dry_run: false,
    }))
}
