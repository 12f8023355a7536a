//! The citizen's side in headless Chromium against the release binary: JAKI
//! files a hidden report, the city handles it, the webhook event JAKI
//! receives (verified as a Standard Webhooks receiver would: its headers are
//! there) carries the reporter's tracking link; the citizen opens that link,
//! sees the report in full, rates it and answers "not fixed"; the Monitoring
//! Room finds it in its review queue. Without the code the page shows only
//! the outline, and the public statistics page draws its charts and map
//! without signing in.

use crm_e2e::{Browser, Server, ADMIN_PASSWORD};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

const PASSWORD: &str = "demo12345";

/// A webhook receiver: answers 200 to every request and passes on its
/// headers (lower case) and body.
async fn receiver() -> (String, mpsc::UnboundedReceiver<(String, String)>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let head = text[..end].to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + length {
                            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + length])
                                .to_string();
                            let _ = sock
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                                .await;
                            let _ = tx.send((head, body));
                            return;
                        }
                    }
                }
            });
        }
    });
    (url, rx)
}

fn png() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(120, 90);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

#[tokio::test]
async fn a_citizen_follows_rates_and_contests_a_report_with_the_tracking_link() {
    let s = Server::start(true).await;
    let http = reqwest::Client::new();
    let admin = s.login("admin", ADMIN_PASSWORD).await;
    let (hook, mut events) = receiver().await;
    let saved = http
        .put(s.url("/api/v1/channels/jaki/webhook"))
        .bearer_auth(&admin)
        .json(&json!({"url": hook}))
        .send()
        .await
        .expect("webhook");
    assert!(saved.status().is_success(), "{:?}", saved.text().await);
    let key: Value = http
        .post(s.url("/api/v1/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"channel": "jaki", "label": "JAKI"}))
        .send()
        .await
        .expect("key")
        .json()
        .await
        .expect("json");
    let key = key["key"].as_str().expect("key").to_string();
    let description = "Pungutan liar parkir di depan Stasiun Juanda";
    let filed: Value = http
        .post(s.url("/api/v1/reports"))
        .header("X-API-Key", &key)
        .json(&json!({
            "channel": "jaki", "channel_ref": "JAKI-E2E-1", "category": "sampah",
            "description": description, "kelurahan": "31.71.01.1001", "hidden": true,
        }))
        .send()
        .await
        .expect("file")
        .json()
        .await
        .expect("json");
    let n = filed["number"].as_i64().expect("number");
    let code = filed["tracking_code"].as_str().expect("code").to_string();

    // The city handles it.
    let officer = s.login("petugas.gambir", PASSWORD).await;
    let post = |path: String, token: &str, body: Value| {
        http.post(s.url(&path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    post(format!("/api/v1/reports/{n}/take-up"), &officer, json!({}))
        .await
        .expect("take up");
    let form = reqwest::multipart::Form::new()
        .text("note", "Petugas menertibkan parkir")
        .part(
            "photo",
            reqwest::multipart::Part::bytes(png()).file_name("bukti.png"),
        );
    let up = http
        .post(s.url(&format!("/api/v1/reports/{n}/follow-ups")))
        .bearer_auth(&officer)
        .multipart(form)
        .send()
        .await
        .expect("follow up");
    assert!(up.status().is_success());
    post(
        format!("/api/v1/reports/{n}/complete"),
        &officer,
        json!({"note": "Sudah ditertibkan"}),
    )
    .await
    .expect("complete");
    let verifier = s.login("verifikator", PASSWORD).await;
    let ok = post(format!("/api/v1/reports/{n}/approve"), &verifier, json!({}))
        .await
        .expect("approve");
    assert!(ok.status().is_success(), "{:?}", ok.text().await);

    // JAKI hears of it: a signed event with the reporter's link.
    let link = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let (head, body) = events.recv().await.expect("an event");
            assert!(head.contains("webhook-id:") && head.contains("webhook-timestamp:"));
            assert!(head.contains("webhook-signature: v1,"), "{head}");
            let e: Value = serde_json::from_str(&body).expect("event");
            if e["status"] == "selesai" {
                return e["tracking_path"].as_str().expect("path").to_string();
            }
        }
    })
    .await
    .expect("the Selesai event in time");
    assert_eq!(link, format!("/lacak/{n}?kode={code}"));

    let b = Browser::start().await;
    // Without the code: only the outline.
    b.client
        .goto(&s.url(&format!("/lacak/{n}")))
        .await
        .expect("open");
    b.wait_for("#public-outline").await;
    let page = b.wait_text("#public-report", "Selesai").await;
    assert!(
        !page.contains(description),
        "a hidden report in full without its code"
    );

    // The citizen opens the link: the whole report and the feedback form.
    b.client.goto(&s.url(&link)).await.expect("open link");
    b.wait_text("#public-report", description).await;
    b.click("#star-2").await;
    b.click("#fixed-no").await;
    b.type_into("#fb-comment", "Parkir liar masih ada setiap sore")
        .await;
    b.click("#feedback-submit").await;
    b.wait_for("#feedback-thanks").await;
    b.wait_text("#public-rating", "★★").await;

    // The Monitoring Room finds it in its review queue.
    b.sign_in(&s, "monitoring", PASSWORD).await;
    b.client.goto(&s.url("/tinjauan")).await.expect("reviews");
    let queue = b
        .wait_text(
            &format!("#reviews li[data-number=\"{n}\"]"),
            "Parkir liar masih ada",
        )
        .await;
    assert!(queue.contains(&format!("#{n}")));
    b.sign_out().await;

    // Anyone can see how the city performs, charts and map drawn.
    b.client.goto(&s.url("/statistik")).await.expect("stats");
    b.wait_for("#public-stats").await;
    b.wait_for("#pstats-trend svg").await;
    b.wait_for("#pstats-status svg").await;
    b.wait_for("#public-map").await;
    b.wait_for("#rank-kota tbody tr").await;
    b.close().await;
}
