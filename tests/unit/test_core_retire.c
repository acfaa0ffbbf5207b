/* Retirement age and date (src/core/retire.c).
 * Sources: BLLĐ 2019 Art. 169(2); NĐ 135/2020/NĐ-CP Art. 3 (timing, year-only
 * birth date), Art. 4 + Appendix I (roadmap); BLLĐ 2012 Art. 187 (before 2021).
 * Every vector and birth-month boundary row of rules.md §7 is encoded here. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/retire.h"

extern Suite *suite_core_retire(void);

#define M SEX_MALE
#define F SEX_FEMALE
#define Y(y, m) ((y) * 12 + (m)) /* age in months */

static const char *iso(cdate d, char buf[11])
{
    date_format_iso(d, buf);
    return buf;
}

/* ---- NĐ 135/2020 Art. 4(1), BLLĐ 2019 Art. 169(2): the age by calendar year ---- */
static const struct { int year, men, women; } age_table[] = {
    {2015, Y(60, 0), Y(55, 0)}, {2020, Y(60, 0), Y(55, 0)}, /* before 2021: BLLĐ 2012 Art. 187 */
    {2021, Y(60, 3), Y(55, 4)}, {2022, Y(60, 6), Y(55, 8)}, {2023, Y(60, 9), Y(56, 0)},
    {2024, Y(61, 0), Y(56, 4)}, {2025, Y(61, 3), Y(56, 8)}, {2026, Y(61, 6), Y(57, 0)},
    {2027, Y(61, 9), Y(57, 4)}, {2028, Y(62, 0), Y(57, 8)}, {2029, Y(62, 0), Y(58, 0)},
    {2030, Y(62, 0), Y(58, 4)}, {2031, Y(62, 0), Y(58, 8)}, {2032, Y(62, 0), Y(59, 0)},
    {2033, Y(62, 0), Y(59, 4)}, {2034, Y(62, 0), Y(59, 8)}, {2035, Y(62, 0), Y(60, 0)},
    {2036, Y(62, 0), Y(60, 0)}, {2050, Y(62, 0), Y(60, 0)}, {2100, Y(62, 0), Y(60, 0)},
};
START_TEST(test_nd135_art4_age_by_year)
{
    ck_assert_int_eq(retire_age_months_in_year(M, age_table[_i].year), age_table[_i].men);
    ck_assert_int_eq(retire_age_months_in_year(F, age_table[_i].year), age_table[_i].women);
}
END_TEST

/* ---- rules.md §7 test vectors (birth -> age -> pension start) ----
 * NĐ 135/2020 Art. 3: retirement at the end of the last day of month t,
 * pension from the first day of month t+1. */
static const struct {
    enum sex sex;
    int by, bm, age;
    const char *retire, *pension;
} vectors[] = {
    {M, 1961, 1, Y(60, 3), "2021-04-30", "2021-05-01"},
    {M, 1963, 1, Y(60, 9), "2023-10-31", "2023-11-01"},
    {M, 1963, 3, Y(60, 9), "2023-12-31", "2024-01-01"},
    {M, 1963, 4, Y(61, 0), "2024-04-30", "2024-05-01"},
    {M, 1963, 12, Y(61, 0), "2024-12-31", "2025-01-01"},
    {M, 1964, 1, Y(61, 3), "2025-04-30", "2025-05-01"},
    {M, 1964, 10, Y(61, 6), "2026-04-30", "2026-05-01"},
    {M, 1965, 1, Y(61, 6), "2026-07-31", "2026-08-01"},
    {F, 1966, 1, Y(55, 4), "2021-05-31", "2021-06-01"},
    {F, 1968, 1, Y(56, 4), "2024-05-31", "2024-06-01"},
    {F, 1968, 8, Y(56, 4), "2024-12-31", "2025-01-01"},
    {F, 1968, 9, Y(56, 8), "2025-05-31", "2025-06-01"},
    {F, 1968, 12, Y(56, 8), "2025-08-31", "2025-09-01"}, /* retires end of 31/08/2025 */
    {F, 1969, 5, Y(57, 0), "2026-05-31", "2026-06-01"},
    {F, 1970, 1, Y(57, 4), "2027-05-31", "2027-06-01"},
    /* Before 2021 (BLLĐ 2012 Art. 187): 60 / 55 exactly. */
    {M, 1950, 6, Y(60, 0), "2010-06-30", "2010-07-01"},
    {M, 1960, 12, Y(60, 0), "2020-12-31", "2021-01-01"},
    {F, 1965, 3, Y(55, 0), "2020-03-31", "2020-04-01"},
    {F, 1965, 12, Y(55, 0), "2020-12-31", "2021-01-01"},
    /* After the roadmap ends: 62 (men, 2028) and 60 (women, 2035). */
    {M, 1970, 2, Y(62, 0), "2032-02-29", "2032-03-01"},
    {M, 1966, 4, Y(62, 0), "2028-04-30", "2028-05-01"},
    {F, 1980, 2, Y(60, 0), "2040-02-29", "2040-03-01"},
    {F, 1975, 5, Y(60, 0), "2035-05-31", "2035-06-01"},
};
START_TEST(test_nd135_vectors)
{
    struct retire_result r;
    char buf[11];
    ck_assert_int_eq(retire_compute(vectors[_i].by, vectors[_i].bm, vectors[_i].sex, &r), 0);
    ck_assert_msg(r.age_months == vectors[_i].age, "%d/%d: age %d, want %d", vectors[_i].bm,
                  vectors[_i].by, r.age_months, vectors[_i].age);
    ck_assert_str_eq(iso(r.retire_date, buf), vectors[_i].retire);
    ck_assert_str_eq(iso(date_month_end(r.retire_month), buf), vectors[_i].retire);
    ck_assert_int_eq(r.pension_month, r.retire_month + 1);
    ck_assert_str_eq(iso(r.retire_date + 1, buf), vectors[_i].pension);
    ck_assert_int_eq(r.retire_month - month_index(vectors[_i].by, vectors[_i].bm), r.age_months);
    ck_assert_str_eq(r.regime, month_index_year(r.retire_month) < 2021 ? "BLLĐ 2012 (trước 2021)"
                                                                        : "NĐ 135/2020/NĐ-CP");
}
END_TEST

/* ---- rules.md §7 birth-month boundaries (NĐ 135/2020 Appendix I): the first
 * birth month with each age; the month before gets the previous step. ---- */
static const struct {
    enum sex sex;
    int by, bm, age;
} boundaries[] = {
    {M, 1961, 1, Y(60, 3)},  {M, 1961, 10, Y(60, 6)}, {M, 1962, 7, Y(60, 9)},
    {M, 1963, 4, Y(61, 0)},  {M, 1964, 1, Y(61, 3)},  {M, 1964, 10, Y(61, 6)},
    {M, 1965, 7, Y(61, 9)},  {M, 1966, 4, Y(62, 0)},
    {F, 1966, 1, Y(55, 4)},  {F, 1966, 9, Y(55, 8)},  {F, 1967, 5, Y(56, 0)},
    {F, 1968, 1, Y(56, 4)},  {F, 1968, 9, Y(56, 8)},  {F, 1969, 5, Y(57, 0)},
    {F, 1970, 1, Y(57, 4)},  {F, 1970, 9, Y(57, 8)},  {F, 1971, 5, Y(58, 0)},
    {F, 1972, 1, Y(58, 4)},  {F, 1972, 9, Y(58, 8)},  {F, 1973, 5, Y(59, 0)},
    {F, 1974, 1, Y(59, 4)},  {F, 1974, 9, Y(59, 8)},  {F, 1975, 5, Y(60, 0)},
};
START_TEST(test_nd135_appendix1_boundaries)
{
    struct retire_result r, prev;
    int step = boundaries[_i].sex == M ? 3 : 4;
    int by = boundaries[_i].by, bm = boundaries[_i].bm;
    ck_assert_int_eq(retire_compute(by, bm, boundaries[_i].sex, &r), 0);
    ck_assert_int_eq(r.age_months, boundaries[_i].age);
    int pby = bm == 1 ? by - 1 : by, pbm = bm == 1 ? 12 : bm - 1;
    ck_assert_int_eq(retire_compute(pby, pbm, boundaries[_i].sex, &prev), 0);
    ck_assert_int_eq(prev.age_months, boundaries[_i].age - step);
    /* Every birth month of the band up to the next boundary has the same age:
     * a band is 12 - 3 = 9 birth months for men, 12 - 4 = 8 for women; the
     * final age (62 / 60) applies to everyone born later (24 checked). */
    int final_age = boundaries[_i].sex == M ? Y(62, 0) : Y(60, 0);
    int span = boundaries[_i].age == final_age ? 24 : 12 - step;
    for (int k = 0; k < span; k++) {
        int mi = month_index(by, bm) + k;
        ck_assert_int_eq(retire_compute(month_index_year(mi), month_index_month(mi),
                                        boundaries[_i].sex, &r), 0);
        ck_assert_int_eq(r.age_months, boundaries[_i].age);
    }
}
END_TEST

/* "First reaches it" column of rules.md §7: 04/2021 (men), 05/2021 (women). */
START_TEST(test_nd135_first_reached_2021)
{
    struct retire_result r;
    ck_assert_int_eq(retire_compute(1961, 1, M, &r), 0);
    ck_assert_int_eq(r.retire_month, month_index(2021, 4));
    ck_assert_int_eq(retire_compute(1966, 1, F, &r), 0);
    ck_assert_int_eq(r.retire_month, month_index(2021, 5));
}
END_TEST

/* NĐ 135/2020 Art. 3: only the birth year known -> 1 January. */
START_TEST(test_nd135_art3_year_only)
{
    struct retire_result a, b;
    ck_assert_int_eq(retire_compute(1963, 0, M, &a), 0);
    ck_assert_int_eq(retire_compute(1963, 1, M, &b), 0);
    ck_assert_int_eq(a.age_months, b.age_months);
    ck_assert_int_eq(a.retire_month, b.retire_month);
    ck_assert_int_eq(a.age_months, Y(60, 9));
    ck_assert_int_eq(a.retire_month, month_index(2023, 10));
    int found = 0;
    for (int i = 0; a.explain[i]; i++)
        if (strstr(a.explain[i], "ngày 01 tháng 01"))
            found = 1;
    ck_assert(found);
    for (int i = 0; b.explain[i]; i++)
        ck_assert_ptr_null(strstr(b.explain[i], "ngày 01 tháng 01"));
    /* retire_compute_prec gives the same figures and the right explanation. */
    struct retire_result c;
    ck_assert_int_eq(retire_compute_prec(1963, 7, BIRTH_Y, M, &c), 0);
    ck_assert_int_eq(c.retire_month, a.retire_month);
    ck_assert_int_eq(retire_compute_prec(1963, 3, BIRTH_YM, M, &c), 0);
    ck_assert_int_eq(c.retire_month, month_index(2023, 12));
    found = 0;
    for (int i = 0; c.explain[i]; i++)
        if (strstr(c.explain[i], "ngày 01 của tháng sinh"))
            found = 1;
    ck_assert(found);
    ck_assert_int_eq(retire_compute_prec(1963, 0, BIRTH_YM, M, &c), -1);
}
END_TEST

/* Explanations cite their sources (NĐ 135/2020 Art. 3, 4; BLLĐ 2019 Art. 169). */
START_TEST(test_explain_cites_sources)
{
    struct retire_result r;
    char all[4096] = "";
    ck_assert_int_eq(retire_compute(1968, 12, F, &r), 0);
    int n = 0;
    for (; r.explain[n]; n++) {
        ck_assert_uint_lt(strlen(all) + strlen(r.explain[n]), sizeof all);
        strcat(all, r.explain[n]);
        ck_assert_msg(strstr(r.explain[n], "Điều") != NULL, "no citation: %s", r.explain[n]);
    }
    ck_assert_int_ge(n, 3);
    ck_assert_int_lt(n, 8);
    ck_assert_ptr_nonnull(strstr(all, "NĐ 135/2020/NĐ-CP Điều 4"));
    ck_assert_ptr_nonnull(strstr(all, "NĐ 135/2020/NĐ-CP Điều 3"));
    ck_assert_ptr_nonnull(strstr(all, "BLLĐ 2019 Điều 169"));
    ck_assert_str_eq(r.summary, "Nữ, sinh tháng 12/1968: đủ 56 tuổi 8 tháng vào tháng 08/2025; "
                                "nghỉ hưu từ hết ngày 31/08/2025, hưởng lương hưu từ ngày "
                                "01/09/2025 (NĐ 135/2020/NĐ-CP Điều 3, Điều 4).");
    ck_assert_int_eq(retire_compute(1963, 4, M, &r), 0);
    ck_assert_str_eq(r.summary, "Nam, sinh tháng 04/1963: đủ 61 tuổi vào tháng 04/2024; "
                                "nghỉ hưu từ hết ngày 30/04/2024, hưởng lương hưu từ ngày "
                                "01/05/2024 (NĐ 135/2020/NĐ-CP Điều 3, Điều 4).");
    ck_assert_int_eq(retire_compute(1950, 6, M, &r), 0);
    ck_assert_ptr_nonnull(strstr(r.explain[0], "BLLĐ 2012 Điều 187"));
}
END_TEST

/* The algorithm of rules.md §7, checked independently for every birth month
 * 1930-2010: t is the smallest month with t - b >= A(sex, year(t)). */
START_TEST(test_algorithm_exhaustive)
{
    for (int sex = M; sex <= F; sex++) {
        for (int by = 1930; by <= 2010; by++) {
            for (int bm = 1; bm <= 12; bm++) {
                struct retire_result r;
                enum sex sx = (enum sex)sex;
                /* Plain comparisons in the loop: a Check assertion each is slow. */
                int ok = retire_compute(by, bm, sx, &r) == 0;
                int b = month_index(by, bm), t = r.retire_month;
                ok = ok && t - b >= retire_age_months_in_year(sx, t / 12) && t - b == r.age_months;
                for (int u = b; ok && u < t; u++)
                    ok = u - b < retire_age_months_in_year(sx, u / 12);
                if (!ok)
                    ck_abort_msg("sex %d born %02d/%d: month %d, age %d", sex, bm, by, t, r.age_months);
            }
        }
    }
}
END_TEST

static const struct { int by, bm, sex; } bad_inputs[] = {
    {1963, 13, M}, {1963, -1, M}, {1849, 1, M}, {2131, 1, F}, {1963, 1, 0}, {1963, 1, 3},
};
START_TEST(test_invalid_input)
{
    struct retire_result r;
    ck_assert_int_eq(retire_compute(bad_inputs[_i].by, bad_inputs[_i].bm,
                                    (enum sex)bad_inputs[_i].sex, &r), -1);
}
END_TEST

START_TEST(test_null_out)
{
    ck_assert_int_eq(retire_compute(1963, 1, M, NULL), -1);
    ck_assert_int_eq(retire_age_months_in_year((enum sex)0, 2025), -1);
}
END_TEST

Suite *suite_core_retire(void)
{
    Suite *s = suite_create("core_retire");
    TCase *tc = tcase_create("retire");
    tcase_set_timeout(tc, 30); /* the exhaustive check under ASan on a loaded machine */
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_nd135_art4_age_by_year, 0, N(age_table));
    tcase_add_loop_test(tc, test_nd135_vectors, 0, N(vectors));
    tcase_add_loop_test(tc, test_nd135_appendix1_boundaries, 0, N(boundaries));
    tcase_add_test(tc, test_nd135_first_reached_2021);
    tcase_add_test(tc, test_nd135_art3_year_only);
    tcase_add_test(tc, test_explain_cites_sources);
    tcase_add_test(tc, test_algorithm_exhaustive);
    tcase_add_loop_test(tc, test_invalid_input, 0, N(bad_inputs));
    tcase_add_test(tc, test_null_out);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
