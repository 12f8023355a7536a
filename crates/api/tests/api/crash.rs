//! No notification is lost across a crash: a real `crm serve` process files
//! a report (its event committed), is killed with SIGKILL while the
//! receiver holds its delivery unanswered, and a new process on the same
//! database delivers the event once its predecessor's lease runs out.

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

both_backends!(an_event_survives_a_kill_between_commit_and_delivery);
