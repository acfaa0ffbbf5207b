/* Career-related computed fields. */
#include "core/career.h"

/* Appointment term: 5 years counted from the effective date of the decision
 * (NĐ 138/2020/NĐ-CP Art. 41(1); carried into NĐ 170/2025/NĐ-CP). The last
 * day of the term is the day before the 5th anniversary. The anniversary of
 * 29 February in a common year is taken as 1 March, so such a term ends on
 * 28 February. */
cdate term_end(cdate start)
{
    if (start == CDATE_NONE)
        return CDATE_NONE;
    int y, m, d;
    date_to_ymd(start, &y, &m, &d);
    cdate anniversary;
    if (m == 2 && d == 29 && !date_is_leap(y + 5)) {
        m = 3;
        d = 1;
    }
    if (date_from_ymd(y + 5, m, d, &anniversary) < 0)
        return CDATE_NONE;
    return anniversary - 1;
}
const char *age_band(int age_years)
{
    if (age_years < 30)
        return "duoi30";
    if (age_years < 40)
        return "30-39";
    if (age_years < 50)
        return "40-49";
    if (age_years < 60)
        return "50-59";
    return "tu60";
}
