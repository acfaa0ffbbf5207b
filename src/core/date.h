/* Civil dates for the rules layer: pure arithmetic, no I/O.
 * A cdate is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar. A month index is 12*year + (month-1). */
#ifndef CANBO_CORE_DATE_H
#define CANBO_CORE_DATE_H
#include <stddef.h>
#include <stdint.h>

typedef int32_t cdate;
#define CDATE_NONE INT32_MIN

int date_is_leap(int y);
int date_days_in_month(int y, int m);
/* 0 on success, -1 when y/m/d is not a real date or y outside 1800..2200. */
int date_from_ymd(int y, int m, int d, cdate *out);
void date_to_ymd(cdate d, int *y, int *m, int *day);
/* Strict "YYYY-MM-DD". 0 / -1. */
int date_parse_iso(const char *s, cdate *out);
/* Strict "dd/mm/yyyy" (also accepts d/m/yyyy). 0 / -1. */
int date_parse_vn(const char *s, cdate *out);
/* Writes "YYYY-MM-DD\0" into buf (11 bytes). */
void date_format_iso(cdate d, char buf[11]);
/* Writes "dd/mm/yyyy\0" into buf (11 bytes). */
void date_format_vn(cdate d, char buf[11]);
/* Adds months; the day is clamped to the end of the target month. */
cdate date_add_months(cdate d, int months);
/* Whole years of age on date `on` for someone born on `birth`. */
int date_age_years(cdate birth, cdate on);
/* Month index helpers. */
static inline int month_index(int y, int m) { return 12 * y + (m - 1); }
static inline int month_index_year(int mi) { return mi / 12; }
static inline int month_index_month(int mi) { return mi % 12 + 1; }
/* Last day of the month with index mi. */
cdate date_month_end(int mi);
/* Today in UTC+7 (Vietnam). The only function here that reads the clock;
 * honours the environment variable CANBO_TODAY=YYYY-MM-DD for tests. */
cdate date_today(void);

#endif
