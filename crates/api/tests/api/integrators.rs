//! API keys: administrators create them; a channel's system files reports for
//! its own channel; a channel reference is filed once.

use crate::both_backends;
use crate::common::{fields, json_of, problem, report, TestApp, GAMBIR};
use reqwest::Method;
use serde_json::{json, Value};

async fn only_administrators_create_keys_and_keys_are_stored_hashed(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let body = json!({"channel": "jaki", "label": "JAKI production"});
    problem(app.post(&officer, "/api/v1/api-keys", &body).await, 403).await;
    problem(
        app.request(Method::POST, "/api/v1/api-keys")
            .json(&body)
            .send()
            .await
            .expect("req"),
        401,
    )
    .await;
    let admin = app.login("admin").await;
    let p = problem(
        app.post(
            &admin,
            "/api/v1/api-keys",
            &json!({"channel": "telex", "label": "x"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["channel"]);
    let created: Value = json_of(app.post(&admin, "/api/v1/api-keys", &body).await, 201).await;
    assert_eq!(created["channel"], "jaki");
    let key = created["key"].as_str().expect("key").to_string();
    assert!(key.len() > 40);

    let db = app.state.db.clone();
    let stored: Vec<String> = actix_web::rt::task::spawn_blocking(move || {
        db.read_blocking(|conn| -> Result<Vec<String>, crm_api::db::DbError> {
            use crm_api::db::schema::api_keys;
            use diesel::prelude::*;
            Ok(api_keys::table.select(api_keys::key_hash).load(conn)?)
        })
    })
    .await
    .expect("task")
    .expect("query");
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], key);
    assert!(!stored[0].contains(&key));
}

async fn integrators_file_for_their_own_channel_once_per_reference(app: TestApp) {
    let admin = app.login("admin").await;
    let created: Value = json_of(
        app.post(
            &admin,
            "/api/v1/api-keys",
            &json!({"channel": "jaki", "label": "JAKI"}),
        )
        .await,
        201,
    )
    .await;
    let key = created["key"].as_str().expect("key").to_string();
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("JAKI-2026-0001");
    body["lat"] = json!(-6.1754);
    body["lon"] = json!(106.8272);
    let send = |b: Value| {
        app.request(Method::POST, "/api/v1/reports")
            .header("X-API-Key", key.clone())
            .json(&b)
            .send()
    };

    let first = send(body.clone()).await.expect("req");
    let first: Value = json_of(first, 201).await;
    assert_eq!(first["channel"], "jaki");
    assert_eq!(first["geotagged"], true);
    assert_eq!(first["history"][0]["actor"], "JAKI (Jakarta Kini)");
    let again: Value = json_of(send(body.clone()).await.expect("req"), 200).await;
    assert_eq!(again["number"], first["number"]);

    // Fifty deliveries of one new reference at the same moment make one report.
    body["channel_ref"] = json!("JAKI-2026-0002");
    let results = futures_util::future::join_all((0..50).map(|_| send(body.clone()))).await;
    let mut numbers = Vec::new();
    let mut created_count = 0;
    for r in results {
        let r = r.expect("req");
        let status = r.status().as_u16();
        assert!(status == 201 || status == 200, "status {status}");
        if status == 201 {
            created_count += 1;
        }
        let v: Value = r.json().await.expect("json");
        numbers.push(v["number"].as_i64().expect("n"));
    }
    numbers.dedup();
    assert_eq!(numbers.len(), 1, "one report for one reference");
    assert_eq!(created_count, 1);
    assert_eq!(app.all_numbers("&channel=jaki").await.len(), 2);

    // Another channel's report is refused; so is a wrong key.
    let mut other = report(Some(GAMBIR));
    other["channel"] = json!("qlue");
    let p = problem(send(other).await.expect("req"), 422).await;
    assert_eq!(fields(&p), vec!["channel"]);
    let resp = app
        .request(Method::POST, "/api/v1/reports")
        .header("X-API-Key", "crmk_not-a-real-key")
        .json(&body)
        .send()
        .await
        .expect("req");
    problem(resp, 401).await;
    // Keys open intake only, not staff lists.
    let resp = app
        .request(Method::GET, "/api/v1/reports")
        .header("X-API-Key", key.clone())
        .send()
        .await
        .expect("req");
    problem(resp, 401).await;
}

both_backends!(
    only_administrators_create_keys_and_keys_are_stored_hashed,
    integrators_file_for_their_own_channel_once_per_reference,
);
