//! Heavy reads from a streaming replica: a real one, made with
//! `pg_basebackup` from a primary of the test's own. A search reads the
//! replica while it keeps up (a report written on the primary is read there
//! within the bound), the primary when the replica lags past the bound or is
//! down; plain lists always read the primary. SQLite has no replica and
//! says so.

use crate::both_backends;
use crate::common::pg::replicated;
use crate::common::{json_of, report, Backend, TestApp, GAMBIR};
use crm_api::config::ReplicaArgs;
use crm_api::state::AppState;
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The lag the test's server allows its replica.
const MAX_LAG: Duration = Duration::from_secs(5);

async fn numbers(app: &TestApp, token: &str, query: &str) -> Vec<i64> {
    let list: Value = json_of(
        app.get(token, &format!("/api/v1/reports?{query}")).await,
        200,
    )
    .await;
    let mut out: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["number"].as_i64())
        .collect();
    out.sort();
    out
}

fn on_replica(url: &str, sql: &str) {
    let mut conn = PgConnection::establish(url).expect("replica");
    diesel::sql_query(sql).execute(&mut conn).expect(sql);
}

async fn heavy_reads_come_from_a_replica_that_keeps_up(app: TestApp) {
    if app.backend == Backend::Sqlite {
        let mut opts = app.opts.clone();
        opts.replica = ReplicaArgs {
            database_read_url: Some("postgres://nobody@127.0.0.1:1/crm".into()),
            ..Default::default()
        };
        let refused = actix_web::rt::task::spawn_blocking(move || AppState::open(&opts).err())
            .await
            .expect("joined")
            .expect("refused");
        assert!(
            refused.to_string().contains("needs PostgreSQL"),
            "{refused}"
        );
        return;
    }
    let pair = actix_web::rt::task::spawn_blocking(replicated)
        .await
        .expect("joined")
        .expect("a primary and its replica");
    let (primary, replica) = (pair.primary_url.clone(), pair.replica_url.clone());
    let app = TestApp::spawn_configured(Backend::Postgres, true, move |o| {
        o.database_url = primary;
        o.replica = ReplicaArgs {
            database_read_url: Some(replica),
            read_max_lag_ms: MAX_LAG.as_millis() as u64,
        };
    })
    .await;
    let officer = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["description"] = "Replikasi: lampu jalan padam di gang tiga".into();
    let a = app.file(&officer, body.clone()).await["number"]
        .as_i64()
        .expect("number");
    // Written on the primary, read on the replica within the bound.
    let started = Instant::now();
    while numbers(&app, &officer, "q=replikasi").await != vec![a] {
        assert!(
            started.elapsed() < MAX_LAG,
            "the replica never showed the report"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }

    // The replica stops replaying: a new report is on the primary only.
    let url = pair.replica_url.clone();
    actix_web::rt::task::spawn_blocking(move || on_replica(&url, "SELECT pg_wal_replay_pause()"))
        .await
        .expect("paused");
    let b = app.file(&officer, body.clone()).await["number"]
        .as_i64()
        .expect("number");
    assert_eq!(
        numbers(&app, &officer, "q=replikasi").await,
        vec![a],
        "the search reads the replica while its lag is within the bound"
    );
    assert!(
        numbers(&app, &officer, "limit=100").await.contains(&b),
        "a plain list reads the primary"
    );
    // Past the bound, the primary answers the search.
    actix_web::rt::time::sleep(MAX_LAG + Duration::from_millis(1500)).await;
    assert_eq!(numbers(&app, &officer, "q=replikasi").await, vec![a, b]);

    // A replica that is down is not waited for.
    let url = pair.replica_url.clone();
    actix_web::rt::task::spawn_blocking(move || on_replica(&url, "SELECT pg_wal_replay_resume()"))
        .await
        .expect("resumed");
    pair.replica.stop().expect("replica stopped");
    actix_web::rt::time::sleep(Duration::from_millis(1100)).await;
    let started = Instant::now();
    assert_eq!(numbers(&app, &officer, "q=replikasi").await, vec![a, b]);
    assert!(started.elapsed() < Duration::from_secs(4));
}

both_backends!(heavy_reads_come_from_a_replica_that_keeps_up);
