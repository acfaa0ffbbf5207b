/* Import of people from .xlsx or .csv (docs/import-format.md).
 *
 * Every row is validated with the same code as the API (api/people.h:
 * people_create_one for new people, people_validate_changes +
 * people_apply_changes for people already known by their CCCD, and
 * people_check_placement + db_person_new_posting / db_person_new_salary for
 * a changed unit, post or salary step). All rows are written in ONE
 * transaction, or none: when any row is invalid nothing is written and the
 * report names each bad row, column and reason in Vietnamese.
 *
 * Re-importing a file updates the people it names (matched by CCCD, changed
 * fields only) and never creates duplicates.
 *
 * Audit: one entry per created person ("person.import_create", the row as
 * imported), one per updated person's fields ("person.import", before/after of
 * the changed members), the usual "person.posting" / "person.salary" entries
 * for dated changes, and one entry for the whole batch ("people.import": file
 * name, SHA-256, counts), all inside the import's transaction. */
#ifndef CANBO_IO_PEOPLE_IMPORT_H
#define CANBO_IO_PEOPLE_IMPORT_H
#include <jansson.h>
#include <stddef.h>
#include "auth/audit.h"
#include "auth/auth.h"
#include "db/db.h"

#define IMPORT_MAX_REPORT 1000     /* error entries kept in the report */
#define IMPORT_MAX_ROWS 1000000

typedef void (*import_progress_fn)(void *ud, long done, long total);

struct import_opts {
    const struct user *user;       /* rights and scope (the command line uses an admin) */
    const struct actor *actor;     /* who is recorded in the audit trail */
    int dry_run;                   /* validate everything, write nothing */
    const char *source_name;       /* file name for the audit entry (may be NULL) */
    import_progress_fn progress;   /* rows processed / total, may be NULL */
    void *progress_ud;
};

struct import_result {
    int format;                    /* enum sheet_format of the file */
    long total;                    /* data rows (non-empty rows after the header) */
    long processed;
    long created, updated, unchanged;
    long error_count;              /* errors found (the report keeps the first IMPORT_MAX_REPORT) */
    long error_rows;               /* rows with at least one error */
    json_t *errors;                /* [{row, column, message[, line]}] */
    char message[600];             /* summary, or why the file could not be read (Vietnamese) */
};

void import_result_init(struct import_result *res);
void import_result_clear(struct import_result *res);
/* {total, processed, created, updated, unchanged, message,
 *  report: {rows: [...], error_count, error_rows, truncated, created, updated,
 *  unchanged, message}} (new reference). */
json_t *import_result_json(const struct import_result *res);

/* Imports the file held in data[0..len). Returns 0 when imported (or, with
 * dry_run, when every row is valid), 1 when some row or header is invalid
 * (nothing written; see res->errors), -1 when the file cannot be read or on
 * a system error (nothing written; see res->message). */
int people_import(db *d, const void *data, size_t len, const struct import_opts *o, struct import_result *res);

#endif
