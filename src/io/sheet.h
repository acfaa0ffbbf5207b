/* One interface over the CSV and XLSX readers: rows of text cells from a
 * file held in memory, with the row number a spreadsheet program shows. */
#ifndef CANBO_IO_SHEET_H
#define CANBO_IO_SHEET_H
#include <stddef.h>
#include "io/xlsx_read.h"

enum sheet_format { SHEET_UNKNOWN = 0, SHEET_CSV, SHEET_XLSX, SHEET_XLS };

struct sheet_row {
    long row;                       /* spreadsheet row number (CSV: record number) */
    long line;                      /* CSV: physical line where the record starts; XLSX: = row */
    size_t n;
    const char *const *cell;        /* NUL-terminated */
    const size_t *len;
    const unsigned char *type;      /* enum xlsx_cell_type (CSV: XC_TEXT or XC_EMPTY) */
};

struct sheet;

/* By content: a ZIP package is .xlsx, an OLE2 compound file is the old .xls
 * (not supported), anything else is read as CSV. */
enum sheet_format sheet_detect(const void *data, size_t len);
/* fmt SHEET_UNKNOWN detects. 0 and *out, or -1 with a Vietnamese reason. */
int sheet_open(const void *data, size_t len, enum sheet_format fmt, struct sheet **out, char *err, size_t errcap);
/* 1 row, 0 end, -1 error (sheet_error). */
int sheet_next(struct sheet *s, struct sheet_row *row);
const char *sheet_error(const struct sheet *s);
enum sheet_format sheet_format_of(const struct sheet *s);
/* XLSX: the last row number the sheet declares (<dimension>), once a row has
 * been read; 0 when unknown (and always for CSV). A hint, not a count. */
long sheet_row_hint(const struct sheet *s);
void sheet_close(struct sheet *s);

#endif
