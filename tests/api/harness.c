/* API test harness implementation. */
#include "harness.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bin(void)
{
    const char *b = getenv("CANBO_BIN");
    return b ? b : "build/canbo";
}

static int run_capture(char *out, size_t cap, const char *stdin_text, char *const argv[], char *const envp_extra[])
{
    int inpipe[2], outpipe[2];
    if (pipe(inpipe) || pipe(outpipe)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(inpipe[0], 0);
        dup2(outpipe[1], 1);
        close(inpipe[1]);
        close(outpipe[0]);
        for (char *const *e = envp_extra; e && *e; e++) putenv(*e);
        execv(argv[0], argv);
        _exit(127);
    }
    close(inpipe[0]);
    close(outpipe[1]);
    if (stdin_text) {
        ssize_t w = write(inpipe[1], stdin_text, strlen(stdin_text));
        (void)w;
    }
    close(inpipe[1]);
    size_t used = 0;
    char tmp[4096];
    ssize_t n;
    while ((n = read(outpipe[0], tmp, sizeof tmp)) > 0) {
        if (out && used + 1 < cap) {
            size_t k = (size_t)n < cap - 1 - used ? (size_t)n : cap - 1 - used;
            memcpy(out + used, tmp, k);
            used += k;
        }
    }
    if (out && cap) out[used] = 0;
    close(outpipe[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int canbo_run(char *out, size_t cap, const char *stdin_text, const char *arg0, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)bin();
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && n < 31; a = va_arg(ap, const char *)) argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    static char envpw[] = "CANBO_ADMIN_PASSWORD=" TEST_ADMIN_PASSWORD;
    static char envupw[] = "CANBO_USER_PASSWORD=" TEST_USER_PASSWORD;
    char *env[] = {envpw, envupw, NULL};
    return run_capture(out, cap, stdin_text, argv, env);
}

static int spawn(struct server *s)
{
    int outpipe[2];
    if (pipe(outpipe)) return -1;
    s->pid = fork();
    if (s->pid < 0) return -1;
    if (s->pid == 0) {
        dup2(outpipe[1], 1);
        close(outpipe[0]);
        execl(bin(), bin(), "serve", "--db", s->db, "--listen", "127.0.0.1:0", "--threads", "2", (char *)NULL);
        _exit(127);
    }
    close(outpipe[1]);
    char buf[512];
    size_t used = 0;
    s->port = 0;
    /* Read the "listening on http://127.0.0.1:PORT" line. */
    while (used < sizeof buf - 1) {
        ssize_t n = read(outpipe[0], buf + used, sizeof buf - 1 - used);
        if (n <= 0) break;
        used += (size_t)n;
        buf[used] = 0;
        char *p = strstr(buf, "127.0.0.1:");
        if (p && strchr(p, '\n')) { s->port = atoi(p + 10); break; }
    }
    /* Keep draining stdout in the background so the server never blocks. */
    if (fork() == 0) {
        char tmp[1024];
        while (read(outpipe[0], tmp, sizeof tmp) > 0) {}
        _exit(0);
    }
    close(outpipe[0]);
    return s->port > 0 ? 0 : -1;
}

int server_start(struct server *s, int people)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/canbo-test-XXXXXX");
    if (!mkdtemp(s->dir)) return -1;
    snprintf(s->db, sizeof s->db, "%s/t.db", s->dir);
    if (canbo_run(NULL, 0, NULL, "init", "--db", s->db, NULL) != 0) return -1;
    if (people > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", people);
        if (canbo_run(NULL, 0, NULL, "demo", "--db", s->db, "--people", n, "--seed", "42", NULL) != 0) return -1;
    }
    return spawn(s);
}

int server_restart(struct server *s) { return spawn(s); }

void server_stop(struct server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
    if (s->dir[0] && !getenv("CANBO_KEEP_TEST_DB")) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
        int rc = system(cmd);
        (void)rc;
    }
}

void server_kill9(struct server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

int db_sql(struct server *s, const char *sql)
{
    sqlite3 *h;
    if (sqlite3_open(s->db, &h) != SQLITE_OK) return -1;
    sqlite3_busy_timeout(h, 5000);
    int rc = sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    sqlite3_close(h);
    return rc;
}

int make_user(struct server *s, const char *username, const char *role, long long unit, long long person)
{
    char u[24], p[24];
    snprintf(u, sizeof u, "%lld", unit);
    snprintf(p, sizeof p, "%lld", person);
    if (unit > 0 && person > 0)
        return canbo_run(NULL, 0, NULL, "user", "add", "--db", s->db, "--username", username, "--role", role, "--unit", u, "--person", p, NULL) == 0 ? 0 : -1;
    if (unit > 0)
        return canbo_run(NULL, 0, NULL, "user", "add", "--db", s->db, "--username", username, "--role", role, "--unit", u, NULL) == 0 ? 0 : -1;
    if (person > 0)
        return canbo_run(NULL, 0, NULL, "user", "add", "--db", s->db, "--username", username, "--role", role, "--person", p, NULL) == 0 ? 0 : -1;
    return canbo_run(NULL, 0, NULL, "user", "add", "--db", s->db, "--username", username, "--role", role, NULL) == 0 ? 0 : -1;
}

void client_init(struct client *c, struct server *s)
{
    memset(c, 0, sizeof *c);
    c->srv = s;
}

void client_free(struct client *c)
{
    json_decref(c->json);
    free(c->body);
    c->json = NULL;
    c->body = NULL;
}

struct buf { char *p; size_t n; };

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct buf *b = ud;
    size_t k = size * nmemb;
    char *np = realloc(b->p, b->n + k + 1);
    if (!np) return 0;
    b->p = np;
    memcpy(b->p + b->n, ptr, k);
    b->n += k;
    b->p[b->n] = 0;
    return k;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct client *c = ud;
    size_t k = size * nmemb;
    if (k > 12 && !strncasecmp(ptr, "Set-Cookie: ", 12)) {
        size_t keep = k - 12 < sizeof c->set_cookie - 1 ? k - 12 : sizeof c->set_cookie - 1;
        memcpy(c->set_cookie, ptr + 12, keep);
        c->set_cookie[keep] = 0;
        const char *v = ptr + 12;
        const char *eq = strchr(v, '='), *semi = strchr(v, ';');
        if (eq && semi && semi > eq) {
            size_t n = (size_t)(semi - v);
            if (n < sizeof c->cookie) {
                memcpy(c->cookie, v, n);
                c->cookie[n] = 0;
                if (semi == eq + 1) c->cookie[0] = 0; /* cleared */
            }
        }
    }
    return k;
}

int client_req_h(struct client *c, const char *method, const char *path, const char *body, const char *const *headers)
{
    client_free(c);
    CURL *h = curl_easy_init();
    if (!h) return 0;
    char url[1024];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", c->srv->port, path);
    struct curl_slist *hl = NULL;
    char hdr[256];
    if (c->csrf[0]) {
        snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, hdr);
    }
    int own_ct = 0;
    for (const char *const *x = headers; x && *x; x++) {
        hl = curl_slist_append(hl, *x);
        if (!strncasecmp(*x, "Content-Type:", 13)) own_ct = 1;
    }
    if (body && !own_ct) hl = curl_slist_append(hl, "Content-Type: application/json");
    struct buf b = {NULL, 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (c->cookie[0]) curl_easy_setopt(h, CURLOPT_COOKIE, c->cookie);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    c->status = (int)status;
    c->body = b.p;
    c->body_len = b.n;
    if (b.p) c->json = json_loadb(b.p, b.n, 0, NULL);
    return c->status;
}

int client_req(struct client *c, const char *method, const char *path, const char *body)
{
    return client_req_h(c, method, path, body, NULL);
}

int client_reqf(struct client *c, const char *method, const char *body, const char *fmt, ...)
{
    char path[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    return client_req(c, method, path, body);
}

int client_login(struct client *c, const char *username, const char *password)
{
    c->csrf[0] = 0;
    c->cookie[0] = 0;
    json_t *b = json_pack("{s:s,s:s}", "username", username, "password", password);
    char *s = json_dumps(b, 0);
    json_decref(b);
    int st = client_req(c, "POST", "/api/v1/auth/login", s);
    free(s);
    const char *t = jstr(c, "csrf_token");
    if (st == 200 && t) snprintf(c->csrf, sizeof c->csrf, "%s", t);
    return st;
}

json_t *jget(struct client *c, const char *path)
{
    json_t *cur = c->json;
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *save = NULL, *tok = strtok_r(tmp, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save)) {
        if (json_is_array(cur)) cur = json_array_get(cur, (size_t)atoi(tok));
        else cur = json_object_get(cur, tok);
    }
    return cur;
}

const char *jstr(struct client *c, const char *path) { return json_string_value(jget(c, path)); }
long long jint(struct client *c, const char *path) { return (long long)json_integer_value(jget(c, path)); }
const char *jerr(struct client *c)
{
    const char *s = jstr(c, "error.code");
    return s ? s : "";
}

int raw_http(struct server *s, const char *request, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)s->port);
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) { close(fd); return 0; }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, request + off, len - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 12) return 0;
    buf[n] = 0;
    return atoi(buf + 9);
}
