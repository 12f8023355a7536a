//! The administrator's settings on both engines: read by staff, changed by
//! administrators with a reason (versioned and audited, refused whole when
//! a value is out of range or the version is stale), applied at once to
//! time targets, the hand-over limit and verification, and to scores by
//! the version in force at each period's cut-off (a frozen period keeps its
//! own).

use crate::both_backends;
use crate::common::{
    act, act_ok, follow_up, json_of, png, problem, report, TestApp, GAMBIR, KEBON_KELAPA,
};
use crate::imports::{post_csv, JUNE};
use reqwest::Method;
use serde_json::{json, Value};

async fn put(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request(Method::PUT, "/api/v1/settings")
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("send")
}

async fn current(app: &TestApp, token: &str) -> Value {
    let v: Value = json_of(app.get(token, "/api/v1/settings").await, 200).await;
    v["current"].clone()
}

/// Changes some values (the rest as they are) and returns the new view.
async fn change(app: &TestApp, admin: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let now = current(app, admin).await;
    let mut settings = now["settings"].clone();
    edit(&mut settings);
    json_of(
        put(
            app,
            admin,
            &json!({"settings": settings, "reason": "Keputusan rapat", "version": now["version"]}),
        )
        .await,
        200,
    )
    .await
}

async fn staff_read_and_administrators_change_with_a_reason(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let s = current(&app, &officer).await;
    assert_eq!(s["version"], 1);
    assert_eq!(s["settings"]["response_hours"], 6.0);
    assert_eq!(s["settings"]["cutoff_day"], 8);
    assert_eq!(s["settings"]["max_unit_handovers"], 3);
    assert_eq!(s["settings"]["grade_edges"]["a"], 85.0);
    assert_eq!(s["settings"]["records_start"], "2015-01-01");
    problem(
        put(
            &app,
            &officer,
            &json!({"settings": s["settings"], "reason": "Saya mau"}),
        )
        .await,
        403,
    )
    .await;

    let admin = app.login("admin").await;
    // Every bad value is named, and nothing is written.
    let mut bad = s["settings"].clone();
    bad["cutoff_day"] = json!(31);
    bad["near_share"] = json!(1.5);
    bad["grade_edges"]["b"] = json!(90.0);
    let p = problem(
        put(&app, &admin, &json!({"settings": bad, "reason": "  "})).await,
        422,
    )
    .await;
    let mut named = crate::common::fields(&p);
    named.sort();
    assert_eq!(
        named,
        [
            "reason",
            "settings.cutoff_day",
            "settings.grade_edges",
            "settings.near_share"
        ],
        "{p}"
    );
    assert_eq!(current(&app, &admin).await["version"], 1);
    // A change gives every value: one left out is named, not reset.
    let p = problem(
        put(
            &app,
            &admin,
            &json!({"settings": {"cutoff_day": 5}, "reason": "Sebagian"}),
        )
        .await,
        422,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .is_some_and(|d| d.contains("response_hours")),
        "{p}"
    );
    assert_eq!(current(&app, &admin).await["version"], 1);

    let v = change(&app, &admin, |s| s["response_hours"] = json!(4.0)).await;
    assert_eq!(v["current"]["version"], 2);
    assert_eq!(v["current"]["changed_by"], "admin");
    assert_eq!(v["current"]["reason"], "Keputusan rapat");
    assert_eq!(v["history"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["history"][1]["settings"]["response_hours"], 6.0);
    assert_eq!(
        current(&app, &officer).await["settings"]["response_hours"],
        4.0
    );
    // A change made against an older version is refused.
    let stale = json!({"settings": v["current"]["settings"], "reason": "Lagi", "version": 1});
    problem(put(&app, &admin, &stale).await, 409).await;
    let audit: Value = json_of(
        app.get(&admin, "/api/v1/audit?action=settings.update")
            .await,
        200,
    )
    .await;
    let entry = &audit["items"][0];
    assert_eq!(entry["target"], "settings:2");
    assert_eq!(entry["before"]["response_hours"], 6.0);
    assert_eq!(entry["after"]["response_hours"], 4.0);
}

async fn targets_hand_overs_and_verification_follow_the_settings(app: TestApp) {
    let admin = app.login("admin").await;
    let officer = app.login("petugas.gambir").await;
    let monitoring = app.login("monitoring").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    let listed = |t: &Value| {
        t["past"]
            .as_array()
            .is_some_and(|a| a.iter().any(|i| i["report"]["number"] == n))
    };
    let t: Value = json_of(app.get(&monitoring, "/api/v1/targets").await, 200).await;
    assert!(!listed(&t), "a fresh report is within 6 hours: {t}");
    // A response target of under two seconds: the report is past it soon.
    change(&app, &admin, |s| s["response_hours"] = json!(0.0005)).await;
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let t: Value = json_of(app.get(&monitoring, "/api/v1/targets").await, 200).await;
    assert!(listed(&t), "past the new response target: {t}");

    // One hand-over between units, then only the Monitoring Room.
    change(&app, &admin, |s| s["max_unit_handovers"] = json!(1)).await;
    act_ok(
        &app,
        &officer,
        n,
        "dispose",
        json!({"to": KEBON_KELAPA, "reason": "Wilayah tetangga"}),
    )
    .await;
    let neighbour = app.login("petugas.kebonkelapa").await;
    act_ok(&app, &neighbour, n, "take-up", json!({})).await;
    let refused = problem(
        act(
            &app,
            &neighbour,
            n,
            "dispose",
            json!({"to": GAMBIR, "reason": "Kembali"}),
        )
        .await,
        403,
    )
    .await;
    assert!(
        refused["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Monitoring Room")),
        "{refused}"
    );

    // Verification off: a completion is final at once.
    change(&app, &admin, |s| s["verification"] = json!(false)).await;
    json_of::<Value>(
        follow_up(&app, &neighbour, n, "Sudah diangkut", vec![png(16, 16)]).await,
        200,
    )
    .await;
    let r = act_ok(&app, &neighbour, n, "complete", json!({"note": "Beres"})).await;
    assert_eq!(r["status"], "selesai");
    assert_eq!(r["awaiting_verification"], false);
}

async fn a_frozen_period_keeps_its_values_and_the_current_one_takes_the_new(app: TestApp) {
    let admin = app.login("admin").await;
    json_of::<Value>(post_csv(&app, &admin, "", JUNE).await, 200).await;
    let st = app.state.clone();
    actix_web::rt::task::spawn_blocking(move || {
        crm_api::jobs::journal::freeze_due(&st, chrono::Utc::now())
    })
    .await
    .expect("task")
    .expect("freeze");
    let m = app.login("monitoring").await;
    let june = "/api/v1/scores?period=2021-06&level=kelurahan";
    let before: Value = json_of(app.get(&m, june).await, 200).await;
    assert_eq!(before["frozen"], true);
    let above_e = before["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| u["grade"] != "E")
        .count();
    assert!(above_e > 0, "{before}");

    // Far stricter grades, verification off, and a cut-off on the 5th.
    change(&app, &admin, |s| {
        s["grade_edges"] = json!({"a": 99.9, "b": 99.8, "c": 99.7, "d": 99.6});
        s["score_weights"] =
            json!({"completion": 0.25, "follow_up_time": 0.35, "category": 0.2, "effort": 0.2});
        s["verification"] = json!(false);
        s["cutoff_day"] = json!(5);
    })
    .await;
    let after: Value = json_of(app.get(&m, june).await, 200).await;
    assert_eq!(after["units"], before["units"], "the journal never changes");
    assert_eq!(
        after["cutoff"], before["cutoff"],
        "June keeps its 8 July cut-off"
    );
    // Computed again as of the cut-off, June still uses its own values.
    let cutoff = before["cutoff"].as_str().expect("cutoff");
    let again: Value = json_of(app.get(&m, &format!("{june}&as_of={cutoff}")).await, 200).await;
    assert_eq!(again["frozen"], false);
    assert_eq!(again["units"], before["units"]);
    let explained: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/{GAMBIR}?period=2021-06"))
            .await,
        200,
    )
    .await;
    assert_eq!(explained["weights"]["follow_up_time"], 0.4, "{explained}");

    // The current month is scored with the new values.
    let officer = app.login("petugas.gambir").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(&app, &officer, n, "take-up", json!({})).await;
    json_of::<Value>(
        follow_up(&app, &officer, n, "Sudah diangkut", vec![png(16, 16)]).await,
        200,
    )
    .await;
    act_ok(&app, &officer, n, "complete", json!({"note": "Beres"})).await;
    let period = crm_domain::period::Period::of(chrono::Utc::now()).to_string();
    let now: Value = json_of(
        app.get(
            &m,
            &format!("/api/v1/scores?period={period}&level=kelurahan"),
        )
        .await,
        200,
    )
    .await;
    let gambir = now["units"]
        .as_array()
        .and_then(|u| u.iter().find(|r| r["unit_code"] == GAMBIR))
        .expect("Gambir scored")
        .clone();
    assert_eq!(
        gambir["complete"], 1,
        "complete without a verifier: {gambir}"
    );
    let final_score = gambir["final_score"].as_f64().expect("final");
    assert!(final_score > 85.0 && final_score < 99.6, "{final_score}");
    assert_eq!(gambir["grade"], "E", "graded with the new edges: {gambir}");
    let explained: Value = json_of(
        app.get(&m, &format!("/api/v1/scores/{GAMBIR}?period={period}"))
            .await,
        200,
    )
    .await;
    assert_eq!(explained["weights"]["follow_up_time"], 0.35, "{explained}");
    let s = &explained["score"];
    let by_formula = {
        let f = |k: &str| s[k].as_f64().unwrap_or(f64::NAN);
        (0.25 * f("completion")
            + 0.35 * f("follow_up_time")
            + 0.2 * f("category_weight")
            + 0.2 * f("effort"))
            / (0.25 * 100.0 + 0.35 * 100.0 + 0.2 * f("category_weight") + 0.2 * 100.0)
            * 100.0
    };
    assert!(
        (by_formula - final_score).abs() < 1e-9,
        "{by_formula} != {final_score}"
    );
    assert!(
        now["cutoff"]
            .as_str()
            .is_some_and(|c| c.contains("-05T16:59:59")),
        "the new cut-off day: {}",
        now["cutoff"]
    );
}

/// A unit asked to coordinate sees the report on its own targets board.
async fn collaborators_see_coordinated_reports_on_their_targets(app: TestApp) {
    let admin = app.login("admin").await;
    let officer = app.login("petugas.gambir").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    act_ok(&app, &officer, n, "take-up", json!({})).await;
    act_ok(
        &app,
        &officer,
        n,
        "coordinate",
        json!({"units": [crate::common::SATPOL_JP], "note": "Mohon penertiban"}),
    )
    .await;
    // No action for under two seconds is enough for a warning now.
    change(&app, &admin, |s| s["no_action_hours"] = json!(0.0005)).await;
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let satpol = app.login("satpol.jp").await;
    let t: Value = json_of(app.get(&satpol, "/api/v1/targets").await, 200).await;
    let item = t["past"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["report"]["number"] == n))
        .unwrap_or_else(|| panic!("the coordinated report is on Satpol's board: {t}"));
    assert_eq!(item["report"]["status"], "koordinasi");
    // Workload still counts it for its holder only.
    let w: Value = json_of(app.get(&satpol, "/api/v1/workload").await, 200).await;
    assert_eq!(w["unit"]["open"], 0, "{w}");
}

both_backends!(
    collaborators_see_coordinated_reports_on_their_targets,
    staff_read_and_administrators_change_with_a_reason,
    targets_hand_overs_and_verification_follow_the_settings,
    a_frozen_period_keeps_its_values_and_the_current_one_takes_the_new,
);
