//! The three ways a report comes into being (filed through the API, imported
//! from the old system, loaded as demo data) go through one door: each
//! report's stored state is the state its history implies, and reports of
//! the same status have histories of the same shape.

use crate::both_backends;
use crate::common::{json_of, report, TestApp, GAMBIR};
use crm_domain::ReportStatus;
use reqwest::Method;
use serde_json::Value;

const ROWS: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete
1044857,31.71.01.1001,sampah,wait,6/3/2021 8:00,
1044858,31.71.01.1001,sampah,complete,6/1/2021 8:00,6/1/2021 18:00
";

fn kinds(r: &Value) -> Vec<String> {
    r["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// What every report, however it came, must show: it begins with one public
/// arrival (Menunggu, at the unit it first went to), its status is its last
/// entry's, its version counts its entries, and its times are those of its
/// entries.
fn check_shape(r: &Value) {
    let history = r["history"].as_array().expect("history");
    let first = &history[0];
    assert_eq!(first["kind"], "arrive", "{r}");
    assert_eq!(first["status"], "menunggu");
    assert_eq!(first["public"], true);
    assert!(
        history.iter().skip(1).all(|e| e["kind"] != "arrive"),
        "one arrival"
    );
    assert_eq!(history.last().map(|e| &e["status"]), Some(&r["status"]));
    assert_eq!(r["version"], history.len(), "version counts the entries");
    let at_of = |kind: &str| {
        history
            .iter()
            .find(|e| e["kind"] == kind)
            .map(|e| e["at"].clone())
    };
    assert_eq!(
        r["completed_at"],
        at_of("complete").unwrap_or(Value::Null),
        "completion time is the completion entry's"
    );
    assert_eq!(r["verified_at"], at_of("approve").unwrap_or(Value::Null));
    let responded = history
        .iter()
        .skip(1)
        .find(|e| ["take_up", "dispose", "coordinate"].contains(&e["kind"].as_str().unwrap_or("")))
        .map(|e| e["at"].clone());
    assert_eq!(r["first_response_at"], responded.unwrap_or(Value::Null));
}

async fn filed_imported_and_demo_reports_share_one_shape(app: TestApp) {
    let admin = app.login("admin").await;
    let m = app.login("monitoring").await;

    // Filed through the API.
    let filed = app.file(&m, report(Some(GAMBIR))).await;
    let filed: Value = json_of(
        app.get(&m, &format!("/api/v1/reports/{}", filed["number"]))
            .await,
        200,
    )
    .await;

    // Imported from the old system.
    let resp = app
        .request(Method::POST, "/api/v1/imports/reports")
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(ROWS)
        .send()
        .await
        .expect("send");
    let _: Value = json_of(resp, 200).await;
    let imported_waiting: Value = json_of(app.get(&m, "/api/v1/reports/1044857").await, 200).await;
    let imported_done: Value = json_of(app.get(&m, "/api/v1/reports/1044858").await, 200).await;

    // Demo data, written through the demo loader's own path.
    let now = crm_api::db::time::now();
    let demo = crm_api::demo::generate(&[GAMBIR.to_string()], now, 200);
    let pick = |s: ReportStatus| {
        demo.iter()
            .find(|(d, a)| a.case.status == s && d.kelurahan.is_some())
            .cloned()
            .expect("a demo report of each status")
    };
    let mut demo_numbers = Vec::new();
    for s in [
        ReportStatus::Menunggu,
        ReportStatus::Selesai,
        ReportStatus::Disposisi,
    ] {
        let (details, arrival) = pick(s);
        demo_numbers.push(app.write_demo(details, arrival).await);
    }
    let mut demo_reports = Vec::new();
    for n in demo_numbers {
        demo_reports
            .push(json_of::<Value>(app.get(&m, &format!("/api/v1/reports/{n}")).await, 200).await);
    }

    for r in [&filed, &imported_waiting, &imported_done]
        .into_iter()
        .chain(demo_reports.iter())
    {
        check_shape(r);
    }
    // Waiting reports: one arrival entry each, wherever they came from.
    assert_eq!(kinds(&filed), ["arrive"]);
    assert_eq!(kinds(&imported_waiting), ["arrive"]);
    assert_eq!(kinds(&demo_reports[0]), ["arrive"]);
    // Done reports: the same steps, imported or generated.
    assert_eq!(kinds(&imported_done), kinds(&demo_reports[1]));
    assert_eq!(
        kinds(&imported_done),
        ["arrive", "take_up", "complete", "approve"]
    );
    assert_eq!(imported_done["status"], "selesai");
    assert_eq!(demo_reports[1]["status"], "selesai");
    // A generated hand-over moved the report and counts once.
    let handed = &demo_reports[2];
    assert_eq!(handed["status"], "disposisi");
    assert_eq!(handed["handovers"], 1);
    assert_ne!(handed["holder_code"], handed["history"][0]["unit_code"]);
}

both_backends!(filed_imported_and_demo_reports_share_one_shape);
