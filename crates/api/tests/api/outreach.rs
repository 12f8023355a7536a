//! Reaching people outside the app, on both engines: reporters who gave a
//! mobile number get their report's status changes by text message through
//! the generic SMS gateway adapter (a local gateway that fails first: the
//! outbox retries), and staff with an address get new reports, coordination
//! requests and warnings (triage ones reach the Monitoring Room) by e-mail
//! and text message.

use crate::channels::Receiver;
use crate::common::{json_of, problem, report, Backend, TestApp, GAMBIR};
use crate::email::MailSink;
use reqwest::Method;
use serde_json::{json, Value};

async fn app_with(backend: Backend, sms: &Receiver, smtp_port: Option<u16>) -> TestApp {
    let url = sms.url.clone();
    TestApp::spawn_configured(backend, true, move |o| {
        o.delivery.sms.sms_url = Some(url);
        o.delivery.sms.sms_auth_header = Some("Authorization: Bearer gerbang-rahasia".into());
        o.delivery.webhook_backoff_ms = 100;
        o.delivery.public_url = "https://crm.jakarta.example".into();
        o.delivery.smtp_url = smtp_port.map(|p| format!("smtp://127.0.0.1:{p}"));
    })
    .await
}

fn texts(sms: &Receiver) -> Vec<Value> {
    sms.received()
        .iter()
        .filter_map(|r| serde_json::from_str(&r.body).ok())
        .collect()
}

async fn reporters_get_text_messages_through_the_gateway(backend: Backend) {
    let sms = Receiver::start(1).await;
    let app = app_with(backend, &sms, None).await;
    let officer = app.login("petugas.gambir").await;
    let mut body = report(Some(GAMBIR));
    body["reporter_contact"] = json!("0812-3456-7890");
    let n = app.file(&officer, body).await["number"]
        .as_i64()
        .expect("number");
    // A reporter who gave an e-mail address gets no text message.
    let mut by_mail = report(Some(GAMBIR));
    by_mail["reporter_contact"] = json!("warga@example.id");
    app.file(&officer, by_mail).await;
    crate::common::act_ok(&app, &officer, n, "take-up", json!({})).await;
    crm_api::jobs::delivery::spawn(app.state.clone());
    // The first attempt fails (500), the retry and the second message pass.
    sms.wait_for(10, |got| got.len() >= 3).await;
    let got = texts(&sms);
    assert!(got.iter().all(|m| m["to"] == "+6281234567890"), "{got:?}");
    let text = |i: usize| got[i]["text"].as_str().unwrap_or_default().to_string();
    assert!(text(0).contains(&format!("#{n} Menunggu")), "{}", text(0));
    assert!(
        text(0).contains(&format!("https://crm.jakarta.example/lacak/{n}?kode=")),
        "{}",
        text(0)
    );
    assert_eq!(text(0), text(1), "the retry sends the same message");
    assert!(text(2).contains(&format!("#{n} Proses")), "{}", text(2));
    let admin = app.login("admin").await;
    let list: Value = json_of(
        app.get(&admin, &format!("/api/v1/deliveries?report={n}"))
            .await,
        200,
    )
    .await;
    let sent: Vec<&Value> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|d| d["target"] == "sms")
        .collect();
    assert_eq!(sent.len(), 2, "{list}");
    assert!(sent.iter().all(|d| d["state"] == "delivered"), "{list}");
    assert!(sent.iter().any(|d| d["attempts"] == 2), "{list}");
}

async fn staff_with_an_address_get_notices_and_warnings(backend: Backend) {
    let sms = Receiver::start(0).await;
    let mail = MailSink::start().await;
    let app = app_with(backend, &sms, Some(mail.port)).await;
    let admin = app.login("admin").await;
    let id_of = |name: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let list: Value = json_of(
                app.get(&admin, &format!("/api/v1/users?q={name}")).await,
                200,
            )
            .await;
            list["items"][0]["id"].as_i64().expect("id")
        }
    };
    let officer_id = id_of("petugas.gambir").await;
    let patch = |id: i64, body: Value| {
        app.request(Method::PATCH, &format!("/api/v1/users/{id}"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let p = problem(
        patch(
            officer_id,
            json!({"phone": "12345", "email": "bukan-alamat"}),
        )
        .await
        .expect("send"),
        422,
    )
    .await;
    let mut named = crate::common::fields(&p);
    named.sort();
    assert_eq!(named, ["email", "phone"], "{p}");
    let a: Value = json_of(
        patch(
            officer_id,
            json!({"phone": "+62 811 1111 111", "email": "petugas@gambir.example"}),
        )
        .await
        .expect("send"),
        200,
    )
    .await;
    assert_eq!(a["phone"], "+628111111111");
    let monitoring_id = id_of("monitoring").await;
    json_of::<Value>(
        patch(monitoring_id, json!({"phone": "081222222222"}))
            .await
            .expect("send"),
        200,
    )
    .await;

    // A new report at Gambir: its officer hears of it by mail and SMS.
    let officer = app.login("petugas.gambir").await;
    let n = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    // A report in triage, and a response target already past.
    let triage = app.file(&officer, report(None)).await["number"]
        .as_i64()
        .expect("number");
    let now: Value = json_of(app.get(&admin, "/api/v1/settings").await, 200).await;
    let mut s = now["current"]["settings"].clone();
    s["response_hours"] = json!(0.0001);
    json_of::<Value>(
        app.request(Method::PUT, "/api/v1/settings")
            .bearer_auth(&admin)
            .json(&json!({"settings": s, "reason": "Uji peringatan"}))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let st = app.state.clone();
    actix_web::rt::task::spawn_blocking(move || {
        crm_api::jobs::warnings::raise_due(&st, chrono::Utc::now())
    })
    .await
    .expect("task")
    .expect("warnings");
    crm_api::jobs::delivery::spawn(app.state.clone());
    let to = |m: &Value, who: &str| m["to"] == who;
    let got = sms
        .wait_for(10, |got| {
            let t: Vec<Value> = got
                .iter()
                .filter_map(|r| serde_json::from_str(&r.body).ok())
                .collect();
            t.iter().any(|m| {
                to(m, "+6281222222222")
                    && m["text"]
                        .as_str()
                        .is_some_and(|x| x.contains(&format!("#{triage}")))
            }) && t.iter().any(|m| {
                to(m, "+628111111111")
                    && m["text"]
                        .as_str()
                        .is_some_and(|x| x.contains("Peringatan") || x.contains("melewati"))
            })
        })
        .await;
    let all: Vec<Value> = got
        .iter()
        .filter_map(|r| serde_json::from_str(&r.body).ok())
        .collect();
    let officer_texts: Vec<&str> = all
        .iter()
        .filter(|m| to(m, "+628111111111"))
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(
        officer_texts.iter().any(
            |t| t.contains(&format!("Laporan baru #{n} masuk ke Gambir"))
                && t.contains(&format!("https://crm.jakarta.example/laporan/{n}"))
        ),
        "{officer_texts:?}"
    );
    assert!(
        officer_texts
            .iter()
            .any(|t| t.contains(&format!("#{n} (Gambir) melewati target respons pertama"))),
        "{officer_texts:?}"
    );
    let room: Vec<&str> = all
        .iter()
        .filter(|m| to(m, "+6281222222222"))
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(
        room.iter().any(|t| t.contains(&format!(
            "#{triage} (triase Ruang Monitoring) melewati target respons pertama"
        ))),
        "{room:?}"
    );
    assert!(
        sms.received().iter().all(|r| !r.body.is_empty()),
        "every request carried its body"
    );
    let mails = mail.wait_for(1).await;
    assert!(
        mails
            .iter()
            .any(|(rcpt, m)| rcpt.contains("petugas@gambir.example")
                && m.contains(&format!("Laporan baru #{n}"))),
        "{mails:?}"
    );
}

/// Sets the digest hours to the hour now (WIB).
async fn digest_now(app: &TestApp, admin: &str) {
    let hour = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("wib"))
        .format("%H")
        .to_string()
        .parse::<u32>()
        .expect("hour");
    let now: Value = json_of(app.get(admin, "/api/v1/settings").await, 200).await;
    let mut s = now["current"]["settings"].clone();
    s["digest_hours"] = json!([hour]);
    json_of::<Value>(
        app.request(Method::PUT, "/api/v1/settings")
            .bearer_auth(admin)
            .json(&json!({"settings": s, "reason": "Ringkasan sekarang"}))
            .send()
            .await
            .expect("send"),
        200,
    )
    .await;
}

async fn send_digest(st: &crm_api::state::AppState) -> usize {
    let st = st.clone();
    actix_web::rt::task::spawn_blocking(move || {
        crm_api::jobs::digest::send_due(&st, chrono::Utc::now())
    })
    .await
    .expect("task")
    .expect("digest")
}

async fn the_digest_goes_out_once_per_slot(backend: Backend) {
    let sms = Receiver::start(0).await;
    let app = app_with(backend, &sms, None).await;
    let admin = app.login("admin").await;
    // A kota monitor of Central Jakarta, and the Monitoring Room, by SMS.
    let made: Value = json_of(
        app.post(
            &admin,
            "/api/v1/users",
            &json!({"username": "pantau.jakpus", "full_name": "Pemantau Jakarta Pusat",
                    "role": "unit_head", "unit_code": "31.71"}),
        )
        .await,
        201,
    )
    .await;
    for (id, phone) in [
        (made["id"].as_i64().expect("id"), "081333333333"),
        (
            {
                let l: Value =
                    json_of(app.get(&admin, "/api/v1/users?q=monitoring").await, 200).await;
                l["items"][0]["id"].as_i64().expect("id")
            },
            "081444444444",
        ),
    ] {
        json_of::<Value>(
            app.request(Method::PATCH, &format!("/api/v1/users/{id}"))
                .bearer_auth(&admin)
                .json(&json!({"phone": phone}))
                .send()
                .await
                .expect("send"),
            200,
        )
        .await;
    }
    let officer = app.login("petugas.gambir").await;
    let first = app.file(&officer, report(Some(GAMBIR))).await["number"]
        .as_i64()
        .expect("number");
    app.file(&officer, report(Some(GAMBIR))).await;
    let west = app.login("petugas.kebonjeruk").await;
    app.file(&west, report(Some(crate::common::KEBON_JERUK)))
        .await;
    digest_now(&app, &admin).await;
    assert_eq!(
        send_digest(&app.state).await,
        2,
        "one for the kota, one for the room"
    );
    assert_eq!(send_digest(&app.state).await, 0, "the slot went out");
    // After a restart (the same database opened again) the slot is still
    // taken.
    let opts = app.opts.clone();
    let again = actix_web::rt::task::spawn_blocking(move || {
        crm_api::state::AppState::open(&opts).expect("reopen")
    })
    .await
    .expect("task");
    assert_eq!(send_digest(&again).await, 0, "not again after a restart");
    crm_api::jobs::delivery::spawn(app.state.clone());
    let got = sms
        .wait_for(10, |got| {
            got.iter().filter(|r| r.body.contains("Ringkasan")).count() >= 2
        })
        .await;
    let digests: Vec<Value> = got
        .iter()
        .filter_map(|r| serde_json::from_str::<Value>(&r.body).ok())
        .filter(|m| m["text"].as_str().is_some_and(|t| t.contains("Ringkasan")))
        .collect();
    assert_eq!(digests.len(), 2, "{digests:?}");
    let kota = digests
        .iter()
        .find(|m| m["to"] == "+6281333333333")
        .and_then(|m| m["text"].as_str())
        .expect("the kota's digest");
    assert!(
        kota.contains("2 laporan masih Menunggu di Jakarta Pusat")
            && kota.contains(&format!("terlama #{first}"))
            && kota.contains("https://crm.jakarta.example/pantauan"),
        "{kota}"
    );
    let room = digests
        .iter()
        .find(|m| m["to"] == "+6281444444444")
        .and_then(|m| m["text"].as_str())
        .expect("the room's digest");
    assert!(
        room.contains("3 laporan masih Menunggu")
            && room.contains("Jakarta Pusat 2")
            && room.contains("Jakarta Barat 1"),
        "{room}"
    );
}

#[actix_web::test]
async fn the_digest_goes_out_once_per_slot_sqlite() {
    the_digest_goes_out_once_per_slot(Backend::Sqlite).await;
}

#[actix_web::test]
async fn the_digest_goes_out_once_per_slot_postgres() {
    the_digest_goes_out_once_per_slot(Backend::Postgres).await;
}

#[actix_web::test]
async fn reporters_get_text_messages_through_the_gateway_sqlite() {
    reporters_get_text_messages_through_the_gateway(Backend::Sqlite).await;
}

#[actix_web::test]
async fn reporters_get_text_messages_through_the_gateway_postgres() {
    reporters_get_text_messages_through_the_gateway(Backend::Postgres).await;
}

#[actix_web::test]
async fn staff_with_an_address_get_notices_and_warnings_sqlite() {
    staff_with_an_address_get_notices_and_warnings(Backend::Sqlite).await;
}

#[actix_web::test]
async fn staff_with_an_address_get_notices_and_warnings_postgres() {
    staff_with_an_address_get_notices_and_warnings(Backend::Postgres).await;
}
