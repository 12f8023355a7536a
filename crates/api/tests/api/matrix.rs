//! The authorization matrix: every operation of the served OpenAPI document
//! (the route registry) × every kind of caller (anonymous, another
//! channel's key, officers and unit heads in and out of scope, verifier,
//! Monitoring Room, administrator), each cell asserted. An
//! operation missing from the table below fails the test, so a new route
//! cannot be added without saying who may call it.

use crate::both_backends;
use crate::channels::key_for;
use crate::common::{report, TestApp, GAMBIR, KEBON_KELAPA, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

/// Who an operation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in staff member (scope and the lifecycle's role rules
    /// decide further; a report outside the caller's scope is refused).
    Staff,
    /// Staff, or a channel's system with its key.
    StaffOrKey,
    /// Only a channel's system with its key.
    KeyOnly,
    /// Only administrators.
    Admin,
    /// The Monitoring Room and administrators.
    MonitoringOrAdmin,
    /// Only the Monitoring Room.
    Monitoring,
    /// Administrators, and unit heads (for the officers of their subtree:
    /// an account outside it is refused or not found).
    Managers,
}

/// Every operation, by its id, with who it is for and a body that passes
/// validation (so the answer shows the access decision, not a 422).
fn table(op: &str) -> Option<(Class, Option<Value>)> {
    use Class::*;
    let row = match op {
        // An account no other cell uses (sign-ins are limited per account).
        "login" => (
            Public,
            Some(json!({"username": "petugas2.gambir", "password": PASSWORD})),
        ),
        "categories" | "channels" | "units" | "healthz" | "readyz" | "track" | "get_public"
        | "stats_public_stats" => (Public, None),
        "feedback" => (Public, Some(json!({"code": "WRONGCODE234", "stars": 4}))),
        "me"
        | "logout"
        | "ticket"
        | "events"
        | "inbox"
        | "list_notifications"
        | "list_reports"
        | "get_reports"
        | "get_reports_photos"
        | "scores"
        | "explain"
        | "stats_stats"
        | "heatmap"
        | "targets"
        | "workload_units_workload"
        | "workload_workload"
        | "recap"
        | "reports"
        | "scores_export"
        | "report_list"
        | "get_all"
        | "outline"
        | "get_settings" => (Staff, None),
        "mark_read" => (Staff, Some(json!({"all": true}))),
        "take_up" | "approve" => (Staff, Some(json!({}))),
        "comment" => (Staff, Some(json!({"text": "Catatan", "public": false}))),
        "dispose" => (
            Staff,
            Some(json!({"to": KEBON_KELAPA, "reason": "Wilayah tetangga"})),
        ),
        "coordinate" => (
            Staff,
            Some(json!({"units": [KEBON_KELAPA], "note": "Bersama"})),
        ),
        "complete" => (Staff, Some(json!({"note": "Selesai"}))),
        "release" => (Staff, Some(json!({"note": "Selesai berkoordinasi"}))),
        "reject" | "reopen" => (Staff, Some(json!({"reason": "Belum lengkap"}))),
        "estimate" => (
            Staff,
            Some(
                json!({"until": (chrono::Utc::now() + chrono::Duration::days(10)).date_naive(), "reason": "Anggaran"}),
            ),
        ),
        "assign" => (Staff, Some(json!({"officer": "petugas.gambir"}))),
        "duplicate_request" => (Staff, Some(json!({"of": 1}))),
        "follow_up" => (Staff, None),
        // Filed for the key's own channel.
        "create_reports" => (StaffOrKey, Some(qlue_report())),
        "batch" => (StaffOrKey, Some(json!({"reports": [qlue_report()]}))),
        "nearby" | "upload" => (StaffOrKey, None),
        "rate" => (KeyOnly, Some(json!({"stars": 4}))),
        "list_api_keys"
        | "revoke"
        | "list_channel_settings"
        | "remove"
        | "rotate"
        | "list_deliveries"
        | "retry"
        | "clear" => (Admin, None),
        "create_api_keys" => (Admin, Some(json!({"channel": "qlue", "label": "Qlue"}))),
        "load" => (
            Admin,
            Some(json!({"type": "FeatureCollection", "features": []})),
        ),
        "update_category" => (
            Admin,
            Some(
                json!({"name": "Sampah", "weight": 1.5, "t1": 29.0, "t2": 45.0, "t3": 67.0, "evidence_required": true}),
            ),
        ),
        "save" => (Admin, Some(json!({"url": "https://93.184.216.34/hook"}))),
        "import_reports" => (Admin, None),
        "list_reviews" => (MonitoringOrAdmin, None),
        "answer" => (Monitoring, Some(json!({"note": "Sudah diperiksa"}))),
        "change_password" => (
            Staff,
            Some(
                json!({"current_password": "not-the-password", "new_password": "kuda-laut-berenang-7"}),
            ),
        ),
        "list_users" | "reset_password" => (Managers, None),
        "update" => (Managers, Some(json!({"full_name": "Petugas Kebon Kelapa"}))),
        "create_users" => (
            Managers,
            Some(
                json!({"username": "matrix.baru", "full_name": "Petugas Baru", "role": "officer", "unit_code": GAMBIR}),
            ),
        ),
        "list_audit" | "import_users" | "metrics" => (Admin, None),
        "rebuild_period" => (Admin, Some(json!({"reason": "Berkas impor kedua"}))),
        // The city's own values again (the other cells see no change).
        "put_settings" => (
            Admin,
            Some(json!({
                "settings": serde_json::to_value(crm_domain::settings::Settings::default())
                    .unwrap_or_default(),
                "reason": "Uji matriks"
            })),
        ),
        "create_unit" => (
            Admin,
            Some(
                json!({"code": "BUMD-MATRIX", "name": "BUMD Uji", "level": "dinas", "parent_code": "31"}),
            ),
        ),
        "update_unit" => (Admin, Some(json!({"name": "Gambir"}))),
        "create_category" => (
            Admin,
            Some(
                json!({"code": "pohon-tumbang", "name": "Pohon Tumbang", "weight": 1.0, "bands": {"t1": 10.0, "t2": 20.0, "t3": 30.0}, "evidence_required": true}),
            ),
        ),
        "close" => (
            Monitoring,
            Some(json!({"reason": "invalid", "note": "Iklan"})),
        ),
        "correct" => (
            Monitoring,
            Some(json!({"note": "Salah kategori", "category": "jalan-rusak"})),
        ),
        _ => return None,
    };
    Some(row)
}

/// A report as Qlue's system files it.
fn qlue_report() -> Value {
    let mut r = report(Some(GAMBIR));
    r["channel"] = json!("qlue");
    r
}

/// A concrete path for a templated one.
fn concrete(path: &str, number: i64) -> String {
    let number = number.to_string();
    // The accounts' cells work on petugas.kebonkelapa (the 11th test
    // account), who calls no other cell.
    let path = if path.starts_with("/api/v1/users/") {
        path.replace("{id}", "11")
    } else {
        path.to_string()
    };
    let mut p = path
        .replace("{number}", &number)
        .replace("{id}", "1")
        .replace("{unit_code}", GAMBIR)
        .replace("{period}", "2021-06");
    p = if p.starts_with("/api/v1/channels/") {
        p.replace("{code}", "jaki")
    } else if p.starts_with("/api/v1/categories/") {
        p.replace("{code}", "sampah")
    } else {
        p.replace("{code}", GAMBIR)
    };
    let period = crm_domain::period::Period::of(chrono::Utc::now()).to_string();
    let query = match path.as_str() {
        "/api/v1/scores" => format!("?period={period}&level=kelurahan"),
        "/api/v1/scores/{unit_code}" | "/api/v1/exports/scores" | "/api/v1/recap" => {
            format!("?period={period}")
        }
        "/api/v1/reports/nearby" => "?lat=-6.175392&lon=106.827153&category=sampah".into(),
        _ => String::new(),
    };
    format!("{p}{query}")
}

/// A caller of the matrix.
enum Who {
    Anonymous,
    /// Qlue's key: a channel, not the one of the report under test.
    Key(String),
    Staff {
        username: &'static str,
        token: String,
        in_scope: bool,
    },
}

async fn every_route_answers_every_caller_as_designed(app: TestApp) {
    let doc = serde_json::to_value(crm_api::openapi::document()).expect("spec");
    let officer = app.login("petugas.gambir").await;
    let filed = app.file(&officer, report(Some(GAMBIR))).await;
    let number = filed["number"].as_i64().expect("n");
    // The tracking code is the reporter's credential for feedback.
    let code = filed["tracking_code"].as_str().expect("code").to_string();
    let admin = app.login("admin").await;
    // Key 1 is the one the `revoke` cells revoke; the matrix's key is another.
    key_for(&app, &admin, "jaki").await;
    let key = key_for(&app, &admin, "qlue").await;
    let mut callers = vec![Who::Anonymous, Who::Key(key)];
    for (username, in_scope) in [
        ("petugas.gambir", true),
        ("petugas.kebonjeruk", false),
        ("camat.gambir", true),
        ("lurah.gambir", true),
        ("lurah.kebonjeruk", false),
        ("verifikator", true),
        ("monitoring", true),
        ("admin", true),
    ] {
        // Each caller signs in afresh: the matrix signs out once per role.
        callers.push(Who::Staff {
            username,
            token: app.sign_in(username).await,
            in_scope,
        });
    }
    let mut missing = Vec::new();
    let mut cells = 0;
    let paths = doc["paths"].as_object().expect("paths");
    // Signing out last, so the other cells keep their sessions.
    let mut ops: Vec<(String, String, String)> = Vec::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"].as_str().unwrap_or_default().to_string();
            ops.push((path.clone(), method.clone(), id));
        }
    }
    ops.sort_by_key(|(_, _, id)| id == "logout");
    for (path, method, id) in ops {
        let Some((class, mut body)) = table(&id) else {
            missing.push(format!("{} {path} ({id})", method.to_uppercase()));
            continue;
        };
        if let Some(b) = body.as_mut().filter(|b| b.get("code").is_some()) {
            b["code"] = json!(code);
        }
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let url = concrete(&path, number);
        let on_report = path.contains("{number}") && !path.starts_with("/api/v1/public/");
        for who in &callers {
            let mut req = app.request(method.clone(), &url);
            req = match who {
                Who::Anonymous => req,
                Who::Key(k) => req.header("X-API-Key", k),
                Who::Staff { token, .. } => req.bearer_auth(token),
            };
            if let Some(b) = &body {
                req = req.json(b);
            }
            let resp = req.send().await.expect("send");
            let status = resp.status().as_u16();
            if path == "/api/v1/events" && status == 200 {
                drop(resp);
            }
            cells += 1;
            let label = match who {
                Who::Anonymous => "anonymous".to_string(),
                Who::Key(_) => "another channel's key".to_string(),
                Who::Staff { username, .. } => (*username).to_string(),
            };
            let denied = status == 401 || status == 403;
            let expect = |ok: bool, want: &str| {
                assert!(
                    ok,
                    "{} {path} ({id}) as {label}: {status}, expected {want}",
                    method
                );
            };
            match (class, who) {
                (Class::Public, _) => expect(!denied, "no refusal"),
                (_, Who::Anonymous) => expect(status == 401, "401"),
                (Class::StaffOrKey | Class::KeyOnly, Who::Key(_)) => {
                    // Another channel's report is refused; its own work is not.
                    if on_report {
                        expect(status == 403, "403 (another channel's report)")
                    } else {
                        expect(!denied, "no refusal")
                    }
                }
                (_, Who::Key(_)) => expect(status == 401, "401 (staff only)"),
                (Class::KeyOnly, Who::Staff { .. }) => expect(status == 401, "401 (keys only)"),
                (Class::Admin, Who::Staff { username, .. }) => {
                    if *username == "admin" {
                        expect(!denied, "no refusal")
                    } else {
                        expect(status == 403, "403")
                    }
                }
                (Class::MonitoringOrAdmin, Who::Staff { username, .. }) => {
                    if ["admin", "monitoring"].contains(username) {
                        expect(!denied, "no refusal")
                    } else {
                        expect(status == 403, "403")
                    }
                }
                (Class::Managers, Who::Staff { username, .. }) => {
                    if *username == "admin" {
                        expect(!denied, "no refusal")
                    } else if username.starts_with("camat.") || username.starts_with("lurah.") {
                        expect(status != 401, "not 401 (a unit head: its subtree decides)")
                    } else {
                        expect(status == 403, "403")
                    }
                }
                (Class::Monitoring, Who::Staff { username, .. }) => {
                    if *username == "monitoring" {
                        expect(!denied, "no refusal")
                    } else {
                        expect(status == 403, "403")
                    }
                }
                (Class::Staff | Class::StaffOrKey, Who::Staff { in_scope, .. }) => {
                    if on_report && !in_scope {
                        expect(status == 403, "403 (outside the caller's scope)")
                    } else {
                        expect(status != 401, "not 401")
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations without a row in the authorization matrix: {missing:?}"
    );
    assert!(cells > 500, "only {cells} cells");
}

both_backends!(every_route_answers_every_caller_as_designed);
