//! What the city's operators rely on: `/readyz` for the balancer, `/metrics`
//! for the scraper (administrators on the main address, anyone on the
//! separate `--metrics-addr`), and a server that stops well on SIGTERM
//! (its live streams told to reconnect, the process exiting cleanly).

use crate::both_backends;
use crate::common::process::Process;
use crate::common::{json_of, problem, report, TestApp, GAMBIR};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

async fn readiness_follows_the_database_and_stopping(app: TestApp) {
    let ready: Value = json_of(
        app.request(Method::GET, "/readyz")
            .send()
            .await
            .expect("readyz"),
        200,
    )
    .await;
    assert_eq!(ready["status"], "ready");
    app.state.shutdown.begin();
    let p = problem(
        app.request(Method::GET, "/readyz")
            .send()
            .await
            .expect("readyz"),
        503,
    )
    .await;
    assert!(p["detail"].as_str().is_some_and(|d| d.contains("stopping")));
    // Still alive while it drains.
    json_of::<Value>(
        app.request(Method::GET, "/healthz")
            .send()
            .await
            .expect("healthz"),
        200,
    )
    .await;
}

/// The value of the sample whose name and labels start with `prefix`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn metrics_are_for_operators(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let admin = app.login("admin").await;
    let filed = app.file(&officer, report(Some(GAMBIR))).await;
    let number = filed["number"].as_i64().expect("number");
    for _ in 0..3 {
        json_of::<Value>(
            app.get(&officer, &format!("/api/v1/reports/{number}"))
                .await,
            200,
        )
        .await;
    }
    problem(app.get(&officer, "/api/v1/reports/999999").await, 404).await;

    problem(
        app.request(Method::GET, "/metrics")
            .send()
            .await
            .expect("anon"),
        401,
    )
    .await;
    problem(app.get(&officer, "/metrics").await, 403).await;
    let resp = app.get(&admin, "/metrics").await;
    assert_eq!(resp.status(), 200);
    assert!(resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain")));
    let text = resp.text().await.expect("text");
    let route = r#"route="/api/v1/reports/{number}""#;
    let ok = format!(r#"crm_http_requests_total{{method="GET",{route},status="200"}}"#);
    assert!(
        sample(&text, &ok).is_some_and(|n| n >= 3.0),
        "three reads counted under the route's pattern:\n{text}"
    );
    let missing = format!(r#"crm_http_requests_total{{method="GET",{route},status="404"}}"#);
    assert!(sample(&text, &missing).is_some_and(|n| n >= 1.0));
    assert!(
        !text.contains("/api/v1/reports/999999"),
        "paths are never labels, only patterns"
    );
    assert!(text.contains(&format!(
        r#"crm_http_request_duration_seconds_bucket{{method="GET",{route},status="200",le="0.1"}}"#
    )));
    assert!(sample(&text, "crm_db_pool_connections").is_some_and(|n| n >= 1.0));
    assert!(sample(&text, "crm_db_pool_wait_seconds_count").is_some_and(|n| n >= 1.0));
    // The report's event waits in the outbox (no worker runs here).
    assert!(sample(&text, r#"crm_outbox_events{state="pending"}"#).is_some_and(|n| n >= 1.0));
    assert!(sample(&text, "crm_outbox_oldest_pending_seconds").is_some_and(|n| n >= 0.0));
}

async fn a_stopping_server_tells_its_streams_and_exits_cleanly(app: TestApp) {
    let port = Process::free_port();
    let metrics_addr = format!("127.0.0.1:{port}");
    let server = Process::start_with(&app, &["--metrics-addr", &metrics_addr]).await;
    // The scraper needs no sign-in on the operators' address.
    let text = reqwest::get(format!("http://{metrics_addr}/metrics"))
        .await
        .expect("scrape")
        .text()
        .await
        .expect("text");
    assert!(text.contains("crm_http_requests_total"), "{text}");
    assert!(
        text.contains(r#"crm_job_duration_seconds_count{job="journal"}"#),
        "{text}"
    );

    let camat = app.login("camat.gambir").await;
    let ticket: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/events/ticket", server.base))
        .bearer_auth(&camat)
        .json(&json!({}))
        .send()
        .await
        .expect("ticket")
        .json()
        .await
        .expect("json");
    let mut stream = reqwest::get(format!(
        "{}/api/v1/events?ticket={}",
        server.base,
        ticket["ticket"].as_str().expect("ticket")
    ))
    .await
    .expect("stream");
    assert_eq!(stream.status(), 200);
    // The greeting arrives before the server is told to stop.
    let hello = stream.chunk().await.expect("read").expect("hello");
    assert!(String::from_utf8_lossy(&hello).contains("connected"));

    let stopping = actix_web::rt::spawn(server.terminate());
    let mut said = String::new();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(chunk)) = stream.chunk().await {
            said.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream ends when the server stops");
    assert!(
        said.contains("event: reconnect") && said.contains("retry: 1000"),
        "told to reconnect: {said}"
    );
    assert!(
        stopping.await.expect("joined"),
        "the server exits cleanly on SIGTERM"
    );
}

both_backends!(
    readiness_follows_the_database_and_stopping,
    metrics_are_for_operators,
    a_stopping_server_tells_its_streams_and_exits_cleanly,
);
