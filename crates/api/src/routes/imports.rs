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
use crm_domain::api::{FieldError, ImportedAccount, Problem, UserImportQuery, UserImportResult};
use crm_domain::import::{self, ImportLookups, Imported};
use crm_domain::message::Message;
use crm_domain::period::Period;
use crm_domain::{Role, UnitLevel};
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
    /// Rebuild, with this reason (audited), every period this import
    /// touches that an earlier import froze from imported reports only, so
    /// a history brought in several files counts as one file would.
    #[serde(default)]
    pub rebuild_reason: Option<String>,
}

/// What an import did to a month's score journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// The cut-off is ahead: the month is computed live, with these reports.
    Open,
    /// Frozen now, with these reports (on a dry run: would be).
    Frozen,
    /// Frozen before from imported reports only, and rebuilt with these
    /// (`rebuild_reason` given).
    Rebuilt,
    /// Frozen before from imported reports only: give `rebuild_reason` (or
    /// `POST /journal/{period}/rebuild`) to count these reports in it.
    Rebuildable,
    /// Frozen before and holding live work: it never changes, and these
    /// reports do not count in it.
    LeftAlone,
}

/// One month the import's reports were received in.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportedPeriod {
    #[schema(example = "2021-06")]
    pub period: String,
    /// Reports of this import received in it.
    pub reports: usize,
    pub state: PeriodState,
}

/// The answer of an import.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// Reports written (0 on a dry run).
    pub imported: usize,
    /// Lines that passed every check.
    pub valid: usize,
    pub dry_run: bool,
    /// Every month touched, oldest first, and what became of its journal.
    pub periods: Vec<ImportedPeriod>,
}

/// The months of `rows` and how many reports each.
fn months(rows: &[Imported]) -> std::collections::BTreeMap<Period, usize> {
    let mut out = std::collections::BTreeMap::new();
    for r in rows {
        *out.entry(Period::of(r.received_at)).or_insert(0) += 1;
    }
    out
}

/// What became (or, on a dry run, would become) of each touched month.
async fn settle(
    st: &AppState,
    by: &str,
    touched: std::collections::BTreeMap<Period, usize>,
    frozen_before: std::collections::HashSet<String>,
    dry_run: bool,
    reason: Option<String>,
) -> Result<Vec<ImportedPeriod>, ApiError> {
    use crate::jobs::journal as job;
    let now = chrono::Utc::now();
    if !dry_run {
        let s = st.clone();
        web::block(move || job::freeze_due(&s, now))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
    }
    let rules = st.refdata.rules();
    let mut out = Vec::new();
    for (p, reports) in touched {
        let state = if rules.cutoff(p) > now {
            PeriodState::Open
        } else if !frozen_before.contains(&p.to_string()) {
            PeriodState::Frozen
        } else {
            let s = st.clone();
            let only = web::block(move || job::import_only(&s, p))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))??;
            match (only, &reason, dry_run) {
                (false, _, _) => PeriodState::LeftAlone,
                (true, Some(why), false) => {
                    let (s, by, why) = (st.clone(), by.to_string(), why.clone());
                    let done = web::block(move || job::rebuild(&s, p, &by, &why))
                        .await
                        .map_err(|e| ApiError::Internal(e.to_string()))??;
                    match done {
                        job::Rebuilt::Rebuilt => PeriodState::Rebuilt,
                        job::Rebuilt::LiveWork => PeriodState::LeftAlone,
                        job::Rebuilt::NotFrozen => PeriodState::Frozen,
                    }
                }
                (true, _, _) => PeriodState::Rebuildable,
            }
        };
        out.push(ImportedPeriod {
            period: p.to_string(),
            reports,
            state,
        });
    }
    Ok(out)
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
            .units()
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
    fn kelurahan(&self, k: &str) -> Result<String, Message> {
        match self
            .kelurahan
            .get(&k.trim().to_lowercase())
            .map(Vec::as_slice)
        {
            Some([one]) => Ok(one.clone()),
            Some(many) if many.len() > 1 => Err(Message::AmbiguousValue {
                column: "kelurahan".into(),
                value: k.trim().into(),
                count: u32::try_from(many.len()).unwrap_or(u32::MAX),
            }),
            _ => Err(import::unknown("kelurahan", k.trim())),
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

/// What is wrong on one line of a file, each said apart.
fn line_errors(line: u64, messages: Vec<Message>) -> impl Iterator<Item = FieldError> {
    messages
        .into_iter()
        .map(move |m| FieldError::said(format!("line {line}"), &m))
}

/// A CSV reader past its header row, and the header names (lower case, a
/// byte-order mark dropped); 422 naming each required column missing.
fn open_csv<'a>(
    body: &'a [u8],
    required: &[&str],
) -> Result<(csv::Reader<&'a [u8]>, Vec<String>), ApiError> {
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
    let missing: Vec<FieldError> = required
        .iter()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .flat_map(|c| {
            line_errors(
                1,
                vec![Message::ColumnMissing {
                    column: (*c).into(),
                }],
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::fields(missing));
    }
    Ok((reader, headers))
}

/// Reads and checks every line; the reports, or every bad line.
fn check_all(body: &[u8], names: &Names, default_channel: &str) -> Result<Vec<Imported>, ApiError> {
    let (mut reader, headers) = open_csv(body, &import::REQUIRED)?;
    let at = now();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut numbers: HashMap<i64, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                log::debug!("import line {line} unreadable: {e}");
                errors.extend(line_errors(line, vec![Message::RowUnreadable]));
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
                        errors.extend(line_errors(
                            line,
                            vec![Message::RepeatedOnLine {
                                column: "nomor".into(),
                                value: n.to_string(),
                                line: first,
                            }],
                        ));
                        continue;
                    }
                }
                rows.push((line, r));
            }
            Err(messages) => errors.extend(line_errors(line, messages)),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    if rows.is_empty() {
        return Err(ApiError::field_said("line 2", Message::NoRows));
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
    Admin(admin): Admin,
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
    let reason = match q.rebuild_reason.as_deref().map(str::trim) {
        Some(r) if r.is_empty() || r.chars().count() > 500 => {
            return Err(ApiError::field(
                "rebuild_reason",
                "say why, in 1 to 500 characters",
            ))
        }
        r => r.map(str::to_string),
    };
    let touched = months(&rows);
    let frozen_before = st.db.read(crate::db::journal::frozen_periods).await?;
    let dry_run = q.dry_run.unwrap_or(false);
    let imported = if dry_run {
        0
    } else {
        crate::flows::import::write(&st, &admin.username, rows).await?
    };
    let periods = settle(
        &st,
        &admin.username,
        touched,
        frozen_before,
        dry_run,
        reason,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ImportResult {
        imported,
        valid,
        dry_run,
        periods,
    }))
}

/// The columns of the staff import.
const USER_COLUMNS: [&str; 4] = ["username", "full_name", "role", "unit"];

/// Reads a unit by code or (case-insensitive, unambiguous) name.
fn unit_by_code_or_name(refs: &RefData, given: &str) -> Result<String, Message> {
    let g = given.trim();
    if refs.unit(g).is_some() {
        return Ok(g.to_string());
    }
    let lower = g.to_lowercase();
    let units = refs.units();
    let found: Vec<&str> = units
        .iter()
        .filter(|u| {
            u.name.to_lowercase() == lower
                || format!("{} {}", u.level.label(), u.name).to_lowercase() == lower
        })
        .map(|u| u.code.as_str())
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => Err(import::unknown("unit", g)),
        many => Err(Message::AmbiguousValue {
            column: "unit".into(),
            value: g.into(),
            count: u32::try_from(many.len()).unwrap_or(u32::MAX),
        }),
    }
}

/// Reads a role by its API name or its label in the web app.
fn role_by_name(given: &str) -> Result<Role, Message> {
    let g = given.trim().to_lowercase();
    Role::ALL
        .into_iter()
        .find(|r| r.as_str() == g || r.label().to_lowercase() == g)
        .ok_or_else(|| import::unknown("role", given.trim()))
}

/// Reads and checks every line of a staff import; the accounts, or every
/// bad line (including usernames taken in the database).
fn check_users(
    body: &[u8],
    refs: &RefData,
    db: &crate::db::Db,
) -> Result<Vec<ImportedAccount>, ApiError> {
    let (mut reader, headers) = open_csv(body, &USER_COLUMNS)?;
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or(0);
    let (cu, cf, cr, cn) = (col("username"), col("full_name"), col("role"), col("unit"));
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                log::debug!("import line {line} unreadable: {e}");
                errors.extend(line_errors(line, vec![Message::RowUnreadable]));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: usize| record.get(i).unwrap_or("").to_string();
        let (username, full_name) = (get(cu), get(cf));
        let mut messages = Vec::new();
        let role = role_by_name(&get(cr)).map_err(|m| messages.push(m));
        let unit = unit_by_code_or_name(refs, &get(cn)).map_err(|m| messages.push(m));
        let mut problems = Vec::new();
        if let (Ok(role), Ok(unit)) = (&role, &unit) {
            // The account's own checks name their field: `line 3.username`.
            for mut e in crate::flows::accounts::problems(refs, &username, &full_name, *role, unit)
            {
                e.field = format!("line {line}.{}", e.field);
                problems.push(e);
            }
        }
        if let Some(first) = seen.insert(username.clone(), line) {
            messages.push(Message::RepeatedOnLine {
                column: "username".into(),
                value: username.clone(),
                line: first,
            });
        }
        let clean = messages.is_empty() && problems.is_empty();
        errors.extend(problems);
        match (role, unit) {
            (Ok(role), Ok(unit_code)) if clean => rows.push(ImportedAccount {
                line: usize::try_from(line).unwrap_or(0),
                username,
                full_name: full_name.trim().to_string(),
                role,
                unit_code,
                temporary_password: None,
            }),
            _ => errors.extend(line_errors(line, messages)),
        }
    }
    let names: Vec<String> = rows.iter().map(|r| r.username.clone()).collect();
    let taken: std::collections::HashSet<String> = db
        .read_blocking(move |conn| crate::db::accounts::taken(conn, &names))?
        .into_iter()
        .collect();
    for r in rows.iter().filter(|r| taken.contains(&r.username)) {
        errors.extend(line_errors(
            r.line as u64,
            vec![Message::UsernameTaken {
                username: r.username.clone(),
            }],
        ));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| {
            e.field
                .trim_start_matches("line ")
                .split('.')
                .next()
                .unwrap_or("")
                .parse::<u64>()
                .unwrap_or(0)
        });
        return Err(ApiError::fields(errors));
    }
    if rows.is_empty() {
        return Err(ApiError::field_said("line 2", Message::NoRows));
    }
    Ok(rows)
}

/// Import staff accounts from CSV (`text/csv`, header
/// `username,full_name,role,unit`; the unit by code or name, the role by
/// its API name or its label). All or nothing: any bad line → 422 naming
/// every bad line (a taken username, an unknown unit, a role in the wrong
/// unit, a username twice). Each account gets a temporary password, shown
/// only in this answer, to be changed at the first sign-in.
#[utoipa::path(
    tag = "accounts", security(("bearer" = [])),
    params(UserImportQuery),
    request_body(content_type = "text/csv", description = "username,full_name,role,unit"),
    responses(
        (status = 200, description = "Created (or, with dry_run, checked)", body = UserImportResult),
        (status = 415, description = "Not text/csv", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad lines, each named `line N`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/users")]
pub async fn import_users(
    st: web::Data<AppState>,
    Admin(admin): Admin,
    req: HttpRequest,
    q: ValidQuery<UserImportQuery>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !is_csv(&req) {
        return Err(ApiError::UnsupportedMediaType(
            "send the staff list as text/csv".into(),
        ));
    }
    let bytes = crate::extract::read_limited(body, USERS_CSV_LIMIT).await?;
    let state = st.clone();
    let mut rows = web::block(move || check_users(&bytes, &state.refdata, &state.db))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    if q.0.dry_run {
        return Ok(HttpResponse::Ok().json(UserImportResult {
            dry_run: true,
            created: 0,
            accounts: rows,
        }));
    }
    let prepared = web::block(move || {
        rows.iter_mut()
            .map(|r| {
                let p = crate::flows::accounts::prepare_password(&r.username, None)?;
                r.temporary_password = p.shown.clone();
                Ok(p)
            })
            .collect::<Result<Vec<_>, ApiError>>()
            .map(|p| (rows, p))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let (rows, passwords) = prepared;
    let state = st.clone();
    let rows = st
        .db
        .write(move |conn| {
            let by = crate::flows::accounts::By {
                username: &admin.username,
                manager: crm_domain::account::Manager::Administrator,
            };
            for (r, pw) in rows.iter().zip(&passwords) {
                crate::flows::accounts::create(
                    conn,
                    &state.refdata,
                    by,
                    &crate::flows::accounts::NewAccount {
                        username: &r.username,
                        full_name: &r.full_name,
                        role: r.role,
                        unit_code: &r.unit_code,
                    },
                    pw,
                    "import",
                )?;
            }
            crate::db::audit::record(
                conn,
                crate::db::audit::Change {
                    actor: &admin.username,
                    action: "user.import",
                    target: "users".into(),
                    before: None,
                    after: Some(serde_json::json!({ "created": rows.len() })),
                },
            )?;
            Ok::<_, ApiError>(rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserImportResult {
        dry_run: false,
        created: rows.len(),
        accounts: rows,
    }))
}

/// Largest staff CSV accepted, in bytes (tens of thousands of officers).
const USERS_CSV_LIMIT: usize = 8 * 1024 * 1024;
