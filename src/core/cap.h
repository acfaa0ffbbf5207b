/* The HTXS cap (rules.md §1.2 "the 20% rule"; addendum.md A1d):
 * within one unit and one task group, the number FINALLY rated HTXS must not
 * exceed p% of the number FINALLY rated HTT (NĐ 335/2025 Art. 20(5)(a);
 * NĐ 48/2023, tied to the party rate of HD 21-HD/BTCTW). People demoted from
 * HTXS become HTT and so raise the HTT count: the number of HTXS places is
 * the largest k <= X with k <= round(p·(H + X − k)/100), an exact fixed point.
 * Those above the cap are ranked by score; a tie at the boundary is flagged for
 * the council and never decided here. A competent-level exception raises p. */
#ifndef CANBO_CORE_CAP_H
#define CANBO_CORE_CAP_H
#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"
#include "core/regime.h"

struct cap_params {
    int percent;                   /* the limit in %, e.g. 20 (or the exception's 25) */
    enum cap_rounding rounding;    /* floor by default */
    enum cap_denominator denominator;
};

/* The regime's parameters; with exception_percent > 0, that limit instead. */
void cap_params_for(const struct eval_regime *regime, int exception_percent,
                    struct cap_params *out);

/* Number of HTXS places for `htt` people proposed HTT and `htxs` proposed
 * HTXS (the fixed point above). -1 on bad arguments. */
int cap_slots(const struct cap_params *p, int htt, int htxs);

/* p% of n rounded by `rounding` (exact integers). */
int cap_limit_of(const struct cap_params *p, int n);

struct cap_person {
    int32_t score;              /* hundredths; ranks the proposed HTXS */
    enum rating_level proposed; /* after all other rules */
};

enum cap_status {
    CAP_UNCHANGED = 0, /* not proposed HTXS */
    CAP_KEPT = 1,      /* HTXS within the cap */
    CAP_DEMOTED = 2,   /* HTXS above the cap: HTT */
    CAP_TIE = 3,       /* tied at the boundary: the council decides (final = UNDETERMINED) */
};

struct cap_outcome {
    enum rating_level final;
    enum cap_status status;
    int rank; /* 1-based rank among the proposed HTXS by score (equal scores share a rank), 0 otherwise */
};

/* Caller-provided scratch (no allocation here). */
struct cap_rank {
    int32_t score;
    uint32_t idx;
};

struct cap_summary {
    int proposed_htxs, proposed_htt;
    int slots;        /* HTXS places (k) */
    int kept;         /* HTXS decided by score */
    int demoted;
    int ties;         /* people tied at the boundary */
    int tie_slots;    /* places among them, left to the council */
    int32_t tie_score;
    int final_htxs;   /* = slots */
    int final_htt;    /* proposed_htt + proposed_htxs − slots */
    int limit_at_final; /* cap_limit_of(final HTT or HTT-or-above): >= final_htxs */
};

/* Applies the cap to one (unit, task group). out[i] is people[i]'s outcome.
 * scratch has n entries. 0, or -1 on bad arguments. */
int cap_apply(const struct cap_params *p, const struct cap_person *people, size_t n,
              struct cap_rank *scratch, struct cap_outcome *out, struct cap_summary *sum);

#endif
