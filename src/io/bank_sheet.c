/* Question banks: the shared validation/insert path, the export collector
 * and the spreadsheet layout (docs/bank-format.md). */
#include "io/bank_sheet.h"
#include "core/vntext.h"
#include "io/csv.h"
#include "io/sheet.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* ======================================================================
 * Validation and insert
 * ====================================================================== */

static int qfail(struct bank_err *e, const char *code, const char *field, const char *msg)
{
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field);
    snprintf(e->message, sizeof e->message, "%s", msg);
    return -1;
}

static int qtext(json_t *o, const char *name, const char *field, int required, size_t maxlen, const char **out,
                 struct bank_err *e)
{
    json_t *v = json_object_get(o, name);
    *out = NULL;
    if (!v || json_is_null(v)) return required ? qfail(e, "required", field, "Trường này là bắt buộc.") : 0;
    if (!json_is_string(v)) return qfail(e, "invalid_type", field, "Trường này phải là chuỗi ký tự.");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > maxlen) return qfail(e, "too_long", field, "Trường này quá dài.");
    if (!utf8_valid(s, n) || strlen(s) != n) return qfail(e, "invalid_text", field, "Trường này chứa ký tự không hợp lệ.");
    const char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (required && !*p) return qfail(e, "required", field, "Trường này là bắt buộc.");
    *out = s;
    return 0;
}

void bank_q_free(struct bank_q *p)
{
    free(p->tags);
    for (size_t i = 0; i < p->nimg; i++) free(p->img[i].data);
    memset(p, 0, sizeof *p);
}

int bank_q_parse(db *d, int64_t subject_id, json_t *q, struct bank_q *p, struct bank_err *e)
{
    memset(p, 0, sizeof *p);
    if (!json_is_object(q)) return qfail(e, "invalid_type", "", "Câu hỏi phải là một đối tượng JSON.");
    static const char *const allowed[] = {"topic_id", "topic_code", "type", "difficulty", "stem", "tags", "answer",
                                          "points", "options", "images", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(q, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++) ok |= !strcmp(*a, key);
        if (!ok) return qfail(e, "unknown_field", key, "Trường không được hỗ trợ.");
    }
    /* topic */
    json_t *tid = json_object_get(q, "topic_id");
    json_t *tcode = json_object_get(q, "topic_code");
    if (tid) {
        if (!json_is_integer(tid)) return qfail(e, "invalid_type", "topic_id", "Chủ đề (topic_id) phải là số nguyên.");
        p->v.topic_id = json_integer_value(tid);
        if (p->v.topic_id < 1 || db_exam_topic_subject(d, p->v.topic_id) != subject_id)
            return qfail(e, "unknown_code", "topic_id", "Chủ đề không thuộc môn thi này.");
    } else if (tcode) {
        if (!json_is_string(tcode)) return qfail(e, "invalid_type", "topic_code", "Mã chủ đề phải là chuỗi ký tự.");
        p->v.topic_id = db_exam_topic_by_code(d, subject_id, json_string_value(tcode));
        if (!p->v.topic_id) return qfail(e, "unknown_code", "topic_code", "Mã chủ đề không có trong môn thi này.");
    } else return qfail(e, "required", "topic_id", "Cần chủ đề của câu hỏi (topic_id).");
    /* type */
    const char *type;
    if (qtext(q, "type", "type", 1, 16, &type, e)) return -1;
    static const char *const types[] = {"single", "multiple", "true_false", "short_answer", "essay", NULL};
    const char *const *t = types;
    while (*t && strcmp(*t, type)) t++;
    if (!*t) return qfail(e, "invalid_value", "type", "Loại câu hỏi phải là single, multiple, true_false, short_answer hoặc essay.");
    p->v.type = *t;
    /* difficulty, points */
    json_t *dv = json_object_get(q, "difficulty");
    if (!dv || json_is_null(dv)) return qfail(e, "required", "difficulty", "Cần độ khó (1–5).");
    if (!json_is_integer(dv)) return qfail(e, "invalid_type", "difficulty", "Độ khó phải là số nguyên.");
    if (json_integer_value(dv) < 1 || json_integer_value(dv) > 5) return qfail(e, "out_of_range", "difficulty", "Độ khó phải từ 1 đến 5.");
    p->v.difficulty = (int)json_integer_value(dv);
    json_t *pv = json_object_get(q, "points");
    p->v.points = 100;
    if (pv && !json_is_null(pv)) {
        if (!json_is_integer(pv)) return qfail(e, "invalid_type", "points", "Điểm phải là số nguyên (phần trăm điểm).");
        if (json_integer_value(pv) < 1 || json_integer_value(pv) > 10000) return qfail(e, "out_of_range", "points", "Điểm phải từ 1 đến 10000 (phần trăm điểm).");
        p->v.points = (int)json_integer_value(pv);
    }
    if (qtext(q, "stem", "stem", 1, 20000, &p->v.stem, e)) return -1;
    if (qtext(q, "answer", "answer", 0, 20000, &p->v.answer, e)) return -1;
    /* tags */
    json_t *tags = json_object_get(q, "tags");
    json_t *tagcopy = json_array();
    if (tags && !json_is_null(tags)) {
        if (!json_is_array(tags) || json_array_size(tags) > 20) {
            json_decref(tagcopy);
            return qfail(e, "invalid_type", "tags", "Nhãn phải là mảng tối đa 20 chuỗi.");
        }
        size_t i;
        json_array_foreach(tags, i, v) {
            size_t n = json_string_length(v);
            if (!json_is_string(v) || n == 0 || n > 64 || !utf8_valid(json_string_value(v), n)) {
                json_decref(tagcopy);
                return qfail(e, "invalid_value", "tags", "Mỗi nhãn là chuỗi từ 1 đến 64 byte.");
            }
            json_array_append(tagcopy, v);
        }
    }
    p->v.tags_json = p->tags = json_dumps(tagcopy, JSON_COMPACT);
    json_decref(tagcopy);
    if (!p->tags) return qfail(e, "internal", "tags", "Lỗi hệ thống.");
    /* options */
    json_t *opts = json_object_get(q, "options");
    int choice = !strcmp(type, "single") || !strcmp(type, "multiple") || !strcmp(type, "true_false");
    if (opts && !json_is_null(opts) && !json_is_array(opts)) return qfail(e, "invalid_type", "options", "Phương án phải là một mảng.");
    size_t nopt = json_is_array(opts) ? json_array_size(opts) : 0;
    if (!choice && nopt) return qfail(e, "invalid_value", "options", "Câu tự luận và câu trả lời ngắn không có phương án.");
    if (choice && nopt < 2) return qfail(e, "invalid_value", "options", "Câu trắc nghiệm cần ít nhất 2 phương án.");
    if (nopt > BANK_MAX_OPTIONS) return qfail(e, "invalid_value", "options", "Tối đa 16 phương án.");
    if (!strcmp(type, "true_false") && nopt != 2) return qfail(e, "invalid_value", "options", "Câu đúng/sai có đúng 2 phương án.");
    int ncorrect = 0;
    for (size_t i = 0; i < nopt; i++) {
        json_t *o = json_array_get(opts, i);
        char of[64];
        snprintf(of, sizeof of, "options.%zu", i);
        if (!json_is_object(o) || json_object_size(o) > 2) return qfail(e, "invalid_type", of, "Phương án có dạng {text, correct}.");
        snprintf(of, sizeof of, "options.%zu.text", i);
        if (qtext(o, "text", of, 1, 4000, &p->opt_text[i], e)) return -1;
        json_t *c = json_object_get(o, "correct");
        snprintf(of, sizeof of, "options.%zu.correct", i);
        if (!json_is_boolean(c)) return qfail(e, "invalid_type", of, "«correct» phải là true hoặc false.");
        p->opt_correct[i] = json_is_true(c);
        ncorrect += p->opt_correct[i];
    }
    p->nopt = nopt;
    if ((!strcmp(type, "single") || !strcmp(type, "true_false")) && ncorrect != 1)
        return qfail(e, "invalid_value", "options", "Câu một lựa chọn (và đúng/sai) cần đúng 1 phương án đúng.");
    if (!strcmp(type, "multiple") && ncorrect < 1) return qfail(e, "invalid_value", "options", "Câu nhiều lựa chọn cần ít nhất 1 phương án đúng.");
    if (!strcmp(type, "short_answer") && !p->v.answer) return qfail(e, "required", "answer", "Câu trả lời ngắn cần đáp án (answer).");
    /* images */
    json_t *imgs = json_object_get(q, "images");
    if (imgs && !json_is_null(imgs)) {
        if (!json_is_array(imgs) || json_array_size(imgs) > BANK_MAX_IMAGES) return qfail(e, "invalid_type", "images", "Ảnh là mảng tối đa 8 phần tử.");
        for (size_t i = 0; i < json_array_size(imgs); i++) {
            json_t *o = json_array_get(imgs, i);
            char of[64];
            snprintf(of, sizeof of, "images.%zu.mime", i);
            const char *mime, *b64;
            if (!json_is_object(o)) return qfail(e, "invalid_type", of, "Ảnh có dạng {mime, data_base64}.");
            if (qtext(o, "mime", of, 1, 32, &mime, e)) return -1;
            if (strcmp(mime, "image/png") && strcmp(mime, "image/jpeg") && strcmp(mime, "image/gif") && strcmp(mime, "image/webp"))
                return qfail(e, "invalid_value", of, "Ảnh phải là PNG, JPEG, GIF hoặc WebP.");
            snprintf(of, sizeof of, "images.%zu.data_base64", i);
            if (qtext(o, "data_base64", of, 1, BANK_MAX_IMAGE_BYTES * 4 / 3 + 8, &b64, e)) return -1;
            struct bank_image *im = &p->img[p->nimg];
            size_t cap = strlen(b64);
            im->data = malloc(cap ? cap : 1);
            if (!im->data) return qfail(e, "internal", of, "Lỗi hệ thống.");
            p->nimg++;
            if (sodium_base642bin(im->data, cap, b64, strlen(b64), NULL, &im->len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
                im->len == 0 || im->len > BANK_MAX_IMAGE_BYTES)
                return qfail(e, "invalid_value", of, "Dữ liệu ảnh không phải base64 hợp lệ (tối đa 512 KiB).");
            unsigned char dig[crypto_hash_sha256_BYTES];
            crypto_hash_sha256(dig, im->data, im->len);
            sodium_bin2hex(im->sha256, sizeof im->sha256, dig, sizeof dig);
            im->mime = mime;
        }
    }
    return 0;
}

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int bank_q_write(db *d, const struct actor *a, int64_t user_id, int64_t subject_id, int64_t *qid, int version,
                 const struct bank_q *p, int64_t *vid, const char *via)
{
    char now[32];
    now_iso(now);
    if (version == 1 && db_exam_question_insert(d, subject_id, user_id, now, qid) != 0) return -1;
    if (db_exam_version_insert(d, *qid, version, &p->v, user_id, now, vid) != 0) return -1;
    for (size_t i = 0; i < p->nopt; i++)
        if (db_exam_option_insert(d, *vid, (int)i, p->opt_text[i], p->opt_correct[i]) != 0) return -1;
    for (size_t i = 0; i < p->nimg; i++)
        if (db_exam_image_insert(d, *vid, (int)i, p->img[i].mime, p->img[i].sha256, p->img[i].data, p->img[i].len) != 0)
            return -1;
    char after[200];
    snprintf(after, sizeof after, "{\"subject_id\":%lld,\"version\":%d,\"version_id\":%lld,\"via\":\"%s\"}",
             (long long)subject_id, version, (long long)*vid, via);
    return audit_append(d, a, version == 1 ? "question.create" : "question.edit", "exam_question", *qid, NULL, after);
}

int bank_import(db *d, const struct actor *a, int64_t user_id, int64_t subject_id, json_t *qs, int dry_run,
                const char *via, json_t *report, long *created)
{
    size_t n = json_array_size(qs);
    *created = 0;
    struct bank_q *ps = calloc(n ? n : 1, sizeof *ps);
    if (!ps) return -1;
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(qs, i);
        if (json_is_object(q)) { json_object_del(q, "id"); json_object_del(q, "version"); } /* an export re-imported */
        struct bank_err e;
        if (bank_q_parse(d, subject_id, q, &ps[i], &e) != 0)
            json_array_append_new(report, json_pack("{s:I,s:s,s:s,s:s}", "index", (json_int_t)i, "field", e.field, "code",
                                                    e.code, "message", e.message));
    }
    int rc = json_array_size(report) ? 1 : 0;
    if (rc == 0 && !dry_run) {
        int ok = db_begin(d) == 0;
        for (size_t i = 0; ok && i < n; i++) {
            int64_t qid = 0, vid = 0;
            ok = bank_q_write(d, a, user_id, subject_id, &qid, 1, &ps[i], &vid, via) == 0;
            if (ok) (*created)++;
        }
        if (ok) {
            char after[96];
            snprintf(after, sizeof after, "{\"created\":%ld,\"via\":\"%s\"}", *created, via);
            ok = audit_append(d, a, "bank.import", "exam_subject", subject_id, NULL, after) == 0 && db_commit(d) == 0;
        }
        if (!ok) { db_rollback(d); *created = 0; rc = -1; }
    }
    for (size_t i = 0; i < n; i++) bank_q_free(&ps[i]);
    free(ps);
    return rc;
}

int bank_log_reads(db *d, const struct actor *a, json_t *ids, const char *via)
{
    if (db_begin(d) != 0) return -1;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        json_t *id = json_is_object(v) ? json_object_get(v, "id") : v;
        json_t *ver = json_is_object(v) ? json_object_get(v, "version") : NULL;
        char after[96];
        snprintf(after, sizeof after, "{\"version\":%lld,\"via\":\"%s\"}", (long long)json_integer_value(ver), via);
        if (audit_append(d, a, "question.read", "exam_question", json_integer_value(id), NULL, after) != 0) {
            db_rollback(d);
            return -1;
        }
    }
    if (db_commit(d) != 0) { db_rollback(d); return -1; }
    return 0;
}

json_t *bank_export_collect(db *d, const struct actor *a, int64_t subject_id, const char *via)
{
    json_t *ids = db_exam_question_ids(d, subject_id);
    if (!ids) return NULL;
    json_t *qs = json_array(), *logged = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        json_t *q = db_exam_question_get(d, json_integer_value(v), 0);
        if (!q) continue;
        json_t *ret = json_object_get(q, "retired_at");
        if (ret && !json_is_null(ret)) { json_decref(q); continue; } /* withdrawn: not part of the bank any more */
        json_array_append_new(logged, json_pack("{s:O,s:O}", "id", v, "version", json_object_get(q, "version")));
        json_t *o = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(q, "id"), "version",
                              json_object_get(q, "version"), "topic_code", json_object_get(q, "topic_code"), "type",
                              json_object_get(q, "type"), "difficulty", json_object_get(q, "difficulty"), "stem",
                              json_object_get(q, "stem"), "tags", json_object_get(q, "tags"), "points",
                              json_object_get(q, "points"));
        json_t *ans = json_object_get(q, "answer");
        if (ans && !json_is_null(ans)) json_object_set(o, "answer", ans);
        json_t *opts = json_array();
        size_t k;
        json_t *op;
        json_array_foreach(json_object_get(q, "options"), k, op)
            json_array_append_new(opts, json_pack("{s:O,s:O}", "text", json_object_get(op, "text"), "correct", json_object_get(op, "correct")));
        json_object_set_new(o, "options", opts);
        json_t *imgs = json_array();
        json_array_foreach(json_object_get(q, "images"), k, op)
            json_array_append_new(imgs, json_pack("{s:O,s:O}", "mime", json_object_get(op, "mime"), "data_base64", json_object_get(op, "data_base64")));
        json_object_set_new(o, "images", imgs);
        json_array_append_new(qs, o);
        json_decref(q);
    }
    json_decref(ids);
    int lg = bank_log_reads(d, a, logged, via);
    json_decref(logged);
    if (lg != 0) { json_decref(qs); return NULL; }
    return qs;
}

/* ======================================================================
 * The sheet layout
 * ====================================================================== */

static const char *const col_labels[BC_OPT_A] = {
    "Mã chủ đề", "Loại câu hỏi", "Độ khó", "Nội dung câu hỏi", "Đáp án", "Hướng dẫn chấm", "Điểm", "Nhãn", "Số ảnh", "STT",
};
static const char *const opt_labels[BANK_MAX_OPTIONS] = {
    "Phương án A", "Phương án B", "Phương án C", "Phương án D", "Phương án E", "Phương án F", "Phương án G", "Phương án H",
    "Phương án I", "Phương án J", "Phương án K", "Phương án L", "Phương án M", "Phương án N", "Phương án O", "Phương án P",
};

const char *bank_col_label(int col)
{
    if (col >= 0 && col < BC_OPT_A) return col_labels[col];
    if (col >= BC_OPT_A && col < BC_COUNT) return opt_labels[col - BC_OPT_A];
    return "";
}

/* Folded aliases (vn_fold form) of each fixed column; the exported label is matched too. */
static const struct { int col; const char *alias; } aliases[] = {
    {BC_TOPIC, "chu de"}, {BC_TOPIC, "topic code"}, {BC_TOPIC, "topic"}, {BC_TOPIC, "ma chu de cau hoi"},
    {BC_TYPE, "loai"}, {BC_TYPE, "type"}, {BC_TYPE, "dang cau hoi"},
    {BC_DIFFICULTY, "difficulty"}, {BC_DIFFICULTY, "muc do"}, {BC_DIFFICULTY, "do kho 1 5"},
    {BC_STEM, "cau hoi"}, {BC_STEM, "noi dung"}, {BC_STEM, "stem"},
    {BC_KEY, "dap an dung"}, {BC_KEY, "key"}, {BC_KEY, "correct"},
    {BC_GUIDE, "answer"}, {BC_GUIDE, "huong dan cham diem"}, {BC_GUIDE, "loi giai"},
    {BC_POINTS, "points"}, {BC_POINTS, "so diem"},
    {BC_TAGS, "tags"}, {BC_TAGS, "the"},
    {BC_IMAGES, "anh"}, {BC_IMAGES, "images"},
    {BC_NO, "so thu tu"},
    {-1, NULL},
};

int bank_col_of_header(const char *header)
{
    char f[96], g[96];
    if (vn_fold(header, strlen(header), f, sizeof f) == (size_t)-1 || !f[0]) return -1;
    for (int c = 0; c < BC_COUNT; c++) {
        const char *l = bank_col_label(c);
        if (vn_fold(l, strlen(l), g, sizeof g) != (size_t)-1 && !strcmp(f, g)) return c;
    }
    for (size_t i = 0; aliases[i].alias; i++)
        if (!strcmp(aliases[i].alias, f)) return aliases[i].col;
    /* "A", "phuong an a", "pa a", "option a" */
    const char *letter = NULL;
    if (strlen(f) == 1) letter = f;
    else if (!strncmp(f, "phuong an ", 10) && strlen(f) == 11) letter = f + 10;
    else if (!strncmp(f, "pa ", 3) && strlen(f) == 4) letter = f + 3;
    else if (!strncmp(f, "option ", 7) && strlen(f) == 8) letter = f + 7;
    if (letter && *letter >= 'a' && *letter < 'a' + BANK_MAX_OPTIONS) return BC_OPT_A + (*letter - 'a');
    return -1;
}

static const struct { const char *code, *label, *fold; } type_names[] = {
    {"single", "Một lựa chọn", "mot lua chon"},
    {"multiple", "Nhiều lựa chọn", "nhieu lua chon"},
    {"true_false", "Đúng/Sai", "dung sai"},
    {"short_answer", "Trả lời ngắn", "tra loi ngan"},
    {"essay", "Tự luận", "tu luan"},
    {NULL, NULL, NULL},
};

const char *bank_type_of_label(const char *cell)
{
    char f[64];
    if (vn_fold(cell, strlen(cell), f, sizeof f) == (size_t)-1) return NULL;
    for (size_t i = 0; type_names[i].code; i++) {
        char c[32];
        snprintf(c, sizeof c, "%s", type_names[i].code);
        for (char *p = c; *p; p++)
            if (*p == '_') *p = ' ';
        if (!strcmp(f, type_names[i].fold) || !strcmp(f, c)) return type_names[i].code;
    }
    /* Common short forms. */
    if (!strcmp(f, "dung sai") || !strcmp(f, "d s")) return "true_false";
    return NULL;
}

const char *bank_type_label(const char *type)
{
    for (size_t i = 0; type_names[i].code; i++)
        if (!strcmp(type, type_names[i].code)) return type_names[i].label;
    return type;
}

int bank_points_parse(const char *s, int *out)
{
    long whole = 0;
    int frac = 0, nfrac = 0, digits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        whole = whole * 10 + (*p - '0');
        digits++;
        if (whole > 100) return -1;
    }
    if (*p == '.' || *p == ',') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (nfrac == 2) { if (*p != '0') return -1; continue; } /* 1.500 from a number cell */
            frac = frac * 10 + (*p - '0');
            nfrac++;
            digits++;
        }
    }
    if (*p || !digits) return -1;
    if (nfrac == 1) frac *= 10;
    long h = whole * 100 + frac;
    if (h < 1 || h > 10000) return -1;
    *out = (int)h;
    return 0;
}

void bank_sheet_init(struct bank_sheet *s)
{
    memset(s, 0, sizeof *s);
    s->questions = json_array();
    s->rows = json_array();
    s->lines = json_array();
    s->errors = json_array();
    for (int c = 0; c < BC_COUNT; c++) s->col_of[c] = -1;
}

void bank_sheet_clear(struct bank_sheet *s)
{
    json_decref(s->questions);
    json_decref(s->rows);
    json_decref(s->lines);
    json_decref(s->errors);
    for (int c = 0; c < BC_COUNT; c++) free(s->header[c]);
    memset(s, 0, sizeof *s);
}

static const char *col_name(const struct bank_sheet *s, int col)
{
    return s->header[col] ? s->header[col] : bank_col_label(col);
}

/* Spreadsheet letters of a 0-based column index ("A", "AB"). */
static void col_letters(long i, char out[8])
{
    char tmp[8];
    int n = 0;
    for (i++; i > 0 && n < 7; i = (i - 1) / 26) tmp[n++] = (char)('A' + (i - 1) % 26);
    for (int k = 0; k < n; k++) out[k] = tmp[n - 1 - k];
    out[n] = 0;
}

static void add_error(struct bank_sheet *s, long row, long line, long fcol, const char *column, const char *code, const char *fmt, ...)
{
    s->error_count++;
    if (json_array_size(s->errors) >= BANK_MAX_REPORT) return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column", column ? column : "", "code", code, "message", msg);
    if (line && line != row) json_object_set_new(o, "line", json_integer(line));
    if (fcol >= 0) {
        char l[8];
        col_letters(fcol, l);
        json_object_set_new(o, "letter", json_string(l));
    }
    json_array_append_new(s->errors, o);
}

/* A cell trimmed (spaces, tabs, line breaks, no-break spaces) with the
 * export's formula neutralisation removed, in buf (malloc'd). */
static char *cell_clean(const char *c, size_t len)
{
    const char *b = c, *e = c + len;
    for (;;) {
        if (b < e && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')) b++;
        else if (e - b >= 2 && (unsigned char)b[0] == 0xC2 && (unsigned char)b[1] == 0xA0) b += 2;
        else break;
    }
    for (;;) {
        if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) e--;
        else if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0) e -= 2;
        else break;
    }
    if (e - b >= 2 && b[0] == '\'' && (b[1] == '=' || b[1] == '+' || b[1] == '-' || b[1] == '@' || b[1] == '\t' || b[1] == '\r')) b++;
    char *o = malloc((size_t)(e - b) + 1);
    if (!o) return NULL;
    memcpy(o, b, (size_t)(e - b));
    o[e - b] = 0;
    return o;
}

struct rowctx {
    struct bank_sheet *s;
    long row, line;
    char *cell[BC_COUNT];
    unsigned char reported[BC_COUNT]; /* one error per cell */
    int bad;
};

static void rerr(struct rowctx *x, int col, const char *code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (x->reported[col]) return;
    x->reported[col] = 1;
    if (!x->bad) x->s->error_rows++;
    x->bad = 1;
    add_error(x->s, x->row, x->line, x->s->col_of[col], col_name(x->s, col), code, "%s", msg);
}

static int empty(const char *c) { return !c || !*c; }

/* Correct-option letters of "A", "A,C", "a; c", "AC": bitmask, or -1 with the bad token in bad[]. */
static long key_letters(const char *k, char *bad, size_t badcap)
{
    long mask = 0;
    const char *p = k;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == ';' || *p == '/' || *p == '+') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ' && *q != ',' && *q != ';' && *q != '/' && *q != '+') q++;
        size_t n = (size_t)(q - p);
        /* "AC" without separators: every character a letter. */
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
            if (c < 'A' || c >= 'A' + BANK_MAX_OPTIONS) {
                snprintf(bad, badcap, "%.*s", (int)(n > 40 ? 40 : n), p);
                return -1;
            }
            mask |= 1L << (c - 'A');
        }
        p = q;
    }
    return mask;
}

static int fold_is(const char *s, const char *folded)
{
    char f[32];
    return s && vn_fold(s, strlen(s), f, sizeof f) != (size_t)-1 && !strcmp(f, folded);
}

/* Builds the question of one data row, reporting every bad cell. */
static void map_row(struct rowctx *x)
{
    struct bank_sheet *s = x->s;
    char **c = x->cell;
    json_t *q = json_object();
    /* topic */
    if (empty(c[BC_TOPIC])) rerr(x, BC_TOPIC, "required", "Thiếu mã chủ đề.");
    else if (strlen(c[BC_TOPIC]) > 32) rerr(x, BC_TOPIC, "too_long", "Mã chủ đề dài quá 32 ký tự.");
    else {
        /* Codes are lower case; a spreadsheet user may type them in capitals. */
        for (char *p = c[BC_TOPIC]; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        json_object_set_new(q, "topic_code", json_string(c[BC_TOPIC]));
    }
    /* type */
    const char *type = NULL;
    if (empty(c[BC_TYPE])) rerr(x, BC_TYPE, "required", "Thiếu loại câu hỏi (Một lựa chọn, Nhiều lựa chọn, Đúng/Sai, Trả lời ngắn, Tự luận).");
    else if (!(type = bank_type_of_label(c[BC_TYPE])))
        rerr(x, BC_TYPE, "invalid_value", "Loại câu hỏi «%.60s» không hợp lệ: dùng Một lựa chọn, Nhiều lựa chọn, Đúng/Sai, Trả lời ngắn hoặc Tự luận.", c[BC_TYPE]);
    else json_object_set_new(q, "type", json_string(type));
    /* difficulty */
    if (empty(c[BC_DIFFICULTY])) rerr(x, BC_DIFFICULTY, "required", "Thiếu độ khó (số nguyên từ 1 đến 5).");
    else {
        const char *dv = c[BC_DIFFICULTY];
        int ok = dv[0] >= '1' && dv[0] <= '5' && (dv[1] == 0 || (dv[1] == '.' && dv[2] == '0' && dv[3] == 0));
        if (!ok) rerr(x, BC_DIFFICULTY, "out_of_range", "Độ khó «%.20s» không hợp lệ: phải là số nguyên từ 1 đến 5.", dv);
        else json_object_set_new(q, "difficulty", json_integer(dv[0] - '0'));
    }
    /* stem */
    if (empty(c[BC_STEM])) rerr(x, BC_STEM, "required", "Thiếu nội dung câu hỏi.");
    else if (strlen(c[BC_STEM]) > 20000) rerr(x, BC_STEM, "too_long", "Nội dung câu hỏi dài quá 20.000 byte.");
    else json_object_set_new(q, "stem", json_string(c[BC_STEM]));
    /* points */
    if (!empty(c[BC_POINTS])) {
        int h;
        if (bank_points_parse(c[BC_POINTS], &h) != 0)
            rerr(x, BC_POINTS, "out_of_range", "Điểm «%.20s» không hợp lệ: số từ 0,01 đến 100, tối đa 2 chữ số thập phân.", c[BC_POINTS]);
        else json_object_set_new(q, "points", json_integer(h));
    }
    /* tags: separated by ";" or "," */
    json_t *tags = json_array();
    if (!empty(c[BC_TAGS])) {
        char *p = c[BC_TAGS];
        while (*p) {
            char *end = p + strcspn(p, ";,");
            char save = *end;
            *end = 0;
            char *t = cell_clean(p, strlen(p));
            if (t && *t) {
                if (strlen(t) > 64) rerr(x, BC_TAGS, "invalid_value", "Nhãn «%.40s…» dài quá 64 byte.", t);
                else if (json_array_size(tags) == 20) rerr(x, BC_TAGS, "invalid_value", "Tối đa 20 nhãn cho một câu hỏi.");
                else json_array_append_new(tags, json_string(t));
            }
            free(t);
            *end = save;
            p = save ? end + 1 : end;
            if (x->bad && json_array_size(tags) >= 20) break;
        }
    }
    json_object_set_new(q, "tags", tags);
    /* options: contiguous from A */
    int nopt = 0, last = -1;
    for (int i = 0; i < BANK_MAX_OPTIONS; i++)
        if (!empty(c[BC_OPT_A + i])) last = i;
    for (int i = 0; i <= last; i++) {
        if (empty(c[BC_OPT_A + i])) {
            rerr(x, BC_OPT_A + i, "required", "Phương án %c để trống nhưng phương án %c có nội dung: các phương án phải liền nhau từ A.", 'A' + i, 'A' + last);
            break;
        }
        if (strlen(c[BC_OPT_A + i]) > 4000) rerr(x, BC_OPT_A + i, "too_long", "Phương án %c dài quá 4.000 byte.", 'A' + i);
    }
    nopt = last + 1;
    const char *key = c[BC_KEY], *guide = c[BC_GUIDE];
    int choice = type && (!strcmp(type, "single") || !strcmp(type, "multiple") || !strcmp(type, "true_false"));
    long mask = 0;
    if (type && !choice) {
        if (nopt) rerr(x, BC_OPT_A, "invalid_value", "Câu %s không có phương án: để trống các cột phương án.", !strcmp(type, "essay") ? "tự luận" : "trả lời ngắn");
        if (!strcmp(type, "short_answer")) {
            if (!empty(key) && !empty(guide) && strcmp(key, guide))
                rerr(x, BC_GUIDE, "invalid_value", "Câu trả lời ngắn ghi đáp án ở cột «%s»; để trống cột này.", col_name(s, BC_KEY));
            const char *ans = !empty(key) ? key : guide;
            if (empty(ans)) rerr(x, BC_KEY, "required", "Câu trả lời ngắn cần đáp án.");
            else json_object_set_new(q, "answer", json_string(ans));
        } else {
            if (!empty(key)) rerr(x, BC_KEY, "invalid_value", "Câu tự luận không có đáp án lựa chọn: ghi hướng dẫn chấm ở cột «%s».", col_name(s, BC_GUIDE));
            if (!empty(guide)) json_object_set_new(q, "answer", json_string(guide));
        }
    } else if (type) {
        int tf = !strcmp(type, "true_false");
        if (tf && nopt == 0) nopt = -2; /* default options Đúng, Sai */
        if (tf && nopt != -2 && nopt != 2)
            rerr(x, BC_OPT_A, "invalid_value", "Câu đúng/sai có đúng 2 phương án (A, B) hoặc để trống cả hai (Đúng, Sai).");
        else if (!tf && nopt < 2)
            rerr(x, nopt == 1 ? BC_OPT_A + 1 : BC_OPT_A, "required", "Câu trắc nghiệm cần ít nhất 2 phương án (A, B…).");
        int n = nopt == -2 ? 2 : nopt;
        if (empty(key)) rerr(x, BC_KEY, "required", tf ? "Thiếu đáp án: ghi Đúng hoặc Sai (hoặc A, B)." : "Thiếu đáp án đúng: chữ cái của phương án, ví dụ A hoặc A,C.");
        else {
            char bad[48];
            if (tf && (fold_is(key, "dung") || fold_is(key, "sai"))) {
                /* The option whose text is Đúng / Sai (the default options when none are given). */
                int want_true = fold_is(key, "dung");
                if (nopt == -2) mask = want_true ? 1 : 2;
                else {
                    for (int i = 0; i < 2; i++)
                        if (fold_is(c[BC_OPT_A + i], want_true ? "dung" : "sai")) mask = 1L << i;
                    if (!mask) rerr(x, BC_KEY, "invalid_value", "Đáp án «%.20s» không khớp phương án nào: ghi A hoặc B.", key);
                }
            } else if ((mask = key_letters(key, bad, sizeof bad)) < 0) {
                mask = 0;
                rerr(x, BC_KEY, "invalid_value", "Đáp án «%s» không hợp lệ: ghi chữ cái của phương án đúng (A–P), cách nhau bằng dấu phẩy.", bad);
            } else {
                for (int i = 0; i < BANK_MAX_OPTIONS; i++)
                    if ((mask & (1L << i)) && i >= n) {
                        rerr(x, BC_KEY, "invalid_value", "Đáp án %c không có phương án tương ứng.", 'A' + i);
                        mask = 0;
                        break;
                    }
            }
            int k = 0;
            for (int i = 0; i < BANK_MAX_OPTIONS; i++) k += (mask >> i) & 1;
            if (mask && (!strcmp(type, "single") || tf) && k != 1)
                rerr(x, BC_KEY, "invalid_value", "Câu %s chỉ có 1 đáp án đúng (ghi «%.20s»).", tf ? "đúng/sai" : "một lựa chọn", key);
        }
        if (!empty(guide)) json_object_set_new(q, "answer", json_string(guide));
        json_t *opts = json_array();
        for (int i = 0; i < n; i++) {
            const char *text = nopt == -2 ? (i == 0 ? "Đúng" : "Sai") : (c[BC_OPT_A + i] ? c[BC_OPT_A + i] : "");
            json_array_append_new(opts, json_pack("{s:s,s:b}", "text", text, "correct", (int)((mask >> i) & 1)));
        }
        json_object_set_new(q, "options", opts);
    }
    if (x->bad) { json_decref(q); return; }
    json_array_append_new(s->questions, q);
    json_array_append_new(s->rows, json_integer(x->row));
    json_array_append_new(s->lines, json_integer(x->line));
}

int bank_sheet_read(const void *data, size_t len, struct bank_sheet *s)
{
    struct sheet *sh = NULL;
    char err[256];
    if (sheet_open(data, len, SHEET_UNKNOWN, &sh, err, sizeof err) != 0) {
        snprintf(s->message, sizeof s->message, "%s", err);
        return -1;
    }
    s->format = sheet_format_of(sh);
    struct sheet_row row;
    int rc, have_header = 0, header_bad = 0;
    size_t ncols = 0;
    int *map = NULL; /* file column -> layout column (-1 ignored) */
    while ((rc = sheet_next(sh, &row)) == 1) {
        int any = 0;
        for (size_t i = 0; i < row.n && !any; i++) {
            char *t = cell_clean(row.cell[i], row.len[i]);
            any = t && *t;
            free(t);
        }
        if (!any) continue;
        if (!have_header) {
            have_header = 1;
            ncols = row.n;
            map = malloc((ncols ? ncols : 1) * sizeof *map);
            if (!map) { rc = -1; break; }
            for (size_t i = 0; i < ncols; i++) {
                map[i] = -1;
                char *h = cell_clean(row.cell[i], row.len[i]);
                if (!h || !*h) { free(h); continue; }
                if (!utf8_valid(h, strlen(h))) {
                    add_error(s, row.row, row.line, (long)i, "", "invalid_text", "Tiêu đề cột %zu không phải văn bản UTF-8.", i + 1);
                    header_bad = 1;
                    free(h);
                    continue;
                }
                int c = bank_col_of_header(h);
                if (c < 0) {
                    add_error(s, row.row, row.line, (long)i, h, "unknown_column", "Cột «%s» không có trong mẫu ngân hàng câu hỏi.", h);
                    header_bad = 1;
                    free(h);
                } else if (s->col_of[c] >= 0) {
                    add_error(s, row.row, row.line, (long)i, h, "duplicate_column", "Cột «%s» xuất hiện hai lần.", h);
                    header_bad = 1;
                    free(h);
                } else {
                    s->col_of[c] = (int)i;
                    s->header[c] = h;
                    map[i] = c;
                }
            }
            static const int required[] = {BC_TOPIC, BC_TYPE, BC_DIFFICULTY, BC_STEM};
            for (size_t k = 0; k < sizeof required / sizeof *required; k++)
                if (s->col_of[required[k]] < 0) {
                    add_error(s, row.row, row.line, -1, bank_col_label(required[k]), "missing_column", "Thiếu cột bắt buộc «%s».",
                              bank_col_label(required[k]));
                    header_bad = 1;
                }
            if (header_bad) { s->error_rows++; break; }
            continue;
        }
        s->total++;
        if (s->total > BANK_MAX_QUESTIONS) {
            add_error(s, row.row, row.line, -1, "", "too_many_rows", "Tệp có quá 10.000 câu hỏi; hãy chia thành nhiều tệp.");
            s->error_rows++;
            break;
        }
        struct rowctx x = {.s = s, .row = row.row, .line = row.line};
        for (size_t i = 0; i < row.n; i++) {
            int c = i < ncols ? map[i] : -1;
            char *t = cell_clean(row.cell[i], row.len[i]);
            if (c < 0 || c == BC_NO || c == BC_IMAGES) {
                if (t && *t && c < 0) {
                    if (!x.bad) s->error_rows++;
                    x.bad = 1;
                    char colname[32];
                    snprintf(colname, sizeof colname, "cột %zu", i + 1);
                    add_error(s, row.row, row.line, (long)i, colname, "unknown_column", "Ô có dữ liệu nhưng cột không có tiêu đề.");
                }
                free(t);
                continue;
            }
            if (t && !utf8_valid(t, strlen(t))) {
                rerr(&x, c, "invalid_text", "Ô chứa ký tự không hợp lệ (tệp CSV phải là UTF-8).");
                free(t);
                continue;
            }
            x.cell[c] = t;
        }
        map_row(&x);
        for (int c = 0; c < BC_COUNT; c++) free(x.cell[c]);
    }
    if (rc == -1) snprintf(s->message, sizeof s->message, "%s", sheet_error(sh) ? sheet_error(sh) : "Không đọc được tệp.");
    free(map);
    sheet_close(sh);
    if (rc == -1) return -1;
    if (!have_header) {
        snprintf(s->message, sizeof s->message, "Tệp không có dòng tiêu đề (tệp rỗng).");
        return -1;
    }
    if (!header_bad && s->total == 0 && s->error_count == 0)
        add_error(s, 1, 0, -1, "", "required", "Tệp không có câu hỏi nào (chỉ có dòng tiêu đề).");
    return 0;
}

/* Layout column of a validator field. */
static int field_col(const char *type, const char *field)
{
    if (!strncmp(field, "topic", 5)) return BC_TOPIC;
    if (!strcmp(field, "type")) return BC_TYPE;
    if (!strcmp(field, "difficulty")) return BC_DIFFICULTY;
    if (!strcmp(field, "stem")) return BC_STEM;
    if (!strcmp(field, "points")) return BC_POINTS;
    if (!strcmp(field, "tags")) return BC_TAGS;
    if (!strcmp(field, "answer")) return type && !strcmp(type, "short_answer") ? BC_KEY : BC_GUIDE;
    if (!strncmp(field, "options.", 8)) {
        long i = strtol(field + 8, NULL, 10);
        if (i >= 0 && i < BANK_MAX_OPTIONS) return BC_OPT_A + (int)i;
    }
    if (!strncmp(field, "options", 7)) return BC_KEY;
    return BC_STEM;
}

const char *bank_sheet_column(const struct bank_sheet *s, const char *type, const char *field)
{
    return col_name(s, field_col(type, field));
}

void bank_sheet_add_field_error(struct bank_sheet *s, size_t index, const char *field, const char *message)
{
    json_t *q = json_array_get(s->questions, index);
    const char *type = json_string_value(json_object_get(q, "type"));
    long row = (long)json_integer_value(json_array_get(s->rows, index));
    long line = (long)json_integer_value(json_array_get(s->lines, index));
    s->error_rows++;
    int c = field_col(type, field);
    add_error(s, row, line, s->col_of[c], col_name(s, c), "invalid_value", "%s", message);
}

/* ---- writers ---- */

struct outrow {
    const char *cell[BC_COUNT];
    char key[64], points[16], images[8], *tags;
};

static int max_options(json_t *qs)
{
    size_t n = 4, i;
    json_t *q;
    json_array_foreach(qs, i, q) {
        size_t k = json_array_size(json_object_get(q, "options"));
        if (k > n) n = k;
    }
    return (int)(n > BANK_MAX_OPTIONS ? BANK_MAX_OPTIONS : n);
}

static void fill_row(json_t *q, struct outrow *o)
{
    memset(o, 0, sizeof *o);
    const char *type = json_string_value(json_object_get(q, "type"));
    o->cell[BC_TOPIC] = json_string_value(json_object_get(q, "topic_code"));
    o->cell[BC_TYPE] = type ? bank_type_label(type) : "";
    o->cell[BC_STEM] = json_string_value(json_object_get(q, "stem"));
    const char *ans = json_string_value(json_object_get(q, "answer"));
    json_t *opts = json_object_get(q, "options");
    if (type && !strcmp(type, "short_answer")) o->cell[BC_KEY] = ans;
    else o->cell[BC_GUIDE] = ans;
    size_t k, pos = 0;
    json_t *op;
    /* True/false written as Đúng / Sai when the options are exactly those two texts. */
    int tf = type && !strcmp(type, "true_false") && json_array_size(opts) == 2;
    if (tf) {
        const char *a = json_string_value(json_object_get(json_array_get(opts, 0), "text"));
        const char *b = json_string_value(json_object_get(json_array_get(opts, 1), "text"));
        tf = a && b && ((fold_is(a, "dung") && fold_is(b, "sai")) || (fold_is(a, "sai") && fold_is(b, "dung")));
    }
    json_array_foreach(opts, k, op) {
        if (k >= BANK_MAX_OPTIONS) break;
        o->cell[BC_OPT_A + k] = json_string_value(json_object_get(op, "text"));
        if (json_is_true(json_object_get(op, "correct"))) {
            if (tf) pos += (size_t)snprintf(o->key + pos, sizeof o->key - pos, "%s", fold_is(o->cell[BC_OPT_A + k], "dung") ? "Đúng" : "Sai");
            else pos += (size_t)snprintf(o->key + pos, sizeof o->key - pos, "%s%c", pos ? "," : "", (int)('A' + k));
            if (pos >= sizeof o->key) pos = sizeof o->key - 1;
        }
    }
    if (o->key[0]) o->cell[BC_KEY] = o->key;
    int pts = (int)json_integer_value(json_object_get(q, "points"));
    if (pts % 100 == 0) snprintf(o->points, sizeof o->points, "%d", pts / 100);
    else if (pts % 10 == 0) snprintf(o->points, sizeof o->points, "%d.%d", pts / 100, (pts % 100) / 10);
    else snprintf(o->points, sizeof o->points, "%d.%02d", pts / 100, pts % 100);
    o->cell[BC_POINTS] = o->points;
    snprintf(o->images, sizeof o->images, "%zu", json_array_size(json_object_get(q, "images")));
    o->cell[BC_IMAGES] = o->images;
    /* Tags joined by "; ". */
    size_t cap = 1, i;
    json_t *t;
    json_array_foreach(json_object_get(q, "tags"), i, t) cap += json_string_length(t) + 2;
    o->tags = calloc(cap, 1);
    if (o->tags) {
        json_array_foreach(json_object_get(q, "tags"), i, t) {
            if (i) strcat(o->tags, "; ");
            strcat(o->tags, json_string_value(t));
        }
        o->cell[BC_TAGS] = o->tags;
    }
}

/* Exported column order. */
static const int out_cols[] = {BC_TOPIC, BC_TYPE, BC_DIFFICULTY, BC_STEM, BC_KEY, BC_GUIDE, BC_POINTS, BC_TAGS, BC_IMAGES};
#define NOUT ((int)(sizeof out_cols / sizeof *out_cols))

int bank_sheet_write_csv(json_t *qs, FILE *f, char sep)
{
    struct csv_writer w;
    csv_writer_init(&w, f, sep);
    csv_write_bom(&w);
    int nopt = max_options(qs);
    for (int i = 0; i < NOUT; i++) csv_cell(&w, bank_col_label(out_cols[i]));
    for (int i = 0; i < nopt; i++) csv_cell(&w, bank_col_label(BC_OPT_A + i));
    csv_end_row(&w);
    size_t k;
    json_t *q;
    json_array_foreach(qs, k, q) {
        struct outrow o;
        fill_row(q, &o);
        char diff[8];
        snprintf(diff, sizeof diff, "%d", (int)json_integer_value(json_object_get(q, "difficulty")));
        for (int i = 0; i < NOUT; i++) {
            int c = out_cols[i];
            if (c == BC_DIFFICULTY) csv_cell_raw(&w, diff);
            else if (c == BC_POINTS || c == BC_IMAGES) csv_cell_raw(&w, o.cell[c]);
            else csv_cell(&w, o.cell[c]);
        }
        for (int i = 0; i < nopt; i++) csv_cell(&w, o.cell[BC_OPT_A + i]);
        csv_end_row(&w);
        free(o.tags);
    }
    return ferror(f) ? -1 : 0;
}

int bank_sheet_write_xlsx(json_t *qs, const char *subject_code, const char *path)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) return -1;
    char title[96];
    snprintf(title, sizeof title, "Ngân hàng câu hỏi %s", subject_code ? subject_code : "");
    lxw_doc_properties props = {.title = title, .author = "canbo"};
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Câu hỏi");
    lxw_format *hdr = workbook_add_format(wb), *text = workbook_add_format(wb), *wrap = workbook_add_format(wb);
    format_set_bold(hdr);
    format_set_text_wrap(hdr);
    format_set_bg_color(hdr, 0xDDEBF7);
    format_set_border(hdr, LXW_BORDER_THIN);
    format_set_num_format(text, "@");
    format_set_num_format(wrap, "@");
    format_set_text_wrap(wrap);
    int nopt = max_options(qs);
    static const double widths[] = {12, 15, 7, 60, 10, 40, 7, 24, 7};
    for (int i = 0; i < NOUT; i++)
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i],
                             out_cols[i] == BC_STEM || out_cols[i] == BC_GUIDE ? wrap : out_cols[i] == BC_DIFFICULTY || out_cols[i] == BC_POINTS || out_cols[i] == BC_IMAGES ? NULL : text);
    if (nopt) worksheet_set_column(ws, NOUT, (lxw_col_t)(NOUT + nopt - 1), 28, wrap);
    for (int i = 0; i < NOUT; i++) worksheet_write_string(ws, 0, (lxw_col_t)i, bank_col_label(out_cols[i]), hdr);
    for (int i = 0; i < nopt; i++) worksheet_write_string(ws, 0, (lxw_col_t)(NOUT + i), bank_col_label(BC_OPT_A + i), hdr);
    worksheet_freeze_panes(ws, 1, 0);
    lxw_row_t r = 1;
    size_t k;
    json_t *q;
    int err = 0;
    json_array_foreach(qs, k, q) {
        struct outrow o;
        fill_row(q, &o);
        for (int i = 0; i < NOUT; i++) {
            int c = out_cols[i];
            lxw_error e = LXW_NO_ERROR;
            if (c == BC_DIFFICULTY) e = worksheet_write_number(ws, r, (lxw_col_t)i, (double)json_integer_value(json_object_get(q, "difficulty")), NULL);
            else if (c == BC_POINTS) e = worksheet_write_number(ws, r, (lxw_col_t)i, json_integer_value(json_object_get(q, "points")) / 100.0, NULL);
            else if (c == BC_IMAGES) e = worksheet_write_number(ws, r, (lxw_col_t)i, (double)json_array_size(json_object_get(q, "images")), NULL);
            else if (o.cell[c] && *o.cell[c]) e = worksheet_write_string(ws, r, (lxw_col_t)i, o.cell[c], NULL);
            if (e != LXW_NO_ERROR) err = 1;
        }
        for (int i = 0; i < nopt; i++)
            if (o.cell[BC_OPT_A + i] && *o.cell[BC_OPT_A + i] &&
                worksheet_write_string(ws, r, (lxw_col_t)(NOUT + i), o.cell[BC_OPT_A + i], NULL) != LXW_NO_ERROR)
                err = 1;
        free(o.tags);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, (lxw_col_t)(NOUT + nopt - 1));
    if (workbook_close(wb) != LXW_NO_ERROR) err = 1;
    return err ? -1 : 0;
}
