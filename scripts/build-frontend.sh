#!/usr/bin/env bash
# Builds the web app (Leptos, client-side) to frontend/dist: the WASM module
# and its JS glue by cargo + wasm-bindgen, plus the page and its styles.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-wasm-release}
target_dir=${CARGO_TARGET_DIR:-target}
cargo build -p crm-web --lib --target wasm32-unknown-unknown --profile "$profile"
out=frontend/dist
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" \
  "$target_dir/wasm32-unknown-unknown/$profile/crm_web.wasm"
cp frontend/index.html frontend/boot.js frontend/style.css "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "web app built in $out ($(du -sh "$out" | cut -f1))"
