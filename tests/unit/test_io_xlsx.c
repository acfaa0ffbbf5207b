/* .xlsx reader (src/io/xlsx_read.c) on workbooks written by real spreadsheet
 * programs (../shared/data/vn-admin-2025, compared with the CSV of the same
 * data; LibreOffice Calc files in tests/data), on hand-built packages that
 * exercise each cell type and number format, and on malformed input that
 * must fail cleanly: broken ZIP, broken XML, DOCTYPE/entities, a zip bomb,
 * oversized cells and rows. ECMA-376 Part 1 §18.3 (sheets), §18.4 (shared
 * strings), §18.8.30-31 (number formats; built-in ids 14-22, 45-47). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "io/csv.h"
#include "io/people_cols.h"
#include "io/xlsx_read.h"
#include "test_io_util.h"

extern Suite *suite_io_xlsx(void);

/* --- helpers --------------------------------------------------------------------- */

/* Rows as text: "ROW:" then cells joined by '|', each prefixed by its type
 * (_ empty, T text, N number, D date, B bool, E error). */
static int dump_reader(struct xlsx_reader *r, char *out, size_t cap)
{
    static const char tc[] = "_TNDBE";
    struct xlsx_row row;
    size_t used = 0;
    int rc;
    out[0] = 0;
    while ((rc = xlsx_next(r, &row)) == 1) {
        used += (size_t)snprintf(out + used, cap - used, "%ld:", row.row);
        for (size_t i = 0; i < row.n && used < cap; i++)
            used += (size_t)snprintf(out + used, cap - used, "%s%c%s", i ? "|" : "", tc[row.type[i]], row.cell[i]);
        if (used < cap) used += (size_t)snprintf(out + used, cap - used, "\n");
        if (used >= cap) return -3;
    }
    return rc;
}

struct part { const char *name; const char *data; };

/* Writes a ZIP package of the given parts to path. */
static void build(const char *path, const struct part *parts)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    ck_assert_ptr_nonnull(z);
    for (const struct part *p = parts; p->name; p++) {
        zip_source_t *s = zip_source_buffer(z, p->data, strlen(p->data), 0);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_ge(zip_file_add(z, p->name, s, ZIP_FL_ENC_UTF_8), 0);
    }
    ck_assert_int_eq(zip_close(z), 0);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS_ROOT "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WB(extra) "<?xml version=\"1.0\"?><workbook " NS ">" extra "<sheets><sheet name=\"Trang 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define WB_RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" \
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
#define SHEET(rows) "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) "<?xml version=\"1.0\"?><sst " NS ">" items "</sst>"
#define STYLES "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>" \
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0&quot;đ&quot;\"/></numFmts>" \
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>" \
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"22\"/><xf numFmtId=\"20\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>"

static const char *const std_sst = SST("<si><t>Họ và tên</t></si><si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r>"
                                       "<rPh sb=\"0\" eb=\"1\"><t>IGNORED</t></rPh></si><si><t xml:space=\"preserve\"> a &amp; b </t></si>");

struct xcase {
    const char *name;
    const char *workbook_extra;   /* inside <workbook> */
    const char *sheet;
    const char *sst;              /* NULL: the standard one */
    const char *want;             /* dump, or NULL when an error is expected */
    const char *err;              /* substring of the error */
};

static const struct xcase xcases[] = {
    {"types", "", SHEET(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>42</v></c><c r=\"B2\"><v>3.3300000000000001</v></c><c r=\"C2\"><v>-0</v></c>"
        "<c r=\"D2\"><v>48080000123</v></c><c r=\"E2\"><v>1E-3</v></c><c r=\"F2\" t=\"b\"><v>1</v></c><c r=\"G2\" t=\"b\"><v>0</v></c>"
        "<c r=\"H2\" t=\"e\"><v>#N/A</v></c><c r=\"I2\" t=\"str\"><f>A1&amp;\"x\"</f><v>tính</v></c>"
        "<c r=\"J2\" t=\"inlineStr\"><is><t>trực tiếp</t></is></c><c r=\"K2\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>b</t></r></is></c>"
        "<c r=\"L2\"><f>1+2</f><v>3</v></c><c r=\"M2\" t=\"n\"/></row>"), NULL,
     "1:THọ và tên|TNguyễn Văn An|T a & b \n"
     "2:N42|N3.33|N0|N48080000123|N0.001|BTRUE|BFALSE|E#N/A|Ttính|Ttrực tiếp|Tab|N3\n", NULL},
    {"date formats", "", SHEET(
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>31121</v></c><c r=\"B1\" s=\"2\"><v>45658</v></c><c r=\"C1\" s=\"3\"><v>45293.520833333336</v></c>"
        "<c r=\"D1\" s=\"4\"><v>0.34375</v></c><c r=\"E1\" s=\"5\"><v>1500000</v></c><c r=\"F1\" s=\"3\"><v>45293</v></c>"
        "<c r=\"G1\" s=\"1\"><v>60</v></c><c r=\"H1\" s=\"1\"><v>59</v></c><c r=\"I1\" s=\"1\"><v>61</v></c><c r=\"J1\" s=\"99\"><v>7</v></c>"
        "<c r=\"K1\" t=\"d\"><v>2025-07-01T00:00:00</v></c><c r=\"L1\" s=\"1\"><v>-1</v></c></row>"), NULL,
     "1:D1985-03-15|D2025-01-01|D2024-01-02 12:30:00|D08:15:00|N1500000|D2024-01-02|N60|D1900-02-28|D1900-03-01|N7|D2025-07-01|N-1\n", NULL},
    {"1904 date system", "<workbookPr date1904=\"1\"/>", SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>29676</v></c></row>"), NULL,
     "1:D1904-01-01|D1985-04-01\n", NULL},
    {"gaps, missing references, empty rows", "", SHEET(
        "<row r=\"2\"><c r=\"C2\"><v>1</v></c><c><v>2</v></c><c r=\"AB2\"><v>3</v></c></row>"
        "<row><c><v>4</v></c></row><row r=\"7\"/><row r=\"8\"><c r=\"A8\" s=\"0\"/></row>"
        "<row r=\"9\"><c r=\"B9\" t=\"s\"><v>0</v></c></row>"), NULL,
     "2:_|_|N1|N2|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|_|N3\n3:N4\n9:_|THọ và tên\n", NULL},
    {"prefixed namespace", "",
     "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
     "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>tiền tố</x:t></x:is></x:c><x:c r=\"B1\"><x:v>5</x:v></x:c></x:row>"
     "</x:sheetData></x:worksheet>", NULL, "1:Ttiền tố|N5\n", NULL},
    {"strict namespaces", "",
     "<?xml version=\"1.0\"?><worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData>"
     "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>", NULL, "1:N1\n", NULL},
    {"shared string out of range", "", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>"), NULL, NULL, "chuỗi ký tự không tồn tại"},
    {"shared string index not a number", "", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>x1</v></c></row>"), NULL, NULL, "không tồn tại"},
    {"unclosed XML", "", "<?xml version=\"1.0\"?><worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
     NULL, NULL, "không hợp lệ"},
    {"garbage XML", "", "not xml at all <<<", NULL, NULL, "không hợp lệ"},
    {"DOCTYPE in the sheet", "",
     "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e \"x\">]><worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData></worksheet>",
     NULL, NULL, "DOCTYPE"},
    {"billion laughs in shared strings", "", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
     "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
     "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><sst " NS "><si><t>&lol3;</t></si></sst>",
     NULL, "DOCTYPE"},
    {"external entity", "", SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"),
     "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst " NS "><si><t>&x;</t></si></sst>",
     NULL, "DOCTYPE"},
};

static void run_xcase(const struct xcase *c)
{
    char path[] = "/tmp/canbo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char wb[512];
    snprintf(wb, sizeof wb, WB("%s"), c->workbook_extra);
    struct part parts[] = {{"_rels/.rels", RELS_ROOT}, {"xl/workbook.xml", wb}, {"xl/_rels/workbook.xml.rels", WB_RELS},
                           {"xl/worksheets/sheet1.xml", c->sheet}, {"xl/sharedStrings.xml", c->sst ? c->sst : std_sst},
                           {"xl/styles.xml", STYLES}, {NULL, NULL}};
    build(path, parts);
    size_t len;
    char *data = tio_read(path, &len);
    unlink(path);
    ck_assert_ptr_nonnull(data);
    struct xlsx_reader *r = NULL;
    char err[600] = "";
    char out[4096];
    int rc = xlsx_open_mem(data, len, &r, err, sizeof err);
    if (rc == 0) {
        ck_assert_str_eq(xlsx_sheet_name(r), "Trang 1");
        rc = dump_reader(r, out, sizeof out);
        if (rc < 0) snprintf(err, sizeof err, "%s", xlsx_error(r));
        xlsx_close(r);
    }
    if (c->want) {
        ck_assert_msg(rc == 0, "%s: failed: %s", c->name, err);
        ck_assert_msg(!strcmp(out, c->want), "%s:\n got [%s]\nwant [%s]", c->name, out, c->want);
    } else {
        ck_assert_msg(rc < 0, "%s: should fail", c->name);
        ck_assert_msg(strstr(err, c->err) != NULL, "%s: error [%s] lacks [%s]", c->name, err, c->err);
    }
    free(data);
}

START_TEST(hand_built_workbooks)
{
    for (size_t i = 0; i < sizeof xcases / sizeof xcases[0]; i++) run_xcase(&xcases[i]);
}
END_TEST

/* --- limits and broken packages ----------------------------------------------------- */

static int open_err(const void *data, size_t len, char *err, size_t cap)
{
    struct xlsx_reader *r = NULL;
    if (xlsx_open_mem(data, len, &r, err, cap) != 0) return -1;
    char out[256];
    int rc = dump_reader(r, out, sizeof out);
    if (rc < 0) snprintf(err, cap, "%s", xlsx_error(r));
    xlsx_close(r);
    return rc;
}

START_TEST(not_a_workbook)
{
    char err[600];
    ck_assert_int_eq(open_err("", 0, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "ZIP"));
    ck_assert_int_eq(open_err("PK\3\4garbage", 11, err, sizeof err), -1);
    ck_assert_int_eq(open_err("a,b,c\n", 6, err, sizeof err), -1);
    /* A ZIP without a workbook. */
    char path[] = "/tmp/canbo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    struct part parts[] = {{"hello.txt", "xin chào"}, {NULL, NULL}};
    build(path, parts);
    size_t len;
    char *data = tio_read(path, &len);
    unlink(path);
    ck_assert_int_eq(open_err(data, len, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "workbook"));
    free(data);
}
END_TEST

START_TEST(truncated_real_workbook)
{
    char p[512];
    tio_shared(p, sizeof p, "provinces.xlsx");
    size_t len;
    char *data = tio_read(p, &len);
    ck_assert_ptr_nonnull(data);
    char err[600];
    /* Every cut point in steps: never a crash, never a leak. */
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) open_err(data, cut, err, sizeof err);
    /* Flipped bytes inside the compressed sheet. */
    for (size_t i = 200; i < len; i += 311) {
        char *copy = malloc(len);
        memcpy(copy, data, len);
        copy[i] ^= 0x5A;
        open_err(copy, len, err, sizeof err);
        free(copy);
    }
    free(data);
}
END_TEST

/* Shared strings of 201 MiB of white space (they would be held in memory):
 * deflates to ~200 KiB, refused unread. The sheet itself is streamed and
 * has its own, larger limit (XLSX_MAX_SHEET), enforced the same way. */
START_TEST(zip_bomb_is_refused)
{
    size_t big = (size_t)XLSX_MAX_PART + (1u << 20);
    char *sst = malloc(big + 1);
    ck_assert_ptr_nonnull(sst);
    memset(sst, ' ', big);
    sst[big] = 0;
    memcpy(sst, "<sst>", 5);
    char path[] = "/tmp/canbo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    struct part parts[] = {{"_rels/.rels", RELS_ROOT}, {"xl/workbook.xml", WB("")}, {"xl/_rels/workbook.xml.rels", WB_RELS},
                           {"xl/worksheets/sheet1.xml", SHEET("")}, {NULL, NULL}};
    for (const struct part *p = parts; p->name; p++)
        zip_file_add(z, p->name, zip_source_buffer(z, p->data, strlen(p->data), 0), 0);
    zip_int64_t idx = zip_file_add(z, "xl/sharedStrings.xml", zip_source_buffer(z, sst, big, 0), 0);
    zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
    ck_assert_int_eq(zip_close(z), 0);
    free(sst);
    size_t len;
    char *data = tio_read(path, &len);
    unlink(path);
    ck_assert_uint_lt(len, 4u << 20);
    char err[600];
    ck_assert_int_eq(open_err(data, len, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "quá lớn") != NULL, "%s", err);
    free(data);
}
END_TEST

START_TEST(oversized_cell_and_row)
{
    char path[] = "/tmp/canbo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    /* A 1.1 MiB inline string. */
    size_t n = XLSX_MAX_CELL + 100000;
    char *sheet = malloc(n + 512);
    int k = snprintf(sheet, 512, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    memset(sheet + k, 'x', n);
    strcpy(sheet + k + n, "</t></is></c></row></sheetData></worksheet>");
    struct part parts[] = {{"_rels/.rels", RELS_ROOT}, {"xl/workbook.xml", WB("")}, {"xl/_rels/workbook.xml.rels", WB_RELS},
                           {"xl/worksheets/sheet1.xml", sheet}, {NULL, NULL}};
    build(path, parts);
    free(sheet);
    size_t len;
    char *data = tio_read(path, &len);
    char err[600];
    ck_assert_int_eq(open_err(data, len, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "quá dài") != NULL, "%s", err);
    free(data);
    /* 16385 cells without references: past column XFD. */
    size_t cap = 16385 * 16 + 256;
    sheet = malloc(cap);
    size_t used = (size_t)snprintf(sheet, cap, "<worksheet><sheetData><row r=\"1\">");
    for (int i = 0; i < 16385; i++) used += (size_t)snprintf(sheet + used, cap - used, "<c><v>1</v></c>");
    snprintf(sheet + used, cap - used, "</row></sheetData></worksheet>");
    parts[3].data = sheet;
    build(path, parts);
    free(sheet);
    data = tio_read(path, &len);
    unlink(path);
    ck_assert_int_eq(open_err(data, len, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "XFD") != NULL, "%s", err);
    free(data);
}
END_TEST

/* --- helpers of the reader ---------------------------------------------------------- */

START_TEST(column_references)
{
    static const struct { const char *ref; int col; long row; } t[] = {
        {"A1", 0, 1}, {"Z9", 25, 9}, {"AA1", 26, 1}, {"AB12", 27, 12}, {"az3", 51, 3}, {"XFD1048576", 16383, 1048576},
        {"XFE1", -1, 0}, {"AAAA1", -1, 0}, {"1A", -1, 0}, {"", -1, 0}, {"A1x", -1, 0}, {"B", 1, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        long row = -5;
        int col = xlsx_col_index(t[i].ref, &row);
        ck_assert_msg(col == t[i].col, "%s: col %d want %d", t[i].ref, col, t[i].col);
        if (col >= 0) ck_assert_int_eq(row, t[i].row);
    }
}
END_TEST

START_TEST(number_format_kinds)
{
    static const struct { const char *code; int kind; } t[] = {
        {"General", 0}, {"0.00", 0}, {"#,##0\"đ\"", 0}, {"0%", 0}, {"@", 0}, {"[Red]0.00;[Blue]-0.00", 0}, {"0.00E+00", 0},
        {"\"ngày\" 0", 0}, {"dd/mm/yyyy", 1}, {"d-mmm-yy", 1}, {"mmm-yy", 1}, {"[$-42A]dd mmmm yyyy", 1},
        {"[$-F800]dddd, mmmm dd, yyyy", 1}, {"yyyy\\-mm\\-dd\\ hh:mm", 2}, {"dd/mm/yyyy hh:mm:ss", 2},
        {"hh:mm", 3}, {"h:mm AM/PM", 3}, {"[h]:mm:ss", 3}, {"mm:ss", 3},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        ck_assert_msg(xlsx_format_kind(t[i].code) == t[i].kind, "%s: %d want %d", t[i].code, xlsx_format_kind(t[i].code), t[i].kind);
    static const struct { int id, kind; } b[] = {{0, 0}, {1, 0}, {9, 0}, {14, 1}, {15, 1}, {17, 1}, {18, 3}, {21, 3}, {22, 2},
                                                {27, 1}, {36, 1}, {45, 3}, {47, 3}, {49, 0}, {50, 1}, {58, 1}, {164, 0}};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) ck_assert_int_eq(xlsx_builtin_format_kind(b[i].id), b[i].kind);
}
END_TEST

START_TEST(serial_dates)
{
    static const struct { double serial; int d1904, kind; const char *want; } t[] = {
        {1, 0, 1, "1900-01-01"}, {59, 0, 1, "1900-02-28"}, {61, 0, 1, "1900-03-01"}, {31121, 0, 1, "1985-03-15"},
        {45839, 0, 1, "2025-07-01"}, {45293.5208333333, 0, 2, "2024-01-02 12:30:00"}, {45293.99999999, 0, 2, "2024-01-03"},
        {45293.75, 0, 1, "2024-01-02"}, {0.34375, 0, 3, "08:15:00"}, {0, 1, 1, "1904-01-01"}, {29676, 1, 1, "1985-04-01"},
        {60, 0, 1, NULL}, {0, 0, 1, NULL}, {-1, 0, 1, NULL}, {3e6, 0, 1, NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[32];
        int rc = xlsx_serial_to_text(t[i].serial, t[i].d1904, t[i].kind, out, sizeof out);
        if (!t[i].want) ck_assert_msg(rc == -1, "%f should not be a date", t[i].serial);
        else {
            ck_assert_msg(rc == 0, "%f", t[i].serial);
            ck_assert_msg(!strcmp(out, t[i].want), "%f: %s want %s", t[i].serial, out, t[i].want);
        }
    }
}
END_TEST

/* --- workbooks written by spreadsheet programs ----------------------------------------- */

/* 12-da-nang.xlsx was made with slugs that lose the "d" of every word that
 * starts with "Đ" ("Điện Bàn Đông": dien-ban-dong in communes.csv,
 * ien-ban-ong in the workbook). The data differs, not the reading: this
 * builds the workbook's slug from the CSV's name and slug. */
static void slug_without_dd(const char *name, const char *slug, char *out, size_t cap)
{
    size_t o = 0;
    const char *n = name, *s = slug;
    while (*s && o + 1 < cap) {
        int dd = (unsigned char)n[0] == 0xC4 && ((unsigned char)n[1] == 0x90 || (unsigned char)n[1] == 0x91);
        if (dd && *s == 'd') s++;
        while (*s && *s != '-' && o + 1 < cap) out[o++] = *s++;
        if (*s == '-' && o + 1 < cap) out[o++] = *s++;
        while (*n && *n != ' ') n++;
        while (*n == ' ') n++;
    }
    out[o] = 0;
}

/* Compares an .xlsx sheet with the CSV of the same data: numbers compare as
 * numbers ("01" in the CSV is 1 in the workbook), booleans ignore case. Only
 * CSV rows whose column `filter_col` equals filter (or all with NULL). */
static void compare_with_csv(const char *xlsx_name, const char *csv_name, int filter_col, const char *filter, int want_rows)
{
    char px[512], pc[512], err[600];
    tio_shared(px, sizeof px, xlsx_name);
    tio_shared(pc, sizeof pc, csv_name);
    struct xlsx_reader *x;
    ck_assert_msg(xlsx_open_file(px, &x, err, sizeof err) == 0, "%s: %s", px, err);
    FILE *f = fopen(pc, "rb");
    ck_assert_ptr_nonnull(f);
    struct csv_reader *c = csv_open_file(f, 0);
    const char *const *cf;
    const size_t *cl;
    size_t cn;
    struct xlsx_row row;
    int rows = 0, first = 1;
    while (csv_next(c, &cf, &cl, &cn) == 1) {
        if (!first && filter && (cn <= (size_t)filter_col || strcmp(cf[filter_col], filter) != 0)) continue;
        ck_assert_int_eq(xlsx_next(x, &row), 1);
        ck_assert_uint_eq(row.n, cn);
        for (size_t i = 0; i < cn; i++) {
            if (row.type[i] == XC_NUMBER) ck_assert_msg(atol(cf[i]) == atol(row.cell[i]), "row %ld col %zu: %s vs %s", row.row, i, cf[i], row.cell[i]);
            else if (row.type[i] == XC_BOOL) ck_assert(!strcasecmp(cf[i], row.cell[i]));
            else if (filter && i == 3 && !first && strcmp(cf[i], row.cell[i]) != 0) {
                char want[256];
                slug_without_dd(cf[1], cf[3], want, sizeof want);
                ck_assert_msg(!strcmp(want, row.cell[i]), "row %ld slug: [%s] vs [%s]", row.row, want, row.cell[i]);
            } else ck_assert_msg(!strcmp(cf[i], row.cell[i]), "row %ld col %zu: [%s] vs [%s]", row.row, i, cf[i], row.cell[i]);
        }
        first = 0;
        rows++;
    }
    ck_assert_int_eq(xlsx_next(x, &row), 0);
    ck_assert_int_eq(rows, want_rows);
    csv_close(c);
    fclose(f);
    xlsx_close(x);
}

START_TEST(shared_provinces)
{
    compare_with_csv("provinces.xlsx", "provinces.csv", 0, NULL, 35);
}
END_TEST

START_TEST(shared_da_nang_communes)
{
    compare_with_csv("12-da-nang.xlsx", "communes.csv", 5, "12", 95);
}
END_TEST

START_TEST(libreoffice_typed_cells)
{
    char p[512], err[600], out[4096];
    tio_path(p, sizeof p, "lo-types.xlsx");
    struct xlsx_reader *r;
    ck_assert_msg(xlsx_open_file(p, &r, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(xlsx_sheet_name(r), "Kiểu ô");
    ck_assert_int_eq(dump_reader(r, out, sizeof out), 0);
    xlsx_close(r);
    ck_assert_str_eq(out,
        "1:Ttext|Tint|Tdecimal|Tdate|Tdatetime|Ttime|Tbool|Tformula|Tpercent|Tnegative|Tlead zero\n"
        "2:TNguyễn Văn Dũng|N42|N3.33|D1985-03-15|D2024-01-02 12:30:00|D08:15:00|N1|N84|N0.25|N-7.5|T048080000123\n"
        "3:Ta|_|_|_|_|_|_|_|_|_|Tk \"quoted\", and; more\n"
        "5:TĐặng Thị Hoa\ndòng hai|T=1+1\n");
}
END_TEST

START_TEST(libreoffice_people_sheets)
{
    char p[512], err[600], out[8192];
    tio_path(p, sizeof p, "people-lo.xlsx");
    struct xlsx_reader *r;
    ck_assert_msg(xlsx_open_file(p, &r, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(dump_reader(r, out, sizeof out), 0);
    xlsx_close(r);
    /* LibreOffice turned the CCCD and the rank code into numbers. */
    ck_assert_ptr_nonnull(strstr(out, "2:N48080000123|TNguyễn Văn Dũng|D1980-05-17|TNam|TSNV.TCCB|TChuyên viên tổ chức|_|D2020-01-01|N1.003|N3|D2024-03-01|TKinh|TKhông|TĐại học|N170\n"));
    tio_path(p, sizeof p, "people-lo-vi.xlsx");
    ck_assert_msg(xlsx_open_file(p, &r, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(dump_reader(r, out, sizeof out), 0);
    xlsx_close(r);
    /* vi-VN: "01.002" read as one thousand and two; "05/06/1970" as a date. */
    ck_assert_ptr_nonnull(strstr(out, "2:N48170000321|TVõ Thị Lan|D1970-06-05|TNữ|TSTC|N1002|N4|D2022-01-01|TKinh\n"));
}
END_TEST

/* libxlsxwriter in constant-memory mode writes inline strings: our own
 * template must read back. */
START_TEST(own_template_reads_back)
{
    char path[] = "/tmp/canbo-tpl-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    close(fd);
    ck_assert_int_eq(people_template_xlsx(path), 0);
    struct xlsx_reader *r;
    char err[600];
    ck_assert_msg(xlsx_open_file(path, &r, err, sizeof err) == 0, "%s", err);
    struct xlsx_row row;
    ck_assert_int_eq(xlsx_next(r, &row), 1);
    ck_assert_str_eq(row.cell[0], "Số CCCD (25)");
    for (size_t i = 0; i < row.n; i++) {
        int li = people_col_match(row.cell[i]);
        ck_assert_msg(li >= 0, "header %s not recognised", row.cell[i]);
    }
    ck_assert_int_eq(xlsx_next(r, &row), 1);
    ck_assert_str_eq(row.cell[0], "048085000123");
    ck_assert_int_eq(row.type[0], XC_TEXT);
    ck_assert_str_eq(row.cell[3], "1985-03-15");
    ck_assert_int_eq(row.type[3], XC_DATE);
    ck_assert_int_eq(xlsx_next(r, &row), 0);
    xlsx_close(r);
    unlink(path);
}
END_TEST

Suite *suite_io_xlsx(void)
{
    Suite *s = suite_create("io_xlsx");
    TCase *tc = tcase_create("xlsx");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, column_references);
    tcase_add_test(tc, number_format_kinds);
    tcase_add_test(tc, serial_dates);
    tcase_add_test(tc, hand_built_workbooks);
    tcase_add_test(tc, not_a_workbook);
    tcase_add_test(tc, truncated_real_workbook);
    tcase_add_test(tc, zip_bomb_is_refused);
    tcase_add_test(tc, oversized_cell_and_row);
    tcase_add_test(tc, shared_provinces);
    tcase_add_test(tc, shared_da_nang_communes);
    tcase_add_test(tc, libreoffice_typed_cells);
    tcase_add_test(tc, libreoffice_people_sheets);
    tcase_add_test(tc, own_template_reads_back);
    suite_add_tcase(s, tc);
    return s;
}
