//! The API over real HTTP against the engine underneath, measured in the
//! same run so the ratios hold on a noisy machine: the release `crm` on a
//! free port over a fresh database file, a load generator (reqwest on tokio,
//! one keep-alive connection per task), and the raw engine's single-row
//! commits with the same file settings. PostgreSQL the same when
//! `CRM_BENCH_PG_HTTP_URL` names an empty database.
//!
//! Knobs: `CRM_BENCH_HTTP_SECS` (default 8) seconds per measurement.

use diesel::connection::SimpleConnection;
use diesel::Connection;
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub(crate) type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub(crate) const ADMIN_PASSWORD: &str = "bench-admin-password-0123";

/// One measurement: requests answered as expected per second and latencies.
struct Load {
    per_second: f64,
    latencies: Vec<Duration>,
    failed: u64,
}

impl Load {
    fn print(&self, name: &str) {
        let mut v = self.latencies.clone();
        v.sort();
        println!(
            "  {name:<48} {:>8.0}/s  p50 {:>6.2} ms  p99 {:>6.2} ms{}",
            self.per_second,
            super::percentile(&v, 0.50),
            super::percentile(&v, 0.99),
            if self.failed > 0 {
                format!("  ({} failed)", self.failed)
            } else {
                String::new()
            }
        );
    }
}

/// Runs `conns` tasks for `secs`, each sending `request(task, i)` one after
/// the other on its own connection; counts the answers with `want` status.
async fn load<F>(conns: usize, secs: u64, want: u16, request: F) -> Load
where
    F: Fn(usize, u64) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let failed = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..conns {
        let (request, failed) = (request.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut i = 0u64;
            while Instant::now() < end {
                let t0 = Instant::now();
                let ok = match request(t, i).send().await {
                    Ok(r) => {
                        let ok = r.status().as_u16() == want;
                        let _ = r.bytes().await;
                        ok
                    }
                    Err(_) => false,
                };
                if ok {
                    lat.push(t0.elapsed());
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                i += 1;
            }
            lat
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    Load {
        per_second: latencies.len() as f64 / elapsed,
        latencies,
        failed: failed.load(Ordering::Relaxed),
    }
}

/// Single-row commits a second straight on the engine: SQLite in WAL with
/// `synchronous=NORMAL` (the server's settings), or PostgreSQL.
fn raw_commits(url: &str, secs: u64) -> BenchResult<f64> {
    const INSERT: &str =
        "INSERT INTO raw (body) VALUES ('Sampah menumpuk di depan pasar sejak kemarin')";
    fn run<C: SimpleConnection>(c: &mut C, secs: u64) -> BenchResult<u64> {
        let end = Instant::now() + Duration::from_secs(secs);
        let mut n = 0u64;
        while Instant::now() < end {
            c.batch_execute(INSERT)?;
            n += 1;
        }
        Ok(n)
    }
    let started = Instant::now();
    let n = if let Some(path) = url.strip_prefix("sqlite://") {
        let mut c = diesel::SqliteConnection::establish(path)?;
        c.batch_execute(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
             CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
        )?;
        run(&mut c, secs)?
    } else {
        let mut c = diesel::PgConnection::establish(url)?;
        c.batch_execute(
            "CREATE TABLE IF NOT EXISTS raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)",
        )?;
        let n = run(&mut c, secs)?;
        c.batch_execute("DROP TABLE raw")?;
        n
    };
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

/// The release server, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn start(crm: &Path, url: &str, dir: &Path) -> BenchResult<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = Command::new(crm)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            url,
        ])
        .arg("--media-dir")
        .arg(dir.join("media"))
        .args([
            "--web-dir",
            "/nonexistent",
            "--key-rate-per-second",
            "1000000",
        ])
        .env("CRM_JWT_SECRET", "bench-secret-0123456789abcdef-0123456789")
        .env("CRM_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return Ok(server);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("the server did not come up in 60 s".into())
}

/// The administrator's access token on the server at `base`.
pub(crate) async fn admin_token(client: &reqwest::Client, base: &str) -> BenchResult<String> {
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    Ok(login["access_token"]
        .as_str()
        .ok_or("no token")?
        .to_string())
}

/// Measures one engine; returns nothing but prints the rows.
async fn engine(label: &str, crm: &Path, url: &str, dir: &Path, secs: u64) -> BenchResult<()> {
    println!("== HTTP, {label} (release crm on this machine; load generator in the same process as these lines)");
    let raw_url = if url.starts_with("sqlite://") {
        format!("sqlite://{}/raw.sqlite", dir.display())
    } else {
        url.to_string()
    };
    let raw = tokio::task::spawn_blocking(move || raw_commits(&raw_url, secs)).await??;
    println!(
        "  {:<48} {raw:>8.0}/s",
        "raw single-row commits (the baseline)"
    );
    let server = start(crm, url, dir).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let base = server.base.clone();
    let token = admin_token(&client, &base).await?;
    let key: Value = client
        .post(format!("{base}/api/v1/api-keys"))
        .bearer_auth(&token)
        .json(&json!({"channel": "jaki", "label": "bench"}))
        .send()
        .await?
        .json()
        .await?;
    let key = key["key"].as_str().ok_or("no key")?.to_string();

    let (c, b, k) = (client.clone(), base.clone(), key.clone());
    let intake = load(16, secs, 201, move |t, i| {
        c.post(format!("{b}/api/v1/reports"))
            .header("X-API-Key", &k)
            .json(&json!({
                "channel": "jaki",
                "channel_ref": format!("bench-{t}-{i}"),
                "category": "sampah",
                "kelurahan": "31.71.01.1001",
                "description": "Sampah menumpuk di depan pasar sejak kemarin",
                "reporter_name": "Budi Santoso",
                "reporter_contact": "081234567890",
            }))
    })
    .await;
    intake.print("POST /api/v1/reports (API key, 16 connections)");
    println!(
        "  {:<48} {:>8.3}   (goal ≥ 0.25)",
        "  ratio to raw commits",
        intake.per_second / raw
    );

    let filed: Value = client
        .get(format!("{base}/api/v1/reports?limit=1"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let newest = filed["items"][0]["number"]
        .as_i64()
        .ok_or("no report filed")?;
    let oldest = (newest - intake.latencies.len() as i64 + 1).max(1);
    let (c, b) = (client.clone(), base.clone());
    let health = load(64, secs, 200, move |_, _| c.get(format!("{b}/healthz"))).await;
    health.print("GET /healthz (64 connections)");
    let (c, b, tk) = (client.clone(), base.clone(), token.clone());
    let span = (newest - oldest + 1).max(1) as u64;
    let read = load(64, secs, 200, move |t, i| {
        let n = oldest + ((t as u64 * 7919 + i * 104_729) % span) as i64;
        c.get(format!("{b}/api/v1/reports/{n}")).bearer_auth(&tk)
    })
    .await;
    read.print("GET /api/v1/reports/{n} (staff, 64 connections)");
    println!(
        "  {:<48} {:>8.3}   (goal ≥ 0.5)",
        "  ratio to /healthz",
        read.per_second / health.per_second.max(1.0)
    );
    drop(server);
    Ok(())
}

/// The HTTP section of `just bench`.
pub fn bench(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let crm = std::env::current_exe()?.with_file_name("crm");
    if !crm.exists() {
        println!(
            "== HTTP: skipped ({} is not built: `cargo build --release -p crm-api`)",
            crm.display()
        );
        return Ok(());
    }
    let secs: u64 = std::env::var("CRM_BENCH_HTTP_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let sqlite = format!("sqlite://{}/http.sqlite", dir.display());
    rt.block_on(engine("SQLite", &crm, &sqlite, dir, secs))
        .map_err(|e| e.to_string())?;
    if let Ok(pg) = std::env::var("CRM_BENCH_PG_HTTP_URL") {
        rt.block_on(engine("PostgreSQL", &crm, &pg, dir, secs))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
