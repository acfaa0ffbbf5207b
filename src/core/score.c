/* Period and annual scores, NĐ 335/2025/NĐ-CP (see score.h).
 *
 * Exactness. Let U = Σ weight·assigned (standard units ×100). With R = 10000
 * (basis points):
 *   A = min(Σ weight·completed·R, U·R)                      quantity  a = A/(U·R)
 *   B = min(Σ weight·completed·q_i, U·R), q_i = max(0, R − n_q·deduction)   quality b
 *   C = min(Σ weight·completed·p_i, U·R), p_i = max(0, R − n_d·deduction)   progress c
 *   leaders: D = d·U, DD = đ·U, E = e·U (d, đ, e in basis points)
 *   task = task_max · (A+B+C[+D+DD+E]) / (divisor · U · R)
 * computed in unsigned 128-bit integers and rounded once by score_round. */
#include "core/score.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define R 10000u

int64_t score_round(const struct eval_regime *g, uint64_t num, uint64_t den)
{
    if (den == 0)
        return 0;
    if (g && g->score_rounding == SCORE_ROUND_HALF_UP)
        return (int64_t)((num + den / 2) / den); /* half-up: n/d + 1/2, floored */
    return (int64_t)(num / den);
}

/* The same rounding on 128-bit operands (the task score). */
static int64_t round128(const struct eval_regime *g, u128 num, u128 den)
{
    if (g && g->score_rounding == SCORE_ROUND_HALF_UP)
        return (int64_t)((2 * num + den) / (2 * den));
    return (int64_t)(num / den);
}

void score_format(int64_t h, char *buf, size_t size)
{
    if (h < 0)
        snprintf(buf, size, "-%lld.%02lld", (long long)(-h / 100), (long long)(-h % 100));
    else
        snprintf(buf, size, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

static void bp_format(int32_t bp, char *buf, size_t size)
{
    score_format(bp, buf, size); /* basis points are hundredths of a percent */
}

static void add(struct score_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct score_result *r, const char *fmt, ...)
{
    if (r->nexplain >= SCORE_EXPLAIN_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *line = r->explain[r->nexplain++];
    int n = vsnprintf(line, SCORE_EXPLAIN_LEN, fmt, ap);
    va_end(ap);
    if (n >= SCORE_EXPLAIN_LEN) { /* truncated: never cut a UTF-8 sequence */
        size_t k = SCORE_EXPLAIN_LEN - 1;
        while (k > 0 && ((unsigned char)line[k] & 0xC0) == 0x80)
            k--;
        line[k] = '\0';
    }
}

static u128 umin(u128 a, u128 b)
{
    return a < b ? a : b;
}

static uint32_t factor_bp(const struct eval_regime *g, int32_t events, int objective)
{
    if (objective)
        return R;
    int64_t f = (int64_t)R - (int64_t)events * g->deduction_bp;
    return f > 0 ? (uint32_t)f : 0;
}

int score_period(const struct eval_regime *g, const struct score_input *in,
                 struct score_result *out)
{
    if (!g || !in || !out)
        return SCORE_EINVAL;
    memset(out, 0, sizeof *out);
    out->regime = g;
    if (!g->scored)
        return SCORE_ENOSCALE;
    if (in->nitems > SCORE_MAX_ITEMS || (in->nitems && !in->items))
        return SCORE_EINVAL;

    /* General criteria (Art. 12(2)): three groups, maxima default 10/10/10 [M]. */
    int32_t gmax[3];
    int custom = in->group_max[0] || in->group_max[1] || in->group_max[2];
    int64_t msum = 0;
    for (int i = 0; i < 3; i++) {
        gmax[i] = custom ? in->group_max[i] : g->group_max[i];
        if (gmax[i] < 0)
            return SCORE_EGROUPS;
        msum += gmax[i];
    }
    if (msum != g->general_max)
        return SCORE_EGROUPS;
    int32_t general = 0;
    for (int i = 0; i < 3; i++) {
        if (in->general[i] < 0 || in->general[i] > gmax[i])
            return SCORE_EGROUPS;
        general += in->general[i];
    }
    out->general = general;

    /* Task results (Art. 14): items in standard units. */
    u128 U = 0, A = 0, B = 0, C = 0;
    for (size_t i = 0; i < in->nitems; i++) {
        const struct score_item *it = &in->items[i];
        if (it->weight < 1 || it->weight > SCORE_MAX_WEIGHT || it->assigned < 0 ||
            it->assigned > SCORE_MAX_QTY || it->completed < 0 || it->completed > SCORE_MAX_QTY ||
            it->quality_failures < 0 || it->quality_failures > SCORE_MAX_EVENTS ||
            it->delays < 0 || it->delays > SCORE_MAX_EVENTS)
            return SCORE_EINVAL;
        u128 wa = (u128)(uint32_t)it->weight * (uint32_t)it->assigned;
        u128 wc = (u128)(uint32_t)it->weight * (uint32_t)it->completed;
        U += wa;
        A += wc * R;
        B += wc * factor_bp(g, it->quality_failures, it->objective);
        C += wc * factor_bp(g, it->delays, it->objective);
    }
    if (U == 0)
        return SCORE_ENOTASKS;
    u128 full = U * R;
    A = umin(A, full);
    B = umin(B, full);
    C = umin(C, full);
    out->a_bp = (int32_t)(A / U);
    out->b_bp = (int32_t)(B / U);
    out->c_bp = (int32_t)(C / U);
    u128 sum = A + B + C;
    int divisor = g->nonleader_divisor;

    char pa[16], pb[16], pc[16];
    bp_format(out->a_bp, pa, sizeof pa);
    bp_format(out->b_bp, pb, sizeof pb);
    bp_format(out->c_bp, pc, sizeof pc);
    char gs[16];
    score_format(general, gs, sizeof gs);
    add(out, "Điểm tiêu chí chung = %s/30 điểm (3 nhóm, tối đa %d/%d/%d điểm%s) "
             "(NĐ 335/2025/NĐ-CP Điều 12 khoản 2).",
        gs, gmax[0] / 100, gmax[1] / 100, gmax[2] / 100,
        custom ? " theo cơ quan quy định" : ", mặc định chưa xác minh");
    add(out, "Các sản phẩm được quy đổi ra sản phẩm tiêu chuẩn theo hệ số quy đổi; tỷ lệ a, b, c "
             "tính trên tổng sản phẩm tiêu chuẩn được giao và không vượt quá 100%% "
             "(NĐ 335/2025/NĐ-CP Điều 13, Điều 14).");
    add(out, "a) Số lượng: %s%%; b) Chất lượng: %s%%, mỗi lần không đạt yêu cầu chất lượng trừ "
             "%d%% điểm chất lượng của sản phẩm đó; c) Tiến độ: %s%%, mỗi lần chậm tiến độ trừ "
             "%d%% điểm tiến độ của sản phẩm đó; trừ trường hợp có nguyên nhân khách quan được "
             "xác nhận (NĐ 335/2025/NĐ-CP Điều 14).",
        pa, pb, g->deduction_bp / 100, pc, g->deduction_bp / 100);

    if (in->leader) {
        const struct score_leader *l = &in->lead;
        if (l->subordinates_total < 0 || l->subordinates_kht < 0 ||
            l->subordinates_kht > l->subordinates_total || l->organising_bp < 0 ||
            l->organising_bp > (int32_t)R || l->unity_bp < 0 || l->unity_bp > (int32_t)R)
            return SCORE_EINVAL;
        out->d_bp = l->subordinates_kht > 0 ? g->leader_kht_unit_bp : (int32_t)R;
        out->dd_bp = l->organising_bp;
        out->e_bp = l->unity_bp;
        sum += (u128)(uint32_t)out->d_bp * U + (u128)(uint32_t)out->dd_bp * U +
               (u128)(uint32_t)out->e_bp * U;
        divisor = g->leader_divisor;
        char pd[16], pdd[16], pe[16];
        bp_format(out->d_bp, pd, sizeof pd);
        bp_format(out->dd_bp, pdd, sizeof pdd);
        bp_format(out->e_bp, pe, sizeof pe);
        if (l->subordinates_kht > 0)
            add(out, "d) Kết quả hoạt động của cơ quan, đơn vị: %d/%d công chức thuộc quyền ở mức "
                     "KHT nên tỷ lệ là %s%% (NĐ 335/2025/NĐ-CP Điều 15).",
                l->subordinates_kht, l->subordinates_total, pd);
        else
            add(out, "d) Kết quả hoạt động của cơ quan, đơn vị: 100%% công chức thuộc quyền "
                     "(%d người) đạt từ mức HTNV trở lên nên tỷ lệ là %s%% "
                     "(NĐ 335/2025/NĐ-CP Điều 15).",
                l->subordinates_total, pd);
        add(out, "đ) Khả năng tổ chức triển khai nhiệm vụ: %s%%; e) Năng lực tập hợp, đoàn kết: "
                 "%s%% (NĐ 335/2025/NĐ-CP Điều 15; các mức dưới 100%% và thành phần e chưa xác "
                 "minh).", pdd, pe);
    }

    u128 den = (u128)(uint32_t)divisor * U * R;
    out->task = (int32_t)round128(g, (u128)(uint32_t)g->task_max * sum, den);
    out->total = out->general + out->task;
    out->band = rating_band(g, out->total);

    char ts[16], tot[16];
    score_format(out->task, ts, sizeof ts);
    score_format(out->total, tot, sizeof tot);
    if (in->leader)
        add(out, "Điểm kết quả thực hiện nhiệm vụ = %d × (a + b + c + d + đ + e) / %d = %s điểm, "
                 "%s đến 0.01 điểm (NĐ 335/2025/NĐ-CP Điều 16 khoản 2; công thức và hệ số chia "
                 "là tham số chưa xác minh).",
            g->task_max / 100, divisor, ts,
            g->score_rounding == SCORE_ROUND_HALF_UP ? "làm tròn" : "lấy phần nguyên (cắt bỏ)");
    else
        add(out, "Điểm kết quả thực hiện nhiệm vụ = %d × (a + b + c) / %d = %s điểm, %s đến "
                 "0.01 điểm (NĐ 335/2025/NĐ-CP Điều 16 khoản 1; công thức và hệ số chia là tham "
                 "số chưa xác minh).",
            g->task_max / 100, divisor, ts,
            g->score_rounding == SCORE_ROUND_HALF_UP ? "làm tròn" : "lấy phần nguyên (cắt bỏ)");
    add(out, "Tổng điểm kỳ = %s + %s = %s điểm, thuộc khung %s (NĐ 335/2025/NĐ-CP Điều 12, "
             "Điều 20).", gs, ts, tot, rating_level_code(out->band));
    return 0;
}

int score_leader_subordinates(const struct eval_regime *g, const int32_t *scores, size_t n,
                              struct score_leader *l)
{
    if (!g || !l || (n && !scores) || n > INT32_MAX)
        return -1;
    int32_t kht = 0;
    for (size_t i = 0; i < n; i++) {
        if (scores[i] < 0 || scores[i] > 10000)
            return -1;
        if (rating_band(g, scores[i]) == LEVEL_KHT)
            kht++;
    }
    l->subordinates_total = (int32_t)n;
    l->subordinates_kht = kht;
    return 0;
}

int score_annual(const struct eval_regime *g, const int32_t *p, size_t n, int32_t *avg)
{
    if (!p || n == 0 || n > SCORE_MAX_PERIODS || !avg)
        return -1;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0 || p[i] > 10000)
            return -1;
        sum += (uint64_t)p[i];
    }
    *avg = (int32_t)score_round(g, sum, n);
    return 0;
}
