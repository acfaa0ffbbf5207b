/* /api/v1/eval/units/:id/ratings: the unit's year rating board (issue 4, "The
 * cap"). compute: annual scores from approved period scores (core/score.h),
 * levels (core/rating.h, discipline feeding the KHT trigger) and the HTXS cap
 * per (unit, task group) (core/cap.h, explained by the `cap` rule of
 * api/rules_eval.c), stored as a proposal; decide: the council's decision on
 * the ties (and any competent-level exception), checked against the cap;
 * GET: the year's results table. Officers/admins with the unit in scope. */
#include "api/api.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "api/rules_eval.h"
#include "core/cap.h"
#include "core/date.h"
#include "core/rating.h"
#include "core/regime.h"
#include "core/score.h"
#include "core/vntext.h"
#include "db/eval.h"
#include "db/eval_rating.h"
#include "util/jbuf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ER_MAX_PERIODS SCORE_MAX_PERIODS
#define ER_MAX_DISC 32

static void internal(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void busy(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); }
static void not_found(struct resp *out) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy."); }
static void bad(struct resp *out, const char *code, const char *field, const char *msg)
{
    resp_error(out, 400, code, field, msg);
}

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Officers and admins with the unit in scope; 404 for everyone else. */
static int unit_ok(struct req *r, struct resp *out)
{
    if ((r->user.role != ROLE_ADMIN && r->user.role != ROLE_OFFICER) || !auth_unit_in_scope(r->db, &r->user, r->params[0])) {
        not_found(out);
        return 0;
    }
    return 1;
}

/* The regime of a scored year (NĐ 335/2025, công chức); 400 otherwise. */
static const struct eval_regime *scored_regime(int64_t year, struct resp *out)
{
    const struct eval_regime *g = regime_for_year(CAT_CONG_CHUC, (int)year);
    if (!g || !g->scored) {
        bad(out, "invalid_value", "year",
            "Năm này không đánh giá bằng điểm: bảng xếp loại theo điểm áp dụng cho công chức từ năm 2026 (NĐ 335/2025/NĐ-CP).");
        return NULL;
    }
    return g;
}

static int audit_add(struct req *r, const char *action, const char *entity, int64_t id, json_t *after)
{
    struct actor a;
    api_actor(r, &a);
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = audit_append(r->db, &a, action, entity, id, NULL, s);
    free(s);
    return rc;
}

static json_t *hstr(int64_t h)
{
    char b[24];
    score_format(h, b, sizeof b);
    return json_string(b);
}

/* "Khiển trách" / "khien_trach" -> DISC_KHIEN_TRACH. */
static enum disc_form parse_form(const char *s)
{
    char f[64];
    size_t n = vn_fold(s, strlen(s), f, sizeof f);
    if (n == (size_t)-1) return 0;
    for (char *p = f; *p; p++)
        if (*p == ' ') *p = '_';
    return disc_form_parse(f);
}

/* --- compute ------------------------------------------------------------- *
 * Built for a board over the whole tree (1,000,000 people: bench/bench_eval.sh):
 *  - the year's approved scores are read in one pass in person order (covering
 *    index of migration 11; db_er_scores), leaders, task groups and discipline
 *    rows in bulk, never one query per person; for a large board the last
 *    third of the scores (by person id) and the task groups are read on the
 *    second core by a thread with its own read-only connection (same
 *    snapshot: this connection holds the write lock and has written nothing);
 *  - the periods not worked / absence days (few) through the partial index of
 *    migration 13 (db_er_absences), into core rating_periods_collect;
 *  - a person is a small struct: the rule's explanation (~9 KB in struct
 *    rating_result) is not kept; the stored detail is compact (the rule's
 *    inputs and outcome, ~100 bytes instead of ~440 bytes of text) and the
 *    explanation is rendered from it when the board is read (er_explain_of);
 *  - the cap: outcomes from core cap_apply on in-memory rows; the group's
 *    explanation, counts and tie from rules_eval_cap_group (the `cap` rule's
 *    texts from the same cap_apply summary, no per-person JSON);
 *  - rows are inserted in person order, 32 per prepared multi-row INSERT
 *    (texts bound without copies), with a larger page cache (db_er_bulk) and foreign keys
 *    not re-checked (db_er_fk); the commit includes the WAL checkpoint it
 *    triggers, as in the server;
 *  - the reply lists the people only up to ER_REPLY_PEOPLE_MAX. */

/* Above this many people the reply of compute does not list every person
 * (`people` is empty and `people_truncated` true): the board's groups (counts,
 * candidates, ties) are still complete, and GET .../ratings gives the table. */
#define ER_REPLY_PEOPLE_MAX 10000

/* One rated person, compact: the explanation is not kept (about 9 KB a person
 * in struct rating_result) but recomputed when needed (the reply of a small
 * board; reading the stored rows). */
struct er_person {
    int64_t id, unit, group;
    uint32_t first, np;      /* period scores at scores[first .. first + np) */
    uint32_t dfirst, dn;     /* discipline rows at disc[dfirst .. dfirst + dn) */
    int32_t carried, score;
    unsigned kht;
    unsigned char leader, has_score, level, base_level;
    unsigned char absent, maternity, months; /* periods not worked, all maternity, absence in whole months */
    const char *cap_status, *cap_level;
};

struct er_ctx {
    int64_t year;
    const int32_t *scores;
    const struct er_disc *disc;
    struct rating_result *res; /* scratch */
};

static int cmp_group(const void *a, const void *b, void *arg)
{
    const struct er_person *pp = arg;
    const struct er_person *x = &pp[*(const size_t *)a], *y = &pp[*(const size_t *)b];
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->group != y->group) return x->group < y->group ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static json_t *lines(const char *first, size_t stride, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, json_string(first + (size_t)i * stride));
    return a;
}

/* The inputs of one person's rating, as computed and as stored (compact
 * detail): everything rating_compute needs to give the same explanation. */
struct er_in {
    int64_t year;
    int leader, carried, absent, maternity, months;
    const int32_t *scores;
    size_t nscores;
    const struct er_disc *disc; /* year = the year the decision takes effect when effective is "" */
    size_t ndisc;
};

/* Rates one person into res (core/rating.h). With `extra_out`, returns there
 * the explanation lines that follow the rule's: one per discipline row whose
 * form is unknown (not counted). */
static int er_rate(const struct er_in *e, struct rating_result *res, json_t **extra_out)
{
    struct discipline dd[ER_MAX_DISC];
    size_t k = 0;
    json_t *extra = extra_out ? json_array() : NULL;
    for (size_t i = 0; i < e->ndisc && k < ER_MAX_DISC; i++) {
        const struct er_disc *dr = &e->disc[i];
        enum disc_form f = parse_form(dr->form);
        if (!f) {
            if (extra) {
                char line[400];
                snprintf(line, sizeof line, "Quyết định kỷ luật số %" PRId64 " (hình thức «%s») không thuộc các hình thức "
                         "kỷ luật đã biết nên không được tính: cần kiểm tra lại hồ sơ.", dr->id, dr->form);
                json_array_append_new(extra, json_string(line));
            }
            continue;
        }
        int ey = (int)dr->year;
        if (strlen(dr->effective) >= 4) ey = atoi(dr->effective);
        dd[k++] = (struct discipline){.violation = (int)dr->id, .kind = DISC_ADMIN, .form = f, .effective_year = ey};
    }
    struct rating_input in = {
        .year = (int)e->year, .category = CAT_CONG_CHUC, .leader = e->leader, .periods = e->scores,
        .nperiods = e->nscores, .periods_absent = e->absent, .carried_over = e->carried, .disc = dd, .ndisc = k,
        .absence_months = e->months, .maternity = e->maternity,
    };
    int rc = rating_compute(&in, res);
    if (rc != 0 || !extra_out) { json_decref(extra); return rc != 0 ? -1 : 0; }
    *extra_out = extra;
    return 0;
}

static void er_in_of(const struct er_ctx *c, const struct er_person *p, struct er_in *e)
{
    *e = (struct er_in){.year = c->year, .leader = p->leader, .carried = p->carried, .absent = p->absent,
                        .maternity = p->maternity, .months = p->months, .scores = c->scores + p->first,
                        .nscores = p->np, .disc = c->disc + p->dfirst, .ndisc = p->dn};
}

static int rate_person(const struct er_ctx *c, const struct er_person *p, json_t **extra_out)
{
    struct er_in e;
    er_in_of(c, p, &e);
    return er_rate(&e, c->res, extra_out);
}

/* The stored detail of a row (version 2, compact): the rule's inputs and
 * outcome, from which the explanation is rendered when the row is read
 * (er_explain_of), instead of its ~440 bytes of text per person:
 *   {"v":2, "base_level", "kht", "s": [period scores, hundredths],
 *    "l": 1 (leader), "c": carried over, "a": [periods not worked, maternity,
 *    absence months], "d": [[decision id, year in effect, form], ...]}
 * ("l", "c", "a", "d" only when not zero / empty). "kht" keeps its meaning of
 * version 1 (read by the results table). */
static char *detail_compact(const struct er_ctx *c, const struct er_person *p)
{
    struct jbuf b;
    jb_init(&b);
    jb_obj_open(&b);
    jb_key(&b, "v");
    jb_int(&b, 2);
    jb_key(&b, "base_level");
    jb_str(&b, rating_level_code(p->base_level));
    jb_key(&b, "kht");
    jb_int(&b, p->kht);
    jb_key(&b, "s");
    jb_arr_open(&b);
    for (uint32_t i = 0; i < p->np; i++) jb_int(&b, c->scores[p->first + i]);
    jb_arr_close(&b);
    if (p->leader) { jb_key(&b, "l"); jb_int(&b, 1); }
    if (p->carried) { jb_key(&b, "c"); jb_int(&b, p->carried); }
    if (p->absent || p->months) {
        jb_key(&b, "a");
        jb_arr_open(&b);
        jb_int(&b, p->absent);
        jb_int(&b, p->maternity);
        jb_int(&b, p->months);
        jb_arr_close(&b);
    }
    if (p->dn) {
        jb_key(&b, "d");
        jb_arr_open(&b);
        for (uint32_t i = 0; i < p->dn; i++) {
            const struct er_disc *dr = &c->disc[p->dfirst + i];
            int ey = (int)dr->year;
            if (strlen(dr->effective) >= 4) ey = atoi(dr->effective);
            jb_arr_open(&b);
            jb_int(&b, dr->id);
            jb_int(&b, ey);
            jb_str(&b, dr->form);
            jb_arr_close(&b);
        }
        jb_arr_close(&b);
    }
    jb_obj_close(&b);
    size_t len;
    return jb_take(&b, &len);
}

/* The explanation lines of a stored row: a row of version 1 carries them
 * ("explain"); a compact one (version 2) is rated again from its inputs, which
 * gives the same lines as when it was computed. NULL on a bad detail. */
static json_t *er_explain_of(const char *detail, int64_t year, struct rating_result *res)
{
    json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
    if (!json_is_object(d)) { json_decref(d); return NULL; }
    json_t *ex = json_object_get(d, "explain");
    if (json_is_array(ex)) {
        json_incref(ex);
        json_decref(d);
        return ex;
    }
    int32_t sc[ER_MAX_PERIODS];
    struct er_disc dr[ER_MAX_DISC];
    struct er_in e = {.year = year, .scores = sc, .disc = dr};
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(d, "s"), i, v)
        if (e.nscores < ER_MAX_PERIODS) sc[e.nscores++] = (int32_t)json_integer_value(v);
    e.leader = (int)json_integer_value(json_object_get(d, "l"));
    e.carried = (int)json_integer_value(json_object_get(d, "c"));
    json_t *a = json_object_get(d, "a");
    e.absent = (int)json_integer_value(json_array_get(a, 0));
    e.maternity = (int)json_integer_value(json_array_get(a, 1));
    e.months = (int)json_integer_value(json_array_get(a, 2));
    json_array_foreach(json_object_get(d, "d"), i, v) {
        if (e.ndisc == ER_MAX_DISC) break;
        struct er_disc *x = &dr[e.ndisc++];
        memset(x, 0, sizeof *x);
        x->id = json_integer_value(json_array_get(v, 0));
        x->year = json_integer_value(json_array_get(v, 1));
        const char *f = json_string_value(json_array_get(v, 2));
        snprintf(x->form, sizeof x->form, "%s", f ? f : "");
    }
    json_t *extra = NULL;
    int rc = er_rate(&e, res, &extra);
    json_decref(d);
    if (rc != 0) return NULL;
    json_t *out = lines(res->explain[0], sizeof res->explain[0], res->nexplain);
    json_array_extend(out, extra);
    json_decref(extra);
    return out;
}

struct er_cand {
    size_t person;  /* index in people */
    int rank;
    size_t pos;     /* order in the group, for equal ranks */
    enum cap_status status;
};

static int cmp_cand(const void *a, const void *b)
{
    const struct er_cand *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static const char *cap_status_code(enum cap_status s)
{
    switch (s) {
    case CAP_KEPT: return "kept";
    case CAP_DEMOTED: return "demoted";
    case CAP_TIE: return "tie";
    case CAP_UNCHANGED: break;
    }
    return "unchanged";
}

/* Applies the cap to the people at order[lo..hi) (one rating unit and task
 * group): each person's outcome from core/cap.h directly (cap_apply, the
 * regime's parameters), the group's explanation, counts and tie from
 * rules_eval_cap_group (api/rules_eval.c: the `cap` rule's texts for the same
 * summary; KHT / HTNV are not counted by the cap). Fills cap_status /
 * cap_level and returns the group's board. */
static json_t *cap_group(struct req *r, const struct eval_regime *g, int64_t year, struct er_person *people,
                         const size_t *order, size_t lo, size_t hi, struct cap_person *cp, struct cap_rank *scratch,
                         struct cap_outcome *outc, size_t *map, struct er_cand *cands)
{
    char uname[300], gname[300];
    const struct er_person *first = &people[order[lo]];
    db_er_unit_name(r->db, first->unit, uname, sizeof uname);
    if (first->group > 0) db_er_group_name(r->db, first->group, gname, sizeof gname);
    else snprintf(gname, sizeof gname, "Toàn đơn vị (chưa phân nhóm nhiệm vụ)");
    size_t nmap = 0;
    int cnt[LEVEL_NOT_RATED + 1] = {0};
    for (size_t i = lo; i < hi; i++) {
        struct er_person *p = &people[order[i]];
        enum rating_level l = p->level;
        if ((unsigned)l <= LEVEL_NOT_RATED) cnt[l]++;
        p->cap_status = "unchanged";
        p->cap_level = rating_level_code(l);
        if (l < LEVEL_KHT || l > LEVEL_HTXS) continue;
        cp[nmap] = (struct cap_person){.score = p->score, .proposed = l};
        map[nmap++] = order[i];
    }
    struct cap_params prm;
    cap_params_for(g, 0, &prm);
    struct cap_summary sum;
    if (cap_apply(&prm, cp, nmap, scratch, outc, &sum) != 0) return NULL;
    json_t *counts = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "HTXS", cnt[LEVEL_HTXS], "HTT", cnt[LEVEL_HTT],
                               "HTNV", cnt[LEVEL_HTNV], "KHT", cnt[LEVEL_KHT], "not_rated", cnt[LEVEL_NOT_RATED],
                               "undetermined", cnt[LEVEL_UNDETERMINED]);
    /* the tied people's ids (input order, as the rule lists them) */
    int64_t tie_buf[64], *tie_ids = tie_buf;
    if (sum.ties > (int)(sizeof tie_buf / sizeof *tie_buf) && !(tie_ids = malloc((size_t)sum.ties * sizeof *tie_ids))) {
        json_decref(counts);
        return NULL;
    }
    for (size_t i = 0, k = 0; i < nmap && k < (size_t)sum.ties; i++)
        if (outc[i].status == CAP_TIE) tie_ids[k++] = people[map[i]].id;
    json_t *cap = rules_eval_cap_group(g, (int)year, uname, gname, &prm, &sum, tie_ids);
    if (tie_ids != tie_buf) free(tie_ids);
    if (!cap) { json_decref(counts); return NULL; }
    json_t *cand = json_array(), *kept = json_array(), *dem = json_array();
    size_t nc = 0;
    for (size_t i = 0; i < nmap; i++) {
        struct er_person *p = &people[map[i]];
        p->cap_status = cap_status_code(outc[i].status);
        p->cap_level = outc[i].status == CAP_TIE ? NULL : rating_level_code(outc[i].final);
        if (p->level == LEVEL_HTXS) cands[nc++] = (struct er_cand){map[i], outc[i].rank, i, outc[i].status};
    }
    /* candidates ranked by score (rank 1 first) */
    qsort(cands, nc, sizeof *cands, cmp_cand);
    for (size_t k = 0; k < nc; k++) {
        struct er_person *p = &people[cands[k].person];
        char name[200];
        int leader = 0;
        if (db_er_person(r->db, p->id, name, sizeof name, &leader) != 0) name[0] = 0;
        json_array_append_new(cand, json_pack("{s:I, s:s, s:o, s:i, s:s, s:s}", "person_id", (json_int_t)p->id,
                              "name", name, "score", hstr(p->score), "rank", cands[k].rank,
                              "status", cap_status_code(cands[k].status), "final", p->cap_level ? p->cap_level : "council"));
    }
    for (size_t k = 0; k < nmap; k++) {
        const struct er_person *p = &people[map[k]];
        if (p->level != LEVEL_HTXS) continue;
        if (outc[k].status == CAP_KEPT) json_array_append_new(kept, json_integer(p->id));
        if (outc[k].status == CAP_DEMOTED) json_array_append_new(dem, json_integer(p->id));
    }
    json_t *tie = json_incref(json_object_get(cap, "tie"));
    json_t *res = json_pack("{s:I, s:s, s:o, s:s, s:o, s:O, s:O, s:O, s:o, s:o, s:o, s:o, s:O}",
        "rating_unit_id", (json_int_t)first->unit, "unit", uname,
        "task_group_id", first->group > 0 ? json_integer(first->group) : json_null(), "task_group", gname,
        "counts", counts, "limit_percent", json_object_get(cap, "limit_percent"),
        "cap", json_object_get(cap, "counts"), "rounding", json_object_get(cap, "rounding"),
        "candidates", cand, "kept", kept, "demoted", dem, "tie", tie, "explain", json_object_get(cap, "explain"));
    json_decref(cap);
    return res;
}

static int parse_year_body(struct req *r, json_t *in, const char *const *allowed, int64_t *year, struct resp *out)
{
    if (api_only_fields(in, allowed, out) || api_get_int(in, "year", 1, 2000, 2100, year, NULL, out)) return -1;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The lawful absence of a person (NĐ 335/2025 Art. 21) from the approved
 * periods' absence rows ab[0..n), through core rating_periods_collect: the
 * periods not worked (and whether all were maternity leave) and the total
 * absence days, in whole months. The days of a worked period are put on a
 * scored period (only their total counts). A row the core refuses (a period
 * not worked without a reason) is left out. */
static void er_absence_of(struct er_person *p, const int32_t *scores, const struct er_absence *ab, size_t n)
{
    struct rating_period per[2 * ER_MAX_PERIODS];
    size_t k = 0, w = 0;
    for (uint32_t i = 0; i < p->np && k < ER_MAX_PERIODS; i++)
        per[k++] = (struct rating_period){.scored = 1, .score = scores[i]};
    for (size_t i = 0; i < n; i++) {
        if (ab[i].not_worked) {
            if (k < sizeof per / sizeof per[0])
                per[k++] = (struct rating_period){.not_worked = 1, .absence_days = ab[i].days,
                                                  .reason = absence_reason_parse(ab[i].reason)};
        } else if (w < p->np) {
            per[w].absence_days = ab[i].days;
            per[w++].reason = absence_reason_parse(ab[i].reason);
        }
    }
    int32_t buf[ER_MAX_PERIODS], days = 0;
    struct rating_input in = {0};
    if (rating_periods_collect(per, k, buf, ER_MAX_PERIODS, &in, &days) != 0) return;
    p->absent = (unsigned char)in.periods_absent;
    p->maternity = (unsigned char)in.maternity;
    p->months = (unsigned char)(days / 30 > 12 ? 12 : days / 30);
}

/* Loads the board's people (ordered by id) with their periods, leadership
 * post, task group and discipline rows, and rates them (levels only). */
static int load_and_rate(struct req *r, int64_t unit, struct er_ctx *c, int32_t **scores, struct er_disc **disc,
                         struct er_person **out, size_t *nout)
{
    struct er_units sub = {0};
    struct er_scored *sc = NULL;
    int64_t *leaders = NULL, *groups = NULL;
    size_t np = 0, ns = 0, nl = 0, nd = 0;
    struct er_person *people = NULL;
    struct er_absence *abs = NULL;
    size_t na = 0, ai = 0;
    struct er_tg_job *tg = NULL;
    int rc = -1;
    *out = NULL;
    *nout = 0;
    if (db_er_subtree(r->db, unit, &sub) != 0) goto done;
    /* on the second core: the task groups and a third of the scores (db_er_scores) */
    tg = db_er_task_groups_start(r->db, &sub, c->year);
    if (db_er_absences(r->db, c->year, &abs, &na) != 0) goto done;
    if (db_er_scores(r->db, &sub, unit, c->year, tg, &sc, &np, scores, &ns) != 0) goto done;
    if (db_er_leaders(r->db, &leaders, &nl) != 0 || db_er_disciplines(r->db, c->year, disc, &nd) != 0) goto done;
    groups = malloc((np ? np : 1) * sizeof *groups);
    people = calloc(np ? np : 1, sizeof *people);
    if (!groups || !people) goto done;
    if (tg) {
        struct er_tg_job *j = tg;
        tg = NULL;
        if (db_er_task_groups_finish(j, sc, np, groups) != 0) goto done;
    } else if (db_er_task_groups(r->db, c->year, sc, np, groups) != 0) goto done;
    c->scores = *scores;
    c->disc = *disc;
    size_t di = 0;
    for (size_t i = 0; i < np; i++) {
        struct er_person *p = &people[i];
        p->id = sc[i].person_id;
        p->unit = sc[i].unit_id;
        p->group = groups[i];
        p->first = sc[i].first;
        p->np = sc[i].n;
        p->carried = sc[i].carried;
        p->leader = nl && bsearch(&p->id, leaders, nl, sizeof *leaders, cmp_i64) != NULL;
        while (di < nd && (*disc)[di].person_id < p->id) di++;
        p->dfirst = (uint32_t)di;
        while (di < nd && (*disc)[di].person_id == p->id) di++;
        p->dn = (uint32_t)di - p->dfirst;
        while (ai < na && abs[ai].person_id < p->id) ai++;
        size_t a0 = ai;
        while (ai < na && abs[ai].person_id == p->id) ai++;
        if (ai > a0) er_absence_of(p, *scores + p->first, abs + a0, ai - a0);
        if (rate_person(c, p, NULL) != 0) goto done;
        p->level = (unsigned char)c->res->level;
        p->base_level = (unsigned char)c->res->base_level;
        p->has_score = c->res->has_score != 0;
        p->score = c->res->score;
        p->kht = c->res->kht;
    }
    *out = people;
    *nout = np;
    people = NULL;
    rc = 0;
done:
    if (tg) db_er_task_groups_finish(tg, NULL, 0, NULL);
    er_units_free(&sub);
    free(abs);
    free(sc);
    free(leaders);
    free(groups);
    free(people);
    return rc;
}

static void ratings_compute(struct req *r, struct resp *out)
{
    if (!unit_ok(r, out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"year", NULL};
    int64_t year = 0;
    int bad_in = parse_year_body(r, in, allowed, &year, out);
    json_decref(in);
    if (bad_in) return;
    const struct eval_regime *g = scored_regime(year, out);
    if (!g) return;
    int64_t unit = r->params[0];
    char now[32];
    now_iso(now);
    /* foreign keys are not checked by the bulk write (db_er_fk): restored on every path */
    db_er_fk(r->db, 0);
    if (db_begin(r->db) != 0) { db_er_fk(r->db, 1); busy(out); return; }
    int32_t *scores = NULL;
    struct er_disc *disc = NULL;
    struct er_person *people = NULL;
    size_t np = 0, *order = NULL;
    json_t *groups = NULL, *plist = NULL;
    struct rating_result *res = malloc(sizeof *res);
    struct er_ctx c = {.year = year, .res = res};
    int dec = db_er_decided(r->db, unit, year);
    if (dec != 0 || !res) {
        db_rollback(r->db);
        db_er_fk(r->db, 1);
        free(res);
        if (dec == 1) resp_error(out, 409, "already_decided", "year", "Hội đồng đã quyết định kết quả xếp loại năm này của đơn vị; không tính lại được.");
        else internal(out);
        return;
    }
    db_er_bulk(r->db, 1);
    if (load_and_rate(r, unit, &c, &scores, &disc, &people, &np) != 0) goto fail;
    /* the cap, per (rating unit, task group) */
    order = malloc((np ? np : 1) * sizeof *order);
    if (!order) goto fail;
    for (size_t i = 0; i < np; i++) order[i] = i;
    qsort_r(order, np, sizeof *order, cmp_group, people);
    if (db_er_clear(r->db, unit, year) != 0) goto fail;
    groups = json_array();
    plist = json_array();
    /* scratch of cap_group, sized for the largest group */
    size_t gmax = 1;
    for (size_t i = 0, j; i < np; i = j) {
        const struct er_person *a = &people[order[i]];
        for (j = i; j < np && people[order[j]].unit == a->unit && people[order[j]].group == a->group; j++) {}
        if (j - i > gmax) gmax = j - i;
    }
    struct cap_person *cp = malloc(gmax * sizeof *cp);
    struct cap_rank *crank = malloc(gmax * sizeof *crank);
    struct cap_outcome *outc = malloc(gmax * sizeof *outc);
    size_t *cmap = malloc(gmax * sizeof *cmap);
    struct er_cand *cands = malloc(gmax * sizeof *cands);
    int cap_ok = cp && crank && outc && cmap && cands;
    for (size_t i = 0; cap_ok && i < np;) {
        size_t j = i;
        const struct er_person *a = &people[order[i]];
        while (j < np && people[order[j]].unit == a->unit && people[order[j]].group == a->group) j++;
        json_t *grp = cap_group(r, g, year, people, order, i, j, cp, crank, outc, cmap, cands);
        if (!grp) cap_ok = 0;
        else json_array_append_new(groups, grp);
        i = j;
    }
    free(cp);
    free(crank);
    free(outc);
    free(cmap);
    free(cands);
    if (!cap_ok) goto fail;
    /* the rows, in person order, with a compact detail (the explanation is
     * rendered when read); the reply's explanation is computed again for a
     * board small enough to be listed */
    int full = np <= ER_REPLY_PEOPLE_MAX;
    struct er_row batch[ER_INSERT_BATCH];
    char *bdet[ER_INSERT_BATCH];
    size_t nb = 0;
    for (size_t i = 0; i < np; i++) {
        struct er_person *p = &people[i];
        char *ds = detail_compact(&c, p);
        if (!ds) goto write_fail;
        bdet[nb] = ds;
        batch[nb++] = (struct er_row){
            .unit_id = unit, .year = year, .person_id = p->id, .rating_unit_id = p->unit, .task_group_id = p->group,
            .regime = g->code, .score_x100 = p->has_score ? p->score : -1, .periods = (int64_t)p->np,
            .carried_over = p->carried, .proposed_level = rating_level_code(p->level),
            .cap_status = p->cap_status, .cap_level = p->cap_level, .detail = ds, .computed_at = now,
        };
        if (nb == ER_INSERT_BATCH || i + 1 == np) {
            int rc = db_er_insert_rows(r->db, batch, nb);
            for (size_t k = 0; k < nb; k++) free(bdet[k]);
            nb = 0;
            if (rc != 0) goto fail;
        }
        if (!full) continue;
        json_t *extra = NULL;
        if (rate_person(&c, p, &extra) != 0) goto write_fail;
        json_t *explain = lines(c.res->explain[0], sizeof c.res->explain[0], c.res->nexplain);
        json_array_extend(explain, extra);
        json_decref(extra);
        char name[200];
        int leader = 0;
        if (db_er_person(r->db, p->id, name, sizeof name, &leader) != 0) { json_decref(explain); goto write_fail; }
        json_array_append_new(plist, json_pack("{s:I, s:s, s:I, s:o, s:o, s:i, s:i, s:s, s:s, s:o, s:o}",
            "person_id", (json_int_t)p->id, "name", name, "rating_unit_id", (json_int_t)p->unit,
            "task_group_id", p->group > 0 ? json_integer(p->group) : json_null(),
            "score", p->has_score ? hstr(p->score) : json_null(), "periods", (int)p->np,
            "carried_over", (int)p->carried, "proposed", rating_level_code(p->level), "cap_status", p->cap_status,
            "cap_level", p->cap_level ? json_string(p->cap_level) : json_string("council"), "explain", explain));
    }
    json_t *au = json_pack("{s:I, s:I, s:s, s:I}", "unit_id", (json_int_t)unit, "year", (json_int_t)year,
                           "regime", g->code, "people", (json_int_t)np);
    json_object_set(au, "groups", groups);
    int ok = audit_add(r, "eval.rating.compute", "eval_year_rating", unit, au) == 0 && db_commit(r->db) == 0;
    json_decref(au);
    if (!ok) goto fail;
    db_er_bulk(r->db, 0);
    db_er_fk(r->db, 1);
    free(people);
    free(order);
    free(scores);
    free(disc);
    free(res);
    resp_json(out, 200, json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:I, s:b}", "unit_id", (json_int_t)unit, "year",
                                  (json_int_t)year, "regime", g->name, "regime_code", g->code, "groups", groups,
                                  "people", plist, "people_total", (json_int_t)np, "people_truncated", !full));
    return;
write_fail:
    for (size_t k = 0; k < nb; k++) free(bdet[k]);
fail:
    db_rollback(r->db);
    db_er_bulk(r->db, 0);
    db_er_fk(r->db, 1);
    free(people);
    free(order);
    free(scores);
    free(disc);
    free(res);
    json_decref(groups);
    json_decref(plist);
    internal(out);
}

/* --- decide -------------------------------------------------------------- */

/* A group's final counts, for the cap check. */
struct er_count {
    int64_t unit, group;
    int htxs, htt;
};

static void ratings_decide(struct req *r, struct resp *out)
{
    if (!unit_ok(r, out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"year", "decisions", "exception", "minutes", NULL};
    int64_t year = 0, unit = r->params[0];
    const char *minutes = NULL, *exc_no = NULL, *exc_date = NULL;
    int64_t exc_limit = 0;
    json_t *rowsj = NULL, *decs = NULL, *checks = NULL;
    struct er_count *cnt = NULL;
    if (parse_year_body(r, in, allowed, &year, out) || api_get_string(in, "minutes", 1, 20000, &minutes, out)) goto done;
    const struct eval_regime *g = scored_regime(year, out);
    if (!g) goto done;
    decs = json_object_get(in, "decisions");
    if (!decs) { bad(out, "required", "decisions", "Thiếu quyết định của Hội đồng (decisions)."); goto done; }
    if (!json_is_array(decs)) { bad(out, "invalid_type", "decisions", "Giá trị của trường này phải là mảng."); goto done; }
    json_t *ex = json_object_get(in, "exception");
    if (ex && !json_is_null(ex)) {
        static const char *const ekeys[] = {"decision_no", "date", "limit_percent", NULL};
        if (!json_is_object(ex)) { bad(out, "invalid_type", "exception", "Giá trị của trường này phải là đối tượng."); goto done; }
        const char *k;
        json_t *v;
        json_object_foreach(ex, k, v) {
            int known = 0;
            for (size_t q = 0; ekeys[q]; q++) known |= !strcmp(k, ekeys[q]);
            if (!known) { bad(out, "unknown_field", "exception", "Trường không được hỗ trợ trong ngoại lệ."); goto done; }
        }
        v = json_object_get(ex, "decision_no");
        if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) > 100) {
            bad(out, v ? "invalid_value" : "required", "exception.decision_no", "Cần số quyết định của cấp có thẩm quyền (tối đa 100 ký tự).");
            goto done;
        }
        exc_no = json_string_value(v);
        v = json_object_get(ex, "date");
        cdate day;
        if (!json_is_string(v) || date_parse_iso(json_string_value(v), &day) != 0) {
            bad(out, v ? "invalid_value" : "required", "exception.date", "Ngày quyết định phải có dạng YYYY-MM-DD.");
            goto done;
        }
        exc_date = json_string_value(v);
        v = json_object_get(ex, "limit_percent");
        if (!json_is_integer(v) || json_integer_value(v) <= g->cap_percent ||
            json_integer_value(v) > g->cap_exception_max_percent) {
            char msg[300];
            snprintf(msg, sizeof msg, "Tỷ lệ ngoại lệ phải là số nguyên lớn hơn %d%% và không quá %d%% (%s; mức tối đa là tham số chưa xác minh).",
                     g->cap_percent, g->cap_exception_max_percent, g->cite_cap);
            bad(out, v ? "invalid_value" : "required", "exception.limit_percent", msg);
            goto done;
        }
        exc_limit = json_integer_value(v);
    }
    size_t nd = json_array_size(decs);
    for (size_t i = 0; i < nd; i++) {
        json_t *d = json_array_get(decs, i);
        char f[64];
        snprintf(f, sizeof f, "decisions[%zu]", i);
        json_t *pid = json_object_get(d, "person_id"), *lv = json_object_get(d, "level");
        if (!json_is_object(d) || json_object_size(d) != 2 || !json_is_integer(pid)) {
            snprintf(f, sizeof f, "decisions[%zu].person_id", i);
            bad(out, "invalid_value", f, "Mỗi quyết định gồm person_id (số) và level («HTXS» hoặc «HTT»).");
            goto done;
        }
        if (!json_is_string(lv) || (strcmp(json_string_value(lv), "HTXS") && strcmp(json_string_value(lv), "HTT"))) {
            snprintf(f, sizeof f, "decisions[%zu].level", i);
            bad(out, "invalid_value", f, "Hội đồng chỉ quyết định giữa «HTXS» và «HTT».");
            goto done;
        }
        for (size_t j = 0; j < i; j++)
            if (json_integer_value(json_object_get(json_array_get(decs, j), "person_id")) == json_integer_value(pid)) {
                snprintf(f, sizeof f, "decisions[%zu].person_id", i);
                bad(out, "invalid_value", f, "Một người chỉ có một quyết định.");
                goto done;
            }
    }

    char now[32];
    now_iso(now);
    if (db_begin(r->db) != 0) { busy(out); goto done; }
    int dec = db_er_decided(r->db, unit, year);
    rowsj = dec == 0 ? db_er_list(r->db, unit, year) : NULL;
    if (dec == 1) {
        db_rollback(r->db);
        resp_error(out, 409, "already_decided", "year", "Kết quả xếp loại năm này của đơn vị đã được quyết định.");
        goto done;
    }
    if (!rowsj) { db_rollback(r->db); internal(out); goto done; }
    size_t nr = json_array_size(rowsj);
    if (nr == 0) {
        db_rollback(r->db);
        resp_error(out, 409, "not_computed", "year", "Chưa tính bảng xếp loại năm này của đơn vị (POST .../ratings/compute).");
        goto done;
    }
    /* finals: the council's decision, else the cap outcome */
    for (size_t i = 0; i < nd; i++) {
        json_t *d = json_array_get(decs, i);
        json_int_t pid = json_integer_value(json_object_get(d, "person_id"));
        json_t *row = NULL, *o;
        size_t k;
        json_array_foreach(rowsj, k, o)
            if (json_integer_value(json_object_get(o, "person_id")) == pid) row = o;
        if (!row || strcmp(json_string_value(json_object_get(row, "proposed_level")), "HTXS")) {
            char f[64];
            snprintf(f, sizeof f, "decisions[%zu].person_id", i);
            db_rollback(r->db);
            bad(out, "invalid_value", f, "Người này không có trong danh sách đề nghị HTXS của bảng xếp loại.");
            goto done;
        }
        json_object_set(row, "final_level", json_object_get(d, "level"));
    }
    cnt = calloc(nr, sizeof *cnt);
    size_t ng = 0, k;
    json_t *o;
    if (!cnt) { db_rollback(r->db); internal(out); goto done; }
    json_array_foreach(rowsj, k, o) {
        if (json_is_null(json_object_get(o, "final_level"))) {
            json_t *cl = json_object_get(o, "cap_level");
            if (json_is_null(cl)) {
                db_rollback(r->db);
                char msg[400];
                snprintf(msg, sizeof msg, "Hội đồng chưa quyết định cho %s (đồng điểm ở ranh giới giới hạn HTXS).",
                         json_string_value(json_object_get(o, "name")));
                bad(out, "decision_missing", "decisions", msg);
                goto done;
            }
            json_object_set(o, "final_level", cl);
        }
        int64_t u = json_integer_value(json_object_get(o, "rating_unit_id"));
        int64_t gr = json_integer_value(json_object_get(o, "task_group_id")); /* null -> 0 */
        size_t q = 0;
        while (q < ng && !(cnt[q].unit == u && cnt[q].group == gr)) q++;
        if (q == ng) { cnt[ng].unit = u; cnt[ng].group = gr; ng++; }
        const char *fl = json_string_value(json_object_get(o, "final_level"));
        if (!strcmp(fl, "HTXS")) cnt[q].htxs++;
        if (!strcmp(fl, "HTT")) cnt[q].htt++;
    }
    struct cap_params prm;
    cap_params_for(g, (int)exc_limit, &prm);
    checks = json_array();
    for (size_t q = 0; q < ng; q++) {
        int den = prm.denominator == CAP_DEN_HTT ? cnt[q].htt : cnt[q].htt + cnt[q].htxs;
        int lim = cap_limit_of(&prm, den);
        json_array_append_new(checks, json_pack("{s:I, s:o, s:i, s:i, s:i, s:i}", "rating_unit_id", (json_int_t)cnt[q].unit,
                              "task_group_id", cnt[q].group ? json_integer(cnt[q].group) : json_null(),
                              "final_htxs", cnt[q].htxs, "final_htt", cnt[q].htt, "limit_percent", prm.percent, "limit", lim));
        if (cnt[q].htxs > lim) {
            db_rollback(r->db);
            char msg[500];
            snprintf(msg, sizeof msg, "Quyết định vượt giới hạn: %d người HTXS trong khi %d%% × %d HTT chỉ cho phép %d (%s%s).",
                     cnt[q].htxs, prm.percent, den, lim, g->cite_cap,
                     exc_limit ? ", đã tính ngoại lệ" : "; có thể nâng giới hạn bằng quyết định ngoại lệ của cấp có thẩm quyền");
            resp_error(out, 400, "cap_exceeded", "decisions", msg);
            goto done;
        }
    }
    char *djs = json_dumps(decs, JSON_COMPACT);
    int64_t did = 0;
    int rc = djs ? db_er_decision_insert(r->db, unit, year, exc_no, exc_date, prm.percent, minutes, djs, r->user.id, now, &did) : -1;
    free(djs);
    json_array_foreach(rowsj, k, o) {
        if (rc != 0) break;
        rc = db_er_set_final(r->db, unit, year, json_integer_value(json_object_get(o, "person_id")),
                             json_string_value(json_object_get(o, "final_level")), did, now);
    }
    json_t *au = json_pack("{s:I, s:I, s:O, s:s, s:O, s:i}", "unit_id", (json_int_t)unit, "year", (json_int_t)year,
                           "decisions", decs, "minutes", minutes, "checks", checks, "limit_percent", prm.percent);
    if (rc == 0) rc = audit_add(r, "eval.rating.decide", "eval_cap_decision", did, au);
    if (rc == 0 && exc_no) {
        json_t *ea = json_pack("{s:I, s:I, s:s, s:s, s:I, s:i}", "unit_id", (json_int_t)unit, "year", (json_int_t)year,
                               "decision_no", exc_no, "date", exc_date, "limit_percent", (json_int_t)exc_limit,
                               "regime_percent", g->cap_percent);
        rc = audit_add(r, "eval.rating.cap_exception", "eval_cap_decision", did, ea);
        json_decref(ea);
    }
    json_decref(au);
    if (rc != 0 || db_commit(r->db) != 0) { db_rollback(r->db); internal(out); goto done; }
    resp_json(out, 200, json_pack("{s:I, s:I, s:I, s:i, s:O, s:o}", "id", (json_int_t)did, "unit_id", (json_int_t)unit,
                                  "year", (json_int_t)year, "limit_percent", prm.percent, "checks", checks,
                                  "exception", exc_no ? json_pack("{s:s, s:s, s:I}", "decision_no", exc_no, "date",
                                                                  exc_date, "limit_percent", (json_int_t)exc_limit)
                                                      : json_null()));
done:
    free(cnt);
    json_decref(checks);
    json_decref(rowsj);
    json_decref(in);
}

/* --- the year's results table -------------------------------------------- */

/* Paging as in the other lists (?page=&per_page=, api_paging: 50 by default,
 * at most 500) when asked, or when the board has more than
 * ER_REPLY_PEOPLE_MAX people; a smaller board without them is listed whole
 * (page 1, per_page = total). Each item carries its explanation, rendered from
 * the stored detail. */
static void ratings_get(struct req *r, struct resp *out)
{
    if (!unit_ok(r, out)) return;
    const char *ys = req_query(r, "year");
    char *end = NULL;
    long y = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || !*ys || *end || y < 2000 || y > 2100) {
        bad(out, ys ? "invalid_value" : "required", "year", "Cần năm đánh giá (2000–2100).");
        return;
    }
    int asked = req_query(r, "page") || req_query(r, "per_page");
    int page = 1, per = 50;
    api_paging(r, &page, &per);
    struct rating_result *res = malloc(sizeof *res);
    if (!res) { internal(out); return; }
    if (db_read_begin(r->db) != 0) { free(res); busy(out); return; }
    int64_t total = 0;
    json_t *items = NULL;
    if (!asked) { /* the whole board, unless it is large */
        items = db_er_page(r->db, r->params[0], y, ER_REPLY_PEOPLE_MAX + 1, 0, &total);
        if (items && total <= ER_REPLY_PEOPLE_MAX) per = (int)total;
        else if (items) {
            while (json_array_size(items) > (size_t)per) json_array_remove(items, json_array_size(items) - 1);
        }
    } else
        items = db_er_page(r->db, r->params[0], y, per, (int64_t)(page - 1) * per, &total);
    json_t *decs = items ? db_er_decisions(r->db, r->params[0], y) : NULL;
    db_read_end(r->db);
    if (!items || !decs) { json_decref(items); json_decref(decs); free(res); internal(out); return; }
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o) {
        json_t *s = json_object_get(o, "score_x100");
        json_object_set_new(o, "score", json_is_integer(s) ? hstr(json_integer_value(s)) : json_null());
        json_t *ex = er_explain_of(json_string_value(json_object_get(o, "detail")), y, res);
        json_object_set_new(o, "explain", ex ? ex : json_array());
        json_object_del(o, "detail");
    }
    free(res);
    resp_json(out, 200, json_pack("{s:I, s:i, s:o, s:o, s:I, s:i, s:i}", "unit_id", (json_int_t)r->params[0], "year",
                                  (int)y, "items", items, "decisions", decs, "total", (json_int_t)total, "page", page,
                                  "per_page", per));
}

const struct route api_eval_rating_routes[] = {
    {"POST", "/api/v1/eval/units/:id/ratings/compute", ratings_compute, 0},
    {"POST", "/api/v1/eval/units/:id/ratings/decide", ratings_decide, 0},
    {"GET", "/api/v1/eval/units/:id/ratings", ratings_get, 0},
    {NULL, NULL, NULL, 0},
};
