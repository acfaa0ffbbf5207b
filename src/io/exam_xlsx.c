/* Excel export of exam results (see exam_xlsx.h). */
#include "io/exam_xlsx.h"
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* Hundredths as a number cell (blank when null). */
static void num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v, lxw_format *f)
{
    if (json_is_integer(v)) worksheet_write_number(ws, r, c, (double)json_integer_value(v) / 100.0, f);
}

/* The tie as the results page words it (web/js/pages/exam_grading.js TIE):
 * "round2" = equal totals, decided by the round-2 score; "full" = equal on
 * both, decided by the head. Unknown values are written as they are. */
static const char *tie_text(const char *tie)
{
    if (!strcmp(tie, "round2")) return "Bằng tổng điểm – xét điểm vòng 2";
    if (!strcmp(tie, "full")) return "Bằng cả tổng điểm và điểm vòng 2";
    return tie;
}

int exam_results_xlsx(const json_t *res, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return -1;
    const json_t *exam = json_object_get(res, "exam");
    lxw_doc_properties props = {.title = (char *)str(exam, "title"), .author = (char *)"canbo"};
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Kết quả");
    lxw_worksheet *wx = workbook_add_worksheet(wb, "Giải thích");
    lxw_format *hdr = workbook_add_format(wb);
    format_set_bold(hdr);
    format_set_text_wrap(hdr);
    format_set_bg_color(hdr, 0xDDEBF7);
    format_set_border(hdr, LXW_BORDER_THIN);
    lxw_format *pts = workbook_add_format(wb);
    format_set_num_format(pts, "0.00");
    static const char *const cols[] = {"Số báo danh", "Họ và tên", "Vị trí việc làm", "Điểm", "Điểm tối đa",
                                       "Số câu đúng", "Điểm thang 100", "Phỏng vấn", "Điểm vòng 2", "Điểm ưu tiên",
                                       "Tổng điểm", "Thứ hạng", "Kết quả", "Bằng điểm"};
    const int ncols = (int)(sizeof cols / sizeof cols[0]);
    for (int i = 0; i < ncols; i++) worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], hdr);
    worksheet_set_column(ws, 0, 0, 12, NULL);
    worksheet_set_column(ws, 1, 1, 28, NULL);
    worksheet_set_column(ws, 2, 2, 16, NULL);
    worksheet_set_column(ws, 3, 11, 11, NULL);
    worksheet_set_column(ws, 12, 12, 22, NULL);
    worksheet_set_column(ws, 13, 13, 34, NULL);
    worksheet_write_string(wx, 0, 0, "Số báo danh", hdr);
    worksheet_write_string(wx, 0, 1, "Giải thích", hdr);
    worksheet_set_column(wx, 1, 1, 140, NULL);
    const json_t *cands = json_object_get(res, "candidates");
    size_t i;
    const json_t *c;
    lxw_row_t row = 1, xrow = 1;
    json_array_foreach(cands, i, c) {
        worksheet_write_string(ws, row, 0, str(c, "reg_no"), NULL);
        worksheet_write_string(ws, row, 1, str(c, "full_name"), NULL);
        worksheet_write_string(ws, row, 2, str(c, "position"), NULL);
        num(ws, row, 3, json_object_get(c, "points"), pts);
        num(ws, row, 4, json_object_get(c, "max_points"), pts);
        if (json_is_integer(json_object_get(c, "correct")))
            worksheet_write_number(ws, row, 5, (double)json_integer_value(json_object_get(c, "correct")), NULL);
        num(ws, row, 6, json_object_get(c, "score"), pts);
        num(ws, row, 7, json_object_get(c, "interview"), pts);
        num(ws, row, 8, json_object_get(c, "round2"), pts);
        num(ws, row, 9, json_object_get(c, "priority_points"), pts);
        num(ws, row, 10, json_object_get(c, "total"), pts);
        json_t *rank = json_object_get(c, "rank");
        if (json_is_integer(rank) && json_integer_value(rank) > 0)
            worksheet_write_number(ws, row, 11, (double)json_integer_value(rank), NULL);
        worksheet_write_string(ws, row, 12, str(c, "result_label"), NULL);
        worksheet_write_string(ws, row, 13, tie_text(str(c, "tie")), NULL);
        size_t k;
        json_t *line;
        json_array_foreach(json_object_get(c, "explain"), k, line) {
            worksheet_write_string(wx, xrow, 0, str(c, "reg_no"), NULL);
            worksheet_write_string(wx, xrow++, 1, json_string_value(line) ? json_string_value(line) : "", NULL);
        }
        row++;
    }
    worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(ncols - 1));
    worksheet_freeze_panes(ws, 1, 0);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}
