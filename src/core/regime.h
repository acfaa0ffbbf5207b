/* Evaluation regimes (rules.md §0, §1): every rating, score and cap is judged
 * under the rule set in force on its reference date. A regime is a plain,
 * constant parameter block; every number the decrees do not state verbatim
 * ([M] in rules.md / addendum.md) is a named field here, documented in
 * docs/rules.md ("Evaluation by product"), never a literal in the code that uses it. */
#ifndef CANBO_CORE_REGIME_H
#define CANBO_CORE_REGIME_H
#include "core/date.h"

/* Who is rated: the decrees differ by category (NĐ 335/2025 covers công chức
 * only; NĐ 90/2020 + 48/2023 still covers viên chức and cán bộ). */
enum eval_category { CAT_CONG_CHUC = 1, CAT_VIEN_CHUC = 2, CAT_CAN_BO = 4 };

enum regime_id {
    REGIME_ND56_2015 = 1,  /* legacy, storage only (NĐ 56/2015, levels incl. "còn hạn chế") */
    REGIME_ND90_2020 = 2,  /* NĐ 90/2020 before NĐ 48/2023 (20/8/2020 - 14/9/2023) */
    REGIME_ND90_48_2023 = 3, /* NĐ 90/2020 as amended by NĐ 48/2023 (from 15/9/2023) */
    REGIME_ND335_2025 = 4, /* NĐ 335/2025 (công chức, from 1/1/2026), 100-point scale */
    REGIME_LUAT_CBCC_2008 = 5, /* legacy, storage only: Luật CBCC 2008 Art. 29/58 levels (1/1/2010 - 31/7/2015) */
    REGIME_PRE_2010 = 6,   /* legacy, storage only: before 1/1/2010, level text as in the source decision */
};
#define REGIME_ID_MIN REGIME_ND56_2015
#define REGIME_ID_MAX REGIME_PRE_2010

/* How a count of allowed HTXS is rounded (the texts state no rule). */
enum cap_rounding { CAP_ROUND_FLOOR = 0, CAP_ROUND_CEIL = 1, CAP_ROUND_HALF_UP = 2 };
/* What the cap percentage is taken of. */
enum cap_denominator { CAP_DEN_HTT = 0, CAP_DEN_HTT_OR_ABOVE = 1 };
/* How an exact score is rounded to hundredths of a point (the one rounding
 * place of the score: score_round() in core/score.c). */
enum score_rounding { SCORE_ROUND_DOWN = 0, SCORE_ROUND_HALF_UP = 1 };

struct eval_regime {
    enum regime_id id;
    const char *code;  /* stable machine code, e.g. "nd335_2025" */
    const char *name;  /* e.g. "NĐ 335/2025/NĐ-CP" */
    int legacy;        /* 1: levels are only stored (no computation) */
    int scored;        /* 1: 100-point scale (period and annual scores) */
    /* Legacy regimes: which enum legacy_level values exist (bit 1 << level),
     * or free_levels = 1 when no level list is encoded (the level is kept as
     * the text of the source decision). */
    unsigned legacy_levels;
    int free_levels;

    /* ---- 100-point score (NĐ 335/2025 Art. 12, 14, 15, 16) ---- all in hundredths */
    int general_max;          /* 3000: general criteria, Art. 12(2) [V] */
    int group_max[3];         /* 1000/1000/1000 default split [M, code-corroborated] */
    int task_max;             /* 7000: task results, Art. 12 [V] */
    int nonleader_divisor;    /* 3: task = task_max*(a+b+c)/3 [M, code-corroborated] */
    int leader_divisor;       /* 6: task = task_max*(a+b+c+d+đ+e)/6 [M, code-corroborated] */
    int deduction_bp;         /* 2500: per failed quality review / per delay, Art. 14 [V] */
    int leader_kht_unit_bp;   /* 5000: component d when any subordinate is KHT, Art. 15 [V] */
    enum score_rounding score_rounding; /* SCORE_ROUND_DOWN [M: no text found] */

    /* ---- bands, hundredths (NĐ 335/2025 Art. 20) ---- */
    int band_htxs, band_htt, band_htnv; /* 9000, 7000, 5000 [V] */

    /* ---- criteria-based levels (NĐ 90/2020 Art. 8-15) ---- */
    int kht_b_inclusive;      /* 0: "trên 50%" (>50%) [M]; 1: "từ 50%" (>=50%) */
    int discipline_min_form;  /* minimum form that triggers KHT (enum disc_form) */
    int discipline_principles;/* 1: NĐ 48/2023 Art. 2 principles (count once) */

    /* ---- lawful absence (NĐ 90/2020 Art. 20) ---- */
    int absence_caps;         /* 1: 3-<6 months => at most HTNV, >=6 => not rated */
    int absence_cap_months;   /* 3 */
    int absence_unrated_months; /* 6 */

    /* ---- HTXS cap (NĐ 48/2023; NĐ 335/2025 Art. 20(5)) ---- */
    int cap_percent;          /* 20 */
    int cap_exception_max_percent; /* 25 [M, code-corroborated] */
    enum cap_rounding cap_rounding;     /* floor [M: no rule stated] */
    enum cap_denominator cap_denominator; /* HTT [V for NĐ 335] */

    /* Citations used in explanations. */
    const char *cite_levels;  /* where the levels/bands are */
    const char *cite_cap;     /* where the cap is */
    const char *cite_absence; /* where the absence rule is */
};

/* The regime for `category` on reference date `on` (a work year is judged on
 * its 31 December: see regime_for_year). NULL when none applies (before
 * 1/1/1990, or an unknown category). Dates before 1/8/2015 get a legacy
 * regime (levels stored only). */
const struct eval_regime *regime_find(enum eval_category category, cdate on);
/* The regime that rates work year `year` (reference date 31/12/year). */
const struct eval_regime *regime_for_year(enum eval_category category, int year);
const struct eval_regime *regime_by_id(enum regime_id id);
/* By stable code ("nd56_2015", "luat_cbcc_2008", ...); NULL when unknown. */
const struct eval_regime *regime_by_code(const char *code);
/* Applicability of a regime to a category: first and last day (inclusive;
 * last = CDATE_NONE when still in force). -1 when it never applies. */
int regime_validity(const struct eval_regime *r, enum eval_category category, cdate *from,
                    cdate *to);

#endif
