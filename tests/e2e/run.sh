#!/usr/bin/env bash
# End-to-end tests of the web UI: Playwright (playwright-core, no browser
# download) driving Debian's Chromium headless against a live `canbo serve`
# on a temporary demo database. Usage: bash tests/e2e/run.sh
# Needs build/canbo (make build/canbo). Screenshots go to $CANBO_E2E_SHOTS
# (default /tmp/canbo-e2e-shots). CANBO_E2E_FILES="tests/e2e/a.test.mjs ..." runs only those files.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  echo "e2e: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x build/canbo ] || { echo "e2e: build/canbo is missing (run make build/canbo)" >&2; exit 2; }

if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

TMP=$(mktemp -d /tmp/canbo-e2e-XXXXXX)
DB=$TMP/e2e.db
export CANBO_ADMIN_PASSWORD=${CANBO_ADMIN_PASSWORD:-admin-Secret-123}
export CANBO_USER_PASSWORD=${CANBO_USER_PASSWORD:-user-Secret-123}
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ -n "${CANBO_E2E_KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

build/canbo init --db "$DB" >/dev/null
build/canbo demo --db "$DB" --people 2000 --seed 7 >/dev/null
# Users: an officer of the whole province (its root unit), a leader of the
# Sở Nội vụ, a staff member in the officer's subtree, a user for throttling.
ROOT_UNIT=$(sqlite3 "$DB" "SELECT unit_id FROM unit_version WHERE parent_id IS NULL AND valid_to IS NULL ORDER BY unit_id LIMIT 1")
SNV=$(sqlite3 "$DB" "SELECT unit_id FROM unit_version WHERE name = 'Sở Nội vụ' AND valid_to IS NULL LIMIT 1")
STAFF_PERSON=$(sqlite3 "$DB" "SELECT id FROM person WHERE status = 'active' AND title_id IS NULL ORDER BY id LIMIT 1 OFFSET 10")
build/canbo user add --db "$DB" --username canbo.e2e --role officer --unit "$ROOT_UNIT" >/dev/null
build/canbo user add --db "$DB" --username lanhdao.e2e --role leader --unit "$SNV" >/dev/null
build/canbo user add --db "$DB" --username nhanvien.e2e --role staff --person "$STAFF_PERSON" >/dev/null
build/canbo user add --db "$DB" --username khoa.thu --role leader --unit "$SNV" >/dev/null

LOG=$TMP/serve.log
build/canbo serve --db "$DB" --listen 127.0.0.1:0 --threads 4 >"$LOG" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "e2e: the server did not start" >&2; cat "$LOG" >&2; exit 1; }

export CANBO_E2E_BASE="http://127.0.0.1:$PORT"
export CANBO_E2E_DB="$DB"
export CANBO_E2E_STAFF_PERSON="$STAFF_PERSON"
export CANBO_E2E_SHOTS=${CANBO_E2E_SHOTS:-/tmp/canbo-e2e-shots}
echo "e2e: server $CANBO_E2E_BASE, db $DB, screenshots $CANBO_E2E_SHOTS"
# One test file at a time (they share the server and its data) where node knows the flag.
CONC=""
if node --help 2>/dev/null | grep -q -- '--test-concurrency'; then CONC="--test-concurrency=1"; fi
set +e
node --test $CONC ${CANBO_E2E_FILES:-tests/e2e/}
rc=$?
set -e
exit $rc
