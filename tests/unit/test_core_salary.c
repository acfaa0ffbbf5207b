/* Salary coefficients (NĐ 204/2004/NĐ-CP, Bảng 2) and step-up cycle
 * (TT 08/2013/TT-BNV Art. 2) — src/core/salary.c; rules.md §9.2. */
#include <check.h>
#include <string.h>

#include "core/salary.h"

extern Suite *suite_core_salary(void);

static cdate D(const char *iso)
{
    cdate d;
    ck_assert_msg(date_parse_iso(iso, &d) == 0, "bad fixture %s", iso);
    return d;
}

/* NĐ 204/2004/NĐ-CP Bảng 2, copied from rules.md §9.2 (x100). */
static const struct {
    const char *code;
    int steps;
    int coef[SALARY_MAX_STEPS];
    int cycle;     /* TT 08/2013/TT-BNV Art. 2(1) */
    int increment; /* rules.md §9.2 self-check */
} bang2[] = {
    {"A3.1", 6, {620, 656, 692, 728, 764, 800}, 36, 36},
    {"A3.2", 6, {575, 611, 647, 683, 719, 755}, 36, 36},
    {"A2.1", 8, {440, 474, 508, 542, 576, 610, 644, 678}, 36, 34},
    {"A2.2", 8, {400, 434, 468, 502, 536, 570, 604, 638}, 36, 34},
    {"A1", 9, {234, 267, 300, 333, 366, 399, 432, 465, 498}, 36, 33},
    {"A0", 10, {210, 241, 272, 303, 334, 365, 396, 427, 458, 489}, 36, 31},
    {"B", 12, {186, 206, 226, 246, 266, 286, 306, 326, 346, 366, 386, 406}, 24, 20},
    {"C1", 12, {165, 183, 201, 219, 237, 255, 273, 291, 309, 327, 345, 363}, 24, 18},
    {"C2", 12, {150, 168, 186, 204, 222, 240, 258, 276, 294, 312, 330, 348}, 24, 18},
    {"C3", 12, {135, 153, 171, 189, 207, 225, 243, 261, 279, 297, 315, 333}, 24, 18},
};
#define NGROUPS (int)(sizeof bang2 / sizeof bang2[0])

START_TEST(test_nd204_bang2_values)
{
    const struct salary_group *g = salary_group_find(bang2[_i].code);
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->code, bang2[_i].code);
    ck_assert_int_eq(g->steps, bang2[_i].steps);
    ck_assert_int_eq(g->cycle_months, bang2[_i].cycle);
    for (int s = 1; s <= g->steps; s++) {
        int c = -1;
        ck_assert_int_eq(salary_coef(bang2[_i].code, s, &c), 0);
        ck_assert_int_eq(c, bang2[_i].coef[s - 1]);
        ck_assert_int_eq(g->coef_x100[s - 1], bang2[_i].coef[s - 1]);
    }
    ck_assert_int_eq(salary_coef(bang2[_i].code, 0, NULL), -1);
    ck_assert_int_eq(salary_coef(bang2[_i].code, g->steps + 1, NULL), -1);
}
END_TEST

/* rules.md §9.2 self-check: constant increment per group
 * (A3 0.36, A2 0.34, A1 0.33, A0 0.31, B 0.20, C 0.18). */
START_TEST(test_nd204_bang2_constant_increment)
{
    const struct salary_group *g = salary_group_find(bang2[_i].code);
    ck_assert_ptr_nonnull(g);
    for (int s = 1; s < g->steps; s++)
        ck_assert_int_eq(g->coef_x100[s] - g->coef_x100[s - 1], bang2[_i].increment);
}
END_TEST

START_TEST(test_nd204_table_complete)
{
    int n = 0;
    for (const struct salary_group *g = salary_groups; g->code; g++, n++) {
        ck_assert_int_le(g->steps, SALARY_MAX_STEPS);
        ck_assert_str_eq(g->code, bang2[n].code);
    }
    ck_assert_int_eq(n, NGROUPS);
    ck_assert_ptr_null(salary_group_find("A3"));
    ck_assert_ptr_null(salary_group_find("a1"));
    ck_assert_ptr_null(salary_group_find(""));
    ck_assert_ptr_null(salary_group_find(NULL));
    ck_assert_int_eq(salary_coef("D", 1, NULL), -1);
}
END_TEST

/* TT 08/2013/TT-BNV Art. 2: regular rises and vượt khung. */
static const struct {
    const char *group;
    int step;
    const char *since;
    int vk;
    int at_top, next_step, next_coef;
    const char *due;
    int vk_due;
} next_cases[] = {
    /* one step after 36 months (A groups) */
    {"A1", 1, "2021-01-01", 0, 0, 2, 267, "2024-01-01", 0},
    {"A1", 8, "2020-07-01", 0, 0, 9, 498, "2023-07-01", 0},
    {"A3.1", 5, "2022-03-01", 0, 0, 6, 800, "2025-03-01", 0},
    {"A0", 9, "2019-12-01", 0, 0, 10, 489, "2022-12-01", 0},
    /* after 24 months (B and C groups) */
    {"B", 1, "2021-01-01", 0, 0, 2, 206, "2023-01-01", 0},
    {"C1", 11, "2024-02-29", 0, 0, 12, 363, "2026-02-28", 0}, /* day clamped */
    {"C3", 3, "2023-05-01", 0, 0, 4, 189, "2025-05-01", 0},
    /* top step: 5% after one more cycle */
    {"A1", 9, "2020-01-01", 0, 1, 9, 498, "2023-01-01", 5},
    {"A3.2", 6, "2018-06-01", 0, 1, 6, 755, "2021-06-01", 5},
    {"B", 12, "2020-01-01", 0, 1, 12, 406, "2022-01-01", 5},
    {"C2", 12, "2021-09-01", 0, 1, 12, 348, "2023-09-01", 5},
    /* then +1% every 12 months */
    {"A1", 9, "2023-01-01", 5, 1, 9, 498, "2024-01-01", 6},
    {"A1", 9, "2024-01-01", 6, 1, 9, 498, "2025-01-01", 7},
    {"B", 12, "2022-01-01", 5, 1, 12, 406, "2023-01-01", 6},
    {"C1", 12, "2030-01-01", 15, 1, 12, 363, "2031-01-01", 16},
};
START_TEST(test_tt08_next_step)
{
    struct salary_next n;
    char buf[11];
    ck_assert_int_eq(salary_next_step(next_cases[_i].group, next_cases[_i].step,
                                      D(next_cases[_i].since), next_cases[_i].vk, &n), 0);
    ck_assert_int_eq(n.at_top, next_cases[_i].at_top);
    ck_assert_int_eq(n.next_step, next_cases[_i].next_step);
    ck_assert_int_eq(n.next_coef_x100, next_cases[_i].next_coef);
    date_format_iso(n.due, buf);
    ck_assert_str_eq(buf, next_cases[_i].due);
    ck_assert_int_eq(n.vk_percent, next_cases[_i].vk_due);
}
END_TEST

/* A whole career on A1 from step 1: 8 rises x 36 months, then 5%, 6%, ... */
START_TEST(test_tt08_progression)
{
    struct salary_next n;
    cdate since = D("2000-01-01");
    int step = 1, vk = 0;
    for (int k = 0; k < 8; k++) {
        ck_assert_int_eq(salary_next_step("A1", step, since, vk, &n), 0);
        ck_assert_int_eq(n.at_top, 0);
        step = n.next_step;
        since = n.due;
    }
    ck_assert_int_eq(step, 9);
    ck_assert_int_eq(since, D("2024-01-01"));
    for (int want = 5; want <= 10; want++) {
        ck_assert_int_eq(salary_next_step("A1", step, since, vk, &n), 0);
        ck_assert_int_eq(n.at_top, 1);
        ck_assert_int_eq(n.vk_percent, want);
        vk = n.vk_percent;
        since = n.due;
    }
    ck_assert_int_eq(since, D("2032-01-01")); /* 2024 + 36 months + 5 x 12 months */
}
END_TEST

static const struct { const char *group; int step, vk; } bad_next[] = {
    {"A1", 0, 0}, {"A1", 10, 0}, {"X", 1, 0}, {"A1", 5, 5}, /* vk below the top step */
    {"A1", 9, 3}, {"A1", 9, -1}, {"B", 12, 100}, {NULL, 1, 0},
};
START_TEST(test_next_step_invalid)
{
    struct salary_next n;
    ck_assert_int_eq(salary_next_step(bad_next[_i].group, bad_next[_i].step, D("2020-01-01"),
                                      bad_next[_i].vk, &n), -1);
}
END_TEST

START_TEST(test_next_step_invalid_date)
{
    struct salary_next n;
    ck_assert_int_eq(salary_next_step("A1", 1, CDATE_NONE, 0, &n), -1);
    ck_assert_int_eq(salary_next_step("A1", 1, D("2020-01-01"), 0, NULL), -1);
}
END_TEST

Suite *suite_core_salary(void)
{
    Suite *s = suite_create("core_salary");
    TCase *tc = tcase_create("salary");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_nd204_bang2_values, 0, NGROUPS);
    tcase_add_loop_test(tc, test_nd204_bang2_constant_increment, 0, NGROUPS);
    tcase_add_test(tc, test_nd204_table_complete);
    tcase_add_loop_test(tc, test_tt08_next_step, 0, N(next_cases));
    tcase_add_test(tc, test_tt08_progression);
    tcase_add_loop_test(tc, test_next_step_invalid, 0, N(bad_next));
    tcase_add_test(tc, test_next_step_invalid_date);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
