#!/usr/bin/env bash
# Evaluation by product (issue 4, Benchmarks), see bench/README.md:
#   A. year-end rating of N people (default 1,000,000) with 12 approved monthly
#      scores each, the HTXS cap per rating unit and task group: wall seconds,
#      CPU, peak RSS and rows written of the production handler of
#      POST /eval/units/{root}/ratings/compute (bench/eval_year.c), next to the
#      bare `SELECT person_id, avg(score_x100) ... GROUP BY person_id` over the
#      same rows;
#   B. saving a period's results of a 200-person unit through the API of a live
#      `canbo serve` on loopback: one bulk import request vs per-person requests
#      (results, verifications, assessments, transitions), p50 / p99 / max.
#
#   bash bench/bench_eval.sh /abs/path/to/canbo [BUILD_DIR]   (what `make bench` runs)
#
# Environment:
#   BENCH_EVAL_PEOPLE=1000000  people for A (e.g. 20000 for a smoke test)
#   BENCH_EVAL_UNITS=1         1: also run the board of every unit that has people (A2)
#   BENCH_EVAL_UNITS_BUDGET=120  A2 stops starting boards after this many seconds
#   BENCH_EVAL_API_PEOPLE=30000  people generated for B's database (its largest unit gives the 200)
#   BENCH_EVAL_IMPORTS=20      repetitions of the 200-row import request in B
#   BENCH_EVAL_KEEP=0          1: keep the temporary directory
#   BENCH_EVAL_SAVED_DB=       a path: A's generated database (before the rating) is saved there
#                              (with .gen.out and .demo_s) and reused by later runs with the same
#                              path, skipping init/demo/gen (delete it to regenerate)
#   BENCH_TMPDIR, BENCH_OUT, CANBO_SHARED as for bench/run.sh
set -euo pipefail

BIN=${1:?usage: bash bench/bench_eval.sh /abs/path/to/canbo [BUILD_DIR]}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BDIR=${2:-build}
case $BDIR in /*) ;; *) BDIR=$REPO/$BDIR ;; esac
OUT=${BENCH_OUT:-$HERE/out}
LOGS=$OUT/logs
N=${BENCH_EVAL_PEOPLE:-1000000}
DO_UNITS=${BENCH_EVAL_UNITS:-1}
API_N=${BENCH_EVAL_API_PEOPLE:-30000}
IMPORTS=${BENCH_EVAL_IMPORTS:-20}
YEAR=2026
UNIT_SIZE=200
ADMIN_PW=bench-eval-$$-pw
OFFICER_PW=bench-officer-$$-pw
T_RATE_S=10          # target: year rating of 1M people under 10 s

log() { printf '[bench-eval %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for v in N API_N IMPORTS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
[ -x "$BIN" ] || die "$BIN is not an executable file"
for t in sqlite3 curl jq awk timeout make; do command -v "$t" >/dev/null || die "$t is required"; done
if [ -z "${CANBO_SHARED:-}" ] && [ -d "$REPO/../shared" ]; then
  CANBO_SHARED=$(cd "$REPO/../shared" && pwd)
  export CANBO_SHARED
fi

log "building $BDIR/bench/eval_year"
make -s -C "$REPO" B="$(realpath --relative-to="$REPO" "$BDIR" 2>/dev/null || echo "$BDIR")" \
  "$(realpath --relative-to="$REPO" "$BDIR" 2>/dev/null || echo "$BDIR")/bench/eval_year" >/dev/null \
  || die "could not build bench/eval_year"
EY=$BDIR/bench/eval_year
[ -x "$EY" ] || die "$EY missing"

mkdir -p "$OUT" "$LOGS"
rm -f "$LOGS"/eval-*
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/canbo-bench-eval.XXXXXX")
CANBO_PID=""
stop_pid() {
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
  stop_pid "$CANBO_PID"
  if [ "${BENCH_EVAL_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
kv() { sed -n "s/^$2=//p" "$1" | tail -1; }   # FILE KEY
pct() { sort -g "$2" | awk -v p="$1" '{ a[NR] = $1 } END { if (!NR) exit; k = int((p * NR + 99) / 100); if (k < 1) k = 1; print a[k] }'; }
REPORT_BODY=$WORK/body.md
: >"$REPORT_BODY"
d() { printf '%s\n' "$*" >>"$REPORT_BODY"; }

RUN_START=$(now)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- A. year-end rating -------------------------------------------------------

DB=$WORK/year.db
SAVED=${BENCH_EVAL_SAVED_DB:-}
if [ -n "$SAVED" ] && [ -s "$SAVED" ] && [ -s "$SAVED.gen.out" ] && [ -s "$SAVED.demo_s" ]; then
  log "A: reusing $SAVED (BENCH_EVAL_SAVED_DB)"
  cp "$SAVED" "$DB"
  cp "$SAVED.gen.out" "$WORK/gen.out"
  read -r SAVED_N DEMO_S <"$SAVED.demo_s"
  [ "$SAVED_N" = "$N" ] || die "$SAVED was generated for BENCH_EVAL_PEOPLE=$SAVED_N, not $N"
else
  log "A: init + demo --people $N"
  CANBO_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$DB" >"$LOGS/eval-init.log" 2>&1 || die "init failed ($LOGS/eval-init.log)"
  t0=$(now)
  (cd "$REPO" && timeout 1800 "$BIN" demo --db "$DB" --people "$N" --seed 1) >"$LOGS/eval-demo.log" 2>&1 || die "demo failed ($LOGS/eval-demo.log)"
  DEMO_S=$(calc %.1f "$(now) - $t0")
  log "A: evaluation data (12 monthly tasks and approved assessments per person)"
  timeout 3600 "$EY" gen "$DB" "$YEAR" >"$WORK/gen.out" 2>"$LOGS/eval-gen.log" || die "eval_year gen failed ($LOGS/eval-gen.log)"
  if [ -n "$SAVED" ]; then
    log "A: saving the generated database to $SAVED"
    cp "$DB" "$SAVED" && cp "$WORK/gen.out" "$SAVED.gen.out" && echo "$N $DEMO_S" >"$SAVED.demo_s" || die "could not save $SAVED"
  fi
fi
cp "$WORK/gen.out" "$LOGS/eval-gen.out"
log "A: warming the OS cache, then the rating"
cat "$DB" >/dev/null
timeout 1800 "$EY" rate "$DB" "$YEAR" >"$WORK/rate.out" 2>"$LOGS/eval-rate.log" || die "eval_year rate failed ($LOGS/eval-rate.log)"
cp "$WORK/rate.out" "$LOGS/eval-rate.out"
R=$WORK/rate.out
RATE_S=$(kv "$R" rate_seconds)
CEIL_S=$(kv "$R" rate_ceiling_seconds)
CEIL2_S=$(kv "$R" rate_ceiling_after_seconds)
HWM_KB=$(kv "$R" rate_hwm_kb)
RATIO=$(calc %.1f "$RATE_S / ($CEIL_S > 0 ? $CEIL_S : 0.001)")
LEVELS=$(sqlite3 -readonly "$DB" "SELECT group_concat(l || ' ' || c, ', ') FROM (SELECT coalesce(cap_level, 'tie (council)') AS l, count(*) AS c
  FROM eval_year_rating WHERE year = $YEAR AND unit_id = $(kv "$R" rate_unit) GROUP BY 1 ORDER BY 2 DESC)")
CAPST=$(sqlite3 -readonly "$DB" "SELECT group_concat(s || ' ' || c, ', ') FROM (SELECT cap_status AS s, count(*) AS c
  FROM eval_year_rating WHERE year = $YEAR AND unit_id = $(kv "$R" rate_unit) GROUP BY 1 ORDER BY 2 DESC)")
NGROUPS=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM (SELECT DISTINCT rating_unit_id, task_group_id FROM eval_year_rating
  WHERE year = $YEAR AND unit_id = $(kv "$R" rate_unit))")
RATE_VERDICT=FAIL
awk -v a="$RATE_S" -v b="$T_RATE_S" 'BEGIN { exit !(a < b) }' && RATE_VERDICT=PASS
[ "$(kv "$R" rate_failed)" = 0 ] || RATE_VERDICT="FAIL (handler error)"
log "A: rating ${RATE_S} s, ceiling ${CEIL_S} s, peak RSS ${HWM_KB} kB"

UNITS_LINE=""
if [ "$DO_UNITS" = 1 ]; then
  log "A2: the board of every unit with people"
  EVAL_YEAR_UNITS_BUDGET=${BENCH_EVAL_UNITS_BUDGET:-120} timeout 1800 "$EY" units "$DB" "$YEAR" >"$WORK/units.out" 2>"$LOGS/eval-units.log" || log "warning: units run failed ($LOGS/eval-units.log)"
  cp "$WORK/units.out" "$LOGS/eval-units.out" 2>/dev/null || true
  U=$WORK/units.out
  if [ -s "$U" ]; then
    UNITS_DONE="$(kv "$U" units_calls) boards"
    [ -n "$(kv "$U" units_total)" ] && UNITS_DONE="$(kv "$U" units_calls) of $(kv "$U" units_total) boards, stopped after the ${BENCH_EVAL_UNITS_BUDGET:-120} s budget"
    UNITS_LINE="| A2. \`compute\` once per unit that has people ($UNITS_DONE; each board covers its subtree) | **$(kv "$U" units_seconds) s** (CPU $(kv "$U" units_cpu_seconds) s) | peak RSS $(calc %.0f "$(kv "$U" units_hwm_kb) / 1024") MiB | $(kv "$U" units_rows_written) rows ($(kv "$U" units_failed) failed calls) |"
  fi
fi

d "## A. Year-end rating of $(kv "$WORK/gen.out" gen_people) people"
d ""
d "Setup (not measured): \`canbo init\` + \`canbo demo --people $N --seed 1\` (${DEMO_S} s: $(kv "$WORK/gen.out" gen_units) units with people),"
d "then \`eval_year gen\` ($(kv "$WORK/gen.out" gen_seconds) s + $(kv "$WORK/gen.out" gen_checkpoint_analyze_seconds) s checkpoint/ANALYZE): $(kv "$WORK/gen.out" gen_task_groups) task groups,"
d "$(kv "$WORK/gen.out" gen_tasks) monthly tasks and $(kv "$WORK/gen.out" gen_assessments) approved monthly assessments of $YEAR (bands of the"
d "monthly scores HTXS/HTT/HTNV/KHT: $(kv "$WORK/gen.out" gen_month_bands)); 1 unit in 10 has no task groups (the whole unit is one cap scope)."
d ""
d "| measure | wall | memory | rows |"
d "|---|---:|---:|---:|"
d "| A1. \`POST /api/v1/eval/units/$(kv "$R" rate_unit)/ratings/compute {\"year\":$YEAR}\` (the root: one board over everybody), production handler in-process (bench/eval_year.c), one write transaction with its audit entry | **${RATE_S} s** (CPU $(kv "$R" rate_cpu_seconds) s) | peak RSS **$(calc %.0f "$HWM_KB / 1024") MiB** during the call (before: $(calc %.0f "$(kv "$R" rate_rss_before_kb) / 1024") MiB) | $(kv "$R" rate_rows_written) rows in eval_year_rating; reply $(kv "$R" rate_response_bytes) bytes |"
d "| ceiling: \`SELECT person_id, avg(score_x100) FROM eval_assessment WHERE year = $YEAR AND state = 'approved' AND score_x100 IS NOT NULL GROUP BY person_id\` | **${CEIL_S} s** before, ${CEIL2_S} s after | | $(kv "$R" rate_ceiling_rows) rows read, $(kv "$R" rate_ceiling_people) people |"
[ -n "$UNITS_LINE" ] && d "$UNITS_LINE"
d ""
d "Ratio rating / ceiling: **${RATIO}×**. The board: $NGROUPS cap scopes (rating unit × task group); levels after the cap: $LEVELS;"
d "cap outcome: $CAPST. Above 10,000 people the reply does not list every person (\`people_truncated\`); the groups"
d "(counts, candidates, ties) are complete and every person's row is stored."
d ""

rm -f "$DB" "$DB-wal" "$DB-shm"

# --- B. a period's results for a 200-person unit, through the API -----------------

DB2=$WORK/api.db
log "B: init + demo --people $API_N, serve"
CANBO_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$DB2" >"$LOGS/eval-api-init.log" 2>&1 || die "init failed"
(cd "$REPO" && timeout 600 "$BIN" demo --db "$DB2" --people "$API_N" --seed 2) >"$LOGS/eval-api-demo.log" 2>&1 || die "demo failed"
read -r UNIT UCOUNT < <(sqlite3 -readonly -separator ' ' "$DB2" "SELECT unit_id, count(*) FROM person WHERE status = 'active'
  GROUP BY unit_id ORDER BY 2 DESC, 1 LIMIT 1")
[ "$UCOUNT" -ge "$UNIT_SIZE" ] || die "the largest unit has $UCOUNT people (< $UNIT_SIZE): raise BENCH_EVAL_API_PEOPLE"
sqlite3 -readonly "$DB2" "SELECT id FROM person WHERE unit_id = $UNIT AND status = 'active' ORDER BY id LIMIT $UNIT_SIZE" >"$WORK/people.txt"
UNAME=$(sqlite3 -readonly "$DB2" "SELECT name FROM unit_version WHERE unit_id = $UNIT ORDER BY valid_from DESC LIMIT 1")

: >"$LOGS/eval-serve.log"
"$BIN" serve --db "$DB2" --listen 127.0.0.1:0 --threads 2 >"$LOGS/eval-serve.log" 2>&1 &
CANBO_PID=$!
PORT=""
for ((i = 0; i < 300; i++)); do
  PORT=$(sed -n 's|^canbo listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$LOGS/eval-serve.log" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$CANBO_PID" 2>/dev/null || die "canbo serve exited ($LOGS/eval-serve.log)"
  sleep 0.1
done
[ -n "$PORT" ] || die "canbo serve did not start"
BASE=http://127.0.0.1:$PORT/api/v1

login() {  # USER PASSWORD -> sets COOKIE, CSRF
  local body
  body=$(curl -sS --max-time 30 -D "$WORK/login.hdr" -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$1\",\"password\":\"$2\"}" "$BASE/auth/login") || die "login failed"
  CSRF=$(jq -r '.csrf_token' <<<"$body")
  COOKIE=$(tr -d '\r' <"$WORK/login.hdr" | sed -n 's/^[Ss]et-[Cc]ookie: canbo_session=\([^;]*\).*/\1/p' | head -1)
  [ -n "$COOKIE" ] && [ "$CSRF" != null ] || die "login of $1 failed: $body"
}
api() {  # METHOD PATH [BODY] -> body on stdout; dies unless 2xx
  local code
  code=$(curl -sS --max-time 60 -o "$WORK/api.json" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $CSRF" -H "Cookie: canbo_session=$COOKIE" ${3:+--data-binary "$3"} "$BASE$2") || die "$1 $2 failed"
  [[ $code == 2* ]] || die "$1 $2 returned $code: $(head -c 400 "$WORK/api.json")"
  cat "$WORK/api.json"
}
# batch NAME: runs the requests of $WORK/NAME.cfg (curl config, one keep-alive
# connection, sequential), one "code seconds" line per request into NAME.txt.
batch() {
  sed -i '$ d' "$WORK/$1.cfg"   # the last block's "next"
  timeout 600 curl -sS -K "$WORK/$1.cfg" >"$WORK/$1.txt" 2>"$LOGS/eval-curl-$1.log" || die "curl batch $1 failed"
}
req_cfg() {  # METHOD PATH BODY-FILE -> one request block on stdout
  printf 'url = "%s%s"\nrequest = "%s"\nheader = "Content-Type: application/json"\nheader = "X-CSRF-Token: %s"\n' \
    "$BASE" "$2" "$1" "$CSRF"
  printf 'header = "Cookie: canbo_session=%s"\ndata-binary = "@%s"\noutput = "/dev/null"\n' "$COOKIE" "$3"
  printf 'write-out = "%%{http_code} %%{time_total}\\n"\nnext\n'
}
LAT_ROWS=$WORK/lat.md
: >"$LAT_ROWS"
summarize() {  # NAME LABEL ROWS-PER-REQUEST
  local f=$WORK/$1.txt n bad
  awk '{ printf "%.3f\n", $2 * 1000 }' "$f" >"$WORK/$1.ms"
  n=$(wc -l <"$f")
  bad=$(awk '$1 !~ /^2/' "$f" | wc -l)
  local p50 p99 mx tot
  p50=$(pct 50 "$WORK/$1.ms"); p99=$(pct 99 "$WORK/$1.ms"); mx=$(pct 100 "$WORK/$1.ms")
  tot=$(awk '{ s += $1 } END { printf "%.0f", s }' "$WORK/$1.ms")
  printf '| %s | %s | %s | %.1f | %.1f | %.1f | %s ms | %s |\n' "$2" "$n" "$3" "$p50" "$p99" "$mx" "$tot" "$bad" >>"$LAT_ROWS"
  log "B: $1: n=$n p50=${p50} ms p99=${p99} ms max=${mx} ms non-2xx=$bad"
  [ "$bad" = 0 ] || log "warning: $bad non-2xx in $1 (first: $(awk '$1 !~ /^2/' "$f" | head -1))"
}

login admin "$ADMIN_PW"
api POST /users "{\"username\":\"bench.officer\",\"password\":\"$OFFICER_PW\",\"role\":\"officer\",\"unit_id\":$UNIT}" >/dev/null
GID=$(api POST /eval/task-groups "{\"unit_id\":$UNIT,\"name\":\"Chuyên môn (bench)\"}" | jq -r .id)
PT=$(api POST /eval/product-types "{\"unit_id\":$UNIT,\"code\":\"BENCH1\",\"name\":\"Hồ sơ giải quyết đúng hạn\",\"measure\":\"hồ sơ\",\"norm_x100\":100,\"task_group_id\":$GID}" | jq -r .id)
MONTH=3
: >"$WORK/tasks.cfg"
i=0
while read -r pid; do
  i=$((i + 1))
  printf '{"person_id":%s,"period_kind":"month","year":%s,"number":%s,"product_type_id":%s,"target_qty":20,"deadline":"%s-03-31","title":"Hồ sơ tháng 3"}' \
    "$pid" "$YEAR" "$MONTH" "$PT" "$YEAR" >"$WORK/b-task-$i.json"
  req_cfg POST /eval/tasks "$WORK/b-task-$i.json" >>"$WORK/tasks.cfg"
done <"$WORK/people.txt"
log "B: $UNIT_SIZE × POST /eval/tasks"
batch tasks
summarize tasks "assign: POST /eval/tasks (one task per person)" 1
TASKS=$(sqlite3 -readonly "$DB2" "SELECT group_concat(id, ' ') FROM (SELECT id FROM eval_task WHERE product_type_id = $PT ORDER BY id)")
read -r -a TASK_IDS <<<"$TASKS"
[ "${#TASK_IDS[@]}" = "$UNIT_SIZE" ] || die "expected $UNIT_SIZE tasks, found ${#TASK_IDS[@]}"

# B1. one import request with the 200 people's results, repeated
{
  printf '{"rows":['
  for ((k = 0; k < UNIT_SIZE; k++)); do
    [ "$k" -gt 0 ] && printf ','
    printf '{"task_id":%s,"quantity":%d,"source":"Hệ thống một cửa","extracted_at":"%s-03-31","external_ref":"MC-%d"}' \
      "${TASK_IDS[$k]}" $((15 + k % 10)) "$YEAR" "$k"
  done
  printf ']}'
} >"$WORK/b-import.json"
: >"$WORK/import.cfg"
for ((k = 0; k < IMPORTS; k++)); do req_cfg POST /eval/results/import "$WORK/b-import.json" >>"$WORK/import.cfg"; done
log "B: $IMPORTS × POST /eval/results/import ($UNIT_SIZE rows)"
batch import
summarize import "B1. one request: POST /eval/results/import, $UNIT_SIZE rows (×$IMPORTS)" "$UNIT_SIZE"

# B2. per person: a result with evidence, then its verification by an officer
: >"$WORK/results.cfg"
for ((k = 0; k < UNIT_SIZE; k++)); do
  printf '{"quantity":%d,"note":"Báo cáo tháng 3","evidence":[{"kind":"document","ref":"%d/BC-BENCH"}]}' $((15 + k % 10)) "$k" >"$WORK/b-res-$k.json"
  req_cfg POST "/eval/tasks/${TASK_IDS[$k]}/results" "$WORK/b-res-$k.json" >>"$WORK/results.cfg"
done
log "B: $UNIT_SIZE × POST /eval/tasks/{id}/results"
batch results
summarize results "B2. per person: POST /eval/tasks/{id}/results (with evidence)" 1
RESULT_IDS=$(sqlite3 -readonly "$DB2" "SELECT group_concat(id, ' ') FROM (SELECT r.id FROM eval_result r JOIN eval_task t ON t.id = r.task_id
  WHERE t.product_type_id = $PT AND r.origin = 'report' ORDER BY r.id)")
login bench.officer "$OFFICER_PW"
printf '{"decision":"verified"}' >"$WORK/b-verify.json"
: >"$WORK/verify.cfg"
for rid in $RESULT_IDS; do req_cfg POST "/eval/results/$rid/verify" "$WORK/b-verify.json" >>"$WORK/verify.cfg"; done
log "B: $UNIT_SIZE × POST /eval/results/{id}/verify (officer)"
batch verify
summarize verify "B2. per person: POST /eval/results/{id}/verify (officer)" 1

# B3. per person: the period's assessment and its workflow steps
login admin "$ADMIN_PW"
: >"$WORK/assess.cfg"
i=0
while read -r pid; do
  i=$((i + 1))
  printf '{"person_id":%s,"period_kind":"month","year":%s,"number":%s}' "$pid" "$YEAR" "$MONTH" >"$WORK/b-as-$i.json"
  req_cfg POST /eval/assessments "$WORK/b-as-$i.json" >>"$WORK/assess.cfg"
done <"$WORK/people.txt"
log "B: $UNIT_SIZE × POST /eval/assessments"
batch assess
summarize assess "B3. per person: POST /eval/assessments" 1
AIDS=$(sqlite3 -readonly "$DB2" "SELECT group_concat(id, ' ') FROM (SELECT id FROM eval_assessment WHERE unit_id = $UNIT
  AND year = $YEAR AND period_kind = 'month' AND number = $MONTH ORDER BY id)")
printf '{"action":"submit","general":[1000,1000,900]}' >"$WORK/b-submit.json"
printf '{"action":"manager_review","note":"Đồng ý"}' >"$WORK/b-mgr.json"
printf '{"action":"head_review"}' >"$WORK/b-head.json"
printf '{"action":"approve"}' >"$WORK/b-approve.json"
for step in submit mgr head approve; do
  : >"$WORK/tr-$step.cfg"
  for aid in $AIDS; do req_cfg POST "/eval/assessments/$aid/transitions" "$WORK/b-$step.json" >>"$WORK/tr-$step.cfg"; done
  log "B: $UNIT_SIZE × transition $step"
  batch "tr-$step"
done
summarize tr-submit "B3. per person: transition \`submit\` (score computed from the stored tasks)" 1
summarize tr-mgr "B3. per person: transition \`manager_review\`" 1
summarize tr-head "B3. per person: transition \`head_review\`" 1
summarize tr-approve "B3. per person: transition \`approve\`" 1
APPROVED=$(sqlite3 -readonly "$DB2" "SELECT count(*) FROM eval_assessment WHERE unit_id = $UNIT AND year = $YEAR AND number = $MONTH AND state = 'approved'")
SCORED=$(sqlite3 -readonly "$DB2" "SELECT count(*) || ' scored, mean ' || printf('%.2f', avg(score_x100) / 100.0) FROM eval_assessment
  WHERE unit_id = $UNIT AND year = $YEAR AND number = $MONTH AND score_x100 IS NOT NULL")
SERVE_HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CANBO_PID/status")
stop_pid "$CANBO_PID"
CANBO_PID=""

P_IMPORT=$(pct 50 "$WORK/import.ms")
P_RESULTS_TOTAL=$(awk '{ s += $1 } END { printf "%.0f", s }' "$WORK/results.ms")
d "## B. A period's results for a ${UNIT_SIZE}-person unit, through the API"
d ""
d "\`canbo serve --threads 2\` on 127.0.0.1 (database: \`canbo demo --people $API_N\`), unit $UNIT «$UNAME» ($UCOUNT people, the"
d "first $UNIT_SIZE by id), month $MONTH/$YEAR, one task per person. Each line: requests sent one after the other on one"
d "keep-alive connection by \`curl -K\` (time_total per request, client on the same 2 cores), admin session except verify"
d "(an officer: the reporter may not verify). Setup (users, task group, product type) through the API too."
d ""
d "| requests | n | rows each | p50 ms | p99 ms | max ms | sum | non-2xx |"
d "|---|---:|---:|---:|---:|---:|---:|---:|"
cat "$LAT_ROWS" >>"$REPORT_BODY"
d ""
d "Saving the unit's $UNIT_SIZE results: one import request p50 **$(calc %.1f "$P_IMPORT") ms** vs $UNIT_SIZE per-person requests"
d "**$P_RESULTS_TOTAL ms** in all (ratio $(calc %.1f "$P_RESULTS_TOTAL / ($P_IMPORT > 0 ? $P_IMPORT : 0.001)")×). After the workflow: $APPROVED of $UNIT_SIZE assessments"
d "approved, $SCORED. Peak RSS of canbo serve: $(calc %.0f "$SERVE_HWM / 1024") MiB. A batch transition endpoint"
d "(\`POST /eval/assessments/transitions\`) is not on this branch: the transitions are per person."
d ""

# --- report ---------------------------------------------------------------------

REPORT=$OUT/eval.md
{
  echo "# canbo benchmark: evaluation by product (issue 4)"
  echo
  echo "- Date: $(date '+%Y-%m-%d %H:%M:%S %Z'); run took $(calc %.0f "$(now) - $RUN_START") s"
  echo "- Machine: $(nproc) CPUs ($(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; load average at start $LOAD_START (shared machine)"
  echo "- canbo $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?'); SQLite $(sqlite3 --version | awk '{ print $1 }')"
  echo
  echo "| measure | result | target | status |"
  echo "|---|---|---|---|"
  echo "| Year rating, $(kv "$WORK/gen.out" gen_people) people × 12 months, cap per unit and task group | **${RATE_S} s**, peak RSS $(calc %.0f "$HWM_KB / 1024") MiB; ceiling ${CEIL_S} s (${RATIO}×) | < ${T_RATE_S} s | $RATE_VERDICT |"
  echo "| Save a period's results, ${UNIT_SIZE} people | import: p50 $(calc %.1f "$P_IMPORT") ms for all; per person: $P_RESULTS_TOTAL ms in all | — | measured |"
  echo
  cat "$REPORT_BODY"
  echo "Raw outputs: bench/out/logs/eval-*."
} >"$REPORT"
echo
cat "$REPORT"
log "report written to $REPORT"
