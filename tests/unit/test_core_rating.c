/* The year's rating (src/core/rating.c, src/core/regime.c).
 * Sources: NĐ 335/2025/NĐ-CP Art. 20 (bands, KHT), Art. 21 (annual score,
 * transfer, lawful absence); NĐ 90/2020/NĐ-CP Art. 8-15 (criteria levels),
 * Art. 20 (absence); NĐ 48/2023/NĐ-CP (discipline principles); NĐ 56/2015
 * (legacy levels); rules.md §0 (regimes by date). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/rating.h"
#include "core/score.h"
#include "core/regime.h"

extern Suite *suite_core_rating(void);

static cdate D(int y, int m, int d)
{
    cdate c;
    ck_assert_int_eq(date_from_ymd(y, m, d, &c), 0);
    return c;
}

/* ---- rules.md §0: the regime in force on the reference date ---- */
static const struct {
    enum eval_category cat;
    int y, m, d;
    enum regime_id want; /* 0 = none */
} regime_cases[] = {
    {CAT_CONG_CHUC, 2025, 12, 31, REGIME_ND90_48_2023}, /* last day of NĐ 90/48 for công chức */
    {CAT_CONG_CHUC, 2026, 1, 1, REGIME_ND335_2025},     /* NĐ 335/2025 effective 1/1/2026 */
    {CAT_CONG_CHUC, 2030, 6, 1, REGIME_ND335_2025},
    {CAT_VIEN_CHUC, 2026, 1, 1, REGIME_ND90_48_2023},   /* NĐ 335 covers công chức only */
    {CAT_CAN_BO, 2026, 12, 31, REGIME_ND90_48_2023},
    {CAT_CONG_CHUC, 2023, 9, 14, REGIME_ND90_2020},     /* NĐ 48/2023 effective 15/9/2023 */
    {CAT_CONG_CHUC, 2023, 9, 15, REGIME_ND90_48_2023},
    {CAT_VIEN_CHUC, 2020, 8, 20, REGIME_ND90_2020},     /* NĐ 90/2020 effective 20/8/2020 */
    {CAT_VIEN_CHUC, 2020, 8, 19, REGIME_ND56_2015},     /* legacy NĐ 56/2015 */
    {CAT_CONG_CHUC, 2015, 8, 1, REGIME_ND56_2015},
    {CAT_CONG_CHUC, 2015, 7, 31, REGIME_LUAT_CBCC_2008}, /* day before NĐ 56/2015: Luật CBCC 2008 Art. 58 */
    {CAT_CONG_CHUC, 1989, 12, 31, 0},                  /* before the history kept (eval_rating_history: 1990+) */
    {(enum eval_category)3, 2026, 1, 1, 0},
};
START_TEST(test_regime_by_date)
{
    const struct eval_regime *r =
        regime_find(regime_cases[_i].cat, D(regime_cases[_i].y, regime_cases[_i].m, regime_cases[_i].d));
    if (!regime_cases[_i].want) {
        ck_assert_ptr_null(r);
    } else {
        ck_assert_ptr_nonnull(r);
        ck_assert_int_eq(r->id, regime_cases[_i].want);
        ck_assert_ptr_eq(r, regime_by_id(regime_cases[_i].want));
    }
}
END_TEST

START_TEST(test_regime_year_and_validity)
{
    /* A work year is judged on 31/12: 2025 -> NĐ 90/48, 2026 -> NĐ 335 (rules.md §0). */
    ck_assert_int_eq(regime_for_year(CAT_CONG_CHUC, 2025)->id, REGIME_ND90_48_2023);
    ck_assert_int_eq(regime_for_year(CAT_CONG_CHUC, 2026)->id, REGIME_ND335_2025);
    ck_assert_int_eq(regime_for_year(CAT_CONG_CHUC, 2023)->id, REGIME_ND90_48_2023);
    ck_assert_int_eq(regime_for_year(CAT_CONG_CHUC, 2022)->id, REGIME_ND90_2020);
    ck_assert_int_eq(regime_for_year(CAT_CONG_CHUC, 2019)->id, REGIME_ND56_2015);
    cdate from, to;
    ck_assert_int_eq(regime_validity(regime_by_id(REGIME_ND90_48_2023), CAT_CONG_CHUC, &from, &to), 0);
    ck_assert_int_eq(from, D(2023, 9, 15));
    ck_assert_int_eq(to, D(2025, 12, 31));
    ck_assert_int_eq(regime_validity(regime_by_id(REGIME_ND335_2025), CAT_CONG_CHUC, &from, &to), 0);
    ck_assert_int_eq(from, D(2026, 1, 1));
    ck_assert_int_eq(to, CDATE_NONE);
    ck_assert_int_eq(regime_validity(regime_by_id(REGIME_ND335_2025), CAT_VIEN_CHUC, &from, &to), -1);
    /* the [M] parameters are where docs/rules.md says they are */
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    ck_assert_int_eq(g->nonleader_divisor, 3);
    ck_assert_int_eq(g->leader_divisor, 6);
    ck_assert_int_eq(g->task_max, 7000);
    ck_assert_int_eq(g->general_max, 3000);
    ck_assert_int_eq(g->cap_percent, 20);
    ck_assert_int_eq(g->cap_exception_max_percent, 25);
    ck_assert_int_eq(g->cap_rounding, CAP_ROUND_FLOOR);
    ck_assert_int_eq(g->cap_denominator, CAP_DEN_HTT);
    ck_assert_int_eq(regime_by_id(REGIME_ND90_48_2023)->kht_b_inclusive, 0); /* "trên 50%" [M] */
}
END_TEST

/* ---- NĐ 335/2025 Art. 20: every band edge, in hundredths ---- */
static const struct {
    int32_t score;
    enum rating_level want;
} band_cases[] = {
    {10000, LEVEL_HTXS}, {9000, LEVEL_HTXS}, {8999, LEVEL_HTT},   /* 90.00 / 89.99 */
    {7000, LEVEL_HTT},   {6999, LEVEL_HTNV},                      /* 70.00 / 69.99 */
    {5000, LEVEL_HTNV},  {4999, LEVEL_KHT},                       /* 50.00 / 49.99 */
    {0, LEVEL_KHT},
};
START_TEST(test_nd335_art20_band_edges)
{
    const struct eval_regime *g = regime_by_id(REGIME_ND335_2025);
    ck_assert_int_eq(rating_band(g, band_cases[_i].score), band_cases[_i].want);
    /* and through the year's rating with one period (Art. 21) */
    int32_t p[1] = {band_cases[_i].score};
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC, .periods = p, .nperiods = 1};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.level, band_cases[_i].want);
    ck_assert_int_eq(r.score, band_cases[_i].score);
    ck_assert_int_eq(!!(r.kht & KHT_SCORE), band_cases[_i].want == LEVEL_KHT);
    /* NĐ 90 has no score: no band */
    ck_assert_int_eq(rating_band(regime_by_id(REGIME_ND90_48_2023), 9500), LEVEL_UNDETERMINED);
}
END_TEST

/* ---- NĐ 335/2025 Art. 21: annual score = average of the period scores ---- */
static const struct {
    int32_t p[12];
    size_t n;
    int32_t avg;
    enum rating_level want;
    const char *why;
} annual_cases[] = {
    {{9000, 8999}, 2, 8999, LEVEL_HTT, "89.995 truncated to 89.99: not HTXS (Art. 20, 21)"},
    {{9000, 9000, 8999}, 3, 8999, LEVEL_HTT, "89.9966 -> 89.99"},
    {{9100, 8900}, 2, 9000, LEVEL_HTXS, "exact 90.00"},
    {{7000, 6999, 7001}, 3, 7000, LEVEL_HTT, "exact 70.00"},
    {{5000, 4999}, 2, 4999, LEVEL_KHT, "49.995 -> 49.99: KHT"},
    {{8000, 8500, 9000, 9500}, 4, 8750, LEVEL_HTT, "quarterly"},
    {{9500, 9500, 9500, 9500, 9500, 9500, 9500, 9500, 9500, 9500, 9500, 9400}, 12, 9491,
     LEVEL_HTXS, "monthly, 1139/12 = 94.9166 -> 94.91"},
};
START_TEST(test_nd335_art21_annual_average)
{
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC,
                              .periods = annual_cases[_i].p, .nperiods = annual_cases[_i].n};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_msg(r.score == annual_cases[_i].avg, "%s: %d", annual_cases[_i].why, r.score);
    ck_assert_int_eq(r.level, annual_cases[_i].want);
}
END_TEST

START_TEST(test_nd335_art21_transfer_and_absence)
{
    /* Transfer: 2 quarters from the old unit + 2 from the new one are averaged. */
    int32_t p[4] = {8000, 8000, 9600, 9600};
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC, .periods = p,
                              .nperiods = 4, .carried_over = 2};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.score, 8800);
    ck_assert_int_eq(r.level, LEVEL_HTT);
    int found = 0;
    for (int i = 0; i < r.nexplain; i++)
        found |= strstr(r.explain[i], "cơ quan cũ") != NULL;
    ck_assert(found);
    /* Lawful absence (sick, maternity): rated on the periods actually worked;
     * 7 months absent, 5 months worked at 95 -> HTXS (no NĐ 90 cap under NĐ 335). */
    int32_t q[5] = {9500, 9500, 9500, 9500, 9500};
    struct rating_input a = {.year = 2026, .category = CAT_CONG_CHUC, .periods = q,
                             .nperiods = 5, .periods_absent = 7, .absence_months = 7};
    ck_assert_int_eq(rating_compute(&a, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_HTXS);
    ck_assert_int_eq(r.absence_capped, 0);
    /* No period worked at all: not rated. */
    struct rating_input z = {.year = 2026, .category = CAT_CONG_CHUC, .absence_months = 12};
    ck_assert_int_eq(rating_compute(&z, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_NOT_RATED);
}
END_TEST

/* ---- every KHT trigger, NĐ 335/2025 Art. 20 ---- */
static const struct discipline disc_admin_2026[] = {{1, DISC_ADMIN, DISC_KHIEN_TRACH, 2026, 0}};
static const struct discipline disc_party_2026[] = {{1, DISC_PARTY, DISC_CANH_CAO, 2026, 0}};
static const struct discipline disc_2025[] = {{1, DISC_ADMIN, DISC_KHIEN_TRACH, 2025, 0}};
static const struct {
    int32_t score;
    int leader, degradation, corruption;
    const struct discipline *disc;
    size_t ndisc;
    enum rating_level want;
    unsigned bits;
    const char *why;
} kht_cases[] = {
    {4999, 0, 0, 0, NULL, 0, LEVEL_KHT, KHT_SCORE, "Art. 20: score < 50"},
    {9800, 0, 1, 0, NULL, 0, LEVEL_KHT, KHT_DEGRADATION, "Art. 20: degradation concluded"},
    {9800, 0, 0, 0, disc_admin_2026, 1, LEVEL_KHT, KHT_DISCIPLINE, "Art. 20: khiển trách in the year"},
    {9800, 0, 0, 0, disc_party_2026, 1, LEVEL_KHT, KHT_DISCIPLINE, "Art. 20: party cảnh cáo in the year"},
    {9800, 0, 0, 0, disc_2025, 1, LEVEL_HTXS, 0, "Art. 20: discipline of another year does not count"},
    {9800, 1, 0, 1, NULL, 0, LEVEL_KHT, KHT_CORRUPTION, "Art. 20: leader, unit corruption handled"},
    {9800, 0, 0, 1, NULL, 0, LEVEL_HTXS, 0, "Art. 20: the corruption trigger is for leaders only"},
    {4000, 1, 1, 1, disc_admin_2026, 1, LEVEL_KHT,
     KHT_SCORE | KHT_DEGRADATION | KHT_DISCIPLINE | KHT_CORRUPTION, "all at once"},
};
START_TEST(test_nd335_art20_kht_triggers)
{
    int32_t p[1] = {kht_cases[_i].score};
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC, .leader = kht_cases[_i].leader,
                              .periods = p, .nperiods = 1, .degradation = kht_cases[_i].degradation,
                              .unit_corruption = kht_cases[_i].corruption,
                              .disc = kht_cases[_i].disc, .ndisc = kht_cases[_i].ndisc};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_msg(r.level == kht_cases[_i].want, "%s", kht_cases[_i].why);
    ck_assert_msg(r.kht == kht_cases[_i].bits, "%s: bits %x", kht_cases[_i].why, r.kht);
    int cites = 0;
    for (int i = 0; i < r.nexplain; i++)
        cites += strstr(r.explain[i], "Điều") != NULL;
    ck_assert_int_ge(cites, 2);
}
END_TEST

/* ---- NĐ 48/2023 discipline principles ---- */
static const struct discipline principles_a[] = {
    /* violation 7: used to rate KHT in 2024 before any decision; decision in 2025 */
    {7, DISC_ADMIN, DISC_KHIEN_TRACH, 2025, 2024},
};
static const struct discipline principles_b[] = {
    /* violation 3: party decision in 2024, administrative decision in 2025 */
    {3, DISC_PARTY, DISC_KHIEN_TRACH, 2024, 0},
    {3, DISC_ADMIN, DISC_KHIEN_TRACH, 2025, 0},
};
static const struct discipline principles_c[] = {
    /* two decisions for the same violation in the same year: counts (once) */
    {4, DISC_PARTY, DISC_KHIEN_TRACH, 2025, 0},
    {4, DISC_ADMIN, DISC_CANH_CAO, 2025, 0},
};
static const struct discipline principles_d[] = {
    /* a different violation in the year still counts */
    {3, DISC_PARTY, DISC_KHIEN_TRACH, 2024, 0},
    {5, DISC_ADMIN, DISC_KHIEN_TRACH, 2025, 0},
};
static const struct {
    const struct discipline *d;
    size_t n;
    int year;
    enum regime_id regime;
    int want_index, want_skipped;
    const char *why;
} principle_cases[] = {
    {principles_a, 1, 2025, REGIME_ND90_48_2023, -1, 1, "NĐ 48/2023: already used for KHT, not again"},
    {principles_b, 2, 2025, REGIME_ND90_48_2023, -1, 1, "NĐ 48/2023: party+admin count in one year only"},
    {principles_b, 2, 2024, REGIME_ND90_48_2023, 0, 0, "NĐ 48/2023: the earliest year counts"},
    {principles_c, 2, 2025, REGIME_ND90_48_2023, 0, 0, "same year: KHT"},
    {principles_d, 2, 2025, REGIME_ND90_48_2023, 1, 0, "another violation counts"},
    /* before 15/9/2023 (NĐ 90/2020 unamended) the principles did not exist */
    {principles_b, 2, 2022, REGIME_ND90_2020, -1, 0, "no decision in 2022"},
    {principles_a, 1, 2025, REGIME_ND90_2020, 0, 0, "NĐ 90/2020 unamended: any decision in the year"},
};
START_TEST(test_nd48_discipline_principles)
{
    int skipped = -1;
    int idx = rating_discipline_counts(regime_by_id(principle_cases[_i].regime), principle_cases[_i].d,
                                       principle_cases[_i].n, principle_cases[_i].year, &skipped);
    ck_assert_msg(idx == principle_cases[_i].want_index, "%s: %d", principle_cases[_i].why, idx);
    ck_assert_int_eq(skipped, principle_cases[_i].want_skipped);
}
END_TEST

START_TEST(test_nd48_principles_in_rating)
{
    /* 2025, công chức, criteria HTT, party 2024 + admin 2025 for the same violation:
     * not KHT in 2025 (NĐ 48/2023), with the explanation. */
    struct rating_input in = {.year = 2025, .category = CAT_CONG_CHUC,
                              .crit = {.general = GEN_MEETS, .tasks_total = 10, .tasks_completed = 10},
                              .disc = principles_b, .ndisc = 2};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.regime->id, REGIME_ND90_48_2023);
    ck_assert_int_eq(r.level, LEVEL_HTT);
    ck_assert_int_eq(r.discipline_skipped, 1);
    int found = 0;
    for (int i = 0; i < r.nexplain; i++)
        found |= strstr(r.explain[i], "15/9/2023") != NULL;
    ck_assert(found);
    in.year = 2024; /* the party decision's year: KHT */
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_KHT);
    ck_assert_int_eq(r.kht, KHT_DISCIPLINE);
}
END_TEST

/* ---- NĐ 90/2020 Art. 8-15 (+48/2023): criteria-based levels ---- */
#define NL(g, t, c, ne, ov) {.general = g, .tasks_total = t, .tasks_completed = c, .tasks_not_ensured = ne, .tasks_over = ov}
#define LD(g, t, c, ne, ov, tt, tc, tot, tov, st, sn, sh)                                              \
    {.general = g, .tasks_total = t, .tasks_completed = c, .tasks_not_ensured = ne, .tasks_over = ov,  \
     .targets_total = tt, .targets_completed = tc, .targets_on_time = tot, .targets_over = tov,        \
     .subunits_total = st, .subunits_htnv_or_above = sn, .subunits_htt_or_above = sh}
static const struct {
    int leader;
    struct nd90_criteria c;
    int inclusive; /* kht_b_inclusive */
    enum rating_level want;
    unsigned bits;
    const char *why;
} nd90_cases[] = {
    /* non-leaders */
    {0, NL(GEN_GOOD, 10, 10, 0, 5), 0, LEVEL_HTXS, 0, "HTXS: good, 100% on time, >=50% over-achieved"},
    {0, NL(GEN_GOOD, 10, 10, 0, 4), 0, LEVEL_HTT, 0, "49% over-achieved: HTT"},
    {0, NL(GEN_MEETS, 10, 10, 0, 10), 0, LEVEL_HTT, 0, "only meets Art. 3: not HTXS"},
    {0, NL(GEN_MEETS, 10, 10, 2, 0), 0, LEVEL_HTNV, 0, "HTNV: <=20% not ensured"},
    {0, NL(GEN_MEETS, 10, 10, 3, 0), 0, LEVEL_UNDETERMINED, 0, "30%: neither HTNV nor KHT (gap)"},
    {0, NL(GEN_MEETS, 10, 10, 5, 0), 0, LEVEL_UNDETERMINED, 0, "exactly 50%, trên 50%: not KHT (b)"},
    {0, NL(GEN_MEETS, 10, 10, 5, 0), 1, LEVEL_KHT, KHT_CRITERIA_B, "exactly 50%, từ 50%: KHT (b)"},
    {0, NL(GEN_MEETS, 10, 10, 6, 0), 0, LEVEL_KHT, KHT_CRITERIA_B, "KHT (b): >50% not ensured"},
    {0, NL(GEN_MEETS, 10, 6, 2, 0), 0, LEVEL_KHT, KHT_CRITERIA_B, "4 not completed + 2 not ensured > 50%"},
    {0, NL(GEN_FAILS, 10, 10, 0, 10), 0, LEVEL_UNDETERMINED, 0, "fails Art. 3 without a degradation conclusion"},
    /* leaders: unit and sub-unit conditions */
    {1, LD(GEN_GOOD, 4, 4, 0, 0, 10, 10, 10, 5, 10, 10, 7), 0, LEVEL_HTXS, 0,
     "leader HTXS: unit 100%, >=50% over; sub-units 100% >= HTNV, 70% >= HTT"},
    {1, LD(GEN_GOOD, 4, 4, 0, 0, 10, 10, 10, 5, 10, 10, 6), 0, LEVEL_HTNV, 0, "only 60% sub-units >= HTT"},
    {1, LD(GEN_GOOD, 4, 4, 0, 0, 10, 10, 10, 5, 10, 9, 9), 0, LEVEL_HTNV, 0, "one sub-unit KHT: not HTT"},
    {1, LD(GEN_MEETS, 4, 4, 0, 0, 10, 10, 8, 0, 0, 0, 0), 0, LEVEL_HTT, 0, "HTT: >=80% targets on time"},
    {1, LD(GEN_MEETS, 4, 4, 0, 0, 10, 10, 7, 0, 0, 0, 0), 0, LEVEL_HTNV, 0, "70% on time: HTNV"},
    {1, LD(GEN_MEETS, 5, 5, 1, 0, 10, 8, 8, 0, 10, 7, 0), 0, LEVEL_HTNV, 0, "HTNV: >70% targets, >=70% sub-units"},
    {1, LD(GEN_MEETS, 5, 5, 1, 0, 10, 7, 7, 0, 10, 7, 0), 0, LEVEL_UNDETERMINED, 0, "exactly 70% targets: not >70%"},
    {1, LD(GEN_MEETS, 5, 5, 0, 0, 10, 4, 4, 0, 0, 0, 0), 0, LEVEL_KHT, KHT_UNIT_TARGETS, "KHT: unit <50% targets"},
    {1, LD(GEN_MEETS, 5, 5, 0, 0, 10, 5, 5, 0, 0, 0, 0), 0, LEVEL_UNDETERMINED, 0, "exactly 50% targets: not <50%"},
};
START_TEST(test_nd90_criteria_levels)
{
    struct eval_regime g = *regime_by_id(REGIME_ND90_48_2023);
    g.kht_b_inclusive = nd90_cases[_i].inclusive;
    unsigned bits = 99;
    enum rating_level l = rating_nd90_level(&g, nd90_cases[_i].leader, &nd90_cases[_i].c, &bits);
    ck_assert_msg(l == nd90_cases[_i].want, "%s: got %s", nd90_cases[_i].why, rating_level_code(l));
    ck_assert_int_eq(bits, nd90_cases[_i].bits);
}
END_TEST

/* ---- NĐ 90/2020 Art. 20: lawful absence ---- */
static const struct {
    int months, maternity;
    enum rating_level want;
    int capped;
    const char *why;
} absence_cases[] = {
    {2, 0, LEVEL_HTXS, 0, "under 3 months: no effect"},
    {3, 0, LEVEL_HTNV, 1, "3 months: at most HTNV"},
    {5, 0, LEVEL_HTNV, 1, "5 months: at most HTNV"},
    {6, 0, LEVEL_NOT_RATED, 0, "6 months: not rated"},
    {12, 0, LEVEL_NOT_RATED, 0, "12 months: not rated"},
    {4, 1, LEVEL_HTXS, 0, "maternity: rated on the time worked"},
    {6, 1, LEVEL_HTXS, 0, "maternity 6 months: still rated"},
};
START_TEST(test_nd90_art20_absence)
{
    struct rating_input in = {.year = 2025, .category = CAT_CONG_CHUC,
                              .crit = NL(GEN_GOOD, 10, 10, 0, 6),
                              .absence_months = absence_cases[_i].months,
                              .maternity = absence_cases[_i].maternity};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_msg(r.level == absence_cases[_i].want, "%s: %s", absence_cases[_i].why,
                  rating_level_code(r.level));
    ck_assert_int_eq(r.absence_capped, absence_cases[_i].capped);
    ck_assert_int_eq(r.base_level, LEVEL_HTXS);
    /* a KHT stays KHT under the cap */
    in.degradation = 1;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    if (absence_cases[_i].want != LEVEL_NOT_RATED)
        ck_assert_int_eq(r.level, LEVEL_KHT);
}
END_TEST

START_TEST(test_nd90_kht_triggers_in_rating)
{
    /* NĐ 90/2020 as amended: degradation (a), discipline (c), leader corruption. */
    struct rating_input in = {.year = 2025, .category = CAT_VIEN_CHUC,
                              .crit = NL(GEN_GOOD, 10, 10, 0, 6)};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_HTXS);
    in.degradation = 1;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_KHT);
    ck_assert_int_eq(r.kht, KHT_DEGRADATION);
    in.degradation = 0;
    in.disc = disc_2025;
    in.ndisc = 1;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.kht, KHT_DISCIPLINE);
    /* viên chức in 2026 are still rated under NĐ 90/48 */
    in.year = 2026;
    in.disc = NULL;
    in.ndisc = 0;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.regime->id, REGIME_ND90_48_2023);
    ck_assert_int_eq(r.level, LEVEL_HTXS);
    in.leader = 1;
    in.crit = (struct nd90_criteria)LD(GEN_GOOD, 4, 4, 0, 0, 10, 10, 10, 5, 0, 0, 0);
    in.unit_corruption = 1;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_int_eq(r.level, LEVEL_KHT);
    ck_assert_int_eq(r.kht, KHT_CORRUPTION);
}
END_TEST

START_TEST(test_legacy_and_errors)
{
    /* NĐ 56/2015: levels stored only, including "còn hạn chế về năng lực". */
    ck_assert_int_eq(legacy_level_parse("htnv_han_che"), LEGACY_HTNV_HAN_CHE);
    ck_assert_str_eq(legacy_level_name(LEGACY_HTNV_HAN_CHE),
                     "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực");
    ck_assert_str_eq(legacy_level_code(LEGACY_KHT), "kht");
    ck_assert_int_eq(legacy_level_parse("HTT"), 0);
    ck_assert_ptr_null(legacy_level_name((enum legacy_level)0));
    struct rating_input in = {.year = 2018, .category = CAT_CONG_CHUC,
                              .crit = NL(GEN_GOOD, 10, 10, 0, 6)};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), RATING_ELEGACY);
    in.year = 2010; /* Luật CBCC 2008 Art. 58: legacy, levels stored only */
    ck_assert_int_eq(rating_compute(&in, &r), RATING_ELEGACY);
    in.year = 1989;
    ck_assert_int_eq(rating_compute(&in, &r), RATING_ENOREGIME);
    in.year = 2025;
    in.crit.tasks_completed = 11; /* more completed than assigned */
    ck_assert_int_eq(rating_compute(&in, &r), RATING_EINVAL);
    ck_assert_int_eq(rating_compute(NULL, &r), RATING_EINVAL);
    ck_assert_int_eq(rating_level_parse("HTXS"), LEVEL_HTXS);
    ck_assert_int_eq(rating_level_parse("htxs"), LEVEL_UNDETERMINED);
    ck_assert_int_eq(disc_form_parse("khai_tru"), DISC_KHAI_TRU);
    ck_assert_int_eq(disc_form_parse("nhac_nho"), 0);
}
END_TEST

/* ---- NĐ 335/2025 Art. 21: periods not worked (lawful absence) ---- */
#define PW(score) {1, score, 0, 0, ABSENCE_NONE}
#define PA(reason, days) {0, 0, 1, days, reason}
static const struct rating_period year_sick_q2[] = {PW(9600), PA(ABSENCE_SICK, 91), PW(9000), PW(9300)};
static const struct rating_period year_maternity[] = {PA(ABSENCE_MATERNITY, 92), PA(ABSENCE_MATERNITY, 91),
                                                      PW(6000), {1, 7200, 0, 12, ABSENCE_SICK}};
static const struct rating_period year_mixed[] = {PA(ABSENCE_MATERNITY, 31), PA(ABSENCE_SICK, 28), PW(8000)};
static const struct rating_period year_none[] = {PA(ABSENCE_OTHER_LAWFUL, 92), PA(ABSENCE_SICK, 91)};
static const struct {
    const struct rating_period *p;
    size_t n;
    size_t worked;
    int absent, maternity, days;
    int32_t avg;
    enum rating_level want;
    const char *why;
} period_cases[] = {
    {year_sick_q2, 4, 3, 1, 0, 91, 9300, LEVEL_HTXS,
     "Art. 21: Q2 sick, not worked: average of Q1, Q3, Q4 = 93.00 (with Q2 as 0 it would be 69.75)"},
    {year_maternity, 4, 2, 2, 1, 195, 6600, LEVEL_HTNV,
     "Art. 21: maternity Q1-Q2; Q4 worked with 12 days sick still counts: (60 + 72) / 2 = 66.00"},
    {year_mixed, 3, 1, 2, 0, 59, 8000, LEVEL_HTT, "Art. 21: one worked month only: 80.00"},
    {year_none, 2, 0, 2, 0, 183, 0, LEVEL_NOT_RATED, "Art. 21: no period worked: not rated"},
};
START_TEST(test_nd335_art21_periods_not_worked)
{
    int32_t buf[SCORE_MAX_PERIODS];
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC};
    int32_t days = -1;
    ck_assert_int_eq(rating_periods_collect(period_cases[_i].p, period_cases[_i].n, buf, SCORE_MAX_PERIODS, &in, &days), 0);
    ck_assert_uint_eq(in.nperiods, period_cases[_i].worked);
    ck_assert_int_eq(in.periods_absent, period_cases[_i].absent);
    ck_assert_int_eq(in.maternity, period_cases[_i].maternity);
    ck_assert_int_eq(days, period_cases[_i].days);
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), 0);
    ck_assert_msg(r.level == period_cases[_i].want, "%s: %s", period_cases[_i].why, rating_level_code(r.level));
    if (period_cases[_i].worked)
        ck_assert_msg(r.score == period_cases[_i].avg, "%s: %d", period_cases[_i].why, r.score);
}
END_TEST

START_TEST(test_nd335_art21_periods_errors)
{
    int32_t buf[4];
    struct rating_input in = {.year = 2026, .category = CAT_CONG_CHUC};
    const struct rating_period unscored_worked[] = {{0, 0, 0, 0, ABSENCE_NONE}};
    const struct rating_period scored_absent[] = {{1, 9000, 1, 30, ABSENCE_SICK}};
    const struct rating_period absent_no_reason[] = {{0, 0, 1, 30, ABSENCE_NONE}};
    const struct rating_period days_no_reason[] = {{1, 9000, 0, 3, ABSENCE_NONE}};
    const struct rating_period five[] = {PW(9000), PW(9000), PW(9000), PW(9000), PW(9000)};
    ck_assert_int_eq(rating_periods_collect(unscored_worked, 1, buf, 4, &in, NULL), -1);
    ck_assert_int_eq(rating_periods_collect(scored_absent, 1, buf, 4, &in, NULL), -1);
    ck_assert_int_eq(rating_periods_collect(absent_no_reason, 1, buf, 4, &in, NULL), -1);
    ck_assert_int_eq(rating_periods_collect(days_no_reason, 1, buf, 4, &in, NULL), -1);
    ck_assert_int_eq(rating_periods_collect(five, 5, buf, 4, &in, NULL), -1); /* over cap */
    ck_assert_int_eq(absence_reason_parse("maternity"), ABSENCE_MATERNITY);
    ck_assert_int_eq(absence_reason_parse("holiday"), ABSENCE_NONE);
    ck_assert_str_eq(absence_reason_code(ABSENCE_OTHER_LAWFUL), "other_lawful");
    ck_assert_ptr_null(absence_reason_code(ABSENCE_NONE));
}
END_TEST

Suite *suite_core_rating(void)
{
    Suite *s = suite_create("core_rating");
    TCase *tc = tcase_create("rating");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_regime_by_date, 0, N(regime_cases));
    tcase_add_test(tc, test_regime_year_and_validity);
    tcase_add_loop_test(tc, test_nd335_art20_band_edges, 0, N(band_cases));
    tcase_add_loop_test(tc, test_nd335_art21_annual_average, 0, N(annual_cases));
    tcase_add_test(tc, test_nd335_art21_transfer_and_absence);
    tcase_add_loop_test(tc, test_nd335_art21_periods_not_worked, 0, N(period_cases));
    tcase_add_test(tc, test_nd335_art21_periods_errors);
    tcase_add_loop_test(tc, test_nd335_art20_kht_triggers, 0, N(kht_cases));
    tcase_add_loop_test(tc, test_nd48_discipline_principles, 0, N(principle_cases));
    tcase_add_test(tc, test_nd48_principles_in_rating);
    tcase_add_loop_test(tc, test_nd90_criteria_levels, 0, N(nd90_cases));
    tcase_add_loop_test(tc, test_nd90_art20_absence, 0, N(absence_cases));
    tcase_add_test(tc, test_nd90_kht_triggers_in_rating);
    tcase_add_test(tc, test_legacy_and_errors);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
