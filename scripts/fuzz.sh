#!/usr/bin/env bash
# Checks the OpenAPI document as an integrator's tools read it:
#   1. openapi-spec-validator accepts openapi/openapi.json (OpenAPI 3.1);
#   2. schemathesis, a published OpenAPI fuzzer, sends generated requests to
#      a real `crm serve` (release build, or CRM_BIN; demo data, fresh SQLite file) for
#      SECONDS (default 300) and fails on any 5xx answer or any status code
#      the document does not list for the operation.
# The tools live in .venv-fuzz, made here. Outgoing deliveries are off, so
# webhook addresses the fuzzer invents are never called.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
venv=.venv-fuzz
if [ ! -x "$venv/bin/schemathesis" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==4.32.5" "openapi-spec-validator==0.7.2"
fi

echo "==> openapi-spec-validator openapi/openapi.json"
"$venv/bin/openapi-spec-validator" openapi/openapi.json

bin=${CRM_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
[ -x "$bin" ] || cargo build --release -p crm-api
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
password=fuzz-admin-password
# The public endpoints' limit per address is raised: the fuzzer is one
# address asking thousands of questions.
CRM_JWT_SECRET=fuzz-secret-0123456789abcdef-0123456789 CRM_ADMIN_PASSWORD=$password RUST_LOG=warn \
  CRM_PUBLIC_RATE_PER_MINUTE=1000000 CRM_KEY_RATE_PER_SECOND=100000 \
  "$bin" serve --demo --dev --addr "127.0.0.1:$port" --database-url "sqlite://$dir/crm.sqlite" \
  --media-dir "$dir/media" --web-dir "$dir/no-web" --delivery false --webhook-allow-private \
  > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
base=http://127.0.0.1:$port
up=0
for _ in $(seq 1 120); do
  if curl -sf "$base/healthz" >/dev/null; then up=1; break; fi
  sleep 0.5
done
if [ "$up" != 1 ]; then
  echo "the server did not start; its log:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi
token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

echo "==> schemathesis over $base/api/v1/openapi.json for ${seconds}s"
# The live stream never ends by design, and signing out, or resetting or
# changing the fuzzer's own account, would end its session (every later
# call a 401), so those are left out.
"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance \
  --header "Authorization: Bearer $token" \
  --exclude-path /api/v1/events \
  --exclude-path /api/v1/auth/logout \
  --exclude-path '/api/v1/users/{id}' \
  --exclude-path '/api/v1/users/{id}/password' \
  --max-time "$seconds" --request-timeout 20 --workers 1 \
  --seed 20261202 --no-color || {
    echo "schemathesis found problems; the server's log:" >&2
    tail -50 "$dir/server.log" >&2
    exit 1
  }
