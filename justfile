# CRM Jakarta — the two commands of the README are `just run` and `just test`.
set shell := ["bash", "-euo", "pipefail", "-c"]

# Build everything and serve the web app with demo data at http://127.0.0.1:8080/
run: setup build-frontend
    cargo build --release -p crm-api
    mkdir -p data
    [ -s data/jwt-secret ] || head -c 48 /dev/urandom | base64 | tr -d '\n' > data/jwt-secret
    CRM_JWT_SECRET="${CRM_JWT_SECRET:-$(cat data/jwt-secret)}" \
    CRM_ADMIN_PASSWORD="${CRM_ADMIN_PASSWORD:-admin12345}" \
      "${CARGO_TARGET_DIR:-target}/release/crm" serve --demo --dev

# Every test: unit, API integration on SQLite and PostgreSQL, end-to-end over HTTP and in headless Chromium
# (the end-to-end tests start the server `cargo test` built for the API's tests)
test: (setup "--test") build-frontend
    cargo test --workspace --exclude crm-e2e
    cargo test -p crm-e2e -- --test-threads=1

# Install what is missing (wasm32 target, wasm-bindgen CLI; with --test: PostgreSQL, Chromium, ChromeDriver)
setup *flags:
    ./scripts/setup.sh {{flags}}

# Build the web app into frontend/dist
build-frontend: setup
    ./scripts/build-frontend.sh

# Three servers behind HAProxy over a PostgreSQL primary and its streaming replica, at
# http://127.0.0.1:8080/ (CRM_CLUSTER_PORT), with demo data; Ctrl-C stops it
cluster: (setup "--test") build-frontend
    cargo build --release -p crm-api
    ./scripts/cluster.sh

# Only the API integration tests against PostgreSQL
test-pg: (setup "--test")
    cargo test -p crm-api --test api postgres

# Regenerate openapi/openapi.json from the code
openapi:
    cargo run -q -p crm-api -- openapi > openapi/openapi.json

# The spec as integrators' tools read it: openapi-spec-validator, then schemathesis
# over a running server (the release build, or CRM_BIN) for SECONDS (no 5xx, no
# undocumented status)
fuzz seconds="300": setup
    [ -n "${CRM_BIN:-}" ] || cargo build --release -p crm-api
    ./scripts/fuzz.sh {{seconds}}

# Format the code
fmt:
    cargo fmt --all

# Formatting and lints, as CI checks them
lint: setup
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    cargo clippy -p crm-web --target wasm32-unknown-unknown -- -D warnings

# Benchmarks on SQLite and a throwaway PostgreSQL (printing figures; see BENCHMARKS.md)
bench: (setup "--test") build-frontend
    cargo build --release -p crm-api
    ./scripts/bench.sh

# Back up the database (DATABASE_URL, default data/crm.sqlite) while it runs: SQLite via VACUUM INTO, PostgreSQL via pg_dump
backup TO:
    cargo build --release -p crm-api
    "${CARGO_TARGET_DIR:-target}/release/crm" backup --to "{{TO}}"
