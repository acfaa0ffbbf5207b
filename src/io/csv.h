/* CSV (RFC 4180) reader and writer.
 *
 * Reader: streaming, UTF-8 with or without a byte-order mark, comma or
 * semicolon separator detected from the header line (the first record),
 * quoted fields with embedded separators, doubled quotes and line breaks,
 * CRLF, LF or CR line ends. Records carry their physical line number. Memory
 * is bounded: a field is at most CSV_MAX_FIELD bytes and a record at most
 * CSV_MAX_FIELDS fields and CSV_MAX_RECORD bytes.
 *
 * Writer: quotes fields that need it and neutralises text cells starting
 * with = + - @ (or a tab / carriage return) by prefixing a single quote, so
 * that a spreadsheet never evaluates them as formulas (CSV injection). */
#ifndef CANBO_IO_CSV_H
#define CANBO_IO_CSV_H
#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELD (1u << 20)
#define CSV_MAX_RECORD (4u << 20)
#define CSV_MAX_FIELDS 4096

/* Pulls up to cap bytes into buf; returns the count, 0 at the end, or
 * (size_t)-1 on a read error. */
typedef size_t (*csv_read_fn)(void *ud, char *buf, size_t cap);

struct csv_reader;

/* sep: ',' or ';' to force a separator, 0 to detect it. NULL when out of memory. */
struct csv_reader *csv_open(csv_read_fn fn, void *ud, char sep);
/* Reads from memory (the buffer must outlive the reader). */
struct csv_reader *csv_open_mem(const char *data, size_t len, char sep);
/* Reads from a stdio stream (not closed by csv_close). */
struct csv_reader *csv_open_file(FILE *f, char sep);
void csv_close(struct csv_reader *r);

/* The next record: 1 and *fields / *lens / *n filled (NUL-terminated UTF-8
 * bytes as read, valid until the next call), 0 at the end, -1 on error
 * (csv_error has the reason in Vietnamese). An empty line is a record with
 * one empty field. */
int csv_next(struct csv_reader *r, const char *const **fields, const size_t **lens, size_t *n);
/* Physical line (1-based) where the last record returned starts, and its
 * ordinal (1-based, the row number a spreadsheet program shows). */
long csv_line(const struct csv_reader *r);
long csv_record(const struct csv_reader *r);
/* The separator in use (after detection; ',' until the first record). */
char csv_separator(const struct csv_reader *r);
const char *csv_error(const struct csv_reader *r);

/* Writer. */
struct csv_writer {
    FILE *f;
    char sep;
    int col;                  /* cells written on the current row */
};
void csv_writer_init(struct csv_writer *w, FILE *f, char sep);
/* UTF-8 byte-order mark, so that Excel opens the file as UTF-8. */
void csv_write_bom(struct csv_writer *w);
/* A text cell: neutralised (leading = + - @ TAB CR get a ' prefix), quoted
 * when it contains the separator, a quote, CR or LF. NULL = empty. */
void csv_cell(struct csv_writer *w, const char *s);
/* A cell written as is (numbers, dates), quoted only when needed. */
void csv_cell_raw(struct csv_writer *w, const char *s);
void csv_end_row(struct csv_writer *w);
/* 1 when a text cell value would be neutralised on output. */
int csv_needs_neutralising(const char *s);

#endif
