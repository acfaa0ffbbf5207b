/* SQLite implementation of the db/ interface. */
#include "db/db.h"
#include "db/migrations.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stmt_slot { const char *sql; sqlite3_stmt *st; };

struct db {
    sqlite3 *h;
    struct stmt_slot *slots;
    size_t nslots, used;
    int tx;
    int rtx;     /* a read transaction opened by db_read_begin */
};

static size_t ptr_hash(const char *p) { return ((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull; }

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
    /* No global allocation statistics: they take a mutex on every malloc. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(const char *path, int flags, db **out)
{
    pthread_once(&global_once, global_init);
    *out = NULL;
    db *d = calloc(1, sizeof *d);
    if (!d) return -1;
    int oflags = (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & DB_OPEN_CREATE) oflags |= SQLITE_OPEN_CREATE;
    oflags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread */
    if (sqlite3_open_v2(path, &d->h, oflags, NULL) != SQLITE_OK) {
        fprintf(stderr, "db: cannot open %s: %s\n", path, d->h ? sqlite3_errmsg(d->h) : "out of memory");
        sqlite3_close(d->h);
        free(d);
        return -1;
    }
    sqlite3_busy_timeout(d->h, 10000);
    sqlite3_extended_result_codes(d->h, 1);
    d->nslots = 64;
    d->slots = calloc(d->nslots, sizeof *d->slots);
    if (!d->slots) { db_close(d); return -1; }
    const char *pragmas = (flags & DB_OPEN_READONLY)
        ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-8000;"
        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
          "PRAGMA cache_size=-8000; PRAGMA temp_store=MEMORY;";
    if (db_exec(d, pragmas) != 0) { db_close(d); return -1; }
    if (flags & DB_OPEN_BULK) db_exec(d, "PRAGMA cache_size=-262144;");
    *out = d;
    return 0;
}

void db_close(db *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nslots; i++)
        if (d->slots && d->slots[i].st) sqlite3_finalize(d->slots[i].st);
    free(d->slots);
    if (d->h) sqlite3_close(d->h);
    free(d);
}

static int cache_grow(db *d)
{
    size_t n = d->nslots * 2;
    struct stmt_slot *s = calloc(n, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < d->nslots; i++) {
        if (!d->slots[i].sql) continue;
        size_t j = ptr_hash(d->slots[i].sql) & (n - 1);
        while (s[j].sql) j = (j + 1) & (n - 1);
        s[j] = d->slots[i];
    }
    free(d->slots);
    d->slots = s;
    d->nslots = n;
    return 0;
}

sqlite3_stmt *db_stmt(db *d, const char *sql)
{
    size_t j = ptr_hash(sql) & (d->nslots - 1);
    while (d->slots[j].sql) {
        if (d->slots[j].sql == sql) {
            sqlite3_stmt *st = d->slots[j].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        j = (j + 1) & (d->nslots - 1);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "db: prepare failed: %s\n  in: %.200s\n", sqlite3_errmsg(d->h), sql);
        return NULL;
    }
    if ((d->used + 1) * 2 > d->nslots) {
        if (cache_grow(d) != 0) { sqlite3_finalize(st); return NULL; }
        j = ptr_hash(sql) & (d->nslots - 1);
        while (d->slots[j].sql) j = (j + 1) & (d->nslots - 1);
    }
    d->slots[j].sql = sql;
    d->slots[j].st = st;
    d->used++;
    return st;
}

int db_exec(db *d, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "db: %s\n", err ? err : sqlite3_errmsg(d->h));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

const char *db_errmsg(db *d) { return sqlite3_errmsg(d->h); }
sqlite3 *db_handle(db *d) { return d->h; }
int64_t db_last_id(db *d) { return sqlite3_last_insert_rowid(d->h); }
int db_changes(db *d) { return sqlite3_changes(d->h); }
int db_in_tx(db *d) { return d->tx; }

int db_read_begin(db *d)
{
    if (d->tx || d->rtx) return 0;
    sqlite3_stmt *st = db_stmt(d, "BEGIN");
    if (!st || sqlite3_step(st) != SQLITE_DONE) { if (st) sqlite3_reset(st); return -1; }
    sqlite3_reset(st);
    d->rtx = 1;
    return 0;
}

void db_read_end(db *d)
{
    if (!d->rtx) return;
    sqlite3_stmt *st = db_stmt(d, "COMMIT");
    if (!st || sqlite3_step(st) != SQLITE_DONE) sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL);
    if (st) sqlite3_reset(st);
    d->rtx = 0;
}

int db_begin(db *d)
{
    if (d->tx) return -1;
    db_read_end(d); /* a write starts from the newest snapshot */
    if (db_exec(d, "BEGIN IMMEDIATE") != 0) return -1;
    d->tx = 1;
    return 0;
}

int db_commit(db *d)
{
    if (!d->tx) return -1;
    if (db_exec(d, "COMMIT") != 0) { db_rollback(d); return -1; }
    d->tx = 0;
    return 0;
}

void db_rollback(db *d)
{
    if (!d->tx) return;
    sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    d->tx = 0;
}

int db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}
int db_bind_int(sqlite3_stmt *s, int i, int64_t v) { return sqlite3_bind_int64(s, i, v); }
int db_bind_null(sqlite3_stmt *s, int i) { return sqlite3_bind_null(s, i); }
const char *db_col_text(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

int db_step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    while (rc == SQLITE_ROW) rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "db: step failed: %s\n", sqlite3_errmsg(sqlite3_db_handle(s)));
        sqlite3_reset(s);
        return -1;
    }
    sqlite3_reset(s);
    return 0;
}

int db_schema_version(db *d)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (!st) return 0;
    int v = 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = atoi(db_col_text(st, 0));
    sqlite3_reset(st);
    return v;
}

int db_migrate(db *d)
{
    int have = 0;
    sqlite3_stmt *chk = NULL;
    if (sqlite3_prepare_v2(d->h, "SELECT 1 FROM sqlite_master WHERE name = 'meta'", -1, &chk, NULL) != SQLITE_OK)
        return -1;
    int exists = sqlite3_step(chk) == SQLITE_ROW;
    sqlite3_finalize(chk);
    if (exists) have = db_schema_version(d);
    for (const struct migration *m = migrations; m->sql; m++) {
        if (m->version <= have) continue;
        if (db_begin(d) != 0) return -1;
        if (db_exec(d, m->sql) != 0) {
            fprintf(stderr, "db: migration %s failed\n", m->name);
            db_rollback(d);
            return -1;
        }
        sqlite3_stmt *st = db_stmt(d, "INSERT INTO meta(key, value) VALUES ('schema_version', ?1) "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        char v[16];
        snprintf(v, sizeof v, "%d", m->version);
        if (!st || db_bind_text(st, 1, v) != SQLITE_OK || db_step_done(st) != 0 || db_commit(d) != 0) {
            db_rollback(d);
            return -1;
        }
        have = m->version;
    }
    return 0;
}

int db_backup(db *d, const char *to_path)
{
    sqlite3 *dst = NULL;
    int rc = -1;
    if (sqlite3_open(to_path, &dst) != SQLITE_OK) goto out;
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", d->h, "main");
    if (!b) goto out;
    /* Copy in one step so the copy is a consistent snapshot (a read
     * transaction on a WAL database does not block writers). */
    int s = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (s != SQLITE_DONE) goto out;
    rc = 0;
out:
    if (rc != 0 && dst) fprintf(stderr, "backup: %s\n", sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return rc;
}

int db_check_integrity(db *d, char *msg, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int bad = 0;
    msg[0] = 0;
    if (sqlite3_prepare_v2(d->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (r && strcmp(r, "ok") != 0) { bad = 1; snprintf(msg, cap, "integrity: %s", r); break; }
    }
    sqlite3_finalize(st);
    if (bad) return -1;
    if (sqlite3_prepare_v2(d->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        bad = 1;
        snprintf(msg, cap, "foreign key violation in %s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (bad) return -1;
    /* FTS index must agree with its content table. */
    if (sqlite3_exec(d->h, "INSERT INTO person_fts(person_fts) VALUES ('integrity-check')", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(msg, cap, "fts: %s", sqlite3_errmsg(d->h));
        return -1;
    }
    return 0;
}

int db_unit_closure_rebuild(db *d, const char *as_of)
{
    if (db_exec(d, "DELETE FROM unit_closure") != 0) return -1;
    sqlite3_stmt *st = db_stmt(d,
        "WITH RECURSIVE cur(unit_id, parent_id) AS ("
        "  SELECT unit_id, parent_id FROM unit_version"
        "  WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)),"
        " walk(ancestor, descendant, depth) AS ("
        "  SELECT unit_id, unit_id, 0 FROM cur"
        "  UNION ALL"
        "  SELECT c.parent_id, w.descendant, w.depth + 1 FROM walk w JOIN cur c ON c.unit_id = w.ancestor"
        "  WHERE c.parent_id IS NOT NULL AND w.depth < 64)"
        " INSERT INTO unit_closure(ancestor, descendant, depth) SELECT ancestor, descendant, depth FROM walk");
    if (!st) return -1;
    db_bind_text(st, 1, as_of);
    return db_step_done(st);
}

int db_step_write(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE) return 0;
    return (rc & 0xff) == SQLITE_CONSTRAINT ? 1 : -1;
}

json_t *db_col_json(sqlite3_stmt *s, int i)
{
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(s, i));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(s, i));
    case SQLITE_NULL: return json_null();
    default: return json_string(db_col_text(s, i));
    }
}

static json_t *rows_as_objects(sqlite3_stmt *s, int parse_json)
{
    json_t *arr = json_array();
    int n = sqlite3_column_count(s);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < n; i++) {
            const char *name = sqlite3_column_name(s, i);
            size_t len = strlen(name);
            if (parse_json && len > 5 && !strcmp(name + len - 5, "_json")) {
                char key[64];
                snprintf(key, sizeof key, "%.*s", (int)(len - 5), name);
                const char *t = db_col_text(s, i);
                json_t *v = t ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;
                json_object_set_new(o, key, v ? v : json_null());
            } else json_object_set_new(o, name, db_col_json(s, i));
        }
        json_array_append_new(arr, o);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

json_t *db_rows(sqlite3_stmt *s) { return rows_as_objects(s, 0); }
json_t *db_rows_json(sqlite3_stmt *s) { return rows_as_objects(s, 1); }
