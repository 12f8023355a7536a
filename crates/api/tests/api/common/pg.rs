//! A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl from the
//! installed server binaries, on a free port in a temporary folder, started
//! once per test process and stopped by a watchdog when the process ends
//! (however it ends). `CRM_TEST_PG_URL` points the tests at an existing
//! server instead.

use diesel::{Connection, PgConnection, RunQueryDsl};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

struct Cluster {
    admin_url: String,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

/// Where PostgreSQL's programs are.
pub fn bin_dir() -> Result<PathBuf, String> {
    if let Ok(d) = std::env::var("CRM_PG_BIN") {
        return Ok(PathBuf::from(d));
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").is_file() {
            return Ok(dir);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    if let Some(d) = found.pop() {
        return Ok(d);
    }
    Err("no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql or set CRM_PG_BIN".into())
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A command run as the `postgres` user when we are root (initdb refuses root).
fn pg_command(bin: &Path, tool: &str) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        c
    } else {
        Command::new(bin.join(tool))
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn start() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("CRM_TEST_PG_URL") {
        return Ok(Cluster { admin_url: url });
    }
    let bin = bin_dir()?;
    let dir = tempfile::Builder::new()
        .prefix("crm-test-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let data = dir.join("data");
    if is_root() {
        run(
            {
                let mut c = Command::new("chown");
                c.args(["postgres:postgres"]).arg(&dir);
                c
            },
            "chown",
        )?;
    }
    let mut initdb = pg_command(&bin, "initdb");
    initdb.arg("-D").arg(&data).args([
        "-U",
        "postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--no-locale",
        "--no-sync",
    ]);
    run(initdb, "initdb")?;
    let port = free_port()?;
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        dir.display()
    );
    let mut ctl = pg_command(&bin, "pg_ctl");
    ctl.arg("-D")
        .arg(&data)
        .args(["-o", &opts, "-l"])
        .arg(dir.join("server.log"))
        .args(["-w", "-t", "60", "start"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    run(ctl, "pg_ctl start")?;
    // The watchdog stops the cluster and removes its folder once this test
    // process has gone, whether it ended normally or was killed.
    let stop = if is_root() {
        format!(
            "runuser -u postgres -- '{}' -D '{}' stop -m immediate",
            bin.join("pg_ctl").display(),
            data.display()
        )
    } else {
        format!(
            "'{}' -D '{}' stop -m immediate",
            bin.join("pg_ctl").display(),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("watchdog: {e}"))?;
    Ok(Cluster {
        admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
    })
}

/// A new, empty database on the test cluster; returns its URL.
pub fn fresh_database() -> String {
    let cluster = match CLUSTER.get_or_init(start) {
        Ok(c) => c,
        Err(e) => panic!("cannot start the test PostgreSQL cluster: {e}"),
    };
    let name = format!(
        "crm_test_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::SeqCst)
    );
    let mut conn =
        PgConnection::establish(&cluster.admin_url).expect("connect to the test cluster");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .expect("create a test database");
    match cluster.admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("unexpected admin URL {}", cluster.admin_url),
    }
}
