/* The unit's year results as .xlsx in the layout provinces file
 * ("Kết quả đánh giá, xếp loại chất lượng công chức năm YYYY"), with
 * libxlsxwriter: the header block (agency and unit on the left, the national
 * motto on the right), the table title, the columns STT, Họ và tên, Chức
 * vụ/chức danh, Đơn vị, Điểm, Mức đề xuất, Mức xếp loại (cuối cùng), Ghi chú,
 * the totals per level, the HTXS cap lines, the date and the signature block
 * (Người lập biểu / Thủ trưởng đơn vị).
 *
 * The content comes as a JSON "view" built by api/eval_report.c (the same
 * view a publication snapshots):
 *   {agency, unit_name, year, decided (bool), decided_on ("YYYY-MM-DD"|null),
 *    date ("YYYY-MM-DD", the date line), regime_name,
 *    rows: [{seq, name, post, unit, score_x100|null, proposed, final|null, note}],
 *    totals: {HTXS, HTT, HTNV, KHT, other, total},
 *    cap_lines: ["..."]}
 * Levels are written with their Vietnamese names (core/rating.h). */
#ifndef CANBO_IO_EVAL_XLSX_H
#define CANBO_IO_EVAL_XLSX_H
#include <jansson.h>

/* Row layout (0-based sheet rows), for readers and tests. */
#define EVAL_XLSX_TITLE_ROW 3
#define EVAL_XLSX_HEADER_ROW 6
#define EVAL_XLSX_FIRST_DATA_ROW 7
#define EVAL_XLSX_COLS 8

/* Writes the workbook to path. 0 / -1. */
int eval_xlsx_write(const char *path, json_t *view);

#endif
