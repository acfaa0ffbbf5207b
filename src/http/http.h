/* Transport: libmicrohttpd server, router, request/response helpers, JSON,
 * sessions, CSRF and limits. Handlers in api/ see only struct req/resp. */
#ifndef CANBO_HTTP_HTTP_H
#define CANBO_HTTP_HTTP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/auth.h"
#include "db/db.h"

struct MHD_Connection;

#define HTTP_MAX_PARAMS 4

struct req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;               /* without the query string */
    const char *client;             /* client address text */
    char *body;                     /* NUL-terminated request body (may be empty) */
    size_t body_len;
    db *db;                         /* this worker thread's connection */
    int authed;
    struct user user;
    char token[AUTH_TOKEN_LEN + 1];
    char csrf[AUTH_TOKEN_LEN + 1];
    int64_t params[HTTP_MAX_PARAMS];/* numeric path parameters (":id") in order */
    const char *sparams[HTTP_MAX_PARAMS]; /* textual path parameters (":name") */
};

struct resp {
    int status;
    char *body;                     /* malloc'd */
    size_t len;
    const char *content_type;
    char set_cookie[256];
    char extra_header[2][160];      /* "Name: value" */
    const char *file_path;          /* serve this file instead of body */
};

/* Route flags */
enum { ROUTE_PUBLIC = 1,            /* no session needed */
       ROUTE_BIG_BODY = 2,          /* accepts up to HTTP_MAX_BIG_BODY */
       ROUTE_RAW_BODY = 4,          /* body is not JSON (file upload); handler checks its type */
       ROUTE_OWN_SESSION = 8 };     /* the handler authenticates with a session of its own (exam
                                       candidates): the user session is neither read nor required,
                                       and state changes get the same-origin check, not the user CSRF */

#define HTTP_MAX_BODY (1u << 20)
#define HTTP_MAX_BIG_BODY (128u << 20)

typedef void (*handler_fn)(struct req *r, struct resp *out);

struct route {
    const char *method;
    const char *pattern;            /* "/api/v1/people/:id/training/:id" ; ":name" = text */
    handler_fn fn;
    int flags;
};

struct http_config {
    const char *db_path;
    const char *host;
    int port;                       /* 0 = any free port */
    int threads;
    int secure_cookies;             /* behind TLS: __Host- prefix and Secure */
    const char *web_root;           /* static files, or NULL */
};

/* 1 when the server runs behind TLS (--secure-cookies): cookies of handlers
 * get the __Host- prefix and Secure, like the user session's. */
int http_secure_cookies(void);

/* Registers a NULL-terminated route table (api/ calls this at start-up). */
void http_add_routes(const struct route *routes);
/* Starts the server; returns the port actually bound, or -1. */
int http_start(const struct http_config *cfg);
void http_stop(void);

/* Response helpers (they take ownership of json). */
void resp_json(struct resp *out, int status, json_t *json);
/* JSON problem body: {"error":{"code":code,"field":field,"message":msg}}. */
void resp_error(struct resp *out, int status, const char *code, const char *field, const char *message);
void resp_text(struct resp *out, int status, const char *ctype, const char *text, size_t len);

/* Request helpers. */
const char *req_query(struct req *r, const char *name);
const char *req_header(struct req *r, const char *name);
/* Parses the body as a JSON object (duplicates rejected). On failure writes
 * a 400 to out and returns NULL. Caller owns the result. */
json_t *req_json_object(struct req *r, struct resp *out);
/* Sets the session cookie (login) or clears it (token NULL). */
void resp_session_cookie(struct resp *out, const char *token);

#endif
