/* The online sitting (issue 5; docs/exam-sitting.md).
 *
 * Board side (user session; managers and the subject's board, decided by
 * auth_exam_can NEED_VIEW_EXAM): one-time codes per candidate of a sitting
 * (shown once, stored as SHA-256, a reissue replaces the old code and ends
 * its sessions), and the live view of the sitting.
 *
 * Candidate side (/api/v1/sitting/..., public routes for the server's user
 * session check): a candidate session of its own (cookie canbo_exam + the
 * X-Exam-CSRF header on writes) opened with the code. Every candidate call
 * is bound to that session's candidate: no route takes a candidate, form,
 * question or version id, only the position of an item in the candidate's
 * own form. The deadline (start + duration, by the server clock) is
 * enforced here: a save after it or after submission is refused (409) and
 * an attempt past its deadline is closed as 'deadline' lazily on access and
 * by a sweep whenever the board's live view is read. An answer is
 * acknowledged (200) only after its transaction committed. */
#include "api/api.h"
#include "api/exam_sitting.h"
#include "auth/audit.h"
#include "auth/exam_access.h"
#include "db/exam_grading.h"
#include "db/exam_sitting.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIT_COOKIE "canbo_exam"
#define SIT_CSRF_HEADER "X-Exam-CSRF"
#define SIT_SESSION_HOURS 12
#define SIT_MAX_TEXT 20000
#define SIT_MAX_INCIDENTS 1000
/* Sign-in throttling: failed codes per client address and window. */
#define SIT_THROTTLE_MAX 30
#define SIT_THROTTLE_WINDOW 300
#define CODE_LEN 10

/* ---- small helpers ---- */

static void e404(struct resp *out, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "Không tìm thấy %s.", what);
    resp_error(out, 404, "not_found", NULL, msg);
}
static void e500(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void e503(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); }

/* UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ", plus `add_s` seconds. */
static void now_ms(char buf[SIT_TIME_LEN + 1], long add_s)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    time_t t = ts.tv_sec + add_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    char b[20];
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, SIT_TIME_LEN + 1, "%.19s.%03uZ", b, (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

/* `iso` ("YYYY-MM-DDTHH:MM:SS.mmmZ") plus `add_s` seconds, same milliseconds. */
static int time_add(const char *iso, long add_s, char out[SIT_TIME_LEN + 1])
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest || strlen(rest) != 5) return -1;
    time_t t = timegm(&tm) + add_s;
    gmtime_r(&t, &tm);
    char b[20];
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, SIT_TIME_LEN + 1, "%.19s%.5s", b, rest);
    return 0;
}

static void sha256_hex(const char *s, char out[SIT_HASH_LEN + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(out, SIT_HASH_LEN + 1, h, sizeof h);
}

static void random_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Codes: 10 characters from 32 unambiguous ones (no 0/O, 1/I/L): 50 bits. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
static void random_code(char out[CODE_LEN + 1])
{
    size_t n = sizeof code_alphabet - 1;
    for (int i = 0; i < CODE_LEN; i++) out[i] = code_alphabet[randombytes_uniform((uint32_t)n)];
    out[CODE_LEN] = 0;
}

/* Normalizes what the candidate typed: upper case, spaces and dashes dropped. */
static int normalize_code(const char *in, char out[CODE_LEN + 1])
{
    size_t k = 0;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (!strchr(code_alphabet, c) || c == 0 || k >= CODE_LEN) return -1;
        out[k++] = c;
    }
    out[k] = 0;
    return k == CODE_LEN ? 0 : -1;
}

/* ---- sign-in throttling (per client address) ---- */

struct throttle_slot { char key[64]; time_t start; int count; };
#define THROTTLE_SLOTS 512
static struct throttle_slot throttle[THROTTLE_SLOTS];
static pthread_mutex_t throttle_mu = PTHREAD_MUTEX_INITIALIZER;

static struct throttle_slot *throttle_slot(const char *key, time_t now)
{
    uint32_t h = 2166136261u;
    for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    struct throttle_slot *oldest = NULL;
    for (int i = 0; i < 8; i++) {
        struct throttle_slot *s = &throttle[(h + (uint32_t)i) % THROTTLE_SLOTS];
        if (!strcmp(s->key, key)) {
            if (now - s->start >= SIT_THROTTLE_WINDOW) { s->start = now; s->count = 0; }
            return s;
        }
        if (!oldest || s->start < oldest->start) oldest = s;
    }
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    oldest->start = now;
    oldest->count = 0;
    return oldest;
}

/* 1 when blocked; *retry = seconds left. */
static int throttle_blocked(const char *client, int *retry)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&throttle_mu);
    struct throttle_slot *s = throttle_slot(client, now);
    int blocked = s->count >= SIT_THROTTLE_MAX;
    if (blocked) *retry = (int)(SIT_THROTTLE_WINDOW - (now - s->start));
    pthread_mutex_unlock(&throttle_mu);
    return blocked;
}

static void throttle_fail(const char *client)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&throttle_mu);
    throttle_slot(client, now)->count++;
    pthread_mutex_unlock(&throttle_mu);
}

/* ---- candidate session ---- */

static const char *sit_cookie_name(void) { return http_secure_cookies() ? "__Host-" SIT_COOKIE : SIT_COOKIE; }

/* Behind TLS the cookie takes the __Host- prefix, which requires Secure and Path=/. */
static void set_sit_cookie(struct resp *out, const char *token)
{
    const char *attrs = http_secure_cookies() ? "Path=/; Secure; HttpOnly; SameSite=Strict"
                                              : "Path=/api/v1/sitting; HttpOnly; SameSite=Strict";
    if (token)
        snprintf(out->set_cookie, sizeof out->set_cookie, "%s=%s; %s", sit_cookie_name(), token, attrs);
    else
        snprintf(out->set_cookie, sizeof out->set_cookie, "%s=; %s; Max-Age=0", sit_cookie_name(), attrs);
}

/* The canbo_exam token from the Cookie header, or 0. */
static int cookie_token(struct req *r, char tok[AUTH_TOKEN_LEN + 1])
{
    const char *c = req_header(r, "Cookie");
    char name[64];
    snprintf(name, sizeof name, "%s=", sit_cookie_name());
    size_t nl = strlen(name);
    while (c && *c) {
        while (*c == ' ' || *c == ';') c++;
        if (!strncmp(c, name, nl)) {
            const char *v = c + nl;
            size_t n = strcspn(v, "; ");
            if (n != AUTH_TOKEN_LEN) return 0;
            memcpy(tok, v, n);
            tok[n] = 0;
            return 1;
        }
        c = strchr(c, ';');
    }
    return 0;
}

static int is_write(const char *m) { return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0; }

/* Resolves the candidate of the request; writes 401/403 and returns -1 otherwise. */
static __thread char tl_csrf[64]; /* the session's CSRF token, for /sitting/state */

static int cand_auth(struct req *r, struct resp *out, int64_t *cand)
{
    char tok[AUTH_TOKEN_LEN + 1], th[SIT_HASH_LEN + 1], now[SIT_TIME_LEN + 1], csrf[64];
    tl_csrf[0] = 0;
    now_ms(now, 0);
    int rc = 1;
    if (cookie_token(r, tok)) {
        sha256_hex(tok, th);
        rc = db_sit_session_get(r->db, th, now, cand, csrf);
        sodium_memzero(tok, sizeof tok);
    }
    if (rc < 0) { e500(out); return -1; }
    if (rc > 0) {
        resp_error(out, 401, "unauthenticated", NULL, "Phiên làm bài không hợp lệ hoặc đã kết thúc. Vui lòng nhập mã dự thi.");
        return -1;
    }
    memcpy(tl_csrf, csrf, sizeof tl_csrf);
    if (is_write(r->method)) {
        const char *t = req_header(r, SIT_CSRF_HEADER);
        if (!t || strlen(t) != strlen(csrf) || sodium_memcmp(t, csrf, strlen(csrf)) != 0) {
            resp_error(out, 403, "csrf_failed", NULL, "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF).");
            return -1;
        }
    }
    return 0;
}

static void cand_actor(int64_t cand, struct actor *a, char *buf, size_t cap)
{
    snprintf(buf, cap, "candidate-%lld", (long long)cand);
    a->user_id = 0;
    a->username = buf;
}

static int audit_json(db *d, const struct actor *a, const char *action, const char *entity, int64_t id, json_t *after)
{
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = audit_append(d, a, action, entity, id, NULL, s);
    free(s);
    return rc;
}

static const char *attempt_state(const struct sit_attempt *a, int exists)
{
    if (!exists) return "not_started";
    if (!a->submitted_at[0]) return "in_progress";
    return !strcmp(a->submit_kind, "deadline") ? "deadline" : "submitted";
}

static json_t *attempt_json(const struct sit_attempt *a, int exists)
{
    if (!exists) return json_null();
    return json_pack("{s:s,s:s,s:s,s:o,s:o}", "state", attempt_state(a, 1), "started_at", a->started_at,
                     "deadline_at", a->deadline_at,
                     "submitted_at", a->submitted_at[0] ? json_string(a->submitted_at) : json_null(),
                     "submit_kind", a->submit_kind[0] ? json_string(a->submit_kind) : json_null());
}

/* Inside a write transaction: closes the attempt as 'deadline' (at its
 * deadline) when the deadline has passed, with its audit entry. 1 closed,
 * 0 nothing to do, -1 error. */
static int close_if_expired(db *d, int64_t cand, struct sit_attempt *a, const char *now)
{
    if (a->submitted_at[0] || strcmp(now, a->deadline_at) < 0) return 0;
    if (db_sit_attempt_close(d, cand, a->deadline_at, "deadline") < 0) return -1;
    struct actor sys = {0, "system"};
    json_t *after = json_pack("{s:s,s:s}", "submit_kind", "deadline", "closed_at", now);
    int rc = audit_json(d, &sys, "exam.attempt.deadline", "exam_candidate", cand, after);
    json_decref(after);
    if (rc != 0) return -1;
    snprintf(a->submitted_at, sizeof a->submitted_at, "%s", a->deadline_at);
    snprintf(a->submit_kind, sizeof a->submit_kind, "deadline");
    return 1;
}

/* Loads the attempt; closes it lazily when past its deadline. 0 found,
 * 1 none, -1 (reply written). */
static int attempt_load(struct req *r, struct resp *out, int64_t cand, struct sit_attempt *a)
{
    int rc = db_sit_attempt_get(r->db, cand, a);
    if (rc < 0) { e500(out); return -1; }
    if (rc == 1) return 1;
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    if (a->submitted_at[0] || strcmp(now, a->deadline_at) < 0) return 0;
    if (db_begin(r->db) != 0) { e503(out); return -1; }
    /* Re-read under the write lock. */
    if (db_sit_attempt_get(r->db, cand, a) != 0 || close_if_expired(r->db, cand, a, now) < 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        e500(out);
        return -1;
    }
    return 0;
}

/* ---- candidate routes ---- */

static void sit_signin(struct req *r, struct resp *out)
{
    int retry = 0;
    if (throttle_blocked(r->client, &retry)) {
        snprintf(out->extra_header[0], sizeof out->extra_header[0], "Retry-After: %d", retry > 0 ? retry : 1);
        resp_error(out, 429, "too_many_attempts", NULL, "Nhập sai mã quá nhiều lần. Vui lòng thử lại sau ít phút hoặc báo cán bộ coi thi.");
        return;
    }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"code", NULL};
    const char *code = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "code", 1, 64, &code, out)) { json_decref(in); return; }
    char norm[CODE_LEN + 1], hash[SIT_HASH_LEN + 1];
    int shape_ok = normalize_code(code, norm) == 0;
    json_decref(in);
    char now[SIT_TIME_LEN + 1], expires[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    now_ms(expires, SIT_SESSION_HOURS * 3600L);
    int64_t cand = 0;
    int used = 0;
    if (shape_ok) {
        sha256_hex(norm, hash);
        sodium_memzero(norm, sizeof norm);
        if (db_begin(r->db) != 0) { e503(out); return; }
        used = db_sit_code_use(r->db, hash, now, &cand);
        if (used < 0) { db_rollback(r->db); e500(out); return; }
    }
    if (!used) {
        if (shape_ok) db_rollback(r->db);
        throttle_fail(r->client);
        resp_error(out, 401, "bad_code", "code",
                   "Mã dự thi không đúng hoặc đã được dùng. Nếu cần, đề nghị hội đồng thi cấp lại mã.");
        return;
    }
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], th[SIT_HASH_LEN + 1], abuf[48];
    random_token(token);
    random_token(csrf);
    sha256_hex(token, th);
    struct actor a;
    cand_actor(cand, &a, abuf, sizeof abuf);
    json_t *info = db_sit_candidate_info(r->db, cand);
    json_t *after = json_pack("{s:s}", "client", r->client);
    int ok = info && db_sit_session_create(r->db, th, cand, csrf, now, expires) == 0 &&
             db_sit_incident_add(r->db, cand, "signin", NULL, NULL, now) == 0 &&
             audit_json(r->db, &a, "exam.signin", "exam_candidate", cand, after) == 0 && db_commit(r->db) == 0;
    json_decref(after);
    if (!ok) { db_rollback(r->db); json_decref(info); sodium_memzero(token, sizeof token); e500(out); return; }
    set_sit_cookie(out, token);
    sodium_memzero(token, sizeof token);
    json_object_del(info, "form_id");
    resp_json(out, 200, json_pack("{s:s,s:o,s:s}", "csrf_token", csrf, "candidate", info, "now", now));
}

static void sit_signout(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    char tok[AUTH_TOKEN_LEN + 1], th[SIT_HASH_LEN + 1];
    if (cookie_token(r, tok)) {
        sha256_hex(tok, th);
        sodium_memzero(tok, sizeof tok);
        if (db_begin(r->db) != 0) { e503(out); return; }
        if (db_sit_session_end(r->db, th) != 0 || db_commit(r->db) != 0) { db_rollback(r->db); e500(out); return; }
    }
    set_sit_cookie(out, NULL);
    resp_json(out, 200, json_pack("{s:b}", "ok", 1));
}

static void sit_state(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    struct sit_attempt a;
    int rc = attempt_load(r, out, cand, &a);
    if (rc < 0) return;
    json_t *info = db_sit_candidate_info(r->db, cand);
    if (!info) { e500(out); return; }
    json_object_del(info, "form_id");
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    /* The CSRF token again, so that a reloaded page can write (a GET with
     * the SameSite=Strict cookie; other origins cannot read the reply). */
    resp_json(out, 200, json_pack("{s:s,s:s,s:o,s:o}", "now", now, "csrf_token", tl_csrf, "candidate", info,
                                  "attempt", attempt_json(&a, rc == 0)));
}

static void sit_start(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    json_decref(in);
    json_t *info = db_sit_candidate_info(r->db, cand);
    if (!info) { e500(out); return; }
    int64_t form_id = json_integer_value(json_object_get(info, "form_id"));
    long dur = (long)json_integer_value(json_object_get(info, "duration_min"));
    json_decref(info);
    if (!form_id) {
        resp_error(out, 409, "no_form", NULL, "Thí sinh chưa có đề thi. Vui lòng báo cán bộ coi thi.");
        return;
    }
    if (db_begin(r->db) != 0) { e503(out); return; }
    struct sit_attempt a;
    int rc = db_sit_attempt_get(r->db, cand, &a);
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    int status = 200;
    if (rc == 1) {
        char deadline[SIT_TIME_LEN + 1], abuf[48];
        /* The deadline is fixed now, by the server clock. */
        if (time_add(now, dur * 60, deadline) != 0) { db_rollback(r->db); e500(out); return; }
        struct actor ac;
        cand_actor(cand, &ac, abuf, sizeof abuf);
        json_t *after = json_pack("{s:s,s:s,s:I}", "started_at", now, "deadline_at", deadline, "form_id", (json_int_t)form_id);
        int ok = db_sit_attempt_create(r->db, cand, form_id, now, deadline) == 0 &&
                 audit_json(r->db, &ac, "exam.attempt.start", "exam_candidate", cand, after) == 0;
        json_decref(after);
        if (!ok || db_sit_attempt_get(r->db, cand, &a) != 0) { db_rollback(r->db); e500(out); return; }
        status = 201;
    } else if (rc < 0 || close_if_expired(r->db, cand, &a, now) < 0) {
        db_rollback(r->db);
        e500(out);
        return;
    }
    if (db_commit(r->db) != 0) { db_rollback(r->db); e500(out); return; }
    resp_json(out, status, json_pack("{s:s,s:o}", "now", now, "attempt", attempt_json(&a, 1)));
}

static void sit_form(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    struct sit_attempt a;
    int rc = attempt_load(r, out, cand, &a);
    if (rc < 0) return;
    if (rc == 1) { resp_error(out, 409, "not_started", NULL, "Thí sinh chưa bắt đầu làm bài."); return; }
    if (a.submitted_at[0]) {
        resp_error(out, 409, "attempt_closed", NULL, "Bài thi đã kết thúc (đã nộp hoặc hết giờ).");
        return;
    }
    json_t *items = db_sit_form(r->db, a.form_id);
    if (!items) { e500(out); return; }
    /* Options in the candidate's shown order, identified by shown position only. */
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        json_t *order = json_object_get(it, "option_order"), *opts = json_object_get(it, "options");
        json_t *shown = json_array();
        size_t j;
        json_t *ord;
        json_array_foreach(order, j, ord) {
            size_t m;
            json_t *o;
            json_array_foreach(opts, m, o)
                if (json_integer_value(json_object_get(o, "ord")) == json_integer_value(ord)) {
                    json_array_append_new(shown, json_pack("{s:i,s:O}", "pos", (int)j, "text", json_object_get(o, "text")));
                    break;
                }
        }
        json_object_del(it, "option_order");
        json_object_set_new(it, "options", shown);
    }
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    resp_json(out, 200, json_pack("{s:s,s:s,s:o}", "now", now, "deadline_at", a.deadline_at, "items", items));
}

/* Shown positions -> stored ords for a choice item (sorted JSON text), or a
 * JSON string for text items. NULL with a 400 written on a bad response. */
static char *response_to_stored(const char *type, const char *order_text, json_t *resp_in, struct resp *out)
{
    int choice = !strcmp(type, "single") || !strcmp(type, "multiple") || !strcmp(type, "true_false");
    if (!choice) {
        if (!json_is_string(resp_in) || json_string_length(resp_in) > SIT_MAX_TEXT) {
            resp_error(out, 400, "invalid_value", "response", "Câu trả lời tự luận phải là văn bản, tối đa 20.000 byte.");
            return NULL;
        }
        return json_dumps(resp_in, JSON_COMPACT | JSON_ENCODE_ANY);
    }
    json_t *order = json_loads(order_text, 0, NULL);
    size_t n = json_array_size(order);
    if (!json_is_array(resp_in) || json_array_size(resp_in) > n ||
        (strcmp(type, "multiple") != 0 && json_array_size(resp_in) > 1)) {
        json_decref(order);
        resp_error(out, 400, "invalid_value", "response",
                   "Câu trả lời phải là danh sách vị trí phương án (câu một lựa chọn: tối đa một phương án).");
        return NULL;
    }
    int ords[64];
    size_t cnt = 0;
    size_t i;
    json_t *v;
    json_array_foreach(resp_in, i, v) {
        json_int_t p = json_is_integer(v) ? json_integer_value(v) : -1;
        if (p < 0 || (size_t)p >= n || cnt >= 64) goto bad;
        int ord = (int)json_integer_value(json_array_get(order, (size_t)p));
        for (size_t q = 0; q < cnt; q++)
            if (ords[q] == ord) goto bad;
        ords[cnt++] = ord;
    }
    json_decref(order);
    /* Sorted stored ords (the contract of migration 6). */
    for (size_t x = 1; x < cnt; x++)
        for (size_t y = x; y > 0 && ords[y - 1] > ords[y]; y--) { int t = ords[y]; ords[y] = ords[y - 1]; ords[y - 1] = t; }
    json_t *arr = json_array();
    for (size_t x = 0; x < cnt; x++) json_array_append_new(arr, json_integer(ords[x]));
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
bad:
    json_decref(order);
    resp_error(out, 400, "invalid_value", "response", "Vị trí phương án không hợp lệ hoặc bị lặp.");
    return NULL;
}

static void sit_save(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    if (r->params[0] > 100000) { e404(out, "câu hỏi trong đề của thí sinh"); return; }
    int pos = (int)r->params[0];
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"response", "seq", NULL};
    int64_t seq = 0;
    json_t *resp_in = json_object_get(in, "response");
    if (api_only_fields(in, allowed, out) || api_get_int(in, "seq", 1, 1, INT64_MAX / 2, &seq, NULL, out)) {
        json_decref(in);
        return;
    }
    if (!resp_in) {
        json_decref(in);
        resp_error(out, 400, "required", "response", "Thiếu câu trả lời.");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    struct sit_attempt a;
    int rc = db_sit_attempt_get(r->db, cand, &a);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc < 0) e500(out);
        else resp_error(out, 409, "not_started", NULL, "Thí sinh chưa bắt đầu làm bài.");
        return;
    }
    if (a.submitted_at[0]) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 409, "attempt_closed", NULL, "Bài thi đã kết thúc (đã nộp hoặc hết giờ): không lưu được câu trả lời.");
        return;
    }
    rc = close_if_expired(r->db, cand, &a, now);
    if (rc != 0) {
        json_decref(in);
        if (rc < 0 || db_commit(r->db) != 0) { db_rollback(r->db); e500(out); return; }
        resp_error(out, 409, "deadline_passed", NULL, "Đã hết giờ làm bài: câu trả lời không được lưu.");
        return;
    }
    char type[16], order[1024];
    rc = db_sit_item(r->db, a.form_id, pos, type, order, sizeof order);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc < 0) e500(out);
        else e404(out, "câu hỏi trong đề của thí sinh");
        return;
    }
    char *stored = response_to_stored(type, order, resp_in, out);
    json_decref(in);
    if (!stored) { db_rollback(r->db); return; }
    int applied = 0;
    if (db_sit_answer_save(r->db, a.form_id, pos, stored, seq, now, &applied) != 0 || db_commit(r->db) != 0) {
        free(stored);
        db_rollback(r->db);
        e500(out);
        return;
    }
    free(stored);
    /* Committed: only now is the answer acknowledged. */
    resp_json(out, 200, json_pack("{s:i,s:I,s:b,s:s,s:s}", "pos", pos, "seq", (json_int_t)seq, "applied", applied,
                                  "saved_at", now, "deadline_at", a.deadline_at));
}

static void sit_answers(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    struct sit_attempt a;
    int rc = attempt_load(r, out, cand, &a);
    if (rc < 0) return;
    if (rc == 1) { resp_error(out, 409, "not_started", NULL, "Thí sinh chưa bắt đầu làm bài."); return; }
    json_t *rows = db_sit_answers(r->db, a.form_id);
    if (!rows) { e500(out); return; }
    json_t *items = json_array();
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row) {
        const char *type = json_string_value(json_object_get(row, "type"));
        json_t *stored = json_loads(json_string_value(json_object_get(row, "response")), JSON_DECODE_ANY, NULL);
        json_t *shown;
        if (json_is_array(stored)) {
            shown = json_array();
            json_t *order = json_object_get(row, "option_order");
            size_t i, j;
            json_t *v, *o;
            json_array_foreach(stored, i, v)
                json_array_foreach(order, j, o)
                    if (json_integer_value(o) == json_integer_value(v)) json_array_append_new(shown, json_integer((json_int_t)j));
            /* Shown positions in ascending order. */
            size_t n = json_array_size(shown);
            for (size_t x = 1; x < n; x++)
                for (size_t y = x; y > 0 && json_integer_value(json_array_get(shown, y - 1)) > json_integer_value(json_array_get(shown, y)); y--) {
                    json_int_t t = json_integer_value(json_array_get(shown, y));
                    json_array_set_new(shown, y, json_integer(json_integer_value(json_array_get(shown, y - 1))));
                    json_array_set_new(shown, y - 1, json_integer(t));
                }
        } else shown = stored ? json_incref(stored) : json_string("");
        json_decref(stored);
        (void)type;
        json_array_append_new(items, json_pack("{s:O,s:o,s:O,s:O}", "pos", json_object_get(row, "pos"), "response", shown,
                                               "seq", json_object_get(row, "seq"), "saved_at", json_object_get(row, "saved_at")));
    }
    json_decref(rows);
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    resp_json(out, 200, json_pack("{s:s,s:o,s:o}", "now", now, "attempt", attempt_json(&a, 1), "items", items));
}

static void sit_submit(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    json_decref(in);
    if (db_begin(r->db) != 0) { e503(out); return; }
    struct sit_attempt a;
    int rc = db_sit_attempt_get(r->db, cand, &a);
    if (rc != 0) {
        db_rollback(r->db);
        if (rc < 0) e500(out);
        else resp_error(out, 409, "not_started", NULL, "Thí sinh chưa bắt đầu làm bài.");
        return;
    }
    char now[SIT_TIME_LEN + 1], abuf[48];
    now_ms(now, 0);
    int ok = 1;
    if (!a.submitted_at[0]) {
        rc = close_if_expired(r->db, cand, &a, now);
        if (rc < 0) ok = 0;
        else if (rc == 0) {
            struct actor ac;
            cand_actor(cand, &ac, abuf, sizeof abuf);
            json_t *after = json_pack("{s:s,s:s}", "submit_kind", "candidate", "submitted_at", now);
            ok = db_sit_attempt_close(r->db, cand, now, "candidate") == 1 &&
                 audit_json(r->db, &ac, "exam.attempt.submit", "exam_candidate", cand, after) == 0 &&
                 db_sit_attempt_get(r->db, cand, &a) == 0;
            json_decref(after);
        }
    }
    if (!ok || db_commit(r->db) != 0) { db_rollback(r->db); e500(out); return; }
    resp_json(out, 200, json_pack("{s:s,s:o}", "now", now, "attempt", attempt_json(&a, 1)));
}

static void sit_incident(struct req *r, struct resp *out)
{
    int64_t cand;
    if (cand_auth(r, out, &cand) != 0) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"kind", "detail", "client_at", NULL};
    static const char *const kinds[] = {"reconnect", "focus_loss", "visibility", "offline", NULL};
    const char *kind = NULL, *detail = NULL, *client_at = NULL;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "kind", 1, 16, &kind, out) ||
        api_get_string(in, "detail", 0, 200, &detail, out) || api_get_string(in, "client_at", 0, 40, &client_at, out)) {
        json_decref(in);
        return;
    }
    int known = 0;
    for (int i = 0; kinds[i]; i++) known |= !strcmp(kinds[i], kind);
    if (!known) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "kind", "Loại sự cố không hợp lệ (reconnect, focus_loss, visibility, offline).");
        return;
    }
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    int n = db_sit_incident_count(r->db, cand);
    if (n >= SIT_MAX_INCIDENTS) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 429, "too_many_incidents", NULL, "Đã ghi nhận quá nhiều sự cố cho thí sinh này.");
        return;
    }
    int ok = n >= 0 && db_sit_incident_add(r->db, cand, kind, detail, client_at, now) == 0 && db_commit(r->db) == 0;
    json_decref(in);
    if (!ok) { db_rollback(r->db); e500(out); return; }
    resp_json(out, 201, json_pack("{s:s}", "at", now));
}

/* ---- board routes ---- */

/* Access to a sitting of an exam: managers and the subject's board. */
static int board_sitting(struct req *r, struct resp *out)
{
    int64_t sid = db_sit_subject(r->db, r->params[0], r->params[1]);
    if (!sid || !auth_exam_can(r->db, &r->user, sid, NEED_VIEW_EXAM)) { e404(out, "ca thi"); return -1; }
    return 0;
}

static void codes_issue(struct req *r, struct resp *out)
{
    if (board_sitting(r, out) != 0) return;
    int64_t sitting = r->params[1];
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"candidate_ids", NULL};
    if (api_only_fields(in, allowed, out)) { json_decref(in); return; }
    json_t *ids = json_object_get(in, "candidate_ids");
    if (ids && (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 100000)) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "candidate_ids", "candidate_ids phải là danh sách mã thí sinh (không rỗng).");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); e503(out); return; }
    /* Registration numbers are assigned here, once, before anything is
     * printed: the code list, the live view and the published results all
     * show the same number (docs/exam-sitting.md). */
    json_t *cands = db_grading_assign_codes(r->db, r->params[0]) == 0 ? db_sit_candidates(r->db, sitting) : NULL;
    json_t *pick = json_array();
    if (!cands) goto fail;
    if (ids) {
        size_t i;
        json_t *v;
        json_array_foreach(ids, i, v) {
            json_t *found = NULL;
            size_t k;
            json_t *c;
            json_array_foreach(cands, k, c)
                if (json_is_integer(v) && json_integer_value(json_object_get(c, "id")) == json_integer_value(v)) found = c;
            if (!found) {
                char f[48];
                snprintf(f, sizeof f, "candidate_ids.%zu", i);
                db_rollback(r->db);
                json_decref(in);
                json_decref(cands);
                json_decref(pick);
                resp_error(out, 404, "not_found", f, "Thí sinh không thuộc ca thi này.");
                return;
            }
            json_array_append(pick, found);
        }
    } else {
        size_t k;
        json_t *c;
        json_array_foreach(cands, k, c)
            if (!json_is_true(json_object_get(c, "has_code"))) json_array_append(pick, c);
    }
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    json_t *codes = json_array(), *audit_ids = json_array();
    size_t k;
    json_t *c;
    json_array_foreach(pick, k, c) {
        char code[CODE_LEN + 1], hash[SIT_HASH_LEN + 1];
        random_code(code);
        sha256_hex(code, hash);
        int64_t cid = json_integer_value(json_object_get(c, "id"));
        if (db_sit_code_set(r->db, cid, sitting, hash, now, r->user.id) != 0) {
            json_decref(codes);
            json_decref(audit_ids);
            goto fail;
        }
        /* Printed as XXXXX-XXXXX; the dash is ignored at sign-in. */
        char shown[CODE_LEN + 2];
        snprintf(shown, sizeof shown, "%.5s-%.5s", code, code + 5);
        json_array_append_new(codes, json_pack("{s:I,s:O,s:O,s:s,s:b}", "candidate_id", (json_int_t)cid, "full_name",
                                               json_object_get(c, "full_name"), "reg_no", json_object_get(c, "reg_no"),
                                               "code", shown,
                                               "reissued", json_is_true(json_object_get(c, "has_code"))));
        json_array_append_new(audit_ids, json_integer(cid));
        sodium_memzero(code, sizeof code);
    }
    struct actor a;
    api_actor(r, &a);
    json_t *after = json_pack("{s:I,s:o,s:b}", "exam_id", (json_int_t)r->params[0], "candidates", audit_ids, "reissue", ids != NULL);
    int ok = audit_json(r->db, &a, "exam.codes.issue", "exam_sitting", sitting, after) == 0 && db_commit(r->db) == 0;
    json_decref(after);
    json_decref(in);
    json_decref(cands);
    json_decref(pick);
    if (!ok) { json_decref(codes); db_rollback(r->db); e500(out); return; }
    resp_json(out, 201, json_pack("{s:I,s:s,s:o}", "sitting_id", (json_int_t)sitting, "issued_at", now, "codes", codes));
    return;
fail:
    db_rollback(r->db);
    json_decref(in);
    json_decref(cands);
    json_decref(pick);
    e500(out);
}

/* The sweep (see exam_sitting.h): closes expired attempts, one audit entry each. */
int exam_sitting_sweep(db *d, int64_t sitting_id, int64_t exam_id)
{
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    json_t *closed = json_array();
    int ok = db_sit_close_expired(d, sitting_id, exam_id, now, closed) == 0;
    if (ok && json_array_size(closed) > 0) {
        struct actor sys = {0, "system"};
        size_t k;
        json_t *v;
        json_array_foreach(closed, k, v) {
            json_t *after = json_pack("{s:s,s:s,s:s}", "submit_kind", "deadline", "closed_at", now, "via", "sweep");
            ok = ok && audit_json(d, &sys, "exam.attempt.deadline", "exam_candidate", json_integer_value(v), after) == 0;
            json_decref(after);
        }
    }
    json_decref(closed);
    return ok ? 0 : -1;
}

static void live_view(struct req *r, struct resp *out)
{
    if (board_sitting(r, out) != 0) return;
    int64_t sitting = r->params[1];
    char now[SIT_TIME_LEN + 1];
    now_ms(now, 0);
    /* The sweep: attempts past their deadline are closed before the board looks. */
    if (db_begin(r->db) != 0) { e503(out); return; }
    int ok = exam_sitting_sweep(r->db, sitting, 0) == 0;
    if (!ok || db_commit(r->db) != 0) { db_rollback(r->db); e500(out); return; }
    json_t *rows = db_sit_live(r->db, sitting);
    if (!rows) { e500(out); return; }
    int counts[4] = {0, 0, 0, 0};
    size_t k;
    json_t *c;
    json_array_foreach(rows, k, c) {
        const char *kind = json_string_value(json_object_get(c, "submit_kind"));
        const char *st = !json_is_string(json_object_get(c, "started_at")) ? "not_started"
                         : !kind ? "in_progress" : !strcmp(kind, "deadline") ? "deadline" : "submitted";
        json_object_set_new(c, "state", json_string(st));
        counts[!strcmp(st, "not_started") ? 0 : !strcmp(st, "in_progress") ? 1 : !strcmp(st, "submitted") ? 2 : 3]++;
    }
    resp_json(out, 200, json_pack("{s:s,s:I,s:{s:i,s:i,s:i,s:i},s:o}", "now", now, "sitting_id", (json_int_t)sitting,
                                  "counts", "not_started", counts[0], "in_progress", counts[1], "submitted", counts[2],
                                  "deadline", counts[3], "candidates", rows));
}

/* The candidates' writes take turns on a mutex before SQLite's write lock.
 * Without it, a worker thread that finds the database locked sleeps in
 * SQLite's busy handler (1, 2, 5, 10, … 100 ms) while another thread keeps
 * taking the lock, and every connection of the sleeping thread waits with
 * it: that was the tail of the load benchmark. A mutex wakes the next
 * writer as soon as the lock is free. */
static pthread_mutex_t cand_write_mu = PTHREAD_MUTEX_INITIALIZER;
#define SERIALIZED(fn)                                           \
    static void fn##_serialized(struct req *r, struct resp *out) \
    {                                                            \
        pthread_mutex_lock(&cand_write_mu);                      \
        fn(r, out);                                              \
        pthread_mutex_unlock(&cand_write_mu);                    \
    }
SERIALIZED(sit_signin)
SERIALIZED(sit_start)
SERIALIZED(sit_save)
SERIALIZED(sit_submit)
SERIALIZED(sit_incident)

const struct route api_exam_sitting_routes[] = {
    {"POST", "/api/v1/exams/:id/sittings/:id/codes", codes_issue, 0},
    {"GET", "/api/v1/exams/:id/sittings/:id/live", live_view, 0},
    {"POST", "/api/v1/sitting/signin", sit_signin_serialized, ROUTE_OWN_SESSION},
    {"POST", "/api/v1/sitting/signout", sit_signout, ROUTE_OWN_SESSION},
    {"GET", "/api/v1/sitting/state", sit_state, ROUTE_OWN_SESSION},
    {"POST", "/api/v1/sitting/start", sit_start_serialized, ROUTE_OWN_SESSION},
    {"GET", "/api/v1/sitting/form", sit_form, ROUTE_OWN_SESSION},
    {"GET", "/api/v1/sitting/answers", sit_answers, ROUTE_OWN_SESSION},
    {"PUT", "/api/v1/sitting/answers/:id", sit_save_serialized, ROUTE_OWN_SESSION},
    {"POST", "/api/v1/sitting/submit", sit_submit_serialized, ROUTE_OWN_SESSION},
    {"POST", "/api/v1/sitting/incidents", sit_incident_serialized, ROUTE_OWN_SESSION},
    {NULL, NULL, NULL, 0},
};
