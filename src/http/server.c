/* libmicrohttpd server: thread pool on epoll, one SQLite connection per
 * worker thread, body and header limits, sessions and CSRF checks. */
#include "http/http.h"
#include "util/jbuf.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <strings.h>
#include <unistd.h>

#define MAX_ROUTE_TABLES 32

static const struct route *route_tables[MAX_ROUTE_TABLES];
static int n_route_tables;
static struct http_config cfg;
static struct MHD_Daemon *daemon_h;

/* Per-thread database connections, closed on stop. */
static __thread db *tl_db;
static pthread_mutex_t dbs_mu = PTHREAD_MUTEX_INITIALIZER;
static db **all_dbs;
static size_t n_dbs, cap_dbs;

static db *thread_db(void)
{
    if (tl_db) return tl_db;
    db *d = NULL;
    if (db_open(cfg.db_path, 0, &d) != 0) return NULL;
    pthread_mutex_lock(&dbs_mu);
    if (n_dbs == cap_dbs) {
        size_t nc = cap_dbs ? cap_dbs * 2 : 16;
        db **n = realloc(all_dbs, nc * sizeof *n);
        if (!n) { pthread_mutex_unlock(&dbs_mu); db_close(d); return NULL; }
        all_dbs = n;
        cap_dbs = nc;
    }
    all_dbs[n_dbs++] = d;
    pthread_mutex_unlock(&dbs_mu);
    tl_db = d;
    return d;
}

void http_add_routes(const struct route *routes)
{
    if (n_route_tables < MAX_ROUTE_TABLES) route_tables[n_route_tables++] = routes;
}

/* Matches "/a/:id/b" against a path; fills numeric and text params. */
static int match(const char *pattern, const char *path, int64_t *params, const char **sparams, char *sbuf, size_t sbufcap)
{
    int np = 0, ns = 0;
    size_t sused = 0;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (*p == ':') {
            const char *pe = p;
            while (*pe && *pe != '/') pe++;
            const char *ue = u;
            while (*ue && *ue != '/') ue++;
            if (ue == u) return 0;
            if (!strncmp(p, ":id", 3) && (p[3] == '/' || !p[3])) {
                if (np >= HTTP_MAX_PARAMS || ue - u > 18) return 0;
                int64_t v = 0;
                for (const char *c = u; c < ue; c++) {
                    if (*c < '0' || *c > '9') return 0;
                    v = v * 10 + (*c - '0');
                }
                params[np++] = v;
            } else {
                size_t n = (size_t)(ue - u);
                if (ns >= HTTP_MAX_PARAMS || sused + n + 1 > sbufcap) return 0;
                memcpy(sbuf + sused, u, n);
                sbuf[sused + n] = 0;
                sparams[ns++] = sbuf + sused;
                sused += n + 1;
            }
            p = pe;
            u = ue;
            continue;
        }
        if (*p != *u) return 0;
        p++;
        u++;
    }
    return !*p && !*u;
}

struct ctx {
    const struct route *route;
    int path_matched;               /* some route matched the path (for 405) */
    int64_t params[HTTP_MAX_PARAMS];
    const char *sparams[HTTP_MAX_PARAMS];
    char sbuf[256];
    char *buf;
    size_t len, cap, limit;
    int too_big, bad_request;
    const char *bad_code, *bad_msg;
};

static void find_route(struct ctx *c, const char *method, const char *path)
{
    for (int t = 0; t < n_route_tables; t++)
        for (const struct route *r = route_tables[t]; r->pattern; r++) {
            int64_t params[HTTP_MAX_PARAMS] = {0};
            const char *sp[HTTP_MAX_PARAMS] = {0};
            char sbuf[256];
            if (!match(r->pattern, path, params, sp, sbuf, sizeof sbuf)) continue;
            c->path_matched = 1;
            if (strcmp(r->method, method) != 0) continue;
            c->route = r;
            memcpy(c->params, params, sizeof params);
            memcpy(c->sbuf, sbuf, sizeof sbuf);
            for (int i = 0; i < HTTP_MAX_PARAMS; i++)
                c->sparams[i] = sp[i] ? c->sbuf + (sp[i] - sbuf) : NULL;
            return;
        }
}

struct hdr_count { int content_length; int transfer_encoding; };

static enum MHD_Result count_headers(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct hdr_count *h = cls;
    if (!strcasecmp(key, "Content-Length")) h->content_length++;
    if (!strcasecmp(key, "Transfer-Encoding")) h->transfer_encoding++;
    return MHD_YES;
}

void resp_text(struct resp *out, int status, const char *ctype, const char *text, size_t len)
{
    free(out->body);
    out->body = malloc(len + 1);
    if (out->body) {
        memcpy(out->body, text, len);
        out->body[len] = 0;
        out->len = len;
    } else out->len = 0;
    out->status = status;
    out->content_type = ctype;
}

void resp_json(struct resp *out, int status, json_t *json)
{
    free(out->body);
    out->len = 0;
    out->body = json ? json_out(json, &out->len) : NULL;
    out->status = out->body ? status : 500;
    out->content_type = "application/json; charset=utf-8";
    json_decref(json);
}

void resp_error(struct resp *out, int status, const char *code, const char *field, const char *message)
{
    json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
    if (field) json_object_set_new(json_object_get(e, "error"), "field", json_string(field));
    resp_json(out, status, e);
}

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

json_t *req_json_object(struct req *r, struct resp *out)
{
    json_error_t err;
    json_t *j = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        char msg[300];
        snprintf(msg, sizeof msg, "Dữ liệu JSON không hợp lệ (dòng %d, cột %d): %s", err.line, err.column, err.text);
        resp_error(out, 400, "invalid_json", NULL, msg);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        resp_error(out, 400, "invalid_json", NULL, "Nội dung yêu cầu phải là một đối tượng JSON.");
        return NULL;
    }
    return j;
}

void resp_session_cookie(struct resp *out, const char *token)
{
    const char *name = cfg.secure_cookies ? "__Host-canbo_session" : "canbo_session";
    const char *secure = cfg.secure_cookies ? "; Secure" : "";
    if (token)
        snprintf(out->set_cookie, sizeof out->set_cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", name, token, secure);
    else
        snprintf(out->set_cookie, sizeof out->set_cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", name, secure);
}

/* Static files of the web UI. Paths with ".." or hidden segments are
 * refused; a path without an extension is a client-side route and gets
 * index.html. */
static const char *mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".csv", "text/csv; charset=utf-8"}, {".pdf", "application/pdf"}, {".txt", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(dot, map[i][0])) return map[i][1];
    return "application/octet-stream";
}

static __thread char tl_static_path[1024];

static void serve_static(const char *path, struct resp *out)
{
    if (strstr(path, "..") || strstr(path, "/.") || strlen(path) > 512) {
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy.");
        return;
    }
    const char *last = strrchr(path, '/');
    int has_ext = last && strchr(last, '.') != NULL;
    if (!has_ext) path = "/index.html";
    snprintf(tl_static_path, sizeof tl_static_path, "%s%s", cfg.web_root, path);
    if (access(tl_static_path, R_OK) != 0) {
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy.");
        return;
    }
    out->status = 200;
    out->file_path = tl_static_path;
    out->content_type = mime_of(tl_static_path);
}

static int is_state_changing(const char *m)
{
    return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

static void dispatch(struct ctx *c, struct req *r, struct resp *out)
{
    if (c->bad_request) { resp_error(out, 400, c->bad_code, NULL, c->bad_msg); return; }
    if (c->too_big) {
        resp_error(out, 413, "body_too_large", NULL, "Nội dung yêu cầu vượt quá giới hạn cho phép.");
        return;
    }
    if (!c->route && cfg.web_root && !strcmp(r->method, "GET") && strncmp(r->path, "/api/", 5) != 0) {
        serve_static(r->path, out);
        return;
    }
    if (!c->route) {
        if (c->path_matched) resp_error(out, 405, "method_not_allowed", NULL, "Phương thức không được hỗ trợ.");
        else resp_error(out, 404, "not_found", NULL, "Không tìm thấy.");
        return;
    }
    r->db = thread_db();
    if (!r->db) { resp_error(out, 503, "db_unavailable", NULL, "Không mở được cơ sở dữ liệu."); return; }
    memcpy(r->params, c->params, sizeof r->params);
    memcpy(r->sparams, c->sparams, sizeof r->sparams);

    int reading = !strcmp(r->method, "GET");
    if (reading) db_read_begin(r->db);
    int own_session = (c->route->flags & ROUTE_OWN_SESSION) != 0;
    const char *cookie = own_session ? NULL
                                     : MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
                                                                   cfg.secure_cookies ? "__Host-canbo_session" : "canbo_session");
    if (cookie && strlen(cookie) == AUTH_TOKEN_LEN && auth_session(r->db, cookie, &r->user, r->csrf) == 0) {
        r->authed = 1;
        memcpy(r->token, cookie, AUTH_TOKEN_LEN + 1);
    }
    if (!(c->route->flags & (ROUTE_PUBLIC | ROUTE_OWN_SESSION)) && !r->authed) {
        resp_error(out, 401, "unauthenticated", NULL, "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập.");
        return;
    }
    if (is_state_changing(r->method)) {
        if (r->authed) {
            const char *t = req_header(r, "X-CSRF-Token");
            if (!t || strlen(t) != AUTH_TOKEN_LEN || sodium_memcmp(t, r->csrf, AUTH_TOKEN_LEN) != 0) {
                resp_error(out, 403, "csrf_failed", NULL, "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF).");
                return;
            }
        } else {
            /* Unauthenticated state changes (login) and routes with their own
             * session (which check their own CSRF header): only same-origin. */
            const char *origin = req_header(r, "Origin"), *host = req_header(r, "Host");
            if (origin && host) {
                const char *o = strstr(origin, "://");
                if (!o || strcmp(o + 3, host) != 0) {
                    resp_error(out, 403, "bad_origin", NULL, "Yêu cầu đến từ nguồn không được phép.");
                    return;
                }
            }
        }
        if (r->body_len > 0 && !(c->route->flags & ROUTE_RAW_BODY)) {
            const char *ct = req_header(r, "Content-Type");
            if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
                resp_error(out, 415, "unsupported_media_type", NULL, "Nội dung phải có kiểu application/json.");
                return;
            }
        }
    }
    c->route->fn(r, out);
    if (!out->status) resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct resp *out)
{
    struct MHD_Response *m;
    if (out->file_path) {
        FILE *f = fopen(out->file_path, "rb");
        if (!f) {
            resp_error(out, 404, "not_found", NULL, "Không tìm thấy.");
            out->file_path = NULL;
            return send_resp(conn, out);
        }
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        int fd = dup(fileno(f));
        fclose(f);
        m = MHD_create_response_from_fd((uint64_t)sz, fd);
    } else {
        m = MHD_create_response_from_buffer(out->len, out->body ? out->body : (void *)"", 
                                            out->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        out->body = NULL;
    }
    if (!m) return MHD_NO;
    MHD_add_response_header(m, "Content-Type", out->content_type ? out->content_type : "application/json; charset=utf-8");
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Referrer-Policy", "same-origin");
    if (!out->file_path) MHD_add_response_header(m, "Cache-Control", "no-store");
    MHD_add_response_header(m, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
    if (out->set_cookie[0]) MHD_add_response_header(m, "Set-Cookie", out->set_cookie);
    for (int i = 0; i < 2; i++) {
        char *colon = strchr(out->extra_header[i], ':');
        if (!colon) continue;
        *colon = 0;
        MHD_add_response_header(m, out->extra_header[i], colon + 2);
    }
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)out->status, m);
    MHD_destroy_response(m);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct ctx *c = *con_cls;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c) return MHD_NO;
        *con_cls = c;
        find_route(c, method, url);
        c->limit = c->route && (c->route->flags & ROUTE_BIG_BODY) ? HTTP_MAX_BIG_BODY : HTTP_MAX_BODY;
        struct hdr_count h = {0, 0};
        MHD_get_connection_values(conn, MHD_HEADER_KIND, count_headers, &h);
        if (h.content_length > 1) {
            /* libmicrohttpd 0.9.75 accepts two different Content-Length headers; refuse. */
            c->bad_request = 1;
            c->bad_code = "duplicate_content_length";
            c->bad_msg = "Yêu cầu có nhiều hơn một tiêu đề Content-Length.";
        } else if (h.content_length && h.transfer_encoding) {
            c->bad_request = 1;
            c->bad_code = "ambiguous_length";
            c->bad_msg = "Yêu cầu có cả Content-Length và Transfer-Encoding.";
        } else {
            const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
            if (cl && strtoull(cl, NULL, 10) > c->limit) c->too_big = 1;
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        if (!c->too_big && !c->bad_request) {
            if (c->len + n > c->limit) {
                c->too_big = 1;
                free(c->buf);
                c->buf = NULL;
                c->len = c->cap = 0;
            } else {
                if (c->len + n + 1 > c->cap) {
                    size_t nc = c->cap ? c->cap : 4096;
                    while (nc < c->len + n + 1) nc *= 2;
                    char *nb = realloc(c->buf, nc);
                    if (!nb) return MHD_NO;
                    c->buf = nb;
                    c->cap = nc;
                }
                memcpy(c->buf + c->len, upload_data, n);
                c->len += n;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct req r;
    memset(&r, 0, sizeof r);
    r.conn = conn;
    r.method = method;
    r.path = url;
    char client[INET6_ADDRSTRLEN] = "?";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, client, sizeof client);
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, client, sizeof client);
    }
    r.client = client;
    if (c->buf) c->buf[c->len] = 0;
    r.body = c->buf ? c->buf : (char *)"";
    r.body_len = c->len;
    struct resp out;
    memset(&out, 0, sizeof out);
    dispatch(c, &r, &out);
    if (r.db) db_read_end(r.db); /* whatever path dispatch returned by */
    if (r.token[0]) sodium_memzero(r.token, sizeof r.token);
    enum MHD_Result rc = send_resp(conn, &out);
    free(out.body);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct ctx *c = *con_cls;
    if (!c) return;
    if (c->buf) { sodium_memzero(c->buf, c->len); free(c->buf); }
    free(c);
    *con_cls = NULL;
}

int http_start(const struct http_config *config)
{
    cfg = *config;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg.port);
    if (inet_pton(AF_INET, cfg.host, &sa.sin_addr) != 1) {
        fprintf(stderr, "serve: bad listen address %s (IPv4 expected)\n", cfg.host);
        return -1;
    }
    /* An exam sitting keeps thousands of browsers connected: raise the open
     * files limit to its hard maximum and size the connection limit from it. */
    unsigned conn_limit = 16384;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        if (rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            setrlimit(RLIMIT_NOFILE, &rl);
            getrlimit(RLIMIT_NOFILE, &rl);
        }
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)conn_limit + 256)
            conn_limit = rl.rlim_cur > 512 ? (unsigned)(rl.rlim_cur - 256) : 256;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    daemon_h = MHD_start_daemon(flags, (uint16_t)cfg.port, NULL, NULL, on_request, NULL,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg.threads > 0 ? cfg.threads : 2),
                                MHD_OPTION_CONNECTION_LIMIT, conn_limit,
                                MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                                MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
                                MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                                MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                                MHD_OPTION_END);
    if (!daemon_h) {
        fprintf(stderr, "serve: cannot listen on %s:%d\n", cfg.host, cfg.port);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_h, MHD_DAEMON_INFO_BIND_PORT);
    return di ? (int)di->port : cfg.port;
}

int http_secure_cookies(void) { return cfg.secure_cookies; }

void http_stop(void)
{
    if (daemon_h) MHD_stop_daemon(daemon_h);
    daemon_h = NULL;
    pthread_mutex_lock(&dbs_mu);
    for (size_t i = 0; i < n_dbs; i++) db_close(all_dbs[i]);
    free(all_dbs);
    all_dbs = NULL;
    n_dbs = cap_dbs = 0;
    pthread_mutex_unlock(&dbs_mu);
}
