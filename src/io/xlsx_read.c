/* Streaming .xlsx reader: libzip for the package, expat for the XML parts.
 * See xlsx_read.h for what is read and the limits. */
#include "io/xlsx_read.h"
#include "core/date.h"
#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define CHUNK 65536
#define MAX_SHARED_STRINGS (16u << 20)
#define MAX_STYLES (1u << 20)
#define MAX_SHEETS 4096

struct rel { char *id, *type, *target; };

struct xlsx_reader {
    struct xlsx_reader *self;  /* first: parsers' user data (see RDR) */
    zip_t *z;
    char err[600];
    int failed;
    /* package */
    char wb_path[512], sheet_path[512], ss_path[512], styles_path[512];
    char sheet_name[256];
    int date1904;
    /* shared strings: NUL-terminated strings in one buffer */
    char *ss;
    size_t ss_len, ss_cap;
    size_t *ss_off;
    size_t ss_n, ss_ncap;
    /* styles: cellXfs index -> kind (0 number, 1 date, 2 datetime, 3 time) */
    unsigned char *xf_kind;
    size_t n_xf, xf_cap;
    /* sheet streaming */
    zip_file_t *sf;
    XML_Parser p;
    size_t sheet_read;
    int sheet_eof, suspended, done, ready;
    /* cell being parsed */
    int in_row, in_c, in_v, in_is, in_t, rph, in_f;
    long dim_rows;              /* last row of <dimension ref="A1:F35">, 0 unknown */
    long cur_row, last_row;
    int cur_col, last_col;
    char ctype[16];
    long cstyle;
    char *cbuf;
    size_t clen, ccap;
    /* row being assembled: cell texts in rbuf; parallel arrays by column */
    char *rbuf;
    size_t rlen, rcap;
    size_t *roff, *rlens;
    unsigned char *rtype;
    int rcols;                 /* highest column set + 1 */
    int rcap_cols;
    /* row handed out */
    const char **optr;
    size_t *olen;
    unsigned char *otype;
    int ocap;
    long orow;
    int on;
};

static int rfail(struct xlsx_reader *r, const char *fmt, const char *a)
{
    char arg[200];
    size_t n = a ? strlen(a) : 0;
    if (n >= sizeof arg) n = sizeof arg - 1;
    if (n) memcpy(arg, a, n);
    arg[n] = 0;
    if (!r->failed) snprintf(r->err, sizeof r->err, fmt, arg);
    r->failed = 1;
    return -1;
}

/* Element and attribute names without their prefix ("x:row" -> "row",
 * "r:id" -> "id"). The parsers do not process namespaces: only local names
 * matter here, whichever prefix (or default namespace, transitional or
 * strict) a writer chose. */
static const char *local(const char *name)
{
    const char *s = strchr(name, ':');
    return s ? s + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts && atts[i]; i += 2)
        if (!strcmp(local(atts[i]), name)) return atts[i + 1];
    return NULL;
}

/* --- helpers exposed for tests -------------------------------------------- */

int xlsx_col_index(const char *ref, long *rownum)
{
    int col = 0, letters = 0;
    const char *p = ref;
    if (rownum) *rownum = 0;
    if (!p) return -1;
    while (isalpha((unsigned char)*p)) {
        if (++letters > 3) return -1;
        col = col * 26 + (toupper((unsigned char)*p) - 'A' + 1);
        p++;
    }
    if (!letters || col > XLSX_MAX_COLS) return -1;
    long row = 0;
    int digits = 0;
    while (isdigit((unsigned char)*p)) {
        if (++digits > 7) return -1;
        row = row * 10 + (*p - '0');
        p++;
    }
    if (*p) return -1;
    if (rownum) *rownum = row;
    return col - 1;
}

int xlsx_builtin_format_kind(int id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 1;
    if (id == 22) return 2;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return 3;
    return 0;
}

int xlsx_format_kind(const char *code)
{
    int has_date = 0, has_time = 0, has_m = 0;
    for (const char *p = code; p && *p; p++) {
        char c = *p;
        if (c == '"') {
            p++;
            while (*p && *p != '"') p++;
            if (!*p) break;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') {
            if (p[1]) p++;
            continue;
        }
        if (c == '[') {
            /* [h], [mm], [ss]: elapsed time; anything else: colour, condition, locale. */
            const char *e = strchr(p, ']');
            if (!e) break;
            int only_hms = e > p + 1;
            for (const char *q = p + 1; q < e; q++)
                if (!strchr("hHmMsS", *q)) only_hms = 0;
            if (only_hms) has_time = 1;
            p = e;
            continue;
        }
        switch (tolower((unsigned char)c)) {
        case 'y': case 'd': has_date = 1; break;
        case 'h': case 's': has_time = 1; break;
        case 'm': has_m = 1; break;
        default: break;
        }
    }
    if (has_date && has_time) return 2;
    if (has_date) return 1;
    if (has_time) return 3;
    if (has_m) return 1;
    return 0;
}

int xlsx_serial_to_text(double serial, int date1904, int kind, char *out, size_t cap)
{
    if (!(serial >= 0 && serial < 2958466.0) || cap < 20) return -1;
    double days = floor(serial);
    long secs = lround((serial - days) * 86400.0);
    if (secs >= 86400) {
        days += 1;
        secs = 0;
    }
    if (kind == 3) {
        snprintf(out, cap, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        return 0;
    }
    cdate base;
    long dd = (long)days;
    if (date1904) {
        if (date_from_ymd(1904, 1, 1, &base) != 0) return -1;
    } else {
        if (dd == 0 || dd == 60) return -1; /* 0/1/1900 and Lotus' 29/2/1900 are not dates */
        if (date_from_ymd(1899, 12, dd < 60 ? 31 : 30, &base) != 0) return -1;
    }
    cdate d = base + (cdate)dd;
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    if (y < 1800 || y > 2200) return -1;
    char iso[11];
    date_format_iso(d, iso);
    if (kind == 2 && secs)
        snprintf(out, cap, "%s %02ld:%02ld:%02ld", iso, secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(out, cap, "%s", iso);
    return 0;
}

/* --- reading parts ---------------------------------------------------------- */

/* Opens a part by name (case-insensitive). 1 when absent, 0 and *f, -1 on error. */
static int open_part(struct xlsx_reader *r, const char *name, size_t max, zip_file_t **f)
{
    zip_int64_t idx = zip_name_locate(r->z, name, ZIP_FL_NOCASE);
    if (idx < 0) return 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(r->z, (zip_uint64_t)idx, 0, &st) != 0)
        return rfail(r, "Tệp .xlsx bị hỏng: không đọc được phần «%s».", name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max) {
        char msg[300];
        snprintf(msg, sizeof msg, "Phần «%s» của tệp .xlsx quá lớn khi giải nén (trên %zu MiB); tệp bị từ chối.",
                 name, max >> 20);
        return rfail(r, "%s", msg);
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return rfail(r, "Tệp .xlsx được đặt mật khẩu (mã hóa); hãy bỏ mật khẩu rồi tải lại.%s", NULL);
    *f = zip_fopen_index(r->z, (zip_uint64_t)idx, 0);
    if (!*f) return rfail(r, "Tệp .xlsx bị hỏng hoặc dùng kiểu nén không hỗ trợ (phần «%s»).", name);
    return 0;
}

/* Every parser's user data starts with a pointer to the reader (the reader
 * itself starts with `self`), so that shared handlers find it; handlers get
 * the parser as their first argument (XML_UseParserAsHandlerArg) so that
 * they can stop it. */
#define RDR(p) (*(struct xlsx_reader **)XML_GetUserData((XML_Parser)(p)))

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int has_internal)
{
    rfail(RDR(ud), "Tệp .xlsx chứa khai báo DOCTYPE (thực thể XML), không được chấp nhận.%s", NULL);
    XML_StopParser((XML_Parser)ud, XML_FALSE);
}

static XML_Parser new_parser(struct xlsx_reader *r, void *ud)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
        return NULL;
    }
    XML_SetUserData(p, ud);
    XML_UseParserAsHandlerArg(p);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    return p;
}

static void stop_oom(XML_Parser p)
{
    rfail(RDR(p), "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
    XML_StopParser(p, XML_FALSE);
}

/* Parses a whole part with parser p. 1 when absent, 0 / -1. */
static int parse_part(struct xlsx_reader *r, const char *name, size_t max, XML_Parser p)
{
    zip_file_t *f = NULL;
    int rc = open_part(r, name, max, &f);
    if (rc != 0) return rc;
    size_t total = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, CHUNK);
        if (!buf) { rc = rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL); break; }
        zip_int64_t n = zip_fread(f, buf, CHUNK);
        if (n < 0) { rc = rfail(r, "Tệp .xlsx bị hỏng: không giải nén được phần «%s».", name); break; }
        total += (size_t)n;
        if (total > max) {
            char msg[300];
            snprintf(msg, sizeof msg, "Phần «%s» của tệp .xlsx quá lớn khi giải nén (trên %zu MiB); tệp bị từ chối.",
                     name, max >> 20);
            rc = rfail(r, "%s", msg);
            break;
        }
        if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK || r->failed) {
            if (!r->failed) {
                char msg[300];
                snprintf(msg, sizeof msg, "Tệp .xlsx bị hỏng: nội dung XML của phần «%s» không hợp lệ (dòng %lu).",
                         name, (unsigned long)XML_GetCurrentLineNumber(p));
                rfail(r, "%s", msg);
            }
            rc = -1;
            break;
        }
        if (n == 0) break;
    }
    zip_fclose(f);
    return rc;
}

/* --- relationships ------------------------------------------------------------ */

struct rels { struct rel *v; size_t n, cap; };

static void rels_free(struct rels *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->v[i].id);
        free(rs->v[i].type);
        free(rs->v[i].target);
    }
    free(rs->v);
    rs->v = NULL;
    rs->n = rs->cap = 0;
}

struct rels_ctx { struct xlsx_reader *r; struct rels *rs; };

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ctx *c = XML_GetUserData((XML_Parser)ud);
    if (strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && !strcmp(mode, "External"))) return;
    if (c->rs->n >= 65536) return;
    if (c->rs->n == c->rs->cap) {
        size_t nc = c->rs->cap ? c->rs->cap * 2 : 16;
        struct rel *nv = realloc(c->rs->v, nc * sizeof *nv);
        if (!nv) { stop_oom((XML_Parser)ud); return; }
        c->rs->v = nv;
        c->rs->cap = nc;
    }
    struct rel *e = &c->rs->v[c->rs->n];
    e->id = strdup(id);
    e->type = strdup(type);
    e->target = strdup(target);
    if (!e->id || !e->type || !e->target) {
        free(e->id);
        free(e->type);
        free(e->target);
        stop_oom((XML_Parser)ud);
        return;
    }
    c->rs->n++;
}

static int read_rels(struct xlsx_reader *r, const char *name, struct rels *rs)
{
    struct rels_ctx c = {r, rs};
    XML_Parser p = new_parser(r, &c);
    if (!p) return -1;
    XML_SetStartElementHandler(p, rels_start);
    int rc = parse_part(r, name, XLSX_MAX_SMALL_PART, p);
    XML_ParserFree(p);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Resolves target against the folder of `base` ("xl/workbook.xml") into out,
 * normalising "." and ".." segments. */
static void resolve(const char *base, const char *target, char *out, size_t cap)
{
    char tmp[1024];
    if (target[0] == '/') snprintf(tmp, sizeof tmp, "%s", target + 1);
    else {
        const char *slash = strrchr(base, '/');
        int dirlen = slash ? (int)(slash - base + 1) : 0;
        snprintf(tmp, sizeof tmp, "%.*s%s", dirlen, base, target);
    }
    /* normalise */
    char *segs[128];
    int n = 0;
    char *save = NULL;
    for (char *s = strtok_r(tmp, "/", &save); s && n < 128; s = strtok_r(NULL, "/", &save)) {
        if (!strcmp(s, ".")) continue;
        if (!strcmp(s, "..")) { if (n) n--; continue; }
        segs[n++] = s;
    }
    size_t used = 0;
    out[0] = 0;
    for (int i = 0; i < n && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? "/" : "", segs[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

/* --- workbook.xml ---------------------------------------------------------- */

struct wb_ctx {
    struct xlsx_reader *r;
    char *ids[MAX_SHEETS];
    char *names[MAX_SHEETS];
    int n;
};

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct wb_ctx *c = XML_GetUserData((XML_Parser)ud);
    const char *ln = local(name);
    if (!strcmp(ln, "workbookPr")) {
        const char *v = attr(atts, "date1904");
        if (v && (!strcmp(v, "1") || !strcmp(v, "true"))) c->r->date1904 = 1;
    } else if (!strcmp(ln, "sheet") && c->n < MAX_SHEETS) {
        const char *id = attr(atts, "id"), *nm = attr(atts, "name");
        if (!id) return;
        c->ids[c->n] = strdup(id);
        c->names[c->n] = strdup(nm ? nm : "");
        if (!c->ids[c->n] || !c->names[c->n]) {
            free(c->ids[c->n]);
            free(c->names[c->n]);
            return;
        }
        c->n++;
    }
}

static int find_parts(struct xlsx_reader *r)
{
    struct rels rs = {0};
    snprintf(r->wb_path, sizeof r->wb_path, "xl/workbook.xml");
    int rc = read_rels(r, "_rels/.rels", &rs);
    if (rc < 0) { rels_free(&rs); return -1; }
    for (size_t i = 0; i < rs.n; i++)
        if (ends_with(rs.v[i].type, "/officeDocument")) {
            resolve("", rs.v[i].target, r->wb_path, sizeof r->wb_path);
            break;
        }
    rels_free(&rs);

    struct wb_ctx *c = calloc(1, sizeof *c);
    if (!c) return rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
    c->r = r;
    XML_Parser p = new_parser(r, c);
    if (!p) { free(c); return -1; }
    XML_SetStartElementHandler(p, wb_start);
    rc = parse_part(r, r->wb_path, XLSX_MAX_SMALL_PART, p);
    XML_ParserFree(p);
    if (rc == 1) rc = rfail(r, "Tệp không phải là bảng tính .xlsx (không có phần workbook).%s", NULL);

    /* Workbook relationships: "xl/_rels/workbook.xml.rels". */
    char relpath[600];
    const char *slash = strrchr(r->wb_path, '/');
    int dirlen = slash ? (int)(slash - r->wb_path + 1) : 0;
    snprintf(relpath, sizeof relpath, "%.*s_rels/%s.rels", dirlen, r->wb_path, slash ? slash + 1 : r->wb_path);
    if (rc == 0 && read_rels(r, relpath, &rs) < 0) rc = -1;
    if (rc == 0) {
        r->sheet_path[0] = 0;
        for (int i = 0; i < c->n && !r->sheet_path[0]; i++)
            for (size_t k = 0; k < rs.n; k++)
                if (!strcmp(rs.v[k].id, c->ids[i]) && ends_with(rs.v[k].type, "/worksheet")) {
                    resolve(r->wb_path, rs.v[k].target, r->sheet_path, sizeof r->sheet_path);
                    snprintf(r->sheet_name, sizeof r->sheet_name, "%s", c->names[i]);
                    break;
                }
        for (size_t k = 0; k < rs.n; k++) {
            if (ends_with(rs.v[k].type, "/sharedStrings")) resolve(r->wb_path, rs.v[k].target, r->ss_path, sizeof r->ss_path);
            if (ends_with(rs.v[k].type, "/styles")) resolve(r->wb_path, rs.v[k].target, r->styles_path, sizeof r->styles_path);
        }
        if (!r->sheet_path[0]) {
            if (c->n == 0 && rs.n == 0) snprintf(r->sheet_path, sizeof r->sheet_path, "xl/worksheets/sheet1.xml");
            else if (zip_name_locate(r->z, "xl/worksheets/sheet1.xml", ZIP_FL_NOCASE) >= 0)
                snprintf(r->sheet_path, sizeof r->sheet_path, "xl/worksheets/sheet1.xml");
            else rc = rfail(r, "Tệp .xlsx không có trang tính (worksheet) nào.%s", NULL);
        }
        if (!r->ss_path[0]) snprintf(r->ss_path, sizeof r->ss_path, "xl/sharedStrings.xml");
        if (!r->styles_path[0]) snprintf(r->styles_path, sizeof r->styles_path, "xl/styles.xml");
    }
    rels_free(&rs);
    for (int i = 0; i < c->n; i++) {
        free(c->ids[i]);
        free(c->names[i]);
    }
    free(c);
    return rc;
}

/* --- shared strings ------------------------------------------------------------ */

struct ss_state { struct xlsx_reader *r; int in_si, in_t, rph; size_t start; };

static int ss_append(struct xlsx_reader *r, const char *s, size_t n)
{
    if (r->ss_len + n + 1 > r->ss_cap) {
        size_t nc = r->ss_cap ? r->ss_cap : 65536;
        while (nc < r->ss_len + n + 1) nc *= 2;
        char *nb = realloc(r->ss, nc);
        if (!nb) return -1;
        r->ss = nb;
        r->ss_cap = nc;
    }
    memcpy(r->ss + r->ss_len, s, n);
    r->ss_len += n;
    return 0;
}

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct ss_state *s = XML_GetUserData((XML_Parser)ud);
    const char *ln = local(name);
    if (!strcmp(ln, "si")) {
        s->in_si = 1;
        s->rph = 0;
        s->in_t = 0;
        s->start = s->r->ss_len;
    } else if (!strcmp(ln, "rPh")) s->rph++;
    else if (!strcmp(ln, "t") && s->in_si) s->in_t = 1;
}

static void ss_end(void *ud, const XML_Char *name)
{
    struct ss_state *s = XML_GetUserData((XML_Parser)ud);
    struct xlsx_reader *r = s->r;
    const char *ln = local(name);
    if (!strcmp(ln, "t")) s->in_t = 0;
    else if (!strcmp(ln, "rPh")) {
        if (s->rph) s->rph--;
    } else if (!strcmp(ln, "si") && s->in_si) {
        s->in_si = 0;
        if (r->ss_n >= MAX_SHARED_STRINGS) {
            rfail(r, "Tệp .xlsx có quá nhiều chuỗi ký tự.%s", NULL);
            XML_StopParser((XML_Parser)ud, XML_FALSE);
            return;
        }
        if (ss_append(r, "", 1) != 0) { stop_oom((XML_Parser)ud); return; }
        if (r->ss_n == r->ss_ncap) {
            size_t nc = r->ss_ncap ? r->ss_ncap * 2 : 1024;
            size_t *no = realloc(r->ss_off, nc * sizeof *no);
            if (!no) { stop_oom((XML_Parser)ud); return; }
            r->ss_off = no;
            r->ss_ncap = nc;
        }
        r->ss_off[r->ss_n++] = s->start;
    }
}

static void ss_text(void *ud, const XML_Char *txt, int len)
{
    struct ss_state *s = XML_GetUserData((XML_Parser)ud);
    if (!s->in_si || !s->in_t || s->rph || len <= 0) return;
    if (s->r->ss_len - s->start + (size_t)len > XLSX_MAX_CELL) {
        rfail(s->r, "Một ô trong tệp .xlsx quá dài (trên 1 MiB).%s", NULL);
        XML_StopParser((XML_Parser)ud, XML_FALSE);
        return;
    }
    if (ss_append(s->r, txt, (size_t)len) != 0) stop_oom((XML_Parser)ud);
}

static int read_shared_strings(struct xlsx_reader *r)
{
    struct ss_state s = {r, 0, 0, 0, 0};
    XML_Parser p = new_parser(r, &s);
    if (!p) return -1;
    XML_SetElementHandler(p, ss_start, ss_end);
    XML_SetCharacterDataHandler(p, ss_text);
    int rc = parse_part(r, r->ss_path, XLSX_MAX_PART, p);
    XML_ParserFree(p);
    return rc < 0 ? -1 : 0;
}

/* --- styles: which cell formats show dates ------------------------------------ */

struct fmt { long id; unsigned char kind; };

struct st_state {
    struct xlsx_reader *r;
    int in_cellxfs;
    struct fmt *custom;
    size_t ncustom, ccap;
    long *xf_fmt;
    size_t nxf, xcap;
};

static void st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct st_state *s = XML_GetUserData((XML_Parser)ud);
    const char *ln = local(name);
    if (!strcmp(ln, "cellXfs")) s->in_cellxfs = 1;
    else if (!strcmp(ln, "numFmt")) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code || s->ncustom >= MAX_STYLES) return;
        if (s->ncustom == s->ccap) {
            size_t nc = s->ccap ? s->ccap * 2 : 32;
            struct fmt *nv = realloc(s->custom, nc * sizeof *nv);
            if (!nv) { stop_oom((XML_Parser)ud); return; }
            s->custom = nv;
            s->ccap = nc;
        }
        s->custom[s->ncustom].id = strtol(id, NULL, 10);
        s->custom[s->ncustom].kind = (unsigned char)xlsx_format_kind(code);
        s->ncustom++;
    } else if (!strcmp(ln, "xf") && s->in_cellxfs) {
        if (s->nxf >= MAX_STYLES) return;
        if (s->nxf == s->xcap) {
            size_t nc = s->xcap ? s->xcap * 2 : 64;
            long *nv = realloc(s->xf_fmt, nc * sizeof *nv);
            if (!nv) { stop_oom((XML_Parser)ud); return; }
            s->xf_fmt = nv;
            s->xcap = nc;
        }
        const char *id = attr(atts, "numFmtId");
        s->xf_fmt[s->nxf++] = id ? strtol(id, NULL, 10) : 0;
    }
}

static void st_end(void *ud, const XML_Char *name)
{
    struct st_state *s = XML_GetUserData((XML_Parser)ud);
    if (!strcmp(local(name), "cellXfs")) s->in_cellxfs = 0;
}

static int read_styles(struct xlsx_reader *r)
{
    struct st_state s;
    memset(&s, 0, sizeof s);
    s.r = r;
    XML_Parser p = new_parser(r, &s);
    if (!p) return -1;
    XML_SetElementHandler(p, st_start, st_end);
    int rc = parse_part(r, r->styles_path, XLSX_MAX_SMALL_PART, p);
    XML_ParserFree(p);
    if (rc == 0 && s.nxf) {
        r->xf_kind = calloc(s.nxf, 1);
        if (!r->xf_kind) rc = rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
        else {
            r->n_xf = s.nxf;
            for (size_t i = 0; i < s.nxf; i++) {
                int kind = xlsx_builtin_format_kind((int)s.xf_fmt[i]);
                for (size_t k = 0; k < s.ncustom; k++)
                    if (s.custom[k].id == s.xf_fmt[i]) kind = s.custom[k].kind;
                r->xf_kind[i] = (unsigned char)kind;
            }
        }
    }
    free(s.custom);
    free(s.xf_fmt);
    return rc < 0 ? -1 : 0;
}

/* --- the sheet ---------------------------------------------------------------------- */

#define MAX_ROW_BYTES (32u << 20)

static void row_reset(struct xlsx_reader *r)
{
    if (r->rcols) memset(r->rtype, 0, (size_t)r->rcols);
    r->rcols = 0;
    r->rlen = 0;
}

static int row_set(struct xlsx_reader *r, int col, const char *text, size_t len, unsigned char type)
{
    if (col >= r->rcap_cols) {
        int nc = r->rcap_cols ? r->rcap_cols : 64;
        while (nc <= col) nc *= 2;
        size_t *no = realloc(r->roff, (size_t)nc * sizeof *no);
        if (!no) return -1;
        r->roff = no;
        size_t *nl = realloc(r->rlens, (size_t)nc * sizeof *nl);
        if (!nl) return -1;
        r->rlens = nl;
        unsigned char *nt = realloc(r->rtype, (size_t)nc);
        if (!nt) return -1;
        memset(nt + r->rcap_cols, 0, (size_t)(nc - r->rcap_cols));
        r->rtype = nt;
        r->rcap_cols = nc;
    }
    if (r->rlen + len + 1 > MAX_ROW_BYTES) {
        rfail(r, "Một dòng trong tệp .xlsx quá lớn.%s", NULL);
        return -1;
    }
    if (r->rlen + len + 1 > r->rcap) {
        size_t nc = r->rcap ? r->rcap : 4096;
        while (nc < r->rlen + len + 1) nc *= 2;
        char *nb = realloc(r->rbuf, nc);
        if (!nb) return -1;
        r->rbuf = nb;
        r->rcap = nc;
    }
    memcpy(r->rbuf + r->rlen, text, len);
    r->rbuf[r->rlen + len] = 0;
    r->roff[col] = r->rlen;
    r->rlens[col] = len;
    r->rtype[col] = type;
    r->rlen += len + 1;
    if (col + 1 > r->rcols) r->rcols = col + 1;
    return 0;
}

static void fmt_number(double x, char *out, size_t cap)
{
    if (x == 0) x = 0; /* no "-0" */
    if (fabs(x) < 1e15 && x == floor(x)) snprintf(out, cap, "%.0f", x);
    else snprintf(out, cap, "%.15g", x);
}

static int finish_cell(struct xlsx_reader *r, XML_Parser p)
{
    if (r->ccap == 0 || r->clen + 1 > r->ccap) {
        char *nb = realloc(r->cbuf, r->clen + 1);
        if (!nb) return -1;
        r->cbuf = nb;
        r->ccap = r->clen + 1;
    }
    r->cbuf[r->clen] = 0;
    const char *text = r->cbuf;
    size_t len = r->clen;
    unsigned char type = XC_TEXT;
    char tmp[64];
    const char *t = r->ctype;
    if (!strcmp(t, "s")) {
        char *end;
        errno = 0;
        unsigned long i = strtoul(r->cbuf, &end, 10);
        while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') end++;
        if (!r->clen) return 0;
        if (errno || *end || end == r->cbuf || i >= r->ss_n) {
            rfail(r, "Tệp .xlsx bị hỏng: một ô tham chiếu đến chuỗi ký tự không tồn tại.%s", NULL);
            return -1;
        }
        text = r->ss + r->ss_off[i];
        len = strlen(text);
    } else if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) {
        type = XC_TEXT;
    } else if (!strcmp(t, "b")) {
        if (!r->clen) return 0;
        text = (!strcmp(r->cbuf, "1") || !strcmp(r->cbuf, "true")) ? "TRUE" : "FALSE";
        len = strlen(text);
        type = XC_BOOL;
    } else if (!strcmp(t, "e")) {
        type = XC_ERROR;
    } else if (!strcmp(t, "d")) {
        /* ISO 8601 text; a midnight time is dropped. */
        type = XC_DATE;
        if (len > 10 && r->cbuf[10] == 'T' && !strncmp(r->cbuf + 11, "00:00:00", 8)) len = 10;
    } else {
        if (!r->clen) return 0;
        int kind = r->cstyle >= 0 && (size_t)r->cstyle < r->n_xf ? r->xf_kind[r->cstyle] : 0;
        /* Plain integers (most numeric cells) are already in their shortest form. */
        if (!kind && r->clen <= 15) {
            size_t i = r->cbuf[0] == '-' ? 1 : 0;
            int plain = i < r->clen && (r->cbuf[i] != '0' || r->clen == i + 1) && !(i == 1 && r->cbuf[1] == '0');
            for (; plain && i < r->clen; i++)
                if (r->cbuf[i] < '0' || r->cbuf[i] > '9') plain = 0;
            if (plain) {
                if (row_set(r, r->cur_col, r->cbuf, r->clen, XC_NUMBER) != 0) {
                    if (!r->failed) rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
                    return -1;
                }
                return 0;
            }
        }
        char *end;
        double x = strtod(r->cbuf, &end);
        while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') end++;
        if (end != r->cbuf && !*end && isfinite(x)) {
            if (kind && xlsx_serial_to_text(x, r->date1904, kind, tmp, sizeof tmp) == 0) type = XC_DATE;
            else {
                fmt_number(x, tmp, sizeof tmp);
                type = XC_NUMBER;
            }
            text = tmp;
            len = strlen(tmp);
        }
    }
    if (!len) return 0;
    if (row_set(r, r->cur_col, text, len, type) != 0) {
        if (!r->failed) rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
        return -1;
    }
    (void)p;
    return 0;
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx_reader *r = RDR(ud);
    const char *ln = local(name);
    if (r->in_c) {
        if (!strcmp(ln, "v")) r->in_v = 1;
        else if (!strcmp(ln, "is")) r->in_is = 1;
        else if (!strcmp(ln, "t") && r->in_is) r->in_t = 1;
        else if (!strcmp(ln, "rPh")) r->rph++;
        else if (!strcmp(ln, "f")) r->in_f = 1;
        return;
    }
    if (!strcmp(ln, "dimension")) {
        const char *ref = attr(atts, "ref");
        const char *colon = ref ? strchr(ref, ':') : NULL;
        long last = 0;
        if (xlsx_col_index(colon ? colon + 1 : ref ? ref : "", &last) >= 0 && last > 0) r->dim_rows = last;
        return;
    }
    if (!strcmp(ln, "row")) {
        const char *rn = attr(atts, "r");
        long n = rn ? strtol(rn, NULL, 10) : 0;
        r->cur_row = n >= 1 && n <= 1048576 ? n : r->last_row + 1;
        r->last_col = -1;
        r->in_row = 1;
        row_reset(r);
    } else if (!strcmp(ln, "c") && r->in_row) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        int col = ref ? xlsx_col_index(ref, NULL) : -1;
        if (col < 0) col = r->last_col + 1;
        if (col >= XLSX_MAX_COLS) {
            rfail(r, "Tệp .xlsx có ô nằm ngoài cột XFD (quá 16384 cột).%s", NULL);
            XML_StopParser((XML_Parser)ud, XML_FALSE);
            return;
        }
        r->in_c = 1;
        r->in_v = r->in_is = r->in_t = r->rph = r->in_f = 0;
        r->clen = 0;
        r->cur_col = col;
        r->last_col = col;
        size_t tl = t ? strlen(t) : 1;
        if (tl >= sizeof r->ctype) tl = sizeof r->ctype - 1;
        memcpy(r->ctype, t ? t : "n", tl);
        r->ctype[tl] = 0;
        r->cstyle = s ? strtol(s, NULL, 10) : 0;
    }
}

static void sh_text(void *ud, const XML_Char *txt, int len)
{
    struct xlsx_reader *r = RDR(ud);
    if (!r->in_c || r->in_f || r->rph || len <= 0 || !(r->in_v || (r->in_is && r->in_t))) return;
    if (r->clen + (size_t)len > XLSX_MAX_CELL) {
        rfail(r, "Một ô trong tệp .xlsx quá dài (trên 1 MiB).%s", NULL);
        XML_StopParser((XML_Parser)ud, XML_FALSE);
        return;
    }
    if (r->clen + (size_t)len + 1 > r->ccap) {
        size_t nc = r->ccap ? r->ccap : 256;
        while (nc < r->clen + (size_t)len + 1) nc *= 2;
        char *nb = realloc(r->cbuf, nc);
        if (!nb) { stop_oom((XML_Parser)ud); return; }
        r->cbuf = nb;
        r->ccap = nc;
    }
    memcpy(r->cbuf + r->clen, txt, (size_t)len);
    r->clen += (size_t)len;
}

static int publish(struct xlsx_reader *r)
{
    if (r->rcols > r->ocap) {
        int nc = r->ocap ? r->ocap : 64;
        while (nc < r->rcols) nc *= 2;
        const char **np = realloc(r->optr, (size_t)nc * sizeof *np);
        if (!np) return -1;
        r->optr = np;
        size_t *nl = realloc(r->olen, (size_t)nc * sizeof *nl);
        if (!nl) return -1;
        r->olen = nl;
        unsigned char *nt = realloc(r->otype, (size_t)nc);
        if (!nt) return -1;
        r->otype = nt;
        r->ocap = nc;
    }
    for (int i = 0; i < r->rcols; i++) {
        r->otype[i] = r->rtype[i];
        r->optr[i] = r->rtype[i] ? r->rbuf + r->roff[i] : "";
        r->olen[i] = r->rtype[i] ? r->rlens[i] : 0;
    }
    r->on = r->rcols;
    r->orow = r->cur_row;
    return 0;
}

static void sh_end(void *ud, const XML_Char *name)
{
    struct xlsx_reader *r = RDR(ud);
    const char *ln = local(name);
    if (r->in_c) {
        if (!strcmp(ln, "v")) r->in_v = 0;
        else if (!strcmp(ln, "t")) r->in_t = 0;
        else if (!strcmp(ln, "is")) r->in_is = 0;
        else if (!strcmp(ln, "f")) r->in_f = 0;
        else if (!strcmp(ln, "rPh")) { if (r->rph) r->rph--; }
        else if (!strcmp(ln, "c")) {
            r->in_c = 0;
            if (finish_cell(r, (XML_Parser)ud) != 0) XML_StopParser((XML_Parser)ud, XML_FALSE);
        }
        return;
    }
    if (!strcmp(ln, "row") && r->in_row) {
        r->in_row = 0;
        r->last_row = r->cur_row;
        if (r->rcols > 0) {
            if (publish(r) != 0) { stop_oom((XML_Parser)ud); return; }
            r->ready = 1;
            XML_StopParser((XML_Parser)ud, XML_TRUE);
        }
    }
}

/* --- open, next, close --------------------------------------------------------------- */

static int open_common(struct xlsx_reader *r)
{
    if (find_parts(r) != 0) return -1;
    if (read_shared_strings(r) != 0) return -1;
    if (read_styles(r) != 0) return -1;
    int rc = open_part(r, r->sheet_path, XLSX_MAX_SHEET, &r->sf);
    if (rc == 1) return rfail(r, "Tệp .xlsx thiếu trang tính «%s».", r->sheet_path);
    if (rc != 0) return -1;
    r->p = new_parser(r, r);
    if (!r->p) return -1;
    XML_SetElementHandler(r->p, sh_start, sh_end);
    XML_SetCharacterDataHandler(r->p, sh_text);
    return 0;
}

static int finish_open(struct xlsx_reader *r, struct xlsx_reader **out, char *err, size_t errcap)
{
    if (open_common(r) != 0) {
        if (err && errcap) snprintf(err, errcap, "%s", r->err[0] ? r->err : "Không đọc được tệp .xlsx.");
        xlsx_close(r);
        return -1;
    }
    *out = r;
    return 0;
}

static const char *const not_zip = "Tệp không phải là bảng tính .xlsx hợp lệ (không mở được dạng nén ZIP).";

int xlsx_open_mem(const void *data, size_t len, struct xlsx_reader **out, char *err, size_t errcap)
{
    *out = NULL;
    struct xlsx_reader *r = calloc(1, sizeof *r);
    if (!r) { if (err && errcap) snprintf(err, errcap, "Không đủ bộ nhớ."); return -1; }
    r->self = r;
    if (len < 22 || memcmp(data, "PK", 2) != 0) { /* 22: the smallest ZIP (end of central directory) */
        if (err && errcap) snprintf(err, errcap, "%s", not_zip);
        free(r);
        return -1;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
    if (src) {
        r->z = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!r->z) zip_source_free(src);
    }
    zip_error_fini(&ze);
    if (!r->z) {
        if (err && errcap) snprintf(err, errcap, "%s", not_zip);
        free(r);
        return -1;
    }
    return finish_open(r, out, err, errcap);
}

int xlsx_open_file(const char *path, struct xlsx_reader **out, char *err, size_t errcap)
{
    *out = NULL;
    struct xlsx_reader *r = calloc(1, sizeof *r);
    if (!r) { if (err && errcap) snprintf(err, errcap, "Không đủ bộ nhớ."); return -1; }
    r->self = r;
    int zerr = 0;
    r->z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!r->z) {
        if (err && errcap) snprintf(err, errcap, "%s", not_zip);
        free(r);
        return -1;
    }
    return finish_open(r, out, err, errcap);
}

void xlsx_close(struct xlsx_reader *r)
{
    if (!r) return;
    if (r->p) XML_ParserFree(r->p);
    if (r->sf) zip_fclose(r->sf);
    if (r->z) zip_discard(r->z);
    free(r->ss);
    free(r->ss_off);
    free(r->xf_kind);
    free(r->cbuf);
    free(r->rbuf);
    free(r->roff);
    free(r->rlens);
    free(r->rtype);
    free(r->optr);
    free(r->olen);
    free(r->otype);
    free(r);
}

const char *xlsx_error(const struct xlsx_reader *r) { return r->err; }
const char *xlsx_sheet_name(const struct xlsx_reader *r) { return r->sheet_name; }
long xlsx_dimension_rows(const struct xlsx_reader *r) { return r->dim_rows; }

int xlsx_next(struct xlsx_reader *r, struct xlsx_row *row)
{
    if (r->failed) return -1;
    if (r->done) return 0;
    r->ready = 0;
    for (;;) {
        enum XML_Status s;
        if (r->suspended) {
            r->suspended = 0;
            s = XML_ResumeParser(r->p);
        } else if (r->sheet_eof) {
            r->done = 1;
            return 0;
        } else {
            void *buf = XML_GetBuffer(r->p, CHUNK);
            if (!buf) return rfail(r, "Không đủ bộ nhớ để đọc tệp .xlsx.%s", NULL);
            zip_int64_t n = zip_fread(r->sf, buf, CHUNK);
            if (n < 0) return rfail(r, "Tệp .xlsx bị hỏng: không giải nén được trang tính «%s».", r->sheet_path);
            r->sheet_read += (size_t)n;
            if (r->sheet_read > XLSX_MAX_SHEET) {
                char msg[300];
                snprintf(msg, sizeof msg, "Trang tính của tệp .xlsx quá lớn khi giải nén (trên %u MiB); tệp bị từ chối.",
                         XLSX_MAX_SHEET >> 20);
                return rfail(r, "%s", msg);
            }
            if (n == 0) r->sheet_eof = 1;
            s = XML_ParseBuffer(r->p, (int)n, n == 0);
        }
        if (r->failed) return -1;
        if (s == XML_STATUS_ERROR) {
            char msg[300];
            snprintf(msg, sizeof msg, "Tệp .xlsx bị hỏng: nội dung XML của trang tính không hợp lệ (dòng %lu).",
                     (unsigned long)XML_GetCurrentLineNumber(r->p));
            return rfail(r, "%s", msg);
        }
        if (s == XML_STATUS_SUSPENDED) r->suspended = 1;
        if (r->ready) {
            r->ready = 0;
            row->row = r->orow;
            row->n = (size_t)r->on;
            row->cell = r->optr;
            row->len = r->olen;
            row->type = r->otype;
            return 1;
        }
    }
}
