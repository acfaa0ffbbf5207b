/* Legacy regimes for historic ratings (src/core/regime.c, rating.c
 * rating_history_level). Sources: Luật CBCC 22/2008/QH12 Art. 29 (cán bộ) and
 * Art. 58 khoản 1 (công chức): HTXS, HTT, "hoàn thành nhiệm vụ nhưng còn hạn
 * chế về năng lực", KHT; NĐ 56/2015/NĐ-CP (effective 1/8/2015); Luật CBCC as
 * amended in 2019 Art. 58: the four current levels, the "còn hạn chế" level
 * dropped (rules.md §1.1); rules.md §0 (a regime per reference date). Years
 * before 1/1/2010 have no level list in rules.md: the level text of the
 * source decision is kept verbatim. */
#include <check.h>
#include <string.h>

#include "core/rating.h"
#include "core/regime.h"

extern Suite *suite_core_regime_legacy(void);

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* rules.md §0: the regime in force on 31/12 of the work year. */
static const struct {
    int year;
    enum eval_category cat;
    enum regime_id want; /* 0 = none */
    const char *why;
} year_cases[] = {
    {1989, CAT_CONG_CHUC, 0, "before the kept history"},
    {1990, CAT_CONG_CHUC, REGIME_PRE_2010, "first year kept"},
    {2009, CAT_VIEN_CHUC, REGIME_PRE_2010, "last year before Luật CBCC 2008 took effect"},
    {2010, CAT_CONG_CHUC, REGIME_LUAT_CBCC_2008, "Luật CBCC 2008 effective 1/1/2010"},
    {2014, CAT_CAN_BO, REGIME_LUAT_CBCC_2008, "Luật CBCC 2008 Art. 29 (cán bộ)"},
    {2015, CAT_CONG_CHUC, REGIME_ND56_2015, "NĐ 56/2015 effective 1/8/2015, year judged on 31/12"},
    {2020, CAT_CONG_CHUC, REGIME_ND90_2020, "NĐ 90/2020 effective 20/8/2020"},
};
START_TEST(test_legacy_regime_by_year)
{
    const struct eval_regime *g = regime_for_year(year_cases[_i].cat, year_cases[_i].year);
    if (!year_cases[_i].want) {
        ck_assert_msg(g == NULL, "%s", year_cases[_i].why);
        return;
    }
    ck_assert_msg(g != NULL, "%s", year_cases[_i].why);
    ck_assert_msg(g->id == year_cases[_i].want, "%d: %s (got %s)", year_cases[_i].year, year_cases[_i].why, g->code);
    ck_assert_ptr_eq(regime_by_code(g->code), g);
}
END_TEST

START_TEST(test_legacy_regime_bounds)
{
    cdate from, to, d;
    const struct eval_regime *g = regime_by_id(REGIME_LUAT_CBCC_2008);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->legacy, 1);
    ck_assert_int_eq(g->scored, 0);
    ck_assert_ptr_nonnull(strstr(g->cite_levels, "Điều 58"));
    ck_assert_int_eq(regime_validity(g, CAT_CONG_CHUC, &from, &to), 0);
    date_from_ymd(2010, 1, 1, &d);
    ck_assert_int_eq(from, d);
    date_from_ymd(2015, 7, 31, &d);
    ck_assert_int_eq(to, d);
    /* the day NĐ 56/2015 takes over */
    date_from_ymd(2015, 8, 1, &d);
    ck_assert_int_eq(regime_find(CAT_CONG_CHUC, d)->id, REGIME_ND56_2015);
    date_from_ymd(2009, 12, 31, &d);
    ck_assert_int_eq(regime_find(CAT_CONG_CHUC, d)->id, REGIME_PRE_2010);
    const struct eval_regime *p = regime_by_id(REGIME_PRE_2010);
    ck_assert_int_eq(p->legacy, 1);
    ck_assert_int_eq(p->free_levels, 1);
    ck_assert_ptr_null(regime_by_code("nd_khong_co"));
    ck_assert_ptr_null(regime_by_code(NULL));
    /* legacy regimes are never computed */
    struct rating_input in = {.year = 2012, .category = CAT_CONG_CHUC};
    struct rating_result r;
    ck_assert_int_eq(rating_compute(&in, &r), RATING_ELEGACY);
}
END_TEST

/* Level text -> stored code, per regime. */
static const struct {
    enum regime_id regime;
    const char *text;
    const char *want; /* NULL = refused */
    const char *why;
} level_cases[] = {
    {REGIME_LUAT_CBCC_2008, "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực", "htnv_han_che", "Art. 58(1)(c) label"},
    {REGIME_LUAT_CBCC_2008, "hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực.", "htnv_han_che", "case and final stop ignored"},
    {REGIME_LUAT_CBCC_2008, "HOAN THANH XUAT SAC NHIEM VU", "htxs", "Art. 58(1)(a) without diacritics"},
    {REGIME_LUAT_CBCC_2008, "htt", "htt", "code"},
    {REGIME_LUAT_CBCC_2008, "HTNV_HAN_CHE", "htnv_han_che", "code, upper case"},
    {REGIME_LUAT_CBCC_2008, " Không hoàn thành nhiệm vụ ", "kht", "Art. 58(1)(d), trimmed"},
    {REGIME_LUAT_CBCC_2008, "Xuất sắc", NULL, "not a level of Art. 58"},
    {REGIME_ND56_2015, "Hoàn thành nhiệm vụ", "htnv", "NĐ 56/2015 (viên chức level)"},
    {REGIME_ND90_48_2023, "Hoàn thành tốt nhiệm vụ", "HTT", "Luật CBCC 2019 Art. 58 label"},
    {REGIME_ND90_48_2023, "htxs", "HTXS", "current code, any case"},
    {REGIME_ND90_48_2023, "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực", NULL,
     "the 'còn hạn chế' level was dropped in 2019 (rules.md §1.1)"},
    {REGIME_ND335_2025, "KHT", "KHT", "NĐ 335/2025 Art. 20 level"},
    {REGIME_ND335_2025, "htnv_han_che", NULL, "legacy code under a current regime"},
    {REGIME_PRE_2010, "  Lao động tiên tiến ", "Lao động tiên tiến", "no list encoded: the decision's text, trimmed"},
    {REGIME_PRE_2010, "   ", NULL, "empty"},
    {REGIME_ND56_2015, "", NULL, "empty"},
};
START_TEST(test_history_level_text)
{
    char buf[128];
    const char *got = rating_history_level(regime_by_id(level_cases[_i].regime), level_cases[_i].text, buf, sizeof buf);
    if (!level_cases[_i].want)
        ck_assert_msg(got == NULL, "%s: accepted «%s» as %s", level_cases[_i].why, level_cases[_i].text, got);
    else {
        ck_assert_msg(got != NULL, "%s: refused «%s»", level_cases[_i].why, level_cases[_i].text);
        ck_assert_str_eq(got, level_cases[_i].want);
    }
}
END_TEST

START_TEST(test_history_level_limits)
{
    char buf[128], small[16], longtext[160];
    memset(longtext, 'a', 101);
    longtext[101] = 0;
    ck_assert_ptr_null(rating_history_level(regime_by_id(REGIME_PRE_2010), longtext, buf, sizeof buf));
    longtext[100] = 0;
    ck_assert_ptr_nonnull(rating_history_level(regime_by_id(REGIME_PRE_2010), longtext, buf, sizeof buf));
    ck_assert_ptr_null(rating_history_level(regime_by_id(REGIME_ND56_2015), "htt", small, sizeof small));
    ck_assert_ptr_null(rating_history_level(NULL, "htt", buf, sizeof buf));
    ck_assert_ptr_null(rating_history_level(regime_by_id(REGIME_PRE_2010), "\xff\xfe", buf, sizeof buf));
}
END_TEST

Suite *suite_core_regime_legacy(void)
{
    Suite *s = suite_create("core_regime_legacy");
    TCase *tc = tcase_create("legacy");
    tcase_add_loop_test(tc, test_legacy_regime_by_year, 0, N(year_cases));
    tcase_add_test(tc, test_legacy_regime_bounds);
    tcase_add_loop_test(tc, test_history_level_text, 0, N(level_cases));
    tcase_add_test(tc, test_history_level_limits);
    suite_add_tcase(s, tc);
    return s;
}
