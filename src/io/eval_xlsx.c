/* The unit's year results as .xlsx (see io/eval_xlsx.h). */
#include "io/eval_xlsx.h"
#include "core/rating.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct fmts {
    lxw_format *agency, *unit, *motto, *motto2, *title, *subtitle, *hdr, *cell, *cell_c, *score, *label, *num,
        *line, *date, *sign, *sign_note;
};

static lxw_format *fmt(lxw_workbook *wb, int bold, int italic, double size, int align, int border, int wrap)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    if (italic) format_set_italic(f);
    if (align) format_set_align(f, (uint8_t)align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (wrap) format_set_text_wrap(f);
    return f;
}

static const char *level_name(const char *code)
{
    if (!code || !*code) return "";
    enum rating_level l = rating_level_parse(code);
    return l ? rating_level_name(l) : code;
}

static const char *jstr_or(json_t *o, const char *k, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : dflt;
}

/* "2026-12-20" -> "ngày 20 tháng 12 năm 2026" */
static void date_line(const char *iso, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) { snprintf(out, cap, "ngày ... tháng ... năm ..."); return; }
    snprintf(out, cap, "ngày %02d tháng %02d năm %d", d, m, y);
}

static void vn_date(const char *iso, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) { snprintf(out, cap, "%s", iso ? iso : ""); return; }
    snprintf(out, cap, "%02d/%02d/%04d", d, m, y);
}

#define CK(e) do { if ((e) != LXW_NO_ERROR) goto fail; } while (0)

int eval_xlsx_write(const char *path, json_t *view)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return -1;
    int64_t year = json_integer_value(json_object_get(view, "year"));
    char title[200], buf[600];
    snprintf(title, sizeof title, "Kết quả đánh giá, xếp loại chất lượng công chức năm %lld", (long long)year);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title;
    props.author = (char *)"canbo";
    props.company = (char *)"canbo";
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Kết quả xếp loại");
    if (!ws) goto fail;
    struct fmts f;
    f.agency = fmt(wb, 0, 0, 12, LXW_ALIGN_CENTER, 0, 1);
    f.unit = fmt(wb, 1, 0, 12, LXW_ALIGN_CENTER, 0, 1);
    f.motto = fmt(wb, 1, 0, 12, LXW_ALIGN_CENTER, 0, 0);
    f.motto2 = fmt(wb, 1, 0, 13, LXW_ALIGN_CENTER, 0, 0);
    format_set_underline(f.motto2, LXW_UNDERLINE_SINGLE);
    f.title = fmt(wb, 1, 0, 14, LXW_ALIGN_CENTER, 0, 1);
    f.subtitle = fmt(wb, 0, 1, 12, LXW_ALIGN_CENTER, 0, 1);
    f.hdr = fmt(wb, 1, 0, 12, LXW_ALIGN_CENTER, 1, 1);
    format_set_bg_color(f.hdr, 0xDDEBF7);
    f.cell = fmt(wb, 0, 0, 12, 0, 1, 1);
    f.cell_c = fmt(wb, 0, 0, 12, LXW_ALIGN_CENTER, 1, 1);
    f.score = fmt(wb, 0, 0, 12, LXW_ALIGN_CENTER, 1, 0);
    format_set_num_format(f.score, "0.00");
    f.label = fmt(wb, 1, 0, 12, 0, 1, 1);
    f.num = fmt(wb, 1, 0, 12, LXW_ALIGN_CENTER, 1, 0);
    f.line = fmt(wb, 0, 1, 12, 0, 0, 1);
    f.date = fmt(wb, 0, 1, 12, LXW_ALIGN_CENTER, 0, 0);
    f.sign = fmt(wb, 1, 0, 12, LXW_ALIGN_CENTER, 0, 0);
    f.sign_note = fmt(wb, 0, 1, 12, LXW_ALIGN_CENTER, 0, 0);

    static const double widths[EVAL_XLSX_COLS] = {6, 28, 26, 26, 9, 24, 24, 40};
    for (lxw_col_t c = 0; c < EVAL_XLSX_COLS; c++) CK(worksheet_set_column(ws, c, c, widths[c], NULL));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);

    /* header block */
    const char *agency = jstr_or(view, "agency", "");
    const char *unit = jstr_or(view, "unit_name", "");
    CK(worksheet_merge_range(ws, 0, 0, 0, 2, agency, f.agency));
    CK(worksheet_merge_range(ws, 0, 4, 0, 7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.motto));
    CK(worksheet_merge_range(ws, 1, 0, 1, 2, unit, f.unit));
    CK(worksheet_merge_range(ws, 1, 4, 1, 7, "Độc lập - Tự do - Hạnh phúc", f.motto2));
    worksheet_set_row(ws, EVAL_XLSX_TITLE_ROW, 24, NULL);
    CK(worksheet_merge_range(ws, EVAL_XLSX_TITLE_ROW, 0, EVAL_XLSX_TITLE_ROW, 7, title, f.title));
    int decided = json_is_true(json_object_get(view, "decided"));
    char d1[16];
    vn_date(json_string_value(json_object_get(view, "decided_on")), d1, sizeof d1);
    if (decided)
        snprintf(buf, sizeof buf, "(Theo %s; kết quả đã được Hội đồng quyết định ngày %s)",
                 jstr_or(view, "regime_name", "NĐ 335/2025/NĐ-CP"), d1);
    else
        snprintf(buf, sizeof buf, "(DỰ THẢO: Hội đồng chưa quyết định; mức xếp loại cuối cùng để trống — %s)",
                 jstr_or(view, "regime_name", "NĐ 335/2025/NĐ-CP"));
    CK(worksheet_merge_range(ws, EVAL_XLSX_TITLE_ROW + 1, 0, EVAL_XLSX_TITLE_ROW + 1, 7, buf, f.subtitle));

    /* the table */
    static const char *const heads[EVAL_XLSX_COLS] = {"STT", "Họ và tên", "Chức vụ/chức danh", "Đơn vị", "Điểm",
                                                      "Mức đề xuất", "Mức xếp loại (cuối cùng)", "Ghi chú"};
    worksheet_set_row(ws, EVAL_XLSX_HEADER_ROW, 32, NULL);
    for (lxw_col_t c = 0; c < EVAL_XLSX_COLS; c++) CK(worksheet_write_string(ws, EVAL_XLSX_HEADER_ROW, c, heads[c], f.hdr));
    lxw_row_t row = EVAL_XLSX_FIRST_DATA_ROW;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(view, "rows"), i, o) {
        CK(worksheet_write_number(ws, row, 0, (double)json_integer_value(json_object_get(o, "seq")), f.cell_c));
        CK(worksheet_write_string(ws, row, 1, jstr_or(o, "name", ""), f.cell));
        CK(worksheet_write_string(ws, row, 2, jstr_or(o, "post", ""), f.cell));
        CK(worksheet_write_string(ws, row, 3, jstr_or(o, "unit", ""), f.cell));
        json_t *s = json_object_get(o, "score_x100");
        if (json_is_integer(s)) CK(worksheet_write_number(ws, row, 4, (double)json_integer_value(s) / 100.0, f.score));
        else CK(worksheet_write_blank(ws, row, 4, f.score));
        CK(worksheet_write_string(ws, row, 5, level_name(jstr_or(o, "proposed", "")), f.cell));
        CK(worksheet_write_string(ws, row, 6, level_name(jstr_or(o, "final", "")), f.cell));
        CK(worksheet_write_string(ws, row, 7, jstr_or(o, "note", ""), f.cell));
        row++;
    }

    /* totals per level */
    row++;
    json_t *t = json_object_get(view, "totals");
    CK(worksheet_merge_range(ws, row, 0, row, 3, "Tổng hợp kết quả xếp loại", f.label));
    CK(worksheet_write_string(ws, row, 4, "Số người", f.hdr));
    CK(worksheet_write_string(ws, row, 5, "Tỷ lệ", f.hdr));
    row++;
    static const char *const lv[] = {"HTXS", "HTT", "HTNV", "KHT"};
    int64_t total = json_integer_value(json_object_get(t, "total"));
    lxw_format *pct = workbook_add_format(wb);
    format_set_font_name(pct, "Times New Roman");
    format_set_font_size(pct, 12);
    format_set_border(pct, LXW_BORDER_THIN);
    format_set_align(pct, LXW_ALIGN_CENTER);
    format_set_num_format(pct, "0.0%");
    for (size_t k = 0; k < 4; k++) {
        int64_t n = json_integer_value(json_object_get(t, lv[k]));
        snprintf(buf, sizeof buf, "%s (%s)", rating_level_name(rating_level_parse(lv[k])), lv[k]);
        CK(worksheet_merge_range(ws, row, 0, row, 3, buf, f.cell));
        CK(worksheet_write_number(ws, row, 4, (double)n, f.num));
        CK(worksheet_write_number(ws, row, 5, total ? (double)n / (double)total : 0.0, pct));
        row++;
    }
    int64_t other = json_integer_value(json_object_get(t, "other"));
    if (other) {
        CK(worksheet_merge_range(ws, row, 0, row, 3, "Chưa xếp loại / chưa có mức", f.cell));
        CK(worksheet_write_number(ws, row, 4, (double)other, f.num));
        CK(worksheet_write_number(ws, row, 5, total ? (double)other / (double)total : 0.0, pct));
        row++;
    }
    CK(worksheet_merge_range(ws, row, 0, row, 3, "Tổng số", f.label));
    CK(worksheet_write_number(ws, row, 4, (double)total, f.num));
    CK(worksheet_write_number(ws, row, 5, total ? 1.0 : 0.0, pct));
    row += 2;

    /* the HTXS cap lines */
    json_array_foreach(json_object_get(view, "cap_lines"), i, o) {
        worksheet_set_row(ws, row, 32, NULL);
        CK(worksheet_merge_range(ws, row, 0, row, 7, json_string_value(o) ? json_string_value(o) : "", f.line));
        row++;
    }
    row++;

    /* date and signatures */
    char dl[64];
    date_line(json_string_value(json_object_get(view, "date")), dl, sizeof dl);
    snprintf(buf, sizeof buf, "%s, %s", jstr_or(view, "place", "......"), dl);
    CK(worksheet_merge_range(ws, row, 5, row, 7, buf, f.date));
    row++;
    CK(worksheet_merge_range(ws, row, 0, row, 2, "NGƯỜI LẬP BIỂU", f.sign));
    CK(worksheet_merge_range(ws, row, 5, row, 7, "THỦ TRƯỞNG ĐƠN VỊ", f.sign));
    row++;
    CK(worksheet_merge_range(ws, row, 0, row, 2, "(Ký, ghi rõ họ tên)", f.sign_note));
    CK(worksheet_merge_range(ws, row, 5, row, 7, "(Ký tên, đóng dấu)", f.sign_note));
    row += 4;
    CK(worksheet_merge_range(ws, row, 0, row, 2, jstr_or(view, "prepared_by", ""), f.sign));

    worksheet_repeat_rows(ws, EVAL_XLSX_HEADER_ROW, EVAL_XLSX_HEADER_ROW);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
fail:
    workbook_close(wb);
    return -1;
}
