/* People: the Mẫu 2C record, its dated histories, lists and search.
 * Every read is filtered by a struct scope (auth/ decides it). */
#ifndef CANBO_DB_PERSON_H
#define CANBO_DB_PERSON_H
#include <jansson.h>
#include "auth/auth.h"
#include "db/db.h"

enum pf_type { PF_TEXT, PF_DATE, PF_INT, PF_SEX, PF_ETHNICITY, PF_RELIGION, PF_LEVEL, PF_CCCD, PF_PRECISION };
enum pf_group { PG_BASIC = 0, PG_HEALTH, PG_POLITICAL };

struct person_field {
    const char *name;        /* column and JSON member */
    enum pf_type type;
    enum pf_group group;
    int maxlen;              /* text length limit, or max for PF_INT */
    int required;
    const char *level_kind;  /* ref_level.kind for PF_LEVEL */
    const char *label;       /* Vietnamese label (2C item) */
    int self_service;        /* staff may propose a change */
};
/* The editable fields, NULL-terminated. */
extern const struct person_field person_fields[];
const struct person_field *person_field_find(const char *name);

/* Read one person (all editable and current-state columns) as JSON, or
 * 1 when absent or outside the scope, -1 on error. */
int db_person_get(db *d, const struct scope *sc, int64_t id, json_t **out);
/* Fast path for replies: writes the person as a JSON object straight from
 * the row into jb, leaving the object open for the caller to add members and
 * close. Groups whose bit (1 << PG_HEALTH, 1 << PG_POLITICAL) is in `omit`
 * are left out. core receives what the computed fields need.
 * 0, 1 when absent or outside the scope, -1 on error. */
struct jbuf;
struct person_core {
    char birth_date[11];
    int birth_precision, sex;
    char salary_group[16], salary_since[11];
    int salary_step, vk_percent, has_salary;
    char title_since[11];
    int has_title;
};
int db_person_write(db *d, const struct scope *sc, int64_t id, unsigned omit, struct jbuf *jb, struct person_core *core);
/* Writes the history arrays as members of the open object in jb. */
int db_person_write_histories(db *d, int64_t id, int with_family, struct jbuf *jb);
/* As-of view of the dated rows on `as_of`: posting, unit name, salary. */
int db_person_as_of(db *d, int64_t id, const char *as_of, json_t **out);

struct person_filter {
    int64_t unit;            /* subtree root, 0 = none */
    const char *rank;
    int64_t title;           /* 0 none, -1 = any leadership title */
    int sex;                 /* 0 none */
    int64_t ethnicity;       /* 0 none; -1 = ethnic minorities (not Kinh) */
    const char *birth_from;  /* birth_date >= (age band upper) */
    const char *birth_to;    /* birth_date <= */
    int party;               /* 0 any, 1 members, 2 non-members */
    const char *professional_level;
    const char *q;           /* search text (folded here) */
    const char *status;      /* default 'active' */
    const char *sort;        /* "full_name" (default), "-birth_date", ... see person_sort_valid */
    int page, per_page;
};
/* 1 when `sort` names a sortable column (optionally prefixed with '-'). */
int person_sort_valid(const char *sort);
/* items: array of summaries; total: rows matching (capped at total_cap, in
 * which case *capped = 1). Returns 0 / -1. */
int db_person_list(db *d, const struct scope *sc, const struct person_filter *f, json_t **items,
                   int64_t *total, int *capped);

/* Validated JSON object of editable fields -> new row (with name_fold and
 * sort_key computed). Caller holds the transaction. */
int db_person_insert(db *d, json_t *fields, int64_t *id);
/* Writes every editable field from `merged` (a full record). */
int db_person_update(db *d, int64_t id, json_t *merged);
int db_person_exists_cccd(db *d, const char *cccd, int64_t except_id);

/* Dated changes; they close the open row on `from` and open a new one, and
 * refresh the current-state columns. Caller holds the transaction. */
int db_person_new_posting(db *d, int64_t id, int64_t unit_id, const char *position, int64_t title_id,
                          const char *from, const char *decision_no, const char *reason);
int db_person_new_salary(db *d, int64_t id, const char *rank_code, int step, int coef_x100, int vk_percent,
                         const char *from, const char *decision_no);
/* 1 when a posting or salary row starts after `from` (history would be rewritten). */
int db_person_has_later_rows(db *d, const char *table, int64_t id, const char *from);
/* Closes open postings of everyone in unit `from_unit` and opens the same in
 * `to_unit` on `on` (re-homing on merges, splits, dissolutions). If ids is
 * not NULL only those people move. Returns the number moved, -1 on error. */
int db_person_rehome(db *d, int64_t from_unit, int64_t to_unit, const char *on, const int64_t *ids, size_t nids,
                     const char *reason);

/* History tables editable as rows. */
struct history_kind {
    const char *name;        /* URL segment: training, work_history, family, awards, discipline */
    const char *table;
    const char *const *cols; /* editable columns (NULL-terminated) */
    const char *const *required;
    int sensitive;           /* family: logged and restricted */
};
const struct history_kind *history_kind_find(const char *name);
int db_history_insert(db *d, const struct history_kind *k, int64_t person_id, json_t *row, int64_t *id);
int db_history_update(db *d, const struct history_kind *k, int64_t person_id, int64_t id, json_t *row);
int db_history_delete(db *d, const struct history_kind *k, int64_t person_id, int64_t id);
/* One history row as JSON, or NULL. */
json_t *db_history_get(db *d, const struct history_kind *k, int64_t person_id, int64_t id);

/* Reference lookups for validation. */
int db_ref_exists(db *d, const char *what, const char *code_or_id);
int db_rank_salary_group(db *d, const char *rank, char *group, size_t cap);

#endif
