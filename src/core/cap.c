/* The HTXS cap (see cap.h). */
#include "core/cap.h"

#include <stdlib.h>

void cap_params_for(const struct eval_regime *g, int exception_percent, struct cap_params *out)
{
    out->percent = exception_percent > 0 ? exception_percent : (g ? g->cap_percent : 20);
    out->rounding = g ? g->cap_rounding : CAP_ROUND_FLOOR;
    out->denominator = g ? g->cap_denominator : CAP_DEN_HTT;
}

int cap_limit_of(const struct cap_params *p, int n)
{
    if (!p || n < 0 || p->percent < 0 || p->percent > 100)
        return -1;
    int64_t x = (int64_t)p->percent * n; /* limit = x / 100 */
    switch (p->rounding) {
    case CAP_ROUND_CEIL: return (int)((x + 99) / 100);
    case CAP_ROUND_HALF_UP: return (int)((x + 50) / 100);
    case CAP_ROUND_FLOOR: break;
    }
    return (int)(x / 100);
}

int cap_slots(const struct cap_params *p, int htt, int htxs)
{
    if (!p || htt < 0 || htxs < 0 || p->percent < 0 || p->percent > 100)
        return -1;
    if (p->denominator == CAP_DEN_HTT_OR_ABOVE) {
        /* demotion does not change the HTT-or-above count */
        int lim = cap_limit_of(p, htt + htxs);
        return lim < htxs ? lim : htxs;
    }
    /* Counted after the cap: keeping k leaves htt + htxs − k rated HTT. The
     * condition k <= limit(htt + htxs − k) is downward closed in k (the limit
     * grows as k falls), so the largest feasible k is found from the top. */
    for (int k = htxs; k > 0; k--)
        if (k <= cap_limit_of(p, htt + htxs - k))
            return k;
    return 0;
}

static int by_score_desc(const void *a, const void *b)
{
    const struct cap_rank *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int cap_apply(const struct cap_params *p, const struct cap_person *people, size_t n,
              struct cap_rank *scratch, struct cap_outcome *out, struct cap_summary *sum)
{
    if (!p || (n && (!people || !scratch || !out)) || !sum || n > (size_t)INT32_MAX)
        return -1;
    struct cap_summary s = {0};
    size_t x = 0;
    for (size_t i = 0; i < n; i++) {
        out[i].final = people[i].proposed;
        out[i].status = CAP_UNCHANGED;
        out[i].rank = 0;
        if (people[i].proposed == LEVEL_HTXS)
            scratch[x++] = (struct cap_rank){people[i].score, (uint32_t)i};
        else if (people[i].proposed == LEVEL_HTT)
            s.proposed_htt++;
    }
    s.proposed_htxs = (int)x;
    int k = cap_slots(p, s.proposed_htt, s.proposed_htxs);
    if (k < 0)
        return -1;
    s.slots = k;
    if (x > 1)
        qsort(scratch, x, sizeof *scratch, by_score_desc);

    /* rank (competition ranking: equal scores share a rank) */
    for (size_t r = 0; r < x; r++) {
        int rank = r > 0 && scratch[r].score == scratch[r - 1].score
                       ? out[scratch[r - 1].idx].rank
                       : (int)r + 1;
        out[scratch[r].idx].rank = rank;
    }

    /* A tie exists when the last place and the first one outside share a score. */
    int tie = k > 0 && (size_t)k < x && scratch[k - 1].score == scratch[k].score;
    int32_t ts = tie ? scratch[k - 1].score : 0;
    for (size_t r = 0; r < x; r++) {
        struct cap_outcome *o = &out[scratch[r].idx];
        if (tie && scratch[r].score == ts) {
            o->status = CAP_TIE;
            o->final = LEVEL_UNDETERMINED;
            s.ties++;
        } else if ((int)r < k) {
            o->status = CAP_KEPT;
            o->final = LEVEL_HTXS;
            s.kept++;
        } else {
            o->status = CAP_DEMOTED;
            o->final = LEVEL_HTT;
            s.demoted++;
        }
    }
    s.tie_score = ts;
    s.tie_slots = tie ? k - s.kept : 0;
    s.final_htxs = k;
    s.final_htt = s.proposed_htt + s.proposed_htxs - k;
    s.limit_at_final = cap_limit_of(p, p->denominator == CAP_DEN_HTT_OR_ABOVE
                                           ? s.proposed_htt + s.proposed_htxs
                                           : s.final_htt);
    *sum = s;
    return 0;
}
