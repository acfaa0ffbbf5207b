/* Dashboard statistics: SQL only (see db/stats.h). */
#include "db/stats.h"
#include <stdlib.h>
#include <string.h>

/* The scope of db/person.c (LIST_WHERE: all, own record, or the people whose
 * current unit is in the subtree of the scope root in unit_closure), narrowed
 * to the subtree of `unit`. The three shapes are separate statements so that
 * each can use an index: with "?1 = 1 OR ..." in one WHERE clause SQLite
 * cannot use person_unit and scans the whole table even for a small subtree.
 *   W_ALL  admin, no narrowing
 *   W_SUB  ?2 scope root (admin: the unit), ?4 narrowing root (or ?2 again)
 *   W_ONE  ?3 the person (staff), ?4 narrowing root or NULL */
#define W_ALL " p.status = 'active'"
#define W_SUB " p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2)" \
    " AND p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?4) AND p.status = 'active'"
#define W_ONE " p.id = ?3 AND (?4 IS NULL OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?4))" \
    " AND p.status = 'active'"

enum shape { S_ALL, S_SUB, S_ONE };

static enum shape shape_of(const struct scope *sc, int64_t unit)
{
    if (sc->all) return unit > 0 ? S_SUB : S_ALL;
    return sc->unit_root > 0 ? S_SUB : S_ONE;
}

/* Binds ?2..?4 where the statement has them. */
static void bind_scope(sqlite3_stmt *st, const struct scope *sc, int64_t unit)
{
    int n = sqlite3_bind_parameter_count(st);
    int64_t root = sc->all ? unit : sc->unit_root;
    if (n >= 2) db_bind_int(st, 2, root);
    if (n >= 3) db_bind_int(st, 3, sc->person_id);
    if (n >= 4) {
        if (unit > 0) db_bind_int(st, 4, unit);
        else if (root > 0) db_bind_int(st, 4, root);
        else db_bind_null(st, 4);
    }
}

/* One statement per shape, chosen at run time; the SQL texts are literals
 * (db_stmt caches by pointer). */
#define BY_SHAPE(sh, head, tail) \
    ((sh) == S_ALL ? head W_ALL tail : (sh) == S_SUB ? head W_SUB tail : head W_ONE tail)

#define PERSON_COLS \
    "p.id, p.birth_date, p.birth_precision, p.sex, p.title_since, p.title_id IS NOT NULL," \
    " (SELECT r.salary_group FROM ref_rank r WHERE r.code = p.rank_code), p.salary_step, p.salary_since," \
    " coalesce(p.vk_percent, 0)"

int db_stats_read_begin(db *d)
{
    if (db_in_tx(d) || !sqlite3_get_autocommit(db_handle(d))) return 0;
    return db_exec(d, "SAVEPOINT stats_read") == 0 ? 1 : -1;
}

void db_stats_read_end(db *d, int opened)
{
    if (opened == 1) db_exec(d, "RELEASE stats_read");
}

/* Open-addressing counter keyed by unit id, for the whole-province pass. */
struct ucount { int64_t unit, n; };

static int count_add(struct ucount **t, size_t *cap, size_t *used, int64_t unit)
{
    if ((*used + 1) * 2 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 4096;
        struct ucount *nt = calloc(ncap, sizeof *nt);
        if (!nt) return -1;
        for (size_t i = 0; i < *cap; i++) {
            if (!(*t)[i].n) continue;
            size_t j = (size_t)((uint64_t)(*t)[i].unit * 0x9E3779B97F4A7C15ull) & (ncap - 1);
            while (nt[j].n) j = (j + 1) & (ncap - 1);
            nt[j] = (*t)[i];
        }
        free(*t);
        *t = nt;
        *cap = ncap;
    }
    size_t j = (size_t)((uint64_t)unit * 0x9E3779B97F4A7C15ull) & (*cap - 1);
    while ((*t)[j].n && (*t)[j].unit != unit) j = (j + 1) & (*cap - 1);
    if (!(*t)[j].n) { (*t)[j].unit = unit; (*used)++; }
    (*t)[j].n++;
    return 0;
}

int db_stats_headcounts(db *d, const struct scope *sc, int64_t unit, stats_count_fn fn, void *ctx)
{
    enum shape sh = shape_of(sc, unit);
    if (sh != S_ALL) {
        /* A subtree: person_unit index ranges, grouped by SQLite. */
        sqlite3_stmt *st = db_stmt(d, BY_SHAPE(sh, "SELECT coalesce(p.unit_id, 0), count(*) FROM person p WHERE",
                                               " GROUP BY p.unit_id"));
        if (!st) return -1;
        bind_scope(st, sc, unit);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)) != 0) { sqlite3_reset(st); return -1; }
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    /* Everyone: one plain pass over the table, counted here (grouping
     * through the person_unit index costs a random row read per person). */
    sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(p.unit_id, 0) FROM person p WHERE" W_ALL);
    if (!st) return -1;
    struct ucount *t = NULL;
    size_t cap = 0, used = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (count_add(&t, &cap, &used, sqlite3_column_int64(st, 0)) != 0) break;
    sqlite3_reset(st);
    int out = rc == SQLITE_DONE ? 0 : -1;
    for (size_t i = 0; i < cap && !out; i++)
        if (t[i].n && fn(ctx, t[i].unit, t[i].n) != 0) out = -1;
    free(t);
    return out;
}

int db_stats_units(db *d, const struct scope *sc, int64_t unit, const char *on, stats_unit_fn fn, void *ctx)
{
    /* Units follow the same scope as people: admin every unit of the tree
     * valid on `on`; otherwise the units of the (narrowed) subtree. A staff
     * scope (no unit root) has no units. */
    enum shape sh = shape_of(sc, unit);
    if (sh == S_ONE) return 0;
    sqlite3_stmt *st = db_stmt(d, sh == S_ALL
        ? "SELECT v.unit_id, v.name, v.quota FROM unit_version v"
          " WHERE v.valid_from <= ?1 AND (v.valid_to IS NULL OR v.valid_to > ?1) ORDER BY v.unit_id"
        : "SELECT v.unit_id, v.name, v.quota FROM unit_version v"
          " WHERE v.valid_from <= ?1 AND (v.valid_to IS NULL OR v.valid_to > ?1)"
          " AND v.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2)"
          " AND v.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?4) ORDER BY v.unit_id");
    if (!st) return -1;
    bind_scope(st, sc, unit);
    db_bind_text(st, 1, on);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct stats_unit u;
        u.id = sqlite3_column_int64(st, 0);
        u.name = db_col_text(st, 1);
        u.has_quota = sqlite3_column_type(st, 2) != SQLITE_NULL;
        u.quota = u.has_quota ? sqlite3_column_int64(st, 2) : 0;
        u.headcount = 0;
        if (fn(ctx, &u) != 0) { sqlite3_reset(st); return -1; }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int each_person(sqlite3_stmt *st, stats_person_fn fn, void *ctx)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct stats_person p;
        p.id = sqlite3_column_int64(st, 0);
        p.birth_date = db_col_text(st, 1);
        p.birth_precision = sqlite3_column_int(st, 2);
        p.sex = sqlite3_column_int(st, 3);
        p.title_since = db_col_text(st, 4);
        p.has_title = sqlite3_column_int(st, 5);
        p.salary_group = db_col_text(st, 6);
        p.salary_step = sqlite3_column_type(st, 7) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 7);
        p.salary_since = db_col_text(st, 8);
        p.vk_percent = sqlite3_column_int(st, 9);
        if (fn(ctx, &p) != 0) { sqlite3_reset(st); return -1; }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_stats_born_between(db *d, const struct scope *sc, int64_t unit, int sex, const char *from, const char *to,
                          int min_precision, stats_person_fn fn, void *ctx)
{
    /* The person_birth index range first (or person_unit for a subtree). */
    enum shape sh = shape_of(sc, unit);
    sqlite3_stmt *st = db_stmt(d, BY_SHAPE(sh, "SELECT " PERSON_COLS " FROM person p"
                                               " WHERE p.birth_date BETWEEN ?5 AND ?6 AND p.sex = ?7"
                                               " AND p.birth_precision >= ?8 AND", ""));
    if (!st) return -1;
    bind_scope(st, sc, unit);
    db_bind_text(st, 5, from);
    db_bind_text(st, 6, to);
    db_bind_int(st, 7, sex);
    db_bind_int(st, 8, min_precision);
    return each_person(st, fn, ctx);
}

int db_stats_title_since_between(db *d, const struct scope *sc, int64_t unit, const char *from, const char *to,
                                 stats_person_fn fn, void *ctx)
{
    enum shape sh = shape_of(sc, unit);
    sqlite3_stmt *st = db_stmt(d, BY_SHAPE(sh, "SELECT " PERSON_COLS " FROM person p"
                                               " WHERE p.title_id IS NOT NULL AND p.title_since BETWEEN ?5 AND ?6 AND", ""));
    if (!st) return -1;
    bind_scope(st, sc, unit);
    db_bind_text(st, 5, from);
    db_bind_text(st, 6, to);
    return each_person(st, fn, ctx);
}

int db_stats_salary_since_in(db *d, const struct scope *sc, int64_t unit, const struct stats_salary_range *ranges,
                             int n, stats_person_fn fn, void *ctx)
{
    /* Up to four ranges in one pass. Each range keeps people with (vk) or
     * without (!vk) a vượt khung percentage, and optionally only the salary
     * groups listed (JSON array). Unused ranges are NULL and match nothing. */
    if (n < 0 || n > STATS_MAX_RANGES) return -1;
    enum shape sh = shape_of(sc, unit);
#define RANGE(a, b, v, g) \
    "(p.salary_since BETWEEN ?" #a " AND ?" #b " AND (coalesce(p.vk_percent, 0) > 0) = ?" #v \
    " AND (?" #g " IS NULL OR (SELECT r.salary_group FROM ref_rank r WHERE r.code = p.rank_code)" \
    " IN (SELECT value FROM json_each(?" #g "))))"
    sqlite3_stmt *st = db_stmt(d, BY_SHAPE(sh, "SELECT " PERSON_COLS " FROM person p WHERE ("
                                               RANGE(5, 6, 7, 8) " OR " RANGE(9, 10, 11, 12) " OR "
                                               RANGE(13, 14, 15, 16) " OR " RANGE(17, 18, 19, 20) ")"
                                               " AND p.rank_code IS NOT NULL AND p.salary_step IS NOT NULL AND", ""));
#undef RANGE
    if (!st) return -1;
    bind_scope(st, sc, unit);
    for (int i = 0; i < STATS_MAX_RANGES; i++) {
        int b = 5 + 4 * i;
        db_bind_text(st, b, i < n ? ranges[i].from : NULL);
        db_bind_text(st, b + 1, i < n ? ranges[i].to : NULL);
        db_bind_int(st, b + 2, i < n ? ranges[i].vk : 0);
        db_bind_text(st, b + 3, i < n ? ranges[i].groups_json : NULL);
    }
    return each_person(st, fn, ctx);
}

static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_NULL: return json_null();
    default: return json_string(db_col_text(st, i));
    }
}

json_t *db_stats_person_brief(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT p.id, p.full_name, p.birth_date, p.sex, p.unit_id,"
        " (SELECT v.name FROM unit_version v WHERE v.unit_id = p.unit_id AND v.valid_to IS NULL) AS unit_name,"
        " p.position, (SELECT t.name FROM ref_title t WHERE t.id = p.title_id) AS title_name,"
        " p.rank_code, (SELECT r.name FROM ref_rank r WHERE r.code = p.rank_code) AS rank_name, p.salary_step"
        " FROM person p WHERE p.id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_object();
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), col_json(st, i));
    }
    sqlite3_reset(st);
    return o;
}
