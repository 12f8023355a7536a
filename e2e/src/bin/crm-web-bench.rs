//! The web app's sign-in page in a real browser: how long headless Chromium
//! takes, from the start of the navigation, until the sign-in form is on the
//! page (its inputs and button mounted by the app, their handlers with them)
//! and painted, served by the release `crm` over loopback. Each run is a new
//! browser profile (nothing cached), then the same page opened again in it
//! (the module cached). Then the same as a phone sees it: Lighthouse's
//! mobile profile (150 ms round trips, 1.6 Mbit/s down, the CPU four times
//! slower), printed beside, with no goal.
//!
//! `just bench` runs it after `crm-bench`; `CRM_BENCH_WEB_RUNS` (default 7)
//! sets the runs of each profile, `0` skips it.

use crm_e2e::{Browser, Server};
use serde_json::json;
use std::time::{Duration, Instant};

/// The issue's goal for the sign-in page on this machine.
const GOAL_MS: f64 = 1000.0;

/// Installed before the page's own scripts: notes when the sign-in form
/// appears (`performance.now()`, counted from the navigation's start) and
/// when the frame after it is painted.
const WATCH: &str = r#"
(() => {
  const ready = () => document.querySelector('#login-submit') && document.querySelector('#username');
  new MutationObserver((_, watcher) => {
    if (window.__crmReady === undefined && ready()) {
      window.__crmReady = performance.now();
      watcher.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__crmPainted = performance.now(); }, 0));
    }
  }).observe(document, { childList: true, subtree: true });
})();
"#;

/// What one opening of the page measured, in ms from the navigation's
/// start, with the module's bytes on the wire.
struct Opening {
    ready: f64,
    painted: f64,
    module_wire: f64,
}

/// A way of reaching the server.
struct Profile {
    name: &'static str,
    /// Round trip (ms), download and upload (bytes/s), CPU slow-down.
    throttle: Option<(f64, f64, f64, f64)>,
}

async fn open(browser: &Browser, url: &str) -> Opening {
    browser
        .client
        .goto(url)
        .await
        .expect("open the sign-in page");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = browser
            .client
            .execute(
                "const m = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
                 return { ready: window.__crmReady ?? null, painted: window.__crmPainted ?? null,
                          wire: m ? m.transferSize : null };",
                vec![],
            )
            .await
            .expect("read the page's timings");
        if let (Some(ready), Some(painted)) = (seen["ready"].as_f64(), seen["painted"].as_f64()) {
            return Opening {
                ready,
                painted,
                module_wire: seen["wire"].as_f64().unwrap_or(0.0),
            };
        }
        assert!(
            Instant::now() < deadline,
            "the sign-in form never appeared at {url}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn max(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::NAN, f64::max)
}

fn line(what: &str, openings: &[Opening], goal: bool) {
    let ready: Vec<f64> = openings.iter().map(|o| o.ready).collect();
    let painted: Vec<f64> = openings.iter().map(|o| o.painted).collect();
    let wire = median(openings.iter().map(|o| o.module_wire).collect());
    let verdict = if goal {
        format!(
            "  goal < {GOAL_MS} ms ({:.2}× the goal)",
            median(painted.clone()) / GOAL_MS
        )
    } else {
        String::new()
    };
    println!(
        "  {what:<46} form {:>6.0} ms, painted {:>6.0} ms median (max {:>6.0}); module {:>4.0} KB on the wire{verdict}",
        median(ready),
        median(painted.clone()),
        max(&painted),
        wire / 1000.0
    );
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("CRM_BENCH_WEB_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    if runs == 0 {
        return;
    }
    println!("== the sign-in page in headless Chromium ({runs} runs, a new profile each)");
    let server = Server::start(false).await;
    let url = server.url("/masuk");
    let profiles = [
        Profile {
            name: "here (loopback)",
            throttle: None,
        },
        Profile {
            name: "a phone (150 ms, 1.6 Mbit/s, CPU / 4)",
            throttle: Some((150.0, 1_638_400.0 / 8.0, 675_000.0 / 8.0, 4.0)),
        },
    ];
    for profile in &profiles {
        let (mut first, mut again) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let browser = Browser::start().await;
            browser
                .cdp(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": WATCH }),
                )
                .await;
            if let Some((rtt, down, up, cpu)) = profile.throttle {
                browser.cdp("Network.enable", json!({})).await;
                browser
                    .cdp(
                        "Network.emulateNetworkConditions",
                        json!({ "offline": false, "latency": rtt,
                                "downloadThroughput": down, "uploadThroughput": up }),
                    )
                    .await;
                browser
                    .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": cpu }))
                    .await;
            }
            first.push(open(&browser, &url).await);
            // Away and back: the second opening finds the module cached.
            browser.client.goto("about:blank").await.expect("leave");
            again.push(open(&browser, &url).await);
            browser.close().await;
        }
        let goal = profile.throttle.is_none();
        line(&format!("{}, first visit", profile.name), &first, goal);
        line(&format!("{}, again", profile.name), &again, goal);
    }
}
