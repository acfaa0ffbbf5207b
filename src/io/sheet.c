/* CSV / XLSX behind one row interface. */
#include "io/sheet.h"
#include "io/csv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sheet {
    enum sheet_format fmt;
    struct csv_reader *csv;
    struct xlsx_reader *x;
    unsigned char *types;
    size_t tcap;
};

enum sheet_format sheet_detect(const void *data, size_t len)
{
    const unsigned char *b = data;
    if (len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return SHEET_XLSX;
    if (len >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) return SHEET_XLS;
    return SHEET_CSV;
}

int sheet_open(const void *data, size_t len, enum sheet_format fmt, struct sheet **out, char *err, size_t errcap)
{
    *out = NULL;
    if (fmt == SHEET_UNKNOWN) fmt = sheet_detect(data, len);
    if (fmt == SHEET_XLS) {
        snprintf(err, errcap, "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8.");
        return -1;
    }
    struct sheet *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, errcap, "Không đủ bộ nhớ."); return -1; }
    s->fmt = fmt;
    if (fmt == SHEET_XLSX) {
        if (xlsx_open_mem(data, len, &s->x, err, errcap) != 0) { free(s); return -1; }
    } else {
        s->csv = csv_open_mem(data, len, 0);
        if (!s->csv) { free(s); snprintf(err, errcap, "Không đủ bộ nhớ."); return -1; }
    }
    *out = s;
    return 0;
}

int sheet_next(struct sheet *s, struct sheet_row *row)
{
    if (s->x) {
        struct xlsx_row xr;
        int rc = xlsx_next(s->x, &xr);
        if (rc != 1) return rc;
        row->row = row->line = xr.row;
        row->n = xr.n;
        row->cell = xr.cell;
        row->len = xr.len;
        row->type = xr.type;
        return 1;
    }
    const char *const *f;
    const size_t *l;
    size_t n;
    int rc = csv_next(s->csv, &f, &l, &n);
    if (rc != 1) return rc;
    if (n > s->tcap) {
        size_t nc = s->tcap ? s->tcap : 64;
        while (nc < n) nc *= 2;
        unsigned char *nt = realloc(s->types, nc);
        if (!nt) return -1;
        s->types = nt;
        s->tcap = nc;
    }
    for (size_t i = 0; i < n; i++) s->types[i] = l[i] ? XC_TEXT : XC_EMPTY;
    row->row = csv_record(s->csv);
    row->line = csv_line(s->csv);
    row->n = n;
    row->cell = f;
    row->len = l;
    row->type = s->types;
    return 1;
}

const char *sheet_error(const struct sheet *s)
{
    if (s->x) return xlsx_error(s->x);
    return csv_error(s->csv);
}

enum sheet_format sheet_format_of(const struct sheet *s) { return s->fmt; }
long sheet_row_hint(const struct sheet *s) { return s->x ? xlsx_dimension_rows(s->x) : 0; }

void sheet_close(struct sheet *s)
{
    if (!s) return;
    if (s->x) xlsx_close(s->x);
    if (s->csv) csv_close(s->csv);
    free(s->types);
    free(s);
}
