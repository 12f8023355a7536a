//! A real `crm serve` process on a test's database (the binary built with
//! the tests), for the tests that kill a server or run several at once.

use super::TestApp;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `crm serve` process on the test's database.
pub struct Process {
    child: Child,
    pub base: String,
}

impl Process {
    /// The command serving `app`'s database on `port`, with the test's keys
    /// (a token signed in at one server is taken by every other).
    /// (`flags` may name another `--media-dir`.)
    fn command(app: &TestApp, port: u16, flags: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crm"));
        cmd.args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            &app.opts.database_url,
        ]);
        if !flags.contains(&"--media-dir") {
            cmd.arg("--media-dir").arg(&app.opts.media_dir);
        }
        cmd.args(flags)
            .args([
                "--web-dir",
                "/nonexistent",
                "--webhook-timeout",
                "5",
                "--webhook-backoff-ms",
                "100",
                // The test's receiver listens on 127.0.0.1.
                "--webhook-allow-private",
            ])
            .env(
                "CRM_JWT_SECRET",
                String::from_utf8_lossy(&app.opts.jwt_secret).as_ref(),
            )
            // Webhook secrets were sealed by the test's own server.
            .env(
                "CRM_SECRETS_KEY",
                String::from_utf8_lossy(&app.opts.secrets_key).as_ref(),
            )
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        cmd
    }

    /// A port nothing listens on.
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port()
    }

    /// Starts a server and waits until it answers.
    pub async fn start(app: &TestApp) -> Process {
        Self::start_with(app, &[]).await
    }

    /// Starts a server with more flags and waits until it answers.
    pub async fn start_with(app: &TestApp, flags: &[&str]) -> Process {
        Self::start_in(app, flags, &[]).await
    }

    /// Starts a server with more flags and environment variables, and
    /// waits until it answers.
    pub async fn start_in(app: &TestApp, flags: &[&str], env: &[(&str, &str)]) -> Process {
        match Self::try_start_with(app, flags, env).await {
            Ok(p) => p,
            Err(why) => panic!("crm serve did not come up: {why}"),
        }
    }

    /// Starts a server; `Err` with what it printed when it stops instead of
    /// answering.
    pub async fn try_start(app: &TestApp) -> Result<Process, String> {
        Self::try_start_with(app, &[], &[]).await
    }

    async fn try_start_with(
        app: &TestApp,
        flags: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Process, String> {
        let port = Self::free_port();
        let child = Self::command(app, port, flags)
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start crm");
        let mut process = Process {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(Some(status)) = process.child.try_wait() {
                let mut said = String::new();
                if let Some(mut err) = process.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut err, &mut said);
                }
                return Err(format!("exited with {status}: {said}"));
            }
            if let Ok(r) = client.get(format!("{}/healthz", process.base)).send().await {
                if r.status() == 200 {
                    // Nobody reads the log from here on: drain it, so a
                    // full pipe never stops the server.
                    if let Some(mut err) = process.child.stderr.take() {
                        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
                    }
                    return Ok(process);
                }
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("no answer on {}", process.base))
    }

    /// SIGTERM: the server stops well; returns once it exited, with whether
    /// it exited cleanly.
    pub async fn terminate(mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        assert!(sent.success());
        for _ in 0..400 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not stop within 20 s of SIGTERM");
    }

    /// SIGKILL: no shutdown, no cleanup.
    pub fn kill9(mut self) {
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
