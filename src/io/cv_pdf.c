/* Mẫu 2C-BNV/2008 as PDF: a small flowing layout on top of pango + cairo
 * (paragraphs broken line by line at page ends, tables with repeated header
 * rows). A4 portrait, 72 points per inch. */
#include "io/cv_pdf.h"
#include "core/date.h"
#include "db/admin.h"
#include "db/export.h"
#include "db/person.h"
#include "io/refs.h"
#include "util/jbuf.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276
#define PAGE_H 841.890
#define M_LEFT 56.7       /* 2 cm: binding side */
#define M_RIGHT 42.5      /* 1.5 cm */
#define M_TOP 42.5
#define M_BOTTOM 56.7
#define CONTENT_W (PAGE_W - M_LEFT - M_RIGHT)
#define PHOTO_W 113.4     /* 4 x 6 cm */
#define PHOTO_H 170.1
#define CELL_PAD 3.0

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer's hook (sanitizer builds only): fontconfig 2.14 leaks a few
 * hundred bytes while parsing its own configuration, once per process
 * (under FcInitLoadConfigAndFonts). With the default fast unwinding the
 * recorded stacks stop inside libfontconfig (built without frame pointers),
 * so the suppression names the library. Everything io/ allocates, pango's
 * font map included, is freed with each document: checked with
 * ASAN_OPTIONS=fast_unwind_on_malloc=0, where only that config leak is left. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
#endif

struct pdf {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoFontMap *fm;     /* our own, freed with the document (no process-wide caches) */
    PangoContext *ctx;
    PangoFontDescription *body, *bold, *small, *small_bold, *title, *note;
    FILE *out;
    int write_error;
    double y;
    int pages;            /* finished pages */
    int page_used;        /* something drawn on the current page */
    int cv_page;          /* page number within the current CV */
    double photo_bottom;  /* text beside the photo until this y (first page of a CV) */
    char footer[300];
    char printed[11];
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    struct pdf *p = closure;
    if (fwrite(data, 1, len, p->out) != len) {
        p->write_error = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static int pdf_open(struct pdf *p, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->surf = cairo_pdf_surface_create_for_stream(write_out, p, PAGE_W, PAGE_H);
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) return -1;
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, "Sơ yếu lý lịch cán bộ, công chức (Mẫu 2C-BNV/2008)");
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "canbo");
    p->cr = cairo_create(p->surf);
    p->fm = pango_cairo_font_map_new();
    p->ctx = pango_font_map_create_context(p->fm);
    pango_cairo_update_context(p->cr, p->ctx);
    pango_cairo_context_set_resolution(p->ctx, 72.0);
    p->body = pango_font_description_from_string("DejaVu Serif 10.5");
    p->bold = pango_font_description_from_string("DejaVu Serif Bold 10.5");
    p->small = pango_font_description_from_string("DejaVu Serif 9");
    p->small_bold = pango_font_description_from_string("DejaVu Serif Bold 9");
    p->title = pango_font_description_from_string("DejaVu Serif Bold 15");
    p->note = pango_font_description_from_string("DejaVu Sans 7.5");
    p->y = M_TOP;
    date_format_vn(date_today(), p->printed);
    return 0;
}

static void draw_footer(struct pdf *p)
{
    char text[400];
    snprintf(text, sizeof text, "%s — Trang %d — in từ canbo ngày %s", p->footer, p->cv_page, p->printed);
    PangoLayout *l = pango_layout_new(p->ctx);
    pango_layout_set_font_description(l, p->note);
    pango_layout_set_width(l, (int)(CONTENT_W * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    cairo_move_to(p->cr, M_LEFT, PAGE_H - M_BOTTOM + 18);
    pango_cairo_show_layout(p->cr, l);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    g_object_unref(l);
}

static void end_page(struct pdf *p)
{
    draw_footer(p);
    cairo_show_page(p->cr);
    p->pages++;
    p->cv_page++;
    p->page_used = 0;
    p->y = M_TOP;
    p->photo_bottom = 0;
}

/* Moves to a new page when h points do not fit. */
static int ensure(struct pdf *p, double h)
{
    if (p->y + h <= PAGE_H - M_BOTTOM || p->y <= M_TOP + 0.1) return 0;
    end_page(p);
    return 1;
}

static PangoLayout *layout(struct pdf *p, const PangoFontDescription *font, double width, const char *markup,
                           PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(p->ctx);
    pango_layout_set_font_description(l, font);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_markup(l, markup, -1);
    return l;
}

/* A paragraph, line by line (so that it can break across pages). */
static void para_markup(struct pdf *p, const PangoFontDescription *font, const char *markup, PangoAlignment align,
                        double space_after)
{
    double indent = p->y < p->photo_bottom ? PHOTO_W + 12 : 0;
    PangoLayout *l = layout(p, font, CONTENT_W - indent, markup, align);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle lg;
        pango_layout_iter_get_line_extents(it, NULL, &lg);
        double h = (double)lg.height / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - lg.y) / PANGO_SCALE;
        ensure(p, h);
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        cairo_move_to(p->cr, M_LEFT + indent + (double)lg.x / PANGO_SCALE, p->y + base);
        pango_cairo_show_layout_line(p->cr, line);
        p->y += h;
        p->page_used = 1;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    p->y += space_after;
}

/* printf into markup, escaping every %s argument. Only %s is supported. */
static char *markupf(const char *fmt, ...)
{
    GString *s = g_string_new(NULL);
    va_list ap;
    va_start(ap, fmt);
    for (const char *c = fmt; *c; c++) {
        if (c[0] == '%' && c[1] == 's') {
            const char *arg = va_arg(ap, const char *);
            char *e = g_markup_escape_text(arg ? arg : "", -1);
            g_string_append(s, e);
            g_free(e);
            c++;
        } else g_string_append_c(s, *c);
    }
    va_end(ap);
    return g_string_free(s, FALSE);
}

#define PARA(p, ...) do { char *m_ = markupf(__VA_ARGS__); para_markup(p, (p)->body, m_, PANGO_ALIGN_LEFT, 2); g_free(m_); } while (0)

static void heading(struct pdf *p, const char *text)
{
    ensure(p, 40);
    p->y += 6;
    char *m = markupf("<b>%s</b>", text);
    para_markup(p, p->body, m, PANGO_ALIGN_LEFT, 4);
    g_free(m);
}

struct tcol { const char *head; double frac; };

static double row_height(struct pdf *p, const struct tcol *cols, int nc, const char *const *cells, int header)
{
    double h = 0;
    for (int i = 0; i < nc; i++) {
        char *m = markupf("%s", cells[i]);
        PangoLayout *l = layout(p, header ? p->small_bold : p->small, cols[i].frac * CONTENT_W - 2 * CELL_PAD, m,
                                header ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
        int w, lh;
        pango_layout_get_size(l, &w, &lh);
        if ((double)lh / PANGO_SCALE > h) h = (double)lh / PANGO_SCALE;
        g_object_unref(l);
        g_free(m);
    }
    return h + 2 * CELL_PAD;
}

static void draw_row(struct pdf *p, const struct tcol *cols, int nc, const char *const *cells, int header, double h)
{
    double x = M_LEFT;
    for (int i = 0; i < nc; i++) {
        double w = cols[i].frac * CONTENT_W;
        if (header) {
            cairo_set_source_rgb(p->cr, 0.92, 0.92, 0.92);
            cairo_rectangle(p->cr, x, p->y, w, h);
            cairo_fill(p->cr);
            cairo_set_source_rgb(p->cr, 0, 0, 0);
        }
        cairo_set_line_width(p->cr, 0.6);
        cairo_rectangle(p->cr, x, p->y, w, h);
        cairo_stroke(p->cr);
        char *m = markupf("%s", cells[i]);
        PangoLayout *l = layout(p, header ? p->small_bold : p->small, w - 2 * CELL_PAD, m,
                                header ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
        cairo_move_to(p->cr, x + CELL_PAD, p->y + CELL_PAD);
        pango_cairo_show_layout(p->cr, l);
        g_object_unref(l);
        g_free(m);
        x += w;
    }
    p->y += h;
    p->page_used = 1;
}

/* rows: nrows * nc cells. An empty table shows two blank rows, as the form does. */
static void table(struct pdf *p, const struct tcol *cols, int nc, const char *const *cells, size_t nrows)
{
    const char *heads[8];
    for (int i = 0; i < nc; i++) heads[i] = cols[i].head;
    double hh = row_height(p, cols, nc, heads, 1);
    const char *blank[8] = {"", "", "", "", "", "", "", ""};
    size_t n = nrows ? nrows : 2;
    double first = nrows ? row_height(p, cols, nc, cells, 0) : 16;
    ensure(p, hh + first);
    draw_row(p, cols, nc, heads, 1, hh);
    for (size_t r = 0; r < n; r++) {
        const char *const *row = nrows ? cells + r * (size_t)nc : blank;
        double h = nrows ? row_height(p, cols, nc, row, 0) : 16;
        if (ensure(p, h)) draw_row(p, cols, nc, heads, 1, hh);
        draw_row(p, cols, nc, row, 0, h);
    }
    p->y += 4;
}

/* --- values ------------------------------------------------------------------------------ */

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* "YYYY-MM-DD" -> "dd/mm/yyyy" (buf of 11+). */
static const char *vn_date(const char *iso, char *buf)
{
    cdate d;
    if (!iso || !*iso || date_parse_iso(iso, &d) != 0) return iso ? iso : "";
    date_format_vn(d, buf);
    return buf;
}

/* "YYYY-MM" or "YYYY-MM-DD" -> "mm/yyyy". */
static const char *vn_month(const char *s, char *buf, size_t cap)
{
    if (!s || strlen(s) < 7) return s ? s : "";
    snprintf(buf, cap, "%.2s/%.4s", s + 5, s);
    return buf;
}

static const char *level_name(const struct io_refs *r, const char *kind, const char *code)
{
    if (!code || !*code) return "";
    const struct ref_item *it = ref_by_code(&r->level, code, kind);
    return it ? it->name : code;
}

static void coef_text(json_t *v, char *buf, size_t cap)
{
    if (!json_is_integer(v)) { buf[0] = 0; return; }
    int c = (int)(json_integer_value(v) % 100000);
    snprintf(buf, cap, "%d,%02d", c / 100, c % 100);
}

/* --- the form ------------------------------------------------------------------------------- */

#define HIDDEN "(không hiển thị: thông tin nhạy cảm)"

/* Growable array of cell strings (owned). */
struct cells { char **v; size_t n, cap; };

static void cells_add(struct cells *c, const char *s)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        char **nv = realloc(c->v, nc * sizeof *nv);
        if (!nv) return;
        c->v = nv;
        c->cap = nc;
    }
    c->v[c->n++] = g_strdup(s ? s : "");
}

static void cells_free(struct cells *c)
{
    for (size_t i = 0; i < c->n; i++) g_free(c->v[i]);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static void work_table(struct pdf *p, json_t *person)
{
    /* Postings and free-text work history lines, by start month. */
    struct item { char from[11]; char period[48]; char text[700]; } *items = NULL;
    json_t *post = json_object_get(person, "postings"), *work = json_object_get(person, "work_history");
    size_t n = json_array_size(post) + json_array_size(work), k = 0;
    items = calloc(n ? n : 1, sizeof *items);
    if (!items) return;
    size_t i;
    json_t *r;
    json_array_foreach(post, i, r) {
        char a[16], b[16];
        const char *from = jstr(r, "valid_from"), *to = json_string_value(json_object_get(r, "valid_to"));
        char last[11] = "";
        cdate td;
        if (to && date_parse_iso(to, &td) == 0) date_format_iso(td - 1, last);
        snprintf(items[k].from, sizeof items[k].from, "%s", from);
        snprintf(items[k].period, sizeof items[k].period, "%s – %s", vn_month(from, a, sizeof a),
                 to ? vn_month(last, b, sizeof b) : "nay");
        const char *title = jstr(r, "title_name"), *pos = jstr(r, "position"), *unit = jstr(r, "unit_name");
        snprintf(items[k].text, sizeof items[k].text, "%s%s%s%s%s", *title ? title : pos, *title && *pos ? " (" : "",
                 *title && *pos ? pos : "", *title && *pos ? ")" : "", "");
        size_t used = strlen(items[k].text);
        snprintf(items[k].text + used, sizeof items[k].text - used, "%s%s", used && *unit ? ", " : "", unit);
        k++;
    }
    json_array_foreach(work, i, r) {
        char a[16], b[16];
        const char *from = jstr(r, "from_month"), *to = json_string_value(json_object_get(r, "to_month"));
        snprintf(items[k].from, sizeof items[k].from, "%s", from);
        snprintf(items[k].period, sizeof items[k].period, "%s – %s", vn_month(from, a, sizeof a),
                 to ? vn_month(to, b, sizeof b) : "nay");
        snprintf(items[k].text, sizeof items[k].text, "%s", jstr(r, "description"));
        k++;
    }
    /* insertion sort by start (few rows) */
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && strcmp(items[b - 1].from, items[b].from) > 0; b--) {
            struct item t = items[b];
            items[b] = items[b - 1];
            items[b - 1] = t;
        }
    struct cells c = {0};
    for (size_t a = 0; a < k; a++) {
        cells_add(&c, items[a].period);
        cells_add(&c, items[a].text);
    }
    static const struct tcol cols[] = {{"Từ tháng, năm đến tháng, năm", 0.25},
                                       {"Chức danh, chức vụ, đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội), kể cả thời gian được đào tạo, bồi dưỡng", 0.75}};
    table(p, cols, 2, (const char *const *)c.v, c.n / 2);
    cells_free(&c);
    free(items);
}

static void family_table(struct pdf *p, json_t *family, const char *side)
{
    struct cells c = {0};
    size_t i;
    json_t *r;
    json_array_foreach(family, i, r) {
        if (strcmp(jstr(r, "side"), side) != 0) continue;
        cells_add(&c, jstr(r, "relation"));
        cells_add(&c, jstr(r, "full_name"));
        char y[16] = "";
        if (json_is_integer(json_object_get(r, "birth_year")))
            snprintf(y, sizeof y, "%lld", (long long)json_integer_value(json_object_get(r, "birth_year")));
        cells_add(&c, y);
        const char *det = jstr(r, "details"), *pol = jstr(r, "political_history");
        char *both = g_strdup_printf("%s%s%s", det, *det && *pol ? "; " : "", pol);
        cells_add(&c, both);
        g_free(both);
    }
    static const struct tcol cols[] = {{"Mối quan hệ", 0.14}, {"Họ và tên", 0.22}, {"Năm sinh", 0.1},
                                       {"Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở (trong, ngoài nước); thành viên các tổ chức chính trị – xã hội…", 0.54}};
    table(p, cols, 4, (const char *const *)c.v, c.n / 4);
    cells_free(&c);
}

static void list_line(json_t *arr, GString *out, int with_reason)
{
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r) {
        if (out->len) g_string_append(out, "; ");
        json_t *y = json_object_get(r, "year");
        if (json_is_integer(y)) g_string_append_printf(out, "%lld: ", (long long)json_integer_value(y));
        g_string_append(out, jstr(r, "form"));
        if (*jstr(r, "authority")) g_string_append_printf(out, " (%s)", jstr(r, "authority"));
        if (with_reason && *jstr(r, "reason")) g_string_append_printf(out, " — %s", jstr(r, "reason"));
    }
}

static void render_cv(struct pdf *p, db *d, const struct io_refs *refs, json_t *v, int with_sensitive)
{
    char b1[16], b2[16], b3[16], b4[16];
    char unit_name[300] = "", parent[300] = "";
    json_t *uid = json_object_get(v, "unit_id");
    if (json_is_integer(uid)) {
        snprintf(unit_name, sizeof unit_name, "%s", jstr(v, "unit_name"));
        if (db_io_unit_parent_name(d, json_integer_value(uid), parent, sizeof parent) != 0) parent[0] = 0;
    }
    const char *name = jstr(v, "full_name");
    snprintf(p->footer, sizeof p->footer, "Sơ yếu lý lịch: %s", name);
    p->cv_page = 1;

    /* Header block. */
    char *m = markupf("<i>Mẫu 2C-BNV/2008 ban hành kèm theo Quyết định số 02/2008/QĐ-BNV</i>");
    para_markup(p, p->small, m, PANGO_ALIGN_RIGHT, 2);
    g_free(m);
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(json_object_get(v, "id")));
    m = markupf("Cơ quan, đơn vị có thẩm quyền quản lý CBCC: <b>%s</b>\nCơ quan, đơn vị sử dụng CBCC: <b>%s</b>\nSố hiệu cán bộ, công chức: <b>%s</b>",
                *parent ? parent : unit_name, unit_name, idbuf);
    para_markup(p, p->small, m, PANGO_ALIGN_LEFT, 8);
    g_free(m);

    /* Photo box and title. */
    double top = p->y;
    cairo_set_line_width(p->cr, 0.8);
    cairo_rectangle(p->cr, M_LEFT, top, PHOTO_W, PHOTO_H);
    cairo_stroke(p->cr);
    PangoLayout *ph = layout(p, p->small, PHOTO_W, "Ảnh màu\n(4 × 6 cm)", PANGO_ALIGN_CENTER);
    cairo_move_to(p->cr, M_LEFT, top + PHOTO_H / 2 - 12);
    pango_cairo_show_layout(p->cr, ph);
    g_object_unref(ph);
    p->photo_bottom = top + PHOTO_H + 4;
    p->y = top + 4;
    para_markup(p, p->title, "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC", PANGO_ALIGN_CENTER, 10);

    char *upper = g_utf8_strup(name, -1);
    PARA(p, "1) Họ và tên khai sinh (viết chữ in hoa): <b>%s</b>", upper);
    g_free(upper);
    PARA(p, "2) Tên gọi khác: %s", jstr(v, "other_names"));
    int prec = (int)json_integer_value(json_object_get(v, "birth_precision"));
    const char *bd = jstr(v, "birth_date");
    char born[64];
    if (prec == 2 && strlen(bd) >= 4) snprintf(born, sizeof born, "năm %.4s", bd);
    else if (prec == 1 && strlen(bd) >= 7) snprintf(born, sizeof born, "tháng %.2s năm %.4s", bd + 5, bd);
    else if (strlen(bd) >= 10) snprintf(born, sizeof born, "ngày %.2s tháng %.2s năm %.4s", bd + 8, bd + 5, bd);
    else born[0] = 0;
    PARA(p, "3) Sinh %s, Giới tính (nam, nữ): <b>%s</b>", born, json_integer_value(json_object_get(v, "sex")) == 2 ? "Nữ" : "Nam");
    PARA(p, "4) Nơi sinh: %s", jstr(v, "birth_place"));
    PARA(p, "5) Quê quán: %s", jstr(v, "home_town"));
    const char *rel = jstr(v, "religion_name");
    PARA(p, "6) Dân tộc: %s          7) Tôn giáo: %s", jstr(v, "ethnicity_name"), *rel ? rel : "Không");
    PARA(p, "8) Nơi đăng ký hộ khẩu thường trú: %s", jstr(v, "permanent_address"));
    PARA(p, "9) Nơi ở hiện nay: %s          Điện thoại: %s", jstr(v, "current_address"), jstr(v, "phone"));
    if (p->y < p->photo_bottom) p->y = p->photo_bottom;
    p->photo_bottom = 0;
    PARA(p, "10) Nghề nghiệp khi được tuyển dụng: %s", jstr(v, "occupation_at_recruitment"));
    PARA(p, "11) Ngày tuyển dụng: %s, Cơ quan tuyển dụng: %s", vn_date(jstr(v, "recruitment_date"), b1), jstr(v, "recruitment_agency"));
    const char *title = jstr(v, "title_name"), *pos = jstr(v, "position");
    PARA(p, "12) Chức vụ (chức danh) hiện tại: <b>%s</b>%s%s%s", *title ? title : pos, *title && *pos ? " — " : "",
         *title ? pos : "", "");
    PARA(p, "13) Công việc chính được giao: %s", jstr(v, "main_duty"));
    char step[24] = "", coef[24] = "", allow[24] = "", vk[48] = "";
    if (json_is_integer(json_object_get(v, "salary_step")))
        snprintf(step, sizeof step, "%lld", (long long)json_integer_value(json_object_get(v, "salary_step")));
    coef_text(json_object_get(v, "coef_x100"), coef, sizeof coef);
    json_t *tid = json_object_get(v, "title_id");
    const struct ref_item *ti = json_is_integer(tid) ? ref_by_id(&refs->title, json_integer_value(tid)) : NULL;
    if (ti && ti->allowance_x100 >= 0) snprintf(allow, sizeof allow, "%d,%02d", (int)(ti->allowance_x100 % 100000) / 100, (int)(ti->allowance_x100 % 100));
    long long vkp = json_integer_value(json_object_get(v, "vk_percent"));
    if (vkp > 0) snprintf(vk, sizeof vk, "vượt khung %lld%%", vkp);
    PARA(p, "14) Ngạch công chức (viên chức): <b>%s</b>, Mã ngạch: <b>%s</b>\n      Bậc lương: %s, Hệ số: %s, Ngày hưởng: %s;\n      Phụ cấp chức vụ: %s, Phụ cấp khác: %s",
         jstr(v, "rank_name"), jstr(v, "rank_code"), step, coef, vn_date(jstr(v, "salary_since"), b2), allow, vk);
    PARA(p, "15.1- Trình độ giáo dục phổ thông (đã tốt nghiệp lớp mấy/thuộc hệ nào): %s", jstr(v, "general_education"));
    const char *major = jstr(v, "professional_major");
    PARA(p, "15.2- Trình độ chuyên môn cao nhất: %s%s%s", level_name(refs, "professional", jstr(v, "professional_level")),
         *major ? ", chuyên ngành " : "", major);
    PARA(p, "15.3- Lý luận chính trị: %s          15.4- Quản lý nhà nước: %s", level_name(refs, "theory", jstr(v, "theory_level")),
         level_name(refs, "mgmt", jstr(v, "mgmt_level")));
    PARA(p, "15.5- Ngoại ngữ: %s          15.6- Tin học: %s", jstr(v, "foreign_language"), level_name(refs, "it", jstr(v, "it_level")));
    PARA(p, "16) Ngày vào Đảng Cộng sản Việt Nam: %s, Ngày chính thức: %s", vn_date(jstr(v, "party_join_date"), b1),
         vn_date(jstr(v, "party_official_date"), b2));
    PARA(p, "17) Ngày tham gia tổ chức chính trị – xã hội: %s", jstr(v, "mass_org"));
    PARA(p, "18) Ngày nhập ngũ: %s, Ngày xuất ngũ: %s, Quân hàm cao nhất: %s", vn_date(jstr(v, "army_join_date"), b3),
         vn_date(jstr(v, "army_leave_date"), b4), jstr(v, "army_rank"));
    PARA(p, "19) Danh hiệu được phong tặng cao nhất: %s", jstr(v, "honor_title"));
    PARA(p, "20) Sở trường công tác: %s", jstr(v, "strengths"));
    GString *aw = g_string_new(NULL), *di = g_string_new(NULL);
    list_line(json_object_get(v, "awards"), aw, 0);
    list_line(json_object_get(v, "discipline"), di, 1);
    PARA(p, "21) Khen thưởng: %s", aw->str);
    PARA(p, "22) Kỷ luật: %s", di->str);
    g_string_free(aw, TRUE);
    g_string_free(di, TRUE);
    if (with_sensitive) {
        char hcm[16] = "", kg[16] = "";
        if (json_is_integer(json_object_get(v, "height_cm"))) snprintf(hcm, sizeof hcm, "%lld cm", (long long)json_integer_value(json_object_get(v, "height_cm")));
        if (json_is_integer(json_object_get(v, "weight_kg"))) snprintf(kg, sizeof kg, "%lld kg", (long long)json_integer_value(json_object_get(v, "weight_kg")));
        PARA(p, "23) Tình trạng sức khỏe: %s, Chiều cao: %s, Cân nặng: %s, Nhóm máu: %s", jstr(v, "health_status"), hcm, kg,
             jstr(v, "blood_type"));
    } else PARA(p, "23) Tình trạng sức khỏe, chiều cao, cân nặng, nhóm máu: %s", HIDDEN);
    PARA(p, "24) Là thương binh hạng: %s, Là con gia đình chính sách: %s", jstr(v, "war_invalid_grade"), jstr(v, "policy_family"));
    PARA(p, "25) Số căn cước công dân: <b>%s</b>, Ngày cấp: %s", jstr(v, "cccd"), vn_date(jstr(v, "id_issue_date"), b1));
    PARA(p, "26) Số sổ BHXH: %s", jstr(v, "social_insurance_no"));

    heading(p, "27) ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC");
    {
        struct cells c = {0};
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(v, "training"), i, r) {
            char a[16], b[16], period[48];
            const char *to = json_string_value(json_object_get(r, "to_month"));
            snprintf(period, sizeof period, "%s – %s", vn_month(jstr(r, "from_month"), a, sizeof a), to ? vn_month(to, b, sizeof b) : "");
            cells_add(&c, jstr(r, "school"));
            cells_add(&c, jstr(r, "major"));
            cells_add(&c, period);
            cells_add(&c, jstr(r, "form"));
            cells_add(&c, jstr(r, "degree"));
        }
        static const struct tcol cols[] = {{"Tên trường", 0.27}, {"Chuyên ngành đào tạo, bồi dưỡng", 0.25},
                                           {"Từ tháng, năm – đến tháng, năm", 0.17}, {"Hình thức đào tạo", 0.13},
                                           {"Văn bằng, chứng chỉ, trình độ gì", 0.18}};
        table(p, cols, 5, (const char *const *)c.v, c.n / 5);
        cells_free(&c);
    }
    heading(p, "28) TÓM TẮT QUÁ TRÌNH CÔNG TÁC");
    work_table(p, v);
    heading(p, "29) ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN");
    if (with_sensitive) {
        PARA(p, "– Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu), đã khai báo cho ai, những vấn đề gì: %s",
             jstr(v, "history_arrest"));
        PARA(p, "– Bản thân có làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa điểm, chức danh, chức vụ, thời gian làm việc…): %s",
             jstr(v, "history_old_regime"));
        PARA(p, "– Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội nào ở nước ngoài (làm gì, tổ chức nào, đặt trụ sở ở đâu…): %s",
             jstr(v, "history_foreign"));
    } else PARA(p, "%s", HIDDEN);
    heading(p, "30) QUAN HỆ GIA ĐÌNH");
    if (with_sensitive) {
        PARA(p, "<b>a) Về bản thân:</b> Cha, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột");
        family_table(p, json_object_get(v, "family"), "self");
        PARA(p, "<b>b) Về bên vợ (hoặc chồng):</b> Cha, Mẹ, anh chị em ruột");
        family_table(p, json_object_get(v, "family"), "spouse");
    } else PARA(p, "%s", HIDDEN);
    heading(p, "31) DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC");
    {
        struct cells c = {0};
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(v, "salary_history"), i, r) {
            char a[16], cf[16], ms[48];
            snprintf(ms, sizeof ms, "%s/%lld", jstr(r, "rank_code"), (long long)json_integer_value(json_object_get(r, "step")));
            coef_text(json_object_get(r, "coef_x100"), cf, sizeof cf);
            cells_add(&c, vn_month(jstr(r, "valid_from"), a, sizeof a));
            cells_add(&c, ms);
            cells_add(&c, cf);
        }
        static const struct tcol cols[] = {{"Tháng/năm", 0.25}, {"Mã ngạch/bậc", 0.45}, {"Hệ số lương", 0.30}};
        table(p, cols, 3, (const char *const *)c.v, c.n / 3);
        cells_free(&c);
    }
    heading(p, "32) NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC");
    PARA(p, "%s", jstr(v, "remarks"));

    /* Signatures, side by side. */
    ensure(p, 110);
    p->y += 10;
    double y0 = p->y;
    char *left = markupf("<b>Người khai</b>\nTôi xin cam đoan những lời khai trên đây là đúng sự thật\n<i>(Ký tên, ghi rõ họ tên)</i>\n\n\n\n<b>%s</b>", name);
    char *right = markupf("<i>……, ngày … tháng … năm 20…</i>\n<b>Thủ trưởng cơ quan, đơn vị quản lý và sử dụng CBCC</b>\n<i>(Ký tên, đóng dấu)</i>");
    PangoLayout *ll = layout(p, p->body, CONTENT_W / 2 - 6, left, PANGO_ALIGN_CENTER);
    PangoLayout *rl = layout(p, p->body, CONTENT_W / 2 - 6, right, PANGO_ALIGN_CENTER);
    cairo_move_to(p->cr, M_LEFT, y0);
    pango_cairo_show_layout(p->cr, ll);
    cairo_move_to(p->cr, M_LEFT + CONTENT_W / 2 + 6, y0);
    pango_cairo_show_layout(p->cr, rl);
    int w, h1, h2;
    pango_layout_get_size(ll, &w, &h1);
    pango_layout_get_size(rl, &w, &h2);
    p->y = y0 + (double)(h1 > h2 ? h1 : h2) / PANGO_SCALE;
    g_object_unref(ll);
    g_object_unref(rl);
    g_free(left);
    g_free(right);
    p->page_used = 1;
}

static int pdf_close(struct pdf *p)
{
    if (p->page_used) end_page(p);
    int rc = 0;
    if (p->ctx) g_object_unref(p->ctx);
    if (p->fm) g_object_unref(p->fm);
    if (p->cr) cairo_destroy(p->cr);
    if (p->surf) {
        cairo_surface_finish(p->surf);
        if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) rc = -1;
        cairo_surface_destroy(p->surf);
    }
    pango_font_description_free(p->body);
    pango_font_description_free(p->bold);
    pango_font_description_free(p->small);
    pango_font_description_free(p->small_bold);
    pango_font_description_free(p->title);
    pango_font_description_free(p->note);
    if (p->write_error) rc = -1;
    return rc;
}

/* The history arrays (postings, salary_history, training, work_history,
 * awards, discipline, family) merged into obj. 0 / -1. */
static int add_histories(db *d, int64_t id, int with_family, json_t *obj)
{
    struct jbuf jb;
    jb_init(&jb);
    jb_obj_open(&jb);
    int rc = db_person_write_histories(d, id, with_family, &jb);
    jb_obj_close(&jb);
    size_t len;
    char *text = jb_take(&jb, &len);
    jb_free(&jb);
    json_t *h = rc == 0 && text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    if (!h) return -1;
    json_object_update(obj, h);
    json_decref(h);
    return 0;
}

/* Loads one person with the histories the CV prints. 0, 1 absent or out of scope, -1. */
static int load(db *d, const struct scope *sc, int64_t id, int with_sensitive, json_t **out)
{
    json_t *v = NULL;
    int rc = db_person_get(d, sc, id, &v);
    if (rc != 0) return rc;
    if (add_histories(d, id, with_sensitive, v) != 0) { json_decref(v); return -1; }
    *out = v;
    return 0;
}

/* Renders one person, starting on a fresh page. */
static void one(struct pdf *p, db *d, const struct io_refs *refs, json_t *v, int with_sensitive)
{
    if (p->page_used) end_page(p);
    render_cv(p, d, refs, v, with_sensitive);
}

int cv_pdf_person(db *d, const struct user *u, int64_t id, int with_sensitive, FILE *f, int *pages)
{
    struct scope sc;
    auth_scope(u, &sc);
    if (pages) *pages = 0;
    json_t *v = NULL;
    int rc = load(d, &sc, id, with_sensitive, &v);
    if (rc != 0) return rc; /* nothing rendered, no PDF machinery started */
    struct io_refs refs;
    if (io_refs_load(d, &refs) != 0) { io_refs_free(&refs); json_decref(v); return -1; }
    struct pdf p;
    rc = pdf_open(&p, f);
    if (rc == 0) one(&p, d, &refs, v, with_sensitive);
    if (pdf_close(&p) != 0) rc = -1;
    io_refs_free(&refs);
    json_decref(v);
    if (pages) *pages = p.pages;
    return rc;
}

int cv_pdf_unit_ex(db *d, const struct user *u, int64_t unit, int with_sensitive, FILE *f, int *pages, long *people,
                   cv_person_fn fn, void *ud)
{
    struct scope sc;
    auth_scope(u, &sc);
    /* The same list as GET /people?unit=ID. */
    struct person_filter flt;
    memset(&flt, 0, sizeof flt);
    flt.unit = unit;
    flt.per_page = CV_MAX_BULK + 1;
    flt.page = 1;
    json_t *items = NULL;
    int64_t total;
    int capped;
    if (db_person_list(d, &sc, &flt, &items, &total, &capped) != 0) return -1;
    if (json_array_size(items) > CV_MAX_BULK) { json_decref(items); return 2; }
    struct io_refs refs;
    if (io_refs_load(d, &refs) != 0) { io_refs_free(&refs); json_decref(items); return -1; }
    struct pdf p;
    int rc = pdf_open(&p, f);
    long n = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (rc != 0) break;
        int64_t id = json_integer_value(json_object_get(it, "id"));
        json_t *v = NULL;
        int r = load(d, &sc, id, with_sensitive, &v);
        if (r < 0) rc = -1;
        else if (r == 0) {
            one(&p, d, &refs, v, with_sensitive);
            json_decref(v);
            n++;
            if (fn && fn(ud, id) != 0) rc = -1;
        }
    }
    if (rc == 0 && n == 0) {
        /* An empty unit still gets a page saying so. */
        snprintf(p.footer, sizeof p.footer, "Sơ yếu lý lịch");
        p.cv_page = 1;
        para_markup(&p, p.body, "Đơn vị không có cán bộ, công chức nào đang công tác.", PANGO_ALIGN_LEFT, 0);
    }
    if (pdf_close(&p) != 0 && rc == 0) rc = -1;
    io_refs_free(&refs);
    json_decref(items);
    if (pages) *pages = p.pages;
    if (people) *people = n;
    return rc;
}

int cv_pdf_unit(db *d, const struct user *u, int64_t unit, int with_sensitive, FILE *f, int *pages, long *people)
{
    return cv_pdf_unit_ex(d, u, unit, with_sensitive, f, pages, people, NULL, NULL);
}
