//! The cluster as `just cluster` starts it (`scripts/cluster.sh`): a
//! PostgreSQL primary and its streaming replica, three `crm serve`, HAProxy
//! in front. Channel systems file reports through the balancer while one
//! server is killed with SIGKILL and another stopped with SIGTERM (each
//! comes back, as under a service manager). Every acknowledged report is
//! there once; every report's event reaches the receiver under one id (a
//! repeat only with the same id); a Monitoring-Room dashboard open in
//! headless Chromium through the balancer keeps counting; a past period is
//! frozen once.

use crm_e2e::{free_port, workspace, Browser};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ADMIN_PASSWORD: &str = "cluster-admin-password";

/// The running cluster; stopped (SIGTERM to the script) when dropped.
struct Cluster {
    script: Child,
    dir: tempfile::TempDir,
    base: String,
}

impl Cluster {
    async fn start() -> Cluster {
        let dir = tempfile::tempdir().expect("dir");
        let port = free_port();
        let script = Command::new(workspace().join("scripts/cluster.sh"))
            .env("CRM_CLUSTER_DIR", dir.path())
            .env("CRM_CLUSTER_PORT", port.to_string())
            .env("CRM_BIN", crm_e2e::crm_binary())
            .env("CRM_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("CRM_JWT_SECRET", "cluster-e2e-secret-0123456789abcdef")
            .env(
                "CRM_CLUSTER_FLAGS",
                "--webhook-allow-private --webhook-backoff-ms 200 --webhook-timeout 3",
            )
            // The journal's lines, without every request's.
            .env("RUST_LOG", "info,crm_api::trace=warn")
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("scripts/cluster.sh");
        let mut cluster = Cluster {
            script,
            base: format!("http://127.0.0.1:{port}"),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(240);
        while !cluster.dir.path().join("ready").exists() {
            if let Ok(Some(status)) = cluster.script.try_wait() {
                panic!("the cluster script stopped: {status}");
            }
            assert!(Instant::now() < deadline, "the cluster did not come up");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        cluster
    }

    fn pid(&self, n: usize) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("crm-{n}.pid")))
            .expect("pid file")
            .trim()
            .to_string()
    }

    fn signal(&self, n: usize, signal: &str) -> String {
        let pid = self.pid(n);
        let ok = Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill");
        assert!(ok.success(), "kill {signal} {pid}");
        pid
    }

    /// Waits until server `n` runs again under a new process.
    async fn back(&self, n: usize, old_pid: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let pid = self.pid(n);
            if pid != old_pid {
                let port = self.port(n);
                if reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
                    .await
                    .is_ok_and(|r| r.status() == 200)
                {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "server {n} did not come back");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn port(&self, n: usize) -> String {
        let env = std::fs::read_to_string(self.dir.path().join("cluster.env")).expect("env");
        let ports = env
            .lines()
            .find_map(|l| l.strip_prefix("SERVER_PORTS="))
            .expect("ports");
        ports
            .split_whitespace()
            .nth(n - 1)
            .expect("port")
            .to_string()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.script.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.script.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.script.kill();
        let _ = self.script.wait();
    }
}

/// What the webhook receiver got: (webhook-id, body) in arrival order.
type Got = Arc<Mutex<Vec<(String, String)>>>;

/// A webhook receiver over plain TCP: reads each request whole, answers
/// 204, and keeps the `webhook-id` header and the body.
async fn receiver() -> (String, Got) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got: Got = Arc::default();
    let keep = got.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let (head_end, length) = loop {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = find(&buf, b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while buf.len() < head_end + length {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let id = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("webhook-id")
                            .then(|| v.trim().to_string())
                    })
                    .unwrap_or_default();
                let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string();
                if let Ok(mut g) = keep.lock() {
                    g.push((id, body));
                }
                let _ = sock
                    .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (url, got)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Files a report for JAKI through the balancer, trying again with the same
/// `channel_ref` when the answer is lost (intake is idempotent on it);
/// returns the report's number once acknowledged.
async fn file(http: &reqwest::Client, base: &str, key: &str, channel_ref: &str) -> Option<i64> {
    for _ in 0..20 {
        let sent = http
            .post(format!("{base}/api/v1/reports"))
            .header("X-API-Key", key)
            .json(&json!({
                "channel": "jaki",
                "channel_ref": channel_ref,
                "category": "sampah",
                "description": "Sampah menumpuk di pinggir kali, mohon diangkut",
                "kelurahan": "31.71.01.1001",
                "reporter_name": "Warga",
            }))
            .timeout(Duration::from_secs(15))
            .send()
            .await;
        if let Ok(r) = sent {
            if r.status() == 201 || r.status() == 200 {
                let v: Value = r.json().await.ok()?;
                return v["number"].as_i64();
            }
            assert!(
                r.status().is_server_error() || r.status() == 429,
                "refused: {}",
                r.status()
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    None
}

async fn login(http: &reqwest::Client, base: &str, user: &str, password: &str) -> String {
    let v: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    v["access_token"].as_str().expect("token").to_string()
}

/// Every JAKI report's number, page by page (no report twice).
async fn jaki_numbers(http: &reqwest::Client, cluster: &Cluster, admin: &str) -> HashSet<i64> {
    let mut listed: Vec<i64> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = cluster.url("/api/v1/reports?channel=jaki&limit=200");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = http
            .get(url)
            .bearer_auth(admin)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        listed.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|r| r["number"].as_i64()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let set: HashSet<i64> = listed.iter().copied().collect();
    assert_eq!(set.len(), listed.len(), "a report listed twice");
    set
}

async fn number_in(b: &Browser, css: &str) -> u64 {
    let t = b.wait_for(css).await.text().await.unwrap_or_default();
    t.trim().parse().unwrap_or(0)
}

fn two_months_back() -> String {
    use chrono::Datelike;
    let now = chrono::Utc::now();
    let (mut y, mut m) = (now.year(), now.month() as i32 - 2);
    if m <= 0 {
        m += 12;
        y -= 1;
    }
    format!("{y:04}-{m:02}")
}

fn log_of(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("crm-{n}.log"))
}

#[tokio::test]
async fn a_cluster_loses_nothing_when_servers_fail() {
    let cluster = Cluster::start().await;
    let http = reqwest::Client::new();
    let admin = login(&http, &cluster.base, "admin", ADMIN_PASSWORD).await;
    let created: Value = http
        .post(cluster.url("/api/v1/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"channel": "jaki", "label": "JAKI cluster"}))
        .send()
        .await
        .expect("key")
        .json()
        .await
        .expect("json");
    let key = created["key"].as_str().expect("key").to_string();
    let (hook, got) = receiver().await;
    let saved = http
        .put(cluster.url("/api/v1/channels/jaki/webhook"))
        .bearer_auth(&admin)
        .json(&json!({"url": hook}))
        .send()
        .await
        .expect("webhook");
    assert_eq!(saved.status(), 200);

    // The Monitoring Room's dashboard, open through the balancer.
    let b = Browser::start().await;
    b.sign_in_at(&cluster.base, "monitoring", "demo12345").await;
    b.client.goto(&cluster.url("/dasbor")).await.expect("open");
    b.wait_for("#chart-status svg").await;
    let before = number_in(&b, "#stat-total").await;

    // Four channel systems file for twelve seconds while servers fail.
    let earlier = jaki_numbers(&http, &cluster, &admin).await;
    let acked: Arc<Mutex<BTreeMap<String, i64>>> = Arc::default();
    let started = Instant::now();
    let mut writers = Vec::new();
    for w in 0..4 {
        let (http, base, key, acked) = (
            http.clone(),
            cluster.base.clone(),
            key.clone(),
            acked.clone(),
        );
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while started.elapsed() < Duration::from_secs(12) {
                let channel_ref = format!("CL-{w}-{i}");
                if let Some(n) = file(&http, &base, &key, &channel_ref).await {
                    if let Ok(mut a) = acked.lock() {
                        a.insert(channel_ref, n);
                    }
                }
                i += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let killed = cluster.signal(1, "-KILL");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let stopped = cluster.signal(2, "-TERM");
    for w in writers {
        w.await.expect("writer");
    }
    cluster.back(1, &killed).await;
    cluster.back(2, &stopped).await;
    let acked: BTreeMap<String, i64> = acked.lock().expect("acked").clone();
    assert!(acked.len() > 40, "only {} reports were filed", acked.len());

    // Every acknowledged report is there, once.
    let numbers: HashSet<i64> = acked.values().copied().collect();
    assert_eq!(numbers.len(), acked.len(), "one report per channel_ref");
    let listed: HashSet<i64> = jaki_numbers(&http, &cluster, &admin)
        .await
        .difference(&earlier)
        .copied()
        .collect();
    for (reference, number) in &acked {
        assert!(
            listed.contains(number),
            "acknowledged {reference} (report {number}) is missing"
        );
    }
    assert_eq!(
        listed.len(),
        acked.len(),
        "no report beyond the acknowledged ones (a retry never files twice)"
    );

    // Every report's arrival reached the receiver, under one id each.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let got = got.lock().expect("got").clone();
        let mut ids_by_report: HashMap<i64, HashSet<String>> = HashMap::new();
        let mut body_by_id: HashMap<String, String> = HashMap::new();
        for (id, body) in &got {
            let event: Value = serde_json::from_str(body).expect("event json");
            if let Some(previous) = body_by_id.insert(id.clone(), body.clone()) {
                assert_eq!(
                    &previous, body,
                    "event {id} sent twice with different bodies"
                );
            }
            if event["type"] == "report_received" {
                let n = event["report_number"].as_i64().expect("number");
                ids_by_report.entry(n).or_default().insert(id.clone());
            }
        }
        for (n, ids) in &ids_by_report {
            assert_eq!(ids.len(), 1, "report {n}'s arrival sent under ids {ids:?}");
        }
        let missing: Vec<i64> = numbers
            .iter()
            .filter(|n| !ids_by_report.contains_key(n))
            .copied()
            .collect();
        if missing.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} events never arrived (e.g. report {})",
            missing.len(),
            missing[0]
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // The dashboard kept counting, through the failures and after them.
    let one_more = file(&http, &cluster.base, &key, "CL-after")
        .await
        .expect("filed");
    assert!(one_more > 0);
    let want = before + acked.len() as u64 + 1;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = number_in(&b, "#stat-total").await;
        if now == want {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the dashboard shows {now}, not {want}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    b.close().await;

    // A past period was frozen once, by one of the three servers.
    let period = two_months_back();
    let board: Value = http
        .get(cluster.url(&format!("/api/v1/scores?period={period}&level=kelurahan")))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("scores")
        .json()
        .await
        .expect("json");
    assert_eq!(board["frozen"], true, "{period} is frozen");
    let units = board["units"].as_array().expect("units");
    let codes: HashSet<&str> = units
        .iter()
        .filter_map(|u| u["unit_code"].as_str())
        .collect();
    assert_eq!(codes.len(), units.len(), "each unit once");
    let froze: usize = (1..=3)
        .map(|n| {
            std::fs::read_to_string(log_of(cluster.dir.path(), n))
                .unwrap_or_default()
                .matches(&format!("froze the scores of {period}"))
                .count()
        })
        .sum();
    assert_eq!(froze, 1, "{period} frozen {froze} times");
}
