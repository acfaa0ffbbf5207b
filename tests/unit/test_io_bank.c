/* Question bank sheets (src/io/bank_sheet.c, docs/bank-format.md): the
 * mapping of one row per question to the JSON question object the shared
 * validator takes, every kind of bad cell with the row and column it is
 * reported at (table-driven), header errors, labels, points, and the
 * writers read back (CSV with , and ;, .xlsx) giving the same questions. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/bank_sheet.h"
#include "io/people_export.h"

extern Suite *suite_io_bank(void);

#define HDR "Mã chủ đề,Loại câu hỏi,Độ khó,Nội dung câu hỏi,Đáp án,Hướng dẫn chấm,Điểm,Nhãn,Phương án A,Phương án B,Phương án C,Phương án D\r\n"

struct bad {
    const char *column;    /* header of the column reported */
    const char *code;
};

struct row_case {
    const char *name;
    const char *row;       /* one data row (sheet row 2) after HDR */
    const char *want;      /* the question JSON when valid, else NULL */
    int nerr;
    struct bad err[3];
};

static const struct row_case cases[] = {
    /* valid rows */
    {"single choice", "luat,Một lựa chọn,2,Câu hỏi?,B,Giải thích,1,luật; công chức,Một,Hai,Ba,",
     "{\"topic_code\":\"luat\",\"type\":\"single\",\"difficulty\":2,\"stem\":\"Câu hỏi?\",\"answer\":\"Giải thích\","
     "\"points\":100,\"tags\":[\"luật\",\"công chức\"],\"options\":[{\"text\":\"Một\",\"correct\":false},"
     "{\"text\":\"Hai\",\"correct\":true},{\"text\":\"Ba\",\"correct\":false}]}", 0, {{0}}},
    {"multiple choice A,C; code in capitals", "LUAT,nhieu lua chon,3,Chọn các ý đúng,\"A, c\",,0.5,,x,y,z,t",
     "{\"topic_code\":\"luat\",\"type\":\"multiple\",\"difficulty\":3,\"stem\":\"Chọn các ý đúng\",\"points\":50,\"tags\":[],"
     "\"options\":[{\"text\":\"x\",\"correct\":true},{\"text\":\"y\",\"correct\":false},{\"text\":\"z\",\"correct\":true},"
     "{\"text\":\"t\",\"correct\":false}]}", 0, {{0}}},
    {"true/false without options: Đúng, Sai", "tinhoc,Đúng/Sai,1,Mệnh đề,Sai,,,,,,,",
     "{\"topic_code\":\"tinhoc\",\"type\":\"true_false\",\"difficulty\":1,\"stem\":\"Mệnh đề\",\"tags\":[],"
     "\"options\":[{\"text\":\"Đúng\",\"correct\":false},{\"text\":\"Sai\",\"correct\":true}]}", 0, {{0}}},
    {"true/false with options, key by text", "tinhoc,true_false,1,Mệnh đề,đúng,,,,Sai,Đúng,,",
     "{\"topic_code\":\"tinhoc\",\"type\":\"true_false\",\"difficulty\":1,\"stem\":\"Mệnh đề\",\"tags\":[],"
     "\"options\":[{\"text\":\"Sai\",\"correct\":false},{\"text\":\"Đúng\",\"correct\":true}]}", 0, {{0}}},
    {"short answer: Đáp án is the answer", "luat,Trả lời ngắn,2,Thủ đô?,Hà Nội,,\"1,25\",,,,,",
     "{\"topic_code\":\"luat\",\"type\":\"short_answer\",\"difficulty\":2,\"stem\":\"Thủ đô?\",\"answer\":\"Hà Nội\","
     "\"points\":125,\"tags\":[]}", 0, {{0}}},
    {"essay: marking guide", "luat,Tự luận,5,Trình bày,,\"Ý 1\nÝ 2\",10,,,,,",
     "{\"topic_code\":\"luat\",\"type\":\"essay\",\"difficulty\":5,\"stem\":\"Trình bày\",\"answer\":\"Ý 1\\nÝ 2\","
     "\"points\":1000,\"tags\":[]}", 0, {{0}}},
    {"number cells and a neutralised formula", "luat,single,3.0,'=1+1 bằng mấy?,A,,2.50,,2,3,,",
     "{\"topic_code\":\"luat\",\"type\":\"single\",\"difficulty\":3,\"stem\":\"=1+1 bằng mấy?\",\"points\":250,\"tags\":[],"
     "\"options\":[{\"text\":\"2\",\"correct\":true},{\"text\":\"3\",\"correct\":false}]}", 0, {{0}}},
    /* one bad cell of each kind */
    {"topic missing", ",Một lựa chọn,1,Câu?,A,,,,x,y,,", NULL, 1, {{"Mã chủ đề", "required"}}},
    {"topic too long", "abcdefghijabcdefghijabcdefghijabc,Một lựa chọn,1,Câu?,A,,,,x,y,,", NULL, 1, {{"Mã chủ đề", "too_long"}}},
    {"type missing", "luat,,1,Câu?,A,,,,x,y,,", NULL, 1, {{"Loại câu hỏi", "required"}}},
    {"type unknown", "luat,Ghép đôi,1,Câu?,A,,,,x,y,,", NULL, 1, {{"Loại câu hỏi", "invalid_value"}}},
    {"difficulty missing", "luat,Một lựa chọn,,Câu?,A,,,,x,y,,", NULL, 1, {{"Độ khó", "required"}}},
    {"difficulty out of range", "luat,Một lựa chọn,6,Câu?,A,,,,x,y,,", NULL, 1, {{"Độ khó", "out_of_range"}}},
    {"difficulty not a number", "luat,Một lựa chọn,dễ,Câu?,A,,,,x,y,,", NULL, 1, {{"Độ khó", "out_of_range"}}},
    {"difficulty not whole", "luat,Một lựa chọn,2.5,Câu?,A,,,,x,y,,", NULL, 1, {{"Độ khó", "out_of_range"}}},
    {"stem missing", "luat,Một lựa chọn,1,   ,A,,,,x,y,,", NULL, 1, {{"Nội dung câu hỏi", "required"}}},
    {"points too many decimals", "luat,Một lựa chọn,1,Câu?,A,,1.234,,x,y,,", NULL, 1, {{"Điểm", "out_of_range"}}},
    {"points above 100", "luat,Một lựa chọn,1,Câu?,A,,101,,x,y,,", NULL, 1, {{"Điểm", "out_of_range"}}},
    {"points zero", "luat,Một lựa chọn,1,Câu?,A,,0,,x,y,,", NULL, 1, {{"Điểm", "out_of_range"}}},
    {"tag too long", "luat,Một lựa chọn,1,Câu?,A,,,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,x,y,,", NULL, 1,
     {{"Nhãn", "invalid_value"}}},
    {"key missing", "luat,Một lựa chọn,1,Câu?,,,,,x,y,,", NULL, 1, {{"Đáp án", "required"}}},
    {"key names an empty option", "luat,Một lựa chọn,1,Câu?,D,,,,x,y,z,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"key not a letter", "luat,Nhiều lựa chọn,1,Câu?,A;Z,,,,x,y,z,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"single with two keys", "luat,Một lựa chọn,1,Câu?,\"A,B\",,,,x,y,,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"true/false with two keys", "luat,Đúng/Sai,1,Câu?,\"A,B\",,,,,,,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"true/false key matches no option", "luat,Đúng/Sai,1,Câu?,Đúng,,,,Có,Không,,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"true/false with three options", "luat,Đúng/Sai,1,Câu?,A,,,,Đúng,Sai,Không biết,", NULL, 1, {{"Phương án A", "invalid_value"}}},
    {"gap in the options", "luat,Nhiều lựa chọn,1,Câu?,A,,,,x,,z,", NULL, 1, {{"Phương án B", "required"}}},
    {"choice with one option", "luat,Một lựa chọn,1,Câu?,A,,,,x,,,", NULL, 1, {{"Phương án B", "required"}}},
    {"essay with options", "luat,Tự luận,1,Câu?,,HD,,,x,y,,", NULL, 1, {{"Phương án A", "invalid_value"}}},
    {"essay with a key", "luat,Tự luận,1,Câu?,A,HD,,,,,,", NULL, 1, {{"Đáp án", "invalid_value"}}},
    {"short answer without answer", "luat,Trả lời ngắn,1,Câu?,,,,,,,,", NULL, 1, {{"Đáp án", "required"}}},
    {"short answer with two different answers", "luat,Trả lời ngắn,1,Câu?,Một,Hai,,,,,,", NULL, 1, {{"Hướng dẫn chấm", "invalid_value"}}},
    {"invalid UTF-8", "luat,Một lựa chọn,1,C\xC3\x28u?,A,,,,x,y,,", NULL, 1, {{"Nội dung câu hỏi", "invalid_text"}}},
    {"three bad cells in one row", ",Một lựa chọn,9,,A,,,,x,y,,", NULL, 3,
     {{"Mã chủ đề", "required"}, {"Độ khó", "out_of_range"}, {"Nội dung câu hỏi", "required"}}},
    {"a cell under no header", "luat,Một lựa chọn,1,Câu?,A,,,,x,y,,,lạc", NULL, 1, {{"cột 13", "unknown_column"}}},
};

static void read_csv(const char *text, struct bank_sheet *s)
{
    bank_sheet_init(s);
    ck_assert_int_eq(bank_sheet_read(text, strlen(text), s), 0);
}

START_TEST(row_kinds)
{
    const struct row_case *c = &cases[_i];
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s\r\n", HDR, c->row);
    struct bank_sheet s;
    read_csv(buf, &s);
    ck_assert_msg(s.error_count == c->nerr, "%s: %ld errors, want %d: %s", c->name, s.error_count, c->nerr,
                  json_dumps(s.errors, 0));
    if (c->want) {
        ck_assert_int_eq(json_array_size(s.questions), 1);
        json_t *want = json_loads(c->want, 0, NULL);
        ck_assert_msg(want != NULL, "%s: bad expected JSON", c->name);
        char *got = json_dumps(json_array_get(s.questions, 0), JSON_SORT_KEYS);
        ck_assert_msg(json_equal(want, json_array_get(s.questions, 0)), "%s: got %s", c->name, got);
        free(got);
        json_decref(want);
        ck_assert_int_eq(json_integer_value(json_array_get(s.rows, 0)), 2);
    } else {
        ck_assert_int_eq(json_array_size(s.questions), 0); /* a row with a bad cell is not passed on */
        ck_assert_int_eq(s.error_rows, 1);
        for (int k = 0; k < c->nerr; k++) {
            json_t *e = json_array_get(s.errors, (size_t)k);
            ck_assert_int_eq(json_integer_value(json_object_get(e, "row")), 2);
            ck_assert_msg(!strcmp(json_string_value(json_object_get(e, "column")), c->err[k].column), "%s: column %s, want %s",
                          c->name, json_string_value(json_object_get(e, "column")), c->err[k].column);
            ck_assert_msg(!strcmp(json_string_value(json_object_get(e, "code")), c->err[k].code), "%s: code %s, want %s", c->name,
                          json_string_value(json_object_get(e, "code")), c->err[k].code);
            /* The column letter as a spreadsheet shows it. */
            char want[8] = "";
            const char *hdr = HDR, *col = c->err[k].column;
            int idx = 0;
            for (const char *p = hdr; *p && *p != '\r'; idx++) {
                size_t n = strcspn(p, ",\r");
                if (n == strlen(col) && !strncmp(p, col, n)) { want[0] = (char)('A' + idx); break; }
                p += n;
                if (*p == ',') p++;
            }
            if (!strcmp(col, "cột 13")) want[0] = 'M';
            if (want[0]) ck_assert_msg(!strcmp(json_string_value(json_object_get(e, "letter")), want), "%s: letter %s, want %s", c->name,
                                       json_string_value(json_object_get(e, "letter")), want);
            const char *m = json_string_value(json_object_get(e, "message"));
            ck_assert_msg(m && strlen(m) > 10, "%s: a message in Vietnamese", c->name);
        }
    }
    bank_sheet_clear(&s);
}
END_TEST

struct header_case {
    const char *name;
    const char *csv;
    const char *column;
    const char *code;
};

static const struct header_case hcases[] = {
    {"unknown column", "Mã chủ đề,Loại câu hỏi,Độ khó,Nội dung câu hỏi,Ghi chú\nluat,single,1,x,\n", "Ghi chú", "unknown_column"},
    {"repeated column", "Mã chủ đề,Loại câu hỏi,Độ khó,Nội dung câu hỏi,Độ khó\nluat,single,1,x,1\n", "Độ khó", "duplicate_column"},
    {"required column missing", "Mã chủ đề,Loại câu hỏi,Nội dung câu hỏi\nluat,single,x\n", "Độ khó", "missing_column"},
    {"header only", HDR, "", "required"},
};

START_TEST(header_kinds)
{
    const struct header_case *c = &hcases[_i];
    struct bank_sheet s;
    read_csv(c->csv, &s);
    ck_assert_msg(s.error_count == 1, "%s: %ld errors", c->name, s.error_count);
    json_t *e = json_array_get(s.errors, 0);
    ck_assert_int_eq(json_integer_value(json_object_get(e, "row")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(e, "column")), c->column);
    ck_assert_str_eq(json_string_value(json_object_get(e, "code")), c->code);
    ck_assert_int_eq(json_array_size(s.questions), 0);
    bank_sheet_clear(&s);
}
END_TEST

START_TEST(headers_labels_points)
{
    ck_assert_int_eq(bank_col_of_header("MA CHU DE"), BC_TOPIC);
    ck_assert_int_eq(bank_col_of_header("topic_code"), BC_TOPIC);
    ck_assert_int_eq(bank_col_of_header("Độ khó"), BC_DIFFICULTY);
    ck_assert_int_eq(bank_col_of_header("phuong an c"), BC_OPT_A + 2);
    ck_assert_int_eq(bank_col_of_header("P"), BC_OPT_A + 15);
    ck_assert_int_eq(bank_col_of_header("Q"), -1);
    ck_assert_int_eq(bank_col_of_header("Ghi chú"), -1);
    ck_assert_str_eq(bank_type_of_label("Một lựa chọn"), "single");
    ck_assert_str_eq(bank_type_of_label("NHIỀU LỰA CHỌN"), "multiple");
    ck_assert_str_eq(bank_type_of_label("đúng / sai"), "true_false");
    ck_assert_str_eq(bank_type_of_label("trả lời ngắn"), "short_answer");
    ck_assert_str_eq(bank_type_of_label("Tự luận"), "essay");
    ck_assert_str_eq(bank_type_of_label("short_answer"), "short_answer");
    ck_assert_ptr_null(bank_type_of_label("matching"));
    int h = 0;
    ck_assert_int_eq(bank_points_parse("1", &h), 0);
    ck_assert_int_eq(h, 100);
    ck_assert_int_eq(bank_points_parse("0,25", &h), 0);
    ck_assert_int_eq(h, 25);
    ck_assert_int_eq(bank_points_parse("1.5", &h), 0);
    ck_assert_int_eq(h, 150);
    ck_assert_int_eq(bank_points_parse("100", &h), 0);
    ck_assert_int_eq(h, 10000);
    ck_assert_int_eq(bank_points_parse("0.01", &h), 0);
    ck_assert_int_eq(h, 1);
    ck_assert_int_eq(bank_points_parse("100.01", &h), -1);
    ck_assert_int_eq(bank_points_parse("-1", &h), -1);
    ck_assert_int_eq(bank_points_parse("", &h), -1);
    ck_assert_int_eq(bank_points_parse("1e2", &h), -1);
}
END_TEST

/* Rows with and without errors: only the good ones go on, with their sheet rows;
 * the semicolon separator and blank rows; validator fields map to columns. */
START_TEST(mixed_rows_and_field_mapping)
{
    const char *csv = "\xEF\xBB\xBFMã chủ đề;Loại câu hỏi;Độ khó;Nội dung câu hỏi;Đáp án;Phương án A;Phương án B\r\n"
                      "luat;Một lựa chọn;1;Câu 1;A;x;y\r\n"
                      ";;;;;;\r\n"
                      "luat;Một lựa chọn;7;Câu 3;A;x;y\r\n"
                      "luat;Trả lời ngắn;2;Câu 4;Đáp;;\r\n";
    struct bank_sheet s;
    read_csv(csv, &s);
    ck_assert_int_eq(s.total, 3);
    ck_assert_int_eq(json_array_size(s.questions), 2);
    ck_assert_int_eq(json_integer_value(json_array_get(s.rows, 0)), 2);
    ck_assert_int_eq(json_integer_value(json_array_get(s.rows, 1)), 5);
    ck_assert_int_eq(s.error_count, 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(s.errors, 0), "row")), 4);
    /* A validator error on the short answer's answer goes to "Đáp án"; on option 1 to "Phương án B". */
    bank_sheet_add_field_error(&s, 1, "answer", "x");
    bank_sheet_add_field_error(&s, 0, "options.1.text", "y");
    bank_sheet_add_field_error(&s, 0, "topic_code", "z");
    bank_sheet_add_field_error(&s, 0, "options", "w");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 0), "letter")), "C");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 1), "column")), "Đáp án");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 1), "letter")), "E");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(s.errors, 1), "row")), 5);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 2), "column")), "Phương án B");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 3), "column")), "Mã chủ đề");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s.errors, 4), "column")), "Đáp án");
    ck_assert_str_eq(bank_sheet_column(&s, "essay", "answer"), "Hướng dẫn chấm");
    bank_sheet_clear(&s);
}
END_TEST

/* Questions in the export shape: every type, tags, points, a formula-like stem, line breaks. */
static json_t *sample_export(void)
{
    const char *j =
        "[{\"id\":1,\"version\":2,\"topic_code\":\"luat\",\"type\":\"single\",\"difficulty\":2,\"stem\":\"=Câu, \\\"một\\\"\",\"tags\":[\"luật\",\"cơ bản\"],"
        "\"points\":150,\"answer\":\"Vì A\",\"options\":[{\"text\":\"A1\",\"correct\":true},{\"text\":\"B;1\",\"correct\":false}],\"images\":[]},"
        "{\"id\":2,\"version\":1,\"topic_code\":\"luat\",\"type\":\"multiple\",\"difficulty\":3,\"stem\":\"Dòng 1\\nDòng 2\",\"tags\":[],"
        "\"points\":100,\"options\":[{\"text\":\"a\",\"correct\":true},{\"text\":\"b\",\"correct\":false},{\"text\":\"c\",\"correct\":true},"
        "{\"text\":\"d\",\"correct\":false},{\"text\":\"e\",\"correct\":true}],\"images\":[]},"
        "{\"id\":3,\"version\":1,\"topic_code\":\"tinhoc\",\"type\":\"true_false\",\"difficulty\":1,\"stem\":\"Đúng không?\",\"tags\":[],"
        "\"points\":25,\"options\":[{\"text\":\"Đúng\",\"correct\":false},{\"text\":\"Sai\",\"correct\":true}],\"images\":[]},"
        "{\"id\":4,\"version\":1,\"topic_code\":\"tinhoc\",\"type\":\"true_false\",\"difficulty\":1,\"stem\":\"Có không?\",\"tags\":[],"
        "\"points\":100,\"options\":[{\"text\":\"Có\",\"correct\":true},{\"text\":\"Không\",\"correct\":false}],\"images\":[]},"
        "{\"id\":5,\"version\":1,\"topic_code\":\"tinhoc\",\"type\":\"short_answer\",\"difficulty\":4,\"stem\":\"Viết tắt?\",\"tags\":[\"viết tắt\"],"
        "\"points\":1,\"answer\":\"-CNTT\",\"options\":[],\"images\":[]},"
        "{\"id\":6,\"version\":1,\"topic_code\":\"tinhoc\",\"type\":\"essay\",\"difficulty\":5,\"stem\":\"Trình bày\",\"tags\":[],"
        "\"points\":1000,\"answer\":\"Ý 1\\nÝ 2\",\"options\":[],\"images\":[]}]";
    return json_loads(j, 0, NULL);
}

/* What an import makes of an exported question: no id/version/images, options only for choices, tags as given. */
static json_t *as_import(json_t *q)
{
    json_t *o = json_deep_copy(q);
    json_object_del(o, "id");
    json_object_del(o, "version");
    json_object_del(o, "images");
    if (json_array_size(json_object_get(o, "options")) == 0) json_object_del(o, "options");
    return o;
}

static void check_round_trip(struct bank_sheet *s, json_t *qs)
{
    ck_assert_msg(s->error_count == 0, "errors: %s", json_dumps(s->errors, 0));
    ck_assert_int_eq(json_array_size(s->questions), json_array_size(qs));
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *want = as_import(json_array_get(qs, i));
        char *got = json_dumps(json_array_get(s->questions, i), JSON_SORT_KEYS);
        char *w = json_dumps(want, JSON_SORT_KEYS);
        ck_assert_msg(json_equal(want, json_array_get(s->questions, i)), "question %zu: got %s want %s", i, got, w);
        free(got);
        free(w);
        json_decref(want);
        ck_assert_int_eq(json_integer_value(json_array_get(s->rows, i)), (json_int_t)i + 2);
    }
}

START_TEST(csv_round_trip)
{
    json_t *qs = sample_export();
    ck_assert_ptr_nonnull(qs);
    for (int k = 0; k < 2; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        ck_assert_int_eq(bank_sheet_write_csv(qs, f, k ? ';' : ','), 0);
        fclose(f);
        ck_assert(len > 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)); /* UTF-8 with BOM */
        ck_assert_ptr_nonnull(strstr(buf, "'=Câu")); /* formula neutralised on output */
        struct bank_sheet s;
        read_csv(buf, &s);
        check_round_trip(&s, qs);
        bank_sheet_clear(&s);
        free(buf);
    }
    json_decref(qs);
}
END_TEST

START_TEST(xlsx_round_trip)
{
    json_t *qs = sample_export();
    char path[512];
    ck_assert_int_eq(io_temp_path(path, sizeof path, ".xlsx"), 0);
    ck_assert_int_eq(bank_sheet_write_xlsx(qs, "kthc", path), 0);
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(io_read_file(path, &buf, &len), 0);
    unlink(path);
    struct bank_sheet s;
    bank_sheet_init(&s);
    ck_assert_int_eq(bank_sheet_read(buf, len, &s), 0);
    ck_assert_int_eq(s.format, 2 /* SHEET_XLSX */);
    check_round_trip(&s, qs);
    bank_sheet_clear(&s);
    free(buf);
    json_decref(qs);
}
END_TEST

/* The test data files: the good bank reads clean, the bad one reports each planted error. */
START_TEST(data_files)
{
    const char *d = getenv("CANBO_TESTDATA");
    char path[512];
    snprintf(path, sizeof path, "%s/bank-good.xlsx", d && *d ? d : "tests/data");
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(io_read_file(path, &buf, &len), 0);
    struct bank_sheet s;
    bank_sheet_init(&s);
    ck_assert_int_eq(bank_sheet_read(buf, len, &s), 0);
    ck_assert_msg(s.error_count == 0, "%s", json_dumps(s.errors, 0));
    ck_assert_int_eq(json_array_size(s.questions), 12);
    bank_sheet_clear(&s);
    free(buf);
    snprintf(path, sizeof path, "%s/bank-bad.csv", d && *d ? d : "tests/data");
    ck_assert_int_eq(io_read_file(path, &buf, &len), 0);
    bank_sheet_init(&s);
    ck_assert_int_eq(bank_sheet_read(buf, len, &s), 0);
    ck_assert_int_eq(s.error_count, 4);
    ck_assert_int_eq(s.error_rows, 3);
    bank_sheet_clear(&s);
    free(buf);
}
END_TEST

START_TEST(unreadable)
{
    struct bank_sheet s;
    bank_sheet_init(&s);
    ck_assert_int_eq(bank_sheet_read("", 0, &s), -1);
    ck_assert(strlen(s.message) > 0);
    bank_sheet_clear(&s);
    bank_sheet_init(&s);
    ck_assert_int_eq(bank_sheet_read("PK\x03\x04garbage", 13, &s), -1);
    ck_assert(strlen(s.message) > 0);
    bank_sheet_clear(&s);
}
END_TEST

Suite *suite_io_bank(void)
{
    Suite *s = suite_create("io_bank");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, row_kinds, 0, (int)(sizeof cases / sizeof *cases));
    tcase_add_loop_test(t, header_kinds, 0, (int)(sizeof hcases / sizeof *hcases));
    tcase_add_test(t, headers_labels_points);
    tcase_add_test(t, mixed_rows_and_field_mapping);
    tcase_add_test(t, csv_round_trip);
    tcase_add_test(t, xlsx_round_trip);
    tcase_add_test(t, data_files);
    tcase_add_test(t, unreadable);
    suite_add_tcase(s, t);
    return s;
}
