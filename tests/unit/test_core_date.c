/* Civil-date arithmetic (src/core/date.c). Table-driven. Dates are ISO 8601
 * on the wire and dd/mm/yyyy in the UI (design/architecture.md). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

extern Suite *suite_core_date(void);

static cdate D(const char *iso)
{
    cdate d;
    ck_assert_msg(date_parse_iso(iso, &d) == 0, "bad fixture %s", iso);
    return d;
}

static const char *S(cdate d, char buf[11])
{
    date_format_iso(d, buf);
    return buf;
}

/* ---- leap years and month lengths (Gregorian calendar) ---- */
static const struct { int y, leap; } leap_cases[] = {
    {1800, 0}, {1900, 0}, {1996, 1}, {2000, 1}, {2023, 0}, {2024, 1},
    {2100, 0}, {2200, 0}, {2028, 1}, {2035, 0}, {1964, 1}, {1963, 0},
};
START_TEST(test_leap)
{
    ck_assert_int_eq(date_is_leap(leap_cases[_i].y), leap_cases[_i].leap);
    ck_assert_int_eq(date_days_in_month(leap_cases[_i].y, 2), 28 + leap_cases[_i].leap);
}
END_TEST

static const struct { int y, m, days; } dim_cases[] = {
    {2023, 1, 31}, {2023, 2, 28}, {2024, 2, 29}, {2023, 3, 31}, {2023, 4, 30},
    {2023, 5, 31}, {2023, 6, 30}, {2023, 7, 31}, {2023, 8, 31}, {2023, 9, 30},
    {2023, 10, 31}, {2023, 11, 30}, {2023, 12, 31}, {2023, 0, 0}, {2023, 13, 0},
};
START_TEST(test_days_in_month)
{
    ck_assert_int_eq(date_days_in_month(dim_cases[_i].y, dim_cases[_i].m), dim_cases[_i].days);
}
END_TEST

/* ---- construction and round trip ---- */
static const struct { int y, m, d; cdate days; } ymd_cases[] = {
    {1970, 1, 1, 0},       {1970, 1, 2, 1},       {1969, 12, 31, -1},
    {2000, 3, 1, 11017},   {2024, 2, 29, 19782},  {2025, 8, 31, 20331},
    {1800, 1, 1, -62091},  {2200, 12, 31, 84370}, {1961, 1, 1, -3287},
};
START_TEST(test_from_ymd)
{
    cdate d;
    ck_assert_int_eq(date_from_ymd(ymd_cases[_i].y, ymd_cases[_i].m, ymd_cases[_i].d, &d), 0);
    ck_assert_int_eq(d, ymd_cases[_i].days);
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    ck_assert_int_eq(y, ymd_cases[_i].y);
    ck_assert_int_eq(m, ymd_cases[_i].m);
    ck_assert_int_eq(day, ymd_cases[_i].d);
}
END_TEST

static const struct { int y, m, d; } bad_ymd[] = {
    {2023, 2, 29}, {2024, 13, 1}, {2024, 0, 1}, {2024, 1, 0}, {2024, 1, 32},
    {2024, 4, 31}, {1900, 2, 29}, {1799, 12, 31}, {2201, 1, 1}, {2100, 2, 29},
};
START_TEST(test_from_ymd_invalid)
{
    cdate d = 12345;
    ck_assert_int_eq(date_from_ymd(bad_ymd[_i].y, bad_ymd[_i].m, bad_ymd[_i].d, &d), -1);
    ck_assert_int_eq(d, 12345); /* untouched */
}
END_TEST

START_TEST(test_round_trip_every_day)
{
    /* Every day 1800-01-01 .. 2200-12-31 round-trips and is consecutive. */
    cdate first, last;
    ck_assert_int_eq(date_from_ymd(1800, 1, 1, &first), 0);
    ck_assert_int_eq(date_from_ymd(2200, 12, 31, &last), 0);
    int py = 1799, pm = 12, pd = 31;
    /* Plain comparisons in the loop: a Check assertion per day is slow. */
    for (cdate d = first; d <= last; d++) {
        int y, m, day, ok;
        cdate back;
        date_to_ymd(d, &y, &m, &day);
        ok = date_from_ymd(y, m, day, &back) == 0 && back == d;
        if (day == 1)
            ok = ok && pd == date_days_in_month(py, pm) && m == pm % 12 + 1;
        else
            ok = ok && day == pd + 1 && m == pm;
        if (!ok)
            ck_abort_msg("day %d: %04d-%02d-%02d after %04d-%02d-%02d", (int)d, y, m, day, py, pm, pd);
        py = y, pm = m, pd = day;
    }
    ck_assert_int_eq(py, 2200);
}
END_TEST

/* ---- strict parsing ---- */
static const struct { const char *s; int ok; const char *iso; } iso_cases[] = {
    {"2024-02-29", 1, "2024-02-29"}, {"1963-03-15", 1, "1963-03-15"},
    {"2000-01-01", 1, "2000-01-01"}, {"2023-02-29", 0, NULL}, {"2024-13-01", 0, NULL},
    {"2024-1-1", 0, NULL},    {"2024-01-1", 0, NULL},   {"2024-1-01", 0, NULL},
    {"24-01-01", 0, NULL},    {"2024/01/01", 0, NULL},  {"2024-01-01 ", 0, NULL},
    {" 2024-01-01", 0, NULL}, {"2024-01-01T00:00", 0, NULL}, {"", 0, NULL},
    {"2024-00-10", 0, NULL},  {"2024-04-31", 0, NULL},  {"+024-01-01", 0, NULL},
    {"2024-0a-01", 0, NULL},  {"1799-12-31", 0, NULL},  {"2201-01-01", 0, NULL},
    {"2024-01-001", 0, NULL}, {"2024-01", 0, NULL},     {"2024", 0, NULL},
};
START_TEST(test_parse_iso)
{
    cdate d;
    char buf[11];
    int rc = date_parse_iso(iso_cases[_i].s, &d);
    ck_assert_msg(rc == (iso_cases[_i].ok ? 0 : -1), "parse \"%s\"", iso_cases[_i].s);
    if (iso_cases[_i].ok)
        ck_assert_str_eq(S(d, buf), iso_cases[_i].iso);
}
END_TEST

static const struct { const char *s; int ok; const char *iso; } vn_cases[] = {
    {"29/02/2024", 1, "2024-02-29"}, {"1/1/2024", 1, "2024-01-01"}, {"01/1/2024", 1, "2024-01-01"},
    {"1/01/2024", 1, "2024-01-01"},  {"31/12/1999", 1, "1999-12-31"}, {"29/02/2023", 0, NULL},
    {"01/13/2024", 0, NULL},  {"001/01/2024", 0, NULL}, {"01/01/24", 0, NULL},
    {"01-01-2024", 0, NULL},  {"01/01/2024 ", 0, NULL}, {"/01/2024", 0, NULL},
    {"", 0, NULL},            {"31/04/2024", 0, NULL},  {"01/01/20245", 0, NULL},
};
START_TEST(test_parse_vn)
{
    cdate d;
    char buf[11];
    int rc = date_parse_vn(vn_cases[_i].s, &d);
    ck_assert_msg(rc == (vn_cases[_i].ok ? 0 : -1), "parse \"%s\"", vn_cases[_i].s);
    if (vn_cases[_i].ok)
        ck_assert_str_eq(S(d, buf), vn_cases[_i].iso);
}
END_TEST

START_TEST(test_parse_null)
{
    cdate d;
    ck_assert_int_eq(date_parse_iso(NULL, &d), -1);
    ck_assert_int_eq(date_parse_vn(NULL, &d), -1);
}
END_TEST

START_TEST(test_format)
{
    char buf[11];
    date_format_vn(D("2025-08-31"), buf);
    ck_assert_str_eq(buf, "31/08/2025");
    date_format_vn(D("1800-01-01"), buf);
    ck_assert_str_eq(buf, "01/01/1800");
    date_format_iso(D("2200-12-31"), buf);
    ck_assert_str_eq(buf, "2200-12-31");
}
END_TEST

/* ---- month arithmetic: the day is clamped to the end of the target month ---- */
static const struct { const char *from; int months; const char *to; } add_cases[] = {
    {"2024-01-31", 1, "2024-02-29"},  {"2023-01-31", 1, "2023-02-28"},
    {"2024-03-31", 1, "2024-04-30"},  {"2024-03-31", -1, "2024-02-29"},
    {"2024-02-29", 12, "2025-02-28"}, {"2024-02-29", 48, "2028-02-29"},
    {"2024-02-29", 60, "2029-02-28"}, {"2020-01-15", 60, "2025-01-15"},
    {"2024-12-15", 1, "2025-01-15"},  {"2025-01-15", -1, "2024-12-15"},
    {"2024-05-31", 0, "2024-05-31"},  {"2024-08-31", 36, "2027-08-31"},
    {"2024-10-31", -8, "2024-02-29"}, {"2000-01-01", -1200, "1900-01-01"},
    {"2021-01-01", 24, "2023-01-01"}, {"2021-11-30", 3, "2022-02-28"},
};
START_TEST(test_add_months)
{
    char buf[11];
    ck_assert_str_eq(S(date_add_months(D(add_cases[_i].from), add_cases[_i].months), buf),
                     add_cases[_i].to);
}
END_TEST

START_TEST(test_add_months_none)
{
    ck_assert_int_eq(date_add_months(CDATE_NONE, 1), CDATE_NONE);
    ck_assert_int_eq(date_add_months(D("2000-01-01"), 12 * 5000), CDATE_NONE);
    ck_assert_int_eq(date_add_months(D("2000-01-01"), -12 * 2001), CDATE_NONE);
}
END_TEST

/* ---- age in whole years ---- */
static const struct { const char *birth, *on; int age; } age_cases[] = {
    {"1963-03-15", "2023-03-14", 59}, /* birthday eve */
    {"1963-03-15", "2023-03-15", 60}, /* birthday */
    {"1963-03-15", "2023-12-31", 60},
    {"2000-02-29", "2023-02-28", 22}, /* 29 Feb: a year older on 1 March */
    {"2000-02-29", "2023-03-01", 23},
    {"2000-02-29", "2024-02-28", 23},
    {"2000-02-29", "2024-02-29", 24},
    {"1990-12-31", "2020-12-30", 29},
    {"1990-12-31", "2020-12-31", 30},
    {"1990-01-01", "1990-01-01", 0},
    {"1990-06-15", "1991-06-14", 0},
};
START_TEST(test_age)
{
    ck_assert_int_eq(date_age_years(D(age_cases[_i].birth), D(age_cases[_i].on)), age_cases[_i].age);
}
END_TEST

/* ---- month index ---- */
static const struct { int y, m; const char *end; } mi_cases[] = {
    {2024, 2, "2024-02-29"}, {2023, 2, "2023-02-28"}, {2025, 8, "2025-08-31"},
    {2023, 12, "2023-12-31"}, {2021, 4, "2021-04-30"}, {1900, 2, "1900-02-28"},
};
START_TEST(test_month_index)
{
    char buf[11];
    int mi = month_index(mi_cases[_i].y, mi_cases[_i].m);
    ck_assert_int_eq(mi, 12 * mi_cases[_i].y + mi_cases[_i].m - 1);
    ck_assert_int_eq(month_index_year(mi), mi_cases[_i].y);
    ck_assert_int_eq(month_index_month(mi), mi_cases[_i].m);
    ck_assert_str_eq(S(date_month_end(mi), buf), mi_cases[_i].end);
}
END_TEST

/* ---- today: CANBO_TODAY override, else the clock in UTC+7 ---- */
START_TEST(test_today_env)
{
    char buf[11];
    setenv("CANBO_TODAY", "2025-08-31", 1);
    ck_assert_str_eq(S(date_today(), buf), "2025-08-31");
    setenv("CANBO_TODAY", "2025-02-30", 1); /* invalid: ignored, clock used */
    cdate t = date_today();
    ck_assert_int_gt(t, D("2024-01-01"));
    ck_assert_int_lt(t, D("2200-01-01"));
    unsetenv("CANBO_TODAY");
    cdate u = date_today();
    ck_assert_int_ge(u, t);
    ck_assert_int_le(u - t, 1);
}
END_TEST

Suite *suite_core_date(void)
{
    Suite *s = suite_create("core_date");
    TCase *tc = tcase_create("date");
    tcase_set_timeout(tc, 30); /* the every-day loop under ASan on a loaded machine */
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_leap, 0, N(leap_cases));
    tcase_add_loop_test(tc, test_days_in_month, 0, N(dim_cases));
    tcase_add_loop_test(tc, test_from_ymd, 0, N(ymd_cases));
    tcase_add_loop_test(tc, test_from_ymd_invalid, 0, N(bad_ymd));
    tcase_add_test(tc, test_round_trip_every_day);
    tcase_add_loop_test(tc, test_parse_iso, 0, N(iso_cases));
    tcase_add_loop_test(tc, test_parse_vn, 0, N(vn_cases));
    tcase_add_test(tc, test_parse_null);
    tcase_add_test(tc, test_format);
    tcase_add_loop_test(tc, test_add_months, 0, N(add_cases));
    tcase_add_test(tc, test_add_months_none);
    tcase_add_loop_test(tc, test_age, 0, N(age_cases));
    tcase_add_loop_test(tc, test_month_index, 0, N(mi_cases));
    tcase_add_test(tc, test_today_env);
#undef N
    suite_add_tcase(s, tc);
    return s;
}
