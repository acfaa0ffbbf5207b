/* Retirement age and date under normal working conditions.
 *
 *   BLLĐ 2019 (Bộ luật Lao động 45/2019/QH14) Art. 169(2): from 2021 the age
 *   rises from 60y3m (men) and 55y4m (women) by 3 months (men) / 4 months
 *   (women) per calendar year, to 62 (men, 2028) and 60 (women, 2035).
 *   NĐ 135/2020/NĐ-CP Art. 4 + Appendix I: the same roadmap, per birth month.
 *   NĐ 135/2020/NĐ-CP Art. 3: retirement is at the end of the last day of the
 *   month in which the age is reached; the pension starts on the first day of
 *   the next month; a year-only birth date counts as 1 January.
 *   Before 2021 (BLLĐ 2012 Art. 187): 60 for men, 55 for women.
 *
 * Algorithm (rules.md §7): b = 12*birth_year + (birth_month-1); the retirement
 * month is the smallest month index t with t - b >= A(sex, year(t)). */
#include "core/retire.h"

#include <stdio.h>
#include <string.h>

#define RETIRE_MIN_BIRTH_YEAR 1850
#define RETIRE_MAX_BIRTH_YEAR 2130

int retire_age_months_in_year(enum sex sex, int year)
{
    if (sex == SEX_MALE) {
        if (year < 2021)
            return 60 * 12;
        int a = 60 * 12 + 3 * (year - 2020);
        return a > 62 * 12 ? 62 * 12 : a;
    }
    if (sex == SEX_FEMALE) {
        if (year < 2021)
            return 55 * 12;
        int a = 55 * 12 + 4 * (year - 2020);
        return a > 60 * 12 ? 60 * 12 : a;
    }
    return -1;
}

static const char EXPLAIN_ROADMAP[] =
    "Tuổi nghỉ hưu trong điều kiện lao động bình thường từ năm 2021 là đủ 60 tuổi 3 tháng "
    "đối với nam và đủ 55 tuổi 4 tháng đối với nữ; sau đó mỗi năm tăng thêm 3 tháng đối với "
    "nam cho đến đủ 62 tuổi vào năm 2028 và 4 tháng đối với nữ cho đến đủ 60 tuổi vào năm 2035 "
    "(BLLĐ 2019 Điều 169 khoản 2; NĐ 135/2020/NĐ-CP Điều 4 khoản 1).";
static const char EXPLAIN_YEAR_OF_REACHING[] =
    "Tuổi nghỉ hưu áp dụng là mức tuổi quy định cho năm dương lịch mà người lao động đủ tuổi "
    "đó, xác định theo tháng, năm sinh (NĐ 135/2020/NĐ-CP Điều 4, Phụ lục I).";
static const char EXPLAIN_TIMING[] =
    "Thời điểm nghỉ hưu là kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu; thời điểm "
    "hưởng lương hưu là ngày đầu tiên của tháng liền kề sau đó (NĐ 135/2020/NĐ-CP Điều 3).";
static const char EXPLAIN_YEAR_ONLY[] =
    "Hồ sơ chỉ ghi năm sinh: lấy ngày 01 tháng 01 của năm sinh để xác định thời điểm nghỉ hưu "
    "(NĐ 135/2020/NĐ-CP Điều 3).";
static const char EXPLAIN_MONTH_ONLY[] =
    "Hồ sơ chỉ ghi tháng, năm sinh: tuổi và thời điểm nghỉ hưu được xác định theo tháng sinh, "
    "nên lấy ngày 01 của tháng sinh (NĐ 135/2020/NĐ-CP Điều 3, Điều 4).";
static const char EXPLAIN_BEFORE_2021[] =
    "Người đủ tuổi nghỉ hưu trước năm 2021: nam đủ 60 tuổi, nữ đủ 55 tuổi (BLLĐ 2012 Điều 187); "
    "lộ trình tăng tuổi nghỉ hưu chỉ áp dụng từ năm 2021 (BLLĐ 2019 Điều 169).";
static const char EXPLAIN_TIMING_BEFORE_2021[] =
    "Thời điểm hưởng lương hưu trước năm 2021 cũng tính từ tháng liền kề sau tháng đủ tuổi "
    "(Luật BHXH 2014 Điều 59; chưa đối chiếu văn bản gốc).";

static int retire_with_precision(int birth_year, int birth_month, enum birth_precision prec,
                                 enum sex sex, struct retire_result *out)
{
    if (!out || (sex != SEX_MALE && sex != SEX_FEMALE) || birth_year < RETIRE_MIN_BIRTH_YEAR ||
        birth_year > RETIRE_MAX_BIRTH_YEAR || birth_month < 0 || birth_month > 12)
        return -1;
    memset(out, 0, sizeof *out);
    if (birth_month == 0) {
        birth_month = 1; /* NĐ 135/2020 Art. 3: year only -> 1 January */
        prec = BIRTH_Y;
    }

    int b = month_index(birth_year, birth_month);
    int t = b + retire_age_months_in_year(sex, 0); /* the lowest age ever required */
    while (t - b < retire_age_months_in_year(sex, month_index_year(t)))
        t++;

    int ryear = month_index_year(t);
    out->age_months = retire_age_months_in_year(sex, ryear);
    out->retire_month = t;
    out->retire_date = date_month_end(t);
    out->pension_month = t + 1;

    int n = 0;
    if (ryear < 2021) {
        out->regime = "BLLĐ 2012 (trước 2021)";
        out->explain[n++] = EXPLAIN_BEFORE_2021;
        out->explain[n++] = EXPLAIN_TIMING_BEFORE_2021;
    } else {
        out->regime = "NĐ 135/2020/NĐ-CP";
        out->explain[n++] = EXPLAIN_ROADMAP;
        out->explain[n++] = EXPLAIN_YEAR_OF_REACHING;
        out->explain[n++] = EXPLAIN_TIMING;
    }
    if (prec == BIRTH_Y)
        out->explain[n++] = EXPLAIN_YEAR_ONLY;
    else if (prec == BIRTH_YM)
        out->explain[n++] = EXPLAIN_MONTH_ONLY;
    out->explain[n] = NULL;

    char rdate[11], pdate[11], age[32];
    date_format_vn(out->retire_date, rdate);
    date_format_vn(date_month_end(t) + 1, pdate);
    int ay = out->age_months / 12, am = out->age_months % 12;
    if (am)
        snprintf(age, sizeof age, "%d tuổi %d tháng", ay, am);
    else
        snprintf(age, sizeof age, "%d tuổi", ay);
    snprintf(out->summary, sizeof out->summary,
             "%s, sinh tháng %02d/%04d: đủ %s vào tháng %02d/%04d; nghỉ hưu từ hết ngày %s, "
             "hưởng lương hưu từ ngày %s (%s).",
             sex == SEX_MALE ? "Nam" : "Nữ", birth_month, birth_year, age,
             month_index_month(t), ryear, rdate, pdate,
             ryear < 2021 ? "BLLĐ 2012 Điều 187" : "NĐ 135/2020/NĐ-CP Điều 3, Điều 4");
    return 0;
}

int retire_compute(int birth_year, int birth_month, enum sex sex, struct retire_result *out)
{
    return retire_with_precision(birth_year, birth_month, BIRTH_FULL, sex, out);
}

int retire_compute_prec(int birth_year, int birth_month, enum birth_precision prec,
                        enum sex sex, struct retire_result *out)
{
    if (prec == BIRTH_Y)
        birth_month = 0;
    else if (birth_month == 0)
        return -1;
    return retire_with_precision(birth_year, birth_month, prec, sex, out);
}
