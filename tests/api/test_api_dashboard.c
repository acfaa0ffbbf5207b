/* API tests for GET /api/v1/stats/dashboard against a live server over a
 * demo province (2,000 people): every count and list is compared with an
 * independent computation — a full scan of the people table in the test's
 * own SQL (subtrees by a recursive query over unit_version, not the
 * unit_closure table the server uses), with the legal rules applied here:
 *   retirement  NĐ 135/2020/NĐ-CP Art. 3-4 (core/retire.h), year-only
 *               birth dates counted from 1 January
 *   term end    5-year appointment term, NĐ 138/2020/NĐ-CP Art. 41(1)
 *               (core/career.h)
 *   salary step TT 08/2013/TT-BNV Art. 2 cycles on NĐ 204/2004 Bảng 2
 *               (core/salary.h)
 * and the scope: an officer (or leader) of one unit sees only the counts of
 * that unit's subtree; staff have no dashboard. Edge cases are written into
 * the database first: window boundaries, a year-only birth date, a retired
 * person, a start date without a title, people inside and outside the
 * officer's subtree. Run twice: on the real date and on a fixed date
 * (CANBO_TODAY) whose windows cross a year end. */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/career.h"
#include "core/date.h"
#include "core/retire.h"
#include "core/salary.h"
#include "harness.h"

extern Suite *suite_api_dashboard(void);

static struct server srv;
static cdate T;                 /* today, as the server sees it */
static char today_s[11];
static long long u_dept;        /* the officer's unit: the largest department */
static long long u_commune;     /* a second officer's unit */
/* Edge-case people written in setup. */
static long long term_in_dept, term_in_other, term_end_today, term_out_before, term_out_after;
static long long term_retired, term_no_title;
static long long sal_first_day, sal_last_day, sal_next_quarter, sal_vk, sal_in_dept;
static long long ret_year_only;  /* 0 when the date has no such case */

/* --- helpers ------------------------------------------------------------------ */

static sqlite3 *db_ro(void)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(srv.db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 5000);
    return h;
}

static long long sql_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long sql_int(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h = db_ro();
    long long v = -1;
    sqlite3_stmt *st;
    if (h && sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static void sql_do(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql_do(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (db_sql(&srv, sql) != 0) {
        fprintf(stderr, "sql failed: %s\n", sql);
        exit(1);
    }
}

static void iso(cdate d, char buf[11]) { date_format_iso(d, buf); }

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    return s && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 ? 0 : -1;
}

/* The windows, computed here from their definitions. */
static cdate ret_to(void) { return date_add_months(T, 6); }
static cdate term_to(void) { return T + 90; }
static void quarter(cdate *qs, cdate *qe)
{
    int y, m, d;
    date_to_ymd(T, &y, &m, &d);
    int first = (m - 1) / 3 * 3 + 1;
    date_from_ymd(y, first, 1, qs);
    date_from_ymd(y, first + 2, date_days_in_month(y, first + 2), qe);
}

/* A start date whose 5-year term ends on `end` (term_end is not invertible in
 * closed form around 29 February: search near five years earlier). */
static cdate term_start_for(cdate end)
{
    cdate guess = date_add_months(end + 1, -60);
    for (cdate s = guess - 5; s <= guess + 5; s++)
        if (term_end(s) == end) return s;
    return CDATE_NONE;
}

/* --- the independent computation ------------------------------------------------ */

struct row { long long id; cdate date; };
struct rows { struct row *v; size_t n, cap; };
struct expect {
    long long people;
    long long units_with_quota, quota, headcount, open, over;
    struct rows ret, term, sal;
};

static void rows_add(struct rows *r, long long id, cdate date)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v) abort();
    }
    r->v[r->n].id = id;
    r->v[r->n].date = date;
    r->n++;
}

static int cmp_row(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    if (a->date != b->date) return a->date < b->date ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static void expect_free(struct expect *e)
{
    free(e->ret.v);
    free(e->term.v);
    free(e->sal.v);
    memset(e, 0, sizeof *e);
}

/* Units valid today under `root` (every unit when root is 0), by walking the
 * parent links of the versions valid today. */
#define SUBTREE_CTE \
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT v.unit_id FROM unit_version v JOIN sub ON v.parent_id = sub.id" \
    " WHERE v.valid_from <= ?2 AND (v.valid_to IS NULL OR v.valid_to > ?2)) "

static void expected(long long root, struct expect *e)
{
    memset(e, 0, sizeof *e);
    sqlite3 *h = db_ro();
    ck_assert_ptr_nonnull(h);
    sqlite3_stmt *st;
    /* People: a full scan; the rules decide. */
    ck_assert_int_eq(sqlite3_prepare_v2(h, SUBTREE_CTE
        "SELECT p.id, p.birth_date, p.birth_precision, p.sex, p.title_id, p.title_since, r.salary_group,"
        " p.salary_step, p.salary_since, coalesce(p.vk_percent, 0)"
        " FROM person p LEFT JOIN ref_rank r ON r.code = p.rank_code"
        " WHERE p.status = 'active' AND (?1 = 0 OR p.unit_id IN (SELECT id FROM sub))", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, root);
    sqlite3_bind_text(st, 2, today_s, -1, SQLITE_STATIC);
    cdate qs, qe;
    quarter(&qs, &qe);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        e->people++;
        int y, m, d;
        if (parse_ymd((const char *)sqlite3_column_text(st, 1), &y, &m, &d) == 0) {
            int prec = sqlite3_column_int(st, 2), sex = sqlite3_column_int(st, 3);
            struct retire_result rr;
            if (retire_compute(y, prec == BIRTH_Y ? 0 : m, sex == 2 ? SEX_FEMALE : SEX_MALE, &rr) == 0 &&
                rr.retire_date >= T && rr.retire_date <= ret_to())
                rows_add(&e->ret, id, rr.retire_date);
        }
        cdate ts;
        if (sqlite3_column_type(st, 4) != SQLITE_NULL && parse_ymd((const char *)sqlite3_column_text(st, 5), &y, &m, &d) == 0 &&
            date_from_ymd(y, m, d, &ts) == 0) {
            cdate end = term_end(ts);
            if (end >= T && end <= term_to()) rows_add(&e->term, id, end);
        }
        const char *group = (const char *)sqlite3_column_text(st, 6);
        int step = sqlite3_column_int(st, 7);
        cdate since;
        if (group && step > 0 && parse_ymd((const char *)sqlite3_column_text(st, 8), &y, &m, &d) == 0 &&
            date_from_ymd(y, m, d, &since) == 0) {
            struct salary_next sn;
            if (salary_next_step(group, step, since, sqlite3_column_int(st, 9), &sn) == 0 && sn.due >= qs && sn.due <= qe)
                rows_add(&e->sal, id, sn.due);
        }
    }
    sqlite3_finalize(st);
    struct rows *all[] = {&e->ret, &e->term, &e->sal};
    for (int i = 0; i < 3; i++)
        if (all[i]->n > 1) qsort(all[i]->v, all[i]->n, sizeof *all[i]->v, cmp_row);
    /* Biên chế: units valid today that have a quota, headcount by GROUP BY. */
    ck_assert_int_eq(sqlite3_prepare_v2(h, SUBTREE_CTE
        "SELECT count(*), coalesce(sum(v.quota), 0), coalesce(sum(coalesce(hc.n, 0)), 0),"
        " coalesce(sum(max(v.quota - coalesce(hc.n, 0), 0)), 0), coalesce(sum(coalesce(hc.n, 0) > v.quota), 0)"
        " FROM unit_version v LEFT JOIN (SELECT unit_id, count(*) AS n FROM person WHERE status = 'active'"
        " GROUP BY unit_id) hc ON hc.unit_id = v.unit_id"
        " WHERE v.valid_from <= ?2 AND (v.valid_to IS NULL OR v.valid_to > ?2) AND v.quota IS NOT NULL"
        " AND (?1 = 0 OR v.unit_id IN (SELECT id FROM sub))", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, root);
    sqlite3_bind_text(st, 2, today_s, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    e->units_with_quota = sqlite3_column_int64(st, 0);
    e->quota = sqlite3_column_int64(st, 1);
    e->headcount = sqlite3_column_int64(st, 2);
    e->open = sqlite3_column_int64(st, 3);
    e->over = sqlite3_column_int64(st, 4);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* --- comparing with the API ------------------------------------------------------ */

static void login(struct client *c, const char *user)
{
    client_init(c, &srv);
    int st = client_login(c, user, !strcmp(user, "admin") ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD);
    ck_assert_int_eq(st, 200);
}

static void check_group(json_t *g, const struct rows *want, const char *name, const char *date_member)
{
    ck_assert_msg(json_is_object(g), "%s missing", name);
    long long count = (long long)json_integer_value(json_object_get(g, "count"));
    ck_assert_msg(count == (long long)want->n, "%s: API %lld, expected %zu", name, count, want->n);
    json_t *items = json_object_get(g, "items");
    size_t n = want->n < 20 ? want->n : 20;
    ck_assert_int_eq((long long)json_array_size(items), (long long)n);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        ck_assert_int_eq((long long)json_integer_value(json_object_get(it, "id")), want->v[i].id);
        char d[11];
        iso(want->v[i].date, d);
        ck_assert_str_eq(json_string_value(json_object_get(it, date_member)), d);
        ck_assert_ptr_nonnull(json_string_value(json_object_get(it, "full_name")));
    }
}

/* GET the dashboard as `user` (narrowed to `unit` when > 0) and compare it with
 * the independent computation over the subtree of `root` (0 = everything). */
static void check_dashboard(const char *user, long long unit, long long root)
{
    struct client c;
    login(&c, user);
    if (unit > 0) ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/dashboard?unit=%lld", unit), 200);
    else ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard", NULL), 200);
    struct expect e;
    expected(root, &e);
    ck_assert_str_eq(jstr(&c, "as_of"), today_s);
    ck_assert_int_eq(jint(&c, "people.count"), e.people);
    ck_assert_int_gt(e.people, 0);
    ck_assert_int_eq(jint(&c, "vacancies.count"), e.quota - e.headcount);
    ck_assert_int_eq(jint(&c, "vacancies.quota"), e.quota);
    ck_assert_int_eq(jint(&c, "vacancies.headcount"), e.headcount);
    ck_assert_int_eq(jint(&c, "vacancies.open"), e.open);
    ck_assert_int_eq(jint(&c, "vacancies.units_over"), e.over);
    ck_assert_int_eq(jint(&c, "vacancies.units_with_quota"), e.units_with_quota);
    check_group(jget(&c, "retirements"), &e.ret, "retirements", "retire_date");
    check_group(jget(&c, "terms_ending"), &e.term, "terms_ending", "term_end");
    check_group(jget(&c, "salary_steps"), &e.sal, "salary_steps", "due");
    char d[11];
    iso(T, d);
    ck_assert_str_eq(jstr(&c, "retirements.from"), d);
    iso(ret_to(), d);
    ck_assert_str_eq(jstr(&c, "retirements.to"), d);
    iso(term_to(), d);
    ck_assert_str_eq(jstr(&c, "terms_ending.to"), d);
    cdate qs, qe;
    quarter(&qs, &qe);
    iso(qs, d);
    ck_assert_str_eq(jstr(&c, "salary_steps.from"), d);
    iso(qe, d);
    ck_assert_str_eq(jstr(&c, "salary_steps.to"), d);
    /* Vacancies: largest first. */
    json_t *vi = jget(&c, "vacancies.items");
    for (size_t i = 1; i < json_array_size(vi); i++)
        ck_assert_int_ge(json_integer_value(json_object_get(json_array_get(vi, i - 1), "vacancy")),
                         json_integer_value(json_object_get(json_array_get(vi, i), "vacancy")));
    expect_free(&e);
    client_free(&c);
}

/* Every page of one group, concatenated, against the expected order. */
static void check_list(const char *user, const char *kind, const struct rows *want)
{
    struct client c;
    login(&c, user);
    size_t seen = 0;
    for (int page = 1; page < 1000; page++) {
        ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/dashboard/%s?page=%d&per_page=7", kind, page), 200);
        ck_assert_int_eq(jint(&c, "count"), (long long)want->n);
        ck_assert_int_eq(jint(&c, "page"), page);
        json_t *items = jget(&c, "items");
        if (json_array_size(items) == 0) break;
        for (size_t i = 0; i < json_array_size(items); i++, seen++) {
            ck_assert_uint_lt(seen, want->n);
            ck_assert_int_eq((long long)json_integer_value(json_object_get(json_array_get(items, i), "id")), want->v[seen].id);
        }
    }
    ck_assert_uint_eq(seen, want->n);
    client_free(&c);
}

static int rows_has(const struct rows *r, long long id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].id == id) return 1;
    return 0;
}

/* --- fixture: the demo province plus edge cases ----------------------------------- */

/* An active person matching `where` (SQL over person p), not picked before. */
static char used[512] = "0";

static long long pick(const char *where)
{
    long long id = sql_int("SELECT p.id FROM person p WHERE p.status = 'active' AND (%s)"
                           " AND p.id NOT IN (%s) ORDER BY p.id LIMIT 1", where, used);
    if (id <= 0) {
        fprintf(stderr, "no person for: %s\n", where);
        exit(1);
    }
    size_t n = strlen(used);
    snprintf(used + n, sizeof used - n, ",%lld", id);
    return id;
}

static void set_title_since(long long id, cdate end)
{
    char d[11];
    iso(term_start_for(end), d);
    sql_do("UPDATE person SET title_since = '%s' WHERE id = %lld", d, id);
}

static void set_salary(long long id, const char *rank, int step, int vk, cdate since)
{
    char d[11];
    iso(since, d);
    sql_do("UPDATE person SET rank_code = '%s', salary_step = %d, vk_percent = %d, salary_since = '%s' WHERE id = %lld",
           rank, step, vk, d, id);
}

static void inject_edges(void)
{
    snprintf(used, sizeof used, "0");
    char in_dept[200], outside[200];
    snprintf(in_dept, sizeof in_dept, "p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = %lld)", u_dept);
    snprintf(outside, sizeof outside, "p.unit_id NOT IN (SELECT descendant FROM unit_closure WHERE ancestor = %lld)", u_dept);
    char w[400];
    /* Terms: the first and last day of the window, just outside it, inside and
     * outside the officer's subtree, a retired person, a date without a title. */
    snprintf(w, sizeof w, "p.title_id IS NOT NULL AND %s", outside);
    term_end_today = pick(w);
    set_title_since(term_end_today, T);
    term_in_other = pick(w);
    set_title_since(term_in_other, term_to());
    term_out_before = pick(w);
    set_title_since(term_out_before, T - 1);
    term_out_after = pick(w);
    set_title_since(term_out_after, term_to() + 1);
    term_retired = pick(w);
    set_title_since(term_retired, T + 10);
    /* Retired as the records would show it: status and the posting closed. */
    sql_do("UPDATE person SET status = 'retired' WHERE id = %lld", term_retired);
    sql_do("UPDATE posting SET valid_to = '%s' WHERE person_id = %lld AND valid_to IS NULL", today_s, term_retired);
    snprintf(w, sizeof w, "p.title_id IS NOT NULL AND %s", in_dept);
    term_in_dept = pick(w);
    set_title_since(term_in_dept, T + 30);
    snprintf(w, sizeof w, "p.title_id IS NULL AND %s", outside);
    term_no_title = pick(w);
    set_title_since(term_no_title, T + 20);
    /* Salary (Chuyên viên, group A1, 36-month cycle; 9 steps). */
    cdate qs, qe;
    quarter(&qs, &qe);
    sal_first_day = pick(outside);
    set_salary(sal_first_day, "01.003", 3, 0, date_add_months(qs, -36));
    sal_last_day = pick(outside);
    set_salary(sal_last_day, "01.003", 4, 0, date_add_months(qe, -36));
    sal_next_quarter = pick(outside);
    set_salary(sal_next_quarter, "01.003", 4, 0, date_add_months(qe + 1, -36));
    /* On the last step with 7 % vượt khung: +1 % every 12 months. */
    sal_vk = pick(outside);
    set_salary(sal_vk, "01.003", 9, 7, date_add_months(qs, -12) + 10);
    sal_in_dept = pick(in_dept);
    set_salary(sal_in_dept, "01.003", 2, 0, date_add_months(qs, -36) + 20);
    /* Retirement: a year-only birth date stored as a later day of that year,
     * which the January rule puts inside the window while the stored month
     * would not. */
    ret_year_only = 0;
    for (int y = 1950; y <= 1985 && !ret_year_only; y++)
        for (int sex = 1; sex <= 2 && !ret_year_only; sex++) {
            struct retire_result jan, dec;
            if (retire_compute(y, 0, (enum sex)sex, &jan) || retire_compute(y, 12, (enum sex)sex, &dec)) continue;
            if (jan.retire_date < T || jan.retire_date > ret_to() || (dec.retire_date >= T && dec.retire_date <= ret_to()))
                continue;
            snprintf(w, sizeof w, "p.sex = %d AND %s", sex, outside);
            ret_year_only = pick(w);
            sql_do("UPDATE person SET birth_date = '%04d-12-20', birth_precision = 2 WHERE id = %lld", y, ret_year_only);
        }
    if (!ret_year_only) fprintf(stderr, "dashboard: no year-only retirement case in the window of %s\n", today_s);
}

static void setup_common(void)
{
    T = date_today();
    iso(T, today_s);
    if (server_start(&srv, 2000) != 0) { fprintf(stderr, "server did not start\n"); exit(1); }
    /* The officer's unit: the department with the most people in its subtree. */
    u_dept = sql_int("SELECT c.ancestor FROM unit_closure c JOIN unit_version v ON v.unit_id = c.ancestor"
                     " AND v.valid_to IS NULL AND v.type = 'department' JOIN person p ON p.unit_id = c.descendant"
                     " GROUP BY c.ancestor ORDER BY count(*) DESC, c.ancestor LIMIT 1");
    u_commune = sql_int("SELECT v.unit_id FROM unit_version v WHERE v.valid_to IS NULL AND v.type IN ('commune', 'ward')"
                        " AND EXISTS (SELECT 1 FROM person p WHERE p.unit_id = v.unit_id) ORDER BY v.unit_id LIMIT 1");
    if (u_dept <= 0 || u_commune <= 0) { fprintf(stderr, "demo units not found\n"); exit(1); }
    long long staff = sql_int("SELECT id FROM person ORDER BY id DESC LIMIT 1");
    if (make_user(&srv, "officer.dept", "officer", u_dept, 0) || make_user(&srv, "leader.dept", "leader", u_dept, 0) ||
        make_user(&srv, "officer.xa", "officer", u_commune, 0) || make_user(&srv, "staff.one", "staff", 0, staff)) {
        fprintf(stderr, "make_user failed\n");
        exit(1);
    }
    inject_edges();
}

static void setup_today(void)
{
    unsetenv("CANBO_TODAY");
    setup_common();
}

/* Windows that cross a year end (the retirement age changes on 1 January),
 * and a year-only birth date the January rule puts inside the window. */
static void setup_fixed(void)
{
    setenv("CANBO_TODAY", "2026-12-15", 1);
    setup_common();
}

static void teardown(void)
{
    server_stop(&srv);
    unsetenv("CANBO_TODAY");
}

/* --- tests --------------------------------------------------------------------------- */

START_TEST(admin_counts_match_independent_computation)
{
    check_dashboard("admin", 0, 0);
}
END_TEST

START_TEST(officer_sees_only_their_subtree)
{
    check_dashboard("officer.dept", 0, u_dept);
    check_dashboard("leader.dept", 0, u_dept);
    check_dashboard("officer.xa", 0, u_commune);
    /* Admin narrowed to the same unit sees the same figures. */
    check_dashboard("admin", u_dept, u_dept);
    /* The officer's counts are a strict part of the province's. */
    struct expect all, dept;
    expected(0, &all);
    expected(u_dept, &dept);
    ck_assert_int_lt(dept.people, all.people);
    ck_assert_int_lt(dept.term.n, all.term.n);
    ck_assert_int_lt(dept.sal.n, all.sal.n);
    ck_assert(rows_has(&dept.term, term_in_dept) && !rows_has(&dept.term, term_in_other));
    ck_assert(rows_has(&dept.sal, sal_in_dept) && !rows_has(&dept.sal, sal_first_day));
    struct client c;
    login(&c, "officer.dept");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/terms_ending?per_page=500", NULL), 200);
    json_t *items = jget(&c, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        ck_assert_int_ne(json_integer_value(json_object_get(json_array_get(items, i), "id")), term_in_other);
    /* A unit outside the subtree is not found (existence not revealed). */
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/dashboard?unit=%lld", u_commune), 404);
    ck_assert_str_eq(jerr(&c), "not_found");
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/dashboard/retirements?unit=%lld", u_commune), 404);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard?unit=abc", NULL), 404);
    ck_assert_int_eq(client_reqf(&c, "GET", NULL, "/api/v1/stats/dashboard?unit=%lld", u_dept), 200);
    ck_assert_int_eq(jint(&c, "scope.unit.id"), u_dept);
    client_free(&c);
    expect_free(&all);
    expect_free(&dept);
}
END_TEST

START_TEST(edge_cases_fall_on_the_right_side)
{
    struct expect e;
    expected(0, &e);
    /* The independent computation itself: both window ends are inside. */
    ck_assert(rows_has(&e.term, term_end_today));
    ck_assert(rows_has(&e.term, term_in_other));
    ck_assert(rows_has(&e.term, term_in_dept));
    ck_assert(!rows_has(&e.term, term_out_before));
    ck_assert(!rows_has(&e.term, term_out_after));
    ck_assert(!rows_has(&e.term, term_retired));
    ck_assert(!rows_has(&e.term, term_no_title));
    ck_assert(rows_has(&e.sal, sal_first_day));
    ck_assert(rows_has(&e.sal, sal_last_day));
    ck_assert(!rows_has(&e.sal, sal_next_quarter));
    ck_assert(rows_has(&e.sal, sal_vk));
    if (ret_year_only) ck_assert(rows_has(&e.ret, ret_year_only));
    /* And the API agrees on every row of every group, page after page. */
    check_list("admin", "retirements", &e.ret);
    check_list("admin", "terms_ending", &e.term);
    check_list("admin", "salary_steps", &e.sal);
    struct client c;
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/terms_ending?per_page=500", NULL), 200);
    /* The first row ends today; its start is reported as stored. */
    ck_assert_int_eq(jint(&c, "items.0.id"), term_end_today);
    ck_assert_str_eq(jstr(&c, "items.0.term_end"), today_s);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/salary_steps?per_page=500", NULL), 200);
    json_t *items = jget(&c, "items"), *it;
    size_t i;
    int found_vk = 0;
    json_array_foreach(items, i, it) {
        if (json_integer_value(json_object_get(it, "id")) != sal_vk) continue;
        found_vk = 1;
        ck_assert(json_is_true(json_object_get(it, "at_top")));
        ck_assert_int_eq(json_integer_value(json_object_get(it, "vk_percent")), 8);
        ck_assert_int_eq(json_integer_value(json_object_get(it, "next_coef_x100")), 498);
    }
    ck_assert(found_vk);
    if (ret_year_only) {
        ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/retirements?per_page=500", NULL), 200);
        int found = 0;
        json_array_foreach(jget(&c, "items"), i, it)
            if (json_integer_value(json_object_get(it, "id")) == ret_year_only) found = 1;
        ck_assert(found);
    }
    client_free(&c);
    expect_free(&e);
}
END_TEST

/* The same biên chế figures from the tree API (headcount from postings). */
START_TEST(vacancies_agree_with_the_tree)
{
    const char *users[] = {"admin", "officer.dept"};
    for (int k = 0; k < 2; k++) {
        struct client c;
        login(&c, users[k]);
        ck_assert_int_eq(client_req(&c, "GET", "/api/v1/units", NULL), 200);
        long long net = 0;
        json_t *it;
        size_t i;
        json_array_foreach(jget(&c, "items"), i, it) {
            json_t *q = json_object_get(it, "quota");
            if (json_is_integer(q)) net += json_integer_value(q) - json_integer_value(json_object_get(it, "headcount"));
        }
        ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard", NULL), 200);
        ck_assert_int_eq(jint(&c, "vacancies.count"), net);
        client_free(&c);
    }
}
END_TEST

START_TEST(roles_and_bad_requests)
{
    struct client c;
    login(&c, "staff.one");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard", NULL), 403);
    ck_assert_str_eq(jerr(&c), "forbidden");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/retirements", NULL), 403);
    client_free(&c);
    client_init(&c, &srv);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard", NULL), 401);
    client_free(&c);
    login(&c, "admin");
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/nope", NULL), 404);
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard?unit=999999", NULL), 404);
    ck_assert_str_eq(jstr(&c, "error.field"), "unit");
    /* Vacancies as a list: every unit with a quota, largest first. */
    ck_assert_int_eq(client_req(&c, "GET", "/api/v1/stats/dashboard/vacancies?per_page=500", NULL), 200);
    struct expect e;
    expected(0, &e);
    ck_assert_int_eq(jint(&c, "total"), e.units_with_quota);
    ck_assert_int_eq(jint(&c, "count"), e.quota - e.headcount);
    expect_free(&e);
    client_free(&c);
}
END_TEST

Suite *suite_api_dashboard(void)
{
    Suite *s = suite_create("api_dashboard");
    TCase *tc = tcase_create("today");
    tcase_add_unchecked_fixture(tc, setup_today, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, admin_counts_match_independent_computation);
    tcase_add_test(tc, officer_sees_only_their_subtree);
    tcase_add_test(tc, edge_cases_fall_on_the_right_side);
    tcase_add_test(tc, vacancies_agree_with_the_tree);
    tcase_add_test(tc, roles_and_bad_requests);
    suite_add_tcase(s, tc);
    TCase *fx = tcase_create("fixed_date");
    tcase_add_unchecked_fixture(fx, setup_fixed, teardown);
    tcase_set_timeout(fx, 120);
    tcase_add_test(fx, admin_counts_match_independent_computation);
    tcase_add_test(fx, officer_sees_only_their_subtree);
    tcase_add_test(fx, edge_cases_fall_on_the_right_side);
    tcase_add_test(fx, vacancies_agree_with_the_tree);
    suite_add_tcase(s, fx);
    return s;
}
