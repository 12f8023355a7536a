//! The API client: typed calls to `/api/v1`, errors read from problem+json.

use crm_domain::api::{
    Account, AccountCreated, AccountList, AccountPatch, AccountQuery, ApiKeyCreated, ApiKeyInfo,
    ApiKeyQuery, AuditPage, AuditQuery, Category, CategoryUpdate, Channel, ChannelSettings,
    Delivery, DeliveryPage, DeliveryQuery, FeedbackRequest, Heatmap, LoginRequest, Me, MonthRecap,
    NearbyPage, NearbyQuery, NewAccount, NewApiKey, NewCategory, NewReport, NotificationPage,
    NotificationQuery, PasswordChange, Problem, PublicReport, PublicStats, PublicStatsQuery,
    ReadRequest, Report, ReportPage, ReportQuery, ReviewAnswer, ReviewPage, ScoreBoard,
    ScoreExplanation, Stats, StatsQuery, TargetBoard, TemporaryPassword, TokenResponse, Unit,
    UnitLoadBoard, UnitOutline, UserImportResult, WebhookInput, WebhookSaved, Workload, YearRecap,
};
use crm_domain::api::{NewUnit, SettingsChange, SettingsView, UnitPatch};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// A failed call: the HTTP status (0 when the server could not be reached),
/// what the server said in the user's language (from the app's catalogue,
/// `messages.rs`), and the problem document itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub detail: String,
    pub problem: Option<Box<Problem>>,
}

impl ApiError {
    /// Whether the sign-in has expired or is missing.
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
    }

    /// The error of a page asked for without a sign-in.
    pub fn signed_out() -> Self {
        ApiError {
            status: 401,
            detail: String::new(),
            problem: None,
        }
    }

    /// The code of the first invalid field named `field`, if the server named it.
    pub fn field_code(&self, field: &str) -> Option<&str> {
        self.problem
            .as_ref()?
            .errors
            .as_ref()?
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code.as_str())
    }

    fn of_problem(status: u16, problem: Option<Problem>) -> Self {
        let lang = crate::i18n::stored_lang();
        let detail = match &problem {
            Some(p) => crate::messages::problem_text(lang, p),
            None => crate::messages::say(lang, &crate::messages::by_status(status)),
        };
        ApiError {
            status,
            detail,
            problem: problem.map(Box::new),
        }
    }
}

fn network(e: gloo_net::Error) -> ApiError {
    leptos::logging::warn!("request failed: {e}");
    ApiError {
        status: 0,
        detail: crate::messages::unreachable(crate::i18n::stored_lang()),
        problem: None,
    }
}

/// An answer's JSON body as `T`, parsed first into a `serde_json::Value`
/// and read from that: one parser serves every type, where parsing into
/// each type directly compiles a parser per type into the module.
async fn body<T: DeserializeOwned>(resp: Response) -> Result<T, gloo_net::Error> {
    let v: serde_json::Value = resp.json().await?;
    Ok(serde_json::from_value(v)?)
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return body(resp).await.map_err(network);
    }
    let status = resp.status();
    if status == 401 {
        crate::session::expired();
    }
    Err(ApiError::of_problem(
        status,
        body::<Problem>(resp).await.ok(),
    ))
}

/// An answer without a body (204): nothing to read unless it failed.
async fn done(resp: Response) -> Result<(), ApiError> {
    if resp.ok() {
        return Ok(());
    }
    read::<serde_json::Value>(resp).await.map(|_| ())
}

fn authed(req: RequestBuilder, token: &str) -> RequestBuilder {
    req.header("Authorization", &format!("Bearer {token}"))
}

/// A GET with the sign-in token, read as JSON.
async fn get<T: DeserializeOwned>(token: &str, url: &str) -> Result<T, ApiError> {
    send(authed(Request::get(url), token)).await
}

/// Sends a request without a body; reads the answer as JSON.
async fn send<T: DeserializeOwned>(req: RequestBuilder) -> Result<T, ApiError> {
    read(req.send().await.map_err(network)?).await
}

/// Sends a request with a JSON body and the sign-in token; reads the
/// answer as JSON.
async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    req: RequestBuilder,
    token: &str,
    body: &B,
) -> Result<T, ApiError> {
    read(
        authed(req, token)
            .json(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// Sends a request with the sign-in token whose answer has no body (204).
async fn send_empty(req: RequestBuilder, token: &str) -> Result<(), ApiError> {
    done(authed(req, token).send().await.map_err(network)?).await
}

/// Signs in.
pub async fn login(username: &str, password: &str) -> Result<TokenResponse, ApiError> {
    let body = LoginRequest {
        username: username.to_string(),
        password: password.to_string(),
    };
    let resp = Request::post("/api/v1/auth/login")
        .json(&body)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read(resp).await
}

/// The signed-in user.
pub async fn me(token: &str) -> Result<Me, ApiError> {
    get(token, "/api/v1/auth/me").await
}

/// One page of reports.
pub async fn reports(token: &str, query: &ReportQuery) -> Result<ReportPage, ApiError> {
    let qs = serde_urlencoded::to_string(query).unwrap_or_default();
    let url = if qs.is_empty() {
        "/api/v1/reports".to_string()
    } else {
        format!("/api/v1/reports?{qs}")
    };
    get(token, &url).await
}

/// One report with its history.
pub async fn report(token: &str, number: &str) -> Result<Report, ApiError> {
    let url = format!("/api/v1/reports/{number}");
    get(token, &url).await
}

/// Every category.
pub async fn categories() -> Result<Vec<Category>, ApiError> {
    read(
        Request::get("/api/v1/categories")
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// Every channel.
pub async fn channels() -> Result<Vec<Channel>, ApiError> {
    read(
        Request::get("/api/v1/channels")
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// Every unit.
pub async fn units() -> Result<Vec<Unit>, ApiError> {
    read(
        Request::get("/api/v1/units")
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// Reports waiting for me: my unit's inbox, the triage, or the verifiers'
/// queue, a hundred at a time (a phone keeps the list light); the page
/// after `cursor` when given.
pub async fn inbox(token: &str, cursor: Option<&str>) -> Result<ReportPage, ApiError> {
    match cursor {
        Some(c) => get(token, &format!("/api/v1/inbox?limit=100&cursor={c}")).await,
        None => get(token, "/api/v1/inbox?limit=100").await,
    }
}

/// A unit's open reports per officer.
pub async fn workload(token: &str, unit: &str) -> Result<Workload, ApiError> {
    get(token, &format!("/api/v1/units/{unit}/workload")).await
}

/// Runs an action on a report (`take-up`, `dispose`, …) with a JSON body;
/// returns the report after it.
pub async fn act(
    token: &str,
    number: i64,
    action: &str,
    body: &serde_json::Value,
) -> Result<Report, ApiError> {
    let url = format!("/api/v1/reports/{number}/{action}");
    send_json(Request::post(&url), token, body).await
}

/// Posts a follow-up: a note and photos, as multipart form data.
pub async fn follow_up(
    token: &str,
    number: i64,
    form: web_sys::FormData,
) -> Result<Report, ApiError> {
    let url = format!("/api/v1/reports/{number}/follow-ups");
    read(
        authed(Request::post(&url), token)
            .body(form)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// Files a report typed in at an office.
pub async fn file_report(token: &str, body: &NewReport) -> Result<Report, ApiError> {
    send_json(Request::post("/api/v1/reports"), token, body).await
}

/// The public tracking view of a report (no sign-in); with the tracking
/// code, the reporter's view.
pub async fn track(number: &str, code: Option<&str>) -> Result<PublicReport, ApiError> {
    let url = match code {
        Some(c) => query_url(&format!("/api/v1/public/reports/{number}"), &[("code", c)]),
        None => format!("/api/v1/public/reports/{number}"),
    };
    send(Request::get(&url)).await
}

/// The reporter's feedback, with the tracking code (no sign-in).
pub async fn feedback(number: i64, body: &FeedbackRequest) -> Result<PublicReport, ApiError> {
    read(
        Request::post(&format!("/api/v1/public/reports/{number}/feedback"))
            .json(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// The public statistics of a month (no sign-in).
pub async fn public_stats(q: &PublicStatsQuery) -> Result<PublicStats, ApiError> {
    send(Request::get(&query_url("/api/v1/public/stats", q))).await
}

/// Similar reports near a place.
pub async fn nearby(token: &str, q: &NearbyQuery) -> Result<NearbyPage, ApiError> {
    get(token, &query_url("/api/v1/reports/nearby", q)).await
}

/// A single-use ticket for the live stream.
pub async fn events_ticket(token: &str) -> Result<EventTicket, ApiError> {
    send_json(
        Request::post("/api/v1/events/ticket"),
        token,
        &serde_json::json!({}),
    )
    .await
}

/// A live-stream ticket.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EventTicket {
    pub ticket: String,
}

/// Signs out on the server: every token of the account ends.
pub async fn logout(token: &str) -> Result<(), ApiError> {
    send_empty(Request::post("/api/v1/auth/logout"), token).await
}

/// Asks the Monitoring Room to close `number` as a duplicate of `of`.
pub async fn duplicate_request(token: &str, number: i64, of: i64) -> Result<Report, ApiError> {
    let body = crm_domain::api::DuplicateRequest { of, note: None };
    send_json(
        Request::post(&format!("/api/v1/reports/{number}/duplicate-request")),
        token,
        &body,
    )
    .await
}

/// The Monitoring Room's review queue.
pub async fn reviews(token: &str) -> Result<ReviewPage, ApiError> {
    get(token, "/api/v1/reviews").await
}

/// Answers a reporter's "not fixed" with a public note.
pub async fn answer_review(token: &str, number: i64, note: &str) -> Result<Report, ApiError> {
    let body = ReviewAnswer {
        note: note.to_string(),
    };
    send_json(
        Request::post(&format!("/api/v1/reviews/{number}/answer")),
        token,
        &body,
    )
    .await
}

/// The scores of a level for a month.
pub async fn scores(token: &str, period: &str, level: &str) -> Result<ScoreBoard, ApiError> {
    let url = format!("/api/v1/scores?period={period}&level={level}");
    get(token, &url).await
}

/// Why a unit scored what it did in a month.
pub async fn explain(token: &str, unit: &str, period: &str) -> Result<ScoreExplanation, ApiError> {
    let url = format!("/api/v1/scores/{unit}?period={period}");
    get(token, &url).await
}

fn query_url<Q: serde::Serialize>(path: &str, q: &Q) -> String {
    match serde_urlencoded::to_string(q).unwrap_or_default() {
        qs if qs.is_empty() => path.to_string(),
        qs => format!("{path}?{qs}"),
    }
}

/// The dashboard statistics of a window and area.
pub async fn stats(token: &str, q: &StatsQuery) -> Result<Stats, ApiError> {
    get(token, &query_url("/api/v1/stats", q)).await
}

/// Reports binned into map cells.
pub async fn heatmap(token: &str, q: &StatsQuery) -> Result<Heatmap, ApiError> {
    get(token, &query_url("/api/v1/stats/heatmap", q)).await
}

/// One kelurahan's boundary in force.
pub async fn outline(token: &str, code: &str) -> Result<UnitOutline, ApiError> {
    get(token, &format!("/api/v1/boundaries/{code}")).await
}

/// What is past or near its time targets, and what still waits.
pub async fn targets(token: &str, unit: Option<&str>) -> Result<TargetBoard, ApiError> {
    let url = match unit {
        Some(u) => format!("/api/v1/targets?unit={u}"),
        None => "/api/v1/targets".into(),
    };
    get(token, &url).await
}

/// Open work per unit below `unit` (or the whole city).
pub async fn unit_load(token: &str, unit: Option<&str>) -> Result<UnitLoadBoard, ApiError> {
    let url = match unit {
        Some(u) => format!("/api/v1/workload?unit={u}"),
        None => "/api/v1/workload".into(),
    };
    get(token, &url).await
}

/// A page of my notifications (from `cursor`, at most `limit`).
pub async fn notifications(
    token: &str,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> Result<NotificationPage, ApiError> {
    let q = NotificationQuery {
        cursor: cursor.map(str::to_string),
        limit,
    };
    let query = serde_urlencoded::to_string(&q).unwrap_or_default();
    get(token, &format!("/api/v1/notifications?{query}")).await
}

/// Marks notifications read.
pub async fn mark_read(token: &str, body: &ReadRequest) -> Result<serde_json::Value, ApiError> {
    send_json(Request::post("/api/v1/notifications/read"), token, body).await
}

/// A kota's month recap.
pub async fn recap_month(token: &str, period: &str, kota: &str) -> Result<MonthRecap, ApiError> {
    get(token, &format!("/api/v1/recap?period={period}&kota={kota}")).await
}

/// A kota's year recap.
pub async fn recap_year(token: &str, year: &str, kota: &str) -> Result<YearRecap, ApiError> {
    get(token, &format!("/api/v1/recap?period={year}&kota={kota}")).await
}

/// Every channel with its webhook and count of active API keys
/// (administrators).
pub async fn channel_settings(token: &str) -> Result<Vec<ChannelSettings>, ApiError> {
    get(token, "/api/v1/channel-settings").await
}

/// Creates or changes a channel's webhook. The answer carries the signing
/// secret only when the webhook is new.
pub async fn save_webhook(
    token: &str,
    channel: &str,
    body: &WebhookInput,
) -> Result<WebhookSaved, ApiError> {
    let url = format!("/api/v1/channels/{channel}/webhook");
    send_json(Request::put(&url), token, body).await
}

/// Replaces a channel's webhook secret; the answer carries the new one (the
/// previous one still signs for 24 hours).
pub async fn rotate_webhook(token: &str, channel: &str) -> Result<WebhookSaved, ApiError> {
    let url = format!("/api/v1/channels/{channel}/webhook/rotate");
    send(authed(Request::post(&url), token)).await
}

/// Removes a channel's webhook.
pub async fn delete_webhook(token: &str, channel: &str) -> Result<(), ApiError> {
    let url = format!("/api/v1/channels/{channel}/webhook");
    send_empty(Request::delete(&url), token).await
}

/// API keys, without the keys themselves.
pub async fn api_keys(token: &str, q: &ApiKeyQuery) -> Result<Vec<ApiKeyInfo>, ApiError> {
    get(token, &query_url("/api/v1/api-keys", q)).await
}

/// Creates an API key; the answer is the only place the key is shown.
pub async fn create_api_key(token: &str, body: &NewApiKey) -> Result<ApiKeyCreated, ApiError> {
    send_json(Request::post("/api/v1/api-keys"), token, body).await
}

/// Revokes an API key.
pub async fn revoke_api_key(token: &str, id: i64) -> Result<(), ApiError> {
    let url = format!("/api/v1/api-keys/{id}");
    send_empty(Request::delete(&url), token).await
}

/// A page of webhook and e-mail deliveries, newest first, with counts.
pub async fn deliveries(token: &str, q: &DeliveryQuery) -> Result<DeliveryPage, ApiError> {
    get(token, &query_url("/api/v1/deliveries", q)).await
}

/// Sends a delivery that is not delivered (dead, pending or skipped) again now.
pub async fn retry_delivery(token: &str, id: i64) -> Result<Delivery, ApiError> {
    let url = format!("/api/v1/deliveries/{id}/retry");
    send(authed(Request::post(&url), token)).await
}

/// Downloads a file that needs the sign-in and offers it to the user.
pub async fn download(token: &str, url: &str, filename: &str) -> Result<(), ApiError> {
    download_as(token, url, filename, "*/*").await
}

/// The filtered report list as a file: CSV, or Excel with `excel`.
pub async fn download_report_list(
    token: &str,
    q: &ReportQuery,
    excel: bool,
) -> Result<(), ApiError> {
    let mut q = q.clone();
    q.cursor = None;
    q.limit = None;
    let url = query_url("/api/v1/exports/report-list", &q);
    if excel {
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        download_as(token, &url, "laporan.xlsx", xlsx).await
    } else {
        download_as(token, &url, "laporan.csv", "text/csv").await
    }
}

/// Downloads a file of the media type `accept` asks for.
async fn download_as(token: &str, url: &str, filename: &str, accept: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let resp = authed(Request::get(url), token)
        .header("Accept", accept)
        .send()
        .await
        .map_err(network)?;
    if !resp.ok() {
        return read::<serde_json::Value>(resp).await.map(|_| ());
    }
    let bytes = resp.binary().await.map_err(network)?;
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let fail = |_| ApiError {
        status: 0,
        detail: crate::i18n::tr(crate::i18n::stored_lang(), "common.download_refused").into(),
        problem: None,
    };
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(fail)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail(wasm_bindgen::JsValue::NULL))?;
    let a = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail(wasm_bindgen::JsValue::NULL))?;
    a.set_href(&href);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&href);
    Ok(())
}

/// Changes the signed-in user's password (every session ends: sign in
/// again with the new one).
pub async fn change_password(token: &str, body: &PasswordChange) -> Result<(), ApiError> {
    done(
        authed(Request::post("/api/v1/auth/password"), token)
            .json(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// One page of staff accounts.
pub async fn accounts(token: &str, q: &AccountQuery) -> Result<AccountList, ApiError> {
    get(token, &query_url("/api/v1/users", q)).await
}

/// Creates a staff account (the temporary password comes back once).
pub async fn create_account(token: &str, body: &NewAccount) -> Result<AccountCreated, ApiError> {
    send_json(Request::post("/api/v1/users"), token, body).await
}

/// Changes a staff account.
pub async fn update_account(
    token: &str,
    id: i64,
    body: &AccountPatch,
) -> Result<Account, ApiError> {
    send_json(Request::patch(&format!("/api/v1/users/{id}")), token, body).await
}

/// Gives a staff account a new temporary password.
pub async fn reset_password(token: &str, id: i64) -> Result<TemporaryPassword, ApiError> {
    send(authed(
        Request::post(&format!("/api/v1/users/{id}/password")),
        token,
    ))
    .await
}

/// Imports staff accounts from a CSV file's text (checked only, with
/// `dry_run`).
pub async fn import_accounts(
    token: &str,
    csv: String,
    dry_run: bool,
) -> Result<UserImportResult, ApiError> {
    post_csv(
        token,
        &format!("/api/v1/imports/users?dry_run={dry_run}"),
        csv,
    )
    .await
}

/// Imports the old system's reports from a CSV file's text (checked only,
/// with `dry_run`): the answer's `valid` and `imported` counts.
pub async fn import_reports(
    token: &str,
    csv: String,
    dry_run: bool,
    rebuild_reason: Option<String>,
) -> Result<serde_json::Value, ApiError> {
    #[derive(serde::Serialize)]
    struct Q {
        dry_run: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        rebuild_reason: Option<String>,
    }
    let url = query_url(
        "/api/v1/imports/reports",
        &Q {
            dry_run,
            rebuild_reason,
        },
    );
    post_csv(token, &url, csv).await
}

/// Posts a CSV file's text to an import; its answer, or every bad line.
async fn post_csv<T: DeserializeOwned>(token: &str, url: &str, csv: String) -> Result<T, ApiError> {
    let resp = authed(Request::post(url), token)
        .header("Content-Type", "text/csv")
        .body(csv)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read_import(resp).await
}

/// An import's answer: the result, or every bad line of a refused file.
async fn read_import<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return body(resp).await.map_err(network);
    }
    let status = resp.status();
    let problem = body::<Problem>(resp).await.ok();
    let mut failed = ApiError::of_problem(status, problem.clone());
    // A refused file names each problem of each bad line, one per line
    // ("Baris 12: kolom "kategori": Banjir Bandang tidak dikenal").
    if let Some(errors) = problem.and_then(|p| p.errors).filter(|e| !e.is_empty()) {
        let lang = crate::i18n::stored_lang();
        failed.detail = errors
            .iter()
            .map(|e| crate::messages::field_text(lang, e))
            .collect::<Vec<_>>()
            .join("\n");
    }
    Err(failed)
}

/// One page of the audit log.
pub async fn audit(token: &str, q: &AuditQuery) -> Result<AuditPage, ApiError> {
    get(token, &query_url("/api/v1/audit", q)).await
}

/// The settings in force and every earlier version.
pub async fn settings(token: &str) -> Result<SettingsView, ApiError> {
    get(token, "/api/v1/settings").await
}

/// Changes the settings (administrators).
pub async fn update_settings(token: &str, body: &SettingsChange) -> Result<SettingsView, ApiError> {
    send_json(Request::put("/api/v1/settings"), token, body).await
}

/// Adds a category (administrators).
pub async fn create_category(token: &str, body: &NewCategory) -> Result<Category, ApiError> {
    send_json(Request::post("/api/v1/categories"), token, body).await
}

/// Changes a category's bands, weight and evidence rule (administrators).
pub async fn update_category(
    token: &str,
    code: &str,
    body: &CategoryUpdate,
) -> Result<Category, ApiError> {
    send_json(
        Request::put(&format!("/api/v1/categories/{code}")),
        token,
        body,
    )
    .await
}

/// Adds a unit (administrators).
pub async fn create_unit(token: &str, body: &NewUnit) -> Result<Unit, ApiError> {
    send_json(Request::post("/api/v1/units"), token, body).await
}

/// Renames, deactivates or reactivates a unit (administrators).
pub async fn update_unit(token: &str, code: &str, body: &UnitPatch) -> Result<Unit, ApiError> {
    send_json(
        Request::patch(&format!("/api/v1/units/{code}")),
        token,
        body,
    )
    .await
}
