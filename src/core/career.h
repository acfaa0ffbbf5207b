/* Career-related computed fields. */
#ifndef CANBO_CORE_CAREER_H
#define CANBO_CORE_CAREER_H
#include "core/date.h"

/* Appointment term: 5 years from the effective date of the decision
 * (NĐ 138/2020 Art. 41(1); NĐ 170/2025). Returns the day before the 5th
 * anniversary (the last day of the term). */
cdate term_end(cdate start);
/* Age band used in statistics: "duoi30", "30-39", "40-49", "50-59", "tu60". */
const char *age_band(int age_years);

#endif
