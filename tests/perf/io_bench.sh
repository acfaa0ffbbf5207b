#!/usr/bin/env bash
# io/ benchmarks (issue 3 "Benchmarks"):
#   - export of N people to .xlsx and .csv: seconds and peak memory (RSS);
#   - import of the N-row .xlsx and .csv into a database that has the same
#     units but no people: rows/s (every row validated and created, one
#     transaction, audited), and peak memory;
#   - import of the same .xlsx again (every row matched by CCCD, compared,
#     unchanged): rows/s;
#   - the round trip: the imported people equal the exported ones.
#
#   bash tests/perf/io_bench.sh [/abs/path/to/canbo]
#
# Environment:
#   IO_BENCH_PEOPLE=100000   people in the demo province
#   IO_BENCH_SEED=7          demo seed
#   IO_BENCH_TMPDIR=$TMPDIR  where the temporary directory goes (~1 GB at 100,000)
#   IO_BENCH_KEEP=0          1: keep the temporary directory
#   CANBO_SHARED             data directory for `canbo demo` (default ../shared)
# Needs: sqlite3 (CLI), GNU time (/usr/bin/time). Prints a Markdown table.
set -euo pipefail

BIN=${1:-build/canbo}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
N=${IO_BENCH_PEOPLE:-100000}
SEED=${IO_BENCH_SEED:-7}
GNU_TIME=/usr/bin/time

log() { printf '[io-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ -x "$BIN" ] || die "no canbo binary at $BIN (make build/canbo)"
command -v sqlite3 >/dev/null || die "sqlite3 CLI missing (apt-get install sqlite3)"
[ -x "$GNU_TIME" ] || die "GNU time missing (apt-get install time)"

TMP=$(mktemp -d "${IO_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/canbo-io-bench-XXXXXX")
cleanup() { [ "${IO_BENCH_KEEP:-0}" = 1 ] && log "kept $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT

# run LABEL CMD...: runs CMD, records "seconds peak_kB" in $TMP/LABEL.time.
run() {
    local label=$1
    shift
    "$GNU_TIME" -f '%e %M' -o "$TMP/$label.time" "$@" >"$TMP/$label.log" 2>&1 ||
        die "$label failed: $(tail -3 "$TMP/$label.log")"
}
secs() { awk '{ print $1 }' "$TMP/$1.time"; }
mb() { awk '{ printf "%.0f", $2 / 1024 }' "$TMP/$1.time"; }
rate() { awk -v n="$N" -v s="$(secs "$1")" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

log "demo province with $N people"
CANBO_ADMIN_PASSWORD=io-bench-admin-pw "$BIN" init --db "$TMP/src.db" >/dev/null
"$BIN" demo --db "$TMP/src.db" --people "$N" --seed "$SEED" >/dev/null

log "export to .xlsx and .csv"
run export_xlsx "$BIN" export people --db "$TMP/src.db" --to "$TMP/people.xlsx"
run export_csv "$BIN" export people --db "$TMP/src.db" --to "$TMP/people.csv"
ROWS_X=$(grep -o '[0-9]* người' "$TMP/export_xlsx.log" | awk '{ print $1 }')
[ "$ROWS_X" = "$N" ] || die "exported $ROWS_X rows, expected $N"

log "same units, no people"
"$BIN" backup --db "$TMP/src.db" --to "$TMP/empty.db" >/dev/null
sqlite3 "$TMP/empty.db" "DELETE FROM posting; DELETE FROM salary_history; DELETE FROM training;
  DELETE FROM work_history; DELETE FROM family_member; DELETE FROM award; DELETE FROM discipline;
  DELETE FROM change_request; DELETE FROM app_user WHERE person_id IS NOT NULL; DELETE FROM person; VACUUM;"
cp "$TMP/empty.db" "$TMP/imp_csv.db"
cp "$TMP/empty.db" "$TMP/imp_xlsx.db"

log "import $N rows from .csv"
run import_csv "$BIN" import people "$TMP/people.csv" --db "$TMP/imp_csv.db"
log "import $N rows from .xlsx"
run import_xlsx "$BIN" import people "$TMP/people.xlsx" --db "$TMP/imp_xlsx.db"
log "import the .xlsx again (all unchanged)"
run reimport_xlsx "$BIN" import people "$TMP/people.xlsx" --db "$TMP/imp_xlsx.db"
grep -q "giữ nguyên $N hồ sơ" "$TMP/reimport_xlsx.log" || die "re-import changed something: $(tail -1 "$TMP/reimport_xlsx.log")"

COLS=$(sqlite3 "$TMP/src.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('person')
  WHERE name NOT IN ('id', 'created_at', 'updated_at', 'row_version')")
DIFF=0
for db in imp_csv imp_xlsx; do
    d=$(sqlite3 "$TMP/$db.db" "ATTACH '$TMP/src.db' AS s;
      SELECT (SELECT count(*) FROM (SELECT $COLS FROM main.person EXCEPT SELECT $COLS FROM s.person))
           + (SELECT count(*) FROM (SELECT $COLS FROM s.person EXCEPT SELECT $COLS FROM main.person));")
    DIFF=$((DIFF + d))
done

printf '\n## io benchmarks: %s people (%s)\n\n' "$N" "$(date '+%Y-%m-%d %H:%M')"
printf '| step | seconds | rows/s | peak RSS (MB) | file (MB) |\n|---|---:|---:|---:|---:|\n'
fsize() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }
printf '| export .xlsx | %s | %s | %s | %s |\n' "$(secs export_xlsx)" "$(rate export_xlsx)" "$(mb export_xlsx)" "$(fsize "$TMP/people.xlsx")"
printf '| export .csv | %s | %s | %s | %s |\n' "$(secs export_csv)" "$(rate export_csv)" "$(mb export_csv)" "$(fsize "$TMP/people.csv")"
printf '| import .csv (create) | %s | %s | %s | |\n' "$(secs import_csv)" "$(rate import_csv)" "$(mb import_csv)"
printf '| import .xlsx (create) | %s | %s | %s | |\n' "$(secs import_xlsx)" "$(rate import_xlsx)" "$(mb import_xlsx)"
printf '| import .xlsx again (unchanged) | %s | %s | %s | |\n' "$(secs reimport_xlsx)" "$(rate reimport_xlsx)" "$(mb reimport_xlsx)"
printf '\nRound trip: %s person rows differ between the source and the imported databases.\n' "$DIFF"
[ "$DIFF" = 0 ] || die "round trip differs"
