/* SQL for the year results' reports (see db/eval_report.h, migration 0010). */
#include "db/eval_report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const char *s = db_col_text(st, i);
    snprintf(out, cap, "%s", s ? s : "");
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) db_bind_text(st, i, s);
    else db_bind_null(st, i);
}

/* ---- the board as a results table ---- */

json_t *db_rep_board(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT r.id, r.person_id, p.full_name AS name,"
        " coalesce(t.name, nullif(trim(p.position), ''), rk.name) AS post,"
        " r.rating_unit_id, (SELECT v.name FROM unit_version v WHERE v.unit_id = r.rating_unit_id"
        "  ORDER BY v.valid_from DESC, v.id DESC LIMIT 1) AS rating_unit_name,"
        " r.task_group_id, g.name AS task_group, r.regime, r.score_x100, r.periods, r.carried_over,"
        " r.proposed_level, r.cap_status, r.cap_level, r.final_level, r.detail, r.decision_id"
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id"
        " LEFT JOIN ref_title t ON t.id = p.title_id LEFT JOIN ref_rank rk ON rk.code = p.rank_code"
        " LEFT JOIN eval_task_group g ON g.id = r.task_group_id"
        " WHERE r.unit_id = ?1 AND r.year = ?2"
        " ORDER BY r.rating_unit_id, coalesce(r.task_group_id, 0), r.score_x100 DESC, p.sort_key, r.person_id");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}

int db_rep_unit_names(db *d, int64_t unit_id, char *name, size_t ncap, char *parent, size_t pcap)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT v.name, (SELECT w.name FROM unit_version w WHERE w.unit_id = v.parent_id"
        "  ORDER BY w.valid_from DESC, w.id DESC LIMIT 1)"
        " FROM unit_version v WHERE v.unit_id = ?1 ORDER BY v.valid_from DESC, v.id DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    name[0] = parent[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_text(st, 0, name, ncap);
        copy_text(st, 1, parent, pcap);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* ---- publications ---- */

int db_rep_pub_latest(db *d, int64_t unit_id, int64_t year, int64_t *version, char *sha)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT version, content_sha256 FROM eval_publication WHERE unit_id = ?1"
                                  " AND year = ?2 ORDER BY version DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    *version = 0;
    sha[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int64(st, 0);
        copy_text(st, 1, sha, 65);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int db_rep_pub_insert(db *d, const struct rep_pub *p, int64_t *id, int64_t *version)
{
    char sha[65];
    int64_t v = 0;
    if (db_rep_pub_latest(d, p->unit_id, p->year, &v, sha) != 0) return -1;
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_publication(unit_id, year, version, unit_name, agency_name, regime, decision_id,"
        " limit_percent, exception_no, exception_date, summary, note, rows, content_sha256, published_by, published_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return -1;
    db_bind_int(st, 1, p->unit_id);
    db_bind_int(st, 2, p->year);
    db_bind_int(st, 3, v + 1);
    db_bind_text(st, 4, p->unit_name);
    bind_opt_text(st, 5, p->agency_name && *p->agency_name ? p->agency_name : NULL);
    db_bind_text(st, 6, p->regime);
    if (p->decision_id > 0) db_bind_int(st, 7, p->decision_id);
    else db_bind_null(st, 7);
    db_bind_int(st, 8, p->limit_percent);
    bind_opt_text(st, 9, p->exception_no);
    bind_opt_text(st, 10, p->exception_date);
    db_bind_text(st, 11, p->summary);
    bind_opt_text(st, 12, p->note);
    db_bind_int(st, 13, p->rows);
    db_bind_text(st, 14, p->sha256);
    db_bind_int(st, 15, p->published_by);
    db_bind_text(st, 16, p->published_at);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    *version = v + 1;
    return 0;
}

int db_rep_pub_row_insert(db *d, int64_t pub_id, const struct rep_pub_row *r)
{
    sqlite3_stmt *st = db_stmt(d,
        "INSERT INTO eval_publication_row(publication_id, seq, person_id, full_name, post, rating_unit_id,"
        " rating_unit_name, task_group, score_x100, proposed_level, final_level, note)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!st) return -1;
    db_bind_int(st, 1, pub_id);
    db_bind_int(st, 2, r->seq);
    db_bind_int(st, 3, r->person_id);
    db_bind_text(st, 4, r->full_name);
    bind_opt_text(st, 5, r->post);
    db_bind_int(st, 6, r->rating_unit_id);
    db_bind_text(st, 7, r->rating_unit_name ? r->rating_unit_name : "");
    bind_opt_text(st, 8, r->task_group);
    if (r->score_x100 >= 0) db_bind_int(st, 9, r->score_x100);
    else db_bind_null(st, 9);
    db_bind_text(st, 10, r->proposed_level);
    db_bind_text(st, 11, r->final_level);
    bind_opt_text(st, 12, r->note && *r->note ? r->note : NULL);
    return db_step_done(st);
}

json_t *db_rep_pub_versions(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, version, published_at, published_by, note, rows FROM eval_publication"
                                  " WHERE unit_id = ?1 AND year = ?2 ORDER BY version");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}

json_t *db_rep_pub_units(db *d, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT unit_id, (SELECT p2.unit_name FROM eval_publication p2 WHERE p2.unit_id = p.unit_id"
                                  "  AND p2.year = p.year ORDER BY p2.version DESC LIMIT 1) AS unit_name,"
                                  " max(version) AS versions, max(published_at) AS published_at"
                                  " FROM eval_publication p WHERE year = ?1 GROUP BY unit_id ORDER BY unit_name, unit_id");
    if (!st) return NULL;
    db_bind_int(st, 1, year);
    return db_rows(st);
}

json_t *db_rep_pub_get(db *d, int64_t unit_id, int64_t year, int64_t version, int *found)
{
    *found = 0;
    sqlite3_stmt *st = db_stmt(d,
        "SELECT e.id, e.unit_id, e.year, e.version, e.unit_name, e.agency_name, e.regime, e.decision_id,"
        " e.limit_percent, e.exception_no, e.exception_date, e.summary, e.note, e.rows, e.content_sha256,"
        " e.published_by, u.username AS published_by_name, e.published_at"
        " FROM eval_publication e LEFT JOIN app_user u ON u.id = e.published_by"
        " WHERE e.unit_id = ?1 AND e.year = ?2 AND (?3 = 0 OR e.version = ?3) ORDER BY e.version DESC LIMIT 1");
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, version);
    json_t *hdr = db_rows(st);
    if (!hdr) return NULL;
    if (json_array_size(hdr) == 0) { json_decref(hdr); return json_object(); } /* not found */
    json_t *pub = json_incref(json_array_get(hdr, 0));
    json_decref(hdr);
    sqlite3_stmt *rs = db_stmt(d,
        "SELECT seq, person_id, full_name AS name, post, rating_unit_id, rating_unit_name, task_group, score_x100,"
        " proposed_level, final_level, note FROM eval_publication_row WHERE publication_id = ?1 ORDER BY seq");
    if (!rs) { json_decref(pub); return NULL; }
    db_bind_int(rs, 1, json_integer_value(json_object_get(pub, "id")));
    json_t *items = db_rows(rs);
    if (!items) { json_decref(pub); return NULL; }
    json_object_set_new(pub, "rows", items);
    *found = 1;
    return pub;
}

int db_rep_pub_has_person(db *d, int64_t unit_id, int64_t year, int64_t person_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM eval_publication_row r JOIN eval_publication e ON e.id = r.publication_id"
                                  " WHERE e.unit_id = ?1 AND e.year = ?2 AND r.person_id = ?3 LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, person_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_rep_person_unit(db *d, int64_t person_id, int64_t *unit_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(unit_id, 0) FROM person WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    *unit_id = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *unit_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_rep_unit_contains(db *d, int64_t ancestor, int64_t descendant)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM unit_closure WHERE ancestor = ?1 AND descendant = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, ancestor);
    db_bind_int(st, 2, descendant);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- peers ---- */

int db_rep_person_basis(db *d, int64_t person_id, char *position, size_t pcap, char *rank_group, size_t rcap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT p.position, rk.rank_group FROM person p"
                                  " LEFT JOIN ref_rank rk ON rk.code = p.rank_code WHERE p.id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    position[0] = rank_group[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_text(st, 0, position, pcap);
        copy_text(st, 1, rank_group, rcap);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_rep_rank_group(db *d, const char *code, char *group, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT rank_group FROM ref_rank WHERE code = ?1 OR rank_group = ?1"
                                  " ORDER BY code = ?1 DESC LIMIT 1");
    if (!st) return -1;
    db_bind_text(st, 1, code);
    group[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) copy_text(st, 0, group, cap);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int grow(struct rep_year **rows_, size_t *cap, size_t n)
{
    if (n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    struct rep_year *p = realloc(*rows_, nc * sizeof *p);
    if (!p) return -1;
    *rows_ = p;
    *cap = nc;
    return 0;
}

int db_rep_peer_years(db *d, enum rep_basis basis, const char *key, int64_t year, struct rep_year **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    /* decided board rows (latest decision first per person) */
    sqlite3_stmt *ds = db_stmt(d, basis == REP_BASIS_POSITION
        ? "SELECT r.person_id, p.unit_id, r.score_x100, r.final_level FROM person p"
          " JOIN eval_year_rating r ON r.person_id = p.id AND r.year = ?2 AND r.final_level IS NOT NULL"
          " WHERE p.position = ?1 ORDER BY r.person_id, r.decided_at DESC, r.id DESC"
        : "SELECT r.person_id, p.unit_id, r.score_x100, r.final_level FROM person p"
          " JOIN eval_year_rating r ON r.person_id = p.id AND r.year = ?2 AND r.final_level IS NOT NULL"
          " WHERE p.rank_code IN (SELECT code FROM ref_rank WHERE rank_group = ?1)"
          " ORDER BY r.person_id, r.decided_at DESC, r.id DESC");
    if (!ds) return -1;
    db_bind_text(ds, 1, key);
    db_bind_int(ds, 2, year);
    struct rep_year *dec = NULL;
    size_t nd = 0, capd = 0;
    int rc;
    while ((rc = sqlite3_step(ds)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(ds, 0);
        if (nd && dec[nd - 1].person_id == pid) continue;
        if (grow(&dec, &capd, nd) != 0) { rc = SQLITE_NOMEM; break; }
        struct rep_year *y = &dec[nd++];
        memset(y, 0, sizeof *y);
        y->person_id = pid;
        y->unit_id = sqlite3_column_int64(ds, 1);
        y->decided = 1;
        y->score_x100 = sqlite3_column_type(ds, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(ds, 2);
        copy_text(ds, 3, y->level, sizeof y->level);
    }
    sqlite3_reset(ds);
    if (rc != SQLITE_DONE) { free(dec); return -1; }
    /* approved period scores of the people no board decided */
    sqlite3_stmt *ps = db_stmt(d, basis == REP_BASIS_POSITION
        ? "SELECT a.person_id, p.unit_id, a.score_x100 FROM person p"
          " JOIN eval_assessment a ON a.person_id = p.id AND a.year = ?2 AND a.state = 'approved'"
          " AND a.score_x100 IS NOT NULL WHERE p.position = ?1"
          " AND NOT EXISTS (SELECT 1 FROM eval_year_rating r WHERE r.person_id = p.id AND r.year = ?2 AND r.final_level IS NOT NULL)"
          " ORDER BY a.person_id, CASE a.period_kind WHEN 'month' THEN a.number ELSE a.number * 3 END, a.id"
        : "SELECT a.person_id, p.unit_id, a.score_x100 FROM person p"
          " JOIN eval_assessment a ON a.person_id = p.id AND a.year = ?2 AND a.state = 'approved'"
          " AND a.score_x100 IS NOT NULL WHERE p.rank_code IN (SELECT code FROM ref_rank WHERE rank_group = ?1)"
          " AND NOT EXISTS (SELECT 1 FROM eval_year_rating r WHERE r.person_id = p.id AND r.year = ?2 AND r.final_level IS NOT NULL)"
          " ORDER BY a.person_id, CASE a.period_kind WHEN 'month' THEN a.number ELSE a.number * 3 END, a.id");
    if (!ps) { free(dec); return -1; }
    db_bind_text(ps, 1, key);
    db_bind_int(ps, 2, year);
    struct rep_year *res = NULL;
    size_t nr = 0, capr = 0, di = 0;
    while ((rc = sqlite3_step(ps)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(ps, 0);
        /* flush decided people that come before pid */
        while (di < nd && dec[di].person_id < pid) {
            if (grow(&res, &capr, nr) != 0) goto nomem;
            res[nr++] = dec[di++];
        }
        if (di < nd && dec[di].person_id == pid) {
            if (nr && res[nr - 1].person_id == pid) continue; /* decided wins */
            if (grow(&res, &capr, nr) != 0) goto nomem;
            res[nr++] = dec[di++];
            continue;
        }
        if (nr && res[nr - 1].person_id == pid) {
            if (res[nr - 1].decided) continue;
        } else {
            if (grow(&res, &capr, nr) != 0) goto nomem;
            memset(&res[nr], 0, sizeof res[nr]);
            res[nr].person_id = pid;
            res[nr].unit_id = sqlite3_column_int64(ps, 1);
            res[nr].score_x100 = -1;
            nr++;
        }
        struct rep_year *y = &res[nr - 1];
        if (y->nperiods < sizeof y->periods / sizeof y->periods[0])
            y->periods[y->nperiods++] = (int32_t)sqlite3_column_int64(ps, 2);
    }
    sqlite3_reset(ps);
    if (rc != SQLITE_DONE) goto fail;
    while (di < nd) {
        if (grow(&res, &capr, nr) != 0) goto fail;
        res[nr++] = dec[di++];
    }
    free(dec);
    *out = res;
    *n = nr;
    return 0;
nomem:
    sqlite3_reset(ps);
fail:
    free(dec);
    free(res);
    return -1;
}

/* ---- flags ---- */

/* Scope of the flag queries: people whose current unit is in the subtree of
 * ?1, or everybody when ?1 = 0 (two statements, so that each gets its plan:
 * driven by the subtree's people, or by the year's rows). */
#define SCOPE_UNIT "p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?1)"
#define SCOPE_UNIT2 "p2.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?1)"
#define SCOPE_ALL "?1 = 0"

#define Q_FLAG1(SC, SC2) \
        "SELECT 'board' AS source, r.id AS ref_id, r.person_id, p.full_name AS name, p.unit_id," \
        " r.unit_id AS board_unit_id, r.score_x100, r.decision_id, NULL AS decision_no, r.detail" \
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id" \
        " WHERE r.year = ?2 AND r.final_level = 'KHT'" \
        " AND " SC "" \
        " UNION ALL" \
        " SELECT 'history', h.id, h.person_id, p.full_name, p.unit_id, NULL, h.score_x100, NULL, h.decision_no, NULL" \
        " FROM eval_rating_history h JOIN person p ON p.id = h.person_id" \
        " WHERE h.year = ?2 AND h.level = 'KHT'" \
        " AND h.id = (SELECT max(h2.id) FROM eval_rating_history h2 WHERE h2.person_id = h.person_id AND h2.year = h.year)" \
        " AND " SC "" \
        " ORDER BY 3, 1, 2"

#define Q_FLAG2(SC, SC2) \
        "SELECT a.person_id, p.full_name, p.unit_id, a.id, a.period_kind, a.number, a.score_x100" \
        " FROM eval_assessment a JOIN person p ON p.id = a.person_id" \
        " WHERE a.year = ?2 AND a.state = 'approved' AND a.score_x100 IS NOT NULL AND a.score_x100 < ?3" \
        " AND " SC "" \
        " ORDER BY a.person_id, CASE a.period_kind WHEN 'month' THEN a.number ELSE a.number * 3 END, a.id"

#define Q_FLAG3(SC, SC2) \
        "SELECT r.person_id, p.full_name AS name, p.unit_id, r.year, r.final_level AS level, 'board' AS source," \
        " r.id AS ref_id, r.decided_at AS at" \
        " FROM eval_year_rating r JOIN person p ON p.id = r.person_id" \
        " WHERE r.year IN (?2 - 1, ?2) AND r.final_level IS NOT NULL" \
        " AND " SC "" \
        " UNION ALL" \
        " SELECT h.person_id, p.full_name, p.unit_id, h.year, h.level, 'history', h.id, h.recorded_at" \
        " FROM eval_rating_history h JOIN person p ON p.id = h.person_id" \
        " WHERE h.year IN (?2 - 1, ?2)" \
        " AND h.id = (SELECT max(h2.id) FROM eval_rating_history h2 WHERE h2.person_id = h.person_id AND h2.year = h.year)" \
        " AND " SC "" \
        " ORDER BY 1, 4, 6, 8 DESC, 7 DESC"

#define Q_FLAG4(SC, SC2) \
        "SELECT t.id, t.person_id, coalesce(p.unit_id, 0), t.product_type_id, t.period_kind, t.number," \
        " coalesce((SELECT sum(r.quantity) FROM eval_result r WHERE r.task_id = t.id AND r.status <> 'rejected'), 0)," \
        " " SC "" \
        " FROM eval_task t JOIN person p ON p.id = t.person_id" \
        " WHERE t.year = ?2 AND t.product_type_id IN (SELECT t2.product_type_id FROM eval_task t2" \
        "  JOIN person p2 ON p2.id = t2.person_id WHERE t2.year = ?2" \
        "  AND " SC2 ")" \
        " ORDER BY t.product_type_id, t.period_kind, t.id"

#define Q_FLAG5(SC, SC2) \
        "SELECT r.id AS result_id, r.task_id, t.person_id, p.full_name AS name, p.unit_id, r.quantity," \
        " r.reported_at, r.status, r.origin, t.period_kind, t.number" \
        " FROM eval_result r JOIN eval_task t ON t.id = r.task_id JOIN person p ON p.id = t.person_id" \
        " WHERE t.year = ?2 AND r.status <> 'rejected' AND r.reported_at < ?3" \
        " AND NOT EXISTS (SELECT 1 FROM eval_evidence e WHERE e.result_id = r.id)" \
        " AND " SC "" \
        " ORDER BY r.reported_at, r.id"


json_t *db_rep_flag_kht(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, unit_id ? Q_FLAG1(SCOPE_UNIT, SCOPE_UNIT2) : Q_FLAG1(SCOPE_ALL, SCOPE_ALL));
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}

json_t *db_rep_flag_periods_below(db *d, int64_t unit_id, int64_t year, int64_t threshold_x100, int times)
{
    sqlite3_stmt *st = db_stmt(d, unit_id ? Q_FLAG2(SCOPE_UNIT, SCOPE_UNIT2) : Q_FLAG2(SCOPE_ALL, SCOPE_ALL));
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, threshold_x100);
    json_t *out = json_array(), *cur = NULL;
    int64_t curp = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0);
        if (!cur || pid != curp) {
            if (cur && (int)json_array_size(json_object_get(cur, "periods")) >= times) json_array_append(out, cur);
            json_decref(cur);
            cur = json_pack("{s:I, s:s, s:I, s:[]}", "person_id", (json_int_t)pid, "name", db_col_text(st, 1) ? db_col_text(st, 1) : "",
                            "unit_id", (json_int_t)sqlite3_column_int64(st, 2), "periods");
            curp = pid;
        }
        json_array_append_new(json_object_get(cur, "periods"),
                              json_pack("{s:I, s:s, s:I, s:I}", "assessment_id", (json_int_t)sqlite3_column_int64(st, 3),
                                        "period_kind", db_col_text(st, 4), "number", (json_int_t)sqlite3_column_int64(st, 5),
                                        "score_x100", (json_int_t)sqlite3_column_int64(st, 6)));
    }
    sqlite3_reset(st);
    if (cur && (int)json_array_size(json_object_get(cur, "periods")) >= times) json_array_append(out, cur);
    json_decref(cur);
    if (rc != SQLITE_DONE) { json_decref(out); return NULL; }
    return out;
}

json_t *db_rep_flag_levels(db *d, int64_t unit_id, int64_t year)
{
    sqlite3_stmt *st = db_stmt(d, unit_id ? Q_FLAG3(SCOPE_UNIT, SCOPE_UNIT2) : Q_FLAG3(SCOPE_ALL, SCOPE_ALL));
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    return db_rows(st);
}

int db_rep_task_groups(db *d, int64_t unit_id, int64_t year, rep_group_fn fn, void *ud)
{
    sqlite3_stmt *st = db_stmt(d, unit_id ? Q_FLAG4(SCOPE_UNIT, SCOPE_UNIT2) : Q_FLAG4(SCOPE_ALL, SCOPE_ALL));
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    struct rep_task_qty *buf = NULL;
    size_t n = 0, cap = 0;
    int rc, frc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct rep_task_qty t;
        memset(&t, 0, sizeof t);
        t.task_id = sqlite3_column_int64(st, 0);
        t.person_id = sqlite3_column_int64(st, 1);
        t.unit_id = sqlite3_column_int64(st, 2);
        t.product_type_id = sqlite3_column_int64(st, 3);
        copy_text(st, 4, t.period_kind, sizeof t.period_kind);
        t.number = sqlite3_column_int(st, 5);
        t.qty = sqlite3_column_int64(st, 6);
        t.in_scope = sqlite3_column_int(st, 7) != 0;
        if (n && (buf[n - 1].product_type_id != t.product_type_id || strcmp(buf[n - 1].period_kind, t.period_kind))) {
            frc = fn(ud, buf, n);
            n = 0;
            if (frc != 0) break;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            struct rep_task_qty *p = realloc(buf, nc * sizeof *p);
            if (!p) { frc = -1; break; }
            buf = p;
            cap = nc;
        }
        buf[n++] = t;
    }
    sqlite3_reset(st);
    if (frc == 0 && rc == SQLITE_DONE && n) frc = fn(ud, buf, n);
    free(buf);
    if (frc != 0) return -1;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int db_rep_person_name(db *d, int64_t person_id, char *name, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT full_name FROM person WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    name[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) copy_text(st, 0, name, cap);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int db_rep_product_name(db *d, int64_t pt_id, char *name, size_t cap, char *measure, size_t mcap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT name, coalesce(measure, '') FROM eval_product_type WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, pt_id);
    name[0] = measure[0] = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_text(st, 0, name, cap);
        copy_text(st, 1, measure, mcap);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

json_t *db_rep_task_results(db *d, int64_t task_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id FROM eval_result WHERE task_id = ?1 AND status <> 'rejected' ORDER BY id");
    if (!st) return NULL;
    db_bind_int(st, 1, task_id);
    json_t *a = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(a, json_integer(sqlite3_column_int64(st, 0)));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(a); return NULL; }
    return a;
}

json_t *db_rep_flag_no_evidence(db *d, int64_t unit_id, int64_t year, const char *before)
{
    sqlite3_stmt *st = db_stmt(d, unit_id ? Q_FLAG5(SCOPE_UNIT, SCOPE_UNIT2) : Q_FLAG5(SCOPE_ALL, SCOPE_ALL));
    if (!st) return NULL;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, before);
    return db_rows(st);
}
