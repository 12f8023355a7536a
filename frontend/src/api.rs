//! The API client: typed calls to `/api/v1`, errors read from problem+json.

use crm_domain::api::{
    Category, Channel, LoginRequest, Me, NewReport, Problem, PublicReport, Report, ReportPage,
    ReportQuery, ScoreBoard, ScoreExplanation, TokenResponse, Unit, Workload,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// A failed call: the HTTP status (0 when the server could not be reached)
/// and what the server said.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub detail: String,
}

impl ApiError {
    /// Whether the sign-in has expired or is missing.
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
    }
}

fn network(e: gloo_net::Error) -> ApiError {
    ApiError {
        status: 0,
        detail: e.to_string(),
    }
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return resp.json::<T>().await.map_err(network);
    }
    let status = resp.status();
    let detail = match resp.json::<Problem>().await {
        Ok(p) => p.detail,
        Err(_) => format!("HTTP {status}"),
    };
    Err(ApiError { status, detail })
}

fn authed(req: RequestBuilder, token: &str) -> RequestBuilder {
    req.header("Authorization", &format!("Bearer {token}"))
}

/// A GET with the sign-in token, read as JSON.
async fn get<T: DeserializeOwned>(token: &str, url: &str) -> Result<T, ApiError> {
    read(
        authed(Request::get(url), token)
            .send()
            .await
            .map_err(network)?,
    )
    .await
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
/// queue.
pub async fn inbox(token: &str) -> Result<ReportPage, ApiError> {
    get(token, "/api/v1/inbox").await
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
    read(
        authed(Request::post(&url), token)
            .json(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
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
    read(
        authed(Request::post("/api/v1/reports"), token)
            .json(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?,
    )
    .await
}

/// The public tracking view of a report (no sign-in).
pub async fn track(number: &str) -> Result<PublicReport, ApiError> {
    read(
        Request::get(&format!("/api/v1/public/reports/{number}"))
            .send()
            .await
            .map_err(network)?,
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
