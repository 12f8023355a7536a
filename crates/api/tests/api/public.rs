//! The public side: tracking codes (only the filer gets one; a hidden report
//! shows only its outline without it), the reporter's feedback and the
//! Monitoring Room's review queue, similar reports near a place, public
//! statistics, and the limit per address on public endpoints.

use crate::both_backends;
use crate::channels::key_for;
use crate::common::{act_ok, follow_up, json_of, png, problem, report, Backend, TestApp, GAMBIR};
use reqwest::Method;
use serde_json::{json, Value};

/// Monas: placed in Gambir by the built-in boundaries.
const MONAS: (f64, f64) = (-6.175392, 106.827153);

/// A point `north` metres north and `east` metres east of `from`.
fn offset(from: (f64, f64), north: f64, east: f64) -> (f64, f64) {
    (
        from.0 + north / 111_320.0,
        from.1 + east / (111_320.0 * from.0.to_radians().cos()),
    )
}

fn at(category: &str, p: (f64, f64), hidden: bool) -> Value {
    let mut r = report(None);
    r["category"] = json!(category);
    r["lat"] = json!(p.0);
    r["lon"] = json!(p.1);
    r["hidden"] = json!(hidden);
    r
}

fn number(v: &Value) -> i64 {
    v["number"].as_i64().expect("number")
}

async fn public(app: &TestApp, n: i64, code: Option<&str>) -> Value {
    let path = match code {
        Some(c) => format!("/api/v1/public/reports/{n}?code={c}"),
        None => format!("/api/v1/public/reports/{n}"),
    };
    json_of(
        app.request(Method::GET, &path).send().await.expect("send"),
        200,
    )
    .await
}

async fn feedback(app: &TestApp, n: i64, body: Value) -> reqwest::Response {
    app.request(
        Method::POST,
        &format!("/api/v1/public/reports/{n}/feedback"),
    )
    .json(&body)
    .send()
    .await
    .expect("send")
}

/// Files a report at Gambir and takes it to Selesai (approved); returns its
/// number and tracking code.
async fn done(app: &TestApp, hidden: bool) -> (i64, String) {
    let t = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["hidden"] = json!(hidden);
    let filed = app.file(&t, body).await;
    let n = number(&filed);
    let code = filed["tracking_code"]
        .as_str()
        .expect("tracking code")
        .to_string();
    finish(app, n).await;
    (n, code)
}

/// Takes a report held by Gambir to Selesai: taken up, followed up with a
/// photo, completed, approved.
async fn finish(app: &TestApp, n: i64) {
    let t = app.login("petugas.gambir").await;
    act_ok(app, &t, n, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(app, &t, n, "Sudah dikerjakan", vec![png(32, 24)]).await,
        200,
    )
    .await;
    act_ok(
        app,
        &t,
        n,
        "complete",
        json!({"note": "Selesai dikerjakan"}),
    )
    .await;
    let v = app.login("verifikator").await;
    act_ok(app, &v, n, "approve", json!({})).await;
}

async fn tracking_codes_go_to_the_filer_and_no_one_else(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let filed = app.file(&t, report(Some(GAMBIR))).await;
    let n = number(&filed);
    let code = filed["tracking_code"].as_str().expect("code").to_string();
    assert_eq!(code.len(), 12, "{code}");
    assert!(
        code.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{code}"
    );
    assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
    // Staff reading or listing the report never see it.
    for who in ["petugas.gambir", "monitoring", "lurah.gambir"] {
        let token = app.login(who).await;
        let r: Value = json_of(app.get(&token, &format!("/api/v1/reports/{n}")).await, 200).await;
        assert!(r.get("tracking_code").is_none(), "{who}: {r}");
        let list = app
            .get(&token, "/api/v1/reports")
            .await
            .text()
            .await
            .expect("body");
        assert!(!list.contains(&code), "{who} lists the code");
    }
    // A channel's system gets the code on filing, on a repeat of its own
    // reference and in a batch; each report has its own.
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let send = |body: Value, path: &'static str| {
        app.request(Method::POST, path)
            .header("X-API-Key", &key)
            .json(&body)
            .send()
    };
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("JAKI-T1");
    let first: Value = json_of(
        send(body.clone(), "/api/v1/reports").await.expect("send"),
        201,
    )
    .await;
    let again: Value = json_of(send(body, "/api/v1/reports").await.expect("send"), 200).await;
    assert_eq!(first["number"], again["number"]);
    assert_eq!(first["tracking_code"], again["tracking_code"]);
    assert_ne!(first["tracking_code"], json!(code));
    let batch: Value = json_of(
        send(
            json!({"reports": [
                {"channel": "jaki", "channel_ref": "JAKI-T2", "category": "sampah", "description": "Sampah di gang", "kelurahan": GAMBIR},
                {"channel": "jaki", "channel_ref": "JAKI-T3", "category": "sampah", "description": "Sampah di pasar", "kelurahan": GAMBIR},
            ]}),
            "/api/v1/reports/batch",
        )
        .await
        .expect("send"),
        200,
    )
    .await;
    let codes: Vec<&str> = batch["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["report"]["tracking_code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes.len(), 2);
    assert_ne!(codes[0], codes[1]);
    // Open311 POST answers with the code too.
    let form = [
        ("api_key", key.as_str()),
        ("service_code", "sampah"),
        ("description", "Sampah menumpuk"),
        ("lat", "-6.175392"),
        ("long", "106.827153"),
    ];
    let created: Value = json_of(
        app.request(Method::POST, "/open311/v2/requests.json")
            .header("X-API-Key", &key)
            .form(&form)
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    let code311 = created[0]["tracking_code"].as_str().expect("code");
    assert_eq!(code311.len(), 12);
    assert!(created[0]["service_notice"]
        .as_str()
        .expect("notice")
        .contains(&format!("?kode={code311}")));
}

async fn a_hidden_report_shows_only_its_outline_without_its_code(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["hidden"] = json!(true);
    body["description"] = json!("Pungutan liar oleh oknum di pasar");
    let filed = app.file(&t, body).await;
    let n = number(&filed);
    let code = filed["tracking_code"].as_str().expect("code").to_string();
    act_ok(&app, &t, n, "take-up", json!({})).await;
    act_ok(
        &app,
        &t,
        n,
        "comments",
        json!({"text": "Petugas mendatangi pasar", "public": true}),
    )
    .await;
    json_of::<Value>(
        follow_up(&app, &t, n, "Foto lokasi", vec![png(40, 30)]).await,
        200,
    )
    .await;
    // Without the code, or with a wrong one: status, times and units only.
    for wrong in [None, Some("ZZZZZZZZZZZZ"), Some("")] {
        let v = public(&app, n, wrong).await;
        assert_eq!(v["full"], false, "{v}");
        assert_eq!(v["with_code"], false);
        assert_eq!(v["status"], "proses");
        assert!(
            v["description"].is_null() && v["category_name"].is_null(),
            "{v}"
        );
        assert!(v["holder_name"].is_string() && v["received_at"].is_string());
        let text = v.to_string();
        assert!(
            !text.contains("Pungutan") && !text.contains("mendatangi") && !text.contains("photos/"),
            "{text}"
        );
        assert!(v["history"]
            .as_array()
            .expect("history")
            .iter()
            .all(|h| h["note"].is_null()));
    }
    // With the code, as typed by a person: the full view.
    let typed = format!("{}-{}", &code[..6].to_lowercase(), &code[6..]);
    let v = public(&app, n, Some(&typed)).await;
    assert_eq!(v["full"], true, "{v}");
    assert_eq!(v["with_code"], true);
    assert_eq!(v["description"], "Pungutan liar oleh oknum di pasar");
    assert!(v.to_string().contains("Petugas mendatangi pasar"));
    let photo = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .flat_map(|h| h["photos"].as_array().cloned().unwrap_or_default())
        .next()
        .expect("a public photo");
    let url = photo["thumb_url"].as_str().expect("url").to_string();
    let get = |path: String| app.request(Method::GET, &path).send();
    assert_eq!(get(url.clone()).await.expect("send").status(), 200);
    let bare = url.split('&').next().expect("path").to_string();
    assert_eq!(
        get(bare).await.expect("send").status(),
        404,
        "a photo without the code"
    );
    // Open311 never lists it and answers it by id only with the code.
    let one = format!("/open311/v2/requests/{n}.json");
    assert_eq!(get(one.clone()).await.expect("send").status(), 404);
    assert_eq!(
        get(format!("{one}?code=WRONGWRONG22"))
            .await
            .expect("send")
            .status(),
        404
    );
    let found: Value = json_of(get(format!("{one}?code={code}")).await.expect("send"), 200).await;
    assert_eq!(found[0]["service_request_id"], n.to_string());
    let listed = get("/open311/v2/requests.json".into())
        .await
        .expect("send")
        .text()
        .await
        .expect("body");
    assert!(!listed.contains(&format!("\"{n}\"")), "listed: {listed}");
    // A report that is not hidden is public in full, code or not.
    let open = number(&app.file(&t, report(Some(GAMBIR))).await);
    let v = public(&app, open, None).await;
    assert_eq!(v["full"], true);
    assert_eq!(v["with_code"], false);
    assert_eq!(v["feedback_open"], false);
    assert!(v["description"].is_string());
}

async fn the_reporter_rates_once_and_not_fixed_reaches_the_review_queue(app: TestApp) {
    let (n, code) = done(&app, true).await;
    let v = public(&app, n, Some(&code)).await;
    assert_eq!(v["feedback_open"], true, "{v}");
    // Wrong or missing code: 403, nothing written.
    problem(
        feedback(&app, n, json!({"code": "ABCDEFGHJKLM", "stars": 4})).await,
        403,
    )
    .await;
    problem(feedback(&app, n, json!({"stars": 4})).await, 403).await;
    problem(
        feedback(&app, n, json!({"code": code, "stars": 6})).await,
        422,
    )
    .await;
    // Not done yet: 409.
    let t = app.login("petugas.gambir").await;
    let open = app.file(&t, report(Some(GAMBIR))).await;
    let open_code = open["tracking_code"].as_str().expect("code");
    problem(
        feedback(&app, number(&open), json!({"code": open_code, "stars": 3})).await,
        409,
    )
    .await;
    // The rating, "not fixed": the report waits for the Monitoring Room.
    let rated: Value = json_of(
        feedback(
            &app,
            n,
            json!({"code": code, "stars": 2, "comment": "Masih ada sampah", "fixed": false}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(rated["rating"], 2);
    assert_eq!(rated["feedback_open"], false);
    problem(
        feedback(&app, n, json!({"code": code, "stars": 5})).await,
        409,
    )
    .await;
    let m = app.login("monitoring").await;
    let queue: Value = json_of(app.get(&m, "/api/v1/reviews").await, 200).await;
    let item = queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["number"] == n)
        .expect("in the queue")
        .clone();
    assert!(item["feedback"]
        .as_str()
        .expect("feedback")
        .contains("Masih ada sampah"));
    problem(app.get(&t, "/api/v1/reviews").await, 403).await;
    // The room was told.
    let notes: Value = json_of(app.get(&m, "/api/v1/notifications").await, 200).await;
    assert!(
        notes["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|x| x["kind"] == "review" && x["report_number"] == n),
        "{notes}"
    );
    // The room answers the reporter; the report leaves the queue, and the
    // answer is public.
    problem(
        app.post(
            &t,
            &format!("/api/v1/reviews/{n}/answer"),
            &json!({"note": "x"}),
        )
        .await,
        403,
    )
    .await;
    json_of::<Value>(
        app.post(
            &m,
            &format!("/api/v1/reviews/{n}/answer"),
            &json!({"note": "Petugas akan memeriksa ulang besok pagi"}),
        )
        .await,
        200,
    )
    .await;
    let queue: Value = json_of(app.get(&m, "/api/v1/reviews").await, 200).await;
    assert!(queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["number"] != n));
    problem(
        app.post(
            &m,
            &format!("/api/v1/reviews/{n}/answer"),
            &json!({"note": "lagi"}),
        )
        .await,
        409,
    )
    .await;
    assert!(public(&app, n, Some(&code))
        .await
        .to_string()
        .contains("memeriksa ulang"));
    // Another "not fixed", which the room reopens: out of the queue too.
    let (n2, code2) = done(&app, false).await;
    json_of::<Value>(
        feedback(&app, n2, json!({"code": code2, "stars": 1, "fixed": false})).await,
        201,
    )
    .await;
    let queue: Value = json_of(app.get(&m, "/api/v1/reviews").await, 200).await;
    assert!(queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["number"] == n2));
    act_ok(
        &app,
        &m,
        n2,
        "reopen",
        json!({"reason": "Pelapor: belum beres"}),
    )
    .await;
    let queue: Value = json_of(app.get(&m, "/api/v1/reviews").await, 200).await;
    assert!(queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["number"] != n2));
    // "Fixed" never enters the queue.
    let (n3, code3) = done(&app, false).await;
    json_of::<Value>(
        feedback(&app, n3, json!({"code": code3, "stars": 5, "fixed": true})).await,
        201,
    )
    .await;
    let queue: Value = json_of(app.get(&m, "/api/v1/reviews").await, 200).await;
    assert!(queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["number"] != n3));
}

async fn a_channel_rating_and_a_code_rating_never_both_count(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("JAKI-R1");
    let filed: Value = json_of(
        app.request(Method::POST, "/api/v1/reports")
            .header("X-API-Key", &key)
            .json(&body)
            .send()
            .await
            .expect("send"),
        201,
    )
    .await;
    let n = number(&filed);
    let code = filed["tracking_code"].as_str().expect("code").to_string();
    finish(&app, n).await;
    json_of::<Value>(
        app.request(Method::POST, &format!("/api/v1/reports/{n}/rating"))
            .header("X-API-Key", &key)
            .json(&json!({"stars": 4}))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    problem(
        feedback(&app, n, json!({"code": code, "stars": 1})).await,
        409,
    )
    .await;
    let r = public(&app, n, Some(&code)).await;
    assert_eq!(r["rating"], 4);
    assert_eq!(r["feedback_open"], false);
}

async fn similar_reports_near_a_place_nearest_first(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let file = |p, category: &'static str, hidden| {
        let t = t.clone();
        let app = &app;
        async move { number(&app.file(&t, at(category, p, hidden)).await) }
    };
    let near = file(offset(MONAS, 50.0, 0.0), "sampah", false).await;
    let hidden = file(offset(MONAS, 0.0, 150.0), "sampah", true).await;
    let far = file(offset(MONAS, -250.0, 0.0), "sampah", false).await;
    let other_category = file(offset(MONAS, 30.0, 0.0), "jalan-rusak", false).await;
    let edge = file(offset(MONAS, 0.0, -195.0), "sampah", false).await;
    // Done recently, and done long ago.
    let recent = file(offset(MONAS, 100.0, 0.0), "sampah", false).await;
    let old = file(offset(MONAS, 120.0, 0.0), "sampah", false).await;
    for n in [recent, old] {
        finish(&app, n).await;
    }
    app.state
        .db
        .write(move |conn| -> Result<(), crm_api::db::DbError> {
            use crm_api::db::schema::reports;
            use diesel::prelude::*;
            let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::days(40);
            diesel::update(reports::table.find(old))
                .set(reports::completed_at.eq(Some(long_ago)))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("age the report");
    let nearby = |q: String| {
        let t = t.clone();
        let app = &app;
        async move { app.get(&t, &format!("/api/v1/reports/nearby?{q}")).await }
    };
    let q = format!("lat={}&lon={}&category=sampah", MONAS.0, MONAS.1);
    let v: Value = json_of(nearby(q.clone()).await, 200).await;
    let items = v["items"].as_array().expect("items");
    let numbers: Vec<i64> = items
        .iter()
        .map(|i| i["number"].as_i64().expect("n"))
        .collect();
    assert_eq!(numbers, vec![near, recent, hidden, edge], "{v}");
    let d: Vec<i64> = items
        .iter()
        .map(|i| i["distance_m"].as_i64().expect("d"))
        .collect();
    assert!(
        (48..=52).contains(&d[0]) && (148..=152).contains(&d[2]) && (193..=197).contains(&d[3]),
        "{d:?}"
    );
    assert_eq!(items[1]["status"], "selesai");
    // The hidden one: number, status and distance only.
    assert!(items[2]["description"].is_null() && items[2]["received_at"].is_null());
    assert!(items[0]["description"].is_string() && items[0]["received_at"].is_string());
    assert!(
        !numbers.contains(&far) && !numbers.contains(&other_category) && !numbers.contains(&old)
    );
    // A wider radius reaches the farther one; a narrower one drops the edge.
    let v: Value = json_of(nearby(format!("{q}&radius_m=300")).await, 200).await;
    assert!(v["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["number"] == far));
    let v: Value = json_of(nearby(format!("{q}&radius_m=190")).await, 200).await;
    assert!(v["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["number"] != edge));
    // Another category, and bad questions, named.
    let v: Value = json_of(
        nearby(format!(
            "lat={}&lon={}&category=jalan-rusak",
            MONAS.0, MONAS.1
        ))
        .await,
        200,
    )
    .await;
    assert_eq!(v["items"][0]["number"], other_category);
    for (bad, field) in [
        (format!("{q}&radius_m=1001"), "radius_m"),
        (format!("{q}&radius_m=0"), "radius_m"),
        (format!("lat=91&lon={}&category=sampah", MONAS.1), "lat"),
        (
            format!("lat={}&lon={}&category=tidak-ada", MONAS.0, MONAS.1),
            "category",
        ),
    ] {
        let p = problem(nearby(bad).await, 422).await;
        assert!(p.to_string().contains(field), "{p}");
    }
    // A channel's system may ask; nobody anonymous.
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let v: Value = json_of(
        app.request(Method::GET, &format!("/api/v1/reports/nearby?{q}"))
            .header("X-API-Key", key)
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    assert_eq!(v["items"].as_array().expect("items").len(), 4);
    problem(
        app.request(Method::GET, &format!("/api/v1/reports/nearby?{q}"))
            .send()
            .await
            .expect("send"),
        401,
    )
    .await;
}

async fn public_statistics_count_the_month_and_hide_small_cells(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    // Three visible reports and one hidden in one spot at Monas, two in
    // another spot far away in Kebon Jeruk, and one without a place.
    let kebon_jeruk = (-6.1930, 106.7690);
    for (p, hidden) in [
        (MONAS, false),
        (offset(MONAS, 10.0, 0.0), false),
        (offset(MONAS, 0.0, 10.0), false),
        (offset(MONAS, 5.0, 5.0), true),
        (kebon_jeruk, false),
        (offset(kebon_jeruk, 10.0, 0.0), false),
    ] {
        app.file(&t, at("sampah", p, hidden)).await;
    }
    let mut body = report(Some(GAMBIR));
    body["category"] = json!("jalan-rusak");
    app.file(&t, body).await;
    let period = crm_domain::period::Period::of(chrono::Utc::now()).to_string();
    let get = |q: String| {
        app.request(Method::GET, &format!("/api/v1/public/stats{q}"))
            .send()
    };
    let text = get(format!("?period={period}"))
        .await
        .expect("send")
        .text()
        .await
        .expect("body");
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["total"], 7, "{v}");
    let menunggu = v["by_status"]
        .as_array()
        .expect("shares")
        .iter()
        .find(|s| s["key"] == "menunggu")
        .expect("menunggu")
        .clone();
    assert_eq!(menunggu["count"], 7);
    assert_eq!(v["top_categories"][0]["code"], "sampah");
    assert_eq!(v["top_categories"][0]["count"], 6);
    // One cell shown, of the three visible reports at Monas; the hidden one
    // is not on the map and the two in Kebon Jeruk are too few.
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 1, "{cells:?}");
    assert_eq!(cells[0]["count"], 3);
    assert_eq!(v["min_cell_reports"], 3);
    // The smallest area shown is an administrator's setting: at 2, Kebon
    // Jeruk's two reports show too (at once, not after the cache's minute).
    let admin = app.login("admin").await;
    let now: Value = json_of(app.get(&admin, "/api/v1/settings").await, 200).await;
    let mut s = now["current"]["settings"].clone();
    s["public_area_min_reports"] = json!(2);
    json_of::<Value>(
        app.request(Method::PUT, "/api/v1/settings")
            .bearer_auth(&admin)
            .json(&json!({"settings": s, "reason": "Peta lebih rinci"}))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    let v2: Value = get(format!("?period={period}"))
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(v2["min_cell_reports"], 2);
    let counts: Vec<i64> = v2["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .filter_map(|c| c["count"].as_i64())
        .collect();
    assert!(counts.contains(&2) && counts.contains(&3), "{counts:?}");
    // Rankings of the kota with reports this month (Gambir is in Central,
    // Kebon Jeruk in West Jakarta), a 12-month trend ending in this month.
    let kota: Vec<&str> = v["kota"]
        .as_array()
        .expect("kota")
        .iter()
        .map(|k| k["unit_code"].as_str().expect("code"))
        .collect();
    let mut sorted = kota.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec!["31.71", "31.73"], "{kota:?}");
    assert!(v["kota"][0]["grade"].is_string() && v["kota"][0]["final_score"].is_number());
    assert!(v["kelurahan"]
        .as_array()
        .expect("kelurahan")
        .iter()
        .any(|k| k["unit_code"] == GAMBIR));
    let trend = v["trend"].as_array().expect("trend");
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[11]["key"], period);
    assert_eq!(trend[11]["received"], 7);
    // Nothing about any reporter.
    for secret in ["Budi Santoso", "081234567890", "Sampah menumpuk"] {
        assert!(!text.contains(secret), "{secret} in the public statistics");
    }
    // One kota: only its area.
    let v: Value = json_of(
        get(format!("?period={period}&kota=31.73"))
            .await
            .expect("send"),
        200,
    )
    .await;
    assert_eq!(v["kota_code"], "31.73");
    assert!(v["kelurahan"]
        .as_array()
        .expect("k")
        .iter()
        .all(|k| k["unit_code"]
            .as_str()
            .is_some_and(|c| c.starts_with("31.73"))));
    assert!(v["kelurahan"]
        .as_array()
        .expect("k")
        .iter()
        .all(|k| k["unit_code"] != GAMBIR));
    // Bad questions, named.
    problem(get("?kota=31.71.01".into()).await.expect("send"), 422).await;
    problem(get("?period=2026-13".into()).await.expect("send"), 422).await;
    problem(get("?period=2999-01".into()).await.expect("send"), 422).await;
}

async fn a_unit_asks_the_monitoring_room_to_close_a_duplicate(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let first = number(&app.file(&t, at("sampah", MONAS, false)).await);
    let second = number(
        &app.file(&t, at("sampah", offset(MONAS, 20.0, 0.0), false))
            .await,
    );
    let ask = |token: String, n: i64, body: Value| {
        let app = &app;
        async move {
            app.post(
                &token,
                &format!("/api/v1/reports/{n}/duplicate-request"),
                &body,
            )
            .await
        }
    };
    let p = problem(ask(t.clone(), second, json!({"of": second})).await, 422).await;
    assert!(p.to_string().contains("of"));
    problem(ask(t.clone(), second, json!({"of": 999_999})).await, 422).await;
    let other = app.login("petugas.kebonjeruk").await;
    problem(ask(other, second, json!({"of": first})).await, 403).await;
    let r: Value = json_of(
        ask(
            t.clone(),
            second,
            json!({"of": first, "note": "Lokasi dan foto sama"}),
        )
        .await,
        200,
    )
    .await;
    let last = r["history"]
        .as_array()
        .expect("history")
        .last()
        .expect("entry")
        .clone();
    assert_eq!(last["public"], false);
    assert!(last["note"]
        .as_str()
        .expect("note")
        .contains(&format!("#{first}")));
    let m = app.login("monitoring").await;
    let notes: Value = json_of(app.get(&m, "/api/v1/notifications").await, 200).await;
    assert!(notes["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|x| x["kind"] == "duplicate_request" && x["report_number"] == second));
    // The request is for staff only.
    assert!(!public(&app, second, None)
        .await
        .to_string()
        .contains("duplikat"));
}

async fn webhook_events_carry_the_reporter_link(app: TestApp) {
    let (n, code) = done(&app, false).await;
    let db = app.state.db.clone();
    let payloads: Vec<String> = db
        .read(move |conn| -> Result<Vec<String>, crm_api::db::DbError> {
            use crm_api::db::schema::outbox;
            use diesel::prelude::*;
            Ok(outbox::table
                .filter(outbox::report_number.eq(n))
                .select(outbox::payload)
                .load(conn)?)
        })
        .await
        .expect("outbox");
    assert!(!payloads.is_empty());
    for p in payloads {
        let e: Value = serde_json::from_str(&p).expect("event");
        assert_eq!(e["tracking_code"], json!(code));
        assert_eq!(e["tracking_path"], json!(format!("/lacak/{n}?kode={code}")));
    }
}

/// A hand-over's reason is for the receiving unit: the public (and the
/// reporter's channel) see where the report went, not why.
async fn a_hand_over_reason_stays_internal(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = app.file(&t, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(
        &app,
        &t,
        n,
        "dispose",
        json!({"to": "DBM-3171", "reason": "Lurah minta dialihkan, warga rewel"}),
    )
    .await;
    let v: Value = json_of(
        app.request(Method::GET, &format!("/api/v1/public/reports/{n}"))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    let entries = v["history"].as_array().expect("history");
    let hand_over = entries
        .iter()
        .find(|h| h["kind"] == "dispose")
        .unwrap_or_else(|| panic!("the hand-over is public: {v}"));
    assert!(hand_over["to_unit_name"].is_string(), "{hand_over}");
    assert_eq!(hand_over["note"], Value::Null, "{hand_over}");
    assert!(!v.to_string().contains("rewel"), "{v}");
    // The receiving unit still reads it.
    let sudin = app.login("sudin.bm").await;
    let staff: Value = json_of(app.get(&sudin, &format!("/api/v1/reports/{n}")).await, 200).await;
    assert!(staff.to_string().contains("rewel"));
}

both_backends!(
    a_hand_over_reason_stays_internal,
    tracking_codes_go_to_the_filer_and_no_one_else,
    a_hidden_report_shows_only_its_outline_without_its_code,
    the_reporter_rates_once_and_not_fixed_reaches_the_review_queue,
    a_channel_rating_and_a_code_rating_never_both_count,
    similar_reports_near_a_place_nearest_first,
    public_statistics_count_the_month_and_hide_small_cells,
    webhook_events_carry_the_reporter_link,
    a_unit_asks_the_monitoring_room_to_close_a_duplicate,
);

/// Floods public tracking from one address: after the burst, 429 with
/// `Retry-After`; a forged `X-Forwarded-For` does not help; behind a
/// trusted proxy, each client it names has its own allowance.
async fn public_endpoints_are_limited_per_address(backend: Backend) {
    let app = TestApp::spawn_configured(backend, true, |o| {
        o.limits.public_rate_per_minute = 8;
        o.limits.key_rate_per_second = 1;
    })
    .await;
    // A channel's key: a burst of 30, then one a second; another key has
    // its own allowance.
    let admin = app.login("admin").await;
    let jaki = key_for(&app, &admin, "jaki").await;
    let qlue = key_for(&app, &admin, "qlue").await;
    let near = format!(
        "/api/v1/reports/nearby?lat={}&lon={}&category=sampah",
        MONAS.0, MONAS.1
    );
    let mut by_key = Vec::new();
    for _ in 0..34 {
        let resp = app
            .request(Method::GET, &near)
            .header("X-API-Key", &jaki)
            .send()
            .await
            .expect("send");
        by_key.push(resp.status().as_u16());
    }
    assert!(by_key[..30].iter().all(|s| *s == 200), "{by_key:?}");
    // (One more may pass if a second went by.)
    assert!(
        by_key[30..].iter().filter(|s| **s == 429).count() >= 3,
        "{by_key:?}"
    );
    let other = app
        .request(Method::GET, &near)
        .header("X-API-Key", &qlue)
        .send()
        .await
        .expect("send");
    assert_eq!(other.status(), 200);
    let t = app.login("petugas.gambir").await;
    let n = number(&app.file(&t, report(Some(GAMBIR))).await);
    let path = format!("/api/v1/public/reports/{n}");
    let mut statuses = Vec::new();
    for i in 0..6 {
        let resp = app
            .request(Method::GET, &path)
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .send()
            .await
            .expect("send");
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            let retry: u64 = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .expect("Retry-After");
            assert!(retry >= 1);
            problem(resp, 429).await;
        }
    }
    assert_eq!(&statuses[..2], &[200, 200], "{statuses:?}");
    assert!(statuses[2..].iter().all(|s| *s == 429), "{statuses:?}");
    // Open311 shares the limit.
    let resp = app
        .request(Method::GET, "/open311/v2/discovery.json")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 429);
    // Staff routes are not counted against it.
    json_of::<Value>(app.get(&t, &format!("/api/v1/reports/{n}")).await, 200).await;

    let proxied = TestApp::spawn_configured(backend, true, |o| {
        o.limits.public_rate_per_minute = 8;
        o.limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    })
    .await;
    let t = proxied.login("petugas.gambir").await;
    let n = number(&proxied.file(&t, report(Some(GAMBIR))).await);
    let path = format!("/api/v1/public/reports/{n}");
    for i in 0..6 {
        let resp = proxied
            .request(Method::GET, &path)
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), 200, "client {i} behind the proxy");
    }
    let mut limited = false;
    for _ in 0..4 {
        let resp = proxied
            .request(Method::GET, &path)
            .header("X-Forwarded-For", "198.51.100.200")
            .send()
            .await
            .expect("send");
        limited |= resp.status() == 429;
    }
    assert!(limited, "one client behind the proxy is still limited");
}

mod limits {
    #[actix_web::test]
    async fn sqlite() {
        super::public_endpoints_are_limited_per_address(crate::common::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::public_endpoints_are_limited_per_address(crate::common::Backend::Postgres).await;
    }
}
