/* Recruitment exam for civil servants (thi tuyển công chức): round-1 and
 * round-2 pass rules, priority points and the ranking of winners within the
 * quota of each job position (rules.md §4, docs/rules-exam.md).
 *
 * Versioned regimes, chosen by the exam's reference date (rules.md §0):
 *   NĐ 138/2020/NĐ-CP as amended by NĐ 116/2024/NĐ-CP, until 30/6/2025;
 *   NĐ 170/2025/NĐ-CP, from 1/7/2025.
 *
 * Pure: no I/O, no allocation. Scores are integers in hundredths of a point
 * (72.50 points = 7250); comparisons are exact integer comparisons. */
#ifndef CANBO_CORE_EXAM_H
#define CANBO_CORE_EXAM_H
#include <stddef.h>

#include "core/date.h"

#define EXAM_SCORE_MAX 10000 /* 100 points, in hundredths */
#define EXAM_PASS_SCORE 5000 /* 50 points */
#define EXAM_NONE (-1)       /* a score that was not taken */
#define EXAM_R1_PARTS 3

enum exam_regime_id { EXAM_ND138 = 1, EXAM_ND170 = 2 };

/* One rule set with its period of validity. All citations are Vietnamese
 * strings used verbatim in explanations; they are kept here, in one table,
 * so that a corrected article number is corrected everywhere. */
struct exam_regime {
    enum exam_regime_id id;
    const char *code;       /* "nd138_2020", "nd170_2025" */
    const char *name;       /* "NĐ 170/2025/NĐ-CP" */
    const char *short_name; /* "NĐ 170/2025" */
    int valid_from;         /* yyyymmdd, inclusive */
    int valid_to;           /* yyyymmdd, inclusive; 0 = open */
    const char *valid_from_iso, *valid_to_iso; /* the same as text; valid_to_iso NULL = open */
    int r1_parts;           /* 3: general, foreign language, IT (NĐ 138); 1 (NĐ 170) */
    int r1_questions[EXAM_R1_PARTS]; /* question counts set by the decree */
    int r2_weight_written;  /* % of a combined round 2 (written + interview) */
    int r2_weight_interview;
    int r2_weights_fixed;   /* 1: the decree fixes them (NĐ 138); 0: the plan may set them */
    /* Priority points of trade-union officials grown from the grassroots
     * (1.5 = 150). Added by NĐ 116/2024 (from 17/9/2024) to NĐ 138; kept in
     * NĐ 170 but its value there is [M]: a parameter of the regime. */
    int trade_union_points;
    int trade_union_from;   /* yyyymmdd from which the category exists in this regime */
    const char *cite_r1, *cite_r2, *cite_priority, *cite_priority_max, *cite_winner, *cite_tie;
    const char *cite_trade_union;
};

/* The regime in force on `reference` (the exam date), or NULL when the date
 * is before the first regime encoded. */
const struct exam_regime *exam_regime_at(cdate reference);
/* All regimes, oldest first. */
const struct exam_regime *exam_regimes(size_t *n);

/* ---- Round 1: multiple choice, pass at >= 50% correct (in each part) ---- */

enum exam_part { EXAM_PART_GENERAL = 0, EXAM_PART_LANGUAGE = 1, EXAM_PART_IT = 2 };

struct exam_r1_part {
    int taken;  /* 0: not sat (exempt, or no IT part on computer) */
    int correct;
    int total;
};
struct exam_r1 {
    struct exam_r1_part part[EXAM_R1_PARTS]; /* NĐ 170: only part[0] */
};

/* 2*correct >= total. 1 pass, 0 fail, -1 invalid (total < 1, correct
 * outside 0..total). */
int exam_r1_part_pass(int correct, int total);
/* 1 pass, 0 fail, -1 invalid (general part not taken, or a part of NĐ 170
 * other than the first). *first_failed (may be NULL) is the first failed
 * part or -1. */
int exam_r1_pass(const struct exam_regime *rg, const struct exam_r1 *r1, int *first_failed);
/* "kiến thức chung", "ngoại ngữ", "tin học". */
const char *exam_part_label(enum exam_part p);
/* "general", "language", "it". */
const char *exam_part_code(enum exam_part p);

/* ---- Round 2: >= 50 points of 100; each part >= 50% when combined ---- */

enum exam_r2_form { EXAM_R2_WRITTEN = 1, EXAM_R2_INTERVIEW = 2, EXAM_R2_COMBINED = 3 };
enum exam_r2_fail {
    EXAM_R2_OK = 0,
    EXAM_R2_LOW_SCORE = 1,      /* score < 50 points */
    EXAM_R2_PART_WRITTEN = 2,   /* combined, written part < 50% */
    EXAM_R2_PART_INTERVIEW = 4, /* combined, interview part < 50% */
};
struct exam_r2 {
    int written;   /* hundredths 0..10000, or EXAM_NONE */
    int interview; /* hundredths 0..10000, or EXAM_NONE */
};
struct exam_r2_result {
    enum exam_r2_form form;
    int score;   /* hundredths; combined: weighted, rounded half up to 0.01 */
    int passed;
    unsigned fail; /* enum exam_r2_fail bits */
};
/* weights in %, used only when both parts are present; they must be >= 0
 * and sum to 100. Returns 0, or -1 on invalid input (no part, a score
 * outside 0..10000, bad weights). */
int exam_r2_eval(const struct exam_r2 *r2, int w_written, int w_interview,
                 struct exam_r2_result *out);

/* ---- Priority points (rules.md §4.3) ---- */

struct exam_priority {
    const char *code;  /* "dan_toc_thieu_so" */
    const char *label; /* "Người dân tộc thiểu số" */
    int points;        /* hundredths; 0 = the regime's trade_union_points */
    char clause;       /* 'a' 7.5, 'b' 5, 'c' 2.5, 'd' 1.5 (NĐ 138 Art. 5(1)) */
};
const struct exam_priority *exam_priority_list(size_t *n);
const struct exam_priority *exam_priority_find(const char *code);
/* Points of one category under `rg` for an exam on `on`: 0 when the category
 * does not exist yet (the 1.5 category before 17/9/2024). */
int exam_priority_points(const struct exam_regime *rg, const struct exam_priority *p, cdate on);
/* Only the highest priority counts (NĐ 138 Art. 5(2)). Returns the points;
 * *best (may be NULL) is the category that gives them, NULL when 0. */
int exam_priority_best(const struct exam_regime *rg, const struct exam_priority *const *cats,
                       size_t n, cdate on, const struct exam_priority **best);

/* ---- Winners within the quota of one job position ---- */

enum exam_outcome {
    EXAM_FAILED = 0,        /* did not pass round 1 or round 2: not ranked */
    EXAM_WIN = 1,
    EXAM_LOSE = 2,          /* passed, but outside the quota */
    EXAM_PENDING = 3,       /* full tie at the last place, no decision yet */
    EXAM_WIN_DECISION = 4,  /* chosen by the recorded decision of the head */
    EXAM_LOSE_DECISION = 5, /* in the tie, not chosen by the decision */
};
enum exam_tie {
    EXAM_TIE_NONE = 0,
    EXAM_TIE_R2 = 1,   /* equal total at the last place, decided by the round-2 score */
    EXAM_TIE_FULL = 2, /* equal total and round-2 score at the last place */
};
struct exam_entry {
    /* in */
    int eligible; /* passed round 1 and round 2 */
    int r2;       /* round-2 score, hundredths */
    int priority; /* priority points, hundredths */
    int chosen;   /* named as a winner by the head's decision */
    /* out */
    int total;    /* r2 + priority */
    int rank;     /* 1-based, by (total, r2); equal pairs share a rank; 0 = not ranked */
    enum exam_outcome outcome;
    enum exam_tie tie;
};
struct exam_rank_summary {
    int eligible;       /* candidates ranked */
    int winners;        /* EXAM_WIN + EXAM_WIN_DECISION */
    int pending;        /* EXAM_PENDING candidates */
    int pending_places; /* places left for the head's decision */
    int unfilled;       /* quota places left empty (too few passed) */
};
enum exam_rank_error {
    EXAM_RANK_OK = 0,
    EXAM_RANK_BAD_INPUT = -1,      /* quota < 1, n too large */
    EXAM_RANK_NO_TIE = -2,         /* a decision was given but there is no full tie */
    EXAM_RANK_BAD_DECISION = -3,   /* chosen outside the tie, or not exactly the places left */
};
/* Ranks the n entries of one position. `order` (n elements, caller's) gets
 * the indices of the eligible entries in rank order; *neligible their count.
 * has_decision: the `chosen` flags carry the head's decision. */
enum exam_rank_error exam_rank(struct exam_entry *e, size_t n, int quota, int has_decision,
                               size_t *order, size_t *neligible, struct exam_rank_summary *sum);

#endif
