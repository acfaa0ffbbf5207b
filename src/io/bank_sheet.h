/* Question banks (issue 5, docs/exams.md, docs/bank-format.md): the one
 * validation and insert path every bank write goes through (the JSON API,
 * the JSON import and the .xlsx/.csv import), the export collector with its
 * read audit, and the mapping between a spreadsheet and the JSON question
 * objects (one row per question, Vietnamese headers).
 *
 * The sheet reader is pure (no database): it turns rows into JSON question
 * objects of the import shape ({topic_code, type, difficulty, stem, answer,
 * points, tags, options: [{text, correct}]}) and reports every bad cell of
 * every row; the rows that pass go through bank_q_parse like a JSON import,
 * and the errors it finds are mapped back to the row and column of the sheet
 * (bank_sheet_column). */
#ifndef CANBO_IO_BANK_SHEET_H
#define CANBO_IO_BANK_SHEET_H
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include "auth/audit.h"
#include "db/db.h"
#include "db/exam_store.h"

#define BANK_MAX_OPTIONS 16
#define BANK_MAX_IMAGES 8
#define BANK_MAX_IMAGE_BYTES (512u * 1024u)
#define BANK_MAX_QUESTIONS 10000
#define BANK_MAX_REPORT 1000

/* ---- validation and insert (shared by every write of a question) ---- */

struct bank_err {
    const char *code;         /* stable English code */
    char field[64];           /* relative to the question: "stem", "options.2.text" */
    char message[256];        /* Vietnamese */
};

struct bank_image {
    const char *mime;
    unsigned char *data;      /* malloc'd */
    size_t len;
    char sha256[65];
};

struct bank_q {
    struct exam_qv v;
    char *tags;               /* malloc'd JSON */
    size_t nopt;
    const char *opt_text[BANK_MAX_OPTIONS];
    int opt_correct[BANK_MAX_OPTIONS];
    size_t nimg;
    struct bank_image img[BANK_MAX_IMAGES];
};

/* Validates one question object (topic by topic_id, or topic_code in
 * imports). Strings point into q, which must outlive p. 0, or -1 and *e
 * (field relative to the question). Always call bank_q_free. */
int bank_q_parse(db *d, int64_t subject_id, json_t *q, struct bank_q *p, struct bank_err *e);
void bank_q_free(struct bank_q *p);
/* Writes version `version` of a question (1 = a new question, *qid set) with
 * its options, images and audit entry ("question.create" / "question.edit",
 * naming the version, never the content), inside the caller's transaction. */
int bank_q_write(db *d, const struct actor *a, int64_t user_id, int64_t subject_id, int64_t *qid, int version,
                 const struct bank_q *p, int64_t *vid, const char *via);

/* All-or-nothing import of an array of question objects ("id" and "version"
 * members of an export are dropped). Every question is validated; errors go
 * to `report` as {index (0-based), field, code, message}. When none and not
 * dry_run, all are written in one transaction with one "bank.import" entry
 * ({created, via}). Returns 0 (valid; written unless dry_run; *created), 1
 * (invalid: nothing written), -1 (system error: nothing written). */
int bank_import(db *d, const struct actor *a, int64_t user_id, int64_t subject_id, json_t *questions, int dry_run,
                const char *via, json_t *report, long *created);

/* The current version of every question of the subject (retired ones left out) in the export shape
 * ({id, version, topic_code, type, difficulty, stem, tags, points, answer?,
 * options: [{text, correct}], images: [{mime, data_base64}]}), and logs one
 * "question.read" per question ({version, via}) in one transaction before
 * returning. NULL on error (nothing may be sent). */
json_t *bank_export_collect(db *d, const struct actor *a, int64_t subject_id, const char *via);
/* Logs "question.read" for each {id, version} of `reads` in one transaction. */
int bank_log_reads(db *d, const struct actor *a, json_t *reads, const char *via);

/* ---- the sheet layout ---- */

enum bank_col {
    BC_TOPIC, BC_TYPE, BC_DIFFICULTY, BC_STEM, BC_KEY, BC_GUIDE, BC_POINTS, BC_TAGS, BC_IMAGES, BC_NO,
    BC_OPT_A, /* .. BC_OPT_A + 15 */
    BC_COUNT = BC_OPT_A + BANK_MAX_OPTIONS
};

/* Header label of a column as exported ("Mã chủ đề", "Phương án C"). */
const char *bank_col_label(int col);
/* Column of a header cell (case, diacritics and punctuation ignored; a few
 * aliases and the JSON names), -1 when unknown. */
int bank_col_of_header(const char *header);
/* Type code from a cell ("single" or "Một lựa chọn", "mot lua chon"), NULL when unknown. */
const char *bank_type_of_label(const char *cell);
/* Vietnamese label of a type code ("Một lựa chọn"). */
const char *bank_type_label(const char *type);
/* Points in hundredths from "1", "0,5", "1.25" (0.01–100): 0, or -1. */
int bank_points_parse(const char *cell, int *hundredths);

struct bank_sheet {
    json_t *questions;        /* question objects of the rows without cell errors */
    json_t *rows;             /* sheet row number of each question */
    json_t *lines;            /* CSV physical line of each question (= row for xlsx) */
    json_t *errors;           /* [{row, column, letter?, code, message[, line]}] (first BANK_MAX_REPORT) */
    long error_count, error_rows, total;
    int format;               /* enum sheet_format */
    int col_of[BC_COUNT];     /* file column index of each layout column, -1 absent */
    char *header[BC_COUNT];   /* header text as written in the file (malloc'd) */
    char message[300];        /* why the file could not be read (Vietnamese) */
};

void bank_sheet_init(struct bank_sheet *s);
void bank_sheet_clear(struct bank_sheet *s);
/* Reads a bank sheet held in memory. 0 (read; see errors), -1 (unreadable:
 * message). At most BANK_MAX_QUESTIONS rows. */
int bank_sheet_read(const void *data, size_t len, struct bank_sheet *s);
/* Adds an error for the question at `index` and its validator field
 * (mapped to its column) to the report. */
void bank_sheet_add_field_error(struct bank_sheet *s, size_t index, const char *field, const char *message);
/* Column (label as written in the file) for a validator field of a question
 * of the given type. */
const char *bank_sheet_column(const struct bank_sheet *s, const char *type, const char *field);

/* Writers, from questions in the export shape. */
int bank_sheet_write_xlsx(json_t *questions, const char *subject_code, const char *path);
int bank_sheet_write_csv(json_t *questions, FILE *f, char sep);

#endif
