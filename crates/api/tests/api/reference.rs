//! Reference data as an empty database serves it.

use crate::both_backends;
use crate::common::{json_of, TestApp};
use serde_json::Value;

async fn health_and_reference_data(app: TestApp) {
    let h: Value = json_of(
        app.request(reqwest::Method::GET, "/healthz")
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    assert_eq!(h, serde_json::json!({"status": "ok"}));

    for (level, n) in [
        ("provinsi", 1),
        ("kota", 6),
        ("kecamatan", 44),
        ("kelurahan", 267),
        ("dinas", 13),
        ("sudin", 72),
    ] {
        let units: Vec<Value> = json_of(
            app.request(
                reqwest::Method::GET,
                &format!("/api/v1/units?level={level}"),
            )
            .send()
            .await
            .expect("req"),
            200,
        )
        .await;
        assert_eq!(units.len(), n, "{level}");
        assert!(units.iter().all(|u| u["level"] == level));
    }
    let kel: Vec<Value> = json_of(
        app.request(reqwest::Method::GET, "/api/v1/units?parent=31.71.01")
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    let gambir = kel
        .iter()
        .find(|u| u["code"] == "31.71.01.1001")
        .expect("Gambir");
    assert_eq!(gambir["name"], "Gambir");
    assert_eq!(gambir["parent_code"], "31.71.01");

    let channels: Vec<Value> = json_of(
        app.request(reqwest::Method::GET, "/api/v1/channels")
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    assert_eq!(channels.len(), 14);
    assert_eq!(channels[0]["code"], "jaki");
    assert!(channels.iter().any(|c| c["name"] == "LAPOR! 1708"));

    let cats: Vec<Value> = json_of(
        app.request(reqwest::Method::GET, "/api/v1/categories")
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    let find = |name: &str| {
        cats.iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let s = find("Sampah");
    assert_eq!(
        (s["weight"].as_f64(), &s["bands"]),
        (
            Some(1.5),
            &serde_json::json!({"t1": 29.0, "t2": 45.0, "t3": 67.0})
        )
    );
    let tj = find("Laporan Transjakarta");
    assert_eq!(
        (tj["weight"].as_f64(), &tj["bands"]),
        (
            Some(0.0),
            &serde_json::json!({"t1": 5.0, "t2": 9.0, "t3": 12.0})
        )
    );
    let kriminal = find("Kriminal");
    assert_eq!(
        (kriminal["weight"].as_f64(), &kriminal["bands"]),
        (
            Some(4.0),
            &serde_json::json!({"t1": 24.0, "t2": 72.0, "t3": 168.0})
        )
    );
    let ipb = find("Pelanggaran Izin Bangunan");
    assert_eq!(
        (ipb["weight"].as_f64(), &ipb["bands"]),
        (
            Some(4.0),
            &serde_json::json!({"t1": 46.0, "t2": 70.0, "t3": 105.0})
        )
    );
}

async fn reference_data_is_loaded_once(app: TestApp) {
    // A second start over the same database adds nothing.
    let before: Vec<Value> = json_of(
        app.request(reqwest::Method::GET, "/api/v1/units")
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    let db = app.state.db.clone();
    actix_web::rt::task::spawn_blocking(move || crm_api::db::reference::ensure(&db))
        .await
        .expect("task")
        .expect("ensure");
    let db = app.state.db.clone();
    let (units, cats, chans) =
        actix_web::rt::task::spawn_blocking(move || db.read_blocking(crm_api::db::reference::load))
            .await
            .expect("task")
            .expect("load");
    assert_eq!(units.len(), before.len());
    assert_eq!(units.len(), 1 + 6 + 44 + 267 + 13 + 72);
    assert_eq!(chans.len(), 14);
    assert_eq!(cats.len(), crm_domain::category::DEFAULT_CATEGORIES.len());
}

both_backends!(health_and_reference_data, reference_data_is_loaded_once);
