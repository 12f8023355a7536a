//! E-mail to reporters: off by default; with an SMTP server configured, a
//! reporter who gave an e-mail address gets each status change and public
//! note, through a real SMTP conversation with a local mail sink.

use crate::common::{act_ok, report, Backend, TestApp, GAMBIR};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server that accepts every message and keeps it.
pub(crate) struct MailSink {
    pub(crate) port: u16,
    pub(crate) messages: Arc<Mutex<Vec<(String, String)>>>,
}

impl MailSink {
    pub(crate) async fn start() -> MailSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let kept = messages.clone();
        actix_web::rt::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                actix_web::rt::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let (mut rcpt, mut data, mut in_data) = (String::new(), String::new(), false);
                    while let Ok(Some(line)) = lines.next_line().await {
                        if in_data {
                            if line == "." {
                                in_data = false;
                                kept.lock()
                                    .expect("lock")
                                    .push((rcpt.clone(), data.clone()));
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                data.push_str(&line);
                                data.push('\n');
                            }
                            continue;
                        }
                        let upper = line.to_ascii_uppercase();
                        let answer: &[u8] = if upper.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            rcpt = line[8..].trim().to_string();
                            b"250 ok\r\n"
                        } else if upper.starts_with("DATA") {
                            in_data = true;
                            data.clear();
                            b"354 go on\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        let _ = write.write_all(answer).await;
                    }
                });
            }
        });
        MailSink { port, messages }
    }

    pub(crate) async fn wait_for(&self, n: usize) -> Vec<(String, String)> {
        for _ in 0..200 {
            let got = self.messages.lock().expect("lock").clone();
            if got.len() >= n {
                return got;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{} messages, not {n}",
            self.messages.lock().expect("lock").len()
        );
    }
}

async fn reporters_with_an_address_get_mail(backend: Backend) {
    let sink = MailSink::start().await;
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let app = TestApp::spawn_configured(backend, true, |o| {
        o.delivery.smtp_url = Some(url);
        o.delivery.smtp_from = "CRM Jakarta <crm@jakarta.example>".into();
        o.delivery.public_url = "https://crm.jakarta.example".into();
    })
    .await;
    let officer = app.login("petugas.gambir").await;
    let mut with_mail = report(Some(GAMBIR));
    with_mail["reporter_contact"] = json!("warga@example.id");
    let filed: Value = app.file(&officer, with_mail).await;
    let number = filed["number"].as_i64().expect("number");
    // A reporter who gave a phone number gets no mail.
    app.file(&officer, report(Some(GAMBIR))).await;
    act_ok(&app, &officer, number, "take-up", json!({})).await;
    act_ok(
        &app,
        &officer,
        number,
        "comments",
        json!({"text": "catatan internal", "public": false}),
    )
    .await;
    crm_api::jobs::delivery::spawn(app.state.clone());
    let got = sink.wait_for(2).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let got_all = sink.messages.lock().expect("lock").clone();
    assert_eq!(
        got_all.len(),
        2,
        "only the two events of the e-mail reporter"
    );
    assert!(got.iter().all(|(to, _)| to.contains("warga@example.id")));
    let first = &got[0].1;
    assert!(
        first.contains(&format!("Subject: Laporan #{number}: Menunggu")),
        "{first}"
    );
    assert!(
        first.contains("From: \"CRM Jakarta\" <crm@jakarta.example>")
            || first.contains("From: CRM Jakarta <crm@jakarta.example>"),
        "{first}"
    );
    assert!(
        first.contains(&format!("https://crm.jakarta.example/lacak/{number}")),
        "{first}"
    );
    assert!(got[1]
        .1
        .contains(&format!("Subject: Laporan #{number}: Proses")));
    assert!(got.iter().all(|(_, m)| !m.contains("catatan internal")));
}

#[actix_web::test]
async fn reporters_with_an_address_get_mail_sqlite() {
    reporters_with_an_address_get_mail(Backend::Sqlite).await;
}

#[actix_web::test]
async fn reporters_with_an_address_get_mail_postgres() {
    reporters_with_an_address_get_mail(Backend::Postgres).await;
}
