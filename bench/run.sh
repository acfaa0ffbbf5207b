#!/usr/bin/env bash
# canbo benchmarks, side by side with their physical ceilings (see bench/README.md).
#
#   bash bench/run.sh /abs/path/to/canbo        (what `make bench` runs)
#
# Measures, in one run:
#   1. `canbo demo` generating N people vs sqlite3 `.import` of the same rows (15 columns);
#   2. GET /api/v1/people/ID (logged in) vs nginx serving the same bytes as a static file;
#   3. search latency (GET /api/v1/people?q=...) with wrk --latency and per query with curl;
#   4. peak RSS (VmHWM) of `canbo serve` after all of the above.
# The report is printed at the end and written to bench/out/report.md; raw tool
# outputs go to bench/out/logs/.
#
# Environment:
#   BENCH_PEOPLE=1000000   people to generate (small for a smoke test, e.g. 20000)
#   BENCH_DURATION=10      seconds per wrk run
#   BENCH_ROUNDS=3         alternating nginx/canbo rounds for the GET comparison
#   BENCH_CURL_RUNS=50     requests per search query in the curl loop
#   BENCH_SPREAD=100000    GET spreads over the first min(N, SPREAD) person ids
#   BENCH_PERF=0           1: after the measurements, profile canbo with perf (GET and search)
#   BENCH_KEEP=0           1: keep the temporary directory (databases, CSV)
#   BENCH_TMPDIR=$TMPDIR   where the temporary directory goes (about 2 GB at 1M people)
#   BENCH_OUT=bench/out    where report.md and logs/ go
#   CANBO_SHARED           data directory for `canbo demo` (default: ../shared next to the repo)
set -euo pipefail

BIN=${1:?usage: bash bench/run.sh /abs/path/to/canbo}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
OUT=${BENCH_OUT:-$HERE/out}
LOGS=$OUT/logs
N=${BENCH_PEOPLE:-1000000}
DUR=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CURL_RUNS=${BENCH_CURL_RUNS:-50}
SPREAD=${BENCH_SPREAD:-100000}
PERF=${BENCH_PERF:-0}
ADMIN_PW=bench-admin-$$-pw

# Targets.
T_GEN_RATIO=4        # canbo demo time <= 4 x sqlite3 .import time
T_GET_PCT=50         # canbo GET req/s >= 50 % of nginx static
T_SEARCH_P99_MS=50   # search p99 <= 50 ms
T_RSS_MB=150         # VmHWM <= 150 MB (10^6 bytes)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in N DUR ROUNDS CURL_RUNS SPREAD; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
[ -x "$BIN" ] || die "$BIN is not an executable file (build it with: make build/canbo)"

# Tools (installs wrk, nginx-light, valgrind when missing).
if ! bash "$REPO/scripts/setup.sh" --bench; then
  log "warning: scripts/setup.sh --bench failed; continuing with what is installed"
fi
for t in wrk nginx sqlite3 curl awk timeout; do
  command -v "$t" >/dev/null || die "$t is required (scripts/setup.sh --bench installs it)"
done
NGINX=$(command -v nginx)

if [ -z "${CANBO_SHARED:-}" ] && [ -d "$REPO/../shared" ]; then
  CANBO_SHARED=$(cd "$REPO/../shared" && pwd)
  export CANBO_SHARED
fi

mkdir -p "$OUT" "$LOGS"
rm -f "$LOGS"/*
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/canbo-bench.XXXXXX")
chmod 755 "$WORK"   # nginx workers may run as another user
DETAILS=$WORK/details.md
SUMMARY=$WORK/summary.md
: >"$DETAILS"
: >"$SUMMARY"

CANBO_PID=""
NGINX_PID=""
stop_pid() {  # pid: TERM, wait up to 10 s, then KILL
  local p=$1 i
  [ -n "$p" ] || return 0
  kill -TERM "$p" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$NGINX_PID"
  stop_pid "$CANBO_PID"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers -------------------------------------------------------------

d() { printf '%s\n' "$*" >>"$DETAILS"; }                   # a line of the detailed sections
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$SUMMARY"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }              # calc FORMAT EXPR
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b/1e9; else if (b >= 1e6) printf "%.1f MB", b/1e6; else printf "%.1f kB", b/1e3 }'; }
fsize() { local s=0 f; for f in "$@"; do [ -e "$f" ] && s=$((s + $(stat -c %s "$f"))); done; echo "$s"; }

urlencode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

free_port() {  # a loopback port nobody listens on
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

to_ms() {  # wrk duration ("812.00us", "1.20ms", "2.01s", "1.00m") -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# wrk_run LOGNAME WRK-ARGS... : runs wrk (bounded), keeps its output in logs/
wrk_run() {
  local name=$1
  shift
  timeout $((DUR + 60)) wrk "$@" >"$LOGS/$name.txt" 2>&1 || die "wrk failed, see $LOGS/$name.txt"
}
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$LOGS/$1.txt"; }
wrk_reqs() { awk '/ requests in / { print $1; exit }' "$LOGS/$1.txt"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$LOGS/$1.txt"; }
wrk_sockerr() { grep -o 'Socket errors:.*' "$LOGS/$1.txt" || echo "Socket errors: none"; }
wrk_lat() { awk -v p="$2" '/Latency Distribution/ { on = 1; next } on && $1 == p { print $2; exit }' "$LOGS/$1.txt"; }
wrk_avg() { awk '$1 == "Latency" { print $2; exit }' "$LOGS/$1.txt"; }

# nearest-rank percentile of the numbers in FILE (one per line)
pct() { sort -g "$2" | awk -v p="$1" '{ a[NR] = $1 } END { if (!NR) exit; k = int((p * NR + 99) / 100); if (k < 1) k = 1; print a[k] }'; }

# CPU time (user + system) of processes, in clock ticks
TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() { local p t=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat"))); done; echo "$t"; }
nginx_pids() { echo "$NGINX_PID"; ps -o pid= --ppid "$NGINX_PID" 2>/dev/null | tr -d ' ' || true; }
us_per_req() { calc %.0f "($2) * 1e6 / $TCK / ($1 > 0 ? $1 : 1)"; }   # REQUESTS TICKS
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
busy() {  # % of all CPUs busy during the next second (other processes, when ours are idle)
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = (y[1] - x[1]) + (y[2] - x[2]); printf "%.0f", (t > 0 ? 100 * (y[1] - x[1]) / t : 0) }'
}
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$CANBO_PID/status" 2>/dev/null || echo 0; }

COOKIE=""
api_get() {  # PATH [curl args...]: one GET through curl with the session cookie
  local path=$1
  shift
  curl -sS --max-time 30 -H "Cookie: canbo_session=$COOKIE" "$@" "$CANBO$path"
}

RUN_START=$(now)
LOAD_START=$(loadavg)
BUSY_START=$(busy)

# --- 0. machine ----------------------------------------------------------

CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$CPU_MODEL" ] || CPU_MODEL=$(uname -m)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
OS=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)
GIT=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo "not a git checkout")
pkgv() { pkg-config --modversion "$1" 2>/dev/null || echo "?"; }
VERSIONS="canbo $GIT (binary $(date -r "$BIN" '+%Y-%m-%d %H:%M')); libsqlite3 $(pkgv sqlite3), sqlite3 CLI $(sqlite3 --version | awk '{ print $1 }'), libmicrohttpd $(pkgv libmicrohttpd), jansson $(pkgv jansson), libsodium $(pkgv libsodium); $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'); wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }'); $(${CC:-cc} --version 2>/dev/null | head -1)"

# --- 1. generation of N people vs sqlite3 .import --------------------------

DB=$WORK/canbo.db
log "1/4 init + demo --people $N (this is the long part at 1M)"
CANBO_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$DB" >"$LOGS/init.log" 2>&1 || die "canbo init failed, see $LOGS/init.log"

TIMEV=()
[ -x /usr/bin/time ] && TIMEV=(/usr/bin/time -f '%e %U %S %M' -o "$WORK/demo.time")
t0=$(now)
(cd "$REPO" && timeout 1800 "${TIMEV[@]}" "$BIN" demo --db "$DB" --people "$N" --seed 1) >"$LOGS/demo.log" 2>&1 \
  || die "canbo demo failed, see $LOGS/demo.log"
t1=$(now)
GEN_S=$(calc %.2f "$t1 - $t0")
GEN_EXTRA=""
if [ -s "$WORK/demo.time" ]; then
  read -r _ gen_user gen_sys gen_maxrss <"$WORK/demo.time"
  GEN_EXTRA="CPU user ${gen_user} s + sys ${gen_sys} s, max RSS $(calc %.0f "$gen_maxrss / 1024") MiB"
fi
COUNT=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM person")
[ "$COUNT" = "$N" ] || log "warning: person has $COUNT rows, expected $N"
read -r ID_MIN ID_MAX < <(sqlite3 -readonly -separator ' ' "$DB" "SELECT min(id), max(id) FROM person")
# what else the generator writes besides the 15 columns
OTHER=$(sqlite3 -readonly -separator ' ' "$DB" "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM posting),
  (SELECT count(*) FROM salary_history), (SELECT count(*) FROM training), (SELECT count(*) FROM work_history),
  (SELECT count(*) FROM family_member), (SELECT count(*) FROM award), (SELECT count(*) FROM discipline),
  (SELECT count(*) FROM audit_log)" 2>/dev/null || echo "? ? ? ? ? ? ? ? ?")
DB_BYTES=$(fsize "$DB" "$DB-wal")

log "1/4 export 15 columns to CSV and time sqlite3 .import"
CSV=$WORK/people.csv
COLS="id, cccd, full_name, birth_date, sex, ethnicity_id, unit_id, rank_code, salary_step, coef_x100, position, title_id, party_join_date, professional_level, status"
sqlite3 -readonly "$DB" >"$LOGS/export.log" 2>&1 <<EOF || die "CSV export failed, see $LOGS/export.log"
.headers off
.mode csv
.output "$CSV"
SELECT $COLS FROM person ORDER BY id;
EOF
CSV_BYTES=$(fsize "$CSV")
CSV_ROWS=$(wc -l <"$CSV")
FRESH=$WORK/fresh.db
rm -f "$FRESH"
sync
t0=$(now)
sqlite3 "$FRESH" >"$LOGS/import.log" 2>&1 <<EOF || die "sqlite3 .import failed, see $LOGS/import.log"
CREATE TABLE person(id INTEGER, cccd TEXT, full_name TEXT, birth_date TEXT, sex INTEGER, ethnicity_id INTEGER,
  unit_id INTEGER, rank_code TEXT, salary_step INTEGER, coef_x100 INTEGER, position TEXT, title_id INTEGER,
  party_join_date TEXT, professional_level TEXT, status TEXT);
.mode csv
.import "$CSV" person
EOF
t1=$(now)
IMP_S=$(calc %.2f "$t1 - $t0")
IMP_ROWS=$(sqlite3 -readonly "$FRESH" "SELECT count(*) FROM person")
[ "$IMP_ROWS" = "$COUNT" ] || log "warning: .import loaded $IMP_ROWS rows of $COUNT"
GEN_RATIO=$(calc %.2f "$GEN_S / ($IMP_S > 0 ? $IMP_S : 0.01)")
row "Generate $N people: canbo demo / sqlite3 .import" "${GEN_S} s / ${IMP_S} s = **${GEN_RATIO}×**" "≤ ${T_GEN_RATIO}×" "$(verdict le "$GEN_RATIO" "$T_GEN_RATIO")"

read -r o_units o_post o_sal o_train o_work o_fam o_award o_disc o_audit <<<"$OTHER"
d "## 1. Generating $N people"
d ""
FRESH_BYTES=$(fsize "$FRESH")
GEN_ROWS=$(awk -v s="$COUNT $OTHER" 'BEGIN { n = split(s, a, " "); for (i = 1; i <= n; i++) t += a[i]; print t }')
d "| | time | rows written | database size | write rate |"
d "|---|---:|---:|---:|---:|"
d "| \`canbo demo --people $N --seed 1\` (after \`canbo init\`) | **${GEN_S} s** | $COUNT people, $GEN_ROWS rows in all tables | $(human "$DB_BYTES") (db + wal) | $(calc %.0f "$GEN_ROWS / $GEN_S") rows/s, $(calc %.1f "$DB_BYTES / 1e6 / $GEN_S") MB/s |"
d "| ceiling: \`sqlite3 fresh.db\` \`.mode csv\` + \`.import\` (15 columns, plain table) | **${IMP_S} s** | $IMP_ROWS | $(human "$FRESH_BYTES") (CSV $(human "$CSV_BYTES"), $CSV_ROWS lines) | $(calc %.0f "$IMP_ROWS / $IMP_S") rows/s, $(calc %.1f "$FRESH_BYTES / 1e6 / $IMP_S") MB/s |"
d ""
d "Ratio canbo / ceiling: **${GEN_RATIO}×** (target ≤ ${T_GEN_RATIO}×)."
[ -n "$GEN_EXTRA" ] && d "canbo demo: $GEN_EXTRA."
d "Besides the 15 columns the generator writes the other person columns, name_fold/sort_key, the person"
d "indexes and the FTS5 index, plus: $o_units units, $o_post postings, $o_sal salary steps, $o_train training,"
d "$o_work work-history, $o_fam family members, $o_award awards, $o_disc disciplines, $o_audit audit entries."
d "Columns: $COLS."
d ""

# --- 2. GET one person: canbo vs nginx static ------------------------------

log "2/4 start canbo serve and nginx"
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 2 >"$LOGS/serve.log" 2>&1 &
CANBO_PID=$!
PORT=""
for ((i = 0; i < 600; i++)); do
  PORT=$(sed -n 's|^canbo listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$LOGS/serve.log" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$CANBO_PID" 2>/dev/null || die "canbo serve exited, see $LOGS/serve.log"
  sleep 0.1
done
[ -n "$PORT" ] || die "canbo serve did not start within 60 s, see $LOGS/serve.log"
CANBO=http://127.0.0.1:$PORT
HWM_START=$(hwm)

code=$(curl -sS --max-time 30 -o "$WORK/login.json" -D "$WORK/login.hdr" -w '%{http_code}' \
  -H 'Content-Type: application/json' --data-binary "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" \
  "$CANBO/api/v1/auth/login") || die "login request failed"
[ "$code" = 200 ] || die "login returned $code: $(cat "$WORK/login.json")"
COOKIE=$(tr -d '\r' <"$WORK/login.hdr" | sed -n 's/^[Ss]et-[Cc]ookie: canbo_session=\([^;]*\).*/\1/p' | head -1)
[ -n "$COOKIE" ] || die "no canbo_session cookie in the login reply"
HWM_LOGIN=$(hwm)

LO=$ID_MIN
HI=$((ID_MIN + SPREAD - 1))
[ "$HI" -le "$ID_MAX" ] || HI=$ID_MAX

# Body of one person, and a sample of sizes over the spread.
code=$(api_get "/api/v1/people/$LO" -o "$WORK/person.json" -D "$WORK/person.hdr" -w '%{http_code}')
[ "$code" = 200 ] || die "GET /api/v1/people/$LO returned $code: $(head -c 300 "$WORK/person.json")"
BODY=$(fsize "$WORK/person.json")
CANBO_HDR=$(tr -d '\r' <"$WORK/person.hdr" | wc -c)
sample=()
for ((i = 0; i < 30; i++)); do sample+=(-o /dev/null "$CANBO/api/v1/people/$((LO + (RANDOM * 32768 + RANDOM) % (HI - LO + 1)))"); done
curl -sS --max-time 60 -H "Cookie: canbo_session=$COOKIE" -w '%{http_code} %{size_download}\n' "${sample[@]}" >"$WORK/sample.txt"
SAMPLE_BAD=$(awk '$1 != 200' "$WORK/sample.txt" | wc -l)
read -r S_MIN S_AVG S_MAX < <(awk '{ s += $2; if (NR == 1 || $2 < mn) mn = $2; if ($2 > mx) mx = $2 } END { printf "%d %d %d\n", mn, s / NR, mx }' "$WORK/sample.txt")

NGX=$WORK/nginx
mkdir -p "$NGX/www"
cp "$WORK/person.json" "$NGX/www/person.json"
chmod -R a+rX "$NGX/www"
NPORT=$(free_port) || die "no free loopback port for nginx"
temp_paths="    client_body_temp_path $NGX/client_body;"
for m in proxy fastcgi uwsgi scgi; do
  "$NGINX" -V 2>&1 | grep -q -- "--without-http_${m}_module" || temp_paths+=$'\n'"    ${m}_temp_path $NGX/$m;"
done
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"   # temp dirs are private to this run
awk -v prefix="$NGX" -v port="$NPORT" -v root="$NGX/www" -v tp="$temp_paths" -v user="$user_line" '
  { gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@ROOT@/, root); gsub(/@USER@/, user); gsub(/@TEMP_PATHS@/, tp); print }
' "$HERE/nginx.conf.in" >"$NGX/nginx.conf"
cp "$NGX/nginx.conf" "$LOGS/nginx.conf"
"$NGINX" -t -q -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf" >"$LOGS/nginx-t.log" 2>&1 \
  || die "nginx -t failed, see $LOGS/nginx-t.log"
"$NGINX" -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf" >"$LOGS/nginx.log" 2>&1 &
NGINX_PID=$!
STATIC=http://127.0.0.1:$NPORT/person.json
for ((i = 0; i < 100; i++)); do
  curl -s -o /dev/null --max-time 2 "$STATIC" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited, see $NGX/error.log: $(tail -3 "$NGX/error.log" 2>/dev/null)"
  sleep 0.1
done
curl -sS --max-time 5 -o "$WORK/static.json" -D "$WORK/static.hdr" "$STATIC" || die "nginx does not answer on $STATIC"
cmp -s "$WORK/static.json" "$WORK/person.json" || die "nginx serves different bytes than canbo"
NGINX_HDR=$(tr -d '\r' <"$WORK/static.hdr" | wc -c)

log "2/4 wrk -t2 -c64 -d${DUR}s: warm-up, then $ROUNDS alternating rounds nginx/canbo"
wrk_run get-warmup-nginx -t2 -c64 -d2s "$STATIC"
wrk_run get-warmup-canbo -t2 -c64 -d3s -H "Cookie: canbo_session=$COOKIE" -s "$HERE/get_person.lua" "$CANBO" -- "$LO" "$HI"
d "## 2. GET one person (logged in as admin) vs nginx serving the same bytes"
d ""
d "\`wrk -t2 -c64 -d${DUR}s\`, keep-alive, loopback; wrk runs on the same 2 cores as the server."
d "canbo: \`serve --threads 2\`, \`GET /api/v1/people/ID\`, ID uniform in $LO..$HI (bench/get_person.lua),"
d "cookie canbo_session. nginx $("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///'): worker_processes 2, access_log off, keepalive,"
d "static file with the body of person $LO (bench/nginx.conf.in)."
d ""
d "| round | CPUs busy before | nginx req/s | canbo req/s | canbo / nginx | CPU µs/req nginx | CPU µs/req canbo | canbo latency avg / p99 | canbo non-2xx |"
d "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
sum_n=0
sum_c=0
GET_BAD=0
sum_cn=0
sum_cc=0
for ((r = 1; r <= ROUNDS; r++)); do
  load=$(busy)
  mapfile -t npids < <(nginx_pids)
  c0=$(cpu_ticks "${npids[@]}")
  wrk_run "get-nginx-$r" -t2 -c64 -d"${DUR}s" --latency "$STATIC"
  cn=$(us_per_req "$(wrk_reqs "get-nginx-$r")" "$(cpu_ticks "${npids[@]}") - $c0")
  c0=$(cpu_ticks "$CANBO_PID")
  wrk_run "get-canbo-$r" -t2 -c64 -d"${DUR}s" --latency -H "Cookie: canbo_session=$COOKIE" \
    -s "$HERE/get_person.lua" "$CANBO" -- "$LO" "$HI"
  cc=$(us_per_req "$(wrk_reqs "get-canbo-$r")" "$(cpu_ticks "$CANBO_PID") - $c0")
  sum_cn=$((sum_cn + cn))
  sum_cc=$((sum_cc + cc))
  rn=$(wrk_rps "get-nginx-$r")
  rc=$(wrk_rps "get-canbo-$r")
  bad=$(wrk_non2xx "get-canbo-$r")
  GET_BAD=$((GET_BAD + bad + $(wrk_non2xx "get-nginx-$r")))
  sum_n=$(calc %.2f "$sum_n + $rn")
  sum_c=$(calc %.2f "$sum_c + $rc")
  d "| $r | $load % | $(calc %.0f "$rn") | $(calc %.0f "$rc") | $(calc %.1f "100 * $rc / $rn") % | $cn | $cc | $(wrk_avg "get-canbo-$r") / $(wrk_lat "get-canbo-$r" 99%) | $bad of $(wrk_reqs "get-canbo-$r") |"
  log "   round $r: nginx $rn req/s ($cn µs CPU/req), canbo $rc req/s ($cc µs CPU/req, $bad non-2xx)"
done
AVG_N=$(calc %.0f "$sum_n / $ROUNDS")
AVG_C=$(calc %.0f "$sum_c / $ROUNDS")
GET_PCT=$(calc %.1f "100 * $AVG_C / $AVG_N")
CPU_N=$((sum_cn / ROUNDS))
CPU_C=$((sum_cc / ROUNDS))
CPU_PCT=$(calc %.1f "100 * $CPU_N / ($CPU_C > 0 ? $CPU_C : 1)")
d "| **mean** | | **$AVG_N** | **$AVG_C** | **$GET_PCT %** | **$CPU_N** | **$CPU_C** | | |"
d ""
d "Body sizes: person $LO is $BODY bytes (the static file); 30 random ids: min $S_MIN, mean $S_AVG, max $S_MAX bytes"
d "($SAMPLE_BAD of 30 not 200). Response headers: canbo $CANBO_HDR bytes, nginx $NGINX_HDR bytes."
d "Non-2xx responses in all GET runs (both servers): $GET_BAD. $(wrk_sockerr "get-canbo-$ROUNDS") (canbo, last round)."
d "CPU µs/req is the server's own user+system CPU time (from /proc, all its processes) divided by the requests"
d "wrk completed: it does not depend on how much CPU wrk or other processes took, unlike req/s. At equal CPU"
d "per request canbo would need ≤ $((CPU_N * 100 / T_GET_PCT)) µs/req to reach ${T_GET_PCT} % of nginx; it spends $CPU_C µs/req"
d "(nginx / canbo CPU per request: $CPU_PCT %)."
d ""
get_status=$(verdict ge "$GET_PCT" "$T_GET_PCT")
[ "$GET_BAD" = 0 ] && [ "$SAMPLE_BAD" = 0 ] || get_status="FAIL (non-2xx)"
row "GET /api/v1/people/ID req/s: canbo / nginx static" "$AVG_C / $AVG_N = **$GET_PCT %** (CPU µs/req: nginx $CPU_N, canbo $CPU_C = $CPU_PCT %)" "≥ ${T_GET_PCT} %" "$get_status"

HWM_GET=$(hwm)
# nginx is not needed any more: free its cores for the search runs
stop_pid "$NGINX_PID"
NGINX_PID=""

# --- 3. search latency ----------------------------------------------------

log "3/4 search latency"
# A full name that only one person has (tried on a few ids from the middle).
UNIQUE=""
UNIQUE_CNT="?"
mid=$(((ID_MIN + ID_MAX) / 2))
for ((i = 0; i < 8; i++)); do
  id=$((mid + i * 7919))
  [ "$id" -le "$ID_MAX" ] || id=$((ID_MIN + i))
  read -r cnt name < <(sqlite3 -readonly -separator ' ' "$DB" \
    "SELECT (SELECT count(*) FROM person WHERE name_fold = p.name_fold), p.full_name FROM person p WHERE p.id = $id")
  [ -n "${name:-}" ] || continue
  UNIQUE=$name
  UNIQUE_CNT=$cnt
  [ "$cnt" = 1 ] && break
done
[ -n "$UNIQUE" ] || UNIQUE="Nguyễn Văn An"
QUERIES=("nguyen van dung" "Nguyễn Văn Dũng" "tran thi" "Lê Minh" "hoang anh tuan" "pham" "dang thi thu" "vo" "$UNIQUE")

PATHS=$WORK/search-paths.txt
: >"$PATHS"
for q in "${QUERIES[@]}"; do printf '/api/v1/people?q=%s\n' "$(urlencode "$q")" >>"$PATHS"; done
cp "$PATHS" "$LOGS/search-paths.txt"

c0=$(cpu_ticks "$CANBO_PID")
wrk_run search-wrk -t1 -c4 -d"${DUR}s" --latency -H "Cookie: canbo_session=$COOKIE" \
  -s "$HERE/cycle_paths.lua" "$CANBO" -- "$PATHS"
S_P50=$(to_ms "$(wrk_lat search-wrk 50%)")
S_P90=$(to_ms "$(wrk_lat search-wrk 90%)")
S_P99=$(to_ms "$(wrk_lat search-wrk 99%)")
S_RPS=$(wrk_rps search-wrk)
S_CPU=$(us_per_req "$(wrk_reqs search-wrk)" "$(cpu_ticks "$CANBO_PID") - $c0")
S_BAD=$(wrk_non2xx search-wrk)

d "## 3. Search at $COUNT people: GET /api/v1/people?q=..."
d ""
d "All queries together, \`wrk -t1 -c4 -d${DUR}s --latency\` cycling through them (bench/cycle_paths.lua):"
d "**p50 $S_P50 ms, p90 $S_P90 ms, p99 $S_P99 ms**, $(calc %.0f "$S_RPS") req/s, non-2xx $S_BAD of $(wrk_reqs search-wrk);"
d "canbo CPU $S_CPU µs per search request (mean over the mix)."
d ""
d "Per query, $CURL_RUNS sequential requests on one keep-alive connection (curl \`%{time_total}\`), first page (per_page 50):"
d ""
d "| query | matches (total) | body bytes | p50 ms | p90 ms | p99 ms | max ms | non-200 |"
d "|---|---:|---:|---:|---:|---:|---:|---:|"
SLOW_Q=""
SLOW_P99=0
ALL_TIMES=$WORK/search-all-times.txt
: >"$ALL_TIMES"
CURL_BAD=0
for q in "${QUERIES[@]}"; do
  path="/api/v1/people?q=$(urlencode "$q")"
  api_get "$path" -o "$WORK/search.json" >/dev/null || true
  total=$(grep -o '"total": *[0-9]*' "$WORK/search.json" | head -1 | grep -o '[0-9]*$' || echo "?")
  grep -q '"total_capped": *true' "$WORK/search.json" && total="≥ $total (capped)"
  bytes=$(fsize "$WORK/search.json")
  args=()
  for ((i = 0; i < CURL_RUNS; i++)); do args+=(-o /dev/null "$CANBO$path"); done
  curl -sS --max-time 120 -H "Cookie: canbo_session=$COOKIE" -w '%{http_code} %{time_total}\n' "${args[@]}" >"$WORK/q.txt" \
    || die "curl loop failed for $path"
  bad=$(awk '$1 != 200' "$WORK/q.txt" | wc -l)
  CURL_BAD=$((CURL_BAD + bad))
  awk '{ printf "%.3f\n", $2 * 1000 }' "$WORK/q.txt" >"$WORK/q-ms.txt"
  cat "$WORK/q-ms.txt" >>"$ALL_TIMES"
  p50=$(pct 50 "$WORK/q-ms.txt"); p90=$(pct 90 "$WORK/q-ms.txt"); p99=$(pct 99 "$WORK/q-ms.txt"); mx=$(pct 100 "$WORK/q-ms.txt")
  d "| \`$q\` | $total | $bytes | $(calc %.2f "$p50") | $(calc %.2f "$p90") | $(calc %.2f "$p99") | $(calc %.2f "$mx") | $bad |"
  if ge "$p99" "$SLOW_P99"; then SLOW_P99=$p99; SLOW_Q=$q; fi
  log "   '$q': p50 $p50 ms, p99 $p99 ms, total $total"
done
C_P50=$(pct 50 "$ALL_TIMES")
C_P99=$(pct 99 "$ALL_TIMES")
d ""
d "All curl samples ($(wc -l <"$ALL_TIMES")): p50 $(calc %.2f "$C_P50") ms, p99 $(calc %.2f "$C_P99") ms. Slowest query (by p99): \`$SLOW_Q\` ($(calc %.2f "$SLOW_P99") ms)."
d "\`$UNIQUE\` was taken from the database (person near id $mid): $UNIQUE_CNT person(s) have exactly this name;"
d "the search matches every word in any order, the last one as a prefix, hence more matches."
d ""
s_status=$(verdict le "$S_P99" "$T_SEARCH_P99_MS")
[ "$S_BAD" = 0 ] && [ "$CURL_BAD" = 0 ] || s_status="FAIL (non-2xx)"
row "Search p99 (wrk -c4, ${#QUERIES[@]} queries)" "p50 $S_P50 ms, **p99 $S_P99 ms**" "≤ ${T_SEARCH_P99_MS} ms" "$s_status"
row "Search p99, slowest single query (curl ×$CURL_RUNS)" "\`$SLOW_Q\`: **$(calc %.2f "$SLOW_P99") ms**" "≤ ${T_SEARCH_P99_MS} ms" "$(verdict le "$SLOW_P99" "$T_SEARCH_P99_MS")"

# --- 4. peak RSS ------------------------------------------------------------

log "4/4 peak RSS"
kill -0 "$CANBO_PID" 2>/dev/null || die "canbo serve died during the loads, see $LOGS/serve.log"
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CANBO_PID/status")
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$CANBO_PID/status")
THREADS=$(awk '/^Threads:/ { print $2 }' "/proc/$CANBO_PID/status")
HWM_MB=$(calc %.1f "$HWM_KB * 1024 / 1e6")
d "## 4. Memory of \`canbo serve\` at $COUNT people"
d ""
d "After all the loads above: **VmHWM $HWM_KB kB ($HWM_MB MB)**, VmRSS $RSS_KB kB, $THREADS threads"
d "(target ≤ ${T_RSS_MB} MB = $((T_RSS_MB * 1000000 / 1024)) kB). Database file $(human "$DB_BYTES")."
d ""
d "| VmHWM (peak so far) after | kB |"
d "|---|---:|"
d "| start (migrations, closure rebuild, listening) | $HWM_START |"
d "| one admin login (Argon2id verification) | $HWM_LOGIN |"
d "| the GET runs | $HWM_GET |"
d "| the search runs | $HWM_KB |"
d ""
row "Peak RSS of canbo serve (VmHWM)" "**$HWM_MB MB**" "≤ ${T_RSS_MB} MB" "$(verdict le "$HWM_MB" "$T_RSS_MB")"

# --- optional: perf profiles (not part of the measurements above) ---------

if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
  log "perf: profiling canbo under the GET and the search load"
  for kind in get search; do
    if [ "$kind" = get ]; then
      wl=(-t2 -c64 -d"${DUR}s" -H "Cookie: canbo_session=$COOKIE" -s "$HERE/get_person.lua" "$CANBO" -- "$LO" "$HI")
    else
      wl=(-t1 -c4 -d"${DUR}s" -H "Cookie: canbo_session=$COOKIE" -s "$HERE/cycle_paths.lua" "$CANBO" -- "$PATHS")
    fi
    timeout $((DUR + 60)) wrk "${wl[@]}" >"$LOGS/perf-$kind-wrk.txt" 2>&1 &
    wpid=$!
    sleep 1
    perf record -q -F 499 -g -p "$CANBO_PID" -o "$WORK/perf-$kind.data" -- sleep $((DUR > 3 ? DUR - 2 : 1)) >/dev/null 2>&1 || true
    wait "$wpid" || true
    {
      echo "## flat profile (self time, all threads)"
      perf report -i "$WORK/perf-$kind.data" --stdio --no-children -g none --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
      echo "## by shared object"
      perf report -i "$WORK/perf-$kind.data" --stdio --no-children -g none --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
      echo "## call graph (caller view, >= 3 %)"
      perf report -i "$WORK/perf-$kind.data" --stdio --children -g graph,0.5,caller --percent-limit 3 2>/dev/null | grep -v '^$' | head -400
    } >"$LOGS/perf-$kind.txt" || true
  done
  d "Profiles (perf, not part of the numbers above): logs/perf-get.txt, logs/perf-search.txt."
  d ""
fi

stop_pid "$CANBO_PID"
CANBO_PID=""

# --- report -----------------------------------------------------------------

RUN_S=$(calc %.0f "$(now) - $RUN_START")
REPORT=$OUT/report.md
{
  echo "# canbo benchmark report"
  echo
  echo "- Date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
  echo "- Machine: $(nproc) CPUs ($CPU_MODEL), $MEM RAM, ${OS:-?}, Linux $(uname -r)"
  echo "- Versions: $VERSIONS"
  echo "- Load at start: load average $LOAD_START, CPUs $BUSY_START % busy with other work (a shared machine: see the per-round figures and CPU µs/req)"
  echo "- Parameters: people=$N, wrk ${DUR}s per run, $ROUNDS GET rounds, $CURL_RUNS curl runs per query; run took ${RUN_S} s"
  echo
  echo "| measure | result | target | status |"
  echo "|---|---|---|---|"
  cat "$SUMMARY"
  echo
  cat "$DETAILS"
  echo "Raw outputs: bench/out/logs/ (wrk-*.txt per run, serve.log, demo.log, nginx.conf)."
} >"$REPORT"
echo
cat "$REPORT"
log "report written to $REPORT"
