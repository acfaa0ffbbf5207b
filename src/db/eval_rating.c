/* SQL for the unit's year rating board (see db/eval_rating.h, migration 0005). */
#include "db/eval_rating.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/score.h"

static void copy_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const char *s = db_col_text(st, i);
    snprintf(out, cap, "%s", s ? s : "");
}

int db_er_bulk(db *d, int on)
{
    /* the default of db_open is 8 MB (PRAGMA cache_size=-8000) */
    return db_exec(d, on ? "PRAGMA cache_size=-262144" : "PRAGMA cache_size=-8000");
}

int db_er_fk(db *d, int on)
{
    return db_exec(d, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

int db_er_subtree(db *d, int64_t unit_id, struct er_units *out)
{
    out->in = NULL;
    out->max = -1;
    sqlite3_stmt *st = db_stmt(d, "SELECT max(descendant) FROM unit_closure WHERE ancestor = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    int rc = sqlite3_step(st);
    int64_t max = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return -1;
    out->in = calloc((size_t)(max < 0 ? 0 : max) + 1, 1);
    if (!out->in) return -1;
    out->max = max;
    st = db_stmt(d, "SELECT descendant FROM unit_closure WHERE ancestor = ?1");
    if (!st) { er_units_free(out); return -1; }
    db_bind_int(st, 1, unit_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id <= max) out->in[id] = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { er_units_free(out); return -1; }
    return 0;
}

void er_units_free(struct er_units *u)
{
    free(u->in);
    u->in = NULL;
    u->max = -1;
}

/* One period row of a person while grouping. */
struct er_prow {
    int64_t unit_id, id;
    int32_t key, score;
};

static int cmp_prow(const void *a, const void *b)
{
    const struct er_prow *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Growable arrays of db_er_scores. */
struct er_acc {
    struct er_scored *people;
    size_t np, cp;
    int32_t *scores;
    size_t ns, cs;
};

/* Appends one person's periods (rows[0..n), any order) when the last period
 * was worked in the subtree. */
static int er_flush(struct er_acc *a, const struct er_units *sub, int64_t person, struct er_prow *rows, size_t n)
{
    if (n == 0) return 0;
    if (n > 1) qsort(rows, n, sizeof *rows, cmp_prow);
    int64_t last = rows[n - 1].unit_id;
    if (!er_units_has(sub, last)) return 0;
    size_t k = n < SCORE_MAX_PERIODS ? n : SCORE_MAX_PERIODS;
    if (a->np == a->cp) {
        size_t c = a->cp ? a->cp * 2 : 256;
        struct er_scored *p = realloc(a->people, c * sizeof *p);
        if (!p) return -1;
        a->people = p;
        a->cp = c;
    }
    if (a->ns + k > a->cs) {
        size_t c = a->cs ? a->cs * 2 : 4096;
        while (c < a->ns + k) c *= 2;
        int32_t *s = realloc(a->scores, c * sizeof *s);
        if (!s) return -1;
        a->scores = s;
        a->cs = c;
    }
    struct er_scored *p = &a->people[a->np++];
    p->person_id = person;
    p->unit_id = last;
    p->first = (uint32_t)a->ns;
    p->n = (uint32_t)k;
    p->carried = 0;
    for (size_t i = 0; i < k; i++) {
        a->scores[a->ns++] = rows[i].score;
        if (rows[i].unit_id != last) p->carried++;
    }
    return 0;
}

/* The task groups of every person of the year, computed by a thread on a
 * second, read-only connection while the caller reads the scores. */
struct er_pg {
    int64_t person, group;
};
struct er_tg_job {
    pthread_t thread;
    char *path;
    int64_t year;
    struct er_pg *pairs; /* person order; only people whose best group is > 0 */
    size_t n, cap;
    int rc, joined;
    int64_t split;              /* the thread also reads the scores of the people from split on */
    const struct er_units *sub;
    struct er_acc acc;
};

/* Rows of a score statement (person order) into a. Returns SQLITE_DONE or an error code. */
static int er_read_scores(sqlite3_stmt *st, const struct er_units *sub, struct er_acc *a)
{
    struct er_prow rows[2 * SCORE_MAX_PERIODS];
    size_t n = 0;
    int64_t cur = -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0);
        if (pid != cur) {
            if (er_flush(a, sub, cur, rows, n) != 0) return SQLITE_NOMEM;
            n = 0;
            cur = pid;
        }
        if (n == sizeof rows / sizeof rows[0]) continue; /* UNIQUE(person, kind, year, number): at most 16 */
        struct er_prow *r = &rows[n++];
        r->unit_id = sqlite3_column_int64(st, 1);
        int num = sqlite3_column_int(st, 3);
        r->key = sqlite3_column_int(st, 2) ? num : num * 3; /* quarter q ends with month 3q */
        r->score = (int32_t)sqlite3_column_int64(st, 4);
        r->id = sqlite3_column_int64(st, 5);
    }
    if (rc == SQLITE_DONE && er_flush(a, sub, cur, rows, n) != 0) rc = SQLITE_NOMEM;
    return rc;
}

/* Appends b (people after a's) to a. */
static int er_acc_append(struct er_acc *a, const struct er_acc *b)
{
    if (b->np == 0) return 0;
    struct er_scored *p = realloc(a->people, (a->np + b->np) * sizeof *p);
    if (!p) return -1;
    a->people = p;
    a->cp = a->np + b->np;
    int32_t *sc = realloc(a->scores, (a->ns + b->ns ? a->ns + b->ns : 1) * sizeof *sc);
    if (!sc) return -1;
    a->scores = sc;
    a->cs = a->ns + b->ns;
    memcpy(a->scores + a->ns, b->scores, b->ns * sizeof *sc);
    for (size_t i = 0; i < b->np; i++) {
        a->people[a->np + i] = b->people[i];
        a->people[a->np + i].first += (uint32_t)a->ns;
    }
    a->np += b->np;
    a->ns += b->ns;
    return 0;
}

int db_er_scores(db *d, const struct er_units *sub, int64_t unit_id, int64_t year, struct er_tg_job *job,
                 struct er_scored **people, size_t *np, int32_t **scores, size_t *ns)
{
    *people = NULL;
    *scores = NULL;
    *np = *ns = 0;
    /* A board over a large part of the tree reads the whole year once (in
     * person order, from the covering index); a smaller one goes through the
     * assessments of its units. Both give the same rows. */
    int64_t nsub = 0, nall = 0;
    for (int64_t i = 0; i <= sub->max; i++) nsub += sub->in[i] != 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM unit");
    if (!st) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) nall = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (job) /* the people before job->split; the thread reads the others */
        st = db_stmt(d, "SELECT a.person_id, a.unit_id, a.period_kind = 'month', a.number, a.score_x100, a.id"
                        " FROM eval_assessment a WHERE a.year = ?2 AND a.state = 'approved'"
                        " AND a.person_id < ?3 AND a.score_x100 IS NOT NULL ORDER BY a.person_id");
    else if (4 * nsub >= nall)
        st = db_stmt(d, "SELECT a.person_id, a.unit_id, a.period_kind = 'month', a.number, a.score_x100, a.id"
                        " FROM eval_assessment a WHERE a.year = ?2 AND a.state = 'approved'"
                        " AND a.score_x100 IS NOT NULL ORDER BY a.person_id");
    else
        st = db_stmt(d, "SELECT a.person_id, a.unit_id, a.period_kind = 'month', a.number, a.score_x100, a.id"
                        " FROM eval_assessment a WHERE a.year = ?2 AND a.state = 'approved' AND a.score_x100 IS NOT NULL"
                        " AND a.person_id IN (SELECT b.person_id FROM eval_assessment b WHERE b.year = ?2"
                        " AND b.state = 'approved' AND b.score_x100 IS NOT NULL"
                        " AND b.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?1))"
                        " ORDER BY a.person_id");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    if (job) db_bind_int(st, 3, job->split);
    struct er_acc a = {0};
    int rc = er_read_scores(st, sub, &a);
    sqlite3_reset(st);
    if (job) { /* the thread's part: the people from job->split on */
        pthread_join(job->thread, NULL);
        job->joined = 1;
        if (rc == SQLITE_DONE && (job->rc != 0 || er_acc_append(&a, &job->acc) != 0)) rc = SQLITE_ERROR;
        free(job->acc.people);
        free(job->acc.scores);
        job->acc = (struct er_acc){0};
    }
    if (rc != SQLITE_DONE) { free(a.people); free(a.scores); return -1; }
    *people = a.people;
    *np = a.np;
    *scores = a.scores;
    *ns = a.ns;
    return 0;
}

int db_er_leaders(db *d, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT p.id FROM ref_title t JOIN person p ON p.title_id = t.id"
                                  " WHERE t.is_leader <> 0 ORDER BY p.id");
    if (!st) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            int64_t *p = realloc(*ids, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *ids = p;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*ids); *ids = NULL; *n = 0; return -1; }
    return 0;
}

/* Counts of one person's tasks per group; picks the largest (smallest id on ties). */
struct er_gcount {
    int64_t group;
    int count;
};

static int64_t er_best_group(const struct er_gcount *c, size_t n)
{
    int64_t best = 0;
    int bc = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].count > bc || (c[i].count == bc && c[i].group < best)) { best = c[i].group; bc = c[i].count; }
    return best;
}

static void er_gadd(struct er_gcount *c, size_t *n, size_t cap, int64_t g)
{
    for (size_t i = 0; i < *n; i++)
        if (c[i].group == g) { c[i].count++; return; }
    if (*n < cap) c[(*n)++] = (struct er_gcount){g, 1};
}

int db_er_task_groups(db *d, int64_t year, const struct er_scored *people, size_t n, int64_t *groups)
{
    for (size_t i = 0; i < n; i++) groups[i] = 0;
    if (n == 0) return 0;
    if (n < 20000) { /* per person, through eval_task_person */
        sqlite3_stmt *st = db_stmt(d, "SELECT pt.task_group_id, count(*) AS c FROM eval_task t"
                                      " JOIN eval_product_type pt ON pt.id = t.product_type_id"
                                      " WHERE t.person_id = ?1 AND t.year = ?2 AND pt.task_group_id IS NOT NULL"
                                      " GROUP BY pt.task_group_id ORDER BY c DESC, pt.task_group_id LIMIT 1");
        if (!st) return -1;
        for (size_t i = 0; i < n; i++) {
            db_bind_int(st, 1, people[i].person_id);
            db_bind_int(st, 2, year);
            int rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) groups[i] = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;
        }
        return 0;
    }
    /* Many people: the product types' groups in memory, then one pass over the
     * year's tasks in person order (covering index of migration 0011). */
    int64_t *pg = NULL, maxpt = -1;
    sqlite3_stmt *st = db_stmt(d, "SELECT max(id) FROM eval_product_type");
    if (!st) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) maxpt = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    pg = calloc((size_t)(maxpt < 0 ? 0 : maxpt) + 1, sizeof *pg);
    if (!pg) return -1;
    st = db_stmt(d, "SELECT id, coalesce(task_group_id, 0) FROM eval_product_type");
    int rc;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id <= maxpt) pg[id] = sqlite3_column_int64(st, 1);
    }
    if (!st) { free(pg); return -1; }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(pg); return -1; }
    st = db_stmt(d, "SELECT t.person_id, t.product_type_id FROM eval_task t WHERE t.year = ?1 ORDER BY t.person_id");
    if (!st) { free(pg); return -1; }
    db_bind_int(st, 1, year);
    struct er_gcount c[16];
    size_t nc = 0, i = 0;
    int64_t cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0), pt = sqlite3_column_int64(st, 1);
        if (pid != cur) {
            if (cur >= 0 && i < n && people[i].person_id == cur) groups[i] = er_best_group(c, nc);
            nc = 0;
            cur = pid;
            while (i < n && people[i].person_id < pid) i++;
        }
        if (i < n && people[i].person_id == pid && pt >= 0 && pt <= maxpt && pg[pt] > 0)
            er_gadd(c, &nc, sizeof c / sizeof c[0], pg[pt]);
    }
    if (rc == SQLITE_DONE && cur >= 0 && i < n && people[i].person_id == cur) groups[i] = er_best_group(c, nc);
    sqlite3_reset(st);
    free(pg);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int er_pg_push(struct er_tg_job *j, int64_t person, int64_t group)
{
    if (group <= 0) return 0;
    if (j->n == j->cap) {
        size_t c = j->cap ? j->cap * 2 : 4096;
        struct er_pg *p = realloc(j->pairs, c * sizeof *p);
        if (!p) return -1;
        j->pairs = p;
        j->cap = c;
    }
    j->pairs[j->n++] = (struct er_pg){person, group};
    return 0;
}

static void *er_tg_run(void *arg)
{
    struct er_tg_job *j = arg;
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int64_t *pg = NULL, maxpt = -1;
    j->rc = -1;
    if (sqlite3_open_v2(j->path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) goto done;
    sqlite3_busy_timeout(h, 5000);
    /* one read transaction: the product types and the tasks of one snapshot
     * (the caller holds the write lock, so it is the caller's snapshot too) */
    if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) goto done;
    /* the scores of the people from split on (db_er_scores reads the others) */
    if (sqlite3_prepare_v2(h, "SELECT a.person_id, a.unit_id, a.period_kind = 'month', a.number, a.score_x100, a.id"
                              " FROM eval_assessment a WHERE a.year = ?1 AND a.state = 'approved'"
                              " AND a.person_id >= ?2 AND a.score_x100 IS NOT NULL ORDER BY a.person_id",
                           -1, &st, NULL) != SQLITE_OK) {
        st = NULL;
        goto done;
    }
    sqlite3_bind_int64(st, 1, j->year);
    sqlite3_bind_int64(st, 2, j->split);
    if (er_read_scores(st, j->sub, &j->acc) != SQLITE_DONE) goto done;
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT max(id) FROM eval_product_type", -1, &st, NULL) != SQLITE_OK) goto done;
    if (sqlite3_step(st) == SQLITE_ROW) maxpt = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    pg = calloc((size_t)(maxpt < 0 ? 0 : maxpt) + 1, sizeof *pg);
    if (!pg) { st = NULL; goto done; }
    if (sqlite3_prepare_v2(h, "SELECT id, coalesce(task_group_id, 0) FROM eval_product_type", -1, &st, NULL) != SQLITE_OK) {
        st = NULL;
        goto done;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id <= maxpt) pg[id] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE) goto done;
    if (sqlite3_prepare_v2(h, "SELECT t.person_id, t.product_type_id FROM eval_task t WHERE t.year = ?1 ORDER BY t.person_id",
                           -1, &st, NULL) != SQLITE_OK) {
        st = NULL;
        goto done;
    }
    sqlite3_bind_int64(st, 1, j->year);
    struct er_gcount c[16];
    size_t nc = 0;
    int64_t cur = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0), pt = sqlite3_column_int64(st, 1);
        if (pid != cur) {
            if (cur >= 0 && er_pg_push(j, cur, er_best_group(c, nc)) != 0) goto done;
            nc = 0;
            cur = pid;
        }
        if (pt >= 0 && pt <= maxpt && pg[pt] > 0) er_gadd(c, &nc, sizeof c / sizeof c[0], pg[pt]);
    }
    if (rc != SQLITE_DONE) goto done;
    if (cur >= 0 && er_pg_push(j, cur, er_best_group(c, nc)) != 0) goto done;
    j->rc = 0;
done:
    sqlite3_finalize(st);
    free(pg);
    if (h) sqlite3_close(h);
    return NULL;
}

struct er_tg_job *db_er_task_groups_start(db *d, const struct er_units *sub, int64_t year)
{
    /* only for a board over a large part of the tree (as db_er_scores) and a
     * database in a file (a second connection must see the same data) */
    int64_t nsub = 0, nall = 0;
    for (int64_t i = 0; i <= sub->max; i++) nsub += sub->in[i] != 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM unit");
    if (!st) return NULL;
    if (sqlite3_step(st) == SQLITE_ROW) nall = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (4 * nsub < nall) return NULL;
    const char *path = sqlite3_db_filename(db_handle(d), "main");
    if (!path || !*path) return NULL;
    /* the split of the score read: this thread (the caller) reads the first
     * two thirds of the person ids, the job the rest and the task groups */
    int64_t lo = 0, hi = -1;
    st = db_stmt(d, "SELECT min(person_id) FROM eval_assessment WHERE year = ?1 AND state = 'approved'");
    if (!st) return NULL;
    db_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW) lo = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = db_stmt(d, "SELECT max(person_id) FROM eval_assessment WHERE year = ?1 AND state = 'approved'");
    if (!st) return NULL;
    db_bind_int(st, 1, year);
    if (sqlite3_step(st) == SQLITE_ROW) hi = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    struct er_tg_job *j = calloc(1, sizeof *j);
    if (!j || !(j->path = strdup(path))) { free(j); return NULL; }
    j->year = year;
    j->sub = sub;
    j->split = hi < lo ? lo : lo + (hi - lo) / 3 * 2;
    if (pthread_create(&j->thread, NULL, er_tg_run, j) != 0) {
        free(j->path);
        free(j);
        return NULL;
    }
    return j;
}

int db_er_task_groups_finish(struct er_tg_job *j, const struct er_scored *people, size_t n, int64_t *groups)
{
    if (!j->joined) pthread_join(j->thread, NULL);
    int rc = j->rc;
    if (rc == 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            while (k < j->n && j->pairs[k].person < people[i].person_id) k++;
            groups[i] = k < j->n && j->pairs[k].person == people[i].person_id ? j->pairs[k].group : 0;
        }
    }
    free(j->pairs);
    free(j->acc.people);
    free(j->acc.scores);
    free(j->path);
    free(j);
    return rc;
}

int db_er_person(db *d, int64_t person_id, char *name, size_t cap, int *is_leader)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT p.full_name, coalesce(t.is_leader, 0) FROM person p"
                                  " LEFT JOIN ref_title t ON t.id = p.title_id WHERE p.id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    int rc = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        copy_text(st, 0, name, cap);
        *is_leader = sqlite3_column_int(st, 1) != 0;
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

static int one_text(db *d, sqlite3_stmt *st, int64_t id, char *name, size_t cap)
{
    (void)d;
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = 1;
    name[0] = 0;
    if (sqlite3_step(st) == SQLITE_ROW) { copy_text(st, 0, name, cap); rc = 0; }
    sqlite3_reset(st);
    return rc;
}

int db_er_group_name(db *d, int64_t group_id, char *name, size_t cap)
{
    return one_text(d, db_stmt(d, "SELECT name FROM eval_task_group WHERE id = ?1"), group_id, name, cap);
}

int db_er_unit_name(db *d, int64_t unit_id, char *name, size_t cap)
{
    return one_text(d, db_stmt(d, "SELECT name FROM unit_version WHERE unit_id = ?1"
                                  " ORDER BY valid_from DESC, id DESC LIMIT 1"), unit_id, name, cap);
}

int db_er_disciplines(db *d, int64_t year, struct er_disc **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, year, form, effective, person_id FROM discipline"
                                  " WHERE year = ?1 OR substr(effective, 1, 4) = CAST(?1 AS TEXT) ORDER BY person_id, id");
    if (!st) return -1;
    db_bind_int(st, 1, year);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            struct er_disc *p = realloc(*out, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *out = p;
        }
        struct er_disc *r = &(*out)[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->year = sqlite3_column_int64(st, 1);
        copy_text(st, 2, r->form, sizeof r->form);
        copy_text(st, 3, r->effective, sizeof r->effective);
        r->person_id = sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
    return 0;
}

int db_er_absences(db *d, int64_t year, struct er_absence **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    /* the WHERE repeats the partial index's condition so that it is used */
    sqlite3_stmt *st = db_stmt(d, "SELECT person_id, not_worked, absence_days, coalesce(absence_reason, '')"
                                  " FROM eval_assessment WHERE year = ?1 AND (not_worked = 1 OR absence_days > 0)"
                                  " AND state = 'approved' ORDER BY person_id, id");
    if (!st) return -1;
    db_bind_int(st, 1, year);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            struct er_absence *p = realloc(*out, cap * sizeof *p);
            if (!p) { rc = SQLITE_NOMEM; break; }
            *out = p;
        }
        struct er_absence *r = &(*out)[(*n)++];
        r->person_id = sqlite3_column_int64(st, 0);
        r->not_worked = sqlite3_column_int(st, 1) != 0;
        r->days = sqlite3_column_int(st, 2);
        copy_text(st, 3, r->reason, sizeof r->reason);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*out); *out = NULL; *n = 0; return -1; }
    return 0;
}

int db_er_decided(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM eval_year_rating WHERE unit_id = ?1 AND year = ?2"
                                  " AND final_level IS NOT NULL LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_er_clear(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM eval_year_rating WHERE unit_id = ?1 AND year = ?2"
                                  " AND final_level IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_step_done(st);
}

#define ER_COLS "INSERT INTO eval_year_rating(unit_id, year, person_id, rating_unit_id, task_group_id, regime," \
    " score_x100, periods, carried_over, proposed_level, cap_status, cap_level, detail, computed_at) VALUES "
#define ER_V "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define ER_V4 ER_V "," ER_V "," ER_V "," ER_V
#define ER_V16 ER_V4 "," ER_V4 "," ER_V4 "," ER_V4
static const char er_insert1[] = ER_COLS ER_V;
static const char er_insert_many[] = ER_COLS ER_V16 "," ER_V16;

/* Binds row r at parameters base + 1 .. base + 14; the texts outlive the step
 * (bound without a copy). */
static void er_bind_row(sqlite3_stmt *st, int base, const struct er_row *r)
{
    db_bind_int(st, base + 1, r->unit_id);
    db_bind_int(st, base + 2, r->year);
    db_bind_int(st, base + 3, r->person_id);
    db_bind_int(st, base + 4, r->rating_unit_id);
    if (r->task_group_id > 0) db_bind_int(st, base + 5, r->task_group_id);
    else db_bind_null(st, base + 5);
    sqlite3_bind_text(st, base + 6, r->regime, -1, SQLITE_STATIC);
    if (r->score_x100 >= 0) db_bind_int(st, base + 7, r->score_x100);
    else db_bind_null(st, base + 7);
    db_bind_int(st, base + 8, r->periods);
    db_bind_int(st, base + 9, r->carried_over);
    sqlite3_bind_text(st, base + 10, r->proposed_level, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, base + 11, r->cap_status, -1, SQLITE_STATIC);
    if (r->cap_level) sqlite3_bind_text(st, base + 12, r->cap_level, -1, SQLITE_STATIC);
    else db_bind_null(st, base + 12);
    sqlite3_bind_text(st, base + 13, r->detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, base + 14, r->computed_at, -1, SQLITE_STATIC);
}

int db_er_insert(db *d, const struct er_row *r)
{
    return db_er_insert_rows(d, r, 1);
}

int db_er_insert_rows(db *d, const struct er_row *r, size_t n)
{
    while (n > 0) {
        size_t k = n >= ER_INSERT_BATCH ? ER_INSERT_BATCH : 1;
        sqlite3_stmt *st = db_stmt(d, k == 1 ? er_insert1 : er_insert_many);
        if (!st) return -1;
        for (size_t i = 0; i < k; i++) er_bind_row(st, (int)i * 14, &r[i]);
        int rc = db_step_done(st);
        sqlite3_clear_bindings(st);
        if (rc != 0) return -1;
        r += k;
        n -= k;
    }
    return 0;
}

json_t *db_er_list(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT r.person_id, p.full_name AS name, r.rating_unit_id, r.task_group_id, r.regime, r.score_x100,"
        " r.periods, r.carried_over, r.proposed_level, r.cap_status, r.cap_level, r.final_level,"
        " r.computed_at, r.decided_at, r.decision_id"
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id WHERE r.unit_id = ?1 AND r.year = ?2"
        " ORDER BY r.rating_unit_id, coalesce(r.task_group_id, 0), r.score_x100 DESC, p.sort_key, r.person_id");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}

json_t *db_er_page(db *d, int64_t unit_id, int64_t year, int64_t limit, int64_t offset, int64_t *total)
{
    *total = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM eval_year_rating WHERE unit_id = ?1 AND year = ?2");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *total = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return NULL;
    st = db_stmt(d,
        "SELECT r.person_id, p.full_name AS name, r.rating_unit_id, r.task_group_id, r.regime, r.score_x100,"
        " r.periods, r.carried_over, r.proposed_level, r.cap_status, r.cap_level, r.final_level,"
        " r.computed_at, r.decided_at, r.decision_id, r.detail"
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id WHERE r.unit_id = ?1 AND r.year = ?2"
        " ORDER BY r.rating_unit_id, coalesce(r.task_group_id, 0), r.score_x100 DESC, p.sort_key, r.person_id"
        " LIMIT ?3 OFFSET ?4");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, limit);
    db_bind_int(st, 4, offset);
    return db_rows(st);
}

int db_er_set_final(db *d, int64_t unit_id, int64_t year, int64_t person_id, const char *level,
                    int64_t decision_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE eval_year_rating SET final_level = ?4, decision_id = ?5, decided_at = ?6"
                                  " WHERE unit_id = ?1 AND year = ?2 AND person_id = ?3 AND final_level IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, person_id);
    db_bind_text(st, 4, level);
    db_bind_int(st, 5, decision_id);
    db_bind_text(st, 6, now);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_er_decision_insert(db *d, int64_t unit_id, int64_t year, const char *exc_no, const char *exc_date,
                          int64_t limit_percent, const char *minutes, const char *decisions_json,
                          int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_cap_decision(unit_id, year, exception_no, exception_date, limit_percent, minutes,"
        " decisions, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, exc_no);
    db_bind_text(st, 4, exc_date);
    db_bind_int(st, 5, limit_percent);
    db_bind_text(st, 6, minutes);
    db_bind_text(st, 7, decisions_json);
    db_bind_int(st, 8, user_id);
    db_bind_text(st, 9, now);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

json_t *db_er_decisions(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, exception_no, exception_date, limit_percent, minutes, decisions,"
                                  " decided_by, decided_at FROM eval_cap_decision WHERE unit_id = ?1 AND year = ?2"
                                  " ORDER BY id");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}
