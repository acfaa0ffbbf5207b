/* `canbo rules NAME`: the rules layer on the command line. One table entry
 * per rule; each entry validates its JSON input strictly (unknown fields are
 * errors) and answers with the result and its legal explanation. */
#include "cli/rules.h"
#include "api/rules_eval.h"
#include "api/rules_exam.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/retire.h"

#define BIRTH_YEAR_MIN 1900
#define BIRTH_YEAR_MAX 2100

static json_t *make_error(const char *code, const char *field, const char *message)
{
    return json_pack("{s:{s:s, s:s?, s:s}}", "error", "code", code, "field", field,
                     "message", message);
}

/* Rejects a non-object input and any key not in `allowed` (NULL-terminated). */
static int check_fields(json_t *input, const char *const *allowed, json_t **error)
{
    if (!json_is_object(input)) {
        *error = make_error("invalid_input", NULL, "Dữ liệu vào phải là một đối tượng JSON.");
        return -1;
    }
    const char *key;
    json_t *val;
    json_object_foreach(input, key, val) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = 1;
        if (!ok) {
            *error = make_error("unknown_field", key, "Trường này không được hỗ trợ.");
            return -1;
        }
    }
    return 0;
}

/* A required string field; NULL with *error set when missing or not a string. */
static const char *get_string(json_t *input, const char *field, const char *missing_msg,
                              json_t **error)
{
    json_t *v = json_object_get(input, field);
    if (!v) {
        *error = make_error("missing_field", field, missing_msg);
        return NULL;
    }
    if (!json_is_string(v)) {
        *error = make_error("invalid_type", field, "Giá trị của trường này phải là chuỗi.");
        return NULL;
    }
    return json_string_value(v);
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* "YYYY-MM-DD", "YYYY-MM" or "YYYY". 0 / -1. */
static int parse_birth(const char *s, int *y, int *m, int *d, enum birth_precision *prec)
{
    size_t n = strlen(s);
    if (n == 10) {
        cdate c;
        if (date_parse_iso(s, &c) < 0)
            return -1;
        date_to_ymd(c, y, m, d);
        *prec = BIRTH_FULL;
    } else if (n == 7 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2)) {
        *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        *m = (s[5] - '0') * 10 + (s[6] - '0');
        *d = 1;
        *prec = BIRTH_YM;
        if (*m < 1 || *m > 12)
            return -1;
    } else if (n == 4 && all_digits(s, 4)) {
        *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        *m = 1;
        *d = 1;
        *prec = BIRTH_Y;
    } else {
        return -1;
    }
    return 0;
}

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        if (x != *b)
            return 0;
    }
    return *a == *b;
}

/* male/female/nam/nu (any ASCII case) and nữ/Nữ/NỮ. 0 when not recognised. */
static enum sex parse_sex(const char *s)
{
    if (ascii_ieq(s, "male") || ascii_ieq(s, "nam"))
        return SEX_MALE;
    if (ascii_ieq(s, "female") || ascii_ieq(s, "nu") || strcmp(s, "nữ") == 0 ||
        strcmp(s, "Nữ") == 0 || strcmp(s, "NỮ") == 0)
        return SEX_FEMALE;
    return 0;
}

/* retirement: BLLĐ 2019 Art. 169, NĐ 135/2020/NĐ-CP Art. 3-4 (core/retire.c). */
static json_t *rule_retirement(json_t *input, json_t **error)
{
    static const char *const allowed[] = {"birth_date", "sex", NULL};
    if (check_fields(input, allowed, error) < 0)
        return NULL;
    const char *bd = get_string(input, "birth_date",
                                "Thiếu ngày sinh (birth_date: YYYY-MM-DD, YYYY-MM hoặc YYYY).", error);
    if (!bd)
        return NULL;
    const char *sx = get_string(input, "sex", "Thiếu giới tính (sex: nam hoặc nữ).", error);
    if (!sx)
        return NULL;

    int y, m, d;
    enum birth_precision prec;
    if (parse_birth(bd, &y, &m, &d, &prec) < 0) {
        *error = make_error("invalid_value", "birth_date",
                            "Ngày sinh không hợp lệ: phải là ngày có thật, dạng YYYY-MM-DD, "
                            "YYYY-MM hoặc YYYY.");
        return NULL;
    }
    if (y < BIRTH_YEAR_MIN || y > BIRTH_YEAR_MAX) {
        *error = make_error("invalid_value", "birth_date",
                            "Năm sinh phải trong khoảng từ 1900 đến 2100.");
        return NULL;
    }
    enum sex sex = parse_sex(sx);
    if (!sex) {
        *error = make_error("invalid_value", "sex",
                            "Giới tính không hợp lệ: dùng \"nam\"/\"male\" hoặc \"nữ\"/\"female\".");
        return NULL;
    }

    struct retire_result r;
    if (retire_compute_prec(y, m, prec, sex, &r) < 0) {
        *error = make_error("invalid_value", "birth_date", "Không tính được thời điểm nghỉ hưu.");
        return NULL;
    }
    cdate used;
    char used_s[11], rdate[11], pdate[11];
    if (date_from_ymd(y, m, d, &used) < 0) {
        *error = make_error("invalid_value", "birth_date", "Ngày sinh không hợp lệ.");
        return NULL;
    }
    date_format_iso(used, used_s);
    date_format_iso(r.retire_date, rdate);
    date_format_iso(r.retire_date + 1, pdate);

    json_t *explain = json_array();
    json_array_append_new(explain, json_string(r.summary));
    for (int i = 0; r.explain[i]; i++)
        json_array_append_new(explain, json_string(r.explain[i]));

    return json_pack("{s:s, s:s, s:s, s:s, s:{s:i, s:i}, s:s, s:s, s:o}",
                     "rule", "retirement",
                     "regime", r.regime,
                     "sex", sex == SEX_MALE ? "male" : "female",
                     "birth_date_used", used_s,
                     "retirement_age", "years", r.age_months / 12, "months", r.age_months % 12,
                     "retirement_date", rdate,
                     "pension_start", pdate,
                     "explain", explain);
}

struct rule {
    const char *name;
    json_t *(*eval)(json_t *input, json_t **error);
};

/* Later issues add "score", "rating", "cap", "exam-rank" here. */
static const struct rule rules[] = {
    {"retirement", rule_retirement},
    {"score", rules_eval_score},   /* NĐ 335/2025 Art. 12-16 (api/rules_eval.c) */
    {"rating", rules_eval_rating}, /* NĐ 335/2025 Art. 20-21; NĐ 90/2020 + 48/2023 */
    {"cap", rules_eval_cap},       /* HTXS cap: NĐ 335/2025 Art. 20(5); NĐ 48/2023 */
    {"exam-rank", rule_exam_rank}, /* NĐ 138/2020 + 116/2024; NĐ 170/2025 (api/rules_exam.c) */
};
#define NRULES (sizeof rules / sizeof rules[0])

const char *const *rules_names(void)
{
    static const char *names[NRULES + 1];
    for (size_t i = 0; i < NRULES; i++)
        names[i] = rules[i].name;
    names[NRULES] = NULL;
    return names;
}

static json_t *rule_error(const char *code, const char *lead)
{
    char msg[256];
    size_t n = (size_t)snprintf(msg, sizeof msg, "%s Các quy tắc hiện có:", lead);
    for (size_t i = 0; i < NRULES && n < sizeof msg; i++)
        n += (size_t)snprintf(msg + n, sizeof msg - n, "%s %s", i ? "," : "", rules[i].name);
    if (n < sizeof msg)
        snprintf(msg + n, sizeof msg - n, ".");
    return make_error(code, "rule", msg);
}

static json_t *unknown_rule_error(void)
{
    return rule_error("unknown_rule", "Không có quy tắc này.");
}

json_t *rules_eval(const char *name, json_t *input, json_t **error)
{
    json_t *dummy = NULL;
    if (!error)
        error = &dummy;
    *error = NULL;
    for (size_t i = 0; name && i < NRULES; i++) {
        if (strcmp(rules[i].name, name) == 0) {
            json_t *out = rules[i].eval(input, error);
            if (!out && !*error)
                *error = make_error("internal", NULL, "Lỗi nội bộ khi tính quy tắc.");
            if (dummy)
                json_decref(dummy);
            return out;
        }
    }
    *error = unknown_rule_error();
    if (dummy) {
        json_decref(dummy);
    }
    return NULL;
}

static int print_json(json_t *j, FILE *out)
{
    int rc = json_dumpf(j, out, JSON_INDENT(2));
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    if (fflush(out) != 0)
        rc = -1;
    return rc;
}

static int fail_to(json_t *err, FILE *out)
{
    int rc = err ? print_json(err, out) : -1;
    json_decref(err);
    return rc < 0 ? 1 : 2;
}

int cli_rules(int argc, char **argv)
{
    return cli_rules_io(argc, argv, stdin, stdout);
}

int cli_rules_io(int argc, char **argv, FILE *in, FILE *out)
{
    if (argc < 1 || !argv || !argv[0]) {
        return fail_to(rule_error("missing_rule", "Thiếu tên quy tắc (canbo rules TÊN < dữ_liệu.json)."),
                       out);
    }
    if (argc > 1)
        return fail_to(make_error("unexpected_argument", NULL,
                                  "Thừa tham số: dữ liệu vào được đọc từ đầu vào chuẩn (stdin)."),
                       out);
    int known = 0;
    for (size_t i = 0; i < NRULES; i++)
        if (strcmp(rules[i].name, argv[0]) == 0)
            known = 1;
    if (!known)
        return fail_to(unknown_rule_error(), out);

    json_error_t jerr;
    json_t *input = json_loadf(in, JSON_REJECT_DUPLICATES, &jerr);
    if (!input) {
        char msg[160];
        int dup = json_error_code(&jerr) == json_error_duplicate_key;
        snprintf(msg, sizeof msg, "%s (dòng %d, cột %d).",
                 dup ? "Dữ liệu vào có khóa bị lặp" : "Dữ liệu vào không phải JSON hợp lệ",
                 jerr.line, jerr.column);
        return fail_to(make_error(dup ? "duplicate_key" : "invalid_json", NULL, msg), out);
    }
    json_t *err = NULL;
    json_t *res = rules_eval(argv[0], input, &err);
    json_decref(input);
    if (!res)
        return fail_to(err, out);
    int rc = print_json(res, out);
    json_decref(res);
    return rc < 0 ? 1 : 0;
}
