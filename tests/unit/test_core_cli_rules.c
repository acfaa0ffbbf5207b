/* `canbo rules` (src/cli/rules.c): JSON in, JSON out. Retirement vectors are
 * those of rules.md §7 (BLLĐ 2019 Art. 169; NĐ 135/2020/NĐ-CP Art. 3, 4). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/rules.h"

extern Suite *suite_core_cli_rules(void);

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &e);
    ck_assert_msg(j != NULL, "fixture: %s", e.text);
    return j;
}

/* rules.md §7 test vectors + boundaries, through the JSON interface. */
static const struct {
    const char *birth, *sex;
    int years, months;
    const char *used, *retire, *pension, *regime;
} ok_cases[] = {
    {"1961-01", "male", 60, 3, "1961-01-01", "2021-04-30", "2021-05-01", "NĐ 135/2020/NĐ-CP"},
    {"1963-01", "nam", 60, 9, "1963-01-01", "2023-10-31", "2023-11-01", "NĐ 135/2020/NĐ-CP"},
    {"1963-03", "Nam", 60, 9, "1963-03-01", "2023-12-31", "2024-01-01", "NĐ 135/2020/NĐ-CP"},
    {"1963-03-15", "male", 60, 9, "1963-03-15", "2023-12-31", "2024-01-01", "NĐ 135/2020/NĐ-CP"},
    {"1963-04", "MALE", 61, 0, "1963-04-01", "2024-04-30", "2024-05-01", "NĐ 135/2020/NĐ-CP"},
    {"1963-12", "male", 61, 0, "1963-12-01", "2024-12-31", "2025-01-01", "NĐ 135/2020/NĐ-CP"},
    {"1964-01", "male", 61, 3, "1964-01-01", "2025-04-30", "2025-05-01", "NĐ 135/2020/NĐ-CP"},
    {"1964-10", "male", 61, 6, "1964-10-01", "2026-04-30", "2026-05-01", "NĐ 135/2020/NĐ-CP"},
    {"1965-01", "male", 61, 6, "1965-01-01", "2026-07-31", "2026-08-01", "NĐ 135/2020/NĐ-CP"},
    {"1966-01", "female", 55, 4, "1966-01-01", "2021-05-31", "2021-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1968-01", "nữ", 56, 4, "1968-01-01", "2024-05-31", "2024-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1968-08", "nu", 56, 4, "1968-08-01", "2024-12-31", "2025-01-01", "NĐ 135/2020/NĐ-CP"},
    {"1968-09", "Nữ", 56, 8, "1968-09-01", "2025-05-31", "2025-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1968-12-20", "NỮ", 56, 8, "1968-12-20", "2025-08-31", "2025-09-01", "NĐ 135/2020/NĐ-CP"},
    {"1969-05", "female", 57, 0, "1969-05-01", "2026-05-31", "2026-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1970-01", "female", 57, 4, "1970-01-01", "2027-05-31", "2027-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1975-05", "female", 60, 0, "1975-05-01", "2035-05-31", "2035-06-01", "NĐ 135/2020/NĐ-CP"},
    {"1966-04", "male", 62, 0, "1966-04-01", "2028-04-30", "2028-05-01", "NĐ 135/2020/NĐ-CP"},
    /* NĐ 135/2020 Art. 3: year only -> 1 January */
    {"1963", "male", 60, 9, "1963-01-01", "2023-10-31", "2023-11-01", "NĐ 135/2020/NĐ-CP"},
    {"1968", "female", 56, 4, "1968-01-01", "2024-05-31", "2024-06-01", "NĐ 135/2020/NĐ-CP"},
    /* before 2021: BLLĐ 2012 Art. 187 */
    {"1955-07-02", "male", 60, 0, "1955-07-02", "2015-07-31", "2015-08-01", "BLLĐ 2012 (trước 2021)"},
    {"1965-12", "female", 55, 0, "1965-12-01", "2020-12-31", "2021-01-01", "BLLĐ 2012 (trước 2021)"},
};
START_TEST(test_retirement_ok)
{
    json_t *in = json_pack("{s:s, s:s}", "birth_date", ok_cases[_i].birth, "sex", ok_cases[_i].sex);
    json_t *err = NULL;
    json_t *out = rules_eval("retirement", in, &err);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(json_string_value(json_object_get(out, "rule")), "retirement");
    ck_assert_str_eq(json_string_value(json_object_get(out, "regime")), ok_cases[_i].regime);
    ck_assert_str_eq(json_string_value(json_object_get(out, "birth_date_used")), ok_cases[_i].used);
    json_t *age = json_object_get(out, "retirement_age");
    ck_assert_int_eq(json_integer_value(json_object_get(age, "years")), ok_cases[_i].years);
    ck_assert_int_eq(json_integer_value(json_object_get(age, "months")), ok_cases[_i].months);
    ck_assert_str_eq(json_string_value(json_object_get(out, "retirement_date")), ok_cases[_i].retire);
    ck_assert_str_eq(json_string_value(json_object_get(out, "pension_start")), ok_cases[_i].pension);
    json_t *ex = json_object_get(out, "explain");
    ck_assert(json_is_array(ex));
    ck_assert_uint_ge(json_array_size(ex), 3);
    size_t i;
    json_t *line;
    json_array_foreach(ex, i, line) {
        ck_assert(json_is_string(line));
        ck_assert_ptr_nonnull(strstr(json_string_value(line), "Điều"));
    }
    json_decref(in);
    json_decref(out);
}
END_TEST

START_TEST(test_retirement_exact_output)
{
    json_t *in = parse("{\"birth_date\": \"1963-03\", \"sex\": \"male\"}");
    json_t *err = NULL;
    json_t *out = rules_eval("retirement", in, &err);
    ck_assert_ptr_nonnull(out);
    json_t *ex = json_object_get(out, "explain");
    ck_assert_str_eq(json_string_value(json_array_get(ex, 0)),
                     "Nam, sinh tháng 03/1963: đủ 60 tuổi 9 tháng vào tháng 12/2023; nghỉ hưu "
                     "từ hết ngày 31/12/2023, hưởng lương hưu từ ngày 01/01/2024 "
                     "(NĐ 135/2020/NĐ-CP Điều 3, Điều 4).");
    char *all = json_dumps(ex, 0);
    ck_assert_ptr_nonnull(strstr(all, "NĐ 135/2020/NĐ-CP Điều 4"));
    ck_assert_ptr_nonnull(strstr(all, "NĐ 135/2020/NĐ-CP Điều 3"));
    ck_assert_ptr_nonnull(strstr(all, "BLLĐ 2019 Điều 169"));
    free(all);
    json_object_del(out, "explain");
    char *s = json_dumps(out, JSON_COMPACT);
    ck_assert_str_eq(s, "{\"rule\":\"retirement\",\"regime\":\"NĐ 135/2020/NĐ-CP\",\"sex\":\"male\","
                        "\"birth_date_used\":\"1963-03-01\",\"retirement_age\":{\"years\":60,"
                        "\"months\":9},\"retirement_date\":\"2023-12-31\",\"pension_start\":"
                        "\"2024-01-01\"}");
    free(s);
    json_decref(in);
    json_decref(out);
}
END_TEST

/* Bad input: error code, field, Vietnamese message. */
static const struct {
    const char *rule, *input, *code, *field;
} bad_cases[] = {
    {"retirement", "{\"birth_date\": \"1963-03-15\"}", "missing_field", "sex"},
    {"retirement", "{\"sex\": \"male\"}", "missing_field", "birth_date"},
    {"retirement", "{}", "missing_field", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963-02-30\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"2023-02-29\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963-13\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963-00\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963-3-15\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"15/03/1963\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"63\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963-03-15 \", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"1899\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": \"2101-01\", \"sex\": \"male\"}", "invalid_value", "birth_date"},
    {"retirement", "{\"birth_date\": 1963, \"sex\": \"male\"}", "invalid_type", "birth_date"},
    {"retirement", "{\"birth_date\": null, \"sex\": \"male\"}", "invalid_type", "birth_date"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": 1}", "invalid_type", "sex"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": \"m\"}", "invalid_value", "sex"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": \"nứ\"}", "invalid_value", "sex"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": \"\"}", "invalid_value", "sex"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": \"male \"}", "invalid_value", "sex"},
    {"retirement", "{\"birth_date\": \"1963\", \"sex\": \"male\", \"name\": \"An\"}", "unknown_field", "name"},
    {"retirement", "{\"birthdate\": \"1963\", \"sex\": \"male\"}", "unknown_field", "birthdate"},
    {"retirement", "[]", "invalid_input", NULL},
    {"retirement", "\"1963\"", "invalid_input", NULL},
    {"promotion", "{}", "unknown_rule", "rule"},
    {"", "{}", "unknown_rule", "rule"},
    {"Retirement", "{}", "unknown_rule", "rule"},
};
START_TEST(test_bad_input)
{
    json_t *in = json_loads(bad_cases[_i].input, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    ck_assert_ptr_nonnull(in);
    json_t *err = NULL;
    json_t *out = rules_eval(bad_cases[_i].rule, in, &err);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(err);
    json_t *e = json_object_get(err, "error");
    ck_assert_msg(json_is_object(e), "no error object");
    ck_assert_str_eq(json_string_value(json_object_get(e, "code")), bad_cases[_i].code);
    json_t *field = json_object_get(e, "field");
    if (bad_cases[_i].field)
        ck_assert_str_eq(json_string_value(field), bad_cases[_i].field);
    else
        ck_assert(json_is_null(field));
    const char *msg = json_string_value(json_object_get(e, "message"));
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_gt(strlen(msg), 10);
    json_decref(in);
    json_decref(err);
}
END_TEST

START_TEST(test_eval_null_error_ptr)
{
    json_t *in = parse("{}");
    ck_assert_ptr_null(rules_eval("retirement", in, NULL));
    ck_assert_ptr_null(rules_eval("nope", in, NULL));
    ck_assert_ptr_null(rules_eval(NULL, in, NULL));
    json_decref(in);
    const char *const *names = rules_names();
    ck_assert_str_eq(names[0], "retirement");
}
END_TEST

/* ---- cli_rules: stdin -> stdout, exit codes 0 / 2 ---- */
static int run_cli(const char *input, int argc, char **argv, char *out, size_t cap)
{
    FILE *in = tmpfile(), *o = tmpfile();
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(o);
    fputs(input, in);
    rewind(in);
    int rc = cli_rules_io(argc, argv, in, o);
    rewind(o);
    size_t n = fread(out, 1, cap - 1, o);
    out[n] = '\0';
    fclose(in);
    fclose(o);
    return rc;
}

static const struct {
    const char *input;
    const char *argv0, *argv1;
    int rc;
    const char *expect; /* substring of stdout */
} cli_cases[] = {
    {"{\"birth_date\": \"1963-03\", \"sex\": \"male\"}", "retirement", NULL, 0,
     "\"retirement_date\": \"2023-12-31\""},
    {"{\"birth_date\": \"1968-12\", \"sex\": \"nữ\"}\n", "retirement", NULL, 0,
     "\"pension_start\": \"2025-09-01\""},
    {"{\"birth_date\": \"1963\", \"sex\": \"male\"}", "retirement", NULL, 0, "\"birth_date_used\": \"1963-01-01\""},
    {"{\"birth_date\": \"1963\", \"birth_date\": \"1964\", \"sex\": \"male\"}", "retirement", NULL, 2,
     "\"code\": \"duplicate_key\""},
    {"{\"birth_date\": \"1963\", ", "retirement", NULL, 2, "\"code\": \"invalid_json\""},
    {"", "retirement", NULL, 2, "\"code\": \"invalid_json\""},
    {"{} {}", "retirement", NULL, 2, "\"code\": \"invalid_json\""},
    {"{\"birth_date\": \"1963\"}", "retirement", NULL, 2, "\"field\": \"sex\""},
    {"{\"birth_date\": \"1963\", \"sex\": \"male\", \"x\": 1}", "retirement", NULL, 2,
     "\"code\": \"unknown_field\""},
    {"{}", "promotion", NULL, 2, "\"code\": \"unknown_rule\""},
    {"{}", "retirement", "extra", 2, "\"code\": \"unexpected_argument\""},
    {"{}", NULL, NULL, 2, "\"code\": \"missing_rule\""},
};
START_TEST(test_cli)
{
    char out[8192];
    char *argv[3] = {(char *)cli_cases[_i].argv0, (char *)cli_cases[_i].argv1, NULL};
    int argc = cli_cases[_i].argv0 ? (cli_cases[_i].argv1 ? 2 : 1) : 0;
    int rc = run_cli(cli_cases[_i].input, argc, argv, out, sizeof out);
    ck_assert_int_eq(rc, cli_cases[_i].rc);
    ck_assert_msg(strstr(out, cli_cases[_i].expect) != NULL, "stdout: %s", out);
    json_t *j = json_loads(out, JSON_REJECT_DUPLICATES, NULL); /* one valid JSON document */
    ck_assert_ptr_nonnull(j);
    if (rc != 0)
        ck_assert_ptr_nonnull(json_object_get(json_object_get(j, "error"), "message"));
    json_decref(j);
}
END_TEST

Suite *suite_core_cli_rules(void)
{
    Suite *s = suite_create("core_cli_rules");
    TCase *tc = tcase_create("rules");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_retirement_ok, 0, N(ok_cases));
    tcase_add_test(tc, test_retirement_exact_output);
    tcase_add_loop_test(tc, test_bad_input, 0, N(bad_cases));
    tcase_add_test(tc, test_eval_null_error_ptr);
    tcase_add_loop_test(tc, test_cli, 0, N(cli_cases));
#undef N
    suite_add_tcase(s, tc);
    return s;
}
