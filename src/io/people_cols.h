/* The spreadsheet column layout for people (import, export, template):
 * Vietnamese headers from the person_fields table (db/person.h) plus the
 * placement columns. See docs/import-format.md. */
#ifndef CANBO_IO_PEOPLE_COLS_H
#define CANBO_IO_PEOPLE_COLS_H
#include <stddef.h>
#include "db/person.h"

enum pc_kind {
    PC_FIELD,          /* a person_fields member */
    PC_UNIT,           /* Đơn vị: unit id or unit code */
    PC_POSITION,       /* Vị trí việc làm */
    PC_TITLE,          /* Chức vụ: title code (or name) */
    PC_POSTING_FROM,   /* Ngày bắt đầu công tác */
    PC_RANK,           /* Mã ngạch */
    PC_STEP,           /* Bậc lương */
    PC_VK,             /* Vượt khung (%): seniority allowance beyond the last step */
    PC_SALARY_FROM,    /* Ngày hưởng lương */
    PC_DECISION,       /* Số quyết định (import only) */
    PC_INFO_SEQ,       /* STT (export only, ignored on import) */
    PC_INFO_UNIT,      /* Tên đơn vị */
    PC_INFO_TITLE,     /* Tên chức vụ */
    PC_INFO_RANK,      /* Tên ngạch */
    PC_INFO_COEF,      /* Hệ số lương */
};

struct people_col {
    const char *key;                 /* JSON member (person field or placement), or an info name */
    enum pc_kind kind;
    const char *label;               /* the Vietnamese header */
    const struct person_field *pf;   /* PC_FIELD only */
    double width;                    /* spreadsheet column width */
    int exported;                    /* 1 when export and template carry it */
};

/* All columns in export order; *n receives the count. */
const struct people_col *people_cols(size_t *n);
/* Index of the column a header names (exact label, label without the item
 * number "(3)", the JSON name, or a documented alias; case, diacritics and
 * punctuation ignored), or -1. */
int people_col_match(const char *header);
/* 1 for the info columns (ignored on import). */
int people_col_is_info(const struct people_col *c);

#endif
