/* Identifiers: the 12-digit citizen identity number (CCCD, TT 07/2016/TT-BCA
 * Art. 7: province code of birth registration (3), sex/century digit (1),
 * last two digits of the birth year (2), random (6)). */
#ifndef CANBO_CORE_IDENT_H
#define CANBO_CORE_IDENT_H
#include "core/retire.h"

enum cccd_error {
    CCCD_OK = 0,
    CCCD_FORMAT,      /* not exactly 12 ASCII digits */
    CCCD_PROVINCE,    /* the first 3 digits are not a province code */
    CCCD_SEX,         /* the sex/century digit disagrees with the sex given */
    CCCD_YEAR         /* century digit + 2 year digits disagree with the birth year */
};
/* Checks format, and (when birth_year > 0 / sex != 0) consistency. */
enum cccd_error cccd_check(const char *s, int birth_year, int sex);
const char *cccd_error_message(enum cccd_error e); /* Vietnamese */

/* Added: the fields encoded in a 12-digit number (no consistency checks
 * beyond the format). 0, or -1 when s is not exactly 12 ASCII digits. */
struct cccd_info {
    int province;     /* 1..999 as written; valid codes: cccd_province_name() */
    enum sex sex;     /* from the century/sex digit */
    int birth_year;   /* century from that digit + the 2 year digits */
};
int cccd_decode(const char *s, struct cccd_info *out);
/* Added: name of the (pre-2025) province with this birth-registration code
 * (1 = Hà Nội ... 96 = Cà Mau), or NULL when the code is not in the list. */
const char *cccd_province_name(int code);

#endif
