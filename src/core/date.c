/* Civil-date arithmetic (proleptic Gregorian), days since 1970-01-01.
 * Pure: only date_today() reads the clock or the environment. */
#include "core/date.h"

#include <stdlib.h>
#include <time.h>

#define DATE_MIN_YEAR 1800
#define DATE_MAX_YEAR 2200

int date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

/* Days from civil (H. Hinnant's algorithm), valid for any y >= 0. */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;                                  /* [0, 399] */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return (int32_t)(era * 146097 + doe - 719468);
}

int date_from_ymd(int y, int m, int d, cdate *out)
{
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
        d > date_days_in_month(y, m))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

void date_to_ymd(cdate days, int *y, int *m, int *day)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;                                 /* [0, 146096] */
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int32_t yy = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
    int32_t mp = (5 * doy + 2) / 153;                               /* [0, 11] */
    int32_t dd = doy - (153 * mp + 2) / 5 + 1;                      /* [1, 31] */
    int32_t mm = mp < 10 ? mp + 3 : mp - 9;                         /* [1, 12] */
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *day = (int)dd;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads exactly n digits at s; -1 when any is not a digit. */
static int read_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse_iso(const char *s, cdate *out)
{
    if (!s)
        return -1;
    /* Exactly "YYYY-MM-DD": every position checked before reading on. */
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (!is_digit(s[i])) {
            return -1;
        }
    }
    if (s[10] != '\0')
        return -1;
    return date_from_ymd(read_digits(s, 4), read_digits(s + 5, 2), read_digits(s + 8, 2), out);
}

/* 1 or 2 digits followed by `stop`; advances *p past `stop`. -1 on error. */
static int read_small(const char **p, char stop)
{
    const char *s = *p;
    if (!is_digit(s[0]))
        return -1;
    int v = s[0] - '0', n = 1;
    if (is_digit(s[1])) {
        v = v * 10 + (s[1] - '0');
        n = 2;
    }
    if (s[n] != stop)
        return -1;
    *p = s + n + 1;
    return v;
}

int date_parse_vn(const char *s, cdate *out)
{
    if (!s)
        return -1;
    const char *p = s;
    int d = read_small(&p, '/');
    if (d < 0)
        return -1;
    int m = read_small(&p, '/');
    if (m < 0)
        return -1;
    for (int i = 0; i < 4; i++)
        if (!is_digit(p[i]))
            return -1;
    if (p[4] != '\0')
        return -1;
    return date_from_ymd(read_digits(p, 4), m, d, out);
}

static void put2(char *b, int v)
{
    b[0] = (char)('0' + v / 10 % 10);
    b[1] = (char)('0' + v % 10);
}

static void put4(char *b, int v)
{
    if (v < 0 || v > 9999)
        v = 0; /* unreachable for dates built by date_from_ymd */
    put2(b, v / 100);
    put2(b + 2, v % 100);
}

void date_format_iso(cdate d, char buf[11])
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    put4(buf, y);
    buf[4] = '-';
    put2(buf + 5, m);
    buf[7] = '-';
    put2(buf + 8, day);
    buf[10] = '\0';
}

void date_format_vn(cdate d, char buf[11])
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    put2(buf, day);
    buf[2] = '/';
    put2(buf + 3, m);
    buf[5] = '/';
    put4(buf + 6, y);
    buf[10] = '\0';
}

cdate date_add_months(cdate d, int months)
{
    int y, m, day;
    if (d == CDATE_NONE || months > 12 * 3000 || months < -12 * 3000)
        return CDATE_NONE;
    date_to_ymd(d, &y, &m, &day);
    int mi = month_index(y, m) + months;
    if (mi < 0)
        return CDATE_NONE;
    int ny = mi / 12, nm = mi % 12 + 1;
    int dim = date_days_in_month(ny, nm);
    if (day > dim)
        day = dim;
    return days_from_civil(ny, nm, day);
}

int date_age_years(cdate birth, cdate on)
{
    int by, bm, bd, oy, om, od;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(on, &oy, &om, &od);
    int age = oy - by;
    /* Not yet had this year's birthday. Someone born on 29 February turns a
     * year older on 1 March in a common year. */
    if (om < bm || (om == bm && od < bd))
        age--;
    return age;
}

cdate date_month_end(int mi)
{
    int y = month_index_year(mi), m = month_index_month(mi);
    return days_from_civil(y, m, date_days_in_month(y, m));
}

cdate date_today(void)
{
    const char *env = getenv("CANBO_TODAY");
    cdate d;
    if (env && date_parse_iso(env, &d) == 0)
        return d;
    time_t now = time(NULL);
    int64_t secs = (int64_t)now + 7 * 3600; /* Vietnam: UTC+7, no DST */
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    return (cdate)days;
}
