//! Filing, reading and listing reports; scope; filters and pagination.

use crate::both_backends;
use crate::common::{
    act_ok, json_of, problem, report, TestApp, GAMBIR, GAMBIR_KEC, KEBON_JERUK, KEBON_KELAPA,
};
use serde_json::{json, Value};

async fn a_filed_report_waits_at_its_kelurahan(app: TestApp) {
    let token = app.login("petugas.gambir").await;
    let resp = app
        .post(&token, "/api/v1/reports", &report(Some(GAMBIR)))
        .await;
    assert_eq!(resp.status(), 201);
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let r: Value = resp.json().await.expect("json");
    let number = r["number"].as_i64().expect("number");
    assert_eq!(location, Some(format!("/api/v1/reports/{number}")));
    assert_eq!(r["status"], "menunggu");
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["holder_name"], "Gambir");
    assert_eq!(r["kelurahan_code"], GAMBIR);
    assert_eq!(r["category_name"], "Sampah");
    assert_eq!(r["geotagged"], false);
    assert_eq!(r["version"], 1);
    let history = r["history"].as_array().expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["status"], "menunggu");
    assert_eq!(history[0]["unit_code"], GAMBIR);
    assert_eq!(history[0]["actor"], "petugas.gambir");

    let again: Value = json_of(
        app.get(&token, &format!("/api/v1/reports/{number}")).await,
        200,
    )
    .await;
    // The same report, except that only the filing's answer carries the
    // reporter's tracking code.
    let mut filed = r.clone();
    assert!(filed["tracking_code"].is_string());
    filed
        .as_object_mut()
        .expect("object")
        .remove("tracking_code");
    assert_eq!(again, filed);
    let page: Value = json_of(app.get(&token, "/api/v1/reports").await, 200).await;
    assert_eq!(page["items"][0]["number"], number);
    assert_eq!(page["next_cursor"], Value::Null);
}

async fn numbers_are_sequential(app: TestApp) {
    let token = app.login("petugas.gambir").await;
    let mut numbers = Vec::new();
    for _ in 0..4 {
        numbers.push(
            app.file(&token, report(Some(GAMBIR))).await["number"]
                .as_i64()
                .expect("n"),
        );
    }
    for w in numbers.windows(2) {
        assert_eq!(w[1], w[0] + 1, "{numbers:?}");
    }
}

async fn a_report_without_kelurahan_goes_to_triage(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let r = app.file(&officer, report(None)).await;
    assert_eq!(r["holder_code"], Value::Null);
    assert_eq!(r["status"], "menunggu");
    let number = r["number"].as_i64().expect("n");
    // The officer who typed it in does not hold it; the Monitoring Room does.
    problem(
        app.get(&officer, &format!("/api/v1/reports/{number}"))
            .await,
        403,
    )
    .await;
    let monitoring = app.login("monitoring").await;
    let got: Value = json_of(
        app.get(&monitoring, &format!("/api/v1/reports/{number}"))
            .await,
        200,
    )
    .await;
    assert_eq!(got["number"], number);
    app.file(&officer, report(Some(GAMBIR))).await;
    let triage: Value = json_of(
        app.get(&monitoring, "/api/v1/reports?triage=true").await,
        200,
    )
    .await;
    let items = triage["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["number"], number);
    problem(app.get(&officer, "/api/v1/reports?triage=true").await, 403).await;
}

async fn officers_see_their_unit_and_heads_their_subtree(app: TestApp) {
    let gambir = app.login("petugas.gambir").await;
    let kj = app.login("petugas.kebonjeruk").await;
    let a = app.file(&gambir, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let b = app.file(&gambir, report(Some(KEBON_KELAPA))).await["number"]
        .as_i64()
        .expect("n");
    let c = app.file(&kj, report(Some(KEBON_JERUK))).await["number"]
        .as_i64()
        .expect("n");

    let numbers = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["number"].as_i64().expect("n"))
            .collect()
    };
    let mine: Value = json_of(app.get(&gambir, "/api/v1/reports").await, 200).await;
    assert_eq!(numbers(&mine), vec![a]);
    let theirs: Value = json_of(app.get(&kj, "/api/v1/reports").await, 200).await;
    assert_eq!(numbers(&theirs), vec![c]);
    problem(app.get(&gambir, &format!("/api/v1/reports/{c}")).await, 403).await;
    problem(
        app.get(&gambir, &format!("/api/v1/reports?unit={KEBON_JERUK}"))
            .await,
        403,
    )
    .await;

    let camat = app.login("camat.gambir").await;
    let sub: Value = json_of(app.get(&camat, "/api/v1/reports").await, 200).await;
    assert_eq!(numbers(&sub), vec![b, a]);
    let one: Value = json_of(
        app.get(&camat, &format!("/api/v1/reports?unit={KEBON_KELAPA}"))
            .await,
        200,
    )
    .await;
    assert_eq!(numbers(&one), vec![b]);
    let all: Value = json_of(
        app.get(&app.login("monitoring").await, "/api/v1/reports")
            .await,
        200,
    )
    .await;
    assert_eq!(numbers(&all), vec![c, b, a]);
    let kec: Value = json_of(
        app.get(
            &app.login("monitoring").await,
            &format!("/api/v1/reports?unit={GAMBIR_KEC}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(numbers(&kec), vec![b, a]);
}

async fn filters_and_cursor_pages(app: TestApp) {
    let token = app.login("petugas.gambir").await;
    let mut expected_sampah = Vec::new();
    for i in 0..17 {
        let mut r = report(Some(GAMBIR));
        let (cat, ch) = if i % 3 == 0 {
            ("jalan-rusak", "sms")
        } else {
            ("sampah", "kantor-kelurahan")
        };
        r["category"] = json!(cat);
        r["channel"] = json!(ch);
        r["received_at"] = json!(format!("2026-0{}-15T03:00:00Z", 1 + i % 3));
        let n = app.file(&token, r).await["number"].as_i64().expect("n");
        if cat == "sampah" {
            expected_sampah.push(n);
        }
    }
    let all = app.all_numbers("").await;
    assert_eq!(all.len(), 17, "pages cover every report once: {all:?}");
    let mut sorted = all.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, all, "newest first, no duplicates");

    let mut sampah = app.all_numbers("&category=sampah").await;
    sampah.sort_unstable();
    assert_eq!(sampah, expected_sampah);
    assert_eq!(app.all_numbers("&channel=sms").await.len(), 6);
    assert_eq!(app.all_numbers("&status=menunggu").await.len(), 17);
    assert_eq!(app.all_numbers("&status=selesai").await.len(), 0);
    // January only: i % 3 == 0, i.e. 6 reports.
    let jan = app
        .all_numbers("&received_from=2026-01-01T00:00:00Z&received_to=2026-02-01T00:00:00Z")
        .await;
    assert_eq!(jan.len(), 6);
    let jan_sampah = app
        .all_numbers(
            "&received_from=2026-01-01T00:00:00Z&received_to=2026-02-01T00:00:00Z&category=sampah",
        )
        .await;
    assert!(jan_sampah.is_empty());
}

/// An officer of another unit who repeats a channel reference learns the
/// report's number, never its content or its reporter (alone or in a batch).
async fn a_repeated_channel_reference_never_shows_another_units_report(app: TestApp) {
    let monitoring = app.login("monitoring").await;
    let mut original = report(Some(KEBON_JERUK));
    original["channel"] = json!("twitter");
    original["channel_ref"] = json!("tw-x1");
    original["reporter_contact"] = json!("081299990000");
    let filed = app.file(&monitoring, original.clone()).await;
    let number = filed["number"].as_i64().expect("number");

    let gambir = app.login("petugas.gambir").await;
    let mut attack = report(Some(GAMBIR));
    attack["channel"] = json!("twitter");
    attack["channel_ref"] = json!("tw-x1");
    let resp = app.post(&gambir, "/api/v1/reports", &attack).await;
    let text = {
        let p = problem(resp, 409).await;
        p.to_string()
    };
    assert!(text.contains(&number.to_string()), "{text}");
    assert!(
        !text.contains("081299990000"),
        "the reporter leaked: {text}"
    );
    assert!(
        !text.contains("Sampah menumpuk"),
        "the report leaked: {text}"
    );

    let resp = app
        .post(
            &gambir,
            "/api/v1/reports/batch",
            &json!({"reports": [attack]}),
        )
        .await;
    let batch: Value = json_of(resp, 200).await;
    assert_eq!(batch["items"][0]["status"], 409);
    assert_eq!(batch["items"][0]["report"], Value::Null);
    assert!(!batch.to_string().contains("081299990000"));

    // The unit that holds it, and the Monitoring Room, get it back as before.
    let jeruk = app.login("petugas.kebonjeruk").await;
    let again: Value = json_of(app.post(&jeruk, "/api/v1/reports", &original).await, 200).await;
    assert_eq!(again["number"], number);
    let again: Value = json_of(
        app.post(&monitoring, "/api/v1/reports", &original).await,
        200,
    )
    .await;
    assert_eq!(again["reporter_contact"], "081299990000");
}

/// A search finds reports by their category's name too.
async fn a_search_finds_reports_by_category_name(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let mut flood = report(Some(GAMBIR));
    flood["category"] = json!("bencana-banjir");
    flood["description"] = json!("Air setinggi lutut di Jl. Kebon Sirih sejak subuh");
    let n = app.file(&t, flood).await["number"]
        .as_i64()
        .expect("number");
    let other = app.file(&t, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    let numbers = |v: &Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .map(|i| i.iter().filter_map(|x| x["number"].as_i64()).collect())
            .unwrap_or_default()
    };
    for q in ["banjir", "Bencana", "banj"] {
        let found: Value = json_of(app.get(&t, &format!("/api/v1/reports?q={q}")).await, 200).await;
        assert_eq!(numbers(&found), [n], "q={q}: {found}");
    }
    // The text still counts on its own, and with the category's name.
    let found: Value = json_of(app.get(&t, "/api/v1/reports?q=lutut").await, 200).await;
    assert_eq!(numbers(&found), [n]);
    let found: Value = json_of(app.get(&t, "/api/v1/reports?q=sampah").await, 200).await;
    assert!(numbers(&found).contains(&other), "{found}");
    assert!(!numbers(&found).contains(&n), "{found}");
    // Another category filter leaves the named category out.
    let found: Value = json_of(
        app.get(&t, "/api/v1/reports?q=banjir&category=sampah")
            .await,
        200,
    )
    .await;
    assert!(numbers(&found).is_empty(), "{found}");
}

/// A report and all its parts are read in two statements in one read
/// transaction on SQLite, in one statement on PostgreSQL (one round trip),
/// and they stay compiled on their connection: a second read compiles
/// nothing.
async fn a_report_is_read_in_statements_that_stay_compiled(app: TestApp) {
    use crm_api::db::connection::Manager;
    use diesel::connection::{Connection, InstrumentationEvent};
    use r2d2::ManageConnection;
    use std::sync::{Arc, Mutex};

    let t = app.login("petugas.gambir").await;
    let n = app.file(&t, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(&app, &t, n, "take-up", json!({})).await;
    act_ok(&app, &t, n, "coordinate", json!({"units": [KEBON_KELAPA]})).await;
    let photo = crate::common::follow_up(&app, &t, n, "dicek", vec![crate::common::png(40, 30)]);
    assert!(photo.await.status().is_success());
    let url = app.opts.database_url.clone();
    let (first, second, bundle) = actix_web::rt::task::spawn_blocking(move || {
        let manager = Manager::new(url.parse().expect("url"));
        let mut conn = manager.connect().expect("a fresh connection");
        let events: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = events.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            let line = match event {
                InstrumentationEvent::CacheQuery { sql, .. } => format!("compile {sql}"),
                InstrumentationEvent::StartQuery { query, .. } => format!("run {query}"),
                _ => return,
            };
            seen.lock().expect("events").push(line);
        });
        let mut read = || {
            let bundle = crm_api::flows::case::load(&mut conn, n).expect("read");
            let lines = std::mem::take(&mut *events.lock().expect("events"));
            (lines, bundle)
        };
        let (first, _) = read();
        let (second, bundle) = read();
        (first, second, bundle)
    })
    .await
    .expect("read");
    let count =
        |lines: &[String], prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    let (selects, statements) = match app.backend {
        crate::common::Backend::Sqlite => (2, 4),
        crate::common::Backend::Postgres => (1, 1),
    };
    assert_eq!(count(&first, "run SELECT"), selects, "{first:#?}");
    assert_eq!(count(&first, "compile"), selects, "{first:#?}");
    assert_eq!(count(&second, "run"), statements, "{second:#?}");
    assert_eq!(count(&second, "run SELECT"), selects, "{second:#?}");
    assert_eq!(count(&second, "compile"), 0, "{second:#?}");
    let bundle = bundle.expect("the report");
    assert_eq!(bundle.case.collaborators, [KEBON_KELAPA]);
    let kinds: Vec<&str> = bundle.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["arrive", "take_up", "coordinate", "follow_up"]);
    let [photo] = bundle.photos.as_slice() else {
        panic!("one photo: {:?}", bundle.photos);
    };
    assert_eq!((photo.width, photo.height), (40, 30));
    assert_eq!(photo.history_id, bundle.history.last().map(|e| e.id));
    assert_eq!(
        bundle.history.last().and_then(|e| e.note.as_deref()),
        Some("dicek")
    );
}

both_backends!(
    a_report_is_read_in_statements_that_stay_compiled,
    a_search_finds_reports_by_category_name,
    a_filed_report_waits_at_its_kelurahan,
    numbers_are_sequential,
    a_report_without_kelurahan_goes_to_triage,
    officers_see_their_unit_and_heads_their_subtree,
    filters_and_cursor_pages,
    a_repeated_channel_reference_never_shows_another_units_report,
);
