/* CSV reader and writer (src/io/csv.c): RFC 4180 quoting, UTF-8 with or
 * without BOM, comma or semicolon detected from the header line (Excel in a
 * Vietnamese locale saves with ';'), CRLF / LF / CR, line numbers, limits,
 * and formula neutralisation on output (OWASP "CSV injection"). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

extern Suite *suite_io_csv(void);

#define MAXR 8
#define MAXF 6

struct case_ {
    const char *name;
    const char *in;
    size_t len;                  /* 0: strlen(in) */
    char sep;                    /* expected separator */
    int nrec;
    const char *rec[MAXR][MAXF]; /* NULL-terminated fields */
    long line[MAXR];             /* physical start line of each record (0 = not checked) */
};

static const struct case_ cases[] = {
    {"plain comma", "a,b,c\n1,2,3\n", 0, ',', 2, {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
    {"BOM", "\xEF\xBB\xBFHọ tên,Ngày sinh\r\nNguyễn Văn An,15/03/1985\r\n", 0, ',', 2,
     {{"Họ tên", "Ngày sinh"}, {"Nguyễn Văn An", "15/03/1985"}}, {1, 2}},
    {"semicolon detected", "a;b;c\r\n1;2,5;3\r\n", 0, ';', 2, {{"a", "b", "c"}, {"1", "2,5", "3"}}, {1, 2}},
    {"separator inside quotes is not counted", "\"a;b;c\",d\n1,2\n", 0, ',', 2, {{"a;b;c", "d"}, {"1", "2"}}, {1, 2}},
    {"quotes, separators and newlines in fields",
     "h1,h2\n\"x, y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n", 0, ',', 4,
     {{"h1", "h2"}, {"x, y", "he said \"hi\""}, {"multi\nline", "z"}, {"last", "row"}}, {1, 2, 3, 5}},
    {"CRLF inside quotes becomes LF", "a\r\n\"1\r\n2\",3\r\n", 0, ',', 2, {{"a"}, {"1\n2", "3"}}, {1, 2}},
    {"no newline at the end", "a,b\n1,2", 0, ',', 2, {{"a", "b"}, {"1", "2"}}, {1, 2}},
    {"empty line is a record with one empty field", "a,b\n\n1,2\n", 0, ',', 3, {{"a", "b"}, {""}, {"1", "2"}}, {1, 2, 3}},
    {"trailing separator gives an empty last field", "a,b,\n1,,\n", 0, ',', 2, {{"a", "b", ""}, {"1", "", ""}}, {1, 2}},
    {"lone CR line ends (old Mac)", "a,b\r1,2\r", 0, ',', 2, {{"a", "b"}, {"1", "2"}}, {1, 2}},
    {"text after a closing quote is kept", "\"ab\"c,d\n", 0, ',', 1, {{"abc", "d"}}, {1}},
    {"quote inside an unquoted field is literal", "a\"b,c\n", 0, ',', 1, {{"a\"b", "c"}}, {1}},
    {"empty quoted field", "\"\",x\n", 0, ',', 1, {{"", "x"}}, {1}},
    {"only a BOM", "\xEF\xBB\xBF", 0, ',', 0, {{NULL}}, {0}},
    {"empty input", "", 0, ',', 0, {{NULL}}, {0}},
    {"NUL byte kept as data", "a,b\0c\n", 6, ',', 1, {{"a", "b"}}, {1}},
};

/* Reads byte by byte, so that every buffer boundary is exercised. */
struct trickle { const char *p; size_t left; };
static size_t trickle_read(void *ud, char *buf, size_t cap)
{
    struct trickle *t = ud;
    if (!t->left || !cap) return 0;
    buf[0] = *t->p++;
    t->left--;
    return 1;
}

static void check_case(const struct case_ *c, int trickle)
{
    size_t len = c->len ? c->len : strlen(c->in);
    struct trickle t = {c->in, len};
    struct csv_reader *r = trickle ? csv_open(trickle_read, &t, 0) : csv_open_mem(c->in, len, 0);
    ck_assert_ptr_nonnull(r);
    const char *const *f;
    const size_t *l;
    size_t n;
    int k = 0, rc;
    while ((rc = csv_next(r, &f, &l, &n)) == 1) {
        ck_assert_msg(k < c->nrec, "%s: too many records", c->name);
        size_t want = 0;
        while (want < MAXF && c->rec[k][want]) want++;
        ck_assert_msg(n == want, "%s: record %d has %zu fields, want %zu", c->name, k, n, want);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(!strcmp(f[i], c->rec[k][i]), "%s: record %d field %zu = [%s], want [%s]", c->name, k, i, f[i],
                          c->rec[k][i]);
            ck_assert_uint_eq(l[i], strlen(f[i]) + (c->len && !strcmp(c->name, "NUL byte kept as data") && i == 1 ? 2 : 0));
        }
        if (c->line[k]) ck_assert_msg(csv_line(r) == c->line[k], "%s: record %d at line %ld, want %ld", c->name, k, csv_line(r), c->line[k]);
        ck_assert_int_eq(csv_record(r), k + 1);
        k++;
    }
    ck_assert_msg(rc == 0, "%s: error %s", c->name, csv_error(r));
    ck_assert_msg(k == c->nrec, "%s: %d records, want %d", c->name, k, c->nrec);
    if (c->nrec) ck_assert_int_eq(csv_separator(r), c->sep);
    csv_close(r);
}

START_TEST(reader_table)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_case(&cases[i], 0);
}
END_TEST

START_TEST(reader_table_byte_by_byte)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_case(&cases[i], 1);
}
END_TEST

START_TEST(unterminated_quote_names_its_line)
{
    const char *in = "a,b\n1,2\n3,\"open\nstill open\n";
    struct csv_reader *r = csv_open_mem(in, strlen(in), 0);
    const char *const *f;
    const size_t *l;
    size_t n;
    ck_assert_int_eq(csv_next(r, &f, &l, &n), 1);
    ck_assert_int_eq(csv_next(r, &f, &l, &n), 1);
    ck_assert_int_eq(csv_next(r, &f, &l, &n), -1);
    ck_assert_ptr_nonnull(strstr(csv_error(r), "dòng 3"));
    ck_assert_int_eq(csv_next(r, &f, &l, &n), -1); /* stays failed */
    csv_close(r);
}
END_TEST

START_TEST(utf16_is_refused)
{
    const char in[] = "\xFF\xFE" "a\0,\0b\0";
    struct csv_reader *r = csv_open_mem(in, sizeof in - 1, 0);
    const char *const *f;
    const size_t *l;
    size_t n;
    ck_assert_int_eq(csv_next(r, &f, &l, &n), -1);
    ck_assert_ptr_nonnull(strstr(csv_error(r), "UTF-16"));
    csv_close(r);
}
END_TEST

START_TEST(field_limit)
{
    size_t big = CSV_MAX_FIELD + 10;
    char *in = malloc(big + 8);
    memcpy(in, "a\n", 2);
    memset(in + 2, 'x', big);
    struct csv_reader *r = csv_open_mem(in, big + 2, 0);
    const char *const *f;
    const size_t *l;
    size_t n;
    ck_assert_int_eq(csv_next(r, &f, &l, &n), 1);
    ck_assert_int_eq(csv_next(r, &f, &l, &n), -1);
    ck_assert_ptr_nonnull(strstr(csv_error(r), "quá dài"));
    csv_close(r);
    free(in);
}
END_TEST

START_TEST(forced_separator)
{
    const char *in = "a;b,c\n";
    struct csv_reader *r = csv_open_mem(in, strlen(in), ',');
    const char *const *f;
    const size_t *l;
    size_t n;
    ck_assert_int_eq(csv_next(r, &f, &l, &n), 1);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(f[0], "a;b");
    csv_close(r);
}
END_TEST

/* --- writer ---------------------------------------------------------------- */

static const struct { const char *in; const char *text; const char *raw; } wcases[] = {
    {"plain", "plain", "plain"},
    {"=1+1", "'=1+1", "=1+1"},
    {"+84905123456", "'+84905123456", "+84905123456"},
    {"-5", "'-5", "-5"},
    {"@SUM(A1)", "'@SUM(A1)", "@SUM(A1)"},
    {"\tx", "'\tx", "\tx"},
    {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    {"a,b", "\"a,b\"", "\"a,b\""},
    {"line\nbreak", "\"line\nbreak\"", "\"line\nbreak\""},
    {"Đặng Thị Hoa", "Đặng Thị Hoa", "Đặng Thị Hoa"},
    {"", "", ""},
};

START_TEST(writer_neutralises_and_quotes)
{
    for (size_t i = 0; i < sizeof wcases / sizeof wcases[0]; i++) {
        for (int raw = 0; raw < 2; raw++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            struct csv_writer w;
            csv_writer_init(&w, f, ',');
            if (raw) csv_cell_raw(&w, wcases[i].in);
            else csv_cell(&w, wcases[i].in);
            fclose(f);
            const char *want = raw ? wcases[i].raw : wcases[i].text;
            ck_assert_msg(!strcmp(buf, want), "[%s] -> [%s], want [%s]", wcases[i].in, buf, want);
            free(buf);
        }
    }
}
END_TEST

START_TEST(writer_output_reads_back)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct csv_writer w;
    csv_writer_init(&w, f, ';');
    csv_write_bom(&w);
    csv_cell(&w, "Họ; tên");
    csv_cell(&w, "ghi \"chú\"\nhai dòng");
    csv_cell(&w, NULL);
    csv_end_row(&w);
    csv_cell(&w, "=cmd|' /C calc'!A0");
    csv_cell_raw(&w, "3.33");
    csv_cell(&w, "x");
    csv_end_row(&w);
    fclose(f);
    ck_assert(!memcmp(buf, "\xEF\xBB\xBF", 3));
    struct csv_reader *r = csv_open_mem(buf, len, 0);
    const char *const *fl;
    const size_t *l;
    size_t n;
    ck_assert_int_eq(csv_next(r, &fl, &l, &n), 1);
    ck_assert_int_eq(csv_separator(r), ';');
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(fl[0], "Họ; tên");
    ck_assert_str_eq(fl[1], "ghi \"chú\"\nhai dòng");
    ck_assert_str_eq(fl[2], "");
    ck_assert_int_eq(csv_next(r, &fl, &l, &n), 1);
    ck_assert_str_eq(fl[0], "'=cmd|' /C calc'!A0");
    ck_assert_str_eq(fl[1], "3.33");
    ck_assert_int_eq(csv_line(r), 3);
    ck_assert_int_eq(csv_record(r), 2);
    ck_assert_int_eq(csv_next(r, &fl, &l, &n), 0);
    csv_close(r);
    free(buf);
}
END_TEST

Suite *suite_io_csv(void)
{
    Suite *s = suite_create("io_csv");
    TCase *tc = tcase_create("csv");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, reader_table);
    tcase_add_test(tc, reader_table_byte_by_byte);
    tcase_add_test(tc, unterminated_quote_names_its_line);
    tcase_add_test(tc, utf16_is_refused);
    tcase_add_test(tc, field_limit);
    tcase_add_test(tc, forced_separator);
    tcase_add_test(tc, writer_neutralises_and_quotes);
    tcase_add_test(tc, writer_output_reads_back);
    suite_add_tcase(s, tc);
    return s;
}
