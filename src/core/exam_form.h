/* Per-candidate exam forms: drawing questions from a blueprint with a
 * per-candidate 64-bit seed (issue 5). Deterministic: the same seed and the
 * same pool give the same form, so any form can be reproduced later and
 * checked against the one stored.
 *
 * Generator: splitmix64 expands the seed into the state of xoshiro256**
 * (Blackman & Vigna); bounded draws use rejection sampling (no modulo bias).
 * Pure: no I/O, no allocation (the caller passes the scratch space). */
#ifndef CANBO_CORE_EXAM_FORM_H
#define CANBO_CORE_EXAM_FORM_H
#include <stddef.h>
#include <stdint.h>

#define FORM_MAX_OPTIONS 16

struct form_rng { uint64_t s[4]; };

uint64_t form_splitmix64(uint64_t *state);
void form_rng_seed(struct form_rng *g, uint64_t seed);
uint64_t form_rng_next(struct form_rng *g);
/* Uniform in [0, n), n >= 1. */
uint64_t form_rng_below(struct form_rng *g, uint64_t n);

/* One question version that may be drawn. The pool must be sorted by id,
 * strictly ascending (so the draw does not depend on how it was fetched). */
struct form_pool_item {
    int64_t id;           /* question version id */
    int64_t topic_id;
    int difficulty;       /* 1..5 */
    int noptions;         /* 0..FORM_MAX_OPTIONS */
    int shuffle_options;  /* 0: options keep their order (true/false) */
};
/* One blueprint row: `count` questions of (topic, difficulty). */
struct form_bp_row {
    int64_t topic_id;
    int difficulty;
    int count;
};
struct form_item {
    size_t pool_index;
    int64_t id;
    int noptions;
    unsigned char perm[FORM_MAX_OPTIONS]; /* shown position -> stored option index */
};

enum form_error {
    FORM_OK = 0,
    FORM_BAD_INPUT = -1,      /* pool not strictly ascending, bad row, duplicate row, too many options */
    FORM_POOL_TOO_SMALL = -2, /* a row asks for more questions than the pool holds */
    FORM_NO_ROOM = -3,        /* out_cap smaller than the blueprint total */
};

/* Total number of questions of a blueprint, or -1 when a count is < 1. */
long form_bp_total(const struct form_bp_row *bp, size_t nbp);
/* Questions of the pool matching a row. */
size_t form_bp_available(const struct form_pool_item *pool, size_t npool, const struct form_bp_row *row);

/* Draws one form: for each row, `count` distinct matching questions; then
 * shuffles the question order and, where allowed, each question's options.
 * scratch: npool elements. On FORM_POOL_TOO_SMALL or FORM_BAD_INPUT,
 * *bad_row (may be NULL) is the 0-based row at fault (or SIZE_MAX) and
 * *available (may be NULL) the questions that row could use. */
enum form_error form_draw(const struct form_pool_item *pool, size_t npool, const struct form_bp_row *bp,
                          size_t nbp, uint64_t seed, size_t *scratch, struct form_item *out, size_t out_cap,
                          size_t *nout, size_t *bad_row, size_t *available);

#endif
