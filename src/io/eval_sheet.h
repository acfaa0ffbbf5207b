/* Evaluation imports from spreadsheets (issue 4, docs/evaluation.md
 * "Import layouts"): results loaded from other systems and historic year
 * ratings, as .csv or .xlsx with Vietnamese headers.
 *
 * Pure (no database): the sheet is turned into JSON row objects of the JSON
 * import shape ({task_id, quantity, source, extracted_at, external_ref,
 * note} / {person_id | cccd, year, regime, level, score_x100, decision_no,
 * source}), each with the spreadsheet row it came from; every bad cell is
 * reported (row, column header, field, code, Vietnamese message). The rows
 * then go through the same validation and insert as a JSON import
 * (src/api/eval.c), whose errors are mapped back with eval_sheet_column. */
#ifndef CANBO_IO_EVAL_SHEET_H
#define CANBO_IO_EVAL_SHEET_H
#include <jansson.h>
#include <stddef.h>

#define EVAL_SHEET_MAX_ROWS 20000
#define EVAL_SHEET_MAX_REPORT 1000

enum eval_sheet_kind { EVAL_SHEET_RESULTS = 1, EVAL_SHEET_RATINGS = 2 };

struct eval_sheet {
    json_t *rows;      /* row objects (import shape) of the rows without cell errors */
    json_t *rownum;    /* integers: the spreadsheet row of rows[i] */
    json_t *errors;    /* [{row, column, field, code, message, value?}], at most EVAL_SHEET_MAX_REPORT */
    long error_count;  /* all cell errors, also those beyond the report */
    long total;        /* data rows read (empty rows skipped) */
    long header_row;
    char message[256]; /* file-level error (Vietnamese) */
};

void eval_sheet_init(struct eval_sheet *s);
void eval_sheet_clear(struct eval_sheet *s);
/* Reads the whole sheet (CSV or XLSX, by content). 0, or -1 with a
 * file-level reason in s->message (unreadable file, no header, a required
 * column missing, an unknown or repeated column, too many rows). */
int eval_sheet_read(const void *data, size_t len, enum eval_sheet_kind kind, struct eval_sheet *s);
/* The column header of a JSON field ("quantity" -> "Số lượng"); the field
 * itself when it has no column. */
const char *eval_sheet_column(enum eval_sheet_kind kind, const char *field);
/* Adds a report entry (used for the errors of the shared validation). */
void eval_sheet_add_error(struct eval_sheet *s, long row, enum eval_sheet_kind kind, const char *field,
                          const char *code, const char *message);
/* Converts a "thời điểm trích xuất" cell to the JSON import text: dd/mm/yyyy
 * [HH:MM[:SS]] (Vietnam time: "+07:00" is appended), an .xlsx date cell
 * "YYYY-MM-DD[ HH:MM:SS]" (same), or ISO 8601 text kept as written. 0, or -1
 * when it is none of these. */
int eval_sheet_stamp(const char *in, char *out, size_t cap);
/* "92,5" / "92.5" / "92" -> 9250 (hundredths, at most two decimals). 0 / -1. */
int eval_sheet_points(const char *in, long long *x100);

#endif
