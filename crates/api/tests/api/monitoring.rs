//! The Monitoring Room on both engines: dashboard statistics and the heatmap
//! against a hand-counted fixture, full-text search, time-target warnings
//! raised once across restarts, notifications, the live event stream,
//! workload per unit and the recap.

use crate::both_backends;
use crate::common::{
    act_ok, json_of, problem, report, TestApp, GAMBIR, GAMBIR_KEC, KEBON_JERUK, KEBON_KELAPA,
    SATPOL_JP, SUDIN_BM_JP,
};
use chrono::{Duration, Utc};
use crm_api::jobs::warnings::raise_due;
use crm_api::state::AppState;
use reqwest::Method;
use serde_json::{json, Value};

/// May 2026, by hand: Gambir holds 3 (2 complete: 10 h and 30 h; 1 in
/// progress without coordinates), Kebon Kelapa 1 waiting, Kebon Jeruk 1
/// complete in 2 h. JAKI 4, Qlue 1; 4 geotagged. And one April report of
/// Gambir completed on 2 May: not May's, but a May completion.
const MAY: &str = "\
nomor,kelurahan,kategori,status,timestamp,complete,kanal,deskripsi,lat,lon
5001,31.71.01.1001,sampah,complete,5/1/2026 8:00,5/1/2026 18:00,jaki,Sampah menumpuk,-6.1754,106.8272
5002,31.71.01.1001,jalan-rusak,complete,5/2/2026 23:00,5/4/2026 5:00,qlue,Jalan berlubang,-6.1760,106.8280
5003,31.71.01.1001,sampah,proses,5/3/2026 8:00,,jaki,Sampah di saluran,,
5004,31.71.01.1005,sampah,wait,5/3/2026 9:00,,jaki,Sampah liar,-6.1900,106.8100
5005,31.73.05.1001,pengemis,complete,5/10/2026 7:00,5/10/2026 9:00,jaki,Pengemis di lampu merah,-6.1900,106.7600
5006,31.71.01.1001,sampah,complete,4/30/2026 22:00,5/2/2026 10:00,jaki,Sampah dari April,,
";

async fn import(app: &TestApp, csv: &str) {
    let admin = app.login("admin").await;
    let resp = app
        .request(Method::POST, "/api/v1/imports/reports")
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("send");
    let _: Value = json_of(resp, 200).await;
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

fn counts(v: &Value, key: &str) -> Vec<(String, u64)> {
    v[key]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|x| {
            (
                x["key"]
                    .as_str()
                    .or(x["code"].as_str())
                    .unwrap_or("")
                    .to_string(),
                x["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

async fn statistics_match_the_hand_count(app: TestApp) {
    import(&app, MAY).await;
    let m = app.login("monitoring").await;
    let s: Value = json_of(app.get(&m, "/api/v1/stats?period=2026-05").await, 200).await;
    assert_eq!(s["total"], 5);
    assert_eq!(
        counts(&s, "by_status"),
        [
            ("menunggu", 1),
            ("proses", 1),
            ("disposisi", 0),
            ("koordinasi", 0),
            ("selesai", 3)
        ]
        .map(|(k, n)| (k.to_string(), n))
    );
    close(&s["by_status"][4]["percent"], 60.0);
    // (10 + 30 + 2) / 3 hours.
    close(&s["mean_completion_hours"], 14.0);
    assert_eq!(
        counts(&s, "by_channel"),
        vec![("jaki".into(), 4), ("qlue".into(), 1)]
    );
    close(&s["by_channel"][0]["percent"], 80.0);
    assert_eq!(
        (s["geotagged"].clone(), s["not_geotagged"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(
        counts(&s, "top_categories"),
        vec![
            ("sampah".into(), 3),
            ("jalan-rusak".into(), 1),
            ("pengemis".into(), 1)
        ]
    );
    assert_eq!(s["top_units"][0]["code"], GAMBIR);
    assert_eq!(s["top_units"][0]["count"], 3);
    let days = s["per_day"].as_array().expect("days");
    assert_eq!(days.len(), 31);
    let day = |k: &str| {
        let d = days.iter().find(|d| d["key"] == k).expect(k);
        (
            d["received"].as_u64().unwrap_or(0),
            d["completed"].as_u64().unwrap_or(0),
        )
    };
    assert_eq!(day("2026-05-01"), (1, 1));
    assert_eq!(
        day("2026-05-02"),
        (1, 1),
        "23:00 WIB is still the 2nd; April's report done"
    );
    assert_eq!(day("2026-05-03"), (2, 0));
    assert_eq!(day("2026-05-04"), (0, 1));
    assert_eq!(day("2026-05-10"), (1, 1));
    let bars: Vec<u64> = s["completion_time"]
        .as_array()
        .expect("bars")
        .iter()
        .map(|b| b["count"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(bars, vec![1, 1, 1, 0, 0], "2 h, 10 h and 30 h");

    // A camat sees the kecamatan only.
    let camat = app.login("camat.gambir").await;
    let s: Value = json_of(app.get(&camat, "/api/v1/stats?period=2026-05").await, 200).await;
    assert_eq!(s["total"], 4);
    let p = problem(
        app.get(
            &camat,
            &format!("/api/v1/stats?period=2026-05&unit={KEBON_JERUK}"),
        )
        .await,
        403,
    )
    .await;
    assert!(p["detail"].as_str().unwrap_or("").contains(KEBON_JERUK));
    // A custom window and bad windows, named.
    let s: Value = json_of(
        app.get(&m, "/api/v1/stats?from=2026-05-03&to=2026-05-03")
            .await,
        200,
    )
    .await;
    assert_eq!(s["total"], 2);
    for (q, field) in [
        ("period=2026-13", "period"),
        ("from=2026-05-01", "to"),
        ("from=2026-05-02&to=2026-05-01", "to"),
        ("period=2026-05&from=2026-05-01", "period"),
        ("period=2026-05&category=nope", "category"),
    ] {
        let p = problem(app.get(&m, &format!("/api/v1/stats?{q}")).await, 422).await;
        assert_eq!(crate::common::fields(&p), vec![field.to_string()], "{q}");
    }

    // The heatmap: every geotagged report in one cell, kelurahan points at
    // the centre of their kelurahan.
    let h: Value = json_of(
        app.get(&m, "/api/v1/stats/heatmap?period=2026-05").await,
        200,
    )
    .await;
    assert_eq!(h["resolution"], 7);
    assert_eq!(
        (h["geotagged"].clone(), h["not_geotagged"].clone()),
        (json!(4), json!(1))
    );
    let cells = h["cells"].as_array().expect("cells");
    assert_eq!(
        cells
            .iter()
            .map(|c| c["count"].as_u64().unwrap_or(0))
            .sum::<u64>(),
        4
    );
    assert!(cells
        .iter()
        .all(|c| c["boundary"].as_array().is_some_and(|b| b.len() >= 5)));
    let gambir = h["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["code"] == GAMBIR)
        .expect("Gambir point")
        .clone();
    assert_eq!(gambir["count"], 2);
    // At the centre of Gambir's own boundary, not of its two reports.
    let (lat, lon) = crm_api::boundaries::Boundaries::stored_or_built_in(Vec::new())
        .centroid(GAMBIR)
        .expect("Gambir's boundary");
    close(&gambir["lat"], lat);
    close(&gambir["lon"], lon);
    assert!((lat - (-6.1754 + -6.1760) / 2.0).abs() > 1e-4);
    let fine: Value = json_of(
        app.get(&m, "/api/v1/stats/heatmap?period=2026-05&zoom=14")
            .await,
        200,
    )
    .await;
    assert_eq!(fine["resolution"], 9);
    let p = problem(app.get(&m, "/api/v1/stats/heatmap?zoom=20").await, 422).await;
    assert_eq!(crate::common::fields(&p), vec!["zoom".to_string()]);
}

async fn search_finds_words_in_text_address_and_public_notes(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let mut a = report(Some(GAMBIR));
    a["description"] = json!("Sampah menumpuk di depan pasar Tanah Abang");
    a["address"] = json!("Jl. Kebon Sirih 12");
    let a = app.file(&g, a).await["number"].as_i64().expect("a");
    // (Each of its own category: a category's name is searched too.)
    let mut b = report(Some(GAMBIR));
    b["category"] = json!("lampu-jalan-rusak");
    b["description"] = json!("Lampu jalan mati sejak minggu lalu");
    b["address"] = json!("Jl.Sudirman No.5");
    let b = app.file(&g, b).await["number"].as_i64().expect("b");
    let mut c = report(Some(GAMBIR));
    c["category"] = json!("pohon-tumbang");
    c["description"] = json!("Pohon tumbang menutup jalan");
    let c = app.file(&g, c).await["number"].as_i64().expect("c");
    act_ok(
        &app,
        &g,
        c,
        "comments",
        json!({"text": "Petugas PPSU sudah membersihkan ranting", "public": true}),
    )
    .await;
    act_ok(
        &app,
        &g,
        b,
        "comments",
        json!({"text": "Catatan rahasia internal", "public": false}),
    )
    .await;

    let found = |q: &str| {
        let q = q.to_string();
        let app = &app;
        async move {
            app.all_numbers(&format!("&q={}", q.replace(' ', "%20")))
                .await
        }
    };
    assert_eq!(found("sampah").await, vec![a]);
    assert_eq!(found("jalan").await, vec![c, b], "newest first");
    assert_eq!(found("jal").await, vec![c, b], "a word's start matches");
    assert_eq!(found("kebon").await, vec![a], "the address counts");
    assert_eq!(
        found("sudirman").await,
        vec![b],
        "punctuation separates words"
    );
    assert_eq!(found("ppsu").await, vec![c], "a public note counts");
    assert!(
        found("rahasia").await.is_empty(),
        "an internal note never does"
    );
    assert_eq!(found("PASAR tanah").await, vec![a], "every word, any case");
    assert!(found("sampah lampu").await.is_empty());
    assert_eq!(
        found("\"jalan\" -*:&").await,
        vec![c, b],
        "operators are dropped"
    );
    // Combined with the other filters and the scope.
    act_ok(&app, &g, b, "take-up", json!({})).await;
    assert_eq!(app.all_numbers("&q=jalan&status=proses").await, vec![b]);
    assert_eq!(
        app.all_numbers("&q=jalan&category=pohon-tumbang&channel=kantor-kelurahan")
            .await,
        vec![c]
    );
    assert!(app.all_numbers("&q=jalan&channel=jaki").await.is_empty());
    assert!(app.all_numbers("&q=jalan&triage=true").await.is_empty());
    assert_eq!(
        app.all_numbers(&format!("&q=jalan&unit={GAMBIR_KEC}"))
            .await,
        vec![c, b]
    );
    let kj = app.login("petugas.kebonjeruk").await;
    let page: Value = json_of(app.get(&kj, "/api/v1/reports?q=jalan").await, 200).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
    let p = problem(app.get(&g, "/api/v1/reports?q=%21%21%21").await, 422).await;
    assert_eq!(crate::common::fields(&p), vec!["q".to_string()]);
}

async fn raise(st: &AppState, at: chrono::DateTime<Utc>) -> usize {
    let st = st.clone();
    actix_web::rt::task::spawn_blocking(move || raise_due(&st, at))
        .await
        .expect("task")
        .expect("raise")
        .len()
}

/// When the warning job next looks at each scheduled report, by number.
async fn next_checks(st: &AppState) -> Vec<(i64, Option<chrono::NaiveDateTime>)> {
    use crm_api::db::schema::report_schedule as rs;
    use diesel::prelude::*;
    st.db
        .read(|c| -> Result<_, crm_api::db::DbError> {
            Ok(rs::table
                .select((rs::report_number, rs::next_check_at))
                .order(rs::report_number)
                .load(c)?)
        })
        .await
        .expect("the schedules")
}

async fn notifications(app: &TestApp, user: &str) -> Value {
    let t = app.login(user).await;
    json_of(app.get(&t, "/api/v1/notifications").await, 200).await
}

/// Many reports due at once are worked a batch at a time, every one of
/// them, and once.
async fn warnings_come_a_batch_at_a_time(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let mut filed = Vec::new();
    for _ in 0..5 {
        filed.push(app.file(&officer, report(Some(GAMBIR))).await["number"].as_i64());
    }
    let later = Utc::now() + Duration::hours(7);
    let by_two = |at| {
        let st = app.state.clone();
        actix_web::rt::task::spawn_blocking(move || {
            crm_api::jobs::warnings::raise_due_by(&st, at, 2)
        })
    };
    let raised = by_two(later).await.expect("task").expect("raise");
    let mut numbers: Vec<Option<i64>> = raised.iter().map(|r| Some(r.report_number)).collect();
    numbers.sort();
    assert_eq!(
        numbers, filed,
        "each report's 6-hour response target has passed"
    );
    assert!(
        by_two(later)
            .await
            .expect("task")
            .expect("raise")
            .is_empty(),
        "once"
    );
    let n = notifications(&app, "petugas.gambir").await;
    let warned = n["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kind"] == "warning")
        .count();
    assert_eq!(warned, 5, "one notice a report: {n}");
}

/// A report nobody has placed yet is the Monitoring Room's: its targets
/// warn the room, not a unit.
async fn triage_warnings_reach_the_monitoring_room(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let filed = app.file(&officer, report(None)).await;
    assert!(filed["holder_code"].is_null(), "in triage: {filed}");
    let number = filed["number"].as_i64().expect("number");
    assert_eq!(
        raise(&app.state, Utc::now() + Duration::hours(7)).await,
        1,
        "the 6-hour response target has passed"
    );
    let n = notifications(&app, "monitoring").await;
    assert_eq!(n["unread"], 1);
    assert_eq!(n["items"][0]["kind"], "warning");
    assert_eq!(n["items"][0]["report_number"], number);
    assert_eq!(n["items"][0]["standing"], "past");
    assert_eq!(notifications(&app, "petugas.gambir").await["unread"], 0);
}

async fn warnings_are_raised_once_even_across_restarts(app: TestApp) {
    // Imported 5 h after it arrived, and one from 40 days before whose
    // every target had passed before the import: that one never warns (the
    // unit could not have met any of them).
    let imported = Utc::now();
    let arrived = (imported - Duration::hours(5)).to_rfc3339();
    let long_ago = (imported - Duration::days(40)).to_rfc3339();
    import(
        &app,
        &format!(
            "kelurahan,kategori,status,timestamp\n\
             {GAMBIR},sampah,wait,{arrived}\n\
             {GAMBIR},sampah,wait,{long_ago}\n"
        ),
    )
    .await;
    // 10 h after arrival: past the 6-hour response target only.
    let now = imported + Duration::hours(5);
    assert_eq!(raise(&app.state, now).await, 1);
    // The job looks at a report again only when one of its clocks can turn:
    // a day later for the old one (past every target, nothing more to say),
    // at its next threshold (sooner) for the other.
    let checks = next_checks(&app.state).await;
    assert_eq!(checks.len(), 2, "{checks:?}");
    let day_later = (now + Duration::hours(24)).naive_utc();
    let within_a_second = |t: Option<chrono::NaiveDateTime>, want: chrono::NaiveDateTime| {
        t.is_some_and(|t| (t - want).num_milliseconds().abs() < 1000)
    };
    assert!(
        within_a_second(checks[1].1, day_later),
        "the old report: {checks:?}"
    );
    assert!(
        checks[0]
            .1
            .is_some_and(|t| t > now.naive_utc() && t < day_later),
        "the new report: {checks:?}"
    );
    let n = notifications(&app, "petugas.gambir").await;
    assert_eq!(n["unread"], 1);
    assert_eq!(n["items"][0]["kind"], "warning");
    assert_eq!(n["items"][0]["target"], "response");
    assert_eq!(n["items"][0]["standing"], "past");
    assert_eq!(n["items"][0]["unit_code"], GAMBIR);
    assert_eq!(
        notifications(&app, "camat.gambir").await["unread"],
        1,
        "the unit above"
    );
    assert_eq!(
        notifications(&app, "petugas.kebonkelapa").await["unread"],
        0
    );

    assert_eq!(raise(&app.state, now).await, 0, "raised once");
    let opts = app.opts.clone();
    let restarted = actix_web::rt::task::spawn_blocking(move || AppState::open(&opts))
        .await
        .expect("task")
        .expect("reopen");
    assert_eq!(
        raise(&restarted, now).await,
        0,
        "not repeated after a restart"
    );
    // 25 h after arrival: no action for 24 h (past), completion near (25 of
    // the 29 hours of Sampah's first band). Both are raised; the officer is
    // told once, of the more urgent (one notice per report per change).
    assert_eq!(raise(&restarted, now + Duration::hours(15)).await, 2);
    let n = notifications(&app, "petugas.gambir").await;
    assert_eq!(n["unread"], 2);
    let mut got: Vec<(String, String)> = n["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["target"].as_str().unwrap_or("").into(),
                i["standing"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [("no_action", "past"), ("response", "past")].map(|(a, b)| (a.to_string(), b.to_string()))
    );

    // The list of what is late, and what still waits: the board shows the
    // old report as late (it is), though it warned no one.
    let lurah = app.login("lurah.gambir").await;
    let b: Value = json_of(app.get(&lurah, "/api/v1/targets").await, 200).await;
    assert_eq!(b["past"].as_array().map(Vec::len), Some(1));
    assert_eq!(b["past"][0]["clocks"][0]["target"], "response");
    let mut waited: Vec<f64> = b["waiting"]
        .as_array()
        .expect("waiting")
        .iter()
        .filter_map(|w| w["hours_waiting"].as_f64())
        .map(f64::round)
        .collect();
    waited.sort_by(f64::total_cmp);
    assert_eq!(waited, [5.0, 960.0], "{b}");
    let kk = app.login("petugas.kebonkelapa").await;
    let b: Value = json_of(app.get(&kk, "/api/v1/targets").await, 200).await;
    assert_eq!(
        b["past"].as_array().map(Vec::len),
        Some(0),
        "another unit's report"
    );

    // Reading them.
    let g = app.login("petugas.gambir").await;
    let p = problem(
        app.post(&g, "/api/v1/notifications/read", &json!({})).await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), vec!["ids".to_string()]);
    let first = n["items"][0]["id"].as_i64().expect("id");
    let r: Value = json_of(
        app.post(&g, "/api/v1/notifications/read", &json!({"ids": [first]}))
            .await,
        200,
    )
    .await;
    assert_eq!(r["marked"], 1);
    assert_eq!(notifications(&app, "petugas.gambir").await["unread"], 1);
    app.post(&g, "/api/v1/notifications/read", &json!({"all": true}))
        .await;
    assert_eq!(notifications(&app, "petugas.gambir").await["unread"], 0);
    assert_eq!(
        notifications(&app, "camat.gambir").await["unread"],
        2,
        "each reads their own"
    );
}

async fn arrivals_notify_the_unit(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let n = app.file(&g, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let got = notifications(&app, "petugas2.gambir").await;
    assert_eq!(got["items"][0]["kind"], "new_report");
    assert_eq!(got["items"][0]["report_number"], n);
    assert_eq!(notifications(&app, "sudin.bm").await["unread"], 0);
    act_ok(
        &app,
        &g,
        n,
        "dispose",
        json!({"to": SUDIN_BM_JP, "reason": "Jalan nasional"}),
    )
    .await;
    let got = notifications(&app, "sudin.bm").await;
    assert_eq!(got["unread"], 1);
    assert_eq!(got["items"][0]["unit_code"], SUDIN_BM_JP);
}

/// Notifications come a page at a time, newest first, each once.
async fn notifications_are_paged(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let mut filed = Vec::new();
    for _ in 0..5 {
        filed.push(
            app.file(&g, report(Some(GAMBIR))).await["number"]
                .as_i64()
                .expect("n"),
        );
    }
    let other = app.login("petugas2.gambir").await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/notifications?limit=2".to_string();
    for _ in 0..5 {
        let page: Value = json_of(app.get(&other, &path).await, 200).await;
        assert_eq!(page["unread"], 5, "{page}");
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2, "{page}");
        seen.extend(items.iter().filter_map(|i| i["report_number"].as_i64()));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/notifications?limit=2&cursor={c}"),
            None => break,
        }
    }
    filed.reverse();
    assert_eq!(seen, filed, "newest first, each once");
    for (bad, field) in [
        ("/api/v1/notifications?limit=0", "limit"),
        ("/api/v1/notifications?limit=101", "limit"),
        ("/api/v1/notifications?cursor=nonsense", "cursor"),
    ] {
        let p = problem(app.get(&other, bad).await, 422).await;
        assert!(p.to_string().contains(field), "{bad}: {p}");
    }
}

/// Reads the stream until an event arrives (or gives up after 10 s).
async fn next_event(resp: &mut reqwest::Response, buf: &mut String) -> Option<(String, Value)> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            let kind = frame.lines().find_map(|l| l.strip_prefix("event: "));
            let data = frame.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(k), Some(d)) = (kind, data) {
                return Some((k.to_string(), serde_json::from_str(d).ok()?));
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, resp.chunk())
            .await
            .ok()?
            .ok()??;
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn live_events_follow_the_scope(app: TestApp) {
    let camat = app.login("camat.gambir").await;
    let p = problem(app.get("nope", "/api/v1/events?ticket=nope").await, 401).await;
    assert!(p["detail"].as_str().is_some());
    // A long-lived token in the URL is not taken any more.
    let anon = |path: String| app.request(Method::GET, &path).send();
    problem(
        anon(format!("/api/v1/events?access_token={camat}"))
            .await
            .expect("send"),
        401,
    )
    .await;
    // A ticket: short-lived, used once, and no access token elsewhere.
    let ticket: Value = json_of(
        app.post(&camat, "/api/v1/events/ticket", &json!({})).await,
        200,
    )
    .await;
    assert_eq!(ticket["expires_in"], 30);
    let ticket = ticket["ticket"].as_str().expect("ticket").to_string();
    problem(app.get(&ticket, "/api/v1/reports").await, 401).await;
    let mut stream = anon(format!("/api/v1/events?ticket={ticket}"))
        .await
        .expect("stream");
    assert_eq!(stream.status(), 200);
    problem(
        anon(format!("/api/v1/events?ticket={ticket}"))
            .await
            .expect("send"),
        401,
    )
    .await;
    assert_eq!(
        stream
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let mut buf = String::new();
    // Another kecamatan's report, then one of Gambir's: only the second
    // reaches the camat.
    let kj = app.login("petugas.kebonjeruk").await;
    app.file(&kj, report(Some(KEBON_JERUK))).await;
    let g = app.login("petugas.gambir").await;
    let n = app.file(&g, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let (kind, e) = next_event(&mut stream, &mut buf).await.expect("an event");
    assert_eq!(kind, "report");
    assert_eq!(e["report_number"], n);
    assert_eq!(e["status"], "menunggu");
    act_ok(&app, &g, n, "take-up", json!({})).await;
    let (_, e) = next_event(&mut stream, &mut buf)
        .await
        .expect("a second event");
    assert_eq!(
        (e["report_number"].clone(), e["status"].clone()),
        (json!(n), json!("proses"))
    );
    // A unit asked to coordinate hears the report from then on, though it
    // does not hold it; what it has no part in stays unheard.
    let sat = app.login("satpol.jp").await;
    let ticket: Value = json_of(
        app.post(&sat, "/api/v1/events/ticket", &json!({})).await,
        200,
    )
    .await;
    let ticket = ticket["ticket"].as_str().expect("ticket").to_string();
    let mut sat_stream = anon(format!("/api/v1/events?ticket={ticket}"))
        .await
        .expect("stream");
    assert_eq!(sat_stream.status(), 200);
    let mut sat_buf = String::new();
    app.file(&kj, report(Some(KEBON_JERUK))).await;
    act_ok(
        &app,
        &g,
        n,
        "coordinate",
        json!({"units": [SATPOL_JP], "note": "Mohon penertiban"}),
    )
    .await;
    let (_, e) = next_event(&mut sat_stream, &mut sat_buf)
        .await
        .expect("the coordination reaches the collaborator");
    assert_eq!(e["report_number"], n);
    assert_eq!(e["holder_code"], GAMBIR);
    assert_eq!(e["collaborator_codes"], json!([SATPOL_JP]));
}

async fn workload_counts_open_work_per_unit(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    for _ in 0..2 {
        app.file(&g, report(Some(GAMBIR))).await;
    }
    let kk = app.login("petugas.kebonkelapa").await;
    let k = app.file(&kk, report(Some(KEBON_KELAPA))).await["number"]
        .as_i64()
        .expect("k");
    act_ok(&app, &kk, k, "take-up", json!({})).await;
    let camat = app.login("camat.gambir").await;
    let b: Value = json_of(app.get(&camat, "/api/v1/workload").await, 200).await;
    assert_eq!(b["unit"]["unit_code"], GAMBIR_KEC);
    assert_eq!(b["unit"]["open"], 3);
    assert_eq!(b["unit"]["waiting"], 2);
    let row = |code: &str| {
        b["children"]
            .as_array()
            .expect("children")
            .iter()
            .find(|c| c["unit_code"] == code)
            .cloned()
            .expect(code)
    };
    assert_eq!(
        (row(GAMBIR)["open"].clone(), row(GAMBIR)["waiting"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(
        (
            row(KEBON_KELAPA)["open"].clone(),
            row(KEBON_KELAPA)["waiting"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(b["children"][0]["unit_code"], GAMBIR, "busiest first");
    let m = app.login("monitoring").await;
    let city: Value = json_of(app.get(&m, "/api/v1/workload").await, 200).await;
    assert_eq!(city["unit"]["open"], 3);
    let pusat = city["children"]
        .as_array()
        .expect("children")
        .iter()
        .find(|c| c["unit_code"] == "31.71")
        .cloned()
        .expect("the kota are the city's rows");
    assert_eq!(pusat["open"], 3);
    let p = problem(
        app.get(&camat, &format!("/api/v1/workload?unit={KEBON_JERUK}"))
            .await,
        403,
    )
    .await;
    assert!(p["detail"].as_str().is_some());
}

async fn the_recap_lays_out_a_month_and_a_year(app: TestApp) {
    import(&app, MAY).await;
    let m = app.login("monitoring").await;
    let r: Value = json_of(
        app.get(&m, "/api/v1/recap?period=2026-05&kota=31.71").await,
        200,
    )
    .await;
    assert_eq!(r["kota_name"], "Kota Administrasi Jakarta Pusat");
    assert_eq!(
        (r["received"].clone(), r["completed"].clone()),
        (json!(4), json!(2))
    );
    assert_eq!(
        (
            r["completed_geotagged"].clone(),
            r["completed_not_geotagged"].clone()
        ),
        (json!(2), json!(0))
    );
    assert_eq!(r["kecamatan"][0]["unit_code"], GAMBIR_KEC);
    assert_eq!(r["kecamatan"][0]["rank"], 1);
    let top: Vec<&str> = r["kelurahan_top"]
        .as_array()
        .expect("top")
        .iter()
        .filter_map(|u| u["unit_code"].as_str())
        .collect();
    assert!(
        top.contains(&GAMBIR) && top.contains(&KEBON_KELAPA),
        "{top:?}"
    );
    assert!(!top.contains(&KEBON_JERUK), "another kota");
    let board: Value = json_of(
        app.get(&m, "/api/v1/scores?period=2026-05&level=kota")
            .await,
        200,
    )
    .await;
    let pusat = board["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["unit_code"] == "31.71")
        .cloned()
        .expect("Jakarta Pusat scored");
    assert_eq!(r["final_score"], pusat["final_score"]);
    assert_eq!(r["grade"], pusat["grade"]);
    assert_eq!(r["top_categories"][0]["code"], "sampah");
    assert_eq!(r["by_channel"][0]["key"], "jaki");

    let y: Value = json_of(
        app.get(&m, "/api/v1/recap?period=2026&kota=31.71").await,
        200,
    )
    .await;
    let may = y["months"]
        .as_array()
        .expect("months")
        .iter()
        .find(|x| x["period"] == "2026-05")
        .cloned()
        .expect("May");
    assert_eq!(
        (may["received"].clone(), may["completed"].clone()),
        (json!(4), json!(2))
    );
    assert_eq!(may["final_score"], pusat["final_score"]);
    assert_eq!(y["received"], 5, "April's report too");
    assert_eq!(y["months"][0]["period"], "2026-01");

    let x = app
        .get(&m, "/api/v1/recap?period=2026-05&kota=31.71&format=xlsx")
        .await;
    assert_eq!(x.status(), 200);
    assert!(x
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains("spreadsheetml")));
    let bytes = x.bytes().await.expect("xlsx");
    assert_eq!(&bytes[..2], b"PK");
    // In Indonesian, the score rounded to two decimals.
    let text = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
        let mut all = String::new();
        for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
            if let Ok(mut f) = zip.by_name(name) {
                f.read_to_string(&mut all).expect("xml");
            }
        }
        all
    };
    assert!(text.contains("titik lokasi") && !text.contains("geotagging"));
    let score = may["final_score"].as_f64().expect("score");
    let rounded = (score * 100.0).round() / 100.0;
    assert!(
        text.contains(&format!(">{rounded}<")),
        "{rounded} in the sheet"
    );
    if (rounded - score).abs() > 1e-12 {
        assert!(!text.contains(&format!(">{score}<")), "unrounded {score}");
    }

    // A report of another kota that a unit of this one coordinates on
    // counts in this kota's recap, as in its statistics.
    app.state
        .db
        .write_blocking(|conn| -> Result<usize, crm_api::db::DbError> {
            use crm_api::db::schema::{report_collaborators as rc, reports};
            use diesel::prelude::*;
            let number: i64 = reports::table
                .filter(reports::kelurahan_code.eq(KEBON_JERUK))
                .select(reports::number)
                .first(conn)?;
            Ok(diesel::insert_into(rc::table)
                .values((
                    rc::report_number.eq(number),
                    rc::unit_code.eq(GAMBIR),
                    rc::added_at.eq(Utc::now().naive_utc()),
                ))
                .execute(conn)?)
        })
        .expect("coordinated");
    let r: Value = json_of(
        app.get(&m, "/api/v1/recap?period=2026-05&kota=31.71").await,
        200,
    )
    .await;
    assert_eq!(r["frozen"], true, "the import froze May");
    assert_eq!(
        (r["received"].clone(), r["completed"].clone()),
        (json!(5), json!(3))
    );
    assert_eq!(r["by_channel"][0]["count"], 4);
    assert_eq!(counts(&r, "top_units").len(), 3, "{r}");
    // A month not yet frozen counts its reports as its scores read them:
    // the same counts as the frozen month's read of its reports.
    let may: crm_domain::period::Period = "2026-05".parse().expect("period");
    let area = app.state.refdata.tree().subtree("31.71");
    let (_, live) = crm_api::flows::scores::live_boards_counting(
        &app.state,
        may,
        Utc::now(),
        &[crm_domain::UnitLevel::Kota],
        Some(area),
    )
    .await
    .expect("live");
    let names = app.state.refdata.as_ref();
    let done = live.completed();
    assert_eq!(
        json!({
            "received": live.received,
            "completed": done.completed,
            "completed_geotagged": done.geotagged,
            "completed_not_geotagged": done.not_geotagged,
            "top_categories": live.top_categories(5, names),
            "top_units": live.top_units(5, names),
            "by_channel": live.by_channel(names),
        }),
        json!({
            "received": r["received"],
            "completed": r["completed"],
            "completed_geotagged": r["completed_geotagged"],
            "completed_not_geotagged": r["completed_not_geotagged"],
            "top_categories": r["top_categories"],
            "top_units": r["top_units"],
            "by_channel": r["by_channel"],
        })
    );

    for (q, field) in [
        ("period=2026-05&kota=31.71.01", "kota"),
        ("period=2099-01&kota=31.71", "period"),
        ("period=20&kota=31.71", "period"),
        ("period=2026-05&kota=31.71&format=pdf", "format"),
    ] {
        let p = problem(app.get(&m, &format!("/api/v1/recap?{q}")).await, 422).await;
        assert_eq!(crate::common::fields(&p), vec![field.to_string()], "{q}");
    }
    let camat = app.login("camat.gambir").await;
    problem(
        app.get(&camat, "/api/v1/recap?period=2026-05&kota=31.71")
            .await,
        403,
    )
    .await;
}

both_backends!(
    statistics_match_the_hand_count,
    search_finds_words_in_text_address_and_public_notes,
    warnings_are_raised_once_even_across_restarts,
    triage_warnings_reach_the_monitoring_room,
    warnings_come_a_batch_at_a_time,
    arrivals_notify_the_unit,
    notifications_are_paged,
    live_events_follow_the_scope,
    workload_counts_open_work_per_unit,
    the_recap_lays_out_a_month_and_a_year,
);

/// The target board answers in pages: the first page of each list with the
/// totals, or one list paged by cursor; bad paging is named.
async fn the_target_board_is_paged(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let mut filed = Vec::new();
    for _ in 0..5 {
        filed.push(
            app.file(&g, report(Some(GAMBIR))).await["number"]
                .as_i64()
                .expect("n"),
        );
    }
    let lurah = app.login("lurah.gambir").await;
    let b: Value = json_of(app.get(&lurah, "/api/v1/targets?limit=2").await, 200).await;
    assert_eq!(b["waiting"].as_array().expect("waiting").len(), 2);
    assert_eq!(b["waiting_total"], 5);
    assert!(b.get("next_cursor").is_none());
    let mut seen = Vec::new();
    let mut path = "/api/v1/targets?list=waiting&limit=2".to_string();
    loop {
        let page: Value = json_of(app.get(&lurah, &path).await, 200).await;
        assert_eq!(page["past"], json!([]));
        for w in page["waiting"].as_array().expect("waiting") {
            seen.push(w["report"]["number"].as_i64().expect("n"));
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/targets?list=waiting&limit=2&cursor={c}"),
            None => break,
        }
    }
    seen.sort_unstable();
    filed.sort_unstable();
    assert_eq!(seen, filed);
    for (bad, field) in [
        ("/api/v1/targets?limit=201", "limit"),
        ("/api/v1/targets?limit=0", "limit"),
        ("/api/v1/targets?cursor=bzo1", "cursor"),
        ("/api/v1/targets?list=near&cursor=nonsense", "cursor"),
    ] {
        let p = problem(app.get(&lurah, bad).await, 422).await;
        assert!(p.to_string().contains(field), "{bad}: {p}");
    }
}

/// What was breached a moment ago comes before what has been overdue for a
/// day: it may still be saved with a call.
async fn the_just_breached_come_before_the_long_overdue(app: TestApp) {
    let now = Utc::now();
    let long = (now - Duration::hours(30)).to_rfc3339();
    let just = (now - Duration::hours(7)).to_rfc3339();
    import(
        &app,
        &format!(
            "nomor,kelurahan,kategori,status,timestamp\n\
             3044001,{GAMBIR},sampah,wait,{long}\n\
             3044002,{GAMBIR},sampah,wait,{just}\n"
        ),
    )
    .await;
    let lurah = app.login("lurah.gambir").await;
    let b: Value = json_of(app.get(&lurah, "/api/v1/targets").await, 200).await;
    let past: Vec<i64> = b["past"]
        .as_array()
        .expect("past")
        .iter()
        .filter_map(|i| i["report"]["number"].as_i64())
        .collect();
    assert_eq!(past, [3044002, 3044001], "{b}");
}

/// The board pages on each report's schedule, which every change to the
/// report keeps: an action, a correction of its category, a change of the
/// category's bands; and a report written without one gets it when the
/// server starts.
async fn the_board_follows_each_reports_schedule(app: TestApp) {
    const N: i64 = 3055001;
    let arrived = (Utc::now() - Duration::minutes(330)).to_rfc3339();
    import(
        &app,
        &format!("nomor,kelurahan,kategori,status,timestamp\n{N},{GAMBIR},sampah,wait,{arrived}\n"),
    )
    .await;
    let lurah = app.login("lurah.gambir").await;
    let board = || async { json_of::<Value>(app.get(&lurah, "/api/v1/targets").await, 200).await };
    let on = |b: &Value, list: &str| {
        b[list]
            .as_array()
            .is_some_and(|a| a.iter().any(|i| i["report"]["number"] == N))
    };
    // 5.5 h after arrival: near the 6-hour response target.
    let b = board().await;
    assert!(on(&b, "near") && !on(&b, "past"), "{b}");
    assert_eq!(b["near"][0]["clocks"][0]["target"], "response", "{b}");
    assert_eq!(b["near_total"], 1);
    // Taken up: the response clock stops and nothing else is near.
    let officer = app.login("petugas.gambir").await;
    act_ok(&app, &officer, N, "take-up", json!({})).await;
    let b = board().await;
    assert!(!on(&b, "near") && !on(&b, "past"), "{b}");
    // Corrected to a category finished within 5 hours: past its target.
    let m = app.login("monitoring").await;
    json_of::<Value>(
        app.post(
            &m,
            &format!("/api/v1/reports/{N}/correct"),
            &json!({"note": "Kategori salah", "category": "laporan-transjakarta"}),
        )
        .await,
        200,
    )
    .await;
    let b = board().await;
    assert!(on(&b, "past"), "{b}");
    assert_eq!(b["past"][0]["clocks"][0]["target"], "completion", "{b}");
    // Written without a schedule (as before schedules were kept): off the
    // board until a server starts and works it out.
    app.state
        .db
        .write(|conn| -> Result<usize, crm_api::db::DbError> {
            use crm_api::db::schema::report_schedule as rs;
            use diesel::prelude::*;
            Ok(diesel::delete(rs::table.filter(rs::report_number.eq(N))).execute(conn)?)
        })
        .await
        .expect("schedule removed");
    assert!(!on(&board().await, "past"));
    let opts = app.opts.clone();
    actix_web::rt::task::spawn_blocking(move || AppState::open(&opts))
        .await
        .expect("task")
        .expect("reopen");
    assert!(on(&board().await, "past"), "worked out at start");
    // The category's first band lengthened to 100 hours: no longer past.
    let admin = app.login("admin").await;
    let put = app
        .request(Method::PUT, "/api/v1/categories/laporan-transjakarta")
        .bearer_auth(&admin)
        .json(&json!({"weight": 1.0, "bands": {"t1": 100.0, "t2": 120.0, "t3": 140.0}, "evidence_required": false}))
        .send()
        .await
        .expect("category");
    assert_eq!(put.status(), 200);
    let b = board().await;
    assert!(!on(&b, "past") && !on(&b, "near"), "{b}");
    // The workload board counts it late only while it is.
    let w: Value = json_of(app.get(&lurah, "/api/v1/workload").await, 200).await;
    assert_eq!(
        (w["unit"]["open"].as_u64(), w["unit"]["late"].as_u64()),
        (Some(1), Some(0)),
        "{w}"
    );
}

both_backends!(
    the_target_board_is_paged,
    the_just_breached_come_before_the_long_overdue,
    the_board_follows_each_reports_schedule,
);

/// One account holds at most five live streams at once; the sixth is
/// refused with 429, another account is not.
async fn live_streams_are_capped_per_account(app: TestApp) {
    let camat = app.login("camat.gambir").await;
    let mut open = Vec::new();
    for _ in 0..5 {
        let s = app
            .request(Method::GET, "/api/v1/events")
            .bearer_auth(&camat)
            .send()
            .await
            .expect("stream");
        assert_eq!(s.status(), 200);
        open.push(s);
    }
    let sixth = app
        .request(Method::GET, "/api/v1/events")
        .bearer_auth(&camat)
        .send()
        .await
        .expect("stream");
    problem(sixth, 429).await;
    let other = app.login("lurah.gambir").await;
    let s = app
        .request(Method::GET, "/api/v1/events")
        .bearer_auth(&other)
        .send()
        .await
        .expect("stream");
    assert_eq!(s.status(), 200);
    drop(open);
}

both_backends!(live_streams_are_capped_per_account);

/// Heavy reads (statistics, heatmaps, recaps, scores, the target board,
/// exports) are bounded: one account flooding them gets 429 beyond its
/// share, the others wait their turn for a place and get 503 when it does
/// not come in time, both with `Retry-After`; light requests never wait.
async fn heavy_reads_are_bounded_per_account_and_in_all(backend: crate::common::Backend) {
    let app = TestApp::spawn_configured(backend, true, |o| {
        o.limits.heavy_at_once = 1;
        o.limits.heavy_per_account = 1;
        o.limits.heavy_wait_ms = 300;
    })
    .await;
    let m = app.login("monitoring").await;
    let admin = app.login("admin").await;
    let retry_after = |r: &reqwest::Response| {
        r.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
    };
    // A heavy read of the monitoring account under way.
    let busy = app.state.heavy.enter("monitoring").await.expect("a place");
    for path in [
        "/api/v1/stats",
        "/api/v1/stats/heatmap",
        "/api/v1/targets",
        "/api/v1/scores?period=2026-05&level=kelurahan",
        "/api/v1/exports/reports?period=2026-05",
        "/api/v1/exports/report-list",
    ] {
        let r = app.get(&m, path).await;
        assert_eq!(retry_after(&r), Some(5), "{path}");
        let p = problem(r, 429).await;
        assert_eq!(p["type"], "/problems/too-many-requests", "{path}");
    }
    // Another account waits for the one place, then is told to come back.
    let r = app.get(&admin, "/api/v1/stats").await;
    assert_eq!(retry_after(&r), Some(5));
    let p = problem(r, 503).await;
    assert_eq!(p["type"], "/problems/busy");
    // A report list page is light: answered at once.
    json_of::<Value>(app.get(&m, "/api/v1/reports?limit=5").await, 200).await;
    // The place given back, both are served.
    drop(busy);
    json_of::<Value>(app.get(&m, "/api/v1/stats").await, 200).await;
    json_of::<Value>(app.get(&admin, "/api/v1/stats").await, 200).await;
    // A streamed export holds its place until its last page is written.
    let export = app.get(&m, "/api/v1/exports/reports?period=2026-05").await;
    assert_eq!(export.status(), 200);
    export.text().await.expect("csv");
    json_of::<Value>(app.get(&m, "/api/v1/stats").await, 200).await;
}

mod heavy_reads {
    #[actix_web::test]
    async fn sqlite() {
        super::heavy_reads_are_bounded_per_account_and_in_all(crate::common::Backend::Sqlite).await;
    }
    #[actix_web::test]
    async fn postgres() {
        super::heavy_reads_are_bounded_per_account_and_in_all(crate::common::Backend::Postgres)
            .await;
    }
}
