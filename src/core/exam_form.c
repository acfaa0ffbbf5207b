/* Per-candidate exam forms (see exam_form.h). */
#include "core/exam_form.h"

uint64_t form_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void form_rng_seed(struct form_rng *g, uint64_t seed)
{
    uint64_t st = seed;
    for (int i = 0; i < 4; i++) g->s[i] = form_splitmix64(&st);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t form_rng_next(struct form_rng *g)
{
    uint64_t *s = g->s;
    uint64_t r = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

uint64_t form_rng_below(struct form_rng *g, uint64_t n)
{
    if (n <= 1) return 0;
    uint64_t threshold = (0 - n) % n; /* 2^64 mod n: values below are rejected */
    for (;;) {
        uint64_t x = form_rng_next(g);
        if (x >= threshold) return x % n;
    }
}

long form_bp_total(const struct form_bp_row *bp, size_t nbp)
{
    long t = 0;
    for (size_t i = 0; i < nbp; i++) {
        if (bp[i].count < 1) return -1;
        t += bp[i].count;
    }
    return t;
}

static int matches(const struct form_pool_item *p, const struct form_bp_row *row)
{
    return p->topic_id == row->topic_id && p->difficulty == row->difficulty;
}

size_t form_bp_available(const struct form_pool_item *pool, size_t npool, const struct form_bp_row *row)
{
    size_t m = 0;
    for (size_t i = 0; i < npool; i++) m += matches(&pool[i], row);
    return m;
}

static enum form_error fail(enum form_error e, size_t row, size_t avail, size_t *bad_row, size_t *available)
{
    if (bad_row) *bad_row = row;
    if (available) *available = avail;
    return e;
}

enum form_error form_draw(const struct form_pool_item *pool, size_t npool, const struct form_bp_row *bp,
                          size_t nbp, uint64_t seed, size_t *scratch, struct form_item *out, size_t out_cap,
                          size_t *nout, size_t *bad_row, size_t *available)
{
    *nout = 0;
    if (bad_row) *bad_row = SIZE_MAX;
    if (available) *available = 0;
    if (!bp || nbp == 0 || (npool && (!pool || !scratch))) return FORM_BAD_INPUT;
    for (size_t i = 0; i < npool; i++) {
        if (i && pool[i].id <= pool[i - 1].id) return FORM_BAD_INPUT;
        if (pool[i].noptions < 0 || pool[i].noptions > FORM_MAX_OPTIONS) return FORM_BAD_INPUT;
    }
    /* Validate every row before drawing anything. */
    size_t total = 0;
    for (size_t r = 0; r < nbp; r++) {
        if (bp[r].count < 1 || bp[r].difficulty < 1 || bp[r].difficulty > 5) return fail(FORM_BAD_INPUT, r, 0, bad_row, available);
        for (size_t q = 0; q < r; q++)
            if (bp[q].topic_id == bp[r].topic_id && bp[q].difficulty == bp[r].difficulty)
                return fail(FORM_BAD_INPUT, r, 0, bad_row, available);
        size_t m = form_bp_available(pool, npool, &bp[r]);
        if (m < (size_t)bp[r].count) return fail(FORM_POOL_TOO_SMALL, r, m, bad_row, available);
        total += (size_t)bp[r].count;
    }
    if (total > out_cap) return FORM_NO_ROOM;

    struct form_rng g;
    form_rng_seed(&g, seed);
    size_t n = 0;
    for (size_t r = 0; r < nbp; r++) {
        size_t m = 0;
        for (size_t i = 0; i < npool; i++)
            if (matches(&pool[i], &bp[r])) scratch[m++] = i;
        /* Partial Fisher–Yates: the first `count` slots are a uniform sample
         * without replacement. */
        for (size_t k = 0; k < (size_t)bp[r].count; k++) {
            size_t j = k + (size_t)form_rng_below(&g, m - k);
            size_t t = scratch[k];
            scratch[k] = scratch[j];
            scratch[j] = t;
            out[n].pool_index = scratch[k];
            out[n].id = pool[scratch[k]].id;
            out[n].noptions = pool[scratch[k]].noptions;
            n++;
        }
    }
    /* Question order. */
    for (size_t k = n; k > 1; k--) {
        size_t j = (size_t)form_rng_below(&g, k);
        struct form_item t = out[k - 1];
        out[k - 1] = out[j];
        out[j] = t;
    }
    /* Option order, question by question in form order. */
    for (size_t k = 0; k < n; k++) {
        int no = out[k].noptions;
        for (int o = 0; o < FORM_MAX_OPTIONS; o++) out[k].perm[o] = (unsigned char)o;
        if (!pool[out[k].pool_index].shuffle_options) continue;
        for (int o = no; o > 1; o--) {
            int j = (int)form_rng_below(&g, (uint64_t)o);
            unsigned char t = out[k].perm[o - 1];
            out[k].perm[o - 1] = out[k].perm[j];
            out[k].perm[j] = t;
        }
    }
    *nout = n;
    return FORM_OK;
}
