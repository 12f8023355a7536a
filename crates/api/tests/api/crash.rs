//! No notification is lost across a crash: a real `crm serve` process files
//! a report (its event committed), is killed with SIGKILL while the
//! receiver holds its delivery unanswered, and a new process on the same
//! database delivers the event once its predecessor's lease runs out.

use crate::both_backends;
use crate::channels::{hook_for, key_for, newest_delivery_state, Receiver};
use crate::common::{report, TestApp, GAMBIR};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// A `crm serve` process on the test's database.
struct Process {
    child: Child,
    base: String,
}

impl Process {
    async fn start(app: &TestApp) -> Process {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_crm"))
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &app.opts.database_url,
                "--media-dir",
                &app.opts.media_dir.display().to_string(),
                "--web-dir",
                "/nonexistent",
                "--webhook-timeout",
                "5",
                "--webhook-backoff-ms",
                "100",
                // The test's receiver listens on 127.0.0.1.
                "--webhook-allow-private",
            ])
            .env("CRM_JWT_SECRET", "crash-test-secret-0123456789abcdef-xyz")
            // The webhook's secret was sealed by the test's own server.
            .env(
                "CRM_SECRETS_KEY",
                String::from_utf8_lossy(&app.opts.secrets_key).as_ref(),
            )
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start crm");
        let process = Process {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("{}/healthz", process.base)).send().await {
                if r.status() == 200 {
                    return process;
                }
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("crm serve did not come up on {}", process.base);
    }

    /// SIGKILL: no shutdown, no cleanup.
    fn kill9(mut self) {
        self.child.kill().expect("kill");
        let status = self.child.wait().expect("reap");
        assert!(!status.success(), "killed, not exited");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn an_event_survives_a_kill_between_commit_and_delivery(app: TestApp) {
    let admin = app.login("admin").await;
    let key = key_for(&app, &admin, "jaki").await;
    let rx = Receiver::start(0).await;
    hook_for(&app, &admin, "jaki", &rx.url).await;
    // The receiver takes the delivery and never answers.
    rx.hang.store(true, Ordering::SeqCst);

    let first = Process::start(&app).await;
    let mut body = report(Some(GAMBIR));
    body["channel"] = json!("jaki");
    body["channel_ref"] = json!("CRASH-1");
    let resp = reqwest::Client::new()
        .post(format!("{}/api/v1/reports", first.base))
        .header("X-API-Key", &key)
        .json(&body)
        .send()
        .await
        .expect("file");
    assert_eq!(resp.status(), 201);
    let filed: Value = resp.json().await.expect("json");
    let number = filed["number"].as_i64().expect("number");
    // The process is delivering: kill it before the receiver answers.
    let got = rx.wait_for(20, |g| !g.is_empty()).await;
    let event_id = got[0].event_id.clone();
    first.kill9();

    // Nothing was acknowledged; a new process delivers the same event.
    rx.hang.store(false, Ordering::SeqCst);
    let _second = Process::start(&app).await;
    let got = rx.wait_for(30, |g| g.len() >= 2).await;
    assert_eq!(got[1].event_id, event_id, "the same event, again");
    let event: Value = serde_json::from_str(&got[1].body).expect("json");
    assert_eq!(event["report_number"], number);
    assert_eq!(event["type"], "report_received");
    assert_eq!(
        newest_delivery_state(&app, &admin, number, "delivered").await,
        "delivered"
    );
}

both_backends!(an_event_survives_a_kill_between_commit_and_delivery);
