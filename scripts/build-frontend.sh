#!/usr/bin/env bash
# Builds the web app (Leptos, client-side) to frontend/dist: the WASM module
# and its JS glue by cargo + wasm-bindgen, plus the page and its styles.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-wasm-release}
target_dir=${CARGO_TARGET_DIR:-target}
# RUSTFLAGS replace the WASM target's flags in .cargo/config.toml, so the
# components' type erasure is repeated here. The dependencies' source paths
# (kept in the module for panic messages) are cut to `crate-version/…`.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
export RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components$(for d in "$registry"/*/; do printf ' --remap-path-prefix=%s=' "$d"; done)"
cargo build -p crm-web --lib --target wasm32-unknown-unknown --profile "$profile"
out=frontend/dist
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" \
  "$target_dir/wasm32-unknown-unknown/$profile/crm_web.wasm"
cp frontend/index.html frontend/boot.js frontend/style.css "$out.tmp/"
# wasm-opt (binaryen 132, installed by scripts/setup.sh) shrinks the module
# to about a third; CRM_WASM_OPT=0 skips it (a quicker build, a larger file).
# `--converge` repeats the passes while they still gain; `--low-memory-unused`
# holds because the stack lies first in memory (the lowest kilobyte is
# reached only by a stack about to overflow); the custom sections naming the
# producers and target features are not read by browsers.
wasm_opt=.tools/node_modules/.bin/wasm-opt
if [ "${CRM_WASM_OPT:-1}" != 0 ] && [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Oz --converge --low-memory-unused --strip-producers --strip-target-features \
    "$out.tmp/crm_web_bg.wasm" -o "$out.tmp/crm_web_bg.opt.wasm"
  mv "$out.tmp/crm_web_bg.opt.wasm" "$out.tmp/crm_web_bg.wasm"
else
  echo "wasm-opt skipped (run scripts/setup.sh to install it)" >&2
fi
# Precompressed copies the server sends to browsers that take them.
for f in "$out.tmp"/*.wasm "$out.tmp"/*.js "$out.tmp"/*.css; do
  gzip -9 -n -k "$f"
done
if command -v node >/dev/null 2>&1; then
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    for (const f of process.argv.slice(1)) {
      const packed = zlib.brotliCompressSync(fs.readFileSync(f), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
      fs.writeFileSync(f + ".br", packed);
    }' "$out.tmp"/*.wasm "$out.tmp"/*.js "$out.tmp"/*.css
fi
rm -rf "$out" && mv "$out.tmp" "$out"
echo "web app built in $out: $(wc -c < "$out/crm_web_bg.wasm") bytes of WASM, $(wc -c < "$out/crm_web_bg.wasm.gz") gzip$( [ -f "$out/crm_web_bg.wasm.br" ] && echo ", $(wc -c < "$out/crm_web_bg.wasm.br") brotli")"
