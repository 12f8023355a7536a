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
    let server = Server::init("crm-test-pg-")?;
    let port = server.start("")?;
    Ok(Cluster {
        admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
    })
}

/// A PostgreSQL server of the tests' own: a folder, its data directory,
/// and a watchdog that stops it and removes the folder once the test
/// process has gone (however it ended).
pub struct Server {
    bin: PathBuf,
    dir: PathBuf,
    data: PathBuf,
}

impl Server {
    /// A fresh folder owned by the server's user, its data directory not
    /// yet made.
    fn folder(prefix: &str) -> Result<Server, String> {
        let bin = bin_dir()?;
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
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
        let data = dir.join("data");
        Ok(Server { bin, dir, data })
    }

    /// A new, empty cluster.
    fn init(prefix: &str) -> Result<Server, String> {
        let server = Self::folder(prefix)?;
        let mut initdb = pg_command(&server.bin, "initdb");
        initdb.arg("-D").arg(&server.data).args([
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        ]);
        run(initdb, "initdb")?;
        Ok(server)
    }

    /// Starts it on a free port (with more `-c` settings in `extra`) and
    /// sets its watchdog; returns the port.
    fn start(&self, extra: &str) -> Result<u16, String> {
        let port = free_port()?;
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 {extra}",
            self.dir.display()
        );
        let mut ctl = pg_command(&self.bin, "pg_ctl");
        ctl.arg("-D")
            .arg(&self.data)
            .args(["-o", &opts, "-l"])
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60", "start"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        run(ctl, "pg_ctl start")?;
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            stop = self.stop_command(),
            dir = self.dir.display()
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("watchdog: {e}"))?;
        Ok(port)
    }

    fn stop_command(&self) -> String {
        let ctl = format!(
            "'{}' -D '{}' stop -m immediate",
            self.bin.join("pg_ctl").display(),
            self.data.display()
        );
        if is_root() {
            format!("runuser -u postgres -- {ctl}")
        } else {
            ctl
        }
    }

    /// Stops it at once (a crash, as far as its clients can tell).
    pub fn stop(&self) -> Result<(), String> {
        run(
            {
                let mut c = Command::new("sh");
                c.args(["-c", &self.stop_command()]);
                c
            },
            "pg_ctl stop",
        )
    }
}

/// A primary with one database, `crm`, and a streaming replica of it.
pub struct Replicated {
    pub primary_url: String,
    pub replica_url: String,
    pub replica: Server,
    _primary: Server,
}

/// Starts a primary of its own and a streaming replica made from it with
/// `pg_basebackup` (which writes `standby.signal` and the connection back).
pub fn replicated() -> Result<Replicated, String> {
    let primary = Server::init("crm-test-primary-")?;
    let port = primary.start("-c wal_level=replica -c max_wal_senders=4")?;
    let admin = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let mut conn = PgConnection::establish(&admin).map_err(|e| e.to_string())?;
    diesel::sql_query("CREATE DATABASE crm")
        .execute(&mut conn)
        .map_err(|e| e.to_string())?;
    let replica = Server::folder("crm-test-replica-")?;
    let mut backup = pg_command(&replica.bin, "pg_basebackup");
    backup
        .arg("-D")
        .arg(&replica.data)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres"])
        .args(["-R", "-X", "stream", "--no-sync", "--checkpoint=fast"]);
    run(backup, "pg_basebackup")?;
    let replica_port = replica.start("-c hot_standby=on")?;
    Ok(Replicated {
        primary_url: format!("postgres://postgres@127.0.0.1:{port}/crm"),
        replica_url: format!("postgres://postgres@127.0.0.1:{replica_port}/crm"),
        replica,
        _primary: primary,
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
