/* The HTXS cap (src/core/cap.c).
 * Sources: NĐ 335/2025/NĐ-CP Art. 20(5)(a) "không vượt quá 20% tổng số công
 * chức được xếp loại HTT ... cùng một cơ quan ... từng nhóm ... tương đồng";
 * Art. 20(5)(b) exception (limit 25% [M, code-corroborated]); NĐ 48/2023 (cap
 * tied to the party rate, HD 21-HD/BTCTW: 20% of HTT). Rounding (floor) and
 * denominator (HTT) are regime parameters (addendum.md A1d). */
#include <check.h>
#include <stdlib.h>

#include "core/cap.h"

extern Suite *suite_core_cap(void);

static struct cap_params P(int pct, enum cap_rounding r, enum cap_denominator d)
{
    return (struct cap_params){pct, r, d};
}

/* Counts where naive rounding or naive counting gives the wrong answer. */
static const struct {
    int htt, htxs, pct;
    enum cap_rounding r;
    enum cap_denominator den;
    int slots, naive; /* naive = round(p% of the HTT proposed before the cap) */
    const char *why;
} slot_cases[] = {
    {2, 3, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 0, 0,
     "Art. 20(5): 2 HTT + 3 HTXS: all demoted -> 5 HTT would allow 1, but keeping 1 leaves 4 HTT "
     "(0.8 -> 0): the fixed point is 0"},
    {2, 3, 20, CAP_ROUND_HALF_UP, CAP_DEN_HTT, 1, 0,
     "half-up: keeping 1 leaves 4 HTT, 0.8 -> 1: 1 place (naive 20% of 2 = 0.4 -> 0 is wrong)"},
    {10, 5, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 2, 2, "10 HTT + 5 HTXS: 2 kept, 13 HTT -> 2.6 -> 2"},
    {10, 5, 20, CAP_ROUND_HALF_UP, CAP_DEN_HTT, 2, 2,
     "half-up: 13 HTT would round to 3, but keeping 3 leaves 12 -> 2.4 -> 2"},
    {9, 3, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 2, 1,
     "9 HTT + 3 HTXS: naive floor(1.8) = 1 is wrong; keeping 2 leaves 10 HTT -> 2"},
    {4, 3, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 1, 0,
     "4 HTT + 3 HTXS: naive floor(0.8) = 0 is wrong; keeping 1 leaves 6 HTT -> 1.2 -> 1"},
    {0, 1, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 0, 0, "a lone HTXS: 1 HTT after demotion -> 0.2 -> 0"},
    {0, 0, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 0, 0, "nobody proposed"},
    {20, 2, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 2, 2, "under the cap: nobody demoted"},
    {10, 5, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT_OR_ABOVE, 3, 2,
     "denominator HTT-or-above (viên chức rule [M]): 20% of 15 = 3"},
    {10, 5, 25, CAP_ROUND_FLOOR, CAP_DEN_HTT, 3, 2,
     "Art. 20(5)(b) exception 25%: keeping 3 leaves 12 HTT -> 3"},
    {8, 4, 20, CAP_ROUND_FLOOR, CAP_DEN_HTT, 2, 1, "8 HTT: float 0.2*8 = 1.6; fixed point 2 (10 HTT)"},
    {8, 4, 20, CAP_ROUND_CEIL, CAP_DEN_HTT, 2, 2, "ceil: keeping 3 leaves 9 -> 1.8 -> 2 < 3"},
};
START_TEST(test_art20_5_slots)
{
    struct cap_params p = P(slot_cases[_i].pct, slot_cases[_i].r, slot_cases[_i].den);
    int k = cap_slots(&p, slot_cases[_i].htt, slot_cases[_i].htxs);
    ck_assert_msg(k == slot_cases[_i].slots, "%s: got %d", slot_cases[_i].why, k);
    int naive = cap_limit_of(&p, slot_cases[_i].htt);
    if (naive > slot_cases[_i].htxs)
        naive = slot_cases[_i].htxs;
    ck_assert_int_eq(naive, slot_cases[_i].naive);
    /* the answer satisfies the cap counted after it is applied */
    int final_htt = slot_cases[_i].htt + slot_cases[_i].htxs - k;
    int den = slot_cases[_i].den == CAP_DEN_HTT ? final_htt : slot_cases[_i].htt + slot_cases[_i].htxs;
    ck_assert_int_le(k, cap_limit_of(&p, den));
}
END_TEST

/* Exhaustive: the fixed point is the largest feasible k, and with floor it
 * equals the closed form floor(p(H+X)/(100+p)). */
START_TEST(test_art20_5_fixed_point_exhaustive)
{
    static const int pcts[] = {20, 25};
    for (int pi = 0; pi < 2; pi++)
        for (int r = CAP_ROUND_FLOOR; r <= CAP_ROUND_HALF_UP; r++)
            for (int h = 0; h <= 80; h++)
                for (int x = 0; x <= 40; x++) {
                    struct cap_params p = P(pcts[pi], (enum cap_rounding)r, CAP_DEN_HTT);
                    int k = cap_slots(&p, h, x);
                    ck_assert_int_ge(k, 0);
                    ck_assert_int_le(k, x);
                    ck_assert_int_le(k, cap_limit_of(&p, h + x - k));
                    if (k < x) /* one more HTXS would break the cap */
                        ck_assert_int_gt(k + 1, cap_limit_of(&p, h + x - k - 1));
                    if (r == CAP_ROUND_FLOOR) {
                        int closed = pcts[pi] * (h + x) / (100 + pcts[pi]);
                        ck_assert_int_eq(k, closed < x ? closed : x);
                    }
                }
}
END_TEST

/* ---- ranking and ties at the boundary ---- */
#define HX LEVEL_HTXS
#define HT LEVEL_HTT
static const struct {
    int32_t s[16];
    enum rating_level l[16];
    size_t n;
    int slots, kept, demoted, ties, tie_slots;
    enum cap_status st[16];
    const char *why;
} apply_cases[] = {
    {{9500, 9300, 9300, 9300, 9100, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000},
     {HX, HX, HX, HX, HX, HT, HT, HT, HT, HT, HT, HT, HT, HT, HT},
     15, 2, 1, 1, 3, 1,
     {CAP_KEPT, CAP_TIE, CAP_TIE, CAP_TIE, CAP_DEMOTED},
     "Art. 20(5): 2 places, 93.00 x3 tied for the 2nd: the council decides"},
    {{9500, 9400, 9300, 9300, 9100, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000},
     {HX, HX, HX, HX, HX, HT, HT, HT, HT, HT, HT, HT, HT, HT, HT},
     15, 2, 2, 3, 0, 0,
     {CAP_KEPT, CAP_KEPT, CAP_DEMOTED, CAP_DEMOTED, CAP_DEMOTED},
     "ranked by score: a tie below the boundary is no tie"},
    {{9100, 9600, 9300, 9600, 9700, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000},
     {HX, HX, HX, HX, HX, HT, HT, HT, HT, HT, HT, HT, HT, HT, HT},
     15, 2, 1, 2, 2, 1,
     {CAP_DEMOTED, CAP_TIE, CAP_DEMOTED, CAP_TIE, CAP_KEPT},
     "unsorted input: 97 kept, 96/96 tie for one place"},
    {{9200, 9200, 9200, 8000, 8000}, {HX, HX, HX, HT, HT}, 5, 0, 0, 3, 0, 0,
     {CAP_DEMOTED, CAP_DEMOTED, CAP_DEMOTED}, "no place at all: no tie to decide"},
};
START_TEST(test_art20_5_apply_ranking_ties)
{
    struct cap_params p;
    cap_params_for(regime_by_id(REGIME_ND335_2025), 0, &p);
    struct cap_person people[16];
    struct cap_rank scratch[16];
    struct cap_outcome out[16];
    struct cap_summary s;
    size_t n = apply_cases[_i].n;
    for (size_t i = 0; i < n; i++)
        people[i] = (struct cap_person){apply_cases[_i].s[i], apply_cases[_i].l[i]};
    ck_assert_int_eq(cap_apply(&p, people, n, scratch, out, &s), 0);
    ck_assert_msg(s.slots == apply_cases[_i].slots, "%s", apply_cases[_i].why);
    ck_assert_int_eq(s.kept, apply_cases[_i].kept);
    ck_assert_int_eq(s.demoted, apply_cases[_i].demoted);
    ck_assert_int_eq(s.ties, apply_cases[_i].ties);
    ck_assert_int_eq(s.tie_slots, apply_cases[_i].tie_slots);
    ck_assert_int_eq(s.final_htxs, s.slots);
    ck_assert_int_eq(s.final_htt, s.proposed_htt + s.proposed_htxs - s.slots);
    ck_assert_int_le(s.final_htxs, s.limit_at_final);
    for (size_t i = 0; i < n; i++) {
        if (apply_cases[_i].l[i] != HX) {
            ck_assert_int_eq(out[i].status, CAP_UNCHANGED);
            ck_assert_int_eq(out[i].final, apply_cases[_i].l[i]);
            continue;
        }
        ck_assert_msg(out[i].status == apply_cases[_i].st[i], "%s: person %zu", apply_cases[_i].why, i);
        enum rating_level want = out[i].status == CAP_KEPT ? LEVEL_HTXS
                                 : out[i].status == CAP_TIE ? LEVEL_UNDETERMINED
                                                            : LEVEL_HTT;
        ck_assert_int_eq(out[i].final, want);
    }
}
END_TEST

START_TEST(test_art20_5b_exception_and_params)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    struct cap_params p;
    cap_params_for(g, 0, &p);
    ck_assert_int_eq(p.percent, 20);
    ck_assert_int_eq(cap_slots(&p, 10, 5), 2);
    /* a recorded competent-level exception raising the limit to 25% */
    cap_params_for(g, 25, &p);
    ck_assert_int_eq(p.percent, 25);
    ck_assert_int_eq(cap_slots(&p, 10, 5), 3);
    /* NĐ 48/2023 regime: same 20% of HTT (party rate) */
    cap_params_for(regime_by_id(REGIME_ND90_48_2023), 0, &p);
    ck_assert_int_eq(p.percent, 20);
    ck_assert_int_eq(p.denominator, CAP_DEN_HTT);
    /* bad arguments */
    ck_assert_int_eq(cap_slots(&p, -1, 2), -1);
    p.percent = 101;
    ck_assert_int_eq(cap_slots(&p, 1, 2), -1);
    struct cap_summary s;
    ck_assert_int_eq(cap_apply(NULL, NULL, 0, NULL, NULL, &s), -1);
    p.percent = 20;
    ck_assert_int_eq(cap_apply(&p, NULL, 0, NULL, NULL, &s), 0);
    ck_assert_int_eq(s.slots, 0);
}
END_TEST

Suite *suite_core_cap(void)
{
    Suite *s = suite_create("core_cap");
    TCase *tc = tcase_create("cap");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_art20_5_slots, 0, N(slot_cases));
    tcase_add_test(tc, test_art20_5_fixed_point_exhaustive);
    tcase_add_loop_test(tc, test_art20_5_apply_ranking_ties, 0, N(apply_cases));
    tcase_add_test(tc, test_art20_5b_exception_and_params);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
