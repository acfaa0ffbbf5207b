/* Organisation tree (see db/unit.h): effective-dated versions and events. */
#include "db/unit.h"
#include "core/date.h"
#include "core/vntext.h"
#include "db/person.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const unit_types[] = {"province", "department", "division", "commune", "ward",
                                         "special_zone", "service_unit", "party_org", "other", NULL};

int unit_type_valid(const char *type)
{
    if (!type) return 0;
    for (const char *const *t = unit_types; *t; t++)
        if (!strcmp(*t, type)) return 1;
    return 0;
}

void unit_change_init(struct unit_change *c, const char *effective, const char *decision_no, int64_t user_id,
                      const char *today)
{
    memset(c, 0, sizeof *c);
    c->effective = effective;
    c->decision_no = decision_no;
    c->user_id = user_id;
    c->today = today;
}

void unit_change_clear(struct unit_change *c)
{
    json_decref(c->detail);
    c->detail = NULL;
}

static int fail(struct unit_change *c, int rc, const char *field, int64_t unit)
{
    snprintf(c->err_field, sizeof c->err_field, "%s", field ? field : "");
    c->err_unit = unit;
    return rc;
}

/* --- small JSON helpers --------------------------------------------------- */

static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_NULL: return json_null();
    default: {
        const char *s = db_col_text(st, i);
        json_t *j = json_string(s ? s : "");
        return j ? j : json_null();
    }
    }
}

/* The current row as an object keyed by column name. */
static json_t *row_json(sqlite3_stmt *st)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), col_json(st, i));
    return o;
}

static json_t *id_or_null(int64_t id) { return id > 0 ? json_integer(id) : json_null(); }

/* --- state of a unit --------------------------------------------------------- */

struct ustate {
    int64_t vid;            /* open version, 0 when none */
    int64_t parent;         /* parent in the open version, 0 = root */
    char valid_from[11];    /* of the open version */
    int ended;
};

/* 0, 1 when the unit does not exist, -1 on error. */
static int unit_state(db *d, int64_t id, struct ustate *s)
{
    memset(s, 0, sizeof *s);
    sqlite3_stmt *st = db_stmt(d, "SELECT u.ended_on, v.id, v.valid_from, v.parent_id FROM unit u"
                                  " LEFT JOIN unit_version v ON v.unit_id = u.id AND v.valid_to IS NULL"
                                  " WHERE u.id = ?1 ORDER BY v.valid_from DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 1 : -1;
    }
    s->ended = sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
        s->vid = sqlite3_column_int64(st, 1);
        const char *vf = db_col_text(st, 2);
        snprintf(s->valid_from, sizeof s->valid_from, "%s", vf ? vf : "");
        s->parent = sqlite3_column_type(st, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return 0;
}

/* 1 when the unit has a version valid on `on`. */
static int active_on(db *d, int64_t id, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM unit_version WHERE unit_id = ?1 AND valid_from <= ?2"
                                  " AND (valid_to IS NULL OR valid_to > ?2) LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, on);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A unit that the change itself modifies: it must exist, be live and its
 * open version must not start after the effective date. */
static int changeable(db *d, struct unit_change *c, int64_t id, const char *field, struct ustate *s)
{
    int rc = unit_state(d, id, s);
    if (rc < 0) return -1;
    if (rc == 1) return fail(c, UNIT_NOT_FOUND, field, id);
    if (s->ended || !s->vid) return fail(c, UNIT_ENDED, field, id);
    if (strcmp(c->effective, s->valid_from) < 0) return fail(c, UNIT_HISTORY, "effective", id);
    return 0;
}

/* A unit the change refers to (new parent, merge target, transfer target):
 * it must exist, not have ended, and be valid on the effective date. */
static int referable(db *d, struct unit_change *c, int64_t id, const char *field)
{
    struct ustate s;
    int rc = unit_state(d, id, &s);
    if (rc < 0) return -1;
    if (rc == 1) return fail(c, UNIT_NOT_FOUND, field, id);
    if (s.ended || !s.vid) return fail(c, UNIT_ENDED, field, id);
    rc = active_on(d, id, c->effective);
    if (rc < 0) return -1;
    if (!rc) return fail(c, UNIT_NOT_ACTIVE, field, id);
    return 0;
}

int db_unit_exists(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM unit WHERE id = ?1");
    if (!st) return 0;
    db_bind_int(st, 1, id);
    int in = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return in;
}

int db_unit_under(db *d, int64_t ancestor, int64_t id, const char *as_of)
{
    if (ancestor == id) return 1;
    sqlite3_stmt *st = db_stmt(d,
        "WITH RECURSIVE up(uid, depth) AS ("
        "  SELECT ?2, 0"
        "  UNION ALL"
        "  SELECT v.parent_id, up.depth + 1 FROM up JOIN unit_version v ON v.unit_id = up.uid"
        "  WHERE v.parent_id IS NOT NULL AND up.depth < 64"
        "    AND ((?3 IS NULL AND v.valid_to IS NULL)"
        "      OR (v.valid_from <= ?3 AND (v.valid_to IS NULL OR v.valid_to > ?3))))"
        " SELECT 1 FROM up WHERE uid = ?1 LIMIT 1");
    if (!st) return 0;
    db_bind_int(st, 1, ancestor);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, as_of);
    int in = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return in;
}

/* Below `anc` in the latest tree or in the tree on the effective date. */
static int under_either(db *d, int64_t anc, int64_t id, const char *effective)
{
    return db_unit_under(d, anc, id, NULL) || db_unit_under(d, anc, id, effective);
}

/* --- writes --------------------------------------------------------------- */

static void now_iso(char buf[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int event_new(db *d, struct unit_change *c, const char *kind)
{
    char at[32];
    now_iso(at);
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO unit_event(kind, effective, decision_no, detail, created_by, created_at)"
                                  " VALUES (?1, ?2, ?3, '{}', ?4, ?5)");
    if (!st) return -1;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, c->effective);
    db_bind_text(st, 3, c->decision_no);
    if (c->user_id > 0) db_bind_int(st, 4, c->user_id);
    db_bind_text(st, 5, at);
    if (db_step_done(st) != 0) return -1;
    c->event_id = db_last_id(d);
    return 0;
}

/* Stores the detail (stolen) and rebuilds the current-tree closure. */
static int event_finish(db *d, struct unit_change *c, json_t *detail)
{
    if (!detail) return -1;
    json_object_set_new(detail, "effective", json_string(c->effective));
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) { json_decref(detail); return -1; }
    sqlite3_stmt *st = db_stmt(d, "UPDATE unit_event SET detail = ?2 WHERE id = ?1");
    int rc = -1;
    if (st) {
        db_bind_int(st, 1, c->event_id);
        db_bind_text(st, 2, text);
        rc = db_step_done(st);
    }
    free(text);
    if (rc == 0) rc = db_unit_closure_rebuild(d, c->today);
    if (rc != 0) { json_decref(detail); return -1; }
    json_decref(c->detail);
    c->detail = detail;
    return 0;
}

static int unit_insert(db *d, const char *created_on, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO unit(created_on) VALUES (?1)");
    if (!st) return -1;
    db_bind_text(st, 1, created_on);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

static int version_insert(db *d, int64_t unit, const char *from, const struct unit_spec *s, int64_t parent,
                          int64_t event)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO unit_version(unit_id, valid_from, name, code, type, parent_id, quota, event_id)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return -1;
    db_bind_int(st, 1, unit);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, s->name);
    db_bind_text(st, 4, s->code);
    db_bind_text(st, 5, s->type);
    if (parent > 0) db_bind_int(st, 6, parent);
    if (s->has_quota) db_bind_int(st, 7, s->quota);
    db_bind_int(st, 8, event);
    return db_step_done(st);
}

static int version_close(db *d, int64_t vid, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE unit_version SET valid_to = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, vid);
    db_bind_text(st, 2, on);
    return db_step_done(st);
}

/* What a derived version changes; everything else is copied. */
struct vchange {
    const char *name;       /* NULL keeps */
    int set_code; const char *code;
    int set_parent; int64_t parent;
    int set_quota; int has_quota; int64_t quota;
};

/* Closes the open version `vid` on the effective date and opens its
 * successor with the changes applied. */
static int version_change(db *d, const struct unit_change *c, int64_t vid, const struct vchange *ch)
{
    if (version_close(d, vid, c->effective) != 0) return -1;
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO unit_version(unit_id, valid_from, valid_to, name, code, type, parent_id, quota, event_id)"
        " SELECT unit_id, ?2, NULL, COALESCE(?3, name), CASE WHEN ?4 = 1 THEN ?5 ELSE code END, type,"
        " CASE WHEN ?6 = 1 THEN ?7 ELSE parent_id END, CASE WHEN ?8 = 1 THEN ?9 ELSE quota END, ?10"
        " FROM unit_version WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, vid);
    db_bind_text(st, 2, c->effective);
    db_bind_text(st, 3, ch->name);
    db_bind_int(st, 4, ch->set_code);
    db_bind_text(st, 5, ch->code);
    db_bind_int(st, 6, ch->set_parent);
    if (ch->parent > 0) db_bind_int(st, 7, ch->parent);
    db_bind_int(st, 8, ch->set_quota);
    if (ch->has_quota) db_bind_int(st, 9, ch->quota);
    db_bind_int(st, 10, c->event_id);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : -1;
}

static int unit_end(db *d, const struct unit_change *c, int64_t id, int64_t vid)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE unit SET ended_on = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, c->effective);
    if (db_step_done(st) != 0) return -1;
    return version_close(d, vid, c->effective);
}

/* One version row as JSON (for event details and audit), or NULL. */
static json_t *version_json(db *d, int64_t vid)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, valid_from, valid_to, name, code, type, parent_id, quota, event_id"
                                  " FROM unit_version WHERE id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, vid);
    json_t *o = sqlite3_step(st) == SQLITE_ROW ? row_json(st) : NULL;
    sqlite3_reset(st);
    return o;
}

/* Open sub-units of a unit (live units only). */
struct child { int64_t unit, vid; char from[11]; };

static int open_children(db *d, int64_t parent, struct child **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT v.unit_id, v.id, v.valid_from FROM unit_version v JOIN unit u ON u.id = v.unit_id"
                                  " WHERE v.parent_id = ?1 AND v.valid_to IS NULL AND u.ended_on IS NULL"
                                  " ORDER BY v.unit_id");
    if (!st) return -1;
    db_bind_int(st, 1, parent);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct child *nc = realloc(*out, cap * sizeof *nc);
            if (!nc) { sqlite3_reset(st); free(*out); *out = NULL; return -1; }
            *out = nc;
        }
        struct child *ch = &(*out)[(*n)++];
        ch->unit = sqlite3_column_int64(st, 0);
        ch->vid = sqlite3_column_int64(st, 1);
        const char *vf = db_col_text(st, 2);
        snprintf(ch->from, sizeof ch->from, "%s", vf ? vf : "");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(*out); *out = NULL; return -1; }
    return 0;
}

/* Gives every open sub-unit of `from` the parent `to` (new versions), and
 * records {"unit","from","to"} links in arr. */
static int reparent_children(db *d, struct unit_change *c, int64_t from, int64_t to, json_t *arr)
{
    struct child *ch;
    size_t n;
    if (open_children(d, from, &ch, &n) != 0) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strcmp(c->effective, ch[i].from) < 0) { rc = fail(c, UNIT_HISTORY, "effective", ch[i].unit); break; }
        struct vchange vc = {0};
        vc.set_parent = 1;
        vc.parent = to;
        rc = version_change(d, c, ch[i].vid, &vc);
        if (rc == 0)
            json_array_append_new(arr, json_pack("{s:I,s:I,s:I}", "unit", (json_int_t)ch[i].unit, "from",
                                                 (json_int_t)from, "to", (json_int_t)to));
    }
    free(ch);
    return rc;
}

/* People of a unit: active people whose current unit it is, plus anyone with
 * an open (main) posting there. -1 on error. */
static int64_t people_count(db *d, int64_t unit)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM (SELECT id FROM person WHERE unit_id = ?1 AND status = 'active'"
                                  " UNION SELECT person_id FROM posting WHERE unit_id = ?1 AND concurrent = 0"
                                  " AND valid_to IS NULL)");
    if (!st) return -1;
    db_bind_int(st, 1, unit);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* 1 when an open main posting in the unit starts after `on`. */
static int later_postings(db *d, int64_t unit, const char *on)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM posting WHERE unit_id = ?1 AND concurrent = 0 AND valid_to IS NULL"
                                  " AND valid_from > ?2 LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit);
    db_bind_text(st, 2, on);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int check_postings(db *d, struct unit_change *c, int64_t unit)
{
    int rc = later_postings(d, unit, c->effective);
    if (rc < 0) return -1;
    if (rc) return fail(c, UNIT_HISTORY, "effective", unit);
    return 0;
}

/* Re-homes people (all, or the listed ones) and returns the number moved. */
static int move_people(db *d, int64_t from, int64_t to, const struct unit_change *c, const int64_t *ids, size_t n,
                       const char *reason, int64_t *moved)
{
    *moved = 0;
    if (ids && n == 0) return 0;
    int k = db_person_rehome(d, from, to, c->effective, ids, n, reason);
    if (k < 0) return -1;
    *moved = k;
    return 0;
}

static json_t *spec_json(const struct unit_spec *s, int64_t parent)
{
    json_t *o = json_pack("{s:s,s:s}", "name", s->name, "type", s->type);
    if (!o) return NULL;
    json_object_set_new(o, "code", s->code ? json_string(s->code) : json_null());
    json_object_set_new(o, "parent_id", id_or_null(parent));
    json_object_set_new(o, "quota", s->has_quota ? json_integer(s->quota) : json_null());
    return o;
}

int db_unit_create(db *d, struct unit_change *c, const struct unit_spec *s, int64_t *id)
{
    int rc;
    if (s->parent_id > 0 && (rc = referable(d, c, s->parent_id, "parent_id")) != 0) return rc;
    if (event_new(d, c, "create") != 0 || unit_insert(d, c->effective, id) != 0 ||
        version_insert(d, *id, c->effective, s, s->parent_id, c->event_id) != 0)
        return -1;
    json_t *detail = json_pack("{s:[I],s:I,s:o}", "units", (json_int_t)*id, "unit", (json_int_t)*id, "to",
                               spec_json(s, s->parent_id));
    return event_finish(d, c, detail);
}

/* Common shape of single-unit version changes (rename, quota, move). */
static int simple_change(db *d, struct unit_change *c, int64_t id, const char *kind, const struct ustate *s,
                         const struct vchange *vc, const char *const *keys)
{
    json_t *before = version_json(d, s->vid);
    if (!before) return -1;
    if (event_new(d, c, kind) != 0 || version_change(d, c, s->vid, vc) != 0) { json_decref(before); return -1; }
    struct ustate now;
    if (unit_state(d, id, &now) != 0) { json_decref(before); return -1; }
    json_t *after = version_json(d, now.vid);
    if (!after) { json_decref(before); return -1; }
    json_t *from = json_object(), *to = json_object();
    for (const char *const *k = keys; *k; k++) {
        json_object_set(from, *k, json_object_get(before, *k));
        json_object_set(to, *k, json_object_get(after, *k));
    }
    json_decref(before);
    json_decref(after);
    json_t *detail = json_pack("{s:[I],s:I,s:o,s:o}", "units", (json_int_t)id, "unit", (json_int_t)id, "from", from,
                               "to", to);
    return event_finish(d, c, detail);
}

int db_unit_rename(db *d, struct unit_change *c, int64_t id, const char *name, int set_code, const char *code)
{
    struct ustate s;
    int rc = changeable(d, c, id, "", &s);
    if (rc) return rc;
    struct vchange vc = {0};
    vc.name = name;
    vc.set_code = set_code;
    vc.code = code;
    static const char *const keys[] = {"name", "code", NULL};
    return simple_change(d, c, id, "rename", &s, &vc, keys);
}

int db_unit_set_quota(db *d, struct unit_change *c, int64_t id, int has_quota, int64_t quota)
{
    struct ustate s;
    int rc = changeable(d, c, id, "", &s);
    if (rc) return rc;
    struct vchange vc = {0};
    vc.set_quota = 1;
    vc.has_quota = has_quota;
    vc.quota = quota;
    static const char *const keys[] = {"quota", NULL};
    return simple_change(d, c, id, "quota", &s, &vc, keys);
}

int db_unit_move(db *d, struct unit_change *c, int64_t id, int64_t parent_id)
{
    struct ustate s;
    int rc = changeable(d, c, id, "", &s);
    if (rc) return rc;
    if (parent_id == id) return fail(c, UNIT_CYCLE, "parent_id", parent_id);
    if ((rc = referable(d, c, parent_id, "parent_id")) != 0) return rc;
    if (parent_id == s.parent) return fail(c, UNIT_NO_CHANGE, "parent_id", parent_id);
    if (under_either(d, id, parent_id, c->effective)) return fail(c, UNIT_CYCLE, "parent_id", parent_id);
    struct vchange vc = {0};
    vc.set_parent = 1;
    vc.parent = parent_id;
    static const char *const keys[] = {"parent_id", NULL};
    return simple_change(d, c, id, "move", &s, &vc, keys);
}

int db_unit_merge(db *d, struct unit_change *c, const int64_t *sources, size_t n, int64_t target,
                  const struct unit_spec *new_unit, int64_t *target_out)
{
    *target_out = 0;
    if (n == 0) return fail(c, UNIT_NOT_FOUND, "sources", 0);
    if (!target && !new_unit) return fail(c, UNIT_NOT_FOUND, "target_id", 0);
    struct ustate *ss = calloc(n, sizeof *ss);
    if (!ss) return -1;
    int rc = 0, created = 0;
    json_t *children = NULL, *people = NULL, *units = NULL;
    for (size_t i = 0; i < n && !rc; i++) {
        for (size_t j = 0; j < i; j++)
            if (sources[j] == sources[i]) { rc = fail(c, UNIT_DUPLICATE, "sources", sources[i]); break; }
        if (!rc) rc = changeable(d, c, sources[i], "sources", &ss[i]);
    }
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = 0; j < n && !rc; j++)
            if (i != j && under_either(d, sources[i], sources[j], c->effective))
                rc = fail(c, UNIT_NESTED, "sources", sources[j]);
    const char *tfield = target ? "target_id" : "new_unit.parent_id";
    int64_t check = target ? target : new_unit->parent_id;
    if (!rc && check > 0) {
        for (size_t i = 0; i < n && !rc; i++)
            if (sources[i] == check) rc = fail(c, target ? UNIT_DUPLICATE : UNIT_CYCLE, tfield, check);
        if (!rc) rc = referable(d, c, check, tfield);
        for (size_t i = 0; i < n && !rc; i++)
            if (under_either(d, sources[i], check, c->effective)) rc = fail(c, UNIT_CYCLE, tfield, check);
    }
    for (size_t i = 0; i < n && !rc; i++) rc = check_postings(d, c, sources[i]);
    if (rc) goto out;
    rc = -1;
    if (event_new(d, c, "merge") != 0) goto out;
    if (!target) {
        created = 1;
        if (unit_insert(d, c->effective, &target) != 0 ||
            version_insert(d, target, c->effective, new_unit, new_unit->parent_id, c->event_id) != 0)
            goto out;
    }
    children = json_array();
    people = json_array();
    units = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t moved;
        json_array_append_new(units, json_integer(sources[i]));
        if ((rc = reparent_children(d, c, sources[i], target, children)) != 0) goto out;
        rc = -1;
        if (move_people(d, sources[i], target, c, NULL, 0, "Sáp nhập đơn vị", &moved) != 0) goto out;
        if (unit_end(d, c, sources[i], ss[i].vid) != 0) goto out;
        json_array_append_new(people, json_pack("{s:I,s:I,s:I}", "from", (json_int_t)sources[i], "to",
                                                (json_int_t)target, "count", (json_int_t)moved));
    }
    json_t *detail = json_pack("{s:o,s:I,s:b,s:O,s:O}", "sources", json_copy(units), "target", (json_int_t)target,
                               "new_target", created, "children", children, "people", people);
    json_array_append_new(units, json_integer(target));
    if (detail) {
        json_object_set(detail, "units", units);
        if (created) json_object_set_new(detail, "new_unit", spec_json(new_unit, new_unit->parent_id));
    }
    rc = event_finish(d, c, detail);
    if (rc == 0) *target_out = target;
out:
    json_decref(children);
    json_decref(people);
    json_decref(units);
    free(ss);
    return rc;
}

struct pid_part { int64_t id; size_t part; };

static int cmp_pid_part(const void *a, const void *b)
{
    const struct pid_part *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->part < y->part ? -1 : x->part > y->part;
}

/* 1 when the person's current unit is `unit`. */
static int person_in_unit(db *d, int64_t person, int64_t unit)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM person WHERE id = ?1 AND unit_id = ?2"
                                  " UNION ALL SELECT 1 FROM posting WHERE person_id = ?1 AND unit_id = ?2"
                                  " AND concurrent = 0 AND valid_to IS NULL LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, unit);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_unit_split(db *d, struct unit_change *c, int64_t id, const struct unit_part *parts, size_t n,
                  int64_t *new_ids)
{
    struct ustate s;
    int rc = changeable(d, c, id, "", &s);
    if (rc) return rc;
    if (n < 2) return fail(c, UNIT_NO_CHANGE, "parts", id);
    if ((rc = check_postings(d, c, id)) != 0) return rc;
    /* Every listed person belongs to the source, and to one part only. */
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += parts[i].n_people;
    struct pid_part *all = total ? calloc(total, sizeof *all) : NULL;
    if (total && !all) return -1;
    char field[64];
    size_t k = 0;
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = 0; j < parts[i].n_people && !rc; j++) {
            int in = person_in_unit(d, parts[i].person_ids[j], id);
            snprintf(field, sizeof field, "parts[%zu].person_ids", i);
            if (in < 0) rc = -1;
            else if (!in) rc = fail(c, UNIT_NOT_IN_UNIT, field, parts[i].person_ids[j]);
            all[k].id = parts[i].person_ids[j];
            all[k++].part = i;
        }
    if (!rc && total > 1) {
        qsort(all, total, sizeof *all, cmp_pid_part);
        for (size_t i = 1; i < total && !rc; i++)
            if (all[i].id == all[i - 1].id) {
                snprintf(field, sizeof field, "parts[%zu].person_ids", all[i].part);
                rc = fail(c, UNIT_DUPLICATE, field, all[i].id);
            }
    }
    free(all);
    if (rc) return rc;
    if (event_new(d, c, "split") != 0) return -1;
    json_t *jparts = json_array(), *children = json_array();
    rc = -1;
    for (size_t i = 0; i < n; i++)
        if (unit_insert(d, c->effective, &new_ids[i]) != 0 ||
            version_insert(d, new_ids[i], c->effective, &parts[i].spec, s.parent, c->event_id) != 0)
            goto out;
    int64_t moved0 = 0;
    for (size_t i = 1; i < n; i++) {
        int64_t moved = 0;
        if (parts[i].n_people &&
            move_people(d, id, new_ids[i], c, parts[i].person_ids, parts[i].n_people, "Chia tách đơn vị", &moved) != 0)
            goto out;
        json_array_append_new(jparts, json_pack("{s:I,s:I}", "unit", (json_int_t)new_ids[i], "people", (json_int_t)moved));
    }
    if (move_people(d, id, new_ids[0], c, NULL, 0, "Chia tách đơn vị", &moved0) != 0) goto out;
    json_array_insert_new(jparts, 0, json_pack("{s:I,s:I}", "unit", (json_int_t)new_ids[0], "people", (json_int_t)moved0));
    if ((rc = reparent_children(d, c, id, new_ids[0], children)) != 0) goto out;
    rc = -1;
    if (unit_end(d, c, id, s.vid) != 0) goto out;
    json_t *units = json_array();
    json_array_append_new(units, json_integer(id));
    for (size_t i = 0; i < n; i++) json_array_append_new(units, json_integer(new_ids[i]));
    json_t *detail = json_pack("{s:o,s:I,s:O,s:O}", "units", units, "source", (json_int_t)id, "parts", jparts,
                               "children", children);
    rc = event_finish(d, c, detail);
out:
    json_decref(jparts);
    json_decref(children);
    return rc;
}

int db_unit_dissolve(db *d, struct unit_change *c, int64_t id, int64_t transfer_to)
{
    struct ustate s;
    int rc = changeable(d, c, id, "", &s);
    if (rc) return rc;
    int64_t np = people_count(d, id);
    if (np < 0) return -1;
    struct child *ch;
    size_t nc;
    if (open_children(d, id, &ch, &nc) != 0) return -1;
    free(ch);
    if (transfer_to <= 0) {
        if (np > 0) return fail(c, UNIT_HAS_PEOPLE, "transfer_to", id);
        if (nc > 0) return fail(c, UNIT_HAS_CHILDREN, "transfer_to", id);
    } else {
        if (under_either(d, id, transfer_to, c->effective)) return fail(c, UNIT_CYCLE, "transfer_to", transfer_to);
        if ((rc = referable(d, c, transfer_to, "transfer_to")) != 0) return rc;
        if ((rc = check_postings(d, c, id)) != 0) return rc;
    }
    if (event_new(d, c, "dissolve") != 0) return -1;
    json_t *children = json_array();
    int64_t moved = 0;
    rc = 0;
    if (transfer_to > 0) {
        rc = reparent_children(d, c, id, transfer_to, children);
        if (!rc && move_people(d, id, transfer_to, c, NULL, 0, "Giải thể đơn vị", &moved) != 0) rc = -1;
    }
    if (!rc && unit_end(d, c, id, s.vid) != 0) rc = -1;
    if (rc) { json_decref(children); return rc; }
    json_t *units = json_array();
    json_array_append_new(units, json_integer(id));
    if (transfer_to > 0) json_array_append_new(units, json_integer(transfer_to));
    json_t *detail = json_pack("{s:o,s:I,s:o,s:o,s:I}", "units", units, "unit", (json_int_t)id, "transfer_to",
                               id_or_null(transfer_to), "children", children, "people", (json_int_t)moved);
    return event_finish(d, c, detail);
}

/* --- reads ---------------------------------------------------------------- */

int db_unit_in_scope(db *d, const struct scope *sc, int64_t id, const char *as_of)
{
    if (!db_unit_exists(d, id)) return 0;
    if (sc->all) return 1;
    if (sc->unit_root <= 0) return 0;
    if (db_unit_under(d, sc->unit_root, id, NULL)) return 1;
    if (as_of && db_unit_under(d, sc->unit_root, id, as_of)) return 1;
    /* An ended unit: where it was on its last day. */
    sqlite3_stmt *st = db_stmt(d, "SELECT ended_on FROM unit WHERE id = ?1 AND ended_on IS NOT NULL");
    if (!st) return 0;
    db_bind_int(st, 1, id);
    char last[11] = "";
    if (sqlite3_step(st) == SQLITE_ROW) {
        cdate e;
        const char *t = db_col_text(st, 0);
        if (t && date_parse_iso(t, &e) == 0) date_format_iso(e - 1, last);
    }
    sqlite3_reset(st);
    return last[0] && db_unit_under(d, sc->unit_root, id, last);
}

struct tnode {
    int64_t id, parent;
    json_t *obj;            /* owned until moved into the result */
    char *fold;             /* folded name (and code) for matching and ordering */
    int64_t headcount;
    long first, last, next; /* children list (indices), -1 = none */
    int depth, seen, match, keep;
};

struct tree {
    struct tnode *n;
    size_t len;
    size_t *by_id;          /* indices sorted by id */
};

static _Thread_local const struct tree *sort_ctx; /* qsort has no context argument in C17 */

static int cmp_by_id(const void *a, const void *b)
{
    int64_t x = sort_ctx->n[*(const size_t *)a].id, y = sort_ctx->n[*(const size_t *)b].id;
    return x < y ? -1 : x > y;
}

static int cmp_by_name(const void *a, const void *b)
{
    const struct tnode *x = &sort_ctx->n[*(const size_t *)a], *y = &sort_ctx->n[*(const size_t *)b];
    int c = strcmp(x->fold, y->fold);
    if (c) return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

static long tree_find(const struct tree *t, int64_t id)
{
    size_t lo = 0, hi = t->len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t v = t->n[t->by_id[mid]].id;
        if (v == id) return (long)t->by_id[mid];
        if (v < id) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static char *fold_dup(const char *name, const char *code)
{
    size_t ln = strlen(name), lc = code ? strlen(code) : 0;
    size_t cap = 2 * (ln + lc) + 8;
    char *out = malloc(cap);
    if (!out) return NULL;
    size_t k = vn_fold(name, ln, out, cap);
    if (k == (size_t)-1) k = 0;
    out[k] = 0;
    if (code && lc) {
        /* "\x01" keeps the code apart from the name for ordering and matching. */
        out[k++] = '\x01';
        size_t m = vn_fold(code, lc, out + k, cap - k);
        if (m == (size_t)-1) m = 0;
        out[k + m] = 0;
    }
    return out;
}

/* Pre-order walk; collects visited indices into order[]. */
static void tree_walk(struct tree *t, long i, int depth, size_t *order, size_t *no)
{
    struct tnode *x = &t->n[i];
    if (x->seen || depth > 200) return;
    x->seen = 1;
    x->depth = depth;
    order[(*no)++] = (size_t)i;
    for (long c = x->first; c >= 0; c = t->n[c].next) tree_walk(t, c, depth + 1, order, no);
}

int db_unit_tree(db *d, const struct scope *sc, const char *as_of, const char *q, json_t **items)
{
    *items = json_array();
    if (!*items) return -1;
    if (!sc->all && sc->unit_root <= 0) return 0;
    struct tree t = {0};
    size_t cap = 0, *order = NULL, *byname = NULL;
    int rc = -1;
    sqlite3_stmt *st = db_stmt(d, "SELECT unit_id, name, code, type, parent_id, quota FROM unit_version"
                                  " WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)");
    if (!st) goto out;
    db_bind_text(st, 1, as_of);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (t.len == cap) {
            cap = cap ? cap * 2 : 256;
            struct tnode *nn = realloc(t.n, cap * sizeof *nn);
            if (!nn) { sqlite3_reset(st); goto out; }
            t.n = nn;
        }
        struct tnode *x = &t.n[t.len];
        memset(x, 0, sizeof *x);
        x->first = x->last = x->next = -1;
        x->id = sqlite3_column_int64(st, 0);
        x->parent = sqlite3_column_type(st, 4) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 4);
        const char *name = db_col_text(st, 1), *code = db_col_text(st, 2);
        x->fold = fold_dup(name ? name : "", code);
        x->obj = json_pack("{s:I,s:s?,s:s?,s:s?}", "id", (json_int_t)x->id, "name", name, "code", code, "type",
                           db_col_text(st, 3));
        t.len++;
        if (!x->fold || !x->obj) { sqlite3_reset(st); goto out; }
        json_object_set_new(x->obj, "parent_id", id_or_null(x->parent));
        json_object_set_new(x->obj, "quota", col_json(st, 5));
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) goto out;
    if (t.len == 0) { rc = 0; goto out; }
    t.by_id = malloc(t.len * sizeof *t.by_id);
    byname = malloc(t.len * sizeof *byname);
    order = malloc(t.len * sizeof *order);
    if (!t.by_id || !byname || !order) goto out;
    for (size_t i = 0; i < t.len; i++) t.by_id[i] = byname[i] = i;
    sort_ctx = &t;
    qsort(t.by_id, t.len, sizeof *t.by_id, cmp_by_id);
    qsort(byname, t.len, sizeof *byname, cmp_by_name);
    sort_ctx = NULL;
    /* Headcount: people whose main posting valid on as_of is in the unit. */
    st = db_stmt(d, "SELECT unit_id, count(DISTINCT person_id) FROM posting WHERE concurrent = 0"
                    " AND valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1) GROUP BY unit_id");
    if (!st) goto out;
    db_bind_text(st, 1, as_of);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long i = tree_find(&t, sqlite3_column_int64(st, 0));
        if (i >= 0) t.n[i].headcount = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) goto out;
    /* Children lists in name order. */
    for (size_t k = 0; k < t.len; k++) {
        long i = (long)byname[k];
        long p = t.n[i].parent ? tree_find(&t, t.n[i].parent) : -1;
        if (p < 0 || p == i) continue;
        if (t.n[p].last >= 0) t.n[t.n[p].last].next = i;
        else t.n[p].first = i;
        t.n[p].last = i;
    }
    size_t no = 0;
    if (sc->all) {
        for (size_t k = 0; k < t.len; k++) {
            long i = (long)byname[k];
            long p = t.n[i].parent ? tree_find(&t, t.n[i].parent) : -1;
            if (p < 0 || p == i) tree_walk(&t, i, 0, order, &no);
        }
    } else {
        long r = tree_find(&t, sc->unit_root);
        if (r >= 0) tree_walk(&t, r, 0, order, &no);
    }
    /* Search: matches and their ancestors. */
    char fq[512] = "";
    if (q) {
        size_t k = vn_fold(q, strlen(q), fq, sizeof fq);
        if (k == (size_t)-1) k = 0;
        fq[k] = 0;
    }
    if (fq[0]) {
        for (size_t k = 0; k < no; k++) {
            struct tnode *x = &t.n[order[k]];
            if (!strstr(x->fold, fq)) continue;
            x->match = 1;
            for (long i = (long)order[k]; i >= 0 && t.n[i].seen && !t.n[i].keep;
                 i = t.n[i].parent ? tree_find(&t, t.n[i].parent) : -1)
                t.n[i].keep = 1;
        }
    }
    for (size_t k = 0; k < no; k++) {
        struct tnode *x = &t.n[order[k]];
        if (fq[0] && !x->keep) continue;
        json_object_set_new(x->obj, "depth", json_integer(x->depth));
        json_object_set_new(x->obj, "headcount", json_integer(x->headcount));
        if (fq[0]) json_object_set_new(x->obj, "match", json_boolean(x->match));
        json_array_append_new(*items, x->obj);
        x->obj = NULL;
    }
    rc = 0;
out:
    for (size_t i = 0; i < t.len; i++) {
        json_decref(t.n[i].obj);
        free(t.n[i].fold);
    }
    free(t.n);
    free(t.by_id);
    free(byname);
    free(order);
    if (rc != 0) {
        json_decref(*items);
        *items = NULL;
    }
    return rc;
}

static int64_t headcount_on(db *d, int64_t id, const char *as_of)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(DISTINCT person_id) FROM posting WHERE unit_id = ?1 AND concurrent = 0"
                                  " AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to > ?2)");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, as_of);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

struct child_key { json_t *obj; int64_t id; char *fold; };

static int cmp_child_key(const void *a, const void *b)
{
    const struct child_key *x = a, *y = b;
    int c = strcmp(x->fold, y->fold);
    if (c) return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

int db_unit_children(db *d, int64_t id, const char *as_of, json_t **items)
{
    *items = json_array();
    sqlite3_stmt *st = db_stmt(d, "SELECT unit_id AS id, name, code, type, quota FROM unit_version"
                                  " WHERE parent_id = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to > ?2)"
                                  " ORDER BY unit_id");
    if (!*items || !st) goto fail;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, as_of);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(*items, row_json(st));
    sqlite3_reset(st);
    if (s != SQLITE_DONE) goto fail;
    size_t i, n = json_array_size(*items);
    json_t *o;
    json_array_foreach(*items, i, o) {
        int64_t h = headcount_on(d, json_integer_value(json_object_get(o, "id")), as_of);
        if (h < 0) goto fail;
        json_object_set_new(o, "headcount", json_integer(h));
    }
    /* Same sibling order as the tree: folded name, then id. */
    if (n > 1) {
        struct child_key *k = calloc(n, sizeof *k);
        if (!k) goto fail;
        int bad = 0;
        json_array_foreach(*items, i, o) {
            k[i].obj = o;
            k[i].id = json_integer_value(json_object_get(o, "id"));
            const char *name = json_string_value(json_object_get(o, "name"));
            k[i].fold = fold_dup(name ? name : "", json_string_value(json_object_get(o, "code")));
            if (!k[i].fold) bad = 1;
        }
        json_t *sorted = bad ? NULL : json_array();
        if (sorted) {
            qsort(k, n, sizeof *k, cmp_child_key);
            for (i = 0; i < n; i++) json_array_append(sorted, k[i].obj);
        }
        for (i = 0; i < n; i++) free(k[i].fold);
        free(k);
        if (!sorted) goto fail;
        json_decref(*items);
        *items = sorted;
    }
    return 0;
fail:
    json_decref(*items);
    *items = NULL;
    return -1;
}

static json_t *unit_versions(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, valid_from, valid_to, name, code, type, parent_id, quota, event_id"
                                  " FROM unit_version WHERE unit_id = ?1 ORDER BY valid_from, id");
    json_t *arr = json_array();
    if (!st || !arr) { json_decref(arr); return NULL; }
    db_bind_int(st, 1, id);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, row_json(st));
    sqlite3_reset(st);
    if (s != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

/* Events of a unit: those that opened one of its versions, and those whose
 * detail lists it among "units" (ends, transfers). */
static json_t *unit_events(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT id, kind, effective, decision_no, detail, created_by, created_at FROM unit_event"
        " WHERE id IN (SELECT event_id FROM unit_version WHERE unit_id = ?1 AND event_id IS NOT NULL)"
        "    OR id IN (SELECT e.id FROM unit_event e, json_each(e.detail, '$.units') j WHERE j.value = ?1)"
        " ORDER BY effective, id");
    json_t *arr = json_array();
    if (!st || !arr) { json_decref(arr); return NULL; }
    db_bind_int(st, 1, id);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = row_json(st);
        const char *text = db_col_text(st, 4);
        json_t *detail = text ? json_loads(text, 0, NULL) : NULL;
        if (detail) json_object_set_new(o, "detail", detail);
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

static json_t *unit_ancestors(db *d, int64_t id, const char *as_of)
{
    sqlite3_stmt *st = db_stmt(d,
        "WITH RECURSIVE up(uid, depth) AS ("
        "  SELECT ?1, 0"
        "  UNION ALL"
        "  SELECT v.parent_id, up.depth + 1 FROM up JOIN unit_version v ON v.unit_id = up.uid"
        "  WHERE v.parent_id IS NOT NULL AND up.depth < 64"
        "    AND v.valid_from <= ?2 AND (v.valid_to IS NULL OR v.valid_to > ?2))"
        " SELECT up.uid AS id, v.name FROM up JOIN unit_version v ON v.unit_id = up.uid"
        "  AND v.valid_from <= ?2 AND (v.valid_to IS NULL OR v.valid_to > ?2)"
        " WHERE up.depth > 0 ORDER BY up.depth DESC");
    json_t *arr = json_array();
    if (!st || !arr) { json_decref(arr); return NULL; }
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, as_of);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, row_json(st));
    sqlite3_reset(st);
    if (s != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

int db_unit_get(db *d, int64_t id, const char *as_of, json_t **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, created_on, ended_on FROM unit WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) { sqlite3_reset(st); return s == SQLITE_DONE ? 1 : -1; }
    json_t *o = row_json(st);
    sqlite3_reset(st);
    json_t *versions = unit_versions(d, id);
    json_t *events = unit_events(d, id);
    json_t *ancestors = unit_ancestors(d, id, as_of);
    json_t *children = NULL;
    int64_t hc = headcount_on(d, id, as_of);
    if (!o || !versions || !events || !ancestors || hc < 0 || db_unit_children(d, id, as_of, &children) != 0) {
        json_decref(o);
        json_decref(versions);
        json_decref(events);
        json_decref(ancestors);
        return -1;
    }
    /* The version valid on as_of, or else the latest one. */
    json_t *cur = NULL, *v;
    size_t i;
    int active = 0;
    json_array_foreach(versions, i, v) {
        const char *from = json_string_value(json_object_get(v, "valid_from"));
        const char *to = json_string_value(json_object_get(v, "valid_to"));
        if (from && strcmp(from, as_of) <= 0 && (!to || strcmp(to, as_of) > 0)) { cur = v; active = 1; }
    }
    if (!cur) cur = json_array_get(versions, json_array_size(versions) - 1);
    static const char *const keys[] = {"name", "code", "type", "parent_id", "quota", NULL};
    for (const char *const *k = keys; *k; k++)
        json_object_set(o, *k, cur ? json_object_get(cur, *k) : json_null());
    json_object_set_new(o, "as_of", json_string(as_of));
    json_object_set_new(o, "active", json_boolean(active));
    json_object_set_new(o, "headcount", json_integer(hc));
    json_object_set_new(o, "ancestors", ancestors);
    json_object_set_new(o, "children", children);
    json_object_set_new(o, "versions", versions);
    json_object_set_new(o, "events", events);
    *out = o;
    return 0;
}

json_t *db_unit_snapshot(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, created_on, ended_on FROM unit WHERE id = ?1");
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    json_t *o = sqlite3_step(st) == SQLITE_ROW ? row_json(st) : NULL;
    sqlite3_reset(st);
    if (!o) return NULL;
    st = db_stmt(d, "SELECT id FROM unit_version WHERE unit_id = ?1 ORDER BY valid_to IS NULL DESC, valid_from DESC, id DESC"
                    " LIMIT 1");
    int64_t vid = 0;
    if (st) {
        db_bind_int(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) vid = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    json_t *v = vid ? version_json(d, vid) : NULL;
    json_object_set_new(o, "version", v ? v : json_null());
    return o;
}
