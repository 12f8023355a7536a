//! End-to-end harness: starts the real `crm` binary ([`crm_binary`]) on a
//! free port over a fresh SQLite file, and ChromeDriver for browser tests.
//! Both are stopped when their handle drops.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The administrator password the servers are started with.
pub const ADMIN_PASSWORD: &str = "e2e-admin-password";

/// The repository's root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn wait_until_up(url: &str, child: &mut Child, what: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before answering: {status}");
        }
        if let Ok(r) = client.get(url).send().await {
            if r.status().is_success() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{what} did not answer at {url}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The server binary under test: `CRM_BIN`, or `debug/crm` in the target
/// folder (`CARGO_TARGET_DIR` if set), which `cargo test` builds for the
/// API's tests and `just test` reuses. `just bench` names the release
/// build.
pub fn crm_binary() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| {
            if t.is_relative() {
                workspace().join(t)
            } else {
                t
            }
        })
        .unwrap_or_else(|_| workspace().join("target"));
    let bin = std::env::var("CRM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| target.join("debug/crm"));
    assert!(
        bin.is_file(),
        "no server binary at {} (run `cargo build -p crm-api`)",
        bin.display()
    );
    bin
}

/// A running `crm serve`.
pub struct Server {
    pub base: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the server binary ([`crm_binary`]) over a new database; with
    /// `demo`, the demo data set is loaded.
    pub async fn start(demo: bool) -> Server {
        Server::launch(demo, None).await
    }

    /// Starts the server as [`Server::start`] does, writing its log lines as
    /// JSON (`--log-format json`, `RUST_LOG=info,crm_api=debug`) to `log`.
    pub async fn start_logging(log: &std::path::Path) -> Server {
        Server::launch(false, Some(log)).await
    }

    async fn launch(demo: bool, log: Option<&std::path::Path>) -> Server {
        let bin = crm_binary();
        let web = workspace().join("frontend/dist");
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut cmd = Command::new(&bin);
        cmd.arg("serve")
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args([
                "--database-url",
                &format!("sqlite://{}/crm.sqlite", dir.path().display()),
            ])
            .arg("--web-dir")
            .arg(&web)
            .arg("--media-dir")
            .arg(dir.path().join("media"))
            .args(["--workers", "2"])
            // The tests' webhook receivers listen on 127.0.0.1.
            .arg("--webhook-allow-private")
            .env("CRM_JWT_SECRET", "e2e-secret-0123456789abcdef-0123456789")
            .env("CRM_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "warn")
            .env_remove("DATABASE_URL")
            .env_remove("CRM_DEMO")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if demo {
            // The demo accounts' published password opens only on a
            // development server.
            cmd.args(["--demo", "--dev"]);
        }
        if let Some(path) = log {
            let file = std::fs::File::create(path).expect("log file");
            cmd.args(["--log-format", "json"])
                .env("RUST_LOG", "info,crm_api=debug")
                .stderr(file);
        }
        let mut child = cmd.spawn().expect("start crm");
        let base = format!("http://127.0.0.1:{port}");
        wait_until_up(&format!("{base}/healthz"), &mut child, "crm").await;
        Server {
            base,
            child,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs in over HTTP; returns the access token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let answer: serde_json::Value = reqwest::Client::new()
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .expect("login request")
            .json()
            .await
            .expect("login answer");
        answer["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token for {username}: {answer}"))
            .to_string()
    }

    /// `GET path` as `token`'s staff member; the JSON answer.
    pub async fn get_json(&self, token: &str, path: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: not JSON: {e}"))
    }

    /// The number of the first report in `username`'s list.
    pub async fn first_report(&self, username: &str, password: &str) -> i64 {
        let token = self.login(username, password).await;
        let page = self.get_json(&token, "/api/v1/reports?limit=1").await;
        page["items"][0]["number"]
            .as_i64()
            .unwrap_or_else(|| panic!("no report for {username}: {page}"))
    }

    /// Files a report over HTTP as `token`'s staff member; its number.
    pub async fn file(&self, token: &str, report: &serde_json::Value) -> i64 {
        let created: serde_json::Value = reqwest::Client::new()
            .post(self.url("/api/v1/reports"))
            .bearer_auth(token)
            .json(report)
            .send()
            .await
            .expect("file request")
            .json()
            .await
            .expect("file answer");
        created["number"]
            .as_i64()
            .unwrap_or_else(|| panic!("not filed: {created}"))
    }
}

/// A small PNG photo, `w` × `h`.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(w, h);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running ChromeDriver with a headless Chromium session.
pub struct Browser {
    pub client: fantoccini::Client,
    driver: Child,
    driver_base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = free_port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (install chromium-driver)");
        wait_until_up(
            &format!("http://127.0.0.1:{port}/status"),
            &mut driver,
            "chromedriver",
        )
        .await;
        let profile = tempfile::tempdir().expect("profile dir");
        let chrome = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chrome,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let caps = match caps {
            serde_json::Value::Object(m) => m,
            _ => unreachable!("a JSON object"),
        };
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session");
        Browser {
            client,
            driver,
            driver_base: format!("http://127.0.0.1:{port}"),
            _profile: profile,
        }
    }

    /// Sends a DevTools protocol command to the session's page (through
    /// ChromeDriver's `goog/cdp/execute`); returns its result.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let session = self
            .client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a browser session");
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!(
                "{}/session/{session}/goog/cdp/execute",
                self.driver_base
            ))
            .json(&serde_json::json!({ "cmd": cmd, "params": params }))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .unwrap_or_else(|e| panic!("DevTools command {cmd}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("DevTools command {cmd}: {e}"));
        answer["value"].clone()
    }

    /// Opens `path` of `server`, waits for `ready`, and lets the page's
    /// data arrive.
    pub async fn settle_on(&self, server: &Server, path: &str, ready: &str) {
        self.client.goto(&server.url(path)).await.expect("open");
        self.wait_for(ready).await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    }

    /// Waits (up to 30 s) for an element.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
    }

    /// Waits for an element and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Waits for an input and types into it.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// Waits until the element's text contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(e) = self.client.find(fantoccini::Locator::Css(css)).await {
                if let Ok(t) = e.text().await {
                    if t.contains(needle) {
                        return t;
                    }
                    assert!(
                        Instant::now() < deadline,
                        "`{css}` never showed `{needle}`; it shows: {t}"
                    );
                }
            }
            assert!(Instant::now() < deadline, "`{css}` never appeared");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Opens the sign-in page and signs in; waits for the inbox.
    pub async fn sign_in(&self, server: &Server, user: &str, password: &str) {
        self.sign_in_at(&server.base, user, password).await;
    }

    /// Signs in to the app served at `base` (a balancer, say).
    pub async fn sign_in_at(&self, base: &str, user: &str, password: &str) {
        self.client
            .goto(&format!("{base}/masuk"))
            .await
            .expect("open sign-in");
        self.type_into("#username", user).await;
        self.type_into("#password", password).await;
        self.click("#login-submit").await;
        self.wait_for("#logout").await;
        self.wait_for("#inbox, #inbox-empty, #verify-queue").await;
    }

    /// Signs out through the header button (on a phone, in the menu).
    pub async fn sign_out(&self) {
        let logout = self.wait_for("#logout").await;
        if !logout.is_displayed().await.unwrap_or(true) {
            self.click("#menu-toggle").await;
        }
        self.click("#logout").await;
        self.wait_for("#username").await;
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
