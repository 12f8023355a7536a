//! What an operator watches, in Prometheus format: request counts and
//! latencies per route and status, the connection pool's use and waits,
//! the outbox's depth by state and its oldest pending event, delivery
//! attempts per channel and outcome, the background jobs' durations and the
//! live streams open. Recorded with the `metrics` facade; read at
//! `--metrics-addr` (for the scraper, on an operators' network) or at
//! `GET /metrics` with an administrator's token.
//!
//! Names: every metric starts with `crm_`; times are in seconds.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Requests by method, route pattern and status.
pub const REQUESTS: &str = "crm_http_requests_total";
/// Request latency by method, route pattern and status.
pub const REQUEST_SECONDS: &str = "crm_http_request_duration_seconds";
/// Time spent waiting for a pooled database connection.
pub const POOL_WAIT_SECONDS: &str = "crm_db_pool_wait_seconds";
/// Writes committed together by SQLite's writer, per transaction.
pub const WRITE_GROUP: &str = "crm_db_writes_per_commit";
/// Connections the pool holds, and those idle.
pub const POOL_CONNECTIONS: &str = "crm_db_pool_connections";
pub const POOL_IDLE: &str = "crm_db_pool_idle_connections";
/// Outbox events by state.
pub const OUTBOX_EVENTS: &str = "crm_outbox_events";
/// Age of the oldest event still waiting to be delivered (0 when none).
pub const OUTBOX_OLDEST_PENDING_SECONDS: &str = "crm_outbox_oldest_pending_seconds";
/// Delivery attempts by channel and outcome (delivered, retry, dead, skipped).
pub const DELIVERIES: &str = "crm_delivery_attempts_total";
/// Background job runs by job (journal, warnings, delivery).
pub const JOB_SECONDS: &str = "crm_job_duration_seconds";
/// Failed background job runs by job.
pub const JOB_FAILURES: &str = "crm_job_failures_total";
/// Live event streams open.
pub const LIVE_STREAMS: &str = "crm_live_streams_open";

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use (`None` only when another
/// recorder was installed first).
fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let buckets = [
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ];
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &buckets)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(WRITE_GROUP.into()),
                        &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0],
                    )
                })
                .and_then(|b| b.install_recorder())
                .map_err(|e| log::warn!("metrics: no recorder: {e}"))
                .ok()
        })
        .as_ref()
}

/// Installs the recorder; call once at start so the first requests count.
pub fn install() {
    let _ = handle();
}

/// Everything recorded, in the Prometheus text format, with the gauges read
/// now (pool, outbox).
pub async fn render(st: &AppState) -> String {
    install();
    let (connections, idle) = st.db.pool_state();
    metrics::gauge!(POOL_CONNECTIONS).set(f64::from(connections));
    metrics::gauge!(POOL_IDLE).set(f64::from(idle));
    match st.db.read(crate::db::outbox::depth).await {
        Ok(depth) => {
            for (state, n) in depth.by_state {
                metrics::gauge!(OUTBOX_EVENTS, "state" => state).set(n as f64);
            }
            let age = depth
                .oldest_pending
                .map(|at| (chrono::Utc::now() - at).num_milliseconds().max(0) as f64 / 1000.0)
                .unwrap_or(0.0);
            metrics::gauge!(OUTBOX_OLDEST_PENDING_SECONDS).set(age);
        }
        Err(e) => log::warn!("metrics: cannot read the outbox: {e}"),
    }
    match handle() {
        Some(h) => {
            h.run_upkeep();
            h.render()
        }
        None => String::new(),
    }
}

/// Counts each request and its latency under its route pattern (a path
/// that matched no route counts as `unmatched`, so no one can grow the
/// label set by asking for made-up paths).
pub async fn count_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!(REQUESTS, &labels).increment(1);
    metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    Ok(res)
}

/// Records a wait for a pooled connection.
pub fn pool_wait(waited: Duration) {
    metrics::histogram!(POOL_WAIT_SECONDS).record(waited.as_secs_f64());
}

/// Records how many writes one SQLite commit carried.
pub fn write_group(writes: usize) {
    metrics::histogram!(WRITE_GROUP).record(writes as f64);
}

/// Records one delivery attempt's outcome.
pub fn delivery(channel: &str, outcome: &'static str) {
    metrics::counter!(DELIVERIES, "channel" => channel.to_string(), "outcome" => outcome)
        .increment(1);
}

/// Records one run of a background job.
pub fn job(name: &'static str, took: Duration, ok: bool) {
    metrics::histogram!(JOB_SECONDS, "job" => name).record(took.as_secs_f64());
    if !ok {
        metrics::counter!(JOB_FAILURES, "job" => name).increment(1);
    }
}

/// A live stream opened (`+1.0`) or closed (`-1.0`).
pub fn live_stream(change: f64) {
    metrics::gauge!(LIVE_STREAMS).increment(change);
}
