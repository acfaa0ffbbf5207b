/* Grading and results of exams (issue 5; docs/exam-grading.md): automatic
 * grading of objective items, double-blind essay marking under anonymous
 * codes (số phách), results with the pass rules and the recruitment ranking
 * of core/exam.h (through rule_exam_rank, which explains every line),
 * positions and quotas, the head's tie decisions, publication by
 * registration number, appeals (phúc khảo), item statistics, staff results
 * on the person and the Excel export.
 *
 * Access (auth_exam_can): the exam's board and managers (NEED_VIEW_EXAM) run
 * grading, results and appeals; graders (exam_grader) see only their own
 * tasks, by code; item statistics are the bank's (NEED_READ_Q). Anyone else
 * gets 404. Every write is one transaction with its audit entry. */
#include "api/api.h"
#include "api/exam_sitting.h"
#include "api/rules_exam.h"
#include "auth/audit.h"
#include "auth/exam_access.h"
#include "core/date.h"
#include "core/exam.h"
#include "db/exam_grading.h"
#include "db/exam_store.h"
#include "io/exam_xlsx.h"
#include "io/people_export.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void e404(struct resp *out, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "Không tìm thấy %s.", what);
    resp_error(out, 404, "not_found", NULL, msg);
}
static void e500(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void e503(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận."); }

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int64_t half_up(int64_t a, int64_t b) { return b > 0 ? (2 * a + b) / (2 * b) : 0; }

/* "72,50" from hundredths. */
static void fmt_pts(int64_t v, char buf[32])
{
    snprintf(buf, 32, "%s%lld,%02lld", v < 0 ? "-" : "", (long long)(llabs(v) / 100), (long long)(llabs(v) % 100));
}

/* Audits `after` and commits the open transaction; 500 and rollback on failure. */
static int audit_commit(struct req *r, struct resp *out, const char *action, const char *entity, int64_t id,
                        json_t *before, json_t *after)
{
    struct actor a;
    api_actor(r, &a);
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int ok = audit_append(r->db, &a, action, entity, id, b, s) == 0 && db_commit(r->db) == 0;
    free(b);
    free(s);
    if (!ok) { db_rollback(r->db); e500(out); }
    return ok ? 0 : -1;
}

/* The exam's board or a manager; 404 otherwise (also when the exam is absent). */
static int board(struct req *r, int64_t exam_id, struct resp *out)
{
    int64_t sid = db_exam_subject_of(r->db, exam_id);
    if (!sid || !auth_exam_can(r->db, &r->user, sid, NEED_VIEW_EXAM)) { e404(out, "kỳ thi"); return 0; }
    return 1;
}

/* ---- results ---- */

struct exam_ctx {
    int64_t id;
    char type[16], ref[11], title[256];
    int pass_percent;
    struct grading_config cfg;
    const struct exam_regime *rg;
};

static int load_exam(struct req *r, int64_t id, struct exam_ctx *x)
{
    memset(x, 0, sizeof *x);
    x->id = id;
    if (db_grading_exam_info(r->db, id, x->type, x->ref, &x->pass_percent, x->title, sizeof x->title) != 0) return -1;
    if (db_grading_config_get(r->db, id, &x->cfg) != 0) return -1;
    cdate dt;
    x->rg = date_parse_iso(x->ref, &dt) == 0 ? exam_regime_at(dt) : NULL;
    return 0;
}

static int is_recruit_r2(const struct exam_ctx *x) { return !strcmp(x->type, "recruit_r2"); }

/* Builds the input of rule_exam_rank from the stored results, positions and
 * tie decisions (plus `extra_decision`, not yet stored, when given). Only
 * candidates with a position are ranked. *blocked: a Vietnamese reason why
 * ranking cannot run yet (results incomplete), or NULL. */
static json_t *rank_input(struct req *r, const struct exam_ctx *x, json_t *cands, json_t *positions,
                          json_t *extra_decision, const char **blocked)
{
    *blocked = NULL;
    json_t *in = json_pack("{s:s,s:[],s:[]}", "exam_date", x->ref, "positions", "candidates");
    size_t i;
    json_t *p, *c;
    json_array_foreach(positions, i, p)
        json_array_append_new(json_object_get(in, "positions"),
                              json_pack("{s:O,s:O}", "code", json_object_get(p, "code"), "quota", json_object_get(p, "quota")));
    if (json_array_size(positions) == 0) *blocked = "Chưa khai báo vị trí việc làm và chỉ tiêu.";
    if (x->cfg.combined && x->rg && x->rg->id == EXAM_ND170)
        json_object_set_new(in, "round2_weights", json_pack("{s:i,s:i}", "written", x->cfg.weight_written,
                                                            "interview", 100 - x->cfg.weight_written));
    json_array_foreach(cands, i, c) {
        const char *pos = json_string_value(json_object_get(c, "position"));
        if (!pos) continue;
        const char *status = json_string_value(json_object_get(c, "status"));
        json_t *r1 = json_object_get(c, "round1");
        if (!json_is_object(r1)) {
            json_array_append_new(json_object_get(c, "explain"),
                                  json_string("Thiếu kết quả vòng 1 (nhập tay hoặc liên kết kỳ thi vòng 1): chưa được xếp hạng."));
            continue;
        }
        json_t *r1in = json_pack("{s:O,s:O}", "correct", json_object_get(r1, "correct"), "total", json_object_get(r1, "total"));
        if (x->rg && x->rg->id == EXAM_ND138) r1in = json_pack("{s:o}", "general", r1in);
        json_t *r2 = json_null();
        if (!strcmp(status, "final")) {
            r2 = json_pack("{s:O}", "written", json_object_get(c, "score"));
            if (x->cfg.combined) json_object_set(r2, "interview", json_object_get(c, "interview"));
        } else if (strcmp(status, "absent")) *blocked = "Còn bài chưa chấm xong (hoặc chưa nhập điểm phỏng vấn).";
        json_array_append_new(json_object_get(in, "candidates"),
                              json_pack("{s:O,s:s,s:o,s:o,s:O}", "code", json_object_get(c, "reg_no"), "position", pos,
                                        "round1", r1in, "round2", r2, "priority", json_object_get(c, "priority")));
    }
    json_t *decs = json_array();
    json_t *ties = db_grading_tie_list(r->db, x->id);
    if (extra_decision) json_array_append(ties, extra_decision);
    json_t *t;
    json_array_foreach(ties, i, t) {
        json_t *names = json_array();
        size_t k;
        json_t *w;
        json_array_foreach(json_object_get(t, "winners"), k, w) {
            size_t j;
            json_array_foreach(cands, j, c)
                if (json_integer_value(json_object_get(c, "candidate_id")) == json_integer_value(w))
                    json_array_append(names, json_object_get(c, "reg_no"));
        }
        json_array_append_new(decs, json_pack("{s:O,s:o,s:O,s:O}", "position", json_object_get(t, "position"),
                                              "winner_candidate", names, "decision_no", json_object_get(t, "decision_no"),
                                              "date", json_object_get(t, "date")));
    }
    json_decref(ties);
    if (json_array_size(decs)) json_object_set_new(in, "tie_decision", decs);
    else json_decref(decs);
    return in;
}

/* The whole results document of an exam: per candidate status, points,
 * score, pass and (round 2) the ranking with explanations. With
 * extra_decision, *rank_err receives the rule's error for it (new reference). */
static json_t *compute_results(struct req *r, const struct exam_ctx *x, json_t *extra_decision, json_t **rank_err)
{
    if (rank_err) *rank_err = NULL;
    json_t *cands = db_grading_results(r->db, x->id);
    json_t *positions = db_grading_position_list(r->db, x->id);
    if (!cands || !positions) { json_decref(cands); json_decref(positions); return NULL; }
    int complete = 1;
    size_t i;
    json_t *c;
    json_array_foreach(cands, i, c) {
        int64_t items = json_integer_value(json_object_get(c, "items"));
        int64_t scored = json_integer_value(json_object_get(c, "scored"));
        int64_t pend = json_integer_value(json_object_get(c, "essays_pending"));
        int64_t pts = json_integer_value(json_object_get(c, "points")), max = json_integer_value(json_object_get(c, "max_points"));
        int64_t correct = json_integer_value(json_object_get(c, "correct"));
        const char *status = !json_is_true(json_object_get(c, "attempt")) && !json_integer_value(json_object_get(c, "attempt")) ? "absent"
                             : !json_integer_value(json_object_get(c, "submitted")) ? "sitting"
                             : (pend || scored < items) ? "grading" : "final";
        json_t *interview = json_object_get(c, "interview");
        if (!strcmp(status, "final") && is_recruit_r2(x) && x->cfg.combined && !json_is_integer(interview)) status = "interview";
        json_object_set_new(c, "status", json_string(status));
        json_t *explain = json_array();
        char a[32], b[32], s[32];
        if (strcmp(status, "final")) {
            if (strcmp(status, "absent")) complete = 0;
            json_object_set_new(c, "passed", json_null());
            json_object_set_new(c, "score", json_null());
            if (!strcmp(status, "absent")) {
                json_object_set_new(c, "passed", json_false());
                json_object_set_new(c, "result_label", json_string("vắng thi"));
                json_array_append_new(explain, json_string("Không dự thi (không có bài làm): không đạt."));
            } else json_object_set_new(c, "result_label", json_string("chưa có kết quả"));
        } else {
            int64_t score = half_up(pts * EXAM_SCORE_MAX, max);
            json_object_set_new(c, "score", json_integer(score));
            fmt_pts(pts, a);
            fmt_pts(max, b);
            fmt_pts(score, s);
            char line[512];
            int passed;
            if (!strcmp(x->type, "recruit_r1")) {
                passed = exam_r1_part_pass((int)correct, (int)items) == 1;
                snprintf(line, sizeof line, "Vòng 1: trả lời đúng %lld/%lld câu hỏi; %s (đạt khi đúng từ 50%% số câu hỏi trở lên) (%s).",
                         (long long)correct, (long long)items, passed ? "đạt" : "không đạt", x->rg ? x->rg->cite_r1 : "");
            } else if (is_recruit_r2(x)) {
                struct exam_r2 r2 = {.written = (int)score, .interview = x->cfg.combined ? (int)json_integer_value(interview) : EXAM_NONE};
                struct exam_r2_result rr;
                int ww = x->rg && x->rg->r2_weights_fixed ? x->rg->r2_weight_written : x->cfg.weight_written;
                if (exam_r2_eval(&r2, ww, 100 - ww, &rr) != 0) { rr.passed = 0; rr.score = (int)score; }
                passed = rr.passed;
                json_object_set_new(c, "round2", json_integer(rr.score));
                snprintf(line, sizeof line, "Vòng 2: bài viết %s/%s điểm, quy ra thang điểm 100: %s điểm; %s (%s).", a, b, s,
                         passed ? "đạt" : "không đạt", x->rg ? x->rg->cite_r2 : "");
            } else {
                passed = pts * 100 >= (int64_t)x->pass_percent * max;
                snprintf(line, sizeof line, "Đạt %s/%s điểm (%s điểm thang 100); ngưỡng đạt của kỳ thi: %d%% số điểm tối đa: %s.",
                         a, b, s, x->pass_percent, passed ? "đạt" : "không đạt");
            }
            json_object_set_new(c, "passed", json_boolean(passed));
            json_object_set_new(c, "result_label", json_string(passed ? "đạt" : "không đạt"));
            json_array_append_new(explain, json_string(line));
        }
        json_object_set_new(c, "explain", explain);
        /* Round 1 of a round-2 candidate: entered, or from the linked round-1 exam. */
        if (is_recruit_r2(x)) {
            int rc_ = -1, rt = -1;
            if (json_is_integer(json_object_get(c, "r1_total"))) {
                rc_ = (int)json_integer_value(json_object_get(c, "r1_correct"));
                rt = (int)json_integer_value(json_object_get(c, "r1_total"));
            } else if (x->cfg.round1_exam_id) {
                int cc, tt;
                if (db_grading_r1_lookup(r->db, x->cfg.round1_exam_id, json_integer_value(json_object_get(c, "person_id")),
                                         json_string_value(json_object_get(c, "cccd")), &cc, &tt) == 0) { rc_ = cc; rt = tt; }
            }
            if (rt > 0) json_object_set_new(c, "round1", json_pack("{s:i,s:i}", "correct", rc_, "total", rt));
        }
    }
    json_t *doc = json_pack("{s:{s:I,s:s,s:s,s:s,s:i},s:{s:i,s:s,s:b,s:i,s:I},s:o,s:o,s:o}",
                            "exam", "id", (json_int_t)x->id, "title", x->title, "type", x->type, "reference_date", x->ref,
                            "pass_percent", x->pass_percent, "config", "essay_gap_percent", x->cfg.gap_percent, "final_rule",
                            x->cfg.final_rule, "combined", x->cfg.combined, "weight_written", x->cfg.weight_written,
                            "round1_exam_id", (json_int_t)x->cfg.round1_exam_id, "positions", positions, "tie_decisions",
                            db_grading_tie_list(r->db, x->id), "candidates", cands);
    json_object_set_new(doc, "published_at", x->cfg.published_at[0] ? json_string(x->cfg.published_at) : json_null());
    json_object_set_new(doc, "complete", json_boolean(complete));
    if (is_recruit_r2(x)) {
        const char *blocked = NULL;
        json_t *in = rank_input(r, x, cands, positions, extra_decision, &blocked);
        json_t *err = NULL, *rk = NULL;
        if (!blocked) rk = rule_exam_rank(in, &err);
        json_decref(in);
        if (blocked) json_object_set_new(doc, "ranking", json_pack("{s:b,s:s}", "ready", 0, "reason", blocked));
        else if (!rk) {
            json_object_set_new(doc, "ranking", json_pack("{s:b,s:O}", "ready", 0, "error", json_object_get(err, "error")));
            if (rank_err) *rank_err = json_incref(err);
        } else {
            json_t *rc, *pc;
            size_t k;
            json_array_foreach(json_object_get(rk, "candidates"), k, rc) {
                json_array_foreach(cands, i, c) {
                    if (!json_equal(json_object_get(c, "reg_no"), json_object_get(rc, "code"))) continue;
                    json_object_set(c, "rank", json_object_get(rc, "rank"));
                    json_object_set(c, "total", json_object_get(rc, "total"));
                    json_object_set(c, "result", json_object_get(rc, "result"));
                    json_object_set(c, "result_label", json_object_get(rc, "result_label"));
                    json_object_set(c, "tie", json_object_get(rc, "tie"));
                    json_object_set(c, "priority_points", json_object_get(json_object_get(rc, "priority"), "points"));
                    json_object_set(c, "priority_applied", json_object_get(json_object_get(rc, "priority"), "applied"));
                    json_object_set(c, "explain", json_object_get(rc, "explain"));
                }
            }
            json_t *sum = json_array();
            json_array_foreach(json_object_get(rk, "positions"), k, pc) json_array_append(sum, pc);
            json_object_set_new(doc, "ranking", json_pack("{s:b,s:o,s:O}", "ready", 1, "positions", sum, "explain",
                                                          json_object_get(rk, "explain")));
            json_decref(rk);
        }
        json_decref(err);
    }
    /* Bookkeeping columns are not part of the reply. */
    json_array_foreach(cands, i, c) {
        json_object_del(c, "scored");
        json_object_del(c, "cccd");
    }
    return doc;
}

static void results_get(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    json_t *doc = compute_results(r, &x, NULL, NULL);
    if (!doc) { e500(out); return; }
    resp_json(out, 200, doc);
}

static void results_export(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    json_t *doc = compute_results(r, &x, NULL, NULL);
    if (!doc) { e500(out); return; }
    char path[512];
    int rc = io_temp_path(path, sizeof path, ".xlsx");
    if (rc == 0) rc = exam_results_xlsx(doc, path);
    json_decref(doc);
    char *buf = NULL;
    size_t len = 0;
    if (rc == 0) rc = io_read_file(path, &buf, &len);
    unlink(path);
    if (rc != 0) { e500(out); return; }
    free(out->body);
    out->body = buf;
    out->len = len;
    out->status = 200;
    out->content_type = CT_XLSX;
    snprintf(out->extra_header[0], sizeof out->extra_header[0],
             "Content-Disposition: attachment; filename=\"ket-qua-thi-%lld.xlsx\"", (long long)x.id);
}

/* Published results, by registration number only: no names, no codes. */
static void results_public(struct req *r, struct resp *out)
{
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x) || !x.cfg.published_at[0]) { e404(out, "kết quả đã công bố"); return; }
    json_t *doc = compute_results(r, &x, NULL, NULL);
    if (!doc) { e500(out); return; }
    json_t *items = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "candidates"), i, c) {
        json_t *o = json_pack("{s:O,s:O,s:O}", "reg_no", json_object_get(c, "reg_no"), "score", json_object_get(c, "score"),
                              "result", json_object_get(c, "result_label"));
        if (is_recruit_r2(&x)) {
            json_object_set(o, "position", json_object_get(c, "position"));
            json_object_set(o, "priority_points", json_object_get(c, "priority_points"));
            json_object_set(o, "total", json_object_get(c, "total"));
            json_object_set(o, "rank", json_object_get(c, "rank"));
        }
        json_array_append_new(items, o);
    }
    resp_json(out, 200, json_pack("{s:s,s:s,s:s,s:o}", "title", x.title, "reference_date", x.ref, "published_at",
                                  x.cfg.published_at, "items", items));
    json_decref(doc);
}

/* Stores the staff-test results on the people (exam_person_result). */
static int store_person_results(struct req *r, const struct exam_ctx *x, json_t *doc, const char *now)
{
    if (strcmp(x->type, "staff_test")) return 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "candidates"), i, c) {
        int64_t pid = json_integer_value(json_object_get(c, "person_id"));
        const char *st = json_string_value(json_object_get(c, "status"));
        if (!pid || (strcmp(st, "final") && strcmp(st, "absent"))) continue;
        int64_t pts = json_integer_value(json_object_get(c, "points")), max = json_integer_value(json_object_get(c, "max_points"));
        if (!strcmp(st, "absent")) pts = 0;
        if (db_grading_person_result_put(r->db, x->id, pid, json_integer_value(json_object_get(c, "candidate_id")), (int)pts,
                                         (int)max, (int)half_up(pts * 10000, max), json_is_true(json_object_get(c, "passed")),
                                         now))
            return -1;
    }
    return 0;
}

static void publish(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    json_t *doc = compute_results(r, &x, NULL, NULL);
    if (!doc) { e500(out); return; }
    json_t *rk = json_object_get(doc, "ranking");
    if (!json_is_true(json_object_get(doc, "complete")) || (rk && !json_is_true(json_object_get(rk, "ready")))) {
        json_decref(doc);
        resp_error(out, 409, "incomplete", NULL, "Chưa chấm xong hoặc chưa xếp hạng được: chưa thể công bố kết quả.");
        return;
    }
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "candidates"), i, c) {
        const char *res = json_string_value(json_object_get(c, "result"));
        if (res && !strcmp(res, "cho_quyet_dinh")) {
            json_decref(doc);
            resp_error(out, 409, "tie_pending", NULL,
                       "Có thí sinh bằng điểm ở chỉ tiêu cuối cùng chờ quyết định của người đứng đầu: chưa thể công bố.");
            return;
        }
    }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(doc); e503(out); return; }
    if (db_grading_publish(r->db, x.id, r->user.id, now) || store_person_results(r, &x, doc, now)) {
        db_rollback(r->db);
        json_decref(doc);
        e500(out);
        return;
    }
    json_decref(doc);
    json_t *after = json_pack("{s:s}", "published_at", now);
    int ok = audit_commit(r, out, "exam.publish", "exam", x.id, NULL, after) == 0;
    json_decref(after);
    if (ok) resp_json(out, 200, json_pack("{s:s}", "published_at", now));
}

/* ---- configuration, graders, run ---- */

static void grading_get(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    json_t *g = db_grading_grader_list(r->db, x.id), *m = db_grading_marks(r->db, x.id);
    if (!g || !m) { json_decref(g); json_decref(m); e500(out); return; }
    resp_json(out, 200, json_pack("{s:{s:i,s:s,s:b,s:i,s:I},s:o,s:o}", "config", "essay_gap_percent", x.cfg.gap_percent,
                                  "final_rule", x.cfg.final_rule, "combined", x.cfg.combined, "weight_written",
                                  x.cfg.weight_written, "round1_exam_id", (json_int_t)x.cfg.round1_exam_id, "graders", g,
                                  "marks", m));
}

static void config_put(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"essay_gap_percent", "final_rule", "combined", "weight_written", "round1_exam_id", NULL};
    int64_t gap = x.cfg.gap_percent, ww = x.cfg.weight_written, r1 = x.cfg.round1_exam_id;
    const char *rule = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "essay_gap_percent", 0, 0, 100, &gap, NULL, out) ||
        api_get_int(in, "weight_written", 0, 1, 99, &ww, NULL, out) || api_get_int(in, "round1_exam_id", 0, 0, INT64_MAX, &r1, NULL, out) ||
        api_get_string(in, "final_rule", 0, 16, &rule, out)) { json_decref(in); return; }
    struct grading_config c = x.cfg;
    if (rule) {
        if (strcmp(rule, "third_closer") && strcmp(rule, "third")) {
            json_decref(in);
            resp_error(out, 400, "invalid_value", "final_rule", "Quy tắc điểm cuối chỉ nhận «third_closer» hoặc «third».");
            return;
        }
        snprintf(c.final_rule, sizeof c.final_rule, "%s", rule);
    }
    json_t *cb = json_object_get(in, "combined");
    if (cb && !json_is_boolean(cb)) { json_decref(in); resp_error(out, 400, "invalid_type", "combined", "«combined» phải là true/false."); return; }
    if (cb) c.combined = json_is_true(cb);
    c.gap_percent = (int)gap;
    c.weight_written = (int)ww;
    c.round1_exam_id = r1;
    if (c.combined && x.rg && x.rg->r2_weights_fixed && c.weight_written != x.rg->r2_weight_written) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "weight_written", "Theo NĐ 138/2020/NĐ-CP, thi viết 70%, phỏng vấn 30% (cố định).");
        return;
    }
    if (r1) {
        char t[16], rd[11];
        int pp;
        if (db_grading_exam_info(r->db, r1, t, rd, &pp, NULL, 0) != 0 || strcmp(t, "recruit_r1")) {
            json_decref(in);
            resp_error(out, 400, "invalid_value", "round1_exam_id", "Kỳ thi vòng 1 không tồn tại hoặc không phải kỳ thi vòng 1.");
            return;
        }
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    if (db_grading_config_put(r->db, x.id, &c)) { db_rollback(r->db); json_decref(in); e500(out); return; }
    int ok = audit_commit(r, out, "exam_grading.config", "exam", x.id, NULL, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void grader_change(struct req *r, struct resp *out, int add)
{
    if (!board(r, r->params[0], out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"user_id", NULL};
    int64_t uid = 0;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "user_id", 1, 1, INT64_MAX, &uid, NULL, out)) { json_decref(in); return; }
    struct user u;
    if (auth_load_user(r->db, uid, &u) != 0) { json_decref(in); resp_error(out, 404, "not_found", "user_id", "Không tìm thấy người dùng."); return; }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = add ? db_grading_grader_add(r->db, r->params[0], uid) : db_grading_grader_remove(r->db, r->params[0], uid);
    if (rc) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1 && add) resp_error(out, 409, "duplicate", "user_id", "Người này đã là giám khảo của kỳ thi.");
        else if (rc == 1) resp_error(out, 404, "not_found", "user_id", "Người này không phải giám khảo của kỳ thi.");
        else e500(out);
        return;
    }
    int ok = audit_commit(r, out, add ? "exam_grader.add" : "exam_grader.remove", "exam", r->params[0], NULL, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, add ? 201 : 200, json_pack("{s:b}", "ok", 1));
}
/* The board's pick list for "Thêm giám khảo": active users not yet graders
 * of the exam, with only what the list shows. */
static void eligible_graders(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *items = db_grading_eligible_graders(r->db, r->params[0]);
    if (!items) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}
static void grader_add(struct req *r, struct resp *out) { grader_change(r, out, 1); }
static void grader_remove(struct req *r, struct resp *out) { grader_change(r, out, 0); }

static void grading_run(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    char now[32];
    now_iso(now);
    struct grading_summary s;
    if (db_begin(r->db) != 0) { e503(out); return; }
    /* Attempts past their deadline that nobody swept yet are closed first:
     * they are graded like every submitted paper. */
    if (exam_sitting_sweep(r->db, 0, r->params[0]) != 0 || db_grading_run(r->db, r->params[0], now, &s)) {
        db_rollback(r->db);
        e500(out);
        return;
    }
    json_t *sum = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "candidates", s.candidates, "graded", s.graded, "absent",
                            s.absent, "not_submitted", s.not_submitted, "items", s.items, "essays", s.essays,
                            "essays_unassigned", s.essays_unassigned, "thirds_needed", s.thirds_needed);
    if (audit_commit(r, out, "exam_grading.run", "exam", r->params[0], NULL, sum) == 0) resp_json(out, 200, sum);
    else json_decref(sum);
}

/* ---- graders' work ---- */

/* Question content shown to a grader is a read of the question: logged like
 * every other read (question.read, via "grading"), once per version shown. */
static int log_question_reads(struct req *r, json_t *lists[2])
{
    json_t *seen = json_object();
    struct actor a;
    api_actor(r, &a);
    int rc = db_begin(r->db);
    for (int l = 0; rc == 0 && l < 2; l++) {
        size_t i;
        json_t *o;
        json_array_foreach(lists[l], i, o) {
            char key[48], after[96];
            long long qid = json_integer_value(json_object_get(o, "question_id"));
            long long ver = json_integer_value(json_object_get(o, "version"));
            snprintf(key, sizeof key, "%lld.%lld", qid, ver);
            if (json_object_get(seen, key)) continue;
            json_object_set_new(seen, key, json_true());
            snprintf(after, sizeof after, "{\"version\":%lld,\"via\":\"grading\"}", ver);
            if (audit_append(r->db, &a, "question.read", "exam_question", qid, NULL, after) != 0) { rc = -1; break; }
        }
    }
    json_decref(seen);
    if (rc == 0 && db_commit(r->db) == 0) return 0;
    db_rollback(r->db);
    return -1;
}

static void tasks_get(struct req *r, struct resp *out)
{
    const char *q = req_query(r, "exam");
    int64_t exam = q ? atoll(q) : 0;
    json_t *t = db_grading_tasks(r->db, r->user.id, exam), *a = db_grading_appeal_list(r->db, exam, r->user.id);
    if (!t || !a) { json_decref(t); json_decref(a); e500(out); return; }
    /* An appeal regrader sees the code, the question and the answer, not the earlier marks. */
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o) {
        json_object_del(o, "before_points");
        json_object_del(o, "after_points");
        json_object_del(o, "reg_no");
        json_object_del(o, "candidate_id");
    }
    json_t *lists[2] = {t, a};
    if ((json_array_size(t) || json_array_size(a)) && log_question_reads(r, lists) != 0) {
        json_decref(t);
        json_decref(a);
        resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không hiển thị bài chấm.");
        return;
    }
    resp_json(out, 200, json_pack("{s:o,s:o}", "items", t, "appeals", a));
}

static void task_mark(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"mark", "comment", NULL};
    int64_t mark = 0;
    const char *comment = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "mark", 1, 0, EXAM_SCORE_MAX, &mark, NULL, out) ||
        api_get_string(in, "comment", 0, 2000, &comment, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int64_t exam = 0;
    int max = 0;
    int rc = db_grading_mark(r->db, r->params[0], r->user.id, (int)mark, comment, now, &exam, &max);
    if (rc) {
        db_rollback(r->db);
        json_decref(in);
        char msg[160], mx[32];
        if (rc == 1) e404(out, "bài chấm");
        else if (rc == 2) {
            fmt_pts(max, mx);
            snprintf(msg, sizeof msg, "Điểm phải từ 0 đến %s (tính bằng phần trăm điểm: 150 = 1,50 điểm).", mx);
            resp_error(out, 400, "out_of_range", "mark", msg);
        } else if (rc == 3) resp_error(out, 409, "settled", "mark", "Điểm của bài đã được chốt; không sửa được.");
        else e500(out);
        return;
    }
    json_object_set_new(in, "task_id", json_integer(r->params[0]));
    int ok = audit_commit(r, out, "exam_essay.mark", "exam", exam, NULL, in) == 0;
    json_decref(in);
    if (!ok) return;
    /* The grader learns only whether the item is settled, not the other marks. */
    json_t *t = db_grading_tasks(r->db, r->user.id, exam);
    json_t *mine = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(t, i, o)
        if (json_integer_value(json_object_get(o, "task_id")) == r->params[0]) mine = json_incref(o);
    json_decref(t);
    resp_json(out, 200, mine ? mine : json_pack("{s:b}", "ok", 1));
}

/* ---- positions, candidates, ties ---- */

static void position_put(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"code", "name", "quota", NULL};
    const char *code = NULL, *name = NULL;
    int64_t quota = 0;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "code", 1, 64, &code, out) ||
        api_get_string(in, "name", 1, 300, &name, out) || api_get_int(in, "quota", 1, 1, 100000, &quota, NULL, out)) {
        json_decref(in);
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    if (db_grading_position_put(r->db, r->params[0], code, name, (int)quota)) { db_rollback(r->db); json_decref(in); e500(out); return; }
    int ok = audit_commit(r, out, "exam_position.put", "exam", r->params[0], NULL, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void candidate_patch(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"position", "interview", "round1", NULL};
    struct grading_cand_edit e = {0};
    if (api_only_fields(in, allowed, out) || api_get_string(in, "position", 0, 64, &e.position, out)) { json_decref(in); return; }
    if (e.position && !db_grading_position_exists(r->db, r->params[0], e.position)) {
        json_decref(in);
        resp_error(out, 400, "unknown_code", "position", "Vị trí việc làm chưa được khai báo cho kỳ thi.");
        return;
    }
    json_t *iv = json_object_get(in, "interview");
    if (iv) {
        e.set_interview = 1;
        e.interview = -1;
        if (!json_is_null(iv)) {
            int64_t v = 0;
            if (api_get_int(in, "interview", 1, 0, EXAM_SCORE_MAX, &v, NULL, out)) { json_decref(in); return; }
            e.interview = (int)v;
        }
    }
    json_t *r1 = json_object_get(in, "round1");
    if (r1) {
        int64_t cc = 0, tt = 0;
        static const char *const r1f[] = {"correct", "total", NULL};
        if (!json_is_object(r1)) { json_decref(in); resp_error(out, 400, "invalid_type", "round1", "«round1» là {correct, total}."); return; }
        if (api_only_fields(r1, r1f, out) || api_get_int(r1, "total", 1, 1, 1000, &tt, NULL, out) ||
            api_get_int(r1, "correct", 1, 0, 1000, &cc, NULL, out)) { json_decref(in); return; }
        if (cc > tt) { json_decref(in); resp_error(out, 400, "invalid_value", "round1.correct", "Số câu đúng vượt quá số câu hỏi."); return; }
        e.set_r1 = 1;
        e.r1_correct = (int)cc;
        e.r1_total = (int)tt;
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_grading_candidate_put(r->db, r->params[0], r->params[1], &e);
    if (rc) { db_rollback(r->db); json_decref(in); if (rc == 1) e404(out, "thí sinh"); else e500(out); return; }
    json_object_set_new(in, "candidate_id", json_integer(r->params[1]));
    int ok = audit_commit(r, out, "exam_candidate.grading", "exam", r->params[0], NULL, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

/* The head's decision on a full tie: checked by the rule (it must name
 * exactly the places left, from the fully tied group) before it is stored. */
static void tie_create(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { e500(out); return; }
    if (!is_recruit_r2(&x)) { resp_error(out, 400, "invalid_value", NULL, "Chỉ kỳ thi vòng 2 mới xếp hạng trúng tuyển."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"position", "winners", "decision_no", "date", NULL};
    const char *pos = NULL, *no = NULL, *date = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "position", 1, 64, &pos, out) ||
        api_get_string(in, "decision_no", 1, 100, &no, out) || api_get_date(in, "date", 1, &date, out)) { json_decref(in); return; }
    json_t *w = json_object_get(in, "winners");
    size_t i;
    json_t *v;
    int okw = json_is_array(w) && json_array_size(w) > 0;
    json_array_foreach(w, i, v) okw = okw && json_is_integer(v);
    if (!okw) { json_decref(in); resp_error(out, 400, "invalid_type", "winners", "«winners» là mảng mã thí sinh (candidate_id)."); return; }
    json_t *prev = db_grading_tie_list(r->db, x.id);
    json_t *pv;
    int dup = 0;
    json_array_foreach(prev, i, pv) dup |= !strcmp(json_string_value(json_object_get(pv, "position")), pos);
    json_decref(prev);
    if (dup) { json_decref(in); resp_error(out, 409, "duplicate", "position", "Đã có quyết định cho vị trí này."); return; }
    json_t *dec = json_pack("{s:s,s:O,s:s,s:s}", "position", pos, "winners", w, "decision_no", no, "date", date);
    json_t *err = NULL;
    json_t *doc = compute_results(r, &x, dec, &err);
    json_t *rk = doc ? json_object_get(doc, "ranking") : NULL;
    if (!doc || err || !json_is_true(json_object_get(rk, "ready"))) {
        json_t *e = err ? json_object_get(err, "error") : NULL;
        char msg[600];
        snprintf(msg, sizeof msg, "Không ghi được quyết định: %s",
                 e ? json_string_value(json_object_get(e, "message"))
                   : rk ? json_string_value(json_object_get(rk, "reason")) : "lỗi hệ thống.");
        resp_error(out, doc ? 400 : 500, doc ? "invalid_decision" : "internal", "winners", msg);
        json_decref(err);
        json_decref(doc);
        json_decref(dec);
        json_decref(in);
        return;
    }
    json_decref(doc);
    char now[32];
    now_iso(now);
    char *wj = json_dumps(w, JSON_COMPACT);
    if (db_begin(r->db) != 0) { free(wj); json_decref(dec); json_decref(in); e503(out); return; }
    int rc = db_grading_tie_put(r->db, x.id, pos, wj, no, date, r->user.id, now);
    free(wj);
    if (rc) {
        db_rollback(r->db);
        json_decref(dec);
        json_decref(in);
        if (rc == 1) resp_error(out, 409, "duplicate", "position", "Đã có quyết định cho vị trí này.");
        else e500(out);
        return;
    }
    int ok = audit_commit(r, out, "exam_tie.decide", "exam", x.id, NULL, dec) == 0;
    json_decref(dec);
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:b}", "ok", 1));
}

/* ---- appeals ---- */

static void appeal_create(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"candidate_id", "pos", "reason", "regrader_id", NULL};
    int64_t cid = 0, pos = 0, regrader = 0;
    const char *reason = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "candidate_id", 1, 1, INT64_MAX, &cid, NULL, out) ||
        api_get_int(in, "pos", 1, 0, 100000, &pos, NULL, out) || api_get_string(in, "reason", 1, 2000, &reason, out) ||
        api_get_int(in, "regrader_id", 0, 1, INT64_MAX, &regrader, NULL, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    int64_t id = 0;
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_grading_appeal_register(r->db, r->params[0], cid, (int)pos, reason, regrader, r->user.id, now, &id);
    if (rc) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 404, "not_found", "pos", "Không có câu đã chấm xong ở vị trí này trong bài của thí sinh.");
        else if (rc == 2) resp_error(out, 409, "no_regrader", "regrader_id", "Cần một giám khảo của kỳ thi chưa chấm bài này để chấm phúc khảo.");
        else e500(out);
        return;
    }
    json_t *ap = db_grading_appeal_get(r->db, id);
    json_t *after = json_pack("{s:I,s:I,s:s,s:O,s:O,s:O}", "candidate_id", (json_int_t)cid, "pos", (json_int_t)pos, "reason",
                              reason, "regrader_id", json_object_get(ap, "regrader_id"), "before_points",
                              json_object_get(ap, "before_points"), "regrade_points", json_object_get(ap, "regrade_points"));
    json_decref(ap);
    int ok = audit_commit(r, out, "exam_appeal.register", "exam_appeal", id, NULL, after) == 0;
    json_decref(after);
    json_decref(in);
    if (ok) resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void appeals_list(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *a = db_grading_appeal_list(r->db, r->params[0], 0);
    if (!a) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", a));
}

static void appeal_regrade(struct req *r, struct resp *out)
{
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"mark", NULL};
    int64_t mark = 0;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "mark", 1, 0, EXAM_SCORE_MAX, &mark, NULL, out)) { json_decref(in); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int rc = db_grading_appeal_regrade(r->db, r->params[0], r->user.id, (int)mark, now);
    if (rc) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) e404(out, "bài phúc khảo");
        else if (rc == 2) resp_error(out, 400, "out_of_range", "mark", "Điểm vượt quá điểm tối đa của câu.");
        else e500(out);
        return;
    }
    int ok = audit_commit(r, out, "exam_appeal.regrade", "exam_appeal", r->params[0], NULL, in) == 0;
    json_decref(in);
    if (ok) resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void appeal_decide(struct req *r, struct resp *out)
{
    if (!board(r, r->params[0], out)) return;
    json_t *before = db_grading_appeal_get(r->db, r->params[1]);
    if (!before || json_integer_value(json_object_get(before, "exam_id")) != r->params[0]) { json_decref(before); e404(out, "đơn phúc khảo"); return; }
    json_t *in = req_json_object(r, out);
    if (!in) { json_decref(before); return; }
    static const char *const allowed[] = {"accept", "decision_no", NULL};
    const char *no = NULL;
    json_t *acc = json_object_get(in, "accept");
    if (api_only_fields(in, allowed, out) || api_get_string(in, "decision_no", 1, 100, &no, out)) { json_decref(in); json_decref(before); return; }
    if (!json_is_boolean(acc)) { json_decref(in); json_decref(before); resp_error(out, 400, "invalid_type", "accept", "«accept» phải là true/false."); return; }
    struct exam_ctx x;
    if (load_exam(r, r->params[0], &x)) { json_decref(in); json_decref(before); e500(out); return; }
    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { json_decref(in); json_decref(before); e503(out); return; }
    int rc = db_grading_appeal_decide(r->db, r->params[1], json_is_true(acc), no, now);
    if (rc) {
        db_rollback(r->db);
        json_decref(in);
        json_decref(before);
        if (rc == 1) resp_error(out, 409, "not_regraded", NULL, "Bài phúc khảo chưa được chấm lại hoặc đã có quyết định.");
        else e500(out);
        return;
    }
    /* Results are recomputed from the item points; published staff results follow. */
    if (x.cfg.published_at[0]) {
        json_t *doc = compute_results(r, &x, NULL, NULL);
        if (!doc || store_person_results(r, &x, doc, now)) { json_decref(doc); db_rollback(r->db); json_decref(in); json_decref(before); e500(out); return; }
        json_decref(doc);
    }
    json_t *after = db_grading_appeal_get(r->db, r->params[1]);
    json_t *b = json_pack("{s:O,s:O}", "status", json_object_get(before, "status"), "points", json_object_get(before, "before_points"));
    json_t *a = json_pack("{s:O,s:O,s:O,s:O}", "status", json_object_get(after, "status"), "points", json_object_get(after, "after_points"),
                          "regrade_points", json_object_get(after, "regrade_points"), "decision_no", json_object_get(after, "decision_no"));
    int ok = audit_commit(r, out, "exam_appeal.decide", "exam_appeal", r->params[1], b, a) == 0;
    json_decref(b);
    json_decref(a);
    json_decref(in);
    json_decref(before);
    if (ok) resp_json(out, 200, after);
    else json_decref(after);
}

/* ---- item statistics, person results ---- */

static void item_stats(struct req *r, struct resp *out)
{
    int64_t sid = db_exam_subject_of(r->db, r->params[0]);
    if (!sid || !auth_exam_can(r->db, &r->user, sid, NEED_READ_Q)) { e404(out, "kỳ thi"); return; }
    json_t *s = db_grading_item_stats(r->db, r->params[0]);
    if (!s) { e500(out); return; }
    resp_json(out, 200, s);
}

static void person_results(struct req *r, struct resp *out)
{
    if (!auth_person_in_scope(r->db, &r->user, r->params[0])) { e404(out, "hồ sơ"); return; }
    json_t *a = db_grading_person_results(r->db, r->params[0]);
    if (!a) { e500(out); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", a));
}

const struct route api_exam_grading_routes[] = {
    {"GET", "/api/v1/exams/:id/grading", grading_get, 0},
    {"PUT", "/api/v1/exams/:id/grading/config", config_put, 0},
    {"GET", "/api/v1/exams/:id/grading/eligible-graders", eligible_graders, 0},
    {"POST", "/api/v1/exams/:id/grading/graders", grader_add, 0},
    {"DELETE", "/api/v1/exams/:id/grading/graders", grader_remove, 0},
    {"POST", "/api/v1/exams/:id/grading/run", grading_run, 0},
    {"PATCH", "/api/v1/exams/:id/grading/candidates/:id", candidate_patch, 0},
    {"POST", "/api/v1/exams/:id/positions", position_put, 0},
    {"GET", "/api/v1/exams/:id/results", results_get, 0},
    {"GET", "/api/v1/exams/:id/results/export", results_export, 0},
    {"GET", "/api/v1/exams/:id/results/public", results_public, ROUTE_PUBLIC},
    {"POST", "/api/v1/exams/:id/publish", publish, 0},
    {"POST", "/api/v1/exams/:id/tie-decisions", tie_create, 0},
    {"GET", "/api/v1/exams/:id/appeals", appeals_list, 0},
    {"POST", "/api/v1/exams/:id/appeals", appeal_create, 0},
    {"POST", "/api/v1/exams/:id/appeals/:id/decision", appeal_decide, 0},
    {"GET", "/api/v1/exams/:id/item-stats", item_stats, 0},
    {"GET", "/api/v1/exam/grading/tasks", tasks_get, 0},
    {"PUT", "/api/v1/exam/grading/tasks/:id", task_mark, 0},
    {"PUT", "/api/v1/exam/appeals/:id/regrade", appeal_regrade, 0},
    {"GET", "/api/v1/exam/people/:id/results", person_results, 0},
    {NULL, NULL, NULL, 0},
};
