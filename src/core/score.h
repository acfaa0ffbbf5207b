/* Evaluation by product: the period score on the 100-point scale,
 * NĐ 335/2025/NĐ-CP Art. 12 (30 general + 70 task results), Art. 14
 * (non-leaders: quantity a, quality b, progress c), Art. 15-16 (leaders: d,
 * đ, e), Art. 21 (annual score = average of the period scores).
 *
 * Exact integer arithmetic: points are hundredths (8999 = 89.99), ratios are
 * exact rationals; the one rounding of a score is score_round(). */
#ifndef CANBO_CORE_SCORE_H
#define CANBO_CORE_SCORE_H
#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"
#include "core/regime.h"

/* Input limits (checked; keep every product inside 128-bit exactly). */
#define SCORE_MAX_ITEMS 1000
#define SCORE_MAX_WEIGHT 100000   /* 1000.00 standard units per product */
#define SCORE_MAX_QTY 1000000
#define SCORE_MAX_EVENTS 100      /* failed reviews / delays per item */
#define SCORE_MAX_PERIODS 64

/* One assigned work item: `assigned` products of one type, converted to
 * standard units with `weight` (the conversion norm, hundredths). */
struct score_item {
    int32_t weight;           /* hundredths of a standard unit per product, >= 1 */
    int32_t assigned;         /* products assigned, >= 0 (the sum over items must be > 0) */
    int32_t completed;        /* products completed, >= 0 (may exceed assigned) */
    int32_t quality_failures; /* failed quality reviews on this item */
    int32_t delays;           /* delays on this item */
    int objective;            /* 1: cause objective and confirmed => no deduction */
};

struct score_leader {
    int32_t subordinates_total; /* subordinate công chức scored in the period */
    int32_t subordinates_kht;   /* of which scored at KHT level */
    int32_t organising_bp;      /* đ) khả năng tổ chức triển khai, basis points 0..10000 */
    int32_t unity_bp;           /* e) năng lực tập hợp, đoàn kết, basis points 0..10000 */
};

struct score_input {
    int leader;
    int32_t general[3];   /* the three general-criteria groups, hundredths */
    int32_t group_max[3]; /* their maxima; all 0 = the regime's default split */
    const struct score_item *items;
    size_t nitems;
    struct score_leader lead; /* leaders only */
};

#define SCORE_EXPLAIN_MAX 12
#define SCORE_EXPLAIN_LEN 640

struct score_result {
    const struct eval_regime *regime;
    int32_t general; /* hundredths, exact */
    int32_t task;    /* hundredths, rounded once (score_round) */
    int32_t total;   /* general + task */
    /* Component ratios in basis points, truncated, for display only (the
     * score is computed from the exact ratios). */
    int32_t a_bp, b_bp, c_bp, d_bp, dd_bp, e_bp;
    enum rating_level band; /* Art. 20 band of `total` */
    int nexplain;
    char explain[SCORE_EXPLAIN_MAX][SCORE_EXPLAIN_LEN];
};

enum {
    SCORE_EINVAL = -1,    /* out-of-range input */
    SCORE_ENOTASKS = -2,  /* nothing assigned: a, b, c undefined */
    SCORE_ENOSCALE = -3,  /* the regime has no 100-point score */
    SCORE_EGROUPS = -4,   /* a general group above its maximum / maxima do not sum to 30 */
};

/* num/den rounded to an integer by the regime's score rounding (the single
 * rounding place). den > 0. */
int64_t score_round(const struct eval_regime *regime, uint64_t num, uint64_t den);

/* The period score. Returns 0 or a negative SCORE_E* code. */
int score_period(const struct eval_regime *regime, const struct score_input *in,
                 struct score_result *out);

/* Component d of a leader (Art. 15): the subordinate công chức scored in the
 * period and how many of them fall in the KHT band of `regime` (a period
 * score below band_htnv). Sets subordinates_total and subordinates_kht of
 * *l; leaves đ and e alone. -1 when a score is outside 0..10000 or n is too
 * large (INT32_MAX). No subordinate scored leaves d at 100% (nobody is KHT). */
int score_leader_subordinates(const struct eval_regime *regime, const int32_t *scores, size_t n,
                              struct score_leader *l);

/* Annual score (Art. 21): the average of the period scores actually worked,
 * hundredths, rounded by score_round. -1 when n == 0 or a score is outside
 * 0..10000. */
int score_annual(const struct eval_regime *regime, const int32_t *periods, size_t n,
                 int32_t *avg);

/* Writes "89.99" (hundredths, n >= 0) into buf (>= 16 bytes). */
void score_format(int64_t hundredths, char *buf, size_t size);

#endif
