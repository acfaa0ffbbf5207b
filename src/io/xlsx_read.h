/* Streaming reader for the first worksheet of an .xlsx workbook (Office Open
 * XML, transitional or strict), with libzip and expat.
 *
 * The workbook part, the first sheet, the shared strings and the styles are
 * found through the package relationships (with the usual paths as a
 * fallback). The sheet is parsed incrementally (expat suspend/resume): one
 * row is in memory at a time. Cells are returned as text:
 *   shared and inline strings (rich-text runs joined, phonetic runs dropped),
 *   numbers ("3.33", "48080000123": integers without a decimal point,
 *   others with at most 15 significant digits, as spreadsheets show them),
 *   booleans ("TRUE" / "FALSE"), error values ("#N/A"), cached formula
 *   results, and dates: a number in a cell whose number format is a date
 *   format becomes ISO "YYYY-MM-DD" (with " HH:MM:SS" when it has a time of
 *   day; time-only formats give "HH:MM:SS"), in the 1900 or 1904 date system.
 * Cells are placed by their reference ("AB12"); missing cells are empty.
 *
 * Malformed input never crashes or leaks: every failure is an error with a
 * Vietnamese message. Limits, checked against the declared size and again
 * while inflating (so a zip bomb is refused): the sheet, which is streamed
 * (memory does not grow with it), at most XLSX_MAX_SHEET bytes uncompressed
 * (an export of 100,000 people is ~250 MB); the shared strings, held in
 * memory, at most XLSX_MAX_PART; workbook, relationships and styles at most
 * XLSX_MAX_SMALL_PART. A cell at most XLSX_MAX_CELL bytes, XFD (16384)
 * columns, no DOCTYPE (no entities at all). */
#ifndef CANBO_IO_XLSX_READ_H
#define CANBO_IO_XLSX_READ_H
#include <stddef.h>

#define XLSX_MAX_SHEET (1024u << 20)
#define XLSX_MAX_PART (200u << 20)
#define XLSX_MAX_SMALL_PART (16u << 20)   /* workbook, relationships, styles */
#define XLSX_MAX_CELL (1u << 20)
#define XLSX_MAX_COLS 16384

enum xlsx_cell_type { XC_EMPTY = 0, XC_TEXT, XC_NUMBER, XC_DATE, XC_BOOL, XC_ERROR };

struct xlsx_row {
    long row;                       /* 1-based row number from the sheet */
    size_t n;                       /* cells (up to the last non-empty one) */
    const char *const *cell;        /* NUL-terminated UTF-8 text */
    const size_t *len;
    const unsigned char *type;      /* enum xlsx_cell_type */
};

struct xlsx_reader;

/* Opens a workbook held in memory (the buffer must outlive the reader).
 * 0 and *out, or -1 with a Vietnamese reason in err. */
int xlsx_open_mem(const void *data, size_t len, struct xlsx_reader **out, char *err, size_t errcap);
/* Same for a file on disk. */
int xlsx_open_file(const char *path, struct xlsx_reader **out, char *err, size_t errcap);
void xlsx_close(struct xlsx_reader *r);
/* Next row that has at least one cell element: 1 and *row (valid until the
 * next call), 0 at the end, -1 on error (xlsx_error). */
int xlsx_next(struct xlsx_reader *r, struct xlsx_row *row);
const char *xlsx_error(const struct xlsx_reader *r);
/* Name of the sheet being read (from workbook.xml), or "". */
const char *xlsx_sheet_name(const struct xlsx_reader *r);
/* The last row the sheet's <dimension> claims (a hint: writers may omit it
 * or count formatted empty rows), known once the first row was read; 0 when
 * unknown. */
long xlsx_dimension_rows(const struct xlsx_reader *r);

/* Helpers, exposed for tests. */
/* Column index (0-based) from a cell reference like "AB12" (the letters), -1
 * when invalid or beyond XFD; *rownum receives the digits (0 if none). */
int xlsx_col_index(const char *ref, long *rownum);
/* 1 when a number format code shows a date, 2 when it shows date and time,
 * 3 when it shows a time of day only, 0 otherwise. */
int xlsx_format_kind(const char *code);
int xlsx_builtin_format_kind(int numfmt_id);
/* Formats a serial date (1900 or 1904 system) as text by kind (1, 2, 3).
 * Returns -1 when out of range (the caller keeps the number). */
int xlsx_serial_to_text(double serial, int date1904, int kind, char *out, size_t cap);

#endif
