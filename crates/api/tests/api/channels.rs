//! Channels and integrators: batch intake, placement by kelurahan
//! boundaries, photo addresses, webhooks (signed, retried, dead-lettered,
//! retried by an administrator, secret rotation), API key administration,
//! and delivery across a `kill -9` of the server process.

use crate::both_backends;
use crate::common::{act_ok, fields, json_of, problem, report, TestApp, GAMBIR, KEBON_KELAPA};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use crm_api::webhook;
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub event_id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Received {
    /// Verified as an integrator does it, with the published Standard
    /// Webhooks library.
    pub fn verify(&self, secret: &str) -> Result<(), standardwebhooks::WebhookError> {
        let mut headers = http::HeaderMap::new();
        for (name, value) in [
            ("webhook-id", &self.event_id),
            ("webhook-timestamp", &self.timestamp),
            ("webhook-signature", &self.signature),
        ] {
            headers.insert(
                name,
                http::HeaderValue::from_str(value).expect("a header value"),
            );
        }
        standardwebhooks::Webhook::new(secret)?.verify(self.body.as_bytes(), &headers)
    }
}

/// A local webhook receiver: records every request; answers 500 to the
/// first `fail` requests, never answers while `hang` is set, else 200.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub fail: Arc<AtomicUsize>,
    pub hang: Arc<AtomicBool>,
}

impl Receiver {
    pub async fn start(fail: usize) -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let fail = Arc::new(AtomicUsize::new(fail));
        let hang = Arc::new(AtomicBool::new(false));
        let (g, f, h) = (got.clone(), fail.clone(), hang.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = HttpServer::new(move || {
            let (g, f, h) = (g.clone(), f.clone(), h.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let (g, f, h) = (g.clone(), f.clone(), h.clone());
                async move {
                    let header = |n: &str| {
                        req.headers()
                            .get(n)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_string()
                    };
                    g.lock().expect("lock").push(Received {
                        event_id: header(webhook::ID_HEADER),
                        timestamp: header(webhook::TIMESTAMP_HEADER),
                        signature: header(webhook::SIGNATURE_HEADER),
                        body: String::from_utf8_lossy(&body).to_string(),
                    });
                    if h.load(Ordering::SeqCst) {
                        actix_web::rt::time::sleep(Duration::from_secs(120)).await;
                    }
                    let failing = f
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if failing {
                        HttpResponse::InternalServerError().finish()
                    } else {
                        HttpResponse::Ok().finish()
                    }
                }
            }))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        actix_web::rt::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            got,
            fail,
            hang,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }

    /// Waits until `pred` holds over what was received (at most `secs`).
    pub async fn wait_for(&self, secs: u64, pred: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        for _ in 0..secs * 20 {
            let got = self.received();
            if pred(&got) {
                return got;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the receiver did not get what was expected: {:#?}",
            self.received()
        );
    }
}

/// Creates an API key for a channel; returns the key.
pub async fn key_for(app: &TestApp, admin: &str, channel: &str) -> String {
    let created: Value = json_of(
        app.post(
            admin,
            "/api/v1/api-keys",
            &json!({"channel": channel, "label": format!("{channel} test")}),
        )
        .await,
        201,
    )
    .await;
    created["key"].as_str().expect("key").to_string()
}

/// Sets a channel's webhook; returns its secret.
pub async fn hook_for(app: &TestApp, admin: &str, channel: &str, url: &str) -> String {
    let saved: Value = json_of(
        app.request(Method::PUT, &format!("/api/v1/channels/{channel}/webhook"))
            .bearer_auth(admin)
            .json(&json!({"url": url}))
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    saved["secret"].as_str().expect("secret").to_string()
}

/// The state of a report's newest delivery, once it is `state` (or as it
/// stands after fifteen seconds).
pub async fn newest_delivery_state(app: &TestApp, admin: &str, number: i64, state: &str) -> Value {
    let mut now = Value::Null;
    for _ in 0..300 {
        let page: Value = json_of(
            app.get(admin, &format!("/api/v1/deliveries?report={number}"))
                .await,
            200,
        )
        .await;
        now = page["items"][0]["state"].clone();
        if now == state {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    now
}

fn channel_report(channel: &str, reference: &str) -> Value {
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!(channel);
    body["channel_ref"] = json!(reference);
    body
}

async fn send_with_key(app: &TestApp, key: &str, path: &str, body: &Value) -> reqwest::Response {
    app.request(Method::POST, path)
        .header("X-API-Key", key)
        .json(body)
        .send()
        .await
        .expect("req")
}

async fn a_batch_answers_each_report_on_its_own(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "qlue").await;
    let mut bad = channel_report("qlue", "Q-3");
    bad["category"] = json!("no-such-category");
    let mut wrong_type = channel_report("qlue", "Q-4");
    wrong_type["lat"] = json!("north");
    let batch = json!({"reports": [
        channel_report("qlue", "Q-1"),
        channel_report("qlue", "Q-2"),
        bad,
        channel_report("qlue", "Q-1"),
        wrong_type,
        channel_report("jaki", "J-1"),
    ]});
    let out: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports/batch", &batch).await,
        200,
    )
    .await;
    let statuses: Vec<i64> = out["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["status"].as_i64().expect("status"))
        .collect();
    assert_eq!(statuses, vec![201, 201, 422, 200, 422, 422]);
    assert_eq!(
        (
            out["created"].as_i64(),
            out["existing"].as_i64(),
            out["rejected"].as_i64()
        ),
        (Some(2), Some(1), Some(3))
    );
    let items = out["items"].as_array().expect("items");
    assert_eq!(items[3]["report"]["number"], items[0]["report"]["number"]);
    assert_eq!(fields(&items[2]["problem"]), vec!["category"]);
    assert_eq!(fields(&items[4]["problem"]), vec!["lat"]);
    assert_eq!(fields(&items[5]["problem"]), vec!["channel"]);
    assert_eq!(items[1]["index"], 1);
    assert_eq!(app.all_numbers("&channel=qlue").await.len(), 2);

    // The whole batch is refused when it is empty, too big or not a batch.
    let p = problem(
        send_with_key(&app, &key, "/api/v1/reports/batch", &json!({"reports": []})).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["reports"]);
    let many: Vec<Value> = (0..501)
        .map(|i| channel_report("qlue", &format!("M-{i}")))
        .collect();
    problem(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports/batch",
            &json!({"reports": many}),
        )
        .await,
        422,
    )
    .await;
    problem(
        send_with_key(&app, &key, "/api/v1/reports/batch", &json!([1, 2])).await,
        422,
    )
    .await;
    let p = problem(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports/batch",
            &json!({"reports": "x"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["reports"]);
    let p = problem(
        send_with_key(&app, &key, "/api/v1/reports/batch", &json!({"report": []})).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["report"]);
    let resp = app
        .request(Method::POST, "/api/v1/reports/batch")
        .header("X-API-Key", &key)
        .header("Content-Type", "application/json")
        .body("{\"reports\": [")
        .send()
        .await
        .expect("req");
    problem(resp, 400).await;
    assert_eq!(app.all_numbers("&channel=qlue").await.len(), 2);
    // 500 is allowed.
    let full: Vec<Value> = (0..500)
        .map(|i| channel_report("qlue", &format!("F-{i}")))
        .collect();
    let out: Value = json_of(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports/batch",
            &json!({"reports": full}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(out["created"], 500);
    assert_eq!(app.all_numbers("&channel=qlue").await.len(), 502);
}

fn square(code: &str, x0: f64, y0: f64, d: f64) -> Value {
    json!({
        "type": "Feature",
        "properties": {"kode": code, "nama": "x"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]
        ]]}
    })
}

async fn put_geojson(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request(Method::PUT, "/api/v1/boundaries")
        .bearer_auth(token)
        .header("Content-Type", "application/geo+json")
        .body(body.to_string())
        .send()
        .await
        .expect("req")
}

async fn boundaries_place_reports_and_outside_ones_go_to_triage_flagged(app: TestApp) {
    let admin = app.login("admin").await;
    let officer = app.login("petugas.gambir").await;
    let key = key_for(&app, &admin, "jaki").await;
    let mut at_gambir = channel_report("jaki", "G-0");
    at_gambir.as_object_mut().map(|o| o.remove("kelurahan"));
    // Monas.
    at_gambir["lat"] = json!(-6.1754);
    at_gambir["lon"] = json!(106.8272);
    at_gambir["photo_urls"] = json!(["https://cdn.jaki.example/p/1.jpg"]);

    // Nothing loaded: the built-in boundaries of Jakarta's kelurahan place
    // it from the first start (this point lies by Monas, in Gambir).
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &at_gambir).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["kelurahan_code"], GAMBIR);
    assert_eq!(r["location_flag"], Value::Null);
    assert_eq!(r["photo_urls"], json!(["https://cdn.jaki.example/p/1.jpg"]));
    let built_in: Value = json_of(app.get(&officer, "/api/v1/boundaries").await, 200).await;
    assert_eq!(built_in["features"].as_array().map(Vec::len), Some(267));
    // One kelurahan's outline, for the report page's map: Monas inside it.
    let one: Value = json_of(
        app.get(&officer, &format!("/api/v1/boundaries/{GAMBIR}"))
            .await,
        200,
    )
    .await;
    assert_eq!(one["name"], "Gambir");
    let ring = one["rings"][0].as_array().expect("a ring");
    assert!(ring.len() >= 4);
    let lats: Vec<f64> = ring.iter().filter_map(|p| p[0].as_f64()).collect();
    let lons: Vec<f64> = ring.iter().filter_map(|p| p[1].as_f64()).collect();
    let within = |v: f64, all: &[f64]| {
        all.iter().cloned().fold(f64::MAX, f64::min) < v
            && v < all.iter().cloned().fold(f64::MIN, f64::max)
    };
    assert!(within(-6.1754, &lats) && within(106.8272, &lons), "{one}");
    problem(app.get(&officer, "/api/v1/boundaries/31.71.01").await, 404).await;
    // A point outside the province is outside.
    let mut in_bogor = at_gambir.clone();
    in_bogor["channel_ref"] = json!("G-00");
    in_bogor["lat"] = json!(-6.5950);
    in_bogor["lon"] = json!(106.8166);
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &in_bogor).await,
        201,
    )
    .await;
    assert_eq!(r["location_flag"], "outside_area");

    // Loading: administrators only, JSON only, every bad feature named,
    // nothing loaded when any is bad.
    let fc = json!({"type": "FeatureCollection", "features": [
        square("3171011001", 106.81, -6.18, 0.02),
        square("31.71.01.1005", 106.83, -6.18, 0.02),
    ]});
    problem(put_geojson(&app, &officer, &fc).await, 403).await;
    let bad = json!({"type": "FeatureCollection", "features": [
        square("3171011001", 106.81, -6.18, 0.02),
        square("31.71", 106.83, -6.18, 0.02),
        {"type": "Feature", "properties": {"kode": "3171011005"}, "geometry": {"type": "Point", "coordinates": [106.8, -6.2]}},
    ]});
    let p = problem(put_geojson(&app, &admin, &bad).await, 422).await;
    assert_eq!(fields(&p), vec!["features[1]", "features[2]"]);
    problem(
        put_geojson(
            &app,
            &admin,
            &json!({"type": "Point", "coordinates": [1, 2]}),
        )
        .await,
        400,
    )
    .await;
    let resp = app
        .request(Method::PUT, "/api/v1/boundaries")
        .bearer_auth(&admin)
        .header("Content-Type", "text/plain")
        .body(fc.to_string())
        .send()
        .await
        .expect("req");
    problem(resp, 415).await;
    let loaded: Value = json_of(put_geojson(&app, &admin, &fc).await, 200).await;
    assert_eq!(loaded["loaded"], 2);
    assert_eq!(loaded["missing"].as_array().map(Vec::len), Some(267 - 2));
    let all: Value = json_of(app.get(&officer, "/api/v1/boundaries").await, 200).await;
    assert_eq!(all["features"].as_array().map(Vec::len), Some(2));
    assert_eq!(all["features"][0]["properties"]["code"], GAMBIR);
    // The heatmap draws them, within the caller's area.
    let monitoring = app.login("monitoring").await;
    let heat: Value = json_of(app.get(&monitoring, "/api/v1/stats/heatmap").await, 200).await;
    let codes: Vec<&str> = heat["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .filter_map(|o| o["code"].as_str())
        .collect();
    assert_eq!(codes, vec![GAMBIR, KEBON_KELAPA]);
    assert_eq!(heat["outlines"][0]["rings"][0][0], json!([-6.18, 106.81]));
    let heat: Value = json_of(
        app.get(&officer, &format!("/api/v1/stats/heatmap?unit={GAMBIR}"))
            .await,
        200,
    )
    .await;
    assert_eq!(heat["outlines"].as_array().map(Vec::len), Some(1));

    // Inside a polygon: placed there.
    at_gambir["channel_ref"] = json!("G-1");
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &at_gambir).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["kelurahan_code"], GAMBIR);
    assert_eq!(r["location_flag"], Value::Null);
    let mut at_kelapa = at_gambir.clone();
    at_kelapa["channel_ref"] = json!("G-2");
    at_kelapa["lon"] = json!(106.8405);
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &at_kelapa).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], KEBON_KELAPA);
    // A kelurahan given wins over coordinates.
    at_kelapa["channel_ref"] = json!("G-3");
    at_kelapa["kelurahan"] = json!(GAMBIR);
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &at_kelapa).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], GAMBIR);
    // Outside every boundary (Bogor): accepted, to triage, flagged.
    let mut bogor = at_gambir.clone();
    bogor["channel_ref"] = json!("G-4");
    bogor["lat"] = json!(-6.5950);
    bogor["lon"] = json!(106.8166);
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &bogor).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], Value::Null);
    assert_eq!(r["location_flag"], "outside_area");
    assert!(r["history"][0]["note"]
        .as_str()
        .is_some_and(|n| n.contains("di luar wilayah")));
    // A bad photo address is named.
    bogor["channel_ref"] = json!("G-5");
    bogor["photo_urls"] = json!(["file:///etc/passwd"]);
    let p = problem(
        send_with_key(&app, &key, "/api/v1/reports", &bogor).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["photo_urls[0]"]);

    // Another server on the same database has them, and follows a clear.
    let opts = app.opts.clone();
    let other = actix_web::rt::task::spawn_blocking(move || crm_api::state::AppState::open(&opts))
        .await
        .expect("task")
        .expect("open");
    assert_eq!(other.boundaries.get().len(), 2);
    let stamp = crm_api::jobs::boundaries::refresh(&other, None)
        .await
        .expect("stamp");

    // Cleared: the built-in boundaries place reports again.
    let resp = app
        .request(Method::DELETE, "/api/v1/boundaries")
        .bearer_auth(&admin)
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 204);
    at_gambir["channel_ref"] = json!("G-6");
    let r: Value = json_of(
        send_with_key(&app, &key, "/api/v1/reports", &at_gambir).await,
        201,
    )
    .await;
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["location_flag"], Value::Null);
    crm_api::jobs::boundaries::refresh(&other, Some(stamp))
        .await
        .expect("refresh");
    assert_eq!(other.boundaries.get().len(), 267);
}

async fn api_keys_are_listed_by_label_and_revoked(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let _other = key_for(&app, &admin, "qlue").await;
    let listed: Vec<Value> =
        json_of(app.get(&admin, "/api/v1/api-keys?label=JAKI").await, 200).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["channel"], "jaki");
    assert!(listed[0].get("key").is_none());
    let id = listed[0]["id"].as_i64().expect("id");
    let officer = app.login("petugas.gambir").await;
    problem(app.get(&officer, "/api/v1/api-keys").await, 403).await;
    let revoke = |token: String, id: String| {
        app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"))
            .bearer_auth(token)
            .send()
    };
    problem(
        revoke(officer.clone(), id.to_string()).await.expect("req"),
        403,
    )
    .await;
    problem(
        revoke(admin.clone(), "999999".into()).await.expect("req"),
        404,
    )
    .await;
    assert_eq!(
        revoke(admin.clone(), id.to_string())
            .await
            .expect("req")
            .status(),
        204
    );
    // A revoked key stops at once.
    problem(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports",
            &channel_report("jaki", "R-1"),
        )
        .await,
        401,
    )
    .await;
    let active: Vec<Value> = json_of(app.get(&admin, "/api/v1/api-keys").await, 200).await;
    assert_eq!(active.len(), 1);
    let all: Vec<Value> =
        json_of(app.get(&admin, "/api/v1/api-keys?revoked=true").await, 200).await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|k| k["revoked_at"].is_string()));
    let settings: Vec<Value> =
        json_of(app.get(&admin, "/api/v1/channel-settings").await, 200).await;
    assert_eq!(settings.len(), 14);
    let jaki = settings.iter().find(|c| c["code"] == "jaki").expect("jaki");
    assert_eq!(jaki["active_keys"], 0);
    assert_eq!(jaki["webhook"], Value::Null);
}

/// The events a receiver got, parsed, without repeated deliveries.
fn events(got: &[Received]) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    got.iter()
        .filter(|r| seen.insert(r.event_id.clone()))
        .filter_map(|r| serde_json::from_str(&r.body).ok())
        .collect()
}

async fn webhooks_are_signed_retried_in_order_and_dead_lettered(app: TestApp) {
    let admin = app.login("admin").await;
    let officer = app.login("petugas.gambir").await;
    let key = key_for(&app, &admin, "jaki").await;
    // The receiver fails its first two requests.
    let rx = Receiver::start(2).await;
    let secret = hook_for(&app, &admin, "jaki", &rx.url).await;
    assert!(secret.starts_with("whsec_"));
    // Saving again keeps the secret (and does not show it).
    let again: Value = json_of(
        app.request(Method::PUT, "/api/v1/channels/jaki/webhook")
            .bearer_auth(&admin)
            .json(&json!({"url": rx.url, "active": true}))
            .send()
            .await
            .expect("req"),
        200,
    )
    .await;
    assert_eq!(again["secret"], Value::Null);
    assert_eq!(again["channel"]["webhook"]["url"], rx.url.as_str());
    let bad = app
        .request(Method::PUT, "/api/v1/channels/jaki/webhook")
        .bearer_auth(&admin)
        .json(&json!({"url": "ftp://example.org/x"}))
        .send()
        .await
        .expect("req");
    assert_eq!(fields(&problem(bad, 422).await), vec!["url"]);
    let none = app
        .request(Method::PUT, "/api/v1/channels/telex/webhook")
        .bearer_auth(&admin)
        .json(&json!({"url": "https://example.org/x"}))
        .send()
        .await
        .expect("req");
    problem(none, 404).await;

    let filed: Value = json_of(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports",
            &channel_report("jaki", "W-1"),
        )
        .await,
        201,
    )
    .await;
    let number = filed["number"].as_i64().expect("number");
    act_ok(
        &app,
        &officer,
        number,
        "take-up",
        json!({"note": "Segera ditindaklanjuti"}),
    )
    .await;
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "catatan internal", "public": false}),
    )
    .await;
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "Petugas sudah di lokasi", "public": true}),
    )
    .await;
    // A staff-filed report of an office channel goes to that channel's
    // (absent) webhook: recorded as skipped, never sent.
    app.file(&officer, report(Some(GAMBIR))).await;

    crm_api::jobs::delivery::spawn(app.state.clone());
    let got = rx
        .wait_for(20, |g| events(g).len() >= 3 && g.len() >= 5)
        .await;
    let evs = events(&got);
    let kinds: Vec<&str> = evs.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        kinds,
        vec!["report_received", "status_changed", "public_note"]
    );
    let seqs: Vec<i64> = evs.iter().filter_map(|e| e["sequence"].as_i64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order: {seqs:?}");
    assert_eq!(evs[1]["status"], "proses");
    assert_eq!(evs[1]["note"], "Segera ditindaklanjuti");
    assert_eq!(evs[2]["note"], "Petugas sudah di lokasi");
    assert_eq!(evs[0]["channel_ref"], "W-1");
    assert_eq!(evs[0]["report_number"], number);
    assert!(got.iter().all(|r| !r.body.contains("catatan internal")));
    // The first event was refused twice and sent again with the same id.
    assert_eq!(got[0].event_id, got[1].event_id);
    assert_eq!(got[1].event_id, got[2].event_id);
    // Every request is signed with the channel's secret, as the Standard
    // Webhooks library checks it; another secret or a changed body fails.
    let other = webhook::new_secret();
    for r in &got {
        assert!(
            r.verify(&secret).is_ok(),
            "verifies: {:?}",
            r.verify(&secret)
        );
        assert!(r.verify(&other).is_err());
        let changed = Received {
            body: r.body.replace("proses", "selesai"),
            ..r.clone()
        };
        if changed.body != r.body {
            assert!(changed.verify(&secret).is_err());
        }
    }
    assert!(secret.starts_with("whsec_"));
    // Administrators see them delivered: the job records the last answer
    // just after the receiver has it, so the list may lag it briefly.
    let mut page = Value::Null;
    let mut states: Vec<String> = Vec::new();
    for _ in 0..100 {
        page = json_of(
            app.get(&admin, "/api/v1/deliveries?channel=jaki").await,
            200,
        )
        .await;
        states = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|d| d["state"].as_str().map(str::to_string))
            .collect();
        if states.iter().all(|s| s == "delivered") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(states, vec!["delivered"; 3]);
    assert_eq!(page["items"][2]["attempts"], 3);
    let skipped: Value = json_of(
        app.get(&admin, "/api/v1/deliveries?state=skipped").await,
        200,
    )
    .await;
    assert_eq!(skipped["items"][0]["channel"], "kantor-kelurahan");
    problem(app.get(&admin, "/api/v1/deliveries?state=lost").await, 422).await;
    problem(app.get(&officer, "/api/v1/deliveries").await, 403).await;

    // A receiver that keeps failing: after 3 attempts (this server's limit)
    // the delivery is dead; an administrator's retry sends it again.
    rx.fail.store(100, Ordering::SeqCst);
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "Menunggu alat berat", "public": true}),
    )
    .await;
    let mut dead = Value::Null;
    // Up to 60 s: the whole suite runs its servers side by side, and an
    // attempt whose outcome could not be recorded waits out its lease.
    let waited = std::time::Instant::now();
    while waited.elapsed() < Duration::from_secs(60) {
        let page: Value =
            json_of(app.get(&admin, "/api/v1/deliveries?state=dead").await, 200).await;
        if page["dead"] == 1 {
            dead = page["items"][0].clone();
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    if dead.is_null() {
        // What the deliveries were when the wait ended, to tell a stall
        // from a wrong outcome.
        let all: Value = json_of(app.get(&admin, "/api/v1/deliveries").await, 200).await;
        panic!("no delivery dead after {:?}: {all:#}", waited.elapsed());
    }
    assert_eq!(dead["attempts"], 3, "dead after three attempts: {dead}");
    assert!(dead["last_error"]
        .as_str()
        .is_some_and(|e| e.contains("500")));
    let before = rx.received().len();
    actix_web::rt::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        rx.received().len(),
        before,
        "a dead delivery is not retried by itself"
    );
    rx.fail.store(0, Ordering::SeqCst);
    let id = dead["id"].as_i64().expect("id");
    let retried: Value = json_of(
        app.post(
            &admin,
            &format!("/api/v1/deliveries/{id}/retry"),
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(retried["state"], "pending");
    let got = rx.wait_for(10, |g| g.len() > before).await;
    let last: Value = serde_json::from_str(&got[got.len() - 1].body).expect("json");
    assert_eq!(last["note"], "Menunggu alat berat");
    newest_delivery_state(&app, &admin, number, "delivered").await;
    problem(
        app.post(
            &admin,
            &format!("/api/v1/deliveries/{id}/retry"),
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    problem(
        app.post(&admin, "/api/v1/deliveries/424242/retry", &json!({}))
            .await,
        404,
    )
    .await;

    // Rotation: both secrets sign for a while; the new one is shown once.
    let rotated: Value = json_of(
        app.post(&admin, "/api/v1/channels/jaki/webhook/rotate", &json!({}))
            .await,
        200,
    )
    .await;
    let new_secret = rotated["secret"].as_str().expect("secret").to_string();
    assert_ne!(new_secret, secret);
    let n = rx.received().len();
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "Besok dikerjakan", "public": true}),
    )
    .await;
    let got = rx.wait_for(10, |g| g.len() > n).await;
    let r = &got[n];
    // During the rotation both secrets verify, with two signatures.
    assert_eq!(r.signature.split(' ').count(), 2, "{}", r.signature);
    assert!(r.verify(&new_secret).is_ok());
    assert!(r.verify(&secret).is_ok());

    // Removed: later events are skipped, not sent.
    let resp = app
        .request(Method::DELETE, "/api/v1/channels/jaki/webhook")
        .bearer_auth(&admin)
        .send()
        .await
        .expect("req");
    assert_eq!(resp.status(), 204);
    let n = rx.received().len();
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "Sudah dijadwalkan", "public": true}),
    )
    .await;
    assert_eq!(
        newest_delivery_state(&app, &admin, number, "skipped").await,
        "skipped"
    );
    assert_eq!(rx.received().len(), n);
}

async fn a_report_waiting_for_its_retry_holds_back_only_its_own_events(app: TestApp) {
    use crm_api::db::outbox::{self, Attempt};
    let officer = app.login("petugas.gambir").await;
    let first = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    // 100 more events of the first report, after its arrival event.
    let db = app.state.db.clone();
    let now = chrono::Utc::now();
    db.write(move |conn| -> Result<(), crm_api::db::DbError> {
        for i in 0..100 {
            let event = crm_domain::api::WebhookEvent {
                event_id: format!("extra-{i}"),
                kind: crm_domain::api::EventType::PublicNote,
                occurred_at: now,
                channel: "kantor-kelurahan".into(),
                report_number: first,
                channel_ref: None,
                sequence: 2 + i,
                status: crm_domain::ReportStatus::Menunggu,
                status_label: "Menunggu".into(),
                note: Some("catatan".into()),
                unit_name: None,
                estimate_at: None,
                tracking_path: format!("/lacak/{first}"),
                tracking_code: None,
            };
            outbox::enqueue(conn, &event, outbox::Reporter::default())?;
        }
        Ok(())
    })
    .await
    .expect("enqueue");
    let second = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let later = now + chrono::Duration::seconds(1);
    let lease = later + chrono::Duration::seconds(30);
    let db = app.state.db.clone();
    let (claimed, after_retry) = db
        .write(move |conn| -> Result<_, crm_api::db::DbError> {
            // The first report's arrival event failed and waits an hour.
            let head = outbox::claim(conn, later, lease, 1)?;
            assert_eq!(head.len(), 1);
            assert_eq!(head[0].report_number, first);
            outbox::finish(
                conn,
                head[0].id,
                lease,
                &Attempt::Retry {
                    error: "HTTP 503".into(),
                    at: later + chrono::Duration::hours(1),
                },
                later,
            )?;
            // Its 100 later events wait behind it; the second report's goes.
            let claimed = outbox::claim(conn, later, lease, 10)?;
            // A worker whose claim is not this one records nothing.
            let stale = outbox::finish(
                conn,
                claimed[0].id,
                lease + chrono::Duration::seconds(60),
                &Attempt::Delivered,
                later,
            )?;
            assert!(!stale, "only the claim's own worker records its outcome");
            let after = outbox::claim(conn, later + chrono::Duration::hours(2), lease, 10)?;
            Ok((claimed, after))
        })
        .await
        .expect("claim");
    let numbers: Vec<i64> = claimed.iter().map(|r| r.report_number).collect();
    assert_eq!(numbers, vec![second]);
    // Later the head is due again and goes alone, before its followers (the
    // second report's unfinished claim has expired: it goes again too).
    let of_first: Vec<&str> = after_retry
        .iter()
        .filter(|r| r.report_number == first)
        .map(|r| r.event_id.as_str())
        .collect();
    assert_eq!(of_first.len(), 1, "{of_first:?}");
    assert!(!of_first[0].starts_with("extra-"));
    assert!(after_retry.iter().any(|r| r.report_number == second));

    // Settled deliveries are forgotten after their retention; waiting ones stay.
    let db = app.state.db.clone();
    let (pruned, left) = db
        .write(move |conn| -> Result<_, crm_api::db::DbError> {
            let lease = later + chrono::Duration::hours(3);
            let mine = outbox::claim(conn, later + chrono::Duration::hours(2), lease, 1)?;
            outbox::finish(conn, mine[0].id, lease, &Attempt::Delivered, later)?;
            let pruned = outbox::prune(conn, later + chrono::Duration::days(1))?;
            let (left, _) = outbox::list(conn, &Default::default(), 500)?;
            Ok((pruned, left.len()))
        })
        .await
        .expect("prune");
    assert_eq!(pruned, 1);
    assert_eq!(left, 101, "the waiting ones stay");
}

/// Webhook secrets are sealed at rest: a copy of the database (a stolen
/// backup) holds no signing secret; one stored before sealing, or under a
/// key being retired, is sealed again at start; a server given the wrong
/// key refuses to sign rather than sign with garbage.
async fn webhook_secrets_are_sealed_at_rest(app: TestApp) {
    use crm_api::db::outbox;
    use crm_api::db::schema::channel_webhooks;
    use diesel::prelude::*;
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let rx = Receiver::start(0).await;
    let secret = hook_for(&app, &admin, "jaki", &rx.url).await;
    let tail = &secret[secret.len() - 4..];
    let stored = |state: crm_api::state::AppState| async move {
        state
            .db
            .read(|conn| outbox::webhook(conn, "jaki"))
            .await
            .expect("read")
            .expect("the webhook")
    };
    let row = stored(app.state.clone()).await;
    let body = secret.trim_start_matches("whsec_");
    assert!(row.secret.starts_with("sealed:v1:"), "{}", row.secret);
    assert!(
        !row.secret.contains(body),
        "the secret is not stored in the clear"
    );
    // Copied onto another channel's row, a sealed secret does not open.
    let copied = row.secret.clone();
    app.state
        .db
        .write(move |conn| -> Result<(), crm_api::db::DbError> {
            diesel::insert_into(channel_webhooks::table)
                .values((
                    channel_webhooks::channel_code.eq("qlue"),
                    channel_webhooks::url.eq("https://93.184.216.34/hook"),
                    channel_webhooks::secret.eq(copied),
                    channel_webhooks::active.eq(true),
                    channel_webhooks::updated_at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("copy");
    let settings: Value = json_of(app.get(&admin, "/api/v1/channel-settings").await, 200).await;
    let hint = |code: &str| {
        settings
            .as_array()
            .expect("channels")
            .iter()
            .find(|c| c["code"] == code)
            .map(|c| {
                c["webhook"]["secret_hint"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default()
    };
    assert_eq!(hint("jaki"), format!("…{tail}"));
    assert!(hint("qlue").starts_with('?'), "{}", hint("qlue"));

    // A secret written before sealing existed is sealed at the next start.
    let plain = secret.clone();
    app.state
        .db
        .write(move |conn| -> Result<(), crm_api::db::DbError> {
            diesel::update(channel_webhooks::table.find("jaki"))
                .set(channel_webhooks::secret.eq(plain))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("plain");
    let opts = app.opts.clone();
    let restarted = actix_web::rt::task::spawn_blocking(move || {
        crm_api::state::AppState::open(&opts).expect("reopen")
    })
    .await
    .expect("start");
    let row = stored(restarted.clone()).await;
    assert!(row.secret.starts_with("sealed:v1:") && !row.secret.contains(body));

    // A new key with the old one as retiring: sealed again under the new.
    let mut rotated = app.opts.clone();
    rotated.previous_secrets_key = Some(rotated.secrets_key.clone());
    rotated.secrets_key = b"the-next-sealing-key-0123456789abcdef".to_vec();
    let under_new = actix_web::rt::task::spawn_blocking(move || {
        crm_api::state::AppState::open(&rotated).expect("reopen")
    })
    .await
    .expect("start");
    let resealed = stored(under_new.clone()).await;
    assert_ne!(resealed.secret, row.secret);
    assert_eq!(
        under_new.sealer.reveal("jaki", &resealed.secret).as_deref(),
        Ok(secret.as_str())
    );

    // The first server, with the old key only, no longer opens it: its
    // delivery fails and waits (nothing is signed with a wrong key) ...
    app.state
        .db
        .write(|conn| -> Result<(), crm_api::db::DbError> {
            diesel::delete(channel_webhooks::table.find("qlue")).execute(conn)?;
            Ok(())
        })
        .await
        .expect("tidy");
    let filed: Value = json_of(
        send_with_key(
            &app,
            &key,
            "/api/v1/reports",
            &channel_report("jaki", "S-1"),
        )
        .await,
        201,
    )
    .await;
    let number = filed["number"].as_i64().expect("number");
    let client = crm_api::jobs::delivery::client(&app.state.delivery).expect("client");
    let handled = crm_api::jobs::delivery::run_once(&app.state, &client, chrono::Utc::now())
        .await
        .expect("one pass");
    assert_eq!(handled, 1);
    let page: Value = json_of(
        app.get(&admin, &format!("/api/v1/deliveries?report={number}"))
            .await,
        200,
    )
    .await;
    let waiting = &page["items"][0];
    assert_eq!(waiting["state"], "pending", "{waiting}");
    assert!(
        waiting["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("signing secret"),
        "{waiting}"
    );
    assert!(rx.got.lock().map(|g| g.is_empty()).unwrap_or(false));
    // ... and a server with the new key delivers it, signed with the secret
    // the administrator was shown.
    let later = chrono::Utc::now() + chrono::Duration::minutes(5);
    crm_api::jobs::delivery::run_once(&under_new, &client, later)
        .await
        .expect("one pass");
    let got = rx.wait_for(20, |g| !g.is_empty()).await;
    assert!(!got.is_empty(), "delivered by the server with the key");
    assert_eq!(got[0].verify(&secret).map_err(|e| e.to_string()), Ok(()));
}

both_backends!(
    webhook_secrets_are_sealed_at_rest,
    a_report_waiting_for_its_retry_holds_back_only_its_own_events,
    a_batch_answers_each_report_on_its_own,
    boundaries_place_reports_and_outside_ones_go_to_triage_flagged,
    api_keys_are_listed_by_label_and_revoked,
    webhooks_are_signed_retried_in_order_and_dead_lettered,
);

/// Webhook addresses inside the server's own networks are refused when
/// `--webhook-allow-private` is off: loopback, private, link-local (cloud
/// metadata) and names that resolve there.
async fn webhooks_cannot_reach_inner_networks(backend: crate::common::Backend) {
    let app = TestApp::spawn_configured(backend, true, |o| {
        o.delivery.webhook_allow_private = false;
    })
    .await;
    let admin = app.login("admin").await;
    for inner in [
        "http://127.0.0.1:9/hook",
        "http://localhost:8080/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hook",
        "http://192.168.1.10/hook",
        "http://[::1]:8080/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ] {
        let p = problem(
            app.request(Method::PUT, "/api/v1/channels/jaki/webhook")
                .bearer_auth(&admin)
                .json(&json!({"url": inner}))
                .send()
                .await
                .expect("send"),
            422,
        )
        .await;
        assert!(p.to_string().contains("url"), "{inner}: {p}");
    }
    // A public receiver is taken.
    json_of::<Value>(
        app.request(Method::PUT, "/api/v1/channels/jaki/webhook")
            .bearer_auth(&admin)
            .json(&json!({"url": "https://93.184.216.34/hook"}))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
}

mod inner_networks {
    #[actix_web::test]
    async fn sqlite() {
        super::webhooks_cannot_reach_inner_networks(crate::common::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::webhooks_cannot_reach_inner_networks(crate::common::Backend::Postgres).await;
    }
}
