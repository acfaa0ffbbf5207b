/* API test harness: a live `canbo serve` on loopback over a fresh database,
 * and a small libcurl client that keeps a session cookie and CSRF token. */
#ifndef CANBO_TESTS_HARNESS_H
#define CANBO_TESTS_HARNESS_H
#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#define TEST_ADMIN_PASSWORD "admin-Secret-123"
#define TEST_USER_PASSWORD "user-Secret-123"

struct server {
    char dir[256];        /* temp dir holding the db */
    char db[300];
    pid_t pid;
    int port;
};

/* Creates a db (init, optional demo with `people` people when > 0) and starts
 * the server. 0 / -1. */
int server_start(struct server *s, int people);
void server_stop(struct server *s);
/* Kills the server with SIGKILL and waits for it. */
void server_kill9(struct server *s);
/* Restarts a stopped server on the same db. */
int server_restart(struct server *s);
/* Runs `canbo ARGS...` (NULL-terminated) with the db path available; returns
 * the exit status; stdout captured into out (may be NULL). */
int canbo_run(char *out, size_t cap, const char *stdin_text, const char *arg0, ...);
/* Runs a SQL statement on the server's db with the sqlite3 API. 0 / -1. */
int db_sql(struct server *s, const char *sql);
/* Creates a user directly through the CLI. 0 / -1. */
int make_user(struct server *s, const char *username, const char *role, long long unit, long long person);

struct client {
    struct server *srv;
    char cookie[128];
    char csrf[64];
    int status;
    json_t *json;         /* last response body, parsed (or NULL) */
    char *body;           /* last response body, raw */
    char set_cookie[256]; /* last Set-Cookie header line (full) */
    size_t body_len;
};

void client_init(struct client *c, struct server *s);
void client_free(struct client *c);
/* Logs in; returns the HTTP status. */
int client_login(struct client *c, const char *username, const char *password);
/* Performs a request; body may be NULL. Returns the HTTP status.
 * Adds the CSRF header and cookie automatically. */
int client_req(struct client *c, const char *method, const char *path, const char *body);
/* Same with raw extra headers (NULL-terminated list of "Name: value"). */
int client_req_h(struct client *c, const char *method, const char *path, const char *body, const char *const *headers);
/* printf-style path helper. */
int client_reqf(struct client *c, const char *method, const char *body, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Member lookup in the last JSON body: "a.b.0.c". */
json_t *jget(struct client *c, const char *path);
const char *jstr(struct client *c, const char *path);
long long jint(struct client *c, const char *path);
/* The stable error code of the last response, or "". */
const char *jerr(struct client *c);

/* Sends raw bytes over TCP and returns the status code of the reply (0 on error). */
int raw_http(struct server *s, const char *request, size_t len);

#endif
