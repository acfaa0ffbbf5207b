/* Excel export of an exam's results and ranking (libxlsxwriter). */
#ifndef CANBO_IO_EXAM_XLSX_H
#define CANBO_IO_EXAM_XLSX_H
#include <jansson.h>

/* Writes the results document built by api/exam_grading.c (the reply of
 * GET /exams/{id}/results: {exam, candidates: [...]}) to `path`: the first
 * sheet "Kết quả" has one row per candidate (registration number, name,
 * position, points, score, priority, total, rank, result), the second
 * "Giải thích" the explanation lines. 0 / -1. */
int exam_results_xlsx(const json_t *results, const char *path);

#endif
