/* People import and export (src/io/people_import.c, people_export.c):
 * all rows or none with a report naming row, column and reason; re-import
 * updates (matched by CCCD, TT 07/2016/TT-BCA) and never duplicates; dated
 * changes of unit and salary go through the same path as the API; export ->
 * import round-trips identically (also through CSV with neutralised
 * formulas); files saved by LibreOffice (numbers where text was meant). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "io/people_export.h"
#include "io/people_import.h"
#include "test_io_util.h"

extern Suite *suite_io_import(void);

static struct user admin;
static struct actor admin_actor = {1, "admin"};

static int run(db *d, const char *data, size_t len, const struct user *u, int dry, struct import_result *res)
{
    struct import_opts o = {u ? u : &admin, &admin_actor, dry, "test", NULL, NULL};
    import_result_init(res);
    return people_import(d, data, len, &o, res);
}

static int run_file(db *d, const char *name, struct import_result *res)
{
    char p[512];
    tio_path(p, sizeof p, name);
    size_t len;
    char *data = tio_read(p, &len);
    ck_assert_msg(data != NULL, "cannot read %s", p);
    int rc = run(d, data, len, NULL, 0, res);
    free(data);
    return rc;
}

static int run_text(db *d, const char *csv, const struct user *u, struct import_result *res)
{
    return run(d, csv, strlen(csv), u, 0, res);
}

/* The first report entry whose column is col (or any with NULL). */
static json_t *find_error(struct import_result *res, long row, const char *col)
{
    size_t i;
    json_t *e;
    json_array_foreach(res->errors, i, e) {
        if (json_integer_value(json_object_get(e, "row")) != row) continue;
        if (col && strcmp(json_string_value(json_object_get(e, "column")), col) != 0) continue;
        return e;
    }
    return NULL;
}

static void dump_errors(struct import_result *res)
{
    size_t i;
    json_t *e;
    json_array_foreach(res->errors, i, e) {
        char *s = json_dumps(e, 0);
        fprintf(stderr, "  %s\n", s);
        free(s);
    }
    if (res->message[0]) fprintf(stderr, "  message: %s\n", res->message);
}

static void setup(void) { tio_admin(&admin); }

#define HEAD "Số CCCD (25),Họ và tên khai sinh (1),Ngày sinh (3),Giới tính (3),Đơn vị,Vị trí việc làm,Ngày bắt đầu công tác,Mã ngạch,Bậc lương,Ngày hưởng lương,Điện thoại\n"

START_TEST(libreoffice_workbooks_import)
{
    struct tio_db t;
    tio_db_open(&t);
    struct import_result res;
    int rc = run_file(t.d, "people-lo.xlsx", &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 5);
    ck_assert_int_eq(res.total, 5);
    import_result_clear(&res);
    /* CCCD with its leading zeros back, rank code restored from 1.003. */
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person WHERE cccd = '001185000456' AND rank_code = '01.003'"
                                    " AND ethnicity_id = 2 AND professional_level = 'thac_si' AND unit_id = 4"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT height_cm FROM person WHERE cccd = '048080000123'"), 170);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person p JOIN ref_title t ON t.id = p.title_id"
                                    " WHERE p.cccd = '079090001234' AND t.code = 'TP_SO' AND p.title_since = '2022-03-15'"
                                    " AND p.coef_x100 = 440 AND p.unit_id = 2"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM posting WHERE valid_from = '2020-01-01' AND unit_id = 3"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log WHERE action = 'person.import_create'"), 5);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log WHERE action = 'people.import'"), 1);
    /* vi-VN LibreOffice: "01.002" became 1002, a year-only birth date. */
    rc = run_file(t.d, "people-lo-vi.xlsx", &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 2);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person WHERE cccd = '048170000321' AND rank_code = '01.002'"
                                    " AND salary_step = 4 AND birth_date = '1970-06-05' AND sex = 2"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person WHERE cccd = '048088000654' AND birth_precision = 2"
                                    " AND birth_date = '1988-01-01' AND full_name = 'Hồ Văn \"Tèo\" Nam'"), 1);
    /* Importing the same workbooks again changes nothing. */
    rc = run_file(t.d, "people-lo.xlsx", &res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.unchanged, 5);
    ck_assert_int_eq(res.created + res.updated, 0);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 7);
    tio_db_close(&t);
}
END_TEST

START_TEST(unknown_header_names_the_column)
{
    struct tio_db t;
    tio_db_open(&t);
    struct import_result res;
    ck_assert_int_eq(run_file(t.d, "people-vi-semicolon.csv", &res), 1);
    json_t *e = find_error(&res, 1, "Ghi chú không dùng");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "message")), "không có trong mẫu nhập"));
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 0);
    /* Without that column the same file imports (semicolons, a quoted "" quote). */
    char p[512];
    tio_path(p, sizeof p, "people-vi-semicolon.csv");
    size_t len;
    char *data = tio_read(p, &len);
    const char *cut = ";Ghi chú không dùng";
    for (char *q = data; (q = strstr(q, cut)); ) memmove(q, q + strlen(cut), strlen(q + strlen(cut)) + 1);
    int rc = run_text(t.d, data, NULL, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 2);
    import_result_clear(&res);
    free(data);
    tio_db_close(&t);
}
END_TEST

/* 10,000 rows: CCCD 048 + sex/century digit + birth year + serial. */
static char *big_csv(int rows, int bad_row, size_t *len)
{
    size_t cap = (size_t)rows * 200 + 1024, used = 0;
    char *s = malloc(cap);
    used += (size_t)snprintf(s, cap, "%s", HEAD);
    for (int i = 0; i < rows; i++) {
        int year = 1970 + i % 30, sex = 1 + i % 2;
        char birth[16];
        if (i + 2 == bad_row) snprintf(birth, sizeof birth, "31/02/%d", year);
        else snprintf(birth, sizeof birth, "%02d/%02d/%d", 1 + i % 28, 1 + i % 12, year);
        used += (size_t)snprintf(s + used, cap - used, "048%d%02d%06d,Người Thử %d,%s,%s,%s,Chuyên viên,01/01/2020,01.003,%d,01/01/2024,09%08d\n",
                                 sex == 1 ? 0 : 1, year % 100, i, i, birth, sex == 1 ? "Nam" : "Nữ", i % 3 ? "SNV.TCCB" : "STC",
                                 1 + i % 9, i);
    }
    *len = used;
    return s;
}

START_TEST(one_bad_row_in_ten_thousand)
{
    struct tio_db t;
    tio_db_open(&t);
    size_t len;
    char *csv = big_csv(10000, 6790, &len);
    long audits = tio_count(t.d, "SELECT count(*) FROM audit_log");
    struct import_result res;
    ck_assert_int_eq(run(t.d, csv, len, NULL, 0, &res), 1);
    ck_assert_int_eq(res.total, 10000);
    ck_assert_int_eq(res.error_count, 1);
    ck_assert_int_eq(res.error_rows, 1);
    json_t *e = find_error(&res, 6790, "Ngày sinh (3)");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "message")), "31/02/"));
    ck_assert_ptr_nonnull(strstr(res.message, "không hồ sơ nào được ghi"));
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 0);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM posting"), 0);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log"), audits);
    free(csv);
    /* Fixed: all 10,000 in; again: nothing duplicated, nothing changed. */
    csv = big_csv(10000, 0, &len);
    ck_assert_int_eq(run(t.d, csv, len, NULL, 0, &res), 0);
    ck_assert_int_eq(res.created, 10000);
    import_result_clear(&res);
    ck_assert_int_eq(run(t.d, csv, len, NULL, 0, &res), 0);
    ck_assert_int_eq(res.unchanged, 10000);
    ck_assert_int_eq(res.created + res.updated, 0);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 10000);
    free(csv);
    tio_db_close(&t);
}
END_TEST

START_TEST(reimport_updates_changed_fields_and_dates_changes)
{
    struct tio_db t;
    tio_db_open(&t);
    struct import_result res;
    const char *v1 = HEAD
        "048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV.TCCB,Chuyên viên,01/01/2020,01.003,3,01/03/2024,0905000001\n"
        "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,STC,Kế toán,01/06/2019,01.003,2,01/06/2023,0905000002\n"
        "079090001234,Trần Minh Tuấn,31/12/1990,Nam,SNV,Chuyên viên,15/03/2022,01.002,1,15/03/2022,0905000003\n";
    int rc = run_text(t.d, v1, NULL, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 3);
    import_result_clear(&res);
    /* Dũng: new phone. Hoa: moves to SNV (same start date in the file: today).
     * Tuấn: next salary step from a new date. */
    const char *v2 = HEAD
        "048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV.TCCB,Chuyên viên,01/01/2020,01.003,3,01/03/2024,0911999999\n"
        "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,SNV,Kế toán,01/06/2019,01.003,2,01/06/2023,0905000002\n"
        "079090001234,Trần Minh Tuấn,31/12/1990,Nam,SNV,Chuyên viên,15/03/2022,01.002,2,15/03/2025,0905000003\n";
    rc = run_text(t.d, v2, NULL, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 0);
    ck_assert_int_eq(res.updated, 3);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 3);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person WHERE phone = '0911999999'"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log WHERE action = 'person.import'"
                                    " AND after = '{\"phone\":\"0911999999\"}' AND before = '{\"phone\":\"0905000001\"}'"), 1);
    /* Hoa: the old posting closed today, the new one open in unit 2. */
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM posting p JOIN person x ON x.id = p.person_id"
                                    " WHERE x.cccd = '001185000456'"), 2);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM posting p JOIN person x ON x.id = p.person_id"
                                    " WHERE x.cccd = '001185000456' AND p.valid_to IS NULL AND p.unit_id = 2"
                                    " AND p.valid_from = date('now', '+7 hours')"), 1);
    ck_assert_int_eq(tio_count(t.d, "SELECT unit_id FROM person WHERE cccd = '001185000456'"), 2);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log WHERE action = 'person.posting'"), 1);
    /* Tuấn: step 2 from 15/03/2025, coefficient of A2.1 step 2. */
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM salary_history s JOIN person x ON x.id = s.person_id"
                                    " WHERE x.cccd = '079090001234'"), 2);
    ck_assert_int_eq(tio_count(t.d, "SELECT coef_x100 FROM person WHERE cccd = '079090001234' AND salary_since = '2025-03-15'"), 474);
    /* A start date before the current posting would rewrite history: refused, nothing written. */
    const char *v3 = HEAD "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,STC,Kế toán,01/06/2018,01.003,2,01/06/2023,0905000002\n";
    ck_assert_int_eq(run_text(t.d, v3, NULL, &res), 1);
    ck_assert_ptr_nonnull(find_error(&res, 2, "Ngày bắt đầu công tác"));
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT unit_id FROM person WHERE cccd = '001185000456'"), 2);
    tio_db_close(&t);
}
END_TEST

START_TEST(duplicate_cccd_in_the_file)
{
    struct tio_db t;
    tio_db_open(&t);
    struct import_result res;
    const char *csv = HEAD
        "048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV.TCCB,,,,,,\n"
        "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,STC,,,,,,\n"
        "48080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV.TCCB,,,,,,\n";
    ck_assert_int_eq(run_text(t.d, csv, NULL, &res), 1);
    json_t *e = find_error(&res, 4, "Số CCCD (25)");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "message")), "trùng với dòng 2"));
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 0);
    tio_db_close(&t);
}
END_TEST

/* Each bad cell is reported with its column; several in one row. */
START_TEST(bad_cells_are_named)
{
    static const struct { const char *cells; const char *column; const char *says; } t[] = {
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,X,SNV,,,,,,", "Giới tính (3)", "Nam"},
        {"048080000123,Nguyễn Văn Dũng,1980-13-01,Nam,SNV,,,,,,", "Ngày sinh (3)", "1980-13-01"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,KHONGCO,,,,,,", "Đơn vị", "KHONGCO"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,99.999,1,,", "Mã ngạch", "99.999"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,01.003,0,,", "Bậc lương", "từ 1 đến"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,01.003,10,,", "Bậc lương", "thang lương"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,01.003,,,", "Bậc lương", "bắt buộc"},
        {"04808000012X,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,,,,", "Số CCCD (25)", "12 chữ số"},
        {",Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,,,,,", "Số CCCD (25)", "Thiếu số CCCD"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nữ,SNV,,,,,,", "Số CCCD (25)", ""},
        {"048080000123,,17/05/1980,Nam,SNV,,,,,,", "Họ và tên khai sinh (1)", "bắt buộc"},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,,,,,,,", "Đơn vị", "Đơn vị"},
        {"048080000123,Nguyễn Văn Dũng,17/05/2099,Nam,SNV,,,,,,", "Ngày sinh (3)", ""},
        {"048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV,,32/01/2020,,,,", "Ngày bắt đầu công tác", "32/01/2020"},
    };
    struct tio_db tdb;
    tio_db_open(&tdb);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char csv[1024];
        snprintf(csv, sizeof csv, HEAD "%s\n", t[i].cells);
        struct import_result res;
        int rc = run_text(tdb.d, csv, NULL, &res);
        ck_assert_msg(rc == 1, "case %zu: rc %d", i, rc);
        json_t *e = find_error(&res, 2, t[i].column);
        if (!e) dump_errors(&res);
        ck_assert_msg(e != NULL, "case %zu: no error for column %s", i, t[i].column);
        const char *msg = json_string_value(json_object_get(e, "message"));
        ck_assert_msg(strstr(msg, t[i].says) != NULL, "case %zu: [%s] lacks [%s]", i, msg, t[i].says);
        import_result_clear(&res);
    }
    /* Several errors in one row are all reported. */
    struct import_result res;
    ck_assert_int_eq(run_text(tdb.d, HEAD "048080000123,Dũng,1980-13-01,X,KHONGCO,,,99.999,,,\n", NULL, &res), 1);
    ck_assert_int_ge(res.error_count, 4);
    ck_assert_int_eq(res.error_rows, 1);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(tdb.d, "SELECT count(*) FROM person"), 0);
    tio_db_close(&tdb);
}
END_TEST

START_TEST(officer_scope_applies)
{
    struct tio_db t;
    tio_db_open(&t);
    struct user officer;
    memset(&officer, 0, sizeof officer);
    officer.id = 7;
    officer.role = ROLE_OFFICER;
    officer.unit_id = 2; /* Sở Nội vụ and below */
    snprintf(officer.username, sizeof officer.username, "officer");
    struct import_result res;
    const char *csv = HEAD
        "048080000123,Nguyễn Văn Dũng,17/05/1980,Nam,SNV.TCCB,,,,,,\n"
        "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,STC,,,,,,\n";
    ck_assert_int_eq(run_text(t.d, csv, &officer, &res), 1);
    ck_assert_int_eq(res.error_count, 1);
    ck_assert_ptr_nonnull(find_error(&res, 3, "Đơn vị"));
    import_result_clear(&res);
    /* A person outside the officer's subtree cannot be updated either. */
    ck_assert_int_eq(run_text(t.d, HEAD "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,STC,,,,,,\n", NULL, &res), 0);
    import_result_clear(&res);
    ck_assert_int_eq(run_text(t.d, HEAD "001185000456,Đặng Thị Hoa,03/02/1985,Nữ,SNV,,,,,,\n", &officer, &res), 1);
    json_t *e = find_error(&res, 2, "Số CCCD (25)");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "message")), "phạm vi"));
    import_result_clear(&res);
    tio_db_close(&t);
}
END_TEST

static long progress_last, progress_total, progress_calls;
static void on_progress(void *ud, long done, long total)
{
    progress_last = done;
    progress_total = total;
    progress_calls++;
}

START_TEST(dry_run_and_progress)
{
    struct tio_db t;
    tio_db_open(&t);
    size_t len;
    char *csv = big_csv(450, 0, &len);
    struct import_result res;
    import_result_init(&res);
    struct import_opts o = {&admin, &admin_actor, 1, "dry.csv", on_progress, NULL};
    ck_assert_int_eq(people_import(t.d, csv, len, &o, &res), 0);
    ck_assert_int_eq(res.created, 450);
    ck_assert_ptr_nonnull(strstr(res.message, "chưa ghi gì"));
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person"), 0);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM audit_log WHERE action LIKE 'person%'"), 0);
    ck_assert_int_eq(progress_total, 450);
    ck_assert_int_eq(progress_last, 450);
    ck_assert_int_ge(progress_calls, 5);
    free(csv);
    tio_db_close(&t);
}
END_TEST

START_TEST(unreadable_files)
{
    struct tio_db t;
    tio_db_open(&t);
    static const struct { const char *data; size_t len; int rc; const char *says; } c[] = {
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12, -1, ".xls"},
        {"PK\3\4 not really a zip, just the magic ......", 44, -1, ".xlsx"},
        {"", 0, 1, "dòng tiêu đề"},
        {"\n\n  \n", 5, 1, "dòng tiêu đề"},
        {"Số CCCD (25),Họ và tên khai sinh (1)\n", 0, 1, "không có dòng dữ liệu"},
        {"\xFF\xFE" "a\0", 4, -1, "UTF-16"},
        {"Số CCCD,Họ tên\n\"048080000123,Dũng\n", 0, -1, "ngoặc kép"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct import_result res;
        int rc = run(t.d, c[i].data, c[i].len ? c[i].len : strlen(c[i].data), NULL, 0, &res);
        ck_assert_msg(rc == c[i].rc, "case %zu: rc %d (%s)", i, rc, res.message);
        ck_assert_msg(strstr(res.message, c[i].says) != NULL, "case %zu: [%s]", i, res.message);
        import_result_clear(&res);
    }
    /* A CSV that is not UTF-8 (Excel's default "CSV" on Vietnamese Windows is
     * Windows-1258, single bytes above 0x7F) is refused as a whole. */
    struct import_result res;
    ck_assert_int_eq(run_text(t.d, HEAD "048080000123,Nguy\xD2n V\xE3n D\xF2ng,17/05/1980,Nam,SNV,,,,,,\n", NULL, &res), -1);
    ck_assert_ptr_nonnull(strstr(res.message, "UTF-8"));
    ck_assert_ptr_nonnull(strstr(res.message, "Windows-1258"));
    import_result_clear(&res);
    tio_db_close(&t);
}
END_TEST

/* Export of db A, import into a fresh db B with the same units: the person
 * rows and their dated rows are identical; the CSV export re-imported into A
 * changes nothing. */
static const char *const person_cols_sql =
    "cccd, full_name, other_names, name_fold, sort_key, birth_date, birth_precision, sex, birth_place, home_town,"
    " ethnicity_id, religion_id, permanent_address, current_address, phone, email, occupation_at_recruitment,"
    " recruitment_date, recruitment_agency, main_duty, general_education, professional_level, professional_major,"
    " theory_level, mgmt_level, foreign_language, it_level, party_join_date, party_official_date, mass_org,"
    " army_join_date, army_leave_date, army_rank, honor_title, strengths, health_status, height_cm, weight_kg,"
    " blood_type, war_invalid_grade, policy_family, id_issue_date, social_insurance_no, history_arrest,"
    " history_old_regime, history_foreign, remarks, unit_id, position, title_id, title_since, rank_code,"
    " salary_step, coef_x100, salary_since, vk_percent, status";

static long differences(db *a, const char *bpath)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS b", bpath);
    ck_assert_int_eq(db_exec(a, sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM (SELECT %s FROM main.person EXCEPT SELECT %s FROM b.person))"
             " + (SELECT count(*) FROM (SELECT %s FROM b.person EXCEPT SELECT %s FROM main.person))"
             " + (SELECT count(*) FROM (SELECT x.cccd, s.rank_code, s.step, s.coef_x100, s.vk_percent, s.valid_from, s.valid_to"
             "    FROM main.salary_history s JOIN main.person x ON x.id = s.person_id EXCEPT"
             "    SELECT x.cccd, s.rank_code, s.step, s.coef_x100, s.vk_percent, s.valid_from, s.valid_to"
             "    FROM b.salary_history s JOIN b.person x ON x.id = s.person_id))"
             " + (SELECT count(*) FROM (SELECT x.cccd, p.unit_id, p.position, p.title_id, p.valid_from, p.valid_to"
             "    FROM main.posting p JOIN main.person x ON x.id = p.person_id EXCEPT"
             "    SELECT x.cccd, p.unit_id, p.position, p.title_id, p.valid_from, p.valid_to"
             "    FROM b.posting p JOIN b.person x ON x.id = p.person_id))"
             " + abs((SELECT count(*) FROM main.person) - (SELECT count(*) FROM b.person))",
             person_cols_sql, person_cols_sql, person_cols_sql, person_cols_sql);
    long n = tio_count(a, sql);
    db_exec(a, "DETACH b");
    return n;
}

START_TEST(export_import_round_trip)
{
    struct tio_db a, b;
    tio_db_open(&a);
    tio_db_open(&b);
    struct import_result res;
    ck_assert_int_eq(run_file(a.d, "people-lo.xlsx", &res), 0);
    import_result_clear(&res);
    /* Every kind of field, formulas to neutralise, a vượt khung, partial birth dates. */
    const char *csv =
        "Số CCCD (25),Họ và tên khai sinh (1),Tên gọi khác (2),Ngày sinh (3),Giới tính (3),Đơn vị,Mã ngạch,Bậc lương,"
        "Vượt khung (%),Ngày hưởng lương,Nơi sinh (4),\"Nhận xét, đánh giá (32)\",Nhóm máu (23),Cân nặng (23),"
        "\"Bị bắt, bị tù (29)\",Ngày vào Đảng (16),Ngày chính thức (16),Lý luận chính trị (15.3),Tin học (15.6),"
        "Quản lý nhà nước (15.4),Số sổ BHXH (26),Thư điện tử\n"
        "048070000999,Lưu Văn Cả,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",05/1970,Nam,STC,01.003,9,7,01/01/2021,"
        "\"Xã Hòa Vang,\nĐà Nẵng\",\"-Tốt; +chăm\",O,70,Không,19/05/1995,19/05/1996,Cao cấp lý luận chính trị,cc_b,"
        "Chuyên viên chính,@4854435761,a@b.vn\n"
        "048165000888,Mai Thị Bé,,1965,Nữ,SNV.TCCB,01.004,10,,01/02/2020,,,,,,,,trung_cap,,,,\n";
    int rc = run_text(a.d, csv, NULL, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(a.d, "SELECT count(*) FROM person WHERE other_names = '=HYPERLINK(\"http://x\",\"y\")'"
                                    " AND vk_percent = 7 AND birth_precision = 1 AND birth_date = '1970-05-01'"), 1);

    struct export_opts o = {&admin, NULL, 1, ','};
    char px[] = "/tmp/canbo-rt-XXXXXX.xlsx", pc[] = "/tmp/canbo-rt-XXXXXX.csv";
    close(mkstemps(px, 5));
    close(mkstemps(pc, 4));
    long count = 0;
    ck_assert_int_eq(people_export_xlsx(a.d, &o, px, &count), 0);
    ck_assert_int_eq(count, 7);
    FILE *f = fopen(pc, "wb");
    ck_assert_int_eq(people_export_csv(a.d, &o, f, &count), 0);
    fclose(f);
    size_t xl, cl;
    char *x = tio_read(px, &xl), *c = tio_read(pc, &cl);
    /* The CSV neutralises the formula-like cells. */
    ck_assert_ptr_nonnull(strstr(c, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
    ck_assert_ptr_nonnull(strstr(c, "'@4854435761"));
    ck_assert_ptr_nonnull(strstr(c, ",'-Tốt; +chăm\r\n"));
    ck_assert(!memcmp(c, "\xEF\xBB\xBF", 3));

    rc = run(b.d, x, xl, NULL, 0, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 7);
    import_result_clear(&res);
    ck_assert_int_eq(differences(a.d, b.path), 0);

    /* CSV export into a third fresh db, and back into the first: unchanged. */
    struct tio_db c3;
    tio_db_open(&c3);
    ck_assert_int_eq(run(c3.d, c, cl, NULL, 0, &res), 0);
    import_result_clear(&res);
    ck_assert_int_eq(differences(a.d, c3.path), 0);
    ck_assert_int_eq(run(a.d, c, cl, NULL, 0, &res), 0);
    ck_assert_int_eq(res.unchanged, 7);
    import_result_clear(&res);
    ck_assert_int_eq(run(a.d, x, xl, NULL, 0, &res), 0);
    ck_assert_int_eq(res.unchanged, 7);
    import_result_clear(&res);

    /* Without the sensitive groups the export lacks those columns, and
     * re-importing it leaves them as they are. */
    struct export_opts basic = {&admin, NULL, 0, ','};
    f = fopen(pc, "wb");
    ck_assert_int_eq(people_export_csv(a.d, &basic, f, &count), 0);
    fclose(f);
    free(c);
    c = tio_read(pc, &cl);
    ck_assert_ptr_null(strstr(c, "Nhóm máu"));
    ck_assert_int_eq(run(a.d, c, cl, NULL, 0, &res), 0);
    ck_assert_int_eq(res.unchanged, 7);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(a.d, "SELECT count(*) FROM person WHERE blood_type = 'O' AND weight_kg = 70"), 1);

    free(x);
    free(c);
    unlink(px);
    unlink(pc);
    tio_db_close(&c3);
    tio_db_close(&a);
    tio_db_close(&b);
}
END_TEST

START_TEST(export_applies_filters_and_scope)
{
    struct tio_db t;
    tio_db_open(&t);
    struct import_result res;
    ck_assert_int_eq(run_file(t.d, "people-lo.xlsx", &res), 0);
    import_result_clear(&res);
    struct user officer;
    memset(&officer, 0, sizeof officer);
    officer.role = ROLE_OFFICER;
    officer.unit_id = 2;
    struct export_opts o = {&officer, NULL, 0, ';'};
    char *buf = NULL;
    size_t len = 0;
    long count = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(people_export_csv(t.d, &o, f, &count), 0);
    fclose(f);
    ck_assert_int_eq(count, 3); /* Dũng, Tuấn, Mai: Sở Nội vụ and its division */
    ck_assert_ptr_null(strstr(buf, "Đặng Thị Hoa"));
    ck_assert_ptr_nonnull(strstr(buf, "STT;Số CCCD (25);"));
    free(buf);
    struct person_filter flt;
    memset(&flt, 0, sizeof flt);
    flt.sex = 2;
    struct export_opts o2 = {&admin, &flt, 0, ','};
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(people_export_csv(t.d, &o2, f, &count), 0);
    fclose(f);
    ck_assert_int_eq(count, 2);
    free(buf);
    tio_db_close(&t);
}
END_TEST

START_TEST(template_headers_import)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(people_template_csv(f, ','), 0);
    fclose(f);
    struct tio_db t;
    tio_db_open(&t);
    /* The example's unit code (the demo province's Sở Nội vụ) does not exist here: the only error is that one. */
    struct import_result res;
    ck_assert_int_eq(run(t.d, buf, len, NULL, 1, &res), 1);
    ck_assert_int_eq(res.error_count, 1);
    ck_assert_ptr_nonnull(find_error(&res, 2, "Đơn vị"));
    import_result_clear(&res);
    /* With the unit replaced by one that exists, the example imports. */
    char *p = strstr(buf, "T12.SNV");
    ck_assert_ptr_nonnull(p);
    memmove(p, p + 4, strlen(p + 4) + 1);
    int rc = run(t.d, buf, strlen(buf), NULL, 0, &res);
    if (rc) dump_errors(&res);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(res.created, 1);
    import_result_clear(&res);
    ck_assert_int_eq(tio_count(t.d, "SELECT count(*) FROM person WHERE cccd = '048085000123' AND professional_level = 'dai_hoc'"
                                    " AND theory_level = 'trung_cap' AND it_level = 'co_ban' AND unit_id = 2"), 1);
    free(buf);
    tio_db_close(&t);
}
END_TEST

Suite *suite_io_import(void)
{
    Suite *s = suite_create("io_import");
    TCase *tc = tcase_create("import");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, libreoffice_workbooks_import);
    tcase_add_test(tc, unknown_header_names_the_column);
    tcase_add_test(tc, one_bad_row_in_ten_thousand);
    tcase_add_test(tc, reimport_updates_changed_fields_and_dates_changes);
    tcase_add_test(tc, duplicate_cccd_in_the_file);
    tcase_add_test(tc, bad_cells_are_named);
    tcase_add_test(tc, officer_scope_applies);
    tcase_add_test(tc, dry_run_and_progress);
    tcase_add_test(tc, unreadable_files);
    tcase_add_test(tc, export_import_round_trip);
    tcase_add_test(tc, export_applies_filters_and_scope);
    tcase_add_test(tc, template_headers_import);
    suite_add_tcase(s, tc);
    return s;
}
