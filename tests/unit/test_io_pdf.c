/* Printable CV, Mẫu 2C-BNV/2008 (QĐ 02/2008/QĐ-BNV; rules.md §8.1) as PDF
 * (src/io/cv_pdf.c): a valid A4 PDF, as many pages as it says, long history
 * tables breaking across pages, bulk CVs of a unit one after another, the
 * scope applied. The glyphs were checked by eye on pdftoppm renderings
 * (see docs/import-format.md, "Printable CV"). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cv_pdf.h"
#include "io/people_import.h"
#include "test_io_util.h"

extern Suite *suite_io_pdf(void);

/* Page objects in the PDF ("/Type /Page" but not "/Type /Pages"). */
static int pdf_pages(const char *buf, size_t len)
{
    int n = 0;
    for (size_t i = 0; i + 10 < len; i++)
        if (!memcmp(buf + i, "/Type /Page", 11) && buf[i + 11] != 's') n++;
    return n;
}

static struct tio_db t;
static struct user admin;

static void setup(void)
{
    tio_admin(&admin);
    tio_db_open(&t);
    char p[512];
    tio_path(p, sizeof p, "people-lo.xlsx");
    size_t len;
    char *data = tio_read(p, &len);
    ck_assert_ptr_nonnull(data);
    struct actor a = {1, "admin"};
    struct import_opts o = {&admin, &a, 0, "people-lo.xlsx", NULL, NULL};
    struct import_result res;
    import_result_init(&res);
    ck_assert_int_eq(people_import(t.d, data, len, &o, &res), 0);
    import_result_clear(&res);
    free(data);
    /* Dũng gets long histories: 80 training rows, family on both sides, awards. */
    ck_assert_int_eq(db_exec(t.d,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80)"
        " INSERT INTO training(person_id, school, major, from_month, to_month, form, degree)"
        " SELECT (SELECT id FROM person WHERE cccd = '048080000123'), 'Trường Bồi dưỡng cán bộ số ' || i,"
        " 'Quản lý nhà nước, khóa ' || i, printf('%04d-%02d', 2000 + i / 12, 1 + i % 12),"
        " printf('%04d-%02d', 2000 + i / 12, 1 + i % 12), 'Bồi dưỡng', 'Chứng chỉ' FROM n;"
        "INSERT INTO family_member(person_id, side, relation, full_name, birth_year, details, political_history)"
        " SELECT id, 'self', 'Bố đẻ', 'Nguyễn Văn Đức', 1950, 'Nghỉ hưu; Xã Điện Bàn', 'Không' FROM person WHERE cccd = '048080000123';"
        "INSERT INTO family_member(person_id, side, relation, full_name, birth_year, details)"
        " SELECT id, 'spouse', 'Mẹ vợ', 'Trần Thị Ánh', 1955, 'Nội trợ' FROM person WHERE cccd = '048080000123';"
        "INSERT INTO award(person_id, year, form, authority) SELECT id, 2021, 'Bằng khen', 'Chủ tịch UBND tỉnh'"
        " FROM person WHERE cccd = '048080000123';"), 0);
}

static void teardown(void) { tio_db_close(&t); }

static int64_t person_id(const char *cccd)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM person WHERE cccd = '%s'", cccd);
    return tio_count(t.d, sql);
}

START_TEST(one_cv_is_a_valid_a4_pdf)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int pages = 0;
    ck_assert_int_eq(cv_pdf_person(t.d, &admin, person_id("001185000456"), 1, f, &pages), 0);
    fclose(f);
    ck_assert_uint_gt(len, 1000);
    ck_assert(!memcmp(buf, "%PDF-", 5));
    ck_assert_ptr_nonnull(memmem(buf + len - 16, 16, "%%EOF", 5));
    ck_assert_ptr_nonnull(memmem(buf, len, "/MediaBox [ 0 0 595.27", 22)); /* A4 */
    ck_assert_int_ge(pages, 2);
    ck_assert_int_le(pages, 4);
    ck_assert_int_eq(pdf_pages(buf, len), pages);
    free(buf);
}
END_TEST

START_TEST(long_tables_break_across_pages)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int pages = 0, short_pages = 0;
    ck_assert_int_eq(cv_pdf_person(t.d, &admin, person_id("048080000123"), 1, f, &pages), 0);
    fclose(f);
    ck_assert_int_eq(pdf_pages(buf, len), pages);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(cv_pdf_person(t.d, &admin, person_id("001185000456"), 1, f, &short_pages), 0);
    fclose(f);
    free(buf);
    /* 80 training rows take at least two more pages. */
    ck_assert_int_ge(pages, short_pages + 2);
    /* Without the sensitive groups the family tables are not printed. */
    f = open_memstream(&buf, &len);
    int hidden_pages = 0;
    ck_assert_int_eq(cv_pdf_person(t.d, &admin, person_id("048080000123"), 0, f, &hidden_pages), 0);
    fclose(f);
    ck_assert_int_eq(pdf_pages(buf, len), hidden_pages);
    free(buf);
}
END_TEST

START_TEST(scope_and_absence)
{
    struct user officer;
    memset(&officer, 0, sizeof officer);
    officer.role = ROLE_OFFICER;
    officer.unit_id = 4; /* Sở Tài chính */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(cv_pdf_person(t.d, &officer, person_id("048080000123"), 1, f, NULL), 1);
    ck_assert_int_eq(cv_pdf_person(t.d, &admin, 999999, 1, f, NULL), 1);
    fclose(f);
    free(buf);
}
END_TEST

static int printed;
static int count_person(void *ud, int64_t id)
{
    printed++;
    return 0;
}

START_TEST(unit_bulk_one_cv_after_another)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int pages = 0;
    long people = 0;
    printed = 0;
    ck_assert_int_eq(cv_pdf_unit_ex(t.d, &admin, 2, 1, f, &pages, &people, count_person, NULL), 0);
    fclose(f);
    ck_assert_int_eq(people, 3); /* Sở Nội vụ and its division */
    ck_assert_int_eq(printed, 3);
    ck_assert_int_eq(pdf_pages(buf, len), pages);
    ck_assert_int_ge(pages, 3 * 2);
    free(buf);
    /* A unit with nobody gets one page saying so. */
    ck_assert_int_eq(db_exec(t.d, "INSERT INTO unit(id, created_on) VALUES (9, '2020-01-01');"
                                  "INSERT INTO unit_version(unit_id, valid_from, name, type, parent_id) VALUES (9, '2020-01-01', 'Trống', 'division', 4);"
                                  "INSERT INTO unit_closure VALUES (9,9,0),(4,9,1),(1,9,2);"), 0);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(cv_pdf_unit(t.d, &admin, 9, 1, f, &pages, &people), 0);
    fclose(f);
    ck_assert_int_eq(people, 0);
    ck_assert_int_eq(pages, 1);
    ck_assert_int_eq(pdf_pages(buf, len), 1);
    free(buf);
}
END_TEST

Suite *suite_io_pdf(void)
{
    Suite *s = suite_create("io_pdf");
    TCase *tc = tcase_create("pdf");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, one_cv_is_a_valid_a4_pdf);
    tcase_add_test(tc, long_tables_break_across_pages);
    tcase_add_test(tc, scope_and_absence);
    tcase_add_test(tc, unit_bulk_one_cv_after_another);
    suite_add_tcase(s, tc);
    return s;
}
