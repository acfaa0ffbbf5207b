/* `canbo rules exam-rank`: recruitment-exam results and winners
 * (core/exam.c; rules.md §4; docs/rules-exam.md). Same conventions as the
 * other rules in src/cli/rules.c: strict input (unknown fields are errors),
 * {"error":{"code","field","message"}} on bad input, and an "explain" list
 * citing decree and article. */
#include "api/rules_exam.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/exam.h"

#define CODE_MAX 64          /* bytes of a candidate or position code */
#define DECISION_NO_MAX 128  /* bytes of a decision number */
#define QUOTA_MAX 100000
#define CANDIDATES_MAX 200000
#define POSITIONS_MAX 10000
#define QUESTIONS_MAX 1000
#define PRIORITY_MAX 32      /* categories claimed by one candidate */
#define TIE_LIST_MAX 8       /* codes named in one tie explanation */

static json_t *make_error(const char *code, const char *field, const char *message)
{
    return json_pack("{s:{s:s, s:s?, s:s}}", "error", "code", code, "field", field,
                     "message", message);
}

static int fail(json_t **error, const char *code, const char *field, const char *message)
{
    *error = make_error(code, field, message);
    return -1;
}

/* Rejects a non-object and any key not in `allowed` (NULL-terminated).
 * `path` names the object ("" for the input itself). */
static int check_fields(json_t *obj, const char *path, const char *const *allowed,
                        json_t **error)
{
    char f[256];
    if (!json_is_object(obj)) {
        if (!*path)
            return fail(error, "invalid_input", NULL, "Dữ liệu vào phải là một đối tượng JSON.");
        return fail(error, "invalid_type", path, "Giá trị của trường này phải là một đối tượng JSON.");
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = 1;
        if (!ok) {
            snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
            return fail(error, "unknown_field", f, "Trường này không được hỗ trợ.");
        }
    }
    return 0;
}

static void join(char *out, size_t cap, const char *path, const char *key)
{
    snprintf(out, cap, "%s%s%s", path, *path ? "." : "", key);
}

/* A required non-empty string of at most `max` bytes. */
static const char *get_str(json_t *obj, const char *path, const char *key, size_t max,
                           const char *missing_msg, json_t **error)
{
    char f[256];
    join(f, sizeof f, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        fail(error, "missing_field", f, missing_msg);
        return NULL;
    }
    if (!json_is_string(v)) {
        fail(error, "invalid_type", f, "Giá trị của trường này phải là chuỗi.");
        return NULL;
    }
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (n == 0 || n > max || strlen(s) != n) {
        char msg[160];
        snprintf(msg, sizeof msg, "Chuỗi không được rỗng và dài tối đa %zu byte.", max);
        fail(error, "invalid_value", f, msg);
        return NULL;
    }
    return s;
}

/* A required integer in lo..hi. */
static int get_int(json_t *obj, const char *path, const char *key, long lo, long hi,
                   const char *missing_msg, const char *range_msg, int *out, json_t **error)
{
    char f[256];
    join(f, sizeof f, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return fail(error, "missing_field", f, missing_msg);
    if (!json_is_integer(v))
        return fail(error, "invalid_type", f, "Giá trị của trường này phải là số nguyên.");
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return fail(error, "invalid_value", f, range_msg);
    *out = (int)x;
    return 0;
}

static int parse_date(json_t *obj, const char *path, const char *key, const char *missing_msg,
                      cdate *out, json_t **error)
{
    char f[256];
    join(f, sizeof f, path, key);
    const char *s = get_str(obj, path, key, 10, missing_msg, error);
    if (!s)
        return -1;
    if (date_parse_iso(s, out) < 0)
        return fail(error, "invalid_value", f,
                    "Ngày không hợp lệ: phải là ngày có thật, dạng YYYY-MM-DD.");
    return 0;
}

/* "72,50" from 7250 hundredths. */
static const char *pts(int h, char buf[24])
{
    snprintf(buf, 24, "%s%d,%02d", h < 0 ? "-" : "", abs(h) / 100, abs(h) % 100);
    return buf;
}

/* "7,5", "5", "1,5": for the points of the rules themselves. */
static const char *pts_short(int h, char buf[24])
{
    if (h % 100 == 0)
        snprintf(buf, 24, "%d", h / 100);
    else if (h % 10 == 0)
        snprintf(buf, 24, "%d,%d", h / 100, (h % 100) / 10);
    else
        pts(h, buf);
    return buf;
}

/* "A" or "A; B" (B only when it differs from A). */
static const char *cite2(const char *a, const char *b, char *out, size_t cap)
{
    if (strcmp(a, b) == 0)
        snprintf(out, cap, "%s", a);
    else
        snprintf(out, cap, "%s; %s", a, b);
    return out;
}

/* Appends a formatted line to a JSON array of strings. */
static void add_line(json_t *arr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(json_t *arr, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(arr, json_string(buf));
}

/* ---- the case, once validated ---- */

struct cand {
    json_t *in;            /* borrowed: the candidate's input object */
    const char *code;
    size_t pos;
    struct exam_r1 r1;
    int r1_pass, r1_failed_part;
    int has_r2;
    struct exam_r2 r2;
    struct exam_r2_result r2r;
    json_t *claimed;       /* borrowed array of category codes, or NULL */
    const struct exam_priority *best;
    int prio;
    size_t slot;           /* index in the position's entries */
};

struct decision {
    json_t *in;            /* borrowed */
    const char *decision_no;
    cdate date;
    char path[48];         /* "tie_decision" or "tie_decision[i]" */
};

struct pos {
    const char *code;
    int quota;
    size_t first, count;   /* the position's slice of members/entries/order */
    struct decision *dec;  /* NULL when none */
    size_t neligible;
    struct exam_rank_summary sum;
};

/* A code and its index, sorted by code for lookups (no quadratic scans:
 * an exam may have thousands of candidates). */
struct key {
    const char *code;
    size_t idx;
};

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int r = strcmp(x->code, y->code);
    return r ? r : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorts keys; returns the smallest index that repeats an earlier code, or
 * (size_t)-1 when all codes differ. */
static size_t keys_sort(struct key *k, size_t n)
{
    qsort(k, n, sizeof *k, key_cmp);
    size_t dup = (size_t)-1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(k[i - 1].code, k[i].code) == 0 && k[i].idx < dup)
            dup = k[i].idx;
    return dup;
}

static long keys_find(const struct key *k, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(k[mid].code, code);
        if (r == 0)
            return (long)k[mid].idx;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

struct exam_case {
    const struct exam_regime *rg;
    cdate date;
    int w_written, w_interview;
    struct pos *pos;
    size_t npos;
    struct cand *cand;
    size_t ncand;
    size_t *members;       /* candidate indices grouped by position */
    struct exam_entry *entries;
    size_t *order;
    struct decision *dec;
    size_t ndec;
    struct key *pos_keys, *cand_keys; /* sorted by code */
};

static void case_free(struct exam_case *c)
{
    free(c->pos);
    free(c->cand);
    free(c->members);
    free(c->entries);
    free(c->order);
    free(c->dec);
    free(c->pos_keys);
    free(c->cand_keys);
}

static long find_pos(const struct exam_case *c, const char *code)
{
    return keys_find(c->pos_keys, c->npos, code);
}

static long find_cand(const struct exam_case *c, const char *code)
{
    return keys_find(c->cand_keys, c->ncand, code);
}

static int parse_positions(struct exam_case *c, json_t *input, json_t **error)
{
    json_t *a = json_object_get(input, "positions");
    if (!a)
        return fail(error, "missing_field", "positions",
                    "Thiếu danh sách vị trí việc làm (positions: [{\"code\":…, \"quota\":…}]).");
    if (!json_is_array(a))
        return fail(error, "invalid_type", "positions", "Giá trị của trường này phải là mảng.");
    size_t n = json_array_size(a);
    if (n == 0 || n > POSITIONS_MAX)
        return fail(error, "invalid_value", "positions",
                    "Phải có ít nhất một vị trí việc làm (tối đa 10000).");
    c->pos = calloc(n, sizeof *c->pos);
    if (!c->pos)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    static const char *const allowed[] = {"code", "quota", NULL};
    for (size_t i = 0; i < n; i++) {
        char p[64];
        snprintf(p, sizeof p, "positions[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (check_fields(o, p, allowed, error) < 0)
            return -1;
        const char *code = get_str(o, p, "code", CODE_MAX, "Thiếu mã vị trí việc làm.", error);
        if (!code)
            return -1;
        if (get_int(o, p, "quota", 1, QUOTA_MAX, "Thiếu chỉ tiêu tuyển dụng của vị trí (quota).",
                    "Chỉ tiêu tuyển dụng phải là số nguyên từ 1 đến 100000.", &c->pos[i].quota,
                    error) < 0)
            return -1;
        c->pos[i].code = code;
        c->npos = i + 1;
    }
    c->pos_keys = calloc(n, sizeof *c->pos_keys);
    if (!c->pos_keys)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    for (size_t i = 0; i < n; i++)
        c->pos_keys[i] = (struct key){c->pos[i].code, i};
    size_t dup = keys_sort(c->pos_keys, n);
    if (dup != (size_t)-1) {
        char f[64];
        snprintf(f, sizeof f, "positions[%zu].code", dup);
        return fail(error, "invalid_value", f, "Mã vị trí việc làm bị trùng.");
    }
    return 0;
}

/* One round-1 part {"correct":n,"total":t} or {"exempt":true}. */
static int parse_r1_part(json_t *o, const char *p, int may_exempt, struct exam_r1_part *out,
                         json_t **error)
{
    static const char *const allowed[] = {"correct", "total", "exempt", NULL};
    if (check_fields(o, p, allowed, error) < 0)
        return -1;
    json_t *ex = json_object_get(o, "exempt");
    char f[256];
    if (ex) {
        join(f, sizeof f, p, "exempt");
        if (!json_is_boolean(ex))
            return fail(error, "invalid_type", f, "Giá trị của trường này phải là true hoặc false.");
        if (json_is_true(ex)) {
            if (!may_exempt)
                return fail(error, "invalid_value", f,
                            "Phần thi này không được miễn (NĐ 138/2020/NĐ-CP Điều 8 khoản 1).");
            if (json_object_get(o, "correct") || json_object_get(o, "total"))
                return fail(error, "invalid_value", f,
                            "Phần thi được miễn thì không ghi số câu đúng (correct, total).");
            out->taken = 0;
            return 0;
        }
    }
    if (get_int(o, p, "total", 1, QUESTIONS_MAX, "Thiếu tổng số câu hỏi (total).",
                "Tổng số câu hỏi phải là số nguyên từ 1 đến 1000.", &out->total, error) < 0)
        return -1;
    if (get_int(o, p, "correct", 0, out->total, "Thiếu số câu trả lời đúng (correct).",
                "Số câu trả lời đúng phải từ 0 đến tổng số câu hỏi.", &out->correct, error) < 0)
        return -1;
    out->taken = 1;
    return 0;
}

static int parse_round1(struct exam_case *c, struct cand *k, json_t *o, const char *cp,
                        json_t **error)
{
    char p[96], pp[128];
    join(p, sizeof p, cp, "round1");
    json_t *r1 = json_object_get(o, "round1");
    if (!r1)
        return fail(error, "missing_field", p, "Thiếu kết quả vòng 1 (round1).");
    if (!json_is_object(r1))
        return fail(error, "invalid_type", p, "Giá trị của trường này phải là một đối tượng JSON.");
    memset(&k->r1, 0, sizeof k->r1);
    if (c->rg->r1_parts == 1) {
        if (json_object_get(r1, "general") || json_object_get(r1, "language") ||
            json_object_get(r1, "it"))
            return fail(error, "invalid_value", p,
                        "Theo NĐ 170/2025/NĐ-CP, vòng 1 chỉ có một phần thi trắc nghiệm 60 câu: "
                        "ghi {\"correct\": số câu đúng, \"total\": số câu hỏi}.");
        if (json_object_get(r1, "exempt"))
            return fail(error, "invalid_value", p,
                        "Theo NĐ 170/2025/NĐ-CP, phần thi vòng 1 không có trường hợp miễn thi.");
        if (parse_r1_part(r1, p, 0, &k->r1.part[0], error) < 0)
            return -1;
    } else {
        if (json_object_get(r1, "correct") || json_object_get(r1, "total"))
            return fail(error, "invalid_value", p,
                        "Theo NĐ 138/2020/NĐ-CP, vòng 1 gồm các phần kiến thức chung, ngoại ngữ, "
                        "tin học: ghi {\"general\": {…}, \"language\": {…}, \"it\": {…}}.");
        static const char *const allowed[] = {"general", "language", "it", NULL};
        if (check_fields(r1, p, allowed, error) < 0)
            return -1;
        for (int part = 0; part < EXAM_R1_PARTS; part++) {
            const char *key = exam_part_code((enum exam_part)part);
            json_t *x = json_object_get(r1, key);
            join(pp, sizeof pp, p, key);
            if (!x) {
                if (part == EXAM_PART_GENERAL)
                    return fail(error, "missing_field", pp,
                                "Thiếu kết quả phần kiến thức chung của vòng 1 (general).");
                continue; /* not sat: exempt, or no IT part on computer */
            }
            if (parse_r1_part(x, pp, part != EXAM_PART_GENERAL, &k->r1.part[part], error) < 0)
                return -1;
        }
    }
    k->r1_pass = exam_r1_pass(c->rg, &k->r1, &k->r1_failed_part);
    if (k->r1_pass < 0)
        return fail(error, "invalid_value", p, "Kết quả vòng 1 không hợp lệ.");
    return 0;
}

static int parse_score(json_t *r2, const char *p, const char *key, int *out, json_t **error)
{
    char f[160];
    join(f, sizeof f, p, key);
    json_t *v = json_object_get(r2, key);
    if (!v || json_is_null(v)) {
        *out = EXAM_NONE;
        return 0;
    }
    if (!json_is_integer(v))
        return fail(error, "invalid_type", f,
                    "Điểm phải là số nguyên tính bằng phần trăm điểm (7250 = 72,50 điểm) hoặc null.");
    json_int_t x = json_integer_value(v);
    if (x < 0 || x > EXAM_SCORE_MAX)
        return fail(error, "invalid_value", f,
                    "Điểm phải từ 0 đến 10000 (thang điểm 100, tính bằng phần trăm điểm).");
    *out = (int)x;
    return 0;
}

static int parse_round2(struct exam_case *c, struct cand *k, json_t *o, const char *cp,
                        json_t **error)
{
    char p[96];
    join(p, sizeof p, cp, "round2");
    json_t *r2 = json_object_get(o, "round2");
    k->has_r2 = 0;
    k->r2.written = k->r2.interview = EXAM_NONE;
    if (!r2 || json_is_null(r2))
        return 0; /* did not sit round 2 */
    static const char *const allowed[] = {"written", "interview", NULL};
    if (check_fields(r2, p, allowed, error) < 0)
        return -1;
    if (parse_score(r2, p, "written", &k->r2.written, error) < 0 ||
        parse_score(r2, p, "interview", &k->r2.interview, error) < 0)
        return -1;
    if (k->r2.written == EXAM_NONE && k->r2.interview == EXAM_NONE)
        return 0; /* {"written": null, "interview": null}: no result */
    if (exam_r2_eval(&k->r2, c->w_written, c->w_interview, &k->r2r) < 0)
        return fail(error, "invalid_value", p, "Kết quả vòng 2 không hợp lệ.");
    k->has_r2 = 1;
    return 0;
}

static int parse_priority(struct exam_case *c, struct cand *k, json_t *o, const char *cp,
                          json_t **error)
{
    char p[96], f[128];
    join(p, sizeof p, cp, "priority");
    json_t *a = json_object_get(o, "priority");
    k->claimed = NULL;
    k->best = NULL;
    k->prio = 0;
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return fail(error, "invalid_type", p,
                    "Giá trị của trường này phải là mảng mã diện ưu tiên (xem docs/rules-exam.md).");
    size_t n = json_array_size(a);
    if (n > PRIORITY_MAX)
        return fail(error, "invalid_value", p, "Quá nhiều diện ưu tiên (tối đa 32).");
    const struct exam_priority *cats[PRIORITY_MAX];
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, i);
        snprintf(f, sizeof f, "%s[%zu]", p, i);
        if (!json_is_string(v))
            return fail(error, "invalid_type", f, "Mã diện ưu tiên phải là chuỗi.");
        cats[i] = exam_priority_find(json_string_value(v));
        if (!cats[i])
            return fail(error, "invalid_value", f,
                        "Mã diện ưu tiên không có trong danh mục (xem docs/rules-exam.md).");
    }
    k->claimed = a;
    k->prio = exam_priority_best(c->rg, cats, n, c->date, &k->best);
    return 0;
}

static int parse_candidates(struct exam_case *c, json_t *input, json_t **error)
{
    json_t *a = json_object_get(input, "candidates");
    if (!a)
        return fail(error, "missing_field", "candidates", "Thiếu danh sách thí sinh (candidates).");
    if (!json_is_array(a))
        return fail(error, "invalid_type", "candidates", "Giá trị của trường này phải là mảng.");
    size_t n = json_array_size(a);
    if (n > CANDIDATES_MAX)
        return fail(error, "invalid_value", "candidates", "Quá nhiều thí sinh (tối đa 200000).");
    c->cand = calloc(n ? n : 1, sizeof *c->cand);
    if (!c->cand)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    static const char *const allowed[] = {"code", "position", "round1", "round2", "priority", NULL};
    for (size_t i = 0; i < n; i++) {
        char p[64], f[96];
        snprintf(p, sizeof p, "candidates[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (check_fields(o, p, allowed, error) < 0)
            return -1;
        struct cand *k = &c->cand[i];
        k->in = o;
        k->code = get_str(o, p, "code", CODE_MAX, "Thiếu mã thí sinh (số báo danh).", error);
        if (!k->code)
            return -1;
        const char *pc = get_str(o, p, "position", CODE_MAX,
                                 "Thiếu mã vị trí việc làm dự tuyển (position).", error);
        if (!pc)
            return -1;
        long pi = find_pos(c, pc);
        if (pi < 0) {
            join(f, sizeof f, p, "position");
            return fail(error, "invalid_value", f,
                        "Vị trí việc làm dự tuyển không có trong danh sách positions.");
        }
        k->pos = (size_t)pi;
        if (parse_round1(c, k, o, p, error) < 0 || parse_round2(c, k, o, p, error) < 0 ||
            parse_priority(c, k, o, p, error) < 0)
            return -1;
        c->ncand = i + 1;
    }
    c->cand_keys = calloc(n ? n : 1, sizeof *c->cand_keys);
    if (!c->cand_keys)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    for (size_t i = 0; i < n; i++)
        c->cand_keys[i] = (struct key){c->cand[i].code, i};
    size_t dup = keys_sort(c->cand_keys, n);
    if (dup != (size_t)-1) {
        char f[64];
        snprintf(f, sizeof f, "candidates[%zu].code", dup);
        return fail(error, "invalid_value", f, "Mã thí sinh bị trùng.");
    }
    return 0;
}

static int parse_weights(struct exam_case *c, json_t *input, json_t **error)
{
    c->w_written = c->rg->r2_weight_written;
    c->w_interview = c->rg->r2_weight_interview;
    json_t *w = json_object_get(input, "round2_weights");
    if (!w || json_is_null(w))
        return 0;
    static const char *const allowed[] = {"written", "interview", NULL};
    if (check_fields(w, "round2_weights", allowed, error) < 0)
        return -1;
    int ww, wi;
    if (get_int(w, "round2_weights", "written", 0, 100, "Thiếu tỷ lệ điểm thi viết (%).",
                "Tỷ lệ phải từ 0 đến 100 (%).", &ww, error) < 0 ||
        get_int(w, "round2_weights", "interview", 0, 100, "Thiếu tỷ lệ điểm phỏng vấn (%).",
                "Tỷ lệ phải từ 0 đến 100 (%).", &wi, error) < 0)
        return -1;
    if (ww + wi != 100 || ww == 0 || wi == 0)
        return fail(error, "invalid_value", "round2_weights",
                    "Tỷ lệ điểm thi viết và phỏng vấn phải lớn hơn 0 và cộng lại bằng 100 (%).");
    if (c->rg->r2_weights_fixed && (ww != c->w_written || wi != c->w_interview))
        return fail(error, "invalid_value", "round2_weights",
                    "Theo NĐ 138/2020/NĐ-CP Điều 8 khoản 2, điểm thi viết tính 70%, "
                    "phỏng vấn 30%.");
    c->w_written = ww;
    c->w_interview = wi;
    return 0;
}

static int parse_one_decision(struct exam_case *c, json_t *o, struct decision *d, json_t **error)
{
    static const char *const allowed[] = {"position", "winner_candidate", "decision_no", "date",
                                          NULL};
    if (check_fields(o, d->path, allowed, error) < 0)
        return -1;
    char f[96];
    const char *pc = get_str(o, d->path, "position", CODE_MAX,
                             "Thiếu mã vị trí việc làm của quyết định (position).", error);
    if (!pc)
        return -1;
    long pi = find_pos(c, pc);
    join(f, sizeof f, d->path, "position");
    if (pi < 0)
        return fail(error, "invalid_value", f, "Vị trí việc làm không có trong danh sách positions.");
    if (c->pos[pi].dec)
        return fail(error, "invalid_value", f, "Vị trí việc làm này đã có một quyết định.");
    join(f, sizeof f, d->path, "winner_candidate");
    json_t *w = json_object_get(o, "winner_candidate");
    if (!w)
        return fail(error, "missing_field", f, "Thiếu thí sinh được quyết định trúng tuyển.");
    if (!json_is_string(w) && !json_is_array(w))
        return fail(error, "invalid_type", f, "Giá trị phải là mã thí sinh hoặc mảng mã thí sinh.");
    if (json_is_array(w) && json_array_size(w) == 0)
        return fail(error, "invalid_value", f, "Phải nêu ít nhất một thí sinh.");
    d->decision_no = get_str(o, d->path, "decision_no", DECISION_NO_MAX,
                             "Thiếu số quyết định của người đứng đầu (decision_no).", error);
    if (!d->decision_no)
        return -1;
    if (parse_date(o, d->path, "date", "Thiếu ngày quyết định (date: YYYY-MM-DD).", &d->date,
                   error) < 0)
        return -1;
    if (d->date < c->date) {
        join(f, sizeof f, d->path, "date");
        return fail(error, "invalid_value", f, "Ngày quyết định không được trước ngày thi.");
    }
    d->in = o;
    c->pos[pi].dec = d;
    return 0;
}

/* Marks the chosen winners on the entries, after members/entries exist. */
static int apply_decision(struct exam_case *c, struct decision *d, json_t **error)
{
    const char *pc = json_string_value(json_object_get(d->in, "position"));
    struct pos *P = &c->pos[find_pos(c, pc)];
    json_t *w = json_object_get(d->in, "winner_candidate");
    size_t n = json_is_array(w) ? json_array_size(w) : 1;
    char f[96];
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_is_array(w) ? json_array_get(w, i) : w;
        if (json_is_array(w))
            snprintf(f, sizeof f, "%s.winner_candidate[%zu]", d->path, i);
        else
            join(f, sizeof f, d->path, "winner_candidate");
        if (!json_is_string(v))
            return fail(error, "invalid_type", f, "Mã thí sinh phải là chuỗi.");
        long ci = find_cand(c, json_string_value(v));
        if (ci < 0 || c->cand[ci].pos != (size_t)(P - c->pos))
            return fail(error, "invalid_value", f,
                        "Thí sinh này không dự tuyển vào vị trí việc làm của quyết định.");
        struct exam_entry *e = &c->entries[P->first + c->cand[ci].slot];
        if (e->chosen)
            return fail(error, "invalid_value", f, "Thí sinh được nêu hai lần.");
        e->chosen = 1;
    }
    return 0;
}

static int parse_decisions(struct exam_case *c, json_t *input, json_t **error)
{
    json_t *t = json_object_get(input, "tie_decision");
    if (!t || json_is_null(t))
        return 0;
    if (!json_is_object(t) && !json_is_array(t))
        return fail(error, "invalid_type", "tie_decision",
                    "Giá trị phải là một đối tượng (hoặc mảng đối tượng) quyết định.");
    size_t n = json_is_array(t) ? json_array_size(t) : 1;
    if (n > POSITIONS_MAX)
        return fail(error, "invalid_value", "tie_decision", "Quá nhiều quyết định.");
    c->dec = calloc(n ? n : 1, sizeof *c->dec);
    if (!c->dec)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    for (size_t i = 0; i < n; i++) {
        struct decision *d = &c->dec[i];
        if (json_is_array(t))
            snprintf(d->path, sizeof d->path, "tie_decision[%zu]", i);
        else
            snprintf(d->path, sizeof d->path, "tie_decision");
        if (parse_one_decision(c, json_is_array(t) ? json_array_get(t, i) : t, d, error) < 0)
            return -1;
        c->ndec = i + 1;
    }
    return 0;
}

/* Groups candidates by position and ranks each position. */
static int rank_all(struct exam_case *c, json_t **error)
{
    size_t n = c->ncand ? c->ncand : 1;
    c->members = calloc(n, sizeof *c->members);
    c->entries = calloc(n, sizeof *c->entries);
    c->order = calloc(n, sizeof *c->order);
    if (!c->members || !c->entries || !c->order)
        return fail(error, "internal", NULL, "Không đủ bộ nhớ.");
    /* Counting sort by position, keeping the input order inside each. */
    for (size_t i = 0; i < c->ncand; i++)
        c->pos[c->cand[i].pos].count++;
    size_t at = 0;
    for (size_t p = 0; p < c->npos; p++) {
        c->pos[p].first = at;
        at += c->pos[p].count;
        c->pos[p].count = 0;
    }
    for (size_t i = 0; i < c->ncand; i++) {
        struct cand *k = &c->cand[i];
        struct pos *P = &c->pos[k->pos];
        k->slot = P->count++;
        c->members[P->first + k->slot] = i;
        struct exam_entry *e = &c->entries[P->first + k->slot];
        e->eligible = k->r1_pass == 1 && k->has_r2 && k->r2r.passed;
        e->r2 = k->has_r2 ? k->r2r.score : 0;
        e->priority = k->prio;
    }
    for (size_t i = 0; i < c->ndec; i++)
        if (apply_decision(c, &c->dec[i], error) < 0)
            return -1;
    for (size_t p = 0; p < c->npos; p++) {
        struct pos *P = &c->pos[p];
        enum exam_rank_error rc =
            exam_rank(c->entries + P->first, P->count, P->quota, P->dec != NULL,
                      c->order + P->first, &P->neligible, &P->sum);
        if (rc == EXAM_RANK_OK)
            continue;
        char f[96], msg[512];
        if (rc == EXAM_RANK_NO_TIE) {
            join(f, sizeof f, P->dec->path, "position");
            snprintf(msg, sizeof msg,
                     "Vị trí %s không có trường hợp bằng cả tổng điểm và điểm vòng 2 ở chỉ tiêu "
                     "cuối cùng, nên không cần quyết định của người đứng đầu (%s).",
                     P->code, c->rg->cite_tie);
            return fail(error, "invalid_value", f, msg);
        }
        if (rc == EXAM_RANK_BAD_DECISION) {
            join(f, sizeof f, P->dec->path, "winner_candidate");
            int places = 0;
            for (size_t k = 0; k < P->count; k++)
                if (c->entries[P->first + k].tie == EXAM_TIE_FULL &&
                    c->entries[P->first + k].rank <= P->quota)
                    places = P->quota - c->entries[P->first + k].rank + 1;
            snprintf(msg, sizeof msg,
                     "Người được quyết định trúng tuyển phải thuộc nhóm bằng điểm ở chỉ tiêu cuối "
                     "cùng của vị trí %s và đúng bằng số chỉ tiêu còn lại (%d) (%s).",
                     P->code, places, c->rg->cite_tie);
            return fail(error, "invalid_value", f, msg);
        }
        return fail(error, "internal", NULL, "Lỗi nội bộ khi xếp hạng.");
    }
    return 0;
}

/* ---- output ---- */

static const char *result_code(enum exam_outcome o)
{
    switch (o) {
    case EXAM_WIN:
    case EXAM_WIN_DECISION: return "trung_tuyen";
    case EXAM_PENDING: return "cho_quyet_dinh";
    default: return "khong_trung_tuyen";
    }
}

static const char *result_label(enum exam_outcome o)
{
    switch (o) {
    case EXAM_WIN:
    case EXAM_WIN_DECISION: return "trúng tuyển";
    case EXAM_PENDING: return "chờ quyết định";
    default: return "không trúng tuyển";
    }
}

static void explain_round1(const struct exam_case *c, const struct cand *k, json_t *ex)
{
    const struct exam_regime *rg = c->rg;
    if (rg->r1_parts == 1) {
        const struct exam_r1_part *x = &k->r1.part[0];
        add_line(ex, "Vòng 1: trả lời đúng %d/%d câu hỏi, %s nên %s (%s).",
                 x->correct, x->total,
                 k->r1_pass ? "đạt từ 50% số câu hỏi trở lên" : "dưới 50% số câu hỏi",
                 k->r1_pass ? "được thi vòng 2" : "không được thi vòng 2", rg->cite_r1);
        return;
    }
    char parts[3][160];
    for (int p = 0; p < EXAM_R1_PARTS; p++) {
        const struct exam_r1_part *x = &k->r1.part[p];
        if (!x->taken)
            snprintf(parts[p], sizeof parts[p], "%s: miễn thi hoặc không thi",
                     exam_part_label((enum exam_part)p));
        else
            snprintf(parts[p], sizeof parts[p], "%s %d/%d câu đúng (%s)",
                     exam_part_label((enum exam_part)p), x->correct, x->total,
                     exam_r1_part_pass(x->correct, x->total) ? "đạt" : "không đạt");
    }
    if (k->r1_pass)
        add_line(ex, "Vòng 1: %s; %s; %s. Trả lời đúng từ 50%% số câu hỏi trở lên ở từng phần "
                     "thi nên được thi vòng 2 (%s).",
                 parts[0], parts[1], parts[2], rg->cite_r1);
    else
        add_line(ex, "Vòng 1: %s; %s; %s. Phần %s dưới 50%% số câu hỏi, mà phải đạt từ 50%% ở "
                     "từng phần thi, nên không được thi vòng 2 (%s).",
                 parts[0], parts[1], parts[2],
                 exam_part_label((enum exam_part)k->r1_failed_part), rg->cite_r1);
}

static void explain_round2(const struct exam_case *c, const struct cand *k, json_t *ex)
{
    const struct exam_regime *rg = c->rg;
    char a[24], b[24], s[24];
    if (k->r1_pass != 1) {
        if (k->has_r2)
            add_line(ex, "Kết quả vòng 2 không được xét vì thí sinh không đạt vòng 1 (%s).",
                     rg->cite_r1);
        return;
    }
    if (!k->has_r2) {
        add_line(ex, "Vòng 2: không có kết quả thi (vắng thi hoặc chưa có điểm) nên không đủ "
                     "điều kiện trúng tuyển (%s).", rg->cite_winner);
        return;
    }
    const struct exam_r2_result *r = &k->r2r;
    if (r->form != EXAM_R2_COMBINED) {
        char both[512];
        add_line(ex, "Vòng 2: %s %s điểm (thang điểm 100); %s (cần từ 50 điểm trở lên) (%s).",
                 r->form == EXAM_R2_WRITTEN ? "thi viết" : "thi phỏng vấn", pts(r->score, s),
                 r->passed ? "đạt" : "không đạt",
                 cite2(rg->cite_r2, rg->cite_winner, both, sizeof both));
        return;
    }
    const char *part_rule = rg->id == EXAM_ND138 ? "mỗi phần từ 50 điểm trở lên"
                                                  : "mỗi phần từ 50% số điểm tối đa trở lên";
    char why[256] = "";
    if (!r->passed) {
        size_t n = 0;
        if (r->fail & EXAM_R2_PART_WRITTEN)
            n += (size_t)snprintf(why + n, sizeof why - n, "; phần thi viết không đạt");
        if (r->fail & EXAM_R2_PART_INTERVIEW)
            n += (size_t)snprintf(why + n, sizeof why - n, "; phần phỏng vấn không đạt");
        if ((r->fail & EXAM_R2_LOW_SCORE) && n < sizeof why)
            snprintf(why + n, sizeof why - n, "; điểm vòng 2 dưới 50 điểm");
    }
    add_line(ex, "Vòng 2: thi viết %s điểm, phỏng vấn %s điểm; điểm vòng 2 = %s × %d%% + %s × %d%% "
                 "= %s (làm tròn đến 2 chữ số thập phân); %s (cần %s và điểm vòng 2 từ 50 điểm "
                 "trở lên%s) (%s).",
             pts(k->r2.written, a), pts(k->r2.interview, b), a, c->w_written, b, c->w_interview,
             pts(r->score, s), r->passed ? "đạt" : "không đạt", part_rule, why, rg->cite_r2);
}

static void priority_cite(const struct exam_case *c, const struct exam_priority *p, char *out,
                          size_t cap)
{
    if (p->clause == 'd')
        snprintf(out, cap, "%s", c->rg->cite_trade_union);
    else if (c->rg->id == EXAM_ND138)
        snprintf(out, cap, "%s điểm %c", c->rg->cite_priority, p->clause);
    else
        snprintf(out, cap, "%s", c->rg->cite_priority);
}

static void explain_priority(const struct exam_case *c, const struct cand *k, json_t *ex)
{
    const struct exam_regime *rg = c->rg;
    char s[24], cite[256];
    size_t n = k->claimed ? json_array_size(k->claimed) : 0;
    if (n == 0) {
        add_line(ex, "Không thuộc diện ưu tiên: điểm ưu tiên 0 (%s).", rg->cite_priority);
        return;
    }
    /* Categories claimed, without repeats, with their points. */
    char list[1024];
    size_t len = 0, distinct = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *code = json_string_value(json_array_get(k->claimed, i));
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(code, json_string_value(json_array_get(k->claimed, j))) == 0)
                seen = 1;
        if (seen)
            continue;
        const struct exam_priority *p = exam_priority_find(code);
        distinct++;
        if (len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s: %s điểm",
                                    distinct > 1 ? "; " : "", p->label,
                                    pts(exam_priority_points(rg, p, c->date), s));
    }
    for (size_t i = 0; i < n; i++) {
        const struct exam_priority *p =
            exam_priority_find(json_string_value(json_array_get(k->claimed, i)));
        if (p->clause == 'd' && exam_priority_points(rg, p, c->date) == 0) {
            add_line(ex, "Diện cán bộ công đoàn trưởng thành từ cơ sở, trong phong trào công nhân "
                         "chỉ được cộng điểm ưu tiên từ ngày 17/09/2024 (%s).", rg->cite_trade_union);
            break;
        }
    }
    if (!k->best) {
        add_line(ex, "Diện ưu tiên (%s) không được cộng điểm tại ngày thi: điểm ưu tiên 0 (%s).",
                 list, rg->cite_priority);
        return;
    }
    priority_cite(c, k->best, cite, sizeof cite);
    if (distinct == 1)
        add_line(ex, "Điểm ưu tiên: %s, được cộng %s điểm vào kết quả vòng 2 (%s).", k->best->label,
                 pts(k->prio, s), cite);
    else
    {
        char both[512];
        add_line(ex, "Thuộc nhiều diện ưu tiên (%s): chỉ được cộng điểm ưu tiên cao nhất, %s điểm "
                     "(%s) (%s).",
                 list, pts(k->prio, s), k->best->label,
                 cite2(cite, rg->cite_priority_max, both, sizeof both));
    }
}

/* Codes of the other entries of position P whose total (and, when
 * `same_r2`, round-2 score) equal entry `slot`'s. */
static void tie_list(const struct exam_case *c, const struct pos *P, size_t slot, int same_r2,
                     char *out, size_t cap)
{
    const struct exam_entry *e = c->entries + P->first;
    size_t len = 0, named = 0, more = 0;
    out[0] = '\0';
    for (size_t k = 0; k < P->neligible; k++) {
        size_t j = c->order[P->first + k];
        if (j == slot || e[j].total != e[slot].total || (same_r2 && e[j].r2 != e[slot].r2))
            continue;
        if (named == TIE_LIST_MAX) {
            more++;
            continue;
        }
        if (len < cap)
            len += (size_t)snprintf(out + len, cap - len, "%s%s", named ? ", " : "",
                                    c->cand[c->members[P->first + j]].code);
        named++;
    }
    if (more && len < cap)
        snprintf(out + len, cap - len, " và %zu thí sinh khác", more);
}

static void explain_result(const struct exam_case *c, const struct cand *k, const struct pos *P,
                           const struct exam_entry *e, json_t *ex)
{
    const struct exam_regime *rg = c->rg;
    char a[24], b[24], t[24], others[640];
    if (e->outcome == EXAM_FAILED) {
        add_line(ex, "Kết quả: không trúng tuyển vì không đạt %s (%s).",
                 k->r1_pass != 1 ? "vòng 1" : (k->has_r2 ? "vòng 2" : "vòng 2 (không có điểm)"),
                 rg->cite_winner);
        return;
    }
    char head[512];
    snprintf(head, sizeof head,
             "Tổng điểm = %s (vòng 2) + %s (ưu tiên) = %s; xếp thứ %d trong %zu người đạt vòng 2 "
             "của vị trí %s (chỉ tiêu %d)",
             pts(e->r2, a), pts(e->priority, b), pts(e->total, t), e->rank, P->neligible, P->code,
             P->quota);
    size_t slot = k->slot;
    switch (e->outcome) {
    case EXAM_WIN:
    case EXAM_LOSE:
        if (e->tie == EXAM_TIE_R2) {
            tie_list(c, P, slot, 0, others, sizeof others);
            add_line(ex, "%s: bằng tổng điểm %s với %s ở chỉ tiêu cuối cùng, người có điểm vòng 2 "
                         "cao hơn là người trúng tuyển; điểm vòng 2 của thí sinh là %s nên %s (%s).",
                     head, t, others, a, result_label(e->outcome), rg->cite_tie);
        } else {
            add_line(ex, "%s: %s chỉ tiêu nên %s (%s).", head,
                     e->outcome == EXAM_WIN ? "trong" : "ngoài", result_label(e->outcome),
                     rg->cite_winner);
        }
        return;
    case EXAM_PENDING:
        tie_list(c, P, slot, 1, others, sizeof others);
        add_line(ex, "%s: bằng cả tổng điểm (%s) và điểm vòng 2 (%s) với %s ở chỉ tiêu cuối cùng "
                     "(còn %d chỉ tiêu); người đứng đầu cơ quan có thẩm quyền tuyển dụng quyết định "
                     "người trúng tuyển: chờ quyết định (%s).",
                 head, t, a, others, P->sum.pending_places, rg->cite_tie);
        return;
    case EXAM_WIN_DECISION:
    case EXAM_LOSE_DECISION: {
        char d[11];
        date_format_vn(P->dec->date, d);
        tie_list(c, P, slot, 1, others, sizeof others);
        add_line(ex, "%s: bằng cả tổng điểm (%s) và điểm vòng 2 (%s) với %s ở chỉ tiêu cuối cùng; "
                     "theo Quyết định số %s ngày %s của người đứng đầu cơ quan có thẩm quyền tuyển "
                     "dụng: %s (%s).",
                 head, t, a, others, P->dec->decision_no, d, result_label(e->outcome),
                 rg->cite_tie);
        return;
    }
    default:
        return;
    }
}

static json_t *round1_json(const struct exam_case *c, const struct cand *k)
{
    json_t *parts = json_array();
    for (int p = 0; p < c->rg->r1_parts; p++) {
        const struct exam_r1_part *x = &k->r1.part[p];
        if (!x->taken)
            json_array_append_new(parts, json_pack("{s:s, s:b}", "part",
                                                   exam_part_code((enum exam_part)p), "taken", 0));
        else
            json_array_append_new(
                parts, json_pack("{s:s, s:b, s:i, s:i, s:b}", "part",
                                 exam_part_code((enum exam_part)p), "taken", 1, "correct",
                                 x->correct, "total", x->total, "passed",
                                 exam_r1_part_pass(x->correct, x->total) == 1));
    }
    return json_pack("{s:b, s:o}", "passed", k->r1_pass == 1, "parts", parts);
}

static json_t *opt_score(int s)
{
    return s == EXAM_NONE ? json_null() : json_integer(s);
}

static json_t *round2_json(const struct cand *k)
{
    if (!k->has_r2)
        return json_null();
    static const char *const forms[] = {"", "written", "interview", "combined"};
    return json_pack("{s:s, s:o, s:o, s:i, s:b}", "form", forms[k->r2r.form], "written",
                     opt_score(k->r2.written), "interview", opt_score(k->r2.interview), "score",
                     k->r2r.score, "passed", k->r2r.passed);
}

static json_t *priority_json(const struct cand *k)
{
    json_t *claimed = k->claimed ? json_deep_copy(k->claimed) : json_array();
    return json_pack("{s:o, s:s?, s:s?, s:i}", "claimed", claimed, "applied",
                     k->best ? k->best->code : NULL, "label", k->best ? k->best->label : NULL,
                     "points", k->prio);
}

static json_t *candidate_json(const struct exam_case *c, const struct cand *k)
{
    const struct pos *P = &c->pos[k->pos];
    const struct exam_entry *e = &c->entries[P->first + k->slot];
    json_t *ex = json_array();
    explain_round1(c, k, ex);
    explain_round2(c, k, ex);
    explain_priority(c, k, ex);
    explain_result(c, k, P, e, ex);
    json_t *total = k->r1_pass == 1 && k->has_r2 ? json_integer(k->r2r.score + k->prio) : json_null();
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s?, s:o}", "code", k->code,
                     "position", P->code, "round1", round1_json(c, k), "round2", round2_json(k),
                     "priority", priority_json(k), "total", total, "rank",
                     e->rank ? json_integer(e->rank) : json_null(), "result",
                     result_code(e->outcome), "result_label", result_label(e->outcome), "tie",
                     e->tie == EXAM_TIE_R2 ? "round2" : e->tie == EXAM_TIE_FULL ? "full" : NULL,
                     "explain", ex);
}

static json_t *position_json(const struct exam_case *c, const struct pos *P)
{
    json_t *ranking = json_array(), *winners = json_array(), *pending = json_array();
    for (size_t k = 0; k < P->neligible; k++) {
        size_t j = c->order[P->first + k];
        const char *code = c->cand[c->members[P->first + j]].code;
        json_array_append_new(ranking, json_string(code));
        enum exam_outcome o = c->entries[P->first + j].outcome;
        if (o == EXAM_WIN || o == EXAM_WIN_DECISION)
            json_array_append_new(winners, json_string(code));
        else if (o == EXAM_PENDING)
            json_array_append_new(pending, json_string(code));
    }
    json_t *dec = json_null();
    if (P->dec) {
        char d[11];
        date_format_iso(P->dec->date, d);
        dec = json_pack("{s:s, s:s, s:O}", "decision_no", P->dec->decision_no, "date", d,
                        "winner_candidate", json_object_get(P->dec->in, "winner_candidate"));
    }
    return json_pack("{s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:i, s:i, s:o}", "code", P->code,
                     "quota", P->quota, "candidates", (int)P->count, "passed", P->sum.eligible,
                     "ranking", ranking, "winners", winners, "pending", pending, "pending_places",
                     P->sum.pending_places, "unfilled", P->sum.unfilled, "tie_decision", dec);
}

static json_t *general_explain(const struct exam_case *c)
{
    const struct exam_regime *rg = c->rg;
    json_t *ex = json_array();
    char d[11], from[11];
    date_format_vn(c->date, d);
    cdate f;
    date_parse_iso(rg->valid_from_iso, &f);
    date_format_vn(f, from);
    if (rg->valid_to_iso) {
        cdate t;
        char to[11];
        date_parse_iso(rg->valid_to_iso, &t);
        date_format_vn(t, to);
        add_line(ex, "Kỳ thi ngày %s: áp dụng %s, có hiệu lực từ ngày %s đến hết ngày %s; "
                     "từ ngày 01/07/2025 áp dụng NĐ 170/2025/NĐ-CP (NĐ 170/2025/NĐ-CP, điều khoản "
                     "hiệu lực thi hành).",
                 d, rg->name, from, to);
    } else {
        add_line(ex, "Kỳ thi ngày %s: áp dụng %s, có hiệu lực từ ngày %s, thay thế NĐ 138/2020/NĐ-CP "
                     "(NĐ 170/2025/NĐ-CP, điều khoản hiệu lực thi hành).", d, rg->name, from);
    }
    if (rg->r1_parts == 3)
        add_line(ex, "Vòng 1 thi trắc nghiệm gồm phần kiến thức chung %d câu, ngoại ngữ %d câu, tin "
                     "học %d câu (được miễn phần ngoại ngữ, tin học trong các trường hợp quy định); "
                     "trả lời đúng từ 50%% số câu hỏi trở lên cho từng phần thi thì được thi vòng 2 "
                     "(%s).",
                 rg->r1_questions[0], rg->r1_questions[1], rg->r1_questions[2], rg->cite_r1);
    else
        add_line(ex, "Vòng 1 thi trắc nghiệm trên máy vi tính %d câu hỏi; trả lời đúng từ 50%% số "
                     "câu hỏi trở lên thì được thi vòng 2 (%s).",
                 rg->r1_questions[0], rg->cite_r1);
    if (rg->id == EXAM_ND138)
        add_line(ex, "Vòng 2 thang điểm 100; thi kết hợp phỏng vấn và thi viết thì điểm thi viết "
                     "tính %d%%, phỏng vấn %d%%, mỗi phần phải đạt từ 50 điểm trở lên (%s).",
                 c->w_written, c->w_interview, rg->cite_r2);
    else
        add_line(ex, "Vòng 2 thang điểm 100; thi kết hợp viết và phỏng vấn thì mỗi phần phải đạt từ "
                     "50%% số điểm tối đa trở lên; điểm quy đổi: thi viết %d%%, phỏng vấn %d%% "
                     "(theo kế hoạch tuyển dụng) (%s).",
                 c->w_written, c->w_interview, rg->cite_r2);
    char tu[24], both[512];
    add_line(ex, "Điểm ưu tiên 7,5 / 5 / 2,5 / %s điểm được cộng vào kết quả vòng 2; người thuộc "
                 "nhiều diện ưu tiên chỉ được cộng điểm ưu tiên cao nhất (%s).",
             pts_short(rg->trade_union_points, tu),
             cite2(rg->cite_priority, rg->cite_priority_max, both, sizeof both));
    add_line(ex, "Người trúng tuyển phải có điểm vòng 2 từ 50 điểm trở lên và có điểm vòng 2 cộng "
                 "điểm ưu tiên cao hơn, lấy theo thứ tự từ cao xuống thấp trong chỉ tiêu của từng "
                 "vị trí việc làm (%s).", rg->cite_winner);
    add_line(ex, "Bằng tổng điểm ở chỉ tiêu cuối cùng: người có điểm vòng 2 cao hơn trúng tuyển; "
                 "nếu vẫn không xác định được thì người đứng đầu cơ quan có thẩm quyền tuyển dụng "
                 "quyết định người trúng tuyển (%s).", rg->cite_tie);
    return ex;
}

json_t *rule_exam_rank(json_t *input, json_t **error)
{
    json_t *dummy = NULL;
    if (!error)
        error = &dummy;
    *error = NULL;
    static const char *const allowed[] = {"exam_date", "positions", "candidates", "tie_decision",
                                          "round2_weights", NULL};
    struct exam_case c;
    memset(&c, 0, sizeof c);
    json_t *out = NULL;
    if (check_fields(input, "", allowed, error) < 0)
        goto out;
    if (parse_date(input, "", "exam_date", "Thiếu ngày thi (exam_date: YYYY-MM-DD).", &c.date,
                   error) < 0)
        goto out;
    c.rg = exam_regime_at(c.date);
    if (!c.rg) {
        fail(error, "invalid_value", "exam_date",
             "Ngày thi trước ngày 27/11/2020: canbo chỉ có quy tắc theo NĐ 138/2020/NĐ-CP và "
             "NĐ 170/2025/NĐ-CP.");
        goto out;
    }
    if (parse_weights(&c, input, error) < 0 || parse_positions(&c, input, error) < 0 ||
        parse_candidates(&c, input, error) < 0 || parse_decisions(&c, input, error) < 0 ||
        rank_all(&c, error) < 0)
        goto out;

    json_t *positions = json_array(), *cands = json_array();
    for (size_t p = 0; p < c.npos; p++)
        json_array_append_new(positions, position_json(&c, &c.pos[p]));
    for (size_t i = 0; i < c.ncand; i++)
        json_array_append_new(cands, candidate_json(&c, &c.cand[i]));
    char d[11];
    date_format_iso(c.date, d);
    out = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:{s:i, s:i}, s:o, s:o, s:o}", "rule",
                    "exam-rank", "regime", c.rg->name, "regime_code", c.rg->code,
                    "regime_valid_from", c.rg->valid_from_iso, "regime_valid_to",
                    c.rg->valid_to_iso, "exam_date", d, "round2_weights", "written", c.w_written,
                    "interview", c.w_interview, "positions", positions, "candidates", cands,
                    "explain", general_explain(&c));
    if (!out)
        fail(error, "internal", NULL, "Lỗi nội bộ khi tạo kết quả.");
out:
    case_free(&c);
    if (dummy)
        json_decref(dummy);
    return out;
}
