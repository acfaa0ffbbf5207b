/* Per-candidate exam forms (src/core/exam_form.c; issue 5): reproducible
 * draws from a blueprint with a 64-bit seed, no duplicates, blueprint counts
 * respected, different seeds give different forms, a pool too small for a
 * row is refused, option orders are permutations. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "core/exam_form.h"

extern Suite *suite_core_exam_form(void);

/* Pool: 3 topics (10, 20, 30) x difficulties 1..3, 6 questions per cell,
 * ids ascending; topic 30 questions are true/false (options not shuffled). */
#define NPOOL (3 * 3 * 6)
static struct form_pool_item pool[NPOOL];

static void make_pool(void)
{
    size_t n = 0;
    int64_t id = 100;
    for (int t = 1; t <= 3; t++)
        for (int d = 1; d <= 3; d++)
            for (int k = 0; k < 6; k++) {
                pool[n].id = id;
                id += 1 + (n % 3); /* gaps, as in a real table */
                pool[n].topic_id = 10 * t;
                pool[n].difficulty = d;
                pool[n].noptions = t == 3 ? 2 : 4 + (k % 2);
                pool[n].shuffle_options = t != 3;
                n++;
            }
}

static const struct {
    const char *name;
    struct form_bp_row bp[4];
    size_t nbp;
    enum form_error want;
    size_t bad_row, available;
} cases[] = {
    {"one row", {{10, 1, 3}}, 1, FORM_OK, SIZE_MAX, 0},
    {"whole cell", {{20, 2, 6}}, 1, FORM_OK, SIZE_MAX, 0},
    {"three rows", {{10, 1, 2}, {20, 3, 4}, {30, 2, 5}}, 3, FORM_OK, SIZE_MAX, 0},
    {"four rows incl. true/false", {{10, 1, 6}, {10, 2, 6}, {30, 1, 1}, {30, 3, 2}}, 4, FORM_OK, SIZE_MAX, 0},
    {"row 2 larger than its cell", {{10, 1, 2}, {20, 3, 7}}, 2, FORM_POOL_TOO_SMALL, 1, 6},
    {"unknown topic", {{99, 1, 1}}, 1, FORM_POOL_TOO_SMALL, 0, 0},
    {"difficulty with no question", {{10, 5, 1}}, 1, FORM_POOL_TOO_SMALL, 0, 0},
    {"count 0", {{10, 1, 0}}, 1, FORM_BAD_INPUT, 0, 0},
    {"duplicate (topic, difficulty)", {{10, 1, 1}, {10, 1, 2}}, 2, FORM_BAD_INPUT, 1, 0},
    {"difficulty 6", {{10, 6, 1}}, 1, FORM_BAD_INPUT, 0, 0},
};

static enum form_error draw(size_t i, uint64_t seed, struct form_item *out, size_t *n, size_t *bad, size_t *avail)
{
    size_t scratch[NPOOL];
    return form_draw(pool, NPOOL, cases[i].bp, cases[i].nbp, seed, scratch, out, 64, n, bad, avail);
}

START_TEST(result_and_error_row)
{
    make_pool();
    struct form_item out[64];
    size_t n = 99, bad = 0, avail = 99;
    enum form_error e = draw((size_t)_i, 42, out, &n, &bad, &avail);
    ck_assert_msg(e == cases[_i].want, "%s: got %d", cases[_i].name, e);
    ck_assert_msg(bad == cases[_i].bad_row, "%s: bad row %zu", cases[_i].name, bad);
    if (e == FORM_POOL_TOO_SMALL) ck_assert_uint_eq(avail, cases[_i].available);
    if (e != FORM_OK) ck_assert_uint_eq(n, 0);
    else ck_assert_uint_eq(n, (size_t)form_bp_total(cases[_i].bp, cases[_i].nbp));
}
END_TEST

START_TEST(same_seed_same_form)
{
    make_pool();
    if (cases[_i].want != FORM_OK) return;
    static const uint64_t seeds[] = {0, 1, 42, 0xFFFFFFFFFFFFFFFFull, 0x9E3779B97F4A7C15ull};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        struct form_item a[64], b[64];
        size_t na, nb;
        ck_assert_int_eq(draw((size_t)_i, seeds[s], a, &na, NULL, NULL), FORM_OK);
        ck_assert_int_eq(draw((size_t)_i, seeds[s], b, &nb, NULL, NULL), FORM_OK);
        ck_assert_uint_eq(na, nb);
        for (size_t k = 0; k < na; k++) {
            ck_assert_int_eq(a[k].id, b[k].id);
            ck_assert_int_eq(memcmp(a[k].perm, b[k].perm, sizeof a[k].perm), 0);
        }
    }
}
END_TEST

START_TEST(counts_respected_no_duplicates_permutations)
{
    make_pool();
    if (cases[_i].want != FORM_OK) return;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        struct form_item out[64];
        size_t n;
        ck_assert_int_eq(draw((size_t)_i, seed * 7919, out, &n, NULL, NULL), FORM_OK);
        for (size_t r = 0; r < cases[_i].nbp; r++) {
            int got = 0;
            for (size_t k = 0; k < n; k++) {
                const struct form_pool_item *p = &pool[out[k].pool_index];
                got += p->topic_id == cases[_i].bp[r].topic_id && p->difficulty == cases[_i].bp[r].difficulty;
            }
            ck_assert_int_eq(got, cases[_i].bp[r].count);
        }
        for (size_t k = 0; k < n; k++) {
            ck_assert_int_eq(out[k].id, pool[out[k].pool_index].id);
            for (size_t j = k + 1; j < n; j++) ck_assert_int_ne(out[k].id, out[j].id);
            int seen[FORM_MAX_OPTIONS] = {0};
            for (int o = 0; o < out[k].noptions; o++) {
                ck_assert_int_lt(out[k].perm[o], out[k].noptions);
                ck_assert_int_eq(seen[out[k].perm[o]]++, 0);
            }
            if (!pool[out[k].pool_index].shuffle_options)
                for (int o = 0; o < out[k].noptions; o++) ck_assert_int_eq(out[k].perm[o], o);
        }
    }
}
END_TEST

/* 1,000 seeds on a 3-of-6 row plus 5-of-6: forms are almost all distinct
 * (about 20*6*... orderings), and each question of a cell is drawn about
 * equally often (3/6 of the time, within a loose band). */
START_TEST(different_seeds_differ)
{
    make_pool();
    static const struct form_bp_row bp[] = {{10, 1, 3}, {20, 2, 5}};
    enum { N = 1000 };
    static int64_t first[N][8];
    int hits[NPOOL] = {0};
    size_t scratch[NPOOL];
    for (int s = 0; s < N; s++) {
        struct form_item out[8];
        size_t n;
        ck_assert_int_eq(form_draw(pool, NPOOL, bp, 2, (uint64_t)s, scratch, out, 8, &n, NULL, NULL), FORM_OK);
        for (size_t k = 0; k < n; k++) {
            first[s][k] = out[k].id;
            hits[out[k].pool_index]++;
        }
    }
    int same = 0;
    for (int a = 0; a < N; a++)
        for (int b = a + 1; b < N; b++) same += !memcmp(first[a], first[b], sizeof first[a]);
    ck_assert_int_le(same, 2);
    for (size_t i = 0; i < NPOOL; i++) {
        if (pool[i].topic_id == 10 && pool[i].difficulty == 1) { ck_assert_int_gt(hits[i], 400); ck_assert_int_lt(hits[i], 600); }
        if (pool[i].topic_id == 20 && pool[i].difficulty == 2) { ck_assert_int_gt(hits[i], 750); ck_assert_int_lt(hits[i], 910); }
    }
}
END_TEST

/* Input the draw must refuse rather than guess. */
START_TEST(bad_pool_refused)
{
    make_pool();
    struct form_item out[64];
    size_t scratch[NPOOL], n;
    static const struct form_bp_row bp[] = {{10, 1, 1}};
    struct form_pool_item unsorted[2] = {{5, 10, 1, 2, 1}, {4, 10, 1, 2, 1}};
    ck_assert_int_eq(form_draw(unsorted, 2, bp, 1, 1, scratch, out, 64, &n, NULL, NULL), FORM_BAD_INPUT);
    struct form_pool_item dup[2] = {{5, 10, 1, 2, 1}, {5, 10, 1, 2, 1}};
    ck_assert_int_eq(form_draw(dup, 2, bp, 1, 1, scratch, out, 64, &n, NULL, NULL), FORM_BAD_INPUT);
    struct form_pool_item many[1] = {{5, 10, 1, FORM_MAX_OPTIONS + 1, 1}};
    ck_assert_int_eq(form_draw(many, 1, bp, 1, 1, scratch, out, 64, &n, NULL, NULL), FORM_BAD_INPUT);
    ck_assert_int_eq(form_draw(pool, NPOOL, bp, 0, 1, scratch, out, 64, &n, NULL, NULL), FORM_BAD_INPUT);
    static const struct form_bp_row big[] = {{10, 1, 6}};
    ck_assert_int_eq(form_draw(pool, NPOOL, big, 1, 1, scratch, out, 5, &n, NULL, NULL), FORM_NO_ROOM);
    ck_assert_int_eq(form_draw(NULL, 0, bp, 1, 1, NULL, out, 64, &n, NULL, NULL), FORM_POOL_TOO_SMALL);
}
END_TEST

/* splitmix64 reference values (Vigna's splitmix64.c, seed 0) and bounded
 * draws staying in range. */
START_TEST(generator_reference)
{
    uint64_t st = 0;
    ck_assert_uint_eq(form_splitmix64(&st), 0xE220A8397B1DCDAFull);
    ck_assert_uint_eq(form_splitmix64(&st), 0x6E789E6AA1B965F4ull);
    struct form_rng g;
    form_rng_seed(&g, 7);
    for (int i = 0; i < 10000; i++) ck_assert_uint_lt(form_rng_below(&g, 3), 3);
    ck_assert_uint_eq(form_rng_below(&g, 1), 0);
}
END_TEST

Suite *suite_core_exam_form(void)
{
    Suite *s = suite_create("core_exam_form");
    TCase *tc = tcase_create("draw");
    size_t nc = sizeof cases / sizeof cases[0];
    tcase_add_loop_test(tc, result_and_error_row, 0, (int)nc);
    tcase_add_loop_test(tc, same_seed_same_form, 0, (int)nc);
    tcase_add_loop_test(tc, counts_respected_no_duplicates_permutations, 0, (int)nc);
    tcase_add_test(tc, different_seeds_differ);
    tcase_add_test(tc, bad_pool_refused);
    tcase_add_test(tc, generator_reference);
    suite_add_tcase(s, tc);
    return s;
}
