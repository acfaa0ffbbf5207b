/* Period and annual scores (src/core/score.c).
 * Sources: NĐ 335/2025/NĐ-CP Art. 12 (30 + 70), Art. 13 (conversion to
 * standard products), Art. 14 (a quantity, b quality, c progress; −25% per
 * failed review / delay unless objective), Art. 15 (leaders: d = 100% / 50%),
 * Art. 16 (combining formulas [M]: 70(a+b+c)/3, 70(a+b+c+d+đ+e)/6), Art. 20
 * (bands), Art. 21 (average). Scores in hundredths. */
#include <check.h>
#include <string.h>

#include "core/score.h"

extern Suite *suite_core_score(void);

#define IT(w, as, co, qf, dl, ob) {w, as, co, qf, dl, ob}

static const struct score_item one_full[] = {IT(100, 10, 10, 0, 0, 0)};
static const struct score_item one_quality_fail[] = {IT(100, 1, 1, 1, 0, 0), IT(100, 1, 1, 0, 0, 0)};
static const struct score_item one_quality_fail_obj[] = {IT(100, 1, 1, 1, 0, 1), IT(100, 1, 1, 0, 0, 0)};
static const struct score_item one_delay[] = {IT(100, 1, 1, 0, 1, 0), IT(100, 1, 1, 0, 0, 0)};
static const struct score_item four_fails[] = {IT(100, 1, 1, 4, 5, 0)};
static const struct score_item over[] = {IT(100, 10, 15, 0, 0, 0)};
static const struct score_item weighted[] = {IT(200, 5, 5, 0, 0, 0), IT(50, 10, 0, 0, 0, 0)};
static const struct score_item over_compensates[] = {IT(100, 10, 20, 0, 0, 0), IT(100, 10, 0, 0, 0, 0)};

static const struct {
    const struct score_item *items;
    size_t n;
    int32_t g[3];
    enum score_rounding rounding;
    int32_t a, b, c, task, total;
    enum rating_level band;
    const char *why;
} cases[] = {
    {one_full, 1, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 10000, LEVEL_HTXS,
     "Art. 14: all done on time at quality: 70"},
    {one_quality_fail, 2, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 8750, 10000, 6708, 9708, LEVEL_HTXS,
     "Art. 14(b): one failed review costs 25% of that item's quality points: 70*2.875/3 = 67.083"},
    {one_quality_fail_obj, 2, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 10000,
     LEVEL_HTXS, "Art. 14: objective cause confirmed: no deduction"},
    {one_delay, 2, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 10000, 8750, 6708, 9708, LEVEL_HTXS,
     "Art. 14(c): one delay costs 25% of that item's progress points"},
    {four_fails, 1, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 0, 0, 2333, 5333, LEVEL_HTNV,
     "Art. 14: 4 failures = 100%, 5 delays floor at 0, never negative"},
    {over, 1, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 10000, LEVEL_HTXS,
     "addendum A1b: each ratio capped at 100%"},
    {weighted, 2, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 6666, 6666, 6666, 4666, 7666, LEVEL_HTT,
     "Art. 13: 2.00x5 done, 0.50x10 not: 10/15 standard units; 46.666 -> 46.66 (floor)"},
    {weighted, 2, {1000, 1000, 1000}, SCORE_ROUND_HALF_UP, 6666, 6666, 6666, 4667, 7667, LEVEL_HTT,
     "same with the half-up rounding parameter: 46.67"},
    {over_compensates, 2, {1000, 1000, 1000}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 10000,
     LEVEL_HTXS, "ratios over the whole period: an over-achieved item offsets another (documented)"},
    /* band edges through the period score (Art. 20) */
    {one_full, 1, {1000, 1000, 0}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 9000, LEVEL_HTXS, "90.00"},
    {one_full, 1, {1000, 999, 0}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 8999, LEVEL_HTT, "89.99"},
    {one_full, 1, {0, 0, 0}, SCORE_ROUND_DOWN, 10000, 10000, 10000, 7000, 7000, LEVEL_HTT, "70.00"},
    {four_fails, 1, {1000, 1000, 666}, SCORE_ROUND_DOWN, 10000, 0, 0, 2333, 4999, LEVEL_KHT, "49.99"},
    {four_fails, 1, {1000, 1000, 667}, SCORE_ROUND_DOWN, 10000, 0, 0, 2333, 5000, LEVEL_HTNV, "50.00"},
};
START_TEST(test_nd335_art14_nonleader)
{
    struct eval_regime g = *regime_by_id(REGIME_ND335_2025);
    g.score_rounding = cases[_i].rounding;
    struct score_input in = {.items = cases[_i].items, .nitems = cases[_i].n,
                             .general = {cases[_i].g[0], cases[_i].g[1], cases[_i].g[2]}};
    struct score_result r;
    ck_assert_int_eq(score_period(&g, &in, &r), 0);
    ck_assert_msg(r.task == cases[_i].task, "%s: task %d", cases[_i].why, r.task);
    ck_assert_int_eq(r.total, cases[_i].total);
    ck_assert_int_eq(r.a_bp, cases[_i].a);
    ck_assert_int_eq(r.b_bp, cases[_i].b);
    ck_assert_int_eq(r.c_bp, cases[_i].c);
    ck_assert_int_eq(r.band, cases[_i].band);
    int cites = 0;
    for (int i = 0; i < r.nexplain; i++)
        cites += strstr(r.explain[i], "NĐ 335/2025/NĐ-CP Điều") != NULL;
    ck_assert_int_eq(cites, r.nexplain);
}
END_TEST

/* ---- Art. 15-16: leaders, component d = 100% / 50% ---- */
static const struct {
    int32_t total_sub, kht_sub, org, unity;
    int32_t d, task;
    const char *why;
} leader_cases[] = {
    {10, 0, 10000, 10000, 10000, 7000, "Art. 15: all subordinates >= HTNV: d = 100%"},
    {10, 1, 10000, 10000, 5000, 6416, "Art. 15: one subordinate KHT: d = 50%; 70*5.5/6 = 64.166"},
    {10, 10, 10000, 10000, 5000, 6416, "Art. 15: 50% whatever the number of KHT"},
    {0, 0, 10000, 10000, 10000, 7000, "no subordinate scored: nobody is KHT"},
    {10, 0, 5000, 0, 10000, 5250, "đ 50%, e 0 (tiers [M]): 70*(1+1+1+1+0.5+0)/6 = 52.50"},
};
START_TEST(test_nd335_art15_leader)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct score_input in = {.leader = 1, .items = one_full, .nitems = 1, .general = {1000, 1000, 1000},
                             .lead = {leader_cases[_i].total_sub, leader_cases[_i].kht_sub,
                                      leader_cases[_i].org, leader_cases[_i].unity}};
    struct score_result r;
    ck_assert_int_eq(score_period(g, &in, &r), 0);
    ck_assert_int_eq(r.d_bp, leader_cases[_i].d);
    int32_t want = leader_cases[_i].task;
    ck_assert_msg(r.task == want, "%s: %d", leader_cases[_i].why, r.task);
    ck_assert_int_eq(r.total, 3000 + want);
}
END_TEST

START_TEST(test_general_groups_and_errors)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct score_result r;
    /* Art. 12(2): group maxima configurable (default 10/10/10 [M]); sum must be 30 */
    struct score_input in = {.items = one_full, .nitems = 1, .general = {1500, 1000, 500},
                             .group_max = {1500, 1000, 500}};
    ck_assert_int_eq(score_period(g, &in, &r), 0);
    ck_assert_int_eq(r.general, 3000);
    in.general[0] = 1501;
    ck_assert_int_eq(score_period(g, &in, &r), SCORE_EGROUPS);
    in.general[0] = 1500;
    in.group_max[2] = 400;
    ck_assert_int_eq(score_period(g, &in, &r), SCORE_EGROUPS);
    struct score_input def = {.items = one_full, .nitems = 1, .general = {1001, 1000, 0}};
    ck_assert_int_eq(score_period(g, &def, &r), SCORE_EGROUPS);
    /* nothing assigned */
    static const struct score_item none[] = {IT(100, 0, 3, 0, 0, 0)};
    struct score_input z = {.items = none, .nitems = 1};
    ck_assert_int_eq(score_period(g, &z, &r), SCORE_ENOTASKS);
    z.nitems = 0;
    ck_assert_int_eq(score_period(g, &z, &r), SCORE_ENOTASKS);
    /* out of range */
    static const struct score_item bad[] = {IT(0, 1, 1, 0, 0, 0)};
    struct score_input b = {.items = bad, .nitems = 1};
    ck_assert_int_eq(score_period(g, &b, &r), SCORE_EINVAL);
    struct score_input l = {.leader = 1, .items = one_full, .nitems = 1, .lead = {1, 2, 0, 0}};
    ck_assert_int_eq(score_period(g, &l, &r), SCORE_EINVAL);
    /* NĐ 90/2020 has no 100-point scale */
    ck_assert_int_eq(score_period(regime_by_id(REGIME_ND90_48_2023), &in, &r), SCORE_ENOSCALE);
}
END_TEST

START_TEST(test_exact_large)
{
    /* Extreme sizes stay exact (128-bit): 1000 items of 1000.00 units x 1e6. */
    static struct score_item big[SCORE_MAX_ITEMS];
    for (int i = 0; i < SCORE_MAX_ITEMS; i++)
        big[i] = (struct score_item)IT(SCORE_MAX_WEIGHT, SCORE_MAX_QTY, SCORE_MAX_QTY, i % 2, 0, 0);
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct score_input in = {.items = big, .nitems = SCORE_MAX_ITEMS};
    struct score_result r;
    ck_assert_int_eq(score_period(g, &in, &r), 0);
    ck_assert_int_eq(r.b_bp, 8750); /* half the items lose 25% */
    ck_assert_int_eq(r.task, 6708);
}
END_TEST

/* ---- Art. 21: annual average; the one rounding place ---- */
START_TEST(test_annual_and_round)
{
    struct eval_regime g = *regime_by_id(REGIME_ND335_2025);
    int32_t p[3] = {9000, 9000, 8999};
    int32_t avg;
    ck_assert_int_eq(score_annual(&g, p, 3, &avg), 0);
    ck_assert_int_eq(avg, 8999); /* 89.9966: floor keeps it below 90 */
    g.score_rounding = SCORE_ROUND_HALF_UP;
    ck_assert_int_eq(score_annual(&g, p, 3, &avg), 0);
    ck_assert_int_eq(avg, 9000); /* the parameter that would move a band edge */
    ck_assert_int_eq(score_round(&g, 5, 2), 3);
    ck_assert_int_eq(score_round(&g, 7, 3), 2);
    ck_assert_int_eq(score_round(&g, 8, 3), 3);
    ck_assert_int_eq(score_annual(&g, p, 0, &avg), -1);
    int32_t bad[1] = {10001};
    ck_assert_int_eq(score_annual(&g, bad, 1, &avg), -1);
    char buf[16];
    score_format(8999, buf, sizeof buf);
    ck_assert_str_eq(buf, "89.99");
    score_format(5, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.05");
}
END_TEST

/* ---- Art. 15: component d from the subordinates' period scores ---- */
static const int32_t subs_all_htnv[] = {5000, 7000, 9000, 10000};
static const int32_t subs_edge_kht[] = {4999, 7000, 9000};
static const int32_t subs_two_kht[] = {0, 4999, 5000};
static const struct {
    const int32_t *s;
    size_t n;
    int32_t total, kht, d_bp;
    const char *why;
} sub_cases[] = {
    {subs_all_htnv, 4, 4, 0, 10000, "Art. 15(d): all at HTNV or above (50.00 is HTNV) => 100%"},
    {subs_edge_kht, 3, 3, 1, 5000, "Art. 15(d): 49.99 is KHT (Art. 20 band) => 50%"},
    {subs_two_kht, 3, 3, 2, 5000, "Art. 15(d): any KHT => 50%, however many"},
    {NULL, 0, 0, 0, 10000, "no subordinate scored: nobody is KHT => 100% (documented choice)"},
};
START_TEST(test_nd335_art15_d_from_subordinates)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct score_leader l = {.organising_bp = 10000, .unity_bp = 10000};
    ck_assert_int_eq(score_leader_subordinates(g, sub_cases[_i].s, sub_cases[_i].n, &l), 0);
    ck_assert_msg(l.subordinates_total == sub_cases[_i].total && l.subordinates_kht == sub_cases[_i].kht,
                  "%s: %d/%d", sub_cases[_i].why, l.subordinates_kht, l.subordinates_total);
    ck_assert_int_eq(l.organising_bp, 10000); /* đ, e untouched */
    struct score_input in = {.leader = 1, .items = one_full, .nitems = 1, .general = {1000, 1000, 1000}, .lead = l};
    struct score_result r;
    ck_assert_int_eq(score_period(g, &in, &r), 0);
    ck_assert_msg(r.d_bp == sub_cases[_i].d_bp, "%s: d = %d", sub_cases[_i].why, r.d_bp);
}
END_TEST

START_TEST(test_nd335_art15_d_errors)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct score_leader l = {0};
    const int32_t bad_hi[] = {10001}, bad_lo[] = {-1};
    ck_assert_int_eq(score_leader_subordinates(g, bad_hi, 1, &l), -1);
    ck_assert_int_eq(score_leader_subordinates(g, bad_lo, 1, &l), -1);
    ck_assert_int_eq(score_leader_subordinates(g, NULL, 2, &l), -1);
    ck_assert_int_eq(score_leader_subordinates(NULL, subs_all_htnv, 4, &l), -1);
    ck_assert_int_eq(score_leader_subordinates(g, subs_all_htnv, 4, NULL), -1);
}
END_TEST

Suite *suite_core_score(void)
{
    Suite *s = suite_create("core_score");
    TCase *tc = tcase_create("score");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_nd335_art14_nonleader, 0, N(cases));
    tcase_add_loop_test(tc, test_nd335_art15_leader, 0, N(leader_cases));
    tcase_add_loop_test(tc, test_nd335_art15_d_from_subordinates, 0, N(sub_cases));
    tcase_add_test(tc, test_nd335_art15_d_errors);
    tcase_add_test(tc, test_general_groups_and_errors);
    tcase_add_test(tc, test_exact_large);
    tcase_add_test(tc, test_annual_and_round);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
