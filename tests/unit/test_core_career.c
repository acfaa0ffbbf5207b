/* Career computed fields (src/core/career.c). Appointment term: 5 years from
 * the effective date of the decision, NĐ 138/2020/NĐ-CP Art. 41(1)
 * (rules.md §3.1); term_end is the day before the 5th anniversary. */
#include <check.h>

#include "core/career.h"

extern Suite *suite_core_career(void);

static cdate D(const char *iso)
{
    cdate d;
    ck_assert_msg(date_parse_iso(iso, &d) == 0, "bad fixture %s", iso);
    return d;
}

static const struct { const char *start, *end; } terms[] = {
    {"2020-01-15", "2025-01-14"},
    {"2020-01-01", "2024-12-31"},
    {"2021-03-01", "2026-02-28"},
    {"2023-03-01", "2028-02-29"}, /* leap year end */
    {"2024-02-29", "2029-02-28"}, /* starts on 29 Feb: ends on the last day of Feb */
    {"2020-02-29", "2025-02-28"},
    {"2024-02-28", "2029-02-27"},
    {"2021-12-31", "2026-12-30"},
    {"2025-07-01", "2030-06-30"}, /* NĐ 170/2025 in force */
    {"2019-08-31", "2024-08-30"},
};
START_TEST(test_nd138_art41_term_end)
{
    char buf[11];
    cdate e = term_end(D(terms[_i].start));
    date_format_iso(e, buf);
    ck_assert_str_eq(buf, terms[_i].end);
    /* The next term starts the day after: the 5th anniversary (or 1 March). */
    ck_assert_int_eq(date_age_years(D(terms[_i].start), e), 4);
    ck_assert_int_eq(date_age_years(D(terms[_i].start), e + 1), 5);
}
END_TEST

START_TEST(test_term_end_none)
{
    ck_assert_int_eq(term_end(CDATE_NONE), CDATE_NONE);
}
END_TEST

static const struct { int age; const char *band; } bands[] = {
    {-1, "duoi30"}, {0, "duoi30"}, {18, "duoi30"}, {29, "duoi30"}, {30, "30-39"},
    {39, "30-39"},  {40, "40-49"}, {49, "40-49"},  {50, "50-59"},  {59, "50-59"},
    {60, "tu60"},   {62, "tu60"},  {99, "tu60"},
};
START_TEST(test_age_band)
{
    ck_assert_str_eq(age_band(bands[_i].age), bands[_i].band);
}
END_TEST

Suite *suite_core_career(void)
{
    Suite *s = suite_create("core_career");
    TCase *tc = tcase_create("career");
    tcase_add_loop_test(tc, test_nd138_art41_term_end, 0, (int)(sizeof terms / sizeof terms[0]));
    tcase_add_test(tc, test_term_end_none);
    tcase_add_loop_test(tc, test_age_band, 0, (int)(sizeof bands / sizeof bands[0]));
    suite_add_tcase(s, tc);
    return s;
}
