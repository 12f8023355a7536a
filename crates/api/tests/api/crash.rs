//! Nothing acknowledged is lost across a crash: a real `crm serve` process
//! killed with SIGKILL under concurrent intake keeps every report it
//! answered 201 for (SQLite commits them in groups: each answer waits for
//! its group's commit); and one killed while the receiver holds a delivery
//! unanswered is followed by a new process on the same database that
//! delivers the event once its predecessor's lease runs out.

use crate::both_backends;
use crate::channels::{hook_for, key_for, newest_delivery_state, Receiver};
use crate::common::process::Process;
use crate::common::{report, TestApp, GAMBIR};
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

async fn an_event_survives_a_kill_between_commit_and_delivery(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let rx = Receiver::start(0).await;
    hook_for(&app, &admin, "jaki", &rx.url).await;
    // The receiver takes the delivery and never answers.
    rx.hang.store(true, Ordering::SeqCst);

    let first = Process::start(&app).await;
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("CRASH-1");
    let resp = reqwest::Client::new()
        .post(format!("{}/api/v1/reports", first.base))
        .header("X-API-Key", &key)
        .json(&body)
        .send()
        .await
        .expect("file");
    assert_eq!(resp.status(), 201);
    let filed: Value = resp.json().await.expect("json");
    let number = filed["number"].as_i64().expect("number");
    // The process is delivering: kill it before the receiver answers.
    let got = rx.wait_for(20, |g| !g.is_empty()).await;
    let event_id = got[0].event_id.clone();
    first.kill9();

    // Nothing was acknowledged; a new process delivers the same event.
    rx.hang.store(false, Ordering::SeqCst);
    let _second = Process::start(&app).await;
    let got = rx.wait_for(30, |g| g.len() >= 2).await;
    assert_eq!(got[1].event_id, event_id, "the same event, again");
    let event: Value = serde_json::from_str(&got[1].body).expect("json");
    assert_eq!(event["report_number"], number);
    assert_eq!(event["type"], "report_received");
    assert_eq!(
        newest_delivery_state(&app, &admin, number, "delivered").await,
        "delivered"
    );
}

async fn every_acknowledged_report_survives_a_kill_under_concurrent_intake(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let server = Process::start(&app).await;
    let client = reqwest::Client::new();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for t in 0..16 {
        let (client, base, key, stop) = (
            client.clone(),
            server.base.clone(),
            key.clone(),
            stop.clone(),
        );
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut body = report(Some(GAMBIR));
                body["channel"] = json!("jaki");
                body["channel_ref"] = json!(format!("KILL-{t}-{i}"));
                let Ok(resp) = client
                    .post(format!("{base}/api/v1/reports"))
                    .header("X-API-Key", &key)
                    .json(&body)
                    .send()
                    .await
                else {
                    break;
                };
                if resp.status() != 201 {
                    break;
                }
                let Ok(filed) = resp.json::<Value>().await else {
                    break;
                };
                acknowledged.push(filed["number"].as_i64().expect("number"));
            }
            acknowledged
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.kill9();
    stop.store(true, Ordering::SeqCst);
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.expect("writer"));
    }
    assert!(
        acknowledged.len() >= 100,
        "too few filings to mean anything: {}",
        acknowledged.len()
    );
    let m = app.login("monitoring").await;
    let mut missing = Vec::new();
    for n in &acknowledged {
        if app.get(&m, &format!("/api/v1/reports/{n}")).await.status() != 200 {
            missing.push(*n);
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged reports were lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
}

both_backends!(
    an_event_survives_a_kill_between_commit_and_delivery,
    every_acknowledged_report_survives_a_kill_under_concurrent_intake,
);
