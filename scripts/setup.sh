#!/usr/bin/env bash
# Installs what building, running and testing need and is missing:
#   setup.sh            the wasm32 target, a wasm-bindgen CLI matching Cargo.lock
#                       and wasm-opt (npm binaryen 132, into .tools)
#   setup.sh --test     also PostgreSQL server binaries, Chromium and ChromeDriver,
#                       HAProxy, an S3-compatible server (moto, from PyPI,
#                       into .venv-s3) and axe-core (npm, into .tools)
# Only package registries are used (crates.io, npm, Debian). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for a in "$@"; do
  case "$a" in
    --test) want_test=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is needed: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "missing system packages: $*; install them as root (apt-get install $*)" >&2; exit 1
    fi
  fi
  say "installing Debian packages: $*"
  if [ ! -f /tmp/.crm-apt-updated ]; then
    $sudo apt-get update -qq && touch /tmp/.crm-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# libpq for the PostgreSQL driver (linked even when running on SQLite).
if ! ldconfig -p 2>/dev/null | grep -q 'libpq\.so '; then
  apt_install libpq-dev
fi

if command -v rustup >/dev/null 2>&1; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
fi

# The wasm-bindgen CLI must be the exact version of the wasm-bindgen crate.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$wbg_version" ] && [ "$have" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$wbg_version"
fi

# wasm-opt shrinks the web app to about a third. Debian's binaryen breaks
# the module; npm's binaryen 132 works. Without npm the app is built
# without it (larger, the same app).
if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
  if command -v npm >/dev/null 2>&1; then
    say "installing wasm-opt (binaryen 132 from npm) into .tools"
    npm install --silent --no-audit --no-fund --prefix .tools binaryen@132
  else
    echo "npm is missing: the web app will be built without wasm-opt" >&2
  fi
fi

if [ "$want_test" = 1 ]; then
  pkgs=()
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    pkgs+=(postgresql)
  fi
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || pkgs+=(chromium-driver)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || pkgs+=(haproxy)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  python3 -c 'import ensurepip' 2>/dev/null || pkgs+=(python3-venv)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
fi

# axe-core checks every page's accessibility in the browser tests.
if [ "$want_test" = 1 ] && [ ! -f .tools/node_modules/axe-core/axe.min.js ]; then
  say "installing axe-core (npm) into .tools"
  npm install --silent --no-audit --no-fund --prefix .tools axe-core@4.10.3
fi

if [ "$want_test" = 1 ] && [ ! -x .venv-s3/bin/moto_server ]; then
  say "installing an S3-compatible test server (moto) into .venv-s3"
  python3 -m venv .venv-s3
  .venv-s3/bin/pip install --quiet --disable-pip-version-check 'moto[server]==5.*'
fi
