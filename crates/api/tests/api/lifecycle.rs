//! The report lifecycle over HTTP: every action, its refusals (answered
//! problem+json with nothing written), concurrency, coordination, photos,
//! verification, rating, assignment and the inbox.

use crate::both_backends;
use crate::common::{
    act, act_ok, follow_up, json_of, mark, png, problem, read, report, TestApp, GAMBIR,
    KEBON_KELAPA, SATPOL_JP, SUDIN_BM_JP,
};
use reqwest::Method;
use serde_json::{json, Value};

async fn filed(app: &TestApp, token: &str) -> i64 {
    app.file(token, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number")
}

/// Takes a report from arrival to awaiting verification at Gambir.
async fn completed(app: &TestApp) -> i64 {
    let t = app.login("petugas.gambir").await;
    let n = filed(app, &t).await;
    act_ok(app, &t, n, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(app, &t, n, "Sudah diangkut", vec![png(64, 48)]).await,
        200,
    )
    .await;
    act_ok(
        app,
        &t,
        n,
        "complete",
        json!({"note": "Selesai diangkut PPSU"}),
    )
    .await;
    n
}

fn allowed(report: &Value, action: &str) -> (bool, String) {
    let a = report["actions"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["action"] == action))
        .unwrap_or_else(|| panic!("no action {action} in {report}"));
    (
        a["allowed"].as_bool().expect("allowed"),
        a["reason"].as_str().unwrap_or("").to_string(),
    )
}

async fn a_report_goes_from_arrival_to_selesai_with_its_history(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = filed(&app, &t).await;
    let r = read(&app, n).await;
    assert_eq!(r["holder_code"], GAMBIR);
    let mine: Value = json_of(app.get(&t, &format!("/api/v1/reports/{n}")).await, 200).await;
    assert_eq!(allowed(&mine, "take_up"), (true, String::new()));
    let (ok, why) = allowed(&mine, "complete");
    assert!(!ok && why.contains("Proses"), "{why}");

    let r = act_ok(&app, &t, n, "take-up", json!({"version": 1})).await;
    assert_eq!(r["status"], "proses");
    assert_eq!(r["version"], 2);
    assert!(r["first_response_at"].is_string());
    let r: Value = json_of(follow_up(&app, &t, n, "Sudah dihimbau", vec![]).await, 200).await;
    assert_eq!(r["history"].as_array().map(Vec::len), Some(3));
    // No photo yet: completion is refused and nothing is written.
    let before = mark(&app, n).await;
    let p = problem(
        act(&app, &t, n, "complete", json!({"note": "Beres"})).await,
        409,
    )
    .await;
    assert!(
        p["detail"].as_str().is_some_and(|d| d.contains("photo")),
        "{p}"
    );
    assert_eq!(p["current"]["status"], "proses");
    assert_eq!(mark(&app, n).await, before);
    // The officer's page offers completion with the photo in its form.
    let mine: Value = json_of(app.get(&t, &format!("/api/v1/reports/{n}")).await, 200).await;
    let complete = mine["actions"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["action"] == "complete"))
        .expect("complete");
    assert_eq!(
        (complete["allowed"].clone(), complete["needs_photo"].clone()),
        (json!(true), json!(true)),
        "{complete}"
    );

    let r: Value = json_of(
        follow_up(
            &app,
            &t,
            n,
            "Sampah diangkut",
            vec![png(800, 600), png(40, 30)],
        )
        .await,
        200,
    )
    .await;
    let last = &r["history"][3];
    assert_eq!(last["kind"], "follow_up");
    assert_eq!(last["photos"].as_array().map(Vec::len), Some(2));
    assert_eq!(last["photos"][0]["width"], 800);

    let r = act_ok(&app, &t, n, "complete", json!({"note": "Sudah bersih"})).await;
    assert_eq!(
        r["status"], "proses",
        "awaiting verification shows as Proses"
    );
    assert_eq!(r["awaiting_verification"], true);
    let completed_at = r["completed_at"].clone();
    assert!(completed_at.is_string());
    // The verifier's queue holds it.
    let v = app.login("verifikator").await;
    let queue: Value = json_of(app.get(&v, "/api/v1/inbox").await, 200).await;
    assert!(queue["items"]
        .as_array()
        .is_some_and(|i| i.iter().any(|x| x["number"] == n)));
    let r = act_ok(&app, &v, n, "approve", json!({})).await;
    assert_eq!(r["status"], "selesai");
    assert_eq!(
        r["completed_at"], completed_at,
        "completion time stays the unit's"
    );
    assert!(r["verified_at"].is_string());
    let kinds: Vec<&str> = r["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "arrive",
            "take_up",
            "follow_up",
            "follow_up",
            "complete",
            "approve"
        ]
    );
}

async fn hand_overs_are_recorded_flagged_and_limited(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let s = app.login("sudin.bm").await;
    let n = filed(&app, &t).await;
    let p = problem(
        act(
            &app,
            &t,
            n,
            "dispose",
            json!({"to": SUDIN_BM_JP, "reason": "  "}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["reason"]);
    let p = problem(
        act(
            &app,
            &t,
            n,
            "dispose",
            json!({"to": "NOPE-1", "reason": "x"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["to"]);
    let r = act_ok(
        &app,
        &t,
        n,
        "dispose",
        json!({"to": SUDIN_BM_JP, "reason": "Jalan rusak kewenangan Sudin Bina Marga"}),
    )
    .await;
    assert_eq!(r["status"], "disposisi");
    assert_eq!(r["holder_code"], SUDIN_BM_JP);
    assert_eq!(r["handovers"], 1);
    let h = &r["history"][1];
    assert_eq!(
        (h["kind"].as_str(), h["unit_code"].as_str()),
        (Some("dispose"), Some(GAMBIR))
    );
    assert_eq!(h["to_unit_code"], SUDIN_BM_JP);
    assert_eq!(h["flagged"], false);
    // Gambir no longer holds it.
    problem(act(&app, &t, n, "take-up", json!({})).await, 403).await;
    let r = act_ok(
        &app,
        &s,
        n,
        "dispose",
        json!({"to": GAMBIR, "reason": "Bukan jalan kota"}),
    )
    .await;
    assert_eq!(
        r["history"][2]["flagged"], true,
        "handed back to a unit that handed it on"
    );
    // The statistics count it among the reports handed back, in the city
    // and in its kota, and not in another kota.
    let m = app.login("monitoring").await;
    for (query, want) in [("", 1), ("?unit=31.71", 1), ("?unit=31.73", 0)] {
        let stats: Value = json_of(app.get(&m, &format!("/api/v1/stats{query}")).await, 200).await;
        assert_eq!(stats["ping_pong"], want, "{query}");
    }
    act_ok(
        &app,
        &t,
        n,
        "dispose",
        json!({"to": KEBON_KELAPA, "reason": "Lokasi di Kebon Kelapa"}),
    )
    .await;
    // A fourth hand-over by a unit is refused; nothing is written.
    let kk = app.login("monitoring").await;
    let before = mark(&app, n).await;
    // The holder is now Kebon Kelapa; no Kebon Kelapa account exists, so the
    // Monitoring Room moves it, which it alone may do now.
    let r = act_ok(
        &app,
        &kk,
        n,
        "dispose",
        json!({"to": GAMBIR, "reason": "Triase ulang"}),
    )
    .await;
    assert_eq!(r["handovers"], 4);
    assert_eq!(mark(&app, n).await.0, before.0 + 1);
    let before = mark(&app, n).await;
    let p = problem(
        act(
            &app,
            &t,
            n,
            "dispose",
            json!({"to": SUDIN_BM_JP, "reason": "Lagi"}),
        )
        .await,
        403,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Monitoring Room")),
        "{p}"
    );
    assert_eq!(mark(&app, n).await, before);
}

async fn the_monitoring_room_routes_triage(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let m = app.login("monitoring").await;
    let n = app.file(&t, report(None)).await["number"]
        .as_i64()
        .expect("n");
    let inbox: Value = json_of(app.get(&m, "/api/v1/inbox").await, 200).await;
    assert!(inbox["items"]
        .as_array()
        .is_some_and(|i| i.iter().any(|x| x["number"] == n)));
    problem(act(&app, &t, n, "take-up", json!({})).await, 403).await;
    let r = act_ok(
        &app,
        &m,
        n,
        "dispose",
        json!({"to": GAMBIR, "reason": "Lokasi di Gambir"}),
    )
    .await;
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["handovers"], 0, "routing out of triage is no hand-over");
    act_ok(&app, &t, n, "take-up", json!({})).await;
}

async fn refusals_are_problems_and_write_nothing(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = filed(&app, &t).await;
    let before = mark(&app, n).await;
    // Wrong role.
    problem(act(&app, &t, n, "approve", json!({})).await, 403).await;
    problem(
        act(&app, &t, n, "reopen", json!({"reason": "x"})).await,
        403,
    )
    .await;
    // Wrong unit.
    let other = app.login("petugas.kebonjeruk").await;
    problem(act(&app, &other, n, "take-up", json!({})).await, 403).await;
    problem(
        act(
            &app,
            &other,
            n,
            "comments",
            json!({"text": "x", "public": true}),
        )
        .await,
        403,
    )
    .await;
    // Wrong state.
    let p = problem(
        act(&app, &t, n, "complete", json!({"note": "x"})).await,
        409,
    )
    .await;
    assert_eq!(p["current"]["version"], before.0);
    // Missing reason / bad fields.
    problem(
        act(
            &app,
            &t,
            n,
            "estimate",
            json!({"until": "2099-01-01", "reason": ""}),
        )
        .await,
        422,
    )
    .await;
    problem(
        act(
            &app,
            &t,
            n,
            "estimate",
            json!({"until": "2020-01-01", "reason": "Anggaran"}),
        )
        .await,
        422,
    )
    .await;
    problem(
        act(
            &app,
            &t,
            n,
            "estimate",
            json!({"until": "someday", "reason": "Anggaran"}),
        )
        .await,
        422,
    )
    .await;
    problem(
        act(&app, &t, n, "coordinate", json!({"units": []})).await,
        422,
    )
    .await;
    problem(act(&app, &t, n, "take-up", json!({"bogus": 1})).await, 422).await;
    // Unknown report.
    problem(act(&app, &t, 999_999, "take-up", json!({})).await, 404).await;
    // A stale version.
    let p = problem(
        act(&app, &t, n, "take-up", json!({"version": 7})).await,
        409,
    )
    .await;
    assert_eq!(p["current"]["status"], "menunggu");
    assert_eq!(mark(&app, n).await, before, "refusals wrote something");

    // An estimate years ahead would take the report out of scoring for
    // good: refused, naming the field.
    let p = problem(
        act(
            &app,
            &t,
            n,
            "estimate",
            json!({"until": "9999-12-31", "reason": "Anggaran"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "until");
    assert_eq!(mark(&app, n).await, before, "refusals wrote something");

    // The estimate: once.
    let day = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    let r = act_ok(
        &app,
        &t,
        n,
        "estimate",
        json!({"until": day.format("%Y-%m-%d").to_string(), "reason": "Menunggu anggaran"}),
    )
    .await;
    let midnight_wib = day
        .pred_opt()
        .expect("a day before")
        .format("%Y-%m-%dT17:00:00Z")
        .to_string();
    assert_eq!(r["estimate_at"], midnight_wib.as_str(), "midnight WIB");
    let before = mark(&app, n).await;
    let p = problem(
        act(
            &app,
            &t,
            n,
            "estimate",
            json!({"until": "2099-02-01", "reason": "Lagi"}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        p["detail"].as_str().is_some_and(|d| d.contains("once")),
        "{p}"
    );
    assert_eq!(mark(&app, n).await, before);
}

async fn parallel_actions_have_exactly_one_winner(app: TestApp) {
    let t1 = app.login("petugas.gambir").await;
    let t2 = app.login("petugas2.gambir").await;
    let n = filed(&app, &t1).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let token = if i % 2 == 0 { t1.clone() } else { t2.clone() };
        let (client, base) = (app.client.clone(), app.base.clone());
        tasks.push(actix_web::rt::spawn(async move {
            client
                .post(format!("{base}/api/v1/reports/{n}/take-up"))
                .bearer_auth(token)
                .json(&json!({"version": 1}))
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.expect("task"));
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 15, "{codes:?}");
    // Comments at one version: one wins, the rest are told the report moved.
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (client, base, token) = (app.client.clone(), app.base.clone(), t1.clone());
        tasks.push(actix_web::rt::spawn(async move {
            client
                .post(format!("{base}/api/v1/reports/{n}/comments"))
                .bearer_auth(token)
                .json(&json!({"text": format!("catatan {i}"), "public": false, "version": 2}))
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.expect("task"));
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    let r = read(&app, n).await;
    assert_eq!(r["version"], 3);
    let kinds: Vec<&str> = r["history"]
        .as_array()
        .expect("h")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["arrive", "take_up", "comment"]);
    // Without versions every comment lands, none lost or doubled.
    let mut tasks = Vec::new();
    for i in 0..10 {
        let (client, base, token) = (app.client.clone(), app.base.clone(), t2.clone());
        tasks.push(actix_web::rt::spawn(async move {
            let mut tries = 0;
            loop {
                let s = client
                    .post(format!("{base}/api/v1/reports/{n}/comments"))
                    .bearer_auth(&token)
                    .json(&json!({"text": format!("paralel {i}"), "public": true}))
                    .send()
                    .await
                    .expect("send")
                    .status()
                    .as_u16();
                // A lost race answers 409; a client retries.
                if s != 409 || tries > 20 {
                    return s;
                }
                tries += 1;
            }
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 200);
    }
    let r = read(&app, n).await;
    let notes: Vec<String> = r["history"]
        .as_array()
        .expect("h")
        .iter()
        .filter_map(|h| h["note"].as_str())
        .filter(|s| s.starts_with("paralel"))
        .map(str::to_string)
        .collect();
    assert_eq!(notes.len(), 10, "{notes:?}");
    assert_eq!(r["version"], 13);
}

async fn coordination_lets_collaborators_follow_up(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let sat = app.login("satpol.jp").await;
    let n = filed(&app, &t).await;
    problem(
        act(&app, &t, n, "coordinate", json!({"units": ["NOPE"]})).await,
        422,
    )
    .await;
    let r = act_ok(
        &app,
        &t,
        n,
        "coordinate",
        json!({"units": [SATPOL_JP], "note": "Mohon penertiban PKL"}),
    )
    .await;
    assert_eq!(r["status"], "koordinasi");
    assert_eq!(r["coordination_ticket"], format!("KL{n}"));
    assert_eq!(r["collaborators"][0]["code"], SATPOL_JP);
    assert_eq!(r["holder_code"], GAMBIR);
    // Satpol's staff are told they were asked; the holder's are not.
    let told: Value = json_of(app.get(&sat, "/api/v1/notifications").await, 200).await;
    let asked: Vec<&Value> = told["items"]
        .as_array()
        .map(|i| i.iter().filter(|x| x["report_number"] == n).collect())
        .unwrap_or_default();
    assert_eq!(asked.len(), 1, "{told}");
    assert_eq!(asked[0]["kind"], "coordination");
    assert_eq!(asked[0]["unit_code"], SATPOL_JP);
    let holder_told: Value = json_of(app.get(&t, "/api/v1/notifications").await, 200).await;
    assert!(holder_told["items"]
        .as_array()
        .is_some_and(|i| !i.iter().any(|x| x["kind"] == "coordination")));
    // The report is in Satpol's own report list (and its export) too.
    let listed: Value = json_of(app.get(&sat, "/api/v1/reports").await, 200).await;
    assert!(
        listed["items"].as_array().is_some_and(|i| i
            .iter()
            .any(|x| x["number"] == n && x["status"] == "koordinasi")),
        "{listed}"
    );
    let exported = app
        .get(&sat, "/api/v1/exports/report-list")
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        exported.lines().any(|l| l.starts_with(&format!("{n},"))),
        "{exported}"
    );
    // Another unit with no part in it does not see it.
    let kj = app.login("petugas.kebonjeruk").await;
    let theirs: Value = json_of(app.get(&kj, "/api/v1/reports").await, 200).await;
    assert!(theirs["items"]
        .as_array()
        .is_some_and(|i| !i.iter().any(|x| x["number"] == n)));
    // Satpol sees it in its inbox and can follow up, but not complete.
    let inbox: Value = json_of(app.get(&sat, "/api/v1/inbox").await, 200).await;
    assert!(inbox["items"]
        .as_array()
        .is_some_and(|i| i.iter().any(|x| x["number"] == n)));
    json_of::<Value>(app.get(&sat, &format!("/api/v1/reports/{n}")).await, 200).await;
    json_of::<Value>(
        follow_up(&app, &sat, n, "PKL ditertibkan", vec![png(32, 32)]).await,
        200,
    )
    .await;
    problem(
        act(&app, &sat, n, "complete", json!({"note": "x"})).await,
        403,
    )
    .await;
    let r = act_ok(&app, &t, n, "complete", json!({"note": "Tertib"})).await;
    assert_eq!(r["awaiting_verification"], true);
}

/// The holder releases one unit, then ends the coordination: the released
/// unit loses the report from its list and can no longer follow up; the
/// report goes back to Proses and the public timeline does not show the
/// colleagues' note.
async fn the_holder_releases_units_and_ends_the_coordination(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let sat = app.login("satpol.jp").await;
    let n = filed(&app, &t).await;
    act_ok(
        &app,
        &t,
        n,
        "coordinate",
        json!({"units": [SATPOL_JP, SUDIN_BM_JP]}),
    )
    .await;
    problem(
        act(
            &app,
            &sat,
            n,
            "release",
            json!({"unit": SATPOL_JP, "note": "Selesai"}),
        )
        .await,
        403,
    )
    .await;
    let p = problem(
        act(
            &app,
            &t,
            n,
            "release",
            json!({"unit": KEBON_KELAPA, "note": "x"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["unit"]);
    problem(act(&app, &t, n, "release", json!({"note": ""})).await, 422).await;

    let r = act_ok(
        &app,
        &t,
        n,
        "release",
        json!({"unit": SATPOL_JP, "note": "PKL sudah ditertibkan"}),
    )
    .await;
    assert_eq!(r["status"], "koordinasi");
    let codes: Vec<&str> = r["collaborators"]
        .as_array()
        .expect("collaborators")
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes, [SUDIN_BM_JP]);
    let listed: Value = json_of(app.get(&sat, "/api/v1/reports").await, 200).await;
    assert!(listed["items"]
        .as_array()
        .is_some_and(|i| !i.iter().any(|x| x["number"] == n)));
    problem(
        follow_up(&app, &sat, n, "Masih di sini", vec![png(8, 8)]).await,
        403,
    )
    .await;

    let r = act_ok(
        &app,
        &t,
        n,
        "release",
        json!({"note": "Bagian Bina Marga tidak diperlukan"}),
    )
    .await;
    assert_eq!(r["status"], "proses");
    assert_eq!(r["collaborators"].as_array().map(Vec::len), Some(0));
    assert_eq!(r["coordination_ticket"], Value::Null);
    problem(
        act(&app, &t, n, "release", json!({"note": "lagi"})).await,
        409,
    )
    .await;
    let entries = r["history"].as_array().expect("history");
    let last = entries.last().expect("entry");
    assert_eq!(last["kind"], "release");
    assert_eq!(last["public"], false);
}

/// A report filed at Kebon Kelapa, which asks Gambir to coordinate.
async fn asked_of_gambir(app: &TestApp, token: &str) -> i64 {
    let n = app.file(token, report(Some(KEBON_KELAPA))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(app, token, n, "coordinate", json!({"units": [GAMBIR]})).await;
    n
}

/// A unit's list pages through the reports it holds and those it
/// coordinates on, merged newest first, each once.
async fn a_units_list_merges_held_and_coordinated_reports(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let kk = app.login("petugas.kebonkelapa").await;
    let k1 = asked_of_gambir(&app, &kk).await;
    let g1 = filed(&app, &g).await;
    let g2 = filed(&app, &g).await;
    let k2 = asked_of_gambir(&app, &kk).await;
    let g3 = filed(&app, &g).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/reports?limit=2&cursor={c}"),
            None => "/api/v1/reports?limit=2".to_string(),
        };
        let page: Value = json_of(app.get(&g, &path).await, 200).await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        seen.extend(items.iter().filter_map(|r| r["number"].as_i64()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, vec![g3, k2, g2, g1, k1]);
    // With a filter, both parts still answer it.
    act_ok(&app, &g, g2, "take-up", json!({})).await;
    let waiting: Value = json_of(
        app.get(&g, "/api/v1/reports?status=menunggu&limit=10")
            .await,
        200,
    )
    .await;
    let numbers: Vec<i64> = waiting["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["number"].as_i64())
        .collect();
    assert_eq!(numbers, vec![g3, g1]);
}

async fn photos_are_checked_by_content_and_cleaned(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = filed(&app, &t).await;
    act_ok(&app, &t, n, "take-up", json!({})).await;
    let before = mark(&app, n).await;
    let p = problem(
        follow_up(&app, &t, n, "x", vec![b"not an image".to_vec()]).await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["photo[0]"]);
    problem(follow_up(&app, &t, n, "x", vec![png(8, 8); 11]).await, 422).await;
    problem(follow_up(&app, &t, n, "", vec![png(8, 8)]).await, 422).await;
    let mut huge = png(8, 8);
    huge.resize(10 * 1024 * 1024 + 10, 0);
    problem(follow_up(&app, &t, n, "x", vec![huge]).await, 413).await;
    let resp = app
        .request(Method::POST, &format!("/api/v1/reports/{n}/follow-ups"))
        .bearer_auth(&t)
        .json(&json!({"note": "x"}))
        .send()
        .await
        .expect("send");
    problem(resp, 415).await;
    assert_eq!(
        mark(&app, n).await,
        before,
        "refused uploads wrote something"
    );

    // A JPEG carrying EXIF comes back without it.
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&image::DynamicImage::new_rgb8(40, 40).to_rgb8())
        .expect("jpeg");
    let exif = b"Exif\0\0GPS-SECRET-POSITION";
    let mut tagged = vec![0xFF, 0xD8, 0xFF, 0xE1, 0, (exif.len() + 2) as u8];
    tagged.extend_from_slice(exif);
    tagged.extend_from_slice(&jpeg[2..]);
    let r: Value = json_of(
        follow_up(&app, &t, n, "Foto lokasi", vec![tagged]).await,
        200,
    )
    .await;
    let photo = &r["history"][2]["photos"][0];
    let url = photo["url"].as_str().expect("url").to_string();
    let served = app.get(&t, &url).await;
    assert_eq!(served.status(), 200);
    assert_eq!(
        served
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/jpeg")
    );
    let bytes = served.bytes().await.expect("bytes");
    assert!(!bytes.windows(10).any(|w| w == b"GPS-SECRET"));
    let thumb = app
        .get(&t, photo["thumb_url"].as_str().expect("thumb"))
        .await;
    assert_eq!(thumb.status(), 200);
    // Staff only: no token, no photo.
    let anon = app.request(Method::GET, &url).send().await.expect("send");
    problem(anon, 401).await;

    // Supporting photos of the report are staff-only.
    let form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(png(20, 20)).file_name("a.png"),
    );
    let r: Value = json_of(
        app.request(Method::POST, &format!("/api/v1/reports/{n}/photos"))
            .bearer_auth(&t)
            .multipart(form)
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    let id = r["photos"][0]["id"].as_i64().expect("id");
    let public = app
        .request(
            Method::GET,
            &format!("/api/v1/public/reports/{n}/photos/{id}"),
        )
        .send()
        .await
        .expect("send");
    problem(public, 404).await;
}

async fn public_tracking_never_shows_identity_or_internal_notes(app: TestApp) {
    let n = completed(&app).await;
    let t = app.login("petugas.gambir").await;
    act_ok(
        &app,
        &t,
        n,
        "comments",
        json!({"text": "RAHASIA internal", "public": false}),
    )
    .await;
    act_ok(
        &app,
        &t,
        n,
        "comments",
        json!({"text": "Terima kasih atas laporannya", "public": true}),
    )
    .await;
    let resp = app
        .request(Method::GET, &format!("/api/v1/public/reports/{n}"))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.expect("text");
    for secret in [
        "Budi Santoso",
        "081234567890",
        "RAHASIA",
        "petugas.gambir",
        "reporter",
    ] {
        assert!(
            !text.contains(secret),
            "public view leaks `{secret}`: {text}"
        );
    }
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        v["status"], "proses",
        "awaiting verification shows as Proses"
    );
    assert_eq!(v["completed_at"], Value::Null);
    assert!(text.contains("Terima kasih atas laporannya"));
    let follow = v["history"]
        .as_array()
        .and_then(|h| h.iter().find(|e| e["kind"] == "follow_up"))
        .expect("follow-up in public");
    assert_eq!(follow["unit_name"], "Gambir");
    let url = follow["photos"][0]["url"].as_str().expect("photo url");
    let photo = app.request(Method::GET, url).send().await.expect("send");
    assert_eq!(photo.status(), 200);
    // A hidden report is still trackable by number; unknown numbers are 404.
    let staff = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["hidden"] = json!(true);
    let hidden = app.file(&staff, body).await["number"].as_i64().expect("n");
    let resp = app
        .request(Method::GET, &format!("/api/v1/public/reports/{hidden}"))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let resp = app
        .request(Method::GET, "/api/v1/public/reports/987654")
        .send()
        .await
        .expect("send");
    problem(resp, 404).await;
}

async fn verifiers_reject_and_reopen(app: TestApp) {
    let n = completed(&app).await;
    let v = app.login("verifikator").await;
    let t = app.login("petugas.gambir").await;
    problem(act(&app, &v, n, "reject", json!({"reason": ""})).await, 422).await;
    let r = act_ok(
        &app,
        &v,
        n,
        "reject",
        json!({"reason": "Foto tidak menunjukkan lokasi"}),
    )
    .await;
    assert_eq!(r["status"], "proses");
    assert_eq!(r["awaiting_verification"], false);
    assert_eq!(r["holder_code"], GAMBIR);
    assert_eq!(r["completed_at"], Value::Null);
    act_ok(&app, &t, n, "complete", json!({"note": "Sudah diulang"})).await;
    act_ok(&app, &v, n, "approve", json!({"note": "Sesuai"})).await;
    problem(
        act(&app, &t, n, "reopen", json!({"reason": "x"})).await,
        403,
    )
    .await;
    let m = app.login("monitoring").await;
    let r = act_ok(
        &app,
        &m,
        n,
        "reopen",
        json!({"reason": "Pelapor memberi nilai 1"}),
    )
    .await;
    assert_eq!(r["status"], "proses");
    assert_eq!(r["verified_at"], Value::Null);
    // New evidence is needed after reopening.
    problem(
        act(&app, &t, n, "complete", json!({"note": "x"})).await,
        409,
    )
    .await;
}

async fn the_reporter_rates_once_through_the_channel(app: TestApp) {
    let admin = app.login("admin").await;
    let key: Value = json_of(
        app.post(
            &admin,
            "/api/v1/api-keys",
            &json!({"channel": "jaki", "label": "JAKI"}),
        )
        .await,
        201,
    )
    .await;
    let key = key["key"].as_str().expect("key").to_string();
    let other: Value = json_of(
        app.post(
            &admin,
            "/api/v1/api-keys",
            &json!({"channel": "qlue", "label": "Qlue"}),
        )
        .await,
        201,
    )
    .await;
    let other = other["key"].as_str().expect("key").to_string();
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("JAKI-778");
    let r: Value = json_of(
        app.request(Method::POST, "/api/v1/reports")
            .header("X-API-Key", &key)
            .json(&body)
            .send()
            .await
            .expect("send"),
        201,
    )
    .await;
    let n = r["number"].as_i64().expect("n");
    let rate = |k: String, stars: u8| {
        app.request(Method::POST, &format!("/api/v1/reports/{n}/rating"))
            .header("X-API-Key", k)
            .json(&json!({"stars": stars, "comment": "Cepat sekali"}))
            .send()
    };
    problem(rate(key.clone(), 5).await.expect("send"), 409).await;
    let t = app.login("petugas.gambir").await;
    act_ok(&app, &t, n, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(&app, &t, n, "Beres", vec![png(16, 16)]).await,
        200,
    )
    .await;
    act_ok(&app, &t, n, "complete", json!({"note": "Beres"})).await;
    let v = app.login("verifikator").await;
    act_ok(&app, &v, n, "approve", json!({})).await;
    act_ok(
        &app,
        &t,
        n,
        "comments",
        json!({"text": "RAHASIA dinas", "public": false}),
    )
    .await;
    problem(rate(key.clone(), 6).await.expect("send"), 422).await;
    problem(rate(other, 5).await.expect("send"), 403).await;
    let r: Value = json_of(rate(key.clone(), 4).await.expect("send"), 200).await;
    assert_eq!(r["rating"], 4);
    assert!(
        !r.to_string().contains("RAHASIA"),
        "internal notes reach the channel: {r}"
    );
    assert_eq!(r["actions"], json!([]));
    problem(rate(key, 5).await.expect("send"), 409).await;
    // Staff cannot rate.
    problem(act(&app, &t, n, "rating", json!({"stars": 5})).await, 401).await;
}

async fn assignment_workload_and_inbox_order(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let lurah = app.login("lurah.gambir").await;
    let first = filed(&app, &t).await;
    let second = filed(&app, &t).await;
    let third = filed(&app, &t).await;
    act_ok(&app, &t, first, "take-up", json!({})).await;
    // Inbox: waiting first (oldest first), then in work.
    let inbox: Value = json_of(app.get(&t, "/api/v1/inbox").await, 200).await;
    let order: Vec<i64> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["number"].as_i64())
        .collect();
    assert_eq!(order, [second, third, first]);

    let p = problem(
        act(
            &app,
            &lurah,
            second,
            "assign",
            json!({"officer": "sudin.bm"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(crate::common::fields(&p), ["officer"]);
    problem(
        act(&app, &lurah, second, "assign", json!({"officer": "nobody"})).await,
        422,
    )
    .await;
    let r = act_ok(
        &app,
        &lurah,
        second,
        "assign",
        json!({"officer": "petugas2.gambir"}),
    )
    .await;
    assert_eq!(r["assignee"]["username"], "petugas2.gambir");
    assert_eq!(
        r["history"]
            .as_array()
            .and_then(|h| h.last())
            .map(|e| e["public"].clone()),
        Some(json!(false))
    );
    act_ok(
        &app,
        &lurah,
        third,
        "assign",
        json!({"officer": "petugas2.gambir"}),
    )
    .await;
    act_ok(
        &app,
        &lurah,
        first,
        "assign",
        json!({"officer": "petugas.gambir"}),
    )
    .await;
    let w: Value = json_of(
        app.get(&lurah, &format!("/api/v1/units/{GAMBIR}/workload"))
            .await,
        200,
    )
    .await;
    assert_eq!(w["open"], 3);
    assert_eq!(w["unassigned"], 0);
    let of = |u: &str| {
        w["officers"]
            .as_array()
            .and_then(|o| o.iter().find(|x| x["username"] == u))
            .map(|x| x["open"].clone())
    };
    assert_eq!(of("petugas2.gambir"), Some(json!(2)));
    assert_eq!(of("petugas.gambir"), Some(json!(1)));
    assert_eq!(of("lurah.gambir"), Some(json!(0)));
    let mine: Value = json_of(
        app.get(&t, "/api/v1/reports?assignee=petugas2.gambir")
            .await,
        200,
    )
    .await;
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(2));
    let other = app.login("petugas.kebonjeruk").await;
    problem(
        app.get(&other, &format!("/api/v1/units/{GAMBIR}/workload"))
            .await,
        403,
    )
    .await;
}

/// The numbers of a page, in order.
fn numbers_of(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|r| r["number"].as_i64()).collect())
        .unwrap_or_default()
}

async fn the_inbox_comes_a_page_at_a_time(app: TestApp) {
    let g = app.login("petugas.gambir").await;
    let kk = app.login("petugas.kebonkelapa").await;
    let w1 = filed(&app, &g).await;
    let t1 = filed(&app, &g).await;
    let k = asked_of_gambir(&app, &kk).await;
    let w2 = filed(&app, &g).await;
    let t2 = filed(&app, &g).await;
    let w3 = filed(&app, &g).await;
    // Handed over to Gambir: held there since the hand-over, to the
    // nanosecond as SQLite keeps it (a page may end on it).
    let d = app.file(&kk, report(Some(KEBON_KELAPA))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(
        &app,
        &kk,
        d,
        "dispose",
        json!({"to": GAMBIR, "reason": "Lokasinya di wilayah Gambir"}),
    )
    .await;
    act_ok(&app, &g, t1, "take-up", json!({})).await;
    act_ok(&app, &g, t2, "take-up", json!({})).await;
    // What waits to be taken up first, then what is in work and what the
    // unit coordinates on, each the longest held first.
    let whole: Value = json_of(app.get(&g, "/api/v1/inbox").await, 200).await;
    assert_eq!(numbers_of(&whole), [w1, w2, w3, d, t1, k, t2], "{whole}");
    assert!(whole["next_cursor"].is_null(), "{whole}");
    for limit in [1, 2, 4] {
        let mut seen = Vec::new();
        let mut pages = 0;
        let mut path = format!("/api/v1/inbox?limit={limit}");
        loop {
            let page: Value = json_of(app.get(&g, &path).await, 200).await;
            let items = numbers_of(&page);
            assert!(items.len() <= limit && !items.is_empty(), "{page}");
            seen.extend(items);
            pages += 1;
            assert!(
                pages <= 7,
                "limit {limit}: a cursor that leads back: {seen:?}"
            );
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/inbox?limit={limit}&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(
            seen,
            numbers_of(&whole),
            "limit {limit}: every report once, in order"
        );
        assert_eq!(pages, 7_usize.div_ceil(limit), "limit {limit}");
    }
    // A cursor of another list, or none at all, is named.
    let reports: Value = json_of(app.get(&g, "/api/v1/reports?limit=1").await, 200).await;
    let other = reports["next_cursor"]
        .as_str()
        .expect("a cursor of the report list");
    for (bad, field) in [
        ("/api/v1/inbox?limit=0".to_string(), "limit"),
        ("/api/v1/inbox?limit=201".to_string(), "limit"),
        ("/api/v1/inbox?cursor=nonsense".to_string(), "cursor"),
        (format!("/api/v1/inbox?cursor={other}"), "cursor"),
    ] {
        let p = problem(app.get(&g, &bad).await, 422).await;
        assert_eq!(crate::common::fields(&p), [field], "{bad}: {p}");
    }
}

both_backends!(
    a_report_goes_from_arrival_to_selesai_with_its_history,
    hand_overs_are_recorded_flagged_and_limited,
    the_monitoring_room_routes_triage,
    refusals_are_problems_and_write_nothing,
    parallel_actions_have_exactly_one_winner,
    coordination_lets_collaborators_follow_up,
    the_holder_releases_units_and_ends_the_coordination,
    a_units_list_merges_held_and_coordinated_reports,
    photos_are_checked_by_content_and_cleaned,
    public_tracking_never_shows_identity_or_internal_notes,
    verifiers_reject_and_reopen,
    the_reporter_rates_once_through_the_channel,
    assignment_workload_and_inbox_order,
    the_inbox_comes_a_page_at_a_time,
);

async fn without_verification_completion_is_selesai(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = filed(&app, &t).await;
    act_ok(&app, &t, n, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(&app, &t, n, "Beres", vec![png(16, 16)]).await,
        200,
    )
    .await;
    let r = act_ok(&app, &t, n, "complete", json!({"note": "Beres"})).await;
    assert_eq!(r["status"], "selesai");
    assert_eq!(r["awaiting_verification"], false);
    // A category that waives the photo completes without one.
    let mut body = report(Some(GAMBIR));
    body["category"] = json!("kependudukan-dan-catatan-sipil");
    let n = app.file(&t, body).await["number"].as_i64().expect("n");
    act_ok(&app, &t, n, "take-up", json!({})).await;
    let r = act_ok(
        &app,
        &t,
        n,
        "complete",
        json!({"note": "Surat sudah diterbitkan"}),
    )
    .await;
    assert_eq!(r["status"], "selesai");
}

mod without_verification {
    use crate::common::{Backend, TestApp};

    #[actix_web::test]
    async fn sqlite() {
        super::without_verification_completion_is_selesai(
            TestApp::spawn_with(Backend::Sqlite, false).await,
        )
        .await;
    }

    #[actix_web::test]
    async fn postgres() {
        super::without_verification_completion_is_selesai(
            TestApp::spawn_with(Backend::Postgres, false).await,
        )
        .await;
    }
}

/// Files under the photo store.
fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let p = e.path();
                        if p.is_dir() {
                            count(&p)
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.opts.media_dir)
}

/// Uploads by someone without the right are refused before a photo is
/// read or stored; an upload's fields are bounded.
async fn an_upload_without_the_right_stores_nothing(app: TestApp) {
    let t = app.login("petugas.gambir").await;
    let n = filed(&app, &t).await;
    let before = stored_files(&app);
    // Another kelurahan's officer, and the holder before taking it up.
    let other = app.login("petugas.kebonjeruk").await;
    problem(
        follow_up(&app, &other, n, "Bukan wilayah saya", vec![png(64, 48)]).await,
        403,
    )
    .await;
    // Not even looked at: a file that is no photo gets the same 403, not a
    // complaint about the file.
    problem(
        follow_up(&app, &other, n, "x", vec![b"not an image".to_vec()]).await,
        403,
    )
    .await;
    problem(
        follow_up(&app, &t, n, "Belum diproses", vec![png(64, 48)]).await,
        409,
    )
    .await;
    assert_eq!(
        stored_files(&app),
        before,
        "photos stored for a refused upload"
    );
    // Too many text fields.
    act_ok(&app, &t, n, "take-up", json!({})).await;
    let mut form = reqwest::multipart::Form::new();
    for i in 0..20 {
        form = form.text(format!("f{i}"), "x");
    }
    let resp = app
        .request(Method::POST, &format!("/api/v1/reports/{n}/follow-ups"))
        .bearer_auth(&t)
        .multipart(form)
        .send()
        .await
        .expect("send");
    let p = problem(resp, 400).await;
    assert!(p["detail"]
        .as_str()
        .expect("detail")
        .contains("text fields"));
    assert_eq!(stored_files(&app), before);
}

both_backends!(an_upload_without_the_right_stores_nothing);
