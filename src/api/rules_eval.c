/* `canbo rules score | rating | cap`: evaluation by product on JSON
 * (docs/rules.md, "Evaluation by product"). Strict validation in the style of the retirement rule
 * (src/cli/rules.c): unknown fields are errors, every error names its field
 * ("items[2].assigned" for nested ones) with a Vietnamese message. Numbers of
 * points are read at the edge into exact hundredths (at most two decimals);
 * the rules themselves (core/score.c, core/rating.c, core/cap.c) never see a
 * floating-point value. */
#include "api/rules_eval.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cap.h"
#include "core/date.h"
#include "core/rating.h"
#include "core/regime.h"
#include "core/score.h"

#define MAX_PEOPLE 100000
#define MAX_DISC 100

static json_t *make_error(const char *code, const char *field, const char *message)
{
    return json_pack("{s:{s:s, s:s?, s:s}}", "error", "code", code, "field", field,
                     "message", message);
}

/* field path: "prefix.key" or "prefix[i].key" */
static const char *path(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const char *path(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return buf;
}

/* Rejects a non-object and any key not in `allowed`. `where` names the object
 * for nested ones (NULL at top level). */
static int check_object(json_t *obj, const char *where, const char *const *allowed, json_t **error)
{
    if (!json_is_object(obj)) {
        if (!where)
            *error = make_error("invalid_input", NULL, "Dữ liệu vào phải là một đối tượng JSON.");
        else
            *error = make_error("invalid_type", where, "Giá trị của trường này phải là đối tượng JSON.");
        return -1;
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = 1;
        if (!ok) {
            char p[128];
            *error = make_error("unknown_field", where ? path(p, sizeof p, "%s.%s", where, key) : key,
                                "Trường này không được hỗ trợ.");
            return -1;
        }
    }
    return 0;
}

static json_t *require(json_t *obj, const char *key, const char *field, json_t **error)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        *error = make_error("missing_field", field, "Thiếu trường bắt buộc này.");
    return v;
}

/* An integer in [lo, hi]. */
static int get_int(json_t *v, const char *field, long long lo, long long hi, long long *out,
                   json_t **error)
{
    if (!json_is_integer(v)) {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là số nguyên.");
        return -1;
    }
    long long x = json_integer_value(v);
    if (x < lo || x > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, "Giá trị phải trong khoảng từ %lld đến %lld.", lo, hi);
        *error = make_error("invalid_value", field, msg);
        return -1;
    }
    *out = x;
    return 0;
}

/* A number with at most two decimals, read into hundredths in [lo, hi]. The
 * only floating-point step of the evaluation rules: the decimal the user typed
 * is recovered exactly or refused. */
static int get_hundredths(json_t *v, const char *field, long long lo, long long hi,
                          long long *out, json_t **error)
{
    long long h;
    if (json_is_integer(v)) {
        long long x = json_integer_value(v);
        if (x < -1000000000LL || x > 1000000000LL)
            goto range;
        h = x * 100;
    } else if (json_is_real(v)) {
        double x = json_real_value(v) * 100.0;
        if (!(x > -1e11 && x < 1e11))
            goto range;
        double r = nearbyint(x);
        if (fabs(x - r) > 1e-6 * (fabs(x) > 1 ? fabs(x) : 1)) {
            *error = make_error("invalid_value", field, "Số điểm chỉ được có tối đa 2 chữ số thập phân.");
            return -1;
        }
        h = (long long)r;
    } else {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là số.");
        return -1;
    }
    if (h < lo || h > hi)
        goto range;
    *out = h;
    return 0;
range:;
    char msg[160], a[24], b[24];
    score_format(lo, a, sizeof a);
    score_format(hi, b, sizeof b);
    snprintf(msg, sizeof msg, "Giá trị phải trong khoảng từ %s đến %s.", a, b);
    *error = make_error("invalid_value", field, msg);
    return -1;
}

static int get_bool(json_t *v, const char *field, int *out, json_t **error)
{
    if (!json_is_boolean(v)) {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là true hoặc false.");
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

static const char *get_str(json_t *v, const char *field, json_t **error)
{
    if (!json_is_string(v)) {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là chuỗi.");
        return NULL;
    }
    return json_string_value(v);
}

static int get_nonempty(json_t *v, const char *field, const char **out, json_t **error)
{
    const char *s = get_str(v, field, error);
    if (!s)
        return -1;
    if (!*s || strlen(s) > 200) {
        *error = make_error("invalid_value", field, "Chuỗi không được rỗng và dài tối đa 200 byte.");
        return -1;
    }
    *out = s;
    return 0;
}

static int get_date(json_t *v, const char *field, cdate *out, json_t **error)
{
    const char *s = get_str(v, field, error);
    if (!s)
        return -1;
    if (date_parse_iso(s, out) < 0) {
        *error = make_error("invalid_value", field, "Ngày không hợp lệ: phải là ngày có thật, dạng YYYY-MM-DD.");
        return -1;
    }
    return 0;
}

/* "category": cong_chuc (default) / vien_chuc / can_bo */
static int get_category(json_t *input, enum eval_category *out, json_t **error)
{
    *out = CAT_CONG_CHUC;
    json_t *v = json_object_get(input, "category");
    if (!v)
        return 0;
    const char *s = get_str(v, "category", error);
    if (!s)
        return -1;
    if (!strcmp(s, "cong_chuc"))
        *out = CAT_CONG_CHUC;
    else if (!strcmp(s, "vien_chuc"))
        *out = CAT_VIEN_CHUC;
    else if (!strcmp(s, "can_bo"))
        *out = CAT_CAN_BO;
    else {
        *error = make_error("invalid_value", "category",
                            "Đối tượng không hợp lệ: dùng \"cong_chuc\", \"vien_chuc\" hoặc \"can_bo\".");
        return -1;
    }
    return 0;
}

static const char *category_code(enum eval_category c)
{
    return c == CAT_VIEN_CHUC ? "vien_chuc" : c == CAT_CAN_BO ? "can_bo" : "cong_chuc";
}

/* "role": staff (default) / leader */
static int get_role(json_t *input, int *leader, json_t **error)
{
    *leader = 0;
    json_t *v = json_object_get(input, "role");
    if (!v)
        return 0;
    const char *s = get_str(v, "role", error);
    if (!s)
        return -1;
    if (!strcmp(s, "leader"))
        *leader = 1;
    else if (strcmp(s, "staff") != 0) {
        *error = make_error("invalid_value", "role",
                            "Vai trò không hợp lệ: dùng \"staff\" (không giữ chức vụ) hoặc \"leader\" "
                            "(lãnh đạo, quản lý).");
        return -1;
    }
    return 0;
}

/* lines: n NUL-terminated strings, `stride` bytes apart */
static json_t *explain_array(const char *lines, size_t stride, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(lines + (size_t)i * stride));
    return a;
}

static json_t *hstr(long long h)
{
    char b[24];
    score_format(h, b, sizeof b);
    return json_string(b);
}

static json_t *not_applicable(const char *field, const struct eval_regime *g, const char *what)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s không áp dụng theo chế độ %s.", what, g ? g->name : "(không có)");
    return make_error("not_applicable", field, msg);
}

/* ======================================================================
 * score: the period score, NĐ 335/2025/NĐ-CP Art. 12-16
 * ====================================================================== */

json_t *rules_eval_score(json_t *input, json_t **error)
{
    static const char *const allowed[] = {"regime_date", "category", "role", "general",
                                          "group_max", "items", "leader", NULL};
    static const char *const gkeys[] = {"g1", "g2", "g3", NULL};
    static const char *const ikeys[] = {"name", "weight", "assigned", "completed",
                                        "quality_failures", "delays", "objective",
                                        "objective_reason", NULL};
    static const char *const lkeys[] = {"subordinates_total", "subordinates_kht", "organising",
                                        "unity", NULL};
    struct score_item *items = NULL;
    json_t *res = NULL;
    char p[128];

    if (check_object(input, NULL, allowed, error) < 0)
        return NULL;
    json_t *v = require(input, "regime_date", "regime_date", error);
    cdate on;
    if (!v || get_date(v, "regime_date", &on, error) < 0)
        return NULL;
    enum eval_category cat;
    int leader;
    if (get_category(input, &cat, error) < 0 || get_role(input, &leader, error) < 0)
        return NULL;
    const struct eval_regime *g = regime_find(cat, on);
    if (!g || !g->scored) {
        *error = not_applicable("regime_date", g,
                                "Thang điểm 100 (điểm theo kỳ đánh giá) chỉ có từ NĐ 335/2025/NĐ-CP "
                                "đối với công chức, từ ngày 01/01/2026;");
        return NULL;
    }

    struct score_input in = {.leader = leader};
    json_t *gen = require(input, "general", "general", error);
    if (!gen || check_object(gen, "general", gkeys, error) < 0)
        return NULL;
    json_t *gm = json_object_get(input, "group_max");
    if (gm) {
        if (check_object(gm, "group_max", gkeys, error) < 0)
            return NULL;
        long long sum = 0;
        for (int i = 0; i < 3; i++) {
            path(p, sizeof p, "group_max.%s", gkeys[i]);
            json_t *x = require(gm, gkeys[i], p, error);
            long long h;
            if (!x || get_hundredths(x, p, 0, g->general_max, &h, error) < 0)
                return NULL;
            in.group_max[i] = (int32_t)h;
            sum += h;
        }
        if (sum != g->general_max) {
            *error = make_error("invalid_value", "group_max",
                                "Tổng điểm tối đa của 3 nhóm tiêu chí chung phải bằng 30 "
                                "(NĐ 335/2025/NĐ-CP Điều 12 khoản 2).");
            return NULL;
        }
    }
    for (int i = 0; i < 3; i++) {
        int32_t max = in.group_max[0] || in.group_max[1] || in.group_max[2] ? in.group_max[i]
                                                                           : g->group_max[i];
        path(p, sizeof p, "general.%s", gkeys[i]);
        json_t *x = require(gen, gkeys[i], p, error);
        long long h;
        if (!x || get_hundredths(x, p, 0, max, &h, error) < 0)
            return NULL;
        in.general[i] = (int32_t)h;
    }

    json_t *arr = require(input, "items", "items", error);
    if (!arr)
        return NULL;
    if (!json_is_array(arr)) {
        *error = make_error("invalid_type", "items", "Giá trị của trường này phải là mảng.");
        return NULL;
    }
    size_t n = json_array_size(arr);
    if (n == 0 || n > SCORE_MAX_ITEMS) {
        *error = make_error("invalid_value", "items", "Cần từ 1 đến 1000 nhiệm vụ, sản phẩm được giao.");
        return NULL;
    }
    items = calloc(n, sizeof *items);
    if (!items) {
        *error = make_error("internal", NULL, "Không đủ bộ nhớ.");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(arr, i);
        char where[32];
        path(where, sizeof where, "items[%zu]", i);
        if (check_object(it, where, ikeys, error) < 0)
            goto out;
        long long x;
        json_t *f;
        items[i].weight = 100;
        if ((f = json_object_get(it, "weight"))) {
            if (get_hundredths(f, path(p, sizeof p, "%s.weight", where), 1, SCORE_MAX_WEIGHT, &x, error) < 0)
                goto out;
            items[i].weight = (int32_t)x;
        }
        static const char *const ints[] = {"assigned", "completed", "quality_failures", "delays"};
        int32_t *dst[] = {&items[i].assigned, &items[i].completed, &items[i].quality_failures,
                          &items[i].delays};
        for (int k = 0; k < 4; k++) {
            path(p, sizeof p, "%s.%s", where, ints[k]);
            f = json_object_get(it, ints[k]);
            if (!f && k < 2) {
                *error = make_error("missing_field", p, "Thiếu trường bắt buộc này.");
                goto out;
            }
            if (f && get_int(f, p, 0, k < 2 ? SCORE_MAX_QTY : SCORE_MAX_EVENTS, &x, error) < 0)
                goto out;
            *dst[k] = f ? (int32_t)x : 0;
        }
        if (json_object_get(it, "name") &&
            !get_str(json_object_get(it, "name"), path(p, sizeof p, "%s.name", where), error))
            goto out;
        if ((f = json_object_get(it, "objective")) &&
            get_bool(f, path(p, sizeof p, "%s.objective", where), &items[i].objective, error) < 0)
            goto out;
        json_t *reason = json_object_get(it, "objective_reason");
        const char *rs = NULL;
        path(p, sizeof p, "%s.objective_reason", where);
        if (reason && get_nonempty(reason, p, &rs, error) < 0)
            goto out;
        if (items[i].objective && !reason) {
            *error = make_error("missing_field", p,
                                "Nguyên nhân khách quan phải được ghi rõ và xác nhận "
                                "(NĐ 335/2025/NĐ-CP Điều 14).");
            goto out;
        }
        if (!items[i].objective && reason) {
            *error = make_error("invalid_value", p,
                                "Chỉ ghi nguyên nhân khách quan khi \"objective\" là true.");
            goto out;
        }
    }
    in.items = items;
    in.nitems = n;

    json_t *l = json_object_get(input, "leader");
    if (leader && !l) {
        *error = make_error("missing_field", "leader",
                            "Người giữ chức vụ lãnh đạo, quản lý cần các thành phần d, đ, e "
                            "(NĐ 335/2025/NĐ-CP Điều 15).");
        goto out;
    }
    if (!leader && l) {
        *error = make_error("invalid_value", "leader",
                            "Chỉ dùng \"leader\" khi \"role\" là \"leader\".");
        goto out;
    }
    if (leader) {
        if (check_object(l, "leader", lkeys, error) < 0)
            goto out;
        long long x;
        json_t *f = require(l, "subordinates_total", "leader.subordinates_total", error);
        if (!f || get_int(f, "leader.subordinates_total", 0, 1000000, &x, error) < 0)
            goto out;
        in.lead.subordinates_total = (int32_t)x;
        f = require(l, "subordinates_kht", "leader.subordinates_kht", error);
        if (!f || get_int(f, "leader.subordinates_kht", 0, in.lead.subordinates_total, &x, error) < 0)
            goto out;
        in.lead.subordinates_kht = (int32_t)x;
        f = require(l, "organising", "leader.organising", error);
        if (!f || get_hundredths(f, "leader.organising", 0, 10000, &x, error) < 0)
            goto out;
        in.lead.organising_bp = (int32_t)x;
        f = require(l, "unity", "leader.unity", error);
        if (!f || get_hundredths(f, "leader.unity", 0, 10000, &x, error) < 0)
            goto out;
        in.lead.unity_bp = (int32_t)x;
    }

    struct score_result r;
    int rc = score_period(g, &in, &r);
    if (rc == SCORE_ENOTASKS) {
        *error = make_error("invalid_value", "items",
                            "Tổng số sản phẩm được giao (quy đổi) bằng 0: không tính được tỷ lệ "
                            "số lượng, chất lượng, tiến độ (NĐ 335/2025/NĐ-CP Điều 14).");
        goto out;
    }
    if (rc < 0) {
        *error = make_error("invalid_value", NULL, "Dữ liệu không hợp lệ để tính điểm.");
        goto out;
    }
    char ds[11];
    date_format_iso(on, ds);
    json_t *comp = json_pack("{s:o, s:o, s:o}", "a", hstr(r.a_bp), "b", hstr(r.b_bp), "c",
                             hstr(r.c_bp));
    if (leader) {
        json_object_set_new(comp, "d", hstr(r.d_bp));
        json_object_set_new(comp, "dd", hstr(r.dd_bp));
        json_object_set_new(comp, "e", hstr(r.e_bp));
    }
    res = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:i, s:o, s:s, s:{s:i, s:i, s:i, s:s}, s:o}",
                    "rule", "score",
                    "regime", g->name,
                    "regime_code", g->code,
                    "regime_date", ds,
                    "category", category_code(cat),
                    "role", leader ? "leader" : "staff",
                    "general", hstr(r.general),
                    "task", hstr(r.task),
                    "score", hstr(r.total),
                    "score_hundredths", (int)r.total,
                    "components", comp,
                    "band", rating_level_code(r.band),
                    "parameters",
                    "task_max", g->task_max / 100,
                    "divisor", leader ? g->leader_divisor : g->nonleader_divisor,
                    "deduction_percent", g->deduction_bp / 100,
                    "rounding", g->score_rounding == SCORE_ROUND_HALF_UP ? "half_up" : "down",
                    "explain", explain_array(r.explain[0], sizeof r.explain[0], r.nexplain));
out:
    free(items);
    return res;
}

/* ======================================================================
 * rating: the year's level
 * ====================================================================== */

static int parse_periods(json_t *arr, const char *field, int32_t *dst, size_t *n, size_t cap,
                         int *absent, json_t **error)
{
    if (!json_is_array(arr)) {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là mảng.");
        return -1;
    }
    if (json_array_size(arr) > cap) {
        *error = make_error("invalid_value", field, "Quá nhiều kỳ đánh giá (tối đa 64).");
        return -1;
    }
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        char p[48];
        path(p, sizeof p, "%s[%zu]", field, i);
        if (json_is_null(x)) {
            if (absent)
                (*absent)++;
            else {
                *error = make_error("invalid_type", p, "Điểm chuyển sang phải là số.");
                return -1;
            }
            continue;
        }
        long long h;
        if (get_hundredths(x, p, 0, 10000, &h, error) < 0)
            return -1;
        if (*n >= cap) {
            *error = make_error("invalid_value", field, "Quá nhiều kỳ đánh giá (tối đa 64).");
            return -1;
        }
        dst[(*n)++] = (int32_t)h;
    }
    return 0;
}

static int parse_criteria(json_t *c, int leader, struct nd90_criteria *out, json_t **error)
{
    static const char *const keys[] = {"general", "tasks_total", "tasks_completed",
                                       "tasks_not_ensured", "tasks_over", "targets_total",
                                       "targets_completed", "targets_on_time", "targets_over",
                                       "subunits_total", "subunits_htnv_or_above",
                                       "subunits_htt_or_above", NULL};
    if (check_object(c, "criteria", keys, error) < 0)
        return -1;
    json_t *v = require(c, "general", "criteria.general", error);
    const char *s = v ? get_str(v, "criteria.general", error) : NULL;
    if (!s)
        return -1;
    if (!strcmp(s, "good"))
        out->general = GEN_GOOD;
    else if (!strcmp(s, "meets"))
        out->general = GEN_MEETS;
    else if (!strcmp(s, "fails"))
        out->general = GEN_FAILS;
    else {
        *error = make_error("invalid_value", "criteria.general",
                            "Dùng \"good\" (tốt), \"meets\" (đạt) hoặc \"fails\" (không đạt) "
                            "(NĐ 90/2020/NĐ-CP Điều 3).");
        return -1;
    }
    int *dst[] = {&out->tasks_total, &out->tasks_completed, &out->tasks_not_ensured,
                  &out->tasks_over, &out->targets_total, &out->targets_completed,
                  &out->targets_on_time, &out->targets_over, &out->subunits_total,
                  &out->subunits_htnv_or_above, &out->subunits_htt_or_above};
    for (int k = 0; k < 11; k++) {
        char p[64];
        path(p, sizeof p, "criteria.%s", keys[k + 1]);
        json_t *x = json_object_get(c, keys[k + 1]);
        int needed = k < 2 || (leader && (k == 4 || k == 5));
        if (!x && needed) {
            *error = make_error("missing_field", p, "Thiếu trường bắt buộc này.");
            return -1;
        }
        if (x && k >= 4 && !leader) {
            *error = make_error("invalid_value", p,
                                "Điều kiện về đơn vị chỉ dùng cho người giữ chức vụ lãnh đạo, quản lý.");
            return -1;
        }
        long long val = 0;
        if (x && get_int(x, p, k == 0 || k == 4 ? 1 : 0, 100000, &val, error) < 0)
            return -1;
        *dst[k] = (int)val;
    }
    /* consistency */
    const char *bad = NULL;
    if (out->tasks_completed > out->tasks_total)
        bad = "criteria.tasks_completed";
    else if (out->tasks_not_ensured > out->tasks_completed)
        bad = "criteria.tasks_not_ensured";
    else if (out->tasks_over > out->tasks_completed)
        bad = "criteria.tasks_over";
    else if (leader && out->targets_completed > out->targets_total)
        bad = "criteria.targets_completed";
    else if (leader && out->targets_on_time > out->targets_completed)
        bad = "criteria.targets_on_time";
    else if (leader && out->targets_over > out->targets_completed)
        bad = "criteria.targets_over";
    else if (leader && out->subunits_htnv_or_above > out->subunits_total)
        bad = "criteria.subunits_htnv_or_above";
    else if (leader && out->subunits_htt_or_above > out->subunits_htnv_or_above)
        bad = "criteria.subunits_htt_or_above";
    if (bad) {
        *error = make_error("invalid_value", bad,
                            "Số liệu không nhất quán (ví dụ: số hoàn thành lớn hơn số được giao).");
        return -1;
    }
    return 0;
}

json_t *rules_eval_rating(json_t *input, json_t **error)
{
    static const char *const allowed[] = {"year", "category", "role", "periods", "carried_over",
                                          "criteria", "degradation", "unit_corruption",
                                          "discipline", "absence_months", "maternity", NULL};
    static const char *const dkeys[] = {"violation", "kind", "form", "effective_date",
                                        "prior_kht_year", NULL};
    if (check_object(input, NULL, allowed, error) < 0)
        return NULL;
    long long year;
    json_t *v = require(input, "year", "year", error);
    if (!v || get_int(v, "year", 2000, 2200, &year, error) < 0)
        return NULL;
    struct rating_input in = {.year = (int)year};
    if (get_category(input, &in.category, error) < 0 || get_role(input, &in.leader, error) < 0)
        return NULL;
    const struct eval_regime *g = regime_for_year(in.category, in.year);
    if (!g || g->legacy) {
        *error = not_applicable("year", g,
                                "Xếp loại theo quy tắc chỉ tính từ NĐ 90/2020/NĐ-CP (năm 2020); "
                                "kết quả trước đó (NĐ 56/2015/NĐ-CP) chỉ được lưu trữ:");
        return NULL;
    }

    int32_t periods[SCORE_MAX_PERIODS];
    size_t np = 0;
    json_t *pv = json_object_get(input, "periods");
    json_t *cv = json_object_get(input, "carried_over");
    json_t *crit = json_object_get(input, "criteria");
    if (g->scored) {
        if (crit) {
            *error = not_applicable("criteria", g, "Xếp loại theo tiêu chí (NĐ 90/2020)");
            return NULL;
        }
        if (cv) {
            size_t before = np;
            if (parse_periods(cv, "carried_over", periods, &np, SCORE_MAX_PERIODS, NULL, error) < 0)
                return NULL;
            in.carried_over = (int)(np - before);
        }
        if (!pv) {
            *error = make_error("missing_field", "periods",
                                "Thiếu điểm các kỳ đánh giá (NĐ 335/2025/NĐ-CP Điều 21).");
            return NULL;
        }
        if (parse_periods(pv, "periods", periods, &np, SCORE_MAX_PERIODS, &in.periods_absent,
                          error) < 0)
            return NULL;
        if (json_array_size(pv) == 0 && np == 0) {
            *error = make_error("invalid_value", "periods", "Cần ít nhất một kỳ đánh giá.");
            return NULL;
        }
        in.periods = periods;
        in.nperiods = np;
    } else {
        if (pv || cv) {
            *error = not_applicable(pv ? "periods" : "carried_over", g, "Điểm theo kỳ đánh giá");
            return NULL;
        }
        if (!crit) {
            *error = make_error("missing_field", "criteria",
                                "Thiếu kết quả theo tiêu chí (NĐ 90/2020/NĐ-CP Điều 3, Điều 8-15).");
            return NULL;
        }
        if (parse_criteria(crit, in.leader, &in.crit, error) < 0)
            return NULL;
    }
    if ((v = json_object_get(input, "degradation")) && get_bool(v, "degradation", &in.degradation, error) < 0)
        return NULL;
    if ((v = json_object_get(input, "unit_corruption"))) {
        if (get_bool(v, "unit_corruption", &in.unit_corruption, error) < 0)
            return NULL;
        if (!in.leader) {
            *error = make_error("invalid_value", "unit_corruption",
                                "Chỉ dùng cho người giữ chức vụ lãnh đạo, quản lý (\"role\": \"leader\").");
            return NULL;
        }
    }
    long long x;
    if ((v = json_object_get(input, "absence_months"))) {
        if (get_int(v, "absence_months", 0, 12, &x, error) < 0)
            return NULL;
        in.absence_months = (int)x;
    }
    if ((v = json_object_get(input, "maternity")) && get_bool(v, "maternity", &in.maternity, error) < 0)
        return NULL;
    if (in.maternity && in.absence_months == 0) {
        *error = make_error("invalid_value", "maternity",
                            "Nghỉ thai sản cần có số tháng nghỉ (absence_months).");
        return NULL;
    }

    struct discipline disc[MAX_DISC];
    const char *viol[MAX_DISC];
    json_t *dv = json_object_get(input, "discipline");
    if (dv) {
        if (!json_is_array(dv)) {
            *error = make_error("invalid_type", "discipline", "Giá trị của trường này phải là mảng.");
            return NULL;
        }
        if (json_array_size(dv) > MAX_DISC) {
            *error = make_error("invalid_value", "discipline", "Tối đa 100 quyết định kỷ luật.");
            return NULL;
        }
        size_t i;
        json_t *d;
        json_array_foreach(dv, i, d) {
            char where[32], p[64];
            path(where, sizeof where, "discipline[%zu]", i);
            if (check_object(d, where, dkeys, error) < 0)
                return NULL;
            const char *s;
            json_t *f = require(d, "violation", path(p, sizeof p, "%s.violation", where), error);
            if (!f || get_nonempty(f, p, &s, error) < 0)
                return NULL;
            viol[i] = s;
            disc[i].violation = (int)i;
            for (size_t j = 0; j < i; j++)
                if (!strcmp(viol[j], s)) {
                    disc[i].violation = disc[j].violation;
                    break;
                }
            f = require(d, "kind", path(p, sizeof p, "%s.kind", where), error);
            if (!f || !(s = get_str(f, p, error)))
                return NULL;
            if (!strcmp(s, "party"))
                disc[i].kind = DISC_PARTY;
            else if (!strcmp(s, "administrative"))
                disc[i].kind = DISC_ADMIN;
            else {
                *error = make_error("invalid_value", p, "Dùng \"party\" (Đảng) hoặc \"administrative\" (hành chính).");
                return NULL;
            }
            f = require(d, "form", path(p, sizeof p, "%s.form", where), error);
            if (!f || !(s = get_str(f, p, error)))
                return NULL;
            if (!(disc[i].form = disc_form_parse(s))) {
                *error = make_error("invalid_value", p,
                                    "Hình thức kỷ luật không hợp lệ: khien_trach, canh_cao, "
                                    "ha_bac_luong, giang_chuc, cach_chuc, buoc_thoi_viec, khai_tru.");
                return NULL;
            }
            f = require(d, "effective_date", path(p, sizeof p, "%s.effective_date", where), error);
            cdate ed;
            if (!f || get_date(f, p, &ed, error) < 0)
                return NULL;
            int yy, mm, dd;
            date_to_ymd(ed, &yy, &mm, &dd);
            disc[i].effective_year = yy;
            disc[i].prior_kht_year = 0;
            if ((f = json_object_get(d, "prior_kht_year"))) {
                if (get_int(f, path(p, sizeof p, "%s.prior_kht_year", where), 2000, in.year - 1, &x,
                            error) < 0)
                    return NULL;
                disc[i].prior_kht_year = (int)x;
            }
        }
        in.disc = disc;
        in.ndisc = json_array_size(dv);
    }

    struct rating_result r;
    if (rating_compute(&in, &r) < 0) {
        *error = make_error("invalid_value", NULL, "Dữ liệu không hợp lệ để xếp loại.");
        return NULL;
    }
    json_t *trig = json_array();
    static const struct { unsigned bit; const char *code; } bits[] = {
        {KHT_SCORE, "score"}, {KHT_DEGRADATION, "degradation"}, {KHT_DISCIPLINE, "discipline"},
        {KHT_CORRUPTION, "unit_corruption"}, {KHT_CRITERIA_B, "criteria_b"},
        {KHT_UNIT_TARGETS, "unit_targets"},
    };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (r.kht & bits[i].bit)
            json_array_append_new(trig, json_string(bits[i].code));
    return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o}",
                     "rule", "rating",
                     "regime", g->name,
                     "regime_code", g->code,
                     "year", in.year,
                     "category", category_code(in.category),
                     "role", in.leader ? "leader" : "staff",
                     "level", rating_level_code(r.level),
                     "level_name", rating_level_name(r.level),
                     "base_level", rating_level_code(r.base_level),
                     "score", r.has_score ? hstr(r.score) : json_null(),
                     "score_hundredths", r.has_score ? json_integer(r.score) : json_null(),
                     "kht_triggers", trig,
                     "absence_capped", r.absence_capped,
                     "discipline_counted",
                     r.discipline_index >= 0 ? json_integer(r.discipline_index) : json_null(),
                     "explain", explain_array(r.explain[0], sizeof r.explain[0], r.nexplain));
}

/* ======================================================================
 * cap: the HTXS cap over one unit and task group
 * ====================================================================== */

static const char *rounding_code(enum cap_rounding r)
{
    return r == CAP_ROUND_CEIL ? "ceil" : r == CAP_ROUND_HALF_UP ? "half_up" : "floor";
}

static const char *rounding_vn(enum cap_rounding r)
{
    return r == CAP_ROUND_CEIL ? "làm tròn lên" : r == CAP_ROUND_HALF_UP ? "làm tròn" : "làm tròn xuống";
}

static const char *status_code(enum cap_status s)
{
    switch (s) {
    case CAP_KEPT: return "kept";
    case CAP_DEMOTED: return "demoted";
    case CAP_TIE: return "tie";
    case CAP_UNCHANGED: break;
    }
    return "unchanged";
}

/* The group part of the `cap` rule's answer from core cap_apply's summary:
 * the explanation lines (returned) and *tie ({"score","places"} without the
 * people, or JSON null). dec_no NULL: no exception. */
static json_t *cap_explain(const struct eval_regime *g, long long year, const char *unit, const char *group,
                           const struct cap_params *prm, const struct cap_summary *s, const char *dec_no,
                           cdate dec_day, json_t **tie)
{
    json_t *exp = json_array();
    char line[600], a[24], b[24];
    const char *den_vn = prm->denominator == CAP_DEN_HTT ? "số được xếp loại HTT"
                                                        : "số được xếp loại từ HTT trở lên";
    snprintf(line, sizeof line,
             "Năm %lld, %s: trong phạm vi đơn vị \"%s\", nhóm nhiệm vụ tương đồng \"%s\", số "
             "HTXS không vượt quá %d%% %s (%s).",
             year, g->name, unit, group, prm->percent, den_vn, g->cite_cap);
    json_array_append_new(exp, json_string(line));
    if (dec_no) {
        char dec_vn[11];
        date_format_vn(dec_day, dec_vn);
        snprintf(line, sizeof line,
                 "Áp dụng ngoại lệ do cấp có thẩm quyền quyết định (quyết định số %s ngày %s): "
                 "giới hạn %d%% thay cho %d%% (%s điểm b; mức tối đa %d%% là tham số chưa xác minh).",
                 dec_no, dec_vn, prm->percent, g->cap_percent, g->cite_cap,
                 g->cap_exception_max_percent);
        json_array_append_new(exp, json_string(line));
    }
    if (prm->denominator == CAP_DEN_HTT) {
        snprintf(line, sizeof line,
                 "Đề nghị %d HTXS, %d HTT. Số HTT được tính sau khi áp dụng giới hạn (người HTXS "
                 "vượt giới hạn chuyển thành HTT): số chỗ HTXS là số k lớn nhất không quá %d%% × "
                 "(%d + %d − k), %s: k = %d (%s).",
                 s->proposed_htxs, s->proposed_htt, prm->percent, s->proposed_htt, s->proposed_htxs,
                 rounding_vn(prm->rounding), s->slots, g->cite_cap);
    } else {
        snprintf(line, sizeof line,
                 "Đề nghị %d HTXS, %d HTT. Mẫu số là số từ HTT trở lên (%d), không đổi khi hạ "
                 "mức: số chỗ HTXS = %d%% × %d, %s = %d (%s).",
                 s->proposed_htxs, s->proposed_htt, s->proposed_htt + s->proposed_htxs, prm->percent,
                 s->proposed_htt + s->proposed_htxs, rounding_vn(prm->rounding), s->slots, g->cite_cap);
    }
    json_array_append_new(exp, json_string(line));
    int den_final = prm->denominator == CAP_DEN_HTT ? s->final_htt : s->proposed_htt + s->proposed_htxs;
    score_format((long long)prm->percent * den_final, a, sizeof a);
    snprintf(line, sizeof line,
             "Kết quả: %d HTXS, %d HTT; kiểm tra: %d%% × %d = %s, %s được %d ≥ %d (%s).",
             s->final_htxs, s->final_htt, prm->percent, den_final, a, rounding_vn(prm->rounding),
             s->limit_at_final, s->final_htxs, g->cite_cap);
    json_array_append_new(exp, json_string(line));
    if (prm->denominator == CAP_DEN_HTT && s->slots < s->proposed_htxs) {
        /* why not one more: keeping k+1 leaves one HTT fewer */
        int htt1 = s->final_htt - 1;
        score_format((long long)prm->percent * htt1, a, sizeof a);
        snprintf(line, sizeof line,
                 "Nếu giữ %d người HTXS thì chỉ còn %d HTT: %d%% × %d = %s, %s được %d < %d, "
                 "vượt giới hạn (%s).",
                 s->slots + 1, htt1, prm->percent, htt1, a, rounding_vn(prm->rounding),
                 cap_limit_of(prm, htt1), s->slots + 1, g->cite_cap);
        json_array_append_new(exp, json_string(line));
    }
    if (s->demoted || s->ties) {
        snprintf(line, sizeof line,
                 "Những người đề nghị HTXS được xếp theo điểm từ cao xuống thấp; %d người giữ mức "
                 "HTXS, %d người vượt giới hạn chuyển thành HTT (%s).",
                 s->kept, s->demoted, g->cite_cap);
        json_array_append_new(exp, json_string(line));
    }
    *tie = json_null();
    if (s->ties) {
        score_format(s->tie_score, b, sizeof b);
        snprintf(line, sizeof line,
                 "%d người cùng %s điểm ở ranh giới tranh %d chỗ HTXS còn lại: Hội đồng đánh giá "
                 "xem xét, quyết định; phần mềm không tự quyết định (%s).",
                 s->ties, b, s->tie_slots, g->cite_cap);
        json_array_append_new(exp, json_string(line));
        *tie = json_pack("{s:s, s:i}", "score", b, "places", s->tie_slots);
    }
    snprintf(line, sizeof line,
             "Cách làm tròn (%s) và mẫu số (%s) là tham số của chế độ: văn bản không quy định "
             "cách làm tròn (chưa xác minh) (%s).",
             rounding_code(prm->rounding), prm->denominator == CAP_DEN_HTT ? "htt" : "htt_or_above",
             g->cite_cap);
    json_array_append_new(exp, json_string(line));

    return exp;
}

/* The board's cap group (api/eval_rating.c) from core cap_apply's result,
 * without the per-person JSON of the `cap` rule: the same texts. */
json_t *rules_eval_cap_group(const struct eval_regime *g, int year, const char *unit, const char *group,
                             const struct cap_params *prm, const struct cap_summary *s, const int64_t *tie_ids)
{
    json_t *tie = NULL;
    json_t *exp = cap_explain(g, year, unit, group, prm, s, NULL, CDATE_NONE, &tie);
    if (s->ties) {
        json_t *tp = json_array();
        for (int i = 0; i < s->ties; i++)
            json_array_append_new(tp, json_integer(tie_ids[i]));
        json_object_set_new(tie, "people", tp);
    }
    return json_pack("{s:i, s:s, s:s, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:o, s:o}",
                     "limit_percent", prm->percent,
                     "rounding", rounding_code(prm->rounding),
                     "denominator", prm->denominator == CAP_DEN_HTT ? "htt" : "htt_or_above",
                     "counts",
                     "proposed_htxs", s->proposed_htxs,
                     "proposed_htt", s->proposed_htt,
                     "htxs_places", s->slots,
                     "final_htxs", s->final_htxs,
                     "final_htt", s->final_htt,
                     "kept", s->kept,
                     "demoted", s->demoted,
                     "tied", s->ties,
                     "tie_places", s->tie_slots,
                     "tie", tie,
                     "explain", exp);
}

json_t *rules_eval_cap(json_t *input, json_t **error)
{
    static const char *const allowed[] = {"year", "category", "unit", "task_group", "people",
                                          "exception", "rounding", "denominator", NULL};
    static const char *const pkeys[] = {"id", "score", "proposed", NULL};
    static const char *const ekeys[] = {"decision_no", "date", "limit_percent", NULL};
    struct cap_person *people = NULL;
    struct cap_rank *scratch = NULL;
    struct cap_outcome *outc = NULL;
    const char **ids = NULL;
    json_t *res = NULL;

    if (check_object(input, NULL, allowed, error) < 0)
        return NULL;
    long long year;
    json_t *v = require(input, "year", "year", error);
    if (!v || get_int(v, "year", 2000, 2200, &year, error) < 0)
        return NULL;
    enum eval_category cat;
    if (get_category(input, &cat, error) < 0)
        return NULL;
    const struct eval_regime *g = regime_for_year(cat, (int)year);
    if (!g || g->legacy) {
        *error = not_applicable("year", g, "Giới hạn tỷ lệ HTXS theo quy tắc");
        return NULL;
    }
    const char *unit, *group;
    if (!(v = require(input, "unit", "unit", error)) || get_nonempty(v, "unit", &unit, error) < 0)
        return NULL;
    if (!(v = require(input, "task_group", "task_group", error)) ||
        get_nonempty(v, "task_group", &group, error) < 0)
        return NULL;

    struct cap_params prm;
    cap_params_for(g, 0, &prm);
    if ((v = json_object_get(input, "rounding"))) {
        const char *s = get_str(v, "rounding", error);
        if (!s)
            return NULL;
        if (!strcmp(s, "floor"))
            prm.rounding = CAP_ROUND_FLOOR;
        else if (!strcmp(s, "ceil"))
            prm.rounding = CAP_ROUND_CEIL;
        else if (!strcmp(s, "half_up"))
            prm.rounding = CAP_ROUND_HALF_UP;
        else {
            *error = make_error("invalid_value", "rounding", "Dùng \"floor\", \"ceil\" hoặc \"half_up\".");
            return NULL;
        }
    }
    if ((v = json_object_get(input, "denominator"))) {
        const char *s = get_str(v, "denominator", error);
        if (!s)
            return NULL;
        if (!strcmp(s, "htt"))
            prm.denominator = CAP_DEN_HTT;
        else if (!strcmp(s, "htt_or_above"))
            prm.denominator = CAP_DEN_HTT_OR_ABOVE;
        else {
            *error = make_error("invalid_value", "denominator", "Dùng \"htt\" hoặc \"htt_or_above\".");
            return NULL;
        }
    }
    const char *dec_no = NULL;
    char dec_date[11] = "";
    cdate dec_day = CDATE_NONE;
    json_t *ex = json_object_get(input, "exception");
    if (ex) {
        if (check_object(ex, "exception", ekeys, error) < 0)
            return NULL;
        if (!(v = require(ex, "decision_no", "exception.decision_no", error)) ||
            get_nonempty(v, "exception.decision_no", &dec_no, error) < 0)
            return NULL;
        if (!(v = require(ex, "date", "exception.date", error)) ||
            get_date(v, "exception.date", &dec_day, error) < 0)
            return NULL;
        date_format_iso(dec_day, dec_date);
        long long lim;
        if (!(v = require(ex, "limit_percent", "exception.limit_percent", error)))
            return NULL;
        if (!json_is_integer(v)) {
            *error = make_error("invalid_type", "exception.limit_percent", "Giá trị của trường này phải là số nguyên.");
            return NULL;
        }
        lim = json_integer_value(v);
        if (lim <= g->cap_percent || lim > g->cap_exception_max_percent) {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "Tỷ lệ ngoại lệ phải lớn hơn %d%% và không quá %d%% (%s; mức tối đa %d%% là "
                     "tham số chưa xác minh).",
                     g->cap_percent, g->cap_exception_max_percent, g->cite_cap,
                     g->cap_exception_max_percent);
            *error = make_error("invalid_value", "exception.limit_percent", msg);
            return NULL;
        }
        prm.percent = (int)lim;
    }

    json_t *arr = require(input, "people", "people", error);
    if (!arr)
        return NULL;
    if (!json_is_array(arr)) {
        *error = make_error("invalid_type", "people", "Giá trị của trường này phải là mảng.");
        return NULL;
    }
    size_t n = json_array_size(arr);
    if (n > MAX_PEOPLE) {
        *error = make_error("invalid_value", "people", "Tối đa 100000 người trong một nhóm.");
        return NULL;
    }
    people = calloc(n ? n : 1, sizeof *people);
    scratch = calloc(n ? n : 1, sizeof *scratch);
    outc = calloc(n ? n : 1, sizeof *outc);
    ids = calloc(n ? n : 1, sizeof *ids);
    if (!people || !scratch || !outc || !ids) {
        *error = make_error("internal", NULL, "Không đủ bộ nhớ.");
        goto out;
    }
    json_t *ids_seen = json_object();
    int bad = 1;
    for (size_t i = 0; i <= n; i++) {
        if (i == n) {
            bad = 0;
            break;
        }
        json_t *pe = json_array_get(arr, i);
        char where[32], p[64];
        path(where, sizeof where, "people[%zu]", i);
        if (check_object(pe, where, pkeys, error) < 0)
            break;
        json_t *f = require(pe, "id", path(p, sizeof p, "%s.id", where), error);
        if (!f || get_nonempty(f, p, &ids[i], error) < 0)
            break;
        if (json_object_get(ids_seen, ids[i])) {
            *error = make_error("invalid_value", p, "Mã người bị trùng trong danh sách.");
            break;
        }
        json_object_set_new(ids_seen, ids[i], json_true());
        long long h;
        f = require(pe, "score", path(p, sizeof p, "%s.score", where), error);
        if (!f || get_hundredths(f, p, 0, 10000, &h, error) < 0)
            break;
        people[i].score = (int32_t)h;
        f = require(pe, "proposed", path(p, sizeof p, "%s.proposed", where), error);
        const char *s = f ? get_str(f, p, error) : NULL;
        if (!s)
            break;
        if (!(people[i].proposed = rating_level_parse(s))) {
            *error = make_error("invalid_value", p, "Mức đề nghị phải là \"HTXS\", \"HTT\", \"HTNV\" hoặc \"KHT\".");
            break;
        }
    }
    json_decref(ids_seen);
    if (bad)
        goto out;

    struct cap_summary s;
    if (cap_apply(&prm, people, n, scratch, outc, &s) < 0) {
        *error = make_error("invalid_value", NULL, "Dữ liệu không hợp lệ để áp dụng giới hạn.");
        goto out;
    }

    json_t *tie = NULL;
    json_t *exp = cap_explain(g, year, unit, group, &prm, &s, ex ? dec_no : NULL, dec_day, &tie);
    if (s.ties) {
        json_t *tp = json_array();
        for (size_t i = 0; i < n; i++)
            if (outc[i].status == CAP_TIE)
                json_array_append_new(tp, json_string(ids[i]));
        json_object_set_new(tie, "people", tp);
    }

    json_t *plist = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:o, s:s, s:s, s:s, s:o}",
                              "id", ids[i],
                              "score", hstr(people[i].score),
                              "proposed", rating_level_code(people[i].proposed),
                              "final", outc[i].status == CAP_TIE ? "council"
                                                                 : rating_level_code(outc[i].final),
                              "status", status_code(outc[i].status),
                              "rank", outc[i].rank ? json_integer(outc[i].rank) : json_null());
        json_array_append_new(plist, o);
    }
    json_t *exc = ex ? json_pack("{s:s, s:s, s:i}", "decision_no", dec_no, "date", dec_date,
                                 "limit_percent", prm.percent)
                     : json_null();
    res = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:s, s:s, s:o, "
                    "s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:o, s:o, s:o}",
                    "rule", "cap",
                    "regime", g->name,
                    "regime_code", g->code,
                    "year", (int)year,
                    "category", category_code(cat),
                    "unit", unit,
                    "task_group", group,
                    "limit_percent", prm.percent,
                    "rounding", rounding_code(prm.rounding),
                    "denominator", prm.denominator == CAP_DEN_HTT ? "htt" : "htt_or_above",
                    "exception", exc,
                    "counts",
                    "proposed_htxs", s.proposed_htxs,
                    "proposed_htt", s.proposed_htt,
                    "htxs_places", s.slots,
                    "final_htxs", s.final_htxs,
                    "final_htt", s.final_htt,
                    "kept", s.kept,
                    "demoted", s.demoted,
                    "tied", s.ties,
                    "tie_places", s.tie_slots,
                    "tie", tie,
                    "people", plist,
                    "explain", exp);
out:
    free(people);
    free(scratch);
    free(outc);
    free(ids);
    return res;
}
