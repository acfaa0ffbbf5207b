/* Citizen identity number (CCCD), TT 07/2016/TT-BCA Art. 7 — src/core/ident.c.
 * Province codes: appendix of TT 07/2016 (0 + the 2-digit QĐ 124/2004/QĐ-TTg
 * code of the 63 provinces; see docs/rules.md for what is unverified). */
#include <check.h>
#include <string.h>

#include "core/ident.h"

extern Suite *suite_core_ident(void);

/* TT 07/2016/TT-BCA Art. 7: 3 province + 1 century/sex + 2 year + 6 random. */
static const struct {
    const char *s;
    int birth_year, sex;
    enum cccd_error want;
    const char *why;
} cases[] = {
    {"001085012345", 1985, SEX_MALE, CCCD_OK, "Hà Nội, male, 1985"},
    {"001185012345", 1985, SEX_FEMALE, CCCD_OK, "Hà Nội, female, 1985"},
    {"079203000001", 2003, SEX_MALE, CCCD_OK, "TP HCM, male, 2003 (digit 2)"},
    {"079303000001", 2003, SEX_FEMALE, CCCD_OK, "TP HCM, female, 2003 (digit 3)"},
    {"096100999999", 1900, SEX_FEMALE, CCCD_OK, "Cà Mau, female, 1900"},
    {"040099000000", 1999, SEX_MALE, CCCD_OK, "Nghệ An, 1999"},
    {"048400000000", 2100, SEX_MALE, CCCD_OK, "digit 4: male 2100s"},
    {"048501000000", 2101, SEX_FEMALE, CCCD_OK, "digit 5: female 2100s"},
    {"048699000000", 2299, SEX_MALE, CCCD_OK, "digit 6: male 2200s"},
    {"048800000000", 2300, SEX_MALE, CCCD_OK, "digit 8: male 2300s"},
    {"001085012345", 0, 0, CCCD_OK, "no consistency data"},
    {"001185012345", 0, SEX_FEMALE, CCCD_OK, "sex only"},
    {"001185012345", 1985, 0, CCCD_OK, "year only"},
    /* format: exactly 12 ASCII digits */
    {"00108501234", 0, 0, CCCD_FORMAT, "11 digits"},
    {"0010850123456", 0, 0, CCCD_FORMAT, "13 digits"},
    {"00108501234a", 0, 0, CCCD_FORMAT, "letter"},
    {"001 085012345", 0, 0, CCCD_FORMAT, "space"},
    {" 001085012345", 0, 0, CCCD_FORMAT, "leading space"},
    {"001-085-012345", 0, 0, CCCD_FORMAT, "dashes"},
    {"", 0, 0, CCCD_FORMAT, "empty"},
    {"００1085012345", 0, 0, CCCD_FORMAT, "full-width digits"},
    {"123456789", 0, 0, CCCD_FORMAT, "9-digit CMND"},
    /* province: only codes of the list */
    {"000085012345", 0, 0, CCCD_PROVINCE, "000"},
    {"003085012345", 0, 0, CCCD_PROVINCE, "003 unused"},
    {"005085012345", 0, 0, CCCD_PROVINCE, "005 unused"},
    {"013085012345", 0, 0, CCCD_PROVINCE, "013 unused"},
    {"023085012345", 0, 0, CCCD_PROVINCE, "023 unused"},
    {"028085012345", 0, 0, CCCD_PROVINCE, "028 unused"},
    {"050085012345", 0, 0, CCCD_PROVINCE, "050 unused"},
    {"097085012345", 0, 0, CCCD_PROVINCE, "097 above range"},
    {"099085012345", 0, 0, CCCD_PROVINCE, "099"},
    {"101085012345", 0, 0, CCCD_PROVINCE, "101"},
    {"960085012345", 0, 0, CCCD_PROVINCE, "960"},
    /* sex/century digit */
    {"001085012345", 0, SEX_FEMALE, CCCD_SEX, "0 is male"},
    {"001185012345", 0, SEX_MALE, CCCD_SEX, "1 is female"},
    {"001285012345", 0, SEX_FEMALE, CCCD_SEX, "2 is male"},
    {"001385012345", 0, SEX_MALE, CCCD_SEX, "3 is female"},
    {"001085012345", 0, 7, CCCD_SEX, "bad sex argument"},
    /* year */
    {"001085012345", 1984, SEX_MALE, CCCD_YEAR, "85 vs 1984"},
    {"001085012345", 2085, SEX_MALE, CCCD_YEAR, "century 19xx vs 2085"},
    {"001203012345", 1903, SEX_MALE, CCCD_YEAR, "century 20xx vs 1903"},
    {"001199012345", 2099, 0, CCCD_YEAR, "1999 vs 2099"},
    /* province checked before sex and year */
    {"003185012345", 1984, SEX_MALE, CCCD_PROVINCE, "province first"},
    {"001185012345", 1984, SEX_MALE, CCCD_SEX, "sex before year"},
};
START_TEST(test_tt07_2016_art7)
{
    enum cccd_error e = cccd_check(cases[_i].s, cases[_i].birth_year, cases[_i].sex);
    ck_assert_msg(e == cases[_i].want, "%s: %s -> %d, want %d", cases[_i].why, cases[_i].s, e,
                  cases[_i].want);
}
END_TEST

/* All 63 codes of the list are accepted; nothing else in 000..999 is. */
static const int codes63[] = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};
START_TEST(test_province_codes)
{
    ck_assert_int_eq((int)(sizeof codes63 / sizeof codes63[0]), 63);
    int accepted = 0;
    for (int c = 0; c <= 999; c++) {
        char s[13] = "000085012345";
        s[0] = (char)('0' + c / 100);
        s[1] = (char)('0' + c / 10 % 10);
        s[2] = (char)('0' + c % 10);
        int in_list = 0;
        for (size_t k = 0; k < sizeof codes63 / sizeof codes63[0]; k++)
            if (codes63[k] == c)
                in_list = 1;
        ck_assert_int_eq(cccd_check(s, 0, 0), in_list ? CCCD_OK : CCCD_PROVINCE);
        ck_assert_int_eq(cccd_province_name(c) != NULL, in_list);
        accepted += in_list;
    }
    ck_assert_int_eq(accepted, 63);
    ck_assert_str_eq(cccd_province_name(1), "Hà Nội");
    ck_assert_str_eq(cccd_province_name(79), "TP Hồ Chí Minh");
    ck_assert_str_eq(cccd_province_name(96), "Cà Mau");
}
END_TEST

/* The 34 provinces of 1/7/2025 kept codes of the old list (addendum.md B6). */
static const int codes34[] = {1,  4,  8,  11, 12, 14, 15, 19, 20, 22, 24, 25, 31, 33, 37, 38, 40,
                              42, 44, 46, 48, 51, 52, 56, 66, 68, 75, 79, 80, 82, 86, 91, 92, 96};
START_TEST(test_province_codes_2025_subset)
{
    ck_assert_int_eq((int)(sizeof codes34 / sizeof codes34[0]), 34);
    for (size_t k = 0; k < sizeof codes34 / sizeof codes34[0]; k++)
        ck_assert_ptr_nonnull(cccd_province_name(codes34[k]));
}
END_TEST

START_TEST(test_decode)
{
    struct cccd_info i;
    ck_assert_int_eq(cccd_decode("079303000001", &i), 0);
    ck_assert_int_eq(i.province, 79);
    ck_assert_int_eq(i.sex, SEX_FEMALE);
    ck_assert_int_eq(i.birth_year, 2003);
    ck_assert_int_eq(cccd_decode("001085012345", &i), 0);
    ck_assert_int_eq(i.sex, SEX_MALE);
    ck_assert_int_eq(i.birth_year, 1985);
    ck_assert_int_eq(cccd_decode("00108501234", &i), -1);
    ck_assert_int_eq(cccd_decode(NULL, &i), -1);
    ck_assert_int_eq(cccd_check(NULL, 0, 0), CCCD_FORMAT);
}
END_TEST

/* Messages are Vietnamese, with diacritics, and distinct. */
START_TEST(test_messages)
{
    const enum cccd_error all[] = {CCCD_OK, CCCD_FORMAT, CCCD_PROVINCE, CCCD_SEX, CCCD_YEAR};
    for (int a = 0; a < 5; a++) {
        const char *m = cccd_error_message(all[a]);
        ck_assert_ptr_nonnull(m);
        ck_assert_uint_gt(strlen(m), 10);
        for (int b = 0; b < a; b++)
            ck_assert_str_ne(m, cccd_error_message(all[b]));
    }
    ck_assert_ptr_nonnull(strstr(cccd_error_message(CCCD_FORMAT), "12 chữ số"));
    ck_assert_ptr_nonnull(strstr(cccd_error_message(CCCD_PROVINCE), "mã tỉnh"));
    ck_assert_ptr_nonnull(strstr(cccd_error_message(CCCD_SEX), "giới tính"));
    ck_assert_ptr_nonnull(strstr(cccd_error_message(CCCD_YEAR), "năm sinh"));
    ck_assert_ptr_nonnull(cccd_error_message((enum cccd_error)99));
}
END_TEST

Suite *suite_core_ident(void)
{
    Suite *s = suite_create("core_ident");
    TCase *tc = tcase_create("cccd");
    tcase_add_loop_test(tc, test_tt07_2016_art7, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_province_codes);
    tcase_add_test(tc, test_province_codes_2025_subset);
    tcase_add_test(tc, test_decode);
    tcase_add_test(tc, test_messages);
    suite_add_tcase(s, tc);
    return s;
}
