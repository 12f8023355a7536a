//! Several servers over one database, as real `crm serve` processes. On
//! PostgreSQL they share one truth within a second: a report filed on one
//! is heard on another's live stream, a category edited on one is served by
//! the other, a session ended on one is refused by the other. SQLite is a
//! single-server engine: a second server on the same file is refused.

use crate::both_backends;
use crate::common::process::Process;
use crate::common::{report, Backend, TestApp, GAMBIR};
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// How soon a change must reach the other server.
const WITHIN: Duration = Duration::from_secs(1);

fn at(base: &str, method: Method, path: &str, token: &str) -> RequestBuilder {
    Client::new()
        .request(method, format!("{base}/api/v1{path}"))
        .bearer_auth(token)
}

/// Polls `check` until it holds, for at most [`WITHIN`] (plus a little for
/// the request itself); returns how long it took.
async fn within<F, Fut>(what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < WITHIN + Duration::from_millis(500),
            "{what}: not seen on the other server within a second"
        );
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn servers_share_one_truth(app: TestApp) {
    let first = Process::start(&app).await;
    if app.backend == Backend::Sqlite {
        let second = Process::try_start(&app).await.err().expect("refused");
        assert!(
            second.contains("single-server") && second.contains("PostgreSQL"),
            "{second}"
        );
        return;
    }
    let second = Process::start(&app).await;
    let (a, b) = (first.base.as_str(), second.base.as_str());
    let admin = app.login("admin").await;
    let camat = app.login("camat.gambir").await;

    // A report filed on the second is heard on the first's live stream.
    let ticket: Value = at(a, Method::POST, "/events/ticket", &camat)
        .json(&json!({}))
        .send()
        .await
        .expect("ticket")
        .json()
        .await
        .expect("json");
    let ticket = ticket["ticket"].as_str().expect("ticket").to_string();
    let mut stream = Client::new()
        .get(format!("{a}/api/v1/events?ticket={ticket}"))
        .send()
        .await
        .expect("stream");
    assert_eq!(stream.status(), 200);
    let officer = app.login("petugas.gambir").await;
    let filed: Value = at(b, Method::POST, "/reports", &officer)
        .json(&report(Some(GAMBIR)))
        .send()
        .await
        .expect("file")
        .json()
        .await
        .expect("json");
    let number = filed["number"].as_i64().expect("number");
    let sent = Instant::now();
    let mut buf = String::new();
    let heard = loop {
        let left = (WITHIN + Duration::from_millis(500)).saturating_sub(sent.elapsed());
        let chunk = tokio::time::timeout(left, stream.chunk())
            .await
            .expect("an event within a second")
            .expect("read")
            .expect("stream open");
        buf.push_str(&String::from_utf8_lossy(&chunk));
        if let Some(data) = buf
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .find(|e| e["report_number"] == number)
        {
            break data;
        }
    };
    assert_eq!(heard["kind"], "report");
    assert_eq!(heard["holder_code"], GAMBIR);

    // A category edited on the first is served by the second.
    let edit = json!({"weight": 9.0, "bands": {"t1": 31.0, "t2": 47.0, "t3": 69.0}, "evidence_required": true});
    let put = at(a, Method::PUT, "/categories/sampah", &admin)
        .json(&edit)
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), 200);
    within("the category edit", || async {
        let cats: Value = at(b, Method::GET, "/categories", &admin)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        cats.as_array().is_some_and(|l| {
            l.iter()
                .any(|c| c["code"] == "sampah" && c["weight"] == 9.0 && c["bands"]["t1"] == 31.0)
        })
    })
    .await;

    // A session ended on the first is refused by the second.
    let token = app.sign_in("petugas2.gambir").await;
    let me = at(b, Method::GET, "/auth/me", &token)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 200);
    let out = at(a, Method::POST, "/auth/logout", &token)
        .json(&json!({}))
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), 204);
    within("the ended session", || async {
        at(b, Method::GET, "/auth/me", &token)
            .send()
            .await
            .expect("me")
            .status()
            == 401
    })
    .await;
}

both_backends!(servers_share_one_truth);
