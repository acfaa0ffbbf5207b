/* Column layout for people spreadsheets, built once from person_fields. */
#include "io/people_cols.h"
#include "core/vntext.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 96

static struct people_col cols[MAX_COLS];
static size_t ncols;
/* Folded match keys: per column up to 8. */
static char keys[MAX_COLS][8][96];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct { const char *key; const char *alias; } aliases[] = {
    {"cccd", "CCCD"}, {"cccd", "Căn cước công dân"}, {"cccd", "Số căn cước"}, {"cccd", "Số định danh cá nhân"},
    {"full_name", "Họ và tên"}, {"full_name", "Họ tên"},
    {"unit_id", "Mã đơn vị"}, {"title_id", "Mã chức vụ"}, {"rank_code", "Ngạch"},
    {"salary_step", "Bậc"}, {"posting_from", "Ngày bắt đầu"}, {"salary_from", "Ngày hưởng"},
    {NULL, NULL},
};

static void add(const char *key, enum pc_kind kind, const char *label, const struct person_field *pf, double width,
                int exported)
{
    if (ncols >= MAX_COLS) abort();
    cols[ncols++] = (struct people_col){key, kind, label, pf, width, exported};
}

static double field_width(const struct person_field *f)
{
    switch (f->type) {
    case PF_DATE: return 12;
    case PF_SEX: case PF_INT: case PF_PRECISION: return 9;
    case PF_CCCD: return 15;
    case PF_ETHNICITY: case PF_RELIGION: return 12;
    case PF_LEVEL: return 20;
    default: return f->maxlen > 300 ? 40 : f->maxlen >= 200 ? 28 : 18;
    }
}

static void fold_into(const char *s, char *out, size_t cap)
{
    if (vn_fold(s, strlen(s), out, cap) == (size_t)-1) out[0] = 0;
}

static void build(void)
{
    static const char *const head[] = {"cccd", "full_name", "other_names", "birth_date", "sex", NULL};
    add("seq", PC_INFO_SEQ, "STT", NULL, 6, 1);
    for (const char *const *h = head; *h; h++) {
        const struct person_field *f = person_field_find(*h);
        add(f->name, PC_FIELD, f->label, f, !strcmp(*h, "full_name") ? 24 : field_width(f), 1);
    }
    add("unit_id", PC_UNIT, "Đơn vị", NULL, 9, 1);
    add("unit_name", PC_INFO_UNIT, "Tên đơn vị", NULL, 36, 1);
    add("position", PC_POSITION, "Vị trí việc làm", NULL, 28, 1);
    add("title_id", PC_TITLE, "Chức vụ", NULL, 16, 1);
    add("title_name", PC_INFO_TITLE, "Tên chức vụ", NULL, 30, 1);
    add("posting_from", PC_POSTING_FROM, "Ngày bắt đầu công tác", NULL, 12, 1);
    add("rank_code", PC_RANK, "Mã ngạch", NULL, 10, 1);
    add("rank_name", PC_INFO_RANK, "Tên ngạch", NULL, 22, 1);
    add("salary_step", PC_STEP, "Bậc lương", NULL, 8, 1);
    add("vk_percent", PC_VK, "Vượt khung (%)", NULL, 9, 1);
    add("coef", PC_INFO_COEF, "Hệ số lương", NULL, 9, 1);
    add("salary_from", PC_SALARY_FROM, "Ngày hưởng lương", NULL, 12, 1);
    for (const struct person_field *f = person_fields; f->name; f++) {
        int skip = !strcmp(f->name, "birth_precision");
        for (const char *const *h = head; *h; h++)
            if (!strcmp(*h, f->name)) skip = 1;
        if (!strcmp(f->name, "birth_precision")) add(f->name, PC_FIELD, f->label, f, 9, 0);
        else if (!skip) add(f->name, PC_FIELD, f->label, f, field_width(f), 1);
    }
    add("decision_no", PC_DECISION, "Số quyết định", NULL, 16, 0);

    for (size_t i = 0; i < ncols; i++) {
        int k = 0;
        fold_into(cols[i].label, keys[i][k++], sizeof keys[i][0]);
        /* Without a trailing item number: "Ngày sinh (3)" -> "Ngày sinh". */
        const char *paren = strrchr(cols[i].label, '(');
        if (paren && paren > cols[i].label) {
            char tmp[160];
            snprintf(tmp, sizeof tmp, "%.*s", (int)(paren - cols[i].label), cols[i].label);
            fold_into(tmp, keys[i][k++], sizeof keys[i][0]);
        }
        fold_into(cols[i].key, keys[i][k++], sizeof keys[i][0]);
        for (size_t a = 0; aliases[a].key && k < 8; a++)
            if (!strcmp(aliases[a].key, cols[i].key)) fold_into(aliases[a].alias, keys[i][k++], sizeof keys[i][0]);
    }
}

const struct people_col *people_cols(size_t *n)
{
    pthread_once(&once, build);
    *n = ncols;
    return cols;
}

int people_col_match(const char *header)
{
    pthread_once(&once, build);
    char f[96];
    if (vn_fold(header, strlen(header), f, sizeof f) == (size_t)-1 || !f[0]) return -1;
    /* Folding turns '_' into a space, so "full_name" matches too. */
    for (size_t i = 0; i < ncols; i++)
        for (int k = 0; k < 8 && keys[i][k][0]; k++)
            if (!strcmp(keys[i][k], f)) return (int)i;
    return -1;
}

int people_col_is_info(const struct people_col *c) { return c->kind >= PC_INFO_SEQ; }
