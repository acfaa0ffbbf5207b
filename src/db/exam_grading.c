/* SQL and grading rules for exam results (see exam_grading.h and
 * docs/exam-grading.md). */
#include "db/exam_grading.h"
#include "core/vntext.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *one(sqlite3_stmt *st)
{
    json_t *a = db_rows_json(st);
    json_t *o = a && json_array_size(a) ? json_incref(json_array_get(a, 0)) : NULL;
    json_decref(a);
    return o;
}

static int64_t one_int(sqlite3_stmt *st, int64_t dflt)
{
    int64_t v = dflt;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

static int64_t jint(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* a / b rounded half up, for a >= 0, b > 0. */
static int64_t div_half_up(int64_t a, int64_t b) { return (2 * a + b) / (2 * b); }

/* ---- config ---- */

int db_grading_config_get(db *d, int64_t exam_id, struct grading_config *c)
{
    memset(c, 0, sizeof *c);
    c->gap_percent = 10;
    snprintf(c->final_rule, sizeof c->final_rule, "third_closer");
    c->weight_written = 70;
    sqlite3_stmt *st = db_stmt(d, "SELECT essay_gap_percent, final_rule, combined, weight_written, round1_exam_id,"
                                  " published_at FROM exam_grading_config WHERE exam_id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->gap_percent = sqlite3_column_int(st, 0);
        snprintf(c->final_rule, sizeof c->final_rule, "%s", db_col_text(st, 1));
        c->combined = sqlite3_column_int(st, 2);
        c->weight_written = sqlite3_column_int(st, 3);
        c->round1_exam_id = sqlite3_column_int64(st, 4);
        const char *p = db_col_text(st, 5);
        snprintf(c->published_at, sizeof c->published_at, "%s", p ? p : "");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int db_grading_config_put(db *d, int64_t exam_id, const struct grading_config *c)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_grading_config(exam_id, essay_gap_percent, final_rule, combined,"
                                  " weight_written, round1_exam_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                  " ON CONFLICT(exam_id) DO UPDATE SET essay_gap_percent = excluded.essay_gap_percent,"
                                  " final_rule = excluded.final_rule, combined = excluded.combined,"
                                  " weight_written = excluded.weight_written, round1_exam_id = excluded.round1_exam_id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, c->gap_percent);
    db_bind_text(st, 3, c->final_rule);
    db_bind_int(st, 4, c->combined);
    db_bind_int(st, 5, c->weight_written);
    if (c->round1_exam_id) db_bind_int(st, 6, c->round1_exam_id);
    else db_bind_null(st, 6);
    return db_step_write(st) ? -1 : 0;
}

int db_grading_publish(db *d, int64_t exam_id, int64_t user_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_grading_config(exam_id, published_at, published_by) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT(exam_id) DO UPDATE SET published_at = excluded.published_at,"
                                  " published_by = excluded.published_by");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_text(st, 2, now);
    db_bind_int(st, 3, user_id);
    return db_step_write(st) ? -1 : 0;
}

int db_grading_exam_info(db *d, int64_t exam_id, char type[16], char ref_date[11], int *pass_percent, char *title, size_t title_cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT type, reference_date, pass_percent, title FROM exam WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(type, 16, "%s", db_col_text(st, 0));
        snprintf(ref_date, 11, "%s", db_col_text(st, 1));
        *pass_percent = sqlite3_column_int(st, 2);
        if (title) snprintf(title, title_cap, "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* ---- graders ---- */

int db_grading_grader_add(db *d, int64_t exam_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_grader(exam_id, user_id) VALUES (?1, ?2)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, user_id);
    return db_step_write(st);
}

int db_grading_grader_remove(db *d, int64_t exam_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM exam_grader WHERE exam_id = ?1 AND user_id = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, user_id);
    if (db_step_write(st)) return -1;
    return db_changes(d) ? 0 : 1;
}

json_t *db_grading_grader_list(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT g.user_id, u.username, u.display_name,"
                                  " (SELECT count(*) FROM exam_essay_mark m WHERE m.exam_id = g.exam_id AND m.grader_id = g.user_id) AS tasks,"
                                  " (SELECT count(*) FROM exam_essay_mark m WHERE m.exam_id = g.exam_id AND m.grader_id = g.user_id"
                                  "  AND m.mark IS NOT NULL) AS marked"
                                  " FROM exam_grader g JOIN app_user u ON u.id = g.user_id WHERE g.exam_id = ?1 ORDER BY g.user_id");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

json_t *db_grading_eligible_graders(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT u.id, u.username, u.display_name, u.role FROM app_user u"
                                  " WHERE u.active = 1 AND NOT EXISTS (SELECT 1 FROM exam_grader g"
                                  " WHERE g.exam_id = ?1 AND g.user_id = u.id)"
                                  " ORDER BY coalesce(nullif(u.display_name, ''), u.username) COLLATE NOCASE, u.id");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

int db_grading_is_grader(db *d, int64_t exam_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM exam_grader WHERE exam_id = ?1 AND user_id = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, user_id);
    return one_int(st, 0) == 1;
}

/* ---- codes ---- */

static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* no 0/O, 1/I */

int db_grading_assign_codes(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT c.id FROM exam_candidate c LEFT JOIN exam_cand_grading g ON g.candidate_id = c.id"
                                  " WHERE c.exam_id = ?1 AND g.candidate_id IS NULL ORDER BY c.id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    json_t *ids = db_rows_json(st);
    if (!ids) return -1;
    st = db_stmt(d, "SELECT coalesce(max(CAST(substr(reg_no, 4) AS INTEGER)), 0) FROM exam_cand_grading WHERE exam_id = ?1");
    int64_t seq = 0;
    if (st) { db_bind_int(st, 1, exam_id); seq = one_int(st, 0); }
    size_t i;
    json_t *v;
    int rc = 0;
    json_array_foreach(ids, i, v) {
        char reg[32];
        snprintf(reg, sizeof reg, "SBD%04lld", (long long)++seq);
        for (int tries = 0; tries < 20; tries++) {
            char code[9];
            for (int k = 0; k < 8; k++) code[k] = code_alphabet[randombytes_uniform(32)];
            code[8] = 0;
            st = db_stmt(d, "INSERT INTO exam_cand_grading(candidate_id, exam_id, anon_code, reg_no) VALUES (?1, ?2, ?3, ?4)");
            if (!st) { rc = -1; break; }
            db_bind_int(st, 1, jint(v, "id"));
            db_bind_int(st, 2, exam_id);
            db_bind_text(st, 3, code);
            db_bind_text(st, 4, reg);
            rc = db_step_write(st);
            if (rc != 1) break; /* 1: the random code collided; draw again */
        }
        if (rc) { rc = -1; break; }
    }
    json_decref(ids);
    return rc;
}

/* ---- objective grading ---- */

/* Bit mask of option ords from a JSON array; -1 when malformed. */
static int64_t ord_mask(json_t *a)
{
    if (!json_is_array(a)) return -1;
    int64_t m = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 62) return -1;
        m |= (int64_t)1 << json_integer_value(v);
    }
    return m;
}

static int64_t correct_mask(db *d, int64_t vid)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT ord FROM exam_option WHERE version_id = ?1 AND correct = 1");
    if (!st) return -1;
    db_bind_int(st, 1, vid);
    int64_t m = 0;
    while (sqlite3_step(st) == SQLITE_ROW) m |= (int64_t)1 << sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return m;
}

/* Short answers: equal after vn_fold (case, diacritics, spacing and
 * punctuation); the expected answer may list alternatives separated by '|'. */
static int short_answer_ok(const char *given, const char *expected)
{
    if (!given || !expected) return 0;
    char g[1024], e[1024];
    size_t gl = vn_fold(given, strlen(given), g, sizeof g);
    if (gl == (size_t)-1 || gl == 0) return 0;
    const char *p = expected;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        size_t el = vn_fold(p, len, e, sizeof e);
        if (el != (size_t)-1 && el > 0 && el == gl && !memcmp(e, g, gl)) return 1;
        if (!bar) return 0;
        p = bar + 1;
    }
}

/* Points of an objective item (type, max, the stored response text). *correct 0/1. */
static int objective_points(db *d, int64_t vid, const char *type, int max, const char *answer, const char *response,
                            int *correct)
{
    *correct = 0;
    if (!response) return 0;
    json_t *r = json_loads(response, JSON_DECODE_ANY, NULL);
    if (!r) return 0;
    if (!strcmp(type, "short_answer")) *correct = json_is_string(r) && short_answer_ok(json_string_value(r), answer);
    else {
        /* single, true_false and multiple: full points only for exactly the
         * set of correct options; nothing for a partial or extra choice. */
        int64_t m = ord_mask(r), want = correct_mask(d, vid);
        *correct = m > 0 && want > 0 && m == want;
    }
    json_decref(r);
    return *correct ? max : 0;
}

/* ---- essays ---- */

static int assign_third(db *d, int64_t exam_id, int64_t form_id, int pos)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT g.user_id FROM exam_grader g WHERE g.exam_id = ?1 AND g.user_id NOT IN"
                                  " (SELECT grader_id FROM exam_essay_mark WHERE form_id = ?2 AND pos = ?3)"
                                  " ORDER BY (SELECT count(*) FROM exam_essay_mark m WHERE m.exam_id = ?1 AND m.grader_id = g.user_id),"
                                  " g.user_id LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, form_id);
    db_bind_int(st, 3, pos);
    int64_t g = one_int(st, 0);
    if (!g) return 1;
    st = db_stmt(d, "INSERT INTO exam_essay_mark(exam_id, form_id, pos, slot, grader_id) VALUES (?1, ?2, ?3, 3, ?4)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, form_id);
    db_bind_int(st, 3, pos);
    db_bind_int(st, 4, g);
    return db_step_write(st) ? -1 : 0;
}

/* Final essay mark from the marks in: two within the gap -> their average;
 * otherwise a third grader, then the exam's final rule. Returns 0 settled or
 * still pending, 1 when a third grader is needed but none is free, -1. */
static int essay_settle(db *d, int64_t exam_id, int64_t form_id, int pos, const struct grading_config *cfg,
                        const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT slot, mark FROM exam_essay_mark WHERE form_id = ?1 AND pos = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    int have[4] = {0}, mark[4] = {0};
    while (sqlite3_step(st) == SQLITE_ROW) {
        int s = sqlite3_column_int(st, 0);
        if (s < 1 || s > 3) continue;
        have[s] = 1 + (sqlite3_column_type(st, 1) != SQLITE_NULL);
        mark[s] = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    st = db_stmt(d, "SELECT max_points FROM exam_item_score WHERE form_id = ?1 AND pos = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    int64_t max = one_int(st, 0);
    if (have[1] != 2 || have[2] != 2) return 0;
    int64_t final = -1;
    int64_t diff = mark[1] > mark[2] ? mark[1] - mark[2] : mark[2] - mark[1];
    if (100 * diff <= (int64_t)cfg->gap_percent * max) final = div_half_up(mark[1] + mark[2], 2);
    else if (!have[3]) return assign_third(d, exam_id, form_id, pos);
    else if (have[3] == 2) {
        if (!strcmp(cfg->final_rule, "third")) final = mark[3];
        else {
            int64_t d1 = mark[3] > mark[1] ? mark[3] - mark[1] : mark[1] - mark[3];
            int64_t d2 = mark[3] > mark[2] ? mark[3] - mark[2] : mark[2] - mark[3];
            int64_t closer = d1 < d2 ? mark[1] : d2 < d1 ? mark[2] : (mark[1] > mark[2] ? mark[1] : mark[2]);
            final = div_half_up(mark[3] + closer, 2);
        }
    }
    if (final < 0) return 0;
    st = db_stmt(d, "UPDATE exam_item_score SET points = ?3, correct = (?3 = max_points), graded_at = ?4"
                    " WHERE form_id = ?1 AND pos = ?2 AND source = 'essay'");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    db_bind_int(st, 3, final);
    db_bind_text(st, 4, now);
    return db_step_write(st) ? -1 : 0;
}

/* Graders of the exam with their current task counts (for balancing). */
struct gload { int64_t id; int64_t n; };

static int load_graders(db *d, int64_t exam_id, struct gload **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT g.user_id, (SELECT count(*) FROM exam_essay_mark m WHERE m.exam_id = g.exam_id"
                                  " AND m.grader_id = g.user_id) FROM exam_grader g WHERE g.exam_id = ?1 ORDER BY g.user_id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            struct gload *g = realloc(*out, cap * sizeof *g);
            if (!g) { sqlite3_reset(st); return -1; }
            *out = g;
        }
        (*out)[*n].id = sqlite3_column_int64(st, 0);
        (*out)[(*n)++].n = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The least loaded grader other than `not` (lowest id on equal load), or -1. */
static int least_loaded(const struct gload *g, size_t n, int64_t not)
{
    int best = -1;
    for (size_t i = 0; i < n; i++)
        if (g[i].id != not && (best < 0 || g[i].n < g[best].n)) best = (int)i;
    return best;
}

static int essay_assign_two(db *d, int64_t exam_id, int64_t form_id, int pos, struct gload *g, size_t ng)
{
    int a = least_loaded(g, ng, 0);
    int b = a >= 0 ? least_loaded(g, ng, g[a].id) : -1;
    if (a < 0 || b < 0) return 1;
    for (int slot = 1; slot <= 2; slot++) {
        struct gload *x = &g[slot == 1 ? a : b];
        sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_essay_mark(exam_id, form_id, pos, slot, grader_id) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return -1;
        db_bind_int(st, 1, exam_id);
        db_bind_int(st, 2, form_id);
        db_bind_int(st, 3, pos);
        db_bind_int(st, 4, slot);
        db_bind_int(st, 5, x->id);
        if (db_step_write(st)) return -1;
        x->n++;
    }
    return 0;
}

static int score_upsert(db *d, int64_t form_id, int pos, int64_t exam_id, int64_t cand, int max, int points, int correct,
                        const char *source, const char *now)
{
    /* Objective points are recomputed on every run, unless an appeal changed them;
     * an essay row is only created (its final mark comes from the graders). */
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_item_score(form_id, pos, exam_id, candidate_id, max_points, points, correct,"
                                  " source, graded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                  " ON CONFLICT(form_id, pos) DO UPDATE SET points = excluded.points, correct = excluded.correct,"
                                  " graded_at = excluded.graded_at WHERE exam_item_score.source = 'auto' AND excluded.source = 'auto'");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    db_bind_int(st, 3, exam_id);
    db_bind_int(st, 4, cand);
    db_bind_int(st, 5, max);
    if (points >= 0) db_bind_int(st, 6, points);
    else db_bind_null(st, 6);
    db_bind_int(st, 7, correct);
    db_bind_text(st, 8, source);
    db_bind_text(st, 9, now);
    return db_step_write(st) ? -1 : 0;
}

static int essay_marks_exist(db *d, int64_t form_id, int pos)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM exam_essay_mark WHERE form_id = ?1 AND pos = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, form_id);
    db_bind_int(st, 2, pos);
    return (int)one_int(st, 0);
}

int db_grading_run(db *d, int64_t exam_id, const char *now, struct grading_summary *s)
{
    memset(s, 0, sizeof *s);
    struct grading_config cfg;
    if (db_grading_config_get(d, exam_id, &cfg) || db_grading_assign_codes(d, exam_id)) return -1;
    sqlite3_stmt *st = db_stmt(d, "SELECT c.id AS cid, f.id AS form_id, a.candidate_id IS NOT NULL AS attempt,"
                                  " a.submitted_at IS NOT NULL AS submitted FROM exam_candidate c"
                                  " LEFT JOIN exam_form f ON f.candidate_id = c.id LEFT JOIN exam_attempt a ON a.candidate_id = c.id"
                                  " WHERE c.exam_id = ?1 ORDER BY c.id");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    json_t *cands = db_rows_json(st);
    if (!cands) return -1;
    struct gload *g = NULL;
    size_t ng = 0;
    if (load_graders(d, exam_id, &g, &ng)) { json_decref(cands); return -1; }
    int rc = 0;
    size_t i;
    json_t *c;
    json_array_foreach(cands, i, c) {
        s->candidates++;
        if (!jint(c, "attempt")) { s->absent++; continue; }
        if (!jint(c, "submitted")) { s->not_submitted++; continue; }
        s->graded++;
        int64_t form = jint(c, "form_id"), cid = jint(c, "cid");
        st = db_stmt(d, "SELECT i.pos, v.id AS vid, v.type, v.points, v.answer, a.response FROM exam_form_item i"
                        " JOIN exam_question_version v ON v.id = i.version_id"
                        " LEFT JOIN exam_answer a ON a.form_id = i.form_id AND a.pos = i.pos WHERE i.form_id = ?1 ORDER BY i.pos");
        if (!st) { rc = -1; break; }
        db_bind_int(st, 1, form);
        json_t *items = db_rows_json(st);
        if (!items) { rc = -1; break; }
        size_t k;
        json_t *it;
        json_array_foreach(items, k, it) {
            const char *type = json_string_value(json_object_get(it, "type"));
            const char *resp = json_string_value(json_object_get(it, "response"));
            int pos = (int)jint(it, "pos"), max = (int)jint(it, "points");
            s->items++;
            if (!strcmp(type, "essay")) {
                s->essays++;
                json_t *r = resp ? json_loads(resp, JSON_DECODE_ANY, NULL) : NULL;
                int blank = !json_is_string(r) || json_string_length(r) == 0;
                json_decref(r);
                /* An essay left blank scores 0 without graders. */
                if (score_upsert(d, form, pos, exam_id, cid, max, blank ? 0 : -1, 0, "essay", now)) { rc = -1; break; }
                if (blank) continue;
                int have = essay_marks_exist(d, form, pos);
                if (have < 0) { rc = -1; break; }
                if (have == 0) {
                    int a = essay_assign_two(d, exam_id, form, pos, g, ng);
                    if (a < 0) { rc = -1; break; }
                    if (a == 1) { s->essays_unassigned++; continue; }
                }
                int t = essay_settle(d, exam_id, form, pos, &cfg, now);
                if (t < 0) { rc = -1; break; }
                s->thirds_needed += t == 1;
                continue;
            }
            int correct = 0;
            int pts = objective_points(d, jint(it, "vid"), type, max, json_string_value(json_object_get(it, "answer")), resp, &correct);
            if (score_upsert(d, form, pos, exam_id, cid, max, pts, correct, "auto", now)) { rc = -1; break; }
        }
        json_decref(items);
        if (rc) break;
    }
    free(g);
    json_decref(cands);
    return rc;
}

/* ---- graders' tasks ---- */

json_t *db_grading_tasks(db *d, int64_t grader_id, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT m.id AS task_id, m.exam_id, e.title AS exam_title, g.anon_code AS code, m.pos, m.slot,"
        " v.question_id, v.version, v.stem,"
        " v.answer AS guide, v.points AS max_points, a.response AS response_json, m.mark, m.comment, m.marked_at,"
        " (s.points IS NOT NULL) AS settled"
        " FROM exam_essay_mark m JOIN exam e ON e.id = m.exam_id JOIN exam_form f ON f.id = m.form_id"
        " JOIN exam_cand_grading g ON g.candidate_id = f.candidate_id"
        " JOIN exam_form_item i ON i.form_id = m.form_id AND i.pos = m.pos"
        " JOIN exam_question_version v ON v.id = i.version_id"
        " LEFT JOIN exam_answer a ON a.form_id = m.form_id AND a.pos = m.pos"
        " LEFT JOIN exam_item_score s ON s.form_id = m.form_id AND s.pos = m.pos"
        " WHERE m.grader_id = ?1 AND (?2 = 0 OR m.exam_id = ?2)"
        " AND EXISTS (SELECT 1 FROM exam_grader x WHERE x.exam_id = m.exam_id AND x.user_id = m.grader_id)"
        " ORDER BY m.exam_id, g.anon_code, m.pos");
    if (!st) return NULL;
    db_bind_int(st, 1, grader_id);
    db_bind_int(st, 2, exam_id);
    return db_rows_json(st);
}

int db_grading_mark(db *d, int64_t task_id, int64_t grader_id, int mark, const char *comment, const char *now,
                    int64_t *exam_out, int *max)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT m.exam_id, m.form_id, m.pos, m.slot, s.max_points, s.points IS NOT NULL,"
                                  " (SELECT count(*) FROM exam_essay_mark t WHERE t.form_id = m.form_id AND t.pos = m.pos AND t.slot = 3),"
                                  " s.source FROM exam_essay_mark m"
                                  " JOIN exam_item_score s ON s.form_id = m.form_id AND s.pos = m.pos WHERE m.id = ?1 AND m.grader_id = ?2"
                                  " AND EXISTS (SELECT 1 FROM exam_grader g WHERE g.exam_id = m.exam_id AND g.user_id = m.grader_id)");
    if (!st) return -1;
    db_bind_int(st, 1, task_id);
    db_bind_int(st, 2, grader_id);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return 1; }
    int64_t exam = sqlite3_column_int64(st, 0), form = sqlite3_column_int64(st, 1);
    int pos = sqlite3_column_int(st, 2), slot = sqlite3_column_int(st, 3);
    *max = sqlite3_column_int(st, 4);
    int settled = sqlite3_column_int(st, 5), third = sqlite3_column_int(st, 6);
    int appeal = db_col_text(st, 7) && !strcmp(db_col_text(st, 7), "appeal");
    sqlite3_reset(st);
    *exam_out = exam;
    if (settled || appeal || (slot < 3 && third)) return 3;
    if (mark < 0 || mark > *max) return 2;
    st = db_stmt(d, "UPDATE exam_essay_mark SET mark = ?2, comment = ?3, marked_at = ?4 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, task_id);
    db_bind_int(st, 2, mark);
    db_bind_text(st, 3, comment);
    db_bind_text(st, 4, now);
    if (db_step_write(st)) return -1;
    struct grading_config cfg;
    if (db_grading_config_get(d, exam, &cfg)) return -1;
    return essay_settle(d, exam, form, pos, &cfg, now) < 0 ? -1 : 0;
}

json_t *db_grading_marks(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT m.id AS task_id, m.form_id, m.pos, g.anon_code AS code, m.slot, m.grader_id,"
                                  " u.username AS grader, m.mark, m.marked_at, s.points AS final FROM exam_essay_mark m"
                                  " JOIN exam_form f ON f.id = m.form_id JOIN exam_cand_grading g ON g.candidate_id = f.candidate_id"
                                  " JOIN app_user u ON u.id = m.grader_id"
                                  " LEFT JOIN exam_item_score s ON s.form_id = m.form_id AND s.pos = m.pos"
                                  " WHERE m.exam_id = ?1 ORDER BY g.anon_code, m.pos, m.slot");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

/* ---- results ---- */

json_t *db_grading_results(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d,
        "SELECT c.id AS candidate_id, c.person_id, c.full_name, c.cccd, c.priority AS priority_json, g.reg_no,"
        " g.anon_code, g.position_code AS position, g.interview, g.r1_correct, g.r1_total,"
        " (a.candidate_id IS NOT NULL) AS attempt, (a.submitted_at IS NOT NULL) AS submitted,"
        " (SELECT count(*) FROM exam_form_item i WHERE i.form_id = f.id) AS items,"
        " (SELECT coalesce(sum(v.points), 0) FROM exam_form_item i JOIN exam_question_version v ON v.id = i.version_id"
        "  WHERE i.form_id = f.id) AS max_points,"
        " (SELECT coalesce(sum(s.points), 0) FROM exam_item_score s WHERE s.form_id = f.id) AS points,"
        " (SELECT coalesce(sum(s.correct), 0) FROM exam_item_score s WHERE s.form_id = f.id) AS correct,"
        " (SELECT count(*) FROM exam_item_score s WHERE s.form_id = f.id) AS scored,"
        " (SELECT count(*) FROM exam_item_score s WHERE s.form_id = f.id AND s.points IS NULL) AS essays_pending"
        " FROM exam_candidate c LEFT JOIN exam_form f ON f.candidate_id = c.id"
        " LEFT JOIN exam_cand_grading g ON g.candidate_id = c.id LEFT JOIN exam_attempt a ON a.candidate_id = c.id"
        " WHERE c.exam_id = ?1 ORDER BY g.reg_no, c.id");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

int db_grading_r1_lookup(db *d, int64_t r1_exam_id, int64_t person_id, const char *cccd, int *correct, int *total)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT (SELECT coalesce(sum(s.correct), 0) FROM exam_item_score s WHERE s.form_id = f.id),"
                                  " (SELECT count(*) FROM exam_form_item i WHERE i.form_id = f.id)"
                                  " FROM exam_candidate c JOIN exam_form f ON f.candidate_id = c.id"
                                  " JOIN exam_attempt a ON a.candidate_id = c.id AND a.submitted_at IS NOT NULL"
                                  " WHERE c.exam_id = ?1 AND ((?2 > 0 AND c.person_id = ?2) OR (?3 IS NOT NULL AND c.cccd = ?3))");
    if (!st) return -1;
    db_bind_int(st, 1, r1_exam_id);
    db_bind_int(st, 2, person_id);
    db_bind_text(st, 3, cccd);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *correct = sqlite3_column_int(st, 0);
        *total = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* ---- positions, candidates, ties ---- */

int db_grading_position_put(db *d, int64_t exam_id, const char *code, const char *name, int quota)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_position(exam_id, code, name, quota) VALUES (?1, ?2, ?3, ?4)"
                                  " ON CONFLICT(exam_id, code) DO UPDATE SET name = excluded.name, quota = excluded.quota");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, name);
    db_bind_int(st, 4, quota);
    return db_step_write(st) ? -1 : 0;
}

json_t *db_grading_position_list(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT code, name, quota FROM exam_position WHERE exam_id = ?1 ORDER BY code");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

int db_grading_position_exists(db *d, int64_t exam_id, const char *code)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM exam_position WHERE exam_id = ?1 AND code = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, exam_id);
    db_bind_text(st, 2, code);
    return one_int(st, 0) == 1;
}

int db_grading_candidate_put(db *d, int64_t exam_id, int64_t cand_id, const struct grading_cand_edit *e)
{
    if (db_grading_assign_codes(d, exam_id)) return -1;
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM exam_cand_grading WHERE candidate_id = ?1 AND exam_id = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, cand_id);
    db_bind_int(st, 2, exam_id);
    if (one_int(st, 0) != 1) return 1;
    if (e->position) {
        st = db_stmt(d, "UPDATE exam_cand_grading SET position_code = ?2 WHERE candidate_id = ?1");
        if (!st) return -1;
        db_bind_int(st, 1, cand_id);
        db_bind_text(st, 2, e->position);
        if (db_step_write(st)) return -1;
    }
    if (e->set_interview) {
        st = db_stmt(d, "UPDATE exam_cand_grading SET interview = ?2 WHERE candidate_id = ?1");
        if (!st) return -1;
        db_bind_int(st, 1, cand_id);
        if (e->interview >= 0) db_bind_int(st, 2, e->interview);
        else db_bind_null(st, 2);
        if (db_step_write(st)) return -1;
    }
    if (e->set_r1) {
        st = db_stmt(d, "UPDATE exam_cand_grading SET r1_correct = ?2, r1_total = ?3 WHERE candidate_id = ?1");
        if (!st) return -1;
        db_bind_int(st, 1, cand_id);
        db_bind_int(st, 2, e->r1_correct);
        db_bind_int(st, 3, e->r1_total);
        if (db_step_write(st)) return -1;
    }
    return 0;
}

int db_grading_tie_put(db *d, int64_t exam_id, const char *position, const char *winners_json, const char *decision_no,
                       const char *date, int64_t user_id, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_tie_decision(exam_id, position_code, winners, decision_no, decision_date,"
                                  " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_text(st, 2, position);
    db_bind_text(st, 3, winners_json);
    db_bind_text(st, 4, decision_no);
    db_bind_text(st, 5, date);
    db_bind_int(st, 6, user_id);
    db_bind_text(st, 7, now);
    return db_step_write(st);
}

json_t *db_grading_tie_list(db *d, int64_t exam_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT position_code AS position, winners AS winners_json, decision_no,"
                                  " decision_date AS date, recorded_at FROM exam_tie_decision WHERE exam_id = ?1 ORDER BY position_code");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    return db_rows_json(st);
}

/* ---- appeals ---- */

int db_grading_appeal_register(db *d, int64_t exam_id, int64_t cand_id, int pos, const char *reason,
                               int64_t regrader, int64_t user_id, const char *now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT s.form_id, s.points, v.type, v.id, v.points, v.answer, a.response"
                                  " FROM exam_item_score s JOIN exam_form_item i ON i.form_id = s.form_id AND i.pos = s.pos"
                                  " JOIN exam_question_version v ON v.id = i.version_id"
                                  " LEFT JOIN exam_answer a ON a.form_id = s.form_id AND a.pos = s.pos"
                                  " WHERE s.exam_id = ?1 AND s.candidate_id = ?2 AND s.pos = ?3 AND s.points IS NOT NULL");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, cand_id);
    db_bind_int(st, 3, pos);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return 1; }
    int64_t form = sqlite3_column_int64(st, 0), vid = sqlite3_column_int64(st, 3);
    int before = sqlite3_column_int(st, 1), max = sqlite3_column_int(st, 4);
    char type[16];
    snprintf(type, sizeof type, "%s", db_col_text(st, 2));
    char *answer = db_col_text(st, 5) ? strdup(db_col_text(st, 5)) : NULL;
    char *resp = db_col_text(st, 6) ? strdup(db_col_text(st, 6)) : NULL;
    sqlite3_reset(st);
    int essay = !strcmp(type, "essay"), regrade = -1;
    if (essay) {
        /* A grader of the exam who did not mark this answer. */
        st = db_stmt(d, "SELECT g.user_id FROM exam_grader g WHERE g.exam_id = ?1 AND g.user_id NOT IN"
                        " (SELECT grader_id FROM exam_essay_mark WHERE form_id = ?2 AND pos = ?3)"
                        " AND (?4 = 0 OR g.user_id = ?4) ORDER BY g.user_id LIMIT 1");
        if (!st) { free(answer); free(resp); return -1; }
        db_bind_int(st, 1, exam_id);
        db_bind_int(st, 2, form);
        db_bind_int(st, 3, pos);
        db_bind_int(st, 4, regrader);
        regrader = one_int(st, 0);
        if (!regrader) { free(answer); free(resp); return 2; }
    } else {
        /* Objective items are re-checked by the machine against the key. */
        int correct = 0;
        regrade = objective_points(d, vid, type, max, answer, resp, &correct);
        regrader = 0;
    }
    free(answer);
    free(resp);
    st = db_stmt(d, "INSERT INTO exam_appeal(exam_id, candidate_id, form_id, pos, reason, registered_by, registered_at,"
                    " regrader_id, before_points, regrade_points, regraded_at, status)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, cand_id);
    db_bind_int(st, 3, form);
    db_bind_int(st, 4, pos);
    db_bind_text(st, 5, reason);
    db_bind_int(st, 6, user_id);
    db_bind_text(st, 7, now);
    if (regrader) db_bind_int(st, 8, regrader);
    else db_bind_null(st, 8);
    db_bind_int(st, 9, before);
    if (regrade >= 0) { db_bind_int(st, 10, regrade); db_bind_text(st, 11, now); }
    else { db_bind_null(st, 10); db_bind_null(st, 11); }
    db_bind_text(st, 12, regrade >= 0 ? "regraded" : "registered");
    if (db_step_write(st)) return -1;
    *id = db_last_id(d);
    return 0;
}

static const char appeal_cols[] =
    "SELECT p.id, p.exam_id, p.candidate_id, g.reg_no, g.anon_code AS code, p.pos, p.reason, p.registered_at,"
    " p.regrader_id, u.username AS regrader, p.before_points, p.regrade_points, p.regraded_at, p.status,"
    " p.decision_no, p.decided_at, p.after_points, s.max_points, v.type, v.question_id, v.version, v.stem,"
    " v.answer AS guide,"
    " a.response AS response_json FROM exam_appeal p"
    " JOIN exam_cand_grading g ON g.candidate_id = p.candidate_id LEFT JOIN app_user u ON u.id = p.regrader_id"
    " JOIN exam_item_score s ON s.form_id = p.form_id AND s.pos = p.pos"
    " JOIN exam_form_item i ON i.form_id = p.form_id AND i.pos = p.pos JOIN exam_question_version v ON v.id = i.version_id"
    " LEFT JOIN exam_answer a ON a.form_id = p.form_id AND a.pos = p.pos ";

json_t *db_grading_appeal_list(db *d, int64_t exam_id, int64_t regrader_only)
{
    static const char *sql = NULL;
    static char buf[sizeof appeal_cols + 128];
    if (!sql) {
        snprintf(buf, sizeof buf, "%s%s", appeal_cols,
                 "WHERE (?1 = 0 OR p.exam_id = ?1) AND (?2 = 0 OR p.regrader_id = ?2) ORDER BY p.id");
        sql = buf;
    }
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, regrader_only);
    return db_rows_json(st);
}

json_t *db_grading_appeal_get(db *d, int64_t id)
{
    static const char *sql = NULL;
    static char buf[sizeof appeal_cols + 64];
    if (!sql) {
        snprintf(buf, sizeof buf, "%s%s", appeal_cols, "WHERE p.id = ?1");
        sql = buf;
    }
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) return NULL;
    db_bind_int(st, 1, id);
    return one(st);
}

int db_grading_appeal_regrade(db *d, int64_t id, int64_t grader_id, int mark, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT s.max_points FROM exam_appeal p JOIN exam_item_score s ON s.form_id = p.form_id"
                                  " AND s.pos = p.pos WHERE p.id = ?1 AND p.regrader_id = ?2 AND p.status IN ('registered', 'regraded')");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, grader_id);
    int64_t max = one_int(st, -1);
    if (max < 0) return 1;
    if (mark < 0 || mark > max) return 2;
    st = db_stmt(d, "UPDATE exam_appeal SET regrade_points = ?2, regraded_at = ?3, status = 'regraded' WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, mark);
    db_bind_text(st, 3, now);
    return db_step_write(st) ? -1 : 0;
}

int db_grading_appeal_decide(db *d, int64_t id, int accept, const char *decision_no, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT form_id, pos, before_points, regrade_points FROM exam_appeal WHERE id = ?1 AND status = 'regraded'");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return 1; }
    int64_t form = sqlite3_column_int64(st, 0);
    int pos = sqlite3_column_int(st, 1), before = sqlite3_column_int(st, 2), regrade = sqlite3_column_int(st, 3);
    sqlite3_reset(st);
    int after = accept ? regrade : before;
    st = db_stmt(d, "UPDATE exam_appeal SET status = ?2, decision_no = ?3, decided_at = ?4, after_points = ?5 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, accept ? "accepted" : "rejected");
    db_bind_text(st, 3, decision_no);
    db_bind_text(st, 4, now);
    db_bind_int(st, 5, after);
    if (db_step_write(st)) return -1;
    if (!accept) return 0;
    st = db_stmt(d, "UPDATE exam_item_score SET points = ?3, correct = (?3 = max_points), source = 'appeal', graded_at = ?4"
                    " WHERE form_id = ?1 AND pos = ?2");
    if (!st) return -1;
    db_bind_int(st, 1, form);
    db_bind_int(st, 2, pos);
    db_bind_int(st, 3, after);
    db_bind_text(st, 4, now);
    return db_step_write(st) ? -1 : 0;
}

/* ---- item statistics ---- */

struct cand_total { int64_t id; double frac; int group; /* 1 upper, -1 lower */ };

static int by_frac_desc(const void *a, const void *b)
{
    const struct cand_total *x = a, *y = b;
    if (x->frac != y->frac) return x->frac < y->frac ? 1 : -1;
    return x->id < y->id ? -1 : x->id > y->id;
}
static int by_id(const void *a, const void *b)
{
    const struct cand_total *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static double round3(double x) { return (double)(int64_t)(x * 1000.0 + (x >= 0 ? 0.5 : -0.5)) / 1000.0; }

json_t *db_grading_item_stats(db *d, int64_t exam_id)
{
    /* Candidates whose every item is scored, by their fraction of the maximum. */
    sqlite3_stmt *st = db_stmt(d, "SELECT candidate_id, sum(points), sum(max_points) FROM exam_item_score WHERE exam_id = ?1"
                                  " GROUP BY candidate_id HAVING count(points) = count(*) AND sum(max_points) > 0 ORDER BY candidate_id");
    if (!st) return NULL;
    db_bind_int(st, 1, exam_id);
    struct cand_total *ct = NULL;
    size_t nc = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nc == cap) {
            cap = cap ? 2 * cap : 64;
            struct cand_total *t = realloc(ct, cap * sizeof *t);
            if (!t) { sqlite3_reset(st); free(ct); return NULL; }
            ct = t;
        }
        ct[nc].id = sqlite3_column_int64(st, 0);
        ct[nc].frac = (double)sqlite3_column_int64(st, 1) / (double)sqlite3_column_int64(st, 2);
        ct[nc++].group = 0;
    }
    sqlite3_reset(st);
    /* Upper and lower groups: 27% each (at least one candidate when n >= 2). */
    size_t k = (nc * 27 + 50) / 100;
    if (k == 0 && nc >= 2) k = 1;
    if (nc) qsort(ct, nc, sizeof *ct, by_frac_desc);
    for (size_t i = 0; i < k && i < nc; i++) {
        ct[i].group = 1;
        ct[nc - 1 - i].group = -1;
    }
    if (nc) qsort(ct, nc, sizeof *ct, by_id);

    st = db_stmt(d, "SELECT s.candidate_id, i.version_id, v.question_id, v.version, v.type, v.difficulty, s.points, s.max_points,"
                    " s.correct, a.response FROM exam_item_score s JOIN exam_form_item i ON i.form_id = s.form_id AND i.pos = s.pos"
                    " JOIN exam_question_version v ON v.id = i.version_id"
                    " LEFT JOIN exam_answer a ON a.form_id = s.form_id AND a.pos = s.pos"
                    " WHERE s.exam_id = ?1 AND s.points IS NOT NULL ORDER BY i.version_id");
    if (!st) { free(ct); return NULL; }
    db_bind_int(st, 1, exam_id);
    json_t *items = json_array();
    int64_t cur = -1;
    json_t *o = NULL;
    double sum = 0, up = 0, lo = 0;
    int n = 0, nup = 0, nlo = 0, ncorrect = 0;
    int64_t counts[64];
    int options = 0;
    int rc;
    for (;;) {
        rc = sqlite3_step(st);
        int64_t vid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : -2;
        if (vid != cur && o) {
            /* Close the previous version. */
            json_object_set_new(o, "responses", json_integer(n));
            json_object_set_new(o, "correct", json_integer(ncorrect));
            json_object_set_new(o, "difficulty_index", n ? json_real(round3(sum / n)) : json_null());
            json_object_set_new(o, "upper_n", json_integer(nup));
            json_object_set_new(o, "lower_n", json_integer(nlo));
            json_object_set_new(o, "discrimination", nup && nlo ? json_real(round3(up / nup - lo / nlo)) : json_null());
            json_t *opts = json_array(), *never = json_array();
            for (int j = 0; j < options; j++) {
                json_array_append_new(opts, json_pack("{s:i,s:I}", "ord", j, "chosen", (json_int_t)counts[j]));
                if (!counts[j]) json_array_append_new(never, json_integer(j));
            }
            json_object_set_new(o, "options", opts);
            json_object_set_new(o, "never_chosen", never);
            json_array_append_new(items, o);
            o = NULL;
        }
        if (rc != SQLITE_ROW) break;
        if (vid != cur) {
            cur = vid;
            o = json_pack("{s:I,s:I,s:i,s:s,s:i}", "version_id", (json_int_t)vid, "question_id",
                          (json_int_t)sqlite3_column_int64(st, 2), "version", sqlite3_column_int(st, 3), "type",
                          db_col_text(st, 4), "difficulty", sqlite3_column_int(st, 5));
            sum = up = lo = 0;
            n = nup = nlo = ncorrect = 0;
            memset(counts, 0, sizeof counts);
            options = 0;
            const char *type = db_col_text(st, 4);
            if (strcmp(type, "essay") && strcmp(type, "short_answer")) {
                sqlite3_stmt *so = db_stmt(d, "SELECT count(*) FROM exam_option WHERE version_id = ?1");
                if (so) { db_bind_int(so, 1, vid); options = (int)one_int(so, 0); }
                if (options > 64) options = 64;
            }
        }
        int64_t cid = sqlite3_column_int64(st, 0);
        double f = (double)sqlite3_column_int64(st, 6) / (double)sqlite3_column_int64(st, 7);
        n++;
        sum += f;
        ncorrect += sqlite3_column_int(st, 8);
        struct cand_total key = {.id = cid}, *hit = nc ? bsearch(&key, ct, nc, sizeof *ct, by_id) : NULL;
        if (hit && hit->group > 0) { up += f; nup++; }
        if (hit && hit->group < 0) { lo += f; nlo++; }
        if (options && sqlite3_column_type(st, 9) != SQLITE_NULL) {
            json_t *r = json_loads(db_col_text(st, 9), JSON_DECODE_ANY, NULL);
            size_t j;
            json_t *v;
            if (json_is_array(r))
                json_array_foreach(r, j, v) {
                    json_int_t x = json_integer_value(v);
                    if (json_is_integer(v) && x >= 0 && x < options) counts[x]++;
                }
            json_decref(r);
        }
    }
    sqlite3_reset(st);
    free(ct);
    if (rc != SQLITE_DONE) { json_decref(items); return NULL; }
    return json_pack("{s:i,s:I,s:o}", "candidates", (int)nc, "group_size", (json_int_t)k, "items", items);
}

/* ---- results on the person ---- */

int db_grading_person_result_put(db *d, int64_t exam_id, int64_t person_id, int64_t cand_id, int points, int max,
                                 int percent, int passed, const char *now)
{
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO exam_person_result(exam_id, person_id, candidate_id, points, max_points, percent,"
                                  " passed, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                  " ON CONFLICT(exam_id, person_id) DO UPDATE SET points = excluded.points,"
                                  " max_points = excluded.max_points, percent = excluded.percent, passed = excluded.passed,"
                                  " recorded_at = excluded.recorded_at");
    if (!st) return -1;
    db_bind_int(st, 1, exam_id);
    db_bind_int(st, 2, person_id);
    db_bind_int(st, 3, cand_id);
    db_bind_int(st, 4, points);
    db_bind_int(st, 5, max);
    db_bind_int(st, 6, percent);
    db_bind_int(st, 7, passed);
    db_bind_text(st, 8, now);
    return db_step_write(st) ? -1 : 0;
}

json_t *db_grading_person_results(db *d, int64_t person_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT r.exam_id, e.title, e.type, e.reference_date, e.pass_percent, r.points, r.max_points,"
                                  " r.percent, r.passed, r.recorded_at FROM exam_person_result r JOIN exam e ON e.id = r.exam_id"
                                  " WHERE r.person_id = ?1 ORDER BY e.reference_date DESC, r.exam_id DESC");
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    return db_rows_json(st);
}
