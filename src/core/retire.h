/* Retirement age and date: BLLĐ 2019 Art. 169 and NĐ 135/2020/NĐ-CP Art. 3-4,
 * normal working conditions (rules.md §7). */
#ifndef CANBO_CORE_RETIRE_H
#define CANBO_CORE_RETIRE_H
#include "core/date.h"

enum sex { SEX_MALE = 1, SEX_FEMALE = 2 };

/* Birth-date precision as recorded: full date, year+month, or year only. */
enum birth_precision { BIRTH_FULL = 0, BIRTH_YM = 1, BIRTH_Y = 2 };

struct retire_result {
    int age_months;        /* the retirement age that applies, in months (e.g. 60y9m = 729) */
    int retire_month;      /* month index in which the age is reached */
    cdate retire_date;     /* last day of retire_month (end of that day) */
    int pension_month;     /* retire_month + 1: pension starts on its first day */
    const char *regime;    /* e.g. "NĐ 135/2020/NĐ-CP" or "BLLĐ 2012 (trước 2021)" */
    /* Explanation lines in Vietnamese, each citing its source; NULL-terminated. */
    const char *explain[8];
    /* One line with this person's figures, e.g. "Nam, sinh tháng 03/1963: đủ
     * 60 tuổi 9 tháng vào tháng 12/2023; ..." (added; NUL-terminated). */
    char summary[256];
};

/* birth_month is 1..12, or 0 when only the year is known (then 1 January is
 * assumed, NĐ 135/2020 Art. 3). Returns 0, or -1 on invalid input. */
int retire_compute(int birth_year, int birth_month, enum sex sex, struct retire_result *out);

/* Same, recording how precise the birth date was (added): BIRTH_Y ignores
 * birth_month and adds the "1 January" explanation; BIRTH_YM adds the
 * "first day of the birth month" explanation and needs birth_month 1..12. */
int retire_compute_prec(int birth_year, int birth_month, enum birth_precision prec,
                        enum sex sex, struct retire_result *out);

/* Required age in months for someone of `sex` who reaches it in `year`. */
int retire_age_months_in_year(enum sex sex, int year);

#endif
