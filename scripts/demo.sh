#!/usr/bin/env bash
# Installs what is missing, builds, creates a fresh demo database for a
# synthetic province and serves canbo on http://127.0.0.1:8080.
# Env: CANBO_DEMO_PEOPLE (default 5000), CANBO_LISTEN (default 127.0.0.1:8080),
#      CANBO_ADMIN_PASSWORD (default: generated and printed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
make -j"$(nproc)" build/canbo
mkdir -p var
DB=var/demo.db
rm -f "$DB" "$DB-wal" "$DB-shm"
PW="${CANBO_ADMIN_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 14)}"
USERPW="${CANBO_DEMO_USER_PASSWORD:-demo-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 10)}"
CANBO_ADMIN_PASSWORD="$PW" build/canbo init --db "$DB" >/dev/null
CANBO_SHARED="${CANBO_SHARED:-$(cd .. && pwd)/shared}" CANBO_DEMO_PASSWORD="$USERPW" \
  build/canbo demo --db "$DB" --people "${CANBO_DEMO_PEOPLE:-5000}"
LISTEN="${CANBO_LISTEN:-127.0.0.1:8080}"
echo "------------------------------------------------------------"
echo " canbo: http://$LISTEN"
echo " admin login:    admin / $PW"
echo " demo officers:  canbo.noivu, canbo.xa, lanhdao.noivu, nhanvien / $USERPW"
echo "------------------------------------------------------------"
exec build/canbo serve --db "$DB" --listen "$LISTEN"
