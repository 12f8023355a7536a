//! The web app as served: the size of its WASM module on the wire (the
//! brotli and gzip copies the server sends by `Accept-Encoding`), from the
//! last `./scripts/build-frontend.sh`, against the goal.

use std::path::Path;

/// The goal for the module on the wire.
const GOAL_BYTES: u64 = 600_000;

/// Prints the module's sizes, or says that the web app is not built.
pub fn report() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/dist");
    let size = |name: &str| std::fs::metadata(dist.join(name)).map(|m| m.len()).ok();
    println!("== the web app as served (frontend/dist)");
    let Some(raw) = size("crm_web_bg.wasm") else {
        println!("  not built: run ./scripts/build-frontend.sh first");
        return;
    };
    println!(
        "  WASM module                                  {:>7.0} KB",
        raw as f64 / 1000.0
    );
    // Every browser in use takes brotli: the goal is its figure.
    match size("crm_web_bg.wasm.br") {
        Some(n) => println!(
            "  on the wire, brotli                          {:>7.0} KB  goal < {} KB ({:.2}× the goal)",
            n as f64 / 1000.0,
            GOAL_BYTES / 1000,
            n as f64 / GOAL_BYTES as f64
        ),
        None => println!("  on the wire, brotli: no copy (node makes it)"),
    }
    if let Some(n) = size("crm_web_bg.wasm.gz") {
        println!(
            "  on the wire, gzip                            {:>7.0} KB",
            n as f64 / 1000.0
        );
    }
}
