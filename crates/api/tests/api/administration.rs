//! Running the city: staff accounts (created, listed, changed, reset,
//! imported), passwords and their rules, sessions that follow the account
//! at once, closing and correcting reports, and the audit log that records
//! each change and cannot be edited.

use crate::both_backends;
use crate::common::{
    act_ok, fields, json_of, problem, report, TestApp, GAMBIR, GAMBIR_KEC, KEBON_JERUK,
    KEBON_KELAPA,
};
use chrono::{Duration, Utc};
use crm_domain::period::Period;
use reqwest::Method;
use serde_json::{json, Value};

async fn login_with(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login")
}

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.request(Method::PATCH, path)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("patch")
}

async fn audit(app: &TestApp, query: &str) -> Vec<Value> {
    let admin = app.login("admin").await;
    let page: Value = json_of(
        app.get(&admin, &format!("/api/v1/audit?{query}")).await,
        200,
    )
    .await;
    page["items"].as_array().expect("items").clone()
}

/// An administrator makes an officer; the temporary password opens only
/// the password form until it is changed; weak passwords are refused.
async fn a_new_officer_must_choose_a_password(app: TestApp) {
    let admin = app.login("admin").await;
    let made: Value = json_of(
        app.post(
            &admin,
            "/api/v1/users",
            &json!({"username": "rina.melawai", "full_name": "Rina Wulandari", "role": "officer", "unit_code": GAMBIR}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(made["username"], "rina.melawai");
    assert_eq!(made["unit_name"], "Gambir");
    assert_eq!(made["must_change_password"], true);
    assert_eq!(made["active"], true);
    let temporary = made["temporary_password"]
        .as_str()
        .expect("shown once")
        .to_string();
    let id = made["id"].as_i64().expect("id");
    // Shown only once: the list never carries it.
    let list: Value = json_of(app.get(&admin, "/api/v1/users?q=RINA").await, 200).await;
    assert_eq!(list["total"], 1, "{list}");
    assert!(list["items"][0].get("temporary_password").is_none());

    let t: Value = json_of(login_with(&app, "rina.melawai", &temporary).await, 200).await;
    assert_eq!(t["must_change_password"], true);
    let token = t["access_token"].as_str().expect("token").to_string();
    let me: Value = json_of(app.get(&token, "/api/v1/auth/me").await, 200).await;
    assert_eq!(me["must_change_password"], true);
    let p = problem(app.get(&token, "/api/v1/reports").await, 403).await;
    assert_eq!(p["type"], "/problems/password-change-required");

    for (new, why) in [
        ("pendek", "short"),
        ("Rina.Melawai", "the username"),
        ("password1234", "common"),
        ("qwertyuiop", "common"),
    ] {
        let p = problem(
            app.post(
                &token,
                "/api/v1/auth/password",
                &json!({"current_password": temporary, "new_password": new}),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(fields(&p), vec!["new_password"], "{why}: {p}");
    }
    let p = problem(
        app.post(
            &token,
            "/api/v1/auth/password",
            &json!({"current_password": "not-it-at-all", "new_password": "kuda-laut-berenang-7"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["current_password"]);
    let done = app
        .post(
            &token,
            "/api/v1/auth/password",
            &json!({"current_password": temporary, "new_password": "kuda-laut-berenang-7"}),
        )
        .await;
    assert_eq!(done.status(), 204);
    // The token of the temporary password ends; the new password works.
    problem(app.get(&token, "/api/v1/auth/me").await, 401).await;
    problem(login_with(&app, "rina.melawai", &temporary).await, 401).await;
    let t: Value = json_of(
        login_with(&app, "rina.melawai", "kuda-laut-berenang-7").await,
        200,
    )
    .await;
    assert_eq!(t["must_change_password"], false);
    let token = t["access_token"].as_str().expect("token");
    json_of::<Value>(app.get(token, "/api/v1/reports").await, 200).await;

    let rows = audit(&app, &format!("target=user:{id}")).await;
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(actions, vec!["user.password_change", "user.create"]);
    assert_eq!(rows[1]["actor"], "admin");
    assert_eq!(rows[1]["after"]["unit_code"], GAMBIR);
    assert!(
        !serde_json::to_string(&rows)
            .unwrap_or_default()
            .contains("kuda-laut"),
        "no password in the audit log"
    );
}

/// Bad accounts are refused, each naming its field.
async fn bad_accounts_are_refused(app: TestApp) {
    let admin = app.login("admin").await;
    let cases = [
        (
            json!({"username": "petugas.gambir", "full_name": "X", "role": "officer", "unit_code": GAMBIR}),
            409,
            None,
        ),
        (
            json!({"username": "Bad Name", "full_name": "X", "role": "officer", "unit_code": GAMBIR}),
            422,
            Some("username"),
        ),
        (
            json!({"username": "baru.satu", "full_name": "X", "role": "officer", "unit_code": "NOPE"}),
            422,
            Some("unit_code"),
        ),
        (
            json!({"username": "baru.dua", "full_name": "X", "role": "monitoring", "unit_code": GAMBIR}),
            422,
            Some("unit_code"),
        ),
        (
            json!({"username": "baru.tiga", "full_name": "X", "role": "reporter", "unit_code": GAMBIR}),
            422,
            Some("role"),
        ),
        (
            json!({"username": "baru.empat", "full_name": "X", "role": "officer", "unit_code": GAMBIR, "password": "123456789012"}),
            422,
            Some("password"),
        ),
    ];
    for (body, status, field) in cases {
        let p = problem(app.post(&admin, "/api/v1/users", &body).await, status).await;
        if let Some(f) = field {
            assert_eq!(fields(&p), vec![f], "{body}: {p}");
        }
    }
    // A deactivated account's username is never reused.
    let list: Value = json_of(
        app.get(&admin, "/api/v1/users?q=petugas2.gambir").await,
        200,
    )
    .await;
    let id = list["items"][0]["id"].as_i64().expect("id");
    json_of::<Value>(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"active": false}),
        )
        .await,
        200,
    )
    .await;
    problem(
        app.post(
            &admin,
            "/api/v1/users",
            &json!({"username": "petugas2.gambir", "full_name": "X", "role": "officer", "unit_code": GAMBIR}),
        )
        .await,
        409,
    )
    .await;
    // Nobody deactivates themselves.
    let me = app
        .get(&admin, "/api/v1/users?q=admin&role=administrator")
        .await;
    let me: Value = json_of(me, 200).await;
    let my_id = me["items"][0]["id"].as_i64().expect("id");
    problem(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{my_id}"),
            json!({"active": false}),
        )
        .await,
        409,
    )
    .await;
}

/// Deactivation, a new role or unit, and a password reset each end the
/// account's sessions on the very next request.
async fn tokens_follow_the_account_at_once(app: TestApp) {
    let admin = app.login("admin").await;
    let find = |name: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let v: Value = json_of(
                app.get(&admin, &format!("/api/v1/users?q={name}")).await,
                200,
            )
            .await;
            v["items"][0]["id"].as_i64().expect("id")
        }
    };
    let id = find("petugas2.gambir").await;
    let officer = app.sign_in("petugas2.gambir").await;
    json_of::<Value>(app.get(&officer, "/api/v1/reports").await, 200).await;
    let off: Value = json_of(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"active": false}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(off["active"], false);
    problem(app.get(&officer, "/api/v1/reports").await, 401).await;
    problem(
        login_with(&app, "petugas2.gambir", crate::common::PASSWORD).await,
        401,
    )
    .await;
    // Deactivated accounts are listed apart.
    let inactive: Value = json_of(app.get(&admin, "/api/v1/users?active=false").await, 200).await;
    assert_eq!(inactive["total"], 1, "{inactive}");
    json_of::<Value>(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"active": true}),
        )
        .await,
        200,
    )
    .await;
    let officer = app.sign_in("petugas2.gambir").await;
    // Moved to another unit: the old token (with the old unit) is refused.
    json_of::<Value>(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"unit_code": KEBON_KELAPA}),
        )
        .await,
        200,
    )
    .await;
    problem(app.get(&officer, "/api/v1/reports").await, 401).await;
    let officer = app.sign_in("petugas2.gambir").await;
    let me: Value = json_of(app.get(&officer, "/api/v1/auth/me").await, 200).await;
    assert_eq!(me["unit_code"], KEBON_KELAPA);
    // A renamed account keeps its sessions.
    json_of::<Value>(
        patch(
            &app,
            &admin,
            &format!("/api/v1/users/{id}"),
            json!({"full_name": "Petugas Dua"}),
        )
        .await,
        200,
    )
    .await;
    json_of::<Value>(app.get(&officer, "/api/v1/auth/me").await, 200).await;
    // A reset password ends the session and must be changed.
    let reset: Value = json_of(
        app.post(&admin, &format!("/api/v1/users/{id}/password"), &json!({}))
            .await,
        200,
    )
    .await;
    let temporary = reset["temporary_password"].as_str().expect("temporary");
    problem(app.get(&officer, "/api/v1/auth/me").await, 401).await;
    let t: Value = json_of(login_with(&app, "petugas2.gambir", temporary).await, 200).await;
    assert_eq!(t["must_change_password"], true);
    let actions: Vec<String> = audit(&app, &format!("target=user:{id}"))
        .await
        .iter()
        .filter_map(|r| r["action"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        actions,
        vec![
            "user.password_reset",
            "user.update",
            "user.update",
            "user.reactivate",
            "user.deactivate"
        ]
    );
}

/// A unit head manages the officers of its own subtree, nothing else.
async fn unit_heads_manage_their_own_officers(app: TestApp) {
    let camat = app.login("camat.gambir").await;
    let list: Value = json_of(app.get(&camat, "/api/v1/users?limit=200").await, 200).await;
    let units: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["unit_code"].as_str())
        .collect();
    assert!(!units.is_empty());
    assert!(units.iter().all(|u| u.starts_with(GAMBIR_KEC)), "{units:?}");
    problem(
        app.get(&camat, &format!("/api/v1/users?unit={KEBON_JERUK}"))
            .await,
        403,
    )
    .await;
    json_of::<Value>(
        app.post(
            &camat,
            "/api/v1/users",
            &json!({"username": "petugas3.gambir", "full_name": "Tiga", "role": "officer", "unit_code": GAMBIR}),
        )
        .await,
        201,
    )
    .await;
    for body in [
        json!({"username": "petugas.luar", "full_name": "Luar", "role": "officer", "unit_code": KEBON_JERUK}),
        json!({"username": "lurah.baru", "full_name": "Lurah", "role": "unit_head", "unit_code": GAMBIR}),
    ] {
        problem(app.post(&camat, "/api/v1/users", &body).await, 403).await;
    }
    let admin = app.login("admin").await;
    let outside: Value = json_of(
        app.get(&admin, "/api/v1/users?q=petugas.kebonjeruk").await,
        200,
    )
    .await;
    let outside_id = outside["items"][0]["id"].as_i64().expect("id");
    problem(
        patch(
            &app,
            &camat,
            &format!("/api/v1/users/{outside_id}"),
            json!({"full_name": "X"}),
        )
        .await,
        404,
    )
    .await;
    let inside: Value = json_of(
        app.get(&admin, "/api/v1/users?q=petugas.kebonkelapa").await,
        200,
    )
    .await;
    let inside_id = inside["items"][0]["id"].as_i64().expect("id");
    // Moving one's officer out of the subtree, or promoting them, is refused.
    problem(
        patch(
            &app,
            &camat,
            &format!("/api/v1/users/{inside_id}"),
            json!({"unit_code": KEBON_JERUK}),
        )
        .await,
        403,
    )
    .await;
    problem(
        patch(
            &app,
            &camat,
            &format!("/api/v1/users/{inside_id}"),
            json!({"role": "unit_head"}),
        )
        .await,
        403,
    )
    .await;
    let officer = app.login("petugas.gambir").await;
    problem(app.get(&officer, "/api/v1/users").await, 403).await;
    problem(app.get(&camat, "/api/v1/audit").await, 403).await;
}

async fn post_csv(app: &TestApp, token: &str, query: &str, csv: &str) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/v1/imports/users{query}"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("import")
}

/// The staff import: every bad line named and nothing made; a dry run
/// makes nothing; then every account at once, each with its password.
async fn officers_are_imported_all_or_nothing(app: TestApp) {
    let admin = app.login("admin").await;
    let bad = format!(
        "username,full_name,role,unit\n\
         budi.gambir,Budi Santoso,officer,{GAMBIR}\n\
         petugas.gambir,Sudah Ada,officer,{GAMBIR}\n\
         siti.x,Siti,tukang,{GAMBIR}\n\
         andi.x,Andi,officer,Kelurahan Antah\n\
         budi.gambir,Budi Lagi,officer,Gambir\n"
    );
    let p = problem(post_csv(&app, &admin, "", &bad).await, 422).await;
    assert_eq!(
        fields(&p),
        vec!["line 3", "line 4", "line 5", "line 6", "line 6"],
        "{p}"
    );
    let none: Value = json_of(app.get(&admin, "/api/v1/users?q=budi.gambir").await, 200).await;
    assert_eq!(none["total"], 0, "nothing written");

    let good = format!(
        "username,full_name,role,unit\n\
         budi.gambir,Budi Santoso,officer,{GAMBIR}\n\
         sari.kk,Sari Lestari,Petugas,{KEBON_KELAPA}\n\
         dewi.camat,Dewi,unit_head,Kecamatan Gambir\n"
    );
    let dry: Value = json_of(post_csv(&app, &admin, "?dry_run=true", &good).await, 200).await;
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["created"], 0);
    assert_eq!(dry["accounts"].as_array().map(Vec::len), Some(3));
    assert!(dry["accounts"][0].get("temporary_password").is_none());
    let none: Value = json_of(app.get(&admin, "/api/v1/users?q=budi.gambir").await, 200).await;
    assert_eq!(none["total"], 0, "a dry run writes nothing");

    let done: Value = json_of(post_csv(&app, &admin, "", &good).await, 200).await;
    assert_eq!(done["created"], 3);
    assert_eq!(
        done["accounts"][1]["role"], "officer",
        "the label reads as the role"
    );
    for a in done["accounts"].as_array().expect("accounts") {
        let pw = a["temporary_password"].as_str().expect("password");
        let t: Value = json_of(
            login_with(&app, a["username"].as_str().expect("u"), pw).await,
            200,
        )
        .await;
        assert_eq!(t["must_change_password"], true);
    }
    let p = problem(post_csv(&app, &admin, "", &good).await, 422).await;
    assert_eq!(fields(&p).len(), 3, "taken usernames are named: {p}");
    assert_eq!(audit(&app, "action=user.import").await.len(), 1);
    assert_eq!(audit(&app, "action=user.").await.len(), 4);
    let officer = app.login("petugas.gambir").await;
    problem(post_csv(&app, &officer, "", &good).await, 403).await;
}

async fn kelurahan_board(app: &TestApp, period: &str) -> Value {
    let m = app.login("monitoring").await;
    json_of(
        app.get(
            &m,
            &format!("/api/v1/scores?period={period}&level=kelurahan"),
        )
        .await,
        200,
    )
    .await
}

fn total_of(board: &Value, unit: &str) -> i64 {
    board["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["unit_code"] == unit)
        .and_then(|u| u["total"].as_i64())
        .unwrap_or(0)
}

/// A duplicate closed by the Monitoring Room leaves every score; the public
/// sees why and where to look; reopening brings it back.
async fn a_closed_duplicate_counts_for_no_unit(app: TestApp) {
    let received = Utc::now() - Duration::hours(2);
    let period = Period::of(received).to_string();
    let officer = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["received_at"] = json!(received.to_rfc3339());
    let first = app.file(&officer, body.clone()).await["number"]
        .as_i64()
        .expect("n");
    let again = app.file(&officer, body).await;
    let second = again["number"].as_i64().expect("n");
    let code = again["tracking_code"].as_str().expect("code").to_string();
    assert_eq!(total_of(&kelurahan_board(&app, &period).await, GAMBIR), 2);

    let m = app.login("monitoring").await;
    let close = |n: i64, b: Value| {
        let app = &app;
        let m = m.clone();
        async move {
            app.post(&m, &format!("/api/v1/reports/{n}/close"), &b)
                .await
        }
    };
    // Refusals first: a unit cannot close; a duplicate names a real other report.
    problem(
        app.post(
            &officer,
            &format!("/api/v1/reports/{second}/close"),
            &json!({"reason": "invalid", "note": "x"}),
        )
        .await,
        403,
    )
    .await;
    for (b, field) in [
        (
            json!({"reason": "duplicate", "note": "Sama"}),
            "duplicate_of",
        ),
        (
            json!({"reason": "duplicate", "note": "Sama", "duplicate_of": second}),
            "duplicate_of",
        ),
        (
            json!({"reason": "duplicate", "note": "Sama", "duplicate_of": 999999}),
            "duplicate_of",
        ),
        (
            json!({"reason": "invalid", "note": "Iklan", "duplicate_of": first}),
            "duplicate_of",
        ),
        (json!({"reason": "invalid", "note": ""}), "note"),
    ] {
        let p = problem(close(second, b.clone()).await, 422).await;
        assert_eq!(fields(&p), vec![field], "{b}: {p}");
    }
    let closed: Value = json_of(
        close(
            second,
            json!({"reason": "duplicate", "note": "Laporan yang sama", "duplicate_of": first}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(closed["status"], "selesai");
    assert_eq!(closed["closed_reason"], "duplicate");
    assert_eq!(closed["duplicate_of"], first);
    assert_eq!(
        closed["completed_at"],
        Value::Null,
        "no work, no completion time"
    );
    problem(
        close(second, json!({"reason": "invalid", "note": "lagi"})).await,
        409,
    )
    .await;
    assert_eq!(
        total_of(&kelurahan_board(&app, &period).await, GAMBIR),
        1,
        "left the score"
    );

    let public: Value = json_of(
        app.request(
            Method::GET,
            &format!("/api/v1/public/reports/{second}?code={code}"),
        )
        .send()
        .await
        .expect("public"),
        200,
    )
    .await;
    assert_eq!(public["status"], "selesai");
    assert_eq!(public["closed_reason"], "duplicate");
    assert_eq!(public["duplicate_of"], first);
    let row = &audit(&app, &format!("target=report:{second}")).await[0];
    assert_eq!(row["action"], "report.close");
    assert_eq!(row["actor"], "monitoring");
    assert_eq!(row["after"]["duplicate_of"], first);

    act_ok(
        &app,
        &m,
        second,
        "reopen",
        json!({"reason": "Ternyata berbeda"}),
    )
    .await;
    let back = crate::common::read(&app, second).await;
    assert_eq!(back["closed_reason"], Value::Null);
    assert_eq!(
        total_of(&kelurahan_board(&app, &period).await, GAMBIR),
        2,
        "counts again"
    );
}

/// The Monitoring Room corrects a category or kelurahan with a reason; a
/// unit cannot.
async fn the_monitoring_room_corrects_a_report(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let m = app.login("monitoring").await;
    let path = format!("/api/v1/reports/{n}/correct");
    problem(
        app.post(
            &officer,
            &path,
            &json!({"note": "Salah", "category": "jalan-rusak"}),
        )
        .await,
        403,
    )
    .await;
    for (b, field) in [
        (json!({"note": "Salah", "category": "nope"}), "category"),
        (json!({"note": "Salah", "kelurahan": "31.71"}), "kelurahan"),
        (json!({"note": "Salah"}), "category"),
        (json!({"note": "Salah", "category": "sampah"}), "category"),
        (json!({"note": "", "category": "jalan-rusak"}), "note"),
    ] {
        let p = problem(app.post(&m, &path, &b).await, 422).await;
        assert_eq!(fields(&p), vec![field], "{b}: {p}");
    }
    let fixed: Value = json_of(
        app.post(&m, &path, &json!({"note": "Foto menunjukkan jalan berlubang", "category": "jalan-rusak", "kelurahan": KEBON_KELAPA})).await,
        200,
    )
    .await;
    assert_eq!(fixed["category"], "jalan-rusak");
    assert_eq!(fixed["kelurahan_code"], KEBON_KELAPA);
    let last = fixed["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["kind"], "correct");
    assert_eq!(last["public"], false);
    let row = &audit(&app, &format!("target=report:{n}")).await[0];
    assert_eq!(row["action"], "report.correct");
    assert_eq!(row["before"]["category"], "sampah");
    assert_eq!(row["after"]["category"], "jalan-rusak");
}

/// The audit log cannot be edited, not even directly in the database.
async fn the_audit_log_cannot_be_edited(app: TestApp) {
    let admin = app.login("admin").await;
    json_of::<Value>(
        app.post(
            &admin,
            "/api/v1/users",
            &json!({"username": "audit.saksi", "full_name": "Saksi", "role": "officer", "unit_code": GAMBIR}),
        )
        .await,
        201,
    )
    .await;
    for sql in [
        "UPDATE audit_log SET actor = 'someone'",
        "DELETE FROM audit_log",
    ] {
        let result = app.state.db.write_blocking(move |conn| {
            diesel::RunQueryDsl::execute(diesel::sql_query(sql), conn)
                .map_err(crm_api::db::DbError::from)
        });
        assert!(result.is_err(), "{sql} was allowed");
    }
    let rows = audit(&app, "action=user.create").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["actor"], "admin");
}

/// The report list downloads as the caller filtered it: the same columns
/// as the month export, only the matching reports of the caller's scope.
async fn the_report_list_downloads_as_filtered(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let mut road = report(Some(GAMBIR));
    road["category"] = json!("jalan-rusak");
    let road = app.file(&officer, road).await["number"]
        .as_i64()
        .expect("n");
    let trash = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    let other = app.login("petugas.kebonjeruk").await;
    let far = app.file(&other, report(Some(KEBON_JERUK))).await["number"]
        .as_i64()
        .expect("n");
    let csv = |token: String, query: &'static str| {
        let app = &app;
        async move {
            let resp = app
                .get(&token, &format!("/api/v1/exports/report-list{query}"))
                .await;
            assert_eq!(resp.status(), 200);
            assert!(resp.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/csv"));
            resp.text().await.expect("text")
        }
    };
    let m = app.login("monitoring").await;
    let all = csv(m.clone(), "").await;
    assert!(
        all.starts_with("nomor,kelurahan,kategori,status,timestamp"),
        "{all}"
    );
    for n in [road, trash, far] {
        assert!(all.contains(&format!("\n{n},")), "{n} in {all}");
    }
    let roads = csv(m.clone(), "?category=jalan-rusak").await;
    assert_eq!(roads.lines().count(), 2, "{roads}");
    assert!(roads.contains(&format!("\n{road},")));
    let mine = csv(officer.clone(), "").await;
    assert!(
        !mine.contains(&format!("\n{far},")),
        "only the officer's scope: {mine}"
    );
    let xlsx = app
        .request(Method::GET, "/api/v1/exports/report-list?status=menunggu")
        .bearer_auth(&m)
        .header(
            "accept",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .send()
        .await
        .expect("xlsx");
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.expect("bytes");
    assert_eq!(&bytes[..2], b"PK", "an Excel file is a zip");
    problem(
        app.get(&m, "/api/v1/exports/report-list?category=nope")
            .await,
        422,
    )
    .await;
    problem(
        app.get(
            &officer,
            &format!("/api/v1/exports/report-list?unit={KEBON_JERUK}"),
        )
        .await,
        403,
    )
    .await;
}

/// Every administrative change lands in the audit log, once, with who did
/// it, and never a key or a secret.
async fn every_administrative_change_is_audited(app: TestApp) {
    let admin = app.login("admin").await;
    let key = crate::channels::key_for(&app, &admin, "qlue").await;
    let keys: Value = json_of(app.get(&admin, "/api/v1/api-keys").await, 200).await;
    let key_id = keys[0]["id"].as_i64().expect("id");
    let revoked = app
        .request(Method::DELETE, &format!("/api/v1/api-keys/{key_id}"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoked.status(), 204);
    let secret =
        crate::channels::hook_for(&app, &admin, "jaki", "https://93.184.216.34/hook").await;
    json_of::<Value>(
        app.post(&admin, "/api/v1/channels/jaki/webhook/rotate", &json!({}))
            .await,
        200,
    )
    .await;
    let put = app
        .request(Method::PUT, "/api/v1/categories/sampah")
        .bearer_auth(&admin)
        .json(&json!({"weight": 2.0, "bands": {"t1": 20.0, "t2": 40.0, "t3": 60.0}, "evidence_required": true}))
        .send()
        .await
        .expect("category");
    assert_eq!(put.status(), 200);
    let added: Value = json_of(
        app.post(
            &admin,
            "/api/v1/categories",
            &json!({"code": "hewan-liar-masuk-rumah", "name": "Hewan Liar Masuk Rumah", "weight": 1.0, "bands": {"t1": 10.0, "t2": 20.0, "t3": 30.0}, "evidence_required": true}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(added["code"], "hewan-liar-masuk-rumah");
    let listed: Value = json_of(
        app.request(Method::GET, "/api/v1/categories")
            .send()
            .await
            .expect("list"),
        200,
    )
    .await;
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|c| c["code"] == "hewan-liar-masuk-rumah")),
        "served at once"
    );
    problem(
        app.post(&admin, "/api/v1/categories", &json!({"code": "hewan-liar-masuk-rumah", "name": "X", "weight": 1.0, "bands": {"t1": 1.0, "t2": 2.0, "t3": 3.0}, "evidence_required": false})).await,
        409,
    )
    .await;
    for (body, field) in [
        (
            json!({"code": "Hewan Liar Masuk Rumah", "name": "X", "weight": 1.0, "bands": {"t1": 1.0, "t2": 2.0, "t3": 3.0}, "evidence_required": false}),
            "code",
        ),
        (
            json!({"code": "baru", "name": "X", "weight": 1.0, "bands": {"t1": 3.0, "t2": 2.0, "t3": 1.0}, "evidence_required": false}),
            "bands",
        ),
    ] {
        let p = problem(app.post(&admin, "/api/v1/categories", &body).await, 422).await;
        assert_eq!(fields(&p), vec![field]);
    }
    let imported = app
        .request(Method::POST, "/api/v1/imports/reports")
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body("nomor,kelurahan,kategori,status,timestamp\n1044857,Kebon Kelapa,Sampah,wait,6/1/2021 8:00\n")
        .send()
        .await
        .expect("import");
    assert_eq!(imported.status(), 200);
    let rows = audit(&app, "actor=admin").await;
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "report.import",
            "category.create",
            "category.update",
            "webhook.rotate_secret",
            "webhook.create",
            "api_key.revoke",
            "api_key.create",
        ]
    );
    let category = &rows[2];
    assert_eq!(category["before"]["weight"], 1.5);
    assert_eq!(category["after"]["weight"], 2.0);
    let text = serde_json::to_string(&rows).unwrap_or_default();
    assert!(
        !text.contains(&key) && !text.contains(&secret),
        "no secrets: {text}"
    );
    // Paged, newest first.
    let page: Value = json_of(
        app.get(&admin, "/api/v1/audit?actor=admin&limit=4").await,
        200,
    )
    .await;
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let rest: Value = json_of(
        app.get(
            &admin,
            &format!("/api/v1/audit?actor=admin&cursor={cursor}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(3));
    problem(app.get(&admin, "/api/v1/audit?cursor=nope").await, 422).await;
}

/// Units are added (a BUMD and its branch), renamed, and deactivated once
/// they hold no open report; a deactivated unit receives no hand-over or
/// account, and every change is served at once and audited.
async fn units_are_added_renamed_and_deactivated(app: TestApp) {
    let admin = app.login("admin").await;
    let made: Value = json_of(
        app.post(&admin, "/api/v1/units", &json!({"code": "BUMD-TJ", "name": "PT Transportasi Jakarta", "level": "dinas", "parent_code": "31"})).await,
        201,
    )
    .await;
    assert_eq!(made["active"], true);
    json_of::<Value>(
        app.post(&admin, "/api/v1/units", &json!({"code": "BUMD-TJ-3171", "name": "Transjakarta Jakarta Pusat", "level": "sudin", "parent_code": "BUMD-TJ"})).await,
        201,
    )
    .await;
    let listed: Value = json_of(
        app.request(Method::GET, "/api/v1/units?parent=BUMD-TJ")
            .send()
            .await
            .expect("units"),
        200,
    )
    .await;
    assert_eq!(
        listed[0]["code"], "BUMD-TJ-3171",
        "served at once: {listed}"
    );
    for (body, status, field) in [
        (
            json!({"code": "BUMD-TJ", "name": "X", "level": "dinas", "parent_code": "31"}),
            409,
            "",
        ),
        (
            json!({"code": "a b", "name": "X", "level": "dinas", "parent_code": "31"}),
            422,
            "code",
        ),
        (
            json!({"code": "SUDIN-X", "name": "X", "level": "sudin", "parent_code": GAMBIR}),
            422,
            "parent_code",
        ),
        (
            json!({"code": "KEL-X", "name": "X", "level": "kelurahan", "parent_code": "NOPE"}),
            422,
            "parent_code",
        ),
    ] {
        let p = problem(app.post(&admin, "/api/v1/units", &body).await, status).await;
        if !field.is_empty() {
            assert_eq!(fields(&p), vec![field], "{body}: {p}");
        }
    }
    // A hand-over to the new unit, then it may not be deactivated.
    let officer = app.login("petugas.gambir").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("n");
    act_ok(
        &app,
        &officer,
        n,
        "dispose",
        json!({"to": "BUMD-TJ-3171", "reason": "Halte rusak"}),
    )
    .await;
    let path = "/api/v1/units/BUMD-TJ-3171";
    problem(
        patch(&app, &admin, path, json!({"active": false})).await,
        409,
    )
    .await;
    let m = app.login("monitoring").await;
    act_ok(
        &app,
        &m,
        n,
        "dispose",
        json!({"to": GAMBIR, "reason": "Kembali ke kelurahan"}),
    )
    .await;
    let off: Value = json_of(
        patch(
            &app,
            &admin,
            path,
            json!({"active": false, "name": "Transjakarta Pusat"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (off["active"].clone(), off["name"].clone()),
        (json!(false), json!("Transjakarta Pusat"))
    );
    let p = problem(
        crate::common::act(
            &app,
            &officer,
            n,
            "dispose",
            json!({"to": "BUMD-TJ-3171", "reason": "Lagi"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["to"]);
    let p = problem(
        app.post(&admin, "/api/v1/users", &json!({"username": "tj.petugas", "full_name": "X", "role": "officer", "unit_code": "BUMD-TJ-3171"})).await,
        422,
    )
    .await;
    assert_eq!(fields(&p), vec!["unit_code"]);
    let actions: Vec<String> = audit(&app, "action=unit.")
        .await
        .iter()
        .filter_map(|r| r["action"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        actions,
        vec!["unit.deactivate", "unit.create", "unit.create"]
    );
    problem(
        patch(&app, &admin, "/api/v1/units/NOPE", json!({"name": "X"})).await,
        404,
    )
    .await;
}

/// `crm backup` while the server runs, and a restore from it: the reports
/// are all there.
async fn a_backup_restores_every_report(app: TestApp) {
    let officer = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["description"] = json!("Lampu jalan mati di depan sekolah");
    let n = app.file(&officer, body).await["number"]
        .as_i64()
        .expect("n");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("crm.backup");
    let url = app.opts.database_url.clone();
    let pg_bin = crate::common::pg::bin_dir().ok();
    let to = file.clone();
    let said = tokio::task::spawn_blocking(move || {
        crm_api::backup::run_with(&url, &to, pg_bin.as_deref())
    })
    .await
    .expect("task")
    .expect("backup");
    assert!(said.contains("backup written"), "{said}");
    assert!(file.metadata().map(|m| m.len()).unwrap_or(0) > 0);
    let restored_url = match app.backend {
        crate::common::Backend::Sqlite => format!("sqlite://{}", file.display()),
        crate::common::Backend::Postgres => {
            let target = crate::common::pg::fresh_database();
            let bin = crate::common::pg::bin_dir().expect("pg bin");
            let status = std::process::Command::new(bin.join("pg_restore"))
                .args(["--no-owner", "--dbname", &target])
                .arg(&file)
                .status()
                .expect("pg_restore");
            assert!(status.success(), "pg_restore: {status}");
            target
        }
    };
    let again = tokio::task::spawn_blocking(move || {
        let db = crm_api::db::Db::open(&restored_url).expect("open the restored copy");
        db.read_blocking(move |conn| crm_api::db::reports::get(conn, n))
    })
    .await
    .expect("task")
    .expect("read")
    .expect("the report is in the copy");
    assert_eq!(again.description, "Lampu jalan mati di depan sekolah");
    // A second backup never overwrites the first.
    let url = app.opts.database_url.clone();
    let to = file.clone();
    let refused = tokio::task::spawn_blocking(move || crm_api::backup::run_with(&url, &to, None))
        .await
        .expect("task");
    assert!(refused.is_err());
}

both_backends!(
    a_backup_restores_every_report,
    units_are_added_renamed_and_deactivated,
    every_administrative_change_is_audited,
    the_report_list_downloads_as_filtered,
    a_new_officer_must_choose_a_password,
    bad_accounts_are_refused,
    tokens_follow_the_account_at_once,
    unit_heads_manage_their_own_officers,
    officers_are_imported_all_or_nothing,
    a_closed_duplicate_counts_for_no_unit,
    the_monitoring_room_corrects_a_report,
    the_audit_log_cannot_be_edited,
);
