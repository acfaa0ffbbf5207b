/* CSV reader (RFC 4180, streaming, separator detection) and writer. */
#include "io/csv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536
#define DETECT_MAX (1u << 20)   /* header line scanned for the separator */

enum { C_EOF = -1, C_ERR = -2 };

struct mem_src { const char *p; size_t left; };

struct csv_reader {
    csv_read_fn fn;
    void *ud;
    struct mem_src mem;
    char *buf;
    size_t cap, len, pos;
    int eof;
    int cr;                   /* last char was CR: swallow a following LF */
    char sep;
    int started, failed;
    /* the record being assembled */
    char *rec;
    size_t rec_len, rec_cap;
    size_t *offs, *lens;
    const char **ptrs;
    size_t nf, fcap;
    long line;                /* physical line of the next character */
    long rec_line, rec_no;
    char err[240];
};

static size_t mem_read(void *ud, char *buf, size_t cap)
{
    struct mem_src *m = ud;
    size_t n = m->left < cap ? m->left : cap;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return n;
}

static size_t file_read(void *ud, char *buf, size_t cap)
{
    FILE *f = ud;
    size_t n = fread(buf, 1, cap, f);
    if (n == 0 && ferror(f)) return (size_t)-1;
    return n;
}

struct csv_reader *csv_open(csv_read_fn fn, void *ud, char sep)
{
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->fn = fn;
    r->ud = ud;
    r->sep = sep == ';' ? ';' : sep == ',' ? ',' : 0;
    r->cap = CHUNK;
    r->buf = malloc(r->cap);
    r->rec_cap = 4096;
    r->rec = malloc(r->rec_cap);
    r->fcap = 64;
    r->offs = malloc(r->fcap * sizeof *r->offs);
    r->lens = malloc(r->fcap * sizeof *r->lens);
    r->ptrs = malloc(r->fcap * sizeof *r->ptrs);
    r->line = 1;
    if (!r->buf || !r->rec || !r->offs || !r->lens || !r->ptrs) {
        csv_close(r);
        return NULL;
    }
    return r;
}

struct csv_reader *csv_open_mem(const char *data, size_t len, char sep)
{
    struct csv_reader *r = csv_open(mem_read, NULL, sep);
    if (!r) return NULL;
    r->mem.p = data;
    r->mem.left = len;
    r->ud = &r->mem;
    return r;
}

struct csv_reader *csv_open_file(FILE *f, char sep) { return csv_open(file_read, f, sep); }

void csv_close(struct csv_reader *r)
{
    if (!r) return;
    free(r->buf);
    free(r->rec);
    free(r->offs);
    free(r->lens);
    free(r->ptrs);
    free(r);
}

long csv_line(const struct csv_reader *r) { return r->rec_line; }
long csv_record(const struct csv_reader *r) { return r->rec_no; }
char csv_separator(const struct csv_reader *r) { return r->sep ? r->sep : ','; }
const char *csv_error(const struct csv_reader *r) { return r->err; }

static int fail(struct csv_reader *r, const char *msg)
{
    if (!r->failed) snprintf(r->err, sizeof r->err, "%s", msg);
    r->failed = 1;
    return -1;
}

/* Appends more input after the unread bytes. Returns the bytes added, 0 at
 * the end, -1 on error. The unread bytes may move to the buffer start. */
static long fill(struct csv_reader *r, size_t max_cap)
{
    if (r->eof) return 0;
    if (r->pos == r->len) r->pos = r->len = 0;
    if (r->len == r->cap) {
        if (r->pos > 0) {
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        } else {
            if (r->cap >= max_cap) return 0;
            size_t nc = r->cap * 2;
            char *nb = realloc(r->buf, nc);
            if (!nb) { fail(r, "Không đủ bộ nhớ để đọc tệp CSV."); return -1; }
            r->buf = nb;
            r->cap = nc;
        }
    }
    size_t n = r->fn(r->ud, r->buf + r->len, r->cap - r->len);
    if (n == (size_t)-1) { fail(r, "Lỗi khi đọc tệp CSV."); return -1; }
    if (n == 0) { r->eof = 1; return 0; }
    r->len += n;
    return (long)n;
}

/* The next character with line ends (CR, LF, CRLF) folded into '\n'. */
static int getch(struct csv_reader *r)
{
    for (;;) {
        if (r->pos == r->len) {
            long n = fill(r, CHUNK);
            if (n < 0) return C_ERR;
            if (n == 0) return C_EOF;
        }
        unsigned char c = (unsigned char)r->buf[r->pos++];
        if (r->cr) {
            r->cr = 0;
            if (c == '\n') continue;
        }
        if (c == '\r') {
            r->cr = 1;
            r->line++;
            return '\n';
        }
        if (c == '\n') r->line++;
        return c;
    }
}

/* Byte-order marks, then the separator from the first line. */
static int start(struct csv_reader *r)
{
    r->started = 1;
    while (r->len - r->pos < 3) {
        long n = fill(r, CHUNK);
        if (n < 0) return -1;
        if (n == 0) break;
    }
    const unsigned char *b = (const unsigned char *)r->buf + r->pos;
    size_t avail = r->len - r->pos;
    if (avail >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return fail(r, "Tệp CSV phải được mã hóa UTF-8 (tệp này là UTF-16). Hãy lưu lại dạng «CSV UTF-8».");
    if (avail >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) r->pos += 3;
    if (r->sep) return 0;
    /* Count separators outside quotes on the first line. */
    size_t commas = 0, semis = 0, i = 0;
    int inq = 0;
    for (;;) {
        if (r->pos + i == r->len) {
            if (i >= DETECT_MAX) break;
            long n = fill(r, DETECT_MAX + CHUNK);
            if (n < 0) return -1;
            if (n == 0) break;
            continue;
        }
        char c = r->buf[r->pos + i++];
        if (c == '"') inq = !inq;
        else if (!inq && (c == '\n' || c == '\r')) break;
        else if (!inq && c == ',') commas++;
        else if (!inq && c == ';') semis++;
    }
    r->sep = semis > commas ? ';' : ',';
    return 0;
}

static int append(struct csv_reader *r, char c, size_t fstart)
{
    if (r->rec_len - fstart >= CSV_MAX_FIELD) return fail(r, "Một ô trong tệp CSV quá dài (trên 1 MiB).");
    if (r->rec_len + 2 > r->rec_cap) {
        if (r->rec_cap >= CSV_MAX_RECORD) return fail(r, "Một dòng trong tệp CSV quá dài (trên 4 MiB).");
        size_t nc = r->rec_cap * 2;
        char *nb = realloc(r->rec, nc);
        if (!nb) return fail(r, "Không đủ bộ nhớ để đọc tệp CSV.");
        r->rec = nb;
        r->rec_cap = nc;
    }
    r->rec[r->rec_len++] = c;
    return 0;
}

static int end_field(struct csv_reader *r, size_t *fstart)
{
    if (r->nf == r->fcap) {
        if (r->fcap >= CSV_MAX_FIELDS) return fail(r, "Một dòng trong tệp CSV có quá nhiều cột.");
        size_t nc = r->fcap * 2;
        size_t *no = realloc(r->offs, nc * sizeof *no);
        if (!no) return fail(r, "Không đủ bộ nhớ để đọc tệp CSV.");
        r->offs = no;
        size_t *nl = realloc(r->lens, nc * sizeof *nl);
        if (!nl) return fail(r, "Không đủ bộ nhớ để đọc tệp CSV.");
        r->lens = nl;
        const char **np = realloc(r->ptrs, nc * sizeof *np);
        if (!np) return fail(r, "Không đủ bộ nhớ để đọc tệp CSV.");
        r->ptrs = np;
        r->fcap = nc;
    }
    r->offs[r->nf] = *fstart;
    r->lens[r->nf] = r->rec_len - *fstart;
    r->nf++;
    if (r->rec_len + 1 > r->rec_cap) {
        char *nb = realloc(r->rec, r->rec_cap + 1);
        if (!nb) return fail(r, "Không đủ bộ nhớ để đọc tệp CSV.");
        r->rec = nb;
        r->rec_cap++;
    }
    r->rec[r->rec_len++] = 0;
    *fstart = r->rec_len;
    return 0;
}

int csv_next(struct csv_reader *r, const char *const **fields, const size_t **lens, size_t *n)
{
    if (r->failed) return -1;
    if (!r->started && start(r) != 0) return -1;
    r->rec_len = 0;
    r->nf = 0;
    long start_line = r->line;
    int c = getch(r);
    if (c == C_ERR) return -1;
    if (c == C_EOF) return 0;
    r->rec_line = start_line;
    r->rec_no++;
    enum { FSTART, UNQ, QUO, QUOQ } st = FSTART;
    size_t fstart = 0;
    long quote_line = 0;
    const int sep = (unsigned char)r->sep;
    for (;; c = getch(r)) {
        if (c == C_ERR) return -1;
        switch (st) {
        case FSTART:
            if (c == '"') {
                st = QUO;
                quote_line = r->line;
                continue;
            }
            st = UNQ;
            /* fall through */
        case UNQ:
            if (c == sep) {
                if (end_field(r, &fstart)) return -1;
                st = FSTART;
                continue;
            }
            if (c == '\n' || c == C_EOF) goto done;
            if (append(r, (char)c, fstart)) return -1;
            continue;
        case QUO:
            if (c == C_EOF) {
                char msg[200];
                snprintf(msg, sizeof msg, "Tệp CSV có ô mở dấu ngoặc kép ở dòng %ld nhưng không đóng lại.", quote_line);
                return fail(r, msg);
            }
            if (c == '"') {
                st = QUOQ;
                continue;
            }
            if (append(r, (char)c, fstart)) return -1;
            continue;
        case QUOQ:
            if (c == '"') {
                if (append(r, '"', fstart)) return -1;
                st = QUO;
                continue;
            }
            if (c == sep) {
                if (end_field(r, &fstart)) return -1;
                st = FSTART;
                continue;
            }
            if (c == '\n' || c == C_EOF) goto done;
            /* Text after a closing quote: kept, as spreadsheet programs do. */
            if (append(r, (char)c, fstart)) return -1;
            st = UNQ;
            continue;
        }
    }
done:
    if (end_field(r, &fstart)) return -1;
    for (size_t i = 0; i < r->nf; i++) r->ptrs[i] = r->rec + r->offs[i];
    *fields = r->ptrs;
    *lens = r->lens;
    *n = r->nf;
    return 1;
}

/* --- writer --------------------------------------------------------------- */

void csv_writer_init(struct csv_writer *w, FILE *f, char sep)
{
    w->f = f;
    w->sep = sep ? sep : ',';
    w->col = 0;
}

void csv_write_bom(struct csv_writer *w) { fputs("\xEF\xBB\xBF", w->f); }

int csv_needs_neutralising(const char *s)
{
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

static void put(struct csv_writer *w, const char *s, int neutralise)
{
    if (w->col++) fputc(w->sep, w->f);
    if (!s || !*s) return;
    int pre = neutralise && csv_needs_neutralising(s);
    int quote = 0;
    for (const char *p = s; *p; p++)
        if (*p == w->sep || *p == '"' || *p == '\r' || *p == '\n') { quote = 1; break; }
    if (quote) fputc('"', w->f);
    if (pre) fputc('\'', w->f);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', w->f);
        fputc(*p, w->f);
    }
    if (quote) fputc('"', w->f);
}

void csv_cell(struct csv_writer *w, const char *s) { put(w, s, 1); }
void csv_cell_raw(struct csv_writer *w, const char *s) { put(w, s, 0); }

void csv_end_row(struct csv_writer *w)
{
    fputs("\r\n", w->f);
    w->col = 0;
}
