/* /api/v1/stats/dashboard: the counts on the home page, for the user's scope
 * (optionally narrowed with ?unit=ID to a subtree inside it):
 *
 *   people        active people
 *   vacancies     biên chế: sum over the units in scope that have a quota of
 *                 (quota - headcount); with the open places, over-quota units
 *   retirements   people whose retirement date (NĐ 135/2020, core/retire.h)
 *                 falls within the next 6 months
 *   terms_ending  leadership terms (title_since + 5 years, core/career.h)
 *                 ending within the next 90 days
 *   salary_steps  regular salary rises (TT 08/2013, core/salary.h) due in the
 *                 current calendar quarter
 *
 * Each group has a count and its first 20 rows (soonest first; vacancies:
 * largest first). GET /api/v1/stats/dashboard/:kind pages through one whole
 * group. Candidates come from an indexed date range in db/stats.c; the rules
 * in core/ decide. Staff (own record only) have no dashboard. */
#include "api/api.h"
#include "core/career.h"
#include "core/date.h"
#include "core/retire.h"
#include "core/salary.h"
#include "db/admin.h"
#include "db/person.h"
#include "db/stats.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DASH_TOP 20
#define RETIRE_WINDOW_MONTHS 6
#define TERM_WINDOW_DAYS 90

enum { K_RETIRE, K_TERM, K_SALARY, K_VACANCY, K_COUNT };
static const char *const kind_names[K_COUNT] = {"retirements", "terms_ending", "salary_steps", "vacancies"};

/* One match of a rule: the person (or unit) and the date it is due. */
struct hit {
    int64_t id;
    cdate date;
    int a, b, c, d;          /* kind-specific figures (see to_json) */
};

struct hits {
    struct hit *v;
    size_t n, cap;
    cdate from, to;          /* the window */
    int failed;
};

static int hits_add(struct hits *h, const struct hit *x)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        struct hit *nv = realloc(h->v, cap * sizeof *nv);
        if (!nv) { h->failed = 1; return -1; }
        h->v = nv;
        h->cap = cap;
    }
    h->v[h->n++] = *x;
    return 0;
}

static int cmp_soonest(const void *pa, const void *pb)
{
    const struct hit *a = pa, *b = pb;
    if (a->date != b->date) return a->date < b->date ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Vacancies: largest (quota - headcount) first, then unit id. */
static int cmp_vacancy(const void *pa, const void *pb)
{
    const struct hit *a = pa, *b = pb;
    int va = a->a - a->b, vb = b->a - b->b;
    if (va != vb) return va > vb ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static void hits_sort_unique(struct hits *h, int (*cmp)(const void *, const void *))
{
    if (h->n > 1) qsort(h->v, h->n, sizeof *h->v, cmp);
    /* The candidate ranges are disjoint, but never count anyone twice. */
    size_t k = 0;
    for (size_t i = 0; i < h->n; i++)
        if (!k || h->v[k - 1].id != h->v[i].id || h->v[k - 1].date != h->v[i].date) h->v[k++] = h->v[i];
    h->n = k;
}

/* --- the rules over the candidates --------------------------------------- */

static int on_retire(void *ctx, const struct stats_person *p)
{
    struct hits *h = ctx;
    cdate bd;
    if (!p->birth_date || date_parse_iso(p->birth_date, &bd) != 0) return 0;
    int y, m, day;
    date_to_ymd(bd, &y, &m, &day);
    struct retire_result rr;
    /* As the person's computed fields (api/people.c): year-only records count from January. */
    if (retire_compute(y, p->birth_precision == BIRTH_Y ? 0 : m, p->sex == 2 ? SEX_FEMALE : SEX_MALE, &rr) != 0)
        return 0;
    if (rr.retire_date < h->from || rr.retire_date > h->to) return 0;
    struct hit x = {p->id, rr.retire_date, rr.age_months, 0, 0, 0};
    return hits_add(h, &x);
}

static int on_term(void *ctx, const struct stats_person *p)
{
    struct hits *h = ctx;
    cdate ts;
    if (!p->has_title || !p->title_since || date_parse_iso(p->title_since, &ts) != 0) return 0;
    cdate end = term_end(ts);
    if (end == CDATE_NONE || end < h->from || end > h->to) return 0;
    struct hit x = {p->id, end, (int)ts, 0, 0, 0};
    return hits_add(h, &x);
}

static int on_salary(void *ctx, const struct stats_person *p)
{
    struct hits *h = ctx;
    cdate since;
    if (!p->salary_group || !p->salary_since || p->salary_step <= 0 || date_parse_iso(p->salary_since, &since) != 0)
        return 0;
    struct salary_next sn;
    if (salary_next_step(p->salary_group, p->salary_step, since, p->vk_percent, &sn) != 0) return 0;
    if (sn.due < h->from || sn.due > h->to) return 0;
    struct hit x = {p->id, sn.due, sn.next_step, sn.next_coef_x100, sn.at_top, sn.vk_percent};
    return hits_add(h, &x);
}

/* --- candidate ranges ------------------------------------------------------ */

static void iso(cdate d, char buf[11]) { date_format_iso(d, buf); }

static cdate month_first(int mi)
{
    cdate d = CDATE_NONE;
    date_from_ymd(month_index_year(mi), month_index_month(mi), 1, &d);
    return d;
}

static int month_of(cdate d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return month_index(y, m);
}

/* Retirement in [from, to]: the retirement month t is birth month b plus the
 * age required in t's year (core/retire.c), and that age only grows with the
 * year, so b lies in [t0 - A(year t1), t1 - A(year t0)] (one month of slack
 * on each side). Year-only records count from January of the stored year, so
 * they are also looked for up to the end of that year. */
static int find_retirements(db *d, const struct scope *sc, int64_t unit, struct hits *h)
{
    int t0 = month_of(h->from), t1 = month_of(h->to);
    for (int sex = SEX_MALE; sex <= SEX_FEMALE; sex++) {
        int amin = retire_age_months_in_year((enum sex)sex, month_index_year(t0));
        int amax = retire_age_months_in_year((enum sex)sex, month_index_year(t1));
        int blo = t0 - amax - 1, bhi = t1 - amin + 1;
        char lo[11], hi[11], hi1[11], yend[11];
        iso(month_first(blo), lo);
        iso(date_month_end(bhi), hi);
        iso(date_month_end(bhi) + 1, hi1);
        iso(date_month_end(month_index(month_index_year(bhi), 12)), yend);
        if (db_stats_born_between(d, sc, unit, sex, lo, hi, 0, on_retire, h) != 0) return -1;
        if (strcmp(hi1, yend) <= 0 && db_stats_born_between(d, sc, unit, sex, hi1, yend, BIRTH_Y, on_retire, h) != 0)
            return -1;
    }
    return 0;
}

/* Term end in [from, to]: the term started five years (60 months) earlier,
 * give or take the 29 February rule and month-end clamping (a few days). */
static int find_terms(db *d, const struct scope *sc, int64_t unit, struct hits *h)
{
    char lo[11], hi[11];
    iso(date_add_months(h->from, -60) - 3, lo);
    iso(date_add_months(h->to, -60) + 3, hi);
    return db_stats_title_since_between(d, sc, unit, lo, hi, on_term, h);
}

/* Salary rise due in [from, to] (TT 08/2013 via core/salary.h): without
 * vượt khung, due = since + the group's cycle_months; with it, since + 12
 * months. So the candidates are: per distinct cycle, the groups having it and
 * no vượt khung; and anyone with vượt khung 12 months back. The ranges are
 * widened by the month-end clamping of date_add_months (a few days) and come
 * from core's table, so a new group or cycle needs no change here; the rule
 * itself decides on each candidate. All ranges in one query. */
static int find_salary(db *d, const struct scope *sc, int64_t unit, struct hits *h)
{
    struct stats_salary_range r[STATS_MAX_RANGES];
    char lo[STATS_MAX_RANGES][11], hi[STATS_MAX_RANGES][11], groups[STATS_MAX_RANGES][256];
    int cyc[STATS_MAX_RANGES];
    int n = 0;
    cyc[n] = 12;
    r[n].vk = 1;
    r[n].groups_json = NULL;
    n++;
    for (const struct salary_group *g = salary_groups; g->code; g++) {
        int k = 1;
        while (k < n && cyc[k] != g->cycle_months) k++;
        if (k == n) {
            if (n == STATS_MAX_RANGES) return -1; /* more cycles than the query takes */
            cyc[n] = g->cycle_months;
            r[n].vk = 0;
            snprintf(groups[n], sizeof groups[n], "[");
            r[n].groups_json = groups[n];
            n++;
        }
        size_t used = strlen(groups[k]);
        int w = snprintf(groups[k] + used, sizeof groups[k] - used, "%s\"%s\"", used > 1 ? "," : "", g->code);
        if (w < 0 || (size_t)w >= sizeof groups[k] - used - 1) return -1;
    }
    for (int i = 0; i < n; i++) {
        if (i > 0) strcat(groups[i], "]");
        iso(date_add_months(h->from, -cyc[i]) - 4, lo[i]);
        iso(date_add_months(h->to, -cyc[i]) + 4, hi[i]);
        r[i].from = lo[i];
        r[i].to = hi[i];
    }
    return db_stats_salary_since_in(d, sc, unit, r, n, on_salary, h);
}

/* Headcount by unit (sorted by unit id after the pass). */
struct counts {
    struct { int64_t unit, n; } *v;
    size_t n, cap;
    int64_t total;           /* active people in scope */
    int failed;
};

static int on_count(void *ctx, int64_t unit, int64_t n)
{
    struct counts *c = ctx;
    c->total += n;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        void *nv = realloc(c->v, cap * sizeof *c->v);
        if (!nv) { c->failed = 1; return -1; }
        c->v = nv;
        c->cap = cap;
    }
    c->v[c->n].unit = unit;
    c->v[c->n].n = n;
    c->n++;
    return 0;
}

static int cmp_count(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int64_t count_of(const struct counts *c, int64_t unit)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->v[mid].unit == unit) return c->v[mid].n;
        if (c->v[mid].unit < unit) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

struct vac {
    struct hits h;           /* a = quota, b = headcount */
    const struct counts *counts;
    int64_t quota, headcount, open, units_over, units_with_quota, units;
};

static int on_unit(void *ctx, const struct stats_unit *u)
{
    struct vac *v = ctx;
    v->units++;
    if (!u->has_quota) return 0;
    int64_t hc = count_of(v->counts, u->id);
    v->units_with_quota++;
    v->quota += u->quota;
    v->headcount += hc;
    if (u->quota > hc) v->open += u->quota - hc;
    if (hc > u->quota) v->units_over++;
    struct hit x = {u->id, 0, (int)u->quota, (int)hc, 0, 0};
    return hits_add(&v->h, &x);
}

/* --- JSON ------------------------------------------------------------------ */

static json_t *person_item(db *d, int kind, const struct hit *x)
{
    json_t *o = db_stats_person_brief(d, x->id);
    if (!o) return NULL;
    char buf[11];
    iso(x->date, buf);
    switch (kind) {
    case K_RETIRE:
        json_object_set_new(o, "retire_date", json_string(buf));
        json_object_set_new(o, "retire_age", json_pack("{s:i,s:i}", "years", x->a / 12, "months", x->a % 12));
        break;
    case K_TERM: {
        char since[11];
        iso((cdate)x->a, since);
        json_object_set_new(o, "title_since", json_string(since));
        json_object_set_new(o, "term_end", json_string(buf));
        break;
    }
    case K_SALARY:
        json_object_set_new(o, "due", json_string(buf));
        json_object_set_new(o, "next_step", json_integer(x->a));
        json_object_set_new(o, "next_coef_x100", json_integer(x->b));
        json_object_set_new(o, "at_top", json_boolean(x->c));
        json_object_set_new(o, "vk_percent", json_integer(x->d));
        break;
    default: break;
    }
    return o;
}

/* Unit names are looked up only for the rows shown. */
static json_t *unit_item(db *d, const struct hit *x)
{
    char name[256] = "";
    db_unit_current_name(d, x->id, name, sizeof name);
    return json_pack("{s:I,s:s,s:i,s:i,s:i}", "unit_id", (json_int_t)x->id, "name", name, "quota", x->a,
                     "headcount", x->b, "vacancy", x->a - x->b);
}

static json_t *items_json(db *d, int kind, const struct hits *h, size_t off, size_t count)
{
    json_t *arr = json_array();
    for (size_t i = off; i < h->n && i < off + count; i++) {
        json_t *o = kind == K_VACANCY ? unit_item(d, &h->v[i]) : person_item(d, kind, &h->v[i]);
        if (o) json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *group_json(db *d, int kind, const struct hits *h, size_t off, size_t count)
{
    /* total: the rows of the group (what pages go through); count: the figure
     * shown (the same, except for vacancies: see vac_figures). */
    json_t *o = json_pack("{s:I,s:I,s:o}", "count", (json_int_t)h->n, "total", (json_int_t)h->n, "items",
                          items_json(d, kind, h, off, count));
    if (kind != K_VACANCY) {
        char a[11], b[11];
        iso(h->from, a);
        iso(h->to, b);
        json_object_set_new(o, "from", json_string(a));
        json_object_set_new(o, "to", json_string(b));
    }
    return o;
}

/* --- handlers -------------------------------------------------------------- */

/* Scope and the optional ?unit= subtree. 0, or -1 with the reply written. */
static int dash_scope(struct req *r, struct resp *out, struct scope *sc, int64_t *unit)
{
    if (r->user.role == ROLE_STAFF || r->user.role == ROLE_NONE) {
        resp_error(out, 403, "forbidden", NULL, "Trang tổng quan dành cho cán bộ tổ chức, lãnh đạo và quản trị.");
        return -1;
    }
    auth_scope(&r->user, sc);
    *unit = 0;
    const char *u = req_query(r, "unit");
    if (u && *u) {
        char *end = NULL;
        long long v = strtoll(u, &end, 10);
        if (!end || *end || v <= 0 || db_ref_exists(r->db, "unit", u) != 1 || !auth_unit_in_scope(r->db, &r->user, v)) {
            resp_error(out, 404, "not_found", "unit", "Không tìm thấy đơn vị.");
            return -1;
        }
        *unit = v;
    }
    return 0;
}

static void windows(struct hits h[K_COUNT])
{
    cdate today = date_today();
    memset(h, 0, K_COUNT * sizeof *h);
    h[K_RETIRE].from = today;
    h[K_RETIRE].to = date_add_months(today, RETIRE_WINDOW_MONTHS);
    h[K_TERM].from = today;
    h[K_TERM].to = today + TERM_WINDOW_DAYS;
    int y, m, day;
    date_to_ymd(today, &y, &m, &day);
    int q0 = month_index(y, (m - 1) / 3 * 3 + 1);
    h[K_SALARY].from = month_first(q0);
    h[K_SALARY].to = date_month_end(q0 + 2);
}

/* Runs the groups in `mask` (bits of K_*) inside one read snapshot. The
 * headcounts (people count and vacancies) come from one pass. */
static int compute(db *d, const struct scope *sc, int64_t unit, unsigned mask, struct hits h[K_COUNT], struct vac *vac,
                   int64_t *people)
{
    windows(h);
    memset(vac, 0, sizeof *vac);
    struct counts counts;
    memset(&counts, 0, sizeof counts);
    int opened = db_stats_read_begin(d);
    if (opened < 0) return -1;
    int rc = 0;
    if (people || (mask & 1u << K_VACANCY)) {
        rc = db_stats_headcounts(d, sc, unit, on_count, &counts);
        if (!rc && counts.n > 1) qsort(counts.v, counts.n, sizeof *counts.v, cmp_count);
        if (people) *people = counts.total;
    }
    if (!rc && (mask & 1u << K_RETIRE)) rc = find_retirements(d, sc, unit, &h[K_RETIRE]);
    if (!rc && (mask & 1u << K_TERM)) rc = find_terms(d, sc, unit, &h[K_TERM]);
    if (!rc && (mask & 1u << K_SALARY)) rc = find_salary(d, sc, unit, &h[K_SALARY]);
    if (!rc && (mask & 1u << K_VACANCY)) {
        char today[11];
        api_today(today);
        vac->counts = &counts;
        rc = db_stats_units(d, sc, unit, today, on_unit, vac);
        vac->counts = NULL;
    }
    db_stats_read_end(d, opened);
    free(counts.v);
    if (counts.failed) rc = -1;
    for (int k = 0; k < K_COUNT; k++)
        if (h[k].failed || vac->h.failed) rc = -1;
    if (rc) return -1;
    hits_sort_unique(&h[K_RETIRE], cmp_soonest);
    hits_sort_unique(&h[K_TERM], cmp_soonest);
    hits_sort_unique(&h[K_SALARY], cmp_soonest);
    if (vac->h.n > 1) qsort(vac->h.v, vac->h.n, sizeof *vac->h.v, cmp_vacancy);
    return 0;
}

static void free_all(struct hits h[K_COUNT], struct vac *vac)
{
    for (int k = 0; k < K_COUNT; k++) free(h[k].v);
    free(vac->h.v);
}

static json_t *scope_json(struct req *r, const struct scope *sc, int64_t unit)
{
    json_t *o = json_pack("{s:b}", "all", sc->all && !unit);
    int64_t root = unit ? unit : sc->all ? 0 : sc->unit_root;
    char name[256];
    if (root > 0 && db_unit_current_name(r->db, root, name, sizeof name) == 0)
        json_object_set_new(o, "unit", json_pack("{s:I,s:s}", "id", (json_int_t)root, "name", name));
    else
        json_object_set_new(o, "unit", json_null());
    return o;
}

/* Biên chế over the scope: count = sum of (quota - headcount) over the units
 * that have a quota; open = the places still free; units_over = units above
 * their quota. */
static void vac_figures(json_t *v, const struct vac *vac)
{
    json_object_set_new(v, "count", json_integer(vac->quota - vac->headcount));
    json_object_set_new(v, "quota", json_integer(vac->quota));
    json_object_set_new(v, "headcount", json_integer(vac->headcount));
    json_object_set_new(v, "open", json_integer(vac->open));
    json_object_set_new(v, "units_over", json_integer(vac->units_over));
    json_object_set_new(v, "units_with_quota", json_integer(vac->units_with_quota));
    json_object_set_new(v, "units", json_integer(vac->units));
}

static void dashboard(struct req *r, struct resp *out)
{
    struct scope sc;
    int64_t unit;
    if (dash_scope(r, out, &sc, &unit) != 0) return;
    struct hits h[K_COUNT];
    struct vac vac;
    int64_t people = 0;
    if (compute(r->db, &sc, unit, 0xfu, h, &vac, &people) != 0) {
        free_all(h, &vac);
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    char today[11];
    api_today(today);
    json_t *v = group_json(r->db, K_VACANCY, &vac.h, 0, DASH_TOP);
    vac_figures(v, &vac);
    json_t *res = json_pack("{s:s,s:o,s:{s:I},s:o,s:o,s:o,s:o}", "as_of", today, "scope", scope_json(r, &sc, unit),
                            "people", "count", (json_int_t)people, "vacancies", v,
                            "retirements", group_json(r->db, K_RETIRE, &h[K_RETIRE], 0, DASH_TOP),
                            "terms_ending", group_json(r->db, K_TERM, &h[K_TERM], 0, DASH_TOP),
                            "salary_steps", group_json(r->db, K_SALARY, &h[K_SALARY], 0, DASH_TOP));
    free_all(h, &vac);
    resp_json(out, 200, res);
}

/* GET /api/v1/stats/dashboard/:kind?page=&per_page= — one whole group. */
static void dashboard_list(struct req *r, struct resp *out)
{
    int kind = -1;
    for (int k = 0; k < K_COUNT; k++)
        if (!strcmp(r->sparams[0], kind_names[k])) kind = k;
    if (kind < 0) { resp_error(out, 404, "not_found", NULL, "Không có danh sách này."); return; }
    struct scope sc;
    int64_t unit;
    if (dash_scope(r, out, &sc, &unit) != 0) return;
    int page, per_page;
    api_paging(r, &page, &per_page);
    struct hits h[K_COUNT];
    struct vac vac;
    if (compute(r->db, &sc, unit, 1u << kind, h, &vac, NULL) != 0) {
        free_all(h, &vac);
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    const struct hits *g = kind == K_VACANCY ? &vac.h : &h[kind];
    json_t *res = group_json(r->db, kind, g, (size_t)(page - 1) * (size_t)per_page, (size_t)per_page);
    if (kind == K_VACANCY) vac_figures(res, &vac);
    json_object_set_new(res, "kind", json_string(kind_names[kind]));
    json_object_set_new(res, "page", json_integer(page));
    json_object_set_new(res, "per_page", json_integer(per_page));
    json_object_set_new(res, "scope", scope_json(r, &sc, unit));
    free_all(h, &vac);
    resp_json(out, 200, res);
}

const struct route api_dashboard_routes[] = {
    {"GET", "/api/v1/stats/dashboard", dashboard, 0},
    {"GET", "/api/v1/stats/dashboard/:kind", dashboard_list, 0},
    {NULL, NULL, NULL, 0},
};
