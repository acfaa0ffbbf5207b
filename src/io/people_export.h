/* Exports of people: lists as .xlsx (libxlsxwriter, constant-memory
 * streaming, typed cells) and .csv (UTF-8 with BOM, neutralised cells), the
 * import template, and the structure statistics workbook.
 *
 * A list export carries exactly the people GET /api/v1/people lists for the
 * same user and filters (db_person_list with the same struct person_filter
 * and scope), all pages, in the same order, in the import layout
 * (io/people_cols.h): exporting and importing again changes nothing. */
#ifndef CANBO_IO_PEOPLE_EXPORT_H
#define CANBO_IO_PEOPLE_EXPORT_H
#include <stdint.h>
#include <stdio.h>
#include "auth/auth.h"
#include "db/db.h"
#include "db/person.h"

#define EXPORT_MAX_ROWS 1000000

struct export_opts {
    const struct user *user;               /* scope of the list */
    const struct person_filter *filter;    /* NULL: every active person in scope */
    int with_sensitive;                    /* health and political-history columns */
    char sep;                              /* CSV separator (0 = ',') */
};

/* 0 and *count rows written, -1 on error. */
int people_export_xlsx(db *d, const struct export_opts *o, const char *path, long *count);
int people_export_csv(db *d, const struct export_opts *o, FILE *f, long *count);

/* The import template: the importable headers and one example row. */
int people_template_xlsx(const char *path);
int people_template_csv(FILE *f, char sep);

/* Headcount of active people by unit x {rank group, sex, age band, Kinh /
 * ethnic minorities, professional level, political theory}: one sheet per
 * dimension, units as rows (the sub-units of `unit`, plus people placed
 * directly in it, plus a total). unit 0: the user's unit (officer, leader)
 * or the root units (admin). The caller checks the scope. 0 / -1. */
int stats_export_xlsx(db *d, const struct user *u, int64_t unit, const char *path);

/* Helpers for callers that need the bytes (HTTP): a fresh temporary file
 * path with the given suffix (the file exists, empty), and a whole-file read
 * (malloc'd, NUL-terminated after *len bytes). */
int io_temp_path(char *out, size_t cap, const char *suffix);
int io_read_file(const char *path, char **buf, size_t *len);

#endif
