//! The city-scale paths over real HTTP: a database loaded with
//! `CRM_BENCH_SCALE_REPORTS` generated reports (default 300,000, spread over
//! the last 90 days, so about a third fall in the last month), the release
//! `crm` serving it, and each heavy read timed end to end: the month's
//! kelurahan scores, the statistics, a kota's recap, the targets board's
//! first page; then an old-system import of `CRM_BENCH_IMPORT_ROWS` rows
//! (default 100,000) through `POST /api/v1/imports/reports`, and the
//! server's resident memory before and after.
//!
//! `CRM_BENCH_SCALE_DB` keeps the loaded SQLite file for the next run (the
//! server runs on a copy of it).
//! `CRM_BENCH_PG_SCALE_URL` names an empty PostgreSQL database to measure the
//! same on (loaded in place; a database holding just the generated reports is
//! reused, any other refused).
//! `CRM_BENCH_SCALE_REPORTS=0` skips the section.

use super::http::{admin_token, start, BenchResult};
use crm_domain::period::Period;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// Resident and peak memory of a process, in MB, from `/proc`.
fn memory_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// CPU time a process has used so far, in clock ticks, from `/proc`.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's closing parenthesis: utime and stime are the
    // 12th and 13th fields.
    stat.rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|f| f.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0)
}

/// Waits (at most a minute) until the server's start-up work is done: a
/// second in which it used less than a twentieth of a core. Returns the
/// seconds waited.
async fn settle(pid: u32) -> f64 {
    let t0 = Instant::now();
    let mut before = cpu_ticks(pid);
    while t0.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = cpu_ticks(pid);
        if now.saturating_sub(before) < 5 {
            break;
        }
        before = now;
    }
    t0.elapsed().as_secs_f64()
}

/// A CSV of the old system's pull: `rows` reports received in January
/// 2021, three quarters complete.
fn old_system_csv(kelurahan: &[String], rows: usize) -> String {
    let mut out = String::from("kelurahan,kategori,status,timestamp,complete,kanal,deskripsi\n");
    for i in 0..rows {
        let kel = &kelurahan[i % kelurahan.len()];
        let day = 1 + (i % 28);
        let hour = 6 + (i % 12);
        if i % 4 == 3 {
            let _ = writeln!(
                out,
                "{kel},sampah,wait,1/{day}/2021 {hour}:00,,qlue,Sampah menumpuk nomor {i}"
            );
        } else {
            let _ = writeln!(
                out,
                "{kel},jalan-rusak,complete,1/{day}/2021 {hour}:00,1/{day}/2021 {}:30,qlue,Jalan berlubang nomor {i}",
                hour + 3
            );
        }
    }
    out
}

/// Times `rounds` GETs of `path`, printing the best, the median and the
/// answer's size against `goal_ms`.
async fn time_get(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    rounds: usize,
    goal_ms: f64,
) -> BenchResult<()> {
    let mut lat = Vec::new();
    let mut bytes = 0;
    for _ in 0..rounds {
        let t0 = Instant::now();
        let r = client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await?;
        let status = r.status();
        let body = r.bytes().await?;
        if !status.is_success() {
            return Err(format!("{path}: {status}: {}", String::from_utf8_lossy(&body)).into());
        }
        lat.push(t0.elapsed());
        bytes = body.len();
    }
    lat.sort();
    let median = super::percentile(&lat, 0.5);
    println!(
        "  {path:<58} first {:>8.1} ms  median {median:>8.1} ms  {:>8.1} KB  goal < {goal_ms} ms ({:.2}× the goal)",
        lat.first().map_or(0.0, Duration::as_secs_f64) * 1000.0,
        bytes as f64 / 1024.0,
        median / goal_ms,
    );
    Ok(())
}

/// Loads `n` generated reports into the SQLite file `kept` unless it holds
/// them already, and copies it for the server: returns the copy's URL and
/// the kelurahan codes.
fn sqlite_copy(dir: &Path, kept: &Path, n: usize) -> BenchResult<(String, Vec<String>)> {
    let kelurahan = if kept.exists() {
        println!("  (reusing {})", kept.display());
        super::open(&format!("sqlite://{}", kept.display()))?.1
    } else {
        let (db, kelurahan, _) = super::open(&format!("sqlite://{}", kept.display()))?;
        load(&db, &kelurahan, n)?;
        kelurahan
    };
    // The server and the import write into a copy, so a kept file stays as
    // loaded.
    let file = dir.join("scale-run.sqlite");
    std::fs::copy(kept, &file)?;
    let wal = kept.with_extension("sqlite-wal");
    if wal.exists() {
        std::fs::copy(&wal, file.with_extension("sqlite-wal"))?;
    }
    Ok((format!("sqlite://{}", file.display()), kelurahan))
}

/// Loads `n` generated reports into the PostgreSQL database `url` if it is
/// empty (reuses it if it holds just those): returns the kelurahan codes.
fn postgres_loaded(url: &str, n: usize) -> BenchResult<Vec<String>> {
    let (db, kelurahan, _) = super::open(url)?;
    let held = db.read_blocking(crm_api::db::reports::count)?;
    // The import writes into the database itself: one holding anything but
    // the `n` generated reports (an earlier run's import, a load cut off)
    // would measure other data.
    match usize::try_from(held) {
        Ok(0) => load(&db, &kelurahan, n)?,
        Ok(h) if h == n => println!("  (reusing the {n} reports already in the database)"),
        _ => {
            return Err(format!(
                "{url} holds {held} reports, not {n}: give the section an empty database"
            )
            .into())
        }
    }
    // A live database's autovacuum has long passed over reports written
    // months ago; straight after the load it has not, and the index-only
    // reads would visit every row for want of a visibility map.
    vacuum(url, "as autovacuum would have by now")?;
    Ok(kelurahan)
}

/// `VACUUM ANALYZE` on PostgreSQL, timed and said with `why`.
fn vacuum(url: &str, why: &str) -> BenchResult<()> {
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let t0 = Instant::now();
    let mut c = diesel::PgConnection::establish(url)?;
    c.batch_execute("VACUUM ANALYZE")?;
    println!(
        "  VACUUM ANALYZE in {:.1} s, {why}",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes the generated reports and says how long it took.
fn load(db: &crm_api::db::Db, kelurahan: &[String], n: usize) -> BenchResult<()> {
    let t0 = Instant::now();
    super::load_generated(db, kelurahan, n)?;
    println!(
        "  loaded {n} generated reports in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(
    crm: &Path,
    dir: &Path,
    url: &str,
    kelurahan: &[String],
    import_rows: usize,
) -> BenchResult<()> {
    let period = Period::of(chrono::Utc::now()).prev();
    let t0 = Instant::now();
    let server = start(crm, url, dir).await?;
    println!(
        "  server ready in {:.1} s (the generated reports are written without schedules: it works them out)",
        t0.elapsed().as_secs_f64()
    );
    let pid = server.child.id();
    let (rss, _) = memory_mb(pid);
    println!("  server resident memory at start: {rss:.0} MB");
    // Its first runs of the jobs (warnings over every open report) would
    // otherwise share the cores with the first reads.
    println!(
        "  server idle {:.0} s later (its jobs' first runs done)",
        settle(pid).await
    );
    if url.starts_with("postgres") {
        // Its start wrote a schedule for every report, which autovacuum
        // would have passed over before a month's reads came.
        vacuum(url, "after the server's first runs")?;
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let base = server.base.clone();
    let token = admin_token(&client, &base).await?;
    let stats: Value = client
        .get(format!("{base}/api/v1/stats?period={period}"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    println!(
        "  reports received in {period}: {}",
        stats["total"].as_u64().unwrap_or(0)
    );
    time_get(
        &client,
        &base,
        &token,
        &format!("/api/v1/scores?period={period}&level=kelurahan"),
        5,
        1000.0,
    )
    .await?;
    time_get(
        &client,
        &base,
        &token,
        &format!("/api/v1/stats?period={period}"),
        5,
        200.0,
    )
    .await?;
    time_get(
        &client,
        &base,
        &token,
        &format!("/api/v1/recap?period={period}&kota=31.71"),
        5,
        300.0,
    )
    .await?;
    time_get(&client, &base, &token, "/api/v1/targets?limit=200", 5, 50.0).await?;
    time_get(
        &client,
        &base,
        &token,
        "/api/v1/targets?unit=31.71&limit=200",
        5,
        50.0,
    )
    .await?;
    let (rss, hwm) = memory_mb(pid);
    println!("  server memory after the reads: resident {rss:.0} MB, peak {hwm:.0} MB");
    // The blocking threads that did the reads end after 10 s idle, and
    // their allocator heaps with them: what stays is the steady figure.
    tokio::time::sleep(Duration::from_secs(15)).await;
    let (rss, _) = memory_mb(pid);
    println!("  server memory 15 s later, idle: resident {rss:.0} MB (goal < 200 MB steady)");

    if import_rows > 0 {
        let csv = old_system_csv(kelurahan, import_rows);
        let t0 = Instant::now();
        let r = client
            .post(format!("{base}/api/v1/imports/reports"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await?;
        let status = r.status();
        let body = r.text().await?;
        let secs = t0.elapsed().as_secs_f64();
        if !status.is_success() {
            return Err(format!("import: {status}: {}", &body[..body.len().min(500)]).into());
        }
        // The goals: 20,000 rows/s on SQLite, 10,000 on PostgreSQL.
        let goal = if url.starts_with("postgres") {
            10_000.0
        } else {
            20_000.0
        };
        println!(
            "  {:<58} {import_rows} rows in {secs:.1} s = {:>8.0} rows/s  goal ≥ {goal:.0}/s ({:.2}× the goal)",
            "POST /api/v1/imports/reports",
            import_rows as f64 / secs,
            import_rows as f64 / secs / goal
        );
        time_get(&client, &base, &token, "/api/v1/targets?limit=200", 5, 50.0).await?;
        let (rss, hwm) = memory_mb(pid);
        println!(
            "  server memory after the import: resident {rss:.0} MB, peak {hwm:.0} MB (goal < 200 MB)"
        );
    }
    drop(server);
    Ok(())
}

/// The city-scale section of `just bench` (SQLite, and PostgreSQL when
/// `CRM_BENCH_PG_SCALE_URL` is set).
pub fn bench(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let number = |name: &str, default: usize| -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let n = number("CRM_BENCH_SCALE_REPORTS", 300_000);
    if n == 0 {
        return Ok(());
    }
    let crm = std::env::current_exe()?.with_file_name("crm");
    if !crm.exists() {
        println!("== city scale: skipped (the release crm is not built)");
        return Ok(());
    }
    let import_rows = number("CRM_BENCH_IMPORT_ROWS", 100_000);
    let kept = match std::env::var("CRM_BENCH_SCALE_DB") {
        Ok(path) => std::path::PathBuf::from(path),
        Err(_) => dir.join("scale.sqlite"),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    println!("== city scale over HTTP, SQLite: {n} reports over 90 days");
    let (url, kelurahan) = sqlite_copy(dir, &kept, n).map_err(|e| e.to_string())?;
    rt.block_on(run(&crm, dir, &url, &kelurahan, import_rows))
        .map_err(|e| e.to_string())?;
    if let Ok(pg) = std::env::var("CRM_BENCH_PG_SCALE_URL") {
        println!("== city scale over HTTP, PostgreSQL: {n} reports over 90 days");
        let kelurahan = postgres_loaded(&pg, n).map_err(|e| e.to_string())?;
        rt.block_on(run(&crm, dir, &pg, &kelurahan, import_rows))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
