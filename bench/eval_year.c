/* Year-end rating benchmark (issue 4, Benchmarks): see bench/README.md.
 *
 *   eval_year gen  DB [YEAR]   adds, to a database filled by `canbo demo`, the
 *                              evaluation data of YEAR (default 2026): task groups
 *                              and product types per unit, 12 monthly tasks and 12
 *                              approved, scored monthly assessments per active
 *                              person. Plain SQL in one transaction: setup, not
 *                              measured.
 *   eval_year rate DB [YEAR] [UNIT]
 *                              runs the production handler of
 *                              POST /api/v1/eval/units/{UNIT}/ratings/compute
 *                              (api_eval_rating_routes, as an admin; UNIT defaults
 *                              to the root) in this process, without the HTTP
 *                              transport, and times it; then times the bare
 *                              ceiling query over the same rows.
 *   eval_year units DB [YEAR]  runs the same handler once per unit that has
 *                              people directly (the boards of the rating units).
 *
 * Results are printed as `key=value` lines for bench/bench_eval.sh. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/types.h>

#include "api/api.h"
#include "db/db.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

/* VmHWM / VmRSS of this process in kB. */
static long vm_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':') { v = strtol(line + n + 1, NULL, 10); break; }
    fclose(f);
    return v;
}

/* Resets the peak RSS counter (Linux >= 4.0: "5" to clear_refs). */
static void reset_hwm(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) { fputs("5", f); fclose(f); }
}

static void die(db *d, const char *what)
{
    fprintf(stderr, "eval_year: %s: %s\n", what, d ? db_errmsg(d) : "");
    exit(1);
}

static int64_t one_int(db *d, const char *sql, int64_t a)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) die(d, sql);
    if (sqlite3_bind_parameter_count(st) >= 1) db_bind_int(st, 1, a);
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

/* --- deterministic random numbers (xorshift64*) ----------------------------- */

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(void)
{
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return rs * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
/* Irwin-Hall approximation of a standard normal (sum of 12 uniforms - 6). */
static double gauss(void)
{
    double s = 0;
    for (int i = 0; i < 12; i++) s += unif();
    return s - 6.0;
}

/* --- gen ------------------------------------------------------------------- */

static const char *const group_names[] = {"Chuyên môn, nghiệp vụ", "Tổng hợp, hành chính", "Hỗ trợ, phục vụ"};
static const char *const product_names[] = {"Hồ sơ thủ tục hành chính giải quyết đúng hạn", "Văn bản tham mưu ban hành",
                                             "Lượt hỗ trợ, phục vụ"};
static const char *const measures[] = {"hồ sơ", "văn bản", "lượt"};
static const int norms[] = {100, 150, 50};

struct gunit {
    int64_t id;
    int ngroups;       /* 0: no task groups (the whole unit is one cap scope) */
    int64_t pt[3];     /* product types */
};

static int gen(const char *path, int year)
{
    db *d = NULL;
    if (db_open(path, DB_OPEN_BULK, &d) != 0) die(NULL, "open");
    if (db_migrate(d) != 0) die(d, "migrate");
    if (db_exec(d, "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;") != 0) die(d, "pragma");
    if (one_int(d, "SELECT count(*) FROM eval_assessment WHERE year = ?1", year) > 0) {
        fprintf(stderr, "eval_year gen: %d already has assessments\n", year);
        return 1;
    }
    double t0 = now_s();
    /* Secondary indexes of the two big tables are dropped during the load and
     * rebuilt after it (a sort instead of 24M random b-tree inserts); their
     * definitions are read back from sqlite_master, so they stay those of the
     * migrations. */
    char *idx_sql[32];
    size_t nidx = 0;
    sqlite3_stmt *ix = db_stmt(d, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                  " AND tbl_name IN ('eval_task', 'eval_assessment')");
    char drops[4096] = "";
    while (ix && sqlite3_step(ix) == SQLITE_ROW && nidx < 32) {
        idx_sql[nidx++] = strdup(db_col_text(ix, 1));
        size_t l = strlen(drops);
        snprintf(drops + l, sizeof drops - l, "DROP INDEX \"%s\";", db_col_text(ix, 0));
    }
    if (ix) sqlite3_reset(ix);
    if (db_exec(d, drops) != 0) die(d, "drop indexes");
    if (db_begin(d) != 0) die(d, "begin");
    int64_t admin = one_int(d, "SELECT min(id) FROM app_user WHERE role = 'admin'", 0);
    char created[32];
    snprintf(created, sizeof created, "%d-01-05T08:00:00Z", year);
    char approved[32];
    snprintf(approved, sizeof approved, "%d-12-20T08:00:00Z", year);

    /* units with active people */
    size_t nu = 0, cu = 0;
    struct gunit *units = NULL;
    sqlite3_stmt *st = db_stmt(d, "SELECT unit_id, count(*) FROM person WHERE status = 'active' AND unit_id IS NOT NULL"
                                  " GROUP BY unit_id ORDER BY unit_id");
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nu == cu) {
            cu = cu ? cu * 2 : 1024;
            units = realloc(units, cu * sizeof *units);
            if (!units) die(NULL, "memory");
        }
        struct gunit *u = &units[nu++];
        memset(u, 0, sizeof *u);
        u->id = sqlite3_column_int64(st, 0);
        int64_t c = sqlite3_column_int64(st, 1);
        /* small units: one group; 1 unit in 10 has not grouped its tasks (NULL group) */
        u->ngroups = (rnd() % 10 == 0) ? 0 : c < 15 ? 1 : c < 60 ? 2 : 3;
    }
    sqlite3_reset(st);
    sqlite3_stmt *ig = db_stmt(d, "INSERT INTO eval_task_group(unit_id, name, created_at) VALUES (?1, ?2, ?3)");
    sqlite3_stmt *ip = db_stmt(d, "INSERT INTO eval_product_type(unit_id, code, name, measure, norm_x100, task_group_id,"
                                  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    size_t ngroups = 0;
    for (size_t i = 0; i < nu; i++) {
        struct gunit *u = &units[i];
        int np = u->ngroups ? u->ngroups : 2;
        for (int k = 0; k < np; k++) {
            int64_t g = 0;
            if (u->ngroups) {
                db_bind_int(ig, 1, u->id);
                db_bind_text(ig, 2, group_names[k]);
                db_bind_text(ig, 3, created);
                if (db_step_done(ig) != 0) die(d, "task group");
                g = db_last_id(d);
                ngroups++;
            }
            char code[16];
            snprintf(code, sizeof code, "SP%d", k + 1);
            db_bind_int(ip, 1, u->id);
            db_bind_text(ip, 2, code);
            db_bind_text(ip, 3, product_names[k]);
            db_bind_text(ip, 4, measures[k]);
            db_bind_int(ip, 5, norms[k]);
            if (g) db_bind_int(ip, 6, g);
            else db_bind_null(ip, 6);
            db_bind_text(ip, 7, created);
            if (db_step_done(ip) != 0) die(d, "product type");
            u->pt[k] = db_last_id(d);
        }
        if (!u->ngroups) u->ngroups = -2; /* two product types, no group */
    }

    sqlite3_stmt *it = db_stmt(d,
        "INSERT INTO eval_task(person_id, unit_id, period_kind, year, number, product_type_id, norm_x100, title,"
        " target_qty, deadline, weight_x100, key_task, assigned_by, created_at)"
        " VALUES (?1, ?2, 'month', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 100, 0, ?10, ?11)");
    sqlite3_stmt *ia = db_stmt(d,
        "INSERT INTO eval_assessment(person_id, unit_id, period_kind, year, number, state, regime, score_x100, band,"
        " created_at, updated_at) VALUES (?1, ?2, 'month', ?3, ?4, 'approved', 'nd335_2025', ?5, ?6, ?7, ?8)");
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    sqlite3_stmt *pp = db_stmt(d, "SELECT id, unit_id FROM person WHERE status = 'active' AND unit_id IS NOT NULL ORDER BY id");
    size_t ui = 0, npeople = 0, ntasks = 0, nass = 0;
    int64_t hist[4] = {0};
    while (sqlite3_step(pp) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(pp, 0), uid = sqlite3_column_int64(pp, 1);
        if (ui >= nu || units[ui].id != uid) {
            size_t lo = 0, hi = nu;
            while (lo < hi) { size_t m = (lo + hi) / 2; if (units[m].id < uid) lo = m + 1; else hi = m; }
            ui = lo;
        }
        struct gunit *u = &units[ui];
        int ng = u->ngroups > 0 ? u->ngroups : 2;
        /* main task group: 60 / 30 / 10 % */
        double x = unif();
        int main_g = ng == 1 ? 0 : ng == 2 ? (x < 0.7 ? 0 : 1) : (x < 0.6 ? 0 : x < 0.9 ? 1 : 2);
        /* person's level: mostly 70-90, some above 90, a few below 50 */
        double base = 81.0 + 7.0 * gauss();
        if (rnd() % 200 == 0) base = 40.0 + 8.0 * unif();
        for (int m = 1; m <= 12; m++) {
            int k = (ng > 1 && rnd() % 6 == 0) ? (int)(rnd() % (uint64_t)ng) : main_g;
            char title[96], deadline[32];
            snprintf(title, sizeof title, "%s tháng %d/%d", product_names[k], m, year);
            snprintf(deadline, sizeof deadline, "%d-%02d-%02d", year, m, mdays[m - 1]);
            db_bind_int(it, 1, pid);
            db_bind_int(it, 2, uid);
            db_bind_int(it, 3, year);
            db_bind_int(it, 4, m);
            db_bind_int(it, 5, u->pt[k]);
            db_bind_int(it, 6, norms[k]);
            db_bind_text(it, 7, title);
            db_bind_int(it, 8, 10 + (int64_t)(rnd() % 40));
            db_bind_text(it, 9, deadline);
            db_bind_int(it, 10, admin);
            db_bind_text(it, 11, created);
            if (db_step_done(it) != 0) die(d, "task");
            ntasks++;
            /* monthly score: whole or half points, 0-100 */
            double s = base + 4.0 * gauss();
            if (s > 100) s = 100;
            if (s < 0) s = 0;
            int64_t sx = (int64_t)(s * 2.0 + 0.5) * 50;
            const char *band = sx >= 9000 ? "HTXS" : sx >= 7000 ? "HTT" : sx >= 5000 ? "HTNV" : "KHT";
            hist[sx >= 9000 ? 0 : sx >= 7000 ? 1 : sx >= 5000 ? 2 : 3]++;
            db_bind_int(ia, 1, pid);
            db_bind_int(ia, 2, uid);
            db_bind_int(ia, 3, year);
            db_bind_int(ia, 4, m);
            db_bind_int(ia, 5, sx);
            db_bind_text(ia, 6, band);
            db_bind_text(ia, 7, created);
            db_bind_text(ia, 8, approved);
            if (db_step_done(ia) != 0) die(d, "assessment");
            nass++;
        }
        npeople++;
    }
    sqlite3_reset(pp);
    if (db_commit(d) != 0) die(d, "commit");
    double tl = now_s();
    for (size_t i = 0; i < nidx; i++) {
        if (db_exec(d, idx_sql[i]) != 0) die(d, idx_sql[i]);
        free(idx_sql[i]);
    }
    double t1 = now_s();
    db_exec(d, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
    double t2 = now_s();
    printf("gen_people=%zu\ngen_units=%zu\ngen_task_groups=%zu\ngen_tasks=%zu\ngen_assessments=%zu\n", npeople, nu,
           ngroups, ntasks, nass);
    printf("gen_month_bands=%" PRId64 "/%" PRId64 "/%" PRId64 "/%" PRId64 "\n", hist[0], hist[1], hist[2], hist[3]);
    printf("gen_seconds=%.2f\ngen_load_seconds=%.2f\ngen_index_seconds=%.2f\ngen_checkpoint_analyze_seconds=%.2f\n",
           t1 - t0, tl - t0, t1 - tl, t2 - t1);
    free(units);
    db_close(d);
    return 0;
}

/* --- rate ------------------------------------------------------------------ */

static handler_fn compute_handler(void)
{
    for (const struct route *r = api_eval_rating_routes; r->method; r++)
        if (!strcmp(r->method, "POST") && strstr(r->pattern, "/ratings/compute")) return r->fn;
    return NULL;
}

/* One call of the production handler; returns the HTTP status. */
static int call_compute(db *d, handler_fn fn, int64_t unit, int year, size_t *resp_len)
{
    char body[64];
    snprintf(body, sizeof body, "{\"year\":%d}", year);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/eval/units/%" PRId64 "/ratings/compute", unit);
    struct req r;
    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.path = path;
    r.client = "127.0.0.1";
    r.body = body;
    r.body_len = strlen(body);
    r.db = d;
    r.authed = 1;
    r.user.id = one_int(d, "SELECT min(id) FROM app_user WHERE role = 'admin'", 0);
    snprintf(r.user.username, sizeof r.user.username, "admin");
    snprintf(r.user.display_name, sizeof r.user.display_name, "Quản trị (bench)");
    r.user.role = ROLE_ADMIN;
    r.user.unit_id = 0;
    r.user.person_id = 0;
    r.params[0] = unit;
    struct resp out;
    memset(&out, 0, sizeof out);
    fn(&r, &out);
    if (out.status != 200) fprintf(stderr, "compute unit %" PRId64 ": %d %.300s\n", unit, out.status, out.body ? out.body : "");
    if (resp_len) *resp_len = out.len;
    free(out.body);
    return out.status;
}

/* The bare ceiling: the annual average per person over the same rows. */
static double ceiling(db *d, int year, int64_t *groups, int64_t *rows)
{
    double t0 = now_s();
    sqlite3_stmt *st = db_stmt(d, "SELECT person_id, avg(score_x100) FROM eval_assessment"
                                  " WHERE year = ?1 AND state = 'approved' AND score_x100 IS NOT NULL GROUP BY person_id");
    if (!st) die(d, "ceiling");
    db_bind_int(st, 1, year);
    int64_t n = 0;
    double sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) { n++; sum += sqlite3_column_double(st, 1); }
    sqlite3_reset(st);
    double t = now_s() - t0;
    *groups = n;
    *rows = one_int(d, "SELECT count(*) FROM eval_assessment WHERE year = ?1", year);
    if (n == 0 || sum <= 0) die(d, "ceiling: no rows");
    return t;
}

static int rate(const char *path, int year, int64_t unit, int per_unit)
{
    db *d = NULL;
    if (db_open(path, 0, &d) != 0) die(NULL, "open");
    if (db_migrate(d) != 0) die(d, "migrate");
    handler_fn fn = compute_handler();
    if (!fn) die(NULL, "no compute route");
    if (unit <= 0) unit = one_int(d, "SELECT unit_id FROM unit_version WHERE parent_id IS NULL ORDER BY unit_id LIMIT 1", 0);
    int64_t cg = 0, crows = 0;
    double c1 = ceiling(d, year, &cg, &crows); /* also warms the page cache */
    long hwm0 = vm_kb("VmHWM"), rss0 = vm_kb("VmRSS");
    reset_hwm();
    double cpu0 = cpu_s(), t0 = now_s();
    size_t len = 0, calls = 0, bad = 0;
    if (!per_unit) {
        calls = 1;
        if (call_compute(d, fn, unit, year, &len) != 200) bad++;
    } else {
        sqlite3_stmt *st = db_stmt(d, "SELECT DISTINCT unit_id FROM eval_assessment WHERE year = ?1 ORDER BY unit_id");
        db_bind_int(st, 1, year);
        int64_t *ids = NULL;
        size_t n = 0, cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n == cap) { cap = cap ? cap * 2 : 1024; ids = realloc(ids, cap * sizeof *ids); if (!ids) die(NULL, "memory"); }
            ids[n++] = sqlite3_column_int64(st, 0);
        }
        sqlite3_reset(st);
        const char *b = getenv("EVAL_YEAR_UNITS_BUDGET");
        double budget = b ? atof(b) : 300.0;
        for (size_t i = 0; i < n; i++) {
            if (now_s() - t0 > budget) { printf("units_stopped_after_budget_seconds=%.0f\nunits_total=%zu\n", budget, n); break; }
            size_t l = 0;
            calls++;
            if (call_compute(d, fn, ids[i], year, &l) != 200) bad++;
            len += l;
        }
        free(ids);
    }
    double t = now_s() - t0, cpu = cpu_s() - cpu0;
    long hwm = vm_kb("VmHWM");
    double c2 = 0;
    if (!per_unit) c2 = ceiling(d, year, &cg, &crows);
    int64_t written = per_unit ? one_int(d, "SELECT count(*) FROM eval_year_rating WHERE year = ?1 AND unit_id <> "
                                           "(SELECT unit_id FROM unit_version WHERE parent_id IS NULL ORDER BY unit_id LIMIT 1)", year)
                               : one_int(d, "SELECT count(*) FROM eval_year_rating WHERE year = ?1 AND unit_id = "
                                            "(SELECT unit_id FROM unit_version WHERE parent_id IS NULL ORDER BY unit_id LIMIT 1)", year);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const char *k = per_unit ? "units" : "rate";
    printf("%s_unit=%" PRId64 "\n%s_calls=%zu\n%s_failed=%zu\n%s_seconds=%.3f\n%s_cpu_seconds=%.3f\n", k, unit, k, calls, k,
           bad, k, t, k, cpu);
    printf("%s_rss_before_kb=%ld\n%s_hwm_before_kb=%ld\n%s_hwm_kb=%ld\n%s_maxrss_kb=%ld\n", k, rss0, k, hwm0, k, hwm, k,
           ru.ru_maxrss);
    printf("%s_rows_written=%" PRId64 "\n%s_response_bytes=%zu\n", k, written, k, len);
    printf("%s_ceiling_seconds=%.3f\n", k, c1);
    if (!per_unit) printf("%s_ceiling_after_seconds=%.3f\n", k, c2);
    printf("%s_ceiling_people=%" PRId64 "\n%s_ceiling_rows=%" PRId64 "\n", k, cg, k, crows);
    db_close(d);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: eval_year gen DB [YEAR] | rate DB [YEAR] [UNIT] | units DB [YEAR]\n");
        return 2;
    }
    int year = argc > 3 ? atoi(argv[3]) : 2026;
    if (!strcmp(argv[1], "gen")) return gen(argv[2], year);
    if (!strcmp(argv[1], "rate")) return rate(argv[2], year, argc > 4 ? strtoll(argv[4], NULL, 10) : 0, 0);
    if (!strcmp(argv[1], "units")) return rate(argv[2], year, 0, 1);
    fprintf(stderr, "eval_year: unknown command %s\n", argv[1]);
    return 2;
}
